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
    if name not in ACTIVATIONS:
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
    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        msg = (
            "x must be a floating-point torch.Tensor: use torch.linspace(-5, 5, 201), for example."
        )
        raise TypeError(msg)
    f = get_activation(name)
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    (dy_dx,) = torch.autograd.grad(y.sum(), x)
    return y.detach(), dy_dx


def gradient_norms(model: nn.Module) -> list[float]:
    """Return the norm of the weight gradient of each ``nn.Linear`` in ``model``, input side first.

    Call it after ``loss.backward()``. Norms that shrink towards the input are vanishing gradients.
    """
    norms = []
    linear_layers = [layer for layer in model.modules() if isinstance(layer, nn.Linear)]
    for number, layer in enumerate(linear_layers, start=1):
        if not layer.weight.requires_grad:
            msg = (
                f"Linear layer {number} of {len(linear_layers)} is frozen (requires_grad=False), so "
                "it has no gradient: unfreeze it with layer.weight.requires_grad_(True)."
            )
            raise RuntimeError(msg)
        if layer.weight.grad is None:
            msg = "no gradients yet: call loss.backward() before gradient_norms(model)."
            raise RuntimeError(msg)
        norms.append(layer.weight.grad.norm().item())
    return norms


def dead_fraction(hidden: torch.Tensor) -> float:
    """Return the fraction of units that output exactly 0 for every sample: "dead" ReLUs.

    Parameters
    ----------
    hidden
        A layer's activations, shape ``(n_samples, n_units)``.

    Examples
    --------
    >>> dead_fraction(torch.tensor([[0.0, 1.0], [0.0, 0.0]]))
    0.5
    """
    if hidden.ndim != 2 or 0 in hidden.shape:
        msg = (
            f"hidden must have shape (n_samples, n_units) with at least one of each, "
            f"got {tuple(hidden.shape)}: pass a layer's activations on a non-empty batch."
        )
        raise ValueError(msg)
    return (hidden == 0).all(dim=0).float().mean().item()
