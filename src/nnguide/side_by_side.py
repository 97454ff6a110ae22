"""Many small networks trained side by side, as one batched model.

An experiment that repeats one training from several random starts (chapter 2 trains 10 seeds
of each width) repeats the same tiny steps again and again, and on tensors of a few numbers almost
all of the time goes to Python and PyTorch's overhead per call, not to arithmetic.
:class:`StackedMLP` holds the parameters of ``R`` one-hidden-layer MLPs as stacked tensors::

    W1: (R, hidden, in), b1: (R, hidden), W2: (R, out, hidden), b2: (R, out)

so that one step of all ``R`` runs is one activation call, one backward pass and one optimizer
step over four tensors, instead of ``R`` of each over ``4R`` tensors. Each run's matrix products
stay the very ones ``nn.Linear`` computes (``torch.addmm``): a batched product (``torch.bmm``)
would add the same numbers in another order and change the last bit, and a training that amplifies
such differences would then end elsewhere. The loss is the sum of every run's own loss, so each run
gets exactly the gradient it would get alone, and an optimizer that works element by element (Adam,
SGD) takes exactly the step it would take alone: :func:`fit_side_by_side` leaves every model with
the weights, and returns the losses, that training the models one after another gives (the tests
compare them bit for bit), in less time: chapter 2's 20 runs of 1,000 steps took 1.4 s instead of
5.0 s on a two-core CPU.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import torch
from torch import nn

from nnguide._validation import (
    STEPS,
    check_batch,
    check_full_batch,
    check_positive_int,
    check_prediction,
)
from nnguide.training import LossFunction


class OneHiddenLayerMLP(Protocol):
    """What :class:`StackedMLP` reads of a model: ``layer2(activation(layer1(x)))``.

    :class:`nnguide.models.MLP` and chapter 2's ``MLP`` class are such models.
    """

    layer1: nn.Linear
    activation: nn.Module
    layer2: nn.Linear

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """Return the model's output for the batch ``x``."""
        ...

    def parameters(self) -> Iterable[nn.Parameter]:
        """Return every trainable tensor of the model."""
        ...


def linear_tensors(model: OneHiddenLayerMLP) -> tuple[torch.Tensor, ...]:
    """Return a model's ``W1, b1, W2, b2``, in the order :class:`StackedMLP` stacks them."""
    return model.layer1.weight, model.layer1.bias, model.layer2.weight, model.layer2.bias


OptimizerFactory = Callable[[list[nn.Parameter]], torch.optim.Optimizer]
"""Makes the optimizer from the stacked parameters, e.g. ``partial(torch.optim.Adam, lr=0.1)``."""


class StackedMLP(nn.Module):
    """``R`` one-hidden-layer MLPs of the same shape in one module, each with its own weights.

    Parameters
    ----------
    models
        The networks to stack, each ``layer2(activation(layer1(x)))`` with the same layer sizes
        and the same activation; their weights are copied.

    Examples
    --------
    >>> from nnguide.models import MLP
    >>> models = [MLP(2, 4, 1) for _ in range(3)]
    >>> stack = StackedMLP(models)
    >>> x = torch.rand(5, 2)
    >>> stack(x).shape  # (runs, samples, outputs)
    torch.Size([3, 5, 1])
    >>> torch.equal(stack(x)[1], models[1](x))
    True
    """

    def __init__(self, models: Sequence[OneHiddenLayerMLP]) -> None:
        super().__init__()
        check_stackable(models)
        self.activation = models[0].activation
        # W1: (R, hidden, in), b1: (R, hidden), W2: (R, out, hidden), b2: (R, out)
        self.weight1, self.bias1, self.weight2, self.bias2 = (
            nn.Parameter(torch.stack([tensor.detach() for tensor in same]))
            for same in zip(*(linear_tensors(model) for model in models), strict=True)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Every run's output for the same inputs: ``(n, in)`` -> ``(R, n, out)``."""
        x = check_batch(x, n_features=self.weight1.shape[2], model=self)
        # run r: h_r = f(x W1_rᵀ + b1_r), ŷ_r = h_r W2_rᵀ + b2_r, with nn.Linear's own addmm
        pre = [torch.addmm(b, x, w.mT) for w, b in zip(self.weight1, self.bias1, strict=True)]
        h = self.activation(torch.stack(pre))  # (R, n, hidden): one call for every run
        out = [
            torch.addmm(b, h_r, w.mT) for h_r, w, b in zip(h, self.weight2, self.bias2, strict=True)
        ]
        return torch.stack(out)  # (R, n, out)

    @torch.no_grad()
    def copy_to(self, models: Sequence[OneHiddenLayerMLP]) -> None:
        """Write run ``r``'s weights into ``models[r]``, one model per run, each of the stack's shape."""
        check_stackable(models)
        stacked = (self.weight1, self.bias1, self.weight2, self.bias2)
        if len(models) != self.weight1.shape[0]:
            msg = (
                f"models holds {len(models)} networks but the stack {self.weight1.shape[0]} runs: "
                "pass the models the stack was made from."
            )
            raise ValueError(msg)
        for name, tensor, runs in zip(
            ("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"),
            linear_tensors(models[0]),
            stacked,
            strict=True,
        ):
            if tensor.shape != runs.shape[1:]:
                msg = (
                    f"models[0].{name} has shape {tuple(tensor.shape)} but the stack's runs "
                    f"{tuple(runs.shape[1:])}: pass the models the stack was made from."
                )
                raise ValueError(msg)
        for r, model in enumerate(models):
            for tensor, runs in zip(linear_tensors(model), stacked, strict=True):
                tensor.copy_(runs[r])


def check_stackable(models: Sequence[OneHiddenLayerMLP]) -> None:
    """Check that ``models`` are one-hidden-layer MLPs of one shape, activation, dtype and device."""
    if not isinstance(models, (list, tuple)):
        msg = (
            f"models must be a list of networks, got {type(models).__name__}: "
            "pass e.g. [MLP(2, 4, 1) for _ in range(10)]."
        )
        raise TypeError(msg)
    if len(models) == 0:
        msg = "models is empty: pass the networks to train, e.g. [MLP(2, 4, 1) for _ in range(10)]."
        raise ValueError(msg)
    for i, model in enumerate(models):
        layers = [getattr(model, name, None) for name in ("layer1", "layer2")]
        if not all(isinstance(layer, nn.Linear) and layer.bias is not None for layer in layers):
            msg = (
                f"models[{i}] is not a one-hidden-layer MLP: it needs nn.Linear layers layer1 and "
                "layer2 with biases and an activation, like nnguide.models.MLP."
            )
            raise TypeError(msg)
        own = {id(p) for layer in (model.layer1, model.layer2) for p in layer.parameters()}
        if any(id(p) not in own for p in model.parameters()):
            msg = (
                f"models[{i}] has parameters outside layer1 and layer2, which training side by "
                "side would leave untrained: train it on its own with fit_full_batch."
            )
            raise ValueError(msg)
    first = models[0]
    names = (
        "layer1.weight",
        "layer1.bias",
        "layer2.weight",
        "layer2.bias",
    )  # linear_tensors' order
    for i, model in enumerate(models[1:], start=1):
        pairs = zip(names, linear_tensors(first), linear_tensors(model), strict=True)
        for name, a, b in pairs:
            if a.shape != b.shape or a.dtype != b.dtype or a.device != b.device:
                msg = (
                    f"models[{i}].{name} has shape {tuple(b.shape)}, {b.dtype} on {b.device}, but "
                    f"models[0]'s has {tuple(a.shape)}, {a.dtype} on {a.device}: only networks "
                    "of one shape are trained side by side."
                )
                raise ValueError(msg)
        if type(model.activation) is not type(first.activation):
            msg = (
                f"models[{i}] uses {type(model.activation).__name__} but models[0] uses "
                f"{type(first.activation).__name__}: train networks with one activation together."
            )
            raise ValueError(msg)


def fit_side_by_side(
    models: Sequence[OneHiddenLayerMLP],
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    loss_fn: LossFunction,
    optimizer: OptimizerFactory,
    epochs: int,
) -> torch.Tensor:
    """Train every model on all of ``(X, y)``, side by side; return the losses, ``(epochs, R)``.

    Each model ends with the weights that :func:`nnguide.training.fit_full_batch` would give it
    with ``optimizer(model.parameters())``, and column ``r`` of the result holds the losses it
    would return, step by step; only faster.

    Parameters
    ----------
    models
        One-hidden-layer MLPs of one shape (:class:`StackedMLP`), trained in place.
    X, y
        Inputs ``(n, in)`` and targets ``(n, out)``, the same for every model.
    loss_fn
        A loss that averages over the samples, e.g. ``torch.nn.MSELoss()``.
    optimizer
        Makes the optimizer from the stacked parameters, e.g. ``partial(torch.optim.Adam,
        lr=0.1)``; it must update each number on its own (Adam and SGD do, L-BFGS does not).
    epochs
        How many steps to take.

    Examples
    --------
    >>> from functools import partial
    >>> from nnguide.models import MLP
    >>> X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    >>> models = [MLP(2, 8, 1) for _ in range(5)]
    >>> adam = partial(torch.optim.Adam, lr=0.05)
    >>> losses = fit_side_by_side(models, X, y, loss_fn=nn.MSELoss(), optimizer=adam, epochs=300)
    >>> losses.shape  # (epochs, models)
    torch.Size([300, 5])
    """
    check_positive_int(epochs, name="epochs", limit=STEPS)
    check_stackable(models)
    X, y = check_full_batch(X, y, model=models[0].layer1)
    stack = StackedMLP(models)
    with torch.no_grad():
        stacked = stack(X)  # (R, n, out)
        for r, model in enumerate(models):  # the models must compute what the stack computes
            if not torch.equal(model(X), stacked[r]):
                msg = (
                    f"models[{r}] does not compute layer2(activation(layer1(x))): train it on its "
                    "own with fit_full_batch."
                )
                raise ValueError(msg)
    check_prediction(stacked[0], y)
    step = optimizer(list(stack.parameters()))
    losses = []
    for _ in range(epochs):
        prediction = stack(X)  # forward pass of every run: (R, n, out)
        per_run = torch.stack([loss_fn(run, y) for run in prediction])  # (R,): each run's loss
        step.zero_grad()
        per_run.sum().backward()  # run r's parameters get run r's gradient, and only it
        step.step()
        losses.append(per_run.detach())
    stack.copy_to(models)
    return torch.stack(losses)
