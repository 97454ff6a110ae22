"""The captured training step: on the CPU it is exactly the chapter's loop; on a GPU, a graph."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from nnguide.graphed import GraphedTrainer, batch_sizes, check_capturable
from nnguide.training import TensorBatches, train_epoch

N_SAMPLES, BATCH = 70, 16  # four full batches and a last one of 6


def problem(device: str = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(1)
    X = torch.randn(N_SAMPLES, 4, generator=generator)
    y = (X[:, 0] + X[:, 1] > 0).long() + (X[:, 2] > 1).long()  # three classes
    return X.to(device), y.to(device)


def classifier(device: str = "cpu", dropout: float = 0.2) -> nn.Module:
    torch.manual_seed(0)
    layers = [nn.Linear(4, 16), nn.ReLU(), nn.Dropout(dropout), nn.Linear(16, 3)]
    return nn.Sequential(*layers).to(device)


def shuffled(X: torch.Tensor, y: torch.Tensor) -> TensorBatches:
    return TensorBatches(X, y, batch_size=BATCH, shuffle=True, seed=3)


needs_cuda = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="CUDA graphs need an NVIDIA GPU; this machine has none"
)


def test_an_epoch_has_full_batches_then_the_rest() -> None:
    assert batch_sizes(60_000, 64) == [64, 32]
    assert batch_sizes(N_SAMPLES, BATCH) == [16, 6]
    assert batch_sizes(64, 64) == [64]
    assert batch_sizes(10, 64) == [10]
    with pytest.raises(ValueError, match="batch_size"):
        batch_sizes(10, 0)


def test_on_the_cpu_the_trainer_repeats_the_chapters_loop_exactly() -> None:
    X, y = problem()
    loop_model, trainer_model = classifier(), classifier()
    loss_fn = nn.CrossEntropyLoss()
    loop_optimizer = torch.optim.Adam(loop_model.parameters(), lr=0.01)
    torch.manual_seed(5)  # dropout's masks
    batches = shuffled(X, y)
    expected = [
        train_epoch(loop_model, batches, loss_fn=loss_fn, optimizer=loop_optimizer)
        for _ in range(3)
    ]
    optimizer = torch.optim.Adam(trainer_model.parameters(), lr=0.01)
    trainer = GraphedTrainer(trainer_model, shuffled(X, y), optimizer=optimizer, loss_fn=loss_fn)
    torch.manual_seed(5)
    assert not trainer.graphed
    assert [trainer.train_epoch() for _ in range(3)] == expected
    for trained, reference in zip(trainer_model.parameters(), loop_model.parameters(), strict=True):
        assert torch.equal(trained, reference)


def test_bad_input_is_refused_with_what_to_change() -> None:
    X, y = problem()
    model = classifier()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    with pytest.raises(TypeError, match="class indices"):
        GraphedTrainer(model, shuffled(X, y.float()), optimizer=optimizer, loss_fn=loss_fn)
    other = torch.optim.SGD(classifier().parameters(), lr=0.1)
    with pytest.raises(ValueError, match="optimizer"):
        GraphedTrainer(model, shuffled(X, y), optimizer=other, loss_fn=loss_fn)
    elsewhere = classifier("meta")
    with pytest.raises(ValueError, match=r"on meta but the batches on cpu: move the model"):
        GraphedTrainer(
            elsewhere,
            shuffled(X, y),
            optimizer=torch.optim.SGD(elsewhere.parameters(), lr=0.1),
            loss_fn=loss_fn,
        )
    with pytest.raises(ValueError, match="capturable=True"):
        check_capturable(optimizer)


@needs_cuda
def test_on_a_gpu_the_captured_step_trains_repeatably_and_undoes_its_warm_up() -> None:
    X, y = problem("cuda")
    results = []
    for _ in range(2):
        model = classifier("cuda")
        initial = [p.detach().clone() for p in model.parameters()]
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01, capturable=True)
        trainer = GraphedTrainer(
            model, shuffled(X, y), optimizer=optimizer, loss_fn=nn.CrossEntropyLoss()
        )
        assert trainer.graphed
        assert sorted(trainer.graphs) == [6, 16]
        assert all(torch.equal(p, q) for p, q in zip(model.parameters(), initial, strict=True))
        torch.manual_seed(5)
        results.append([trainer.train_epoch() for _ in range(30)])
    assert results[0] == results[1]  # the same seeds, the same run
    first, last = results[0][0], results[0][-1]
    assert last[0] < first[0] / 2
    assert last[1] > first[1] + 0.2  # measured with dropout on, over 70 samples: 0.56 -> 0.87


@needs_cuda
@pytest.mark.parametrize("fused", [False, True])
def test_on_a_gpu_the_graphs_train_as_the_eager_loop_does_and_follow_the_schedule(
    fused: bool,
) -> None:
    X, y = problem("cuda")
    loss_fn = nn.CrossEntropyLoss()
    runs = {}
    for graphed in (False, True):
        model = classifier("cuda", dropout=0.0)  # no random masks: the two runs can be compared
        optimizer = torch.optim.Adam(model.parameters(), lr=0.05, fused=fused, capturable=True)
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=4)
        batches = shuffled(X, y)
        if graphed:
            trainer = GraphedTrainer(model, batches, optimizer=optimizer, loss_fn=loss_fn)
            assert trainer.graphed
            assert isinstance(optimizer.param_groups[0]["lr"], float)  # as it was given
        epochs = []
        for _ in range(4):
            if graphed:
                epochs.append(trainer.train_epoch())
            else:
                epochs.append(train_epoch(model, batches, loss_fn=loss_fn, optimizer=optimizer))
            schedule.step()
        runs[graphed] = epochs, [p.detach().clone() for p in model.parameters()]
    (eager_epochs, eager_params), (graphed_epochs, graphed_params) = runs[False], runs[True]
    flat = [[value for epoch in run for value in epoch] for run in (graphed_epochs, eager_epochs)]
    assert flat[0] == pytest.approx(flat[1], rel=1e-4)  # (loss, accuracy) of every epoch
    for p, q in zip(graphed_params, eager_params, strict=True):
        torch.testing.assert_close(p, q, rtol=1e-4, atol=1e-5)


@needs_cuda
def test_on_a_gpu_dropout_draws_new_masks_on_every_replay() -> None:
    X, y = problem("cuda")
    model = classifier("cuda", dropout=0.5)
    initial = [p.detach().clone() for p in model.parameters()]
    # a learning rate of 0: the weights never change, so only the masks can change the loss
    optimizer = torch.optim.Adam(model.parameters(), lr=0.0, capturable=True)
    batches = TensorBatches(X, y, batch_size=N_SAMPLES)  # one batch, the same every epoch
    trainer = GraphedTrainer(model, batches, optimizer=optimizer, loss_fn=nn.CrossEntropyLoss())
    losses = [trainer.train_epoch()[0] for _ in range(5)]
    assert all(torch.equal(p, q) for p, q in zip(model.parameters(), initial, strict=True))
    assert len(set(losses)) == len(losses)


class Scaled(nn.Module):
    """The classifier times a scale that a test can set to NaN after the graphs are recorded."""

    def __init__(self, device: str) -> None:
        super().__init__()
        self.net = classifier(device)
        self.register_buffer("scale", torch.ones((), device=device))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.net(x) * self.scale
        return out


@pytest.mark.parametrize("device", ["cpu", pytest.param("cuda", marks=needs_cuda)])
def test_an_epoch_whose_outputs_hold_nan_reports_no_accuracy(device: str) -> None:
    """The graphs count the samples whose outputs hold NaN; before, an epoch reported accuracy
    1.0 beside loss nan (argmax reads NaN as the largest score)."""
    X, y = problem(device)
    model = Scaled(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01, capturable=device == "cuda")
    trainer = GraphedTrainer(
        model, shuffled(X, y), optimizer=optimizer, loss_fn=nn.CrossEntropyLoss()
    )
    assert trainer.graphed == (device == "cuda")
    loss, accuracy = trainer.train_epoch()
    assert math.isfinite(loss)
    assert 0 < accuracy <= 1
    with torch.no_grad():
        model.scale.fill_(math.nan)  # type: ignore[operator]  # the graphs read it where it is
    with pytest.raises(ValueError, match="outputs hold NaN or infinite values for 70 of 70"):
        trainer.train_epoch()
