"""A training epoch without Python overhead: the whole step captured once as a CUDA graph.

At batch 64, an MNIST epoch is 938 small steps. Launched one kernel at a time from Python, each
step costs more in launches than the GPU spends computing. :class:`GraphedTrainer` records the
whole step (gather the batch, forward pass, loss, backward pass, optimizer step, running loss and
accuracy) once as a CUDA graph and then replays it: one launch per step, and the running totals
stay on the GPU until the epoch ends. Dropout still draws a new mask on every replay (PyTorch's
graph-safe random numbers), and a run repeats exactly from its seed.

An epoch with ``n`` samples has ``n // batch_size`` full batches and, when ``batch_size`` does not
divide ``n``, a last, smaller one; each size gets its own graph, so every sample is trained on.

On a CPU there is nothing to capture: the same step runs eagerly, and gives exactly what
:func:`nnguide.training.train_epoch` gives over :class:`nnguide.training.TensorBatches` with the
same seed.
"""

from __future__ import annotations

import torch

from nnguide._validation import check_positive_int
from nnguide.training import LossFunction, check_class_scores, check_optimizer_holds

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
    """Train a classifier on tensors already on the device, one CUDA graph replay per step.

    Parameters
    ----------
    model
        The classifier; it outputs ``(n, n_classes)`` scores.
    X, y
        The whole training set on the model's device: inputs ``(n, ...)`` and class indices ``(n,)``.
    optimizer
        Holds the model's parameters. On a GPU it must be capturable (``torch.optim.Adam(...,
        capturable=True)``) and, for a learning-rate schedule to reach the graph, its learning rate a
        tensor on the device.
    loss_fn
        Maps ``(scores, targets)`` to a scalar mean loss, such as ``nn.CrossEntropyLoss()``.
    batch_size
        Samples per step; the last batch of an epoch may be smaller.
    seed
        Seed of the shuffling, as :class:`nnguide.training.TensorBatches`.

    Examples
    --------
    >>> torch.manual_seed(0)
    <torch._C.Generator object at ...>
    >>> X, y = torch.randn(10, 4), torch.arange(10) % 2
    >>> model = torch.nn.Linear(4, 2)
    >>> optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    >>> trainer = GraphedTrainer(model, X, y, optimizer=optimizer, loss_fn=torch.nn.CrossEntropyLoss(),
    ...                          batch_size=4)
    >>> trainer.graphed, trainer.sizes
    (False, [4, 2])
    >>> loss, accuracy = trainer.train_epoch()
    """

    def __init__(
        self,
        model: torch.nn.Module,
        X: torch.Tensor,
        y: torch.Tensor,
        *,
        optimizer: torch.optim.Optimizer,
        loss_fn: LossFunction,
        batch_size: int,
        seed: int = 0,
    ) -> None:
        check_optimizer_holds(model, optimizer)
        if X.shape[0] != y.shape[0] or X.device != y.device:
            msg = (
                f"X ({X.shape[0]} rows on {X.device}) and y ({y.shape[0]} rows on {y.device}) must "
                "have one target per sample, on the same device."
            )
            raise ValueError(msg)
        self.model, self.X, self.y = model, X, y
        self.optimizer, self.loss_fn = optimizer, loss_fn
        self.sizes = batch_sizes(X.shape[0], batch_size)
        self.batch_size = batch_size
        self.generator = torch.Generator().manual_seed(seed)
        # the step's inputs and outputs live at fixed addresses, which the graphs read and write
        self.rows = {
            size: torch.zeros(size, dtype=torch.long, device=X.device) for size in self.sizes
        }
        self.loss_sum = torch.zeros((), device=X.device)
        self.correct = torch.zeros((), dtype=torch.long, device=X.device)
        self.graphs: dict[int, torch.cuda.CUDAGraph] = {}
        with torch.no_grad():  # the shapes, checked once; eval mode: no dropout draws a number
            model.eval()
            check_class_scores(model(X[:1]), y[:1])
        self.graphed = X.device.type == "cuda"
        if self.graphed:
            check_capturable(optimizer)
            self._capture()

    def _step(self, rows: torch.Tensor) -> None:
        """One training step on the samples ``rows``; the graphs record exactly this."""
        data, target = self.X[rows], self.y[rows]  # the batch: a gather, (batch, ...) and (batch,)
        self.optimizer.zero_grad(set_to_none=False)  # the gradients keep their addresses
        output = self.model(data)  # forward pass: (batch, n_classes)
        loss = self.loss_fn(output, target)
        loss.backward()  # backpropagation
        self.optimizer.step()
        self.loss_sum += loss.detach() * rows.shape[0]
        self.correct += (output.argmax(dim=1) == target).sum()

    def _capture(self) -> None:
        """Warm up on a side stream, capture one graph per batch size, then undo the warm-up."""
        self.model.train()
        before = {id(tensor): tensor.detach().clone() for tensor in self._state()}
        for size in self.sizes:
            self.rows[size].copy_(torch.arange(size, device=self.X.device))
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
        with torch.no_grad():  # undo the warm-up in place: the graphs hold these addresses
            for tensor in self._state():
                saved = before.get(id(tensor))
                if saved is None:
                    tensor.zero_()
                else:
                    tensor.copy_(saved)
        self.loss_sum.zero_()
        self.correct.zero_()

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
        """Train on every sample once, in a new order; return the mean loss and the accuracy."""
        self.model.train()  # dropout on
        n = self.X.shape[0]
        order = torch.randperm(n, generator=self.generator).to(self.X.device)
        self.loss_sum.zero_()
        self.correct.zero_()
        for start in range(0, n, self.batch_size):
            rows = order[start : start + self.batch_size]
            if self.graphed:
                self.rows[rows.shape[0]].copy_(rows)
                self.graphs[rows.shape[0]].replay()
            else:
                self._step(rows)
        return self.loss_sum.item() / n, self.correct.item() / n
