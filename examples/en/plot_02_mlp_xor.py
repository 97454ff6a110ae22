r"""
A multilayer perceptron solves XOR
==================================

The previous chapter ended with a proof: no single neuron computes XOR, because no straight line
separates its classes. Here we add a *hidden layer* and train it with gradient descent. You will
learn

- what a :term:`multilayer perceptron <multilayer perceptron>` (MLP) is, and how to write one as a
  PyTorch ``nn.Module``;
- the five-line training loop that every later chapter reuses: :term:`forward pass`,
  :term:`loss function`, :term:`backpropagation`, :term:`gradient descent` step;
- how the Adam optimizer sizes its steps, and what its learning rate means;
- what the hidden units compute, and how the output layer separates XOR in *hidden space*;
- how reliable this training is from one random start to the next, and how to make it reliable.
"""

# %%
# Setting up
# ----------
# The settings are those of the source tutorial: 4 hidden units with ReLU, mean squared error,
# Adam with learning rate 0.1, 1000 epochs. The seed fixes the random initial weights.

from functools import partial
from statistics import mean

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.datasets import logic_gate
from nnguide.plotting import (
    CLASS_COLORS,
    FIGURE_WIDTH,
    configure_matplotlib,
    plot_curve,
    plot_decision_boundary,
    plot_hidden_units,
)
from nnguide.side_by_side import fit_side_by_side

LANG = "en"  # the language of this page's plots
SEED = 0  # the random start used on this page
HIDDEN_FEATURES = 4  # as in the source tutorial
WIDE_HIDDEN_FEATURES = 16  # our recommendation: see "How reliable is training?"
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
# answers. In PyTorch a network is a subclass of ``nn.Module``: ``__init__`` creates the layers,
# whose weights become the model's parameters, and ``forward`` says how an input flows through
# them. ``nn.Linear(2, 4)`` holds :math:`W_1` as a :math:`4 \times 2` matrix (outputs × inputs) and
# computes :math:`\mathbf{x} W_1^\top + \mathbf{b}_1` for a whole batch of rows at once.


class MLP(nn.Module):
    """A multilayer perceptron with one hidden layer."""

    def __init__(self, in_features: int, hidden_features: int, out_features: int) -> None:
        super().__init__()
        self.layer1 = nn.Linear(in_features, hidden_features)  # W1: (hidden, in), b1: (hidden,)
        self.activation = nn.ReLU()
        self.layer2 = nn.Linear(hidden_features, out_features)  # W2: (out, hidden), b2: (out,)

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        """The hidden layer's output h = ReLU(x W1ᵀ + b1): (n, in) -> (n, hidden)."""
        return self.activation(self.layer1(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The network's output ŷ = h W2ᵀ + b2: (n, in) -> (n, out)."""
        return self.layer2(self.hidden(x))


torch.manual_seed(SEED)
model = MLP(2, HIDDEN_FEATURES, 1)
print(model)
n_parameters = sum(p.numel() for p in model.parameters())
print(f"trainable parameters: {n_parameters}")
assert n_parameters == 2 * HIDDEN_FEATURES + HIDDEN_FEATURES + HIDDEN_FEATURES + 1

# %%
# :math:`W_1` has :math:`4 \times 2` weights and :math:`\mathbf{b}_1` 4 biases; the output neuron
# has 4 weights and 1 bias: 17 numbers to learn. (:class:`nnguide.models.MLP` is this class, with
# checks on its arguments; later chapters use it.)
#
# Gradients add up
# ----------------
# Unlike the perceptron rule, gradient descent needs a differentiable measure of error, the
# :term:`loss function`. ``loss.backward()`` computes the gradient of the loss with respect to every
# parameter and *adds* it to the parameter's ``.grad``; it does not overwrite it. Two backward
# passes through :math:`2w` leave a gradient of 4, not 2:

w = torch.tensor(3.0, requires_grad=True)
(2 * w).backward()
(2 * w).backward()
print(f"w.grad after two backward passes: {w.grad.item()}")
assert w.grad.item() == 4.0

# %%
# Accumulating is useful (a large batch can be processed in pieces), but it means a training loop
# must clear the gradients before each backward pass. That is ``optimizer.zero_grad()``; without it
# every step would follow the sum of all the gradients so far.
#
# The Adam optimizer
# ------------------
# Plain :term:`gradient descent` steps against the gradient, :math:`\theta \leftarrow \theta - \eta
# g`. Adam keeps two running averages per parameter, of the gradient and of its square, and divides
# one by the square root of the other:
#
# .. math::
#
#    m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
#    v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
#    \theta \leftarrow \theta - \eta \, \frac{\hat m}{\sqrt{\hat v} + \epsilon}
#
# where :math:`\hat m, \hat v` are :math:`m, v` corrected for starting at zero, and by default
# :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`. The ratio :math:`\hat m/\sqrt{\hat v}` has no
# units: rescaling the gradient rescales both. So the learning rate :math:`\eta` is roughly the
# distance each parameter moves per step, whatever the size of its gradient. One step from three
# gradients that differ ten thousand-fold:

for gradient in (1.0, 1e-2, 1e-4):
    parameter = torch.zeros(1, requires_grad=True)
    adam = torch.optim.Adam([parameter], lr=LEARNING_RATE)
    parameter.grad = torch.tensor([gradient])
    adam.step()
    print(f"gradient {gradient:.0e}: Adam moves the parameter by {-parameter.item():.4f}")
    assert abs(-parameter.item() - LEARNING_RATE) < 1e-3

# %%
# All three move it by the learning rate, 0.1. That makes Adam easy to tune, and explains the
# spikes we are about to see.
#
# The training loop
# -----------------
# We use the mean squared error :math:`L = \frac{1}{4}\sum_i (\hat y_i - y_i)^2`. Each epoch
# predicts all four samples (the forward pass), measures the loss, clears the old gradients,
# computes new ones by backpropagation, and lets the optimizer take one step. These five lines are
# the heart of every training loop in this tutorial; :func:`nnguide.training.fit_full_batch` is the
# same loop, for later chapters.


def train(model: nn.Module, epochs: int = EPOCHS) -> list[float]:
    """Train on all four samples at once; return the loss of every epoch."""
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.MSELoss()
    losses = []
    for _ in range(epochs):
        prediction = model(X)  # forward pass: (4, 2) -> (4, 1)
        loss = loss_fn(prediction, y)  # a single number: how wrong the model is
        optimizer.zero_grad()  # clear the gradients of the previous step
        loss.backward()  # backpropagation: fills p.grad for every parameter p
        optimizer.step()  # Adam's step for every parameter
        losses.append(loss.item())
    return losses


losses = train(model)
for epoch in range(200, EPOCHS + 1, 200):
    print(f"epoch {epoch:4d}, loss: {losses[epoch - 1]:.2e}")

ax = plot_curve(losses, lang=LANG, ylabel="loss")
ax.set_yscale("log")
ax.set_title("XOR: loss falls by orders of magnitude")
plt.show()

first_half, second_half = losses[: EPOCHS // 2], losses[EPOCHS // 2 :]
assert losses[-1] < 1e-3 * losses[0]
assert max(second_half) > 1e6 * min(first_half)  # a late spike...
assert losses[-1] < max(second_half) / 100  # ...that falls back

# %%
# The loss falls by many orders of magnitude (note the logarithmic scale): the network fits the four
# points. The spikes late in training come from Adam's step size. Near the minimum the gradients
# are tiny, but as :math:`\hat v` forgets the larger gradients of the past, the ratio
# :math:`\hat m/\sqrt{\hat v}` grows back towards 1 and the steps back towards the learning rate, as
# the demo above showed. A step that long overshoots the narrow minimum and the loss jumps; the
# large gradients there refill :math:`\hat v`, the steps shrink, and the loss falls again.

with torch.no_grad():
    predictions = model(X)
print("XOR test:")
for xi, prediction in zip(X, predictions, strict=True):
    print(f"  {xi.tolist()} -> {round(prediction.item(), 2) + 0.0:.2f}")  # + 0.0: no "-0.00"

solved = bool(((predictions - y).abs() < 0.5).all())
assert solved

# %%
# Every output is within 0.5 of its target, and rounds to it. Where the perceptron failed, two
# layers succeed.
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

fig = plot_hidden_units(model.hidden, X, labels, lang=LANG)
fig.suptitle("Each hidden unit folds the plane along a line")
plt.show()

with torch.no_grad():
    h = model.hidden(X)  # (4 samples, 4 units)
dead_units = [unit + 1 for unit in range(HIDDEN_FEATURES) if bool((h[:, unit] == 0).all())]
print(f"hidden units that output 0 on all four inputs: {dead_units}")
assert dead_units == [3]

# %%
# Unit 3 outputs 0 on all four inputs: it is a :term:`dead unit`. Its inputs are negative on every sample, so
# the ReLU's gradient there is 0 and no later step can revive it. The network solves XOR with the
# other three units. We will meet dead units again below, and in the next chapter.
#
# The view from the output layer
# ------------------------------
# The output layer does not see :math:`\mathbf{x}`, only :math:`\mathbf{h}`, and it is *linear* in
# :math:`\mathbf{h}`: all it can do is cut hidden space with a flat hyperplane,
# :math:`\mathbf{w}_2\cdot\mathbf{h} + b_2 = 0.5`. We draw the four hidden points along two axes.
# The horizontal axis is the output :math:`\mathbf{w}_2\cdot\mathbf{h} + b_2` itself, so the cut is
# the vertical line at 0.5, and since the network solved XOR, the classes are on its two sides by
# construction. The vertical axis is the direction, at right angles to :math:`\mathbf{w}_2`, in
# which the hidden points differ most: what the output layer ignores.

with torch.no_grad():
    output = model.layer2(h).squeeze(1)  # (4,): w2·h + b2
    w2 = model.layer2.weight[0]  # (4,)
    rest = h - torch.outer(h @ w2, w2) / (w2 @ w2)  # h minus its part along w2
    rest = rest - rest.mean(dim=0)
    ignored = rest @ torch.linalg.svd(rest, full_matrices=False).Vh[0]  # (4,)

fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 4.8), layout="constrained")
ax.axvline(0.5, color="k", linewidth=1.5, label="the output layer's cut")
for cls in (0, 1):
    mask = labels == cls
    ax.scatter(
        output[mask],
        ignored[mask],
        s=90,
        color=CLASS_COLORS[cls],
        edgecolor="k",
        label=f"class {cls}",
    )
for (x1, x2), out, other in zip(X.tolist(), output.tolist(), ignored.tolist(), strict=True):
    ax.annotate(f"x = ({x1:g}, {x2:g})", (out, other), textcoords="offset points", xytext=(8, 6))
ax.set_xlabel(r"output $\mathbf{w}_2\cdot\mathbf{h} + b_2$")
ax.set_ylabel("direction the output ignores")
ax.set_title("The four inputs in hidden space")
ax.margins(x=0.3, y=0.2)
fig.legend(loc="outside lower center", ncols=2)
plt.show()

print("hidden vectors h:")
for xi, hi in zip(X.tolist(), h.tolist(), strict=True):
    print(f"  x = {xi} -> h = {[round(v, 2) + 0.0 for v in hi]}")
assert torch.equal(h[2], torch.zeros(HIDDEN_FEATURES))  # x = (1, 0) lands on h = 0
for cls in (0, 1):  # the two points of each class lie far apart along the ignored direction
    assert ignored[labels == cls].max() - ignored[labels == cls].min() > 0.25

# %%
# What the plot does show is where the hidden layer put each input. The two points of each class
# lie far apart along the ignored direction, and :math:`(1, 0)` lands exactly on
# :math:`\mathbf{h} = \mathbf{0}`: for it, the output is the bias :math:`b_2` alone. The hidden
# layer has not gathered each class into a cluster; it has moved the four points until one flat cut
# separates them, which no line could do in the input plane. That is the trick of deep learning in miniature:
# layers transform the data until a simple rule separates it.
#
# How reliable is training?
# -------------------------
# One seed is one random start. We repeat the same training from 10 seeds, and count how often it
# solves XOR, first with the source's 4 hidden units, then with 16. We also count the dead hidden
# units of each run.
#
# Calling ``train`` 20 times would take 20,000 tiny steps, one after another, and on four samples
# almost all of their time goes to Python's overhead, not to arithmetic.
# :func:`nnguide.side_by_side.fit_side_by_side` trains the 10 networks of each width together: it
# stacks their weights, so that one backward pass and one Adam step serve all 10, while each
# network still computes exactly its own numbers. Every network ends with the very weights
# ``train`` would give it (nnguide's tests compare them bit for bit).


def solves_xor(model: MLP) -> bool:
    with torch.no_grad():
        return bool(((model(X) - y).abs() < 0.5).all())


def count_dead(model: MLP) -> int:
    """Hidden units that output 0 for all four inputs."""
    with torch.no_grad():
        return int((model.hidden(X) == 0).all(dim=0).sum())


seeds = range(10)
solved, dead = {}, {}
for hidden_features in (HIDDEN_FEATURES, WIDE_HIDDEN_FEATURES):
    runs = []
    for seed in seeds:
        torch.manual_seed(seed)
        runs.append(MLP(2, hidden_features, 1))
    # as train(run) for each run, but all 10 at once: the same weights, in less time
    fit_side_by_side(
        runs,
        X,
        y,
        loss_fn=nn.MSELoss(),
        optimizer=partial(torch.optim.Adam, lr=LEARNING_RATE),
        epochs=EPOCHS,
    )
    solved[hidden_features] = [solves_xor(run) for run in runs]
    dead[hidden_features] = [count_dead(run) for run in runs]
    print(
        f"{hidden_features:2d} hidden units: solved {sum(solved[hidden_features])} of {len(seeds)} seeds"
    )
    print(f"   dead hidden units per seed: {dead[hidden_features]}")


dead_when_failed = [
    d for d, ok in zip(dead[HIDDEN_FEATURES], solved[HIDDEN_FEATURES], strict=True) if not ok
]
dead_when_solved = [
    d for d, ok in zip(dead[HIDDEN_FEATURES], solved[HIDDEN_FEATURES], strict=True) if ok
]
print(
    f"4 units, mean dead units: {mean(dead_when_failed):.1f} in failed runs, "
    f"{mean(dead_when_solved):.1f} in solved runs"
)
assert 3 <= sum(solved[HIDDEN_FEATURES]) <= 7  # about half
assert mean(dead_when_failed) > mean(dead_when_solved)
assert sum(solved[WIDE_HIDDEN_FEATURES]) >= 9
assert (
    mean(dead[WIDE_HIDDEN_FEATURES]) > HIDDEN_FEATURES
)  # more dead units than the small net has units

# %%
# With 4 hidden units, about half of the random starts fail: their loss stalls. The failed runs
# have more dead units than the solved ones, and the few units left cannot fold the plane enough.
# With 16 units there is slack. Many units still die (Adam's steps of about 0.1 push many hidden
# units negative on every input, more than the small network has in all), but enough remain, and
# training succeeds from almost every start. Small networks are fragile; a little width buys
# reliability. The next chapter looks at why units die, and at activation functions that do not.
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
# 3. Remove the activation: ``nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 1))``. Why can that
#    network never solve XOR?
#
#    .. dropdown:: Answer
#
#       Two linear maps compose into one: :math:`\mathbf{w}_2\cdot(W_1\mathbf{x} + \mathbf{b}_1) + b_2
#       = (W_1^\top\mathbf{w}_2)\cdot\mathbf{x} + \text{const}`. That is a single linear neuron,
#       which the previous chapter proved cannot separate XOR.
