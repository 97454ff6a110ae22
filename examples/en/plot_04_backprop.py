r"""
Backpropagation by hand vs autograd
===================================

Training needs the gradient of the loss with respect to every weight. :term:`Backpropagation
<backpropagation>` computes all of them in one sweep from the loss back to the inputs, using the
chain rule. Here we write that sweep by hand for a two-layer network, prove it right three ways, and
then train with it. You will learn

- the :term:`forward pass` and the exact :term:`loss function` the gradients belong to;
- the chain rule, turned into seven lines of matrix code;
- how to check gradients: against autograd, and against finite differences;
- how PyTorch's ``loss.backward()`` relates to what we wrote.
"""

# %%
# The forward pass and the loss
# -----------------------------
# For a batch of :math:`n` samples (the rows of :math:`X`):
#
# .. math::
#
#    Z_1 = X W_1 + \mathbf{b}_1, \quad A_1 = \operatorname{ReLU}(Z_1), \quad
#    \hat Y = Z_2 = A_1 W_2 + \mathbf{b}_2, \qquad
#    L = \frac{1}{2n}\sum_{i=1}^{n} \lVert \hat{\mathbf{y}}_i - \mathbf{y}_i \rVert^2
#
# The source tutorial starts its backward pass from ``(y_pred - y) / batch_size`` without naming
# the loss. That expression is the gradient of exactly this :math:`L`, *half* the mean squared error
# per sample: :math:`\partial L / \partial \hat Y = (\hat Y - Y)/n`. Without the :math:`\tfrac12`
# the gradient would be twice as large; we will see that factor again below.
#
# Here the weights are stored inputs × outputs, as in the source tutorial: :math:`W_1` is
# :math:`2 \times 4`, so that a batch of rows multiplies as :math:`X W_1`. ``nn.Linear`` (chapter 02)
# stores the transpose, outputs × inputs, and computes :math:`X W_1^\top`: the same numbers,
# transposed. Check 3 below converts from one to the other.
#
# The forward pass keeps :math:`X`, :math:`Z_1` and :math:`A_1`, because the backward pass needs
# them:
#
# .. literalinclude:: ../../../src/nnguide/backprop.py
#    :pyobject: ManualMLP.forward
#    :start-at: z1 = x @ self.W1 + self.b1
#    :dedent: 8
#
# The backward pass
# -----------------
# The chain rule, applied from the loss backwards, layer by layer (:math:`\odot` is the element-wise
# product, :math:`[Z_1 > 0]` the derivative of ReLU):
#
# .. math::
#
#    \frac{\partial L}{\partial Z_2} = \frac{\hat Y - Y}{n}, \quad
#    \frac{\partial L}{\partial W_2} = A_1^\top \frac{\partial L}{\partial Z_2}, \quad
#    \frac{\partial L}{\partial A_1} = \frac{\partial L}{\partial Z_2} W_2^\top, \quad
#    \frac{\partial L}{\partial Z_1} = \frac{\partial L}{\partial A_1} \odot [Z_1 > 0], \quad
#    \frac{\partial L}{\partial W_1} = X^\top \frac{\partial L}{\partial Z_1}
#
# and each bias gradient is the sum over the batch of the gradient of its layer's output. In code,
# with the shapes in the comments:
#
# .. literalinclude:: ../../../src/nnguide/backprop.py
#    :pyobject: ManualMLP.backward
#    :start-at: x, z1, a1 = self._cache
#    :dedent: 8

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.backprop import (
    ManualMLP,
    autograd_gradients,
    finite_difference_gradients,
    half_mse,
)
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib, plot_curve

LANG = "en"  # the language of this page's plots
SEED = 0
configure_matplotlib(LANG)

# %%
# Check 1: against autograd
# -------------------------
# We build the network in double precision, run one forward and one backward pass on a random
# batch, and compute the same gradients with PyTorch's autograd. The largest difference per
# parameter should be at the level of rounding error.

generator = torch.Generator().manual_seed(SEED)
x = torch.randn(10, 2, generator=generator, dtype=torch.float64)
y = torch.randn(10, 1, generator=generator, dtype=torch.float64)
net = ManualMLP(2, 4, 1, seed=SEED, dtype=torch.float64)
print(net)

manual = net.backward(net.forward(x), y)
oracle = autograd_gradients(net, x, y)
for name, difference in manual.max_abs_difference(oracle).items():
    print(f"{name}: largest |manual - autograd| = {difference:.1e}")
assert max(manual.max_abs_difference(oracle).values()) < 1e-15

# %%
# The hand-written gradients agree with autograd to within rounding error: every difference is below
# :math:`10^{-15}`, the precision of float64.
#
# Check 2: finite differences
# ---------------------------
# Autograd could share a mistake with us only if we both misread the math. Finite differences need
# no math at all: nudge one weight by :math:`\pm\varepsilon` and watch the loss,
# :math:`\partial L/\partial\theta \approx \bigl(L(\theta+\varepsilon) - L(\theta-\varepsilon)\bigr)/2\varepsilon`.

numeric = finite_difference_gradients(net, x, y, eps=1e-6)
for name, difference in manual.max_abs_difference(numeric).items():
    print(f"{name}: largest |manual - finite difference| = {difference:.1e}")
largest = max(manual.max_abs_difference(numeric).values())
assert 1e-14 < largest < 1e-9

# %%
# The agreement is now only about :math:`10^{-11}`, a million times worse than with autograd. The
# formula's own error, of order :math:`\varepsilon^2 = 10^{-12}` times the third derivative, is not
# the cause: the differences are rounding. :math:`L(\theta+\varepsilon)` and
# :math:`L(\theta-\varepsilon)` agree in their first ten or so digits, the subtraction cancels
# those digits, and what is left carries float64's rounding error of about :math:`10^{-16}\,L`,
# which dividing by :math:`2\varepsilon = 2\times10^{-6}` magnifies to about :math:`10^{-11}`.
# Slow and approximate, finite differences are used to *test* backward passes, not to train with.
#
# Check 3: the same network in PyTorch
# ------------------------------------
# The source tutorial also builds the network as an ``nn.Module`` and calls ``loss.backward()``.
# :meth:`~nnguide.backprop.ManualMLP.to_mlp` copies our weights into nnguide's
# :class:`~nnguide.models.MLP`, transposing each weight matrix. With PyTorch's
# ``nn.MSELoss``, which has no :math:`\tfrac12`, every gradient should be exactly twice ours.

module = net.to_mlp()
loss = nn.MSELoss()(module(x), y)
loss.backward()
ratio_W1 = module.layer1.weight.grad / manual.W1.T
ratio_W2 = module.layer2.weight.grad / manual.W2.T
print(f"layer1 weight gradient shape: {tuple(module.layer1.weight.grad.shape)}")
print(f"layer2 weight gradient shape: {tuple(module.layer2.weight.grad.shape)}")
print(
    f"nn.MSELoss gradient / our gradient: W1 {ratio_W1.nanmean():.6f}, W2 {ratio_W2.nanmean():.6f}"
)
torch.testing.assert_close(module.layer1.weight.grad, 2 * manual.W1.T)
torch.testing.assert_close(module.layer2.bias.grad, 2 * manual.b2)

# %%
# Exactly 2: the two losses differ only by their constant factor, so their gradients point the same
# way and gradient descent with learning rate :math:`\eta` on one is gradient descent with
# :math:`2\eta` on the other. Knowing which loss your gradients belong to is the whole point.
#
# Training with the manual backward pass
# --------------------------------------
# Now we train: fit :math:`y = \sin x` on :math:`[-3, 3]` with 32 hidden units, by plain
# :term:`gradient descent` with our own gradients, :math:`\theta \leftarrow \theta - \eta\,
# \partial L/\partial\theta`.

x_train = torch.linspace(-3, 3, 200).unsqueeze(1)  # (200, 1)
y_train = torch.sin(x_train)
regressor = ManualMLP(1, 32, 1, seed=SEED)
LEARNING_RATE = 0.1
losses = []
for _ in range(3000):
    prediction = regressor.forward(x_train)  # forward pass
    losses.append(half_mse(prediction, y_train).item())
    gradients = regressor.backward(prediction, y_train)  # backward pass, by hand
    regressor.step(gradients, LEARNING_RATE)  # gradient descent
print(f"loss at step 1: {losses[0]:.4f}, at step 3000: {losses[-1]:.6f}")
assert losses[-1] < losses[0] / 100

fig, (ax_loss, ax_fit) = plt.subplots(2, 1, figsize=(FIGURE_WIDTH, 7.2), layout="constrained")
plot_curve(losses, lang=LANG, ylabel="loss", ax=ax_loss)
ax_loss.set_yscale("log")
ax_loss.set_title("The loss falls under our own gradients")
ax_fit.plot(x_train, y_train, linewidth=3, alpha=0.4, label="$\\sin x$")
ax_fit.plot(x_train, regressor.forward(x_train), linewidth=1.5, label="network")
ax_fit.set_title("The fitted curve")
ax_fit.set_xlabel("$x$")
ax_fit.legend()
plt.show()

# %%
# The loss falls by more than two orders of magnitude and the network's curve lies on the sine:
# seven lines of chain rule are all that training needs. ``loss.backward()`` does the same for any
# network, building the backward pass from the forward computation automatically.
#
# Exercises
# ---------
# 1. Replace ReLU by tanh in the forward pass. Which single line of the backward pass changes, and
#    how?
#
#    .. dropdown:: Answer
#
#       Only the activation's derivative: ``dL_dz1 = dL_da1 * (1 - a1 ** 2)``, since
#       :math:`\tanh'(z) = 1 - \tanh^2 z`. Check it against ``autograd_gradients`` after changing
#       that function too.
#
# 2. Why is the bias gradient a *sum* over the batch, while the weight gradient is a matrix product?
#
#    .. dropdown:: Answer
#
#       The bias is added to every sample's row, so it receives the gradient of every row: the sum.
#       The weight gradient :math:`X^\top \partial L/\partial Z` is also a sum over the batch, of the
#       outer products :math:`\mathbf{x}_i (\partial L/\partial \mathbf{z}_i)^\top`; the matrix
#       product computes all of them at once.
#
# 3. Finite differences in float32 with :math:`\varepsilon = 10^{-6}` give poor estimates. Why?
#
#    .. dropdown:: Answer
#
#       float32 carries about 7 significant digits. :math:`L(\theta\pm\varepsilon)` then differ
#       in their last digit or two, and dividing that rounding noise by :math:`2\varepsilon` amplifies
#       it enormously. That is why :func:`~nnguide.backprop.finite_difference_gradients` insists on
#       float64.
