"""Speed guard for the chapters: each one's running time as a ratio to a calibration workload.

A wall-clock limit fails on a slow or busy machine, not on slow code. Here every chapter runs in
a process of its own, between timings of a fixed calibration workload (:func:`calibrate`: matrix
products, small training steps and a Python loop, the mix the chapters spend their time on) in the
same process. The ratio ``chapter seconds / calibration seconds`` is compared with the ratio
committed in ``benchmarks/results/example-times.json``: a machine twice as slow stretches both
times and keeps the ratio, code three times as slow triples it. The run fails when a chapter's
ratio exceeds ``TOLERANCE`` (2) times its baseline, which leaves room for the noise of a busy
machine.

Run it with ``nox -s timing`` (``-- en plot_02`` for fewer chapters; ``-- --update`` writes this
run's ratios as the new baseline, for when a chapter changes on purpose). It prints a table and
writes it as JSON to ``docs/_build/timing/examples.json``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import io
import itertools
import json
import os
import platform
import runpy
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BASELINE = ROOT / "benchmarks" / "results" / "example-times.json"
REPORT = ROOT / "docs" / "_build" / "timing" / "examples.json"
TOLERANCE = 2.0
"""A chapter fails when its ratio exceeds this many times its baseline ratio. On a shared two-core
machine, one chapter's ratio varies by about ±30 % from run to run (the same code in its two
languages, timed minutes apart, differed by up to a third), so the baseline and a new run may
differ by a factor of up to about 1.9 with nothing changed; a chapter three times as slow still
fails with room to spare. A chapter over it is timed once more, in a fresh process, and the faster
of its two runs counts: a busy machine's hiccup seldom spans a whole chapter twice, a real slowdown
does."""
CALIBRATION_ROUNDS = 3
"""Calibration timings before and after the chapter; their median counts."""
MIN_SECONDS = 2.0
"""A chapter shorter than this runs again (in the same process, at most 10 times) until it has
run this long; the median run counts, so that one hiccup of a busy machine decides nothing."""


def calibrate() -> float:
    """Run the calibration workload once; return its seconds.

    Three parts, in the proportions of the chapters' own work: training steps of chapter 05's
    network (784 → 256 → 128 → 10, batches of 64: PyTorch's threads at work, about half the time,
    as in chapter 05), training steps of a tiny MLP (the per-call overhead that chapters 02 to 06
    are made of) and a plain Python loop. A machine with fewer or busier cores slows the first part
    more than the others, and the chapters in the same proportion.
    """
    import torch  # noqa: PLC0415 (the parent process does not need PyTorch)
    from torch import nn  # noqa: PLC0415

    generator = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    # (layer widths, batch size, steps): chapter 05's network, then a tiny MLP
    for widths, batch, steps in (((784, 256, 128, 10), 64, 150), ((2, 16, 1), 4, 500)):
        layers: list[nn.Module] = []
        for fan_in, fan_out in itertools.pairwise(widths):
            layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
        model = nn.Sequential(*layers[:-1])  # no activation after the output layer
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        inputs = torch.rand(batch, widths[0], generator=generator)
        targets = torch.rand(batch, widths[-1], generator=generator)
        for _ in range(steps):
            loss = nn.functional.mse_loss(model(inputs), targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    total = 0
    for i in range(1_000_000):
        total += i % 7
    return time.perf_counter() - start


def imported_modules(script: Path) -> list[str]:
    """Return the modules ``script`` imports at its top level, to import before timing it.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     script = Path(folder) / "plot_00.py"
    ...     _ = script.write_text("import torch; from torch import nn; from nnguide import models")
    ...     imported_modules(script)
    ['torch', 'torch', 'nnguide']
    """
    modules = []
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
    return modules


@dataclass(frozen=True)
class Timing:
    """One chapter's measurement: its seconds, the calibration's, and their ratio."""

    example: str  # "en/plot_02_mlp_xor.py"
    seconds: float
    calibration_seconds: float
    runs: int

    @property
    def ratio(self) -> float:
        """The chapter's time in units of the calibration workload."""
        return self.seconds / self.calibration_seconds


def time_in_this_process(
    script: Path, rounds: int = CALIBRATION_ROUNDS, min_seconds: float = MIN_SECONDS
) -> tuple[float, float, int]:
    """Time ``script`` between calibrations; return its median seconds, the calibration's, runs.

    The libraries the script imports, and PyTorch's optimizers, are loaded first (one calibration
    round as a warm-up): a chapter pays for its own work, not for loading libraries.
    """
    os.environ["MPLBACKEND"] = "Agg"  # plt.show() draws nothing
    import matplotlib.pyplot as plt  # noqa: PLC0415 (after choosing the backend)

    calibrate()  # warm-up: imports torch, and the optimizers' first step
    for module in imported_modules(script):
        importlib.import_module(module)
    calibration = [calibrate() for _ in range(rounds)]
    os.chdir(script.parent)  # as sphinx-gallery runs it
    sys.path.insert(0, str(script.parent))
    runs: list[float] = []
    while not runs or (sum(runs) < min_seconds and len(runs) < 10):
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(str(script), run_name="__main__")
        runs.append(time.perf_counter() - start)
        plt.close("all")
    calibration += [calibrate() for _ in range(rounds)]
    return statistics.median(runs), statistics.median(calibration), len(runs)


def time_example(script: Path, examples: Path, rounds: int, min_seconds: float) -> Timing:
    """Time ``script`` in a fresh Python process (:func:`time_in_this_process`)."""
    child = ["--child", str(script), "--rounds", str(rounds), "--min-seconds", str(min_seconds)]
    result = subprocess.run(
        [sys.executable, __file__, *child],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        msg = f"{script} failed, so it could not be timed:\n{result.stderr[-3000:]}"
        raise RuntimeError(msg)
    seconds, calibration, runs = json.loads(result.stdout.splitlines()[-1])
    return Timing(script.relative_to(examples).as_posix(), seconds, calibration, runs)


@dataclass(frozen=True)
class Verdict:
    """A chapter's ratio against its baseline."""

    timing: Timing
    baseline_ratio: float | None

    @property
    def slowdown(self) -> float | None:
        """How many times its baseline ratio the chapter's ratio is (``None``: no baseline)."""
        return None if self.baseline_ratio is None else self.timing.ratio / self.baseline_ratio

    @property
    def failed(self) -> bool:
        """Whether the chapter is clearly slower than its baseline, or has none."""
        return self.slowdown is None or self.slowdown > TOLERANCE


def judge(timings: list[Timing], baseline: dict[str, float]) -> list[Verdict]:
    """Compare each timing's ratio with its baseline ratio.

    >>> fast, slow = Timing("en/a.py", 2.0, 0.5, 1), Timing("en/b.py", 6.0, 0.5, 1)
    >>> [v.failed for v in judge([fast, slow], {"en/a.py": 4.0, "en/b.py": 4.0})]
    [False, True]
    >>> judge([fast], {})[0].failed  # no baseline: record one with --update
    True
    """
    return [Verdict(timing, baseline.get(timing.example)) for timing in timings]


def table(verdicts: list[Verdict]) -> str:
    """Return the verdicts as a text table."""
    header = (
        f"{'example':<34} {'seconds':>8} {'calib. s':>8} {'ratio':>7} {'baseline':>8} "
        f"{'× base':>7}  verdict"
    )
    lines = [header]
    for verdict in verdicts:
        timing, slowdown = verdict.timing, verdict.slowdown
        base = "-" if verdict.baseline_ratio is None else f"{verdict.baseline_ratio:.1f}"
        times = "-" if slowdown is None else f"{slowdown:.2f}"
        if slowdown is None:
            result = "no baseline: run with --update and commit it"
        elif verdict.failed:
            result = f"SLOWER: over {TOLERANCE:g}× its baseline"
        else:
            result = "ok"
        lines.append(
            f"{timing.example:<34} {timing.seconds:>8.2f} {timing.calibration_seconds:>8.3f} "
            f"{timing.ratio:>7.1f} {base:>8} {times:>7}  {result}"
        )
    return "\n".join(lines)


def machine() -> dict[str, object]:
    """Return what the ratios were measured on."""
    import torch  # noqa: PLC0415

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
    }


def selected_examples(examples: Path, selectors: list[str]) -> list[Path]:
    """Every chapter under ``examples/<lang>/``, or those whose language or name match."""
    langs = sorted(path.name for path in examples.iterdir() if path.is_dir())
    chosen_langs = [s for s in selectors if s in langs] or langs
    patterns = [s for s in selectors if s not in langs]
    scripts = [
        script
        for lang in chosen_langs
        for script in sorted((examples / lang).glob("plot_*.py"))
        if not patterns or any(pattern in script.name for pattern in patterns)
    ]
    if not scripts:
        msg = f"no chapter under {examples} matches {selectors}"
        raise SystemExit(msg)
    return scripts


def main(argv: list[str] | None = None) -> int:
    """Time the chapters, compare them with the baseline; exit 1 on a clear slowdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("selectors", nargs="*", help="languages (en, zh) or parts of file names")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="the chapters' folder")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="the committed ratios")
    parser.add_argument("--output", type=Path, default=REPORT, help="where to write the report")
    parser.add_argument("--update", action="store_true", help="write this run as the baseline")
    parser.add_argument(
        "--rounds", type=int, default=CALIBRATION_ROUNDS, help="calibrations before and after"
    )
    parser.add_argument(
        "--min-seconds", type=float, default=MIN_SECONDS, help="repeat shorter chapters"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(time_in_this_process(args.child.resolve(), args.rounds, args.min_seconds)))
        return 0

    examples = args.examples.resolve()
    timings = []
    for script in selected_examples(examples, args.selectors):
        timing = time_example(script, examples, args.rounds, args.min_seconds)
        print(f"{timing.example}: {timing.seconds:.2f} s, ratio {timing.ratio:.1f}", flush=True)
        timings.append(timing)
    recorded = json.loads(args.baseline.read_text()) if args.baseline.is_file() else {}
    baseline = {name: entry["ratio"] for name, entry in recorded.get("examples", {}).items()}
    # a slowdown must show twice: a chapter over the tolerance is timed again, the faster counts
    for number, verdict in enumerate(judge(timings, baseline)):
        if verdict.failed and verdict.baseline_ratio is not None:
            again = time_example(examples / verdict.timing.example, examples, args.rounds,
                                 args.min_seconds)  # fmt: skip
            print(f"{again.example} again: {again.seconds:.2f} s, ratio {again.ratio:.1f}")
            timings[number] = min(verdict.timing, again, key=lambda timing: timing.ratio)
    verdicts = judge(timings, baseline)
    print(table(verdicts))
    report = {
        "tolerance": TOLERANCE,
        "machine": machine(),
        "examples": {
            v.timing.example: {**asdict(v.timing), "ratio": v.timing.ratio, "slowdown": v.slowdown}
            for v in verdicts
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.update:
        entries = recorded.get("examples", {})
        entries.update({t.example: {**asdict(t), "ratio": round(t.ratio, 2)} for t in timings})
        args.baseline.parent.mkdir(parents=True, exist_ok=True)
        args.baseline.write_text(
            json.dumps(
                {**recorded, "machine": machine(), "examples": dict(sorted(entries.items()))},
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"baseline written: {args.baseline}")
        return 0
    failed = [v for v in verdicts if v.failed]
    if failed:
        print(
            f"{len(failed)} chapter(s) over {TOLERANCE:g}× their baseline ratio, or without one. "
            "If the change is meant, record it: nox -s timing -- --update",
            file=sys.stderr,
        )
        return 1
    slowest = max(v.slowdown or 0.0 for v in verdicts)
    print(f"every chapter within {TOLERANCE:g}× its baseline (slowest: {slowest:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
