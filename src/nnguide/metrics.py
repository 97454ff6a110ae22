"""Measuring a classifier: accuracy and the confusion matrix."""

from __future__ import annotations

import torch

from nnguide._validation import check_positive_int


def confusion_matrix(
    predicted: torch.Tensor, target: torch.Tensor, *, n_classes: int
) -> torch.Tensor:
    """Count how often each true class (row) was predicted as each class (column).

    Parameters
    ----------
    predicted, target
        Class indices, ``int64``, shape ``(n,)``.
    n_classes
        The number of classes.

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
    if predicted.shape != target.shape or predicted.ndim != 1:
        msg = (
            f"predicted and target must be 1-D and of equal length, got shapes {tuple(predicted.shape)} "
            f"and {tuple(target.shape)}."
        )
        raise ValueError(msg)
    for name, values in (("predicted", predicted), ("target", target)):
        if values.is_floating_point() or (
            values.numel() and not 0 <= int(values.min()) <= int(values.max()) < n_classes
        ):
            msg = f"{name} must hold class indices 0..{n_classes - 1} as integers."
            raise ValueError(msg)
    flat = target.long() * n_classes + predicted.long()  # one cell index per sample
    return torch.bincount(flat.cpu(), minlength=n_classes * n_classes).reshape(n_classes, n_classes)
