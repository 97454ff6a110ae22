r"""
手写反向传播与自动微分
======================

训练需要损失对每一个权重的梯度。\ :term:`反向传播`\ 利用链式法则，从损失出发一路倒推回输入，一次就把它们全部算出来。
本章为一个两层网络亲手写出这一过程，用三种方法验证它正确，再用它来训练网络。读完本章，你会了解：

- :term:`前向传播`，以及这些梯度究竟对应哪一个\ :term:`损失函数`；
- 如何把链式法则写成七行矩阵代码；
- 如何检查梯度：与自动微分比对，与有限差分比对；
- PyTorch 的 ``loss.backward()`` 与我们手写的代码是什么关系。
"""

# %%
# 前向传播与损失
# --------------
# 对一批 :math:`n` 个样本（:math:`X` 的各行）：
#
# .. math::
#
#    Z_1 = X W_1 + \mathbf{b}_1, \quad A_1 = \operatorname{ReLU}(Z_1), \quad
#    \hat Y = Z_2 = A_1 W_2 + \mathbf{b}_2, \qquad
#    L = \frac{1}{2n}\sum_{i=1}^{n} \lVert \hat{\mathbf{y}}_i - \mathbf{y}_i \rVert^2
#
# 原教程的反向传播从 ``(y_pred - y) / batch_size`` 开始，却没有说明用的是什么损失。这个表达式恰好是上面这个
# :math:`L` 的梯度，即每个样本均方误差的\ *一半*：:math:`\partial L / \partial \hat Y = (\hat Y - Y)/n`。
# 如果没有 :math:`\tfrac12`，梯度会大一倍；这个系数下面还会再出现。
#
# 这里的权重与原教程一样按“输入数 × 输出数”存放：:math:`W_1` 是 :math:`2 \times 4` 的矩阵，一批按行排列的样本直接乘成
# :math:`X W_1`。``nn.Linear``\ （第 02 章）存的则是它的转置，即“输出数 × 输入数”，计算的是 :math:`X W_1^\top`：
# 数值相同，只是转置了一下。下面的检查三会在两种存法之间转换。
#
# 前向传播要把 :math:`X`、:math:`Z_1` 和 :math:`A_1` 保存下来，因为反向传播要用到它们：
#
# .. literalinclude:: ../../../src/nnguide/backprop.py
#    :pyobject: ManualMLP.forward
#    :start-at: z1 = x @ self.W1 + self.b1
#    :dedent: 8
#
# 反向传播
# --------
# 从损失出发，逐层反向应用链式法则（:math:`\odot` 表示逐元素相乘，:math:`[Z_1 > 0]` 是 ReLU 的导数）：
#
# .. math::
#
#    \frac{\partial L}{\partial Z_2} = \frac{\hat Y - Y}{n}, \quad
#    \frac{\partial L}{\partial W_2} = A_1^\top \frac{\partial L}{\partial Z_2}, \quad
#    \frac{\partial L}{\partial A_1} = \frac{\partial L}{\partial Z_2} W_2^\top, \quad
#    \frac{\partial L}{\partial Z_1} = \frac{\partial L}{\partial A_1} \odot [Z_1 > 0], \quad
#    \frac{\partial L}{\partial W_1} = X^\top \frac{\partial L}{\partial Z_1}
#
# 每个偏置的梯度，则是它所在层输出的梯度在整批样本上求和。写成代码如下，注释里标出了张量形状：
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

LANG = "zh"  # 本页图中文字的语言
SEED = 0
configure_matplotlib(LANG)

# %%
# 检查一：与自动微分比对
# ----------------------
# 我们用双精度搭建网络，在一批随机数据上做一次前向传播和一次反向传播，再用 PyTorch 的自动微分算出同样的梯度。
# 每个参数上的最大差异应当只是舍入误差的量级。

generator = torch.Generator().manual_seed(SEED)
x = torch.randn(10, 2, generator=generator, dtype=torch.float64)
y = torch.randn(10, 1, generator=generator, dtype=torch.float64)
net = ManualMLP(2, 4, 1, seed=SEED, dtype=torch.float64)
print(net)

manual = net.backward(net.forward(x), y)
oracle = autograd_gradients(net, x, y)
for name, difference in manual.max_abs_difference(oracle).items():
    print(f"{name}：|手写 - 自动微分| 的最大值 = {difference:.1e}")
assert max(manual.max_abs_difference(oracle).values()) < 1e-15

# %%
# 手写的梯度与自动微分只差舍入误差：每一项差异都小于 :math:`10^{-15}`，也就是 float64 的精度。
#
# 检查二：有限差分
# ----------------
# 自动微分求导的损失函数也是我们自己写的；若推导本身有误，两者可能错得一模一样。有限差分则完全不需要推导：把一个权重挪动
# :math:`\pm\varepsilon`，观察损失的变化，
# :math:`\partial L/\partial\theta \approx \bigl(L(\theta+\varepsilon) - L(\theta-\varepsilon)\bigr)/2\varepsilon`。

numeric = finite_difference_gradients(net, x, y, eps=1e-6)
for name, difference in manual.max_abs_difference(numeric).items():
    print(f"{name}：|手写 - 有限差分| 的最大值 = {difference:.1e}")
largest = max(manual.max_abs_difference(numeric).values())
assert 1e-14 < largest < 1e-9

# %%
# 这次只吻合到 :math:`10^{-11}` 左右，比与自动微分的差距大了一百万倍。原因并不在公式本身的截断误差：它的量级是
# :math:`\varepsilon^2 = 10^{-12}` 乘以三阶导数，还要更小。这些差异来自舍入：:math:`L(\theta+\varepsilon)` 和
# :math:`L(\theta-\varepsilon)` 的前十位左右数字相同，相减时这些数字全部抵消，剩下的只有 float64 约
# :math:`10^{-16}\,L` 的舍入误差，再除以 :math:`2\varepsilon = 2\times10^{-6}`，就被放大到 :math:`10^{-11}` 左右。
# 有限差分又慢又不精确，所以只用来\ *检验*\ 反向传播，而不用来训练。
#
# 检查三：PyTorch 里的同一个网络
# ------------------------------
# 原教程还把网络写成了 ``nn.Module``，再调用 ``loss.backward()``。
# :meth:`~nnguide.backprop.ManualMLP.to_mlp` 把我们的权重复制进 nnguide 的 :class:`~nnguide.models.MLP`，
# 复制时把每个权重矩阵转置。PyTorch 的 ``nn.MSELoss`` 没有 :math:`\tfrac12`，所以每个梯度都应当恰好是我们的两倍。

module = net.to_mlp()
loss = nn.MSELoss()(module(x), y)
loss.backward()
ratio_W1 = module.layer1.weight.grad / manual.W1.T
ratio_W2 = module.layer2.weight.grad / manual.W2.T
print(f"layer1 权重梯度的形状：{tuple(module.layer1.weight.grad.shape)}")
print(f"layer2 权重梯度的形状：{tuple(module.layer2.weight.grad.shape)}")
print(f"nn.MSELoss 的梯度 / 我们的梯度：W1 {ratio_W1.nanmean():.6f}，W2 {ratio_W2.nanmean():.6f}")
torch.testing.assert_close(module.layer1.weight.grad, 2 * manual.W1.T)
torch.testing.assert_close(module.layer2.bias.grad, 2 * manual.b2)

# %%
# 恰好是 2 倍：两个损失只差一个常数系数，梯度方向完全相同；用学习率 :math:`\eta` 对其中一个做梯度下降，
# 就等于用 :math:`2\eta` 对另一个做梯度下降。弄清楚梯度属于哪个损失，正是关键所在。
#
# 用手写的反向传播训练
# --------------------
# 现在开始训练：用 32 个隐藏单元在 :math:`[-3, 3]` 上拟合 :math:`y = \sin x`，采用普通的\ :term:`梯度下降`，
# 梯度全部由我们自己计算：:math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`。

x_train = torch.linspace(-3, 3, 200).unsqueeze(1)  # (200, 1)
y_train = torch.sin(x_train)
regressor = ManualMLP(1, 32, 1, seed=SEED)
LEARNING_RATE = 0.1
losses = []
for _ in range(3000):
    prediction = regressor.forward(x_train)  # 前向传播
    losses.append(half_mse(prediction, y_train).item())
    gradients = regressor.backward(prediction, y_train)  # 反向传播，手写
    regressor.step(gradients, LEARNING_RATE)  # 梯度下降
print(f"第 1 步的损失：{losses[0]:.4f}，第 3000 步：{losses[-1]:.6f}")
assert losses[-1] < losses[0] / 100

fig, (ax_loss, ax_fit) = plt.subplots(2, 1, figsize=(FIGURE_WIDTH, 7.2), layout="constrained")
plot_curve(losses, lang=LANG, ylabel="loss", ax=ax_loss)
ax_loss.set_yscale("log")
ax_loss.set_title("用我们自己的梯度，损失一路下降")
ax_fit.plot(x_train, y_train, linewidth=3, alpha=0.4, label="$\\sin x$")
ax_fit.plot(x_train, regressor.forward(x_train), linewidth=1.5, label="网络")
ax_fit.set_title("拟合出的曲线")
ax_fit.set_xlabel("$x$")
ax_fit.legend()
plt.show()

# %%
# 损失下降了两个数量级以上，网络的曲线与正弦曲线重合：训练所需要的，不过是这七行链式法则。``loss.backward()``
# 对任何网络都做同样的事，它会根据前向计算自动构造出反向传播。
#
# 练习
# ----
# 1. 把前向传播中的 ReLU 换成 tanh。反向传播中哪一行要改，怎么改？
#
#    .. dropdown:: 答案
#
#       只有激活函数的导数那一行：``dL_dz1 = dL_da1 * (1 - a1 ** 2)``，因为 :math:`\tanh'(z) = 1 - \tanh^2 z`。
#       把 ``autograd_gradients`` 也相应改掉，再与它比对即可验证。
#
# 2. 为什么偏置的梯度是对整批样本\ *求和*，而权重的梯度是一个矩阵乘积？
#
#    .. dropdown:: 答案
#
#       偏置被加到每个样本的那一行上，所以它接收每一行的梯度，也就是求和。权重的梯度
#       :math:`X^\top \partial L/\partial Z` 其实也是对整批样本求和，求和的对象是外积
#       :math:`\mathbf{x}_i (\partial L/\partial \mathbf{z}_i)^\top`；矩阵乘法一次就把它们全算出来了。
#
# 3. 用 float32、:math:`\varepsilon = 10^{-6}` 做有限差分，估计值很差。为什么？
#
#    .. dropdown:: 答案
#
#       float32 只有大约 7 位有效数字。:math:`L(\theta\pm\varepsilon)` 两者只在最后一两位上不同，
#       再除以 :math:`2\varepsilon`，舍入噪声就被放大了许多倍。所以
#       :func:`~nnguide.backprop.finite_difference_gradients` 坚持要求 float64。
