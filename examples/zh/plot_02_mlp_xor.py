r"""
多层感知机解决异或
==================

上一章以一个证明收尾：单个神经元算不出异或，因为没有哪条直线能把它的两类分开。本章加入一个\ *隐藏层*，
再用梯度下降训练它。读完本章，你会了解：

- 什么是\ :term:`多层感知机`\ （MLP），以及如何用 PyTorch 搭建它；
- 之后每一章都会用到的五行训练循环：\ :term:`前向传播`、:term:`损失函数`、:term:`反向传播`
  和\ :term:`梯度下降`\ 的一步；
- 隐藏单元各自算了什么，以及异或为什么在\ *隐藏空间*\ 里变得线性可分；
- 换一个随机起点，训练还靠不靠得住，又该怎样让它靠得住。
"""

# %%
# 准备工作
# --------
# 设置沿用原教程：4 个使用 ReLU 的隐藏单元、均方误差、学习率 0.1 的 Adam、训练 1000 轮。
# 随机种子固定了初始权重。

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.datasets import logic_gate
from nnguide.models import MLP
from nnguide.plotting import (
    configure_matplotlib,
    plot_curve,
    plot_decision_boundary,
    plot_hidden_space,
    plot_hidden_units,
)
from nnguide.training import fit_full_batch

LANG = "zh"  # 本页图中文字的语言
SEED = 0  # 本页使用的随机起点
HIDDEN_UNITS = 4  # 与原教程相同
WIDE_HIDDEN_UNITS = 16  # 我们的建议，见“训练靠得住吗？”一节
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
# 每个隐藏神经元都是一个激活函数更“柔和”的感知机；输出神经元再把它们的回答组合起来。

torch.manual_seed(SEED)
model = MLP(2, HIDDEN_UNITS, 1)
print(model)
n_parameters = sum(p.numel() for p in model.parameters())
print(f"可训练参数个数：{n_parameters}")
assert n_parameters == 2 * HIDDEN_UNITS + HIDDEN_UNITS + HIDDEN_UNITS + 1

# %%
# :math:`W_1` 有 :math:`4 \times 2` 个权重，:math:`\mathbf{b}_1` 有 4 个偏置；输出神经元有 4 个权重和
# 1 个偏置：一共要学 17 个数。
#
# 训练循环
# --------
# 与感知机规则不同，梯度下降需要一个可微的误差度量，这就是\ :term:`损失函数`。这里用均方误差
# :math:`L = \frac{1}{4}\sum_i (\hat y_i - y_i)^2`。每个轮次都执行下面这段循环（出自
# :func:`nnguide.training.fit_full_batch`）：预测、度量误差、用反向传播求梯度、更新一步。
#
# .. literalinclude:: ../../../src/nnguide/training.py
#    :pyobject: fit_full_batch
#    :start-at: for _ in range(epochs):
#    :dedent: 4

optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
losses = fit_full_batch(model, X, y, loss_fn=nn.MSELoss(), optimizer=optimizer, epochs=EPOCHS)
for epoch in range(200, EPOCHS + 1, 200):
    print(f"第 {epoch:4d} 轮，损失：{losses[epoch - 1]:.6f}")

ax = plot_curve(losses, lang=LANG, ylabel="loss")
ax.set_yscale("log")
ax.set_title("异或：损失下降了好几个数量级")
plt.show()

# %%
# 损失下降了许多个数量级（注意纵轴是对数刻度）：网络拟合了这四个点。训练后期的尖峰是 Adam 步子迈过了头：
# 损失已经极小时，按较大梯度定下的步长会越过最小值，随后损失又降回来。

with torch.no_grad():
    predictions = model(X)
print("异或测试：")
for xi, prediction in zip(X, predictions, strict=True):
    print(f"  {xi.tolist()} -> {prediction.item():.2f}")

solved = bool(((predictions - y).abs() < 0.5).all())
assert solved
assert losses[-1] < 1e-3

# %%
# 每个输出都贴近目标值，四舍五入后正好相等。感知机做不到的事，两层网络做到了。
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

fig = plot_hidden_units(model, X, labels, lang=LANG)
fig.suptitle("每个隐藏单元都沿一条直线把平面“折”一下")
plt.show()

# %%
# 输出层看不到 :math:`\mathbf{x}`，只看得到 :math:`\mathbf{h}`，而且它对 :math:`\mathbf{h}` 是\ *线性*\ 的：
# 它只能在隐藏空间里直直地切一刀。把四个点画在隐藏空间里就能看到，隐藏层已经把它们挪到了能被这样切开的位置。

ax = plot_hidden_space(model, X, labels, lang=LANG)
ax.set_title("在隐藏空间里，异或线性可分")
plt.show()

# %%
# 在隐藏空间中，两类点落在阈值的两侧。这就是深度学习的精髓缩影：一层层变换数据，直到一条简单的规则就能把它分开。
#
# 训练靠得住吗？
# --------------
# 一个种子就是一个随机起点。我们从 10 个种子出发重复同样的训练，数一数有几次解决了异或：先用原教程的
# 4 个隐藏单元，再用 16 个。


def train_xor(hidden_units: int, seed: int) -> tuple[MLP, list[float]]:
    torch.manual_seed(seed)
    model = MLP(2, hidden_units, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    losses = fit_full_batch(model, X, y, loss_fn=nn.MSELoss(), optimizer=optimizer, epochs=EPOCHS)
    return model, losses


def solves_xor(model: MLP) -> bool:
    with torch.no_grad():
        return bool(((model(X) - y).abs() < 0.5).all())


seeds = range(10)
results = {}
for width in (HIDDEN_UNITS, WIDE_HIDDEN_UNITS):
    runs = [train_xor(width, seed) for seed in seeds]
    results[width] = [solves_xor(run_model) for run_model, _ in runs]
    dead = [
        int((run_model.hidden(X) == 0).all(dim=0).sum()) for run_model, _ in runs
    ]  # 对四个输入都输出 0 的隐藏单元个数
    print(f"{width:2d} 个隐藏单元：{len(seeds)} 个种子中解决了 {sum(results[width])} 个")
    print(f"   每个种子的死亡隐藏单元数：{dead}")

assert sum(results[WIDE_HIDDEN_UNITS]) >= 9
assert sum(results[HIDDEN_UNITS]) < sum(results[WIDE_HIDDEN_UNITS])

# %%
# 只有 4 个隐藏单元时，有些随机起点会失败：损失停滞不前，通常是因为有的单元“死”了（它的 ReLU
# 在四个输入上都输出 0，梯度也就为 0，再也活不过来），剩下的几个单元不足以把平面折到位。换成 16 个单元就有了余量：
# 即使死掉一些，剩下的也够用，几乎从每个起点出发都能训练成功。小网络很脆弱，稍微加宽一点就能换来可靠性。
# 下一章会介绍不会“死”的激活函数。
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
# 3. 去掉激活函数（``MLP`` 没有“恒等”激活，可以写成 ``nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 1))``）。
#    为什么这样的网络永远解决不了异或？
#
#    .. dropdown:: 答案
#
#       两个线性映射复合起来仍是一个线性映射：:math:`\mathbf{w}_2\cdot(W_1\mathbf{x} + \mathbf{b}_1) + b_2
#       = (W_1^\top\mathbf{w}_2)\cdot\mathbf{x} + \text{常数}`。这就是单个线性神经元，上一章已经证明它分不开异或。
