"""Data sets used by the tutorial."""

from nnguide.datasets.logic_gates import GATES, logic_gate
from nnguide.datasets.mnist_files import MNISTUnavailableError, mnist, mnist_tensors, prepare_mnist
from nnguide.datasets.spirals import two_spirals

__all__ = [
    "GATES",
    "MNISTUnavailableError",
    "logic_gate",
    "mnist",
    "mnist_tensors",
    "prepare_mnist",
    "two_spirals",
]
