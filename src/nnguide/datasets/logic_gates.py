"""Truth tables of the two-input logic gates: the smallest classification problems there are.

Each gate maps the four points ``(0, 0), (0, 1), (1, 0), (1, 1)`` to 0 or 1. AND, OR and NAND are
linearly separable (one straight line splits the 0s from the 1s); XOR is not.
"""

from __future__ import annotations

import torch

GATES: dict[str, tuple[int, int, int, int]] = {
    # outputs for the inputs (0, 0), (0, 1), (1, 0), (1, 1)
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "xor": (0, 1, 1, 0),
}


def logic_gate(name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Return the truth table of a two-input gate as ``(X, y)``.

    Parameters
    ----------
    name
        ``"and"``, ``"or"``, ``"nand"`` or ``"xor"`` (case-insensitive).

    Returns
    -------
    X : torch.Tensor
        The four inputs, ``float32``, shape ``(4, 2)``.
    y : torch.Tensor
        The gate's outputs, ``int64``, shape ``(4,)``.

    Examples
    --------
    >>> X, y = logic_gate("xor")
    >>> X
    tensor([[0., 0.],
            [0., 1.],
            [1., 0.],
            [1., 1.]])
    >>> y
    tensor([0, 1, 1, 0])
    """
    key = str(name).lower()
    if key not in GATES:
        msg = f"unknown logic gate {name!r}; choose one of: {', '.join(GATES)}."
        raise ValueError(msg)
    X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
    y = torch.tensor(GATES[key], dtype=torch.int64)
    return X, y
