r"""
A multilayer perceptron solves XOR
==================================

The previous chapter ended with a proof: no single neuron computes XOR, because no straight line
separates its classes. Here we add a *hidden layer* and train it with gradient descent. You will
learn

- what a :term:`multilayer perceptron <multilayer perceptron>` (MLP) is, and how to build one in
  PyTorch;
- the five-line training loop that every later chapter reuses: :term:`forward pass`,
  :term:`loss function`, :term:`backpropagation`, :term:`gradient descent` step;
- what the hidden units compute, and why XOR becomes separable in *hidden space*;
- how reliable this training is from one random start to the next, and how to make it reliable.
"""

# %%
# Setting up
# ----------
# The settings are those of the source tutorial: 4 hidden units with ReLU, mean squared error,
# Adam with learning rate 0.1, 1000 epochs. The seed fixes the random initial weights.

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.datasets import logic_gate
from nnguide.models import MLP
from nnguide.plotting import (
    configure_matplotlib,
    plot_curve,
    plot_decision_boundary,
    plot_hidden_space,
    plot_hidden_units,
)
from nnguide.training import fit_full_batch

LANG = "en"  # the language of this page's plots
SEED = 0  # the random start used on this page
HIDDEN_UNITS = 4  # as in the source tutorial
WIDE_HIDDEN_UNITS = 16  # our recommendation: see "How reliable is training?"
LEARNING_RATE = 0.1
EPOCHS = 1000
configure_matplotlib(LANG)

X, labels = logic_gate("xor")
y = labels.float().unsqueeze(1)  # targets as a column, shape (4, 1), like the network's output
print("X:", X.tolist())
print("y:", y.tolist())

# %%
# The model
# ---------
# An MLP stacks :term:`layers <layer>` of neurons. Ours has two inputs, one hidden layer of 4 neurons with a ReLU
# :term:`activation function`, and one linear output neuron:
#
# .. math::
#
#    \mathbf{h} = \operatorname{ReLU}(W_1 \mathbf{x} + \mathbf{b}_1), \qquad
#    \hat y = \mathbf{w}_2 \cdot \mathbf{h} + b_2
#
# Every hidden neuron is a perceptron with a softer activation; the output neuron combines their
# answers.

torch.manual_seed(SEED)
model = MLP(2, HIDDEN_UNITS, 1)
print(model)
n_parameters = sum(p.numel() for p in model.parameters())
print(f"trainable parameters: {n_parameters}")
assert n_parameters == 2 * HIDDEN_UNITS + HIDDEN_UNITS + HIDDEN_UNITS + 1

# %%
# :math:`W_1` has :math:`4 \times 2` weights and :math:`\mathbf{b}_1` 4 biases; the output neuron
# has 4 weights and 1 bias: 17 numbers to learn.
#
# The training loop
# -----------------
# Unlike the perceptron rule, gradient descent needs a differentiable measure of error, the
# :term:`loss function`. We use the mean squared error
# :math:`L = \frac{1}{4}\sum_i (\hat y_i - y_i)^2`. Each epoch runs the loop below, from
# :func:`nnguide.training.fit_full_batch`: predict, measure, compute the gradients by
# backpropagation, step.
#
# .. literalinclude:: ../../../src/nnguide/training.py
#    :pyobject: fit_full_batch
#    :start-at: for _ in range(epochs):
#    :dedent: 4

optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
losses = fit_full_batch(model, X, y, loss_fn=nn.MSELoss(), optimizer=optimizer, epochs=EPOCHS)
for epoch in range(200, EPOCHS + 1, 200):
    print(f"epoch {epoch:4d}, loss: {losses[epoch - 1]:.6f}")

ax = plot_curve(losses, lang=LANG, ylabel="loss")
ax.set_yscale("log")
ax.set_title("XOR: the loss falls by orders of magnitude")
plt.show()

# %%
# The loss falls by many orders of magnitude (note the logarithmic scale): the network fits the four
# points. The spikes late in training are Adam overshooting: once the loss is tiny, a step sized for
# larger gradients jumps past the minimum, and the loss falls back again.

with torch.no_grad():
    predictions = model(X)
print("XOR test:")
for xi, prediction in zip(X, predictions, strict=True):
    print(f"  {xi.tolist()} -> {prediction.item():.2f}")

solved = bool(((predictions - y).abs() < 0.5).all())
assert solved
assert losses[-1] < 1e-3

# %%
# Every output is close to its target, and rounds to it. Where the perceptron failed, two layers
# succeed.
#
# The learned decision boundary
# -----------------------------
# Reading the output as "class 1 where :math:`\hat y > 0.5`" splits the plane into regions. They
# are no longer half-planes: the boundary bends.

ax = plot_decision_boundary(model, X, labels, lang=LANG)
ax.set_title("XOR: the MLP's decision regions")
plt.show()

# %%
# What the hidden units compute
# -----------------------------
# Each hidden unit computes :math:`\operatorname{ReLU}(\mathbf{w}_j\cdot\mathbf{x} + b_j)`: zero
# on one side of a line, a ramp on the other. Dark means large.

fig = plot_hidden_units(model, X, labels, lang=LANG)
fig.suptitle("Each hidden unit folds the plane along a line")
plt.show()

# %%
# The output layer does not see :math:`\mathbf{x}`, only :math:`\mathbf{h}`, and it is *linear*
# in :math:`\mathbf{h}`: it can only draw a straight cut through hidden space. Plotting the four
# points there shows that the hidden layer has moved them until such a cut exists.

ax = plot_hidden_space(model, X, labels, lang=LANG)
ax.set_title("In hidden space, XOR is linearly separable")
plt.show()

# %%
# In hidden space the two classes fall on opposite sides of the threshold. This is the whole trick
# of deep learning in miniature: layers transform the data until a simple rule separates it.
#
# How reliable is training?
# -------------------------
# One seed is one random start. We repeat the same training from 10 seeds, and count how often it
# solves XOR, first with the source's 4 hidden units, then with 16.


def train_xor(hidden_units: int, seed: int) -> tuple[MLP, list[float]]:
    torch.manual_seed(seed)
    model = MLP(2, hidden_units, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    losses = fit_full_batch(model, X, y, loss_fn=nn.MSELoss(), optimizer=optimizer, epochs=EPOCHS)
    return model, losses


def solves_xor(model: MLP) -> bool:
    with torch.no_grad():
        return bool(((model(X) - y).abs() < 0.5).all())


seeds = range(10)
results = {}
for width in (HIDDEN_UNITS, WIDE_HIDDEN_UNITS):
    runs = [train_xor(width, seed) for seed in seeds]
    results[width] = [solves_xor(run_model) for run_model, _ in runs]
    dead = [
        int((run_model.hidden(X) == 0).all(dim=0).sum()) for run_model, _ in runs
    ]  # hidden units that output 0 for all four inputs
    print(f"{width:2d} hidden units: solved {sum(results[width])} of {len(seeds)} seeds")
    print(f"   dead hidden units per seed: {dead}")

assert sum(results[WIDE_HIDDEN_UNITS]) >= 9
assert sum(results[HIDDEN_UNITS]) < sum(results[WIDE_HIDDEN_UNITS])

# %%
# With 4 hidden units, some random starts fail: their loss stalls, typically because some units
# are *dead* (their ReLU outputs 0 on all four inputs, so their gradient is 0 and they never
# recover), and the few units left cannot fold the plane enough. With 16 units there is slack: even
# if some die, enough remain, and training succeeds from almost every start. Small networks are
# fragile; a little width buys reliability. The next chapter looks at activation functions that do
# not die.
#
# Exercises
# ---------
# 1. Replace ``nn.MSELoss()`` by ``nn.BCEWithLogitsLoss()`` (and read the output through a sigmoid).
#    Does training still solve XOR from seed 0?
#
#    .. dropdown:: Answer
#
#       Yes. Binary cross-entropy is the natural loss for 0/1 targets; the network's output becomes a
#       logit, and :math:`\sigma(\hat y) > 0.5` exactly when :math:`\hat y > 0`, so the decision
#       boundary moves from 0.5 to 0.
#
# 2. What is the smallest number of hidden ReLU units that can represent XOR exactly?
#
#    .. dropdown:: Answer
#
#       Two: :math:`\hat y = \operatorname{ReLU}(x_1 + x_2) - 2\operatorname{ReLU}(x_1 + x_2 - 1)`
#       gives 0, 1, 1, 0. Representing is not learning, though: with so few units gradient descent
#       gets stuck from many starts, as the reliability experiment shows for 4.
#
# 3. Remove the activation (``MLP(2, 4, 1, activation=...)`` has no "identity", so write
#    ``nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 1))``). Why can that network never solve XOR?
#
#    .. dropdown:: Answer
#
#       Two linear maps compose into one: :math:`\mathbf{w}_2\cdot(W_1\mathbf{x} + \mathbf{b}_1) + b_2
#       = (W_1^\top\mathbf{w}_2)\cdot\mathbf{x} + \text{const}`. That is a single linear neuron,
#       which the previous chapter proved cannot separate XOR.
