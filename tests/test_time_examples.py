"""The speed guard: a chapter three times as slow fails it, the same chapter passes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import time_examples

pytestmark = pytest.mark.slow  # each test times chapters against the calibration workload

# A chapter whose work is the calibration's kind of work: small training steps and products.
CHAPTER = """
import torch

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
inputs, targets = torch.rand(4, 2), torch.rand(4, 1)
for _ in range({steps}):
    loss = torch.nn.functional.mse_loss(model(inputs), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(f"loss {{loss.item():.3f}}")
"""


def write_chapter(examples: Path, steps: int) -> None:
    (examples / "en").mkdir(parents=True, exist_ok=True)
    (examples / "en" / "plot_01_work.py").write_text(CHAPTER.format(steps=steps))


def run(examples: Path, *options: str) -> int:
    return time_examples.main(
        [
            "--examples",
            str(examples),
            "--baseline",
            str(examples / "baseline.json"),
            "--output",
            str(examples / "report.json"),
            # fewer calibrations, shorter repeats: a quick test; the session uses the defaults
            *("--rounds", "2", "--min-seconds", "0.5"),
            *options,
        ]
    )


def test_a_planted_threefold_slowdown_fails_and_unchanged_code_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_chapter(tmp_path, steps=2000)
    assert run(tmp_path, "--update") == 0
    baseline = json.loads((tmp_path / "baseline.json").read_text())
    assert baseline["examples"]["en/plot_01_work.py"]["ratio"] > 0

    assert run(tmp_path) == 0  # the same code
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["examples"]["en/plot_01_work.py"]["slowdown"] < time_examples.TOLERANCE

    write_chapter(tmp_path, steps=6000)  # the planted slowdown: three times the work
    assert run(tmp_path) == 1
    out = capsys.readouterr().out
    assert "SLOWER: over 2× its baseline" in out
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["examples"]["en/plot_01_work.py"]["slowdown"] > 2


def test_a_chapter_that_fails_says_so(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "plot_01_broken.py").write_text("raise ValueError('planted')\n")
    with pytest.raises(RuntimeError, match=r"plot_01_broken\.py failed, so it could not be timed"):
        run(tmp_path)
