"""Benchmark: the source tutorial's MNIST input pipeline against nnguide's, side by side.

Each variant trains the same model, chapter 05's classifier (784-256-128-10 with dropout), with the
source's batch 64 and Adam 1e-3, plus a cosine schedule over the epochs, for the same number of
epochs, in its own process, so that its peak memory is its own:

- ``source``: ``DataLoader`` over torchvision's ``MNIST`` with per-sample ``ToTensor`` and
  ``Normalize``, as in the source tutorial;
- ``tensors``: the same training loop fed by :class:`nnguide.training.TensorBatches`, slicing batches
  from the whole data set preloaded and normalised once (on the GPU when there is one);
- ``tensors+fused``: as ``tensors``, with PyTorch's fused Adam, as the MNIST chapter trains;
- ``graphed``: :class:`nnguide.graphed.GraphedTrainer`, the whole step (batch gather, forward,
  loss, backward, fused capturable Adam, running loss and accuracy) captured once as a CUDA graph
  and replayed. On a CPU there is no graph: the same step runs eagerly. The one-time warm-up and
  capture are reported apart (``capture_seconds``), not in the seconds per epoch.

Run it with ``nox -s bench`` (or ``python benchmarks/bench_mnist.py --help``). It prints a table and
writes it as JSON; speed-ups are ratios of seconds per epoch measured in the same run. The runs worth
keeping are committed as nnguide's package data, ``src/nnguide/bench_results/<name>.json`` (write
one there with ``--output``), where chapter 07 reads them with
:func:`nnguide.bench_results.load_run`; the report's format is
:class:`nnguide.bench_results.BenchmarkRun`'s.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import torch
from torch import nn

from nnguide.bench_results import VARIANTS, BenchmarkRun
from nnguide.datasets.mnist_files import MEAN, STD, mnist, mnist_tensors
from nnguide.graphed import GraphedTrainer
from nnguide.models import DigitClassifier
from nnguide.training import Batches, TensorBatches, evaluate, train_epoch

BATCH_SIZE = 64


class ToDevice:
    """Wrap a ``DataLoader`` so that each batch is copied to the device, as the source would."""

    def __init__(self, loader: Batches, device: torch.device) -> None:
        self.loader, self.device = loader, device

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for data, target in self.loader:
            yield data.to(self.device), target.to(self.device)


def source_batches(device: torch.device) -> tuple[Batches, Batches]:
    """Return the source's batches: torchvision's ``MNIST``, per-sample transforms, ``DataLoader``."""
    from torchvision import transforms  # noqa: PLC0415

    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((MEAN,), (STD,))])
    train_loader = torch.utils.data.DataLoader(
        mnist(train=True, transform=transform), batch_size=BATCH_SIZE, shuffle=True
    )
    test_loader = torch.utils.data.DataLoader(
        mnist(train=False, transform=transform), batch_size=1000
    )
    return ToDevice(train_loader, device), ToDevice(test_loader, device)


def preloaded_batches(device: torch.device, seed: int) -> tuple[TensorBatches, TensorBatches]:
    """Return nnguide's batches: each split preloaded and normalised once, on ``device``."""
    X_train, y_train = mnist_tensors(train=True, device=device)
    X_test, y_test = mnist_tensors(train=False, device=device)
    train = TensorBatches(X_train, y_train, batch_size=BATCH_SIZE, shuffle=True, seed=seed)
    return train, TensorBatches(X_test, y_test, batch_size=1000)


def now(device: torch.device) -> float:
    """Return the time once ``device`` has finished the work queued so far."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return time.perf_counter()


def run_variant(variant: str, epochs: int, device: torch.device, seed: int) -> dict[str, object]:
    """Train one variant and measure it; runs inside its own process."""
    torch.manual_seed(seed)
    preloaded = None if variant == "source" else preloaded_batches(device, seed)
    train_batches, test_batches = source_batches(device) if preloaded is None else preloaded
    model = DigitClassifier().to(device)
    loss_fn = nn.CrossEntropyLoss()
    capture_seconds = None
    run_epoch: Callable[[], tuple[float, float]]
    if variant == "graphed" and preloaded is not None:
        # capturable: Adam's step counter stays on the GPU, so the step can be recorded
        capturable = device.type == "cuda"
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True, capturable=capturable)
        start = now(device)
        trainer = GraphedTrainer(model, preloaded[0], optimizer=optimizer, loss_fn=loss_fn)
        capture_seconds = now(device) - start  # warm-up and capture, once per run
        run_epoch = trainer.train_epoch
    else:
        fused = True if variant == "tensors+fused" else None  # None: PyTorch's default kernels
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=fused)

        def run_epoch() -> tuple[float, float]:
            return train_epoch(model, train_batches, loss_fn=loss_fn, optimizer=optimizer)

    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    seconds = []
    for _ in range(epochs):
        start = now(device)
        run_epoch()
        seconds.append(now(device) - start)
        schedule.step()
    accuracy = evaluate(model, test_batches)
    best = min(seconds)
    return {
        "variant": variant,
        "device": str(device),
        "epochs": epochs,
        "capture_seconds": capture_seconds,
        "seconds_per_epoch": seconds,
        "best_seconds_per_epoch": best,
        "samples_per_second": 60_000 / best,
        "test_accuracy": accuracy,
        "peak_host_memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_gpu_memory_mib": torch.cuda.max_memory_allocated() / 2**20
        if device.type == "cuda"
        else None,
    }


def main() -> int:
    """Run every variant in a subprocess, print the table and write the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--epochs", type=int, default=3, help="epochs per variant (the fastest is reported)"
    )
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=Path("docs/_build/bench/mnist.json"))
    parser.add_argument(
        "--variant", choices=VARIANTS, help=argparse.SUPPRESS
    )  # internal: one child
    args = parser.parse_args()
    device = torch.device(args.device)
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.epochs, device, args.seed)))
        return 0

    # In a process of its own: a child's peak memory starts from its parent's, and decoding the
    # offline copy of MNIST takes about 2 GB.
    subprocess.run([sys.executable, "-m", "nnguide", "data", "mnist"], check=True)
    rows = []
    for variant in VARIANTS:
        print(
            f"running {variant} ({args.epochs} epochs on {device})...", file=sys.stderr, flush=True
        )
        child = subprocess.run(
            [sys.executable, __file__, "--variant", variant, "--epochs", str(args.epochs), "--device", args.device,
             "--seed", str(args.seed)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    baseline = rows[0]["best_seconds_per_epoch"]
    for row in rows:
        row["speedup_vs_source"] = baseline / row["best_seconds_per_epoch"]

    header = f"{'variant':<15}{'capture s':>10}{'s/epoch':>9}{'samples/s':>11}{'speed-up':>10}{'test acc':>10}{'peak host MiB':>15}{'peak GPU MiB':>14}"
    print(f"MNIST training, batch {BATCH_SIZE}, {args.epochs} epochs per variant, device {device}")
    print(header)
    print("-" * len(header))
    for row in rows:
        gpu = f"{row['peak_gpu_memory_mib']:.0f}" if row["peak_gpu_memory_mib"] is not None else "-"
        capture = f"{row['capture_seconds']:.2f}" if row["capture_seconds"] is not None else "-"
        print(
            f"{row['variant']:<15}{capture:>10}{row['best_seconds_per_epoch']:>9.2f}{row['samples_per_second']:>11.0f}"
            f"{row['speedup_vs_source']:>9.1f}x{row['test_accuracy']:>10.2%}{row['peak_host_memory_mib']:>15.0f}{gpu:>14}"
        )
    report = {
        "benchmark": "mnist-training-pipeline",
        "python": platform.python_version(),
        "torch": torch.__version__,
        "device": str(device),
        "device_name": torch.cuda.get_device_name(device)
        if device.type == "cuda"
        else platform.processor() or platform.machine(),
        "threads": torch.get_num_threads(),
        "batch_size": BATCH_SIZE,
        "results": rows,
    }
    BenchmarkRun.from_dict(report)  # the format load_run reads: a key missing or extra fails here
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2))
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
