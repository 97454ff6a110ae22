r"""
网络结构设计模式
================

层的排列方式与层数同样重要。本章搭建\ :ref:`原教程 <source-tutorial>`\ 中的四种结构模式，打印它们的输入输出形状和参数个数，再用两个实验说明后两种模式的用处。
读完本章，你会了解：

- *编码器*\ （逐层变窄）和\ *解码器*\ （逐层变宽）的形状，以及各自的用途；
- 如何统计网络的参数个数，以及参数都集中在哪里；
- 很深的普通多层感知机可能完全训练不动，而\ :term:`残差连接`\ 能解决这个问题；
- :term:`批量规范化`\ 或合适的初始化，如何让梯度下降训练得动原本训练不动的网络。
"""

# %%
# 四种模式
# --------
# 原教程把四种模式分别写成一个 ``nn.Module`` 类：*编码器*\ 逐层变窄，*解码器*\ 逐层变宽，*残差块*\ 把输入加到输出上，
# *带批量规范化的*\ 多层感知机则在每个\ :term:`小批量`\ 上对一个隐藏层做标准化（``nn.BatchNorm1d``，实验二会解释）。
# :mod:`nnguide.architectures` 中有同样的类，只是多了输入检查。

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.architectures import DeepMLP, count_parameters, kaiming_init
from nnguide.datasets import two_spirals
from nnguide.diagrams import draw_residual_block
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
    """784 → 256 → BatchNorm → ReLU → 10。"""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # (n, 784) -> (n, 10)


# %%
# 我们给每个网络输入一个含 32 个样本的小批量，打印输入和输出的形状，以及可训练参数的个数。

patterns = {
    "编码器（逐层变窄）": (Encoder(), torch.randn(32, 784)),
    "解码器（逐层变宽）": (Decoder(), torch.randn(32, 10)),
    "残差块 ResidualBlock(64)": (ResidualBlock(64), torch.randn(32, 64)),
    "批量规范化 NormalizedMLP": (NormalizedMLP(), torch.randn(32, 784)),
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
# 编码器把 784 个数（一张 28×28 的图像）压缩成 10 个数（每个数字一个分数），这是分类器的典型形状；解码器正好相反，
# 是生成模型的典型形状。残差块要把输入加到输出上，所以宽度保持不变。下图逐层画出了 ``ResidualBlock``：

fig = draw_residual_block(lang=LANG)
plt.show()

# %%
# 输入 :math:`\mathbf{x}` 分成两路：一路经过 ``self.layers``\ （即 ``Linear → ReLU → Linear``），算出 :math:`F(\mathbf{x})`；
# 另一路是\ :term:`残差连接`，让 :math:`\mathbf{x}` 原样绕过这几层。图中的圆圈把两路相加，残差块直接返回这个和，
# 相加之后不再经过激活函数。当 :math:`F(\mathbf{x}) = 0` 时，残差块把输入原样传下去：:math:`F` 只需算出要加到
# :math:`\mathbf{x}` 上的那部分，即\ *残差*，残差块由此得名。下面的实验一将说明残差连接对深层网络有什么用。
#
# 编码器的 218,058 个参数都分布在哪里？下面打印编码器，逐层统计参数个数，并与 ``NormalizedMLP`` 中的批量规范化层作对比：

encoder = Encoder()
print(encoder)
for index, layer in enumerate(encoder.layers):
    print(f"layers[{index}]：{count_parameters(layer):,} 个参数")
batchnorm = NormalizedMLP().layers[1]
print(f"nn.BatchNorm1d(256)：{count_parameters(batchnorm)} 个参数")
# sphinx_gallery_start_ignore
assert count_parameters(encoder.layers[0]) == 200_960
assert count_parameters(batchnorm) == 512
# sphinx_gallery_end_ignore

# %%
# 几乎所有参数都集中在最宽的那一层：在 218,058 个参数中，仅第一个 ``Linear(784, 256)`` 就占了 200,960 个
# （每个输入与每个单元之间有一个权重，共 :math:`784\cdot256` 个，每个单元还有一个偏置）；ReLU 层没有参数。
# 批量规范化层只给 ``NormalizedMLP`` 增加了 512 个参数：256 个单元各有一个缩放参数和一个平移参数。
#
# 一个需要深层网络的任务
# ----------------------
# 任务是区分两条相互缠绕的螺旋线：一条直线分不开它们，网络必须把平面弯折许多次。网络对每个点输出一个 :term:`logit` :math:`z`，
# sigmoid 把它变成该点属于类别 1 的概率 :math:`\hat p = \sigma(z)`；当 :math:`\hat p > 1/2`，即 :math:`z > 0` 时，
# 这个点被判为类别 1。训练使用二元交叉熵\ :term:`损失函数`，即只有两个类别时的\ :term:`交叉熵`
# :math:`L = -[y\ln\hat p + (1-y)\ln(1-\hat p)]`，再对所有点取平均。``nn.BCEWithLogitsLoss`` 直接接收 logit，
# 一步完成 sigmoid 和交叉熵这两件事。

X, labels = two_spirals(200, seed=SEED)
y = labels.float().unsqueeze(1)  # (400, 1)
loss_fn = nn.BCEWithLogitsLoss()


def accuracy(model: nn.Module) -> float:
    model.eval()  # 评估模式会改变批量规范化层的行为（见实验二）
    with torch.no_grad():
        return ((model(X) > 0).float() == y).float().mean().item()


def train(model: nn.Module, optimizer: torch.optim.Optimizer, epochs: int) -> list[float]:
    return fit_full_batch(model, X, y, loss_fn=loss_fn, optimizer=optimizer, epochs=epochs)


def losses_at(losses: list[float], epochs: tuple[int, ...]) -> str:
    """``epochs`` 中每一轮（从 1 数起）的损失，格式为“第 1 轮 0.694”。"""
    return "，".join(f"第 {epoch} 轮 {losses[epoch - 1]:.3f}" for epoch in epochs)


def mark_ln2(ax: plt.Axes, x: float) -> None:
    """把 ln 2（对每个点都预测 1/2 时的损失）画成一条虚线，在横坐标 ``x`` 处标注。"""
    ax.axhline(math.log(2), color="0.3", linestyle=(0, (4, 4)), linewidth=1)  # 画在曲线之上
    ax.annotate(
        rf"$\ln 2 \approx {math.log(2):.3f}$",
        (x, math.log(2)),
        xytext=(0, 3),  # 线上方 3 磅
        textcoords="offset points",
        va="bottom",
    )


# %%
# 实验一：有无残差连接的深层网络
# ------------------------------
# 两个网络都有 30 个隐藏层、每层 32 个 ReLU 单元，唯一的区别是第二个网络把每个隐藏层的输入加到它的输出上：
# :math:`\mathbf{h}_{k+1} = \mathbf{h}_k + F(\mathbf{h}_k)`\ （第一层除外：它的 2 个输入无法与 32 个输出相加）。
# 两个网络都由 nnguide 的 ``DeepMLP(2, 32, 1, depth=30)`` 搭建（2 个输入，每层 32 个单元，1 个输出）；
# 这里的 :math:`F` 只是一个 ``Linear → ReLU``，而不像 ``ResidualBlock`` 那样含两个 ``Linear``。
# 两者的训练方式完全相同：:term:`Adam 优化器`，学习率 :math:`10^{-3}`，训练 400 轮。我们打印初始输出在 400 个点上的标准差
# （它衡量输出随输入变化的幅度，下文称\ *离散程度*），以及其中几轮的损失。

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
    print(f"  损失：{losses_at(curves[residual], (1, 50, 100, 200, 300, 400))}")
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
assert max(residual_curve[5:]) == residual_curve[8]  # 第 6 轮之后又升了回去……
assert f"{residual_curve[8]:.2f}" == "9.45"  # ……第 9 轮升到 9.45
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
ax_loss.set(title=f"{DEPTH} 个隐藏层：训练损失", ylabel="损失（对数刻度）")
mark_ln2(ax_loss, x=230)
for ax, residual in ((ax_plain, False), (ax_residual, True)):
    plot_decision_boundary(
        lambda points, m=deep_models[residual]: m(points) > 0,
        X,
        labels,
        lang=LANG,
        ax=ax,
        legend=False,
    )
    name = "残差网络" if residual else "普通网络"
    ax.set_title(f"{name}：准确率 {accuracy(deep_models[residual]):.1%}")
# 借用残差网络那幅子图的图例：普通网络画不出决策边界
fig.legend(*ax_residual.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    f"上图是两个各有 {DEPTH} 个隐藏层的网络在 400 轮训练中的损失（对数刻度）：普通网络的损失始终停在虚线所示的 ln 2 ≈ 0.693；"
    "残差网络的损失从 100 以上开始，在略低于 ln 2 处缓慢下降约 200 轮，最后降到 0.049。"
    "下面两幅图按各网络的预测给平面着色，并画出两条螺旋线：普通网络处处预测类别 0；残差网络的决策边界顺着螺旋线弯曲。"
)
plane = torch.cartesian_prod(torch.linspace(-1.6, 1.6, 81), torch.linspace(-1.6, 1.6, 81))
with torch.no_grad():
    assert (deep_models[False](plane) <= 0).all()  # 图中整个平面都是类别 0
# sphinx_gallery_end_ignore

# %%
# 训练开始之前，普通网络对 400 个输入给出的输出就完全相同：打印出的离散程度是 0.0e+00。这是把\ :doc:`第 3 章 <plot_03_activations>`\ 的实验二
# 推广到 30 层的结果：在 PyTorch 默认的初始化下，信号每经过一层就缩小到约 0.4 倍，到达输出端时已不含任何关于输入的信息；
# 梯度在传回前面几层的途中也逐层衰减（:term:`梯度消失`）。对所有输入都给出同一个答案的网络，最好也只能对每个点都预测
# :math:`\hat p = 1/2`，此时损失为 :math:`\ln 2 \approx 0.693`。普通网络的损失也始终停在这个值：
# 打印出的各轮损失都是 0.694 或 0.693，准确率为 50.0%，与随机猜测无异。它的子图只有一种颜色：它处处预测类别 0，
# 所以没有决策边界可画。
#
# 在残差网络中，每个隐藏层都经由残差连接直通输出，所以信号和梯度都能到达每一层。它的损失起点非常高，第 1 轮为 114.985：
# 29 次相加使初始输出变得很大（离散程度为 2.9e+01），而一个绝对值很大的 logit 一旦落在错误的一侧，损失也会很大。
# Adam 让损失迅速下降，但途中有反复（第 9 轮又升回 9.45），到第 50 轮降到 0.670，略低于 :math:`\ln 2`。
# 此后约 200 轮，损失只是缓慢下降（第 100 轮为 0.635，第 200 轮为 0.570），然后网络才学会区分两条螺旋线：
# 损失在第 300 轮降到 0.211，第 400 轮降到 0.049，准确率为 97.5%。
#
# 实验二：有无批量规范化
# ----------------------
# 这次的网络有 8 个隐藏层，每层 32 个 ReLU 单元，用全批量\ :term:`梯度下降`\ 训练（``torch.optim.SGD``，学习率 0.05，500 轮），
# 比较三种做法：
# 保持原样；在每个隐藏层先把预激活值在小批量上标准化，:math:`\hat z = (z - \mu_{\text{batch}})/\sigma_{\text{batch}}`，
# 再做一次可学习的缩放和平移（``batchnorm=True``）；不做标准化，但改用第 3 章的 Kaiming 初始化
# （:func:`~nnguide.architectures.kaiming_init`）。我们一次用全部 400 个点训练，所以这里的小批量就是整个训练集；
# 若按通常的做法用小批量训练，批量规范化就在每个小批量上分别做标准化。

variants = {  # 名称：（是否批量规范化，是否 Kaiming 初始化）
    "默认初始化，无批量规范化": (False, False),
    "批量规范化": (True, False),
    "Kaiming 初始化": (False, True),
}
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
    print(f"{variant}：初始输出的离散程度 {spreads[variant]:.1e}，准确率 {accuracy(model):.1%}")
    print(f"  损失：{losses_at(bn_curves[variant], (1, 50, 100, 200, 300, 400, 500))}")
    late = bn_curves[variant][100:]  # 第 101 至 500 轮
    highest = max(late)
    print(f"  第 100 轮之后的最高损失：{highest:.3f}，出现在第 {101 + late.index(highest)} 轮")
# sphinx_gallery_start_ignore
shown = (1, 50, 100, 200, 300, 400, 500)
flat, bn, kai = bn_curves.values()  # 默认初始化、批量规范化、Kaiming 初始化
assert [f"{s:.1e}" for s in spreads.values()] == ["7.4e-05", "3.3e-01", "6.2e-01"]
spread_flat, spread_bn, spread_kai = spreads.values()
assert min(spread_bn, spread_kai) > 1000 * spread_flat
assert [f"{accuracy(model):.1%}" for model in bn_models.values()] == [
    "51.5%", "99.3%", "98.8%",
]  # fmt: skip
assert {f"{loss:.3f}" for loss in flat} <= {"0.693", "0.694"}
assert [f"{bn[e - 1]:.3f}" for e in shown] == [
    "0.695", "0.119", "0.057", "0.036", "0.019", "0.013", "0.029",
]  # fmt: skip
assert [f"{kai[e - 1]:.3f}" for e in shown] == [
    "0.861", "0.651", "0.639", "0.568", "0.293", "0.072", "0.039",
]  # fmt: skip
ln2 = math.log(2)
# 批量规范化下降最快：打印出的每一轮都低于 Kaiming 初始化
assert all(bn[e - 1] < kai[e - 1] for e in shown)
# 批量规范化：有小的起伏；第 447 轮跳到比起点还高，随后很快回到 0.1 以下
assert max(bn[50:440]) < 0.2
assert max(bn[100:]) == bn[446] > bn[0]
assert max(bn[455:]) < 0.1
# Kaiming 初始化：到第 200 轮都下降缓慢，之后下降加快，途中几次跳到 ln 2 以上
assert max(kai[4:200]) < ln2
assert (f"{max(bn[100:]):.3f}", f"{max(kai[100:]):.3f}") == ("1.101", "1.240")  # 与打印一致
assert len([loss for loss in kai[200:] if loss > ln2]) > 2
# sphinx_gallery_end_ignore

fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 4.6), layout="constrained")
for variant in variants:
    plot_curve(bn_curves[variant], lang=LANG, ylabel="loss", ax=ax, name=variant)
ax.set_title("8 个隐藏层：全批量梯度下降的训练损失")
mark_ln2(ax, x=100)
ax.get_legend().remove()  # 改在图的下方放一个图例，以免遮挡曲线
fig.legend(loc="outside lower center")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "三个各有 8 个隐藏层的网络在 500 轮梯度下降中的训练损失。采用默认初始化、不用批量规范化时，损失始终停在虚线所示的 ln 2 ≈ 0.693。"
    "使用批量规范化时，损失下降最快，途中有小的起伏，并在第 447 轮跳到比起点还高。"
    "采用 Kaiming 初始化时，损失到第 200 轮都下降缓慢，之后下降加快，途中几次跳到 ln 2 以上。"
)
# sphinx_gallery_end_ignore

# %%
# 不用批量规范化、采用 PyTorch 默认初始化时，网络一开始的输出几乎不随输入变化：离散程度为 7.4e-05，
# 比另外两种做法（3.3e-01 和 6.2e-01）小几千倍。梯度下降拿它毫无办法，训练 500 轮也没有进展：
# 打印出的各轮损失都在 :math:`\ln 2` 附近（0.694 或 0.693），最终准确率为 51.5%。
#
# 批量规范化在每个隐藏层都重新做一次标准化：无论权重如何，在可学习的缩放和平移之前，每个单元的值在小批量内的均值都是 0、
# 方差都是 1，所以信号不会衰减殆尽。有了它，损失下降得最快：第 50 轮为 0.119，第 100 轮为 0.057，第 400 轮为 0.013。
# 不过损失并不是稳步下降的：曲线上有不少小的起伏，临近结束时，损失还在第 447 轮猛地跳到 1.101，比起点（0.695）还高。
# 几轮之后它又降了回来，最终为 0.029，准确率为 99.3%。
#
# Kaiming 初始化从另一个方面解决同一个问题：它选取的初始权重本身就能保持信号的尺度。这个网络同样训练得动，只是慢得多：
# 损失从第 50 轮的 0.651 缓慢降到第 200 轮的 0.568，而此时批量规范化网络的损失已经是 0.036。之后损失下降得快一些，
# 途中几次跳到 :math:`\ln 2` 以上（最高是第 333 轮的 1.240），最终为 0.039，准确率为 98.8%。初始化只决定训练的起点；
# 批量规范化则在整个训练过程中随着权重的变化不断重新标准化。
#
# 学习率固定时，这样的跳动很常见：每一步都把参数沿负梯度方向移动，步长是梯度的 0.05 倍；在损失曲面弯曲剧烈的地方，
# 一步就可能落到比出发点更高的位置，随后的几步再把损失降回来。
#
# 小结
# ----
# - 编码器逐层变窄（从图像到类别分数），解码器逐层变宽。全连接层 ``nn.Linear`` 的每个输入与每个输出之间有一个权重，
#   每个输出还有一个偏置，所以编码器的参数大多集中在它最大的第一层。
# - 在 PyTorch 默认的初始化下，很深的普通 ReLU 网络可能完全训练不动：信号和梯度逐层衰减，网络对每个输入给出相同的输出，
#   损失停在 :math:`\ln 2`。
# - 残差连接 :math:`\mathbf{x} + F(\mathbf{x})` 让信号和梯度原样穿过任意多层；残差块必须保持宽度不变。
# - 批量规范化在每个隐藏层按小批量重新做标准化；有了它，或者改用 Kaiming 初始化，梯度下降就能训练原本训练不动的网络。
#   在评估模式下，批量规范化使用训练期间累计的统计量。
# - 损失曲线不一定平滑：学习率固定时，某一步可能走过头，损失先跳高再降下来，所以要看整条曲线，而不是某一轮的值。
#
# 练习
# ----
# 1. 解码器有多少个参数？先手算，再用 ``count_parameters`` 验证。
#
#    .. dropdown:: 答案
#
#       :math:`(10\cdot64+64) + (64\cdot256+256) + (256\cdot784+784) = 704 + 16{,}640 + 201{,}488 =
#       218{,}832`：比编码器的 218,058 个多 774 个。两者的权重个数相同，偏置个数则分别是 :math:`64+256+784 = 1104`
#       和 :math:`256+64+10 = 330`。
#
# 2. 为什么残差块必须保持宽度不变？
#
#    .. dropdown:: 答案
#
#       :math:`\mathbf{x} + F(\mathbf{x})` 是两个向量相加，所以 :math:`F(\mathbf{x})` 必须与 :math:`\mathbf{x}`
#       形状相同。
#
# 3. 在训练模式下（``model.train()``）让实验二中使用批量规范化的网络 ``bn_models["批量规范化"]`` 只处理一个样本 ``X[:1]``，
#    会发生什么？``accuracy`` 为什么要先调用 ``model.eval()``？
#
#    .. dropdown:: 答案
#
#       PyTorch 会报错：只有一个样本时，无法计算小批量内的方差，也就无法做标准化。在评估模式下，批量规范化使用训练期间
#       累计的均值和方差，所以一个样本的输出不取决于与它同在一个小批量中的是哪些样本。
#
# 4. 给实验一的普通网络换上 Kaiming 初始化（创建网络之后紧接着调用 ``kaiming_init(model)``）。这回它训练得动吗？
#
#    .. dropdown:: 答案
#
#       训练得动。它一开始的输出就已随输入变化，同样用 Adam 训练 400 轮就能分开两条螺旋线：运行一下可以看到，
#       最终损失为 4.6e-04，准确率为 100.0%。对这个 30 层的普通网络来说，能否训练完全取决于初始化。
#
# 5. 把两种做法结合起来。编写一个类 ``ResidualBNBlock(dim)``：它像 ``ResidualBlock`` 一样返回
#    :math:`\mathbf{x} + F(\mathbf{x})`，并把 :math:`F` 存在 ``self.layers`` 中，只是这里
#    :math:`F` = ``Linear → BatchNorm1d → ReLU → Linear``。``ResidualBNBlock(32)`` 有多少个参数？然后把 15 个这样的块
#    叠在 ``nn.Linear(2, 32)`` 与 ``nn.Linear(32, 1)`` 之间（连同首尾两层共 32 个全连接层，比实验一的网络多一个），
#    像实验二那样用梯度下降训练：学习率 0.05，500 轮。它训练得动吗？
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
#          blocks = [ResidualBNBlock(32) for _ in range(15)]  # 块内共 30 个全连接层
#          model = nn.Sequential(nn.Linear(2, 32), *blocks, nn.Linear(32, 1))
#          losses = train(model, torch.optim.SGD(model.parameters(), lr=0.05), epochs=500)
#          print(f"最终损失 {losses[-1]:.3f}，准确率 {accuracy(model):.1%}")
#
#       每个块有两个 ``Linear(32, 32)``，共 :math:`2\cdot(32\cdot32+32) = 2112` 个参数；还有一个
#       ``BatchNorm1d(32)``，每个单元一个缩放参数和一个平移参数，共 64 个：合计 2176 个。这个网络训练得动：
#       它打印出的最终损失为 0.011，准确率为 99.8%。梯度下降能训练这 32 个全连接层，
#       却训练不动实验二中采用默认初始化、只有 8 个隐藏层的普通网络。
