"""The multilayer perceptron (MLP): layers of neurons, each followed by an activation.

One hidden layer is enough to bend the plane so that XOR becomes separable::

    h = f(x W1ᵀ + b1)      # hidden layer: (n, in) -> (n, hidden)
    ŷ = h W2ᵀ + b2         # output layer: (n, hidden) -> (n, out), linear
"""

from __future__ import annotations

import torch
from torch import nn

from nnguide._validation import check_features, check_positive_int
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
        self.layer1 = nn.Linear(in_features, hidden_features)
        self.activation = get_activation(activation)
        self.layer2 = nn.Linear(hidden_features, out_features)

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        """Return the hidden layer's output ``f(x W1ᵀ + b1)``, shape ``(n, hidden_features)``."""
        x = check_features(x, n_features=self.in_features)
        h: torch.Tensor = self.activation(self.layer1(x))
        return h

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return the network's output, shape ``(n, out_features)``."""
        y: torch.Tensor = self.layer2(self.hidden(x))
        return y
