"""MNIST preparation under faults: races, killed writes, odd files, bad folders, a gzip bomb.

Each test reproduces one fault that lost data, made it unreadable, hung, or ended in a raw
traceback; the command line must answer each with one line and exit status 1.
"""

from __future__ import annotations

import errno
import gzip
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nnguide import cli
from nnguide.datasets import mnist_files as mnist_module
from nnguide.datasets.mnist_files import (
    OFFICIAL_MD5,
    MNISTUnavailableError,
    default_root,
    missing_files,
    prepare_mnist,
    raw_folder,
)
from nnguide.datasets.mnist_offline import SourceUnavailableError, read_gzip_bounded

TRAIN_LABELS = "train-labels-idx1-ubyte"


def _run(code: str, *, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``code`` in a fresh Python (nnguide importable), capturing its output."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
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
    (raw.parent / ".download-left-by-a-killed-run").mkdir()
    prepare_mnist(copy_root)
    assert list(raw.glob(".*.part")) == []
    assert list(raw.parent.glob(".download-*")) == []
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
    with pytest.raises(SourceUnavailableError, match="decompresses to more than 10,000,000 bytes"):
        read_gzip_bounded(bomb, limit=10_000_000)
    assert read_gzip_bounded(bomb, limit=20_000_000) == bytes(12 << 20)
    not_gzip = tmp_path / "broken.pkl.gz"
    not_gzip.write_bytes(b"not gzip at all")
    with pytest.raises(SourceUnavailableError, match="cannot be read"):
        read_gzip_bounded(not_gzip)


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
