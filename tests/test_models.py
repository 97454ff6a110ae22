"""MLPs, the training loop and the architecture patterns, including the chapters' claims about them."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from chapters import chapter_constants
from torch import nn

from nnguide.architectures import (
    Decoder,
    DeepMLP,
    Encoder,
    NormalizedMLP,
    ResidualBlock,
    count_parameters,
)
from nnguide.datasets import logic_gate, two_spirals
from nnguide.models import MLP
from nnguide.training import fit_full_batch

ROOT = Path(__file__).resolve().parents[1]


XOR = chapter_constants("plot_02_mlp_xor.py")
X_XOR, LABELS_XOR = logic_gate("xor")
Y_XOR = LABELS_XOR.float().unsqueeze(1)


def train_xor(hidden_units: int, seed: int, loss_fn: nn.Module | None = None) -> MLP:
    torch.manual_seed(seed)
    model = MLP(2, hidden_units, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=XOR["LEARNING_RATE"])
    fit_full_batch(
        model,
        X_XOR,
        Y_XOR,
        loss_fn=loss_fn or nn.MSELoss(),
        optimizer=optimizer,
        epochs=XOR["EPOCHS"],
    )
    return model


def test_the_chapter_settings_solve_xor_for_at_least_9_of_10_seeds() -> None:
    assert XOR["WIDE_HIDDEN_FEATURES"] == 16
    assert XOR["LEARNING_RATE"] == 0.1
    assert XOR["EPOCHS"] == 1000
    solved = 0
    for seed in range(10):
        model = train_xor(XOR["WIDE_HIDDEN_FEATURES"], seed)
        with torch.no_grad():
            prediction = model(X_XOR)
        solved += bool(((prediction - Y_XOR).abs() < 0.5).all())
    assert solved >= 9


def test_the_page_seed_solves_xor_with_the_source_width() -> None:
    model = train_xor(XOR["HIDDEN_FEATURES"], XOR["SEED"])
    with torch.no_grad():
        assert torch.equal((model(X_XOR) > 0.5).long().squeeze(1), LABELS_XOR)


def test_mlp_shapes_and_errors() -> None:
    model = MLP(3, 5, 2, activation="tanh")
    assert model.hidden(torch.zeros(4, 3)).shape == (4, 5)
    assert model(torch.zeros(4, 3)).shape == (4, 2)
    assert isinstance(model.activation, nn.Tanh)
    with pytest.raises(ValueError, match="x has 2 features per sample, but 3 were expected"):
        model(torch.zeros(4, 2))
    with pytest.raises(ValueError, match="unknown activation 'softmax'"):
        MLP(3, 5, 2, activation="softmax")
    with pytest.raises(ValueError, match="hidden_features must be an integer >= 1, got 0"):
        MLP(3, 0, 2)


def test_fit_full_batch_refuses_mismatched_rows() -> None:
    model = nn.Linear(2, 1)
    with pytest.raises(ValueError, match="X has 4 rows but y has 3"):
        fit_full_batch(model, torch.zeros(4, 2), torch.zeros(3, 1), loss_fn=nn.MSELoss(),
                       optimizer=torch.optim.SGD(model.parameters(), lr=0.1), epochs=1)  # fmt: skip


def test_architecture_shapes_and_parameter_counts() -> None:
    assert count_parameters(Encoder()) == 218_058
    assert count_parameters(Decoder()) == 218_832
    assert (
        count_parameters(NormalizedMLP())
        - count_parameters(nn.Sequential(nn.Linear(784, 256), nn.Linear(256, 10)))
        == 512
    )
    block = ResidualBlock(6)
    x = torch.randn(3, 6)
    torch.testing.assert_close(block(x) - x, block.layers(x))
    with pytest.raises(ValueError, match="x has 5 features per sample, but 784 were expected"):
        Encoder()(torch.zeros(2, 5))


@pytest.mark.parametrize(
    ("residual", "batchnorm"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_deep_mlp_variants(residual: bool, batchnorm: bool) -> None:
    model = DeepMLP(2, 8, 3, depth=4, residual=residual, batchnorm=batchnorm)
    assert model(torch.randn(5, 2)).shape == (5, 3)
    assert sum(isinstance(m, nn.BatchNorm1d) for m in model.modules()) == (4 if batchnorm else 0)
    assert sum(isinstance(m, nn.Linear) for m in model.modules()) == 5


def test_deep_mlp_residual_adds_the_identity() -> None:
    torch.manual_seed(0)
    model = DeepMLP(2, 4, 1, depth=2, residual=True)
    x = torch.randn(3, 2)
    h1 = model.hidden[0](x)
    expected = model.output(h1 + model.hidden[1](h1))
    torch.testing.assert_close(model(x), expected)
    with pytest.raises(ValueError, match="depth must be an integer >= 1, got 0"):
        DeepMLP(2, 4, 1, depth=0)


def test_spirals_are_balanced_reproducible_and_validated() -> None:
    X, y = two_spirals(50, seed=3)
    X2, y2 = two_spirals(50, seed=3)
    assert X.shape == (100, 2)
    assert y.bincount().tolist() == [50, 50]
    assert torch.equal(X, X2)
    assert torch.equal(y, y2)
    assert not torch.equal(X, two_spirals(50, seed=4)[0])
    # the two arms are each other turned by 180°
    clean, _ = two_spirals(50, noise=0.0)
    torch.testing.assert_close(clean[50:], -clean[:50])
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        two_spirals(10, noise=-1.0)


def test_tensor_batches_visit_every_row_once_per_epoch_in_a_seeded_order() -> None:
    from nnguide.training import TensorBatches

    X = torch.arange(10.0).unsqueeze(1)
    y = torch.arange(10)
    batches = TensorBatches(X, y, batch_size=3, shuffle=True, seed=1)
    first = torch.cat([t for _, t in batches])
    second = torch.cat([t for _, t in batches])
    assert sorted(first.tolist()) == list(range(10))
    assert not torch.equal(first, second)  # a new order every epoch
    again = TensorBatches(X, y, batch_size=3, shuffle=True, seed=1)
    assert torch.equal(torch.cat([t for _, t in again]), first)
    for data, target in TensorBatches(X, y, batch_size=4, shuffle=True):
        torch.testing.assert_close(data.squeeze(1), target.float())  # rows stay paired
    with pytest.raises(ValueError, match="X has 10 rows but y has 9"):
        TensorBatches(X, y[:9], batch_size=2)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        TensorBatches(X, y, batch_size=0)


def test_train_epoch_learns_and_evaluate_measures() -> None:
    from nnguide.models import DigitClassifier
    from nnguide.training import TensorBatches, evaluate, train_epoch

    g = torch.Generator().manual_seed(0)
    X = torch.randn(256, 784, generator=g)
    y = (X[:, 0] > 0).long()  # a learnable rule: the sign of the first pixel
    torch.manual_seed(0)
    model = DigitClassifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = TensorBatches(X, y, batch_size=32, shuffle=True)
    losses = [
        train_epoch(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)[0]
        for _ in range(5)
    ]
    assert losses[-1] < losses[0]
    accuracy = evaluate(model, TensorBatches(X, y, batch_size=100))
    assert accuracy > 0.9
    assert not model.training  # evaluate switched dropout off
    with pytest.raises(ValueError, match="the data set is empty"):
        evaluate(model, [])
    with pytest.raises(ValueError, match=r"x must be a batch of 28×28 images, .* got \(2, 100\)"):
        model(torch.zeros(2, 100))
