"""The IDX format of the MNIST files: a magic number, the sizes, then one byte per pixel or label."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import torch


def idx_images(pixels: np.ndarray) -> bytes:
    """Encode ``(n, 784)`` uint8 pixels as an IDX3 file: magic 2051, n, 28, 28, then the bytes."""
    return (
        struct.pack(">IIII", 2051, pixels.shape[0], 28, 28)
        + pixels.astype(np.uint8, copy=False).tobytes()
    )


def idx_labels(labels: np.ndarray) -> bytes:
    """Encode ``(n,)`` labels as an IDX1 file: magic 2049, n, then one byte per label."""
    return struct.pack(">II", 2049, labels.shape[0]) + labels.astype(np.uint8, copy=False).tobytes()


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
