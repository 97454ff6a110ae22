r"""
识别手写数字
============

前面学到的一切，都要在一个真实数据集上会合：MNIST，七万个 28×28 像素的手写数字。我们训练原教程中的分类器——一个三层的\ :term:`多层感知机`，
再仔细看看它学到了什么、错在哪里。读完本章，你会了解：

- 如何加载 MNIST，以及如何快速地把它喂给网络；
- 面向真实数据的训练循环与评估循环：小批量和 dropout；
- 如何解读混淆矩阵，以及它背后的那些错误；
- 如何保存训练好的模型，并安全地加载回来。
"""

# %%
# 数据
# ----
# 在家里，``torchvision.datasets.MNIST(root, download=True)`` 会自动下载数据集。:func:`nnguide.datasets.prepare_mnist`
# 也会这样做；没有网络时，它会从一份离线副本重建官方文件。无论哪种方式，它都会用官方 MD5 校验每一个文件。
# 随后 :func:`~nnguide.datasets.mnist_tensors` 把整个划分返回为两个张量，并用训练集的均值 0.1307 和标准差 0.3081
# 一次性归一化——与 ``transforms.Normalize((0.1307,), (0.3081,))`` 对每张图像所做的完全相同。

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.architectures import count_parameters
from nnguide.datasets import mnist_tensors
from nnguide.metrics import confusion_matrix
from nnguide.models import DigitClassifier
from nnguide.plotting import configure_matplotlib, plot_confusion_matrix, plot_curve, plot_digits
from nnguide.training import TensorBatches, evaluate, train_epoch

LANG = "zh"  # 本页图中文字的语言
SEED = 0
EPOCHS = 10
BATCH_SIZE = 64
configure_matplotlib(LANG)
torch.manual_seed(SEED)

X_train, y_train = mnist_tensors(train=True)
X_test, y_test = mnist_tensors(train=False)
print(f"训练集：{tuple(X_train.shape)} 的图像，{tuple(y_train.shape)} 的标签")
print(f"测试集：{tuple(X_test.shape)} 的图像，{tuple(y_test.shape)} 的标签")
print(f"归一化后像素均值 {X_train.mean():.4f}，标准差 {X_train.std():.4f}")
print("训练集中各数字的个数：", y_train.bincount().tolist())
assert X_train.shape == (60_000, 784)
assert X_test.shape == (10_000, 784)

fig = plot_digits(X_train[:24], [f"标签 {label}" for label in y_train[:24].tolist()], ncols=12)
fig.suptitle("前 24 张训练图像")
plt.show()

# %%
# 归一化之后，像素的均值为 0、标准差为 1，正好与网络的初始权重相匹配。十个数字出现的频率大致相当。
#
# 模型
# ----
# 784 个输入（展平后的像素），两个分别有 256 和 128 个 ReLU 单元的隐藏层，以及 10 个输出——每个数字一个分数（*logit*）。
# 训练时，dropout 随机把 20% 的隐藏单元置零；这是一种正则化手段，让网络不过分依赖任何单个单元。

model = DigitClassifier()
initial_weights = model.layers[0].weight.detach().clone()  # (256, 784), to compare after training
print(model)
n_parameters = count_parameters(model)
print(f"可训练参数个数：{n_parameters:,}")
assert n_parameters == (784 * 256 + 256) + (256 * 128 + 128) + (128 * 10 + 10)
assert round((784 * 256 + 256) / n_parameters, 2) == 0.85

# %%
# 一共 235 146 个参数，其中 85% 在第一层。
#
# 训练循环与评估循环
# ------------------
# 每个轮次都以新的随机顺序遍历 60 000 张训练图像，每批 64 张。对每一批：:term:`前向传播`、交叉熵\ :term:`损失函数`、
# :term:`反向传播`，再让优化器更新一步。这就是 :func:`nnguide.training.train_epoch`：
#
# .. literalinclude:: ../../../src/nnguide/training.py
#    :pyobject: train_epoch
#    :start-at: model.train()
#    :end-before: if seen == 0:
#    :dedent: 4
#
# 评估时关闭 dropout 和梯度，只统计答对的个数（:func:`nnguide.training.evaluate`）：
#
# .. literalinclude:: ../../../src/nnguide/training.py
#    :pyobject: evaluate
#    :start-at: model.eval()
#    :end-before: if seen == 0:
#    :dedent: 4
#
# 小批量来自 :class:`~nnguide.training.TensorBatches`：整个数据集作为一个归一化好的张量放在内存里，每一批只是它的一个切片。
# 原教程的 ``DataLoader`` 则在每个轮次都把每张图像重新转换、归一化一遍；``nox -s bench`` 会测出两者的差距。
# Adam 使用\ *融合*\ （fused）实现，一个内核更新全部参数；余弦学习率调度让学习率在 10 个轮次内平滑地降到零，
# 于是最后几个轮次是在精修，而不是来回跳动。

train_batches = TensorBatches(X_train, y_train, batch_size=BATCH_SIZE, shuffle=True, seed=SEED)
test_batches = TensorBatches(X_test, y_test, batch_size=1000)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)

history: dict[str, list[float]] = {"loss": [], "train": [], "test": []}
print("开始训练 MNIST 分类器……")
for epoch in range(EPOCHS):
    train_loss, train_accuracy = train_epoch(
        model, train_batches, loss_fn=loss_fn, optimizer=optimizer
    )
    schedule.step()
    test_accuracy = evaluate(model, test_batches)
    history["loss"].append(train_loss)
    history["train"].append(train_accuracy)
    history["test"].append(test_accuracy)
    print(
        f"第 {epoch + 1:2d} 轮：损失={train_loss:.4f}，训练集准确率={train_accuracy:.2%}，测试集准确率={test_accuracy:.2%}"
    )

final_accuracy = history["test"][-1]
print(f"\n最终测试集准确率：{final_accuracy:.2%}")
assert final_accuracy >= 0.98
assert history["train"][0] < history["test"][0]

fig, (ax_loss, ax_accuracy) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
plot_curve(history["loss"], lang=LANG, ylabel="loss", ax=ax_loss)
ax_loss.set_title("训练损失")
plot_curve(history["train"], lang=LANG, ylabel="accuracy", ax=ax_accuracy, name="训练集")
plot_curve(history["test"], lang=LANG, ylabel="accuracy", ax=ax_accuracy, name="测试集")
ax_accuracy.set_title("准确率")
plt.show()

# %%
# 模型认对了 10 000 个从未见过的测试数字中的至少 98%。训练集准确率是在 dropout 开启、权重还在一轮中不断变化时测得的，
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
print(f"错误：10,000 个中错了 {int(off_diagonal.sum())} 个")
print(f"最常见的混淆：把 {true_digit} 认成 {predicted_digit}（{int(off_diagonal.max())} 次）")

ax = plot_confusion_matrix(matrix, lang=LANG)
ax.set_title("测试集上的混淆矩阵")
plt.show()

# %%
# 几乎所有样本都落在对角线上。来看看对角线之外那些计数背后的图像。

wrong = (predicted != y_test).nonzero().squeeze(1)[:16]
titles = [f"真实 {y_test[i].item()}，认成 {predicted[i].item()}" for i in wrong.tolist()]
fig = plot_digits(X_test[wrong], titles, ncols=8, size=1.5)
fig.suptitle("模型认错的测试数字")
plt.show()

# %%
# 其中不少连人也难以分辨：笔画古怪、数字残缺，或者字形介于两个数字之间。
#
# 第一层在找什么
# --------------
# 第一层的 256 个单元，每个都对 784 个像素求加权和。把它的权重画成 28×28 的图像，就能看到让它兴奋（深色）和让它抑制的图案。

first_layer = model.layers[0].weight.detach()  # (256, 784)
fig = plot_digits(first_layer[:24], [f"单元 {i}" for i in range(24)], ncols=12)
fig.suptitle("第一层中 24 个单元的权重")
plt.show()

similarity = nn.functional.cosine_similarity(first_layer, initial_weights, dim=1)  # 每个单元一个数
barely_moved = int((similarity > 0.9).sum())
print(f"256 个单元中有 {barely_moved} 个仍与随机初始值相似（余弦相似度 > 0.9）")
assert 0 < barely_moved < 256 // 4

# %%
# 多数图案是分布在图像中央（也就是书写数字的地方）的模糊笔画和斑块。也有少数单元仍像最初的随机噪声：
# 上面的计数衡量了有多少单元几乎没动——它们很少被激活，也就很少得到梯度。而且这些图案都不知道哪些像素彼此相邻，
# 这正是卷积神经网络要补上的。
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
print("\n模型已保存并重新加载！")

with torch.no_grad():
    logits = restored(X_test[:8])
probabilities = logits.softmax(dim=1)
for i in range(8):
    digit = int(probabilities[i].argmax())
    print(
        f"测试图像 {i}：预测为 {digit}，概率 {probabilities[i, digit]:.1%}，真实为 {y_test[i].item()}"
    )
with torch.no_grad():
    assert torch.equal(restored(X_test).argmax(dim=1), predicted)

# %%
# 对全部 10 000 张测试图像，加载回来的模型与训练好的模型预测完全一致。
#
# 练习
# ----
# 1. 去掉两个 ``nn.Dropout`` 层（``DigitClassifier(dropout=0.0)``）。训练集与测试集准确率之间的差距会怎样变化？
#
#    .. dropdown:: 答案
#
#       差距通常会拉大：训练集准确率升得更快、更接近 100%，测试集准确率却几乎没有提高，因为网络把训练集记得更牢了。
#       dropout 用一点训练集上的拟合度，换来更好的泛化。
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
