"""nnguide's input contract: the checks every public function makes, in one place.

Before a public function computes or allocates anything, it checks its arguments here:

- a tensor argument is a ``torch.Tensor``, not a NumPy array or a list, holds values (it is not on
  the ``meta`` device), and has the dtype, shape and device the function documents
  (:func:`check_tensor`, :func:`check_features`);
- a flag is ``True`` or ``False``, not a truthy string or number (:func:`check_bool`), and a seed is
  an integer (:func:`check_seed`);
- a count is an integer from 1 to a :class:`Limit`, and what it makes fits in :data:`ELEMENTS`,
  checked before anything is allocated (:func:`check_positive_int`, :func:`check_elements`);
- an accuracy is never computed from outputs that hold NaN (:func:`check_finite_outputs`), nor
  from labels the model has no score for (:func:`check_class_labels`).

A value of the wrong kind raises ``TypeError``; a value of the right kind that is wrong raises
``ValueError``. Either way the message names the argument, says what was wrong and how to fix it.
``tests/test_input_contract.py`` feeds every public function a table of wrong inputs and holds
each one to this contract.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeVar

import numpy as np
import torch
from torch import nn


@dataclass(frozen=True)
class Limit:
    """The largest value a kind of count may take, and why."""

    maximum: int
    reason: str


ELEMENTS = Limit(
    2**26,
    "the most numbers one tensor or model that nnguide makes may hold, 256 MiB of float32; "
    "MNIST's training images are 47 million",
)
"""The size of anything nnguide allocates for its caller (a grid, a matrix, a model's weights)."""
STEPS = Limit(1_000_000, "a million training steps; train longer in several calls")
"""The number of epochs or steps one call trains for."""
LAYERS = Limit(1_000, "a thousand layers, through which one training step takes a second already")
"""The depth of a network that nnguide builds."""
RESOLUTION = Limit(
    1_000, "twice the pixels across a figure; a finer grid draws nothing more, only slower"
)
"""The number of grid points per axis of a plotted plane."""
PANELS = Limit(100, "the most images, units or classes one figure can show legibly")
"""The number of tiles, panels or classes of one figure."""

DTypeKind = Literal["floating-point", "integer", "real"]
_KIND_WORDS = {"floating-point": "floating-point numbers", "integer": "integers", "real": "numbers"}


def _holds(kind: DTypeKind, x: torch.Tensor) -> bool:
    """Whether the dtype of ``x`` is of ``kind`` (``bool`` and complex dtypes are neither)."""
    floating = x.is_floating_point()
    integer = not floating and not x.is_complex() and x.dtype != torch.bool
    return {"floating-point": floating, "integer": integer, "real": floating or integer}[kind]


def check_tensor(value: object, *, name: str, kind: DTypeKind = "floating-point") -> torch.Tensor:
    """Check that ``value`` is a tensor with values of ``kind``, not an array, a list or a meta tensor.

    Parameters
    ----------
    value
        The value to check.
    name
        The argument's name, used in error messages.
    kind
        ``"floating-point"``, ``"integer"`` (class indices, counts; ``bool`` is not one) or
        ``"real"`` (either).

    Returns
    -------
    torch.Tensor
        ``value`` itself, unchanged.

    Raises
    ------
    TypeError
        If ``value`` is not a tensor, or its dtype is not of ``kind``.
    ValueError
        If ``value`` is on the ``meta`` device: it has a shape but no values to compute with.

    Examples
    --------
    >>> check_tensor(np.zeros(3), name="X")
    Traceback (most recent call last):
    ...
    TypeError: X must be a torch.Tensor, got ndarray: convert it with torch.as_tensor(X, dtype=torch.float32).
    >>> check_tensor(torch.zeros(3, dtype=torch.bool), name="y", kind="integer")
    Traceback (most recent call last):
    ...
    TypeError: y must hold integers, got dtype torch.bool: convert it with y.long().
    """
    conversion = "long" if kind == "integer" else "float"
    if not isinstance(value, torch.Tensor):
        dtype = "torch.long" if kind == "integer" else "torch.float32"
        msg = (
            f"{name} must be a torch.Tensor, got {type(value).__name__}: "
            f"convert it with torch.as_tensor({name}, dtype={dtype})."
        )
        raise TypeError(msg)
    if value.is_meta:
        msg = (
            f"{name} is a meta tensor, which has a shape but no values: "
            "make it on a real device, such as 'cpu' or 'cuda'."
        )
        raise ValueError(msg)
    if not _holds(kind, value):
        msg = (
            f"{name} must hold {_KIND_WORDS[kind]}, got dtype {value.dtype}: "
            f"convert it with {name}.{conversion}()."
        )
        raise TypeError(msg)
    return value


def check_model_input(x: torch.Tensor, *, name: str, like: torch.Tensor | None) -> None:
    """Check that a model's input ``x`` has the dtype (if floating point) and the device of ``like``.

    ``like`` is one of the model's weights; ``None`` (a model without weights) takes any input.

    Examples
    --------
    >>> check_model_input(torch.zeros(2, dtype=torch.float16), name="X", like=torch.zeros(1))
    Traceback (most recent call last):
    ...
    TypeError: X has dtype torch.float16, but the model computes in torch.float32: convert it with X.to(torch.float32).
    """
    if like is None:
        return
    if x.is_floating_point() and x.dtype != like.dtype:
        msg = (
            f"{name} has dtype {x.dtype}, but the model computes in {like.dtype}: "
            f"convert it with {name}.to({like.dtype})."
        )
        raise TypeError(msg)
    check_same_device(x, name=name, other=like, other_name="the model")


def check_same_device(x: torch.Tensor, *, name: str, other: torch.Tensor, other_name: str) -> None:
    """Check that ``x`` (the argument ``name``) is on the device of ``other`` (``other_name``).

    Examples
    --------
    >>> check_same_device(torch.zeros(1), name="predicted", other=torch.zeros(1), other_name="target")
    """
    if x.device != other.device:
        msg = (
            f"{name} is on {x.device} but {other_name} is on {other.device}: "
            f"move it with {name}.to({str(other.device)!r})."
        )
        raise ValueError(msg)


def check_features(
    x: object,
    *,
    name: str = "X",
    n_features: int | None = None,
    like: torch.Tensor | None = None,
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
    like
        A weight of the model that will read ``x``: ``x`` must have its dtype and be on its device.
        ``None`` accepts any floating-point type and device.
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
        If ``x`` is not a floating-point tensor, or not of the dtype of ``like``.
    ValueError
        If ``x`` is a meta tensor, is on another device than ``like``, is not 2-D, is empty, has
        the wrong number of columns, or holds NaN or infinity.

    Examples
    --------
    >>> check_features(torch.zeros(4, 2), n_features=2).shape
    torch.Size([4, 2])
    >>> check_features(torch.zeros(4, 3), n_features=2)
    Traceback (most recent call last):
    ...
    ValueError: X has 3 features per sample, but 2 were expected: pass a tensor of shape (n_samples, 2).
    """
    x = check_tensor(x, name=name)
    check_model_input(x, name=name, like=like)
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


def first_weight(model: nn.Module) -> torch.Tensor | None:
    """Return ``model``'s first parameter, whose dtype and device its inputs must have, if any."""
    return next(model.parameters(), None)


def check_batch(x: object, *, n_features: int, model: nn.Module) -> torch.Tensor:
    """Check a model's input batch: its shape, dtype and device, not its values (see ``check_features``).

    Examples
    --------
    >>> check_batch(torch.zeros(3, 2, dtype=torch.float64), n_features=2, model=nn.Linear(2, 1))
    Traceback (most recent call last):
    ...
    TypeError: x has dtype torch.float64, but the model computes in torch.float32: convert it with x.to(torch.float32).
    """
    like = first_weight(model)
    return check_features(x, name="x", n_features=n_features, like=like, finite=False)


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
    if isinstance(y, torch.Tensor) and y.dtype == torch.bool:
        y = y.long()  # False and True: the classes 0 and 1
    y = check_tensor(y, name=name, kind="real")
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


def check_positive_int(
    value: object, *, name: str, limit: Limit = ELEMENTS, minimum: int = 1
) -> int:
    """Check that a count (epochs, a layer's width...) is an integer from ``minimum`` to its limit.

    NumPy's integers count as integers; ``True`` does not. Every count has a limit, so that a
    mistaken one fails here, before it allocates or runs anything: :data:`ELEMENTS` unless the
    caller names a smaller one.

    Examples
    --------
    >>> check_positive_int(100, name="max_epochs", limit=STEPS)
    100
    >>> check_positive_int(2.5, name="max_epochs", limit=STEPS)
    Traceback (most recent call last):
    ...
    ValueError: max_epochs must be an integer >= 1, got 2.5.
    >>> check_positive_int(10**12, name="max_epochs", limit=STEPS)
    Traceback (most recent call last):
    ...
    ValueError: max_epochs must be at most 1,000,000 (a million training steps; train longer in several calls), got 1,000,000,000,000.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < minimum:
        msg = f"{name} must be an integer >= {minimum}, got {value!r}."
        raise ValueError(msg)
    if int(value) > limit.maximum:
        msg = f"{name} must be at most {limit.maximum:,} ({limit.reason}), got {int(value):,}."
        raise ValueError(msg)
    return int(value)


def check_elements(count: int, *, what: str, fix: str) -> None:
    """Check that something of ``count`` numbers fits in :data:`ELEMENTS`, before it is made.

    ``what`` names it and the arguments that size it; ``fix`` says which to make smaller.

    Examples
    --------
    >>> check_elements(20_000**2, what="n_classes=20000 makes a matrix that", fix="count fewer classes")
    Traceback (most recent call last):
    ...
    ValueError: n_classes=20000 makes a matrix that would hold 400,000,000 numbers, more than 67,108,864 (the most numbers one tensor or model that nnguide makes may hold, 256 MiB of float32; MNIST's training images are 47 million): count fewer classes.
    """
    if count > ELEMENTS.maximum:
        msg = (
            f"{what} would hold {count:,} numbers, more than {ELEMENTS.maximum:,} "
            f"({ELEMENTS.reason}): {fix}."
        )
        raise ValueError(msg)


def check_parameter_count(count: int, *, model: str) -> None:
    """Check that a network of ``count`` parameters fits in :data:`ELEMENTS`, before it is built.

    Examples
    --------
    >>> check_parameter_count(10**9, model="MLP(2, 10**6, 1000)")
    Traceback (most recent call last):
    ...
    ValueError: MLP(2, 10**6, 1000) would hold 1,000,000,000 numbers, more than 67,108,864 (the most numbers one tensor or model that nnguide makes may hold, 256 MiB of float32; MNIST's training images are 47 million): use fewer or narrower layers.
    """
    check_elements(count, what=model, fix="use fewer or narrower layers")


def check_bool(value: object, *, name: str) -> bool:
    """Check that a flag is ``True`` or ``False`` (NumPy's included), not a truthy string or number.

    Examples
    --------
    >>> check_bool(np.True_, name="shuffle")
    True
    >>> check_bool("no", name="shuffle")
    Traceback (most recent call last):
    ...
    TypeError: shuffle must be True or False, got 'no' (type str): a non-empty string counts as True.
    """
    if not isinstance(value, (bool, np.bool_)):
        why = "a non-empty string counts as True" if isinstance(value, str) else "pass a bool"
        msg = f"{name} must be True or False, got {value!r} (type {type(value).__name__}): {why}."
        raise TypeError(msg)
    return bool(value)


SEEDS = (-(2**63), 2**64 - 1)
"""The seeds ``torch.Generator.manual_seed`` accepts."""


def check_seed(value: object, *, name: str = "seed") -> int:
    """Check that a seed is an integer that ``torch.Generator.manual_seed`` accepts; ``True`` is not.

    Examples
    --------
    >>> check_seed(np.int64(3))
    3
    >>> check_seed(True)
    Traceback (most recent call last):
    ...
    TypeError: seed must be an integer, got True (type bool): pass a whole number, such as seed=0.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        msg = (
            f"{name} must be an integer, got {value!r} (type {type(value).__name__}): "
            f"pass a whole number, such as {name}=0."
        )
        raise TypeError(msg)
    if not SEEDS[0] <= int(value) <= SEEDS[1]:
        msg = f"{name} must be from -2**63 to 2**64 - 1, got {int(value)}: pass a smaller seed."
        raise ValueError(msg)
    return int(value)


T = TypeVar("T")


def check_instance(value: object, kind: type[T], *, name: str, called: str, fix: str) -> T:
    """Check that the argument ``name`` is an instance of ``kind``.

    The error message calls ``kind`` by the name users know, ``called``, and says what to pass
    instead, ``fix``.

    Examples
    --------
    >>> check_instance([], torch.optim.Optimizer, name="optimizer", called="torch.optim.Optimizer",
    ...                fix="pass torch.optim.SGD(model.parameters(), lr=0.1)")
    Traceback (most recent call last):
    ...
    TypeError: optimizer must be a torch.optim.Optimizer, got list: pass torch.optim.SGD(model.parameters(), lr=0.1).
    """
    if not isinstance(value, kind):
        msg = f"{name} must be a {called}, got {type(value).__name__}: {fix}."
        raise TypeError(msg)
    return value


def check_module(value: object, *, name: str = "model") -> nn.Module:
    """Check that ``value`` is a ``torch.nn.Module``.

    Examples
    --------
    >>> check_module(np.zeros(3))
    Traceback (most recent call last):
    ...
    TypeError: model must be a torch.nn.Module, got ndarray: pass the network, e.g. nnguide.models.MLP(2, 4, 1).
    """
    return check_instance(
        value,
        nn.Module,
        name=name,
        called="torch.nn.Module",
        fix="pass the network, e.g. nnguide.models.MLP(2, 4, 1)",
    )


def check_function(value: object, *, name: str, example: str) -> None:
    """Check that ``value`` can be called, as the function argument ``name`` must be.

    Examples
    --------
    >>> check_function(np.zeros(3), name="predict", example="model.predict")
    Traceback (most recent call last):
    ...
    TypeError: predict must be a function, got ndarray: pass one such as model.predict.
    """
    if not callable(value):
        msg = f"{name} must be a function, got {type(value).__name__}: pass one such as {example}."
        raise TypeError(msg)


def check_function_output(value: object, *, name: str, n_points: int) -> torch.Tensor:
    """Check what the function argument ``name`` returned for ``n_points`` points.

    It must be a tensor of finite numbers (booleans count as 0 and 1); it is returned as a
    ``float32`` tensor on the CPU.

    Examples
    --------
    >>> check_function_output(torch.tensor([0.5, float("nan")]), name="predict", n_points=2)
    Traceback (most recent call last):
    ...
    ValueError: predict returned 1 NaN or infinite values for 2 points: check the model's weights and inputs.
    """
    if not isinstance(value, torch.Tensor) or value.is_meta or value.is_complex():
        kind = "meta tensor" if isinstance(value, torch.Tensor) else type(value).__name__
        msg = (
            f"{name} returned a {kind}, not a tensor of numbers: make it return a torch.Tensor, "
            "e.g. torch.as_tensor(result)."
        )
        raise TypeError(msg)
    values = value.detach().float().cpu()
    bad = values.numel() - int(torch.isfinite(values).sum())
    if bad:
        msg = (
            f"{name} returned {bad} NaN or infinite values for {n_points} points: check the "
            "model's weights and inputs."
        )
        raise ValueError(msg)
    return values


def check_text(value: object, *, name: str, optional: bool = False) -> str | None:
    """Check that ``value`` is a string (or ``None``, when ``optional``).

    Examples
    --------
    >>> check_text(3, name="colorbar", optional=True)
    Traceback (most recent call last):
    ...
    TypeError: colorbar must be a string or None, got 3 (type int): write the text, e.g. str(3).
    """
    if isinstance(value, str) or (optional and value is None):
        return value
    expected = "a string or None" if optional else "a string"
    msg = (
        f"{name} must be {expected}, got {value!r} (type {type(value).__name__}): "
        f"write the text, e.g. str({value!r})."
    )
    raise TypeError(msg)


def check_numbers(values: object, *, name: str) -> list[float]:
    """Check that ``values`` is a non-empty sequence of real numbers (list, tuple, 1-D array or tensor).

    Returns
    -------
    list of float
        The values as Python floats; NaN and infinity stay (a plot leaves a gap there).

    Examples
    --------
    >>> check_numbers(torch.tensor([3, 1]), name="values")
    [3.0, 1.0]
    >>> check_numbers([1.0, "2"], name="values")
    Traceback (most recent call last):
    ...
    TypeError: values must hold numbers, but item 1 is '2' (type str): convert it with float().
    """
    if isinstance(values, (torch.Tensor, np.ndarray)):
        if values.ndim != 1:
            msg = (
                f"{name} must be 1-D, one value per epoch, got shape {tuple(values.shape)}: "
                f"flatten it with {name}.reshape(-1), or plot each row on its own."
            )
            raise ValueError(msg)
        if isinstance(values, torch.Tensor):
            values = check_tensor(values, name=name, kind="real").tolist()
        else:
            values = values.tolist()
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)):
        msg = (
            f"{name} must be a list of numbers, got {type(values).__name__}: "
            f"convert it with list({name})."
        )
        raise TypeError(msg)
    if len(values) == 0:
        msg = f"{name} is empty: pass at least one value per epoch."
        raise ValueError(msg)
    for index, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            msg = (
                f"{name} must hold numbers, but item {index} is {value!r} "
                f"(type {type(value).__name__}): convert it with float()."
            )
            raise TypeError(msg)
    return [float(value) for value in values]


# -- training ------------------------------------------------------------------------------------


def check_optimizer_holds(model: object, optimizer: object) -> None:
    """Check that ``optimizer`` updates at least one of ``model``'s trainable parameters."""
    model = check_module(model)
    optimizer = check_instance(
        optimizer,
        torch.optim.Optimizer,
        name="optimizer",
        called="torch.optim.Optimizer",
        fix="create one from the model, e.g. torch.optim.Adam(model.parameters(), lr=1e-3)",
    )
    trainable = {id(p) for p in model.parameters() if p.requires_grad}
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not trainable & held:
        msg = (
            "optimizer updates none of the model's trainable parameters, so training would change "
            "nothing: create it from this model, e.g. torch.optim.Adam(model.parameters(), lr=1e-3)."
        )
        raise ValueError(msg)


def check_mean_loss(loss_fn: object) -> None:
    """Check that ``loss_fn`` averages over the batch, as a reported mean loss per sample needs.

    A PyTorch loss says so with ``reduction="mean"``; a function without ``reduction`` must return
    the mean over the batch (the docstrings say so), and its result is checked to be one number.

    Examples
    --------
    >>> check_mean_loss(nn.CrossEntropyLoss(reduction="sum"))
    Traceback (most recent call last):
    ...
    ValueError: loss_fn has reduction='sum', but the mean loss per sample is computed from each batch's mean: create it with reduction='mean' (the default), e.g. nn.CrossEntropyLoss().
    """
    if not callable(loss_fn):
        msg = (
            f"loss_fn must be a function of (outputs, targets), got {type(loss_fn).__name__}: "
            "pass a loss such as nn.CrossEntropyLoss()."
        )
        raise TypeError(msg)
    reduction = getattr(loss_fn, "reduction", "mean")
    if reduction != "mean":
        msg = (
            f"loss_fn has reduction={reduction!r}, but the mean loss per sample is computed from "
            "each batch's mean: create it with reduction='mean' (the default), "
            f"e.g. nn.{type(loss_fn).__name__}()."
        )
        raise ValueError(msg)


def check_scalar_loss(loss: torch.Tensor) -> None:
    """Check that a loss is one number, as ``loss.backward()`` needs (its shape only)."""
    if not isinstance(loss, torch.Tensor) or loss.ndim != 0:
        shape = tuple(loss.shape) if isinstance(loss, torch.Tensor) else type(loss).__name__
        msg = (
            f"loss_fn returned {shape}, not one number: return the batch's mean loss, "
            "e.g. nn.CrossEntropyLoss()(outputs, targets)."
        )
        raise ValueError(msg)


def check_prediction(prediction: torch.Tensor, target: torch.Tensor) -> None:
    """Check that a model's output and the targets have shapes a loss compares element by element.

    Integer targets are class indices: the output needs one score per class, ``(n, n_classes)``
    with at least two classes, and the targets shape ``(n,)``. Floating-point targets are values:
    they need the output's own shape, or the loss would broadcast ``(n, 1)`` against ``(n,)`` into
    an ``(n, n)`` comparison. Only shapes are read, so on a GPU nothing waits for the device.
    """
    if target.is_floating_point():
        if prediction.shape != target.shape:
            msg = (
                f"the model outputs shape {tuple(prediction.shape)} but the targets have shape "
                f"{tuple(target.shape)}: give them the same shape, e.g. y.reshape"
                f"{tuple(prediction.shape)}, or the loss compares every output with every target."
            )
            raise ValueError(msg)
        return
    check_class_scores(prediction, target)


def check_class_scores(scores: torch.Tensor, target: torch.Tensor) -> None:
    """Check a classifier's scores ``(n, n_classes)`` against class indices ``(n,)`` (shapes only)."""
    if target.is_floating_point() or target.dtype == torch.bool:
        msg = (
            f"the targets have dtype {target.dtype}, but a classifier's targets are class indices: "
            "convert them with y.long()."
        )
        raise TypeError(msg)
    if scores.ndim != 2 or scores.shape[1] < 2:
        msg = (
            f"the model outputs shape {tuple(scores.shape)}, but class indices need one score per "
            "class, shape (batch, n_classes) with n_classes >= 2: a one-output model's argmax is "
            "always class 0."
        )
        raise ValueError(msg)
    if target.ndim != 1 or target.shape[0] != scores.shape[0]:
        msg = (
            f"the targets have shape {tuple(target.shape)}, but class indices for "
            f"{scores.shape[0]} samples have shape ({scores.shape[0]},): "
            "flatten them with y.reshape(-1)."
        )
        raise ValueError(msg)


def check_rows(X: torch.Tensor, y: torch.Tensor) -> None:
    """Check that ``X`` and ``y`` hold one row per sample, the same number, at least one.

    Examples
    --------
    >>> check_rows(torch.zeros(4, 2), torch.zeros(3))
    Traceback (most recent call last):
    ...
    ValueError: X has 4 rows but y has 3: they must have one target per sample.
    """
    for name, tensor in (("X", X), ("y", y)):
        if tensor.ndim == 0:
            msg = f"{name} is a single number: give it one row per sample, e.g. {name}.reshape(1)."
            raise ValueError(msg)
    if X.shape[0] != y.shape[0]:
        msg = (
            f"X has {X.shape[0]} rows but y has {y.shape[0]}: they must have one target per sample."
        )
        raise ValueError(msg)
    if X.shape[0] == 0:
        msg = "X and y hold no samples: pass at least one row."
        raise ValueError(msg)


def check_full_batch(
    X: object, y: object, *, model: nn.Module
) -> tuple[torch.Tensor, torch.Tensor]:
    """Check a whole training set for ``model``: tensors, one target per sample, finite values.

    ``X`` must be floating-point in the model's dtype; both must be on the model's device.
    """
    X = check_tensor(X, name="X")
    y = check_tensor(y, name="y", kind="real")
    check_rows(X, y)
    like = first_weight(model)
    check_model_input(X, name="X", like=like)
    check_model_input(y, name="y", like=like)
    for name, tensor in (("X", X), ("y", y)):
        if tensor.is_floating_point() and not torch.isfinite(tensor).all():  # once, not per step
            msg = f"{name} holds NaN or infinite values, which would turn every weight into NaN."
            raise ValueError(msg)
    return X, y


def checked_batches(
    batches: object, *, model: nn.Module
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Yield the ``(inputs, targets)`` pairs of ``batches``, each checked on its way.

    Each pair is checked for types, dtypes, devices and at least one sample: nothing that makes
    the CPU wait for the GPU. ``batches`` that yield no pair are refused at the end.

    Examples
    --------
    >>> next(checked_batches([(np.zeros((2, 3)), torch.zeros(2))], model=nn.Linear(3, 2)))
    Traceback (most recent call last):
    ...
    TypeError: batches yielded inputs of type ndarray: each batch must be a pair of tensors (inputs, targets); build them with torch.as_tensor, or use nnguide.training.TensorBatches(X, y, batch_size=64).
    """
    fix = (
        "each batch must be a pair of tensors (inputs, targets); build them with "
        "torch.as_tensor, or use nnguide.training.TensorBatches(X, y, batch_size=64)"
    )
    if isinstance(batches, (torch.Tensor, np.ndarray, str)) or not hasattr(batches, "__iter__"):
        msg = f"batches must yield (inputs, targets) pairs, got {type(batches).__name__}: {fix}."
        raise TypeError(msg)
    like = first_weight(check_module(model))
    count = 0
    for batch in batches:
        if not isinstance(batch, (tuple, list)) or len(batch) != 2:
            msg = f"batches yielded a {type(batch).__name__}, not an (inputs, targets) pair: {fix}."
            raise TypeError(msg)
        for part, value in zip(("inputs", "targets"), batch, strict=True):
            if not isinstance(value, torch.Tensor) or value.is_meta:
                kind = "meta tensor" if isinstance(value, torch.Tensor) else type(value).__name__
                msg = f"batches yielded {part} of type {kind}: {fix}."
                raise TypeError(msg)
            if like is not None and value.device != like.device:
                msg = (
                    f"batches yielded {part} on {value.device}, but the model is on "
                    f"{like.device}: move the data with .to({str(like.device)!r}) first."
                )
                raise ValueError(msg)
        data, target = batch
        if data.ndim == 0 or data.shape[0] == 0:
            msg = f"batches yielded inputs of shape {tuple(data.shape)}, no samples: {fix}."
            raise ValueError(msg)
        if like is not None and like.is_floating_point() and data.dtype != like.dtype:
            msg = (
                f"batches yielded inputs of dtype {data.dtype}, but the model computes in "
                f"{like.dtype}: convert X with X.to({like.dtype}) first."
            )
            raise TypeError(msg)
        count += 1
        yield data, target
    if count == 0:
        msg = "batches yielded nothing: the data set is empty."
        raise ValueError(msg)


def class_label_range(labels: torch.Tensor) -> tuple[int, int]:
    """Return the smallest and the largest of some class indices: one read of their values.

    >>> class_label_range(torch.tensor([3, 1, 2]))
    (1, 3)
    """
    low, high = torch.aminmax(labels)
    return int(low), int(high)


def check_class_labels(labels: tuple[int, int], *, n_classes: int) -> None:
    """Check that class indices from ``labels[0]`` to ``labels[1]`` each have a score among ``n_classes``.

    Examples
    --------
    >>> check_class_labels((1, 10), n_classes=10)
    Traceback (most recent call last):
    ...
    ValueError: the targets run from 1 to 10, but the model outputs 10 scores, one per class from 0 to 9: number the classes from 0 (e.g. y - y.min()), or give the model 11 outputs.
    """
    low, high = labels
    if low < 0 or high >= n_classes:
        msg = (
            f"the targets run from {low} to {high}, but the model outputs {n_classes} scores, one "
            f"per class from 0 to {n_classes - 1}: number the classes from 0 (e.g. y - y.min()), "
            f"or give the model {max(high + 1, n_classes)} outputs."
        )
        raise ValueError(msg)


def count_nonfinite_rows(outputs: torch.Tensor) -> torch.Tensor:
    """Count the samples whose outputs hold NaN or infinity, on the outputs' device (no read)."""
    return (~torch.isfinite(outputs.detach())).any(dim=1).sum()


def check_finite_outputs(nonfinite: int, *, seen: int) -> None:
    """Refuse an accuracy whose outputs held NaN or infinity: argmax reads NaN as the largest score.

    Examples
    --------
    >>> check_finite_outputs(3, seen=90)
    Traceback (most recent call last):
    ...
    ValueError: the model's outputs hold NaN or infinite values for 3 of 90 samples, so no accuracy can be computed from them: look for NaN in the inputs, or lower the learning rate if training diverged.
    """
    if nonfinite:
        msg = (
            f"the model's outputs hold NaN or infinite values for {nonfinite} of {seen} samples, so "
            "no accuracy can be computed from them: look for NaN in the inputs, or lower the "
            "learning rate if training diverged."
        )
        raise ValueError(msg)


def read_totals(*totals: torch.Tensor) -> list[float]:
    """Read running totals off their device in one transfer, exactly.

    ``float64`` holds every ``float32`` value and every count below 2**53 exactly, so each total
    reads as its own ``.item()`` would, with one wait for the GPU instead of one per total.

    >>> read_totals(torch.tensor(0.1), torch.tensor(3))
    [0.10000000149011612, 3.0]
    """
    return [float(v) for v in torch.stack([t.double() for t in totals]).tolist()]
