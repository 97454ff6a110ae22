r"""
Network architecture patterns
=============================

How layers are arranged matters as much as how many there are. This chapter builds the four
patterns of the source tutorial, prints their shapes and sizes, and then runs two experiments that
show why the last two exist. You will learn

- the *encoder* (shrinking widths) and *decoder* (growing widths) shapes, and what they are for;
- how to count a network's parameters, and where they sit;
- that a deep plain MLP can fail to train at all, and how *residual connections* fix it;
- how *batch normalisation* lets plain gradient descent train a network it otherwise cannot.
"""

# %%
# Four patterns
# -------------
# All four are in :mod:`nnguide.architectures`, written as in the source tutorial. We pass a batch of
# 32 inputs through each and print the shapes and the number of trainable parameters.

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.architectures import (
    Decoder,
    DeepMLP,
    Encoder,
    NormalizedMLP,
    ResidualBlock,
    count_parameters,
)
from nnguide.datasets import two_spirals
from nnguide.plotting import configure_matplotlib, plot_curve, plot_decision_boundary
from nnguide.training import fit_full_batch

LANG = "en"  # the language of this page's plots
SEED = 0
configure_matplotlib(LANG)
torch.manual_seed(SEED)

patterns = {
    "Encoder (shrinking)": (Encoder(), torch.randn(32, 784)),
    "Decoder (growing)": (Decoder(), torch.randn(32, 10)),
    "ResidualBlock(64)": (ResidualBlock(64), torch.randn(32, 64)),
    "NormalizedMLP (BatchNorm)": (NormalizedMLP(), torch.randn(32, 784)),
}
for name, (model, batch) in patterns.items():
    output = model(batch)
    print(
        f"{name}: {tuple(batch.shape)} -> {tuple(output.shape)}, {count_parameters(model):,} parameters"
    )

assert count_parameters(Encoder()) == (784 * 256 + 256) + (256 * 64 + 64) + (64 * 10 + 10)
assert count_parameters(ResidualBlock(64)) == 2 * (64 * 64 + 64)

# %%
# An encoder compresses 784 numbers (a 28×28 image) into 10 (one score per digit): the shape of a
# classifier. A decoder does the reverse and is the shape of a generator. Almost all parameters sit
# in the widest layer: the first ``Linear(784, 256)`` alone holds 200,960 of the encoder's 218,058.
# The residual block keeps its width, because it adds its input to its output. The batch-normalised
# MLP adds only 512 parameters (a scale and a shift per unit).
#
# Let us look at one of them in detail:

print(Encoder())

# %%
# A task for deep networks
# ------------------------
# Two interleaved spirals: a line cannot separate them, and a network must bend the plane many
# times. We train with the binary cross-entropy :term:`loss function` on the logit the network
# outputs.

X, labels = two_spirals(200, seed=SEED)
y = labels.float().unsqueeze(1)  # (400, 1)
loss_fn = nn.BCEWithLogitsLoss()


def accuracy(model: nn.Module) -> float:
    model.eval()  # BatchNorm uses its running statistics at evaluation time
    with torch.no_grad():
        return ((model(X) > 0).float() == y).float().mean().item()


def train(model: nn.Module, optimizer: torch.optim.Optimizer, epochs: int) -> list[float]:
    return fit_full_batch(model, X, y, loss_fn=loss_fn, optimizer=optimizer, epochs=epochs)


# %%
# Experiment 1: depth with and without residual connections
# ---------------------------------------------------------
# Two networks of 30 hidden layers of 32 ReLU units, identical except that the second adds each
# layer's input to its output, :math:`\mathbf{h}_{k+1} = \mathbf{h}_k + F(\mathbf{h}_k)`. Both are
# trained the same way: Adam, learning rate :math:`10^{-3}`, 400 epochs.

DEPTH = 30
curves, deep_models = {}, {}
for residual in (False, True):
    torch.manual_seed(SEED)
    model = DeepMLP(2, 32, 1, depth=DEPTH, residual=residual)
    curves[residual] = train(model, torch.optim.Adam(model.parameters(), lr=1e-3), epochs=400)
    deep_models[residual] = model
    name = "residual" if residual else "plain"
    print(f"{name}: final loss {curves[residual][-1]:.3f}, accuracy {accuracy(model):.1%}")

assert accuracy(deep_models[False]) < 0.6  # the plain stack stays at chance level
assert abs(curves[False][-1] - math.log(2)) < 0.01
assert accuracy(deep_models[True]) > 0.9
assert curves[True][0] > 10 * curves[False][0]

fig, (ax_loss, ax_plain, ax_residual) = plt.subplots(1, 3, figsize=(14, 4.2), layout="constrained")
plot_curve(curves[False], lang=LANG, ylabel="loss", ax=ax_loss, name="plain")
plot_curve(curves[True], lang=LANG, ylabel="loss", ax=ax_loss, name="residual")
ax_loss.set_yscale("log")
ax_loss.set_title(f"{DEPTH} hidden layers: training loss")
for ax, residual in ((ax_plain, False), (ax_residual, True)):
    plot_decision_boundary(
        lambda points, m=deep_models[residual]: m(points) > 0, X, labels, lang=LANG, ax=ax
    )
    ax.set_title(
        ("residual" if residual else "plain") + f": accuracy {accuracy(deep_models[residual]):.0%}"
    )
plt.show()

# %%
# The plain network never leaves the loss of a coin flip, :math:`\ln 2 \approx 0.693`: through 30
# layers the signal and the gradient fade, and the first layers learn nothing. The residual network
# has an identity path from every layer to the output, so gradients reach every layer, and it
# carves out both spirals. (Its first losses are large: at initialisation the 30 additions make the
# output big. Adam copes; normalisation, below, is the other remedy.)
#
# Experiment 2: with and without batch normalisation
# --------------------------------------------------
# Now 8 hidden layers of 32 ReLU units, trained by plain stochastic :term:`gradient descent`
# (learning rate 0.05, 500 epochs). The second network normalises every hidden layer's
# pre-activations over the batch, :math:`\hat z = (z - \mu_{\text{batch}})/\sigma_{\text{batch}}`,
# followed by a learned scale and shift.

bn_curves, bn_models = {}, {}
for batchnorm in (False, True):
    torch.manual_seed(SEED)
    model = DeepMLP(2, 32, 1, depth=8, batchnorm=batchnorm)
    bn_curves[batchnorm] = train(model, torch.optim.SGD(model.parameters(), lr=0.05), epochs=500)
    bn_models[batchnorm] = model
    name = "BatchNorm" if batchnorm else "plain"
    print(f"{name}: final loss {bn_curves[batchnorm][-1]:.3f}, accuracy {accuracy(model):.1%}")

assert accuracy(bn_models[False]) < 0.6
assert abs(bn_curves[False][-1] - math.log(2)) < 0.01
assert accuracy(bn_models[True]) > 0.95

fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
plot_curve(bn_curves[False], lang=LANG, ylabel="loss", ax=ax, name="plain")
plot_curve(bn_curves[True], lang=LANG, ylabel="loss", ax=ax, name="BatchNorm")
ax.set_title("8 hidden layers, plain gradient descent")
plt.show()

# %%
# Without normalisation, plain gradient descent makes no progress in 500 epochs; with it, the loss
# falls steadily and the network separates the spirals. Normalising keeps every layer's inputs at a
# steady scale however the earlier layers change, so one learning rate suits all layers.
#
# Exercises
# ---------
# 1. How many parameters does the decoder have? Compute it by hand, then with ``count_parameters``.
#
#    .. dropdown:: Answer
#
#       :math:`(10\cdot64+64) + (64\cdot256+256) + (256\cdot784+784) = 704 + 16\,640 + 201\,488 =
#       218\,832`: a few more than the encoder, because its widest layer also carries 784 biases.
#
# 2. Why must a residual block keep its width?
#
#    .. dropdown:: Answer
#
#       :math:`\mathbf{x} + F(\mathbf{x})` adds two vectors, so :math:`F(\mathbf{x})` must have the
#       shape of :math:`\mathbf{x}`. Where the width changes, networks add a projection
#       :math:`W_s\mathbf{x} + F(\mathbf{x})` on the skip path.
#
# 3. Evaluate the BatchNorm network on a single sample in training mode (``model.train()``). What
#    happens, and why does ``accuracy`` call ``model.eval()``?
#
#    .. dropdown:: Answer
#
#       PyTorch refuses: with one sample there is no batch variance to normalise by. In evaluation
#       mode BatchNorm uses the running mean and variance it collected during training, so its output
#       for a sample does not depend on which other samples share its batch.
