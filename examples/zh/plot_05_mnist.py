r"""
识别手写数字
============

本章把前面学到的内容用在一个真实的数据集上：MNIST 数据集，它包含 70,000 张 28 × 28 像素的手写数字图像。我们按\ :ref:`原教程 <source-tutorial>`\ 的配置，
为它训练一个分类器——一个三层的\ :term:`多层感知机`，再看看它错在哪里。读完本章，你会了解：

- 怎样留出验证集，怎样把训练图像打乱后切成小批量；
- softmax 与交叉熵损失，以及它们反向传回的梯度；
- 暂退法（dropout）在训练和评估时各做了什么；
- 面向真实数据的训练循环，以及怎样及早发现过拟合；
- 为什么测试集只在最后评估一次；怎样解读混淆矩阵，怎样保存模型。
"""

# %%
# 数据
# ----
# 原教程用 torchvision 的 ``datasets.MNIST`` 和 ``DataLoader`` 加载 MNIST，每一轮都要把图像逐张重新解码、归一化。
# 整个训练集不过 60,000 × 784 个数（float32 下 188 MB），所以我们一次性把它载入为两个张量：
# :func:`~nnguide.datasets.mnist_tensors` 把每张图像展平成一行 784 个像素，
# 并用训练集的均值 0.1307 和标准差 0.3081 归一化，与原教程的 ``transforms.Normalize((0.1307,), (0.3081,))`` 相同。

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.datasets import MNISTUnavailableError, mnist_tensors
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib, plot_confusion_matrix, plot_digits

LANG = "zh"  # 本页图中文字的语言
SEED = 0
EPOCHS = 10
BATCH_SIZE = 64
configure_matplotlib(LANG)
torch.manual_seed(SEED)

try:
    X, y = mnist_tensors(train=True)  # (60000, 784) 个像素：(像素 / 255 - 0.1307) / 0.3081
    X_test, y_test = mnist_tensors(train=False)  # (10000, 784)，标签 (10000,)
except MNISTUnavailableError as error:
    raise SystemExit(error) from None  # 只给出一条清楚的提示，而不是一大段回溯信息
print(f"训练图像 {tuple(X.shape)}，测试图像 {tuple(X_test.shape)}")
print(f"数字 0 到 9 各有多少张图像：{y.bincount().tolist()}")

titles = [f"标签 {label}" for label in y[:24].tolist()]
fig = plot_digits(X[:24], titles, ncols=6, colorbar="归一化后的像素值")
fig.suptitle("训练集的前 24 张图像")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "训练集的前 24 张图像，排成 4 行、每行 6 张，每张图上方标着它的标签。下方的颜色条把灰度对应到归一化后的像素值，"
    "从 −0.42（白色背景）到 2.82（最黑的笔迹）。"
)
assert (X[:24].min(), X[:24].max()) == (X.min(), X.max())  # 颜色条涵盖所有像素值
assert (f"{X.min():.2f}", f"{X.max():.2f}") == ("-0.42", "2.82")
from torchvision import datasets, transforms

from nnguide.datasets import prepare_mnist

source = datasets.MNIST(
    prepare_mnist().parents[1],
    train=True,
    transform=transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
    ),
)
image, label = source[0]
torch.testing.assert_close(image.flatten(), X[0])  # 原教程的流程给出同样的数值
assert label == y[0]
assert X.shape == (60_000, 784)
assert X_test.shape == (10_000, 784)
assert abs(X.mean()) < 1e-3
assert abs(X.std() - 1) < 1e-3
counts = y.bincount()
assert (counts.argmax(), counts.argmin()) == (1, 5)
assert f"{counts.max() / counts.min() - 1:.0%}" == "24%"
# sphinx_gallery_end_ignore

# %%
# 颜色条显示的是归一化后的像素值。像素值先除以 255，从 0～255 缩放到 [0, 1]，再做归一化：白色背景（像素值 0）
# 缩放后仍是 0，归一化后变成 :math:`(0 - 0.1307)/0.3081 \approx -0.42`；最黑的笔迹（像素值 255）缩放后是 1，
# 归一化后变成 :math:`(1 - 0.1307)/0.3081 \approx 2.82`。
# 每个数字大约占十分之一的图像（最多的数字 1 比最少的数字 5 多 24%）。归一化后像素的均值约为 0、标准差约为 1，
# 与 PyTorch 默认的权重初始化尺度相匹配。
#
# 训练集、验证集与测试集
# ----------------------
# 参数足够多的网络能把训练图像“背”下来：它在这些图像上拟合得越来越好，在从未见过的数字上却没有变好。
# 这就是\ :term:`过拟合`，只看训练集准确率发现不了这一点。所以我们把数据分成互不重叠的三份：
#
# - :term:`训练集`\ ：优化器从中学习的图像；
# - :term:`验证集`\ ：不参与训练、每一轮结束后评估一次的图像，用来监测过拟合，并选择训练轮数之类的设置；
# - :term:`测试集`\ ：MNIST 另外的 10,000 张图像，只在最后评估一次。
#
# 验证集从 60,000 张训练图像中划出：先把它们随机排序（设定了随机种子，每次运行的划分都相同），取前 10,000 张。

order = torch.randperm(len(X))  # 打乱后的 60,000 个行号
X_val, y_val = X[order[:10_000]], y[order[:10_000]]  # 验证集：10,000 张图像
X_train, y_train = X[order[10_000:]], y[order[10_000:]]  # 训练集：其余 50,000 张
# sphinx_gallery_start_ignore
assert len(X_train) == 50_000
assert len(X_val) == 10_000
assert torch.equal(order.sort().values, torch.arange(60_000))  # 每张图像恰好属于一个集合
# sphinx_gallery_end_ignore

# %%
# 模型
# ----
# 784 个输入（展平后的像素）、两个分别有 256 和 128 个 ReLU 单元的隐藏层，以及 10 个输出，每个数字一个得分。
# 它和\ :doc:`第 02 章 <plot_02_mlp_xor>`\ 的多层感知机一样是一个 ``nn.Module``。``nn.Sequential`` 把若干层串成一条链，
# ``forward`` 就不必逐层调用。每个隐藏层之后都跟着一个暂退层，下文会解释它。有了 ``nn.Flatten``，模型也能接收原教程的
# ``DataLoader`` 给出的 (n, 1, 28, 28) 形状的图像；我们的行向量则原样通过。


class DigitClassifier(nn.Module):
    """原教程的 MNIST 分类器：784 → 256 → 128 → 10，ReLU，暂退。"""

    def __init__(self, dropout: float = 0.2) -> None:
        super().__init__()
        self.flatten = nn.Flatten()  # (n, 1, 28, 28) -> (n, 784)；(n, 784) 保持不变
        self.layers = nn.Sequential(
            nn.Linear(28 * 28, 256),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(256, 128),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(128, 10),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """图像 (n, 1, 28, 28) 或行向量 (n, 784) -> logit (n, 10)。"""
        return self.layers(self.flatten(x))


model = DigitClassifier()
print(model)
print(f"可训练参数个数：{sum(p.numel() for p in model.parameters()):,}")
# sphinx_gallery_start_ignore
assert sum(p.numel() for p in model.parameters()) == 235_146
assert round((784 * 256 + 256) / 235_146, 2) == 0.85
# sphinx_gallery_end_ignore

# %%
# 235,146 个参数中有 85% 是第一层的 784 × 256 个权重和 256 个偏置。
#
# softmax 与交叉熵
# ----------------
# 网络的 10 个输出 :math:`\mathbf{z}` 是 :term:`logit`：未经处理的得分，可以是任意实数。:term:`softmax`
# 把它们变成概率；:term:`交叉熵`\ :term:`损失函数`\ 则是真实数字 :math:`y` 所得概率的负对数：
#
# .. math::
#
#    p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad L = -\log p_y, \qquad
#    \frac{\partial L}{\partial z_k} = p_k - [k = y]
#
# 其中 :math:`[k = y]` 在 :math:`k` 是真实数字时为 1，否则为 0，这就是独热（one-hot）目标。
# 梯度等于预测概率减去独热目标：每个错误数字的 logit 按它所得的概率被往下压，真实数字的 logit
# 则被往上推 :math:`1 - p_y`。``nn.CrossEntropyLoss`` 接收 logit，自己做 softmax，并在批次上取平均，
# 所以梯度还要除以批次大小。下面用未训练模型对 8 张图像输出的 logit，拿自动微分来检验这两个公式：

logits = model(X_train[:8]).detach().requires_grad_()  # (8, 10)，一个新的叶子张量，保留 .grad
loss = nn.CrossEntropyLoss()(logits, y_train[:8])
loss.backward()  # logits.grad：dL/dz，(8, 10)
p = logits.softmax(dim=1)  # (8, 10)，每行之和为 1
print(f"损失：{loss:.4f}（自动微分），{-p[range(8), y_train[:8]].log().mean():.4f}（手算）")
torch.testing.assert_close(logits.grad, (p - nn.functional.one_hot(y_train[:8], 10)) / 8)
print("梯度：自动微分的结果等于 (p - one_hot(y)) / 8")
# sphinx_gallery_start_ignore
torch.testing.assert_close(-p[range(8), y_train[:8]].log().mean(), loss)
assert abs(loss.item() - torch.log(torch.tensor(10.0)).item()) < 0.1
# sphinx_gallery_end_ignore

# %%
# 两者都与自动微分一致。未训练模型的损失接近 :math:`\ln 10 \approx 2.30`，也就是给每个数字 1/10 的概率时的损失。
#
# 暂退法
# ------
# 训练时，:term:`暂退法`\ （dropout，``nn.Dropout(p)``）以概率 :math:`p` 把每个值置零，并把保留下来的值乘以
# :math:`1/(1-p)`，使每个单元的期望值保持不变；评估模式下它什么也不做。网络因此无法依赖任何单个单元，
# 也就更难把训练图像背下来。对 10 个 1 施加 :math:`p = 0.2` 的暂退：

dropout = nn.Dropout(p=0.2)  # 新建的模块处于训练模式
print(f"训练模式：{dropout(torch.ones(10)).tolist()}")
dropout.eval()
print(f"评估模式：{dropout(torch.ones(10)).tolist()}")
# sphinx_gallery_start_ignore
with torch.random.fork_rng():  # 不改变页面上代码所用的随机数
    dropped = nn.Dropout(p=0.2)(torch.ones(10_000))
assert abs((dropped == 0).float().mean().item() - 0.2) < 0.02
torch.testing.assert_close(dropped[dropped != 0].unique(), torch.tensor([1.25]))
# sphinx_gallery_end_ignore

# %%
# 训练模式下每个值以 0.2 的概率被置零，其余变成 :math:`1/(1-0.2) = 1.25`；评估模式下这些 1 原样通过。
# ``model.train()`` 和 ``model.eval()`` 让模型中所有暂退层在这两种行为之间切换。
#
# 小批量与训练循环
# ----------------
# 第一行选择训练模型的设备：PyTorch 找到 NVIDIA GPU 就用 GPU，否则用 CPU。每一轮（\ :term:`轮次`\ ）以新的随机顺序遍历
# 50,000 张训练图像，每个\ :term:`小批量` 64 张：``mini_batches`` 打乱行号，每次切出 64 个，再把这一批移到 ``device`` 上。
# ``train_epoch`` 对每个批次执行\ :doc:`第 02 章 <plot_02_mlp_xor>`\ 循环中的五步：:term:`前向传播`、计算损失、
# 梯度清零（``zero_grad``）、:term:`反向传播`\ 和优化器更新。``evaluate`` 关闭暂退、不计算梯度，只统计答对的个数。

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(f"本次运行使用的设备：{device}")


def mini_batches(
    X: torch.Tensor, y: torch.Tensor, batch_size: int, device: torch.device, shuffle: bool = False
):
    """逐个给出 ``batch_size`` 行的 ``(图像, 标签)`` 批次；``shuffle`` 为真时每次都用新的随机顺序。"""
    order = torch.randperm(len(X)) if shuffle else torch.arange(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start : start + batch_size]  # 这一批的行号
        yield X[rows].to(device), y[rows].to(device)


def train_epoch(model: nn.Module, batches, loss_fn: nn.Module, optimizer) -> float:
    """在每个批次上训练一次；返回平均损失。"""
    model.train()  # 打开暂退
    total_loss, seen = 0.0, 0
    for data, target in batches:
        output = model(data)  # 前向传播：(batch, 10) 的 logit
        loss = loss_fn(output, target)  # 这一批上交叉熵的平均值
        optimizer.zero_grad()
        loss.backward()  # 反向传播
        optimizer.step()  # 更新权重
        total_loss += loss.item() * len(target)
        seen += len(target)
    return total_loss / seen


@torch.no_grad()  # 这里不训练，不需要梯度
def evaluate(model: nn.Module, batches) -> float:
    """返回在 ``batches`` 上答对的比例，在评估模式下（关闭暂退）计算。"""
    model.eval()  # 关闭暂退
    correct, seen = 0, 0
    for data, target in batches:
        prediction = model(data).argmax(dim=1)  # logit 最大的数字
        correct += (prediction == target).sum().item()
        seen += len(target)
    return correct / seen


# %%
# 训练
# ----
# 原教程的配置：:term:`Adam 优化器`，学习率 0.001，批次大小 64，训练 10 轮，在上面选定的设备上进行。
# 每轮训练结束后，在评估模式下分别计算训练集和验证集的准确率，并打印两者之差。
# （原教程打印的是训练过程中各批次上的准确率，当时暂退还开着，
# 不能和验证集准确率直接比较。）

model = model.to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)

history = {"train": [], "validation": []}
for epoch in range(1, EPOCHS + 1):
    train_batches = mini_batches(X_train, y_train, BATCH_SIZE, device, shuffle=True)
    loss = train_epoch(model, train_batches, loss_fn, optimizer)
    train_accuracy = evaluate(model, mini_batches(X_train, y_train, 1000, device))
    val_accuracy = evaluate(model, mini_batches(X_val, y_val, 1000, device))
    history["train"].append(train_accuracy)
    history["validation"].append(val_accuracy)
    print(
        f"第 {epoch:2d} 轮：损失 {loss:.4f}，训练集准确率 {train_accuracy:.2%}，"
        f"验证集准确率 {val_accuracy:.2%}，差距 {100 * (train_accuracy - val_accuracy):.2f} 个百分点"
    )

epochs = range(1, EPOCHS + 1)
fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 3.6), layout="constrained")
ax.plot(epochs, history["train"], marker="o", label="训练集")
ax.plot(epochs, history["validation"], marker="o", label="验证集")
ax.fill_between(epochs, history["validation"], history["train"], alpha=0.2, label="差距")
ax.set(title="每一轮结束后的准确率", xlabel="轮次", ylabel="准确率", xticks=epochs)
ax.yaxis.set_major_formatter("{x:.0%}")
ax.legend()
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "10 轮中每一轮结束后训练集和验证集上的准确率：训练集准确率逐轮上升，第 9 轮达到 99.36%，第 10 轮略降到 99.32%；"
    "验证集准确率从第 5 轮起趋于平稳；两者之间的阴影（差距）逐渐拉开。"
)
gap = [100 * (t - v) for t, v in zip(history["train"], history["validation"], strict=True)]
late = history["validation"][4:]  # 从第 5 轮起趋于平稳
assert max(late) - min(late) < 0.003
assert f"{gap[0]:.2f}" == "0.54"
assert [f"{accuracy:.2%}" for accuracy in history["train"][8:]] == ["99.36%", "99.32%"]
assert all(a < b for a, b in zip(history["train"][:8], history["train"][1:9], strict=True))
assert [f"{history['validation'][e]:.2%}" for e in (4, 9)] == ["97.60%", "97.69%"]
assert [f"{gap[e]:.2f}" for e in (5, 9)] == ["1.50", "1.63"]
# sphinx_gallery_end_ignore

# %%
# 本页的输出都来自这个脚本的同一次运行，所用的设备见上面的打印。
#
# 过拟合
# ------
# 第 1 轮结束时，两个准确率相差 0.54 个百分点。此后两者逐渐拉开：训练集准确率逐轮上升，第 9 轮达到 99.36%，
# 第 10 轮略降到 99.32%；验证集准确率在第 5 轮后是 97.60%，最后是 97.69%；阴影部分的差距在第 6 轮后是 1.50 个百分点，最后是 1.63。
# 网络在这 50,000 张图像上拟合得越来越好，却不再因此更善于识别没见过的数字：过拟合已经开始了。
# 训练多少轮才值得，要看验证集准确率来决定；在这里，后五轮收获甚微。
#
# 测试集只用一次
# --------------
# 直到此时，我们才第一次在测试集上评估模型。盯着验证集准确率所做的每个选择（训练几轮、学习率多大、用不用暂退）
# 都会让模型稍稍偏向验证图像，所以验证集准确率会偏乐观。测试图像没有参与任何选择：只在最后评估一次，
# 测试集准确率才能如实反映模型在从未见过的数字上表现如何。如果每一轮都评估测试集、再挑出最好的一轮，测试集就成了第二个验证集。
# 对 logit 做 softmax 得到每个数字的概率，概率最大的就是预测结果。

model.eval()
with torch.no_grad():
    probabilities = model(X_test.to(device)).softmax(dim=1).cpu()  # (10000, 10)
confidence, predicted = probabilities.max(dim=1)  # 每张图像的最高概率及其对应的数字
test_accuracy = (predicted == y_test).float().mean().item()
print(f"测试集准确率：{test_accuracy:.2%}")
# sphinx_gallery_start_ignore
assert f"{test_accuracy:.2%}" == "98.08%"
assert f"{100 * (test_accuracy - history['validation'][-1]):.2f}" == "0.39"
chance = 100 * (2 * test_accuracy * (1 - test_accuracy) / 10_000) ** 0.5  # std of a difference
assert 0.1 < chance < 0.5  # points between two sets of 10,000 images, by chance
# sphinx_gallery_end_ignore

# %%
# 测试集准确率比最后一轮的验证集准确率还高 0.39 个百分点。这里我们并没有根据验证集调过任何设置（配置照搬原教程），
# 验证集准确率也就无从偏乐观；而两组各 10,000 张的图像，准确率本来就会因偶然相差零点几个百分点。可见验证集是一个可靠的参照。
#
# 错在哪里？
# ----------
# 混淆矩阵统计的是：对每个真实数字（行），模型预测成了什么（列）。我们打印出现超过 5 次的错误。

matrix = torch.zeros(10, 10, dtype=torch.long)  # 行：真实数字，列：预测数字
for i in range(len(y_test)):
    matrix[y_test[i], predicted[i]] += 1  # 每张测试图像给自己的格子加 1
mistakes = matrix - torch.diag(matrix.diag())  # 对角线之外的计数：答错的
for true, guess in (mistakes > 5).nonzero().tolist():
    print(f"  把 {true} 认成 {guess}：{mistakes[true, guess]} 次")

ax = plot_confusion_matrix(matrix, lang=LANG)
ax.set_title("测试集上的混淆矩阵")
plt.show()
# sphinx_gallery_start_ignore
ax.figure.set_label(
    "10,000 张测试图像的混淆矩阵：每行是一个真实数字（0 到 9），每列是一个预测数字，每个格子里是图像的张数。"
    "颜色按对数刻度变化，刻度见下方的颜色条；几乎所有图像都落在对角线上。"
)
assert (matrix.diag().min(), matrix.diag().max()) == (859, 1129)
assert int((matrix == 1).sum()) > 0  # 只有一张图像的格子：浅蓝色
from nnguide.metrics import confusion_matrix

assert torch.equal(matrix, confusion_matrix(predicted, y_test, n_classes=10))
assert int(matrix.diag().sum()) == round(test_accuracy * 10_000)
rates = mistakes / matrix.sum(dim=1, keepdim=True)  # 占该数字测试图像的比例
assert rates.argmax() == 94  # 把 9 认成 4
assert (mistakes[9, 4], matrix[9].sum(), f"{rates.max():.1%}") == (14, 1009, "1.4%")
assert mistakes.max() == 14
assert (mistakes > 5).sum() == 6
assert (mistakes[5] > 5).sum() == 3
# sphinx_gallery_end_ignore

# %%
# 几乎所有样本都落在对角线上。颜色按对数刻度变化（见矩阵下方的颜色条），所以即使只有一张图像的格子，
# 在对角线上 859 到 1,129 张的格子旁边也看得出颜色（浅蓝色）；空白（白色）的格子表示一张也没有。最常见的错误是把 9 认成 4，占 1,009 张 9 的测试图像中的 14 张（1.4%）；打印出的 6 种错误里，
# 有 3 种是把 5 认成别的数字。下面是模型认错的前 16 个测试数字，以及它给自己答案的概率。

wrong = (predicted != y_test).nonzero().squeeze(1)[:16]
titles = [f"{y_test[i]} 认成 {predicted[i]}\n{confidence[i]:.1%}" for i in wrong.tolist()]
fig = plot_digits(X_test[wrong], titles, ncols=4, colorbar="归一化后的像素值")
fig.suptitle("模型认错的测试数字")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "模型认错的前 16 个测试数字，排成 4 行、每行 4 个，每个上方标着它的真实数字、模型认成的数字，"
    "以及模型给自己答案的概率。"
)
assert int((confidence[wrong] > 0.9).sum()) == 9
# sphinx_gallery_end_ignore

# %%
# 其中有些连人看着也别扭，但也有好几个我们一眼就能认出；而且这 16 个错误答案中有 9 个，模型给出的概率高于 90%：
# 概率高只说明模型有把握，并不保证正确。网络看到的只是 784 个数，并不知道哪些像素彼此相邻，这正是卷积神经网络要补上的。
#
# 保存与加载模型
# --------------
# 模型以它的 ``state_dict``——参数张量组成的字典——来保存。用 ``weights_only=True`` 加载时只读回张量，不会执行代码，
# 加载别处来的文件就安全得多。

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mnist_classifier.pt"
    torch.save(model.state_dict(), path)
    restored = DigitClassifier().to(device)
    restored.load_state_dict(torch.load(path, weights_only=True))
restored.eval()  # 和 model 一样关闭暂退
same = torch.equal(restored(X_val.to(device)), model(X_val.to(device)))
print(f"加载回来的模型与训练好的模型给出相同的 logit：{same}")
# sphinx_gallery_start_ignore
assert same
# sphinx_gallery_end_ignore

# %%
# 小结
# ----
# - MNIST 可以整个放进内存，成为两个张量；用设定了种子的随机划分留出验证集；打乱行号再依次切片，就得到每一轮的小批量。
# - 分类器输出 logit；``nn.CrossEntropyLoss`` 自己做 softmax，它反向传回的梯度是预测概率减去独热目标。
# - 暂退法只在训练时随机把单元置零；``model.train()`` 和 ``model.eval()`` 负责开关它。
# - 每一轮结束后分别在训练集和验证集上评估，过拟合就表现为两个准确率之间逐渐扩大的差距；测试集只在最后评估一次。
# - 混淆矩阵显示模型把哪些数字认成了哪些；保存下来的 ``state_dict`` 可以加载回同一个类。
#
# 练习
# ----
# 1. 去掉两个 ``nn.Dropout`` 层（``DigitClassifier(dropout=0.0)``），重新训练。训练集与验证集准确率之间的差距会怎样？
#    验证集损失（验证集上交叉熵的平均值；请先做练习 4）又会怎样？
#
#    .. dropdown:: 答案
#
#       训练 10 轮后你会看到，准确率几乎没有变化：训练集准确率仍超过 99%，差距在 1.5 到 2.5 个百分点之间，
#       验证集准确率与用暂退时相差不到半个百分点。区别在验证集损失上：无论用不用暂退，它都在第 4 到第 7 轮之间降到最低；
#       不用暂退时，它随后回升到最低值的 1.2 倍以上，这是准确率掩盖住的过拟合迹象；用暂退时，最后仍不超过最低值的 1.1 倍。
#       暂退法减缓了过拟合。
#
# 2. 模型为什么输出 logit 而不是概率？softmax 在哪里做？
#
#    .. dropdown:: 答案
#
#       ``nn.CrossEntropyLoss`` 自己会以数值稳定的方式做 log-softmax。要读出概率，就像评估测试集的那段代码那样调用
#       ``logits.softmax(dim=1)``；两种方式预测出的数字相同，因为 softmax 不改变大小顺序。
#
# 3. 评估之前为什么要调用 ``model.eval()``？不调用会出什么问题？
#
#    .. dropdown:: 答案
#
#       训练模式下暂退层会随机把单元置零，预测结果就会带噪声、略微变差，而且每次调用都不一样。
#
# 4. 编写 ``evaluate_loss(model, batches, loss_fn)``，返回 ``model`` 在 ``batches`` 全部样本上的平均损失，
#    要在评估模式下计算，并且不计算梯度。注意最后一个批次比其他批次小。再把验证集损失加进训练循环的输出里。
#
#    .. dropdown:: 答案
#
#       .. code-block:: python
#          :name: exercise-05-evaluate-loss
#
#          @torch.no_grad()
#          def evaluate_loss(model, batches, loss_fn):
#              model.eval()  # 关闭暂退
#              total_loss, seen = 0.0, 0
#              for data, target in batches:
#                  # 这一批的平均损失乘以它的大小，就是这一批样本的损失之和
#                  total_loss += loss_fn(model(data), target).item() * len(target)
#                  seen += len(target)
#              return total_loss / seen
#
#       在循环中，``evaluate_loss(model, mini_batches(X_val, y_val, 1000, device), loss_fn)`` 给出验证集损失。
#       如果改为对各批次的平均损失再取平均，较小的最后一批中的每个样本就会被多算。用暂退时，
#       验证集损失在第 4 到第 7 轮之间降到最低，之后始终不超过最低值的 1.15 倍。
