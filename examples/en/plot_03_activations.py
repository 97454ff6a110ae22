r"""
Activation functions
====================

Without an :term:`activation function`, a stack of layers collapses into a single linear map, and
the network can learn no more than a :term:`perceptron`. This chapter compares five common
activations and tests the claims made about them with experiments. You will learn

- the shapes of the :term:`sigmoid`, tanh, :term:`ReLU`, LeakyReLU and GELU, and of their
  derivatives;
- why gradients *vanish* through deep stacks of sigmoids, measured layer by layer;
- why a deep ReLU stack needs the right *initialisation* (Kaiming/He) to pass its signal on;
- what a dead unit is, when ReLU units die, and how LeakyReLU avoids it.
"""

# %%
# Curves and derivatives
# ----------------------
# This chapter needs two ideas from calculus. The *derivative* :math:`f'(x)` is the slope of the
# curve :math:`f` at :math:`x`: if :math:`x` moves by a small amount :math:`\delta`, :math:`f(x)`
# moves by about :math:`f'(x)\,\delta`. And the *chain rule*: when functions are applied one after
# another, the derivative of the whole chain is the product of their derivatives,
# :math:`(g(f(x)))' = g'(f(x))\,f'(x)`. A network is such a chain, so
# :term:`backpropagation <backpropagation>`, which computes the :term:`gradient` of the loss by the
# chain rule (chapter 2 introduced it, chapter 4 derives it), multiplies by the activation's
# derivative at every layer. The derivative of an activation matters as much as the function
# itself. Autograd computes it at 501 points with one backward pass: each output :math:`f(x_i)`
# depends on :math:`x_i` alone, so the gradient of their sum with respect to :math:`x_i` is
# :math:`f'(x_i)`.

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.activations import ACTIVATIONS, gradient_norms
from nnguide.architectures import DeepMLP
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib

LANG = "en"  # the language of this page's plots
SEED = 0
configure_matplotlib(LANG)
# the names the legends and the printed lines use, as the text writes them
NAMES = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "gelu": "GELU",
}

# one curve per activation in each panel, told apart by colour and line style
fig, (ax_f, ax_df) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 7.6), sharex=True, layout="constrained"
)
max_slope = {}
for name, style in zip(ACTIVATIONS, ["-", "--", "-", ":", "-."], strict=True):
    x = torch.linspace(-5, 5, 501, requires_grad=True)  # autograd records what x computes
    y = ACTIVATIONS[name]()(x)  # f(x) at each of the 501 points
    y.sum().backward()  # x.grad[i] = f'(x[i])
    ax_f.plot(x.detach(), y.detach(), linestyle=style, linewidth=2, label=NAMES[name])
    ax_df.plot(x.detach(), x.grad, linestyle=style, linewidth=2, label=NAMES[name])
    max_slope[NAMES[name]] = x.grad.max().item()
    # sphinx_gallery_start_ignore
    if name == "gelu":  # the dip, lowest near x = -0.75, where the derivative changes sign
        assert abs(x[y.argmin()].item() + 0.75) < 0.05
        assert bool((x.grad[x.detach() < -0.8] < 0).all())
        assert bool((x.grad[x.detach() > -0.7] > 0).all())
    # sphinx_gallery_end_ignore
for ax in (ax_f, ax_df):
    ax.axhline(0, color="k", linewidth=0.5)
    ax.axvline(0, color="k", linewidth=0.5)
    ax.grid(visible=True, alpha=0.3)
ax_f.set_ylim(-1.2, 3.2)  # ReLU and its kin keep rising: their lines leave the panel at the top
ax_f.set_ylabel("$f(x)$")
ax_f.legend(loc="upper left")
ax_df.set_ylabel("derivative $f'(x)$")
ax_df.set_xlabel("$x$")
fig.suptitle("Five activation functions and their derivatives")
# sphinx_gallery_start_ignore
fig.set_label(
    "Top: sigmoid, tanh, ReLU, LeakyReLU and GELU for x from −5 to 5. Bottom: their derivatives."
    " The sigmoid's peaks at 0.25 and tanh's at 1, both at x = 0, and both fall to almost 0 for large"
    " |x|; ReLU's jumps from 0 to 1 at x = 0, LeakyReLU's from 0.1 to 1; GELU's is negative left"
    " of x ≈ −0.75 and peaks at 1.129."
)
# sphinx_gallery_end_ignore
plt.show()

for name, slope in max_slope.items():
    print(f"{name:>9}: largest derivative {slope:.3f}")
# sphinx_gallery_start_ignore
assert f"{max_slope['sigmoid']:.3f}" == "0.250"
assert f"{max_slope['tanh']:.3f}" == "1.000"
assert max_slope["ReLU"] == max_slope["LeakyReLU"] == 1.0
assert f"{max_slope['GELU']:.3f}" == "1.129"
# sphinx_gallery_end_ignore

# %%
# The sigmoid's derivative never exceeds 0.25, and both sigmoid and tanh flatten to a derivative of
# almost 0 once :math:`|x|` is a few units: they *saturate*. ReLU's derivative is exactly 1 for
# :math:`x > 0` and exactly 0 for :math:`x < 0`; LeakyReLU keeps a slope of 0.1 there. GELU is a
# smooth ReLU with a small dip below zero; its derivative is negative left of the dip's bottom
# (:math:`x \approx -0.75`) and peaks at 1.129.
#
# The comparison table
# --------------------
#
# .. list-table::
#    :header-rows: 1
#    :widths: 14 30 28 28
#
#    * - Activation
#      - Formula
#      - Strengths
#      - Weaknesses
#    * - sigmoid
#      - :math:`\sigma(x) = \dfrac{1}{1+e^{-x}}`
#      - output in :math:`(0, 1)`, reads as a probability
#      - :term:`vanishing gradients` (:math:`\sigma' \le 0.25`)
#    * - tanh
#      - :math:`\tanh x = \dfrac{e^x-e^{-x}}{e^x+e^{-x}}`
#      - zero-centred: output in :math:`(-1, 1)`, of the sign of :math:`x`
#      - vanishing gradients when saturated
#    * - ReLU
#      - :math:`\max(0, x)`
#      - cheap; does not saturate: derivative 1 for every :math:`x>0`
#      - :term:`dead units <dead unit>`: a unit negative on every input gets no gradient
#    * - LeakyReLU
#      - :math:`\max(\alpha x, x)`, here :math:`\alpha = 0.1`
#      - no dead units: the slope is :math:`\alpha` for :math:`x<0`
#      - one more setting to choose, :math:`\alpha`
#    * - GELU
#      - :math:`x\,\Phi(x)`, :math:`\Phi(x)` the probability that a standard normal variable is
#        below :math:`x`
#      - smooth; used in BERT and GPT-2
#      - slightly more costly to compute
#
# The experiments below test the table's claims about gradients and dead units.
#
# Experiment 1: vanishing gradients
# ---------------------------------
# We build two deep networks of 10 hidden layers (64 units each) that differ only in their
# activation, feed both the same random batch, and after one backward pass measure the size of each
# layer's weight gradient by its *norm*: the square root of the sum of its squared entries.
#
# :class:`nnguide.architectures.DeepMLP` builds such stacks: ``deep.hidden`` holds the hidden
# layers, each a ``Linear`` followed by the activation, and ``deep.output`` the linear output layer.
# Its forward pass is the loop below, then ``deep.output`` (plus options that chapter 6 uses).


def hidden_outputs(deep: DeepMLP, x: torch.Tensor) -> list[torch.Tensor]:
    """The output of every hidden layer of ``deep``, input side first, each (n, hidden)."""
    outputs = []
    for layer in deep.hidden:  # each an nn.Sequential: Linear, then the activation
        x = layer(x)
        outputs.append(x)
    return outputs  # deep(x) is deep.output(outputs[-1])


X_random = torch.randn(256, 16, generator=torch.Generator().manual_seed(SEED))
y_random = torch.randn(256, 1, generator=torch.Generator().manual_seed(SEED + 1))
DEPTH = 10

norms = {}
for name in ("sigmoid", "relu"):
    torch.manual_seed(SEED)
    deep = DeepMLP(16, 64, 1, depth=DEPTH, activation=name)
    loss = nn.functional.mse_loss(deep(X_random), y_random)
    loss.backward()
    norms[name] = gradient_norms(deep)

layers = range(1, DEPTH + 2)  # the hidden layers, then the output layer


def label_layers(ax: plt.Axes) -> None:
    """Number the layers on the x axis, and point out the last: the output layer, linear."""
    ax.set_xticks(layers)
    ax.set_xlabel("layer (1 = next to the input)")
    ax.axvspan(DEPTH + 0.5, DEPTH + 1.5, color="0.9", zorder=0)
    ax.annotate(
        "output layer",
        xy=(DEPTH + 1, 0.1),
        xytext=(DEPTH - 0.4, 0.1),
        xycoords=ax.get_xaxis_transform(),  # x in layers, y as a fraction of the axes' height
        ha="right",
        va="center",
        arrowprops={"arrowstyle": "->"},
    )


fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 4), layout="constrained")
for name, values in norms.items():
    ax.semilogy(layers, values, marker="o", label=NAMES[name])
    print(f"{NAMES[name]:>7}: first layer / last layer = {values[0] / values[-1]:.2e}")
label_layers(ax)
ax.set(
    ylabel="gradient norm (log scale)",
    title="Gradients shrink towards the input,\nthe sigmoid's far more than ReLU's",
)
ax.legend(loc="upper left")
ax.grid(visible=True, which="both", alpha=0.3)
# sphinx_gallery_start_ignore
fig.set_label(
    "The norm of the weight gradient of each of the 11 layers, on a log scale, for the sigmoid"
    " stack and the ReLU stack; the output layer, layer 11, is shaded. The first layer gets"
    " 3.94·10⁻¹⁰ of the output layer's gradient with the sigmoid, 7.97·10⁻⁴ with ReLU."
)
# sphinx_gallery_end_ignore
plt.show()
# sphinx_gallery_start_ignore
sigmoid_ratio = norms["sigmoid"][0] / norms["sigmoid"][-1]
relu_ratio = norms["relu"][0] / norms["relu"][-1]
assert f"{sigmoid_ratio:.2e}" == "3.94e-10"  # almost ten orders of magnitude
assert f"{relu_ratio:.2e}" == "7.97e-04"  # about a thousandth
assert f"{relu_ratio / sigmoid_ratio:.0e}" == "2e+06"  # about two million times
# sphinx_gallery_end_ignore

# %%
# On the logarithmic vertical axis, equal distances are equal factors. Both stacks lose gradient on
# the way back to the input. Through the sigmoid stack, each layer multiplies the gradient by
# derivatives of at most 0.25, and the first layer receives :math:`3.94\cdot10^{-10}` times the
# gradient of the last layer, the output layer (shaded), almost ten orders of magnitude less: it
# barely learns. The ReLU stack loses three orders of magnitude: its first layer receives
# :math:`7.97\cdot10^{-4}` of the output layer's gradient. That is about two million times the
# sigmoid stack's share, which is why deep networks use ReLU-like activations in their hidden
# layers, but still less than a thousandth. ReLU's derivative is 1 where a unit is active but 0
# where it is not, and at every layer the gradient is also multiplied by the weights: experiment 2
# looks at the two together.
#
# Experiment 2: initialisation
# ----------------------------
# The :term:`variance` of a quantity measures how much it spreads around its mean: the mean of its squared
# distance from the mean, :math:`\operatorname{Var}(z) = \operatorname{E}[(z -
# \operatorname{E}[z])^2]`, where :math:`\operatorname{E}` denotes the mean. Its square root, the
# *standard deviation*, is in the units of :math:`z` itself. Two rules suffice here: the variance of
# a sum of independent terms is the sum of their variances, and a weight :math:`w` of mean 0 times
# an independent input :math:`a` has variance :math:`\operatorname{Var}(w)\operatorname{E}[a^2]`.
#
# ``nn.Linear`` draws its initial weights uniformly from :math:`\pm 1/\sqrt{n}`, where :math:`n` is
# the number of inputs (``fan_in``): a variance of :math:`1/(3n)`. A unit adds up :math:`n` inputs
# times weights, and ReLU zeroes the negative half of what it receives, which halves the mean
# square :math:`\operatorname{E}[a^2]`. Layer by layer, the variance of the pre-activations
# :math:`z` is multiplied by
#
# .. math::
#
#    \frac{\operatorname{Var}(z_{l})}{\operatorname{Var}(z_{l-1})} = n \operatorname{Var}(w) \cdot
#    \frac{1}{2} = \begin{cases} 1/6 & \text{default, } \operatorname{Var}(w) = 1/(3n)\\
#    1 & \text{Kaiming (He), } \operatorname{Var}(w) = 2/n \end{cases}
#
# With the default, the signal's standard deviation shrinks by :math:`1/\sqrt 6 \approx 0.41` per
# layer; the backward pass multiplies by the same weights, so gradients shrink too. Kaiming He's
# initialisation (2015) draws the weights with variance :math:`2/n`, exactly compensating for ReLU.
# We compare both on the ReLU stack of experiment 1, measuring how much each hidden layer's output
# varies from sample to sample (its standard deviation over the batch, averaged over its units) and
# the gradients.


def kaiming_init(model: nn.Module) -> None:
    """Kaiming (He) initialisation for ReLU networks: weights N(0, 2 / fan_in), biases 0."""
    for module in model.modules():
        if isinstance(module, nn.Linear):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)


signal, init_norms = {}, {}
for kaiming in (False, True):
    torch.manual_seed(SEED)
    deep = DeepMLP(16, 64, 1, depth=DEPTH, activation="relu")
    if kaiming:
        kaiming_init(deep)
    signal[kaiming] = [h.std(dim=0).mean().item() for h in hidden_outputs(deep, X_random)]
    loss = nn.functional.mse_loss(deep(X_random), y_random)
    loss.backward()
    init_norms[kaiming] = gradient_norms(deep)

fig, (ax_signal, ax_gradient) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 7.2), layout="constrained"
)
per_layer, ratio = {}, {}
for kaiming, name in ((False, "default initialisation"), (True, "Kaiming initialisation")):
    ax_signal.semilogy(range(1, DEPTH + 1), signal[kaiming], marker="o", label=name)
    ax_gradient.semilogy(layers, init_norms[kaiming], marker="o", label=name)
    # the signal's factor per layer, on average (a geometric mean), and the gradients' ratio
    per_layer[kaiming] = (signal[kaiming][-1] / signal[kaiming][0]) ** (1 / (DEPTH - 1))
    ratio[kaiming] = init_norms[kaiming][0] / init_norms[kaiming][-1]
    print(
        f"signal × {per_layer[kaiming]:.2f} per layer, first layer / last layer = {ratio[kaiming]:.2e} ({name})"
    )
ax_signal.set_xticks(range(1, DEPTH + 1))
ax_signal.set(
    xlabel="hidden layer",
    ylabel="std over the batch, averaged\nover units (log scale)",
    title="The signal on the way forward",
)
label_layers(ax_gradient)
ax_gradient.set(ylabel="gradient norm (log scale)", title="The gradient on the way back")
ax_signal.legend(loc="lower left")
ax_gradient.legend(loc="center left")
for ax in (ax_signal, ax_gradient):
    ax.grid(visible=True, which="both", alpha=0.3)
# sphinx_gallery_start_ignore
fig.set_label(
    "Two panels with logarithmic vertical axes, comparing the ReLU stack with default and with"
    " Kaiming initialisation. Top: how much each hidden layer's output varies over the batch;"
    " it shrinks by a factor of 0.38 per layer on average with the default, 0.91 with Kaiming."
    " Bottom: the norm of each layer's weight gradient, the output layer shaded; the first layer"
    " gets 7.97·10⁻⁴ of the output layer's gradient with the default, 9.99·10⁻² with Kaiming."
)
# sphinx_gallery_end_ignore
plt.show()
# sphinx_gallery_start_ignore
assert init_norms[False] == norms["relu"]  # the same network as in experiment 1
assert f"{per_layer[False]:.2f}" == "0.38"
assert signal[False][-1] < 1e-3 * signal[False][0]  # the outputs hardly vary with the input
assert f"{ratio[False]:.2e}" == "7.97e-04"
assert f"{per_layer[True]:.2f}" == "0.91"
assert f"{ratio[True]:.2e}" == "9.99e-02"  # a tenth
# sphinx_gallery_end_ignore

# %%
# With the default initialisation the signal shrinks to 0.38 of its size per layer on average,
# close to the predicted 0.41, and after ten layers the outputs hardly depend on the input. The
# gradients shrink too: the first layer gets :math:`7.97\cdot10^{-4}` of the last layer's
# gradient. With Kaiming initialisation both shrink far less: the signal by ×0.91 per layer, and
# the first layer gets :math:`9.99\cdot10^{-2}` of the last layer's gradient, about a tenth.
# Chapter 6 meets the default's failure in its starkest form: deep plain networks whose output is
# the same for every input, and which do not learn at all.
#
# Experiment 3: dead units
# ------------------------
# A ReLU unit whose input is negative for *every* sample outputs 0 everywhere, and the gradient of
# its own weights is 0 everywhere too, so they stop changing. In the first hidden layer, whose inputs
# are the fixed data, such a :term:`dead unit` stays dead for good. In a later layer it can come
# back: its inputs are the outputs of the layers before it, and as those layers keep training, its
# input can turn positive again on some samples. Large steps make units die more often. We train the
# same small network (two hidden layers of 64 units) to predict a number from two inputs,
# :math:`y = \sin(2x_1)\,x_2`, with plain gradient descent, once with a moderate learning rate and
# once with a large one, and count the units of the second hidden layer that are dead on the whole
# data set at the end of training.

generator = torch.Generator().manual_seed(SEED)
X_task = torch.rand(512, 2, generator=generator) * 4 - 2
y_task = torch.sin(2 * X_task[:, :1]) * X_task[:, 1:]  # a smooth target, shape (512, 1)


def train_two_layers(activation: str, learning_rate: float) -> nn.Sequential:
    torch.manual_seed(SEED)
    net = nn.Sequential(
        nn.Linear(2, 64),
        ACTIVATIONS[activation](),
        nn.Linear(64, 64),
        ACTIVATIONS[activation](),
        nn.Linear(64, 1),
    )
    # plain gradient descent, θ ← θ − η ∂L/∂θ, here on the whole data set at every step
    optimizer = torch.optim.SGD(net.parameters(), lr=learning_rate)
    for _ in range(400):
        loss = nn.functional.mse_loss(net(X_task), y_task)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return net


def negative_everywhere(net: nn.Sequential) -> torch.Tensor:
    """Which units of the second hidden layer get a negative input on every sample: (64,) bools."""
    with torch.no_grad():
        return (net[:3](X_task) < 0).all(dim=0)  # net[:3]: the layers up to the second Linear


dead = {}
for learning_rate in (0.01, 0.5):
    net = train_two_layers("relu", learning_rate)
    dead[learning_rate] = negative_everywhere(net).float().mean().item()  # for ReLU: dead
    print(f"ReLU, learning rate {learning_rate}: {dead[learning_rate]:.0%} of the units are dead")
# sphinx_gallery_start_ignore
assert f"{dead[0.01]:.0%}" == "12%"
assert f"{dead[0.5]:.0%}" == "53%"
# sphinx_gallery_end_ignore

# %%
# With the large learning rate about half of the layer is dead at the end (53%), against 12% with
# the small one. The dead units contribute nothing to the output, and their weights get no
# gradient. Now the same large-step training with LeakyReLU. Some units end up negative on every
# sample here too, but their slope there is 0.1, not 0, so they still receive a gradient.

for activation in ("relu", "leaky_relu"):
    net = train_two_layers(activation, 0.5)
    negative = negative_everywhere(net)
    loss = nn.functional.mse_loss(net(X_task), y_task)
    net.zero_grad()
    loss.backward()
    unit_gradients = net[2].weight.grad.abs().sum(dim=1)  # one number per unit of the second layer
    stuck = int((unit_gradients[negative] == 0).sum())
    print(
        f"{NAMES[activation]:>9}: {int(negative.sum())} units negative on every sample, {stuck} of them get no gradient"
    )
    # sphinx_gallery_start_ignore
    if activation == "relu":
        assert stuck == int(negative.sum()) > 0
    else:
        assert int(negative.sum()) > 0
        assert stuck == 0
    # sphinx_gallery_end_ignore

# %%
# Every ReLU unit that is negative on every sample has an exactly zero gradient; no such LeakyReLU
# unit has. That is the table's trade: LeakyReLU pays with one more setting, :math:`\alpha`, for
# units that cannot die. Dead units are common in practice: in chapter 2, Adam with a learning
# rate of 0.1 left from 3 to 11 of the 16 hidden units of each run dead, some of them dead from the
# start.
#
# Summary
# -------
# - Without an activation function, stacked layers collapse into one linear map.
# - Backpropagation multiplies by the activation's derivative at every layer: the sigmoid's is at
#   most 0.25, so gradients vanish through deep stacks of sigmoids; ReLU's is 1 where a unit is
#   active and 0 where it is not.
# - Even with ReLU, the initial weights decide whether signal and gradients survive a deep stack:
#   PyTorch's default shrinks them layer by layer, Kaiming initialisation (variance :math:`2/n`)
#   far less.
# - A ReLU unit that is negative on every sample is dead: it outputs 0 and gets no gradient. Large
#   steps leave more dead units; LeakyReLU keeps a small slope, so its units always get a gradient.
#
# Exercises
# ---------
# 1. Repeat experiment 1 with ``"tanh"`` and ``"gelu"``. How do they compare with sigmoid and ReLU?
#
#    .. dropdown:: Answer
#
#       With PyTorch's default initialisation, the first/last ratio is about :math:`2\cdot10^{-2}` for
#       tanh, :math:`8\cdot10^{-4}` for ReLU and :math:`4\cdot10^{-5}` for GELU: all far above the
#       sigmoid's :math:`4\cdot10^{-10}`, but in an order you may not expect. The default initialisation keeps the
#       signal small, near 0, where tanh has slope 1 and passes its whole input on, ReLU zeroes half
#       of it, and GELU's slope is only 1/2. Run the loop with
#       ``for name in ("sigmoid", "tanh", "relu", "gelu")`` to see the four curves, and then with
#       experiment 2's ``kaiming_init``.
#
# 2. Why is the sigmoid still used at the *output* of binary classifiers?
#
#    .. dropdown:: Answer
#
#       At the output, its range :math:`(0, 1)` reads as a probability, and combined with the
#       :term:`cross-entropy` loss the gradient with respect to the :term:`logit` (the sigmoid's
#       input) is simply :math:`\hat p - y`: the sigmoid's small derivative cancels out. Vanishing
#       gradients are a problem of *deep stacks* of sigmoids, not of one at the end.
#
# 3. Without any activation, what does ``DeepMLP`` with 10 layers compute?
#
#    .. dropdown:: Answer
#
#       A single linear map plus a constant, :math:`A\mathbf{x} + \mathbf{c}`, where :math:`A` is the product of the
#       eleven weight matrices (ten hidden layers and the output layer). Depth adds nothing without
#       non-linearity.
#
# 4. Experiment 1 measured the gradients with nnguide's ``gradient_norms``. Write your own: a
#    function ``layer_gradient_norms(model)`` that returns, after ``loss.backward()``, the norm of
#    the weight gradient of every ``nn.Linear`` in ``model``, input side first (``model.modules()``
#    lists a model's layers in the order its ``__init__`` assigned them). Check it on experiment
#    1's sigmoid stack against ``gradient_norms``.
#
#    .. dropdown:: Answer
#
#       .. code-block:: python
#          :name: exercise-03-gradient-norms
#
#          def layer_gradient_norms(model: nn.Module) -> list[float]:
#              return [
#                  module.weight.grad.norm().item()  # the norm of the (out, in) gradient matrix
#                  for module in model.modules()
#                  if isinstance(module, nn.Linear)
#              ]
#
#
#          torch.manual_seed(SEED)
#          deep = DeepMLP(16, 64, 1, depth=DEPTH, activation="sigmoid")
#          loss = nn.functional.mse_loss(deep(X_random), y_random)
#          loss.backward()
#          print(layer_gradient_norms(deep) == gradient_norms(deep))
#
#       It prints ``True``: the two lists are equal, number for number. ``DeepMLP`` assigns its
#       hidden layers first, input side first, and its output layer last, so ``model.modules()``
#       visits the ``nn.Linear`` layers in the order the plots use.
