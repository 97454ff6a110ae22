r"""
网络结构设计模式
================

层怎样排列，和层有多少同样重要。本章搭建原教程中的四种结构模式，打印它们的形状和规模，再用两个实验说明后两种模式为什么存在。
读完本章，你会了解：

- *编码器*\ （逐层变窄）和\ *解码器*\ （逐层变宽）的形状，以及各自的用途；
- 如何统计网络的参数个数，以及参数都集中在哪里；
- 很深的普通多层感知机可能完全训练不动，而\ :term:`残差连接`\ 能解决这个问题；
- :term:`批归一化`\ 或合适的初始化，如何让普通梯度下降训练得动原本训练不动的网络。
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
# sphinx_gallery_start_ignore
assert count_parameters(Encoder()) == (784 * 256 + 256) + (256 * 64 + 64) + (64 * 10 + 10)
assert count_parameters(Encoder()) == 218_058
assert count_parameters(ResidualBlock(64)) == 2 * (64 * 64 + 64)
# sphinx_gallery_end_ignore

# %%
# 编码器把 784 个数（一张 28×28 的图像）压缩成 10 个数（每个数字一个分数），这是分类器的形状。解码器反过来，
# 是生成模型的形状。残差块要把输入加到输出上，所以宽度保持不变。
#
# 编码器的 218,058 个参数都在哪里？把它打印出来，逐层数一数，再拿 ``NormalizedMLP`` 里的批归一化层作对比：

encoder = Encoder()
print(encoder)
for index, layer in enumerate(encoder.layers):
    print(f"layers[{index}]：{count_parameters(layer):,} 个参数")
batchnorm = NormalizedMLP().layers[1]
print(f"{batchnorm}：{count_parameters(batchnorm)} 个参数")
# sphinx_gallery_start_ignore
assert count_parameters(encoder.layers[0]) == 200_960
assert count_parameters(batchnorm) == 512
# sphinx_gallery_end_ignore

# %%
# 几乎所有参数都集中在最宽的那一层：218,058 个参数中，仅第一个 ``Linear(784, 256)`` 就占了 200,960 个
# （每个输入与每个单元之间一个权重，共 :math:`784\cdot256` 个，再加每个单元一个偏置）；ReLU 层没有参数。
# 批归一化层只给 ``NormalizedMLP`` 增加了 512 个参数：256 个单元各有一个缩放、一个平移。
#
# 一个需要深层网络的任务
# ----------------------
# 两条相互缠绕的螺旋线：直线分不开它们，网络必须把平面弯折许多次。网络对每个点输出一个 :term:`logit` :math:`z`，
# sigmoid 把它变成属于类别 1 的概率 :math:`\hat p = \sigma(z)`；:math:`\hat p > 1/2`，也就是 :math:`z > 0` 时，
# 这个点被判为类别 1。训练用的是二元交叉熵\ :term:`损失函数`，即两个类别时的\ :term:`交叉熵`，
# :math:`L = -[y\ln\hat p + (1-y)\ln(1-\hat p)]`，再对所有点取平均。``nn.BCEWithLogitsLoss`` 直接接收 logit，一步完成这两件事。

X, labels = two_spirals(200, seed=SEED)
y = labels.float().unsqueeze(1)  # (400, 1)
loss_fn = nn.BCEWithLogitsLoss()


def accuracy(model: nn.Module) -> float:
    model.eval()  # 评估时，批归一化使用训练中累计的统计量
    with torch.no_grad():
        return ((model(X) > 0).float() == y).float().mean().item()


def train(model: nn.Module, optimizer: torch.optim.Optimizer, epochs: int) -> list[float]:
    return fit_full_batch(model, X, y, loss_fn=loss_fn, optimizer=optimizer, epochs=epochs)


def losses_at(losses: list[float], epochs: tuple[int, ...]) -> str:
    """``epochs`` 中每一轮（从 1 数起）的损失，格式为“轮次: 损失”。"""
    return ", ".join(f"{epoch}: {losses[epoch - 1]:.3f}" for epoch in epochs)


# %%
# 实验一：有无残差连接的深层网络
# ------------------------------
# 两个网络都有 30 个隐藏层、每层 32 个 ReLU 单元，唯一的区别是第二个网络把每个隐藏层的输入加到它的输出上：
# :math:`\mathbf{h}_{k+1} = \mathbf{h}_k + F(\mathbf{h}_k)`\ （第一层除外：它的 2 个输入没法和 32 个输出相加）。
# 两者的训练方式完全相同：:term:`Adam 优化器`，学习率 :math:`10^{-3}`，400 轮。我们打印初始输出在 400 个点上的变化幅度
# （即它的标准差，下文称\ *离散程度*），以及几个轮次的损失。

DEPTH = 30
print(f"ln 2 = {math.log(2):.3f}：对每个点都预测 1/2 时的损失")
curves, deep_models = {}, {}
for residual in (False, True):
    name = "残差网络" if residual else "普通网络"
    torch.manual_seed(SEED)
    model = DeepMLP(2, 32, 1, depth=DEPTH, residual=residual)
    with torch.no_grad():
        spread = model(X).std().item()  # 输出在 400 个样本上的离散程度
    curves[residual] = train(model, torch.optim.Adam(model.parameters(), lr=1e-3), epochs=400)
    deep_models[residual] = model
    print(f"{name}：初始输出的离散程度 {spread:.1e}，准确率 {accuracy(model):.1%}")
    print(f"  各轮损失 {losses_at(curves[residual], (1, 50, 100, 200, 300, 400))}")
    # sphinx_gallery_start_ignore
    assert f"{spread:.1e}" == ("2.9e+01" if residual else "0.0e+00")
    # sphinx_gallery_end_ignore
# sphinx_gallery_start_ignore
plain, residual_curve = curves[False], curves[True]
assert f"{accuracy(deep_models[False]):.1%}" == "50.0%"
assert {f"{loss:.3f}" for loss in plain} == {"0.693", "0.694"}
assert f"{plain[0]:.3f}" == "0.694"
assert f"{plain[-1]:.3f}" == "0.693"
assert f"{accuracy(deep_models[True]):.1%}" == "97.5%"
assert [f"{residual_curve[epoch - 1]:.3f}" for epoch in (1, 50, 100, 200, 300, 400)] == [
    "114.985", "0.670", "0.635", "0.570", "0.211", "0.049",
]  # fmt: skip
assert max(residual_curve[49:250]) < math.log(2)  # 200 轮里一直略低于 ln 2，缓慢下降
assert min(residual_curve[49:250]) > 0.45
assert len(deep_models[True].hidden) - 1 == 29  # 相加的次数：除第一层外的每个隐藏层
# 传回普通网络第一层的梯度几乎消失殆尽
torch.manual_seed(SEED)
check = DeepMLP(2, 32, 1, depth=DEPTH)
loss_fn(check(X), y).backward()
assert check.hidden[0][0].weight.grad.norm() < 1e-6 * check.hidden[-1][0].weight.grad.norm()
# sphinx_gallery_end_ignore

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
# 还没开始训练，普通网络对 400 个输入给出的输出就完全相同：离散程度打印出来是 0.0e+00。这是把第 03 章实验二推到
# 30 层的结果：在 PyTorch 默认的初始化下，信号每经过一层就缩小到约 0.4 倍，到了输出端已经不剩一点输入的信息，
# 传回前面几层的梯度也几乎消失殆尽（:term:`梯度消失`）。一个对所有输入都给出同一个答案的网络，最多只能对每个点都预测
# :math:`\hat p = 1/2`，损失为 :math:`\ln 2 \approx 0.693`\ （两类点各占一半），普通网络也始终没有离开这个值：
# 每一轮的损失打印出来都是 0.694 或 0.693（第 1 轮 0.694，第 400 轮 0.693），准确率 50.0%，与瞎猜无异。
#
# 残差网络从每个隐藏层到输出都有一条恒等通路，信号和梯度都能到达每一层。它的损失曲线分三个阶段。
# 起点非常高，第 1 轮为 114.985：29 次相加让初始输出变得很大（离散程度为 2.9e+01），而一个很大的 logit
# 一旦落在错误的一侧，损失也就很大。Adam 在第 50 轮前把损失降到 0.670，略低于 :math:`\ln 2`。
# 此后约 200 轮，损失只是缓慢下降（第 100 轮 0.635，第 200 轮 0.570），然后网络才找到两条螺旋线：
# 第 300 轮 0.211，第 400 轮 0.049，准确率 97.5%。
#
# 实验二：有无批归一化
# --------------------
# 这次用 8 个隐藏层、每层 32 个 ReLU 单元，以普通的全批量\ :term:`梯度下降`\ 训练（学习率 0.05，500 轮），共三种做法：
# 保持原样；在每个隐藏层先对预激活值按批做归一化，:math:`\hat z = (z - \mu_{\text{batch}})/\sigma_{\text{batch}}`，
# 再做一次可学习的缩放和平移（``batchnorm=True``）；不做归一化，但改用第 03 章的 Kaiming 初始化
# （:func:`nnguide.architectures.kaiming_init` 就是那里写的函数）。我们一次用全部 400 个点训练，所以这里的“批”
# 就是整个训练集；用\ :term:`小批量`\ 训练时，批归一化在每个小批量上做归一化。

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
        f"{names[variant]}：初始输出的离散程度 {spreads[variant]:.1e}，准确率 {accuracy(model):.1%}"
    )
    print(f"  各轮损失 {losses_at(bn_curves[variant], (1, 50, 100, 200, 300, 400, 500))}")
    late = bn_curves[variant][100:]  # 第 101 至 500 轮
    highest = max(late)
    print(f"  第 100 轮之后的最高损失：{highest:.3f}，在第 {101 + late.index(highest)} 轮")
# sphinx_gallery_start_ignore
shown = (1, 50, 100, 200, 300, 400, 500)
printed = {variant: [f"{bn_curves[variant][e - 1]:.3f}" for e in shown] for variant in variants}
assert [f"{spreads[variant]:.1e}" for variant in variants] == ["7.4e-05", "3.3e-01", "6.2e-01"]
assert min(spreads["batchnorm"], spreads["kaiming"]) > 1000 * spreads["plain"]
assert [f"{accuracy(bn_models[variant]):.1%}" for variant in variants] == [
    "51.5%", "99.3%", "98.8%",
]  # fmt: skip
assert {f"{loss:.3f}" for loss in bn_curves["plain"]} <= {"0.693", "0.694"}
assert printed["batchnorm"] == ["0.695", "0.119", "0.057", "0.036", "0.019", "0.013", "0.029"]
assert printed["kaiming"] == ["0.861", "0.651", "0.639", "0.568", "0.293", "0.072", "0.039"]
bn, kai = bn_curves["batchnorm"], bn_curves["kaiming"]
ln2 = math.log(2)
# 批归一化下降最快：打印出的每一轮都低于 Kaiming
assert all(bn[e - 1] < kai[e - 1] for e in shown)
# 批归一化：小的起伏；第 447 轮跳到比起点还高，随后很快回到 0.1 以下
assert max(bn[50:440]) < 0.2
assert max(bn[100:]) == bn[446] > bn[0]
assert max(bn[455:]) < 0.1
# Kaiming：5 轮内降到 ln 2 以下；第 270 至 340 轮四次跳到 ln 2 以上；370 轮后趋于平稳
assert max(kai[4:273]) < ln2
assert [epoch + 1 for epoch in range(100, 500) if kai[epoch] > ln2] == [274, 292, 313, 333]
assert 0.3 < max(kai[360:370]) < ln2
assert max(kai[370:]) < 0.12
# sphinx_gallery_end_ignore

fig, ax = plt.subplots(layout="constrained")
for variant in variants:
    plot_curve(bn_curves[variant], lang=LANG, ylabel="loss", ax=ax, name=names[variant])
ax.set_title("8 个隐藏层，普通梯度下降")
plt.show()

# %%
# 普通网络一开始的输出几乎不随输入变化：它的离散程度为 7.4e-05，比另外两种（3.3e-01 和 6.2e-01）小几千倍。
# 普通梯度下降拿它毫无办法，500 轮都没有进展：损失一直停在 :math:`\ln 2`，准确率 51.5%。
#
# 批归一化在每个隐藏层都按批重新标准化，所以无论权重如何，传到下一层的信号都保持单位尺度，也仍然能区分不同的点：
# 信号不会衰减殆尽。有了它，损失下降得最快：第 50 轮 0.119，第 100 轮 0.057，第 400 轮 0.013。不过它并不是稳步下降的：
# 曲线上有不少小的起伏，临近结束时损失还在第 447 轮猛地跳到 1.101，比起点（0.695）还高。几轮之后它又降了回来，
# 最终为 0.029，准确率 99.3%。
#
# Kaiming 初始化从另一头治好了同一个网络：它选的权重本身就能保持信号的尺度，这个网络同样训练得动，只是慢得多。
# 它的损失从 0.861 开始，几轮之内就降到 :math:`\ln 2`\ （普通网络那条水平线）以下，然后缓慢下降：第 50 轮 0.651，
# 第 100 轮 0.639（此时批归一化网络已是 0.057），第 200 轮 0.568。之后才下降得快一些，第 300 轮为 0.293；
# 途中它在第 270 至 340 轮之间四次跳到 :math:`\ln 2` 以上，最高在第 333 轮达到 1.240。第 370 轮附近最后一次、
# 幅度较小的跳动之后，它才平稳下来，最终为 0.039，准确率 98.8%。
#
# 这些曲线上的每一次跳动，都是梯度下降走过了头。每一步都把参数移动梯度的 0.05 倍；在损失曲面弯曲得厉害的地方，
# 这样一步会落到比出发点更高的位置，接下来的几步再把损失降回来。初始化只决定起点的权重，批归一化则不同，
# 它在训练中权重不断变化时仍持续重新标准化。常见的说法是它减少了“内部协变量偏移”，这一解释存在争议，
# 而且并不是这个实验所展示的。
#
# 小结
# ----
# - 编码器逐层变窄（从图像到类别分数），解码器逐层变宽。``nn.Linear`` 的每个输入与每个输出之间有一个权重，
#   每个输出还有一个偏置，所以编码器的参数大多集中在它最大的第一层。
# - 在 PyTorch 默认的初始化下，很深的普通 ReLU 网络可能完全训练不动：信号和梯度逐层衰减，网络对每个输入给出相同的输出，
#   损失停在 :math:`\ln 2`。
# - 残差连接 :math:`\mathbf{x} + F(\mathbf{x})` 为信号和梯度提供了一条贯穿任意深度的恒等通路；残差块必须保持宽度不变。
# - 批归一化在每个隐藏层按批重新标准化；有了它，或者改用 Kaiming 初始化，普通梯度下降就能训练原本训练不动的网络。
#   评估模式下，它使用训练中累计的统计量。
# - 损失曲线不一定平滑：学习率固定时，某一步可能走过头，损失先跳高再降下来，所以要看整条曲线，而不是某一轮的值。
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
#       学得动。它一开始的输出已经随输入变化，同样 400 轮的 Adam 训练就能分开两条螺旋线：最终损失为 4.6e-04，
#       准确率 100.0%。对这个 30 层的普通网络来说，初始化决定了它能不能训练；在默认初始化下，
#       则需要残差连接（实验一）或批归一化（实验二）。
#
# 5. 把两种做法结合起来。写一个类 ``ResidualBNBlock(dim)``：它像 ``ResidualBlock`` 一样返回
#    :math:`\mathbf{x} + F(\mathbf{x})`，并把 :math:`F` 存在 ``self.layers`` 中，只是
#    :math:`F` = ``Linear → BatchNorm1d → ReLU → Linear``。``ResidualBNBlock(32)`` 有多少个参数？然后把 15 个这样的块
#    （共 30 个线性层，和实验一的网络一样深）叠在 ``nn.Linear(2, 32)`` 与 ``nn.Linear(32, 1)`` 之间，
#    像实验二那样用普通梯度下降训练：学习率 0.05，500 轮。它学得动吗？
#
#    .. dropdown:: 答案
#
#       .. code-block:: python
#          :name: exercise-06-residual-batchnorm
#
#          class ResidualBNBlock(nn.Module):
#              """x + F(x)，其中 F = Linear → BatchNorm → ReLU → Linear。"""
#
#              def __init__(self, dim: int) -> None:
#                  super().__init__()
#                  self.layers = nn.Sequential(
#                      nn.Linear(dim, dim), nn.BatchNorm1d(dim), nn.ReLU(), nn.Linear(dim, dim)
#                  )
#
#              def forward(self, x: torch.Tensor) -> torch.Tensor:
#                  return x + self.layers(x)  # (n, dim) -> (n, dim)
#
#
#          print(f"ResidualBNBlock(32)：{count_parameters(ResidualBNBlock(32)):,} 个参数")
#          torch.manual_seed(SEED)
#          blocks = [ResidualBNBlock(32) for _ in range(15)]  # 30 个线性层
#          model = nn.Sequential(nn.Linear(2, 32), *blocks, nn.Linear(32, 1))
#          losses = train(model, torch.optim.SGD(model.parameters(), lr=0.05), epochs=500)
#          print(f"最终损失 {losses[-1]:.3f}，准确率 {accuracy(model):.1%}")
#
#       每个块有两个 ``Linear(32, 32)``，共 :math:`2\cdot(32\cdot32+32) = 2\,112` 个参数，还有一个
#       ``BatchNorm1d(32)``，每个单元一个缩放、一个平移，共 64 个：合计 2,176 个。这个网络学得动：
#       它打印出的最终损失为 0.011，准确率 99.8%。普通梯度下降训练得动这 30 个线性层，
#       却训练不动实验二中默认初始化下只有 8 层的普通网络。
