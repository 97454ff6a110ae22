"""Activation functions: the non-linearity that lets stacked layers learn more than a line.

Without an activation, ``Linear(Linear(x))`` is still one linear map. The five functions below are
the ones the tutorial compares::

    sigmoid(x)    = 1 / (1 + e^(−x))              output in (0, 1); saturates, gradients vanish
    tanh(x)       = (e^x − e^(−x)) / (e^x + e^(−x))  zero-centred; saturates too
    relu(x)       = max(0, x)                     cheap, no saturation for x > 0; units can die
    leaky_relu(x) = max(αx, x), α = 0.1           keeps a small slope for x < 0
    gelu(x)       = x · Φ(x)                      smooth; the default in Transformers

Derivatives are computed by autograd (:func:`activation_with_derivative`); the tests check them
against the closed forms.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from nnguide._validation import check_module, check_tensor

LEAKY_SLOPE = 0.1

ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(LEAKY_SLOPE),
    "gelu": nn.GELU,
}
"""Factories of the activation modules, by name."""


def get_activation(name: str) -> nn.Module:
    """Return a new activation module by name.

    Parameters
    ----------
    name
        One of ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"gelu"``.

    Examples
    --------
    >>> get_activation("leaky_relu")
    LeakyReLU(negative_slope=0.1)
    >>> get_activation("swish")
    Traceback (most recent call last):
    ...
    ValueError: unknown activation 'swish'; choose one of: sigmoid, tanh, relu, leaky_relu, gelu.
    """
    if not isinstance(name, str) or name not in ACTIVATIONS:
        msg = f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}."
        raise ValueError(msg)
    return ACTIVATIONS[name]()


def activation_with_derivative(name: str, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Evaluate an activation and its derivative at every point of ``x``, by autograd.

    Because an activation acts element-wise, the derivative of ``f(x).sum()`` with respect to
    ``x[i]`` is ``f'(x[i])``: one backward pass gives the whole curve.

    Parameters
    ----------
    name
        The activation's name, see :func:`get_activation`.
    x
        Points, any shape, floating point.

    Returns
    -------
    y, dy_dx : torch.Tensor
        ``f(x)`` and ``f'(x)``, both shaped like ``x``.

    Examples
    --------
    >>> y, dy = activation_with_derivative("sigmoid", torch.tensor([0.0]))
    >>> y.item(), dy.item()
    (0.5, 0.25)
    """
    x = check_tensor(x, name="x")
    f = get_activation(name)
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    (dy_dx,) = torch.autograd.grad(y.sum(), x)
    return y.detach(), dy_dx


def gradient_norms(model: nn.Module) -> list[float]:
    """Return the norm of the weight gradient of each ``nn.Linear`` in ``model``, input side first.

    Call it after ``loss.backward()``. Norms that shrink towards the input are vanishing gradients.

    Raises
    ------
    RuntimeError
        If a layer has no gradient: no ``loss.backward()`` ran yet, the layer is frozen, or the
        loss does not depend on it (it is not used in the forward pass).
    """
    linear_layers = [m for m in check_module(model).modules() if isinstance(m, nn.Linear)]
    trainable = [layer for layer in linear_layers if layer.weight.requires_grad]
    if trainable and all(layer.weight.grad is None for layer in trainable):
        msg = "no gradients yet: call loss.backward() before gradient_norms(model)."
        raise RuntimeError(msg)
    norms = []
    for number, layer in enumerate(linear_layers, start=1):
        which = f"Linear layer {number} of {len(linear_layers)}"
        if not layer.weight.requires_grad:
            msg = (
                f"{which} is frozen (requires_grad=False), so it has no gradient: "
                "unfreeze it with layer.weight.requires_grad_(True)."
            )
            raise RuntimeError(msg)
        if layer.weight.grad is None:
            msg = (
                f"{which} got no gradient from loss.backward(): the loss does not depend on it "
                "(the forward pass does not use it); leave it out of the model, or use it."
            )
            raise RuntimeError(msg)
        norms.append(layer.weight.grad.norm().item())
    return norms


def dead_fraction(hidden: torch.Tensor) -> float:
    """Return the fraction of units that output exactly 0 for every sample: "dead" ReLUs.

    Parameters
    ----------
    hidden
        A layer's activations, floating point, finite, shape ``(n_samples, n_units)``.

    Examples
    --------
    >>> dead_fraction(torch.tensor([[0.0, 1.0], [0.0, 0.0]]))
    0.5
    """
    hidden = check_tensor(hidden, name="hidden")
    if hidden.ndim != 2 or 0 in hidden.shape:
        msg = (
            f"hidden must have shape (n_samples, n_units) with at least one of each, "
            f"got {tuple(hidden.shape)}: pass a layer's activations on a non-empty batch."
        )
        raise ValueError(msg)
    if not torch.isfinite(hidden).all():
        msg = "hidden holds NaN or infinite values, which are neither dead nor alive: clean them."
        raise ValueError(msg)
    return (hidden == 0).all(dim=0).float().mean().item()
