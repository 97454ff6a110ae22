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

from nnguide._validation import check_positive_int

LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def check_optimizer_holds(model: nn.Module, optimizer: torch.optim.Optimizer) -> None:
    """Check that ``optimizer`` updates at least one of ``model``'s trainable parameters."""
    trainable = {id(p) for p in model.parameters() if p.requires_grad}
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not trainable & held:
        msg = (
            "optimizer updates none of the model's trainable parameters, so training would change "
            "nothing: create it from this model, e.g. torch.optim.Adam(model.parameters(), lr=1e-3)."
        )
        raise ValueError(msg)


def check_prediction(prediction: torch.Tensor, target: torch.Tensor) -> None:
    """Check that a model's output and the targets have shapes a loss compares element by element.

    Integer targets are class indices: the output needs one score per class, ``(n, n_classes)``
    with at least two classes, and the targets shape ``(n,)``. Floating-point targets are values:
    they need the output's own shape, or the loss would broadcast ``(n, 1)`` against ``(n,)`` into
    an ``(n, n)`` comparison. Only shapes are read, so on a GPU nothing waits for the device.
    """
    if target.is_floating_point():
        if prediction.shape != target.shape:
            msg = (
                f"the model outputs shape {tuple(prediction.shape)} but the targets have shape "
                f"{tuple(target.shape)}: give them the same shape, e.g. y.reshape"
                f"{tuple(prediction.shape)}, or the loss compares every output with every target."
            )
            raise ValueError(msg)
        return
    check_class_scores(prediction, target)


def check_class_scores(scores: torch.Tensor, target: torch.Tensor) -> None:
    """Check a classifier's scores ``(n, n_classes)`` against class indices ``(n,)`` (shapes only)."""
    if target.is_floating_point() or target.dtype == torch.bool:
        msg = (
            f"the targets have dtype {target.dtype}, but a classifier's targets are class indices: "
            "convert them with y.long()."
        )
        raise TypeError(msg)
    if scores.ndim != 2 or scores.shape[1] < 2:
        msg = (
            f"the model outputs shape {tuple(scores.shape)}, but class indices need one score per "
            "class, shape (batch, n_classes) with n_classes >= 2: a one-output model's argmax is "
            "always class 0."
        )
        raise ValueError(msg)
    if target.ndim != 1 or target.shape[0] != scores.shape[0]:
        msg = (
            f"the targets have shape {tuple(target.shape)}, but class indices for "
            f"{scores.shape[0]} samples have shape ({scores.shape[0]},): "
            "flatten them with y.reshape(-1)."
        )
        raise ValueError(msg)


def check_full_batch(X: torch.Tensor, y: torch.Tensor) -> None:
    """Check a whole training set: one target per sample, at least one sample, finite values."""
    if X.shape[0] != y.shape[0]:
        msg = (
            f"X has {X.shape[0]} rows but y has {y.shape[0]}: they must have one target per sample."
        )
        raise ValueError(msg)
    if X.shape[0] == 0:
        msg = "X and y hold no samples: pass at least one row."
        raise ValueError(msg)
    for name, tensor in (("X", X), ("y", y)):
        if tensor.is_floating_point() and not torch.isfinite(tensor).all():  # once, not per step
            msg = f"{name} holds NaN or infinite values, which would turn every weight into NaN."
            raise ValueError(msg)


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
        Inputs and targets, with the same number of rows.
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
    check_positive_int(epochs, name="epochs")
    check_full_batch(X, y)
    check_optimizer_holds(model, optimizer)
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
        Inputs and targets, same number of rows, on the same device.
    batch_size
        Rows per batch; the last batch may be smaller.
    shuffle
        Draw a new order every epoch.
    seed
        Seed of the shuffling, so that a run can be repeated exactly.

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
        if X.shape[0] != y.shape[0]:
            msg = f"X has {X.shape[0]} rows but y has {y.shape[0]}: they must have one target per sample."
            raise ValueError(msg)
        if X.device != y.device:
            msg = f"X is on {X.device} but y is on {y.device}: move both to the same device."
            raise ValueError(msg)
        self.X, self.y = X, y
        self.batch_size = check_positive_int(batch_size, name="batch_size")
        self.shuffle = shuffle
        self.generator = torch.Generator().manual_seed(seed)

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

    The running totals stay tensors on the model's device: calling ``.item()`` on every batch would
    make the CPU wait for the GPU each time.
    """
    check_optimizer_holds(model, optimizer)
    model.train()  # dropout on
    total_loss = torch.zeros(())
    correct = torch.zeros((), dtype=torch.long)
    seen = 0
    for data, target in batches:
        optimizer.zero_grad()
        output = model(data)  # forward pass: (batch, 10) logits
        check_class_scores(output, target)  # shapes only: costs nothing
        loss = loss_fn(output, target)
        loss.backward()  # backpropagation
        optimizer.step()  # update the weights
        total_loss = total_loss.to(loss.device) + loss.detach() * len(target)
        correct = correct.to(output.device) + (output.argmax(dim=1) == target).sum()
        seen += len(target)
    if seen == 0:
        msg = "batches yielded nothing: the data set is empty."
        raise ValueError(msg)
    return total_loss.item() / seen, correct.item() / seen


@torch.no_grad()
def evaluate(model: nn.Module, batches: Batches) -> float:
    """Return the accuracy of ``model`` on ``batches``, in evaluation mode (dropout off)."""
    model.eval()  # dropout off
    correct = torch.zeros((), dtype=torch.long)
    seen = 0
    for data, target in batches:
        output = model(data)
        check_class_scores(output, target)  # shapes only: costs nothing
        prediction = output.argmax(dim=1)  # the most likely digit
        correct = correct.to(prediction.device) + (prediction == target).sum()
        seen += len(target)
    if seen == 0:
        msg = "batches yielded nothing: the data set is empty."
        raise ValueError(msg)
    return correct.item() / seen
