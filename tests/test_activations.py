"""Autograd derivatives of the activations match their closed forms; the helpers measure what they say."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch
from torch import nn

from nnguide.activations import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    activation_with_derivative,
    dead_fraction,
    get_activation,
    gradient_norms,
)

X = torch.linspace(-6, 6, 1201, dtype=torch.float64)
X = X[X != 0]  # ReLU-like functions have no derivative at 0


def _phi(x: torch.Tensor) -> torch.Tensor:  # standard normal density
    return torch.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)


def _cdf(x: torch.Tensor) -> torch.Tensor:  # standard normal distribution function
    return 0.5 * (1 + torch.erf(x / math.sqrt(2)))


Function = Callable[[torch.Tensor], torch.Tensor]
CLOSED_FORMS: dict[str, tuple[Function, Function]] = {
    "sigmoid": (
        lambda x: 1 / (1 + torch.exp(-x)),
        lambda x: torch.exp(-x) / (1 + torch.exp(-x)) ** 2,
    ),
    "tanh": (
        lambda x: (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x)),
        lambda x: 1 - torch.tanh(x) ** 2,
    ),
    "relu": (lambda x: torch.clamp(x, min=0), lambda x: (x > 0).double()),
    "leaky_relu": (
        lambda x: torch.maximum(LEAKY_SLOPE * x, x),
        lambda x: torch.where(x > 0, 1.0, LEAKY_SLOPE).double(),
    ),
    "gelu": (lambda x: x * _cdf(x), lambda x: _cdf(x) + x * _phi(x)),
}


def test_every_activation_has_a_closed_form_here() -> None:
    assert set(CLOSED_FORMS) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_values_and_autograd_derivatives_match_closed_forms(name: str) -> None:
    f, df = CLOSED_FORMS[name]
    y, dy = activation_with_derivative(name, X)
    # rtol 1e-7: PyTorch keeps LeakyReLU's slope 0.1 as a float32 number even for float64 inputs.
    torch.testing.assert_close(y, f(X), atol=1e-12, rtol=1e-7)
    torch.testing.assert_close(dy, df(X), atol=1e-12, rtol=1e-7)


def test_the_derivative_does_not_keep_a_graph_on_the_input() -> None:
    x = torch.linspace(-1, 1, 5, requires_grad=True)
    y, _ = activation_with_derivative("tanh", x)
    assert not y.requires_grad
    assert x.grad is None


def test_unknown_name_and_bad_input_are_refused() -> None:
    with pytest.raises(
        ValueError, match="unknown activation 'Relu'; choose one of: sigmoid, tanh, relu"
    ):
        get_activation("Relu")
    with pytest.raises(
        TypeError, match=r"x must hold floating-point numbers, got dtype torch\.int64"
    ):
        activation_with_derivative("relu", torch.arange(3))
    with pytest.raises(TypeError, match=r"x must be a torch\.Tensor, got list"):
        activation_with_derivative("relu", [0.0, 1.0])  # type: ignore[arg-type]


def test_gradient_norms_are_per_linear_layer_in_order() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Sigmoid(), nn.Linear(4, 2))
    with pytest.raises(RuntimeError, match=r"call loss.backward\(\) before"):
        gradient_norms(model)
    model(torch.randn(5, 3)).sum().backward()
    norms = gradient_norms(model)
    first, last = model[0], model[2]
    assert isinstance(first, nn.Linear)
    assert isinstance(last, nn.Linear)
    assert first.weight.grad is not None
    assert last.weight.grad is not None
    assert norms == [first.weight.grad.norm().item(), last.weight.grad.norm().item()]


def test_dead_fraction_counts_units_zero_on_every_sample() -> None:
    hidden = torch.tensor([[0.0, 2.0, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert dead_fraction(hidden) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match=r"hidden must have shape \(n_samples, n_units\)"):
        dead_fraction(torch.zeros(3))
