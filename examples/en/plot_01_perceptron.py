r"""
The perceptron: a neuron that learns
====================================

Neural networks are built from one small part repeated many times: the *neuron*. This chapter
builds the simplest neural network there is, a single :term:`neuron` called the
:term:`perceptron`,
and trains it. You will learn

- how an artificial neuron mirrors a biological one, :math:`\hat y = f(\mathbf{w}\cdot\mathbf{x} + b)`;
- the perceptron learning rule, and the few lines of code that implement it;
- to train a perceptron on the AND, OR and NAND logic gates and draw what it learned;
- why a perceptron cannot solve the :term:`XOR` problem: :term:`linear separability`.
"""

# %%
# From biological to artificial neurons
# -------------------------------------
# A biological neuron receives signals through its *dendrites*, combines them in the *cell body*,
# and, if the combined signal is strong enough, fires along its *axon*. An artificial neuron keeps
# that shape and turns it into arithmetic. We fix the language of the plots and a random seed
# first, so that this page gives the same numbers every time it runs, and draw the two neurons.

import matplotlib.pyplot as plt
import torch
from matplotlib.animation import FuncAnimation
from matplotlib.colors import ListedColormap
from matplotlib.ticker import MaxNLocator

from nnguide import FitHistory
from nnguide.datasets import logic_gate
from nnguide.diagrams import draw_neuron
from nnguide.plotting import (
    CLASS_COLORS,
    FIGURE_WIDTH,
    REGION_ALPHA,
    configure_matplotlib,
    plot_curve,
    plot_decision_boundary,
)

LANG = "en"  # the language of this page's plots
SEED = 0  # seeds the perceptrons' random initial weights
configure_matplotlib(LANG)

fig = draw_neuron(lang=LANG)
plt.show()

# %%
# Each part of the artificial neuron has the colour of the biological part whose role it plays:
#
# =====================  =============================================  ===================================
# Biological neuron      Artificial neuron                              In the formula
# =====================  =============================================  ===================================
# dendrites, synapses    inputs, each multiplied by its :term:`weight`  :math:`w_1 x_1, \dots, w_n x_n`
# cell body, threshold   weighted sum plus :term:`bias`, step function  :math:`z = \mathbf{w}\cdot\mathbf{x} + b`, :math:`f(z)`
# axon                   output                                         :math:`\hat y = f(z)`
# =====================  =============================================  ===================================
#
# A synapse is where an axon's terminal meets the next neuron; how strongly it passes the signal
# on is what a weight models. The synapses drawn at the axon's end are therefore the inputs of the
# next neurons, and this neuron's own inputs arrive through synapses on its dendrites. The
# threshold is the bias's role: the neuron fires when :math:`\mathbf{w}\cdot\mathbf{x} + b > 0`,
# that is when the weighted sum of its inputs :math:`\mathbf{w}\cdot\mathbf{x}` exceeds :math:`-b`.
#
# .. math::
#
#    \hat y = f(w_1 x_1 + w_2 x_2 + \dots + w_n x_n + b) = f(\mathbf{w}\cdot\mathbf{x} + b)
#
# The :term:`activation function` :math:`f` decides what the neuron outputs for a weighted sum
# :math:`z`. The perceptron (Rosenblatt, 1958) uses the *step* function: it outputs 1 when the
# weighted sum is positive and 0 otherwise, :math:`f(z) = 1` if :math:`z > 0`, else :math:`0`.

# %%
# The step function is flat everywhere except at :math:`z = 0`, where it jumps from 0 to 1. A small
# change of the weights therefore changes the output only when it carries :math:`z` across 0. The
# perceptron's learning rule needs no more than that; the networks of the next chapters, which learn
# from gradients, replace the step by smoother functions.

z = torch.linspace(-3, 3, 601)
fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 2.6), layout="constrained")
ax.plot(z, (z > 0).float(), linewidth=2)
ax.set_yticks([0, 1])  # the step function outputs nothing else
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
# where :math:`\eta` is the :term:`learning rate`. When the prediction is correct, :math:`y - \hat y = 0`
# and nothing changes. When the neuron said 0 but should have said 1, the weights move *towards*
# :math:`\mathbf{x}`, so the weighted sum of that sample grows; in the opposite case they move away.
# One pass over all samples is an :term:`epoch`; training stops after an epoch without a single mistake.
#
# Here is the whole perceptron in code. ``__init__`` draws the initial weights and bias at random
# (from a seed, so that a run can be repeated exactly); ``predict`` applies the step function to the
# weighted sum of every sample; ``update`` applies the learning rule to one sample and says whether
# the perceptron got it wrong; ``fit`` updates with every sample in turn, epoch after epoch, and
# returns a :class:`~nnguide.FitHistory`: its ``errors`` (mistakes per epoch), ``epochs`` (how
# many ran), ``converged`` and ``converged_epoch``.


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

    def update(self, xi: torch.Tensor, yi: torch.Tensor) -> bool:
        """Apply the learning rule to one sample; return True if the prediction was a mistake."""
        prediction = float(xi @ self.weights + self.bias > 0)  # ŷ = step(w·x + b)
        error = yi.item() - prediction  # y − ŷ: 0 if correct, +1 or −1 if wrong
        if error != 0:
            self.weights += self.learning_rate * error * xi  # w ← w + η (y − ŷ) x
            self.bias += self.learning_rate * error  # b ← b + η (y − ŷ)
        return error != 0

    def fit(self, X: torch.Tensor, y: torch.Tensor, *, max_epochs: int = 100) -> FitHistory:
        """Apply the learning rule until an epoch has no mistake, for at most max_epochs epochs."""
        errors: list[int] = []
        for _ in range(max_epochs):
            mistakes = 0
            for xi, yi in zip(X, y, strict=True):  # one sample at a time, in order
                if self.update(xi, yi):
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
print(f"inputs X: {X.tolist()}")
print(f"targets y: {y.tolist()}")

perceptron = Perceptron(n_features=2, learning_rate=0.1, seed=SEED)
print(f"before training: weights {perceptron.weights}, bias {perceptron.bias:.4f}")

# %%
# Now we train, with a budget of 100 epochs, and test the perceptron on the four inputs.

history = perceptron.fit(X, y, max_epochs=100)
print(f"after training:  weights {perceptron.weights}, bias {perceptron.bias:.4f}")
print(f"mistakes per epoch: {history.errors}")
print(f"converged in epoch {history.converged_epoch}")
print("\nAND gate test:")
for xi, prediction in zip(X, perceptron.predict(X), strict=True):
    print(f"  {xi.tolist()} -> {prediction.item()}")
print(f"weighted sums z: {X @ perceptron.weights + perceptron.bias}")
# sphinx_gallery_start_ignore
assert history.errors == [1, 1, 1, 1, 1, 0]
assert history.converged
assert torch.equal(perceptron.predict(X), y)
and_sums = X @ perceptron.weights + perceptron.bias
assert [round(v, 2) for v in and_sums[2:].tolist()] == [-0.04, 0.07]
# sphinx_gallery_end_ignore

# %%
# The perceptron made one mistake in each of the first five epochs and none in the sixth. An epoch
# without a mistake leaves the weights as they were, so from then on every prediction is correct, as
# the test shows. The weighted sums show how narrowly: :math:`(1, 0)` gets :math:`z = -0.04` and
# :math:`(1, 1)` gets :math:`z = 0.07`, both close to 0, where the answer flips.
#
# What did it learn?
# ------------------
# The perceptron outputs 1 where :math:`w_1 x_1 + w_2 x_2 + b > 0`. The border of that region,
# :math:`w_1 x_1 + w_2 x_2 + b = 0`, is a straight line: the *decision boundary*. To watch that line
# move, we train AND again, from the same seed, and record each sample's update: the sample, whether
# it was a mistake, and the weights and bias after it. An animation then draws one frame per sample
# seen (the weights change only after a mistake): the start and the 24 samples of the six epochs.

MISTAKE_COLOR = "tab:red"


def record_updates(
    perceptron: Perceptron, X: torch.Tensor, y: torch.Tensor, *, epochs: int
) -> list[tuple]:
    """Train sample by sample; return (sample, mistake, weights, bias) at the start and after each."""
    steps = [(None, False, perceptron.weights.clone(), perceptron.bias.clone())]  # the start
    for _ in range(epochs):
        for xi, yi in zip(X, y, strict=True):
            mistake = perceptron.update(xi, yi)
            steps.append((xi, mistake, perceptron.weights.clone(), perceptron.bias.clone()))
    return steps


def animate_updates(
    steps: list[tuple], X: torch.Tensor, y: torch.Tensor, *, first_epoch: int
) -> tuple[plt.Figure, FuncAnimation]:
    """Draw the decision line of each step over the square of inputs, one frame per step."""
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 6.3), layout="constrained")
    edges = torch.tensor([-0.5, 1.5])  # the square's edges, on both axes
    grid = torch.linspace(-0.5, 1.5, 201)
    grid_x1, grid_x2 = torch.meshgrid(grid, grid, indexing="xy")  # each (201, 201)
    regions = ax.imshow(  # the prediction at every point: set by draw_step
        grid_x1,
        origin="lower",
        extent=(-0.5, 1.5, -0.5, 1.5),
        interpolation="nearest",
        cmap=ListedColormap(CLASS_COLORS),
        vmin=0,
        vmax=1,
        alpha=REGION_ALPHA,
    )
    for cls in (0, 1):
        ax.scatter(
            *X[y == cls].T,
            s=90,
            color=CLASS_COLORS[cls],
            edgecolor="k",
            zorder=3,
            label=f"class {cls}",
        )
    for cls in (0, 1):
        ax.fill([], [], color=CLASS_COLORS[cls], alpha=REGION_ALPHA, label=f"predicted {cls}")
    (line,) = ax.plot([], [], color="k", linewidth=2, label="decision boundary")
    (before,) = ax.plot([], [], "k--", linewidth=1.5, label="boundary before\nthe update")
    ring = ax.scatter([], [], s=500, facecolor="none", linewidth=2.5, zorder=4)  # the sample seen
    for colour, name in (
        ("k", "sample just seen:\nwas correct"),
        (MISTAKE_COLOR, "sample just seen:\na mistake (line moved)"),
    ):
        ax.scatter([], [], s=250, facecolor="none", edgecolor=colour, linewidth=2.5, label=name)
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xticks=[0, 1], yticks=[0, 1], aspect="equal")
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    fig.legend(loc="outside lower center", ncols=2)
    corners = torch.tensor([[-0.5, -0.5], [-0.5, 1.5], [1.5, -0.5], [1.5, 1.5]])  # of the plot

    def outside(weights: torch.Tensor, bias: torch.Tensor) -> bool:
        """True if the line w1 x1 + w2 x2 + b = 0 misses the plot: all corners on one side."""
        return len(set((corners @ weights + bias > 0).tolist())) == 1

    def what_happened(step: int) -> str:
        """The title's second line, in brackets: what the sample did to the boundary."""
        sample, mistake, weights, bias = steps[step]
        if sample is None:
            return "no sample seen yet"
        if not mistake:
            return "no update: the boundary stays"
        if outside(weights, bias):
            return "the boundary moved outside the plot"
        if outside(*steps[step - 1][2:]):
            return "the boundary moved into the plot"
        return "the update moved the boundary"

    def line_through(
        weights: torch.Tensor, bias: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        return edges, -(weights[0] * edges + bias) / weights[1]  # w1 x1 + w2 x2 + b = 0, for x2

    def draw_step(step: int) -> None:
        sample, mistake, weights, bias = steps[step]
        regions.set_data((weights[0] * grid_x1 + weights[1] * grid_x2 + bias > 0).float())
        line.set_data(*line_through(weights, bias))
        if mistake:  # show where the update moved the line from
            before.set_data(*line_through(*steps[step - 1][2:]))
        before.set_visible(mistake)
        ring.set_offsets(torch.empty(0, 2) if sample is None else sample.unsqueeze(0))
        ring.set_edgecolor(MISTAKE_COLOR if mistake else "k")
        if sample is None:
            title = f"Start: the boundary before epoch {first_epoch}"
        else:
            epoch = first_epoch + (step - 1) // len(X)
            verdict = "a mistake" if mistake else "correct"
            title = f"Epoch {epoch}, sample ({sample[0]:.0f}, {sample[1]:.0f}): {verdict}"
        ax.set_title(f"{title}\n({what_happened(step)})")

    animation = FuncAnimation(fig, draw_step, frames=len(steps), interval=400, repeat=False)
    draw_step(len(steps) - 1)  # the still image: the last frame
    return fig, animation


# %%
# Each frame shows the perceptron just after it has seen one sample. The shading is its answer at
# every point of the plane: orange where it outputs 1, blue where it outputs 0. The ring marks the
# sample just seen. The title and the ring's colour judge that sample by the line as it was
# *before* the sample: black if it was classified correctly, red if it was a mistake. After a
# mistake, the dashed line is that previous line, and the solid line and the shading show the
# perceptron after its update; a red-ringed point may therefore already sit on its correct colour.
# The title's second line, in brackets, says what happened to the line, and when it moved outside
# the plot, where it cannot be drawn, or back into it. Press play, or step through the frames one by
# one.

steps = record_updates(Perceptron(n_features=2, seed=SEED), X, y, epochs=history.epochs)
fig, and_animation = animate_updates(steps, X, y, first_epoch=1)
plt.show()
# sphinx_gallery_start_ignore
assert torch.equal(steps[-1][2], perceptron.weights)  # the same training as `perceptron`'s
assert torch.equal(steps[-1][3], perceptron.bias)
and_samples = [tuple(step[0].int().tolist()) for step in steps[1:] if step[1]]
assert and_samples == [(1, 1)] * 4 + [(1, 0)]  # the five mistakes, in order
assert [step[1] for step in steps[17:]] == [False, False, True, False] + [False] * 4
# the line crosses x2 = 0.5 further left after each of the first four mistakes, then back right
crossings = [float(-(w[1] * 0.5 + b) / w[0]) for _, mistake, w, b in steps if mistake]
assert crossings[0] > crossings[1] > crossings[2] > crossings[3] < crossings[4]
assert float(steps[16][2][0] + steps[16][3]) > 0  # after epoch 4, (1, 0) is on the orange side
assert (X @ steps[0][2] + steps[0][3] < 0).all()  # the start: 0 for all four samples
assert min(float(-(steps[0][2][1] * x2 + steps[0][3]) / steps[0][2][0]) for x2 in (0, 1)) > 1
# the final line: just right of (1, 0), just left of (1, 1), within a marker's width of both
w, b = perceptron.weights, perceptron.bias
assert 1 < float(-b / w[0]) < 1.05  # x1 where the line crosses x2 = 0
assert 0.95 < float(-(w[1] + b) / w[0]) < 1  # and x2 = 1
# constrained layout places the axes (a draw would restart the animation)
fig.get_layout_engine().execute(fig)
origin, unit = fig.axes[0].transData.transform([[0.0, 0.0], [1.0, 0.0]])
pixels_per_unit = float(unit[0] - origin[0])
radius = 90**0.5 / 2 * fig.dpi / 72  # a marker's radius, s=90 points², in pixels
# from (1, 0) and (1, 1), in pixels
pixel_distances = (X[2:] @ w + b).abs() / w.norm() * pixels_per_unit
assert (pixel_distances < 2 * radius).all()
fig.set_label(
    "Animation in 25 frames: a perceptron learns AND one sample at a time, and from epoch 6 on it "
    "makes no mistake."
)
# sphinx_gallery_end_ignore

# %%
# At the start the line lies to the right of all four points, and the perceptron outputs 0 for
# each: correct for three samples, a mistake for :math:`(1, 1)`. That mistake, once in each of the
# first four epochs, adds :math:`\eta = 0.1` to :math:`w_1`, :math:`w_2` and :math:`b` and moves the
# line to the left; the fourth move takes it past :math:`(1, 0)` too. In epoch 5, :math:`(1, 0)` is
# the mistake: its update takes 0.1 from :math:`w_1` and :math:`b` and moves the line back a little,
# to just right of :math:`(1, 0)` and just left of :math:`(1, 1)`, so close to both that the plot
# hardly shows on which side each lies. The weighted sums printed above tell: :math:`z = -0.04` for
# :math:`(1, 0)`, which gets 0, and :math:`z = 0.07` for :math:`(1, 1)`, which gets 1. In epoch 6
# no sample is a mistake.
#
# Training AND, OR and NAND the same way, from the same seed, shows a line that separates the 0s
# from the 1s in each case.

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
fig.set_label(
    "Three panels, AND, OR and NAND: in each, the line the perceptron learned puts the two "
    "classes of points on its two sides."
)
# the AND line (the first perceptron's) passes 0.02 from (1, 0), inside its marker, 0.04 from (1, 1)
distances = (X[2:] @ perceptron.weights + perceptron.bias).abs() / perceptron.weights.norm()
assert torch.equal(X[2:], torch.tensor([[1.0, 0.0], [1.0, 1.0]]))
assert [round(d, 2) for d in distances.tolist()] == [0.02, 0.04]
fig.draw_without_rendering()  # constrained layout places the axes
pixels = axes[0].transData.transform([[0.0, 0.0], [1.0, 0.0]])
marker_radius = 90**0.5 / 2 * fig.dpi / 72  # plot_decision_boundary's markers: s=90 points²
assert distances[0] * (pixels[1, 0] - pixels[0, 0]) < marker_radius
# sphinx_gallery_end_ignore

# %%
# All three gates are learned within the budget of 100 epochs (in 6, 12 and 21 epochs), each with a
# different line. Any line that puts the orange points on one side and the blue ones on the other
# is a correct answer; which one the perceptron finds depends on where it starts, its random initial
# weights. The rule stops at the first line that makes no mistake, however close it passes to a
# point: the AND line runs 0.02 from the centre of :math:`(1, 0)`, inside its marker, and 0.04 from
# :math:`(1, 1)`. The point :math:`(1, 0)` is on the blue side all the same: its weighted sum is
# :math:`w_1 + b = -0.04` (printed above), so the perceptron outputs 0 for it.
#
# XOR: where a single neuron fails
# --------------------------------
# XOR, also called exclusive or, outputs 1 when exactly one input is 1. Below, a perceptron tries to
# learn it: the famous XOR problem.

X, y = logic_gate("xor")
xor_perceptron = Perceptron(n_features=2, seed=SEED)
xor_history = xor_perceptron.fit(X, y, max_epochs=100)
print("converged" if xor_history.converged else f"not converged after {xor_history.epochs} epochs")
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
ax_errors.set_ylim(0, 4.5)  # a count: from 0 to all four samples
ax_errors.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs and counts: whole numbers
ax_errors.yaxis.set_major_locator(MaxNLocator(integer=True))
ax_errors.set_title("XOR: the mistakes never stop")
plot_decision_boundary(xor_perceptron.predict, X, y, lang=LANG, ax=ax_boundary, legend=False)
ax_boundary.set_title("XOR: one line cannot split the classes")
fig.legend(*ax_boundary.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()
# sphinx_gallery_start_ignore
assert xor_history.epochs == 100
fig.set_label(
    "Top: the perceptron's mistakes on XOR in each of 100 epochs, never 0. Bottom: its last line "
    "does not separate the two classes."
)
# sphinx_gallery_end_ignore

# %%
# The perceptron does not converge within its 100 epochs. It makes 2 or 3 mistakes in each of the
# first 38 epochs, never fewer, and from epoch 39 on it gets all four samples wrong in every epoch.
# (Mistakes are counted as the samples are visited, while the weights move.) We look at what happens
# in one more epoch, epoch 101:

weights, bias = xor_perceptron.weights.clone(), xor_perceptron.bias.clone()
one_more = xor_perceptron.fit(X, y, max_epochs=1)
unchanged = torch.equal(xor_perceptron.weights, weights) and torch.equal(xor_perceptron.bias, bias)
print(f"one more epoch: {one_more.errors[0]} mistakes")
print(
    "at its end, weights and bias are back where they started"
    if unchanged
    else "at its end, weights and bias have moved"
)
right_at_end = int((xor_perceptron.predict(X) == y).sum())
print(f"the line at the end of the epoch classifies {right_at_end} of 4 correctly")
# sphinx_gallery_start_ignore
assert one_more.errors == [4]
assert xor_history.epochs + one_more.epochs == 101
assert unchanged
assert right_at_end == 1
# sphinx_gallery_end_ignore

# %%
# The rule has fallen into a cycle. Each sample, when its turn comes, is on the wrong side of the
# line (four mistakes in four visits); its update shifts the line in its favour, and the next sample
# finds itself on the wrong side. Over the four updates of an epoch the changes cancel exactly (each
# weight gets :math:`+\eta` once and :math:`-\eta` once, the bias :math:`+\eta` twice and
# :math:`-\eta` twice), so every epoch ends
# where it started. The line at that point classifies one sample of four correctly, and more
# training only repeats the same epoch. The animation shows the next two epochs, 102 and 103, one
# sample at a time.

steps = record_updates(xor_perceptron, X, y, epochs=2)
fig, xor_animation = animate_updates(
    steps, X, y, first_epoch=xor_history.epochs + one_more.epochs + 1
)
plt.show()
# sphinx_gallery_start_ignore
assert xor_history.epochs + one_more.epochs + 1 == 102
corners = torch.tensor([[-0.5, -0.5], [-0.5, 1.5], [1.5, -0.5], [1.5, 1.5]])  # of the square
assert all(step[1] for step in steps[1:])  # every sample a mistake
for k in range(4, len(steps), 4):  # each epoch ends where it started
    assert torch.equal(steps[k][2], steps[0][2])
    assert torch.equal(steps[k][3], steps[0][3])
for k in range(1, len(steps), 4):  # after (0, 0): 0 everywhere; after (1, 0): 1 everywhere
    assert (corners @ steps[k][2] + steps[k][3] <= 0).all()
    assert (corners @ steps[k + 2][2] + steps[k + 2][3] > 0).all()
    assert (X @ steps[k + 1][2] + steps[k + 1][3] > 0).tolist() == [True, True, False, False]
for k in range(1, len(steps)):  # each update fixes the sample it was made for
    sample, _, w, b = steps[k]
    assert int(sample @ w + b > 0) == int(y[(sample == X).all(dim=1)])
fig.set_label(
    "Animation in 9 frames: the perceptron on XOR in epochs 102 and 103. Every sample is a "
    "mistake when its turn comes, and each epoch ends where it started."
)
# sphinx_gallery_end_ignore

# %%
# Every sample is a mistake when its turn comes: after the start, the ring is red in every frame,
# and the red-ringed sample already sits on its correct colour, because each update fixes the
# sample it was made for. The update for :math:`(0, 0)` pushes the line outside the plot (not
# drawn), and the perceptron answers 0 everywhere in it; the update for :math:`(0, 1)` brings the
# line back, with :math:`(0, 0)` and :math:`(0, 1)` on the orange side; the update for
# :math:`(1, 0)` pushes it outside again, and the answer is 1 everywhere in the plot; the update for
# :math:`(1, 1)` puts it back where the epoch started. The perceptron never settles.
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
# - An artificial neuron computes :math:`\hat y = f(\mathbf{w}\cdot\mathbf{x} + b)`; the perceptron's
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
# 4. Write the learning rule from memory, without looking at ``update`` and ``fit``: a function
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
