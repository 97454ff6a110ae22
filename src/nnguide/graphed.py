"""A training epoch without Python overhead: the whole step captured once as a CUDA graph.

At batch 64, an MNIST epoch is 938 small steps. Launched one kernel at a time from Python, each
step costs more in launches than the GPU spends computing. :class:`GraphedTrainer` records the
whole step (gather the batch, forward pass, loss, backward pass, optimizer step, running loss and
accuracy) once as a CUDA graph and then replays it: one launch per step, and the running totals
stay on the GPU until the epoch ends. Dropout still draws a new mask on every replay (PyTorch's
graph-safe random numbers), and a run repeats exactly from its seed.

An epoch with ``n`` samples has ``n // batch_size`` full batches and, when ``batch_size`` does not
divide ``n``, a last, smaller one; each size gets its own graph, so every sample is trained on.

The batches come from a :class:`nnguide.training.TensorBatches`, whose seeded generator orders
each epoch. On a CPU there is nothing to capture: the same step runs eagerly and gives exactly what
:func:`nnguide.training.train_epoch` gives over those batches.
"""

from __future__ import annotations

import torch

from nnguide._validation import (
    check_class_labels,
    check_class_scores,
    check_finite_outputs,
    check_instance,
    check_mean_loss,
    check_model_input,
    check_optimizer_holds,
    check_positive_int,
    check_scalar_loss,
    count_nonfinite_rows,
    first_weight,
    read_totals,
)
from nnguide.training import LossFunction, TensorBatches

WARMUP_STEPS = 3
"""Eager steps before capture, on a side stream, as PyTorch's CUDA graph notes require. They are
undone afterwards: the parameters and any optimizer state from before are restored, and the state
the warm-up created is zeroed, which is what a fresh Adam starts from (zero moments, step 0)."""


def batch_sizes(n_samples: int, batch_size: int) -> list[int]:
    """Return the sizes of an epoch's batches: the full size, then the remainder if any.

    >>> batch_sizes(60_000, 64)
    [64, 32]
    >>> batch_sizes(10, 5)
    [5]
    """
    check_positive_int(n_samples, name="n_samples")
    check_positive_int(batch_size, name="batch_size")
    full = min(batch_size, n_samples)
    tail = n_samples % batch_size if n_samples > batch_size else 0
    return [full, tail] if tail else [full]


def check_capturable(optimizer: torch.optim.Optimizer) -> None:
    """Refuse an optimizer whose step cannot be recorded in a CUDA graph."""
    if not all(group.get("capturable", False) for group in optimizer.param_groups):
        msg = (
            f"{type(optimizer).__name__} cannot be captured in a CUDA graph: create it with "
            "capturable=True, e.g. torch.optim.Adam(model.parameters(), lr=1e-3, capturable=True)."
        )
        raise ValueError(msg)


class GraphedTrainer:
    """Train a classifier on preloaded batches, one CUDA graph replay per step on a GPU.

    Parameters
    ----------
    model
        The classifier, on the batches' device; it outputs ``(n, n_classes)`` scores.
    batches
        The training set, its batch size and its seeded order; the last batch may be smaller. Its
        targets are class indices from 0, one per score the model outputs.
    optimizer
        Holds the model's parameters. On a GPU it must be capturable (``torch.optim.Adam(...,
        capturable=True)``). Its learning rates are read at the start of every epoch, so an epoch
        schedule such as ``CosineAnnealingLR`` reaches the graph.
    loss_fn
        Maps ``(scores, targets)`` to a scalar mean loss, such as ``nn.CrossEntropyLoss()``
        (``reduction="mean"``).

    Examples
    --------
    >>> torch.manual_seed(0)
    <torch._C.Generator object at ...>
    >>> batches = TensorBatches(torch.randn(10, 4), torch.arange(10) % 2, batch_size=4, shuffle=True)
    >>> model = torch.nn.Linear(4, 2)
    >>> optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    >>> trainer = GraphedTrainer(model, batches, optimizer=optimizer,
    ...                          loss_fn=torch.nn.CrossEntropyLoss())
    >>> trainer.graphed, trainer.sizes
    (False, [4, 2])
    >>> loss, accuracy = trainer.train_epoch()
    """

    def __init__(
        self,
        model: torch.nn.Module,
        batches: TensorBatches,
        *,
        optimizer: torch.optim.Optimizer,
        loss_fn: LossFunction,
    ) -> None:
        check_optimizer_holds(model, optimizer)
        check_mean_loss(loss_fn)
        batches = check_instance(
            batches,
            TensorBatches,
            name="batches",
            called="nnguide.training.TensorBatches",
            fix="the graphs gather each batch from tensors in memory, so wrap them, e.g. "
            "TensorBatches(X, y, batch_size=64, shuffle=True)",
        )
        X, y = batches.X, batches.y
        elsewhere = sorted({str(p.device) for p in model.parameters() if p.device != X.device})
        if elsewhere:
            msg = (
                f"the model's parameters are on {', '.join(elsewhere)} but the batches on "
                f"{X.device}: move the model with model.to({str(X.device)!r}) first."
            )
            raise ValueError(msg)
        check_model_input(X, name="batches.X", like=first_weight(model))
        self.model, self.batches = model, batches
        self.optimizer, self.loss_fn = optimizer, loss_fn
        self.sizes = batch_sizes(X.shape[0], batches.batch_size)
        # the step's inputs and outputs live at fixed addresses, which the graphs read and write
        self.rows = {
            size: torch.zeros(size, dtype=torch.long, device=X.device) for size in self.sizes
        }
        self.loss_sum = torch.zeros((), device=X.device)
        self.correct = torch.zeros((), dtype=torch.long, device=X.device)
        self.nonfinite = torch.zeros((), dtype=torch.long, device=X.device)  # samples, NaN outputs
        self.learning_rates: list[torch.Tensor] = []  # on a GPU: the rates the graphs read
        self.graphs: dict[int, torch.cuda.CUDAGraph] = {}
        with torch.no_grad():  # the shapes, checked once; eval mode: no dropout draws a number
            model.eval()
            scores = model(X[:1])
            check_class_scores(scores, y[:1])
        if batches.label_range is not None:  # None only for floating-point targets, refused above
            check_class_labels(batches.label_range, n_classes=scores.shape[1])
        self.graphed = X.device.type == "cuda"
        if self.graphed:
            check_capturable(optimizer)
            self._capture()

    def _step(self, rows: torch.Tensor) -> None:
        """One training step on the samples ``rows``; the graphs record exactly this."""
        data, target = self.batches.X[rows], self.batches.y[rows]  # gather: (batch, ...), (batch,)
        self.optimizer.zero_grad(set_to_none=False)  # the gradients keep their addresses
        output = self.model(data)  # forward pass: (batch, n_classes)
        loss = self.loss_fn(output, target)
        check_scalar_loss(loss)  # its shape only
        loss.backward()  # backpropagation
        self.optimizer.step()
        self.loss_sum += loss.detach() * rows.shape[0]
        self.correct += (output.argmax(dim=1) == target).sum()
        self.nonfinite += count_nonfinite_rows(output)

    def _capture(self) -> None:
        """Warm up on a side stream, capture one graph per batch size, then undo the warm-up."""
        device = self.batches.X.device
        self.model.train()
        before = {id(tensor): tensor.detach().clone() for tensor in self._state()}
        groups = self.optimizer.param_groups
        rates = [group["lr"] for group in groups]
        # A float rate would be recorded as a constant: the graphs read these tensors instead.
        self.learning_rates = [torch.tensor(float(rate), device=device) for rate in rates]
        for group, rate in zip(groups, self.learning_rates, strict=True):
            group["lr"] = rate
        for size in self.sizes:
            self.rows[size].copy_(torch.arange(size, device=device))
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(WARMUP_STEPS):
                self._step(self.rows[self.sizes[0]])  # also creates the gradients and Adam's state
        torch.cuda.current_stream().wait_stream(side)
        pool = None
        for size in self.sizes:
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph, pool=pool):  # records the step; runs nothing
                self._step(self.rows[size])
            pool = graph.pool()  # the graphs share one memory pool: they never run at once
            self.graphs[size] = graph
        for group, rate in zip(groups, rates, strict=True):
            group["lr"] = rate  # the optimizer as it was, for schedulers and for saving
        with torch.no_grad():  # undo the warm-up in place: the graphs hold these addresses
            for tensor in self._state():
                saved = before.get(id(tensor))
                if saved is None:
                    tensor.zero_()
                else:
                    tensor.copy_(saved)
        self.loss_sum.zero_()
        self.correct.zero_()
        self.nonfinite.zero_()

    def _state(self) -> list[torch.Tensor]:
        """Return the tensors that training changes: parameters, then the optimizer's state."""
        params = list(self.model.parameters())
        state = [
            value
            for p in params
            for value in self.optimizer.state.get(p, {}).values()
            if isinstance(value, torch.Tensor)
        ]
        return [*params, *state]

    def train_epoch(self) -> tuple[float, float]:
        """Train on every sample once, in the batches' next order; return mean loss and accuracy.

        The totals are read once, at the end; an accuracy is refused if the model's outputs held
        NaN or infinity.
        """
        self.model.train()  # dropout on
        if self.graphed:
            for group, rate in zip(self.optimizer.param_groups, self.learning_rates, strict=True):
                rate.fill_(group["lr"])  # the rate a scheduler set since the last epoch
        order, size = self.batches.order(), self.batches.batch_size
        n = order.shape[0]
        self.loss_sum.zero_()
        self.correct.zero_()
        self.nonfinite.zero_()
        for start in range(0, n, size):
            rows = order[start : start + size]
            if self.graphed:
                self.rows[rows.shape[0]].copy_(rows)
                self.graphs[rows.shape[0]].replay()
            else:
                self._step(rows)
        loss_sum, correct, nonfinite = read_totals(self.loss_sum, self.correct, self.nonfinite)
        check_finite_outputs(int(nonfinite), seen=n)
        return loss_sum / n, correct / n
