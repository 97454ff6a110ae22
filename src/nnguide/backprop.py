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

import torch

from nnguide._validation import check_features, check_positive, check_positive_int
from nnguide.models import MLP

PARAMETERS = ("W1", "b1", "W2", "b2")


@dataclass(frozen=True)
class Gradients:
    """The gradient of the loss with respect to each parameter of a :class:`ManualMLP`."""

    W1: torch.Tensor
    b1: torch.Tensor
    W2: torch.Tensor
    b2: torch.Tensor

    def max_abs_difference(self, other: Gradients) -> dict[str, float]:
        """Return the largest absolute difference from ``other``, per parameter."""
        return {
            f.name: (getattr(self, f.name) - getattr(other, f.name)).abs().max().item()
            for f in fields(self)
        }


def _check_same_shape(y_pred: torch.Tensor, y: torch.Tensor) -> None:
    if y_pred.shape != y.shape:
        msg = f"y_pred has shape {tuple(y_pred.shape)} but y has {tuple(y.shape)}: they must match."
        raise ValueError(msg)


def half_mse(y_pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return ``1/(2n) · Σᵢ ‖ŷᵢ − yᵢ‖²``, the loss whose gradient the backward pass computes.

    Examples
    --------
    >>> half_mse(torch.tensor([[1.0], [3.0]]), torch.tensor([[0.0], [1.0]]))
    tensor(1.2500)
    """
    _check_same_shape(y_pred, y)
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
        g = torch.Generator().manual_seed(seed)
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
        x = check_features(x, n_features=self.W1.shape[0], dtype=self.W1.dtype)
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
        _check_same_shape(y_pred, y)
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
        """Take one step of gradient descent: ``θ ← θ − η ∂L/∂θ`` for every parameter."""
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


def autograd_gradients(net: ManualMLP, x: torch.Tensor, y: torch.Tensor) -> Gradients:
    """Return the gradients of ``half_mse`` computed by PyTorch's autograd: the oracle."""
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
    if net.W1.dtype != torch.float64:
        msg = "finite differences need float64 weights: build ManualMLP(..., dtype=torch.float64)."
        raise ValueError(msg)
    check_positive(eps, name="eps")

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
