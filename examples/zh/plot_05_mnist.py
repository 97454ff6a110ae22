r"""
识别手写数字
============

本章把前面学到的内容综合运用到一个真实数据集上：MNIST，70,000 个 28×28 像素的手写数字。我们训练原教程中的分类器——一个三层的\ :term:`多层感知机`，
再仔细看看它学到了什么、错在哪里。读完本章，你会了解：

- 如何用 torchvision 的 ``transforms`` 和 ``DataLoader`` 加载 MNIST，以及怎样把数据喂给网络才能快上好几倍；
- softmax 与交叉熵损失，以及它们反向传回的梯度；
- dropout 在训练和评估时各做了什么；
- 面向真实数据、按小批量进行的训练循环与评估循环；
- 如何解读混淆矩阵，以及它背后的那些错误；
- 如何保存训练好的模型，并安全地加载回来。
"""

# %%
# 数据
# ----
# 先看原教程用的标准 PyTorch 流程：torchvision 的 ``MNIST`` 数据集把每张图像转成张量，再用训练集的均值 0.1307
# 和标准差 0.3081 归一化；``DataLoader`` 负责打乱样本顺序，并把样本堆叠成小批量。在联网的电脑上，
# ``datasets.MNIST(root, download=True)`` 会自动下载数据文件；:func:`nnguide.datasets.prepare_mnist`
# 也会这样做，没有网络时则从一份离线副本重建官方文件。无论哪种方式，它都会用官方 MD5 校验每一个文件。
# 如果所有来源都不可用，本章会停下来，并用一条提示说明怎样获取数据。

import itertools
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from nnguide.architectures import count_parameters
from nnguide.datasets import MNISTUnavailableError, mnist_tensors, prepare_mnist
from nnguide.graphed import GraphedTrainer
from nnguide.metrics import confusion_matrix
from nnguide.plotting import (
    FIGURE_WIDTH,
    configure_matplotlib,
    plot_confusion_matrix,
    plot_curve,
    plot_digits,
)
from nnguide.training import TensorBatches

LANG = "zh"  # 本页图中文字的语言
SEED = 0
EPOCHS = 10
BATCH_SIZE = 64
TIMED_BATCHES = 200  # 计时时每种流程跑的批次数
configure_matplotlib(LANG)
torch.manual_seed(SEED)

transform = transforms.Compose(
    [
        transforms.ToTensor(),  # PIL 图像，28×28 个字节 -> [0, 1] 内的浮点张量 (1, 28, 28)
        transforms.Normalize((0.1307,), (0.3081,)),  # (x - 均值) / 标准差
    ]
)
try:
    data_root = prepare_mnist().parents[1]  # 存放 MNIST/raw/ 的文件夹，文件已校验
except MNISTUnavailableError as error:
    raise SystemExit(error) from None  # 只给出一条清楚的提示，而不是一大段回溯信息
train_set = datasets.MNIST(data_root, train=True, transform=transform)
train_loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True)
images, targets = next(iter(train_loader))
print(f"训练图像 {len(train_set):,} 张；一个批次：{tuple(images.shape)}，{tuple(targets.shape)}")

# %%
# 这个流程在每一轮里都要把 60,000 张图像逐张重新解码、转换、归一化，再堆叠成批次。MNIST 足够小，这些工作做一次就够了：
# :func:`~nnguide.datasets.mnist_tensors` 把整个划分返回为两个张量，用同样的均值和标准差一次性归一化，
# 并把每张图像展平成一行 784 个像素。两种方式得到的数值相同：

X_train, y_train = mnist_tensors(train=True)
X_test, y_test = mnist_tensors(train=False)
print(f"训练集：图像 {tuple(X_train.shape)}，标签 {tuple(y_train.shape)}")
print(f"测试集：图像 {tuple(X_test.shape)}，标签 {tuple(y_test.shape)}")
print(f"归一化后像素均值 {X_train.mean():.4f}，标准差 {X_train.std():.4f}")
print("训练集中各数字的个数：", y_train.bincount().tolist())
image, label = train_set[0]
torch.testing.assert_close(image.flatten(), X_train[0])
assert label == y_train[0]
assert X_train.shape == (60_000, 784)
assert X_test.shape == (10_000, 784)
assert abs(X_train.mean()) < 1e-3
assert abs(X_train.std() - 1) < 1e-3
counts = y_train.bincount()
assert counts.max() < 1.25 * counts.min()

fig = plot_digits(X_train[:24], [f"标签 {label}" for label in y_train[:24].tolist()], ncols=6)
fig.suptitle("训练集的前 24 张图像")
plt.show()

# %%
# ``MNIST`` 数据集的第一张图像与张量的第一行在浮点精度内完全相等。归一化后像素的均值为 0、标准差为 1，
# 正适合网络的初始权重；各个数字的样本数也相差不大，最多的比最少的多不到 25%。
#
# 模型
# ----
# 784 个输入（展平后的像素）、两个分别有 256 和 128 个 ReLU 单元的隐藏层，以及 10 个输出，每个数字一个得分（*logit*）。
# 它和第 02 章的 MLP 一样是一个 ``nn.Module``。``nn.Sequential`` 把若干层串成一条链，``forward`` 就不必逐层列出。
# 每个隐藏层之后都跟着一个 dropout 层，下文会解释它。


class DigitClassifier(nn.Module):
    """原教程的 MNIST 分类器：784 → 256 → 128 → 10，ReLU，dropout。"""

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
n_parameters = count_parameters(model)
print(f"可训练参数个数：{n_parameters:,}")
assert n_parameters == (784 * 256 + 256) + (256 * 128 + 128) + (128 * 10 + 10)
assert round((784 * 256 + 256) / n_parameters, 2) == 0.85
assert model(images).shape == model(X_train[:BATCH_SIZE]).shape == (BATCH_SIZE, 10)

# %%
# 共 235,146 个参数，其中 85% 在第一层。``DataLoader`` 给出的图像批次和张量的行，模型都能接受。
# （:class:`nnguide.models.DigitClassifier` 就是这个类，另加了对输入尺寸的检查。）
#
# softmax 与交叉熵
# ----------------
# softmax 把 10 个 logit :math:`\mathbf{z}` 变成概率；:term:`交叉熵`\ :term:`损失函数`\ 则是真实数字 :math:`y`
# 所得概率的负对数：
#
# .. math::
#
#    p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad L = -\log p_y, \qquad
#    \frac{\partial L}{\partial z_k} = p_k - [k = y]
#
# 梯度等于预测概率减去独热（one-hot）目标：每个错误数字的 logit 按它所得的概率被往下压，真实数字的 logit
# 则被往上推 :math:`1 - p_y`。``nn.CrossEntropyLoss`` 接收 logit，自己做 softmax，并在批次上取平均，
# 所以梯度还要除以批次大小 :math:`n`。下面用未训练模型对 8 张图像输出的 logit，拿自动微分来检验这两个公式：

logits = model(X_train[:8]).detach().requires_grad_()  # (8, 10)
targets = y_train[:8]
loss = nn.CrossEntropyLoss()(logits, targets)
loss.backward()
probabilities = logits.softmax(dim=1)  # (8, 10)，每行之和为 1
by_hand_loss = -probabilities[range(8), targets].log().mean()
by_hand_gradient = (probabilities - nn.functional.one_hot(targets, 10)) / 8
print(f"损失：{loss.item():.6f}（自动微分），{by_hand_loss.item():.6f}（手算）")
print(f"梯度的最大差值 |自动微分 - 手算|：{(logits.grad - by_hand_gradient).abs().max():.1e}")
torch.testing.assert_close(by_hand_loss, loss)
torch.testing.assert_close(logits.grad, by_hand_gradient)
assert abs(loss.item() - torch.log(torch.tensor(10.0)).item()) < 0.1

# %%
# 两者在 float32 精度内都与自动微分一致。未训练模型的损失接近 :math:`\ln 10 \approx 2.30`，
# 也就是以 1/10 的概率瞎猜每个数字时的损失。
#
# dropout
# -------
# 训练时，``nn.Dropout(p)`` 以概率 :math:`p` 把每个值置零，并把保留下来的值乘以 :math:`1/(1-p)`，
# 使每个单元的期望值保持不变；评估模式下它什么也不做。dropout 让网络无法依赖任何单个单元。
# 对 10,000 个 1 施加 :math:`p = 0.2` 的 dropout：

dropout = nn.Dropout(p=0.2)
ones = torch.ones(10_000)
dropped = dropout(ones)  # 新建的模块处于训练模式
zeroed = (dropped == 0).float().mean().item()
survivors = dropped[dropped != 0].unique().tolist()
print(f"训练模式：{zeroed:.1%} 被置零，保留下来的值 = {survivors}，均值 {dropped.mean():.3f}")
dropout.eval()
print(f"评估模式：输出等于输入：{torch.equal(dropout(ones), ones)}")
assert abs(zeroed - 0.2) < 0.02
torch.testing.assert_close(torch.tensor(survivors), torch.tensor([1 / (1 - 0.2)]))
assert abs(dropped.mean().item() - 1) < 0.03
assert torch.equal(dropout(ones), ones)

# %%
# 大约 20% 的值被置零，其余变成 1.25，所以均值仍接近 1。这就是 ``model.train()`` 和 ``model.eval()``
# 的意义所在：它们让模型中所有 dropout 层在这两种行为之间切换。
#
# 训练循环与评估循环
# ------------------
# 每一轮以新的随机顺序遍历 60,000 张训练图像，每个小批量 64 张。每个批次都执行第 02 章循环中的五步：
# :term:`前向传播`、计算损失、``zero_grad``、:term:`反向传播`\ 和优化器更新。累计的损失和答对的个数一直保持为张量：
# 如果每个批次都调用 ``.item()``，CPU 每次都得停下来等 GPU。评估时关闭 dropout 和梯度，只统计答对的个数。


def train_epoch(
    model: nn.Module, batches, *, loss_fn: nn.Module, optimizer: torch.optim.Optimizer
) -> tuple[float, float]:
    """遍历一遍 ``batches``；返回这些批次上的平均损失和准确率。"""
    model.train()  # 打开 dropout
    total_loss = torch.zeros(())
    correct = torch.zeros((), dtype=torch.long)
    seen = 0
    for data, target in batches:
        optimizer.zero_grad()
        output = model(data)  # 前向传播：(batch, 10) 的 logit
        loss = loss_fn(output, target)
        loss.backward()  # 反向传播
        optimizer.step()  # 更新权重
        total_loss = total_loss.to(loss.device) + loss.detach() * len(target)
        correct = correct.to(output.device) + (output.argmax(dim=1) == target).sum()
        seen += len(target)
    return total_loss.item() / seen, correct.item() / seen


@torch.no_grad()
def evaluate(model: nn.Module, batches) -> float:
    """``model`` 在 ``batches`` 上的准确率，在评估模式下（关闭 dropout）计算。"""
    model.eval()  # 关闭 dropout
    correct = torch.zeros((), dtype=torch.long)
    seen = 0
    for data, target in batches:
        prediction = model(data).argmax(dim=1)  # 可能性最大的数字
        correct = correct.to(prediction.device) + (prediction == target).sum()
        seen += len(target)
    return correct.item() / seen


# %%
# :mod:`nnguide.training` 中有同样的两个函数，另加了输入检查。
#
# 两种喂数据的方式
# ----------------
# 训练循环接受任何能逐个给出 ``(图像, 标签)`` 批次的可迭代对象。我们用一个用完即弃的模型副本，分别计时
# ``DataLoader`` 的 200 个批次和 :class:`~nnguide.training.TensorBatches` 的 200 个批次；后者每一轮只生成一次随机顺序，
# 之后每个批次直接从预先载入的张量中取出自己的 64 行。

loss_fn = nn.CrossEntropyLoss()
pipelines = {
    "DataLoader": train_loader,
    "TensorBatches": TensorBatches(X_train, y_train, batch_size=BATCH_SIZE, shuffle=True),
}
seconds_per_epoch = {}
for name, batches in pipelines.items():
    scratch = DigitClassifier()
    scratch_optimizer = torch.optim.Adam(scratch.parameters(), lr=1e-3)
    start = time.perf_counter()
    train_epoch(
        scratch,
        itertools.islice(batches, TIMED_BATCHES),
        loss_fn=loss_fn,
        optimizer=scratch_optimizer,
    )
    seconds_per_epoch[name] = (time.perf_counter() - start) / TIMED_BATCHES * len(train_loader)
    print(f"{name:>13}：每轮（{len(train_loader)} 个批次）{seconds_per_epoch[name]:.1f} 秒")
speed_up = seconds_per_epoch["DataLoader"] / seconds_per_epoch["TensorBatches"]
print(f"预先载入的张量快 {speed_up:.1f} 倍")
assert speed_up > 1.5

# %%
# 两种流程给同一个模型喂的是同样的数，但在这台机器上，预先载入的张量要快 1.5 倍以上（``nox -s bench``
# 测的是完整的轮次）。数据集装不进内存，或者每一轮都需要随机数据增强时，``DataLoader`` 才是合适的工具；
# MNIST 两者都不需要，所以本章其余部分都直接用张量训练。
#
# 训练
# ----
# Adam 以\ *融合*\ （fused）形式运行，所有参数的更新由一个核函数完成；余弦学习率调度在 10 轮中把学习率平滑地降到零，
# 让最后几轮做精细调整，而不是来回跳动。在有 NVIDIA GPU 的电脑上，这个单元在 GPU 上训练，并把训练步交给
# :class:`~nnguide.graphed.GraphedTrainer`：它把整个训练步记录一次，成为 CUDA 图，之后每个批次只重放
# 这张图，Python 不必再逐个启动其中的核函数；在 CPU 上，它运行上面的 ``train_epoch`` 循环。

on_gpu = torch.cuda.is_available()
device = torch.device("cuda" if on_gpu else "cpu")
torch.manual_seed(SEED)
model = DigitClassifier().to(device)
initial_weights = model.layers[0].weight.detach().cpu().clone()  # (256, 784)，训练后用来对比
train_batches = TensorBatches(
    X_train.to(device), y_train.to(device), batch_size=BATCH_SIZE, shuffle=True, seed=SEED
)
test_batches = TensorBatches(X_test.to(device), y_test.to(device), batch_size=1000)
# capturable：在 GPU 上，Adam 把步数也留在 GPU 上，CUDA 图才能记录这次更新
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True, capturable=on_gpu)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)
graphed = None
if on_gpu:  # 同一个训练步，只记录一次，成为 CUDA 图
    graphed = GraphedTrainer(model, train_batches, optimizer=optimizer, loss_fn=loss_fn)

history: dict[str, list[float]] = {"loss": [], "train": [], "test": []}
print("正在训练 MNIST 分类器……")
for epoch in range(EPOCHS):
    if graphed is None:
        train_loss, train_accuracy = train_epoch(
            model, train_batches, loss_fn=loss_fn, optimizer=optimizer
        )
    else:
        train_loss, train_accuracy = graphed.train_epoch()  # 每个批次重放一次图
    schedule.step()
    test_accuracy = evaluate(model, test_batches)
    history["loss"].append(train_loss)
    history["train"].append(train_accuracy)
    history["test"].append(test_accuracy)
    print(
        f"第 {epoch + 1:2d} 轮：损失 {train_loss:.4f}，训练集准确率 {train_accuracy:.2%}，测试集准确率 {test_accuracy:.2%}"
    )

final_accuracy = history["test"][-1]
print(f"\n最终测试集准确率：{final_accuracy:.2%}")
assert final_accuracy >= 0.98
assert history["train"][0] < history["test"][0]
model.cpu()  # 本章余下的部分在 CPU 上运行，使用 X_test 和 y_test

fig, (ax_loss, ax_accuracy) = plt.subplots(2, 1, figsize=(FIGURE_WIDTH, 7.2), layout="constrained")
plot_curve(history["loss"], lang=LANG, ylabel="loss", ax=ax_loss)
ax_loss.set_title("训练损失")
plot_curve(history["train"], lang=LANG, ylabel="accuracy", ax=ax_accuracy, name="训练集")
plot_curve(history["test"], lang=LANG, ylabel="accuracy", ax=ax_accuracy, name="测试集")
ax_accuracy.set_title("准确率")
plt.show()

# %%
# 在 10,000 个从未见过的测试数字上，模型准确率超过 98%。训练集准确率是在 dropout 开启、权重还在一轮中不断变化时测得的，
# 所以在头几个轮次里它反而\ *低于*\ 测试集准确率。
#
# 错在哪里？
# ----------
# 混淆矩阵统计的是：对每个真实数字（行），模型预测成了什么（列）。

with torch.no_grad():
    model.eval()
    predicted = model(X_test).argmax(dim=1)
matrix = confusion_matrix(predicted, y_test, n_classes=10)
assert matrix.sum() == 10_000
assert int(matrix.diag().sum()) == round(final_accuracy * 10_000)
off_diagonal = matrix - torch.diag(matrix.diag())
true_digit, predicted_digit = divmod(int(off_diagonal.argmax()), 10)
print(f"{int(matrix.sum()):,} 个测试样本中分错 {int(off_diagonal.sum())} 个")
print(
    f"最常见的混淆：把 {true_digit} 认成 {predicted_digit}（在 {int(matrix[true_digit].sum())} 张"
    f"数字 {true_digit} 的测试图像中出现 {int(off_diagonal.max())} 次）"
)
assert off_diagonal.max() < 0.02 * matrix[true_digit].sum()

ax = plot_confusion_matrix(matrix, lang=LANG)
ax.set_title("测试集上的混淆矩阵")
plt.show()

# %%
# 几乎所有样本都落在对角线上。即使是上面打印的最常见的混淆，也只占该数字测试图像的不到 2%；最容易混淆的几对数字
# （4 和 9、7 和 2、3 和 5……）笔画相近。来看看对角线之外那些计数背后的图像。

wrong = (predicted != y_test).nonzero().squeeze(1)[:16]
titles = [f"真实 {y_test[i].item()}\n认成 {predicted[i].item()}" for i in wrong.tolist()]
fig = plot_digits(X_test[wrong], titles, ncols=4)
fig.suptitle("模型认错的测试数字")
plt.show()

# %%
# 其中不少连人也难以分辨：笔画古怪、数字残缺，或者字形介于两个数字之间。
#
# 第一层在找什么
# --------------
# 第一层的 256 个单元，每个都对 784 个像素求加权和。把它的权重画成 28×28 的图像，就能看到使它激活（深色）和抑制它的图案。

first_layer = model.layers[0].weight.detach()  # (256, 784)
fig = plot_digits(first_layer[:24], [f"单元 {i}" for i in range(24)], ncols=6)
fig.suptitle("第一层中 24 个单元的权重")
plt.show()

similarity = nn.functional.cosine_similarity(first_layer, initial_weights, dim=1)  # 每个单元一个数
barely_moved = int((similarity > 0.9).sum())
print(f"256 个单元中有 {barely_moved} 个仍与随机初始值相似（余弦相似度 > 0.9）")
with torch.no_grad():
    active = (model.layers[0](X_train) > 0).float().mean(dim=0)  # (256,)：激活它的图像所占比例
moved = similarity <= 0.9
print(
    f"激活单元的训练图像比例：几乎没动的单元 {active[~moved].mean():.1%}，"
    f"其余单元 {active[moved].mean():.1%}"
)
assert 0 < barely_moved < 256 // 4
assert active[~moved].max() < 0.01 < active[moved].mean()

# %%
# 多数图案是分布在图像中央（也就是书写数字的地方）的模糊笔画和斑块。也有少数单元仍像最初的随机噪声：
# 上面的计数衡量了有多少单元几乎没动。它们和第 02、03 章中的一样，是\ *死亡单元*：每个单元只在不到 1% 的训练图像上被激活，
# 因而几乎得不到梯度。此外，这些图案都不知道哪些像素彼此相邻，这正是卷积神经网络要补上的。
#
# 保存与加载模型
# --------------
# 模型以它的 ``state_dict``——参数张量组成的字典——来保存。用 ``weights_only=True`` 加载时只会反序列化张量，
# 别处来的文件无法借机执行代码。

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mnist_classifier.pt"
    torch.save(model.state_dict(), path)
    print(f"已保存 {path.name}：{path.stat().st_size / 1e6:.2f} MB")
    restored = DigitClassifier()
    restored.load_state_dict(torch.load(path, weights_only=True))
restored.eval()
print("\n模型已保存并重新加载。")

with torch.no_grad():
    probabilities = restored(X_test).softmax(dim=1)  # (10000, 10)
confidence, digit = probabilities.max(dim=1)  # 每张图像的最高概率及其对应的数字
for i in range(8):
    print(
        f"测试图像 {i}：预测为 {digit[i].item()}，概率 {confidence[i]:.1%}，"
        f"真实为 {y_test[i].item()}"
    )
mistakes = digit != y_test
sure_and_wrong = int((mistakes & (confidence > 0.9)).sum())
print(f"{int(mistakes.sum())} 个错误中，概率高于 90% 的有 {sure_and_wrong} 个")
assert torch.equal(digit, predicted)
assert torch.equal(digit[:8], y_test[:8])
assert (confidence[:8] > 0.99).all()
assert (confidence[:8] > 0.9995).sum() > 8 // 2  # 打印出来是 100.0%
assert 0 < sure_and_wrong < mistakes.sum()

# %%
# 对全部 10,000 张测试图像，加载回来的模型与训练好的模型预测完全一致。前八张都预测对了，概率都在 99% 以上
# （多数显示为 100.0%，只是四舍五入的结果：logit 相差好几个单位时，softmax 给出的概率就是这么接近 1）。
# 概率高只说明模型有把握，并不保证正确：上面统计的错误中，也有一些是以高于 90% 的概率犯下的。
#
# 练习
# ----
# 1. 去掉两个 ``nn.Dropout`` 层（``DigitClassifier(dropout=0.0)``）。训练集与测试集准确率之间的差距会怎样变化？
#
#    .. dropdown:: 答案
#
#       差距会拉大。去掉 dropout 后，最后一轮训练中测得的训练集准确率几乎达到 100%，测试集准确率却没有任何提高：
#       网络把训练集拟合得更紧，泛化能力却没有变好。dropout 用一点训练集上的拟合度，换来更好的泛化。
#
# 2. 模型为什么输出 logit 而不是概率？softmax 在哪里做？
#
#    .. dropdown:: 答案
#
#       ``nn.CrossEntropyLoss`` 自己会以数值稳定的方式做 log-softmax。要读出概率，就像最后一段代码那样调用
#       ``logits.softmax(dim=1)``；两种方式预测出的数字相同，因为 softmax 不改变大小顺序。
#
# 3. 评估之前为什么要调用 ``model.eval()``？不调用会出什么问题？
#
#    .. dropdown:: 答案
#
#       训练模式下 dropout 会随机把单元置零，预测结果就会带噪声、略微变差，而且每次调用都不一样。
