r"""
手写反向传播与自动微分
======================

训练网络需要知道损失对每个权重的\ :term:`梯度`。PyTorch 用\ *自动微分*\ （autograd）计算这些梯度，也就是\ :doc:`第 2 章 <plot_02_mlp_xor>`\ 用过的
``loss.backward()``。它背后的算法是\ :term:`反向传播`：利用链式法则，从损失出发逐层往输入方向倒推，一遍就算出所有梯度。
本章为一个两层网络手写这一过程，用三种方法检验结果，再用它训练网络。本章要用到微积分中的偏导数和链式法则
:math:`\frac{d}{dx} f(g(x)) = f'(g(x))\,g'(x)`。读完本章，你会了解：

- :term:`前向传播`，以及这些梯度究竟是哪一个\ :term:`损失函数`\ 的梯度；
- 如何把链式法则写成七行矩阵代码；
- 如何检验梯度：分别与自动微分和有限差分的结果比对；
- PyTorch 的 ``loss.backward()`` 与我们手写的代码是什么关系。
"""

# %%
# 前向传播与损失
# --------------
# 对由 :math:`n` 个样本组成的一个小批量（:math:`X` 的每一行是一个样本）：
#
# .. math::
#
#    Z_1 = X W_1 + \mathbf{b}_1, \quad A_1 = \operatorname{ReLU}(Z_1), \quad
#    \hat Y = Z_2 = A_1 W_2 + \mathbf{b}_2, \qquad
#    L = \frac{1}{2n}\sum_{i=1}^{n} \lVert \hat{\mathbf{y}}_i - \mathbf{y}_i \rVert^2
#
# :ref:`原教程 <source-tutorial>`\ 的反向传播从 ``(y_pred - y) / batch_size`` 开始，却没有说明对应的是哪个损失。这个表达式恰好是上面
# :math:`L` 的梯度，而 :math:`L` 是按样本平均的平方误差的\ *一半*：:math:`\partial L / \partial \hat Y = (\hat Y - Y)/n`。
# 如果没有 :math:`\tfrac12` 这个系数，梯度会大一倍。
#
# 这里的权重矩阵按“输入数 × 输出数”的形状存放：:math:`W_1` 是 :math:`2 \times 4` 的矩阵，样本按行排成矩阵 :math:`X`，
# 与 :math:`W_1` 相乘即得 :math:`X W_1`。矩阵 :math:`M` 的\ *转置* :math:`M^\top`\ （代码中写作 ``M.T``）是把 :math:`M` 的行和列对调得到的矩阵。
# ``nn.Linear`` 存放的则是转置 :math:`W = W_1^\top`\ （输出数 × 输入数），前向传播时计算
# :math:`X W^\top = X W_1`，结果相同。下面的检查三会在这两种存放方式之间转换。这个网络就是第 2 章的网络：“两层”指的是两层权重
# :math:`W_1` 和 :math:`W_2`，它们之间是网络唯一的隐藏层；第 2 章的 :math:`W_1`\ （:math:`4 \times 2`）就是本章的 :math:`W_1^\top`。
#
# 反向传播
# --------
# 从损失出发，逐层反向应用链式法则（:math:`\odot` 表示逐元素相乘，:math:`[Z_1 > 0]` 是 ReLU 的导数：
# 在 :math:`Z_1 > 0` 的位置为 1，其余位置为 0）：
#
# .. math::
#
#    \frac{\partial L}{\partial Z_2} = \frac{\hat Y - Y}{n}, \quad
#    \frac{\partial L}{\partial W_2} = A_1^\top \frac{\partial L}{\partial Z_2}, \quad
#    \frac{\partial L}{\partial A_1} = \frac{\partial L}{\partial Z_2} W_2^\top, \quad
#    \frac{\partial L}{\partial Z_1} = \frac{\partial L}{\partial A_1} \odot [Z_1 > 0], \quad
#    \frac{\partial L}{\partial W_1} = X^\top \frac{\partial L}{\partial Z_1}
#
# 每个偏置的梯度，等于它所在层输出的梯度对所有样本求和。有了这些梯度，\ :term:`梯度下降`\ 的一步就是让每个参数
# :math:`\theta` 沿梯度的反方向移动：:math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`，其中
# :math:`\eta` 是\ :term:`学习率`。

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.backprop import Gradients, autograd_gradients, finite_difference_gradients, half_mse
from nnguide.diagrams import draw_computation_graph
from nnguide.models import MLP
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib, plot_curve

LANG = "zh"  # 本页图中文字的语言
SEED = 0
configure_matplotlib(LANG)

# %%
# 下图把前向传播和反向传播画在同一张\ *计算图*\ 里。自动微分在前向传播过程中记录的正是这样一张图，
# ``loss.backward()`` 则从损失出发，沿这张图反向遍历。原教程把它简写成 ``输入 x ──► 隐藏层 ──► 输出 y ──► 损失 L`` 和
# ``∂L/∂w ◄── ∂L/∂y ◄── ∂L/∂L = 1`` 两行。图中每个方框是一个运算。前向传播自上而下，沿每条边把一个张量传给下一个运算，
# 边旁标出了张量的形状：:math:`n` 个样本、``in`` 个输入特征、``hidden`` 个隐藏单元、``out`` 个输出。
# 反向传播自下而上，沿同一条边传回 :math:`L` 对这个张量的梯度：按照链式法则，它等于下方那条边上的梯度乘以两条边之间那个运算的导数，
# 具体算式写在边旁（其中 :math:`\cdot` 表示矩阵乘法，即代码中的 ``@``）。反向传播的起点是最下方的 :math:`\partial L/\partial L = 1`。
# 参数从侧面进入每个“矩阵乘法加偏置”方框，它们的梯度也从侧面离开；没有箭头指回数据 :math:`X`，因为训练不需要 :math:`X` 的梯度。

draw_computation_graph(lang=LANG)
plt.show()

# %%
# 网络的代码
# ----------
# 整个网络就是一个很小的类。``__init__`` 按原教程的方式初始化权重（从标准正态分布中抽取，再乘以 0.1），并把偏置设为 0。
# ``forward`` 把 :math:`X`、:math:`Z_1` 和 :math:`A_1` 保存下来，因为反向传播要用到它们。``backward``
# 与上面的链式法则逐行对应，注释中标出了张量的形状；它把四个梯度装进一个 :class:`~nnguide.backprop.Gradients`
# 对象返回；``Gradients`` 是一个小型数据类，能与另一组梯度逐项比较。``step`` 执行一步梯度下降。


class ManualMLP:
    """反向传播由我们亲手编写的两层 ReLU 网络。"""

    def __init__(self, in_features, hidden_features, out_features, seed=0, dtype=torch.float32):
        g = torch.Generator().manual_seed(seed)
        self.W1 = torch.randn(in_features, hidden_features, generator=g, dtype=dtype) * 0.1
        self.b1 = torch.zeros(hidden_features, dtype=dtype)
        self.W2 = torch.randn(hidden_features, out_features, generator=g, dtype=dtype) * 0.1
        self.b2 = torch.zeros(out_features, dtype=dtype)

    def forward(self, x):
        """对小批量 x 计算 ŷ：(n, in) -> (n, out)，并保存反向传播要用到的值。"""
        self.x = x
        self.z1 = x @ self.W1 + self.b1  # (n, in) @ (in, hidden) -> (n, hidden)
        self.a1 = torch.relu(self.z1)  # (n, hidden)
        return self.a1 @ self.W2 + self.b2  # (n, hidden) @ (hidden, out) -> (n, out)：ŷ = z2

    def backward(self, y_pred, y):
        """返回 L = ½·mean‖ŷ − y‖² 在上一次前向传播所用小批量上的梯度。"""
        n = self.x.shape[0]
        dL_dz2 = (y_pred - y) / n  # (n, out)
        dL_dW2 = self.a1.T @ dL_dz2  # (hidden, n) @ (n, out) -> (hidden, out)
        dL_db2 = dL_dz2.sum(dim=0)  # (out,)
        dL_da1 = dL_dz2 @ self.W2.T  # (n, out) @ (out, hidden) -> (n, hidden)
        dL_dz1 = dL_da1 * (self.z1 > 0).to(self.z1.dtype)  # ReLU'(z1)：z1 > 0 的位置为 1，其余为 0
        dL_dW1 = self.x.T @ dL_dz1  # (in, n) @ (n, hidden) -> (in, hidden)
        dL_db1 = dL_dz1.sum(dim=0)  # (hidden,)
        return Gradients(W1=dL_dW1, b1=dL_db1, W2=dL_dW2, b2=dL_db2)

    def step(self, gradients, learning_rate):
        """对每个参数执行一步梯度下降：θ ← θ − η ∂L/∂θ。"""
        self.W1 -= learning_rate * gradients.W1
        self.b1 -= learning_rate * gradients.b1
        self.W2 -= learning_rate * gradients.W2
        self.b2 -= learning_rate * gradients.b2


# %%
# 检查一：与自动微分比对
# ----------------------
# 我们用双精度（``float64``，约 16 位有效数字）构建网络，在一组随机数据上做一次前向传播和一次反向传播，再用自动微分
# 计算同样的梯度（:func:`~nnguide.backprop.autograd_gradients` 把这个 ReLU 网络的前向传播重新写了一遍，交给自动微分记录并求导）。
# 每个参数上的最大差异应当只在舍入误差的量级。

generator = torch.Generator().manual_seed(SEED)
x = torch.randn(10, 2, generator=generator, dtype=torch.float64)
y = torch.randn(10, 1, generator=generator, dtype=torch.float64)
net = ManualMLP(2, 4, 1, seed=SEED, dtype=torch.float64)

manual = net.backward(net.forward(x), y)
by_autograd = autograd_gradients(net, x, y)
for name, difference in manual.max_abs_difference(by_autograd).items():
    largest = getattr(manual, name).abs().max()
    print(f"{name}：|梯度| 的最大值为 {largest:.1e}，|手写 - 自动微分| 的最大值为 {difference:.1e}")
# sphinx_gallery_start_ignore
differences = manual.max_abs_difference(by_autograd)
ratios = [differences[name] / getattr(manual, name).abs().max() for name in differences]
assert 1.5e-16 < max(ratios) < 2.5e-16
# sphinx_gallery_end_ignore

# %%
# 每个差异至多约为该参数最大梯度的 :math:`2\times10^{-16}` 倍，也就是舍入误差，落在 float64 那 16 位有效数字的最后一位上。
# 可见手写的反向传播与自动微分算出的是同一组梯度。
#
# 检查二：有限差分
# ----------------
# 检查一以自动微分的结果为准，而自动微分求导的是另外写的一份前向传播。有限差分则完全不需要求导，只用到网络自己的前向传播算出的损失
# （``half_mse`` 计算的就是 :math:`L`）：
# 把一个权重 :math:`\theta` 分别增减 :math:`\varepsilon`，观察损失如何变化，由此估计
# :math:`\partial L/\partial\theta \approx \bigl(L(\theta+\varepsilon) - L(\theta-\varepsilon)\bigr)/2\varepsilon`。
# 以 :math:`W_1` 的第一个权重为例：

EPS = 1e-6  # ε
theta = net.W1[0, 0].item()
net.W1[0, 0] = theta + EPS
loss_plus = half_mse(net.forward(x), y).item()
net.W1[0, 0] = theta - EPS
loss_minus = half_mse(net.forward(x), y).item()
net.W1[0, 0] = theta  # 把权重恢复原值
print(f"L(θ + ε) = {loss_plus:.16f}")
print(f"L(θ - ε) = {loss_minus:.16f}")
print(f"有限差分：{(loss_plus - loss_minus) / (2 * EPS):.10f}")
print(f"反向传播：{manual.W1[0, 0]:.10f}")
# sphinx_gallery_start_ignore
assert f"{loss_plus:.10f}" == "0.2144240189"
assert f"{loss_plus:.16f}"[:10] == f"{loss_minus:.16f}"[:10] != f"{loss_plus:.16f}"[:11]
assert 2e-9 < loss_plus - loss_minus < 4e-9
assert f"{(loss_plus - loss_minus) / (2 * EPS):.10f}" == f"{manual.W1[0, 0]:.10f}"
# sphinx_gallery_end_ignore

# %%
# 两者打印出的十位小数完全一致。:func:`~nnguide.backprop.finite_difference_gradients` 对每个权重都做一遍同样的计算：

numeric = finite_difference_gradients(net, x, y, eps=EPS)
for name, difference in manual.max_abs_difference(numeric).items():
    print(f"{name}：|手写 - 有限差分| 的最大值为 {difference:.1e}")
# sphinx_gallery_start_ignore
assert all(3e-12 < d < 5e-11 for d in manual.max_abs_difference(numeric).values())
assert f"{min(differences.values()):.1e} {max(differences.values()):.1e}" == "1.7e-18 5.6e-17"
# sphinx_gallery_end_ignore

# %%
# 这次两者只在 :math:`10^{-11}` 左右的精度上吻合，而与自动微分的差异只有 :math:`1.7\times10^{-18}` 到 :math:`5.6\times10^{-17}`。
# 原因在于舍入：上面两个损失值 :math:`L(\theta\pm\varepsilon)` 的前八位有效数字相同，都是 0.21442401，相减后只剩约
# :math:`3\times10^{-9}`，而这个差仍带着约 :math:`10^{-16}\,L` 的舍入误差；再除以 :math:`2\varepsilon = 2\times10^{-6}`，
# 误差就被放大到 :math:`10^{-11}` 左右。有限差分既慢（每个权重要做两次前向传播）又不精确，所以只用来\ *检验*\ 反向传播，
# 而不用于训练。
#
# 检查三：PyTorch 里的同一个网络
# ------------------------------
# 原教程还把网络写成了一个 ``nn.Module``\ （PyTorch 中所有网络的基类），然后调用 ``loss.backward()``。我们把自己的权重复制到
# :doc:`第 2 章 <plot_02_mlp_xor>`\ 的 :class:`~nnguide.models.MLP` 中（复制时把每个权重矩阵转置），再让自动微分计算
# ``nn.MSELoss`` 的梯度。``nn.MSELoss`` 对全部 :math:`n \times \text{out}` 个输出的平方误差取平均，没有 :math:`\tfrac12` 这个系数。
# 像这里这样只有一个输出时，每个梯度都应当恰好是我们算出的两倍。

module = MLP(2, 4, 1).double()  # 和 net 一样用 float64
with torch.no_grad():  # 关闭自动微分：复制权重不属于要求导的计算
    module.layer1.weight.copy_(net.W1.T)  # nn.Linear 按“输出数 × 输入数”存放
    module.layer1.bias.copy_(net.b1)
    module.layer2.weight.copy_(net.W2.T)
    module.layer2.bias.copy_(net.b2)
loss = nn.MSELoss()(module(x), y)
loss.backward()
print(f"layer1 权重梯度的形状：{tuple(module.layer1.weight.grad.shape)}")
print(f"layer2 权重梯度的形状：{tuple(module.layer2.weight.grad.shape)}")
mse_gradients = Gradients(
    W1=module.layer1.weight.grad.T,  # 转置回“输入数 × 输出数”
    b1=module.layer1.bias.grad,
    W2=module.layer2.weight.grad.T,
    b2=module.layer2.bias.grad,
)
twice_ours = Gradients(W1=2 * manual.W1, b1=2 * manual.b1, W2=2 * manual.W2, b2=2 * manual.b2)
for name, difference in mse_gradients.max_abs_difference(twice_ours).items():
    print(f"{name}：|nn.MSELoss 的梯度 - 2 × 我们的梯度| 的最大值为 {difference:.1e}")
# sphinx_gallery_start_ignore
assert max(mse_gradients.max_abs_difference(twice_ours).values()) < 2e-16
# sphinx_gallery_end_ignore

# %%
# 在舍入误差范围内，恰好是两倍。两个损失只相差一个常数因子，因此梯度方向完全相同：用学习率 :math:`\eta` 对 ``nn.MSELoss``
# 做梯度下降，与用学习率 :math:`2\eta` 对我们的 :math:`L` 做梯度下降，每一步都完全相同。所以脱离损失函数谈学习率的大小是没有意义的。
#
# 用手写的反向传播训练
# --------------------
# 现在开始训练：在区间 :math:`[-3, 3]` 上取 200 个点，用含 32 个隐藏单元的网络拟合 :math:`y = \sin x`，采用普通的梯度下降，
# 梯度全部由我们自己的代码计算。每一步都用到全部 200 个点，所以每一步也是一个\ :term:`轮次`，图中横轴正是按轮次标注的。

x_train = torch.linspace(-3, 3, 200).unsqueeze(1)  # (200, 1)
y_train = torch.sin(x_train)
regressor = ManualMLP(1, 32, 1, seed=SEED)
LEARNING_RATE = 0.1
losses = []
for _ in range(3000):
    prediction = regressor.forward(x_train)  # 前向传播
    losses.append(half_mse(prediction, y_train).item())
    gradients = regressor.backward(prediction, y_train)  # 反向传播（手写）
    regressor.step(gradients, LEARNING_RATE)  # 梯度下降
gap = (regressor.forward(x_train) - y_train).abs()  # (200, 1)
print(f"第 1 步的损失：{losses[0]:.4f}，第 3000 步的损失：{losses[-1]:.6f}")
print(f"|网络 - sin x| 的最大值：{gap.max():.3f}，位于 x = {x_train[gap.argmax()].item():.1f}")
# sphinx_gallery_start_ignore
assert f"{losses[0]:.2f} {losses[-1]:.5f}" == "0.27 0.00017"
assert losses[-1] < losses[0] / 1000
assert f"{gap.max():.3f}" == "0.078"
assert x_train[gap.argmax()].item() == -3
# sphinx_gallery_end_ignore

fig, (ax_loss, ax_fit) = plt.subplots(2, 1, figsize=(FIGURE_WIDTH, 7.2), layout="constrained")
plot_curve(losses, lang=LANG, ylabel="loss", ax=ax_loss)
ax_loss.set_yscale("log")
ax_loss.set_ylabel("损失（对数刻度）")
ax_loss.set_title("用我们自己算出的梯度，损失持续下降")
ax_fit.plot(x_train, y_train, linewidth=3, alpha=0.4, label="$\\sin x$")
ax_fit.plot(x_train, regressor.forward(x_train), linewidth=1.5, label="网络")
ax_fit.set_title("拟合出的曲线")
ax_fit.set_xlabel("$x$")
ax_fit.set_ylabel("$y$")
ax_fit.legend()
# sphinx_gallery_start_ignore
fig.set_label(
    "上图：3000 轮训练中损失的变化（对数刻度），从 0.27 降到 0.00017。"
    "下图：网络在 [−3, 3] 上的输出曲线与 sin x 画在一起，两者处处贴近，最大偏差出现在 x = −3 处。"
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# 损失从 0.27 降到 0.00017，不到原来的千分之一；网络的输出曲线紧贴着正弦曲线，最大偏差 0.078 出现在区间端点
# :math:`x = -3` 处。训练所需要的，不过是前向传播、七行链式法则和四行参数更新。
#
# 小结
# ----
# - 反向传播从损失出发，逐层反向应用链式法则；对两层网络来说，它就是七行矩阵代码，每个梯度的形状都与对应的参数相同。
# - 梯度总是针对某个特定的损失而言的：:math:`(\hat Y - Y)/n` 是均方误差之半的梯度；只有一个输出时，``nn.MSELoss`` 的梯度是它的两倍。
# - 检验反向传播，可以与自动微分比对（差异只是舍入误差），也可以与有限差分比对（不需要求导，但舍入会使它丢掉几位精度）。
# - 用手写的反向传播算出梯度，再做梯度下降 :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`，就能训练网络；
#   ``loss.backward()`` 自动完成的是其中反向传播这一部分。
#
# 练习
# ----
# 1. 把 ReLU 换成 tanh：写一个类 ``TanhMLP(ManualMLP)``，它的 ``forward`` 使用 ``torch.tanh``，
#    ``backward`` 使用 tanh 的导数 :math:`\tanh'(z) = 1 - \tanh^2 z`。在检查一所用的数据 ``x``、``y`` 上，
#    把它的梯度与自动微分的结果比对（``autograd_gradients`` 只适用于 ReLU 网络：先用
#    ``p.clone().requires_grad_(True)`` 复制出参数的副本 ``W1, b1, W2, b2``，用它们算出 tanh 网络的损失，
#    再调用 ``torch.autograd.grad(loss, [W1, b1, W2, b2])``）。
#
#    .. dropdown:: 答案
#
#       只需修改激活函数所在的那一行和计算其导数的那一行：
#
#       .. code-block:: python
#          :name: exercise-04-tanh-backward
#
#          class TanhMLP(ManualMLP):
#              def forward(self, x):
#                  self.x = x
#                  self.z1 = x @ self.W1 + self.b1
#                  self.a1 = torch.tanh(self.z1)  # 原来是 torch.relu
#                  return self.a1 @ self.W2 + self.b2
#
#              def backward(self, y_pred, y):
#                  n = self.x.shape[0]
#                  dL_dz2 = (y_pred - y) / n
#                  dL_da1 = dL_dz2 @ self.W2.T
#                  dL_dz1 = dL_da1 * (1 - self.a1**2)  # tanh'(z1) = 1 - tanh²(z1)，原来是 [z1 > 0]
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
#          # 把同一个计算再写一遍，交给自动微分求导
#          W1, b1, W2, b2 = (
#              p.clone().requires_grad_(True)
#              for p in (tanh_net.W1, tanh_net.b1, tanh_net.W2, tanh_net.b2)
#          )
#          tanh_loss = half_mse(torch.tanh(x @ W1 + b1) @ W2 + b2, y)
#          tanh_by_autograd = Gradients(*torch.autograd.grad(tanh_loss, [W1, b1, W2, b2]))
#          for name, difference in tanh_manual.max_abs_difference(tanh_by_autograd).items():
#              print(f"{name}：|手写 - 自动微分| 的最大值为 {difference:.1e}")
#
#       打印出的差异最大为 :math:`6.9\times10^{-18}`，都只是舍入误差。
#
# 2. 为什么偏置的梯度是对所有样本\ *求和*，而权重的梯度是一个矩阵乘积？
#
#    .. dropdown:: 答案
#
#       偏置被加到每个样本对应的那一行上，所以它从每一行都接收一份梯度，合起来就是求和。权重的梯度
#       :math:`X^\top \partial L/\partial Z` 其实也是对所有样本求和，求和的对象是外积
#       :math:`\mathbf{x}_i (\partial L/\partial \mathbf{z}_i)^\top`；一次矩阵乘法就算出了所有这些外积之和。
#
# 3. 用 float32 和 :math:`\varepsilon = 10^{-6}` 做有限差分，得到的估计值很差。为什么？
#
#    .. dropdown:: 答案
#
#       float32 只有大约 7 位有效数字：在 :math:`L \approx 0.21` 附近，相邻两个 float32 数相差
#       :math:`1.5\times10^{-8}`，是损失真实变化量 :math:`3\times10^{-9}` 的五倍。两个损失值舍入后要么相等，要么相差两个这样的间隔，
#       所以每个估计值不是 0 就是 0.015。正因如此，
#       :func:`~nnguide.backprop.finite_difference_gradients` 要求网络的权重必须是 float64。
