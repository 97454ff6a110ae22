r"""
网络结构设计模式
================

层怎样排列，和层有多少同样重要。本章搭建原教程中的四种结构模式，打印它们的形状和规模，再用两个实验说明后两种模式为什么存在。
读完本章，你会了解：

- *编码器*\ （逐层变窄）和\ *解码器*\ （逐层变宽）的形状，以及各自的用途；
- 如何统计网络的参数个数，以及参数都集中在哪里；
- 很深的普通多层感知机可能完全训练不动，而\ *残差连接*\ 能解决这个问题；
- *批归一化*\ 或合适的初始化，如何让普通梯度下降训练得动原本训练不动的网络。
"""

# %%
# 四种模式
# --------
# 原教程把四种模式写成 ``nn.Module`` 类：*编码器*\ 逐层变窄，*解码器*\ 逐层变宽，*残差块*\ 把输入加到输出上，
# *带归一化的*\ 多层感知机则在批次上标准化一个隐藏层（``nn.BatchNorm1d``，实验二会解释）。:mod:`nnguide.architectures`
# 中有同样的类，另加了输入检查。

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.architectures import DeepMLP, count_parameters, kaiming_init
from nnguide.datasets import two_spirals
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib, plot_curve, plot_decision_boundary
from nnguide.training import fit_full_batch

LANG = "zh"  # 本页图中文字的语言
SEED = 0
configure_matplotlib(LANG)
torch.manual_seed(SEED)


class Encoder(nn.Module):
    """逐层变窄，784 → 256 → 64 → 10：从一张图像到每个类别一个分数。"""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # (n, 784) -> (n, 10)


class Decoder(nn.Module):
    """逐层变宽，10 → 64 → 256 → 784：从几个数到一整张图像。"""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 784)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # (n, 10) -> (n, 784)


class ResidualBlock(nn.Module):
    """x + F(x)，其中 F = Linear → ReLU → Linear：宽度必须保持不变。"""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.layers(x)  # 残差连接：(n, dim) -> (n, dim)


class NormalizedMLP(nn.Module):
    """784 → 256 → BatchNorm → ReLU → 10."""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # (n, 784) -> (n, 10)


# %%
# 我们给每个网络输入一批 32 个样本，打印输入输出的形状和可训练参数的个数。

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
assert count_parameters(Encoder().layers[0]) == 200_960
assert count_parameters(NormalizedMLP().layers[1]) == 512  # BatchNorm1d(256)

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
    with torch.no_grad():
        spread = model(X).std().item()  # 输出在 400 个样本上的离散程度
    print(f"{'残差网络' if residual else '普通网络'}：初始输出的离散程度 {spread:.1e}")
    if not residual:
        assert spread < 1e-6
    curves[residual] = train(model, torch.optim.Adam(model.parameters(), lr=1e-3), epochs=400)
    deep_models[residual] = model
    name = "残差网络" if residual else "普通网络"
    print(f"{name}：最终损失 {curves[residual][-1]:.3f}，准确率 {accuracy(model):.1%}")

assert accuracy(deep_models[False]) < 0.6  # 普通网络停留在瞎猜的水平
assert abs(curves[False][-1] - math.log(2)) < 0.01
assert accuracy(deep_models[True]) > 0.9
assert curves[True][0] > 10 * curves[False][0]

fig, (ax_loss, ax_plain, ax_residual) = plt.subplots(
    3, 1, figsize=(FIGURE_WIDTH, 10.5), layout="constrained"
)
plot_curve(curves[False], lang=LANG, ylabel="loss", ax=ax_loss, name="普通网络")
plot_curve(curves[True], lang=LANG, ylabel="loss", ax=ax_loss, name="残差网络")
ax_loss.set_yscale("log")
ax_loss.set_title(f"{DEPTH} 个隐藏层：训练损失")
for ax, residual in ((ax_plain, False), (ax_residual, True)):
    plot_decision_boundary(
        lambda points, m=deep_models[residual]: m(points) > 0,
        X,
        labels,
        lang=LANG,
        ax=ax,
        legend=False,
    )
    ax.set_title(
        ("残差网络" if residual else "普通网络") + f"：准确率 {accuracy(deep_models[residual]):.1%}"
    )
fig.legend(*ax_plain.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()

# %%
# 还没开始训练，普通网络对 400 个输入给出的输出就完全相同（离散程度低于 :math:`10^{-6}`）。这是把第 03 章实验二推到 30 层的结果：
# 在 PyTorch 默认的初始化下，信号每层缩小到约 0.4 倍，到了输出端已经不剩一点输入的信息，梯度传回前面几层时也所剩无几。
# 一个对所有输入都给出同一个答案的网络，最多只能对每个样本都预测 :math:`\hat p = 1/2`，普通网络的损失于是始终停在这个值上：
# :math:`\ln 2 \approx 0.693`。残差网络从每一层到输出都有一条恒等通路，信号和梯度都能到达每一层，于是它把两条螺旋线都划分了出来。
# （它一开始的损失很大：初始化时 30 次相加让输出变得很大。Adam 能应付这种情况。）
#
# 实验二：有无批归一化
# --------------------
# 这次用 8 个隐藏层、每层 32 个 ReLU 单元，以普通的全批量\ :term:`梯度下降`\ 训练（学习率 0.05，500 轮），共三种做法：
# 保持原样；在每个隐藏层先对预激活值按批做归一化，:math:`\hat z = (z - \mu_{\text{batch}})/\sigma_{\text{batch}}`，
# 再做一次可学习的缩放和平移（``batchnorm=True``）；不做归一化，但改用第 03 章的 Kaiming 初始化
# （:func:`nnguide.architectures.kaiming_init` 就是那里写的函数）。

variants = {
    "plain": (False, False),
    "batchnorm": (True, False),
    "kaiming": (False, True),
}  # （是否批归一化，是否 Kaiming 初始化）
names = {"plain": "普通网络", "batchnorm": "批归一化", "kaiming": "Kaiming 初始化"}
bn_curves, bn_models, spreads = {}, {}, {}
for variant, (batchnorm, kaiming) in variants.items():
    torch.manual_seed(SEED)
    model = DeepMLP(2, 32, 1, depth=8, batchnorm=batchnorm)
    if kaiming:
        kaiming_init(model)
    with torch.no_grad():
        spreads[variant] = model(X).std().item()  # 初始输出的离散程度
    bn_curves[variant] = train(model, torch.optim.SGD(model.parameters(), lr=0.05), epochs=500)
    bn_models[variant] = model
    print(
        f"{names[variant]}：初始输出的离散程度 {spreads[variant]:.1e}，"
        f"最终损失 {bn_curves[variant][-1]:.3f}，准确率 {accuracy(model):.1%}"
    )

assert spreads["plain"] < 1e-3
assert min(spreads["batchnorm"], spreads["kaiming"]) > 0.1
assert accuracy(bn_models["plain"]) < 0.6
assert abs(bn_curves["plain"][-1] - math.log(2)) < 0.01
assert accuracy(bn_models["batchnorm"]) > 0.95
assert accuracy(bn_models["kaiming"]) > 0.95
assert bn_curves["batchnorm"][99] < bn_curves["kaiming"][99]  # 第 100 轮

fig, ax = plt.subplots(layout="constrained")
for variant in variants:
    plot_curve(bn_curves[variant], lang=LANG, ylabel="loss", ax=ax, name=names[variant])
ax.set_title("8 个隐藏层，普通梯度下降")
plt.show()

# %%
# 普通网络一开始的输出几乎不随输入变化（离散程度低于 :math:`10^{-3}`，比另外两种小一百倍以上），普通梯度下降在
# 500 轮内毫无进展：损失一直停在 :math:`\ln 2`。批归一化在每个隐藏层都按批重新标准化，所以无论权重如何，
# 传到下一层的信号都保持单位尺度，也仍然能区分不同的样本：信号不会衰减殆尽。有了它，损失稳步下降，网络分开了两条螺旋线。
# Kaiming 初始化从另一头治好了同一个网络：它选的权重本身就能保持信号的尺度，这个网络同样训练得动，只是慢一些：第 100 轮时，它的损失仍高于批归一化网络。
# 批归一化在训练中权重不断变化时仍持续起作用，所以对比这里深得多的网络也有帮助；常见的说法是它减少了“内部协变量偏移”，
# 这一解释存在争议，而且并不是这个实验所展示的。
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
#
# 4. 给实验一的普通网络换上 Kaiming 初始化（创建之后紧接着调用 ``kaiming_init(model)``）。这回它学得动吗？
#
#    .. dropdown:: 答案
#
#       学得动。它一开始的输出已经随输入变化，同样 400 轮的 Adam 训练就能分开两条螺旋线，准确率超过 95%。
#       对 30 层的普通网络来说，初始化决定了它能不能训练；残差连接和归一化则让训练对初始化不再那么敏感。
