r"""
Backpropagation by hand vs autograd
===================================

Training needs the :term:`gradient` of the loss with respect to every weight. PyTorch computes
them with *autograd* (PyTorch's automatic differentiation): ``loss.backward()`` in :doc:`chapter 2 <plot_02_mlp_xor>`.
:term:`Backpropagation <backpropagation>`, the method behind it, computes all of them in one sweep
from the loss back to the inputs, using the chain rule. Here we write that sweep by hand for a
two-layer network, check it three ways, and then train with it. This chapter uses calculus:
partial derivatives and the chain rule, :math:`\frac{d}{dx} f(g(x)) = f'(g(x))\,g'(x)`. You will
learn

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
# :ref:`The source tutorial <source-tutorial>` starts its backward pass from
# ``(y_pred - y) / batch_size`` without naming the loss. That expression is the gradient of exactly
# this :math:`L`, *half* the mean squared error per sample:
# :math:`\partial L / \partial \hat Y = (\hat Y - Y)/n`. Without the :math:`\tfrac12` the gradient
# would be twice as large.
#
# Here the weights are stored inputs × outputs: :math:`W_1` is :math:`2 \times 4`, so that a batch
# of rows multiplies as :math:`X W_1`. The *transpose* :math:`M^\top` of a matrix :math:`M`
# (``M.T`` in code) swaps its rows and columns. ``nn.Linear`` stores the transpose,
# :math:`W = W_1^\top` (outputs × inputs), and computes :math:`X W^\top = X W_1`: the same result.
# Check 3 below converts from one to the other. This is chapter 2's network: "two-layer" counts
# its layers of weights, :math:`W_1` and :math:`W_2`, with its one hidden layer between them, and
# chapter 2's :math:`W_1`, :math:`4 \times 2`, is this chapter's :math:`W_1^\top`.
#
# The backward pass
# -----------------
# The chain rule, applied from the loss backwards, layer by layer (:math:`\odot` is the element-wise
# product, :math:`[Z_1 > 0]` the derivative of ReLU: 1 where :math:`Z_1 > 0`, else 0):
#
# .. math::
#
#    \frac{\partial L}{\partial Z_2} = \frac{\hat Y - Y}{n}, \quad
#    \frac{\partial L}{\partial W_2} = A_1^\top \frac{\partial L}{\partial Z_2}, \quad
#    \frac{\partial L}{\partial A_1} = \frac{\partial L}{\partial Z_2} W_2^\top, \quad
#    \frac{\partial L}{\partial Z_1} = \frac{\partial L}{\partial A_1} \odot [Z_1 > 0], \quad
#    \frac{\partial L}{\partial W_1} = X^\top \frac{\partial L}{\partial Z_1}
#
# and each bias gradient is the sum over the batch of the gradient of its layer's output. With
# these gradients, one step of :term:`gradient descent` moves every parameter :math:`\theta`
# against its gradient, :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`, with
# :term:`learning rate` :math:`\eta`.

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.backprop import Gradients, autograd_gradients, finite_difference_gradients, half_mse
from nnguide.diagrams import draw_computation_graph
from nnguide.models import MLP
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib, plot_curve

LANG = "en"  # the language of this page's plots
SEED = 0
configure_matplotlib(LANG)

# %%
# The figure below draws both passes as one *computation graph*, the structure autograd records
# while a forward pass runs and ``loss.backward()`` walks back from the loss. The source tutorial
# sketches it as ``x ──► hidden ──► y ──► L`` and ``∂L/∂w ◄── ∂L/∂y ◄── ∂L/∂L = 1``. Each
# operation is a box. Going down, the forward pass carries each tensor along an edge, labelled
# with its shape: :math:`n` samples, ``in`` input features, ``hidden`` units, ``out`` outputs.
# Going back up the same edge, the backward pass carries the gradient of :math:`L` with respect to
# that tensor: by the chain rule, the gradient from the edge below times the derivative of the
# operation in between, as the formula beside it spells out (a dot :math:`\cdot` there is a
# matrix product, ``@`` in the code). It starts at the bottom, from
# :math:`\partial L/\partial L = 1`. The parameters enter each matmul + bias from the side, and
# their gradients leave it there; no arrow returns to the data :math:`X`, whose gradient training
# does not need.

draw_computation_graph(lang=LANG)
plt.show()

# %%
# The network in code
# -------------------
# The whole network is one small class. ``__init__`` draws the weights as the source tutorial does
# (normal, times 0.1) and sets the biases to 0. ``forward`` keeps :math:`X`, :math:`Z_1` and
# :math:`A_1`, because the backward pass needs them. ``backward`` is the chain rule above, line by
# line, with the shapes in the comments; it returns the four gradients in a
# :class:`~nnguide.backprop.Gradients`, a small data class that can compare itself with another.
# ``step`` is one step of gradient descent.


class ManualMLP:
    """A two-layer ReLU network whose backward pass is written by hand."""

    def __init__(self, in_features, hidden_features, out_features, seed=0, dtype=torch.float32):
        g = torch.Generator().manual_seed(seed)
        self.W1 = torch.randn(in_features, hidden_features, generator=g, dtype=dtype) * 0.1
        self.b1 = torch.zeros(hidden_features, dtype=dtype)
        self.W2 = torch.randn(hidden_features, out_features, generator=g, dtype=dtype) * 0.1
        self.b2 = torch.zeros(out_features, dtype=dtype)

    def forward(self, x):
        """ŷ for a batch x, (n, in) -> (n, out), keeping what backward needs."""
        self.x = x
        self.z1 = x @ self.W1 + self.b1  # (n, in) @ (in, hidden) -> (n, hidden)
        self.a1 = torch.relu(self.z1)  # (n, hidden)
        return self.a1 @ self.W2 + self.b2  # (n, hidden) @ (hidden, out) -> (n, out): ŷ = z2

    def backward(self, y_pred, y):
        """The gradients of L = ½·mean‖ŷ − y‖² for the batch of the last forward pass."""
        n = self.x.shape[0]
        dL_dz2 = (y_pred - y) / n  # (n, out)
        dL_dW2 = self.a1.T @ dL_dz2  # (hidden, n) @ (n, out) -> (hidden, out)
        dL_db2 = dL_dz2.sum(dim=0)  # (out,)
        dL_da1 = dL_dz2 @ self.W2.T  # (n, out) @ (out, hidden) -> (n, hidden)
        dL_dz1 = dL_da1 * (self.z1 > 0).to(self.z1.dtype)  # ReLU'(z1): 1 where z1 > 0, else 0
        dL_dW1 = self.x.T @ dL_dz1  # (in, n) @ (n, hidden) -> (in, hidden)
        dL_db1 = dL_dz1.sum(dim=0)  # (hidden,)
        return Gradients(W1=dL_dW1, b1=dL_db1, W2=dL_dW2, b2=dL_db2)

    def step(self, gradients, learning_rate):
        """One step of gradient descent, θ ← θ − η ∂L/∂θ, for every parameter."""
        self.W1 -= learning_rate * gradients.W1
        self.b1 -= learning_rate * gradients.b1
        self.W2 -= learning_rate * gradients.W2
        self.b2 -= learning_rate * gradients.b2


# %%
# Check 1: against autograd
# -------------------------
# We build the network in double precision (``float64``, about 16 significant digits), run one
# forward and one backward pass on a random batch, and compute the same gradients with autograd
# (:func:`~nnguide.backprop.autograd_gradients` writes the ReLU forward pass again, with autograd
# watching). The largest difference per parameter should be at the level of rounding error.

generator = torch.Generator().manual_seed(SEED)
x = torch.randn(10, 2, generator=generator, dtype=torch.float64)
y = torch.randn(10, 1, generator=generator, dtype=torch.float64)
net = ManualMLP(2, 4, 1, seed=SEED, dtype=torch.float64)

manual = net.backward(net.forward(x), y)
by_autograd = autograd_gradients(net, x, y)
for name, difference in manual.max_abs_difference(by_autograd).items():
    largest = getattr(manual, name).abs().max()
    print(f"{name}: largest |gradient| {largest:.1e}, largest |manual - autograd| {difference:.1e}")
# sphinx_gallery_start_ignore
differences = manual.max_abs_difference(by_autograd)
ratios = [differences[name] / getattr(manual, name).abs().max() for name in differences]
assert 1.5e-16 < max(ratios) < 2.5e-16
# sphinx_gallery_end_ignore

# %%
# Each difference is at most about :math:`2\times10^{-16}` times the largest gradient of its parameter:
# rounding error, the last of float64's 16 digits. The hand-written backward pass computes the
# gradients autograd computes.
#
# Check 2: finite differences
# ---------------------------
# Check 1 trusted autograd, applied to a second copy of the forward pass. Finite differences need
# no derivative at all, only the loss of the network's own forward pass (``half_mse`` computes
# :math:`L`): nudge one weight :math:`\theta` by :math:`\pm\varepsilon` and watch the loss,
# :math:`\partial L/\partial\theta \approx \bigl(L(\theta+\varepsilon) - L(\theta-\varepsilon)\bigr)/2\varepsilon`.
# For the first weight of :math:`W_1`:

EPS = 1e-6  # ε
theta = net.W1[0, 0].item()
net.W1[0, 0] = theta + EPS
loss_plus = half_mse(net.forward(x), y).item()
net.W1[0, 0] = theta - EPS
loss_minus = half_mse(net.forward(x), y).item()
net.W1[0, 0] = theta  # put the weight back
print(f"L(θ + ε) = {loss_plus:.16f}")
print(f"L(θ - ε) = {loss_minus:.16f}")
print(f"finite difference: {(loss_plus - loss_minus) / (2 * EPS):.10f}")
print(f"backpropagation:   {manual.W1[0, 0]:.10f}")
# sphinx_gallery_start_ignore
assert f"{loss_plus:.10f}" == "0.2144240189"
assert f"{loss_plus:.16f}"[:10] == f"{loss_minus:.16f}"[:10] != f"{loss_plus:.16f}"[:11]
assert 2e-9 < loss_plus - loss_minus < 4e-9
assert f"{(loss_plus - loss_minus) / (2 * EPS):.10f}" == f"{manual.W1[0, 0]:.10f}"
# sphinx_gallery_end_ignore

# %%
# They agree to the ten decimals printed.
# :func:`~nnguide.backprop.finite_difference_gradients` does the same for every weight:

numeric = finite_difference_gradients(net, x, y, eps=EPS)
for name, difference in manual.max_abs_difference(numeric).items():
    print(f"{name}: largest |manual - finite difference| = {difference:.1e}")
# sphinx_gallery_start_ignore
assert all(3e-12 < d < 5e-11 for d in manual.max_abs_difference(numeric).values())
assert f"{min(differences.values()):.1e} {max(differences.values()):.1e}" == "1.7e-18 5.6e-17"
# sphinx_gallery_end_ignore

# %%
# The agreement is now about :math:`10^{-11}`, against :math:`1.7\times10^{-18}` to
# :math:`5.6\times10^{-17}` with autograd. Rounding explains it: :math:`L(\theta\pm\varepsilon)`
# above share their first eight significant digits, 0.21442401, so their difference, about
# :math:`3\times10^{-9}`, keeps their rounding error, about :math:`10^{-16}\,L`, and dividing by
# :math:`2\varepsilon = 2\times10^{-6}` magnifies it to about :math:`10^{-11}`. Slow (two forward
# passes per weight) and approximate, finite differences are used to *test* backward passes, not to
# train with.
#
# Check 3: the same network in PyTorch
# ------------------------------------
# The source tutorial also builds the network as an ``nn.Module`` (PyTorch's network class) and
# calls ``loss.backward()``. We copy our weights into the :class:`~nnguide.models.MLP` of
# :doc:`chapter 2 <plot_02_mlp_xor>`, transposing each weight matrix, and let autograd compute the
# gradients of ``nn.MSELoss``: the mean squared error over all :math:`n \times \text{out}` outputs, without
# the :math:`\tfrac12`. With one output, as here, every gradient should be twice ours.

module = MLP(2, 4, 1).double()  # float64, like net
with torch.no_grad():  # autograd off: copying weights is not part of what we differentiate
    module.layer1.weight.copy_(net.W1.T)  # nn.Linear stores outputs × inputs
    module.layer1.bias.copy_(net.b1)
    module.layer2.weight.copy_(net.W2.T)
    module.layer2.bias.copy_(net.b2)
loss = nn.MSELoss()(module(x), y)
loss.backward()
print(f"layer1 weight gradient shape: {tuple(module.layer1.weight.grad.shape)}")
print(f"layer2 weight gradient shape: {tuple(module.layer2.weight.grad.shape)}")
mse_gradients = Gradients(
    W1=module.layer1.weight.grad.T,  # back to inputs × outputs
    b1=module.layer1.bias.grad,
    W2=module.layer2.weight.grad.T,
    b2=module.layer2.bias.grad,
)
twice_ours = Gradients(W1=2 * manual.W1, b1=2 * manual.b1, W2=2 * manual.W2, b2=2 * manual.b2)
for name, difference in mse_gradients.max_abs_difference(twice_ours).items():
    print(f"{name}: largest |nn.MSELoss gradient - 2 × ours| = {difference:.1e}")
# sphinx_gallery_start_ignore
assert max(mse_gradients.max_abs_difference(twice_ours).values()) < 2e-16
# sphinx_gallery_end_ignore

# %%
# Twice ours, to rounding error. The two losses differ only by their constant factor, so their
# gradients point the same way, and gradient descent on ``nn.MSELoss`` with learning rate
# :math:`\eta` takes the same steps as gradient descent on our :math:`L` with :math:`2\eta`. A
# learning rate means something only together with its loss.
#
# Training with the manual backward pass
# --------------------------------------
# Now we train: fit :math:`y = \sin x` on 200 points of :math:`[-3, 3]` with 32 hidden units, by
# plain gradient descent with our own gradients. Every step uses all 200 points, so each step is
# also an :term:`epoch`, as the figure's axis calls it.

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
gap = (regressor.forward(x_train) - y_train).abs()  # (200, 1)
print(f"loss at step 1: {losses[0]:.4f}, at step 3000: {losses[-1]:.6f}")
print(f"largest |network - sin x|: {gap.max():.3f}, at x = {x_train[gap.argmax()].item():.1f}")
# sphinx_gallery_start_ignore
assert f"{losses[0]:.2f} {losses[-1]:.5f}" == "0.27 0.00017"
assert losses[-1] < losses[0] / 1000
assert f"{gap.max():.3f}" == "0.078"
assert x_train[gap.argmax()].item() == -3
# sphinx_gallery_end_ignore

fig, (ax_loss, ax_fit) = plt.subplots(2, 1, figsize=(FIGURE_WIDTH, 7.2), layout="constrained")
plot_curve(losses, lang=LANG, ylabel="loss", ax=ax_loss)
ax_loss.set_yscale("log")
ax_loss.set_ylabel("loss (log scale)")
ax_loss.set_title("The loss falls under our own gradients")
ax_fit.plot(x_train, y_train, linewidth=3, alpha=0.4, label="$\\sin x$")
ax_fit.plot(x_train, regressor.forward(x_train), linewidth=1.5, label="network")
ax_fit.set_title("The fitted curve")
ax_fit.set_xlabel("$x$")
ax_fit.set_ylabel("$y$")
ax_fit.legend()
# sphinx_gallery_start_ignore
fig.set_label(
    "Top: the loss, on a log scale, over the 3000 epochs of training, falling from 0.27"
    " to 0.00017. Bottom: the network's curve drawn over sin x on [−3, 3], close to it"
    " everywhere, the largest gap at x = −3."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The loss falls from 0.27 to 0.00017, more than a thousandfold, and the network's curve lies
# close to the sine: the largest gap, 0.078, is at :math:`x = -3`, an end of the interval. The
# forward pass, seven lines of chain rule and a four-line update step are all this training needs.
#
# Summary
# -------
# - Backpropagation applies the chain rule from the loss backwards, layer by layer; for a two-layer
#   network it is seven lines of matrix code, each gradient the shape of its parameter.
# - Gradients belong to a loss: :math:`(\hat Y - Y)/n` is the gradient of half the mean squared
#   error; with one output, ``nn.MSELoss``'s gradients are twice as large.
# - A backward pass is tested against autograd (agreement to rounding error) and against finite
#   differences, which need no derivatives but lose digits to rounding.
# - Gradient descent with the gradients of the hand-written backward pass, :math:`\theta \leftarrow
#   \theta - \eta\,\partial L/\partial\theta`, trains the network; ``loss.backward()`` automates
#   the backward part.
#
# Exercises
# ---------
# 1. Replace ReLU by tanh: write a class ``TanhMLP(ManualMLP)`` whose ``forward`` uses
#    ``torch.tanh`` and whose ``backward`` uses its derivative,
#    :math:`\tanh'(z) = 1 - \tanh^2 z`. Check its gradients against autograd on the batch ``x``,
#    ``y`` of check 1 (``autograd_gradients`` is for ReLU: compute the tanh loss from copies
#    ``W1, b1, W2, b2`` of the parameters, each made by ``p.clone().requires_grad_(True)``, and call
#    ``torch.autograd.grad(loss, [W1, b1, W2, b2])``).
#
#    .. dropdown:: Answer
#
#       Only the activation and the line with its derivative change:
#
#       .. code-block:: python
#          :name: exercise-04-tanh-backward
#
#          class TanhMLP(ManualMLP):
#              def forward(self, x):
#                  self.x = x
#                  self.z1 = x @ self.W1 + self.b1
#                  self.a1 = torch.tanh(self.z1)  # was torch.relu
#                  return self.a1 @ self.W2 + self.b2
#
#              def backward(self, y_pred, y):
#                  n = self.x.shape[0]
#                  dL_dz2 = (y_pred - y) / n
#                  dL_da1 = dL_dz2 @ self.W2.T
#                  dL_dz1 = dL_da1 * (1 - self.a1**2)  # tanh'(z1) = 1 - tanh²(z1), was [z1 > 0]
#                  return Gradients(
#                      W1=self.x.T @ dL_dz1,
#                      b1=dL_dz1.sum(dim=0),
#                      W2=self.a1.T @ dL_dz2,
#                      b2=dL_dz2.sum(dim=0),
#                  )
#
#
#          tanh_net = TanhMLP(2, 4, 1, seed=SEED, dtype=torch.float64)
#          tanh_manual = tanh_net.backward(tanh_net.forward(x), y)
#          # autograd differentiates the same computation, written out once more
#          W1, b1, W2, b2 = (
#              p.clone().requires_grad_(True)
#              for p in (tanh_net.W1, tanh_net.b1, tanh_net.W2, tanh_net.b2)
#          )
#          tanh_loss = half_mse(torch.tanh(x @ W1 + b1) @ W2 + b2, y)
#          tanh_by_autograd = Gradients(*torch.autograd.grad(tanh_loss, [W1, b1, W2, b2]))
#          for name, difference in tanh_manual.max_abs_difference(tanh_by_autograd).items():
#              print(f"{name}: largest |manual - autograd| = {difference:.1e}")
#
#       The differences printed, at most :math:`6.9\times10^{-18}`, are rounding error.
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
#       float32 carries about 7 significant digits: near :math:`L \approx 0.21` neighbouring
#       float32 numbers are :math:`1.5\times10^{-8}` apart, five times the true change of the loss,
#       :math:`3\times10^{-9}`. The two losses come out equal or two steps apart, so each estimate
#       is 0 or 0.015. That is why :func:`~nnguide.backprop.finite_difference_gradients` insists on
#       float64.
