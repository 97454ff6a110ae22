"""Committed runs of the MNIST training benchmark, shipped with nnguide as package data.

``benchmarks/bench_mnist.py`` (``nox -s bench``) trains chapter 5's classifier four ways and
writes what it measured as JSON. The runs worth keeping live here, in this package, so that a
chapter downloaded on its own can read them with :func:`load_run`; they are the only copy:

- ``mnist-cuda``: an NVIDIA H200;
- ``mnist-cpu``: a 2-core x86-64 CPU.

The four variants, each trained for the same number of epochs in a process of its own:
``source`` (a ``DataLoader`` over torchvision's ``MNIST``, as the source tutorial feeds it),
``tensors`` (batches sliced from tensors preloaded once), ``tensors+fused`` (the same with fused
Adam) and ``graphed`` (the whole step recorded once as a CUDA graph and replayed; eager on a CPU).
``speedup_vs_source`` divides the source's best seconds per epoch by the variant's, both from the
same run; compare runs only on the same ``device_name``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib.resources import files
from typing import Any

RUNS = ("mnist-cuda", "mnist-cpu")
"""The names of the committed runs; run ``name`` is the file ``<name>.json`` in this package."""

VARIANTS = ("source", "tensors", "tensors+fused", "graphed")
"""The variants the benchmark measures, in the order it runs and reports them."""


def _check_keys(data: Mapping[str, Any], expected: list[str], *, what: str) -> None:
    """Check that ``data`` has exactly the keys ``expected``, naming the missing and the extra."""
    missing = [key for key in expected if key not in data]
    extra = sorted(set(data) - set(expected))
    if missing or extra:
        msg = (
            f"{what} does not match the benchmark's format: missing {missing}, unexpected {extra}."
        )
        raise ValueError(msg)


@dataclass(frozen=True)
class VariantResult:
    """What one variant measured: its seconds per epoch, speed, accuracy and memory."""

    variant: str
    """One of the names in ``VARIANTS``."""
    device: str
    """``cuda`` or ``cpu``."""
    epochs: int
    capture_seconds: float | None
    """The graph's one-time warm-up and capture (``graphed`` only), not counted per epoch."""
    seconds_per_epoch: tuple[float, ...]
    best_seconds_per_epoch: float
    samples_per_second: float
    """60,000 training images divided by the best seconds per epoch."""
    test_accuracy: float
    peak_host_memory_mib: float
    peak_gpu_memory_mib: float | None
    speedup_vs_source: float

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VariantResult:
        """Build a result from one entry of a run's ``results``, checking its keys.

        >>> VariantResult.from_dict({"variant": "source"})
        Traceback (most recent call last):
        ...
        ValueError: result 'source' does not match the benchmark's format: missing ['device', ...
        """
        names = [field.name for field in fields(cls)]
        _check_keys(data, names, what=f"result {data.get('variant')!r}")
        values = dict(data)
        values["seconds_per_epoch"] = tuple(float(s) for s in data["seconds_per_epoch"])
        return cls(**values)


@dataclass(frozen=True)
class BenchmarkRun:
    """One run of the benchmark on one machine: where it ran, and a result per variant."""

    benchmark: str
    python: str
    torch: str
    """PyTorch's version, e.g. ``2.11.0+cu130``."""
    device: str
    device_name: str
    """The GPU's name, or the CPU's architecture."""
    threads: int
    """PyTorch's CPU threads."""
    batch_size: int
    results: tuple[VariantResult, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BenchmarkRun:
        """Build a run from the JSON object ``bench_mnist.py`` writes, checking its keys."""
        names = [field.name for field in fields(cls)]
        _check_keys(data, names, what="the run")
        results = tuple(VariantResult.from_dict(entry) for entry in data["results"])
        return cls(**{**data, "results": results})

    def result(self, variant: str) -> VariantResult:
        """Return the result of ``variant``.

        >>> load_run("mnist-cpu").result("source").speedup_vs_source
        1.0
        """
        for result in self.results:
            if result.variant == variant:
                return result
        known = [result.variant for result in self.results]
        msg = f"this run has no variant {variant!r}; it has {known}."
        raise KeyError(msg)


def load_run(name: str) -> BenchmarkRun:
    """Return the committed run ``name`` (one of :data:`RUNS`).

    Examples
    --------
    >>> run = load_run("mnist-cuda")
    >>> run.device_name, run.batch_size
    ('NVIDIA H200', 64)
    >>> [result.variant for result in run.results]
    ['source', 'tensors', 'tensors+fused', 'graphed']
    """
    if name not in RUNS:
        msg = f"no committed run {name!r}: choose one of {list(RUNS)}."
        raise ValueError(msg)
    text = files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return BenchmarkRun.from_dict(json.loads(text))
