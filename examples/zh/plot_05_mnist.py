r"""
识别手写数字
============

本章把前面学到的内容用到一个真实的数据集上：MNIST，共 70,000 张 28 × 28 像素的手写数字图像。我们按\ :ref:`原教程 <source-tutorial>`\ 的配置，
训练一个三层的\ :term:`多层感知机`\ 作为分类器，再看看它在哪些图像上出错。读完本章，你会了解：

- 如何留出验证集，以及如何把训练图像打乱后切分成小批量；
- softmax 与交叉熵损失，以及损失对网络输出的梯度；
- 暂退法（dropout）在训练时和评估时分别起什么作用；
- 在真实数据上训练的循环，以及如何及早发现过拟合；
- 为什么测试集只在最后评估一次，如何解读混淆矩阵，以及如何保存模型。
"""

# %%
# 数据
# ----
# 原教程用 torchvision 的 ``datasets.MNIST`` 和 ``DataLoader`` 加载 MNIST，每一轮都要把图像逐张重新解码并\ :term:`标准化`。
# 整个训练集不过 60,000 × 784 个数（以 float32 存储共 188 MB），所以我们一次性把它载入为两个张量：
# :func:`~nnguide.datasets.mnist_tensors` 把每张图像展平成一行 784 个像素，
# 再用训练集的均值 0.1307 和标准差 0.3081 做标准化（减去均值，再除以标准差），
# 结果与原教程的 ``transforms.Normalize((0.1307,), (0.3081,))`` 相同。

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
    X, y = mnist_tensors(train=True)  # (60000, 784)，每个像素为 (像素值 / 255 - 0.1307) / 0.3081
    X_test, y_test = mnist_tensors(train=False)  # (10000, 784)，标签为 (10000,)
except MNISTUnavailableError as error:
    message = f"无法准备 MNIST 数据集。下面是 nnguide 给出的原因和解决办法（英文）：\n{error}"
    raise SystemExit(message) from None  # 只给出一条清楚的提示，不打印一大段回溯信息
print(f"训练图像 {tuple(X.shape)}，测试图像 {tuple(X_test.shape)}")
print(f"数字 0 到 9 各有多少张图像：{y.bincount().tolist()}")

titles = [f"标签 {label}" for label in y[:24].tolist()]
fig = plot_digits(X[:24], titles, ncols=6, colorbar="标准化后的像素值")
fig.suptitle("训练集的前 24 张图像")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "训练集的前 24 张图像，排成 4 行、每行 6 张，每张图上方标着它的标签。下方的颜色条把灰度对应到标准化后的像素值，"
    "从 −0.42（白色背景）到 2.82（最黑的笔迹）。"
)
assert (X[:24].min(), X[:24].max()) == (X.min(), X.max())  # 颜色条涵盖全部像素值
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
torch.testing.assert_close(image.flatten(), X[0])  # 原教程的流程得到同样的数值
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
# 颜色条显示的是标准化后的像素值。每个像素值先除以 255，从 0～255 缩放到 [0, 1]，再做标准化：白色背景（像素值 0）
# 缩放后仍是 0，标准化后变成 :math:`(0 - 0.1307)/0.3081 \approx -0.42`；最黑的笔迹（像素值 255）缩放后是 1，
# 标准化后变成 :math:`(1 - 0.1307)/0.3081 \approx 2.82`。
# 每个数字大约占全部图像的十分之一（最多的数字 1 比最少的数字 5 多 24%）。标准化之后，像素的均值约为 0，标准差约为 1，
# 这正是 PyTorch 默认的权重初始化所适用的尺度。
#
# 训练集、验证集与测试集
# ----------------------
# 参数足够多的网络能把训练图像“背”下来：它对这些图像拟合得越来越好，在从未见过的数字上却没有进步。
# 这就是\ :term:`过拟合`，只看训练集上的准确率是发现不了的。因此我们把数据分成互不重叠的三部分：
#
# - :term:`训练集`\ ：供优化器学习的图像；
# - :term:`验证集`\ ：不参与训练、每轮结束后评估一次的图像，用来监测过拟合，以及选择训练轮数等设置；
# - :term:`测试集`\ ：MNIST 另外提供的 10,000 张图像，只在最后评估一次。
#
# 验证集从 60,000 张训练图像中划出：先把这些图像随机打乱（随机种子是固定的，所以每次运行的划分都相同），再取前 10,000 张。

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
# 模型有 784 个输入（展平后的像素）、两个隐藏层（分别有 256 个和 128 个 ReLU 单元）和 10 个输出（每个数字一个得分）。
# 它和\ :doc:`第 2 章 <plot_02_mlp_xor>`\ 的多层感知机一样，也是一个 ``nn.Module``。``nn.Sequential`` 把若干层依次串联起来，
# 这样 ``forward`` 就不必逐层调用它们。每个隐藏层后面都接一个暂退层，下文会解释它的作用。有了 ``nn.Flatten``，模型也能接收原教程的
# ``DataLoader`` 给出的形状为 (n, 1, 28, 28) 的图像；我们已经展平的行向量则原样通过。


class DigitClassifier(nn.Module):
    """原教程的 MNIST 分类器：784 → 256 → 128 → 10，使用 ReLU 和暂退法。"""

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
# 在 235,146 个参数中，85% 是第一层的 784 × 256 个权重和 256 个偏置。
#
# softmax 与交叉熵
# ----------------
# 网络的 10 个输出 :math:`\mathbf{z}` 称为 :term:`logit`，即未经处理的原始得分，可以是任意实数。:term:`softmax`
# 把它们变成概率；:term:`交叉熵`\ :term:`损失函数`\ 则是模型赋给真实数字 :math:`y` 的概率的负对数：
#
# .. math::
#
#    p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad L = -\log p_y, \qquad
#    \frac{\partial L}{\partial z_k} = p_k - [k = y]
#
# 其中 :math:`[k = y]` 在 :math:`k` 是真实数字时为 1，否则为 0；这些值构成\ *独热*\ （one-hot）目标。
# 梯度等于预测概率减去独热目标：梯度下降把每个错误数字的 logit 压低，幅度与该数字得到的概率成正比；
# 把真实数字的 logit 抬高，幅度为 :math:`1 - p_y`。``nn.CrossEntropyLoss`` 接收 logit，在内部完成 softmax，
# 并对所有样本的损失取平均，所以梯度还要除以样本数。下面取未训练模型对 8 张图像输出的 logit，用自动微分检验这两个公式：

logits = (
    model(X_train[:8]).detach().requires_grad_()
)  # (8, 10)，一个新的叶子张量，反向传播后保留 .grad
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
# 两个公式都与自动微分的结果一致。未训练模型的损失接近 :math:`\ln 10 \approx 2.30`，即给每个数字都分配 1/10 的概率时的损失。
#
# 暂退法
# ------
# 训练时，:term:`暂退法`\ （dropout，即 ``nn.Dropout(p)``）以概率 :math:`p` 把每个值置零，并把保留下来的值乘以
# :math:`1/(1-p)`，使每个单元输出的期望保持不变；在评估模式下，它什么也不做。这样网络就不能依赖任何单个单元，
# 也就更难把训练图像背下来。下面对 10 个 1 施加 :math:`p = 0.2` 的暂退法：

dropout = nn.Dropout(p=0.2)  # 新建的模块处于训练模式
print(f"训练模式：{dropout(torch.ones(10)).tolist()}")
dropout.eval()
print(f"评估模式：{dropout(torch.ones(10)).tolist()}")
# sphinx_gallery_start_ignore
with torch.random.fork_rng():  # 不影响页面上的代码所用的随机数
    dropped = nn.Dropout(p=0.2)(torch.ones(10_000))
assert abs((dropped == 0).float().mean().item() - 0.2) < 0.02
torch.testing.assert_close(dropped[dropped != 0].unique(), torch.tensor([1.25]))
# sphinx_gallery_end_ignore

# %%
# 在训练模式下，每个值以 0.2 的概率被置零，其余的值变成 :math:`1/(1-0.2) = 1.25`；在评估模式下，这些 1 原样通过。
# ``model.train()`` 和 ``model.eval()`` 让模型中的所有暂退层在这两种模式之间切换。
#
# 小批量与训练循环
# ----------------
# 下面代码的第一行选择训练所用的设备：PyTorch 找到 NVIDIA GPU 就用 GPU，否则用 CPU。每个\ :term:`轮次`
# 都按新的随机顺序遍历全部 50,000 张训练图像，每个\ :term:`小批量`\ 有 64 张图像，即\ :term:`批量大小`\ 为 64：
# ``mini_batches`` 打乱行号，每次取出 64 个，再把对应的小批量移到 ``device`` 上。
# ``train_epoch`` 对每个小批量执行\ :doc:`第 2 章 <plot_02_mlp_xor>`\ 训练循环中的五步：:term:`前向传播`、计算损失、
# 梯度清零（``zero_grad``）、:term:`反向传播`\ 和优化器更新。``evaluate`` 关闭暂退法，也不计算梯度，只统计答对的样本数。

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(f"本次运行使用的设备：{device}")


def mini_batches(
    X: torch.Tensor, y: torch.Tensor, batch_size: int, device: torch.device, shuffle: bool = False
):
    """逐个给出由 ``batch_size`` 行组成的小批量 ``(图像, 标签)``；``shuffle`` 为真时，每次调用都用新的随机顺序。"""
    order = torch.randperm(len(X)) if shuffle else torch.arange(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start : start + batch_size]  # 这个小批量的行号
        yield X[rows].to(device), y[rows].to(device)


def train_epoch(model: nn.Module, batches, loss_fn: nn.Module, optimizer) -> float:
    """在每个小批量上各训练一步；返回这一轮的平均损失。"""
    model.train()  # 开启暂退法
    total_loss, seen = 0.0, 0
    for data, target in batches:
        output = model(data)  # 前向传播：(batch, 10) 的 logit
        loss = loss_fn(output, target)  # 交叉熵在这个小批量上的平均值
        optimizer.zero_grad()
        loss.backward()  # 反向传播
        optimizer.step()  # 更新权重
        total_loss += loss.item() * len(target)
        seen += len(target)
    return total_loss / seen


@torch.no_grad()  # 这里不训练，不需要计算梯度
def evaluate(model: nn.Module, batches) -> float:
    """在评估模式下（关闭暂退法）计算并返回模型在 ``batches`` 上的准确率。"""
    model.eval()  # 关闭暂退法
    correct, seen = 0, 0
    for data, target in batches:
        prediction = model(data).argmax(dim=1)  # logit 最大的数字
        correct += (prediction == target).sum().item()
        seen += len(target)
    return correct / seen


# %%
# 训练
# ----
# 训练沿用原教程的配置：:term:`Adam 优化器`，学习率 0.001，批量大小 64，训练 10 轮，在上面选定的设备上进行。
# 每轮训练结束后，在评估模式下分别计算训练集和验证集上的准确率，并打印两者之差。
# （原教程打印的是训练过程中各个小批量上的准确率，那时暂退法仍然开着，
# 所以不能直接与验证集准确率比较。）

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
ax.set(title="每轮结束后的准确率", xlabel="轮次", ylabel="准确率", xticks=epochs)
ax.yaxis.set_major_formatter("{x:.0%}")
ax.legend()
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "10 轮训练中每轮结束后训练集和验证集上的准确率：训练集准确率逐轮上升，第 9 轮达到 99.36%，第 10 轮略降到 99.32%；"
    "验证集准确率从第 5 轮起趋于平稳；两条曲线之间表示差距的阴影逐渐变宽。"
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
# 本页的所有输出都来自这个脚本的同一次运行，所用的设备见前面打印的那一行。
#
# 过拟合
# ------
# 第 1 轮结束时，两个准确率相差 0.54 个百分点。此后差距逐渐拉大：训练集准确率逐轮上升，第 9 轮达到 99.36%，
# 第 10 轮略降到 99.32%；验证集准确率在第 5 轮结束时为 97.60%，最终为 97.69%；阴影所示的差距在第 6 轮结束时为 1.50 个百分点，
# 最终为 1.63 个百分点。网络对这 50,000 张训练图像拟合得越来越好，识别没见过的数字的能力却不再随之提高：过拟合已经开始了。
# 训练多少轮才划算，要根据验证集准确率来决定；在这里，最后 5 轮几乎没有带来提升。
#
# 测试集只用一次
# --------------
# 直到现在，我们才第一次在测试集上评估模型。根据验证集准确率做出的每个选择（训练几轮、学习率多大、用不用暂退法）
# 都会让模型稍稍偏向验证集中的图像，所以验证集准确率会高估模型的表现。测试图像没有参与任何选择；只在最后评估一次，
# 测试集准确率才能如实反映模型在从未见过的数字上的表现。如果每一轮都评估测试集，再挑出结果最好的一轮，测试集就成了第二个验证集。
# 对 logit 做 softmax 就得到每个数字的概率，概率最大的数字就是预测结果。

model.eval()
with torch.no_grad():
    probabilities = model(X_test.to(device)).softmax(dim=1).cpu()  # (10000, 10)
confidence, predicted = probabilities.max(dim=1)  # 每张图像的最高概率，以及它对应的数字
test_accuracy = (predicted == y_test).float().mean().item()
print(f"测试集准确率：{test_accuracy:.2%}")
# sphinx_gallery_start_ignore
assert f"{test_accuracy:.2%}" == "98.08%"
assert f"{100 * (test_accuracy - history['validation'][-1]):.2f}" == "0.39"
chance = 100 * (2 * test_accuracy * (1 - test_accuracy) / 10_000) ** 0.5  # 两个准确率之差的标准差
assert 0.1 < chance < 0.5  # 两组各 10,000 张图像的准确率因偶然而相差的百分点数
# sphinx_gallery_end_ignore

# %%
# 测试集准确率比最后一轮的验证集准确率还高 0.39 个百分点。这里我们没有根据验证集调整任何设置（配置照搬原教程），
# 验证集准确率也就谈不上高估；而两组各 10,000 张图像的准确率，本来就可能因偶然因素相差零点几个百分点。可见验证集是一个可靠的参照。
#
# 错在哪里？
# ----------
# 混淆矩阵统计的是每个真实数字（行）被模型预测成了哪个数字（列）。下面打印出现超过 5 次的错误。

matrix = torch.zeros(10, 10, dtype=torch.long)  # 行：真实数字，列：预测数字
for i in range(len(y_test)):
    matrix[y_test[i], predicted[i]] += 1  # 每张测试图像在它所属的格子里加 1
mistakes = matrix - torch.diag(matrix.diag())  # 对角线以外的计数，即答错的图像数
for true, guess in (mistakes > 5).nonzero().tolist():
    print(f"  把 {true} 认成 {guess}：{mistakes[true, guess]} 次")

ax = plot_confusion_matrix(matrix, lang=LANG)
ax.set_title("测试集上的混淆矩阵")
plt.show()
# sphinx_gallery_start_ignore
ax.figure.set_label(
    "10,000 张测试图像的混淆矩阵：每行对应一个真实数字（0 到 9），每列对应一个预测数字，每个格子里是图像的张数。"
    "颜色按对数刻度变化，刻度见下方的颜色条；几乎所有图像都落在对角线上。"
)
assert (matrix.diag().min(), matrix.diag().max()) == (859, 1129)
assert int((matrix == 1).sum()) > 0  # 只有一张图像的格子显示为浅蓝色
from nnguide.metrics import confusion_matrix

assert torch.equal(matrix, confusion_matrix(predicted, y_test, n_classes=10))
assert int(matrix.diag().sum()) == round(test_accuracy * 10_000)
rates = mistakes / matrix.sum(dim=1, keepdim=True)  # 占该数字全部测试图像的比例
assert rates.argmax() == 94  # 把 9 认成 4
assert (mistakes[9, 4], matrix[9].sum(), f"{rates.max():.1%}") == (14, 1009, "1.4%")
assert mistakes.max() == 14
assert (mistakes > 5).sum() == 6
assert (mistakes[5] > 5).sum() == 3
# sphinx_gallery_end_ignore

# %%
# 几乎所有图像都落在对角线上。颜色按对数刻度变化（见矩阵下方的颜色条），所以即使格子里只有一张图像，
# 它的浅蓝色在对角线上那些有 859 到 1129 张图像的格子旁边也清晰可见；白色的空格子表示一张也没有。
# 最常见的错误是把 9 认成 4：数字 9 的 1009 张测试图像中，有 14 张（1.4%）被认成了 4。打印出的 6 种错误中，
# 有 3 种是把 5 认成别的数字。下面是模型认错的前 16 个测试数字，以及模型给这个答案的概率。

wrong = (predicted != y_test).nonzero().squeeze(1)[:16]
titles = [f"{y_test[i]} 认成 {predicted[i]}\n{confidence[i]:.1%}" for i in wrong.tolist()]
fig = plot_digits(X_test[wrong], titles, ncols=4, colorbar="标准化后的像素值")
fig.suptitle("模型认错的测试数字")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "模型认错的前 16 个测试数字，排成 4 行、每行 4 个，每个上方标着它的真实数字、模型认成的数字，"
    "以及模型给这个答案的概率。"
)
assert int((confidence[wrong] > 0.9).sum()) == 9
# sphinx_gallery_end_ignore

# %%
# 其中有些数字连人也难以辨认，但也有好几个我们一眼就能认出。而且在这 16 个错误答案中，有 9 个的概率高于 90%：
# 概率高只说明模型很有把握，并不保证答案正确。网络看到的只是一行 784 个数，它并不知道哪些像素在图像中彼此相邻；
# 卷积神经网络弥补的正是这一点。
#
# 保存与加载模型
# --------------
# 保存模型时，保存的是它的 ``state_dict``，即由参数张量组成的字典。加载时指定 ``weights_only=True``，就只读回张量，
# 不会执行任何代码，加载从别处得到的文件也就安全得多。

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mnist_classifier.pt"
    torch.save(model.state_dict(), path)
    restored = DigitClassifier().to(device)
    restored.load_state_dict(torch.load(path, weights_only=True))
restored.eval()  # 与 model 一样，关闭暂退法
same = torch.equal(restored(X_val.to(device)), model(X_val.to(device)))
print(
    "加载回来的模型与训练好的模型给出完全相同的 logit"
    if same
    else "加载回来的模型给出的 logit 不同"
)
# sphinx_gallery_start_ignore
assert same
# sphinx_gallery_end_ignore

# %%
# 小结
# ----
# - MNIST 可以整个载入内存，存为两个张量；验证集通过固定随机种子的随机划分留出；把行号打乱后依次切片，就得到每一轮的小批量。
# - 分类器输出 logit；``nn.CrossEntropyLoss`` 在内部完成 softmax，损失对 logit 的梯度等于预测概率减去独热目标。
# - 暂退法只在训练时随机把单元的输出置零；``model.train()`` 和 ``model.eval()`` 负责开启和关闭它。
# - 每轮结束后分别在训练集和验证集上评估，过拟合就表现为两个准确率之间逐渐扩大的差距；测试集只在最后评估一次。
# - 混淆矩阵显示模型把哪些数字认成了哪些数字；保存下来的 ``state_dict`` 可以加载到同一个类的新模型中。
#
# 练习
# ----
# 1. 去掉两个 ``nn.Dropout`` 层（``DigitClassifier(dropout=0.0)``）后重新训练。训练集与验证集准确率之间的差距会有什么变化？
#    验证集损失（验证集上交叉熵的平均值，请先完成练习 4）又会怎样？
#
#    .. dropdown:: 答案
#
#       训练 10 轮后可以看到，准确率几乎没有变化：训练集准确率仍在 99% 以上，差距在 1.5 到 2.5 个百分点之间，
#       验证集准确率与使用暂退法时相差不到半个百分点。区别体现在验证集损失上：无论是否使用暂退法，它都在第 4 到第 7 轮之间降到最低；
#       不用暂退法时，它随后回升到最低值的 1.2 倍以上，这是被准确率掩盖的过拟合迹象；使用暂退法时，它到最后仍不超过最低值的 1.1 倍。
#       暂退法减缓了过拟合。
#
# 2. 模型为什么输出 logit 而不是概率？softmax 是在哪里计算的？
#
#    .. dropdown:: 答案
#
#       ``nn.CrossEntropyLoss`` 会在内部以数值稳定的方式计算 log-softmax。需要概率时，像评估测试集的那段代码一样调用
#       ``logits.softmax(dim=1)`` 即可；两种方式预测出的数字相同，因为 softmax 不改变各项的大小顺序。
#
# 3. 评估之前为什么要调用 ``model.eval()``？不调用会出什么问题？
#
#    .. dropdown:: 答案
#
#       在训练模式下，暂退层会随机把单元的输出置零，预测结果因此带有噪声、略微变差，而且每次调用的结果都不一样。
#
# 4. 编写 ``evaluate_loss(model, batches, loss_fn)``，在评估模式下、不计算梯度，返回 ``model`` 在 ``batches``
#    全部样本上的平均损失。注意最后一个小批量比其他小批量小。然后把验证集损失加进训练循环打印的内容里。
#
#    .. dropdown:: 答案
#
#       .. code-block:: python
#          :name: exercise-05-evaluate-loss
#
#          @torch.no_grad()
#          def evaluate_loss(model, batches, loss_fn):
#              model.eval()  # 关闭暂退法
#              total_loss, seen = 0.0, 0
#              for data, target in batches:
#                  # 小批量上的平均损失乘以样本数，就是这个小批量上的损失之和
#                  total_loss += loss_fn(model(data), target).item() * len(target)
#                  seen += len(target)
#              return total_loss / seen
#
#       在训练循环中，``evaluate_loss(model, mini_batches(X_val, y_val, 1000, device), loss_fn)`` 给出的就是验证集损失。
#       如果改为对各个小批量的平均损失再取平均，较小的最后一个小批量中每个样本的权重就会偏大。使用暂退法时，
#       验证集损失在第 4 到第 7 轮之间降到最低，之后始终不超过最低值的 1.15 倍。
