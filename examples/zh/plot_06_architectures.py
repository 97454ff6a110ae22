r"""
网络结构设计模式
================

层怎样排列，和层有多少同样重要。本章搭建原教程中的四种结构模式，打印它们的形状和规模，再用两个实验说明后两种模式为什么存在。
读完本章，你会了解：

- *编码器*\ （逐层变窄）和\ *解码器*\ （逐层变宽）的形状，以及各自的用途；
- 如何统计网络的参数个数，以及参数都集中在哪里；
- 很深的普通多层感知机可能完全训练不动，而\ *残差连接*\ 能解决这个问题；
- *批归一化*\ 如何让普通梯度下降训练得动原本训练不动的网络。
"""

# %%
# 四种模式
# --------
# 这四种模式都在 :mod:`nnguide.architectures` 中，写法与原教程一致。我们给每个网络输入一批 32 个样本，
# 打印输入输出的形状和可训练参数的个数。

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

LANG = "zh"  # 本页图中文字的语言
SEED = 0
configure_matplotlib(LANG)
torch.manual_seed(SEED)

patterns = {
    "编码器（逐层变窄）": (Encoder(), torch.randn(32, 784)),
    "解码器（逐层变宽）": (Decoder(), torch.randn(32, 10)),
    "残差块 ResidualBlock(64)": (ResidualBlock(64), torch.randn(32, 64)),
    "批归一化 NormalizedMLP": (NormalizedMLP(), torch.randn(32, 784)),
}
for name, (model, batch) in patterns.items():
    output = model(batch)
    print(
        f"{name}：{tuple(batch.shape)} -> {tuple(output.shape)}，{count_parameters(model):,} 个参数"
    )

assert count_parameters(Encoder()) == (784 * 256 + 256) + (256 * 64 + 64) + (64 * 10 + 10)
assert count_parameters(ResidualBlock(64)) == 2 * (64 * 64 + 64)

# %%
# 编码器把 784 个数（一张 28×28 的图像）压缩成 10 个数（每个数字一个分数），这是分类器的形状。解码器反过来，
# 是生成模型的形状。几乎所有参数都集中在最宽的那一层：编码器的 218,058 个参数中，仅第一个 ``Linear(784, 256)``
# 就占了 200,960 个。残差块要把输入加到输出上，所以宽度保持不变。批归一化只多出 512 个参数（每个单元一个缩放、一个平移）。
#
# 仔细看看其中一个：

print(Encoder())

# %%
# 一个需要深层网络的任务
# ----------------------
# 两条相互缠绕的螺旋线：直线分不开它们，网络必须把平面弯折许多次。我们对网络输出的 logit 使用二元交叉熵\ :term:`损失函数`。

X, labels = two_spirals(200, seed=SEED)
y = labels.float().unsqueeze(1)  # (400, 1)
loss_fn = nn.BCEWithLogitsLoss()


def accuracy(model: nn.Module) -> float:
    model.eval()  # 评估时，批归一化使用训练中累计的统计量
    with torch.no_grad():
        return ((model(X) > 0).float() == y).float().mean().item()


def train(model: nn.Module, optimizer: torch.optim.Optimizer, epochs: int) -> list[float]:
    return fit_full_batch(model, X, y, loss_fn=loss_fn, optimizer=optimizer, epochs=epochs)


# %%
# 实验一：有无残差连接的深层网络
# ------------------------------
# 两个网络都有 30 个隐藏层、每层 32 个 ReLU 单元，唯一的区别是第二个网络把每层的输入加到它的输出上：
# :math:`\mathbf{h}_{k+1} = \mathbf{h}_k + F(\mathbf{h}_k)`。两者的训练方式完全相同：Adam，学习率 :math:`10^{-3}`，400 轮。

DEPTH = 30
curves, deep_models = {}, {}
for residual in (False, True):
    torch.manual_seed(SEED)
    model = DeepMLP(2, 32, 1, depth=DEPTH, residual=residual)
    curves[residual] = train(model, torch.optim.Adam(model.parameters(), lr=1e-3), epochs=400)
    deep_models[residual] = model
    name = "残差网络" if residual else "普通网络"
    print(f"{name}：最终损失 {curves[residual][-1]:.3f}，准确率 {accuracy(model):.1%}")

assert accuracy(deep_models[False]) < 0.6  # 普通网络停留在瞎猜的水平
assert abs(curves[False][-1] - math.log(2)) < 0.01
assert accuracy(deep_models[True]) > 0.9
assert curves[True][0] > 10 * curves[False][0]

fig, (ax_loss, ax_plain, ax_residual) = plt.subplots(1, 3, figsize=(14, 4.2), layout="constrained")
plot_curve(curves[False], lang=LANG, ylabel="loss", ax=ax_loss, name="普通网络")
plot_curve(curves[True], lang=LANG, ylabel="loss", ax=ax_loss, name="残差网络")
ax_loss.set_yscale("log")
ax_loss.set_title(f"{DEPTH} 个隐藏层：训练损失")
for ax, residual in ((ax_plain, False), (ax_residual, True)):
    plot_decision_boundary(
        lambda points, m=deep_models[residual]: m(points) > 0, X, labels, lang=LANG, ax=ax
    )
    ax.set_title(
        ("残差网络" if residual else "普通网络") + f"：准确率 {accuracy(deep_models[residual]):.0%}"
    )
plt.show()

# %%
# 普通网络的损失始终停在抛硬币的水平 :math:`\ln 2 \approx 0.693`：穿过 30 层之后，信号和梯度都衰减殆尽，
# 前面几层什么也学不到。残差网络从每一层到输出都有一条恒等通路，梯度能到达每一层，于是它把两条螺旋线都划分了出来。
# （它一开始的损失很大：初始化时 30 次相加让输出变得很大。Adam 能应付这种情况；下面的归一化是另一种办法。）
#
# 实验二：有无批归一化
# --------------------
# 这次用 8 个隐藏层、每层 32 个 ReLU 单元，以普通的随机\ :term:`梯度下降`\ 训练（学习率 0.05，500 轮）。
# 第二个网络在每个隐藏层都先对预激活值按批做归一化，:math:`\hat z = (z - \mu_{\text{batch}})/\sigma_{\text{batch}}`，
# 再做一次可学习的缩放和平移。

bn_curves, bn_models = {}, {}
for batchnorm in (False, True):
    torch.manual_seed(SEED)
    model = DeepMLP(2, 32, 1, depth=8, batchnorm=batchnorm)
    bn_curves[batchnorm] = train(model, torch.optim.SGD(model.parameters(), lr=0.05), epochs=500)
    bn_models[batchnorm] = model
    name = "批归一化" if batchnorm else "普通网络"
    print(f"{name}：最终损失 {bn_curves[batchnorm][-1]:.3f}，准确率 {accuracy(model):.1%}")

assert accuracy(bn_models[False]) < 0.6
assert abs(bn_curves[False][-1] - math.log(2)) < 0.01
assert accuracy(bn_models[True]) > 0.95

fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
plot_curve(bn_curves[False], lang=LANG, ylabel="loss", ax=ax, name="普通网络")
plot_curve(bn_curves[True], lang=LANG, ylabel="loss", ax=ax, name="批归一化")
ax.set_title("8 个隐藏层，普通梯度下降")
plt.show()

# %%
# 没有归一化时，普通梯度下降在 500 轮内毫无进展；有了它，损失稳步下降，网络分开了两条螺旋线。无论前面的层怎样变化，
# 归一化都让每一层的输入保持稳定的尺度，于是同一个学习率适用于所有层。
#
# 练习
# ----
# 1. 解码器有多少个参数？先手算，再用 ``count_parameters`` 验证。
#
#    .. dropdown:: 答案
#
#       :math:`(10\cdot64+64) + (64\cdot256+256) + (256\cdot784+784) = 704 + 16\,640 + 201\,488 =
#       218\,832`：比编码器略多，因为它最宽的那一层还带着 784 个偏置。
#
# 2. 为什么残差块必须保持宽度不变？
#
#    .. dropdown:: 答案
#
#       :math:`\mathbf{x} + F(\mathbf{x})` 是两个向量相加，所以 :math:`F(\mathbf{x})` 必须与 :math:`\mathbf{x}`
#       形状相同。需要改变宽度时，网络会在跳跃连接上加一个投影：:math:`W_s\mathbf{x} + F(\mathbf{x})`。
#
# 3. 在训练模式下（``model.train()``）让批归一化网络只处理一个样本，会发生什么？``accuracy`` 为什么要先调用 ``model.eval()``？
#
#    .. dropdown:: 答案
#
#       PyTorch 会拒绝：只有一个样本时，没有批内方差可用来归一化。评估模式下，批归一化使用训练期间累计的均值和方差，
#       所以一个样本的输出不取决于和它同批的是哪些样本。
