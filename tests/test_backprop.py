"""The hand-written backward pass equals autograd, in float64, for many shapes and batch sizes."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from nnguide.backprop import (
    Gradients,
    ManualMLP,
    autograd_gradients,
    finite_difference_gradients,
    half_mse,
)

SHAPES = [(1, 1, 1), (2, 4, 1), (3, 8, 2), (5, 16, 4), (784, 32, 10)]


def _batch(n: int, n_in: int, n_out: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, n_in, generator=g, dtype=torch.float64), torch.randn(
        n, n_out, generator=g, dtype=torch.float64
    )


@pytest.mark.parametrize(("n_in", "n_hidden", "n_out"), SHAPES)
@pytest.mark.parametrize("batch_size", [1, 7, 64])
def test_manual_gradients_equal_autograd(
    n_in: int, n_hidden: int, n_out: int, batch_size: int
) -> None:
    net = ManualMLP(n_in, n_hidden, n_out, seed=batch_size, dtype=torch.float64)
    x, y = _batch(batch_size, n_in, n_out, seed=n_hidden)
    manual = net.backward(net.forward(x), y)
    oracle = autograd_gradients(net, x, y)
    for name, difference in manual.max_abs_difference(oracle).items():
        assert difference < 1e-13, name
    assert manual.W1.shape == net.W1.shape
    assert manual.b2.shape == net.b2.shape


@pytest.mark.parametrize(("n_in", "n_hidden", "n_out"), SHAPES[:4])
def test_manual_gradients_equal_finite_differences(n_in: int, n_hidden: int, n_out: int) -> None:
    net = ManualMLP(n_in, n_hidden, n_out, seed=1, dtype=torch.float64)
    x, y = _batch(6, n_in, n_out, seed=2)
    manual = net.backward(net.forward(x), y)
    numeric = finite_difference_gradients(net, x, y)
    assert max(manual.max_abs_difference(numeric).values()) < 1e-8


def test_loss_is_half_the_mean_squared_error_per_sample() -> None:
    y_pred = torch.tensor([[1.0, 2.0], [0.0, 0.0]])
    y = torch.zeros(2, 2)
    # sample 1: ‖(1, 2)‖² = 5, sample 2: 0 -> ½ · mean(5, 0) = 1.25
    assert half_mse(y_pred, y).item() == pytest.approx(1.25)
    with pytest.raises(ValueError, match=r"y_pred has shape \(2, 2\) but y has \(2, 1\)"):
        half_mse(y_pred, torch.zeros(2, 1))


def test_pytorch_mse_gradients_are_twice_ours_with_one_output() -> None:
    net = ManualMLP(3, 5, 1, seed=0, dtype=torch.float64)
    x, y = _batch(9, 3, 1, seed=0)
    manual = net.backward(net.forward(x), y)
    module = net.to_mlp()
    nn.MSELoss()(module(x), y).backward()
    torch.testing.assert_close(module.layer1.weight.grad, 2 * manual.W1.T)
    torch.testing.assert_close(module.layer1.bias.grad, 2 * manual.b1)
    torch.testing.assert_close(module.layer2.weight.grad, 2 * manual.W2.T)
    torch.testing.assert_close(module.layer2.bias.grad, 2 * manual.b2)


def test_to_mlp_computes_the_same_function() -> None:
    net = ManualMLP(4, 6, 3, seed=3)
    x = torch.randn(5, 4)
    torch.testing.assert_close(net.to_mlp()(x), net.forward(x))


def test_step_is_gradient_descent_and_training_reduces_the_loss() -> None:
    net = ManualMLP(2, 3, 1, seed=0)
    grads = Gradients(*(torch.ones_like(getattr(net, n)) for n in ("W1", "b1", "W2", "b2")))
    before = net.W1.clone()
    net.step(grads, 0.5)
    torch.testing.assert_close(net.W1, before - 0.5)
    x, y = _batch(32, 2, 1, seed=5)
    x, y = x.float(), y.float()
    first = half_mse(net.forward(x), y).item()
    for _ in range(200):
        net.step(net.backward(net.forward(x), y), 0.1)
    assert half_mse(net.forward(x), y).item() < first


def test_bad_use_is_refused_clearly() -> None:
    net = ManualMLP(2, 3, 1)
    with pytest.raises(RuntimeError, match=r"call forward\(x\) first"):
        net.backward(torch.zeros(1, 1), torch.zeros(1, 1))
    with pytest.raises(ValueError, match="x has 3 features per sample, but 2 were expected"):
        net.forward(torch.zeros(4, 3))
    y_pred = net.forward(torch.zeros(4, 2))
    with pytest.raises(ValueError, match=r"y_pred has shape \(4, 1\) but y has \(4,\)"):
        net.backward(y_pred, torch.zeros(4))
    with pytest.raises(ValueError, match="need float64 weights"):
        finite_difference_gradients(net, torch.zeros(4, 2), torch.zeros(4, 1))
    with pytest.raises(ValueError, match="learning_rate must be a finite number greater than 0"):
        net.step(net.backward(y_pred, torch.zeros(4, 1)), -1.0)
    assert (
        repr(net)
        == "ManualMLP(in_features=2, hidden_features=3, out_features=1, dtype=torch.float32)"
    )
