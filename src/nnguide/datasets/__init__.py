"""Data sets used by the tutorial."""

from nnguide.datasets.logic_gates import GATES, logic_gate
from nnguide.datasets.spirals import two_spirals

__all__ = ["GATES", "logic_gate", "two_spirals"]
