"""Data sets used by the tutorial."""

from nnguide.datasets.logic_gates import GATES, logic_gate

__all__ = ["GATES", "logic_gate"]
