"""Two interleaved spirals: a small 2-D data set that only a deep enough network separates."""

from __future__ import annotations

import math

import torch

from nnguide._validation import check_finite_number, check_positive_int, check_seed


def two_spirals(
    n_per_class: int = 200, *, turns: float = 1.5, noise: float = 0.05, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return points on two interleaved spirals and their class, 0 or 1.

    Parameters
    ----------
    n_per_class
        Points per spiral.
    turns
        How many times each spiral winds around the centre.
    noise
        Standard deviation of the Gaussian noise added to each coordinate.
    seed
        Seed for the noise.

    Returns
    -------
    X : torch.Tensor
        ``float32``, shape ``(2 * n_per_class, 2)``, within about ``[-1, 1]²``.
    y : torch.Tensor
        ``int64``, shape ``(2 * n_per_class,)``.

    Examples
    --------
    >>> X, y = two_spirals(100)
    >>> X.shape, y.bincount().tolist()
    (torch.Size([200, 2]), [100, 100])
    """
    check_positive_int(n_per_class, name="n_per_class")
    turns = check_finite_number(turns, name="turns")
    noise = check_finite_number(noise, name="noise", minimum=0)
    generator = torch.Generator().manual_seed(check_seed(seed))
    t = torch.linspace(0.05, 1.0, n_per_class)  # position along the spiral, centre to rim
    angle = 2 * math.pi * turns * t
    arms = []
    for cls in (0, 1):
        phase = math.pi * cls  # the second spiral is the first one turned by 180°
        arms.append(
            torch.stack([t * torch.cos(angle + phase), t * torch.sin(angle + phase)], dim=1)
        )
    X = torch.cat(arms) + noise * torch.randn(2 * n_per_class, 2, generator=generator)
    y = torch.cat([torch.zeros(n_per_class), torch.ones(n_per_class)]).long()
    return X, y
