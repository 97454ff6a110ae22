"""Rosenblatt's perceptron: a single artificial neuron with a step activation.

A neuron weighs its inputs, adds a bias and passes the sum through an activation function::

    z = w · x + b          # weighted sum, x has shape (n_features,)
    ŷ = step(z) = 1 if z > 0 else 0

The perceptron learning rule nudges the weights towards every misclassified sample::

    w ← w + η (y − ŷ) x
    b ← b + η (y − ŷ)

where η is the learning rate. When the two classes can be separated by a straight line (a hyperplane
in more dimensions) the rule converges after finitely many mistakes; when they cannot, as with XOR,
it never stops making them.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from nnguide._validation import (
    STEPS,
    check_binary_targets,
    check_bool,
    check_features,
    check_positive,
    check_positive_int,
    check_seed,
)


@dataclass(frozen=True)
class FitHistory:
    """What happened while a :class:`Perceptron` trained.

    Attributes
    ----------
    errors
        The number of misclassified samples in each epoch, in order.
    converged
        ``True`` if an epoch went by without a single mistake.
    """

    errors: list[int]
    converged: bool

    def __post_init__(self) -> None:
        check_bool(self.converged, name="converged")
        if not isinstance(self.errors, list) or not all(
            isinstance(e, int) and not isinstance(e, bool) and e >= 0 for e in self.errors
        ):
            msg = (
                f"errors must be a list of counts (integers >= 0), one per epoch, got "
                f"{self.errors!r}."
            )
            raise TypeError(msg)
        if not self.errors or self.converged != (self.errors[-1] == 0):
            msg = (
                f"errors={self.errors!r} and converged={self.converged} disagree: a training runs "
                "at least one epoch, and converges when its last epoch makes no mistake."
            )
            raise ValueError(msg)

    @property
    def epochs(self) -> int:
        """The number of epochs that ran."""
        return len(self.errors)

    @property
    def converged_epoch(self) -> int | None:
        """The 1-based epoch that made no mistake, or ``None`` if training never converged."""
        return self.epochs if self.converged else None


class Perceptron:
    """A single neuron with a step activation, trained by the perceptron learning rule.

    Parameters
    ----------
    n_features
        The number of inputs of the neuron.
    learning_rate
        The step size η of the learning rule.
    seed
        Seed for the random initial weights, so that a run can be reproduced exactly.

    Examples
    --------
    >>> from nnguide.datasets import logic_gate
    >>> X, y = logic_gate("and")
    >>> p = Perceptron(n_features=2, seed=0)
    >>> history = p.fit(X, y)
    >>> history.converged
    True
    >>> p.predict(X)
    tensor([0, 0, 0, 1])
    """

    def __init__(self, n_features: int, *, learning_rate: float = 0.1, seed: int = 0) -> None:
        self.n_features = check_positive_int(n_features, name="n_features")
        self.learning_rate = check_positive(learning_rate, name="learning_rate")
        self.seed = check_seed(seed)
        generator = torch.Generator().manual_seed(self.seed)
        self.weights = torch.randn(n_features, generator=generator)  # w: (n_features,)
        self.bias = torch.randn(1, generator=generator).squeeze()  # b: scalar

    def __repr__(self) -> str:
        w = ", ".join(f"{v:.3f}" for v in self.weights.tolist())
        return (
            f"Perceptron(n_features={self.n_features}, learning_rate={self.learning_rate}, "
            f"weights=[{w}], bias={self.bias.item():.3f})"
        )

    def net_input(self, X: torch.Tensor) -> torch.Tensor:
        """Return the weighted sum ``z = X @ w + b`` of each sample, shape ``(n_samples,)``."""
        X = check_features(X, n_features=self.n_features, like=self.weights)
        return (
            X @ self.weights + self.bias
        )  # (n_samples, n_features) @ (n_features,) -> (n_samples,)

    def predict(self, X: torch.Tensor) -> torch.Tensor:
        """Return the step activation of the weighted sum: 1 where ``z > 0``, else 0 (``int64``)."""
        return (self.net_input(X) > 0).long()

    def fit(self, X: torch.Tensor, y: torch.Tensor, *, max_epochs: int = 100) -> FitHistory:
        """Train with the perceptron learning rule until an epoch has no mistake.

        Parameters
        ----------
        X
            Inputs, shape ``(n_samples, n_features)``, ``float32`` like the weights.
        y
            Targets, shape ``(n_samples,)``, each 0 or 1.
        max_epochs
            The budget: training stops after this many epochs even if mistakes remain.

        Returns
        -------
        FitHistory
            Mistakes per epoch and whether training converged.
        """
        X = check_features(X, n_features=self.n_features, like=self.weights)
        y = check_binary_targets(y, n_samples=X.shape[0])
        check_positive_int(max_epochs, name="max_epochs", limit=STEPS)
        errors: list[int] = []
        for _ in range(max_epochs):
            mistakes = 0
            for xi, yi in zip(X, y, strict=True):  # one sample at a time, in order
                prediction = float(xi @ self.weights + self.bias > 0)  # ŷ = step(w·x + b)
                error = yi.item() - prediction  # y − ŷ: 0 if right, +1 or −1 if wrong
                if error != 0:
                    self.weights += self.learning_rate * error * xi  # w ← w + η (y − ŷ) x
                    self.bias += self.learning_rate * error  # b ← b + η (y − ŷ)
                    mistakes += 1
            errors.append(mistakes)
            if mistakes == 0:
                return FitHistory(errors=errors, converged=True)
        return FitHistory(errors=errors, converged=False)
