"""Measuring a classifier: accuracy and the confusion matrix."""

from __future__ import annotations

import torch

from nnguide._validation import (
    check_elements,
    check_positive_int,
    check_same_device,
    check_tensor,
)


def confusion_matrix(
    predicted: torch.Tensor, target: torch.Tensor, *, n_classes: int
) -> torch.Tensor:
    """Count how often each true class (row) was predicted as each class (column).

    Parameters
    ----------
    predicted, target
        Class indices from 0 to ``n_classes - 1``, integers, shape ``(n,)``, on one device. With
        ``n = 0`` every count is 0.
    n_classes
        The number of classes; the matrix's ``n_classes²`` counts must fit in the limit
        ``nnguide._validation.ELEMENTS``.

    Returns
    -------
    torch.Tensor
        ``int64``, shape ``(n_classes, n_classes)``; the diagonal holds the correct predictions.

    Examples
    --------
    >>> confusion_matrix(torch.tensor([0, 1, 1, 2]), torch.tensor([0, 1, 2, 2]), n_classes=3)
    tensor([[1, 0, 0],
            [0, 1, 0],
            [0, 1, 1]])
    """
    check_positive_int(n_classes, name="n_classes")
    check_elements(
        n_classes * n_classes,
        what=f"n_classes={n_classes} makes a {n_classes} × {n_classes} matrix that",
        fix="count only the classes that occur",
    )
    predicted = check_tensor(predicted, name="predicted", kind="integer")
    target = check_tensor(target, name="target", kind="integer")
    if predicted.shape != target.shape or predicted.ndim != 1:
        msg = (
            f"predicted and target must be 1-D and of equal length, got shapes {tuple(predicted.shape)} "
            f"and {tuple(target.shape)}."
        )
        raise ValueError(msg)
    check_same_device(predicted, name="predicted", other=target, other_name="target")
    for name, values in (("predicted", predicted), ("target", target)):
        if values.numel() and not 0 <= int(values.min()) <= int(values.max()) < n_classes:
            msg = (
                f"{name} must hold class indices 0..{n_classes - 1}, but it holds "
                f"{int(values.min())}..{int(values.max())}: pass n_classes={int(values.max()) + 1} "
                "or renumber the classes from 0."
            )
            raise ValueError(msg)
    flat = target.long() * n_classes + predicted.long()  # one cell index per sample
    return torch.bincount(flat.cpu(), minlength=n_classes * n_classes).reshape(n_classes, n_classes)
