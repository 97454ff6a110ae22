r"""
A multilayer perceptron solves XOR
==================================

The previous chapter ended with a proof: no single neuron computes XOR, because no straight line
separates its classes. Here we add a *hidden layer*, train the network with gradient descent, and
so solve the XOR problem. You will learn

- what a :term:`multilayer perceptron <multilayer perceptron>` (MLP) is, and how to write one as a
  PyTorch ``nn.Module``;
- what a gradient is, and how PyTorch computes it for us;
- the five-line training loop that every later chapter reuses: :term:`forward pass`, loss,
  clearing the old gradients, :term:`backpropagation`, :term:`gradient descent` step;
- how the Adam optimizer sizes its steps, and what its learning rate means;
- what the :term:`hidden units <hidden unit>` compute, and how the output layer separates XOR in
  *hidden space*;
- how reliable this training is from one random start to the next, and how to make it reliable.
"""

# %%
# Setting up
# ----------
# The settings are those of :ref:`the source tutorial <source-tutorial>`, the Chinese text this
# site grew from: 4 hidden units with :term:`ReLU`, mean squared error, Adam with learning rate 0.1,
# 1000 epochs. The seed fixes the random initial weights.

import copy
from functools import partial

import matplotlib.pyplot as plt
import torch
from matplotlib.animation import FuncAnimation
from torch import nn

from nnguide.datasets import logic_gate
from nnguide.diagrams import draw_network
from nnguide.plotting import (
    CLASS_COLORS,
    FIGURE_WIDTH,
    REGION_ALPHA,
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
print(f"X: {X.tolist()}")
print(f"y: {y.tolist()}")

# %%
# The model
# ---------
# An MLP stacks :term:`layers <layer>` of neurons. Ours has two inputs, one hidden layer of 4
# neurons, and one linear output neuron. The hidden units apply the :term:`activation function`
# :math:`\operatorname{ReLU}(z) = \max(0, z)`, which passes a positive input on unchanged and
# turns a negative one into 0. The network's output :math:`\hat y` ("y hat") is
#
# .. math::
#
#    \mathbf{h} = \operatorname{ReLU}(W_1 \mathbf{x} + \mathbf{b}_1), \qquad
#    \hat y = \mathbf{w}_2 \cdot \mathbf{h} + b_2
#
# Every hidden unit is a perceptron whose step function is replaced by ReLU, a ramp; the output
# neuron combines their answers. In PyTorch a network is a subclass of ``nn.Module``: ``__init__`` creates the layers,
# whose weights become the model's parameters, and ``forward`` says how an input flows through
# them. ``nn.Linear(2, 4)`` is a :term:`fully connected layer`, each of its outputs connected to
# every input: it holds :math:`W_1` as a :math:`4 \times 2` matrix (outputs × inputs) and computes
# :math:`\mathbf{x} W_1^\top + \mathbf{b}_1` for a whole batch of rows at once.


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
initial = copy.deepcopy(model)  # the untrained model, kept for comparisons
print(model)
n_parameters = sum(p.numel() for p in model.parameters())
print(f"trainable parameters: {n_parameters}")
# sphinx_gallery_start_ignore
assert n_parameters == 2 * HIDDEN_FEATURES + HIDDEN_FEATURES + HIDDEN_FEATURES + 1
# sphinx_gallery_end_ignore

# %%
# :math:`W_1` has :math:`4 \times 2` weights and :math:`\mathbf{b}_1` 4 biases; the output neuron
# has 4 weights and 1 bias: 17 parameters to learn. (:class:`nnguide.models.MLP` is this class, with
# checks on its arguments; later chapters use it.) Drawn as a network, every weight is a line from
# the neuron that gives it its input to the neuron that receives the weighted value, and each bias
# belongs to a neuron.

fig = draw_network([model.layer1, model.layer2], lang=LANG)
fig.suptitle("The untrained network: random weights")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "Diagram of the untrained network: the inputs x1 and x2 are each joined to the hidden units "
    "h1 to h4, which are all joined to the output ŷ. Each line is a weight, drawn wider the larger "
    "its size, solid green if positive, dashed purple if negative; the box of each hidden unit and "
    "of the output holds its bias b."
)
# sphinx_gallery_end_ignore

# %%
# The lines into :math:`h_j` are row :math:`j` of :math:`W_1`, the lines into :math:`\hat y` are
# :math:`\mathbf{w}_2`, and the box of each hidden or output neuron holds its bias :math:`b`. Each
# box :math:`h_j` is a whole neuron, as in chapter 1: it adds up its weighted inputs and its bias,
# and passes the sum through ReLU; :math:`\hat y` does the same without an activation. The wider a
# line, the larger its weight's size (its absolute value); a solid green line is a positive weight,
# a dashed purple one a negative weight. These are the random initial values that training starts
# from.
#
# Gradients and backpropagation, in brief
# ---------------------------------------
# Training looks for the values of the 17 parameters that make the loss small. The loss is a single
# number, computed by a :term:`loss function`, that measures how wrong the network's outputs are
# (we will use the mean squared error). For each parameter :math:`\theta`, the :term:`derivative`
# :math:`\partial L/\partial\theta` says how fast the loss :math:`L` changes when :math:`\theta`
# alone is nudged: positive means that increasing :math:`\theta` a little increases the loss. The
# 17 derivatives together form the :term:`gradient` of the loss, and :term:`gradient descent`
# moves every parameter a small step against its own derivative,
# :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`, where :math:`\eta` is the
# :term:`learning rate`. Unlike the perceptron rule, this needs a loss that changes smoothly with
# the parameters.
#
# :term:`Backpropagation <backpropagation>` computes all these derivatives at once, in one sweep
# backwards from the loss through the layers, applying the :term:`chain rule` of calculus layer by layer.
# PyTorch does it for us: its :term:`autograd` records the operations that lead from tensors created
# with ``requires_grad=True`` (a model's parameters are) to the loss, and ``loss.backward()`` stores
# the derivative with respect to each such tensor in its ``.grad``. Chapter 4 derives
# backpropagation by hand for a network like this one and checks it against autograd.
#
# One detail matters for the training loop: ``backward()`` *adds* the new gradient to ``.grad``;
# it does not overwrite it. The derivative of :math:`2w` is 2, and a second backward pass makes it 4:

w = torch.tensor(3.0, requires_grad=True)
(2 * w).backward()
print(f"w.grad after one backward pass:   {w.grad.item()}")
# sphinx_gallery_start_ignore
assert w.grad.item() == 2.0
# sphinx_gallery_end_ignore
(2 * w).backward()
print(f"w.grad after two backward passes: {w.grad.item()}")
# sphinx_gallery_start_ignore
assert w.grad.item() == 4.0
# sphinx_gallery_end_ignore

# %%
# So a training loop must clear the gradients before each backward pass: that is
# ``optimizer.zero_grad()``. Without it, every step would follow the sum of all the gradients so far.
#
# The Adam optimizer
# ------------------
# Plain gradient descent steps against the gradient :math:`g`, :math:`\theta \leftarrow \theta -
# \eta g`. The :term:`Adam` optimizer keeps two running averages per parameter, of the gradient
# and of its square, and divides one by the square root of the other:
#
# .. math::
#
#    m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
#    v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
#    \theta \leftarrow \theta - \eta \, \frac{\hat m}{\sqrt{\hat v} + \epsilon}
#
# where :math:`\hat m, \hat v` are :math:`m, v` corrected for starting at zero,
# :math:`\epsilon = 10^{-8}` only guards against dividing by zero, and by default
# :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`: :math:`m` averages over roughly the last 10
# gradients, :math:`v` over roughly the last 1000. The ratio :math:`\hat m/\sqrt{\hat v}` has no
# units: rescaling every gradient rescales both. We try it on a single parameter with made-up
# gradients: a gradient :math:`g` for 20 steps, then one a hundred times smaller for 20 more, for
# three values of :math:`g` that differ ten thousand-fold. The table shows how far the parameter
# moves at four of the steps.

print("distance moved at step:           1      20      21      40")
for gradient in (1.0, 1e-2, 1e-4):
    parameter = torch.zeros(1, requires_grad=True)
    adam = torch.optim.Adam([parameter], lr=LEARNING_RATE)
    moves = []
    for step in range(1, 41):
        parameter.grad = torch.tensor([gradient if step <= 20 else gradient / 100])
        before = parameter.item()
        adam.step()
        moves.append(before - parameter.item())  # Adam steps against the (positive) gradient
    shown = "  ".join(f"{moves[step - 1]:.4f}" for step in (1, 20, 21, 40))
    print(f"gradient {gradient:.0e}, then {gradient / 100:.0e}:  {shown}")
    # sphinx_gallery_start_ignore
    assert all(abs(moves[step] - LEARNING_RATE) < 5e-5 for step in range(20))
    assert abs(moves[20] - 0.0911) < 5e-5
    assert abs(moves[39] - 0.0167) < 5e-5
    # sphinx_gallery_end_ignore

# %%
# The three rows are the same: only the size of a gradient *relative to its own past* matters.
# While the gradient holds steady, every step moves the parameter by the learning rate, 0.1.
# When the gradient drops a hundredfold, the steps shrink, but much less and more slowly than
# the gradient, because :math:`\hat m` and :math:`\hat v` still remember the larger gradients: by
# step 40 the step is 0.0167, a sixth of the learning rate, not a hundredth. So :math:`\eta` sets
# the size of Adam's steps, whatever the scale of the loss: it is the step of a parameter whose
# gradient holds steady.
#
# The training loop
# -----------------
# We use the mean squared error :math:`L = \frac{1}{4}\sum_i (\hat y_i - y_i)^2`. Each epoch
# predicts all four samples (the forward pass), measures the loss, clears the old gradients,
# computes new ones by backpropagation, and lets the optimizer take one step. These five lines are
# the heart of every training loop in this tutorial; :func:`nnguide.training.fit_full_batch` is the
# same loop, for later chapters. Given a list, ``train`` also keeps a copy of the weights after
# every epoch in it, so that we can replay the training later in the chapter. For a
# comparison explained below, we also train a copy of the untrained model with a variant of Adam,
# ``amsgrad=True``.


def train(
    model: nn.Module,
    epochs: int = EPOCHS,
    *,
    amsgrad: bool = False,
    history: list[dict[str, torch.Tensor]] | None = None,
) -> list[float]:
    """Train with Adam on all four samples at once; return the loss of every epoch.

    If ``history`` is a list, append to it a copy of the model's weights after every epoch.
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, amsgrad=amsgrad)
    loss_fn = nn.MSELoss()
    losses = []
    for _ in range(epochs):
        prediction = model(X)  # forward pass: (4, 2) -> (4, 1)
        loss = loss_fn(prediction, y)  # a single number: how wrong the model is
        optimizer.zero_grad()  # clear the gradients of the previous step
        loss.backward()  # backpropagation: fills p.grad for every parameter p
        optimizer.step()  # Adam's step for every parameter
        losses.append(loss.item())
        if history is not None:
            history.append(copy.deepcopy(model.state_dict()))  # the weights after this epoch
    return losses


history = [initial.state_dict()]  # history[epoch]: the weights after that many epochs
losses = train(model, history=history)
amsgrad_losses = train(copy.deepcopy(initial), amsgrad=True)  # the same start
for epoch in range(200, EPOCHS + 1, 200):
    print(
        f"epoch {epoch:4d}, loss: {losses[epoch - 1]:.2e}, with amsgrad: {amsgrad_losses[epoch - 1]:.2e}"
    )

ax = plot_curve(losses, lang=LANG, ylabel="loss", name="Adam")
plot_curve(amsgrad_losses, lang=LANG, ylabel="loss", ax=ax, name="Adam, amsgrad=True")
ax.set_yscale("log")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)  # below the plot
ax.set_title("XOR: loss falls by orders of magnitude")
plt.show()

# sphinx_gallery_start_ignore
fig = ax.figure
fig.set_label(
    "The loss of every epoch, on a logarithmic scale, for Adam and for Adam with amsgrad=True, "
    "from the same start. Both fall by many orders of magnitude in the first 200 epochs; Adam's "
    "loss then jumps back up twice, between epochs 500 and 650 and between epochs 900 and 1000, "
    "and falls again each time; with amsgrad=True it does not spike."
)
first_half, second_half = losses[: EPOCHS // 2], losses[EPOCHS // 2 :]
assert min(first_half) < 1e-13  # many orders of magnitude below the first loss, 0.39
assert max(losses[199], amsgrad_losses[199]) < 1e-9  # both, by epoch 200
assert max(losses[200 : EPOCHS // 2]) < 1e-9  # no spike in the first half...
assert max(losses[500:650]) > 1e-4  # ...two in the second: in epochs 501 to 650...
assert max(losses[900:]) > 1e-4  # ...and 901 to 1000...
assert max(losses[650:900]) < 1e-6  # ...none in between...
assert min(losses[650:900]) < 1e-10  # ...where it falls back
assert f"{losses[-1]:.2e}" == "1.26e-08"
assert max(amsgrad_losses[200:]) < 1e-9  # with amsgrad, no spike
# sphinx_gallery_end_ignore

# %%
# The loss falls by many orders of magnitude (note the logarithmic scale): the network fits the four
# points. In the second half of training, though, Adam's loss jumps back up twice and falls again,
# only to 1.26e-08 by epoch 1000. Near the minimum the gradients are tiny, and as :math:`\hat v`
# forgets the larger gradients of the first epochs, the factor :math:`\eta/\sqrt{\hat v}` by
# which Adam multiplies each gradient grows, until a step overshoots the narrow valley around the
# minimum and the loss climbs. With ``amsgrad=True``, Adam divides by the largest :math:`v` it has
# seen instead, so forgetting cannot enlarge its steps, and the loss does not spike.

with torch.no_grad():
    predictions = model(X)
print("XOR test:")
for xi, prediction in zip(X, predictions, strict=True):
    print(f"  {xi.tolist()} -> {prediction.item():.4f}")

# sphinx_gallery_start_ignore
assert bool(((predictions - y).abs() < 1e-3).all())
# sphinx_gallery_end_ignore

# %%
# Every output is within 0.001 of its target. Where the perceptron failed, two layers succeed.
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
# Hidden unit :math:`j` computes :math:`\operatorname{ReLU}(\mathbf{w}_j\cdot\mathbf{x} + b_j)`,
# where :math:`\mathbf{w}_j` is row :math:`j` of :math:`W_1` and :math:`b_j` entry :math:`j` of
# :math:`\mathbf{b}_1`: zero on one side of a line, a ramp on the other.

fig = plot_hidden_units(model.hidden, X, labels, lang=LANG)
fig.suptitle("Each hidden unit folds the plane along a line")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "Four maps of the input plane, one per hidden unit, on one grey scale from 0 (white) up. "
    "Units 1, 2 and 4 are 0 on one side of a line and grow on the other; unit 3 is 0 at all four "
    "samples: it is dead."
)
# sphinx_gallery_end_ignore


def dead_units(model: MLP) -> list[int]:
    """The hidden units, numbered from 1, that output 0 for all four inputs."""
    with torch.no_grad():
        h = model.hidden(X)  # (4 samples, hidden units)
    return [unit + 1 for unit in range(h.shape[1]) if bool((h[:, unit] == 0).all())]


print(f"dead hidden units before training: {dead_units(initial)}, after: {dead_units(model)}")
with torch.no_grad():  # how far training moved each unit's weights w_j and bias b_j, in all
    moved = (model.layer1.weight - initial.layer1.weight).abs().sum(dim=1)  # (4,)
    moved += (model.layer1.bias - initial.layer1.bias).abs()
changes = "  ".join(f"{m:.3g}" for m in moved)
print(f"change of each hidden unit's weights and bias: {changes}")
# sphinx_gallery_start_ignore
assert dead_units(initial) == dead_units(model) == [3]
assert moved[2].item() == 0.0
assert bool((moved[[0, 1, 3]] > 0.1).all())
# sphinx_gallery_end_ignore

# %%
# Unit 3 outputs 0 on all four inputs (its ramp lies in a corner they do not reach), so on this
# data it is a :term:`dead unit`. It was dead before training, and training did not change its
# weights and bias at all: a ReLU's derivative is 0 where its input is negative, so no gradient
# reached them. The inputs of the first layer never change either, so the unit will stay dead. The
# network solves XOR with the other three units. The trained network, drawn like the untrained one
# above:

fig = draw_network([model.layer1, model.layer2], lang=LANG)
fig.suptitle("The trained network")
plt.show()
# sphinx_gallery_start_ignore
from nnguide.diagrams import LINE_WIDTH_PER_WEIGHT, MIN_LINE_WIDTH

fig.set_label(
    "Diagram of the trained network, drawn like the untrained one: the lines of h1, h2 and h4 are "
    "wider than before training, most of them more than twice as wide; those of h3 are unchanged, "
    "and the output's bias is +1.00."
)
assert torch.equal(model.layer2.weight[0, 2], initial.layer2.weight[0, 2])  # h3's output weight
assert f"{model.layer2.bias.item():+.2f}" == "+1.00"
live = [0, 1, 3]  # every weight of h1, h2 and h4 has grown in size; six exceed 1 in size
assert bool((model.layer1.weight[live].abs() > initial.layer1.weight[live].abs()).all())
assert bool((model.layer2.weight[0, live].abs() > initial.layer2.weight[0, live].abs()).all())
big = (model.layer1.weight.abs() > 1).sum() + (model.layer2.weight.abs() > 1).sum()
assert big.item() == 6
ratio = torch.cat(
    [
        (model.layer1.weight[live] / initial.layer1.weight[live]).flatten(),
        model.layer2.weight[0, live] / initial.layer2.weight[0, live],
    ]
).abs()
assert (ratio > 2).sum().item() == 7  # 7 of the 9 weights of h1, h2, h4: "most"
w1_before, w1_after = initial.layer1.weight[live], model.layer1.weight[live]
assert (w1_before.sign() != w1_after.sign()).nonzero().tolist() == [[0, 0]]  # only x1 -> h1 flipped
assert torch.equal(initial.layer2.weight[0, live].sign(), model.layer2.weight[0, live].sign())
hairline = MIN_LINE_WIDTH / LINE_WIDTH_PER_WEIGHT  # a weight smaller in size is drawn a hairline
assert -hairline < w1_before[0, 0] < 0 < w1_after[0, 0]
# sphinx_gallery_end_ignore

# %%
# Every weight of :math:`h_1`, :math:`h_2` and :math:`h_4` has grown in size, that is in absolute
# value, and six of them are now larger than 1 in size. One has even changed sign: the weight from
# :math:`x_1` to :math:`h_1`, a purple hairline before training, is a green line now.
# Only :math:`h_3` kept its random start: its two input weights, its bias and its output weight are
# exactly as before training, since the gradient of its output weight is 0 too (that weight
# multiplies an :math:`h_3` that is 0 on every input).
# The output's bias is now +1.00: the output for an input that switches every hidden unit off.
#
# The view from the output layer
# ------------------------------
# The output layer does not see :math:`\mathbf{x}`, only :math:`\mathbf{h}`, and it is *linear* in
# :math:`\mathbf{h}`: all it can do is cut hidden space with a flat hyperplane,
# :math:`\mathbf{w}_2\cdot\mathbf{h} + b_2 = 0.5`. The lower panel of the next figure draws the four
# hidden points along two axes, each input with its own marker (named in the panel's legend) in its
# class's colour. The horizontal axis is the output
# :math:`\mathbf{w}_2\cdot\mathbf{h} + b_2` itself, so the cut is the vertical line at 0.5, with
# class 0 predicted on its left and class 1 on its right. The vertical axis is a direction of
# hidden space at right angles to :math:`\mathbf{w}_2`, which does not change the output at all: of
# all such directions, the one along which the four points are most spread out (the code's
# comments say how it is computed). The upper panel shows the same network's decision regions in
# the input plane: its bent boundary is the cut of the lower panel, seen in the input plane.
#
# The figure is also an animation of the training, replayed from the weights that ``train`` kept
# in ``history``: the picture shows the network after the last epoch, and the player's frames
# run from before training to the last epoch, more of them early on, when the network changes
# fastest. Across the animation the horizontal axis stays the output of the epoch shown, and the
# vertical axis keeps the direction computed for the trained network.

with torch.no_grad():
    h = model.hidden(X)  # (4 samples, 4 units)
    w2 = model.layer2.weight[0]  # (4,)
    rest = h - torch.outer(h @ w2, w2) / (w2 @ w2)  # (4, 4): h minus its part along w2
    rest = rest - rest.mean(dim=0)  # centred on the four points' mean
    # the direction of widest spread (the first principal component): the first row of Vh in
    # the singular value decomposition rest = U diag(S) Vh
    direction = torch.linalg.svd(rest, full_matrices=False).Vh[0]  # (4,)
    if direction @ h[3] < direction @ h[0]:  # its sign is arbitrary: put (1, 1) above (0, 0)
        direction = -direction


def hidden_view(model: MLP) -> tuple[torch.Tensor, torch.Tensor]:
    """Where the figure draws the four inputs: across, their output w2·h + b2; up, their hidden
    vector's coordinate along ``direction``."""
    with torch.no_grad():
        h = model.hidden(X)  # (4 samples, 4 units)
        return model.layer2(h).squeeze(1), h @ direction


snapshot = copy.deepcopy(model)  # takes on the weights of one epoch after another
# epochs shown: 0 (before training), then from 1 to 100 spaced evenly on a log scale (rounded),
# then the last
frame_epochs = [0, *sorted(set(torch.logspace(0, 2, 20).round().int().tolist())), EPOCHS]
views = []  # (output, coordinate along direction) of the four inputs, after each epoch shown
for epoch in frame_epochs:
    snapshot.load_state_dict(history[epoch])
    views.append(hidden_view(snapshot))
across, up = torch.cat([torch.stack(view) for view in views], dim=1)  # every point of every frame

fig, (ax_input, ax_hidden) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 7.2), height_ratios=(4, 3), layout="constrained"
)
low, high = across.min().item() - 0.25, across.max().item() + 0.6  # room for a legend
for cls, (left, right) in enumerate([(low, 0.5), (0.5, high)]):  # class 1 where the output > 0.5
    ax_hidden.axvspan(left, right, color=CLASS_COLORS[cls], alpha=REGION_ALPHA)
ax_hidden.axvline(0.5, color="k", linewidth=1.5)  # the output layer's cut
shapes = ["o", "^", "D", "s"]  # one marker per input: (0, 0), (0, 1), (1, 0), (1, 1)
points = [  # in its class's colour, class 1 on top; named in the legend
    ax_hidden.scatter(
        [],
        [],
        s=90,
        marker=shape,
        color=CLASS_COLORS[cls],
        edgecolor="k",
        zorder=3 + cls,
        label=f"({x1:g}, {x2:g})",
    )
    for (x1, x2), cls, shape in zip(X.tolist(), labels.tolist(), shapes, strict=True)
]
ax_hidden.legend(loc="upper right", ncols=2)
ax_hidden.set_xlim(low, high)
ax_hidden.set_ylim(up.min() - 0.2, up.max() + 0.45)  # room for the legend above the points
ax_hidden.set_xlabel(r"output $\mathbf{w}_2\cdot\mathbf{h} + b_2$")
ax_hidden.set_ylabel("direction the trained\noutput ignores", linespacing=1.5)  # lines apart
ax_hidden.set_title("the four inputs in hidden space")
epoch_title = fig.suptitle("")  # which epoch the frame shows: set by draw_step


def draw_step(step: int) -> None:
    """Draw the network after epoch frame_epochs[step]: its decision regions and hidden space."""
    epoch = frame_epochs[step]
    snapshot.load_state_dict(history[epoch])
    ax_input.clear()
    # a coarser grid than the default 200 points a side: quicker to redraw at every step
    plot_decision_boundary(
        snapshot, X, labels, lang=LANG, ax=ax_input, legend=False, resolution=100
    )
    ax_input.set_title("decision regions in the input plane")
    output, along = views[step]
    for point, xy in zip(points, torch.stack([output, along], dim=1), strict=True):
        point.set_offsets(xy.unsqueeze(0))  # one point: shape (1, 2)
    epoch_title.set_text("Before training" if epoch == 0 else f"After epoch {epoch}")


animation = FuncAnimation(fig, draw_step, frames=len(frame_epochs), interval=400, repeat=False)
draw_step(len(frame_epochs) - 1)  # the still: the end of training
handles, texts = ax_input.get_legend_handles_labels()  # classes, boundary, regions
order = [0, 1, 3, 4, 2]  # in three columns: the classes, the regions, the boundary
fig.legend(
    [handles[i] for i in order],
    [texts[i] for i in order],
    loc="outside lower center",
    ncols=3,
    handlelength=1.5,  # em, as the next two: tighter than matplotlib's defaults, to fit the width
    handletextpad=0.5,
    columnspacing=1.0,
)
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "Animation, 19 frames, from before training to epoch 1000. Above, the decision boundary "
    "swings about, then settles into a band of class 1 through (0, 1) and (1, 0); below, the four "
    "inputs, (0, 1) and (1, 1) at first on one spot, pull apart until each class lies on its own "
    "side of the cut."
)
assert len(frame_epochs) == 19
# sphinx_gallery_end_ignore

print("hidden vectors h:")
for xi, hi in zip(X.tolist(), h.tolist(), strict=True):
    print(f"  x = {xi} -> h = {[round(v, 2) for v in hi]}")
# sphinx_gallery_start_ignore
_, along = views[-1]
assert torch.equal(h[2], torch.zeros(HIDDEN_FEATURES))  # x = (1, 0) lands on h = 0
for cls in (0, 1):  # the two points of each class lie far apart along the ignored direction
    assert along[labels == cls].max() - along[labels == cls].min() > 0.25
assert abs(direction @ w2) < 1e-6  # the direction is one the trained output ignores
# sphinx_gallery_end_ignore

# %%
# Until you play it, the figure shows the end of training: where the hidden layer put each input.
# The two points of each class lie far apart along the ignored direction, and :math:`(1, 0)` lands
# exactly on :math:`\mathbf{h} = \mathbf{0}`: for it, the output is the bias :math:`b_2` alone. The
# hidden layer has not gathered each class into a cluster; it has moved the four points until one
# flat cut separates them, which no line could do in the input plane. That is the trick of deep
# learning in miniature: layers transform the data until a simple rule separates it.
#
# Play the animation to watch the network get there. Before training, every output is below 0.5,
# so the network predicts class 0 everywhere, and the hidden layer maps :math:`(0, 1)` and
# :math:`(1, 1)`, which belong to different classes, to almost the same :math:`\mathbf{h}`: in the
# first frame, the orange triangle of :math:`(0, 1)` sits inside the blue square of :math:`(1, 1)`.

for when, epoch in (("before training", 0), ("after training", EPOCHS)):
    snapshot.load_state_dict(history[epoch])
    with torch.no_grad():
        h_01, h_11 = snapshot.hidden(X[[1, 3]])  # the hidden vectors of (0, 1) and (1, 1)
    print(f"{when}, h of (0, 1) and h of (1, 1) lie {(h_01 - h_11).norm():.3f} apart")
# sphinx_gallery_start_ignore
first_output, first_along = views[0]
assert bool((first_output < 0.5).all())  # before training: class 0 everywhere
first_points = torch.stack([first_output, first_along], dim=1)
assert (first_points[1] - first_points[3]).norm() < 0.02  # (0, 1) on (1, 1) in the first frame
right_side = []  # whether all four inputs are on their class's side, after each epoch
for epoch in range(EPOCHS + 1):
    snapshot.load_state_dict(history[epoch])
    with torch.no_grad():
        right_side.append(bool(((snapshot(X).squeeze(1) > 0.5) == (labels == 1)).all()))
shown_after_11 = frame_epochs[frame_epochs.index(11) + 1]  # the next epoch the animation shows
assert right_side[9]
assert not right_side[11]
assert not right_side[12]
output_10 = views[frame_epochs.index(11)][0][2]  # the output of (1, 0)
assert f"{output_10:.2f}" == "0.49"
assert f"{0.5 - output_10:.2f}" == "0.01"
assert shown_after_11 == 14
assert all(right_side[13:])
snapshot.load_state_dict(history[100])
with torch.no_grad():
    assert bool(((snapshot(X) - y).abs() < 0.01).all())  # by epoch 100
snapshot.load_state_dict(history[0])
with torch.no_grad():
    h_before = snapshot.hidden(X)
assert f"{(h_before[1] - h_before[3]).norm():.3f}" == "0.015"
# sphinx_gallery_end_ignore

# %%
# No flat cut can separate two points that lie on top of each other, so training must first pull
# them apart. In the first epochs the outputs overshoot and the boundary swings across the plane.
# After epoch 9 all four inputs are on their class's side; after epoch 11 the output of
# :math:`(1, 0)` has slipped back to 0.49, 0.01 short of the cut: that input is on the wrong side.
# From epoch 13 on (the next frame shows epoch 14), all four stay on their side. Then the points
# settle onto outputs 0 and 1: by epoch 100 every output is within 0.01 of its target. (The last
# frame of the animation jumps from epoch 100 to 1000.)
#
# How reliable is training?
# -------------------------
# One seed is one random start. We repeat the same training from 10 seeds, and count how often it
# solves XOR, first with the source's 4 hidden units, then with 16. We also count the dead hidden
# units of each run, before and after training.
#
# On four samples, ``train`` spends almost all its time on Python's overhead, so
# :func:`nnguide.side_by_side.fit_side_by_side` trains the 10 networks of each width together, with
# one backward pass and one Adam step for all 10. Every network ends with the very weights
# ``train`` would give it (nnguide's tests compare them bit for bit).


def solves_xor(model: MLP) -> bool:
    """Whether every output is within 0.5 of its target."""
    with torch.no_grad():
        return bool(((model(X) - y).abs() < 0.5).all())


seeds = range(10)
runs, run_losses, solved, dead_at_start, dead = {}, {}, {}, {}, {}
for hidden_features in (HIDDEN_FEATURES, WIDE_HIDDEN_FEATURES):
    runs[hidden_features] = []
    for seed in seeds:
        torch.manual_seed(seed)
        runs[hidden_features].append(MLP(2, hidden_features, 1))
    dead_at_start[hidden_features] = [len(dead_units(run)) for run in runs[hidden_features]]
    # as train(run) for each run, but all 10 at once: the same weights, in less time
    run_losses[hidden_features] = fit_side_by_side(
        runs[hidden_features],
        X,
        y,
        loss_fn=nn.MSELoss(),
        optimizer=partial(torch.optim.Adam, lr=LEARNING_RATE),
        epochs=EPOCHS,
    )  # (epochs, 10): column r holds the losses of run r
    solved[hidden_features] = [solves_xor(run) for run in runs[hidden_features]]
    dead[hidden_features] = [len(dead_units(run)) for run in runs[hidden_features]]
    print(
        f"{hidden_features:2d} hidden units: solved {sum(solved[hidden_features])} of {len(seeds)} seeds"
    )
    print(f"   dead hidden units per seed, before training: {dead_at_start[hidden_features]}")
    print(f"                               after training:  {dead[hidden_features]}")
# sphinx_gallery_start_ignore
assert sum(solved[HIDDEN_FEATURES]) == 5
assert all(solved[WIDE_HIDDEN_FEATURES])
for hidden_features in (HIDDEN_FEATURES, WIDE_HIDDEN_FEATURES):  # the first layer's dead stay dead
    assert all(
        a <= b for a, b in zip(dead_at_start[hidden_features], dead[hidden_features], strict=True)
    )
assert sum(dead_at_start[WIDE_HIDDEN_FEATURES]) > 0
assert sum(dead[WIDE_HIDDEN_FEATURES]) > sum(dead_at_start[WIDE_HIDDEN_FEATURES])
# chapter 3 quotes these counts: from 3 to 11 of the 16 units of each run end dead
assert (min(dead[WIDE_HIDDEN_FEATURES]), max(dead[WIDE_HIDDEN_FEATURES])) == (3, 11)
# sphinx_gallery_end_ignore

# %%
# With 4 hidden units, half of the random starts fail; with 16, none does. Some units are dead
# before training even begins (random initial weights can put all four inputs on a unit's negative
# side, like unit 3 above), and more die during training.
#
# Why do the runs with 4 units fail? For each failed run we print its loss at epoch 100 and at the
# end, then each vector :math:`\mathbf{h}` that its hidden layer gives to more than one input
# (equal to within 0.001 in every unit), and those inputs.


def shared_hidden_vectors(model: MLP) -> list[str]:
    """Each vector h that the hidden layer gives to more than one input, with those inputs."""
    with torch.no_grad():
        h = model.hidden(X)  # (4, hidden)
    groups = []
    for i in range(len(X)):
        same = [j for j in range(len(X)) if torch.allclose(h[j], h[i], rtol=0, atol=1e-3)]
        if len(same) > 1 and same[0] == i:  # each group once, when we meet its first input
            inputs = " ".join(f"({X[j, 0]:g}, {X[j, 1]:g})" for j in same)
            groups.append(f"h = {[round(v, 2) for v in h[i].tolist()]} for {inputs}")
    return groups


for seed in seeds:
    if not solved[HIDDEN_FEATURES][seed]:
        at_100, at_end = run_losses[HIDDEN_FEATURES][[99, -1], seed].tolist()
        print(f"seed {seed}: loss {at_100:.3f} at epoch 100, {at_end:.3f} at the end")
        for group in shared_hidden_vectors(runs[HIDDEN_FEATURES][seed]):
            print(f"   {group}")
# sphinx_gallery_start_ignore
failed = [seed for seed in seeds if not solved[HIDDEN_FEATURES][seed]]
stalled = {seed: run_losses[HIDDEN_FEATURES][[99, -1], seed].tolist() for seed in failed}
assert failed == [2, 3, 6, 7, 8]
for seed, (at_100, at_end) in stalled.items():  # stalled by epoch 100, at the predicted losses
    assert (
        f"{at_100:.3f}"
        == f"{at_end:.3f}"
        == {2: "0.250", 3: "0.250", 7: "0.167"}.get(seed, "0.125")
    )
shared, shared_at_zero = [], []  # runs where inputs of both classes share one h; where it is 0
with torch.no_grad():
    for seed in seeds:
        h_run = runs[HIDDEN_FEATURES][seed].hidden(X)
        pairs = [(i, j) for i in range(4) for j in range(4) if labels[i] != labels[j]]
        if any(torch.allclose(h_run[i], h_run[j], rtol=0, atol=1e-3) for i, j in pairs):
            shared.append(seed)
        if any(bool((h_run[[i, j]] == 0).all()) for i, j in pairs):
            shared_at_zero.append(seed)
assert shared == failed  # in every failed run, and only there
assert shared_at_zero == [2, 6, 7, 8]  # four of the five
dead_failed = [dead[HIDDEN_FEATURES][seed] for seed in failed]
dead_solved = [dead[HIDDEN_FEATURES][seed] for seed in seeds if seed not in failed]
assert (min(dead_failed), max(dead_failed), min(dead_solved), max(dead_solved)) == (2, 4, 1, 2)
# sphinx_gallery_end_ignore

# %%
# Every failed run had stalled by epoch 100, and in every one the hidden layer maps inputs of both
# classes to the same :math:`\mathbf{h}`. The output layer sees only :math:`\mathbf{h}`, so it
# gives those inputs the same output, and no cut in hidden space can separate them. The best
# common output is the mean of their targets, and that explains the exact values at which the
# losses stall. When :math:`(0, 1)` and :math:`(1, 1)`, targets 1 and 0, share an
# :math:`\mathbf{h}`, the best output for both is 0.5, and the loss is :math:`(0.5^2 + 0.5^2)/4 =
# 0.125`. With all four inputs on one :math:`\mathbf{h}`, it is 0.5 everywhere and the loss 0.25.
# Three inputs with targets 0, 1, 0 get :math:`1/3`, for a loss of :math:`(2 \cdot (1/3)^2 +
# (2/3)^2)/4 \approx 0.167`. In four of the five runs the shared vector is :math:`\mathbf{h} =
# \mathbf{0}`: every unit is off on those inputs, and since a ReLU passes no gradient back where its
# input is negative, the errors on those inputs cannot move the hidden layer.
#
# The failed runs also ended with more dead units, 2 to 4 against 1 or 2 for the solved ones: the
# fewer units are alive, the more easily an input finds them all off. Two live units can be enough
# (exercise 2 shows how), but only if they fold the plane in the right places. With 16 units there
# is slack: from 3 to 11 units of each run are dead at the end, but enough remain, and every start
# solves XOR. Small networks are fragile; more width buys reliability. The next chapter looks at
# when units die, and at activation functions whose units cannot.
#
# Summary
# -------
# - A multilayer perceptron stacks layers of neurons with an activation function between them; one
#   hidden layer of ReLU units is enough to solve XOR, which no single neuron can.
# - The :term:`gradient` tells how the loss changes with each parameter; ``loss.backward()``
#   computes it by backpropagation and *adds* it to ``.grad``, so the loop clears it first.
# - The training loop is five lines: forward pass, loss, ``zero_grad``, ``backward``, ``step``.
# - Adam's learning rate sets the size of its steps whatever the scale of the gradients; near a
#   minimum, as Adam forgets the early gradients, its steps can grow until the loss spikes.
# - The hidden layer moves the inputs to places where one flat cut separates the classes.
# - With 4 hidden units, half of the random starts fail, because the hidden layer maps inputs of
#   both classes to one vector; 16 units solve XOR from every start tried.
#
# Exercises
# ---------
# 1. Binary cross-entropy is the usual loss for 0/1 targets. ``nn.BCEWithLogitsLoss()`` reads the
#    network's output :math:`z` as a :term:`logit`: the :term:`sigmoid` :math:`\sigma(z) = 1/(1 + e^{-z})`
#    turns it into the probability :math:`p` that the class is 1, and the loss is the
#    :term:`cross-entropy` :math:`-[y \log p + (1 - y) \log (1 - p)]`, averaged over the samples:
#    small when :math:`p` is close to the target :math:`y`. In a copy of ``train``, replace
#    ``nn.MSELoss()`` by ``nn.BCEWithLogitsLoss()``. The output is now a logit, so judge the trained
#    model by ``torch.sigmoid(model(X)) > 0.5`` rather than by ``solves_xor``. Does training still
#    solve XOR from seed 0?
#
#    .. dropdown:: Answer
#
#       Yes. The network's output is now a logit, and :math:`\sigma(z) > 0.5` exactly when
#       :math:`z > 0`, so the decision boundary moves from 0.5 to 0.
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
#
# 4. Write the training loop from memory, without looking back at ``train``: a function
#    ``fit(model, learning_rate)`` that trains ``model`` on ``X`` and ``y`` for ``EPOCHS`` epochs
#    with Adam and the mean squared error, and returns the loss of every epoch. Then train the
#    4-unit ``MLP`` from seeds 0 to 9 with a learning rate of 0.01 instead of 0.1, and count with
#    ``solves_xor`` how many runs solve XOR.
#
#    .. dropdown:: Answer
#
#       .. code-block:: python
#          :name: exercise-02-training-loop
#
#          def fit(model: nn.Module, learning_rate: float) -> list[float]:
#              optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
#              loss_fn = nn.MSELoss()
#              losses = []
#              for _ in range(EPOCHS):
#                  loss = loss_fn(model(X), y)  # forward pass and loss
#                  optimizer.zero_grad()  # clear the gradients of the previous step
#                  loss.backward()  # backpropagation
#                  optimizer.step()  # one Adam step
#                  losses.append(loss.item())
#              return losses
#
#
#          solved_runs = 0
#          for seed in range(10):
#              torch.manual_seed(seed)
#              model = MLP(2, HIDDEN_FEATURES, 1)
#              fit(model, learning_rate=0.01)
#              solved_runs += solves_xor(model)
#          print(f"learning rate 0.01: solved {solved_runs} of 10 seeds")
#
#       9 of the 10 runs solve XOR, against 5 with the learning rate of 0.1: on this problem,
#       smaller steps buy reliability too, as more width did.
