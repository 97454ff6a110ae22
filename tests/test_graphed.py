"""The captured training step: on the CPU it is exactly the chapter's loop; on a GPU, a graph."""

from __future__ import annotations

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


def classifier(device: str = "cpu") -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 3)).to(device)


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
    batches = TensorBatches(X, y, batch_size=BATCH, shuffle=True, seed=3)
    torch.manual_seed(5)  # dropout's masks
    expected = [
        train_epoch(loop_model, batches, loss_fn=loss_fn, optimizer=loop_optimizer)
        for _ in range(3)
    ]
    trainer = GraphedTrainer(
        trainer_model,
        X,
        y,
        optimizer=torch.optim.Adam(trainer_model.parameters(), lr=0.01),
        loss_fn=loss_fn,
        batch_size=BATCH,
        seed=3,
    )
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
    with pytest.raises(ValueError, match="one target per sample"):
        GraphedTrainer(model, X, y[:-1], optimizer=optimizer, loss_fn=loss_fn, batch_size=BATCH)
    with pytest.raises(TypeError, match="class indices"):
        GraphedTrainer(model, X, y.float(), optimizer=optimizer, loss_fn=loss_fn, batch_size=BATCH)
    other = torch.optim.SGD(classifier().parameters(), lr=0.1)
    with pytest.raises(ValueError, match="optimizer"):
        GraphedTrainer(model, X, y, optimizer=other, loss_fn=loss_fn, batch_size=BATCH)
    with pytest.raises(ValueError, match="capturable=True"):
        check_capturable(optimizer)


@pytest.mark.skipif(
    not torch.cuda.is_available(), reason="CUDA graphs need an NVIDIA GPU; this machine has none"
)
def test_on_a_gpu_the_captured_step_trains_repeatably_and_undoes_its_warm_up() -> None:
    X, y = problem("cuda")
    results = []
    for _ in range(2):
        model = classifier("cuda")
        initial = [p.detach().clone() for p in model.parameters()]
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01, capturable=True)
        trainer = GraphedTrainer(
            model, X, y, optimizer=optimizer, loss_fn=nn.CrossEntropyLoss(), batch_size=BATCH
        )
        assert trainer.graphed
        assert sorted(trainer.graphs) == [6, 16]
        assert all(torch.equal(p, q) for p, q in zip(model.parameters(), initial, strict=True))
        torch.manual_seed(5)
        results.append([trainer.train_epoch() for _ in range(30)])
    assert results[0] == results[1]  # the same seeds, the same run
    first, last = results[0][0], results[0][-1]
    assert last[0] < first[0] / 2
    assert last[1] > 0.9
