"""The training loop: forward pass, loss, backward pass, gradient-descent step, repeated.

Every optimizer-based chapter trains with the same five lines::

    prediction = model(X)            # forward pass
    loss = loss_fn(prediction, y)    # how wrong the model is
    optimizer.zero_grad()            # forget the previous step's gradients
    loss.backward()                  # backpropagation: ∂loss/∂θ for every parameter θ
    optimizer.step()                 # gradient descent: θ ← θ − η ∂loss/∂θ (Adam: a smarter step)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import torch
from torch import nn

from nnguide._validation import (
    STEPS,
    check_bool,
    check_class_labels,
    check_class_scores,
    check_finite_outputs,
    check_full_batch,
    check_mean_loss,
    check_module,
    check_optimizer_holds,
    check_positive_int,
    check_prediction,
    check_rows,
    check_scalar_loss,
    check_seed,
    check_tensor,
    checked_batches,
    class_label_range,
    count_nonfinite_rows,
    read_totals,
)

LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def fit_full_batch(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    loss_fn: LossFunction,
    optimizer: torch.optim.Optimizer,
    epochs: int,
) -> list[float]:
    """Train ``model`` on all of ``(X, y)`` at once for ``epochs`` steps; return the loss per step.

    Parameters
    ----------
    model
        The network; its parameters must be the ones ``optimizer`` updates.
    X, y
        Inputs (floating point, in the model's dtype) and targets, with the same number of rows,
        on the model's device.
    loss_fn
        For example ``torch.nn.MSELoss()``.
    optimizer
        For example ``torch.optim.Adam(model.parameters(), lr=0.1)``.
    epochs
        How many steps to take.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> model = nn.Linear(1, 1)
    >>> X = torch.tensor([[0.0], [1.0], [2.0]])
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
    >>> losses = fit_full_batch(model, X, 2 * X + 1, loss_fn=nn.MSELoss(), optimizer=opt, epochs=200)
    >>> losses[-1] < 1e-3 < losses[0]
    True
    """
    check_positive_int(epochs, name="epochs", limit=STEPS)
    check_optimizer_holds(model, optimizer)
    X, y = check_full_batch(X, y, model=model)
    model.train()
    losses = []
    for epoch in range(epochs):
        prediction = model(X)  # forward pass
        if epoch == 0:
            check_prediction(prediction, y)
        loss = loss_fn(prediction, y)  # how wrong the model is
        optimizer.zero_grad()  # forget the previous step's gradients
        loss.backward()  # backpropagation
        optimizer.step()  # one step of gradient descent
        losses.append(loss.item())
    return losses


Batches = Iterable[tuple[torch.Tensor, torch.Tensor]]
"""Anything that yields ``(inputs, targets)`` mini-batches, such as a ``DataLoader`` or :class:`TensorBatches`."""


class TensorBatches:
    """Mini-batches sliced from tensors that are already in memory, or already on the GPU.

    A ``DataLoader`` over a torchvision data set decodes, converts and normalises every image on
    every epoch, one sample at a time, then stacks them. Here the whole data set is one tensor,
    prepared once: an epoch draws one random order, and each batch gathers its rows from memory.

    Parameters
    ----------
    X, y
        Inputs and targets, same number of rows (at least one), on the same device.
    batch_size
        Rows per batch; the last batch may be smaller.
    shuffle
        Draw a new order every epoch.
    seed
        Seed of the shuffling, so that a run can be repeated exactly.

    Attributes
    ----------
    label_range
        The smallest and the largest target when ``y`` holds class indices (integers), else
        ``None``: read once, here, so that training and evaluation check the labels against the
        model's classes without reading them again.

    Examples
    --------
    >>> batches = TensorBatches(torch.arange(10.0).unsqueeze(1), torch.arange(10), batch_size=4)
    >>> len(batches), [len(y) for _, y in batches]
    (3, [4, 4, 2])
    """

    def __init__(
        self,
        X: torch.Tensor,
        y: torch.Tensor,
        *,
        batch_size: int,
        shuffle: bool = False,
        seed: int = 0,
    ) -> None:
        X = check_tensor(X, name="X", kind="real")
        y = check_tensor(y, name="y", kind="real")
        check_rows(X, y)
        if X.device != y.device:
            msg = f"X is on {X.device} but y is on {y.device}: move both to the same device."
            raise ValueError(msg)
        self.X, self.y = X, y
        self.batch_size = check_positive_int(batch_size, name="batch_size")
        self.shuffle = check_bool(shuffle, name="shuffle")
        self.generator = torch.Generator().manual_seed(check_seed(seed))
        self.label_range = None if y.is_floating_point() else class_label_range(y)

    def __len__(self) -> int:
        return (self.X.shape[0] + self.batch_size - 1) // self.batch_size

    def order(self) -> torch.Tensor:
        """Return the order of the rows for the next epoch, on the data's device.

        A new permutation drawn from the seeded generator when shuffling, else the stored order.

        >>> TensorBatches(torch.zeros(4, 1), torch.zeros(4), batch_size=2).order()
        tensor([0, 1, 2, 3])
        """
        n = self.X.shape[0]
        if not self.shuffle:
            return torch.arange(n, device=self.X.device)
        return torch.randperm(n, generator=self.generator).to(self.X.device)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        X, y = self.X, self.y
        order = self.order() if self.shuffle else None
        for start in range(0, X.shape[0], self.batch_size):
            stop = start + self.batch_size
            if order is None:
                yield X[start:stop], y[start:stop]  # views: no copy
            else:  # this batch's rows only: cheaper than reordering the whole set at once
                rows = order[start:stop]
                yield X.index_select(0, rows), y.index_select(0, rows)


def train_epoch(
    model: nn.Module, batches: Batches, *, loss_fn: LossFunction, optimizer: torch.optim.Optimizer
) -> tuple[float, float]:
    """Train for one pass over ``batches``; return the mean loss and the accuracy on them.

    ``loss_fn`` returns the mean loss of a batch (``reduction="mean"``, PyTorch's default). The
    targets are class indices from 0, one per score the model outputs: a :class:`TensorBatches`
    read its labels once, when it was made; other batches' labels are read batch by batch (on a
    GPU, each read waits for the device).

    The running totals stay tensors on the model's device: calling ``.item()`` on every batch would
    make the CPU wait for the GPU each time. They are read once, at the end, and an accuracy is
    refused if the model's outputs held NaN or infinity.
    """
    check_optimizer_holds(model, optimizer)
    check_mean_loss(loss_fn)
    known_labels = batches.label_range if isinstance(batches, TensorBatches) else None
    model.train()  # dropout on
    total_loss = torch.zeros(())
    correct = torch.zeros((), dtype=torch.long)
    nonfinite = torch.zeros((), dtype=torch.long)
    seen = 0
    for data, target in checked_batches(batches, model=model):
        optimizer.zero_grad()
        output = model(data)  # forward pass: (batch, 10) logits
        check_class_scores(output, target)  # shapes only: costs nothing
        check_class_labels(known_labels or class_label_range(target), n_classes=output.shape[1])
        loss = loss_fn(output, target)
        check_scalar_loss(loss)  # its shape only
        loss.backward()  # backpropagation
        optimizer.step()  # update the weights
        total_loss = total_loss.to(loss.device) + loss.detach() * len(target)
        correct = correct.to(output.device) + (output.argmax(dim=1) == target).sum()
        nonfinite = nonfinite.to(output.device) + count_nonfinite_rows(output)
        seen += len(target)
    loss_sum, correct_count, nonfinite_count = read_totals(total_loss, correct, nonfinite)
    check_finite_outputs(int(nonfinite_count), seen=seen)
    return loss_sum / seen, correct_count / seen


@torch.no_grad()
def evaluate(model: nn.Module, batches: Batches) -> float:
    """Return the accuracy of ``model`` on ``batches``, in evaluation mode (dropout off).

    The targets are class indices from 0, one per score the model outputs, checked as
    :func:`train_epoch` checks them; an accuracy is refused if the outputs held NaN or infinity.
    """
    model = check_module(model)
    known_labels = batches.label_range if isinstance(batches, TensorBatches) else None
    model.eval()  # dropout off
    correct = torch.zeros((), dtype=torch.long)
    nonfinite = torch.zeros((), dtype=torch.long)
    seen = 0
    for data, target in checked_batches(batches, model=model):
        output = model(data)
        check_class_scores(output, target)  # shapes only: costs nothing
        check_class_labels(known_labels or class_label_range(target), n_classes=output.shape[1])
        prediction = output.argmax(dim=1)  # the most likely digit
        correct = correct.to(prediction.device) + (prediction == target).sum()
        nonfinite = nonfinite.to(output.device) + count_nonfinite_rows(output)
        seen += len(target)
    correct_count, nonfinite_count = read_totals(correct, nonfinite)
    check_finite_outputs(int(nonfinite_count), seen=seen)
    return correct_count / seen
