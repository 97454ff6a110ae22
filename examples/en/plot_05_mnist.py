r"""
Recognising handwritten digits
==============================

Everything so far comes together on a real data set: MNIST, 70,000 handwritten digits of 28 × 28
pixels. We train the classifier of :ref:`the source tutorial <source-tutorial>`, a
:term:`multilayer perceptron` with three layers, with its recipe, and look at what it gets wrong. You will learn

- how to hold out a validation set, and cut the training images into shuffled mini-batches;
- softmax and the cross-entropy loss, and the gradient they send back;
- what dropout does in training and in evaluation;
- the training loop for real data, and how to see overfitting coming;
- why the test set is scored once, at the end; how to read a confusion matrix, and save a model.
"""

# %%
# The data
# --------
# The source tutorial loads MNIST with torchvision's ``datasets.MNIST`` and a ``DataLoader``, which
# decode and :term:`standardise <standardisation>` the images one at a time, again in every epoch. The training set is only
# 60,000 × 784 numbers (188 MB as float32), so we load it once, as two tensors:
# :func:`~nnguide.datasets.mnist_tensors` flattens each image into a row of 784 pixels and
# standardises them with the training set's mean 0.1307 and standard deviation 0.3081, like the
# source's ``transforms.Normalize((0.1307,), (0.3081,))``.

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

from nnguide.datasets import MNISTUnavailableError, mnist_tensors
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib, plot_confusion_matrix, plot_digits

LANG = "en"  # the language of this page's plots
SEED = 0
EPOCHS = 10
BATCH_SIZE = 64
configure_matplotlib(LANG)
torch.manual_seed(SEED)

try:
    X, y = mnist_tensors(train=True)  # (60000, 784) pixels: (pixel / 255 - 0.1307) / 0.3081
    X_test, y_test = mnist_tensors(train=False)  # (10000, 784), and labels (10000,)
except MNISTUnavailableError as error:
    message = f"MNIST could not be prepared. nnguide says why, and what to do:\n{error}"
    raise SystemExit(message) from None  # one clear message, not a traceback
print(f"training images {tuple(X.shape)}, test images {tuple(X_test.shape)}")
print(f"images of each digit, 0 to 9: {y.bincount().tolist()}")

titles = [f"label {label}" for label in y[:24].tolist()]
fig = plot_digits(X[:24], titles, ncols=6, colorbar="pixel value after standardisation")
fig.suptitle("The first 24 training images")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "The first 24 training images, in 4 rows of 6, each titled with its label. The colour bar "
    "under them maps the grey levels to the standardised pixel values, from −0.42 (the white "
    "background) to 2.82 (the blackest ink)."
)
assert (X[:24].min(), X[:24].max()) == (X.min(), X.max())  # the bar spans every pixel value
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
torch.testing.assert_close(image.flatten(), X[0])  # the source's pipeline gives the same numbers
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
# The colour bar shows the standardised pixel values. A pixel is first divided by 255, which scales
# it from 0–255 to [0, 1], then standardised: the white background, a pixel of 0, stays 0 after
# scaling and becomes :math:`(0 - 0.1307)/0.3081 \approx -0.42`; the blackest ink, a pixel of 255,
# is 1 after scaling and becomes :math:`(1 - 0.1307)/0.3081 \approx 2.82`.
# Each digit has about a tenth of the images (the most frequent, 1, has 24 % more than the rarest,
# 5), and after standardisation the pixels have a mean of about 0 and a standard deviation of about 1,
# the scale PyTorch's default initial weights are made for.
#
# Training, validation and test sets
# ----------------------------------
# A network with enough parameters can learn its training images by heart: it then fits them
# better and better while doing no better on digits it has never seen. That is
# :term:`overfitting`, and the accuracy on the training images cannot show it. So we keep three
# sets apart:
#
# - the :term:`training set`, the images the optimizer learns from;
# - the :term:`validation set`, images held out of training and scored after every epoch, to watch
#   for overfitting and to choose settings such as the number of epochs;
# - the :term:`test set`, MNIST's separate 10,000 images, scored once, at the very end.
#
# We carve the validation set out of the 60,000 training images: a random order, seeded so that
# every run draws the same split, and its first 10,000 images.

order = torch.randperm(len(X))  # the 60,000 row indices, shuffled
X_val, y_val = X[order[:10_000]], y[order[:10_000]]  # validation set: 10,000 images
X_train, y_train = X[order[10_000:]], y[order[10_000:]]  # training set: the other 50,000
# sphinx_gallery_start_ignore
assert len(X_train) == 50_000
assert len(X_val) == 10_000
assert torch.equal(order.sort().values, torch.arange(60_000))  # every image in exactly one set
# sphinx_gallery_end_ignore

# %%
# The model
# ---------
# 784 inputs (the pixels, flattened), two hidden layers of 256 and 128 ReLU units, and 10 outputs,
# one score per digit, as an ``nn.Module`` like the MLP of :doc:`chapter 2 <plot_02_mlp_xor>`.
# ``nn.Sequential`` chains layers, so that ``forward`` need not call them one by one. Dropout,
# explained below, follows each hidden layer. ``nn.Flatten`` lets the model also take images of
# shape (n, 1, 28, 28), as the source's ``DataLoader`` gives them; our rows pass unchanged.


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
print(f"trainable parameters: {sum(p.numel() for p in model.parameters()):,}")
# sphinx_gallery_start_ignore
assert sum(p.numel() for p in model.parameters()) == 235_146
assert round((784 * 256 + 256) / 235_146, 2) == 0.85
# sphinx_gallery_end_ignore

# %%
# 85 % of the 235,146 parameters are the first layer's 784 × 256 weights and 256 biases.
#
# Softmax and cross-entropy
# -------------------------
# The network's 10 outputs :math:`\mathbf{z}` are :term:`logits <logit>`: raw scores, any real
# numbers. The :term:`softmax` turns them into probabilities, and the :term:`cross-entropy`
# :term:`loss function` is minus the log of the probability given to the true digit :math:`y`:
#
# .. math::
#
#    p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad L = -\log p_y, \qquad
#    \frac{\partial L}{\partial z_k} = p_k - [k = y]
#
# where :math:`[k = y]` is 1 for the true digit and 0 for the others: the *one-hot* target. The
# gradient is the predicted probabilities minus the one-hot target: every wrong digit's logit is
# pushed down in proportion to its probability, the true digit's pushed up by :math:`1 - p_y`.
# ``nn.CrossEntropyLoss`` takes the logits, applies the softmax itself, and averages over the batch,
# which divides the gradient by the :term:`batch size`. We check both formulas against autograd on the
# untrained model's logits for 8 images:

logits = model(X_train[:8]).detach().requires_grad_()  # (8, 10), a new leaf that keeps .grad
loss = nn.CrossEntropyLoss()(logits, y_train[:8])
loss.backward()  # logits.grad: dL/dz, (8, 10)
p = logits.softmax(dim=1)  # (8, 10), each row sums to 1
print(f"loss: {loss:.4f} (autograd), {-p[range(8), y_train[:8]].log().mean():.4f} (by hand)")
torch.testing.assert_close(logits.grad, (p - nn.functional.one_hot(y_train[:8], 10)) / 8)
print("gradient: autograd's equals (p - one_hot(y)) / 8")
# sphinx_gallery_start_ignore
torch.testing.assert_close(-p[range(8), y_train[:8]].log().mean(), loss)
assert abs(loss.item() - torch.log(torch.tensor(10.0)).item()) < 0.1
# sphinx_gallery_end_ignore

# %%
# Both agree with autograd. The loss of the untrained model is close to
# :math:`\ln 10 \approx 2.30`, the loss of giving each digit probability 1/10.
#
# Dropout
# -------
# During training, :term:`dropout` (``nn.Dropout(p)``) sets each value to zero with probability
# :math:`p` and multiplies the survivors by :math:`1/(1-p)`, so that the expected value of every
# unit stays the same; in evaluation mode it does nothing. The network cannot rely on any single
# unit, which makes learning the training images by heart harder. On ten ones, with
# :math:`p = 0.2`:

dropout = nn.Dropout(p=0.2)  # a new module is in training mode
print(f"training mode:   {dropout(torch.ones(10)).tolist()}")
dropout.eval()
print(f"evaluation mode: {dropout(torch.ones(10)).tolist()}")
# sphinx_gallery_start_ignore
with torch.random.fork_rng():  # leaves the random numbers of the visible code as they are
    dropped = nn.Dropout(p=0.2)(torch.ones(10_000))
assert abs((dropped == 0).float().mean().item() - 0.2) < 0.02
torch.testing.assert_close(dropped[dropped != 0].unique(), torch.tensor([1.25]))
# sphinx_gallery_end_ignore

# %%
# In training mode each value is zeroed with probability 0.2 and the others become
# :math:`1/(1-0.2) = 1.25`; in evaluation mode the ones pass unchanged. ``model.train()`` and
# ``model.eval()`` switch every dropout layer of a model between these two behaviours.
#
# Mini-batches and the training loop
# ----------------------------------
# The first line chooses the device that trains the model: an NVIDIA GPU if PyTorch finds one,
# else the CPU. One :term:`epoch` visits the 50,000 training images in a new random order, in
# :term:`mini-batches <mini-batch>` of 64: ``mini_batches`` shuffles the row indices, slices them
# 64 at a time, and moves each batch to ``device``. ``train_epoch`` gives each batch the five steps
# of the loop of :doc:`chapter 2 <plot_02_mlp_xor>`: the :term:`forward pass`, the loss,
# ``zero_grad``, :term:`backpropagation` and an optimizer step. ``evaluate`` switches dropout and gradients off
# and counts correct answers.

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(f"this run trains on: {device}")


def mini_batches(
    X: torch.Tensor, y: torch.Tensor, batch_size: int, device: torch.device, shuffle: bool = False
):
    """Yield ``(images, labels)`` batches of ``batch_size`` rows, in a new random order if ``shuffle``."""
    order = torch.randperm(len(X)) if shuffle else torch.arange(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start : start + batch_size]  # this batch's row indices
        yield X[rows].to(device), y[rows].to(device)


def train_epoch(model: nn.Module, batches, loss_fn: nn.Module, optimizer) -> float:
    """Train on each batch once; return the mean loss."""
    model.train()  # dropout on
    total_loss, seen = 0.0, 0
    for data, target in batches:
        output = model(data)  # forward pass: (batch, 10) logits
        loss = loss_fn(output, target)  # mean cross-entropy over the batch
        optimizer.zero_grad()
        loss.backward()  # backpropagation
        optimizer.step()  # update the weights
        total_loss += loss.item() * len(target)
        seen += len(target)
    return total_loss / seen


@torch.no_grad()  # no gradients needed: nothing is trained here
def evaluate(model: nn.Module, batches) -> float:
    """Return the share of correct answers on ``batches``, in evaluation mode (dropout off)."""
    model.eval()  # dropout off
    correct, seen = 0, 0
    for data, target in batches:
        prediction = model(data).argmax(dim=1)  # the digit with the largest logit
        correct += (prediction == target).sum().item()
        seen += len(target)
    return correct / seen


# %%
# Training
# --------
# The source's recipe: :term:`Adam` with learning rate 0.001, batches of 64, ten epochs, on the
# device chosen above. After every epoch we score the model on the training set and on the
# validation set, in evaluation mode, and print the gap between the two accuracies. (The source prints the accuracy on the batches
# while they train, with dropout on: not comparable with the validation accuracy.)

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
        f"epoch {epoch:2d}: loss {loss:.4f}, training accuracy {train_accuracy:.2%}, "
        f"validation accuracy {val_accuracy:.2%}, gap {100 * (train_accuracy - val_accuracy):.2f} points"
    )

epochs = range(1, EPOCHS + 1)
fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 3.6), layout="constrained")
ax.plot(epochs, history["train"], marker="o", label="training set")
ax.plot(epochs, history["validation"], marker="o", label="validation set")
ax.fill_between(epochs, history["validation"], history["train"], alpha=0.2, label="gap")
ax.set(title="Accuracy after each epoch", xlabel="epoch", ylabel="accuracy", xticks=epochs)
ax.yaxis.set_major_formatter("{x:.0%}")
ax.legend()
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "The accuracy on the training set and on the validation set after each of the 10 epochs: "
    "the training accuracy rises every epoch to 99.36 % after epoch 9 and dips to 99.32 % after "
    "epoch 10, the validation accuracy levels off from epoch 5, and the shaded gap between them "
    "opens up."
)
gap = [100 * (t - v) for t, v in zip(history["train"], history["validation"], strict=True)]
late = history["validation"][4:]  # levels off from epoch 5
assert max(late) - min(late) < 0.003
assert f"{gap[0]:.2f}" == "0.54"
assert [f"{accuracy:.2%}" for accuracy in history["train"][8:]] == ["99.36%", "99.32%"]
assert all(a < b for a, b in zip(history["train"][:8], history["train"][1:9], strict=True))
assert [f"{history['validation'][e]:.2%}" for e in (4, 9)] == ["97.60%", "97.69%"]
assert [f"{gap[e]:.2f}" for e in (5, 9)] == ["1.50", "1.63"]
# sphinx_gallery_end_ignore

# %%
# All the outputs on this page come from one run of this script, on the device printed above.
#
# Overfitting
# -----------
# After the first epoch the two accuracies are 0.54 points apart. Then they part: the training
# accuracy climbs every epoch up to 99.36 % after epoch 9, then dips to 99.32 % after the last,
# while the validation accuracy,
# 97.60 % after the fifth epoch, ends at 97.69 %, and the shaded gap, 1.50 points after epoch 6,
# ends at 1.63. The
# network goes on fitting these 50,000 images better, but that no longer makes it better at digits
# it has not seen: overfitting has begun. Watching the validation accuracy is how one decides how
# many epochs are worth training; here, the last five add little.
#
# The test set, once
# ------------------
# Only now do we score the test set. Each choice made while watching the validation
# accuracy (the number of epochs, the learning rate, dropout or not) fits the model a little to the
# validation images, so their accuracy flatters it. The test images played no part in any choice:
# scored once, at the end, they estimate how the model will do on digits it has never seen.
# Scoring them every epoch and keeping the best would turn them into a second validation set. The
# softmax of the logits gives each digit's probability; the largest is the prediction.

model.eval()
with torch.no_grad():
    probabilities = model(X_test.to(device)).softmax(dim=1).cpu()  # (10000, 10)
confidence, predicted = probabilities.max(dim=1)  # the top probability and its digit, per image
test_accuracy = (predicted == y_test).float().mean().item()
print(f"test accuracy: {test_accuracy:.2%}")
# sphinx_gallery_start_ignore
assert f"{test_accuracy:.2%}" == "98.08%"
assert f"{100 * (test_accuracy - history['validation'][-1]):.2f}" == "0.39"
chance = 100 * (2 * test_accuracy * (1 - test_accuracy) / 10_000) ** 0.5  # std of a difference
assert 0.1 < chance < 0.5  # points between two sets of 10,000 images, by chance
# sphinx_gallery_end_ignore

# %%
# The test accuracy is 0.39 points above the last validation accuracy. We tuned nothing on the
# validation set here (the recipe is the source's), so it had nothing to flatter, and two sets of
# 10,000 images differ by chance by a few tenths of a point. The validation set was a fair guide.
#
# Where does it go wrong?
# -----------------------
# The confusion matrix counts, for each true digit (row), what the model predicted (column). We print
# the mistakes made more than 5 times.

matrix = torch.zeros(10, 10, dtype=torch.long)  # rows: true digit, columns: predicted digit
for i in range(len(y_test)):
    matrix[y_test[i], predicted[i]] += 1  # each test image adds 1 to its cell
mistakes = matrix - torch.diag(matrix.diag())  # the off-diagonal counts: wrong answers
for true, guess in (mistakes > 5).nonzero().tolist():
    print(f"  {true} read as {guess}: {mistakes[true, guess]} times")

ax = plot_confusion_matrix(matrix, lang=LANG)
ax.set_title("Confusion matrix on the test set")
plt.show()
# sphinx_gallery_start_ignore
ax.figure.set_label(
    "The confusion matrix of the 10,000 test images: a row per true digit, 0 to 9, a column per "
    "predicted digit, and in each cell the number of images. Its colours follow a logarithmic "
    "scale, shown by the colour bar under it; almost all images sit on the diagonal."
)
assert (matrix.diag().min(), matrix.diag().max()) == (859, 1129)
assert int((matrix == 1).sum()) > 0  # cells of a single image: light blue
from nnguide.metrics import confusion_matrix

assert torch.equal(matrix, confusion_matrix(predicted, y_test, n_classes=10))
assert int(matrix.diag().sum()) == round(test_accuracy * 10_000)
rates = mistakes / matrix.sum(dim=1, keepdim=True)  # the share of each digit's test images
assert rates.argmax() == 94  # 9 read as 4
assert (mistakes[9, 4], matrix[9].sum(), f"{rates.max():.1%}") == (14, 1009, "1.4%")
assert mistakes.max() == 14
assert (mistakes > 5).sum() == 6
assert (mistakes[5] > 5).sum() == 3
# sphinx_gallery_end_ignore

# %%
# Almost everything sits on the diagonal. The colours follow a logarithmic scale (the colour bar
# under the matrix), so that even a cell of a single image is visibly coloured, light blue, next to
# the diagonal's 859 to 1,129; a blank, white cell counts none. The most frequent mistake, 9 read as 4, takes 14 of the
# 1,009 test images of a 9 (1.4 %), and three of the six mistakes printed are a 5 read as another
# digit. Here are the first 16 test digits the model gets wrong, with the probability it gave to
# its answer.

wrong = (predicted != y_test).nonzero().squeeze(1)[:16]
titles = [f"{y_test[i]} read as {predicted[i]}\n{confidence[i]:.1%}" for i in wrong.tolist()]
fig = plot_digits(X_test[wrong], titles, ncols=4, colorbar="pixel value after standardisation")
fig.suptitle("Test digits the model gets wrong")
plt.show()
# sphinx_gallery_start_ignore
fig.set_label(
    "The first 16 test digits the model gets wrong, in 4 rows of 4, each titled with its true "
    "digit, the digit the model read, and the probability the model gave to its answer."
)
assert int((confidence[wrong] > 0.9).sum()) == 9
# sphinx_gallery_end_ignore

# %%
# Some of these are odd even to a person, but several are digits we read at once, and the model
# gave 9 of these 16 wrong answers a probability above 90 %: a high probability is the model's
# confidence, not a guarantee. The network sees 784 numbers; it does not know which pixels are
# neighbours, which is what convolutional networks add.
#
# Saving and loading the model
# ----------------------------
# A model is saved as its ``state_dict``, the dictionary of its parameter tensors. Loading with
# ``weights_only=True`` reads back tensors and nothing else, never code, which makes loading a file
# from elsewhere much safer.

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mnist_classifier.pt"
    torch.save(model.state_dict(), path)
    restored = DigitClassifier().to(device)
    restored.load_state_dict(torch.load(path, weights_only=True))
restored.eval()  # like model: dropout off
same = torch.equal(restored(X_val.to(device)), model(X_val.to(device)))
print(
    "the restored model gives the same logits as the trained one" if same else "the logits differ"
)
# sphinx_gallery_start_ignore
assert same
# sphinx_gallery_end_ignore

# %%
# Summary
# -------
# - MNIST fits in memory as two tensors; a seeded random split holds out a validation set, and
#   shuffling the row indices and slicing them gives the mini-batches of each epoch.
# - The classifier outputs logits; ``nn.CrossEntropyLoss`` applies the softmax, and the gradient it
#   sends back is the predicted probabilities minus the one-hot target.
# - Dropout zeroes units at random in training only; ``model.train()`` and ``model.eval()`` switch
#   it on and off.
# - Scoring the training and validation sets after every epoch shows overfitting as a gap
#   that opens between the two accuracies; the test set is scored once, at the end.
# - The confusion matrix shows which digits the model takes for which, and a saved ``state_dict``
#   loads back into the same class.
#
# Exercises
# ---------
# 1. Remove the two ``nn.Dropout`` layers (``DigitClassifier(dropout=0.0)``) and train again. What
#    happens to the gap between training and validation accuracy, and to the validation loss (the
#    mean cross-entropy on the validation set: do exercise 4 first)?
#
#    .. dropdown:: Answer
#
#       After ten epochs you will see the accuracies barely change: the training accuracy still
#       above 99 %, the gap between 1.5 and 2.5 points, the validation accuracy within half a point
#       of the one with dropout. The validation loss tells them apart. With or without dropout it
#       is lowest between epochs 4 and 7; without dropout it then climbs above 1.2 times that lowest
#       value, a sign of overfitting that the accuracy hides, while with dropout it ends within 1.1
#       times it. Dropout slows overfitting down.
#
# 2. Why does the model output logits and not probabilities, and where does the softmax happen?
#
#    .. dropdown:: Answer
#
#       ``nn.CrossEntropyLoss`` applies log-softmax itself, in a numerically stable way. To read
#       probabilities, apply ``logits.softmax(dim=1)`` as in the test-set cell; the predicted digit
#       is the same either way, since softmax keeps the order.
#
# 3. Why is ``model.eval()`` called before evaluating, and what would go wrong without it?
#
#    .. dropdown:: Answer
#
#       In training mode dropout zeroes random units, so predictions would be noisy and slightly
#       worse, and would change from one call to the next.
#
# 4. Write ``evaluate_loss(model, batches, loss_fn)``, which returns the mean loss of ``model`` over
#    all the samples of ``batches``, in evaluation mode and without computing gradients. Mind the
#    last batch, which is smaller than the others. Add the validation loss to the training loop's
#    printout.
#
#    .. dropdown:: Answer
#
#       .. code-block:: python
#          :name: exercise-05-evaluate-loss
#
#          @torch.no_grad()
#          def evaluate_loss(model, batches, loss_fn):
#              model.eval()  # dropout off
#              total_loss, seen = 0.0, 0
#              for data, target in batches:
#                  # the batch's mean loss, times its size: the sum over its samples
#                  total_loss += loss_fn(model(data), target).item() * len(target)
#                  seen += len(target)
#              return total_loss / seen
#
#       In the loop, ``evaluate_loss(model, mini_batches(X_val, y_val, 1000, device), loss_fn)``
#       gives the validation loss. Averaging the batches' mean losses instead would count each
#       sample of the smaller last batch more than the others. With dropout, the validation loss is
#       lowest between epochs 4 and 7 and stays within 1.15 times that value afterwards.
