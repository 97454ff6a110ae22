"""Backpropagation written by hand for a two-layer MLP, and the checks that prove it right.

The network and the loss, for a batch of ``n`` samples (rows of ``x``)::

    z1 = x @ W1 + b1        # (n, in) @ (in, hidden) -> (n, hidden)
    a1 = relu(z1)           # (n, hidden)
    z2 = a1 @ W2 + b2       # (n, hidden) @ (hidden, out) -> (n, out)
    ŷ  = z2                 # linear output
    L  = 1/(2n) · Σᵢ ‖ŷᵢ − yᵢ‖²      # half the mean squared error per sample

The ½ is there so that the gradient of the loss with respect to the output is simply
``(ŷ − y) / n``, the expression the source tutorial starts its backward pass from. PyTorch's
``nn.MSELoss`` averages over every element and has no ½: with one output its gradients are exactly
twice these.

The chain rule, applied from the loss backwards::

    ∂L/∂z2 = (ŷ − y) / n                 # (n, out)
    ∂L/∂W2 = a1ᵀ @ ∂L/∂z2                 # (hidden, out)
    ∂L/∂b2 = Σ over the batch of ∂L/∂z2   # (out,)
    ∂L/∂a1 = ∂L/∂z2 @ W2ᵀ                 # (n, hidden)
    ∂L/∂z1 = ∂L/∂a1 ⊙ [z1 > 0]            # ReLU's derivative is 1 where z1 > 0, else 0
    ∂L/∂W1 = xᵀ @ ∂L/∂z1                  # (in, hidden)
    ∂L/∂b1 = Σ over the batch of ∂L/∂z1   # (hidden,)
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import cast

import torch

from nnguide._validation import (
    check_features,
    check_instance,
    check_parameter_count,
    check_positive,
    check_positive_int,
    check_seed,
    check_tensor,
)
from nnguide.models import MLP

PARAMETERS = ("W1", "b1", "W2", "b2")


@dataclass(frozen=True)
class Gradients:
    """The gradient of the loss with respect to each parameter of a :class:`ManualMLP`."""

    W1: torch.Tensor
    b1: torch.Tensor
    W2: torch.Tensor
    b2: torch.Tensor

    def __post_init__(self) -> None:
        for f in fields(self):
            check_tensor(getattr(self, f.name), name=f"Gradients.{f.name}")

    def check_shapes(self, like: Gradients | ManualMLP, *, name: str) -> None:
        """Check that each gradient has the shape, dtype and device of ``like``'s (no broadcast).

        ``name`` names these gradients in the error message.

        Examples
        --------
        >>> net = ManualMLP(2, 3, 1)
        >>> Gradients(torch.ones(1), torch.ones(1), torch.ones(1), torch.ones(1)).check_shapes(
        ...     net, name="gradients")
        Traceback (most recent call last):
        ...
        ValueError: gradients.W1 has shape (1,), torch.float32 on cpu, but W1 has (2, 3), torch.float32 on cpu: pass the gradients of this network, e.g. net.backward(net.forward(x), y).
        """
        for parameter in PARAMETERS:
            mine, theirs = getattr(self, parameter), getattr(like, parameter)
            if (mine.shape, mine.dtype, mine.device) != (theirs.shape, theirs.dtype, theirs.device):
                msg = (
                    f"{name}.{parameter} has shape {tuple(mine.shape)}, {mine.dtype} on "
                    f"{mine.device}, but {parameter} has {tuple(theirs.shape)}, {theirs.dtype} on "
                    f"{theirs.device}: pass the gradients of this network, e.g. "
                    "net.backward(net.forward(x), y)."
                )
                raise ValueError(msg)

    def max_abs_difference(self, other: Gradients) -> dict[str, float]:
        """Return the largest absolute difference from ``other``, per parameter.

        The two must have the same shapes: a broadcast would compare the wrong numbers.
        """
        other = check_instance(
            other,
            Gradients,
            name="other",
            called="Gradients",
            fix="compare with autograd_gradients(net, x, y), for example",
        )
        other.check_shapes(self, name="other")
        return {
            f.name: (getattr(self, f.name) - getattr(other, f.name)).abs().max().item()
            for f in fields(self)
        }


def _check_same_shape(y_pred: torch.Tensor, y: object) -> torch.Tensor:
    y = check_tensor(y, name="y")
    if y_pred.shape != y.shape:
        msg = f"y_pred has shape {tuple(y_pred.shape)} but y has {tuple(y.shape)}: they must match."
        raise ValueError(msg)
    return y


def half_mse(y_pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return ``1/(2n) · Σᵢ ‖ŷᵢ − yᵢ‖²``, the loss whose gradient the backward pass computes.

    Both are floating point, of shape ``(n, out)`` with ``n >= 1``: one row per sample. NaN in
    either gives a NaN loss, as PyTorch's losses do.

    Examples
    --------
    >>> half_mse(torch.tensor([[1.0], [3.0]]), torch.tensor([[0.0], [1.0]]))
    tensor(1.2500)
    """
    y_pred = check_tensor(y_pred, name="y_pred")
    if y_pred.ndim != 2 or y_pred.shape[0] == 0:
        msg = (
            f"y_pred must be 2-D with shape (n_samples, n_outputs) and at least one row, got "
            f"{tuple(y_pred.shape)}: for one output per sample use y_pred.unsqueeze(1) and "
            "y.unsqueeze(1)."
        )
        raise ValueError(msg)
    y = _check_same_shape(y_pred, y)
    return 0.5 * ((y_pred - y) ** 2).sum(dim=1).mean()


class ManualMLP:
    """A two-layer ReLU network whose backward pass is written out by hand.

    Parameters
    ----------
    in_features, hidden_features, out_features
        Layer widths.
    seed
        Seed for the initial weights (normal, scaled by 0.1, as in the source tutorial).
    dtype
        ``torch.float64`` makes gradient checks exact to about 1e-12.

    Examples
    --------
    >>> net = ManualMLP(2, 3, 1, seed=0)
    >>> net
    ManualMLP(in_features=2, hidden_features=3, out_features=1, dtype=torch.float32)
    >>> x, y = torch.randn(5, 2), torch.randn(5, 1)
    >>> grads = net.backward(net.forward(x), y)
    >>> grads.W1.shape, grads.b2.shape
    (torch.Size([2, 3]), torch.Size([1]))
    """

    def __init__(
        self,
        in_features: int,
        hidden_features: int,
        out_features: int,
        *,
        seed: int = 0,
        dtype: torch.dtype = torch.float32,
    ) -> None:
        for value, name in (
            (in_features, "in_features"),
            (hidden_features, "hidden_features"),
            (out_features, "out_features"),
        ):
            check_positive_int(value, name=name)
        check_parameter_count(
            (in_features + 1) * hidden_features + (hidden_features + 1) * out_features,
            model=f"ManualMLP({in_features}, {hidden_features}, {out_features})",
        )
        if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
            msg = f"dtype must be a floating-point torch.dtype, got {dtype!r}: pass torch.float64."
            raise TypeError(msg)
        g = torch.Generator().manual_seed(check_seed(seed))
        self.W1 = torch.randn(in_features, hidden_features, generator=g, dtype=dtype) * 0.1
        self.b1 = torch.zeros(hidden_features, dtype=dtype)
        self.W2 = torch.randn(hidden_features, out_features, generator=g, dtype=dtype) * 0.1
        self.b2 = torch.zeros(out_features, dtype=dtype)
        self._cache: dict[str, torch.Tensor] = {}

    def __repr__(self) -> str:
        (n_in, n_hidden), n_out = self.W1.shape, self.W2.shape[1]
        return (
            f"ManualMLP(in_features={n_in}, hidden_features={n_hidden}, out_features={n_out}, "
            f"dtype={self.W1.dtype})"
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Compute ``ŷ`` for a batch ``x`` of shape ``(n, in_features)``, keeping what backward needs."""
        x = check_features(x, name="x", n_features=self.W1.shape[0], like=self.W1)
        z1 = x @ self.W1 + self.b1  # (n, hidden)
        a1 = torch.relu(z1)  # (n, hidden)
        z2 = a1 @ self.W2 + self.b2  # (n, out); the output is linear: ŷ = z2
        self._cache = {"x": x, "z1": z1, "a1": a1, "y_pred": z2}
        return z2

    def backward(self, y_pred: torch.Tensor, y: torch.Tensor) -> Gradients:
        """Return the gradients of ``half_mse(y_pred, y)`` for the batch of the last forward pass."""
        if not self._cache:
            msg = "backward needs the values of a forward pass: call forward(x) first."
            raise RuntimeError(msg)
        if y_pred is not self._cache["y_pred"]:
            msg = (
                "y_pred is not the output of the last forward pass, whose values backward uses: "
                "pass y_pred = net.forward(x) for the batch x you want gradients of."
            )
            raise ValueError(msg)
        y = _check_same_shape(y_pred, y)
        x, z1, a1 = self._cache["x"], self._cache["z1"], self._cache["a1"]
        n = x.shape[0]
        dL_dz2 = (y_pred - y) / n  # (n, out): gradient of ½·mean‖ŷ − y‖² w.r.t. ŷ = z2
        dL_dW2 = a1.T @ dL_dz2  # (hidden, n) @ (n, out) -> (hidden, out)
        dL_db2 = dL_dz2.sum(dim=0)  # (out,)
        dL_da1 = dL_dz2 @ self.W2.T  # (n, out) @ (out, hidden) -> (n, hidden)
        dL_dz1 = dL_da1 * (z1 > 0).to(z1.dtype)  # ReLU'(z1) is 1 where z1 > 0, else 0
        dL_dW1 = x.T @ dL_dz1  # (in, n) @ (n, hidden) -> (in, hidden)
        dL_db1 = dL_dz1.sum(dim=0)  # (hidden,)
        return Gradients(W1=dL_dW1, b1=dL_db1, W2=dL_dW2, b2=dL_db2)

    def step(self, gradients: Gradients, learning_rate: float) -> None:
        """Take one step of gradient descent: ``θ ← θ − η ∂L/∂θ`` for every parameter.

        Each gradient must have its parameter's shape, dtype and device exactly (a broadcast
        would update every weight with another one's gradient), and be finite: a NaN would turn
        the weights into NaN for good.
        """
        gradients = check_instance(
            gradients,
            Gradients,
            name="gradients",
            called="Gradients",
            fix="pass net.backward(net.forward(x), y)",
        )
        gradients.check_shapes(self, name="gradients")
        for name in PARAMETERS:
            if not torch.isfinite(getattr(gradients, name)).all():
                msg = (
                    f"gradients.{name} holds NaN or infinite values, which would make every "
                    "weight NaN: check the targets, or lower the learning rate if the loss grew."
                )
                raise ValueError(msg)
        check_positive(learning_rate, name="learning_rate")
        for name in PARAMETERS:
            setattr(self, name, getattr(self, name) - learning_rate * getattr(gradients, name))

    def to_mlp(self) -> MLP:
        """Return an :class:`nnguide.models.MLP` with the same weights (``nn.Linear`` stores ``Wᵀ``)."""
        n_in, n_hidden = self.W1.shape
        mlp = MLP(n_in, n_hidden, self.W2.shape[1]).to(self.W1.dtype)
        with torch.no_grad():
            mlp.layer1.weight.copy_(self.W1.T)
            mlp.layer1.bias.copy_(self.b1)
            mlp.layer2.weight.copy_(self.W2.T)
            mlp.layer2.bias.copy_(self.b2)
        return mlp


def _check_network_input(net: object, x: object) -> torch.Tensor:
    # any object with ManualMLP's tensors and forward will do: chapter 4 writes its own class
    missing = [
        name for name in PARAMETERS if not isinstance(getattr(net, name, None), torch.Tensor)
    ]
    if missing or not callable(getattr(net, "forward", None)):
        lacks = ", ".join(missing) if missing else "forward"
        msg = (
            f"net must be a ManualMLP (tensors W1, b1, W2, b2 and a forward method), got "
            f"{type(net).__name__} without {lacks}: build one, e.g. ManualMLP(2, 3, 1)."
        )
        raise TypeError(msg)
    weights = cast("ManualMLP", net).W1
    return check_features(x, name="x", n_features=weights.shape[0], like=weights)


def autograd_gradients(net: ManualMLP, x: torch.Tensor, y: torch.Tensor) -> Gradients:
    """Return the gradients of ``half_mse`` computed by PyTorch's autograd: the oracle."""
    x = _check_network_input(net, x)
    params = {name: getattr(net, name).detach().clone().requires_grad_(True) for name in PARAMETERS}
    a1 = torch.relu(x @ params["W1"] + params["b1"])
    loss = half_mse(a1 @ params["W2"] + params["b2"], y)
    grads = torch.autograd.grad(loss, [params[name] for name in PARAMETERS])
    return Gradients(*grads)


def finite_difference_gradients(
    net: ManualMLP, x: torch.Tensor, y: torch.Tensor, *, eps: float = 1e-6
) -> Gradients:
    """Estimate every gradient by central differences, ``(L(θ + ε) − L(θ − ε)) / 2ε``.

    Slow (two forward passes per parameter) and only accurate in ``float64``; independent of both
    the hand-written backward pass and autograd.
    """
    x = _check_network_input(net, x)
    if net.W1.dtype != torch.float64:
        msg = "finite differences need float64 weights: build ManualMLP(..., dtype=torch.float64)."
        raise ValueError(msg)
    check_positive(eps, name="eps")
    half_mse(net.forward(x), y)  # checks y before any weight moves

    def loss() -> float:
        return half_mse(net.forward(x), y).item()

    estimates = {}
    for name in PARAMETERS:
        param = getattr(net, name)
        estimate = torch.zeros_like(param)
        flat, flat_estimate = param.view(-1), estimate.view(-1)
        for i in range(flat.numel()):
            original = flat[i].item()
            try:
                flat[i] = original + eps
                plus = loss()
                flat[i] = original - eps
                minus = loss()
            finally:  # an error (bad x or y) must not leave the weight shifted by eps
                flat[i] = original
            flat_estimate[i] = (plus - minus) / (2 * eps)
        estimates[name] = estimate
    return Gradients(**estimates)
