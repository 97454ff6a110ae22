r"""
Recognising handwritten digits
==============================

Everything so far comes together on a real data set: MNIST, 70,000 handwritten digits of 28×28
pixels. We train the source tutorial's classifier, a :term:`multilayer perceptron` with three
layers, and look closely at what it learned and where it fails. You will learn

- how to load MNIST with torchvision's ``transforms`` and ``DataLoader``, and how to feed it to a
  network several times faster;
- softmax and the cross-entropy loss, and the gradient they send back;
- what dropout does in training and in evaluation;
- the training and evaluation loops used for real data, with mini-batches;
- how to read a confusion matrix and the mistakes behind it;
- how to save a trained model and load it back safely.
"""

# %%
# The data
# --------
# The standard PyTorch pipeline, as in the source tutorial: torchvision's ``MNIST`` data set turns
# each image into a tensor and normalises it with the training set's mean 0.1307 and standard
# deviation 0.3081, and a ``DataLoader`` shuffles the samples and stacks them into mini-batches.
# On a computer with internet access, ``datasets.MNIST(root, download=True)`` downloads the files;
# :func:`nnguide.datasets.prepare_mnist` does that too, and when there is no internet it rebuilds
# the official files from an offline copy. Either way it checks every file's MD5 against the
# official one. When no source works, the chapter stops with one message that says how to get the
# data.

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

LANG = "en"  # the language of this page's plots
SEED = 0
EPOCHS = 10
BATCH_SIZE = 64
TIMED_BATCHES = 200  # batches per pipeline when we time them
configure_matplotlib(LANG)
torch.manual_seed(SEED)

transform = transforms.Compose(
    [
        transforms.ToTensor(),  # PIL image, 28×28 bytes -> float tensor (1, 28, 28) in [0, 1]
        transforms.Normalize((0.1307,), (0.3081,)),  # (x - mean) / std
    ]
)
try:
    data_root = prepare_mnist().parents[1]  # the folder that holds MNIST/raw/, verified
except MNISTUnavailableError as error:
    raise SystemExit(error) from None  # one clear message, not a traceback
train_set = datasets.MNIST(data_root, train=True, transform=transform)
train_loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True)
images, targets = next(iter(train_loader))
print(
    f"{len(train_set):,} training images; one batch: {tuple(images.shape)}, {tuple(targets.shape)}"
)

# %%
# Every epoch, this pipeline decodes, converts and normalises all 60,000 images again, one at a
# time, and stacks them into batches. The data set is small enough to do that work once:
# :func:`~nnguide.datasets.mnist_tensors` returns a whole split as two tensors, normalised once
# with the same mean and standard deviation and flattened to 784 pixels per row. Both give the same
# numbers:

X_train, y_train = mnist_tensors(train=True)
X_test, y_test = mnist_tensors(train=False)
print(f"training set: {tuple(X_train.shape)} images, {tuple(y_train.shape)} labels")
print(f"test set:     {tuple(X_test.shape)} images, {tuple(y_test.shape)} labels")
print(
    f"pixel mean {X_train.mean():.4f}, standard deviation {X_train.std():.4f} after normalisation"
)
print("digits in the training set:", y_train.bincount().tolist())
image, label = train_set[0]
torch.testing.assert_close(image.flatten(), X_train[0])
assert label == y_train[0]
assert X_train.shape == (60_000, 784)
assert X_test.shape == (10_000, 784)
assert abs(X_train.mean()) < 1e-3
assert abs(X_train.std() - 1) < 1e-3
counts = y_train.bincount()
assert counts.max() < 1.25 * counts.min()

fig = plot_digits(X_train[:24], [f"label {label}" for label in y_train[:24].tolist()], ncols=6)
fig.suptitle("The first 24 training images")
plt.show()

# %%
# The first image of the ``MNIST`` data set and the first row of the tensor are equal to float
# precision. After normalisation the pixels have mean 0 and standard deviation 1, which suits the
# network's initial weights, and no digit is more than 25 % more frequent than another.
#
# The model
# ---------
# 784 inputs (the pixels, flattened), two hidden layers of 256 and 128 ReLU units, and 10 outputs,
# one score (*logit*) per digit, as an ``nn.Module`` like chapter 02's MLP. ``nn.Sequential`` chains
# layers so that ``forward`` need not list them one by one. Dropout, explained below, sits after each
# hidden layer.


class DigitClassifier(nn.Module):
    """The source tutorial's MNIST classifier: 784 → 256 → 128 → 10, ReLU, dropout."""

    def __init__(self, dropout: float = 0.2) -> None:
        super().__init__()
        self.flatten = nn.Flatten()  # (n, 1, 28, 28) -> (n, 784); (n, 784) stays as it is
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
        """Images (n, 1, 28, 28) or rows (n, 784) -> logits (n, 10)."""
        return self.layers(self.flatten(x))


model = DigitClassifier()
print(model)
n_parameters = count_parameters(model)
print(f"trainable parameters: {n_parameters:,}")
assert n_parameters == (784 * 256 + 256) + (256 * 128 + 128) + (128 * 10 + 10)
assert round((784 * 256 + 256) / n_parameters, 2) == 0.85
assert model(images).shape == model(X_train[:BATCH_SIZE]).shape == (BATCH_SIZE, 10)

# %%
# 235,146 parameters, 85 % of them in the first layer. The model takes the ``DataLoader``'s image
# batches and the tensor rows alike. (:class:`nnguide.models.DigitClassifier` is this class, with a
# check on its input's size.)
#
# Softmax and cross-entropy
# -------------------------
# The softmax turns the 10 logits :math:`\mathbf{z}` into probabilities, and the
# :term:`cross-entropy` :term:`loss function` is minus the log of the probability given to the true digit :math:`y`:
#
# .. math::
#
#    p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad L = -\log p_y, \qquad
#    \frac{\partial L}{\partial z_k} = p_k - [k = y]
#
# The gradient is the predicted probabilities minus the one-hot target: every wrong digit's logit is
# pushed down in proportion to its probability, the true digit's pushed up by :math:`1 - p_y`.
# ``nn.CrossEntropyLoss`` takes the logits, applies the softmax itself, and averages over the batch,
# which divides the gradient by the batch size :math:`n`. We check both formulas against autograd on
# the untrained model's logits for 8 images:

logits = model(X_train[:8]).detach().requires_grad_()  # (8, 10)
targets = y_train[:8]
loss = nn.CrossEntropyLoss()(logits, targets)
loss.backward()
probabilities = logits.softmax(dim=1)  # (8, 10), each row sums to 1
by_hand_loss = -probabilities[range(8), targets].log().mean()
by_hand_gradient = (probabilities - nn.functional.one_hot(targets, 10)) / 8
print(f"loss: {loss.item():.6f} (autograd), {by_hand_loss.item():.6f} (by hand)")
print(f"largest |autograd - by hand| gradient: {(logits.grad - by_hand_gradient).abs().max():.1e}")
torch.testing.assert_close(by_hand_loss, loss)
torch.testing.assert_close(logits.grad, by_hand_gradient)
assert abs(loss.item() - torch.log(torch.tensor(10.0)).item()) < 0.1

# %%
# Both agree with autograd to float32 precision. The loss of the untrained model is close to
# :math:`\ln 10 \approx 2.30`, the loss of guessing each digit with probability 1/10.
#
# Dropout
# -------
# During training, ``nn.Dropout(p)`` sets each value to zero with probability :math:`p` and
# multiplies the survivors by :math:`1/(1-p)`, so that the expected value of every unit stays the
# same; in evaluation mode it does nothing. Dropout keeps the network from relying on any single
# unit. On 10,000 ones, with :math:`p = 0.2`:

dropout = nn.Dropout(p=0.2)
ones = torch.ones(10_000)
dropped = dropout(ones)  # a new module is in training mode
zeroed = (dropped == 0).float().mean().item()
survivors = dropped[dropped != 0].unique().tolist()
print(f"training mode: {zeroed:.1%} set to 0, survivors = {survivors}, mean {dropped.mean():.3f}")
dropout.eval()
print(f"evaluation mode: output equals input: {torch.equal(dropout(ones), ones)}")
assert abs(zeroed - 0.2) < 0.02
torch.testing.assert_close(torch.tensor(survivors), torch.tensor([1 / (1 - 0.2)]))
assert abs(dropped.mean().item() - 1) < 0.03
assert torch.equal(dropout(ones), ones)

# %%
# About 20 % of the values are zeroed and the rest become 1.25, so the mean stays close to 1. That
# is why ``model.train()`` and ``model.eval()`` matter: they switch every dropout layer of the model
# between these two behaviours.
#
# The training and evaluation loops
# ---------------------------------
# One epoch visits the 60,000 training images in a new random order, in mini-batches of 64. Each
# batch gets the five steps of chapter 02's loop: the :term:`forward pass`, the loss,
# ``zero_grad``, :term:`backpropagation` and an optimizer step. The running loss and count of
# correct answers stay tensors: calling ``.item()`` on every batch would make the CPU wait for a
# GPU each time. Evaluation switches dropout and gradients off and counts correct answers.


def train_epoch(
    model: nn.Module, batches, *, loss_fn: nn.Module, optimizer: torch.optim.Optimizer
) -> tuple[float, float]:
    """One pass over ``batches``; return the mean loss and the accuracy on them."""
    model.train()  # dropout on
    total_loss = torch.zeros(())
    correct = torch.zeros((), dtype=torch.long)
    seen = 0
    for data, target in batches:
        optimizer.zero_grad()
        output = model(data)  # forward pass: (batch, 10) logits
        loss = loss_fn(output, target)
        loss.backward()  # backpropagation
        optimizer.step()  # update the weights
        total_loss = total_loss.to(loss.device) + loss.detach() * len(target)
        correct = correct.to(output.device) + (output.argmax(dim=1) == target).sum()
        seen += len(target)
    return total_loss.item() / seen, correct.item() / seen


@torch.no_grad()
def evaluate(model: nn.Module, batches) -> float:
    """The accuracy of ``model`` on ``batches``, in evaluation mode (dropout off)."""
    model.eval()  # dropout off
    correct = torch.zeros((), dtype=torch.long)
    seen = 0
    for data, target in batches:
        prediction = model(data).argmax(dim=1)  # the most likely digit
        correct = correct.to(prediction.device) + (prediction == target).sum()
        seen += len(target)
    return correct.item() / seen


# %%
# :mod:`nnguide.training` holds the same two functions, with checks on their inputs.
#
# Two ways to feed the loop
# -------------------------
# The loop takes any iterable of ``(images, labels)`` batches. We time 200 batches from the
# ``DataLoader`` and 200 from :class:`~nnguide.training.TensorBatches`, which draws a random order
# once per epoch and then copies each batch's 64 rows straight out of the preloaded tensors, on a
# throwaway copy of the model.

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
    print(f"{name:>13}: {seconds_per_epoch[name]:.1f} s per epoch of {len(train_loader)} batches")
speed_up = seconds_per_epoch["DataLoader"] / seconds_per_epoch["TensorBatches"]
print(f"preloaded tensors are {speed_up:.1f}× as fast")
assert speed_up > 1.5

# %%
# Both pipelines feed the same numbers to the same model, but the preloaded tensors are more than
# 1.5 times as fast on this machine (``nox -s bench`` measures whole epochs). The ``DataLoader`` is
# the right tool when a data set does not fit in memory or needs random augmentation on every
# epoch; MNIST needs neither, so the rest of the chapter trains from the tensors.
#
# Training
# --------
# Adam runs in its *fused* form, one kernel for all parameters, and a cosine schedule lowers the
# learning rate smoothly to zero over the 10 epochs, so the last epochs refine rather than jump
# around. On a computer with an NVIDIA GPU, the cell trains there and hands the step to
# :class:`~nnguide.graphed.GraphedTrainer`, which records it once as a CUDA graph and replays it for
# every batch, so that Python no longer launches its kernels one by one; on a CPU, it runs the
# ``train_epoch`` loop above.

on_gpu = torch.cuda.is_available()
device = torch.device("cuda" if on_gpu else "cpu")
torch.manual_seed(SEED)
model = DigitClassifier().to(device)
initial_weights = model.layers[0].weight.detach().cpu().clone()  # (256, 784), kept to compare
train_batches = TensorBatches(
    X_train.to(device), y_train.to(device), batch_size=BATCH_SIZE, shuffle=True, seed=SEED
)
test_batches = TensorBatches(X_test.to(device), y_test.to(device), batch_size=1000)
# capturable: on a GPU, Adam keeps its step count there, so that a graph can record the update
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True, capturable=on_gpu)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)
graphed = None
if on_gpu:  # the same step, recorded once as a CUDA graph
    graphed = GraphedTrainer(model, train_batches, optimizer=optimizer, loss_fn=loss_fn)

history: dict[str, list[float]] = {"loss": [], "train": [], "test": []}
print("Training the MNIST classifier...")
for epoch in range(EPOCHS):
    if graphed is None:
        train_loss, train_accuracy = train_epoch(
            model, train_batches, loss_fn=loss_fn, optimizer=optimizer
        )
    else:
        train_loss, train_accuracy = graphed.train_epoch()  # one graph replay per batch
    schedule.step()
    test_accuracy = evaluate(model, test_batches)
    history["loss"].append(train_loss)
    history["train"].append(train_accuracy)
    history["test"].append(test_accuracy)
    print(
        f"Epoch {epoch + 1:2d}: loss={train_loss:.4f}, train acc={train_accuracy:.2%}, test acc={test_accuracy:.2%}"
    )

final_accuracy = history["test"][-1]
print(f"\nfinal test accuracy: {final_accuracy:.2%}")
assert final_accuracy >= 0.98
assert history["train"][0] < history["test"][0]
model.cpu()  # the rest of the chapter works on the CPU, with X_test and y_test

fig, (ax_loss, ax_accuracy) = plt.subplots(2, 1, figsize=(FIGURE_WIDTH, 7.2), layout="constrained")
plot_curve(history["loss"], lang=LANG, ylabel="loss", ax=ax_loss)
ax_loss.set_title("Training loss")
plot_curve(history["train"], lang=LANG, ylabel="accuracy", ax=ax_accuracy, name="training set")
plot_curve(history["test"], lang=LANG, ylabel="accuracy", ax=ax_accuracy, name="test set")
ax_accuracy.set_title("Accuracy")
plt.show()

# %%
# The model recognises at least 98 % of the 10,000 test digits it has never seen. Training accuracy
# is measured with dropout on and while the weights still change during the epoch, which is why in
# the first epochs it is *lower* than the test accuracy.
#
# Where does it go wrong?
# -----------------------
# The confusion matrix counts, for each true digit (row), what the model predicted (column).

with torch.no_grad():
    model.eval()
    predicted = model(X_test).argmax(dim=1)
matrix = confusion_matrix(predicted, y_test, n_classes=10)
assert matrix.sum() == 10_000
assert int(matrix.diag().sum()) == round(final_accuracy * 10_000)
off_diagonal = matrix - torch.diag(matrix.diag())
true_digit, predicted_digit = divmod(int(off_diagonal.argmax()), 10)
print(f"mistakes: {int(off_diagonal.sum())} of {int(matrix.sum()):,}")
print(
    f"most frequent confusion: {true_digit} read as {predicted_digit} ({int(off_diagonal.max())} times"
    f" out of {int(matrix[true_digit].sum())} test images of a {true_digit})"
)
assert off_diagonal.max() < 0.02 * matrix[true_digit].sum()

ax = plot_confusion_matrix(matrix, lang=LANG)
ax.set_title("Confusion matrix on the test set")
plt.show()

# %%
# Almost everything sits on the diagonal. Even the most frequent confusion, printed above, concerns
# fewer than 2 % of the test images of its digit; the pairs that get confused most (4 and 9, 7 and 2,
# 3 and 5...) share strokes. Let us look at some of the images behind the off-diagonal counts.

wrong = (predicted != y_test).nonzero().squeeze(1)[:16]
titles = [f"truth {y_test[i].item()}\nsaid {predicted[i].item()}" for i in wrong.tolist()]
fig = plot_digits(X_test[wrong], titles, ncols=4)
fig.suptitle("Test digits the model gets wrong")
plt.show()

# %%
# Many of these are hard for people too: unusual strokes, digits cut off, or a shape halfway between
# two digits.
#
# What the first layer looks for
# -------------------------------
# Each of the 256 units of the first layer computes a weighted sum of the 784 pixels. Drawn as a
# 28×28 image, its weights show the pattern that excites it (dark) and the one that inhibits it.

first_layer = model.layers[0].weight.detach()  # (256, 784)
fig = plot_digits(first_layer[:24], [f"unit {i}" for i in range(24)], ncols=6)
fig.suptitle("Weights of 24 first-layer units")
plt.show()

similarity = nn.functional.cosine_similarity(first_layer, initial_weights, dim=1)  # one per unit
barely_moved = int((similarity > 0.9).sum())
print(f"{barely_moved} of 256 units still resemble their random start (cosine similarity > 0.9)")
with torch.no_grad():
    active = (model.layers[0](X_train) > 0).float().mean(dim=0)  # (256,): share of images
moved = similarity <= 0.9
print(
    f"share of training images that activate a unit: {active[~moved].mean():.1%} for those that "
    f"barely moved, {active[moved].mean():.1%} for the others"
)
assert 0 < barely_moved < 256 // 4
assert active[~moved].max() < 0.01 < active[moved].mean()

# %%
# Most patterns are blurry strokes and blobs over the centre, where digits are written. A few units
# still look like the random noise they started from: the count above measures how many barely
# moved. They are *dead units*, like those of chapters 02 and 03: each is active on fewer than 1 % of
# the training images, so it almost never receives a gradient. And none of the patterns knows which
# pixels are neighbours; that is what convolutional networks add.
#
# Saving and loading the model
# ----------------------------
# A model is saved as its ``state_dict``, the dictionary of its parameter tensors. Loading with
# ``weights_only=True`` unpickles tensors and nothing else, so a file from elsewhere cannot run code.

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mnist_classifier.pt"
    torch.save(model.state_dict(), path)
    print(f"saved {path.name}: {path.stat().st_size / 1e6:.2f} MB")
    restored = DigitClassifier()
    restored.load_state_dict(torch.load(path, weights_only=True))
restored.eval()
print("\nModel saved and loaded back.")

with torch.no_grad():
    probabilities = restored(X_test).softmax(dim=1)  # (10000, 10)
confidence, digit = probabilities.max(dim=1)  # the top probability and its digit, per image
for i in range(8):
    print(
        f"test image {i}: predicted {digit[i].item()} with probability {confidence[i]:.1%}, "
        f"truth {y_test[i].item()}"
    )
mistakes = digit != y_test
sure_and_wrong = int((mistakes & (confidence > 0.9)).sum())
print(f"mistakes made with a probability above 90 %: {sure_and_wrong} of {int(mistakes.sum())}")
assert torch.equal(digit, predicted)
assert torch.equal(digit[:8], y_test[:8])
assert (confidence[:8] > 0.99).all()
assert (confidence[:8] > 0.9995).sum() > 8 // 2  # prints as 100.0 %
assert 0 < sure_and_wrong < mistakes.sum()

# %%
# The restored model predicts exactly what the trained one did, for all 10,000 test images. The
# first eight are right, each with a probability above 99 % (most print as 100.0 % only because of
# rounding: the softmax of logits several units apart is that close to 1). A high probability is
# the model's confidence, not a guarantee: some of its mistakes, counted above, were made with a
# probability above 90 % too.
#
# Exercises
# ---------
# 1. Remove the two ``nn.Dropout`` layers (``DigitClassifier(dropout=0.0)``). What happens to the
#    gap between training and test accuracy?
#
#    .. dropdown:: Answer
#
#       The gap widens. Without dropout, the training accuracy measured during the last epoch
#       climbs to almost 100 %, while the test accuracy gains nothing: the network fits the training
#       set more closely without generalising better. Dropout trades some training fit for
#       generalisation.
#
# 2. Why does the model output logits and not probabilities, and where does the softmax happen?
#
#    .. dropdown:: Answer
#
#       ``nn.CrossEntropyLoss`` applies log-softmax itself, in a numerically stable way. To read
#       probabilities, apply ``logits.softmax(dim=1)`` as in the last cell; the predicted digit is
#       the same either way, since softmax keeps the order.
#
# 3. Why is ``model.eval()`` called before evaluating, and what would go wrong without it?
#
#    .. dropdown:: Answer
#
#       In training mode dropout zeroes random units, so predictions would be noisy and slightly
#       worse, and would change from one call to the next.
