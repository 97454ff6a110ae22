"""The perceptron learns what a line can separate, and nothing else."""

from __future__ import annotations

import pytest
import torch

from nnguide import Perceptron
from nnguide.datasets import GATES, logic_gate

X4 = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
@pytest.mark.parametrize("seed", range(5))
def test_learns_separable_gates(gate: str, seed: int) -> None:
    X, y = logic_gate(gate)
    perceptron = Perceptron(2, seed=seed)
    history = perceptron.fit(X, y, max_epochs=100)
    assert history.converged
    assert history.errors[-1] == 0
    assert history.converged_epoch == len(history.errors)
    assert torch.equal(perceptron.predict(X), y)


@pytest.mark.parametrize("seed", range(5))
def test_never_learns_xor(seed: int) -> None:
    X, y = logic_gate("xor")
    perceptron = Perceptron(2, seed=seed)
    history = perceptron.fit(X, y, max_epochs=200)
    assert not history.converged
    assert history.converged_epoch is None
    assert history.epochs == 200
    assert min(history.errors) >= 1
    assert not torch.equal(perceptron.predict(X), y)


def test_one_update_follows_the_learning_rule() -> None:
    perceptron = Perceptron(2, learning_rate=0.5, seed=3)
    x = torch.tensor([[1.0, 2.0]])
    w, b = perceptron.weights.clone(), perceptron.bias.clone()
    predicted = int(perceptron.predict(x).item())
    target = 1 - predicted  # force a mistake
    perceptron.fit(x, torch.tensor([target]), max_epochs=1)
    error = target - predicted
    torch.testing.assert_close(perceptron.weights, w + 0.5 * error * x[0])
    torch.testing.assert_close(perceptron.bias, b + 0.5 * error)


def test_same_seed_same_run_different_seed_different_start() -> None:
    X, y = logic_gate("nand")
    a, b, c = Perceptron(2, seed=7), Perceptron(2, seed=7), Perceptron(2, seed=8)
    assert torch.equal(a.weights, b.weights)
    assert not torch.equal(a.weights, c.weights)
    assert a.fit(X, y).errors == b.fit(X, y).errors
    assert torch.equal(a.weights, b.weights)


def test_repr_shows_the_parameters() -> None:
    text = repr(Perceptron(2, learning_rate=0.25, seed=0))
    assert text.startswith("Perceptron(n_features=2, learning_rate=0.25, weights=[")
    assert "bias=" in text


def test_gates_are_truth_tables() -> None:
    for name, outputs in GATES.items():
        X, y = logic_gate(name.upper())
        assert X.dtype == torch.float32
        assert y.tolist() == list(outputs)
    _, xor = logic_gate("xor")
    _, or_ = logic_gate("or")
    _, and_ = logic_gate("and")
    assert torch.equal(xor, or_ - and_)


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (torch.zeros(4, 2), torch.tensor([0, 1, 1]), "X has 4 samples but y has 3 labels"),
        (torch.zeros(4, 2), torch.tensor([0, 1, 2, 1]), "y must hold only 0 and 1, but it holds 2"),
        (
            torch.zeros(4, 2),
            torch.tensor([[0], [1], [1], [0]]),
            r"y must be 1-D .* got shape \(4, 1\)",
        ),
        (
            torch.zeros(4, 3),
            torch.tensor([0, 1, 1, 0]),
            "X has 3 features per sample, but 2 were expected",
        ),
        (
            torch.tensor([[0.0, float("nan")]] * 4),
            torch.tensor([0, 1, 1, 0]),
            "NaN or infinite values in 4 row",
        ),
        (torch.zeros(2), torch.tensor([0, 1]), r"X must be 2-D .* got shape \(2,\)"),
        (torch.zeros(0, 2), torch.tensor([], dtype=torch.int64), "X holds no samples"),
    ],
)
def test_bad_input_is_refused_clearly(X: torch.Tensor, y: torch.Tensor, message: str) -> None:
    perceptron = Perceptron(2, seed=0)
    before = perceptron.weights.clone()
    with pytest.raises(ValueError, match=message):
        perceptron.fit(X, y)
    assert torch.equal(perceptron.weights, before)  # nothing half-trained


@pytest.mark.parametrize(
    ("X", "error", "message"),
    [
        ([[0.0, 1.0]], TypeError, "X must be a torch.Tensor, got list"),
        (
            torch.tensor([[0, 1]]),
            TypeError,
            "X must hold floating-point numbers, got dtype torch.int64",
        ),
    ],
)
def test_wrong_types_are_refused_clearly(X: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        Perceptron(2).predict(X)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_features": 0}, "n_features must be an integer >= 1, got 0"),
        (
            {"n_features": 2, "learning_rate": -0.1},
            "learning_rate must be a finite number greater than 0",
        ),
        (
            {"n_features": 2, "learning_rate": float("nan")},
            "learning_rate must be a finite number greater than 0",
        ),
    ],
)
def test_bad_hyperparameters_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Perceptron(**kwargs)  # type: ignore[arg-type]


def test_unknown_gate_lists_the_known_ones() -> None:
    with pytest.raises(
        ValueError, match="unknown logic gate 'xnor'; choose one of: and, or, nand, xor"
    ):
        logic_gate("xnor")
