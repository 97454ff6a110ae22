"""The training loop: forward pass, loss, backward pass, gradient-descent step, repeated.

Every optimizer-based chapter trains with the same five lines::

    prediction = model(X)            # forward pass
    loss = loss_fn(prediction, y)    # how wrong the model is
    optimizer.zero_grad()            # forget the previous step's gradients
    loss.backward()                  # backpropagation: ∂loss/∂θ for every parameter θ
    optimizer.step()                 # gradient descent: θ ← θ − η ∂loss/∂θ (Adam: a smarter step)
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from nnguide._validation import check_positive_int

LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def fit_full_batch(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    loss_fn: LossFunction,
    optimizer: torch.optim.Optimizer,
    epochs: int,
) -> list[float]:
    """Train ``model`` on all of ``(X, y)`` at once for ``epochs`` steps; return the loss per step.

    Parameters
    ----------
    model
        The network; its parameters must be the ones ``optimizer`` updates.
    X, y
        Inputs and targets, with the same number of rows.
    loss_fn
        For example ``torch.nn.MSELoss()``.
    optimizer
        For example ``torch.optim.Adam(model.parameters(), lr=0.1)``.
    epochs
        How many steps to take.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> model = nn.Linear(1, 1)
    >>> X = torch.tensor([[0.0], [1.0], [2.0]])
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
    >>> losses = fit_full_batch(model, X, 2 * X + 1, loss_fn=nn.MSELoss(), optimizer=opt, epochs=200)
    >>> losses[-1] < 1e-3 < losses[0]
    True
    """
    check_positive_int(epochs, name="epochs")
    if X.shape[0] != y.shape[0]:
        msg = (
            f"X has {X.shape[0]} rows but y has {y.shape[0]}: they must have one target per sample."
        )
        raise ValueError(msg)
    model.train()
    losses = []
    for _ in range(epochs):
        prediction = model(X)  # forward pass
        loss = loss_fn(prediction, y)  # how wrong the model is
        optimizer.zero_grad()  # forget the previous step's gradients
        loss.backward()  # backpropagation
        optimizer.step()  # one step of gradient descent
        losses.append(loss.item())
    return losses
