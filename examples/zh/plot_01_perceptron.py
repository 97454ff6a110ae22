r"""
感知机：会学习的神经元
======================

神经网络由许多相同的基本部件——\ :term:`神经元`\ ——连接而成。本章从最简单的神经网络，即只有一个神经元的\ :term:`感知机`\ 讲起，并亲手训练它。
读完本章，你将了解：

- 人工神经元怎样模仿生物神经元：:math:`\hat y = f(\mathbf{w}\cdot\mathbf{x} + b)`；
- 感知机学习规则，以及实现它的几行代码；
- 怎样在与门（AND）、或门（OR）和与非门（NAND）上训练感知机，并把它学到的结果画出来；
- 感知机为什么解决不了\ :term:`异或`\ 问题：异或不是\ :term:`线性可分`\ 的。
"""

# %%
# 从生物神经元到人工神经元
# ------------------------
# 生物神经元通过\ *树突*\ 接收信号，在\ *细胞体*\ 中汇总；如果汇总后的信号足够强，神经元就沿\ *轴突*\ 发出冲动。
# 人工神经元沿用了这一结构，只是改用算术运算来实现。下面先设定图中文字的语言，并固定随机种子，使本页每次运行都得到
# 相同的数字；然后把这两种神经元画出来。

import matplotlib.pyplot as plt
import torch
from matplotlib.animation import FuncAnimation
from matplotlib.colors import ListedColormap
from matplotlib.ticker import MaxNLocator

from nnguide import FitHistory
from nnguide.datasets import logic_gate
from nnguide.diagrams import draw_neuron
from nnguide.plotting import (
    CLASS_COLORS,
    FIGURE_WIDTH,
    REGION_ALPHA,
    configure_matplotlib,
    plot_curve,
    plot_decision_boundary,
)

LANG = "zh"  # 本页图中文字的语言
SEED = 0  # 感知机初始权重的随机种子
configure_matplotlib(LANG)

fig = draw_neuron(lang=LANG)
plt.show()

# %%
# 图中人工神经元的各个部分，与起相同作用的生物结构用同一种颜色画出：
#
# ====================  ==================================  ===================================
# 生物神经元            人工神经元                          公式
# ====================  ==================================  ===================================
# 树突、突触            输入，各乘以各自的\ :term:`权重`    :math:`w_1 x_1, \dots, w_n x_n`
# 细胞体，决定是否放电  加权和加上\ :term:`偏置`，阶跃函数  :math:`z = \mathbf{w}\cdot\mathbf{x} + b`、:math:`f(z)`
# 轴突                  输出                                :math:`\hat y = f(z)`
# ====================  ==================================  ===================================
#
# 突触是轴突末梢与下一个神经元相接的部位，权重模拟的正是突触传递信号的强弱。因此，图中画在轴突末端的突触属于下一个神经元，
# 是它的输入；而这个神经元自己的输入，是经由它树突上的突触传进来的。生物神经元只在汇总的信号足够强时才放电，这一点由偏置体现：
# 当 :math:`\mathbf{w}\cdot\mathbf{x} + b > 0`，即输入的加权和 :math:`\mathbf{w}\cdot\mathbf{x}` 超过 :math:`-b` 时，
# 神经元放电，所以 :math:`-b` 又称阈值。
#
# .. math::
#
#    \hat y = f(w_1 x_1 + w_2 x_2 + \dots + w_n x_n + b) = f(\mathbf{w}\cdot\mathbf{x} + b)
#
# :term:`激活函数` :math:`f` 决定神经元对加权和 :math:`z` 给出什么输出。感知机（Rosenblatt，1958 年）
# 使用\ *阶跃函数*：加权和为正时输出 1，否则输出 0，即 :math:`z > 0` 时 :math:`f(z) = 1`，否则 :math:`f(z) = 0`。

# %%
# 阶跃函数只在 :math:`z = 0` 处从 0 跳到 1，在其他地方都是平的。因此，权重的微小变化只有让 :math:`z`
# 越过 0，才会改变输出。对感知机的学习规则来说，知道这一点就够了；后面几章的网络靠梯度学习，所以要把阶跃函数换成更平滑的函数。

z = torch.linspace(-3, 3, 601)
fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 2.6), layout="constrained")
ax.plot(z, (z > 0).float(), linewidth=2)
ax.set_yticks([0, 1])  # 阶跃函数只输出这两个值
ax.set_xlabel("加权和 $z$")
ax.set_ylabel("输出 $f(z)$")
ax.set_title("感知机的阶跃激活函数")
ax.grid(visible=True, alpha=0.3)
plt.show()

# %%
# 感知机学习规则
# --------------
# 感知机从错误中学习，每次只处理一个样本。对于目标值为 :math:`y` 的样本 :math:`\mathbf{x}`，感知机先给出预测
# :math:`\hat y`，再按下式更新权重和偏置：
#
# .. math::
#
#    \mathbf{w} \leftarrow \mathbf{w} + \eta\,(y - \hat y)\,\mathbf{x}, \qquad
#    b \leftarrow b + \eta\,(y - \hat y)
#
# 其中 :math:`\eta` 是\ :term:`学习率`。如果预测正确，:math:`y - \hat y = 0`，参数保持不变；如果应当输出 1
# 却输出了 0，权重就\ *朝着* :math:`\mathbf{x}` 的方向移动，这个样本的加权和随之增大；反之，权重朝远离
# :math:`\mathbf{x}` 的方向移动。把所有样本都处理一遍，称为一个\ :term:`轮次`\ （epoch）；一旦某一轮没有出现任何错误，
# 训练就结束。
#
# 下面是感知机的完整代码。``__init__`` 随机初始化权重和偏置（由随机种子决定，因此每次运行的结果完全相同）；
# ``predict`` 对每个样本的加权和应用阶跃函数；``update`` 对一个样本应用学习规则，并返回这次预测是否出错；
# ``fit`` 一轮接一轮地依次用每个样本调用 ``update``，最后返回一个 :class:`~nnguide.FitHistory`，其中包括
# ``errors``\ （每轮分错的样本数）、``epochs``\ （训练的轮数）、``converged``\ （是否收敛）和
# ``converged_epoch``\ （在第几轮收敛）。


class Perceptron:
    """使用阶跃激活函数、按感知机学习规则训练的单个神经元。"""

    def __init__(self, n_features: int, *, learning_rate: float = 0.1, seed: int = 0) -> None:
        self.learning_rate = learning_rate  # η
        generator = torch.Generator().manual_seed(seed)
        self.weights = torch.randn(n_features, generator=generator)  # w：(n_features,)
        self.bias = torch.randn(1, generator=generator).squeeze()  # b：标量

    def predict(self, X: torch.Tensor) -> torch.Tensor:
        """对 X 的每一行计算 ŷ = step(X w + b)：(n_samples, n_features) -> (n_samples,)，取值 0 或 1。"""
        return (X @ self.weights + self.bias > 0).long()

    def update(self, xi: torch.Tensor, yi: torch.Tensor) -> bool:
        """对一个样本应用学习规则；预测出错时返回 True。"""
        prediction = float(xi @ self.weights + self.bias > 0)  # ŷ = step(w·x + b)
        error = yi.item() - prediction  # y − ŷ：预测正确时为 0，出错时为 +1 或 −1
        if error != 0:
            self.weights += self.learning_rate * error * xi  # w ← w + η (y − ŷ) x
            self.bias += self.learning_rate * error  # b ← b + η (y − ŷ)
        return error != 0

    def fit(self, X: torch.Tensor, y: torch.Tensor, *, max_epochs: int = 100) -> FitHistory:
        """反复应用学习规则，直到某一轮没有出错为止，最多训练 max_epochs 轮。"""
        errors: list[int] = []
        for _ in range(max_epochs):
            mistakes = 0
            for xi, yi in zip(X, y, strict=True):  # 按顺序每次处理一个样本
                if self.update(xi, yi):
                    mistakes += 1
            errors.append(mistakes)
            if mistakes == 0:
                return FitHistory(errors=errors, converged=True)
        return FitHistory(errors=errors, converged=False)


# %%
# 学习与门
# --------
# 与门只在两个输入都为 1 时输出 1。它的真值表就是整个\ :term:`训练集`：共四个样本，每个样本有两个特征。

X, y = logic_gate("and")
print(f"输入 X：{X.tolist()}")
print(f"目标 y：{y.tolist()}")

perceptron = Perceptron(n_features=2, learning_rate=0.1, seed=SEED)
print(f"训练前：权重 {perceptron.weights}，偏置 {perceptron.bias:.4f}")

# %%
# 下面开始训练（最多 100 轮），然后在四个输入上测试感知机。

history = perceptron.fit(X, y, max_epochs=100)
print(f"训练后：权重 {perceptron.weights}，偏置 {perceptron.bias:.4f}")
print(f"每轮分错的样本数：{history.errors}")
print(f"在第 {history.converged_epoch} 轮收敛")
print("\n与门测试：")
for xi, prediction in zip(X, perceptron.predict(X), strict=True):
    print(f"  {xi.tolist()} -> {prediction.item()}")
print(f"加权和 z：{X @ perceptron.weights + perceptron.bias}")
# sphinx_gallery_start_ignore
assert history.errors == [1, 1, 1, 1, 1, 0]
assert history.converged
assert torch.equal(perceptron.predict(X), y)
and_sums = X @ perceptron.weights + perceptron.bias
assert [round(v, 2) for v in and_sums[2:].tolist()] == [-0.04, 0.07]
# sphinx_gallery_end_ignore

# %%
# 前 5 轮中，感知机每轮都分错一个样本；第 6 轮一个也没有分错。没有出错的一轮不会改变权重，所以此后的预测全都正确，
# 测试结果也证实了这一点。从加权和还能看出，有两个样本分得相当勉强：:math:`(1, 0)` 的 :math:`z = -0.04`，:math:`(1, 1)` 的
# :math:`z = 0.07`，都非常接近输出发生翻转的 0。
#
# 它学到了什么？
# --------------
# 感知机在 :math:`w_1 x_1 + w_2 x_2 + b > 0` 的区域输出 1。这个区域的边界
# :math:`w_1 x_1 + w_2 x_2 + b = 0` 是一条直线，称为\ *决策边界*。为了观察这条直线是怎样移动的，我们用同一个随机种子
# 再训练一次与门，并在处理每个样本之后记录三项内容：这个样本、它是否被分错，以及此时的权重和偏置。然后用动画为起点和
# 处理过的每个样本各画一帧（只有出错时权重才会改变），共 25 帧：起点一帧，6 轮共 24 个样本各一帧。

MISTAKE_COLOR = "tab:red"


def record_updates(
    perceptron: Perceptron, X: torch.Tensor, y: torch.Tensor, *, epochs: int
) -> list[tuple]:
    """逐个样本地训练；返回起点处以及处理每个样本之后的 (样本, 是否出错, 权重, 偏置)。"""
    steps = [(None, False, perceptron.weights.clone(), perceptron.bias.clone())]  # 起点
    for _ in range(epochs):
        for xi, yi in zip(X, y, strict=True):
            mistake = perceptron.update(xi, yi)
            steps.append((xi, mistake, perceptron.weights.clone(), perceptron.bias.clone()))
    return steps


def animate_updates(
    steps: list[tuple], X: torch.Tensor, y: torch.Tensor, *, first_epoch: int
) -> tuple[plt.Figure, FuncAnimation]:
    """在输入所在的正方形上画出每一步的决策边界，每步一帧。"""
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 6.3), layout="constrained")
    edges = torch.tensor([-0.5, 1.5])  # 正方形的边界，两个轴上相同
    grid = torch.linspace(-0.5, 1.5, 201)
    grid_x1, grid_x2 = torch.meshgrid(grid, grid, indexing="xy")  # 形状都是 (201, 201)
    regions = ax.imshow(  # 每一点的预测，由 draw_step 设置
        grid_x1,
        origin="lower",
        extent=(-0.5, 1.5, -0.5, 1.5),
        interpolation="nearest",
        cmap=ListedColormap(CLASS_COLORS),
        vmin=0,
        vmax=1,
        alpha=REGION_ALPHA,
    )
    for cls in (0, 1):
        ax.scatter(
            *X[y == cls].T,
            s=90,
            color=CLASS_COLORS[cls],
            edgecolor="k",
            zorder=3,
            label=f"类别 {cls}",
        )
    for cls in (0, 1):
        ax.fill([], [], color=CLASS_COLORS[cls], alpha=REGION_ALPHA, label=f"预测为 {cls}")
    (line,) = ax.plot([], [], color="k", linewidth=2, label="决策边界")
    (before,) = ax.plot([], [], "k--", linewidth=1.5, label="更新前的边界")
    ring = ax.scatter([], [], s=500, facecolor="none", linewidth=2.5, zorder=4)  # 刚处理的样本
    for colour, name in (
        ("k", "刚处理的样本（分对）"),
        (MISTAKE_COLOR, "刚处理的样本\n（分错，边界随之移动）"),
    ):
        ax.scatter([], [], s=250, facecolor="none", edgecolor=colour, linewidth=2.5, label=name)
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xticks=[0, 1], yticks=[0, 1], aspect="equal")
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    fig.legend(loc="outside lower center", ncols=2)
    corners = torch.tensor([[-0.5, -0.5], [-0.5, 1.5], [1.5, -0.5], [1.5, 1.5]])  # 图的四个角

    def outside(weights: torch.Tensor, bias: torch.Tensor) -> bool:
        """直线 w1 x1 + w2 x2 + b = 0 是否在图外：四个角都在它的同一侧时为 True。"""
        return len(set((corners @ weights + bias > 0).tolist())) == 1

    def what_happened(step: int) -> str:
        """标题的第二行（括号中）：这个样本使边界发生了什么变化。"""
        sample, mistake, weights, bias = steps[step]
        if sample is None:
            return "尚未处理任何样本"
        if not mistake:
            return "没有更新，边界不变"
        if outside(weights, bias):
            return "边界移到了图外，未画出"
        if outside(*steps[step - 1][2:]):
            return "边界从图外移回了图内"
        return "更新使边界发生了移动"

    def line_through(
        weights: torch.Tensor, bias: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        return edges, -(weights[0] * edges + bias) / weights[1]  # 由 w1 x1 + w2 x2 + b = 0 解出 x2

    def draw_step(step: int) -> None:
        sample, mistake, weights, bias = steps[step]
        regions.set_data((weights[0] * grid_x1 + weights[1] * grid_x2 + bias > 0).float())
        line.set_data(*line_through(weights, bias))
        if mistake:  # 画出更新前直线的位置
            before.set_data(*line_through(*steps[step - 1][2:]))
        before.set_visible(mistake)
        ring.set_offsets(torch.empty(0, 2) if sample is None else sample.unsqueeze(0))
        ring.set_edgecolor(MISTAKE_COLOR if mistake else "k")
        if sample is None:
            title = f"起点：第 {first_epoch} 轮开始前的决策边界"
        else:
            epoch = first_epoch + (step - 1) // len(X)
            verdict = "分错了" if mistake else "分对了"
            title = f"第 {epoch} 轮，样本 ({sample[0]:.0f}, {sample[1]:.0f})：{verdict}"
        ax.set_title(f"{title}\n（{what_happened(step)}）")

    animation = FuncAnimation(fig, draw_step, frames=len(steps), interval=400, repeat=False)
    draw_step(len(steps) - 1)  # 静态图像：最后一帧
    return fig, animation


# %%
# 每一帧显示感知机刚处理完一个样本时的状态。背景颜色表示感知机在平面上每一点的输出：橙色处输出 1，蓝色处输出 0。
# 圆环标出刚处理的样本。标题中的判断和圆环的颜色，依据的都是处理这个样本\ *之前*\ 的直线：分对了是黑色，分错了是红色。
# 出错时，虚线是更新前的直线，实线和背景颜色则表示更新后的感知机；因此，带红圈的点可能已经位于与它同色的区域中。
# 标题第二行括号中的文字说明直线发生了什么变化，包括它何时移出图外（此时无法画出）、何时又移回图内。点击播放，或者逐帧查看。

steps = record_updates(Perceptron(n_features=2, seed=SEED), X, y, epochs=history.epochs)
fig, and_animation = animate_updates(steps, X, y, first_epoch=1)
plt.show()
# sphinx_gallery_start_ignore
assert torch.equal(steps[-1][2], perceptron.weights)  # 与 `perceptron` 的训练相同
assert torch.equal(steps[-1][3], perceptron.bias)
and_samples = [tuple(step[0].int().tolist()) for step in steps[1:] if step[1]]
assert and_samples == [(1, 1)] * 4 + [(1, 0)]  # 五次错误，按顺序
assert [step[1] for step in steps[17:]] == [False, False, True, False] + [False] * 4
# 前四次错误后，直线与 x2 = 0.5 的交点逐次左移，第五次又右移
crossings = [float(-(w[1] * 0.5 + b) / w[0]) for _, mistake, w, b in steps if mistake]
assert crossings[0] > crossings[1] > crossings[2] > crossings[3] < crossings[4]
assert float(steps[16][2][0] + steps[16][3]) > 0  # 第 4 轮之后，(1, 0) 在橙色一侧
assert (X @ steps[0][2] + steps[0][3] < 0).all()  # 起点：四个样本都输出 0
assert min(float(-(steps[0][2][1] * x2 + steps[0][3]) / steps[0][2][0]) for x2 in (0, 1)) > 1
# 最后的直线：在 (1, 0) 稍右、(1, 1) 稍左，离两点中心的距离都不到一个标记的宽度
w, b = perceptron.weights, perceptron.bias
assert 1 < float(-b / w[0]) < 1.05  # 直线与 x2 = 0 相交处的 x1
assert 0.95 < float(-(w[1] + b) / w[0]) < 1  # 与 x2 = 1 相交处的 x1
# 由 constrained 布局确定坐标轴的位置（不能调用 draw，那会让动画回到第一帧）
fig.get_layout_engine().execute(fig)
origin, unit = fig.axes[0].transData.transform([[0.0, 0.0], [1.0, 0.0]])
pixels_per_unit = float(unit[0] - origin[0])
radius = 90**0.5 / 2 * fig.dpi / 72  # 标记的半径（s=90 平方磅），单位为像素
# 到 (1, 0) 和 (1, 1) 的距离，单位为像素
pixel_distances = (X[2:] @ w + b).abs() / w.norm() * pixels_per_unit
assert (pixel_distances < 2 * radius).all()
fig.set_label("动画，共 25 帧：感知机逐个样本地学习与门，从第 6 轮起不再出错。")
# sphinx_gallery_end_ignore

# %%
# 起点处，直线位于四个点的右侧，感知机对每个样本都输出 0：三个样本分对了，只有 :math:`(1, 1)` 分错了。在前 4 轮中，
# 这个错误每轮出现一次，每次更新都给 :math:`w_1`、:math:`w_2` 和 :math:`b` 各加上 :math:`\eta = 0.1`，把直线向左推；
# 第 4 次更新把直线推到了 :math:`(1, 0)` 的左边。于是第 5 轮分错的是 :math:`(1, 0)`：这次更新从 :math:`w_1` 和
# :math:`b` 中各减去 0.1，把直线往回推了一点，使它停在 :math:`(1, 0)` 稍右、:math:`(1, 1)` 稍左的位置。直线离这两个点
# 都很近，从图上几乎看不出它们各在哪一侧；上面打印的加权和给出了答案：:math:`(1, 0)` 的 :math:`z = -0.04`，输出 0；
# :math:`(1, 1)` 的 :math:`z = 0.07`，输出 1。第 6 轮没有出现任何错误。
#
# 用同一个随机种子、按同样的方法训练与门、或门和与非门，每个门都得到了一条把 0 和 1 分开的直线。

fig, axes = plt.subplots(1, 3, figsize=(FIGURE_WIDTH, 2.8), sharey=True, layout="constrained")
for ax, gate, name in zip(axes, ["and", "or", "nand"], ["与门", "或门", "与非门"], strict=True):
    X, y = logic_gate(gate)
    gate_perceptron = Perceptron(n_features=2, seed=SEED)
    gate_history = gate_perceptron.fit(X, y, max_epochs=100)
    # sphinx_gallery_start_ignore
    assert gate_history.converged_epoch == {"and": 6, "or": 12, "nand": 21}[gate]
    assert torch.equal(gate_perceptron.predict(X), y)
    # sphinx_gallery_end_ignore
    print(f"{name}：在第 {gate_history.converged_epoch} 轮收敛")
    plot_decision_boundary(gate_perceptron.predict, X, y, lang=LANG, ax=ax, legend=False)
    ax.label_outer()  # 只在最左侧子图标注 y 轴
    ax.set_title(name)
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()
# sphinx_gallery_start_ignore
fig.set_label("与门、或门、与非门三幅子图：每幅图中，感知机学到的直线都把两类点分在两侧。")
# 与门的直线（第一个感知机学到的）离 (1, 0) 0.02，从它的标记中穿过；离 (1, 1) 0.04
distances = (X[2:] @ perceptron.weights + perceptron.bias).abs() / perceptron.weights.norm()
assert torch.equal(X[2:], torch.tensor([[1.0, 0.0], [1.0, 1.0]]))
assert [round(d, 2) for d in distances.tolist()] == [0.02, 0.04]
fig.draw_without_rendering()  # 由 constrained 布局确定坐标轴的位置
pixels = axes[0].transData.transform([[0.0, 0.0], [1.0, 0.0]])
marker_radius = 90**0.5 / 2 * fig.dpi / 72  # plot_decision_boundary 的标记：s=90 平方磅
assert distances[0] * (pixels[1, 0] - pixels[0, 0]) < marker_radius
# sphinx_gallery_end_ignore

# %%
# 三个逻辑门都没有用满 100 轮就学会了：与门用了 6 轮，或门 12 轮，与非门 21 轮；三条直线各不相同。凡是能把橙色点和
# 蓝色点分在两侧的直线都是正确答案；感知机最终找到哪一条，取决于它的起点，也就是随机的初始权重。学习规则一找到不再出错的
# 直线就停下来，不管这条直线离某个点有多近：与门的直线离 :math:`(1, 0)` 的中心只有 0.02，从这个点的标记中穿过，离
# :math:`(1, 1)` 也只有 0.04。尽管如此，:math:`(1, 0)` 仍在蓝色一侧：它的加权和 :math:`w_1 + b = -0.04`\ （见上面的输出），
# 所以感知机对它输出 0。
#
# 异或：一个神经元做不到的事
# --------------------------
# 异或（XOR）在两个输入中恰好有一个为 1 时输出 1。下面让感知机学习异或，这就是著名的异或问题。

X, y = logic_gate("xor")
xor_perceptron = Perceptron(n_features=2, seed=SEED)
xor_history = xor_perceptron.fit(X, y, max_epochs=100)
print("已收敛" if xor_history.converged else f"训练 {xor_history.epochs} 轮仍未收敛")
print(f"分错最少的一轮也分错了 {min(xor_history.errors)} 个样本（共 4 个）")
# sphinx_gallery_start_ignore
assert not xor_history.converged
assert min(xor_history.errors) == 2
assert set(xor_history.errors[:38]) == {2, 3}
assert set(xor_history.errors[38:]) == {4}
# sphinx_gallery_end_ignore

fig, (ax_errors, ax_boundary) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 7.6), layout="constrained"
)
plot_curve(xor_history.errors, lang=LANG, ylabel="misclassified", ax=ax_errors)
ax_errors.set_ylim(0, 4.5)  # 样本数：从 0 到全部四个样本
ax_errors.xaxis.set_major_locator(MaxNLocator(integer=True))  # 轮次和样本数都只取整数刻度
ax_errors.yaxis.set_major_locator(MaxNLocator(integer=True))
ax_errors.set_title("异或：错误始终无法消除")
plot_decision_boundary(xor_perceptron.predict, X, y, lang=LANG, ax=ax_boundary, legend=False)
ax_boundary.set_title("异或：一条直线分不开两类")
fig.legend(*ax_boundary.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()
# sphinx_gallery_start_ignore
assert xor_history.epochs == 100
fig.set_label(
    "上方：感知机在异或上训练 100 轮，每轮分错的样本数始终不为 0；下方：它最后的直线分不开两类。"
)
# sphinx_gallery_end_ignore

# %%
# 训练了 100 轮，感知机仍未收敛：前 38 轮每轮分错 2 个或 3 个样本，从来没有更少；从第 39 轮起，每一轮四个样本全都分错。
# （错误是在逐个处理样本的过程中统计的，其间权重一直在变。）下面再训练一轮，即第 101 轮，看看会发生什么：

weights, bias = xor_perceptron.weights.clone(), xor_perceptron.bias.clone()
one_more = xor_perceptron.fit(X, y, max_epochs=1)
unchanged = torch.equal(xor_perceptron.weights, weights) and torch.equal(xor_perceptron.bias, bias)
print(f"再训练一轮：分错 {one_more.errors[0]} 个样本")
print("这一轮结束时，权重和偏置与开始时完全相同" if unchanged else "这一轮结束时，权重和偏置变了")
right_at_end = int((xor_perceptron.predict(X) == y).sum())
print(f"这一轮结束时的直线分对了 4 个样本中的 {right_at_end} 个")
# sphinx_gallery_start_ignore
assert one_more.errors == [4]
assert xor_history.epochs + one_more.epochs == 101
assert unchanged
assert right_at_end == 1
# sphinx_gallery_end_ignore

# %%
# 学习规则陷入了循环。轮到每个样本时，它都落在直线错误的一侧（处理四次，错四次）；针对这个样本的更新把直线朝有利于它的
# 方向挪动，结果下一个样本又落到了错误的一侧。一轮中的四次更新恰好相互抵消（每个权重各加一次 :math:`\eta`、减一次
# :math:`\eta`，偏置则加两次、减两次），所以每一轮结束时，直线都回到这一轮开始时的位置。这时的直线只分对了四个样本中的
# 一个；继续训练，也只是把同一轮一遍遍重复下去。下面的动画逐个样本地展示接下来的两轮，即第 102 轮和第 103 轮。

steps = record_updates(xor_perceptron, X, y, epochs=2)
fig, xor_animation = animate_updates(
    steps, X, y, first_epoch=xor_history.epochs + one_more.epochs + 1
)
plt.show()
# sphinx_gallery_start_ignore
assert xor_history.epochs + one_more.epochs + 1 == 102
corners = torch.tensor([[-0.5, -0.5], [-0.5, 1.5], [1.5, -0.5], [1.5, 1.5]])  # 正方形的四个角
assert all(step[1] for step in steps[1:])  # 每个样本都分错
for k in range(4, len(steps), 4):  # 每一轮都回到开始时的位置
    assert torch.equal(steps[k][2], steps[0][2])
    assert torch.equal(steps[k][3], steps[0][3])
for k in range(1, len(steps), 4):  # 更新 (0, 0) 后处处输出 0，更新 (1, 0) 后处处输出 1
    assert (corners @ steps[k][2] + steps[k][3] <= 0).all()
    assert (corners @ steps[k + 2][2] + steps[k + 2][3] > 0).all()
    assert (X @ steps[k + 1][2] + steps[k + 1][3] > 0).tolist() == [True, True, False, False]
for k in range(1, len(steps)):  # 每次更新都把它针对的样本改为分对
    sample, _, w, b = steps[k]
    assert int(sample @ w + b > 0) == int(y[(sample == X).all(dim=1)])
fig.set_label(
    "动画，共 9 帧：感知机在异或上训练第 102 轮和第 103 轮。每个样本在轮到它时都被分错，"
    "每一轮结束时直线都回到这一轮开始时的位置。"
)
# sphinx_gallery_end_ignore

# %%
# 每个样本在轮到它时都被分错：起点之后的每一帧，圆环都是红色的；而带红圈的样本已经位于与它同色的区域中，因为每次更新
# 都会把它所针对的样本改为分对。针对 :math:`(0, 0)` 的更新把直线推到图外（未画出），感知机在图内处处输出 0；针对
# :math:`(0, 1)` 的更新把直线拉回图内，:math:`(0, 0)` 和 :math:`(0, 1)` 落在橙色一侧；针对 :math:`(1, 0)`
# 的更新又把直线推到图外，图内处处输出 1；针对 :math:`(1, 1)` 的更新让直线回到这一轮开始时的位置。感知机永远停不下来。
#
# 线性可分
# --------
# 如果能用一条直线（在更高维的空间中是超平面）把一类样本全部分到一侧、其余样本分到另一侧，就称这个数据集是
# *线性可分*\ 的。与门、或门和与非门都是线性可分的，异或却不是，用四个不等式就能证明这一点。假设某个感知机能够计算
# 异或，它的参数必须满足：
#
# .. math::
#
#    \begin{aligned}
#    (0,0) \mapsto 0:&\quad b \le 0 &\qquad (0,1) \mapsto 1:&\quad w_2 + b > 0\\
#    (1,1) \mapsto 0:&\quad w_1 + w_2 + b \le 0 &\qquad (1,0) \mapsto 1:&\quad w_1 + b > 0
#    \end{aligned}
#
# 右边两式相加得 :math:`w_1 + w_2 + 2b > 0`，左边两式相加却得 :math:`w_1 + w_2 + 2b \le 0`。
# 没有哪组权重和偏置能同时满足这两个不等式，所以无论学习率取多少、训练多少轮，感知机都计算不了异或。
# 而对于线性可分的数据，感知机收敛定理给出了相反的保证：学习规则只会犯有限次错误，之后一定能找到一条把两类分开的直线。
#
# 出路是把神经元堆叠起来，这正是\ :doc:`下一章 <plot_02_mlp_xor>`\ 要做的：\ :term:`隐藏层`\ 会把输入空间“弯折”，
# 直到异或变得线性可分。
#
# 小结
# ----
# - 人工神经元计算 :math:`\hat y = f(\mathbf{w}\cdot\mathbf{x} + b)`；感知机的 :math:`f` 是阶跃函数。
# - 感知机学习规则 :math:`\mathbf{w} \leftarrow \mathbf{w} + \eta\,(y - \hat y)\,\mathbf{x}`
#   每次处理一个样本，只在出错时才更新权重。
# - 训练好的感知机用一条直线（决策边界）划分输入；它分别用 6、12 和 21 轮学会了与门、或门和与非门。
# - 异或不是线性可分的：没有哪条直线能把它的两类分开，所以感知机在异或上总会出错。
#
# 练习
# ----
# 1. 学习规则更新偏置 :math:`b` 的方式与更新权重完全相同。为什么可以这样做？
#
#    .. dropdown:: 答案
#
#       偏置相当于一个恒为 1 的额外输入的权重：
#       :math:`\mathbf{w}\cdot\mathbf{x} + b = (w_1, \dots, w_n, b)\cdot(x_1, \dots, x_n, 1)`。
#       对这个输入应用权重的更新规则，得到 :math:`b \leftarrow b + \eta\,(y - \hat y)\cdot 1`，
#       这正是偏置的更新规则。
#
# 2. 两个输入的布尔函数共有 16 种，感知机能学会其中哪些？（提示：像上面那样把每个函数画在正方形上。）
#
#    .. dropdown:: 答案
#
#       14 种：除了异或和同或（XNOR，即异或取反）之外都能学会。只有这两个函数的两个 1 位于正方形的同一条对角线上。
#
# 3. 给异或数据加上第三个输入 :math:`x_3 = x_1 x_2`，感知机现在能学会吗？
#
#    .. dropdown:: 答案
#
#       能。在三维空间中，点 :math:`(1, 1, 1)` 被抬离了其余三个点所在的平面，于是一个平面就能把两类分开，例如
#       :math:`x_1 + x_2 - 2x_3 - 0.5 > 0`。用 ``torch.cat([X, X[:, :1] * X[:, 1:]], dim=1)``
#       构造数据，再训练 ``Perceptron(3)``，它在第 11 轮收敛。隐藏层能够自己学到这样的特征。
#
# 4. 不看 ``update`` 和 ``fit``，凭记忆写出学习规则：编写函数
#    ``train(weights, bias, X, y, learning_rate=0.1, max_epochs=100)``，返回训练后的权重、偏置以及每一轮分错的样本数。
#    或非门（NOR）只在两个输入都为 0 时输出 1。令权重和偏置都从 0 开始，用这个函数学习或非门，并打印它对四个输入的预测。
#
#    .. dropdown:: 答案
#
#       .. code-block:: python
#          :name: exercise-01-learning-rule
#
#          def train(weights, bias, X, y, learning_rate=0.1, max_epochs=100):
#              errors = []
#              for _ in range(max_epochs):
#                  mistakes = 0
#                  for xi, yi in zip(X, y, strict=True):
#                      error = yi.item() - float(xi @ weights + bias > 0)  # y − ŷ
#                      weights = weights + learning_rate * error * xi  # ŷ = y 时加上的是 0
#                      bias = bias + learning_rate * error
#                      mistakes += int(error != 0)
#                  errors.append(mistakes)
#                  if mistakes == 0:
#                      break
#              return weights, bias, errors
#
#
#          X, _ = logic_gate("and")  # 四个输入 (0, 0)、(0, 1)、(1, 0)、(1, 1)
#          y_nor = torch.tensor([1, 0, 0, 0])
#          weights, bias, errors = train(torch.zeros(2), torch.tensor(0.0), X, y_nor)
#          print(f"每轮分错的样本数：{errors}")
#          print(f"预测：{(X @ weights + bias > 0).long().tolist()}")
#
#       它打印出 ``每轮分错的样本数：[2, 2, 1, 0]`` 和 ``预测：[1, 0, 0, 0]``；后者正是或非门的真值表。
