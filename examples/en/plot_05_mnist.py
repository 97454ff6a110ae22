r"""
Recognising handwritten digits
==============================

Everything so far comes together on a real data set: MNIST, 70 000 handwritten digits of 28×28
pixels. We train the source tutorial's classifier, a :term:`multilayer perceptron` with three
layers, and look closely at what it learned and where it fails. You will learn

- how to load MNIST, and how to feed it to a network fast;
- the training and evaluation loops used for real data, with mini-batches and dropout;
- how to read a confusion matrix and the mistakes behind it;
- how to save a trained model and load it back safely.
"""

# %%
# The data
# --------
# At home, ``torchvision.datasets.MNIST(root, download=True)`` downloads the data set.
# :func:`nnguide.datasets.prepare_mnist` does that too, and when there is no internet it rebuilds
# the official files from an offline copy; either way it checks every file's MD5 against the
# official one. :func:`~nnguide.datasets.mnist_tensors` then returns a whole split as two tensors,
# normalised once with the training set's mean 0.1307 and standard deviation 0.3081, exactly what
# ``transforms.Normalize((0.1307,), (0.3081,))`` would do to each image.

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

LANG = "en"  # the language of this page's plots
SEED = 0
EPOCHS = 10
BATCH_SIZE = 64
configure_matplotlib(LANG)
torch.manual_seed(SEED)

X_train, y_train = mnist_tensors(train=True)
X_test, y_test = mnist_tensors(train=False)
print(f"training set: {tuple(X_train.shape)} images, {tuple(y_train.shape)} labels")
print(f"test set:     {tuple(X_test.shape)} images, {tuple(y_test.shape)} labels")
print(
    f"pixel mean {X_train.mean():.4f}, standard deviation {X_train.std():.4f} after normalisation"
)
print("digits in the training set:", y_train.bincount().tolist())
assert X_train.shape == (60_000, 784)
assert X_test.shape == (10_000, 784)

fig = plot_digits(X_train[:24], [f"label {label}" for label in y_train[:24].tolist()], ncols=12)
fig.suptitle("The first 24 training images")
plt.show()

# %%
# After normalisation the pixels have mean 0 and standard deviation 1, which suits the network's
# initial weights. The ten digits are roughly equally frequent.
#
# The model
# ---------
# 784 inputs (the pixels, flattened), two hidden layers of 256 and 128 ReLU units, and 10 outputs,
# one score (*logit*) per digit. Dropout sets 20 % of the hidden units to zero at random during
# training, a regulariser that keeps the network from relying on any single unit.

model = DigitClassifier()
initial_weights = model.layers[0].weight.detach().clone()  # (256, 784), to compare after training
print(model)
n_parameters = count_parameters(model)
print(f"trainable parameters: {n_parameters:,}")
assert n_parameters == (784 * 256 + 256) + (256 * 128 + 128) + (128 * 10 + 10)
assert round((784 * 256 + 256) / n_parameters, 2) == 0.85

# %%
# 235 146 parameters, 85 % of them in the first layer.
#
# The training and evaluation loops
# ---------------------------------
# One epoch visits the 60 000 training images in a new random order, in mini-batches of 64. For each
# batch: the :term:`forward pass`, the cross-entropy :term:`loss function`, :term:`backpropagation`
# and an optimizer step. This is :func:`nnguide.training.train_epoch`:
#
# .. literalinclude:: ../../../src/nnguide/training.py
#    :pyobject: train_epoch
#    :start-at: model.train()
#    :end-before: if seen == 0:
#    :dedent: 4
#
# Evaluation switches dropout off and gradients off, and counts correct answers
# (:func:`nnguide.training.evaluate`):
#
# .. literalinclude:: ../../../src/nnguide/training.py
#    :pyobject: evaluate
#    :start-at: model.eval()
#    :end-before: if seen == 0:
#    :dedent: 4
#
# The batches come from :class:`~nnguide.training.TensorBatches`: the data set sits in memory as one
# normalised tensor and each batch is a slice of it. The source tutorial's ``DataLoader`` converts
# and normalises every image again on every epoch; ``nox -s bench`` measures the difference. Adam runs in its *fused* form, one kernel for all parameters, and a cosine
# schedule lowers the learning rate smoothly to zero over the 10 epochs, so the last epochs refine
# rather than jump around.

train_batches = TensorBatches(X_train, y_train, batch_size=BATCH_SIZE, shuffle=True, seed=SEED)
test_batches = TensorBatches(X_test, y_test, batch_size=1000)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)

history: dict[str, list[float]] = {"loss": [], "train": [], "test": []}
print("Training the MNIST classifier...")
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
        f"Epoch {epoch + 1:2d}: loss={train_loss:.4f}, train acc={train_accuracy:.2%}, test acc={test_accuracy:.2%}"
    )

final_accuracy = history["test"][-1]
print(f"\nfinal test accuracy: {final_accuracy:.2%}")
assert final_accuracy >= 0.98
assert history["train"][0] < history["test"][0]

fig, (ax_loss, ax_accuracy) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
plot_curve(history["loss"], lang=LANG, ylabel="loss", ax=ax_loss)
ax_loss.set_title("Training loss")
plot_curve(history["train"], lang=LANG, ylabel="accuracy", ax=ax_accuracy, name="training set")
plot_curve(history["test"], lang=LANG, ylabel="accuracy", ax=ax_accuracy, name="test set")
ax_accuracy.set_title("Accuracy")
plt.show()

# %%
# The model recognises at least 98 % of the 10 000 test digits it has never seen. Training accuracy
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
print(f"mistakes: {int(off_diagonal.sum())} of 10,000")
print(
    f"most frequent confusion: {true_digit} read as {predicted_digit} ({int(off_diagonal.max())} times)"
)

ax = plot_confusion_matrix(matrix, lang=LANG)
ax.set_title("Confusion matrix on the test set")
plt.show()

# %%
# Almost everything sits on the diagonal. Let us look at some of the images behind the off-diagonal
# counts.

wrong = (predicted != y_test).nonzero().squeeze(1)[:16]
titles = [f"truth {y_test[i].item()}, said {predicted[i].item()}" for i in wrong.tolist()]
fig = plot_digits(X_test[wrong], titles, ncols=8, size=1.5)
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
fig = plot_digits(first_layer[:24], [f"unit {i}" for i in range(24)], ncols=12)
fig.suptitle("Weights of 24 first-layer units")
plt.show()

similarity = nn.functional.cosine_similarity(first_layer, initial_weights, dim=1)  # one per unit
barely_moved = int((similarity > 0.9).sum())
print(f"{barely_moved} of 256 units still resemble their random start (cosine similarity > 0.9)")
assert 0 < barely_moved < 256 // 4

# %%
# Most patterns are blurry strokes and blobs over the centre, where digits are written. A few units
# still look like the random noise they started from: the count above measures how many barely
# moved, units that were rarely active and so rarely received a gradient. And none of the patterns
# knows which pixels are neighbours; that is what convolutional networks add.
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
    logits = restored(X_test[:8])
probabilities = logits.softmax(dim=1)
for i in range(8):
    digit = int(probabilities[i].argmax())
    print(
        f"test image {i}: predicted {digit} with probability {probabilities[i, digit]:.1%}, truth {y_test[i].item()}"
    )
with torch.no_grad():
    assert torch.equal(restored(X_test).argmax(dim=1), predicted)

# %%
# The restored model predicts exactly what the trained one did, for all 10 000 test images.
#
# Exercises
# ---------
# 1. Remove the two ``nn.Dropout`` layers (``DigitClassifier(dropout=0.0)``). What happens to the
#    gap between training and test accuracy?
#
#    .. dropdown:: Answer
#
#       The gap typically widens: training accuracy climbs faster and closer to 100 %, while test
#       accuracy gains little or nothing, because the network memorises the training set a little
#       more. Dropout trades some training fit for generalisation.
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
