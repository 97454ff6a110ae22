"""Training side by side gives every model exactly what training it alone gives."""

from __future__ import annotations

from functools import partial

import pytest
import torch
from torch import nn

from nnguide.datasets import logic_gate
from nnguide.models import MLP
from nnguide.side_by_side import StackedMLP, fit_side_by_side
from nnguide.training import fit_full_batch

X, LABELS = logic_gate("xor")
Y = LABELS.float().unsqueeze(1)


def seeded_models(hidden_features: int, seeds: range) -> list[MLP]:
    models = []
    for seed in seeds:
        torch.manual_seed(seed)
        models.append(MLP(2, hidden_features, 1))
    return models


@pytest.mark.parametrize("hidden_features", [4, 16])
@pytest.mark.parametrize(
    "optimizer",
    [partial(torch.optim.Adam, lr=0.1), partial(torch.optim.SGD, lr=0.5, momentum=0.9)],
    ids=["adam", "sgd"],
)
def test_side_by_side_equals_one_model_after_another_bit_for_bit(
    hidden_features: int, optimizer: partial[torch.optim.Optimizer]
) -> None:
    # chapter 02's reliability experiment: the same seeds, loss, optimizer and number of epochs
    seeds, epochs = range(10), 400
    alone = seeded_models(hidden_features, seeds)
    expected = [
        fit_full_batch(
            model,
            X,
            Y,
            loss_fn=nn.MSELoss(),
            optimizer=optimizer(model.parameters()),
            epochs=epochs,
        )
        for model in alone
    ]
    together = seeded_models(hidden_features, seeds)
    losses = fit_side_by_side(
        together, X, Y, loss_fn=nn.MSELoss(), optimizer=optimizer, epochs=epochs
    )

    assert losses.shape == (epochs, len(seeds))
    assert losses.T.tolist() == expected  # every loss of every step, as Python floats
    for one, other in zip(alone, together, strict=True):
        for p, q in zip(one.parameters(), other.parameters(), strict=True):
            assert torch.equal(p, q)
    assert len({run[10] for run in expected}) == len(seeds)  # every run its own: a real test


def test_the_stack_computes_each_models_output() -> None:
    models = seeded_models(3, range(4))
    stack = StackedMLP(models)
    x = torch.rand(7, 2)
    with torch.no_grad():
        for r, model in enumerate(models):
            assert torch.equal(stack(x)[r], model(x))


class Shifted(MLP):
    """An MLP whose forward adds 1: not what the stack computes."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x) + 1


class WithScale(MLP):
    def __init__(self) -> None:
        super().__init__(2, 4, 1)
        self.scale = nn.Parameter(torch.ones(()))


@pytest.mark.parametrize(
    ("models", "error", "message"),
    [
        ([], ValueError, "models is empty"),
        ([nn.Linear(2, 1)], TypeError, r"models\[0\] is not a one-hidden-layer MLP"),
        (
            [MLP(2, 4, 1), MLP(2, 5, 1)],
            ValueError,
            r"models\[1\]\.layer1\.weight has shape \(5, 2\)",
        ),
        (
            [MLP(2, 4, 1), MLP(2, 4, 1, activation="tanh")],
            ValueError,
            "models.1. uses Tanh but models.0. uses ReLU",
        ),
        ([WithScale()], ValueError, "parameters outside layer1 and layer2"),
        ([MLP(2, 4, 1), Shifted(2, 4, 1)], ValueError, r"models\[1\] does not compute"),
    ],
    ids=["empty", "not-an-mlp", "shapes", "activations", "extra-parameter", "other-forward"],
)
def test_models_that_cannot_be_stacked_are_refused(
    models: list[nn.Module], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        fit_side_by_side(
            models,  # type: ignore[arg-type]
            X,
            Y,
            loss_fn=nn.MSELoss(),
            optimizer=partial(torch.optim.Adam, lr=0.1),
            epochs=1,
        )


def test_bad_training_data_is_refused_before_any_step() -> None:
    models = seeded_models(4, range(2))
    before = [p.clone() for p in models[0].parameters()]
    adam = partial(torch.optim.Adam, lr=0.1)
    with pytest.raises(ValueError, match="X has 4 rows but y has 3"):
        fit_side_by_side(models, X, Y[:3], loss_fn=nn.MSELoss(), optimizer=adam, epochs=5)
    with pytest.raises(ValueError, match="the targets have shape"):
        fit_side_by_side(models, X, Y.squeeze(1), loss_fn=nn.MSELoss(), optimizer=adam, epochs=5)
    with pytest.raises(ValueError, match="epochs must be an integer >= 1"):
        fit_side_by_side(models, X, Y, loss_fn=nn.MSELoss(), optimizer=adam, epochs=0)
    assert all(torch.equal(p, q) for p, q in zip(before, models[0].parameters(), strict=True))
