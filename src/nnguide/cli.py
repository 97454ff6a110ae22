"""The command line: ``python -m nnguide data mnist [--root DIR]`` prepares and verifies MNIST."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from typing import TextIO

from nnguide.datasets.mnist_files import MNISTUnavailableError, default_root, prepare_mnist

BAR_WIDTH = 24
INTERRUPTED = 130
"""The exit status after Ctrl-C (128 + SIGINT), as shells give it."""


def write_safely(stream: TextIO, text: str) -> None:
    """Write ``text``, with what ``stream``'s encoding cannot hold as backslash escapes.

    A path may hold characters that the terminal's encoding (``PYTHONIOENCODING=ascii``, a legacy
    code page) cannot show, or bytes that are not text at all; the message is printed all the same.
    """
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))


class ProgressPrinter:
    """Prints each step; in a terminal, files written so far also show as a progress bar."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        """Print one step."""
        if done is not None and total is not None and self.tty:
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            end = "\n" if done == total else ""
            write_safely(self.stream, f"\r  [{bar}] {done}/{total} {message:<40}{end}")
        else:
            counter = f"[{done}/{total}] " if done is not None and total is not None else ""
            write_safely(self.stream, f"  {counter}{message}\n")
        self.stream.flush()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m nnguide``."""
    parser = argparse.ArgumentParser(
        prog="python -m nnguide", description="nnguide's helper commands."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    data = commands.add_parser("data", help="download or build and verify a data set")
    datasets = data.add_subparsers(dest="dataset", required=True)
    mnist = datasets.add_parser(
        "mnist", help="prepare MNIST in <root>/MNIST/raw and check its MD5s"
    )
    mnist.add_argument(
        "--root",
        help=f"data root (default, also when blank: $NNGUIDE_DATA or {default_root()})",
    )
    mnist.add_argument("--verbose", action="store_true", help="on failure, show the traceback too")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status: 0 on success, 1 on failure, 130 on Ctrl-C."""
    args = build_parser().parse_args(argv)
    if args.command == "data" and args.dataset == "mnist":
        write_safely(sys.stderr, "Preparing MNIST...\n")
        try:
            raw = prepare_mnist(args.root, progress=ProgressPrinter(sys.stderr))
        except (MNISTUnavailableError, OSError) as error:  # prepare_mnist explains OSErrors itself
            if args.verbose:
                traceback.print_exc(file=sys.stderr)
            write_safely(sys.stderr, f"error: {error}\n")
            return 1
        except KeyboardInterrupt:  # what was half-written is removed on the way out
            # in a terminal, end the progress bar's line first
            write_safely(sys.stderr, "\ninterrupted\n" if sys.stderr.isatty() else "interrupted\n")
            return INTERRUPTED
        write_safely(sys.stdout, f"MNIST is ready and verified in {raw}\n")
    return 0
