"""nnguide: the building blocks behind a bilingual, executable neural-network tutorial.

Each module holds one concept and is small enough to read in one sitting:

- :mod:`nnguide.perceptron` -- Rosenblatt's perceptron and its learning rule.
- :mod:`nnguide.datasets` -- the logic-gate truth tables.
- :mod:`nnguide.plotting` -- decision boundaries and training curves, labelled in English or Chinese.
- :mod:`nnguide.fonts` -- a CJK font for matplotlib, so that Chinese labels render.
- :mod:`nnguide.i18n` -- the two languages of the tutorial and the words the plots use.
"""

from nnguide.perceptron import FitHistory, Perceptron

__version__ = "0.1.0"
__all__ = ["FitHistory", "Perceptron", "__version__"]
