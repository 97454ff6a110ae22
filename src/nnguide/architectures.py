"""Network architecture patterns: how layers are arranged, and the two tricks that let deep stacks train.

- Shrinking widths (an *encoder*, e.g. 784 → 256 → 64 → 10) compress an input to a few numbers:
  classification.
- Growing widths (a *decoder*, 10 → 64 → 256 → 784) expand a few numbers to a full output:
  generation.
- A *residual block* computes ``x + F(x)``: the identity path carries signal and gradient through
  any depth, and the layers only learn a correction.
- *Batch normalisation* rescales each unit to zero mean and unit variance over the batch, so every
  layer sees inputs of a steady scale.
"""

from __future__ import annotations

import torch
from torch import nn

from nnguide._validation import (
    LAYERS,
    check_batch,
    check_bool,
    check_module,
    check_parameter_count,
    check_positive_int,
)
from nnguide.activations import get_activation


class Encoder(nn.Module):
    """784 → 256 → 64 → 10 with ReLU: shrinking widths, as used for classification.

    Examples
    --------
    >>> Encoder()(torch.zeros(5, 784)).shape
    torch.Size([5, 10])
    """

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``(n, 784)`` to ``(n, 10)``."""
        x = check_batch(x, n_features=784, model=self)
        out: torch.Tensor = self.layers(x)
        return out


class Decoder(nn.Module):
    """10 → 64 → 256 → 784 with ReLU: growing widths, as used for generation.

    Examples
    --------
    >>> Decoder()(torch.zeros(5, 10)).shape
    torch.Size([5, 784])
    """

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 784)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``(n, 10)`` to ``(n, 784)``."""
        x = check_batch(x, n_features=10, model=self)
        out: torch.Tensor = self.layers(x)
        return out


class ResidualBlock(nn.Module):
    """``x + F(x)`` with ``F = Linear → ReLU → Linear``; input and output both ``(n, dim)``.

    Examples
    --------
    >>> block = ResidualBlock(8)
    >>> _ = nn.init.zeros_(block.layers[2].weight), nn.init.zeros_(block.layers[2].bias)
    >>> x = torch.randn(3, 8)
    >>> torch.equal(block(x), x)  # with F = 0 the block is the identity
    True
    """

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = check_positive_int(dim, name="dim")
        check_parameter_count(2 * (dim * dim + dim), model=f"ResidualBlock({dim})")
        self.layers = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return ``x + F(x)``: the residual connection."""
        x = check_batch(x, n_features=self.dim, model=self)
        out: torch.Tensor = x + self.layers(x)
        return out


class NormalizedMLP(nn.Module):
    """784 → 256 → ``BatchNorm1d`` → ReLU → 10: batch normalisation after the hidden layer.

    Examples
    --------
    >>> NormalizedMLP()(torch.zeros(4, 784)).shape
    torch.Size([4, 10])
    """

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``(n, 784)`` to ``(n, 10)``; in training mode ``n`` must be at least 2."""
        x = check_batch(x, n_features=784, model=self)
        out: torch.Tensor = self.layers(x)
        return out


class DeepMLP(nn.Module):
    """A stack of ``depth`` hidden layers of equal width, optionally residual and batch-normalised.

    Each hidden layer is ``Linear → [BatchNorm] → activation``; with ``residual=True`` each is
    wrapped as ``h + layer(h)``. The chapters compare these variants at equal depth.

    Parameters
    ----------
    in_features, hidden_features, out_features
        Features of the input, of every hidden layer, and of the output (as ``nn.Linear`` and
        :class:`nnguide.models.MLP` name them).
    depth
        Number of hidden layers.
    activation
        The hidden activation, by name.
    residual
        Add the identity around every hidden layer but the first.
    batchnorm
        Normalise every hidden layer's pre-activations over the batch.

    Examples
    --------
    >>> model = DeepMLP(2, 16, 1, depth=3, residual=True)
    >>> model(torch.zeros(4, 2)).shape
    torch.Size([4, 1])
    >>> sum(isinstance(m, nn.Linear) for m in model.modules())
    4
    """

    def __init__(
        self,
        in_features: int,
        hidden_features: int,
        out_features: int,
        *,
        depth: int,
        activation: str = "relu",
        residual: bool = False,
        batchnorm: bool = False,
    ) -> None:
        super().__init__()
        for value, name in (
            (in_features, "in_features"),
            (hidden_features, "hidden_features"),
            (out_features, "out_features"),
        ):
            check_positive_int(value, name=name)
        check_positive_int(depth, name="depth", limit=LAYERS)
        residual = check_bool(residual, name="residual")
        batchnorm = check_bool(batchnorm, name="batchnorm")
        norm = 2 * hidden_features if batchnorm else 0  # BatchNorm's scale and shift per unit
        check_parameter_count(
            (in_features + 1) * hidden_features  # the first hidden layer's weights and biases
            + (depth - 1) * (hidden_features + 1) * hidden_features  # the other hidden layers'
            + depth * norm
            + (hidden_features + 1) * out_features,  # the output layer's
            model=f"DeepMLP({in_features}, {hidden_features}, {out_features}, depth={depth})",
        )
        self.in_features = in_features
        self.residual = residual
        self.hidden = nn.ModuleList()
        for i in range(depth):
            inputs = in_features if i == 0 else hidden_features
            layers: list[nn.Module] = [nn.Linear(inputs, hidden_features)]
            if batchnorm:
                layers.append(nn.BatchNorm1d(hidden_features))
            layers.append(get_activation(activation))
            self.hidden.append(nn.Sequential(*layers))
        self.output = nn.Linear(hidden_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``(n, in_features)`` to ``(n, out_features)``."""
        h = check_batch(x, n_features=self.in_features, model=self)
        for i, layer in enumerate(self.hidden):
            h = h + layer(h) if self.residual and i > 0 else layer(h)
        out: torch.Tensor = self.output(h)
        return out


def kaiming_init(model: nn.Module) -> None:
    """Re-initialise every ``nn.Linear`` of ``model`` for ReLU (Kaiming/He): ``Var(w) = 2 / fan_in``.

    PyTorch's default draws weights from ``U(−1/√fan_in, 1/√fan_in)``, a variance of
    ``1 / (3 fan_in)``; a ReLU layer passes on half the variance of its input, so each default layer
    shrinks the signal's variance about 6-fold. With ``2 / fan_in`` the two factors cancel and the
    signal keeps its scale through any depth. Biases start at zero. Chapter 3 derives and measures it.

    Every layer is found and checked before any weight changes, so a refusal leaves ``model`` as
    it was.

    Raises
    ------
    TypeError
        If ``model`` is not an ``nn.Module``.
    ValueError
        If ``model`` holds no ``nn.Linear``: there would be nothing to re-initialise.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> layer = nn.Linear(1000, 1000)
    >>> kaiming_init(layer)
    >>> round(layer.weight.var().item() * 1000, 1), layer.bias.abs().max().item()
    (2.0, 0.0)
    """
    linear_layers = [m for m in check_module(model).modules() if isinstance(m, nn.Linear)]
    if not linear_layers:
        msg = (
            f"model ({type(model).__name__}) holds no nn.Linear, so kaiming_init would change "
            "nothing: pass a network that has Linear layers."
        )
        raise ValueError(msg)
    for layer in linear_layers:
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")  # N(0, 2 / fan_in)
        if layer.bias is not None:  # a layer made with bias=False has none to zero
            nn.init.zeros_(layer.bias)


def count_parameters(model: nn.Module) -> int:
    """Return the number of trainable parameters of ``model``.

    Examples
    --------
    >>> count_parameters(nn.Linear(784, 256))
    200960
    """
    return sum(p.numel() for p in check_module(model).parameters() if p.requires_grad)
