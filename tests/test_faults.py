"""Bad input to the models, the training loops and the plots: a clear error, never a wrong answer.

Each test reproduces one fault found by probing nnguide with bad input; before the fix, each of
these calls returned a wrong number, trained on nonsense, or failed deep inside PyTorch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from nnguide import activations, architectures, models, plotting
from nnguide._validation import check_features
from nnguide.backprop import ManualMLP, finite_difference_gradients
from nnguide.datasets import logic_gate, two_spirals
from nnguide.training import TensorBatches, evaluate, fit_full_batch, train_epoch

mpl.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _classifier_data(n: int = 8) -> tuple[nn.Module, torch.Tensor, torch.Tensor]:
    torch.manual_seed(0)
    return nn.Linear(4, 3), torch.randn(n, 4), torch.randint(0, 3, (n,))


# -- wrong answers without an error -------------------------------------------------------------


def test_evaluate_and_train_epoch_refuse_column_targets() -> None:
    model, X, y = _classifier_data()
    column = TensorBatches(X, y.unsqueeze(1), batch_size=4)  # (n, 1): broadcast to (n, n) before
    with pytest.raises(ValueError, match=r"targets have shape \(4, 1\).*reshape\(-1\)"):
        evaluate(model, column)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"targets have shape \(4, 1\)"):
        train_epoch(model, column, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)


def test_evaluate_refuses_a_one_output_model() -> None:
    _, X, y = _classifier_data()
    with pytest.raises(ValueError, match="one-output model's argmax is always class 0"):
        evaluate(nn.Linear(4, 1), TensorBatches(X, y, batch_size=4))


def test_evaluate_refuses_float_class_targets() -> None:
    model, X, y = _classifier_data()
    with pytest.raises(TypeError, match=r"convert them with y.long\(\)"):
        evaluate(model, TensorBatches(X, y.float(), batch_size=4))


def test_fit_full_batch_refuses_outputs_and_targets_of_different_shapes() -> None:
    X, labels = logic_gate("xor")
    model = nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(
        ValueError, match=r"outputs shape \(4, 1\) but the targets have shape \(4,\)"
    ):
        fit_full_batch(
            model, X, labels.float(), loss_fn=nn.MSELoss(), optimizer=optimizer, epochs=5
        )


def test_fit_full_batch_refuses_an_optimizer_of_another_model() -> None:
    X, labels = logic_gate("xor")
    model, other = nn.Linear(2, 1), nn.Linear(2, 1)
    optimizer = torch.optim.SGD(other.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="optimizer updates none of the model's trainable"):
        fit_full_batch(
            model,
            X,
            labels.float().unsqueeze(1),
            loss_fn=nn.MSELoss(),
            optimizer=optimizer,
            epochs=5,
        )


def test_fit_full_batch_refuses_nan_targets_and_empty_data() -> None:
    model = nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    y = torch.tensor([[0.0], [math.nan]])
    with pytest.raises(ValueError, match="y holds NaN or infinite values"):
        fit_full_batch(
            model, torch.zeros(2, 2), y, loss_fn=nn.MSELoss(), optimizer=optimizer, epochs=1
        )
    assert torch.isfinite(model.weight).all()  # refused before any step
    with pytest.raises(ValueError, match="hold no samples"):
        fit_full_batch(
            model,
            torch.zeros(0, 2),
            torch.zeros(0, 1),
            loss_fn=nn.MSELoss(),
            optimizer=optimizer,
            epochs=1,
        )


def test_manual_backward_refuses_an_output_of_another_forward_pass() -> None:
    net = ManualMLP(2, 3, 1, seed=0)
    x1, x2, y = torch.randn(5, 2), torch.randn(5, 2), torch.randn(5, 1)
    y_pred1 = net.forward(x1)
    net.forward(x2)  # the cache now holds x2: gradients for y_pred1 would be wrong
    with pytest.raises(ValueError, match="not the output of the last forward pass"):
        net.backward(y_pred1, y)


def test_finite_differences_leave_the_weights_as_they_were_when_they_fail() -> None:
    net = ManualMLP(2, 3, 1, seed=0, dtype=torch.float64)
    before = net.W1.clone()
    bad_targets = torch.zeros(5, 2, dtype=torch.float64)  # wrong shape: the loss raises
    with pytest.raises(ValueError, match="they must match"):
        finite_difference_gradients(net, torch.randn(5, 2, dtype=torch.float64), bad_targets)
    assert torch.equal(net.W1, before)


@pytest.mark.parametrize("noise", [math.inf, math.nan, -1.0])
def test_two_spirals_refuses_a_noise_that_is_not_a_finite_nonnegative_number(noise: float) -> None:
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        two_spirals(10, noise=noise)


def test_dead_fraction_refuses_an_empty_batch() -> None:
    for empty in (torch.zeros(0, 4), torch.zeros(4, 0)):
        with pytest.raises(ValueError, match="at least one of each"):
            activations.dead_fraction(empty)


@pytest.mark.parametrize("plot", ["decision_boundary", "hidden_units"])
def test_plots_refuse_labels_they_would_not_draw(plot: str) -> None:
    X, _ = logic_gate("xor")
    y = torch.tensor([0, 1, 2, 1])
    draw: Callable[[], object] = {
        "decision_boundary": lambda: plotting.plot_decision_boundary(
            lambda P: P[:, 0], X, y, lang="en"
        ),
        "hidden_units": lambda: plotting.plot_hidden_units(nn.Linear(2, 3), X, y, lang="en"),
    }[plot]
    with pytest.raises(ValueError, match="must hold only 0 and 1, but it holds 2"):
        draw()


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        ((2, 392, 2), r"got \(2, 392, 2\)\.$"),
        ((28, 28), r"got \(28, 28\): for a single image use x.unsqueeze\(0\)"),
        ((784,), r"for a single image use x.unsqueeze\(0\)"),
    ],
)
def test_the_digit_classifier_refuses_what_is_not_a_batch_of_images(
    shape: tuple[int, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        models.DigitClassifier()(torch.zeros(shape))


# -- the right cause, in words ------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [torch.float64, torch.float16])
@pytest.mark.parametrize(
    ("model", "features"),
    [
        (models.MLP(2, 4, 1), 2),
        (models.DigitClassifier(), 784),
        (architectures.Encoder(), 784),
        (architectures.DeepMLP(3, 8, 1, depth=2), 3),
        (architectures.ResidualBlock(5), 5),
    ],
)
def test_models_refuse_another_float_type_up_front(
    model: nn.Module, features: int, dtype: torch.dtype
) -> None:
    with pytest.raises(TypeError, match=rf"dtype {dtype}, but the model computes in torch.float32"):
        model(torch.zeros(2, features, dtype=dtype))


def test_numpy_integers_are_integers() -> None:
    model = models.MLP(np.int64(2), np.int32(4), np.int64(1))  # type: ignore[arg-type]
    assert model(torch.zeros(3, 2)).shape == (3, 1)
    X, _ = two_spirals(np.int64(5), noise=np.float32(0.1))  # type: ignore[arg-type]
    assert X.shape == (10, 2)


def test_a_frozen_layer_is_named_as_the_reason_it_has_no_gradient() -> None:
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    model[0].weight.requires_grad_(False)
    model(torch.randn(4, 2)).sum().backward()
    with pytest.raises(RuntimeError, match="Linear layer 1 of 2 is frozen"):
        activations.gradient_norms(model)


def test_plot_hidden_units_names_the_resolution() -> None:
    X, y = logic_gate("xor")
    with pytest.raises(ValueError, match="resolution must be an integer >= 1, got 0"):
        plotting.plot_hidden_units(nn.Linear(2, 3), X, y, lang="en", resolution=0)


# -- checks cost nothing on the training hot path -----------------------------------------------


def test_training_reads_tensor_values_only_once_per_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a value (bool(), .item()) makes the CPU wait for the GPU: the checks read shapes."""
    model = architectures.DeepMLP(4, 8, 3, depth=2)
    X, y = torch.randn(64, 4), torch.randint(0, 3, (64,))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    batches = TensorBatches(X, y, batch_size=8)  # 8 batches
    reads = []
    item, to_bool = torch.Tensor.item, torch.Tensor.__bool__

    def counted_item(self: torch.Tensor) -> object:
        reads.append("item")
        return item(self)

    def counted_bool(self: torch.Tensor) -> bool:
        reads.append("bool")
        return to_bool(self)

    monkeypatch.setattr(torch.Tensor, "item", counted_item)
    monkeypatch.setattr(torch.Tensor, "__bool__", counted_bool)
    train_epoch(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)
    assert reads == ["item", "item"]  # the epoch's mean loss and accuracy, at the end
    reads.clear()
    evaluate(model, batches)
    assert reads == ["item"]
    reads.clear()
    check_features(X)  # data preparation's check also reads the values: once
    assert reads == ["bool"]
