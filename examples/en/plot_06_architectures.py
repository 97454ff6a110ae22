r"""
Network architecture patterns
=============================

How layers are arranged matters as much as how many there are. This chapter builds the four
patterns of :ref:`the source tutorial <source-tutorial>`, prints their shapes and sizes, and then
runs two experiments that show why the last two exist. You will learn

- the *encoder* (shrinking widths) and *decoder* (growing widths) shapes, and what they are for;
- how to count a network's parameters, and where they sit;
- that a deep plain MLP can fail to train at all, and how
  :term:`residual connections <residual connection>` fix it;
- how :term:`batch normalisation <batch normalisation>`, or the right initialisation, lets
  gradient descent train a network it otherwise cannot.
"""

# %%
# Four patterns
# -------------
# The source tutorial writes four patterns as ``nn.Module`` classes. An *encoder* shrinks its
# widths, a *decoder* grows them, a *residual block* adds its input to its output, and a
# *normalised* MLP standardises a hidden layer over the batch (``nn.BatchNorm1d``, explained in
# experiment 2). :mod:`nnguide.architectures` holds the same classes, with checks on their inputs.

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.architectures import DeepMLP, count_parameters, kaiming_init
from nnguide.datasets import two_spirals
from nnguide.diagrams import draw_residual_block
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib, plot_curve, plot_decision_boundary
from nnguide.training import fit_full_batch

LANG = "en"  # the language of this page's plots
SEED = 0
configure_matplotlib(LANG)
torch.manual_seed(SEED)


class Encoder(nn.Module):
    """Shrinking widths, 784 → 256 → 64 → 10: from an image to one score per class."""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # (n, 784) -> (n, 10)


class Decoder(nn.Module):
    """Growing widths, 10 → 64 → 256 → 784: from a few numbers to a whole image."""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 784)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # (n, 10) -> (n, 784)


class ResidualBlock(nn.Module):
    """x + F(x), with F = Linear → ReLU → Linear: the width must stay the same."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.layers(x)  # the residual connection: (n, dim) -> (n, dim)


class NormalizedMLP(nn.Module):
    """784 → 256 → BatchNorm → ReLU → 10."""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # (n, 784) -> (n, 10)


# %%
# We pass a batch of 32 inputs through each and print the shapes and the number of trainable
# parameters.

patterns = {
    "Encoder (shrinking)": (Encoder(), torch.randn(32, 784)),
    "Decoder (growing)": (Decoder(), torch.randn(32, 10)),
    "ResidualBlock(64)": (ResidualBlock(64), torch.randn(32, 64)),
    "NormalizedMLP (batch normalisation)": (NormalizedMLP(), torch.randn(32, 784)),
}
for name, (model, batch) in patterns.items():
    output = model(batch)
    print(
        f"{name}: {tuple(batch.shape)} -> {tuple(output.shape)}, {count_parameters(model):,} parameters"
    )
# sphinx_gallery_start_ignore
assert count_parameters(Encoder()) == (784 * 256 + 256) + (256 * 64 + 64) + (64 * 10 + 10)
assert count_parameters(Encoder()) == 218_058
assert count_parameters(ResidualBlock(64)) == 2 * (64 * 64 + 64)
# sphinx_gallery_end_ignore

# %%
# An encoder compresses 784 numbers (a 28×28 image) into 10 (one score per digit): the shape of a
# classifier. A decoder does the reverse and is the shape of a generator. The residual block keeps
# its width, because it adds its input to its output. Here is ``ResidualBlock`` drawn layer by
# layer:

fig = draw_residual_block(lang=LANG)
plt.show()

# %%
# The input :math:`\mathbf{x}` takes two paths. One goes through ``self.layers``,
# ``Linear → ReLU → Linear``, which computes :math:`F(\mathbf{x})`; the other, the
# :term:`residual connection`, carries
# :math:`\mathbf{x}` around the layers unchanged. The circle adds the two, and the block returns
# the sum as it is, with no activation after the addition. Where :math:`F(\mathbf{x}) = 0`, the
# block passes its input on unchanged: :math:`F` only has to compute what to add to
# :math:`\mathbf{x}`, the *residual* that gives the block its name. Experiment 1 below shows what
# residual connections do for a deep network.
#
# Where do the encoder's 218,058 parameters sit? Let us print it, and count layer by layer, with
# the batch normalisation layer of ``NormalizedMLP`` for comparison:

encoder = Encoder()
print(encoder)
for index, layer in enumerate(encoder.layers):
    print(f"layers[{index}]: {count_parameters(layer):,} parameters")
batchnorm = NormalizedMLP().layers[1]
print(f"nn.BatchNorm1d(256): {count_parameters(batchnorm)} parameters")
# sphinx_gallery_start_ignore
assert count_parameters(encoder.layers[0]) == 200_960
assert count_parameters(batchnorm) == 512
# sphinx_gallery_end_ignore

# %%
# Almost all parameters sit in the widest layer: the first ``Linear(784, 256)`` alone holds
# 200,960 of the 218,058 (a weight per input and unit, :math:`784\cdot256`, and a bias per unit);
# the ReLUs hold none. The batch normalisation layer adds only 512 parameters to ``NormalizedMLP``: a scale
# and a shift for each of its 256 units.
#
# A task for deep networks
# ------------------------
# Two interleaved spirals: a line cannot separate them, and a network must bend the plane many
# times. The network outputs one :term:`logit` :math:`z` per point; the sigmoid turns it into the
# probability of class 1, :math:`\hat p = \sigma(z)`, and the point is classified as class 1 when
# :math:`\hat p > 1/2`, that is when :math:`z > 0`. We train with the binary cross-entropy
# :term:`loss function`, the :term:`cross-entropy` of two classes,
# :math:`L = -[y\ln\hat p + (1-y)\ln(1-\hat p)]` averaged over the points;
# ``nn.BCEWithLogitsLoss`` takes the logit and does both steps at once.

X, labels = two_spirals(200, seed=SEED)
y = labels.float().unsqueeze(1)  # (400, 1)
loss_fn = nn.BCEWithLogitsLoss()


def accuracy(model: nn.Module) -> float:
    model.eval()  # evaluation mode: matters for batch normalisation (experiment 2)
    with torch.no_grad():
        return ((model(X) > 0).float() == y).float().mean().item()


def train(model: nn.Module, optimizer: torch.optim.Optimizer, epochs: int) -> list[float]:
    return fit_full_batch(model, X, y, loss_fn=loss_fn, optimizer=optimizer, epochs=epochs)


def losses_at(losses: list[float], epochs: tuple[int, ...]) -> str:
    """The loss in each of ``epochs`` (counted from 1), as 'epoch: loss'."""
    return ", ".join(f"{epoch}: {losses[epoch - 1]:.3f}" for epoch in epochs)


def mark_ln2(ax: plt.Axes, x: float) -> None:
    """Draw ln 2, the loss of predicting 1/2 for every point, as a dashed line labelled at ``x``."""
    ax.axhline(math.log(2), color="0.3", linestyle=(0, (4, 4)), linewidth=1)  # over the curves
    ax.annotate(
        rf"$\ln 2 \approx {math.log(2):.3f}$",
        (x, math.log(2)),
        xytext=(0, 3),  # points above the line
        textcoords="offset points",
        va="bottom",
    )


# %%
# Experiment 1: depth with and without residual connections
# ---------------------------------------------------------
# Two networks of 30 hidden layers of 32 ReLU units, identical except that the second adds each
# hidden layer's input to its output, :math:`\mathbf{h}_{k+1} = \mathbf{h}_k + F(\mathbf{h}_k)`
# (all but the first layer's: its 2 inputs cannot be added to its 32 outputs). nnguide's
# ``DeepMLP(2, 32, 1, depth=30)`` builds them (2 inputs, 32 units per layer, 1 output); its
# :math:`F` is one ``Linear → ReLU``, not ``ResidualBlock``'s two ``Linear``. Both are trained
# the same way: :term:`Adam`, learning rate :math:`10^{-3}`, 400 epochs. We print how much the
# initial output varies over the 400 points (its standard deviation, the *spread*), and the loss
# in a few epochs.

DEPTH = 30
print(f"ln 2 = {math.log(2):.3f}: the loss of predicting 1/2 for every point")
curves, deep_models = {}, {}
for residual in (False, True):
    name = "residual" if residual else "plain"
    torch.manual_seed(SEED)
    model = DeepMLP(2, 32, 1, depth=DEPTH, residual=residual)
    with torch.no_grad():
        spread = model(X).std().item()  # how much the output varies over the 400 samples
    curves[residual] = train(model, torch.optim.Adam(model.parameters(), lr=1e-3), epochs=400)
    deep_models[residual] = model
    print(f"{name}: spread of the initial output {spread:.1e}, accuracy {accuracy(model):.1%}")
    print(f"  loss in epoch {losses_at(curves[residual], (1, 50, 100, 200, 300, 400))}")
    # sphinx_gallery_start_ignore
    assert f"{spread:.1e}" == ("2.9e+01" if residual else "0.0e+00")
    # sphinx_gallery_end_ignore
# sphinx_gallery_start_ignore
plain, residual_curve = curves[False], curves[True]
assert f"{accuracy(deep_models[False]):.1%}" == "50.0%"
assert {f"{loss:.3f}" for loss in plain} == {"0.693", "0.694"}
assert f"{plain[0]:.3f}" == "0.694"
assert f"{plain[-1]:.3f}" == "0.693"
assert f"{accuracy(deep_models[True]):.1%}" == "97.5%"
assert [f"{residual_curve[epoch - 1]:.3f}" for epoch in (1, 50, 100, 200, 300, 400)] == [
    "114.985", "0.670", "0.635", "0.570", "0.211", "0.049",
]  # fmt: skip
assert max(residual_curve[49:250]) < math.log(2)  # creeping just under ln 2 for 200 epochs
assert min(residual_curve[49:250]) > 0.45
assert max(residual_curve[5:]) == residual_curve[8]  # climbs back up after epoch 6...
assert f"{residual_curve[8]:.2f}" == "9.45"  # ...to 9.45 in epoch 9
assert len(deep_models[True].hidden) - 1 == 29  # additions: all hidden layers but the first
# the gradient that reaches the first layer of the plain stack has all but vanished
torch.manual_seed(SEED)
check = DeepMLP(2, 32, 1, depth=DEPTH)
loss_fn(check(X), y).backward()
assert check.hidden[0][0].weight.grad.norm() < 1e-6 * check.hidden[-1][0].weight.grad.norm()
# sphinx_gallery_end_ignore

fig, (ax_loss, ax_plain, ax_residual) = plt.subplots(
    3, 1, figsize=(FIGURE_WIDTH, 10.5), layout="constrained"
)
plot_curve(curves[False], lang=LANG, ylabel="loss", ax=ax_loss, name="plain network")
plot_curve(curves[True], lang=LANG, ylabel="loss", ax=ax_loss, name="residual network")
ax_loss.set_yscale("log")
ax_loss.set(title=f"{DEPTH} hidden layers: training loss", ylabel="loss (log scale)")
mark_ln2(ax_loss, x=230)
for ax, residual in ((ax_plain, False), (ax_residual, True)):
    plot_decision_boundary(
        lambda points, m=deep_models[residual]: m(points) > 0,
        X,
        labels,
        lang=LANG,
        ax=ax,
        legend=False,
    )
    name = "Residual network" if residual else "Plain network"
    ax.set_title(f"{name}: accuracy {accuracy(deep_models[residual]):.1%}")
# the residual panel's legend: the plain network draws no decision boundary
fig.legend(*ax_residual.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    f"Above, the training loss of the two networks of {DEPTH} hidden layers over 400 epochs, on a "
    "logarithmic scale: the plain network's stays flat on the dashed line of ln 2 ≈ 0.693; the "
    "residual network's starts "
    "above 100, creeps just under ln 2 for about 200 epochs, then falls to 0.049. Below, the plane "
    "coloured by each network's prediction, with the two spirals: the plain network predicts "
    "class 0 everywhere; the residual network's decision boundary follows the spirals."
)
plane = torch.cartesian_prod(torch.linspace(-1.6, 1.6, 81), torch.linspace(-1.6, 1.6, 81))
with torch.no_grad():
    assert (deep_models[False](plane) <= 0).all()  # class 0 over the whole plotted plane
# sphinx_gallery_end_ignore

# %%
# Before any training, the plain network gives all 400 inputs exactly the same output: its spread
# prints as 0.0e+00. This is :doc:`chapter 3 <plot_03_activations>`'s experiment 2 taken to 30
# layers: under PyTorch's default initialisation the signal shrinks to about 0.4 times its size in
# every layer, so nothing of the input is left at the output, and the gradient
# fades on its way back to the first layers (:term:`vanishing gradients`). A network that gives
# every input the same answer can do no better than :math:`\hat p = 1/2` for every point, a loss of
# :math:`\ln 2 \approx 0.693`, and the plain network never leaves it: its loss prints as 0.694 or
# 0.693 in every printed epoch, and its accuracy is 50.0 %, chance level. Its panel has a single
# colour: it predicts class 0 everywhere, so it has no decision boundary to draw.
#
# In the residual network, residual connections lead from every hidden layer straight to the
# output, so the signal and the gradients reach every layer. Its loss starts very high,
# 114.985 in epoch 1: the 29 additions make the initial output large (its spread is 2.9e+01), and
# a large logit on the wrong side costs a large loss. Adam brings it down fast but not straight
# (the curve climbs back to 9.45 in epoch 9), to 0.670 by epoch 50, just under :math:`\ln 2`. There
# it creeps for about 200 epochs (0.635 in epoch 100, 0.570 in epoch 200) before the network finds
# the spirals: 0.211 in epoch 300 and 0.049 in epoch 400, with an accuracy of 97.5 %.
#
# Experiment 2: with and without batch normalisation
# --------------------------------------------------
# Now 8 hidden layers of 32 ReLU units, trained by full-batch :term:`gradient descent`
# (``torch.optim.SGD``, learning rate 0.05, 500 epochs), three ways: as they are; with every hidden
# layer's pre-activations normalised over the batch,
# :math:`\hat z = (z - \mu_{\text{batch}})/\sigma_{\text{batch}}`, followed by a learned scale and
# shift (``batchnorm=True``); and without normalisation but with chapter 3's Kaiming
# initialisation (:func:`~nnguide.architectures.kaiming_init`). We
# train on all 400 points at once, so here the batch is the whole training set; with
# :term:`mini-batches <mini-batch>`, batch normalisation standardises over each mini-batch.

variants = {  # name: (with batch normalisation, with Kaiming initialisation)
    "default initialisation, no batch normalisation": (False, False),
    "batch normalisation": (True, False),
    "Kaiming initialisation": (False, True),
}
bn_curves, bn_models, spreads = {}, {}, {}
for variant, (batchnorm, kaiming) in variants.items():
    torch.manual_seed(SEED)
    model = DeepMLP(2, 32, 1, depth=8, batchnorm=batchnorm)
    if kaiming:
        kaiming_init(model)
    with torch.no_grad():
        spreads[variant] = model(X).std().item()  # how much the initial output varies
    bn_curves[variant] = train(model, torch.optim.SGD(model.parameters(), lr=0.05), epochs=500)
    bn_models[variant] = model
    print(
        f"{variant}: spread of the initial output {spreads[variant]:.1e}, "
        f"accuracy {accuracy(model):.1%}"
    )
    print(f"  loss in epoch {losses_at(bn_curves[variant], (1, 50, 100, 200, 300, 400, 500))}")
    late = bn_curves[variant][100:]  # epochs 101 to 500
    highest = max(late)
    print(f"  highest loss after epoch 100: {highest:.3f}, in epoch {101 + late.index(highest)}")
# sphinx_gallery_start_ignore
shown = (1, 50, 100, 200, 300, 400, 500)
flat, bn, kai = bn_curves.values()  # default initialisation, batch normalisation, Kaiming
assert [f"{s:.1e}" for s in spreads.values()] == ["7.4e-05", "3.3e-01", "6.2e-01"]
spread_flat, spread_bn, spread_kai = spreads.values()
assert min(spread_bn, spread_kai) > 1000 * spread_flat
assert [f"{accuracy(model):.1%}" for model in bn_models.values()] == [
    "51.5%", "99.3%", "98.8%",
]  # fmt: skip
assert {f"{loss:.3f}" for loss in flat} <= {"0.693", "0.694"}
assert [f"{bn[e - 1]:.3f}" for e in shown] == [
    "0.695", "0.119", "0.057", "0.036", "0.019", "0.013", "0.029",
]  # fmt: skip
assert [f"{kai[e - 1]:.3f}" for e in shown] == [
    "0.861", "0.651", "0.639", "0.568", "0.293", "0.072", "0.039",
]  # fmt: skip
ln2 = math.log(2)
# batch normalisation falls fastest: below Kaiming in every printed epoch
assert all(bn[e - 1] < kai[e - 1] for e in shown)
# batch normalisation: small bumps, one jump above its starting loss in epoch 447, back under 0.1 soon after
assert max(bn[50:440]) < 0.2
assert max(bn[100:]) == bn[446] > bn[0]
assert max(bn[455:]) < 0.1
# Kaiming: slow until epoch 200, then several jumps above ln 2 as it falls faster
assert max(kai[4:200]) < ln2
assert (f"{max(bn[100:]):.3f}", f"{max(kai[100:]):.3f}") == ("1.101", "1.240")  # as printed
assert len([loss for loss in kai[200:] if loss > ln2]) > 2
# sphinx_gallery_end_ignore

fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 4.6), layout="constrained")
for variant in variants:
    plot_curve(bn_curves[variant], lang=LANG, ylabel="loss", ax=ax, name=variant)
ax.set_title("8 hidden layers: training loss\nunder full-batch gradient descent")
mark_ln2(ax, x=100)
ax.get_legend().remove()  # one legend under the plot instead, clear of the curves
fig.legend(loc="outside lower center")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "The training loss of the three networks of 8 hidden layers over 500 epochs of gradient "
    "descent. With the default initialisation and no batch normalisation it stays on the dashed line of "
    "ln 2 ≈ 0.693. With batch normalisation "
    "it falls fastest, with small bumps and one jump above its start in epoch 447. With Kaiming "
    "initialisation it falls slowly until epoch 200, then faster, jumping above ln 2 several times."
)
# sphinx_gallery_end_ignore

# %%
# Without batch normalisation, under PyTorch's default initialisation, the network starts with an output that
# barely depends on its input: its spread,
# 7.4e-05, is thousands of times smaller than those of the other two (3.3e-01 and 6.2e-01).
# Gradient descent makes no progress with it in 500 epochs: the loss prints as :math:`\ln 2` in
# every printed epoch, and the final accuracy is 51.5 %.
#
# Batch normalisation re-standardises every hidden layer over the batch: whatever the weights,
# each unit's values have mean 0 and variance 1 over the batch before the learned scale and shift,
# so the signal cannot fade away. With it the loss falls fastest: 0.119 in epoch 50, 0.057 in epoch
# 100, 0.013 in epoch 400. It does not fall steadily, though: small bumps dot the curve, and near
# the end the loss shoots up to 1.101 in epoch 447, higher than where it started (0.695). Within a
# few epochs it is back down, and it ends at 0.029, with an accuracy of 99.3 %.
#
# Kaiming initialisation solves the same problem from the other end, by choosing starting weights
# that keep the scale, and the network trains too, but much more slowly: its loss creeps from
# 0.651 in epoch 50 to 0.568 in epoch 200, where the network with batch normalisation is at 0.036. It then falls
# faster, jumping above :math:`\ln 2` several times on the way (up to 1.240 in epoch 333), and
# ends at 0.039, with an accuracy of 98.8 %. An initialisation only sets the starting point;
# Batch normalisation goes on re-standardising as the weights change during training.
#
# Such jumps are typical of a fixed learning rate: each step moves the parameters by 0.05 times
# the gradient, and where the loss surface curves steeply a step can land higher than it started;
# the following steps bring the loss back down.
#
# Summary
# -------
# - An encoder shrinks its widths (from an image to class scores), a decoder grows them. An
#   ``nn.Linear`` holds a weight per input and output and a bias per output, so most of the
#   encoder's parameters sit in its first, largest layer.
# - Under PyTorch's default initialisation, a deep plain stack of ReLU layers can fail to train at
#   all: the signal and the gradients fade layer by layer, the output is the same for every input,
#   and the loss stays at :math:`\ln 2`.
# - A residual connection, :math:`\mathbf{x} + F(\mathbf{x})`, lets the signal and the gradients
#   pass unchanged through any depth; a residual block must keep its width.
# - Batch normalisation re-standardises each hidden layer over the batch; with it, or with Kaiming
#   initialisation, gradient descent trains a network it could not train before. In
#   evaluation mode it uses the running statistics collected during training.
# - Loss curves are not always smooth: with a fixed learning rate, a step can go too far and the
#   loss jump before it falls again, so read a whole curve, not a single epoch.
#
# Exercises
# ---------
# 1. How many parameters does the decoder have? Compute it by hand, then with ``count_parameters``.
#
#    .. dropdown:: Answer
#
#       :math:`(10\cdot64+64) + (64\cdot256+256) + (256\cdot784+784) = 704 + 16{,}640 + 201{,}488 =
#       218{,}832`: 774 more than the encoder's 218,058. The weights are the same; the biases are
#       :math:`64+256+784 = 1{,}104` against :math:`256+64+10 = 330`.
#
# 2. Why must a residual block keep its width?
#
#    .. dropdown:: Answer
#
#       :math:`\mathbf{x} + F(\mathbf{x})` adds two vectors, so :math:`F(\mathbf{x})` must have the
#       shape of :math:`\mathbf{x}`.
#
# 3. Evaluate experiment 2's network with batch normalisation, ``bn_models["batch normalisation"]``,
#    on a single sample, ``X[:1]``, in training mode (``model.train()``). What happens, and why
#    does ``accuracy`` call ``model.eval()``?
#
#    .. dropdown:: Answer
#
#       PyTorch refuses: with one sample there is no batch variance to normalise by. In evaluation
#       mode batch normalisation uses the running mean and variance it collected during training, so its
#       output for a sample does not depend on which other samples share its batch.
#
# 4. Give experiment 1's plain network Kaiming initialisation (``kaiming_init(model)`` right after
#    creating it). Does it learn now?
#
#    .. dropdown:: Answer
#
#       Yes. Its initial output now varies with the input, and the same 400 epochs of Adam separate
#       the spirals: run it, and the loss ends at 4.6e-04 and the accuracy at 100.0 %. For this
#       plain stack of 30 layers the initialisation decides whether it trains at all.
#
# 5. Combine the two ideas. Write a class ``ResidualBNBlock(dim)`` that, like ``ResidualBlock``,
#    returns :math:`\mathbf{x} + F(\mathbf{x})` and keeps :math:`F` in ``self.layers``, but with
#    :math:`F` = ``Linear → BatchNorm1d → ReLU → Linear``. How many parameters does
#    ``ResidualBNBlock(32)`` have? Then stack 15 of them (with the first and last, 32 fully
#    connected layers, one more than experiment 1's networks) between ``nn.Linear(2, 32)`` and
#    ``nn.Linear(32, 1)``, and train the stack as in experiment 2, by gradient descent with learning
#    rate 0.05 for 500 epochs. Does it learn?
#
#    .. dropdown:: Answer
#
#       .. code-block:: python
#          :name: exercise-06-residual-batchnorm
#
#          class ResidualBNBlock(nn.Module):
#              """x + F(x), with F = Linear → BatchNorm → ReLU → Linear."""
#
#              def __init__(self, dim: int) -> None:
#                  super().__init__()
#                  self.layers = nn.Sequential(
#                      nn.Linear(dim, dim), nn.BatchNorm1d(dim), nn.ReLU(), nn.Linear(dim, dim)
#                  )
#
#              def forward(self, x: torch.Tensor) -> torch.Tensor:
#                  return x + self.layers(x)  # (n, dim) -> (n, dim)
#
#
#          print(f"ResidualBNBlock(32): {count_parameters(ResidualBNBlock(32)):,} parameters")
#          torch.manual_seed(SEED)
#          blocks = [ResidualBNBlock(32) for _ in range(15)]  # 30 fully connected layers
#          model = nn.Sequential(nn.Linear(2, 32), *blocks, nn.Linear(32, 1))
#          losses = train(model, torch.optim.SGD(model.parameters(), lr=0.05), epochs=500)
#          print(f"final loss {losses[-1]:.3f}, accuracy {accuracy(model):.1%}")
#
#       A block has two ``Linear(32, 32)``, :math:`2\cdot(32\cdot32+32) = 2{,}112` parameters,
#       and a ``BatchNorm1d(32)`` with a scale and a shift per unit, 64: 2,176 in all. The stack
#       learns: it prints a final loss of 0.011 and an accuracy of 99.8 %. Gradient descent trains
#       these 32 fully connected layers, while it could not train experiment 2's plain stack of 8 hidden
#       layers under the default initialisation.
