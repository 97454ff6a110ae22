r"""
Going faster
============

:doc:`Chapter 5 <plot_05_mnist>` trained the digit classifier for ten epochs. This chapter
measures where the time of such a run goes and takes it away piece by piece: first the input
pipeline, then the size of the mini-batches, then the optimizer, and on a GPU the cost of Python
itself. You will learn

- why a ``DataLoader`` over torchvision's ``MNIST`` is slow for a data set that fits in memory, and
  how batches sliced from preloaded tensors avoid its work;
- how the batch size trades the time of an epoch against what the network learns in it;
- Adam's three implementations (for-loop, foreach and fused) and how to choose one;
- what a CUDA graph is, and why it removes Python's cost from every training step on a GPU;
- where to look when one device is not enough.
"""

# %%
# Where this page runs
# --------------------
# Timings depend on the machine, so the page first prints which one produced them. On the CPU,
# PyTorch normally splits each large operation across all cores; this page gives it one thread,
# whose timings stay steady when other programs share the machine. A GPU works through a queue of
# work while Python goes on, so a clock read right after a GPU call measures only the time to queue
# the work: ``now`` first waits until the device has finished.

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

LANG = "en"  # the language of this page's plots
SEED = 0
BATCH_SIZE = 64
ROUNDS = 5  # timed rounds: the fastest counts, being the least disturbed by other programs
PER_ROUND = 40  # batches fetched, or steps taken, in one round
configure_matplotlib(LANG)
torch.manual_seed(SEED)
torch.set_num_threads(1)  # steadier timings on a shared machine; remove it to use every core

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
machine = torch.cuda.get_device_name(device) if device.type == "cuda" else "the CPU, one thread"
print(f"PyTorch {torch.__version__} on {machine}")


def now() -> float:
    """Return the time in seconds, once the device has finished the work queued so far."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)  # wait until the GPU's queue is empty
    return time.perf_counter()


# %%
# Two ways to feed the network
# ----------------------------
# Chapter 5 sliced its mini-batches out of the MNIST images preloaded into two tensors. The
# pipeline of :ref:`the source tutorial <source-tutorial>`, and of most PyTorch tutorials, is a
# ``DataLoader`` over torchvision's ``MNIST`` data set, which prepares every image on its way into a
# batch. We time both, fetching batches and doing nothing else with them;
# :class:`~nnguide.training.TensorBatches` is nnguide's version of chapter 5's ``mini_batches``,
# with a seeded order. Each pipeline's fastest of 5 rounds counts.

data_root = prepare_mnist().parents[1]  # the folder that holds MNIST/raw/, verified
transform = transforms.Compose(
    [
        transforms.ToTensor(),  # PIL image, 28×28 bytes -> float tensor (1, 28, 28) in [0, 1]
        transforms.Normalize((0.1307,), (0.3081,)),  # (x - mean) / std
    ]
)
train_set = datasets.MNIST(data_root, train=True, transform=transform)
X, y = mnist_tensors(train=True)  # (60000, 784), standardised once, and (60000,)

pipelines = {
    "DataLoader": DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True),
    "preloaded tensors": TensorBatches(X, y, batch_size=BATCH_SIZE, shuffle=True, seed=SEED),
}
seconds_per_batch = {}
for name, batches in pipelines.items():
    epoch = iter(batches)
    rounds = []
    for _ in range(ROUNDS):
        start = now()
        for _ in itertools.islice(epoch, PER_ROUND):
            pass  # fetch the next batch, and do nothing with it
        rounds.append((now() - start) / PER_ROUND)
    seconds_per_batch[name] = min(rounds)
    print(f"{name}: {seconds_per_batch[name] * 1e3:.3f} ms per batch")
ratio = seconds_per_batch["DataLoader"] / seconds_per_batch["preloaded tensors"]
print(f"the DataLoader takes {ratio:.0f} times as long")
# sphinx_gallery_start_ignore
assert ratio > 1
# sphinx_gallery_end_ignore

# %%
# Where does the ``DataLoader``'s time go? For every batch, it asks the data set for 64 samples, one
# at a time, and each sample is a few Python calls: a PIL image made from the image's 784 bytes,
# turned into a tensor by ``ToTensor``, standardised by ``Normalize``. Then ``default_collate`` stacks
# the 64 tensors into one batch. We time the two parts separately, again keeping the fastest of 5
# batches:

prepare_rounds, collate_rounds = [], []
for first in range(0, ROUNDS * BATCH_SIZE, BATCH_SIZE):
    start = now()
    samples = [train_set[i] for i in range(first, first + BATCH_SIZE)]  # (image, label) pairs
    prepared = now()
    images, labels = default_collate(samples)  # (64, 1, 28, 28) and (64,)
    prepare_rounds.append(prepared - start)
    collate_rounds.append(now() - prepared)
print(f"preparing 64 samples, one by one: {min(prepare_rounds) * 1e3:.3f} ms")
print(f"stacking them into a batch:       {min(collate_rounds) * 1e3:.3f} ms")
# sphinx_gallery_start_ignore
assert min(prepare_rounds) > 5 * min(collate_rounds)
# sphinx_gallery_end_ignore

# %%
# Preparing the samples takes far longer than stacking them. And it is the same work on every
# epoch: the same 60,000 images are converted and standardised again and again. ``mnist_tensors``
# does it once, for the whole set at a time, and a batch of ``TensorBatches`` is then 64 rows
# gathered by ``index_select``. ``DataLoader(..., num_workers=2)`` would move the per-sample work
# to two other processes, which hides it when spare cores are idle but does not remove it. The
# ``DataLoader`` remains the right tool when a data set does not fit in memory or needs a new random
# augmentation on every epoch; MNIST needs neither.
#
# The batch size
# --------------
# A step on a batch of 1,024 images does more arithmetic than a step on 16, but it does not take 64
# times as long: the matrix products are larger and more efficient, and the fixed cost of a step
# (Python, launching operations, the optimizer) is paid once for many more images. An epoch of
# larger batches, though, takes fewer steps, so it changes the weights fewer times. We hold out
# chapter 5's validation set, drawn the same way (10,000 images; the other 50,000 train), and for
# four batch sizes train a fresh network for one pass over 10,240 training images (a multiple of
# every batch size), with Adam and learning rate 0.001, as in chapter 5.

BATCH_SIZES = (16, 64, 256, 1024)
SUBSET = 10_240  # training images in each run: 640 batches of 16, ..., 10 of 1024
torch.manual_seed(SEED)
order = torch.randperm(len(X))  # the 60,000 row indices, shuffled, as in chapter 5
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
        f"batch {batch_size:>4}: {len(batches):>3} steps of {seconds_per_step * 1e3:6.2f} ms; "
        f"an epoch {epoch_seconds[-1]:5.2f} s; validation accuracy {accuracies[-1]:.1%}"
    )
# sphinx_gallery_start_ignore
assert epoch_seconds[-1] < epoch_seconds[0] / 2
assert accuracies == sorted(accuracies, reverse=True)
# sphinx_gallery_end_ignore

fig, (ax_time, ax_accuracy) = plt.subplots(
    2, 1, figsize=(FIGURE_WIDTH, 6.4), sharex=True, layout="constrained"
)
ax_time.plot(BATCH_SIZES, epoch_seconds, marker="o", label="steps × time of a step")
ax_time.set(
    title="Time of an epoch of 50,000 images", ylabel="seconds", ylim=(0, 1.1 * max(epoch_seconds))
)
ax_accuracy.plot(
    BATCH_SIZES, accuracies, marker="o", color="C1", label=f"one pass over {SUBSET:,} images"
)
ax_accuracy.set(title="Validation accuracy", ylabel="accuracy", xlabel="batch size (log scale)")
ax_accuracy.set_xscale("log", base=2)  # each batch size 4 times the last: equal steps
ax_accuracy.set_xticks(BATCH_SIZES, [str(size) for size in BATCH_SIZES])
ax_accuracy.yaxis.set_major_formatter("{x:.1%}")  # 0.925 shows as 92.5%, as the text writes it
ax_time.legend()
ax_accuracy.legend()
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "Above, the time of an epoch of 50,000 images for batches of 16, 64, 256 and 1,024 images: "
    "with batches of 1,024 it takes less than half as long as with batches of 16. Below, the "
    f"validation accuracy after one pass over {SUBSET:,} images, which falls as the batch grows."
)
# sphinx_gallery_end_ignore

# %%
# An epoch of batches of 1,024 takes much less time than an epoch of batches of 16 (the times
# printed above). But the accuracy after one pass over the same images falls as the batch grows: the
# run with batches of 16 changed its weights 640 times, the run with batches of 1,024 only 10 times.
# Larger batches are faster per epoch and learn less per epoch; a larger learning rate makes up part
# of the difference (exercise 2).
#
# Adam's three implementations
# ----------------------------
# An Adam step updates every parameter tensor with the same few lines of arithmetic. PyTorch
# implements it three ways: a *for-loop* over the tensors, each line one operation per tensor;
# *foreach*, each line one operation over the list of all tensors; and *fused*, the whole update in
# one operation that reads and writes every number once. Without ``foreach`` or ``fused``, Adam
# chooses foreach when all parameters are on a CUDA GPU and the for-loop otherwise; ``fused=True``
# must be asked for. We time each for 5 rounds of 40 steps on the same gradients, keeping the
# fastest round.

torch.manual_seed(SEED)
reference = DigitClassifier().to(device)
implementations = {
    "for-loop": {"foreach": False},
    "foreach": {"foreach": True},
    "fused": {"fused": True},
}
step_seconds, weights = {}, {}
for name, options in implementations.items():
    model = copy.deepcopy(reference)  # the same starting weights for the three
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, **options)
    torch.manual_seed(SEED)  # the same dropout masks, so the same gradients for the three
    loss_fn(model(X_train[:BATCH_SIZE]), y_train[:BATCH_SIZE]).backward()  # the gradients
    optimizer.step()  # the first step creates Adam's running averages: not timed
    rounds = []
    for _ in range(ROUNDS):
        start = now()
        for _ in range(PER_ROUND):
            optimizer.step()
        rounds.append((now() - start) / PER_ROUND)
    step_seconds[name] = min(rounds)
    weights[name] = torch.cat([p.detach().flatten() for p in model.parameters()])  # (235146,)
    print(f"{name:>8}: {step_seconds[name] * 1e6:5.0f} µs per step")
difference = max((weights[name] - weights["for-loop"]).abs().max().item() for name in weights)
print(
    f"largest difference between their weights after {1 + ROUNDS * PER_ROUND} steps: {difference:.1e}"
)
# sphinx_gallery_start_ignore
assert step_seconds["fused"] < min(step_seconds["for-loop"], step_seconds["foreach"])
assert difference < 1e-5
if device.type == "cpu":
    assert step_seconds["foreach"] > 0.7 * step_seconds["for-loop"]
# sphinx_gallery_end_ignore

# %%
# The three end with the same weights, up to float32 rounding, and fused Adam takes the least time
# per step (printed above). On a CPU, a foreach operation still goes through its list one tensor at
# a time inside PyTorch, which is why foreach gains little or nothing there; on a GPU, it launches
# one :term:`kernel` per line of arithmetic for all the tensors, instead of one per line and tensor.
# The optimizer is only one part of a training step: ``tensors+fused`` in the benchmark below shows
# what fused Adam gains for a whole epoch.
#
# CUDA graphs
# -----------
# On a GPU, each PyTorch operation runs as a *kernel* that the CPU puts in the GPU's queue. One
# training step of this network is a few dozen kernels. With batches of 64, the GPU finishes most of
# them faster than Python can launch the next, so it spends the step waiting for Python. A
# :term:`CUDA graph` removes that wait: PyTorch records the kernels of one step once, with their
# arguments and the memory addresses they read and write, and then replays the whole sequence with a
# single launch. The recording has rules. The inputs must be copied into the same tensors every
# time, their shapes cannot change, and nothing in the step may bring a value back to the CPU (no
# ``.item()``). Adam must keep its step count on the GPU (``capturable=True``).
# :class:`~nnguide.graphed.GraphedTrainer` records chapter 5's whole step (gathering the batch,
# forward pass, loss, backward pass, Adam, and the running loss and accuracy), one graph per batch
# size, and replays it for every batch of an epoch. On a GPU, the next cell trains one epoch
# launched from Python, then one of graph replays.

if device.type == "cuda":
    batches = TensorBatches(X_train, y_train, batch_size=BATCH_SIZE, shuffle=True, seed=SEED)
    torch.manual_seed(SEED)
    model = DigitClassifier().to(device)
    # capturable: Adam keeps its step count on the GPU, where the graph can update it
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, fused=True, capturable=True)
    start = now()
    train_epoch(model, batches, loss_fn=loss_fn, optimizer=optimizer)
    eager_seconds = now() - start
    trainer = GraphedTrainer(model, batches, optimizer=optimizer, loss_fn=loss_fn)  # records
    start = now()
    trainer.train_epoch()  # one replay per batch
    graph_seconds = now() - start
    print(f"an epoch launched from Python: {eager_seconds:.2f} s")
    print(f"an epoch of graph replays:     {graph_seconds:.2f} s")
    print(f"the graph is {eager_seconds / graph_seconds:.1f} times as fast")
else:
    print("This build ran without a GPU, so it recorded no CUDA graph.")

# %%
# On a GPU, this cell prints the time of each epoch and their ratio; this page was built on the
# device printed at the top. Wherever it was built, the benchmark below makes the same comparison
# on a GPU.
#
# The benchmark
# -------------
# nnguide's repository comes with a benchmark, run by ``nox -s bench``. It trains chapter 5's
# classifier four ways, each in a process of its own, with batches of 64 and the learning rate
# lowered smoothly to zero over the epochs (a cosine schedule): ``source``, the source tutorial's
# pipeline, feeds it from the ``DataLoader`` of this page's first section; ``tensors`` from the
# preloaded tensors; ``tensors+fused`` adds fused Adam; and ``graphed`` replays the whole step as a
# CUDA graph (on a CPU, ``GraphedTrainer`` runs the same step without a graph). Two runs come with
# nnguide, one on an NVIDIA H200 GPU and one on a CPU with two threads, and
# :func:`~nnguide.bench_results.load_run` reads them:

for run_name in RUNS:
    run = load_run(run_name)
    print(
        f"{run.device} ({run.device_name}, {run.threads} CPU threads), PyTorch {run.torch}, "
        f"batch {run.batch_size}, best epoch of {run.results[0].epochs}:"
    )
    for result in run.results:
        print(
            f"  {result.variant:<14}{result.best_seconds_per_epoch:5.2f} s per epoch, "
            f"{result.speedup_vs_source:4.1f}× source, test accuracy {result.test_accuracy:.2%}"
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
# On both machines, the preloaded tensors cut an epoch to a fraction of the ``DataLoader``'s. On
# the H200, the CUDA graph then cuts the 1.46 s of ``tensors+fused`` to 0.14 s. The GPU's own work
# fits in those 0.14 s, so most of the 1.46 s was spent waiting for Python. On the CPU, ``graphed``
# (1.65 s) is no faster than ``tensors+fused`` (1.57 s), as expected: there, ``GraphedTrainer`` runs
# the step without a graph. The test accuracies range from 98.37 % to 98.55 %: none of these changes
# the recipe, only its speed. The two runs differ in PyTorch version and threads, and from this
# page: compare variants within a run.
#
# More than one device
# --------------------
# When one GPU is not enough, ``torch.distributed`` runs one process per GPU, on one machine or
# on many. `DistributedDataParallel
# <https://pytorch.org/docs/stable/generated/torch.nn.parallel.DistributedDataParallel.html>`_
# wraps the model in each process: every process trains on its own share of the data (a
# `DistributedSampler <https://pytorch.org/docs/stable/data.html#torch.utils.data.distributed.DistributedSampler>`_
# hands each its share), and during the backward pass the processes average their gradients, so
# that every copy of the model takes the same step. Together they train on a batch as large as all
# their batches together, which brings back this page's trade-off between batch size and learning
# rate. `torchrun <https://pytorch.org/docs/stable/elastic/run.html>`_, as in
# ``torchrun --nproc-per-node=4 train.py``, starts four such processes. Several GPUs pay off for much larger models and data sets than this one.
#
# Summary
# -------
# - Measure before changing anything, and on a GPU wait for the device before reading the clock.
# - A ``DataLoader`` over a small data set spends its time preparing samples one by one; preload the
#   data set as tensors once and slice the batches from them.
# - Larger batches make an epoch faster, but change the weights fewer times per epoch.
# - ``torch.optim.Adam(..., fused=True)`` updates all parameters in one operation, with the same
#   result up to rounding.
# - On a GPU, small steps wait for Python; a CUDA graph records a step once and replays it.
#
# Exercises
# ---------
# 1. Write ``PreloadedDataset``, a ``torch.utils.data.Dataset`` that serves sample ``i`` as
#    ``(X[i], y[i])`` from the preloaded tensors, and time a ``DataLoader`` over it as in the first
#    section. Where does it land between the two pipelines, and why?
#
#    .. dropdown:: Answer
#
#       .. code-block:: python
#          :name: exercise-07-preloaded-dataset
#
#          class PreloadedDataset(torch.utils.data.Dataset):
#              """MNIST from preloaded tensors, one sample at a time."""
#
#              def __init__(self, X, y):
#                  self.X, self.y = X, y  # (n, 784) images and (n,) labels
#
#              def __len__(self):
#                  return len(self.y)
#
#              def __getitem__(self, i):
#                  return self.X[i], self.y[i]  # one image (784,) and its label
#
#
#          loader = DataLoader(PreloadedDataset(X, y), batch_size=BATCH_SIZE, shuffle=True)
#
#       Its time per batch lands between the two printed in the first section.
#       No PIL image is made and nothing is converted, so it is faster than the
#       ``DataLoader`` over torchvision's ``MNIST``; but it still calls ``__getitem__`` 64 times per
#       batch and stacks 64 tensors, so it is slower than slicing a batch at once. PyTorch's
#       ``torch.utils.data.TensorDataset`` is this class.
#
# 2. Give the batch-1,024 run learning rates 2, 4 and 8 times as large (0.002, 0.004, 0.008). Which
#    does best after the same pass over 10,240 images?
#
#    .. dropdown:: Answer
#
#       All three beat 0.001, and 0.002 does best: run it, and it prints a validation accuracy of
#       about 85 %. Ten
#       steps are few, so each can afford to go further; larger rates do worse again, as steps
#       too large overshoot.
#
# 3. For each batch, ``GraphedTrainer`` copies the batch's row indices (which rows of ``X_train``
#    form it) into a tensor it created before recording. Why, instead of handing the graph the new
#    tensor?
#
#    .. dropdown:: Answer
#
#       A graph replays its kernels with the memory addresses recorded once. A new tensor lives at
#       another address, which the graph never reads; copying the new values into the recorded
#       tensor puts them where the graph looks.
