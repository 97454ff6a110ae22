r"""
The perceptron: a neuron that learns
====================================

Neural networks are built from one small part repeated many times: the *neuron*. This chapter
builds the simplest neural network there is, a single :term:`neuron` called the
:term:`perceptron`,
and trains it. You will learn

- how an artificial neuron mirrors a biological one, :math:`y = f(\mathbf{w}\cdot\mathbf{x} + b)`;
- the perceptron learning rule, and the few lines of code that implement it;
- to train a perceptron on the AND, OR and NAND logic gates and draw what it learned;
- why a perceptron cannot learn XOR: :term:`linear separability`.
"""

# %%
# From biological to artificial neurons
# -------------------------------------
# A biological neuron receives signals through its *dendrites*, combines them in the *cell body*,
# and, if the combined signal is strong enough, fires along its *axon*. An artificial neuron keeps
# that shape and turns it into arithmetic:
#
# =====================  ===============================  ======================================
# Biological neuron      Artificial neuron                In the formula
# =====================  ===============================  ======================================
# dendrites              inputs                           :math:`x_1, x_2, \dots, x_n`
# synapse strengths      weights                          :math:`w_1, w_2, \dots, w_n`
# cell body              weighted sum plus bias           :math:`z = \mathbf{w}\cdot\mathbf{x} + b`
# firing threshold       activation function              :math:`y = f(z)`
# axon                   output                           :math:`y`
# =====================  ===============================  ======================================
#
# .. math::
#
#    y = f(w_1 x_1 + w_2 x_2 + \dots + w_n x_n + b) = f(\mathbf{w}\cdot\mathbf{x} + b)
#
# The :term:`activation function` :math:`f` decides what the neuron outputs for a weighted sum
# :math:`z`. The perceptron (Rosenblatt, 1958) uses the *step* function: it outputs 1 when the
# weighted sum is positive and 0 otherwise, :math:`f(z) = 1` if :math:`z > 0`, else :math:`0`.
#
# We fix the language of the plots and a random seed first, so that this page gives the same
# numbers every time it runs.

import matplotlib.pyplot as plt
import torch
from matplotlib.ticker import MaxNLocator

from nnguide import FitHistory
from nnguide.datasets import logic_gate
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib, plot_curve, plot_decision_boundary

LANG = "en"  # the language of this page's plots
SEED = 0  # seeds the perceptrons' random initial weights
configure_matplotlib(LANG)

# %%
# The step function is flat everywhere except at :math:`z = 0`, where it jumps from 0 to 1. A small
# change of the weights therefore changes the output only when it carries :math:`z` across 0. The
# perceptron's learning rule needs no more than that; the networks of the next chapters, which learn
# from gradients, replace the step by smoother functions.

z = torch.linspace(-3, 3, 601)
fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 2.6), layout="constrained")
ax.plot(z, (z > 0).float(), linewidth=2)
ax.set_xlabel("weighted sum $z$")
ax.set_ylabel("output $f(z)$")
ax.set_title("The step activation of the perceptron")
ax.grid(visible=True, alpha=0.3)
plt.show()

# %%
# The perceptron learning rule
# ----------------------------
# The perceptron learns from its mistakes, one sample at a time. For a sample :math:`\mathbf{x}`
# with target :math:`y` it predicts :math:`\hat y`, and then moves its weights by
#
# .. math::
#
#    \mathbf{w} \leftarrow \mathbf{w} + \eta\,(y - \hat y)\,\mathbf{x}, \qquad
#    b \leftarrow b + \eta\,(y - \hat y)
#
# where :math:`\eta` is the :term:`learning rate`. When the prediction is right, :math:`y - \hat y = 0`
# and nothing changes. When the neuron said 0 but should have said 1, the weights move *towards*
# :math:`\mathbf{x}`, so the weighted sum of that sample grows; in the opposite case they move away.
# One pass over all samples is an :term:`epoch`; training stops after an epoch without a single mistake.
#
# Here is the whole perceptron in code. ``__init__`` draws the initial weights and bias at random
# (from a seed, so that a run can be repeated exactly); ``predict`` applies the step function to the
# weighted sum of every sample; ``fit`` applies the learning rule, one sample at a time, and returns
# a :class:`~nnguide.FitHistory`: its ``errors`` (mistakes per epoch), ``converged`` and
# ``converged_epoch``.


class Perceptron:
    """A single neuron with a step activation, trained by the perceptron learning rule."""

    def __init__(self, n_features: int, *, learning_rate: float = 0.1, seed: int = 0) -> None:
        self.learning_rate = learning_rate  # η
        generator = torch.Generator().manual_seed(seed)
        self.weights = torch.randn(n_features, generator=generator)  # w: (n_features,)
        self.bias = torch.randn(1, generator=generator).squeeze()  # b: a scalar

    def predict(self, X: torch.Tensor) -> torch.Tensor:
        """ŷ = step(X w + b) for each row of X: (n_samples, n_features) -> (n_samples,), 0 or 1."""
        return (X @ self.weights + self.bias > 0).long()

    def fit(self, X: torch.Tensor, y: torch.Tensor, *, max_epochs: int = 100) -> FitHistory:
        """Apply the learning rule until an epoch has no mistake, for at most max_epochs epochs."""
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


# %%
# Learning the AND gate
# ---------------------
# AND outputs 1 only when both inputs are 1. Its truth table is our whole :term:`training set`:
# four samples with two features each.

X, y = logic_gate("and")
print("inputs X:", X.tolist())
print("targets y:", y.tolist())

perceptron = Perceptron(n_features=2, learning_rate=0.1, seed=SEED)
print("before training: weights", perceptron.weights, "bias", perceptron.bias)

# %%
# Now we train, with a budget of 100 epochs, and test the perceptron on the four inputs.

history = perceptron.fit(X, y, max_epochs=100)
print("after training:  weights", perceptron.weights, "bias", perceptron.bias)
print(f"mistakes per epoch: {history.errors}")
print(f"converged in epoch {history.converged_epoch}")
print("\nAND gate test:")
for xi, prediction in zip(X, perceptron.predict(X), strict=True):
    print(f"  {xi.tolist()} -> {prediction.item()}")
# sphinx_gallery_start_ignore
assert history.errors == [1, 1, 1, 1, 1, 0]
assert history.converged
assert torch.equal(perceptron.predict(X), y)
# sphinx_gallery_end_ignore

# %%
# The perceptron made one mistake in each of the first five epochs and none in the sixth. An epoch
# without a mistake leaves the weights as they were, so from then on every prediction is right, as
# the test shows.
#
# What did it learn?
# ------------------
# The perceptron outputs 1 where :math:`w_1 x_1 + w_2 x_2 + b > 0`. The border of that region,
# :math:`w_1 x_1 + w_2 x_2 + b = 0`, is a straight line: the *decision boundary*. Training AND, OR
# and NAND the same way shows a line that separates the 0s from the 1s in each case.

fig, axes = plt.subplots(1, 3, figsize=(FIGURE_WIDTH, 2.8), sharey=True, layout="constrained")
for ax, gate, name in zip(axes, ["and", "or", "nand"], ["AND", "OR", "NAND"], strict=True):
    X, y = logic_gate(gate)
    gate_perceptron = Perceptron(n_features=2, seed=SEED)
    gate_history = gate_perceptron.fit(X, y, max_epochs=100)
    # sphinx_gallery_start_ignore
    assert gate_history.converged_epoch == {"and": 6, "or": 12, "nand": 21}[gate]
    assert torch.equal(gate_perceptron.predict(X), y)
    # sphinx_gallery_end_ignore
    print(f"{name}: converged in epoch {gate_history.converged_epoch}")
    plot_decision_boundary(gate_perceptron.predict, X, y, lang=LANG, ax=ax, legend=False)
    ax.label_outer()  # the y axis is labelled once, on the left
    ax.set_title(name)
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()
# sphinx_gallery_start_ignore
# the AND line (the first perceptron's) passes within 0.05 of (1, 0) and (1, 1)
distances = (X[2:] @ perceptron.weights + perceptron.bias).abs() / perceptron.weights.norm()
assert torch.equal(X[2:], torch.tensor([[1.0, 0.0], [1.0, 1.0]]))
assert distances.max() < 0.05
# sphinx_gallery_end_ignore

# %%
# All three gates are learned within the budget of 100 epochs (in 6, 12 and 21 epochs), each with a
# different line. The shading is the perceptron's answer at every point of the plane: orange where
# it outputs 1, blue where it outputs 0. Any line that puts the orange points on one side
# and the blue ones on the other is a correct answer; which one the perceptron finds depends on where it starts, its random initial
# weights. The rule stops at the first line that makes no mistake, however close it passes to a
# point: the AND line almost touches :math:`(1, 0)` and :math:`(1, 1)`.
#
# XOR: where a single neuron fails
# --------------------------------
# XOR (exclusive or) outputs 1 when exactly one input is 1.

X, y = logic_gate("xor")
xor_perceptron = Perceptron(n_features=2, seed=SEED)
xor_history = xor_perceptron.fit(X, y, max_epochs=100)
print(f"converged: {xor_history.converged}")
print(f"fewest mistakes in any epoch: {min(xor_history.errors)} of 4")
# sphinx_gallery_start_ignore
assert not xor_history.converged
assert min(xor_history.errors) == 2
assert set(xor_history.errors[:38]) == {2, 3}
assert set(xor_history.errors[38:]) == {4}
# sphinx_gallery_end_ignore

fig, (ax_errors, ax_boundary) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 7.6), layout="constrained"
)
plot_curve(xor_history.errors, lang=LANG, ylabel="misclassified", ax=ax_errors)
ax_errors.yaxis.set_major_locator(MaxNLocator(integer=True))  # a count: whole numbers only
ax_errors.set_title("XOR: the mistakes never stop")
plot_decision_boundary(xor_perceptron.predict, X, y, lang=LANG, ax=ax_boundary, legend=False)
ax_boundary.set_title("XOR: one line cannot split the classes")
fig.legend(*ax_boundary.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()

# %%
# The perceptron does not converge within its 100 epochs. It makes 2 or 3 mistakes in each of the
# first 38 epochs, never fewer, and from epoch 39 on it gets all four samples wrong in every epoch.
# (Mistakes are counted as the samples are visited, while the weights move.) We look at what happens
# in one more epoch:

weights, bias = xor_perceptron.weights.clone(), xor_perceptron.bias.clone()
one_more = xor_perceptron.fit(X, y, max_epochs=1)
unchanged = torch.equal(xor_perceptron.weights, weights) and torch.equal(xor_perceptron.bias, bias)
print(f"one more epoch: {one_more.errors[0]} mistakes, weights and bias unchanged: {unchanged}")
right_at_end = int((xor_perceptron.predict(X) == y).sum())
print(f"the line at the end of the epoch classifies {right_at_end} of 4 correctly")
# sphinx_gallery_start_ignore
assert one_more.errors == [4]
assert unchanged
assert right_at_end == 1
# sphinx_gallery_end_ignore

# %%
# The rule has fallen into a cycle. Each sample, when its turn comes, is on the wrong side of the
# line (four mistakes in four visits); its update shifts the line in its favour, and the next sample
# finds itself on the wrong side. Over the four updates of an epoch the changes cancel exactly (each
# weight gets :math:`+\eta` once and :math:`-\eta` once, the bias :math:`+\eta` twice and
# :math:`-\eta` twice), so every epoch ends
# where it started. The line at that point gets one sample of four right, and more training only
# repeats the same epoch.
#
# Linear separability
# -------------------
# A data set is *linearly separable* when a straight line (a hyperplane in more dimensions) puts
# all samples of one class on one side and the rest on the other. AND, OR and NAND are; XOR is not,
# and four inequalities prove it. A perceptron that computed XOR would need
#
# .. math::
#
#    \begin{aligned}
#    (0,0) \mapsto 0:&\quad b \le 0 &\qquad (0,1) \mapsto 1:&\quad w_2 + b > 0\\
#    (1,1) \mapsto 0:&\quad w_1 + w_2 + b \le 0 &\qquad (1,0) \mapsto 1:&\quad w_1 + b > 0
#    \end{aligned}
#
# Adding the two right-hand inequalities gives :math:`w_1 + w_2 + 2b > 0`; adding the two left-hand
# ones gives :math:`w_1 + w_2 + 2b \le 0`. No weights satisfy both, so no perceptron computes XOR,
# whatever its learning rate or its number of epochs. The perceptron convergence theorem guarantees
# the opposite for separable data: the rule always finds a separating line after finitely many
# mistakes.
#
# The way out, which :doc:`the next chapter <plot_02_mlp_xor>` takes, is to stack neurons: a :term:`hidden layer` bends the input
# space until XOR becomes separable.
#
# Summary
# -------
# - An artificial neuron computes :math:`y = f(\mathbf{w}\cdot\mathbf{x} + b)`; the perceptron's
#   :math:`f` is the step function.
# - The perceptron learning rule,
#   :math:`\mathbf{w} \leftarrow \mathbf{w} + \eta\,(y - \hat y)\,\mathbf{x}`, changes the
#   weights only after a mistake, one sample at a time.
# - A trained perceptron splits its inputs by a straight line, the decision boundary; it learned
#   AND, OR and NAND in 6, 12 and 21 epochs.
# - XOR is not linearly separable: no line splits its classes, so the perceptron never stops making
#   mistakes on it.
#
# Exercises
# ---------
# 1. The rule updates the bias :math:`b` exactly like a weight. Why is that right?
#
#    .. dropdown:: Answer
#
#       The bias is the weight of an extra input that is always 1:
#       :math:`\mathbf{w}\cdot\mathbf{x} + b = (w_1, \dots, w_n, b)\cdot(x_1, \dots, x_n, 1)`.
#       The weight rule applied to that input, :math:`b \leftarrow b + \eta\,(y - \hat y)\cdot 1`,
#       is the bias rule.
#
# 2. Which of the 16 possible two-input boolean functions can a perceptron learn? (Hint: draw each
#    function on the square, as above.)
#
#    .. dropdown:: Answer
#
#       14 of them: all except XOR and its negation XNOR, the only two whose 1s sit on a diagonal
#       of the square.
#
# 3. Add a third input :math:`x_3 = x_1 x_2` to the XOR data. Can the perceptron learn it now?
#
#    .. dropdown:: Answer
#
#       Yes. In three dimensions the point :math:`(1, 1, 1)` is lifted away from the other three,
#       and a plane separates the classes, e.g. :math:`x_1 + x_2 - 2x_3 - 0.5 > 0`. Build the data
#       with ``torch.cat([X, X[:, :1] * X[:, 1:]], dim=1)`` and train ``Perceptron(3)``: it
#       converges, in 11 epochs. A hidden layer learns such features by itself.
#
# 4. Write the learning rule from memory, without looking at ``fit``: a function
#    ``train(weights, bias, X, y, learning_rate=0.1, max_epochs=100)`` that returns the trained
#    weights, the bias and the mistakes of each epoch. Starting from weights and bias 0, teach it
#    NOR, which outputs 1 only when both inputs are 0, and print its predictions for the four
#    inputs.
#
#    .. dropdown:: Answer
#
#       .. code-block:: python
#          :name: exercise-01-learning-rule
#
#          def train(weights, bias, X, y, learning_rate=0.1, max_epochs=100):
#              errors = []
#              for _ in range(max_epochs):
#                  mistakes = 0
#                  for xi, yi in zip(X, y, strict=True):
#                      error = yi.item() - float(xi @ weights + bias > 0)  # y − ŷ
#                      weights = weights + learning_rate * error * xi  # adds 0 when ŷ = y
#                      bias = bias + learning_rate * error
#                      mistakes += int(error != 0)
#                  errors.append(mistakes)
#                  if mistakes == 0:
#                      break
#              return weights, bias, errors
#
#
#          X, _ = logic_gate("and")  # the inputs (0, 0), (0, 1), (1, 0), (1, 1)
#          y_nor = torch.tensor([1, 0, 0, 0])
#          weights, bias, errors = train(torch.zeros(2), torch.tensor(0.0), X, y_nor)
#          print(f"mistakes per epoch: {errors}")
#          print(f"predictions: {(X @ weights + bias > 0).long().tolist()}")
#
#       It prints ``mistakes per epoch: [2, 2, 1, 0]`` and ``predictions: [1, 0, 0, 0]``, the
#       truth table of NOR.
