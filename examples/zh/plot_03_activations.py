r"""
激活函数
========

没有\ :term:`激活函数`，层数再多，网络也只相当于一个线性映射，能学到的东西不会比\ :term:`感知机`\ 更多。
本章比较五种常用的激活函数，并通过实验检验关于它们的几种说法。读完本章，你会了解：

- :term:`sigmoid`、tanh、:term:`ReLU`、LeakyReLU 和 GELU 的函数曲线，以及它们导数的曲线；
- 为什么梯度在深层 sigmoid 网络中会\ *消失*，以及怎样逐层测量梯度来验证这一点；
- 为什么深层 ReLU 网络要有合适的\ *初始化*\ （Kaiming 初始化，也叫 He 初始化）才能把信号逐层传下去；
- 什么是死亡单元，ReLU 单元在什么情况下会死亡，LeakyReLU 又如何避免这个问题。
"""

# %%
# 曲线与导数
# ----------
# 本章要用到微积分中的两个概念。\ *导数* :math:`f'(x)` 是曲线 :math:`f` 在 :math:`x` 处的斜率：:math:`x`
# 变化一个很小的量 :math:`\delta` 时，:math:`f(x)` 大约变化 :math:`f'(x)\,\delta`。\ *链式法则*\ 是说：几个函数依次复合时，
# 复合函数的导数等于各个函数导数的乘积，即 :math:`(g(f(x)))' = g'(f(x))\,f'(x)`。神经网络正是这样一个复合函数。
# :term:`反向传播`\ 利用链式法则计算损失的\ :term:`梯度`\ （第 2 章简单介绍过，第 4 章会详细推导），因此每经过一层都要乘上激活函数的导数。
# 可见激活函数的导数与函数本身同样重要。自动微分只需一次反向传播，就能算出 501 个点上的导数：每个输出 :math:`f(x_i)`
# 只依赖于 :math:`x_i`，所以这些输出之和对 :math:`x_i` 的偏导数就是 :math:`f'(x_i)`。

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.activations import ACTIVATIONS, gradient_norms
from nnguide.architectures import DeepMLP
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib

LANG = "zh"  # 本页图中文字的语言
SEED = 0
configure_matplotlib(LANG)
# 图例和打印输出中使用的名称，与正文的写法一致
NAMES = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "gelu": "GELU",
}

# 两个子图中，每种激活函数各画一条曲线，用颜色和线型区分
fig, (ax_f, ax_df) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 7.6), sharex=True, layout="constrained"
)
max_slope = {}
for name, style in zip(ACTIVATIONS, ["-", "--", "-", ":", "-."], strict=True):
    x = torch.linspace(-5, 5, 501, requires_grad=True)  # 自动微分会记录由 x 出发的全部计算
    y = ACTIVATIONS[name]()(x)  # 501 个点上的 f(x)
    y.sum().backward()  # x.grad[i] = f'(x[i])
    ax_f.plot(x.detach(), y.detach(), linestyle=style, linewidth=2, label=NAMES[name])
    ax_df.plot(x.detach(), x.grad, linestyle=style, linewidth=2, label=NAMES[name])
    max_slope[NAMES[name]] = x.grad.max().item()
    # sphinx_gallery_start_ignore
    if name == "gelu":  # 负半轴上的凹陷，最低点在 x = -0.75 附近，导数在那里变号
        assert abs(x[y.argmin()].item() + 0.75) < 0.05
        assert bool((x.grad[x.detach() < -0.8] < 0).all())
        assert bool((x.grad[x.detach() > -0.7] > 0).all())
    # sphinx_gallery_end_ignore
for ax in (ax_f, ax_df):
    ax.axhline(0, color="k", linewidth=0.5)
    ax.axvline(0, color="k", linewidth=0.5)
    ax.grid(visible=True, alpha=0.3)
ax_f.set_ylim(-1.2, 3.2)  # ReLU 一类的曲线一直上升，会超出子图的上边界
ax_f.set_ylabel("$f(x)$")
ax_f.legend(loc="upper left")
ax_df.set_ylabel("导数 $f'(x)$")
ax_df.set_xlabel("$x$")
fig.suptitle("五种激活函数及其导数")
# sphinx_gallery_start_ignore
fig.set_label(
    "上图：sigmoid、tanh、ReLU、LeakyReLU 和 GELU 在 x 从 −5 到 5 之间的曲线。下图：它们的导数。"
    "sigmoid 和 tanh 的导数都在 x = 0 处取得最大值，分别为 0.25 和 1，|x| 较大时两者都几乎降为 0；"
    "ReLU 的导数在 x = 0 处从 0 跳到 1，LeakyReLU 的导数从 0.1 跳到 1；GELU 的导数在 x ≈ −0.75 左侧为负，"
    "最大值为 1.129。"
)
# sphinx_gallery_end_ignore
plt.show()

for name, slope in max_slope.items():
    print(f"{name:>9}：导数的最大值 {slope:.3f}")
# sphinx_gallery_start_ignore
assert f"{max_slope['sigmoid']:.3f}" == "0.250"
assert f"{max_slope['tanh']:.3f}" == "1.000"
assert max_slope["ReLU"] == max_slope["LeakyReLU"] == 1.0
assert f"{max_slope['GELU']:.3f}" == "1.129"
# sphinx_gallery_end_ignore

# %%
# sigmoid 的导数最大只有 0.25；:math:`|x|` 超过几个单位后，sigmoid 和 tanh 的导数都几乎降为 0，
# 这种现象称为\ *饱和*。ReLU 的导数在 :math:`x > 0` 时恰好为 1，在 :math:`x < 0` 时恰好为 0；LeakyReLU 则在负半轴保留了
# 0.1 的斜率。GELU 可以看作平滑的 ReLU，它在负半轴略低于 0，形成一个小凹陷；在凹陷最低点（:math:`x \approx -0.75`）的左侧，
# GELU 的导数为负；它的导数最大为 1.129，比 1 略大。
#
# 对比表
# ------
#
# .. list-table::
#    :header-rows: 1
#    :widths: 14 30 28 28
#
#    * - 激活函数
#      - 公式
#      - 优点
#      - 缺点
#    * - sigmoid
#      - :math:`\sigma(x) = \dfrac{1}{1+e^{-x}}`
#      - 输出在 :math:`(0, 1)` 之间，可以解释为概率
#      - :term:`梯度消失`\ （:math:`\sigma' \le 0.25`）
#    * - tanh
#      - :math:`\tanh x = \dfrac{e^x-e^{-x}}{e^x+e^{-x}}`
#      - 以零为中心：输出在 :math:`(-1, 1)` 之间，与 :math:`x` 同号
#      - 饱和时同样会梯度消失
#    * - ReLU
#      - :math:`\max(0, x)`
#      - 计算简单；不饱和：在 :math:`x>0` 时导数恒为 1
#      - :term:`死亡单元`：输入对所有样本都为负的单元得不到梯度
#    * - LeakyReLU
#      - :math:`\max(\alpha x, x)`，本章取 :math:`\alpha = 0.1`
#      - 单元不会死亡：:math:`x<0` 时斜率为 :math:`\alpha`
#      - 多了一个需要事先选定的常数 :math:`\alpha`
#    * - GELU
#      - :math:`x\,\Phi(x)`，其中 :math:`\Phi` 是标准正态分布的累积分布函数：:math:`\Phi(x)` 是标准正态随机变量小于
#        :math:`x` 的概率
#      - 平滑；BERT 和 GPT-2 都采用它
#      - 计算量稍大
#
# 下面通过实验检验表中关于梯度和死亡单元的说法。
#
# 实验一：梯度消失
# ----------------
# 我们搭建两个深层网络，都有 10 个隐藏层，每层 64 个单元，两者只有激活函数不同。把同一组随机数据输入两个网络，
# 各做一次反向传播，再用\ *范数*\ 衡量每一层权重梯度的大小：把梯度的所有元素平方后求和，再开平方。
#
# 这样的网络由 :class:`nnguide.architectures.DeepMLP` 搭建：``deep.hidden`` 存放各隐藏层，每层由一个 ``Linear``
# 和激活函数组成；``deep.output`` 是输出层，没有激活函数。它的前向传播就是下面这个循环，最后再经过 ``deep.output``\ （它另有几个选项，留到第 6 章再用）。


def hidden_outputs(deep: DeepMLP, x: torch.Tensor) -> list[torch.Tensor]:
    """返回 ``deep`` 各隐藏层的输出，从紧接输入的一层开始，形状均为 (n, hidden)。"""
    outputs = []
    for layer in deep.hidden:  # 每层是一个 nn.Sequential：先 Linear，再激活函数
        x = layer(x)
        outputs.append(x)
    return outputs  # deep(x) 等于 deep.output(outputs[-1])


X_random = torch.randn(256, 16, generator=torch.Generator().manual_seed(SEED))
y_random = torch.randn(256, 1, generator=torch.Generator().manual_seed(SEED + 1))
DEPTH = 10

norms = {}
for name in ("sigmoid", "relu"):
    torch.manual_seed(SEED)
    deep = DeepMLP(16, 64, 1, depth=DEPTH, activation=name)
    loss = nn.functional.mse_loss(deep(X_random), y_random)
    loss.backward()
    norms[name] = gradient_norms(deep)

layers = range(1, DEPTH + 2)  # 先是各隐藏层，最后是输出层


def label_layers(ax: plt.Axes) -> None:
    """在横轴上标出各层的编号，并标明最后一层是输出层（没有激活函数）。"""
    ax.set_xticks(layers)
    ax.set_xlabel("层号（第 1 层紧接输入）")
    ax.axvspan(DEPTH + 0.5, DEPTH + 1.5, color="0.9", zorder=0)
    ax.annotate(
        "输出层",
        xy=(DEPTH + 1, 0.1),
        xytext=(DEPTH - 0.4, 0.1),
        xycoords=ax.get_xaxis_transform(),  # x 按层号计，y 按坐标区高度的比例计
        ha="right",
        va="center",
        arrowprops={"arrowstyle": "->"},
    )


fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 4), layout="constrained")
for name, values in norms.items():
    ax.semilogy(layers, values, marker="o", label=NAMES[name])
    print(f"{NAMES[name]:>7}：第一层与最后一层的梯度之比 {values[0] / values[-1]:.2e}")
label_layers(ax)
ax.set(
    ylabel="权重梯度的范数（对数刻度）",
    title="越靠近输入，梯度越小；\nsigmoid 网络比 ReLU 网络缩小得多",
)
ax.legend(loc="upper left")
ax.grid(visible=True, which="both", alpha=0.3)
# sphinx_gallery_start_ignore
fig.set_label(
    "sigmoid 网络和 ReLU 网络中 11 层各自的权重梯度范数，纵轴为对数刻度；输出层（第 11 层）以灰色标出。"
    "第一层的梯度，在 sigmoid 网络中是输出层的 3.94·10⁻¹⁰ 倍，在 ReLU 网络中是 7.97·10⁻⁴ 倍。"
)
# sphinx_gallery_end_ignore
plt.show()
# sphinx_gallery_start_ignore
sigmoid_ratio = norms["sigmoid"][0] / norms["sigmoid"][-1]
relu_ratio = norms["relu"][0] / norms["relu"][-1]
assert f"{sigmoid_ratio:.2e}" == "3.94e-10"  # 差了将近十个数量级
assert f"{relu_ratio:.2e}" == "7.97e-04"  # 约千分之一
assert f"{relu_ratio / sigmoid_ratio:.0e}" == "2e+06"  # 约两百万倍
# sphinx_gallery_end_ignore

# %%
# 纵轴是对数刻度：相等的距离代表相等的倍数。在反向传回输入的过程中，两个网络的梯度都在缩小。在 sigmoid 网络中，
# 每经过一层，梯度都要乘上不超过 0.25 的导数，第一层得到的梯度只有最后一层（即输出层，图中灰色区域）的
# :math:`3.94\cdot10^{-10}` 倍，相差将近十个数量级，因此第一层几乎学不到东西。ReLU 网络也相差三个数量级：第一层的梯度是输出层的
# :math:`7.97\cdot10^{-4}` 倍。这个比例约为 sigmoid 网络的两百万倍，这正是深层网络的隐藏层普遍采用 ReLU 一类激活函数的原因。
# 但这个比例仍然不到千分之一，因为有两个因素在起作用：ReLU 的导数在单元处于激活状态时为 1，未激活时为 0；
# 此外，每经过一层，梯度还要乘上该层的权重。实验二把这两个因素放在一起考察。
#
# 实验二：初始化
# --------------
# 一个量的\ :term:`方差`\ 衡量它偏离均值的程度，定义为它与均值之差的平方的平均值：:math:`\operatorname{Var}(z) =
# \operatorname{E}[(z - \operatorname{E}[z])^2]`，其中 :math:`\operatorname{E}` 表示取平均。方差的平方根称为\ *标准差*，
# 它与 :math:`z` 本身的单位相同。这里只需用到两条规则：若干相互独立的量之和，其方差等于各自方差之和；均值为 0 的权重 :math:`w`
# 与独立于它的输入 :math:`a` 的乘积，方差为 :math:`\operatorname{Var}(w)\operatorname{E}[a^2]`。
#
# ``nn.Linear`` 的初始权重从区间 :math:`[-1/\sqrt{n}, 1/\sqrt{n}]` 上的均匀分布中抽取，方差为 :math:`1/(3n)`，
# 其中 :math:`n` 是输入个数（``fan_in``）。一个单元把 :math:`n` 个输入分别乘以权重后相加；而 ReLU 把它收到的值中为负的那一半全部置零，
# 使均方值 :math:`\operatorname{E}[a^2]` 减半。于是每经过一层，预激活值 :math:`z`\ （激活函数的输入）的方差都要乘以
#
# .. math::
#
#    \frac{\operatorname{Var}(z_{l})}{\operatorname{Var}(z_{l-1})} = n \operatorname{Var}(w) \cdot
#    \frac{1}{2} = \begin{cases} 1/6 & \text{默认初始化，} \operatorname{Var}(w) = 1/(3n)\\
#    1 & \text{Kaiming（He），} \operatorname{Var}(w) = 2/n \end{cases}
#
# 采用默认初始化时，信号的标准差每经过一层就缩小为原来的 :math:`1/\sqrt 6 \approx 0.41`；反向传播乘的是同样的权重，
# 所以梯度也随之缩小。何恺明（Kaiming He）等人于 2015 年提出的初始化方法按方差 :math:`2/n` 抽取权重，恰好抵消了 ReLU 造成的减半。
# 我们在实验一的 ReLU 网络上比较这两种初始化，测量每个隐藏层的输出随样本变化的程度（先对这组样本求标准差，再对各单元取平均），
# 以及各层的梯度。


def kaiming_init(model: nn.Module) -> None:
    """适用于 ReLU 网络的 Kaiming（He）初始化：权重从 N(0, 2 / fan_in) 中抽取，偏置置为 0。"""
    for module in model.modules():
        if isinstance(module, nn.Linear):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)


signal, init_norms = {}, {}
for kaiming in (False, True):
    torch.manual_seed(SEED)
    deep = DeepMLP(16, 64, 1, depth=DEPTH, activation="relu")
    if kaiming:
        kaiming_init(deep)
    signal[kaiming] = [h.std(dim=0).mean().item() for h in hidden_outputs(deep, X_random)]
    loss = nn.functional.mse_loss(deep(X_random), y_random)
    loss.backward()
    init_norms[kaiming] = gradient_norms(deep)

fig, (ax_signal, ax_gradient) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 7.2), layout="constrained"
)
per_layer, ratio = {}, {}
for kaiming, name in ((False, "默认初始化"), (True, "Kaiming 初始化")):
    ax_signal.semilogy(range(1, DEPTH + 1), signal[kaiming], marker="o", label=name)
    ax_gradient.semilogy(layers, init_norms[kaiming], marker="o", label=name)
    # 信号每经过一层平均乘以的倍数（几何平均），以及第一层与最后一层的梯度之比
    per_layer[kaiming] = (signal[kaiming][-1] / signal[kaiming][0]) ** (1 / (DEPTH - 1))
    ratio[kaiming] = init_norms[kaiming][0] / init_norms[kaiming][-1]
    print(
        f"{name}：信号每层乘以 {per_layer[kaiming]:.2f}，第一层与最后一层的梯度之比 {ratio[kaiming]:.2e}"
    )
ax_signal.set_xticks(range(1, DEPTH + 1))
ax_signal.set(
    xlabel="隐藏层",
    ylabel="各单元样本标准差的均值（对数刻度）",
    title="前向传播中的信号",
)
label_layers(ax_gradient)
ax_gradient.set(ylabel="权重梯度的范数（对数刻度）", title="反向传播中的梯度")
ax_signal.legend(loc="lower left")
ax_gradient.legend(loc="center left")
for ax in (ax_signal, ax_gradient):
    ax.grid(visible=True, which="both", alpha=0.3)
# sphinx_gallery_start_ignore
fig.set_label(
    "两幅子图，纵轴均为对数刻度，比较 ReLU 网络在默认初始化和 Kaiming 初始化下的表现。"
    "上图：每个隐藏层的输出随样本变化的程度，默认初始化下平均每层缩小为 0.38 倍，Kaiming 初始化下为 0.91 倍。"
    "下图：每一层权重梯度的范数，输出层以灰色标出；第一层的梯度，默认初始化下是输出层的 7.97·10⁻⁴ 倍，"
    "Kaiming 初始化下是 9.99·10⁻² 倍。"
)
# sphinx_gallery_end_ignore
plt.show()
# sphinx_gallery_start_ignore
assert init_norms[False] == norms["relu"]  # 与实验一是同一个网络
assert f"{per_layer[False]:.2f}" == "0.38"
assert signal[False][-1] < 1e-3 * signal[False][0]  # 输出几乎不随输入变化
assert f"{ratio[False]:.2e}" == "7.97e-04"
assert f"{per_layer[True]:.2f}" == "0.91"
assert f"{ratio[True]:.2e}" == "9.99e-02"  # 十分之一
# sphinx_gallery_end_ignore

# %%
# 采用默认初始化时，信号平均每层缩小为原来的 0.38 倍，与预测的 0.41 相近；经过十层之后，输出几乎不再随输入变化。
# 梯度也同样在缩小：第一层的梯度只有最后一层的 :math:`7.97\cdot10^{-4}` 倍。
# 改用 Kaiming 初始化后，两者都衰减得慢得多：信号每层只乘以 0.91，第一层的梯度是最后一层的 :math:`9.99\cdot10^{-2}` 倍，约为十分之一。
# 第 6 章会看到默认初始化失败得最彻底的情形：没有残差连接的深层网络对每个输入都给出相同的输出，根本无法学习。
#
# 实验三：死亡单元
# ----------------
# 如果一个 ReLU 单元的输入对\ *每一个*\ 样本都为负，它就对所有样本都输出 0，权重梯度也全为 0，这些权重于是不再更新。
# 第一个隐藏层的输入是固定不变的数据，这一层的\ :term:`死亡单元`\ 永远无法复活。后面各层的死亡单元则可能复活：
# 它们的输入来自前面各层的输出，而前面的层仍在训练，这些输入可能在某些样本上重新变为正值。更新的步长越大，死亡的单元就越多。
# 我们用普通的梯度下降训练同一个小网络（两个隐藏层，各有 64 个单元），让它根据两个输入预测
# :math:`y = \sin(2x_1)\,x_2`。分别用适中的学习率和很大的学习率各训练一次，训练结束时统计第二个隐藏层中
# 有多少单元在整个数据集上都已死亡。

generator = torch.Generator().manual_seed(SEED)
X_task = torch.rand(512, 2, generator=generator) * 4 - 2
y_task = torch.sin(2 * X_task[:, :1]) * X_task[:, 1:]  # 平滑的目标函数，形状 (512, 1)


def train_two_layers(activation: str, learning_rate: float) -> nn.Sequential:
    torch.manual_seed(SEED)
    net = nn.Sequential(
        nn.Linear(2, 64),
        ACTIVATIONS[activation](),
        nn.Linear(64, 64),
        ACTIVATIONS[activation](),
        nn.Linear(64, 1),
    )
    # 普通的梯度下降 θ ← θ − η ∂L/∂θ，每一步都使用整个数据集
    optimizer = torch.optim.SGD(net.parameters(), lr=learning_rate)
    for _ in range(400):
        loss = nn.functional.mse_loss(net(X_task), y_task)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return net


def negative_everywhere(net: nn.Sequential) -> torch.Tensor:
    """第二个隐藏层中每个单元的输入是否对所有样本都为负：形状为 (64,) 的布尔张量。"""
    with torch.no_grad():
        return (net[:3](X_task) < 0).all(dim=0)  # net[:3]：从输入到第二个 Linear（含）的各层


dead = {}
for learning_rate in (0.01, 0.5):
    net = train_two_layers("relu", learning_rate)
    dead[learning_rate] = negative_everywhere(net).float().mean().item()  # 对 ReLU 来说就是死亡单元
    print(f"ReLU，学习率为 {learning_rate}：{dead[learning_rate]:.0%} 的单元已经死亡")
# sphinx_gallery_start_ignore
assert f"{dead[0.01]:.0%}" == "12%"
assert f"{dead[0.5]:.0%}" == "53%"
# sphinx_gallery_end_ignore

# %%
# 用大学习率训练后，这一层约有一半（53%）的单元已经死亡；用小学习率时只有 12%。死亡单元对输出毫无贡献，
# 它们的权重也得不到梯度。下面改用 LeakyReLU，以同样大的学习率再训练一次。这时同样有一些单元的输入对每个样本都为负，
# 但它们在负半轴的斜率是 0.1 而不是 0，所以仍能得到梯度。

for activation in ("relu", "leaky_relu"):
    net = train_two_layers(activation, 0.5)
    negative = negative_everywhere(net)
    loss = nn.functional.mse_loss(net(X_task), y_task)
    net.zero_grad()
    loss.backward()
    unit_gradients = net[2].weight.grad.abs().sum(dim=1)  # 第二个隐藏层的每个单元对应一个数
    stuck = int((unit_gradients[negative] == 0).sum())
    print(
        f"{NAMES[activation]:>9}：{int(negative.sum())} 个单元的输入对每个样本都为负，其中 {stuck} 个得不到梯度"
    )
    # sphinx_gallery_start_ignore
    if activation == "relu":
        assert stuck == int(negative.sum()) > 0
    else:
        assert int(negative.sum()) > 0
        assert stuck == 0
    # sphinx_gallery_end_ignore

# %%
# 输入对所有样本都为负的 ReLU 单元，梯度全都恰好为 0；处境相同的 LeakyReLU 单元则没有一个如此。这正是对比表中的权衡：
# LeakyReLU 以多一个需要事先选定的常数 :math:`\alpha` 为代价，换来了不会死亡的单元。死亡单元在实践中很常见：在第 2 章中，
# 用 16 个隐藏单元、学习率为 0.1 的 Adam 训练时，每次训练结束后都有 3 到 11 个单元已经死亡，其中一些从一开始就是死的。
#
# 小结
# ----
# - 没有激活函数，无论堆叠多少层，网络都只相当于一个线性映射。
# - 反向传播在每一层都要乘上激活函数的导数：sigmoid 的导数最大只有 0.25，所以梯度在深层 sigmoid 网络中逐层消失；
#   ReLU 的导数在单元处于激活状态时为 1，未激活时为 0。
# - 即使使用 ReLU，信号和梯度能否顺利穿过深层网络，也取决于初始权重：PyTorch 的默认初始化让它们逐层缩小，
#   采用 Kaiming 初始化（方差为 :math:`2/n`）时则衰减得慢得多。
# - 输入对所有样本都为负的 ReLU 单元就是死亡单元：它只输出 0，也得不到梯度。更新的步长越大，死亡单元就越多；
#   LeakyReLU 在负半轴保留了一个小斜率，所以它的单元总能得到梯度。
#
# 练习
# ----
# 1. 用 ``"tanh"`` 和 ``"gelu"`` 重做实验一。与 sigmoid 和 ReLU 相比，它们的表现如何？
#
#    .. dropdown:: 答案
#
#       采用 PyTorch 的默认初始化时，第一层与最后一层的梯度之比：tanh 约为 :math:`2\cdot10^{-2}`，ReLU 约为
#       :math:`8\cdot10^{-4}`，GELU 约为 :math:`4\cdot10^{-5}`。三者都远高于 sigmoid 的 :math:`4\cdot10^{-10}`，
#       但它们的排序可能出乎你的意料。默认初始化使信号保持在
#       0 附近的较小值上：在那里，tanh 的斜率为 1，输入原样传下去；ReLU 把其中一半置零；GELU 的斜率只有 1/2。
#       把循环改成 ``for name in ("sigmoid", "tanh", "relu", "gelu")`` 就能看到四条曲线；再加上实验二的
#       ``kaiming_init`` 试一试。
#
# 2. 为什么二分类器的\ *输出层*\ 仍然使用 sigmoid？
#
#    .. dropdown:: 答案
#
#       在输出层，sigmoid 的值域 :math:`(0, 1)` 可以解释为概率；与\ :term:`交叉熵`\ 损失配合使用时，损失对 :term:`logit`\ （sigmoid 的输入）
#       的梯度就是 :math:`\hat p - y`，sigmoid 导数小的问题恰好被抵消。梯度消失是\ *深层* sigmoid 网络的问题，只在输出端用一个 sigmoid 并没有这个问题。
#
# 3. 完全不用激活函数时，10 层的 ``DeepMLP`` 计算的是什么？
#
#    .. dropdown:: 答案
#
#       只是一个线性映射加上一个常数向量：:math:`A\mathbf{x} + \mathbf{c}`，其中 :math:`A` 是 11 个权重矩阵（10 个隐藏层加输出层）的乘积。
#       没有非线性，层数再多也无济于事。
#
# 4. 实验一用 nnguide 的 ``gradient_norms`` 测量梯度。请自己实现一个函数 ``layer_gradient_norms(model)``：在
#    ``loss.backward()`` 之后调用，按从输入到输出的顺序，返回 ``model`` 中每个 ``nn.Linear`` 的权重梯度的范数
#    （``model.modules()`` 按各层在 ``__init__`` 中赋给模型属性的先后顺序列出它们）。在实验一的 sigmoid 网络上，把它的结果与 ``gradient_norms`` 的结果比较。
#
#    .. dropdown:: 答案
#
#       .. code-block:: python
#          :name: exercise-03-gradient-norms
#
#          def layer_gradient_norms(model: nn.Module) -> list[float]:
#              return [
#                  module.weight.grad.norm().item()  # 形状为 (out, in) 的梯度矩阵的范数
#                  for module in model.modules()
#                  if isinstance(module, nn.Linear)
#              ]
#
#
#          torch.manual_seed(SEED)
#          deep = DeepMLP(16, 64, 1, depth=DEPTH, activation="sigmoid")
#          loss = nn.functional.mse_loss(deep(X_random), y_random)
#          loss.backward()
#          print(layer_gradient_norms(deep) == gradient_norms(deep))
#
#       它打印出 ``True``：两个列表中的数逐个相等。``DeepMLP`` 的 ``__init__`` 先从输入到输出依次把各隐藏层赋给属性，最后才赋输出层，
#       所以 ``model.modules()`` 遍历各 ``nn.Linear`` 的顺序与图中的顺序一致。
