"""Bad input to the models, the training loops and the plots: a clear error, never a wrong answer.

Each test reproduces one fault found by probing nnguide with bad input; before the fix, each of
these calls returned a wrong number, trained on nonsense, or failed deep inside PyTorch.
"""

from __future__ import annotations

import dataclasses
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
from nnguide.backprop import Gradients, ManualMLP, finite_difference_gradients, half_mse
from nnguide.datasets import logic_gate, two_spirals
from nnguide.graphed import GraphedTrainer
from nnguide.metrics import confusion_matrix
from nnguide.perceptron import Perceptron
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
    with pytest.raises(ValueError, match="resolution must be an integer >= 2, got 0"):
        plotting.plot_hidden_units(nn.Linear(2, 3), X, y, lang="en", resolution=0)


# -- checks cost nothing on the training hot path -----------------------------------------------


def test_training_reads_tensor_values_only_once_per_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a value (bool(), int(), .item(), .tolist()) makes the CPU wait for the GPU: the
    checks read shapes, the labels of a TensorBatches are read once when it is made, and the
    epoch's totals (loss, correct predictions, outputs that held NaN) are read together, once."""
    model = architectures.DeepMLP(4, 8, 3, depth=2)
    X, y = torch.randn(64, 4), torch.randint(0, 3, (64,))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    batches = TensorBatches(X, y, batch_size=8)  # 8 batches
    reads = []
    for method in ("item", "tolist", "__bool__", "__int__", "__float__", "__index__"):
        original = getattr(torch.Tensor, method)

        def counted(self: torch.Tensor, *args: object, _name: str = method, _f=original) -> object:  # type: ignore[no-untyped-def]
            reads.append(_name)
            return _f(self, *args)

        monkeypatch.setattr(torch.Tensor, method, counted)
    train_epoch(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)
    assert reads == ["tolist"]  # the epoch's totals, at the end
    reads.clear()
    evaluate(model, batches)
    assert reads == ["tolist"]
    reads.clear()
    check_features(X)  # data preparation's check also reads the values: once
    assert reads == ["__bool__"]


# -- issue 25: accuracy from NaN, labels out of range, sums as means ------------------------------


class NaNOutputs(nn.Module):
    """A classifier whose training diverged: every output is NaN."""

    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(4, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.layer(x) * math.nan
        return out


@pytest.mark.parametrize("labels", ["0 to 9", "all 0"])
def test_no_accuracy_is_computed_from_nan_outputs(labels: str) -> None:
    """argmax reads NaN as the largest score: evaluate returned 0.111 (the share of label 0), or
    1.0 when every label is 0; train_epoch and GraphedTrainer returned accuracy 1.0 beside loss nan."""
    torch.manual_seed(0)
    X = torch.randn(90, 4)
    y = torch.arange(90) % 10 if labels == "0 to 9" else torch.zeros(90, dtype=torch.long)
    batches = TensorBatches(X, y, batch_size=30)
    nan_outputs = r"the model's outputs hold NaN or infinite values for 90 of 90 samples"
    with pytest.raises(ValueError, match=nan_outputs):
        evaluate(NaNOutputs(), batches)
    with pytest.raises(ValueError, match=nan_outputs):
        evaluate(NaNOutputs(), [(X[:45], y[:45]), (X[45:], y[45:])])  # any iterable of batches
    model = NaNOutputs()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=nan_outputs):
        train_epoch(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)
    model = NaNOutputs()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    trainer = GraphedTrainer(model, batches, optimizer=optimizer, loss_fn=nn.CrossEntropyLoss())
    with pytest.raises(ValueError, match=nan_outputs):
        trainer.train_epoch()


def test_labels_without_a_score_are_refused_before_the_loss() -> None:
    """Labels 1..10 for 10 scores: evaluate returned a number, train_epoch raised torch's
    IndexError (on a GPU, a device-side assert that ends the process's CUDA context)."""
    model, X = nn.Linear(4, 10), torch.randn(90, 4)
    y = torch.arange(90) % 10 + 1
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    out_of_range = (
        r"the targets run from 1 to 10, but the model outputs 10 scores.*give the model 11"
    )
    for batches in (TensorBatches(X, y, batch_size=30), [(X[:45], y[:45]), (X[45:], y[45:])]):
        with pytest.raises(ValueError, match=out_of_range):
            evaluate(model, batches)
        before = model.weight.detach().clone()
        with pytest.raises(ValueError, match=out_of_range):
            train_epoch(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)
        assert torch.equal(model.weight, before)  # refused before the first step
    with pytest.raises(ValueError, match=out_of_range):
        GraphedTrainer(
            model,
            TensorBatches(X, y, batch_size=30),
            optimizer=optimizer,
            loss_fn=nn.CrossEntropyLoss(),
        )


@pytest.mark.parametrize("reduction", ["sum", "none"])
def test_a_loss_that_is_not_a_mean_is_refused(reduction: str) -> None:
    """reduction="sum" reported a "mean loss" batch-size times too large (74.05 for 2.47)."""
    model, X, y = _classifier_data(12)
    batches = TensorBatches(X, y, batch_size=4)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss(reduction=reduction)
    message = rf"loss_fn has reduction='{reduction}'.*reduction='mean'"
    with pytest.raises(ValueError, match=message):
        train_epoch(model, batches, loss_fn=loss_fn, optimizer=optimizer)
    with pytest.raises(ValueError, match=message):
        GraphedTrainer(model, batches, optimizer=optimizer, loss_fn=loss_fn)


def test_a_loss_function_that_returns_one_loss_per_sample_is_refused() -> None:
    model, X, y = _classifier_data(12)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    def per_sample(scores: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return nn.functional.cross_entropy(scores, target, reduction="none")

    with pytest.raises(ValueError, match=r"loss_fn returned \(4,\), not one number"):
        train_epoch(
            model, TensorBatches(X, y, batch_size=4), loss_fn=per_sample, optimizer=optimizer
        )


# -- issue 25: plots that drew nonsense, sizes that allocated before failing ----------------------


def test_plot_digits_refuses_what_is_not_a_batch_of_images() -> None:
    """torch.rand(784, 3) was drawn as three "digits" of shuffled pixels."""
    with pytest.raises(ValueError, match=r"images must have shape \(n, 784\).*got \(784, 3\)"):
        plotting.plot_digits(torch.rand(784, 3), ["a", "b", "c"])
    with pytest.raises(ValueError, match="for one image"):
        plotting.plot_digits(torch.rand(28, 28), ["a"])
    with pytest.raises(TypeError, match="titles must be a list of strings"):
        plotting.plot_digits(torch.rand(2, 784), [1, 2])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="titles must be a list of strings"):
        plotting.plot_digits(torch.rand(2, 784), "ab")
    with pytest.raises(ValueError, match="the number of images must be an integer >= 1, got 0"):
        plotting.plot_digits(torch.rand(0, 784), [])
    with pytest.raises(TypeError, match=r"images must be a torch\.Tensor, got ndarray"):
        plotting.plot_digits(np.random.default_rng(0).random((2, 784)), ["a", "b"])  # type: ignore[arg-type]
    fig = plotting.plot_digits(torch.rand(2, 1, 28, 28), ["a", "b"])  # (n, 1, 28, 28) is a batch
    assert [ax.get_title() for ax in fig.axes if ax.get_title()] == ["a", "b"]


def forbid(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    """Make ``owner.name`` fail if called: the check must come before the allocation."""

    def allocated(*_args: object, **_kwargs: object) -> object:
        raise AssertionError(f"{name} ran: the size was not checked before allocating")

    monkeypatch.setattr(owner, name, allocated)


def test_implausible_sizes_are_refused_before_anything_is_allocated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: confusion_matrix(n_classes=20000) for one sample allocated 3.2 GB (6.9 s), a
    resolution of 20000 allocated 8 GB before a MemoryError (20 s), DeepMLP(depth=10**6) ran
    148 s to std::bad_alloc at 10.7 GB (under a 13.4 GiB address-space limit)."""
    X, y = logic_gate("xor")
    forbid(monkeypatch, torch, "bincount")
    with pytest.raises(ValueError, match=r"n_classes=20000 makes a 20000 × 20000 matrix"):
        confusion_matrix(torch.tensor([0]), torch.tensor([0]), n_classes=20_000)
    forbid(monkeypatch, torch, "linspace")
    with pytest.raises(ValueError, match=r"resolution must be at most 1,000 .*got 20,000"):
        plotting.plot_decision_boundary(lambda P: P[:, 0], X, y, lang="en", resolution=20_000)
    with pytest.raises(ValueError, match=r"resolution must be an integer >= 2, got 1"):
        plotting.plot_decision_boundary(lambda P: P[:, 0], X, y, lang="en", resolution=1)
    forbid(monkeypatch, nn.Linear, "__init__")
    with pytest.raises(ValueError, match=r"depth must be at most 1,000 .*got 1,000,000"):
        architectures.DeepMLP(2, 32, 1, depth=10**6)
    with pytest.raises(ValueError, match=r"DeepMLP\(2, 100000, 1, depth=100\) would hold"):
        architectures.DeepMLP(2, 100_000, 1, depth=100)
    with pytest.raises(ValueError, match=r"MLP\(2, 10000, 10000\) would hold 100,040,000 numbers"):
        models.MLP(2, 10_000, 10_000)


def test_the_parameter_budget_counts_what_the_networks_hold() -> None:
    for batchnorm in (False, True):
        model = architectures.DeepMLP(3, 7, 2, depth=4, batchnorm=batchnorm)
        expected = 4 * 7 + 3 * 8 * 7 + (4 * 2 * 7 if batchnorm else 0) + 8 * 2
        assert architectures.count_parameters(model) == expected


# -- issue 25: shapes that broadcast, types that reached PyTorch ---------------------------------


def test_gradients_of_another_shape_are_refused_not_broadcast() -> None:
    """max_abs_difference gave 0.0 and step updated the weights with broadcast gradients."""
    net = ManualMLP(2, 3, 1, seed=0)
    ones = Gradients(torch.ones(1), torch.ones(1), torch.ones(1), torch.ones(1))
    own = net.backward(net.forward(torch.randn(4, 2)), torch.randn(4, 1))
    with pytest.raises(ValueError, match=r"other.W1 has shape \(1,\).*but W1 has \(2, 3\)"):
        own.max_abs_difference(ones)
    before = net.W1.clone()
    with pytest.raises(ValueError, match=r"gradients.W1 has shape \(1,\).*but W1 has \(2, 3\)"):
        net.step(ones, 0.1)
    with pytest.raises(ValueError, match=r"gradients.W1 has shape .*torch.float64"):
        net.step(Gradients(*(g.double() for g in dataclasses.astuple(own))), 0.1)
    nan = dataclasses.replace(own, b2=torch.tensor([math.nan]))
    with pytest.raises(ValueError, match=r"gradients\.b2 holds NaN or infinite values"):
        net.step(nan, 0.1)
    assert torch.equal(net.W1, before)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float16])
def test_the_perceptron_names_the_dtype_it_computes_in(dtype: torch.dtype) -> None:
    X, y = logic_gate("and")
    p = Perceptron(2)
    message = rf"X has dtype {dtype}, but the model computes in torch.float32: convert it"
    with pytest.raises(TypeError, match=message):
        p.fit(X.to(dtype), y)
    with pytest.raises(TypeError, match=message):
        p.predict(X.to(dtype))


def test_kaiming_init_reinitialises_layers_without_bias_and_refuses_before_changing() -> None:
    """A layer made with bias=False raised AttributeError after the layers before it had been
    re-initialised: the model was left half changed."""
    torch.manual_seed(0)
    first, no_bias, last = nn.Linear(300, 300), nn.Linear(300, 300, bias=False), nn.Linear(300, 300)
    model = nn.Sequential(first, no_bias, last)
    before = [p.detach().clone() for p in model.parameters()]
    architectures.kaiming_init(model)
    assert all(not torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))
    assert last.bias.abs().max() == 0
    assert abs(no_bias.weight.var().item() * 300 - 2) < 0.1  # N(0, 2 / fan_in)
    with pytest.raises(ValueError, match=r"holds no nn.Linear, so kaiming_init would change"):
        architectures.kaiming_init(nn.ReLU())
    with pytest.raises(TypeError, match=r"model must be a torch\.nn\.Module, got ndarray"):
        architectures.kaiming_init(np.zeros(3))  # type: ignore[arg-type]


def test_numpy_arrays_and_lists_get_nnguides_own_error_naming_the_argument() -> None:
    """Before: "X is on cpu but y is on cpu", or AttributeError: 'numpy.ndarray' object has no
    attribute 'is_floating_point' / 'detach' / 'cpu', or _all() got an unexpected keyword."""
    X, y = logic_gate("xor")
    model = nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    calls: dict[str, Callable[[], object]] = {
        "X": lambda: TensorBatches(X.numpy(), y.numpy(), batch_size=2),  # type: ignore[arg-type]
        "y": lambda: fit_full_batch(
            model,
            X,
            y.float().numpy(),  # type: ignore[arg-type]
            loss_fn=nn.MSELoss(),
            optimizer=optimizer,
            epochs=1,
        ),
        "predicted": lambda: confusion_matrix(np.array([0, 1]), y[:2], n_classes=2),  # type: ignore[arg-type]
        "hidden": lambda: activations.dead_fraction(np.zeros((2, 2))),  # type: ignore[arg-type]
        "matrix": lambda: plotting.plot_confusion_matrix(np.eye(3, dtype=int), lang="en"),  # type: ignore[arg-type]
    }
    for name, call in calls.items():
        with pytest.raises(TypeError, match=rf"^{name} must be a torch.Tensor, got ndarray"):
            call()
    with pytest.raises(TypeError, match="batches yielded targets of type list"):
        evaluate(nn.Linear(2, 2), [(X, [0, 1, 1, 0])])  # type: ignore[list-item]
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=2)
    model = nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(
        TypeError, match=r"batches must be a nnguide\.training\.TensorBatches, got Data"
    ):
        GraphedTrainer(model, loader, optimizer=optimizer, loss_fn=nn.CrossEntropyLoss())  # type: ignore[arg-type]


def test_half_mse_asks_for_one_row_per_sample() -> None:
    with pytest.raises(ValueError, match=r"y_pred must be 2-D .* got \(3,\).*unsqueeze\(1\)"):
        half_mse(torch.ones(3), torch.zeros(3))


def test_meta_tensors_are_named_as_having_no_values() -> None:
    meta = torch.zeros(4, 2, device="meta")
    for call in (
        lambda: Perceptron(2).predict(meta),
        lambda: models.MLP(2, 3, 1)(meta),
        lambda: confusion_matrix(meta.long()[:, 0], meta.long()[:, 0], n_classes=2),
    ):
        with pytest.raises(ValueError, match="is a meta tensor, which has a shape but no values"):
            call()


def test_flags_and_seeds_must_be_what_they_say() -> None:
    """seed=True reached torch.manual_seed's RuntimeError; shuffle="no" shuffled."""
    X, y = logic_gate("xor")
    with pytest.raises(TypeError, match="seed must be an integer, got True"):
        TensorBatches(X, y, batch_size=2, seed=True)
    with pytest.raises(TypeError, match="seed must be an integer, got True"):
        Perceptron(2, seed=True)
    with pytest.raises(TypeError, match=r"shuffle must be True or False, got 'no'.*counts as True"):
        TensorBatches(X, y, batch_size=2, shuffle="no")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="residual must be True or False, got 'no'"):
        architectures.DeepMLP(2, 3, 1, depth=2, residual="no")  # type: ignore[arg-type]
    assert TensorBatches(X, y, batch_size=2, shuffle=np.True_).shuffle is True  # type: ignore[arg-type]


def test_an_unused_layer_is_named_as_the_reason_it_has_no_gradient() -> None:
    """It said "no gradients yet: call loss.backward()" after loss.backward() had run."""
    model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1), nn.Linear(5, 5))
    model[1](model[0](torch.randn(4, 2))).sum().backward()
    with pytest.raises(
        RuntimeError, match=r"Linear layer 3 of 3 got no gradient from loss\.backward"
    ):
        activations.gradient_norms(model)
    with pytest.raises(RuntimeError, match=r"no gradients yet: call loss\.backward"):
        activations.gradient_norms(nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1)))
