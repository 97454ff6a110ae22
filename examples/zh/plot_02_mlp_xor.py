r"""
多层感知机解决异或
==================

上一章最后证明了：单个神经元无法计算异或，因为没有哪条直线能把异或的两类样本分开。本章加入一个\ *隐藏层*，
并用梯度下降训练这个网络，从而解决异或问题。读完本章，你将了解：

- 什么是\ :term:`多层感知机`\ （MLP），以及怎样把它写成 PyTorch 的 ``nn.Module``；
- 什么是梯度，以及 PyTorch 怎样替我们计算梯度；
- 之后每一章都会用到的五行训练循环：\ :term:`前向传播`、计算损失、清空旧梯度、:term:`反向传播`、
  更新参数（\ :term:`梯度下降`\ 的一步）；
- Adam 优化器怎样确定步长，以及它的学习率意味着什么；
- :term:`隐藏单元`\ 各自计算了什么，输出层又是怎样在\ *隐藏空间*\ 中把异或的两类分开的；
- 换一个随机起点，训练是否依然可靠，以及怎样让它更可靠。
"""

# %%
# 准备工作
# --------
# 各项设置沿用\ :ref:`原教程 <source-tutorial>`\ （本站据以改写的那份中文教程）：4 个使用 :term:`ReLU` 的隐藏单元、
# 均方误差损失、学习率为 0.1 的 Adam 优化器、训练 1000 轮。初始权重随机生成，具体取值由随机种子决定。

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

LANG = "zh"  # 本页图中文字的语言
SEED = 0  # 本页所用的随机起点
HIDDEN_FEATURES = 4  # 与原教程相同
WIDE_HIDDEN_FEATURES = 16  # 我们的建议，见“训练可靠吗？”一节
LEARNING_RATE = 0.1
EPOCHS = 1000
configure_matplotlib(LANG)

X, labels = logic_gate("xor")
y = labels.float().unsqueeze(1)  # 目标值写成一列，形状为 (4, 1)，与网络的输出一致
print(f"X：{X.tolist()}")
print(f"y：{y.tolist()}")

# %%
# 模型
# ----
# 多层感知机把多\ :term:`层`\ 神经元堆叠起来。我们的网络有两个输入、一个由 4 个神经元组成的隐藏层，以及一个线性的输出神经元。
# 隐藏单元使用的\ :term:`激活函数`\ 是 :math:`\operatorname{ReLU}(z) = \max(0, z)`：输入为正时原样输出，为负时输出 0。
# 网络的输出，即预测值 :math:`\hat y`，为
#
# .. math::
#
#    \mathbf{h} = \operatorname{ReLU}(W_1 \mathbf{x} + \mathbf{b}_1), \qquad
#    \hat y = \mathbf{w}_2 \cdot \mathbf{h} + b_2
#
# 每个隐藏单元都相当于一个感知机，只是把阶跃函数换成了 ReLU（一道斜坡）；输出神经元再把各隐藏单元的输出组合起来。
# 在 PyTorch 中，网络是 ``nn.Module`` 的子类：``__init__`` 创建各层，层中的权重自动成为模型的参数；``forward``
# 规定输入怎样依次经过这些层。``nn.Linear(2, 4)`` 是一个\ :term:`全连接层`，它的每个输出都与每个输入相连；它把
# :math:`W_1` 存成 :math:`4 \times 2` 的矩阵（输出数 × 输入数），对按行排列的多个样本一次算出
# :math:`\mathbf{x} W_1^\top + \mathbf{b}_1`。


class MLP(nn.Module):
    """只有一个隐藏层的多层感知机。"""

    def __init__(self, in_features: int, hidden_features: int, out_features: int) -> None:
        super().__init__()
        self.layer1 = nn.Linear(in_features, hidden_features)  # W1：(hidden, in)，b1：(hidden,)
        self.activation = nn.ReLU()
        self.layer2 = nn.Linear(hidden_features, out_features)  # W2：(out, hidden)，b2：(out,)

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        """隐藏层的输出 h = ReLU(x W1ᵀ + b1)：(n, in) -> (n, hidden)。"""
        return self.activation(self.layer1(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """网络的输出 ŷ = h W2ᵀ + b2：(n, in) -> (n, out)。"""
        return self.layer2(self.hidden(x))


torch.manual_seed(SEED)
model = MLP(2, HIDDEN_FEATURES, 1)
initial = copy.deepcopy(model)  # 训练之前的模型，留作对比
print(model)
n_parameters = sum(p.numel() for p in model.parameters())
print(f"可训练的参数共 {n_parameters} 个")
# sphinx_gallery_start_ignore
assert n_parameters == 2 * HIDDEN_FEATURES + HIDDEN_FEATURES + HIDDEN_FEATURES + 1
# sphinx_gallery_end_ignore

# %%
# :math:`W_1` 有 :math:`4 \times 2` 个权重，:math:`\mathbf{b}_1` 有 4 个偏置；输出神经元有 4 个权重和
# 1 个偏置：总共 17 个参数需要学习。（:class:`nnguide.models.MLP` 就是这个类，只是多了参数检查；后面的章节直接使用它。）
# 下面把网络画出来：每个权重画成一条线，从提供输入的神经元连到接收这个加权输入的神经元；每个偏置则属于某一个神经元。

fig = draw_network([model.layer1, model.layer2], lang=LANG)
fig.suptitle("未训练的网络：权重是随机的")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "未训练网络的示意图：输入 x1 和 x2 各自连向隐藏单元 h1 到 h4，这四个隐藏单元又都连向输出 ŷ。"
    "每条线是一个权重，权重的绝对值越大，线越粗；正权重是绿色实线，负权重是紫色虚线。"
    "每个隐藏单元和输出的方框里写着它的偏置 b。"
)
# sphinx_gallery_end_ignore

# %%
# 连向 :math:`h_j` 的线对应 :math:`W_1` 的第 :math:`j` 行，连向 :math:`\hat y` 的线对应 :math:`\mathbf{w}_2`；
# 每个隐藏单元和输出的方框里写着它的偏置 :math:`b`。每个方框 :math:`h_j` 都是第 1 章那样的一个完整神经元：
# 把加权后的输入与偏置相加，再把和送入 ReLU；:math:`\hat y` 也一样，只是没有激活函数。
# 线越粗，权重的绝对值越大；绿色实线表示正权重，紫色虚线表示负权重。这些都是随机的初始值，训练就从这里开始。
#
# 梯度速览
# ------------------
# 训练要寻找的，是使损失尽可能小的 17 个参数值。损失是由\ :term:`损失函数`\ 算出的一个数，衡量网络的输出错得有多厉害
# （本章使用均方误差）。对每个参数 :math:`\theta`，\ :term:`导数` :math:`\partial L/\partial\theta` 表示只微调
# :math:`\theta` 时，损失 :math:`L` 变化得有多快：导数为正，说明把 :math:`\theta` 调大一点，损失就会增大。
# 17 个导数合在一起，就是损失的\ :term:`梯度`。\ :term:`梯度下降`\ 让每个参数沿自身导数的反方向移动一小步：
# :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`，其中 :math:`\eta` 是\ :term:`学习率`。
# 与感知机学习规则不同，梯度下降要求损失随参数平滑变化。
#
# :term:`反向传播`\ 一次就能算出所有这些导数：它从损失出发，沿着各层反向走一遍，逐层应用微积分中的\ :term:`链式法则`。
# PyTorch 替我们完成了这项工作：它的\ :term:`自动微分`\ （autograd）会记录从 ``requires_grad=True`` 的张量
# （模型的参数都是这样的张量）到损失的每一步运算；调用 ``loss.backward()`` 后，损失对这些张量的导数就分别存入
# 各自的 ``.grad``。第 4 章会为一个与本章类似的网络手工推导反向传播，并与自动微分的结果逐一核对。
#
# 有一个细节对训练循环很重要：``backward()`` 会把新梯度\ *累加*\ 到 ``.grad`` 上，而不是覆盖原来的值。
# :math:`2w` 对 :math:`w` 的导数是 2，再做一次反向传播，``w.grad`` 就变成了 4：

w = torch.tensor(3.0, requires_grad=True)
(2 * w).backward()
print(f"一次反向传播之后的 w.grad：{w.grad.item()}")
# sphinx_gallery_start_ignore
assert w.grad.item() == 2.0
# sphinx_gallery_end_ignore
(2 * w).backward()
print(f"两次反向传播之后的 w.grad：{w.grad.item()}")
# sphinx_gallery_start_ignore
assert w.grad.item() == 4.0
# sphinx_gallery_end_ignore

# %%
# 因此，训练循环在每次反向传播之前都必须先清空梯度，这就是 ``optimizer.zero_grad()`` 的作用；
# 否则，每一步都会沿着此前所有梯度之和的方向走。
#
# Adam 优化器
# -----------
# 普通的梯度下降沿梯度 :math:`g` 的反方向走一步：:math:`\theta \leftarrow \theta - \eta g`。\ :term:`Adam 优化器`
# 则为每个参数维护两个指数加权移动平均，一个针对梯度，一个针对梯度的平方，然后用前者除以后者的平方根：
#
# .. math::
#
#    m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
#    v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
#    \theta \leftarrow \theta - \eta \, \frac{\hat m}{\sqrt{\hat v} + \epsilon}
#
# 其中 :math:`\hat m` 和 :math:`\hat v` 是修正后的 :math:`m` 和 :math:`v`\ （二者从零开始，早期的值偏小，需要修正）；
# :math:`\epsilon = 10^{-8}` 只用来防止除以零；默认 :math:`\beta_1 = 0.9`、:math:`\beta_2 = 0.999`，因此
# :math:`m` 大致是最近 10 个梯度的平均，:math:`v` 则大致是最近 1000 个的平均。比值 :math:`\hat m/\sqrt{\hat v}`
# 没有量纲：把所有梯度同时放大或缩小，分子和分母按相同的比例变化。下面用一个参数和人为给定的梯度来验证：先用梯度
# :math:`g` 走 20 步，再用小一百倍的梯度走 20 步；:math:`g` 取三个值，最大和最小相差一万倍。表中列出参数在其中四步
# 各移动了多远。

print("第 n 步的移动距离：          1      20      21      40")
for gradient in (1.0, 1e-2, 1e-4):
    parameter = torch.zeros(1, requires_grad=True)
    adam = torch.optim.Adam([parameter], lr=LEARNING_RATE)
    moves = []
    for step in range(1, 41):
        parameter.grad = torch.tensor([gradient if step <= 20 else gradient / 100])
        before = parameter.item()
        adam.step()
        moves.append(before - parameter.item())  # Adam 沿（为正的）梯度的反方向走
    shown = "  ".join(f"{moves[step - 1]:.4f}" for step in (1, 20, 21, 40))
    print(f"梯度 {gradient:.0e}，之后 {gradient / 100:.0e}：{shown}")
    # sphinx_gallery_start_ignore
    assert all(abs(moves[step] - LEARNING_RATE) < 5e-5 for step in range(20))
    assert abs(moves[20] - 0.0911) < 5e-5
    assert abs(moves[39] - 0.0167) < 5e-5
    # sphinx_gallery_end_ignore

# %%
# 三行完全相同：起作用的只是梯度\ *相对于它自身过去*\ 的大小。梯度保持不变时，参数每一步都移动一个学习率，即 0.1。
# 梯度骤降为原来的百分之一后，步长也随之变小，但缩小的幅度远不及梯度，速度也慢得多，因为 :math:`\hat m` 和
# :math:`\hat v` 还记着先前较大的梯度：到第 40 步，步长是 0.0167，约为学习率的六分之一，而不是百分之一。所以，
# 无论损失的尺度如何，Adam 的步长都由 :math:`\eta` 决定：梯度稳定不变时，参数每一步移动的距离就是 :math:`\eta`。
#
# 训练循环
# --------
# 损失函数采用均方误差 :math:`L = \frac{1}{4}\sum_i (\hat y_i - y_i)^2`。每一轮先对四个样本做预测（前向传播），
# 再计算损失、清空旧梯度、用反向传播求出新梯度，最后让优化器更新一步。这五行是本教程中所有训练循环的核心；
# :func:`nnguide.training.fit_full_batch` 就是同一个循环，供后面的章节使用。如果给 ``train`` 传入一个列表，
# 它还会在每一轮之后把权重的副本追加到这个列表中，以便在本章后面回放训练过程。此外，我们从同一个起点出发，
# 用 Adam 的一个变体（``amsgrad=True``）再训练一次，供下文对比。


def train(
    model: nn.Module,
    epochs: int = EPOCHS,
    *,
    amsgrad: bool = False,
    history: list[dict[str, torch.Tensor]] | None = None,
) -> list[float]:
    """用 Adam 训练，每一步都使用全部四个样本；返回每一轮的损失。

    如果 ``history`` 是列表，每一轮之后把模型权重的副本追加到其中。
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, amsgrad=amsgrad)
    loss_fn = nn.MSELoss()
    losses = []
    for _ in range(epochs):
        prediction = model(X)  # 前向传播：(4, 2) -> (4, 1)
        loss = loss_fn(prediction, y)  # 一个数：模型错得有多厉害
        optimizer.zero_grad()  # 清空上一步的梯度
        loss.backward()  # 反向传播：为每个参数 p 算出 p.grad
        optimizer.step()  # Adam 更新每个参数
        losses.append(loss.item())
        if history is not None:
            history.append(copy.deepcopy(model.state_dict()))  # 这一轮之后的权重
    return losses


history = [initial.state_dict()]  # history[epoch]：训练 epoch 轮之后的权重
losses = train(model, history=history)
amsgrad_losses = train(copy.deepcopy(initial), amsgrad=True)  # 同一个起点
for epoch in range(200, EPOCHS + 1, 200):
    print(
        f"第 {epoch:4d} 轮，损失：{losses[epoch - 1]:.2e}；使用 amsgrad 时：{amsgrad_losses[epoch - 1]:.2e}"
    )

ax = plot_curve(losses, lang=LANG, ylabel="loss", name="Adam")
plot_curve(amsgrad_losses, lang=LANG, ylabel="loss", ax=ax, name="Adam（amsgrad=True）")
ax.set_yscale("log")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)  # 图例放在图的下方
ax.set_title("异或：损失下降了好几个数量级")
plt.show()

# sphinx_gallery_start_ignore
fig = ax.figure
fig.set_label(
    "每一轮的损失，纵轴为对数刻度：一条是 Adam，一条是 amsgrad=True 的 Adam，两者从同一起点出发。"
    "前 200 轮内两者都下降了许多个数量级；此后 Adam 的损失两次骤然回升，一次在第 500 到 650 轮之间，"
    "一次在第 900 到 1000 轮之间，每次都又降了下来；使用 amsgrad=True 时则没有尖峰。"
)
first_half, second_half = losses[: EPOCHS // 2], losses[EPOCHS // 2 :]
assert min(first_half) < 1e-13  # 比第一轮的损失 0.39 低了许多个数量级
assert max(losses[199], amsgrad_losses[199]) < 1e-9  # 两者到第 200 轮都是如此
assert max(losses[200 : EPOCHS // 2]) < 1e-9  # 前半程没有尖峰……
assert max(losses[500:650]) > 1e-4  # ……后半程有两次：一次在第 501 到 650 轮……
assert max(losses[900:]) > 1e-4  # ……一次在第 901 到 1000 轮……
assert max(losses[650:900]) < 1e-6  # ……两次之间没有……
assert min(losses[650:900]) < 1e-10  # ……损失降了回去
assert f"{losses[-1]:.2e}" == "1.26e-08"
assert max(amsgrad_losses[200:]) < 1e-9  # 使用 amsgrad 时没有尖峰
# sphinx_gallery_end_ignore

# %%
# 损失下降了许多个数量级（注意纵轴是对数刻度）：网络拟合了这四个点。但在训练的后半程，Adam 的损失两次骤然回升，
# 随后又降了下来；到第 1000 轮，损失只回落到 1.26e-08。接近最小值时梯度极小，而随着 :math:`\hat v` 逐渐“忘掉”
# 最初几轮较大的梯度，Adam 乘在每个梯度上的系数 :math:`\eta/\sqrt{\hat v}` 不断变大，直到某一步冲出最小值附近那道
# 狭窄的山谷，损失随之上升。设置 ``amsgrad=True`` 后，Adam 改为除以它见过的最大的 :math:`v`，遗忘就不会再放大步长，
# 损失也就没有出现尖峰。

with torch.no_grad():
    predictions = model(X)
print("异或测试：")
for xi, prediction in zip(X, predictions, strict=True):
    print(f"  {xi.tolist()} -> {prediction.item():.4f}")

# sphinx_gallery_start_ignore
assert bool(((predictions - y).abs() < 1e-3).all())
# sphinx_gallery_end_ignore

# %%
# 每个输出与目标值之差都小于 0.001。感知机做不到的事，两层网络做到了。
#
# 学到的决策边界
# --------------
# 以“:math:`\hat y > 0.5` 时为类别 1”为判据，平面被划分成若干区域。这些区域不再是半平面：边界拐了弯。

ax = plot_decision_boundary(model, X, labels, lang=LANG)
ax.set_title("异或：多层感知机的决策区域")
plt.show()

# %%
# 隐藏单元计算了什么
# ------------------
# 隐藏单元 :math:`j` 计算 :math:`\operatorname{ReLU}(\mathbf{w}_j\cdot\mathbf{x} + b_j)`，其中 :math:`\mathbf{w}_j`
# 是 :math:`W_1` 的第 :math:`j` 行，:math:`b_j` 是 :math:`\mathbf{b}_1` 的第 :math:`j` 个分量：它在一条直线的一侧为零，
# 在另一侧是一道斜坡。

fig = plot_hidden_units(model.hidden, X, labels, lang=LANG)
fig.suptitle("每个隐藏单元都沿一条直线把平面“折”一下")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "输入平面的四张图，每个隐藏单元一张，共用一条灰度颜色条，0 为白色。单元 1、2、4 在一条直线的一侧为 0，"
    "在另一侧逐渐增大；单元 3 在四个样本上都是 0，是死亡单元。"
)
# sphinx_gallery_end_ignore


def dead_units(model: MLP) -> list[int]:
    """对四个输入都输出 0 的隐藏单元，从 1 开始编号。"""
    with torch.no_grad():
        h = model.hidden(X)  # (4 个样本, 隐藏单元数)
    return [unit + 1 for unit in range(h.shape[1]) if bool((h[:, unit] == 0).all())]


print(f"训练前的死亡单元：{dead_units(initial)}，训练后：{dead_units(model)}")
with torch.no_grad():  # 训练使每个单元的权重 w_j 和偏置 b_j 总共变了多少
    moved = (model.layer1.weight - initial.layer1.weight).abs().sum(dim=1)  # (4,)
    moved += (model.layer1.bias - initial.layer1.bias).abs()
changes = "  ".join(f"{m:.3g}" for m in moved)
print(f"每个隐藏单元的权重和偏置的总变化量：{changes}")
# sphinx_gallery_start_ignore
assert dead_units(initial) == dead_units(model) == [3]
assert moved[2].item() == 0.0
assert bool((moved[[0, 1, 3]] > 0.1).all())
# sphinx_gallery_end_ignore

# %%
# 隐藏单元 3 对四个输入都输出 0（它的斜坡位于这些输入到达不了的角落），所以在这份数据上，它是\ :term:`死亡单元`。
# 它在训练前就已经死亡，训练也丝毫没有改变它的权重和偏置：ReLU 在输入为负处的导数为 0，所以梯度传不到这些参数上。
# 第一层的输入也始终不变，所以这个单元会一直处于死亡状态。网络靠另外三个单元解决了异或。按前面的画法，训练好的网络如下：

fig = draw_network([model.layer1, model.layer2], lang=LANG)
fig.suptitle("训练好的网络")
plt.show()
# sphinx_gallery_start_ignore
from nnguide.diagrams import LINE_WIDTH_PER_WEIGHT, MIN_LINE_WIDTH

fig.set_label(
    "训练好的网络的示意图，画法与未训练的网络相同：h1、h2、h4 的连线都比训练前粗，其中多数粗了一倍以上；"
    "h3 的连线没有变化，输出的偏置是 +1.00。"
)
assert torch.equal(model.layer2.weight[0, 2], initial.layer2.weight[0, 2])  # h3 的输出权重
assert f"{model.layer2.bias.item():+.2f}" == "+1.00"
live = [0, 1, 3]  # h1、h2、h4 的每个权重的绝对值都变大了；有六个权重的绝对值超过 1
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
assert (ratio > 2).sum().item() == 7  # h1、h2、h4 的 9 个权重中有 7 个：“多数”
w1_before, w1_after = initial.layer1.weight[live], model.layer1.weight[live]
assert (w1_before.sign() != w1_after.sign()).nonzero().tolist() == [[0, 0]]  # 只有 x1 -> h1 变号
assert torch.equal(initial.layer2.weight[0, live].sign(), model.layer2.weight[0, live].sign())
hairline = MIN_LINE_WIDTH / LINE_WIDTH_PER_WEIGHT  # 绝对值比它小的权重画成细线
assert -hairline < w1_before[0, 0] < 0 < w1_after[0, 0]
# sphinx_gallery_end_ignore

# %%
# :math:`h_1`、:math:`h_2`、:math:`h_4` 的每个权重，绝对值都变大了，其中有六个的绝对值超过 1。有一个权重甚至改变了符号：
# 从 :math:`x_1` 到 :math:`h_1` 的权重，训练前是一条紫色细线，现在是一条绿色实线。只有 :math:`h_3`
# 仍保持随机的初始值：它的两个输入权重、偏置和输出权重都与训练前完全相同，因为它的输出权重的梯度也是 0
# （这个权重乘的是在每个输入上都为 0 的 :math:`h_3`）。输出的偏置现在是 +1.00：如果某个输入让所有隐藏单元都关闭，
# 网络对它的输出就是这个值。
#
# 从输出层看
# --------------
# 输出层看不到 :math:`\mathbf{x}`，只看得到 :math:`\mathbf{h}`，而且它是 :math:`\mathbf{h}` 的\ *线性*\ 函数：
# 它能做的只是用一个平直的超平面 :math:`\mathbf{w}_2\cdot\mathbf{h} + b_2 = 0.5` 把隐藏空间切成两半。下面这张图的
# 下半部分沿两个坐标轴画出四个输入在隐藏空间中的位置：每个输入用一种标记形状表示（见这部分的图例），颜色表示它的类别。
# 横轴就是输出 :math:`\mathbf{w}_2\cdot\mathbf{h} + b_2` 本身，所以这一刀是 0.5 处的竖线：左侧预测为类别 0，
# 右侧预测为类别 1。纵轴是隐藏空间中与 :math:`\mathbf{w}_2` 垂直的一个方向，沿这个方向移动完全不影响输出；
# 在所有这样的方向中，我们选取四个点分布最散的那个（计算方法见代码注释）。上半部分是同一个网络在输入平面上的决策区域：
# 那条弯折的边界，就是下半部分的这一刀在输入平面上的样子。
#
# 这张图同时也是训练过程的动画，回放的是 ``train`` 存在 ``history`` 中的权重：静止画面是最后一轮之后的网络；
# 播放时，各帧从训练前一直到最后一轮，前期的帧取得更密，因为那时网络变化最快。在整个动画中，横轴始终是所示那一轮的输出，
# 纵轴则始终沿用为训练好的网络算出的那个方向。

with torch.no_grad():
    h = model.hidden(X)  # (4 个样本, 4 个单元)
    w2 = model.layer2.weight[0]  # (4,)
    rest = h - torch.outer(h @ w2, w2) / (w2 @ w2)  # (4, 4)：去掉 h 沿 w2 的分量
    rest = rest - rest.mean(dim=0)  # 以四个点的均值为中心
    # 分布最散的方向（第一主成分方向）：奇异值分解
    # rest = U diag(S) Vh 中 Vh 的第一行
    direction = torch.linalg.svd(rest, full_matrices=False).Vh[0]  # (4,)
    if direction @ h[3] < direction @ h[0]:  # 方向的正负是任意的：让 (1, 1) 在 (0, 0) 上方
        direction = -direction


def hidden_view(model: MLP) -> tuple[torch.Tensor, torch.Tensor]:
    """图中四个输入的位置：横坐标是它们的输出 w2·h + b2，纵坐标是它们的隐藏向量在 ``direction`` 上的坐标。"""
    with torch.no_grad():
        h = model.hidden(X)  # (4 个样本, 4 个单元)
        return model.layer2(h).squeeze(1), h @ direction


snapshot = copy.deepcopy(model)  # 依次载入每一轮的权重
# 要展示的轮次：0（训练前），然后在 1 到 100 之间按对数刻度均匀取点（取整），最后是训练结束时的那一轮
frame_epochs = [0, *sorted(set(torch.logspace(0, 2, 20).round().int().tolist())), EPOCHS]
views = []  # 每个展示的轮次之后，四个输入的（输出，沿 direction 的坐标）
for epoch in frame_epochs:
    snapshot.load_state_dict(history[epoch])
    views.append(hidden_view(snapshot))
across, up = torch.cat([torch.stack(view) for view in views], dim=1)  # 所有帧的所有点

fig, (ax_input, ax_hidden) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 7.2), height_ratios=(4, 3), layout="constrained"
)
low, high = across.min().item() - 0.25, across.max().item() + 0.6  # 右边留出图例的位置
for cls, (left, right) in enumerate([(low, 0.5), (0.5, high)]):  # 输出大于 0.5 处为类别 1
    ax_hidden.axvspan(left, right, color=CLASS_COLORS[cls], alpha=REGION_ALPHA)
ax_hidden.axvline(0.5, color="k", linewidth=1.5)  # 输出层的切分线
shapes = ["o", "^", "D", "s"]  # 每个输入一种标记：(0, 0)、(0, 1)、(1, 0)、(1, 1)
points = [  # 颜色表示类别，类别 1 画在上层；图例中注明各是哪个输入
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
ax_hidden.set_ylim(up.min() - 0.2, up.max() + 0.45)  # 上方留出图例的位置
ax_hidden.set_xlabel(r"输出 $\mathbf{w}_2\cdot\mathbf{h} + b_2$")
ax_hidden.set_ylabel("训练好的输出层\n忽略的方向", linespacing=1.5)  # 两行之间留出空隙
ax_hidden.set_title("四个输入在隐藏空间中的位置")
epoch_title = fig.suptitle("")  # 这一帧是第几轮：由 draw_step 设置


def draw_step(step: int) -> None:
    """画出训练 frame_epochs[step] 轮之后的网络：它的决策区域和隐藏空间。"""
    epoch = frame_epochs[step]
    snapshot.load_state_dict(history[epoch])
    ax_input.clear()
    # 网格比默认的每边 200 个点粗一些：每一步重画得更快
    plot_decision_boundary(
        snapshot, X, labels, lang=LANG, ax=ax_input, legend=False, resolution=100
    )
    ax_input.set_title("输入平面上的决策区域")
    output, along = views[step]
    for point, xy in zip(points, torch.stack([output, along], dim=1), strict=True):
        point.set_offsets(xy.unsqueeze(0))  # 一个点：形状 (1, 2)
    epoch_title.set_text("训练前" if epoch == 0 else f"训练 {epoch} 轮后")


animation = FuncAnimation(fig, draw_step, frames=len(frame_epochs), interval=400, repeat=False)
draw_step(len(frame_epochs) - 1)  # 静止画面：训练结束时的网络
handles, texts = ax_input.get_legend_handles_labels()  # 类别、决策边界、区域
order = [0, 1, 3, 4, 2]  # 排成三列：类别、区域、决策边界
fig.legend(
    [handles[i] for i in order],
    [texts[i] for i in order],
    loc="outside lower center",
    ncols=3,
    handlelength=1.5,  # 单位是 em，下面两项也是：比 matplotlib 的默认值紧凑，才放得下
    handletextpad=0.5,
    columnspacing=1.0,
)
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "动画，共 19 帧，从训练前到第 1000 轮。上半部分的决策边界先来回摆动，随后稳定下来，"
    "类别 1 的区域成为穿过 (0, 1) 和 (1, 0) 的一条带；下半部分的四个输入中，(0, 1) 与 (1, 1) "
    "起初几乎重合，随后各点逐渐拉开，直到两类各自落在切分线的一侧。"
)
assert len(frame_epochs) == 19
# sphinx_gallery_end_ignore

print("隐藏向量 h：")
for xi, hi in zip(X.tolist(), h.tolist(), strict=True):
    print(f"  x = {xi} -> h = {[round(v, 2) for v in hi]}")
# sphinx_gallery_start_ignore
_, along = views[-1]
assert torch.equal(h[2], torch.zeros(HIDDEN_FEATURES))  # x = (1, 0) 落在 h = 0 上
for cls in (0, 1):  # 每一类的两个点在被忽略的方向上都相距很远
    assert along[labels == cls].max() - along[labels == cls].min() > 0.25
assert abs(direction @ w2) < 1e-6  # 训练好的输出确实忽略这个方向
# sphinx_gallery_end_ignore

# %%
# 播放之前，图中显示的是训练结束时隐藏层把每个输入放在了什么位置。同一类的两个点在被忽略的方向上相距很远，而
# :math:`(1, 0)` 恰好落在 :math:`\mathbf{h} = \mathbf{0}` 上：对它来说，输出只剩下偏置 :math:`b_2`。
# 隐藏层并没有把同类的点聚成一团，只是把四个点挪到了一刀就能切开的位置；而在输入平面上，没有哪条直线能做到这一点。
# 这正是深度学习核心思想的一个缩影：一层层地变换数据，直到用一条简单的规则就能把它分开。
#
# 点击播放，看看网络是怎样一步步做到的。训练之前，每个输出都小于 0.5，网络处处预测类别 0；
# 而且隐藏层把分属两类的 :math:`(0, 1)` 和 :math:`(1, 1)` 映射到几乎同一个 :math:`\mathbf{h}`：
# 在第一帧中，:math:`(0, 1)` 的橙色三角形正好落在 :math:`(1, 1)` 的蓝色方块里。

for when, epoch in (("训练前", 0), ("训练后", EPOCHS)):
    snapshot.load_state_dict(history[epoch])
    with torch.no_grad():
        h_01, h_11 = snapshot.hidden(X[[1, 3]])  # (0, 1) 和 (1, 1) 的隐藏向量
    print(f"{when}，(0, 1) 与 (1, 1) 的隐藏向量相距 {(h_01 - h_11).norm():.3f}")
# sphinx_gallery_start_ignore
first_output, first_along = views[0]
assert bool((first_output < 0.5).all())  # 训练之前：处处预测类别 0
first_points = torch.stack([first_output, first_along], dim=1)
assert (first_points[1] - first_points[3]).norm() < 0.02  # 第一帧中 (0, 1) 落在 (1, 1) 上
right_side = []  # 每一轮之后，四个输入是否都落在各自类别的一侧
for epoch in range(EPOCHS + 1):
    snapshot.load_state_dict(history[epoch])
    with torch.no_grad():
        right_side.append(bool(((snapshot(X).squeeze(1) > 0.5) == (labels == 1)).all()))
shown_after_11 = frame_epochs[frame_epochs.index(11) + 1]  # 动画在第 11 轮之后展示的那一轮
assert right_side[9]
assert not right_side[11]
assert not right_side[12]
output_10 = views[frame_epochs.index(11)][0][2]  # (1, 0) 的输出
assert f"{output_10:.2f}" == "0.49"
assert f"{0.5 - output_10:.2f}" == "0.01"
assert shown_after_11 == 14
assert all(right_side[13:])
snapshot.load_state_dict(history[100])
with torch.no_grad():
    assert bool(((snapshot(X) - y).abs() < 0.01).all())  # 到第 100 轮
snapshot.load_state_dict(history[0])
with torch.no_grad():
    h_before = snapshot.hidden(X)
assert f"{(h_before[1] - h_before[3]).norm():.3f}" == "0.015"
# sphinx_gallery_end_ignore

# %%
# 两个几乎重合的点，任何平直的一刀都切不开，所以训练必须先把它们拉开。在最初几轮中，输出冲过了头，边界在平面上来回摆动。
# 第 9 轮之后，四个输入都落在了各自类别的一侧；第 11 轮之后，:math:`(1, 0)` 的输出又回落到 0.49，离切分线还差 0.01，
# 落到了错误的一侧。从第 13 轮起（动画的下一帧是第 14 轮），四个输入都稳定地留在各自的一侧。此后，这些点的输出逐渐趋于
# 0 和 1：到第 100 轮，每个输出与目标值之差都小于 0.01。（动画的最后一帧从第 100 轮直接跳到第 1000 轮。）
#
# 训练可靠吗？
# --------------
# 一个随机种子对应一个随机起点。我们用 10 个种子重复同样的训练，统计其中有几次解决了异或：先用原教程的
# 4 个隐藏单元，再用 16 个。同时统计每次训练前后的死亡单元数。
#
# 只有四个样本时，``train`` 的时间几乎全花在 Python 自身的开销上，所以 :func:`nnguide.side_by_side.fit_side_by_side`
# 把宽度相同的 10 个网络放在一起训练：一次反向传播加一次 Adam 更新，就能同时更新全部 10 个网络。
# 每个网络最终得到的权重，与单独用 ``train`` 训练得到的完全相同（nnguide 的测试逐位比较了这一点）。


def solves_xor(model: MLP) -> bool:
    """每个输出与目标值之差是否都小于 0.5。"""
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
    # 相当于对每个网络调用 train(run)，但 10 个一起训练：得到的权重相同，用时更短
    run_losses[hidden_features] = fit_side_by_side(
        runs[hidden_features],
        X,
        y,
        loss_fn=nn.MSELoss(),
        optimizer=partial(torch.optim.Adam, lr=LEARNING_RATE),
        epochs=EPOCHS,
    )  # (epochs, 10)：第 r 列是第 r 次训练的损失
    solved[hidden_features] = [solves_xor(run) for run in runs[hidden_features]]
    dead[hidden_features] = [len(dead_units(run)) for run in runs[hidden_features]]
    print(
        f"{hidden_features:2d} 个隐藏单元：{len(seeds)} 个种子中解决了 {sum(solved[hidden_features])} 个"
    )
    print(f"   每个种子的死亡单元数，训练前：{dead_at_start[hidden_features]}")
    print(f"                         训练后：{dead[hidden_features]}")
# sphinx_gallery_start_ignore
assert sum(solved[HIDDEN_FEATURES]) == 5
assert all(solved[WIDE_HIDDEN_FEATURES])
for hidden_features in (HIDDEN_FEATURES, WIDE_HIDDEN_FEATURES):  # 第一层的死亡单元一直保持死亡
    assert all(
        a <= b for a, b in zip(dead_at_start[hidden_features], dead[hidden_features], strict=True)
    )
assert sum(dead_at_start[WIDE_HIDDEN_FEATURES]) > 0
assert sum(dead[WIDE_HIDDEN_FEATURES]) > sum(dead_at_start[WIDE_HIDDEN_FEATURES])
# 第 3 章引用了这些数：每次训练的 16 个单元中，最后有 3 到 11 个死亡
assert (min(dead[WIDE_HIDDEN_FEATURES]), max(dead[WIDE_HIDDEN_FEATURES])) == (3, 11)
# sphinx_gallery_end_ignore

# %%
# 只有 4 个隐藏单元时，一半的随机起点训练失败；换成 16 个，一次也没有失败。有些单元在训练开始前就已经死亡
# （随机的初始权重可能让四个输入全都落在某个单元的负侧，就像上面的单元 3），训练过程中又有更多单元死亡。
#
# 4 个单元的训练为什么会失败？对于每次失败的训练，我们打印它在第 100 轮和训练结束时的损失；如果隐藏层把多个输入映射到
# 同一个向量 :math:`\mathbf{h}`\ （每个单元上的差都不超过 0.001），再列出这个向量和这些输入。


def shared_hidden_vectors(model: MLP) -> list[str]:
    """隐藏层映射到同一个向量 h 的每组输入（至少两个），连同这个 h。"""
    with torch.no_grad():
        h = model.hidden(X)  # (4, hidden)
    groups = []
    for i in range(len(X)):
        same = [j for j in range(len(X)) if torch.allclose(h[j], h[i], rtol=0, atol=1e-3)]
        if len(same) > 1 and same[0] == i:  # 每组只记一次：在遇到它的第一个输入时
            inputs = "、".join(f"({X[j, 0]:g}, {X[j, 1]:g})" for j in same)
            groups.append(f"输入 {inputs} 共用 h = {[round(v, 2) for v in h[i].tolist()]}")
    return groups


for seed in seeds:
    if not solved[HIDDEN_FEATURES][seed]:
        at_100, at_end = run_losses[HIDDEN_FEATURES][[99, -1], seed].tolist()
        print(f"种子 {seed}：损失在第 100 轮为 {at_100:.3f}，训练结束时为 {at_end:.3f}")
        for group in shared_hidden_vectors(runs[HIDDEN_FEATURES][seed]):
            print(f"   {group}")
# sphinx_gallery_start_ignore
failed = [seed for seed in seeds if not solved[HIDDEN_FEATURES][seed]]
stalled = {seed: run_losses[HIDDEN_FEATURES][[99, -1], seed].tolist() for seed in failed}
assert failed == [2, 3, 6, 7, 8]
for seed, (at_100, at_end) in stalled.items():  # 第 100 轮时已停滞，停在推算出的损失上
    assert (
        f"{at_100:.3f}"
        == f"{at_end:.3f}"
        == {2: "0.250", 3: "0.250", 7: "0.167"}.get(seed, "0.125")
    )
shared, shared_at_zero = [], []  # 两类输入共用同一个 h 的训练；以及这个 h 为 0 的训练
with torch.no_grad():
    for seed in seeds:
        h_run = runs[HIDDEN_FEATURES][seed].hidden(X)
        pairs = [(i, j) for i in range(4) for j in range(4) if labels[i] != labels[j]]
        if any(torch.allclose(h_run[i], h_run[j], rtol=0, atol=1e-3) for i, j in pairs):
            shared.append(seed)
        if any(bool((h_run[[i, j]] == 0).all()) for i, j in pairs):
            shared_at_zero.append(seed)
assert shared == failed  # 每次失败的训练都如此，也只有失败的训练如此
assert shared_at_zero == [2, 6, 7, 8]  # 五次中的四次
dead_failed = [dead[HIDDEN_FEATURES][seed] for seed in failed]
dead_solved = [dead[HIDDEN_FEATURES][seed] for seed in seeds if seed not in failed]
assert (min(dead_failed), max(dead_failed), min(dead_solved), max(dead_solved)) == (2, 4, 1, 2)
# sphinx_gallery_end_ignore

# %%
# 每次失败的训练到第 100 轮时都已停滞，而且在每一次中，隐藏层都把不同类别的输入映射到了同一个 :math:`\mathbf{h}`。
# 输出层只看得到 :math:`\mathbf{h}`，只能给这些输入相同的输出，隐藏空间中的任何一刀都分不开它们。对这些输入来说，
# 最佳的共同输出是它们目标值的平均，这就解释了损失停滞时的那几个确切数值。当目标值分别为 1 和 0 的
# :math:`(0, 1)` 与 :math:`(1, 1)` 共用一个 :math:`\mathbf{h}` 时，两者的最佳输出都是 0.5，损失为
# :math:`(0.5^2 + 0.5^2)/4 = 0.125`。四个输入全都落在同一个 :math:`\mathbf{h}` 上时，输出处处是 0.5，损失为 0.25。
# 目标值为 0、1、0 的三个输入共用一个 :math:`\mathbf{h}` 时，最佳输出是 :math:`1/3`，损失为
# :math:`(2 \cdot (1/3)^2 + (2/3)^2)/4 \approx 0.167`。五次失败中有四次，共用的向量是 :math:`\mathbf{h} = \mathbf{0}`：
# 在这些输入上，每个单元都处于关闭状态，而 ReLU 在输入为负处不回传梯度，所以这些输入上的误差无法调整隐藏层。
#
# 失败的训练最终的死亡单元也更多：有 2 到 4 个，而成功的训练只有 1 到 2 个。活着的单元越少，某个输入就越容易让它们
# 全部关闭。两个活着的单元也可能足够（练习 2 给出了做法），但前提是它们恰好在正确的位置折叠平面。16 个单元则留有余地：
# 每次训练结束时有 3 到 11 个单元死亡，但剩下的单元足够用，每个起点都解决了异或。小网络很脆弱，加宽网络能换来可靠性。
# 下一章将讨论单元在什么情况下会死亡，以及哪些激活函数能让单元免于死亡。
#
# 小结
# ----
# - 多层感知机把多层神经元堆叠起来，层与层之间使用激活函数；只需一个由 ReLU 单元组成的隐藏层，就能解决单个神经元
#   无法解决的异或问题。
# - :term:`梯度`\ 描述损失如何随每个参数变化；``loss.backward()`` 用反向传播算出梯度，并把它\ *累加*\ 到 ``.grad`` 上，
#   所以训练循环要先清空梯度。
# - 训练循环只有五行：前向传播、计算损失、``zero_grad``、``backward``、``step``。
# - 无论梯度的尺度如何，Adam 的步长都由学习率决定；接近最小值时，随着 Adam 逐渐忘掉早期的梯度，
#   步长可能变大，直到损失出现尖峰。
# - 隐藏层把输入挪到一刀就能分开两类的位置。
# - 只有 4 个隐藏单元时，一半的随机起点会失败，原因是隐藏层把不同类别的输入映射到了同一个向量；用 16 个单元时，
#   试过的每个起点都解决了异或。
#
# 练习
# ----
# 1. 对于取值为 0 或 1 的目标，常用的损失函数是二元交叉熵。``nn.BCEWithLogitsLoss()`` 把网络的输出 :math:`z` 视为
#    :term:`logit`：\ :term:`sigmoid` 函数 :math:`\sigma(z) = 1/(1 + e^{-z})` 把它转换成类别为 1 的概率 :math:`p`，
#    损失则是\ :term:`交叉熵` :math:`-[y \log p + (1 - y) \log (1 - p)]` 在所有样本上的平均：:math:`p` 越接近目标值
#    :math:`y`，损失越小。复制一份 ``train``，把其中的 ``nn.MSELoss()`` 换成 ``nn.BCEWithLogitsLoss()``。现在输出是
#    logit，所以要用 ``torch.sigmoid(model(X)) > 0.5`` 而不是 ``solves_xor`` 来判断训练结果。从种子 0 出发，训练还能
#    解决异或吗？
#
#    .. dropdown:: 答案
#
#       能。现在网络的输出是 logit，而 :math:`\sigma(z) > 0.5` 当且仅当 :math:`z > 0`，所以决策边界从 0.5 移到了 0。
#
# 2. 要精确表示异或，最少需要几个 ReLU 隐藏单元？
#
#    .. dropdown:: 答案
#
#       两个：:math:`\hat y = \operatorname{ReLU}(x_1 + x_2) - 2\operatorname{ReLU}(x_1 + x_2 - 1)`
#       对四个输入依次给出 0、1、1、0。不过，能表示不等于能学会：单元这么少时，梯度下降从许多起点出发都会卡住，
#       上面对 4 个单元的可靠性实验已经说明了这一点。
#
# 3. 去掉激活函数：``nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 1))``。为什么这样的网络永远解决不了异或？
#
#    .. dropdown:: 答案
#
#       两个线性映射的复合仍是线性映射：:math:`\mathbf{w}_2\cdot(W_1\mathbf{x} + \mathbf{b}_1) + b_2
#       = (W_1^\top\mathbf{w}_2)\cdot\mathbf{x} + \text{常数}`。这相当于单个线性神经元，而上一章已经证明，
#       它分不开异或的两类。
#
# 4. 不看上面的 ``train``，凭记忆写出训练循环：编写函数 ``fit(model, learning_rate)``，用 Adam 和均方误差在
#    ``X``、``y`` 上训练 ``model`` 共 ``EPOCHS`` 轮，并返回每一轮的损失。然后把学习率从 0.1 改为 0.01，分别用种子
#    0 到 9 训练有 4 个隐藏单元的 ``MLP``，并用 ``solves_xor`` 统计有几次解决了异或。
#
#    .. dropdown:: 答案
#
#       .. code-block:: python
#          :name: exercise-02-training-loop
#
#          def fit(model: nn.Module, learning_rate: float) -> list[float]:
#              optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
#              loss_fn = nn.MSELoss()
#              losses = []
#              for _ in range(EPOCHS):
#                  loss = loss_fn(model(X), y)  # 前向传播并计算损失
#                  optimizer.zero_grad()  # 清空上一步的梯度
#                  loss.backward()  # 反向传播
#                  optimizer.step()  # Adam 更新一步
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
#          print(f"学习率 0.01：10 个种子中解决了 {solved_runs} 个")
#
#       10 次训练中有 9 次解决了异或，而学习率为 0.1 时只有 5 次：在这个问题上，较小的步长和更宽的网络一样，也能换来
#       可靠性。
