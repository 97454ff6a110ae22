"""Input checks shared by nnguide's public functions.

Every check raises an error that names the argument, says what was wrong and how to fix it, so a
reader who passes the wrong thing learns what the function expects instead of meeting a broadcast
that silently computes nonsense.
"""

from __future__ import annotations

import math
import numbers

import torch
from torch import nn


def check_features(
    x: object,
    *,
    name: str = "X",
    n_features: int | None = None,
    dtype: torch.dtype | None = None,
    finite: bool = True,
) -> torch.Tensor:
    """Check that ``x`` is a finite floating-point matrix of shape ``(n_samples, n_features)``.

    Parameters
    ----------
    x
        The value to check.
    name
        The argument's name, used in error messages.
    n_features
        The number of columns ``x`` must have, or ``None`` to accept any.
    dtype
        The floating-point type ``x`` must have (a model's weights'), or ``None`` to accept any.
    finite
        Also check that every value is finite. A model's forward pass leaves this out: reading the
        values would make the CPU wait for the GPU on every batch, and NaN inputs show as NaN outputs.

    Returns
    -------
    torch.Tensor
        ``x`` itself, unchanged.

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point tensor, or not of type ``dtype``.
    ValueError
        If ``x`` is not 2-D, is empty, has the wrong number of columns, or holds NaN or infinity.

    Examples
    --------
    >>> check_features(torch.zeros(4, 2), n_features=2).shape
    torch.Size([4, 2])
    >>> check_features(torch.zeros(4, 3), n_features=2)
    Traceback (most recent call last):
    ...
    ValueError: X has 3 features per sample, but 2 were expected: pass a tensor of shape (n_samples, 2).
    """
    if not isinstance(x, torch.Tensor):
        msg = (
            f"{name} must be a torch.Tensor, got {type(x).__name__}: "
            f"convert it with torch.as_tensor({name}, dtype=torch.float32)."
        )
        raise TypeError(msg)
    if not x.is_floating_point():
        msg = (
            f"{name} must hold floating-point numbers, got dtype {x.dtype}: "
            f"convert it with {name}.float()."
        )
        raise TypeError(msg)
    if dtype is not None and x.dtype != dtype:
        msg = (
            f"{name} has dtype {x.dtype}, but the model computes in {dtype}: "
            f"convert it with {name}.to({dtype})."
        )
        raise TypeError(msg)
    if x.ndim != 2:
        msg = (
            f"{name} must be 2-D with shape (n_samples, n_features), got shape {tuple(x.shape)}: "
            f"for a single sample use {name}.unsqueeze(0)."
        )
        raise ValueError(msg)
    if x.shape[0] == 0:
        msg = f"{name} holds no samples (shape {tuple(x.shape)}): pass at least one row."
        raise ValueError(msg)
    if n_features is not None and x.shape[1] != n_features:
        msg = (
            f"{name} has {x.shape[1]} features per sample, but {n_features} were expected: "
            f"pass a tensor of shape (n_samples, {n_features})."
        )
        raise ValueError(msg)
    if finite and not torch.isfinite(x).all():
        bad = int((~torch.isfinite(x)).any(dim=1).sum())
        msg = f"{name} holds NaN or infinite values in {bad} row(s): clean or drop those rows."
        raise ValueError(msg)
    return x


def check_batch(x: object, *, n_features: int, dtype: torch.dtype) -> torch.Tensor:
    """Check a model's input batch: its shape and dtype, not its values (see ``check_features``).

    Examples
    --------
    >>> check_batch(torch.zeros(3, 2, dtype=torch.float64), n_features=2, dtype=torch.float32)
    Traceback (most recent call last):
    ...
    TypeError: x has dtype torch.float64, but the model computes in torch.float32: convert it with x.to(torch.float32).
    """
    return check_features(x, name="x", n_features=n_features, dtype=dtype, finite=False)


def parameter_dtype(module: nn.Module) -> torch.dtype:
    """Return the floating-point type ``module`` computes in: its parameters'."""
    return next(module.parameters()).dtype


def check_binary_targets(y: object, *, n_samples: int, name: str = "y") -> torch.Tensor:
    """Check that ``y`` is a 1-D tensor of ``n_samples`` labels, each 0 or 1.

    Parameters
    ----------
    y
        The value to check.
    n_samples
        How many labels there must be (the number of rows of ``X``).
    name
        The argument's name, used in error messages.

    Returns
    -------
    torch.Tensor
        ``y`` as a float tensor of zeros and ones, shape ``(n_samples,)``.

    Raises
    ------
    TypeError
        If ``y`` is not a tensor.
    ValueError
        If ``y`` is not 1-D, has the wrong length, or holds values other than 0 and 1.

    Examples
    --------
    >>> check_binary_targets(torch.tensor([0, 1, 1]), n_samples=3)
    tensor([0., 1., 1.])
    >>> check_binary_targets(torch.tensor([0, 2]), n_samples=2)
    Traceback (most recent call last):
    ...
    ValueError: y must hold only 0 and 1, but it holds 2: encode the two classes as 0 and 1.
    """
    if not isinstance(y, torch.Tensor):
        msg = f"{name} must be a torch.Tensor, got {type(y).__name__}: use torch.tensor({name})."
        raise TypeError(msg)
    if y.ndim != 1:
        msg = (
            f"{name} must be 1-D with shape (n_samples,), got shape {tuple(y.shape)}: "
            f"flatten it with {name}.reshape(-1)."
        )
        raise ValueError(msg)
    if y.shape[0] != n_samples:
        msg = (
            f"X has {n_samples} samples but {name} has {y.shape[0]} labels: "
            "they must have one label per sample."
        )
        raise ValueError(msg)
    if y.is_floating_point() and not torch.isfinite(y).all():
        msg = f"{name} holds NaN or infinite values: every label must be 0 or 1."
        raise ValueError(msg)
    others = sorted({float(v) for v in y.tolist()} - {0.0, 1.0})
    if others:
        shown = ", ".join(f"{v:g}" for v in others[:5])
        msg = f"{name} must hold only 0 and 1, but it holds {shown}: encode the two classes as 0 and 1."
        raise ValueError(msg)
    return y.to(torch.float32)


def check_finite_number(value: object, *, name: str, minimum: float = -math.inf) -> float:
    """Check that ``value`` is a real number (NumPy's included), finite and at least ``minimum``.

    Examples
    --------
    >>> check_finite_number(0.2, name="noise", minimum=0)
    0.2
    >>> check_finite_number(float("inf"), name="noise", minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: noise must be a finite number >= 0, got inf.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not minimum <= float(value) < math.inf
    ):
        msg = f"{name} must be a finite number >= {minimum:g}, got {value!r}."
        raise ValueError(msg)
    return float(value)


def check_positive(value: object, *, name: str) -> float:
    """Check that a hyper-parameter is a finite number greater than zero (NumPy's included).

    Examples
    --------
    >>> check_positive(0.1, name="learning_rate")
    0.1
    >>> check_positive(0, name="learning_rate")
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite number greater than 0, got 0.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0 < float(value) < math.inf
    ):
        msg = f"{name} must be a finite number greater than 0, got {value!r}."
        raise ValueError(msg)
    return float(value)


def check_positive_int(value: object, *, name: str) -> int:
    """Check that a count (epochs, layer width, ...) is an integer of at least 1.

    NumPy's integers count as integers; ``True`` does not.

    Examples
    --------
    >>> check_positive_int(100, name="max_epochs")
    100
    >>> check_positive_int(2.5, name="max_epochs")
    Traceback (most recent call last):
    ...
    ValueError: max_epochs must be an integer >= 1, got 2.5.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 1:
        msg = f"{name} must be an integer >= 1, got {value!r}."
        raise ValueError(msg)
    return int(value)
