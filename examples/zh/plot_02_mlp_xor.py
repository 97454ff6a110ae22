r"""
多层感知机解决异或
==================

上一章以一个证明收尾：单个神经元算不出异或，因为没有哪条直线能把它的两类分开。本章加入一个\ *隐藏层*，
再用梯度下降训练它。读完本章，你会了解：

- 什么是\ :term:`多层感知机`\ （MLP），以及怎样把它写成 PyTorch 的 ``nn.Module``；
- 之后每一章都会用到的五行训练循环：\ :term:`前向传播`、:term:`损失函数`、:term:`反向传播`
  和\ :term:`梯度下降`\ 的一步；
- Adam 优化器如何决定步长，它的学习率又意味着什么；
- 隐藏单元各自算了什么，输出层又是怎样在\ *隐藏空间*\ 里把异或分开的；
- 换一个随机起点，训练还靠不靠得住，又该怎样让它靠得住。
"""

# %%
# 准备工作
# --------
# 设置沿用原教程：4 个使用 ReLU 的隐藏单元、均方误差、学习率 0.1 的 Adam、训练 1000 轮。
# 随机种子固定了初始权重。

from functools import partial
from statistics import mean

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.datasets import logic_gate
from nnguide.plotting import (
    CLASS_COLORS,
    FIGURE_WIDTH,
    configure_matplotlib,
    plot_curve,
    plot_decision_boundary,
    plot_hidden_units,
)
from nnguide.side_by_side import fit_side_by_side

LANG = "zh"  # 本页图中文字的语言
SEED = 0  # 本页使用的随机起点
HIDDEN_FEATURES = 4  # 与原教程相同
WIDE_HIDDEN_FEATURES = 16  # 我们的建议，见“训练靠得住吗？”一节
LEARNING_RATE = 0.1
EPOCHS = 1000
configure_matplotlib(LANG)

X, labels = logic_gate("xor")
y = labels.float().unsqueeze(1)  # 目标值写成一列，形状 (4, 1)，与网络输出一致
print("X：", X.tolist())
print("y：", y.tolist())

# %%
# 模型
# ----
# 多层感知机把一\ :term:`层`\ 层神经元堆叠起来。我们的网络有两个输入、一个含 4 个神经元的隐藏层（激活函数为
# ReLU，见\ :term:`激活函数`），以及一个线性输出神经元：
#
# .. math::
#
#    \mathbf{h} = \operatorname{ReLU}(W_1 \mathbf{x} + \mathbf{b}_1), \qquad
#    \hat y = \mathbf{w}_2 \cdot \mathbf{h} + b_2
#
# 每个隐藏神经元都是一个激活函数更“柔和”的感知机；输出神经元再把它们的输出组合起来。在 PyTorch
# 里，网络是 ``nn.Module`` 的子类：``__init__`` 创建各层，层里的权重自动成为模型的参数；``forward``
# 规定输入怎样流过这些层。``nn.Linear(2, 4)`` 把 :math:`W_1` 存成 :math:`4 \times 2` 的矩阵（输出数 ×
# 输入数），对一整批按行排列的样本一次算出 :math:`\mathbf{x} W_1^\top + \mathbf{b}_1`。


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
print(model)
n_parameters = sum(p.numel() for p in model.parameters())
print(f"可训练参数个数：{n_parameters}")
assert n_parameters == 2 * HIDDEN_FEATURES + HIDDEN_FEATURES + HIDDEN_FEATURES + 1

# %%
# :math:`W_1` 有 :math:`4 \times 2` 个权重，:math:`\mathbf{b}_1` 有 4 个偏置；输出神经元有 4 个权重和
# 1 个偏置：一共要学 17 个数。（:class:`nnguide.models.MLP` 就是这个类，另加了参数检查；后面的章节直接用它。）
#
# 梯度会累加
# ----------
# 与感知机规则不同，梯度下降需要一个可微的误差度量，这就是\ :term:`损失函数`。``loss.backward()``
# 求出损失对每个参数的梯度，并把它\ *加到*\ 参数的 ``.grad`` 上，而不是覆盖原值。对 :math:`2w`
# 做两次反向传播，得到的梯度是 4，而不是 2：

w = torch.tensor(3.0, requires_grad=True)
(2 * w).backward()
(2 * w).backward()
print(f"两次反向传播之后的 w.grad：{w.grad.item()}")
assert w.grad.item() == 4.0

# %%
# 累加有它的用处（一个大批次可以拆成几份分别处理），但这也意味着训练循环在每次反向传播之前都必须先清空梯度，
# 这就是 ``optimizer.zero_grad()`` 的作用；少了它，每一步走的方向都是此前所有梯度之和。
#
# Adam 优化器
# -----------
# 朴素的\ :term:`梯度下降`\ 沿梯度的反方向走一步：:math:`\theta \leftarrow \theta - \eta g`。Adam
# 则为每个参数维护两个滑动平均，一个是梯度的，一个是梯度平方的，再用前者除以后者的平方根：
#
# .. math::
#
#    m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
#    v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
#    \theta \leftarrow \theta - \eta \, \frac{\hat m}{\sqrt{\hat v} + \epsilon}
#
# 其中 :math:`\hat m, \hat v` 是修正了“从零开始”偏差的 :math:`m, v`，默认 :math:`\beta_1 = 0.9`、
# :math:`\beta_2 = 0.999`。比值 :math:`\hat m/\sqrt{\hat v}` 没有量纲：梯度整体放大或缩小，分子分母同比变化。
# 因此，不管梯度有多大，学习率 :math:`\eta` 大致就是每个参数每一步移动的距离。下面用相差一万倍的三个梯度各走一步：

for gradient in (1.0, 1e-2, 1e-4):
    parameter = torch.zeros(1, requires_grad=True)
    adam = torch.optim.Adam([parameter], lr=LEARNING_RATE)
    parameter.grad = torch.tensor([gradient])
    adam.step()
    print(f"梯度 {gradient:.0e}：Adam 让参数移动了 {-parameter.item():.4f}")
    assert abs(-parameter.item() - LEARNING_RATE) < 1e-3

# %%
# 三次移动的距离都等于学习率 0.1。这让 Adam 很容易调参，也解释了下面马上会看到的那些尖峰。
#
# 训练循环
# --------
# 损失函数用均方误差 :math:`L = \frac{1}{4}\sum_i (\hat y_i - y_i)^2`。每一轮先对四个样本做预测（前向传播），
# 算出损失，清空旧梯度，用反向传播求出新梯度，再让优化器走一步。这五行是本教程所有训练循环的核心；
# :func:`nnguide.training.fit_full_batch` 是同一个循环，供后面的章节使用。


def train(model: nn.Module, epochs: int = EPOCHS) -> list[float]:
    """一次用全部四个样本训练；返回每一轮的损失。"""
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.MSELoss()
    losses = []
    for _ in range(epochs):
        prediction = model(X)  # 前向传播：(4, 2) -> (4, 1)
        loss = loss_fn(prediction, y)  # 一个数：模型错得有多离谱
        optimizer.zero_grad()  # 清空上一步的梯度
        loss.backward()  # 反向传播：为每个参数 p 填好 p.grad
        optimizer.step()  # Adam 更新每个参数
        losses.append(loss.item())
    return losses


losses = train(model)
for epoch in range(200, EPOCHS + 1, 200):
    print(f"第 {epoch:4d} 轮，损失：{losses[epoch - 1]:.2e}")

ax = plot_curve(losses, lang=LANG, ylabel="loss")
ax.set_yscale("log")
ax.set_title("异或：损失下降了好几个数量级")
plt.show()

first_half, second_half = losses[: EPOCHS // 2], losses[EPOCHS // 2 :]
assert losses[-1] < 1e-3 * losses[0]
assert max(second_half) > 1e6 * min(first_half)  # 后期出现尖峰……
assert losses[-1] < max(second_half) / 100  # ……随后又降了回去

# %%
# 损失下降了许多个数量级（注意纵轴是对数刻度）：网络拟合了这四个点。训练后期的尖峰来自 Adam 的步长。
# 接近最小值时梯度极小，但随着 :math:`\hat v` 逐渐“忘掉”过去较大的梯度，比值 :math:`\hat m/\sqrt{\hat v}`
# 又回升到 1 附近，步长也随之回到学习率的量级，正如上面的演示所示。这么大的一步会越过狭窄的极小值，损失随之跳高；
# 那里的大梯度重新把 :math:`\hat v` 撑大，步长变小，损失又降了下来。

with torch.no_grad():
    predictions = model(X)
print("异或测试：")
for xi, prediction in zip(X, predictions, strict=True):
    print(
        f"  {xi.tolist()} -> {round(prediction.item(), 2) + 0.0:.2f}"
    )  # 加 0.0：避免打印出“-0.00”

solved = bool(((predictions - y).abs() < 0.5).all())
assert solved

# %%
# 每个输出与目标值相差都不到 0.5，四舍五入后正好相等。感知机做不到的事，两层网络做到了。
#
# 学到的决策边界
# --------------
# 把“:math:`\hat y > 0.5` 处为类别 1”作为判据，平面被分成几块区域。它们不再是半平面：边界拐了弯。

ax = plot_decision_boundary(model, X, labels, lang=LANG)
ax.set_title("异或：多层感知机的决策区域")
plt.show()

# %%
# 隐藏单元算了什么
# ----------------
# 每个隐藏单元计算 :math:`\operatorname{ReLU}(\mathbf{w}_j\cdot\mathbf{x} + b_j)`：在一条直线的一侧为零，
# 另一侧是一道斜坡。颜色越深，数值越大。

fig = plot_hidden_units(model.hidden, X, labels, lang=LANG)
fig.suptitle("每个隐藏单元都沿一条直线把平面“折”一下")
plt.show()

with torch.no_grad():
    h = model.hidden(X)  # (4 个样本, 4 个单元)
dead_units = [unit + 1 for unit in range(HIDDEN_FEATURES) if bool((h[:, unit] == 0).all())]
print(f"对四个输入都输出 0 的隐藏单元：{dead_units}")
assert dead_units == [3]

# %%
# 隐藏单元 3 对四个输入都输出 0：它成了\ :term:`死亡单元`。它的输入在每个样本上都是负的，ReLU 在那里的梯度为 0，
# 之后的任何一步都无法让它恢复。网络靠另外三个单元解决了异或。下文和下一章还会再遇到死亡单元。
#
# 从输出层看过去
# --------------
# 输出层看不到 :math:`\mathbf{x}`，只看得到 :math:`\mathbf{h}`，而且它对 :math:`\mathbf{h}` 是\ *线性*\ 的：
# 它能做的只是用一个平直的超平面 :math:`\mathbf{w}_2\cdot\mathbf{h} + b_2 = 0.5` 切开隐藏空间。下面沿两个轴画出四个隐藏点。
# 横轴就是输出 :math:`\mathbf{w}_2\cdot\mathbf{h} + b_2` 本身，所以这一刀是 0.5 处的竖线；既然网络解决了异或，
# 两类点必然落在竖线两侧，这是由坐标轴的取法决定的。纵轴是与 :math:`\mathbf{w}_2` 垂直的方向中，
# 隐藏点彼此差别最大的那个方向，也就是输出层忽略掉的信息。

with torch.no_grad():
    output = model.layer2(h).squeeze(1)  # (4,)：w2·h + b2
    w2 = model.layer2.weight[0]  # (4,)
    rest = h - torch.outer(h @ w2, w2) / (w2 @ w2)  # 去掉 h 沿 w2 的分量
    rest = rest - rest.mean(dim=0)
    ignored = rest @ torch.linalg.svd(rest, full_matrices=False).Vh[0]  # (4,)

fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 4.8), layout="constrained")
ax.axvline(0.5, color="k", linewidth=1.5, label="输出层的切分线")
for cls in (0, 1):
    mask = labels == cls
    ax.scatter(
        output[mask],
        ignored[mask],
        s=90,
        color=CLASS_COLORS[cls],
        edgecolor="k",
        label=f"类别 {cls}",
    )
for (x1, x2), out, other in zip(X.tolist(), output.tolist(), ignored.tolist(), strict=True):
    ax.annotate(f"x = ({x1:g}, {x2:g})", (out, other), textcoords="offset points", xytext=(8, 6))
ax.set_xlabel(r"输出 $\mathbf{w}_2\cdot\mathbf{h} + b_2$")
ax.set_ylabel("隐藏空间中被输出忽略的方向")
ax.set_title("四个输入在隐藏空间中的位置")
ax.margins(x=0.3, y=0.2)
fig.legend(loc="outside lower center", ncols=2)
plt.show()

print("隐藏向量 h：")
for xi, hi in zip(X.tolist(), h.tolist(), strict=True):
    print(f"  x = {xi} -> h = {[round(v, 2) + 0.0 for v in hi]}")
assert torch.equal(h[2], torch.zeros(HIDDEN_FEATURES))  # x = (1, 0) 落在 h = 0 上
for cls in (0, 1):  # 每一类的两个点在被忽略的方向上都相距很远
    assert ignored[labels == cls].max() - ignored[labels == cls].min() > 0.25

# %%
# 这张图真正展示的，是隐藏层把每个输入放到了哪里。每一类的两个点在被忽略的方向上都相距很远，而
# :math:`(1, 0)` 恰好落在 :math:`\mathbf{h} = \mathbf{0}` 上：对它来说，输出只剩偏置 :math:`b_2`。
# 隐藏层并没有把同类的点聚成一团；它只是把四个点挪到了一刀就能切开的位置，而在输入平面上，任何直线都做不到这一点。
# 这就是深度学习核心思想的缩影：一层层变换数据，直到一条简单的规则就能把它分开。
#
# 训练靠得住吗？
# --------------
# 一个种子就是一个随机起点。我们从 10 个种子出发重复同样的训练，数一数有几次解决了异或：先用原教程的
# 4 个隐藏单元，再用 16 个。同时统计每次训练结束时的死亡单元数。
#
# 调用 20 次 ``train`` 要依次走 20,000 个小步，而只有四个样本时，这些步的时间几乎都花在 Python 的额外开销上，
# 而不是计算本身。:func:`nnguide.side_by_side.fit_side_by_side` 把同一宽度的 10 个网络放在一起训练：
# 它把这些网络的权重叠在一起，一次反向传播和一次 Adam 更新就能同时更新全部 10 个网络，而每个网络算出的每一个数
# 都与单独训练时完全相同。每个网络最终得到的权重，正是 ``train`` 会给它的权重（nnguide 的测试逐位比较了这一点）。


def solves_xor(model: MLP) -> bool:
    with torch.no_grad():
        return bool(((model(X) - y).abs() < 0.5).all())


def count_dead(model: MLP) -> int:
    """对四个输入都输出 0 的隐藏单元个数。"""
    with torch.no_grad():
        return int((model.hidden(X) == 0).all(dim=0).sum())


seeds = range(10)
solved, dead = {}, {}
for hidden_features in (HIDDEN_FEATURES, WIDE_HIDDEN_FEATURES):
    runs = []
    for seed in seeds:
        torch.manual_seed(seed)
        runs.append(MLP(2, hidden_features, 1))
    # 即对每个网络调用 train(run)，但 10 个一起训练：权重相同，用时更短
    fit_side_by_side(
        runs,
        X,
        y,
        loss_fn=nn.MSELoss(),
        optimizer=partial(torch.optim.Adam, lr=LEARNING_RATE),
        epochs=EPOCHS,
    )
    solved[hidden_features] = [solves_xor(run) for run in runs]
    dead[hidden_features] = [count_dead(run) for run in runs]
    print(
        f"{hidden_features:2d} 个隐藏单元：{len(seeds)} 个种子中解决了 {sum(solved[hidden_features])} 个"
    )
    print(f"   每个种子的死亡单元数：{dead[hidden_features]}")


dead_when_failed = [
    d for d, ok in zip(dead[HIDDEN_FEATURES], solved[HIDDEN_FEATURES], strict=True) if not ok
]
dead_when_solved = [
    d for d, ok in zip(dead[HIDDEN_FEATURES], solved[HIDDEN_FEATURES], strict=True) if ok
]
print(
    f"4 个单元时的平均死亡单元数：失败的训练 {mean(dead_when_failed):.1f} 个，"
    f"成功的训练 {mean(dead_when_solved):.1f} 个"
)
assert 3 <= sum(solved[HIDDEN_FEATURES]) <= 7  # 大约一半
assert mean(dead_when_failed) > mean(dead_when_solved)
assert sum(solved[WIDE_HIDDEN_FEATURES]) >= 9
assert mean(dead[WIDE_HIDDEN_FEATURES]) > HIDDEN_FEATURES  # 死亡单元比小网络的全部单元还多

# %%
# 只有 4 个隐藏单元时，大约一半的随机起点会失败：损失停滞不前。失败的训练比成功的训练有更多死亡单元，
# 剩下的几个单元不足以把平面折到位。换成 16 个单元就有了余量。死亡单元依然很多（Adam 约 0.1 的步长会把不少隐藏单元推到
# 对所有输入都为负的位置，死掉的比小网络的全部单元还多），但剩下的足够用，几乎从每个起点出发都能训练成功。
# 小网络很脆弱，稍微加宽一点就能换来可靠性。下一章会探讨单元为什么会死，以及不会死的激活函数。
#
# 练习
# ----
# 1. 把 ``nn.MSELoss()`` 换成 ``nn.BCEWithLogitsLoss()``\ （并用 sigmoid 读取输出）。从种子 0 出发，训练还能解决异或吗？
#
#    .. dropdown:: 答案
#
#       能。对 0/1 目标而言，二元交叉熵才是最自然的损失函数；网络的输出变成 logit，而
#       :math:`\sigma(\hat y) > 0.5` 恰好等价于 :math:`\hat y > 0`，所以决策边界从 0.5 移到了 0。
#
# 2. 要精确表示异或，最少需要几个 ReLU 隐藏单元？
#
#    .. dropdown:: 答案
#
#       两个：:math:`\hat y = \operatorname{ReLU}(x_1 + x_2) - 2\operatorname{ReLU}(x_1 + x_2 - 1)`
#       依次给出 0、1、1、0。但“能表示”不等于“学得会”：单元这么少，梯度下降从很多起点出发都会卡住，
#       上面 4 个单元的可靠性实验已经说明了这一点。
#
# 3. 去掉激活函数：``nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 1))``。为什么这样的网络永远解决不了异或？
#
#    .. dropdown:: 答案
#
#       两个线性映射复合起来仍是一个线性映射：:math:`\mathbf{w}_2\cdot(W_1\mathbf{x} + \mathbf{b}_1) + b_2
#       = (W_1^\top\mathbf{w}_2)\cdot\mathbf{x} + \text{常数}`。这就是单个线性神经元，上一章已经证明它分不开异或。
