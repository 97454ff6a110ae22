"""nnguide: the building blocks behind a bilingual, executable neural-network tutorial.

Each module holds one concept and is small enough to read in one sitting:

- :mod:`nnguide.perceptron` -- Rosenblatt's perceptron and its learning rule.
- :mod:`nnguide.activations` -- activation functions, their derivatives, vanishing and dead units.
- :mod:`nnguide.models` -- the multilayer perceptron, and the MNIST digit classifier.
- :mod:`nnguide.training` -- the training loop, mini-batches from preloaded tensors, evaluation.
- :mod:`nnguide.side_by_side` -- many small networks trained at once, each exactly as if alone.
- :mod:`nnguide.graphed` -- the MNIST training step recorded once as a CUDA graph and replayed.
- :mod:`nnguide.bench_results` -- the committed runs of the MNIST training benchmark, as records.
- :mod:`nnguide.backprop` -- backpropagation by hand, checked against autograd and finite differences.
- :mod:`nnguide.architectures` -- encoder, decoder, residual and batch-normalised patterns.
- :mod:`nnguide.metrics` -- the confusion matrix.
- :mod:`nnguide.datasets` -- logic gates, two spirals, and MNIST obtained offline and verified.
- :mod:`nnguide.plotting` -- decision boundaries, curves and digits, labelled in English or Chinese.
- :mod:`nnguide.diagrams` -- the neuron, the network, the computation graph and the residual block, drawn.
- :mod:`nnguide.fonts` -- a CJK font for matplotlib, so that Chinese labels render.
- :mod:`nnguide.i18n` -- the tutorial's languages, and the words the plots use in each.
- :mod:`nnguide.cli` -- ``python -m nnguide data mnist``.
"""

from importlib.metadata import version

from nnguide.perceptron import FitHistory, Perceptron

__version__ = version("nnguide")  # defined once, in pyproject.toml
__all__ = ["FitHistory", "Perceptron", "__version__"]
