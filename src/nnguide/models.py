"""The multilayer perceptron (MLP): layers of neurons, each followed by an activation.

One hidden layer is enough to bend the plane so that XOR becomes separable::

    h = f(x W1ᵀ + b1)      # hidden layer: (n, in) -> (n, hidden)
    ŷ = h W2ᵀ + b2         # output layer: (n, hidden) -> (n, out), linear
"""

from __future__ import annotations

import torch
from torch import nn

from nnguide._validation import (
    check_batch,
    check_finite_number,
    check_parameter_count,
    check_positive_int,
    check_tensor,
)
from nnguide.activations import get_activation


class MLP(nn.Module):
    """A multilayer perceptron with one hidden layer, as in the source tutorial.

    Parameters
    ----------
    in_features, hidden_features, out_features
        The widths of the input, the hidden layer and the output.
    activation
        The hidden layer's activation, by name (see :func:`nnguide.activations.get_activation`).

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> model = MLP(2, 4, 1)
    >>> model
    MLP(
      (layer1): Linear(in_features=2, out_features=4, bias=True)
      (activation): ReLU()
      (layer2): Linear(in_features=4, out_features=1, bias=True)
    )
    >>> model(torch.zeros(3, 2)).shape
    torch.Size([3, 1])
    """

    def __init__(
        self, in_features: int, hidden_features: int, out_features: int, *, activation: str = "relu"
    ) -> None:
        super().__init__()
        self.in_features = check_positive_int(in_features, name="in_features")
        check_positive_int(hidden_features, name="hidden_features")
        check_positive_int(out_features, name="out_features")
        check_parameter_count(
            (in_features + 1) * hidden_features + (hidden_features + 1) * out_features,
            model=f"MLP({in_features}, {hidden_features}, {out_features})",
        )
        self.layer1 = nn.Linear(in_features, hidden_features)
        self.activation = get_activation(activation)
        self.layer2 = nn.Linear(hidden_features, out_features)

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        """Return the hidden layer's output ``f(x W1ᵀ + b1)``, shape ``(n, hidden_features)``."""
        x = check_batch(x, n_features=self.in_features, model=self)
        h: torch.Tensor = self.activation(self.layer1(x))
        return h

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return the network's output, shape ``(n, out_features)``."""
        y: torch.Tensor = self.layer2(self.hidden(x))
        return y


IMAGE_SHAPES = ((1, 28, 28), (28, 28), (28 * 28,))
"""The shapes of one MNIST image that :class:`DigitClassifier` accepts."""


class DigitClassifier(nn.Module):
    """The source tutorial's MNIST classifier: 784 → 256 → 128 → 10, ReLU, dropout 0.2.

    Accepts images ``(n, 1, 28, 28)`` or flattened ``(n, 784)``; returns one logit per digit,
    ``(n, 10)``. Dropout zeroes 20 % of the hidden units at random during training only.

    Examples
    --------
    >>> model = DigitClassifier()
    >>> model(torch.zeros(2, 1, 28, 28)).shape
    torch.Size([2, 10])
    >>> sum(p.numel() for p in model.parameters())
    235146
    """

    def __init__(self, dropout: float = 0.2) -> None:
        super().__init__()
        if not check_finite_number(dropout, name="dropout", minimum=0) < 1:
            msg = f"dropout must be in [0, 1), got {dropout!r}."
            raise ValueError(msg)
        self.flatten = nn.Flatten()
        self.layers = nn.Sequential(
            nn.Linear(28 * 28, 256),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(256, 128),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(128, 10),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return the logits, shape ``(n, 10)``."""
        x = check_tensor(x, name="x")
        if tuple(x.shape[1:]) not in IMAGE_SHAPES:
            one_image = tuple(x.shape) in IMAGE_SHAPES
            msg = (
                f"x must be a batch of 28×28 images, shape (n, 1, 28, 28), (n, 28, 28) or (n, 784), "
                f"got {tuple(x.shape)}"
                + (": for a single image use x.unsqueeze(0)." if one_image else ".")
            )
            raise ValueError(msg)
        logits: torch.Tensor = self.layers(
            check_batch(self.flatten(x), n_features=28 * 28, model=self)
        )
        return logits
