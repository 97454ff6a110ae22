r"""
更快地训练
==========

:doc:`第 5 章 <plot_05_mnist>`\ 把数字分类器训练了 10 轮。本章先测量这样一次训练的时间都花在了哪里，再逐项削减：先是输入流程，然后是批量大小，
接着是优化器，在 GPU 上还有 Python 本身的开销。读完本章，你会了解：

- 数据集能装进内存时，基于 torchvision ``MNIST`` 的 ``DataLoader`` 为什么慢，以及直接从预先载入的张量中切出小批量如何省去这些工作；
- 如何选择批量大小，在每轮的耗时与网络每轮学到的东西之间取舍；
- Adam 的三种实现（``for`` 循环、``foreach`` 和融合实现），以及如何选择；
- 什么是 CUDA 图，以及它为什么能在 GPU 上消除每个训练步中 Python 的开销；
- 一台设备不够用时，该从哪里入手。
"""

# %%
# 本页在哪里运行
# --------------
# 计时结果因机器而异，所以本页先打印这些结果来自哪台机器。
# 在 CPU 上，PyTorch 通常把每个大的运算分给所有 CPU 核心去做；本页只让它使用一个线程，这样即使有其他程序同时在用这台机器，
# 计时结果也比较稳定。GPU 依次处理队列中的工作，与此同时 Python 继续往下执行，所以在调用 GPU 之后立刻读时钟，
# 量到的只是把工作放进队列的时间。因此，``now()`` 会先等设备完成全部工作，再读时钟。

import copy
import itertools
import math
import time

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader, default_collate
from torchvision import datasets, transforms

from nnguide.bench_results import RUNS, load_run
from nnguide.datasets import mnist_tensors, prepare_mnist
from nnguide.graphed import GraphedTrainer
from nnguide.models import DigitClassifier
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib
from nnguide.training import TensorBatches, evaluate, train_epoch

LANG = "zh"  # 本页图中文字的语言
SEED = 0
BATCH_SIZE = 64
ROUNDS = 5  # 计时的组数：取最快的一组，它受其他程序的干扰最少
PER_ROUND = 40  # 每组取出的小批量个数或执行的步数
configure_matplotlib(LANG)
torch.manual_seed(SEED)
torch.set_num_threads(1)  # 在共用的机器上计时更稳定；去掉这一行就会用上所有的 CPU 核心

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
machine = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU，一个线程"
print(f"PyTorch {torch.__version__}，运行于 {machine}")


def now() -> float:
    """返回当前时间（秒），先等设备完成此前排入队列的全部工作。"""
    if device.type == "cuda":
        torch.cuda.synchronize(device)  # 等 GPU 的队列清空
    return time.perf_counter()


# %%
# 两种读取数据的方式
# ------------------
# 第 5 章把 MNIST 图像预先载入两个张量，再从中切出小批量。而\ :ref:`原教程 <source-tutorial>`\ 和大多数 PyTorch 教程使用的流程，
# 是基于 torchvision ``MNIST`` 数据集的 ``DataLoader``：每张图像在放进小批量之前都要单独处理一遍。下面给这两种流程计时，
# 只取出小批量，不做别的事；:class:`~nnguide.training.TensorBatches` 是 nnguide 中与第 5 章的 ``mini_batches`` 相对应的版本，
# 它用固定的随机种子打乱顺序。每种流程计时 5 组，取最快的一组。

data_root = prepare_mnist().parents[1]  # 存放 MNIST/raw/ 的文件夹，已校验
transform = transforms.Compose(
    [
        transforms.ToTensor(),  # PIL 图像，28×28 个字节 -> [0, 1] 内的浮点张量 (1, 28, 28)
        transforms.Normalize((0.1307,), (0.3081,)),  # (x - 均值) / 标准差
    ]
)
train_set = datasets.MNIST(data_root, train=True, transform=transform)
X, y = mnist_tensors(train=True)  # (60000, 784)，已一次性完成标准化；标签为 (60000,)

pipelines = {
    "DataLoader": DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True),
    "预先载入的张量": TensorBatches(X, y, batch_size=BATCH_SIZE, shuffle=True, seed=SEED),
}
seconds_per_batch = {}
for name, batches in pipelines.items():
    epoch = iter(batches)
    rounds = []
    for _ in range(ROUNDS):
        start = now()
        for _ in itertools.islice(epoch, PER_ROUND):
            pass  # 取出下一个小批量，别的什么也不做
        rounds.append((now() - start) / PER_ROUND)
    seconds_per_batch[name] = min(rounds)
    print(f"{name}：每个小批量 {seconds_per_batch[name] * 1e3:.3f} 毫秒")
ratio = seconds_per_batch["DataLoader"] / seconds_per_batch["预先载入的张量"]
print(f"DataLoader 的耗时是预先载入张量的 {ratio:.0f} 倍")
# sphinx_gallery_start_ignore
assert ratio > 1
# sphinx_gallery_end_ignore

# %%
# ``DataLoader`` 的时间花在了哪里？对每个小批量，它都要向数据集逐个索取 64 个样本，而每个样本都要经过几次 Python 调用：
# 用图像的 784 个字节构造一张 PIL 图像，由 ``ToTensor`` 转换成张量，再由 ``Normalize`` 做标准化。然后 ``default_collate``
# 把 64 个张量堆叠成一个小批量。下面分别给这两部分计时，同样取 5 个小批量中最快的一次：

prepare_rounds, collate_rounds = [], []
for first in range(0, ROUNDS * BATCH_SIZE, BATCH_SIZE):
    start = now()
    samples = [train_set[i] for i in range(first, first + BATCH_SIZE)]  # (图像, 标签) 对
    prepared = now()
    images, labels = default_collate(samples)  # (64, 1, 28, 28) 和 (64,)
    prepare_rounds.append(prepared - start)
    collate_rounds.append(now() - prepared)
print(f"逐个准备 64 个样本：{min(prepare_rounds) * 1e3:.3f} 毫秒")
print(f"把它们堆叠成小批量：{min(collate_rounds) * 1e3:.3f} 毫秒")
# sphinx_gallery_start_ignore
assert min(prepare_rounds) > 5 * min(collate_rounds)
# sphinx_gallery_end_ignore

# %%
# 准备样本比堆叠样本慢得多。而且每一轮做的都是同样的工作：同样的 60,000 张图像被一遍又一遍地转换、标准化。
# ``mnist_tensors`` 只做一次，而且对整个数据集一次做完；此后，``TensorBatches`` 取一个小批量只需用 ``index_select``
# 取出 64 行。``DataLoader(..., num_workers=2)`` 会把逐个处理样本的工作交给另外两个进程：有空闲的 CPU 核心时，这能掩盖这部分开销，
# 却不能消除它。数据集装不进内存，或者每一轮都需要新的随机数据增强时，``DataLoader`` 仍是合适的工具；而 MNIST 两种情况都不属于。
#
# 批量大小
# --------
# 批量大小为 1024 时，一步的计算量是批量大小为 16 时的 64 倍，耗时却远不到后者的 64 倍：矩阵乘法规模更大，效率更高，而一步的固定开销
# （Python、启动各个运算、优化器）由多得多的图像分摊。不过，小批量越大，一轮的步数越少，权重更新的次数也就越少。
# 我们按第 5 章的方式留出同样的验证集（10,000 张图像，其余 50,000 张用于训练），对四种批量大小各训练一个新网络：
# 在 10,240 张训练图像（每种批量大小的整数倍）上遍历一次，和第 5 章一样使用 Adam 优化器，学习率为 0.001。

BATCH_SIZES = (16, 64, 256, 1024)
SUBSET = 10_240  # 每次训练用的图像数：批量大小为 16 时是 640 个小批量，……，为 1024 时是 10 个
torch.manual_seed(SEED)
order = torch.randperm(len(X))  # 打乱后的 60,000 个行号，与第 5 章相同
X_val, y_val = X[order[:10_000]].to(device), y[order[:10_000]].to(device)  # (10000, 784)
X_train, y_train = X[order[10_000:]].to(device), y[order[10_000:]].to(device)  # (50000, 784)
validation_batches = TensorBatches(X_val, y_val, batch_size=1000)
loss_fn = nn.CrossEntropyLoss()

epoch_seconds, accuracies = [], []
for batch_size in BATCH_SIZES:
    torch.manual_seed(SEED)
    model = DigitClassifier().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    batches = TensorBatches(
        X_train[:SUBSET], y_train[:SUBSET], batch_size=batch_size, shuffle=True, seed=SEED
    )
    start = now()
    train_epoch(model, batches, loss_fn=loss_fn, optimizer=optimizer)
    seconds_per_step = (now() - start) / len(batches)
    epoch_seconds.append(seconds_per_step * math.ceil(len(X_train) / batch_size))
    accuracies.append(evaluate(model, validation_batches))
    print(
        f"批量大小 {batch_size:>4}：{len(batches):>3} 步，每步 {seconds_per_step * 1e3:6.2f} 毫秒；"
        f"一轮 {epoch_seconds[-1]:5.2f} 秒；验证集准确率 {accuracies[-1]:.1%}"
    )
# sphinx_gallery_start_ignore
assert epoch_seconds[-1] < epoch_seconds[0] / 2
assert accuracies == sorted(accuracies, reverse=True)
# sphinx_gallery_end_ignore

fig, (ax_time, ax_accuracy) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 6.4), sharex=True, layout="constrained"
)
ax_time.plot(BATCH_SIZES, epoch_seconds, marker="o", label="步数 × 每步耗时")
ax_time.set(title="一轮（50,000 张图像）的耗时", ylabel="秒", ylim=(0, 1.1 * max(epoch_seconds)))
ax_accuracy.plot(
    BATCH_SIZES, accuracies, marker="o", color="C1", label=f"遍历 {SUBSET:,} 张图像一次"
)
ax_accuracy.set(title="验证集准确率", ylabel="准确率", xlabel="批量大小（对数刻度）")
ax_accuracy.set_xscale("log", base=2)  # 每个批量大小都是前一个的 4 倍：在对数刻度上间隔相等
ax_accuracy.set_xticks(BATCH_SIZES, [str(size) for size in BATCH_SIZES])
ax_accuracy.yaxis.set_major_formatter("{x:.1%}")  # 0.925 显示为 92.5%，与正文一致
ax_time.legend()
ax_accuracy.legend()
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "上图是批量大小为 16、64、256 和 1024 时，一轮（50,000 张图像）的耗时：批量大小为 1024 时，"
    "耗时不到批量大小为 16 时的一半。下图是在 "
    f"{SUBSET:,} 张图像上遍历一次之后的验证集准确率，它随批量大小的增大而下降。"
)
# sphinx_gallery_end_ignore

# %%
# 批量大小为 1024 时，一轮的耗时远少于批量大小为 16 时（见上面打印的数值）。但在同样的图像上遍历一次之后，
# 验证集准确率随批量大小的增大而下降：批量大小为 16 的那次训练更新了 640 次权重，批量大小为 1024 的只更新了 10 次。
# 小批量越大，每轮越快，每轮学到的也越少；更大的学习率能弥补一部分差距（练习 2）。
#
# Adam 的三种实现
# ----------------
# Adam 的一步更新由几行算术组成，每个参数张量都要按这几行算一遍。PyTorch 有三种实现：``for`` 循环逐个处理张量，
# 每行算术对每个张量各调用一次运算；``foreach`` 把每行算术作用于由所有张量组成的列表，只调用一次运算；
# *融合*\ （fused）实现则用一个运算完成整个更新，每个数只读写一次。不指定 ``foreach`` 或 ``fused`` 时，
# 如果参数全在 CUDA GPU 上，Adam 就选用 ``foreach``，否则选用 ``for`` 循环；``fused=True`` 必须明确指定。
# 我们用同样的梯度给每种实现计时 5 组，每组 40 步，取最快的一组。

torch.manual_seed(SEED)
reference = DigitClassifier().to(device)
implementations = {
    "for 循环": {"foreach": False},
    "foreach": {"foreach": True},
    "fused": {"fused": True},
}
step_seconds, weights = {}, {}
for name, options in implementations.items():
    model = copy.deepcopy(reference)  # 三者从同样的权重出发
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, **options)
    torch.manual_seed(SEED)  # 同样的暂退掩码，因而三者的梯度相同
    loss_fn(model(X_train[:BATCH_SIZE]), y_train[:BATCH_SIZE]).backward()  # 梯度
    optimizer.step()  # 第一步会创建 Adam 的滑动平均，不计入计时
    rounds = []
    for _ in range(ROUNDS):
        start = now()
        for _ in range(PER_ROUND):
            optimizer.step()
        rounds.append((now() - start) / PER_ROUND)
    step_seconds[name] = min(rounds)
    weights[name] = torch.cat([p.detach().flatten() for p in model.parameters()])  # (235146,)
    print(f"{name:>8}：每步 {step_seconds[name] * 1e6:5.0f} 微秒")
difference = max((weights[name] - weights["for 循环"]).abs().max().item() for name in weights)
print(f"{1 + ROUNDS * PER_ROUND} 步之后，三者权重的最大差异：{difference:.1e}")
# sphinx_gallery_start_ignore
assert step_seconds["fused"] < min(step_seconds["for 循环"], step_seconds["foreach"])
assert difference < 1e-5
if device.type == "cpu":
    assert step_seconds["foreach"] > 0.7 * step_seconds["for 循环"]
# sphinx_gallery_end_ignore

# %%
# 三者最后得到的权重相同，只相差 float32 的舍入误差；融合版 Adam 每步用时最少（见上面打印的结果）。在 CPU 上，
# ``foreach`` 运算在 PyTorch 内部仍是逐个张量地处理列表，所以 ``foreach`` 在 CPU 上几乎没有收益；在 GPU 上，
# 它每行算术只启动一个\ :term:`核函数`，一次处理所有张量，而不是每行算术、每个张量各启动一个。优化器只是训练步的一部分：
# 下面基准测试中的 ``tensors+fused`` 一行，显示了融合版 Adam 为整轮训练带来的收益。
#
# CUDA 图
# -------
# 在 GPU 上，每个 PyTorch 运算都作为一个\ *核函数*\ （kernel）运行，由 CPU 放进 GPU 的队列。
# 这个网络的一个训练步包含几十个核函数。批量大小为 64 时，这些核函数大多在 Python 来得及启动下一个之前就已算完，
# 于是在一个训练步的大部分时间里，GPU 都在等 Python。
# :term:`CUDA 图`\ 消除了这种等待：PyTorch 把一个训练步的核函数连同它们的参数和读写的内存地址录制一次，之后只需启动一次，
# 就能重放整个序列。录制有几条限制：每次都要把输入复制进同样的张量，张量的形状不能改变，训练步中也不能把任何值取回 CPU
# （不能用 ``.item()``）。Adam 必须把它的步数计数留在 GPU 上（``capturable=True``）。:class:`~nnguide.graphed.GraphedTrainer`
# 把第 5 章的整个训练步（取出小批量、前向传播、计算损失、反向传播、Adam 更新，以及累计损失和准确率）录制下来，
# 每种批量大小录制一张 CUDA 图，再对一轮中的每个小批量重放它。有 GPU 时，下面这段代码先由 Python 逐个启动核函数训练一轮，
# 再以重放 CUDA 图的方式训练一轮。

if device.type == "cuda":
    batches = TensorBatches(X_train, y_train, batch_size=BATCH_SIZE, shuffle=True, seed=SEED)
    torch.manual_seed(SEED)
    model = DigitClassifier().to(device)
    # capturable：Adam 把步数计数留在 GPU 上，CUDA 图才能更新它
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, fused=True, capturable=True)
    start = now()
    train_epoch(model, batches, loss_fn=loss_fn, optimizer=optimizer)
    eager_seconds = now() - start
    trainer = GraphedTrainer(model, batches, optimizer=optimizer, loss_fn=loss_fn)  # 录制
    start = now()
    trainer.train_epoch()  # 每个小批量重放一次
    graph_seconds = now() - start
    print(f"由 Python 启动的一轮：{eager_seconds:.2f} 秒")
    print(f"重放 CUDA 图的一轮：{graph_seconds:.2f} 秒")
    print(f"CUDA 图的速度是前者的 {eager_seconds / graph_seconds:.1f} 倍")
else:
    print("构建本页的机器没有 GPU，所以这里没有录制 CUDA 图。")

# %%
# 有 GPU 时，这段代码会打印两轮各自的耗时及其比值；构建本页所用的设备见页首打印的那一行。
# 无论本页在哪台机器上构建，下面的基准测试都在 GPU 上做了同样的比较。
#
# 基准测试
# --------
# nnguide 的代码仓库附带一个基准测试，用 ``nox -s bench`` 运行。它用四种方式训练第 5 章的分类器，每种方式各在一个独立的进程中运行，
# 批量大小都是 64，学习率随轮次平滑地降到零（余弦调度）：``source`` 即原教程的流程，从本页第一节的 ``DataLoader`` 取数据；
# ``tensors`` 从预先载入的张量取数据；``tensors+fused`` 在此基础上改用融合版 Adam；``graphed`` 则把整个训练步作为 CUDA 图重放
# （在 CPU 上，``GraphedTrainer`` 不用 CUDA 图，直接执行同样的训练步）。nnguide 附带了两次运行的结果，一次在 NVIDIA H200 GPU 上，
# 一次在使用两个线程的 CPU 上，用 :func:`~nnguide.bench_results.load_run` 读取：

for run_name in RUNS:
    run = load_run(run_name)
    print(
        f"{run.device}（{run.device_name}，{run.threads} 个 CPU 线程），PyTorch {run.torch}，"
        f"批量大小 {run.batch_size}，取 {run.results[0].epochs} 轮中最快的一轮："
    )
    for result in run.results:
        print(
            f"  {result.variant:<14}每轮 {result.best_seconds_per_epoch:5.2f} 秒，"
            f"速度是 source 的 {result.speedup_vs_source:4.1f} 倍，测试集准确率 {result.test_accuracy:.2%}"
        )
# sphinx_gallery_start_ignore
gpu, cpu = load_run("mnist-cuda"), load_run("mnist-cpu")
assert gpu.result("graphed").speedup_vs_source > 5 * gpu.result("tensors+fused").speedup_vs_source
assert cpu.result("tensors").speedup_vs_source > 2
assert gpu.result("tensors").speedup_vs_source > 2
assert (
    cpu.result("graphed").best_seconds_per_epoch
    > 0.9 * cpu.result("tensors+fused").best_seconds_per_epoch
)
test_accuracies = [r.test_accuracy for run in (gpu, cpu) for r in run.results]
assert (f"{min(test_accuracies):.2%}", f"{max(test_accuracies):.2%}") == ("98.37%", "98.55%")
assert [f"{gpu.result(v).best_seconds_per_epoch:.2f}" for v in ("tensors+fused", "graphed")] == [
    "1.46", "0.14",
]  # fmt: skip
assert [f"{cpu.result(v).best_seconds_per_epoch:.2f}" for v in ("tensors+fused", "graphed")] == [
    "1.57", "1.65",
]  # fmt: skip
assert (gpu.torch, cpu.torch, cpu.threads) == ("2.11.0+cu130", "2.14.1+cu130", 2)
# sphinx_gallery_end_ignore

# %%
# 在两台机器上，改用预先载入的张量都把每轮的耗时降到了使用 ``DataLoader`` 时的几分之一。在 H200 上，CUDA 图又把
# ``tensors+fused`` 每轮的 1.46 秒降到了 0.14 秒。既然 GPU 自身的工作在 0.14 秒内就能做完，
# 那 1.46 秒大部分都花在了等待 Python 上。在 CPU 上，
# ``graphed``\ （1.65 秒）并不比 ``tensors+fused``\ （1.57 秒）快，这在意料之中：在 CPU 上，``GraphedTrainer`` 不用 CUDA 图，
# 而是直接执行训练步。各种方式的测试集准确率都在 98.37% 到 98.55% 之间：这些改动都没有改变训练方法，只改变了速度。
# 两次运行的 PyTorch 版本和线程数互不相同，也与本页不同，所以只宜比较同一次运行中的各种方式。
#
# 多台设备
# --------
# 一块 GPU 不够用时，可以用 ``torch.distributed`` 在每块 GPU 上各运行一个进程，这些 GPU 可以在同一台机器上，也可以分布在多台机器上。
# 每个进程都用
# `DistributedDataParallel <https://pytorch.org/docs/stable/generated/torch.nn.parallel.DistributedDataParallel.html>`_
# 包装模型，各自用分给自己的那一份数据训练（由
# `DistributedSampler <https://pytorch.org/docs/stable/data.html#torch.utils.data.distributed.DistributedSampler>`_
# 分配）；在反向传播时，各进程对梯度求平均，于是模型的各个副本都做出同样的更新。从整体看，实际的批量大小是各进程的批量大小之和，
# 这又回到了本页讨论的批量大小与学习率之间的权衡。
# `torchrun <https://pytorch.org/docs/stable/elastic/run.html>`_ 负责启动这些进程，例如 ``torchrun --nproc-per-node=4 train.py``
# 启动四个进程。
# 只有在比本章大得多的模型和数据集上，多块 GPU 才能发挥作用。
#
# 小结
# ----
# - 先测量，再改动；在 GPU 上，读时钟之前要先等设备完成工作。
# - 对于小数据集，``DataLoader`` 的时间主要花在逐个准备样本上；应当把数据集一次性载入为张量，再从中切出小批量。
# - 批量大小越大，一轮越快，但每轮更新权重的次数越少。
# - ``torch.optim.Adam(..., fused=True)`` 用一个运算更新所有参数，结果与其他实现相同（只差舍入误差）。
# - 在 GPU 上，计算量小的训练步大部分时间在等待 Python；CUDA 图把训练步录制一次，之后反复重放。
#
# 练习
# ----
# 1. 编写一个 ``PreloadedDataset``：它是一个 ``torch.utils.data.Dataset``，从预先载入的张量中以 ``(X[i], y[i])``
#    的形式给出第 ``i`` 个样本。再像第一节那样，给基于它的 ``DataLoader`` 计时。它的速度落在两种流程之间的什么位置？为什么？
#
#    .. dropdown:: 答案
#
#       .. code-block:: python
#          :name: exercise-07-preloaded-dataset
#
#          class PreloadedDataset(torch.utils.data.Dataset):
#              """从预先载入的张量中逐个给出 MNIST 样本。"""
#
#              def __init__(self, X, y):
#                  self.X, self.y = X, y  # (n, 784) 的图像和 (n,) 的标签
#
#              def __len__(self):
#                  return len(self.y)
#
#              def __getitem__(self, i):
#                  return self.X[i], self.y[i]  # 一张图像 (784,) 和它的标签
#
#
#          loader = DataLoader(PreloadedDataset(X, y), batch_size=BATCH_SIZE, shuffle=True)
#
#       它每个小批量的耗时介于第一节打印的两个数值之间。它不构造 PIL 图像，也不做任何转换，
#       所以比基于 torchvision ``MNIST`` 的 ``DataLoader`` 快；但每个小批量仍要调用 64 次 ``__getitem__``，
#       再堆叠 64 个张量，所以比一次切出整个小批量慢。PyTorch 的 ``torch.utils.data.TensorDataset`` 就是这样一个类。
#
# 2. 把批量大小为 1024 的那次训练的学习率分别调大到原来的 2 倍、4 倍和 8 倍（0.002、0.004、0.008）。在同样的 10,240
#    张图像上遍历一次之后，哪个学习率的效果最好？
#
#    .. dropdown:: 答案
#
#       三者都比 0.001 好，其中 0.002 最好：运行一下可以看到，它打印的验证集准确率约为 85%。只有 10 步时，每一步都可以走得远一些；
#       学习率再大，结果又会变差，因为步子太大会走过头。
#
# 3. 对每个小批量，``GraphedTrainer`` 都把它的行号（即这个小批量由 ``X_train`` 的哪些行组成）复制进一个在录制之前就创建好的张量。
#    为什么不把新的张量直接交给 CUDA 图？
#
#    .. dropdown:: 答案
#
#       CUDA 图重放核函数时，用的是录制时记下的内存地址。新的张量位于另一个地址，CUDA 图根本不会读取它；
#       只有把新的值复制进录制时用的那个张量，这些值才会出现在 CUDA 图读取的位置。
