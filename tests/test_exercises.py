"""Every exercise answer that states a result, computed.

The chapters fold their answers into dropdowns; a reader who does the exercise must get what the
answer says. Each test names its chapter and exercise, and uses the chapter's own settings.
"""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from chapters import chapter_constants
from torch import nn

from nnguide import Perceptron
from nnguide.activations import gradient_norms
from nnguide.architectures import Decoder, DeepMLP, count_parameters, kaiming_init
from nnguide.backprop import ManualMLP, autograd_gradients, finite_difference_gradients, half_mse
from nnguide.datasets import logic_gate, mnist_tensors, two_spirals
from nnguide.models import MLP, DigitClassifier
from nnguide.training import TensorBatches, evaluate, fit_full_batch, train_epoch

X_XOR, LABELS_XOR = logic_gate("xor")
Y_XOR = LABELS_XOR.float().unsqueeze(1)
XOR = chapter_constants("plot_02_mlp_xor.py")


# -- Chapter 01 ----------------------------------------------------------------------------------
def test_01_exercise_2_exactly_14_of_16_boolean_functions_are_learnable() -> None:
    learnable = []
    for outputs in itertools.product([0, 1], repeat=4):
        y = torch.tensor(outputs)
        if Perceptron(2, seed=0).fit(X_XOR, y, max_epochs=500).converged:
            learnable.append(outputs)
    assert len(learnable) == 14
    assert set(itertools.product([0, 1], repeat=4)) - set(learnable) == {(0, 1, 1, 0), (1, 0, 0, 1)}


def test_01_exercise_3_xor_with_a_product_feature_is_learnable() -> None:
    lifted = torch.cat([X_XOR, X_XOR[:, :1] * X_XOR[:, 1:]], dim=1)
    perceptron = Perceptron(3, seed=0)
    assert perceptron.fit(lifted, LABELS_XOR, max_epochs=500).converged
    assert torch.equal(perceptron.predict(lifted), LABELS_XOR)
    # the plane the answer gives separates the classes too
    assert torch.equal((lifted @ torch.tensor([1.0, 1.0, -2.0]) - 0.5 > 0).long(), LABELS_XOR)


# -- Chapter 02 ----------------------------------------------------------------------------------
def train_xor(seed: int, loss_fn: nn.Module) -> MLP:
    torch.manual_seed(seed)
    model = MLP(2, XOR["HIDDEN_FEATURES"], 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=XOR["LEARNING_RATE"])
    fit_full_batch(model, X_XOR, Y_XOR, loss_fn=loss_fn, optimizer=optimizer, epochs=XOR["EPOCHS"])
    return model


def test_02_exercise_1_cross_entropy_also_solves_xor_from_seed_0() -> None:
    model = train_xor(XOR["SEED"], nn.BCEWithLogitsLoss())
    with torch.no_grad():
        logits = model(X_XOR).squeeze(1)
    assert torch.equal((torch.sigmoid(logits) > 0.5).long(), LABELS_XOR)
    assert torch.equal((logits > 0).long(), LABELS_XOR)  # the boundary moves from 0.5 to 0


def test_02_exercise_2_two_relu_units_represent_xor() -> None:
    s = X_XOR.sum(dim=1)
    assert torch.equal(torch.relu(s) - 2 * torch.relu(s - 1), LABELS_XOR.float())


def test_02_exercise_3_two_linear_layers_are_one_linear_neuron() -> None:
    torch.manual_seed(0)
    network = nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 1))
    first, second = network[0], network[1]
    assert isinstance(first, nn.Linear)
    assert isinstance(second, nn.Linear)
    weights = first.weight.T @ second.weight.T  # (2, 1): W1ᵀ w2
    bias = second(first.bias.unsqueeze(0))  # w2·b1 + b2
    x = torch.randn(10, 2)
    torch.testing.assert_close(network(x), x @ weights + bias)


# -- Chapter 03 ----------------------------------------------------------------------------------
def first_to_last_gradient_ratio(activation: str) -> float:
    generator = torch.Generator().manual_seed(0)
    X = torch.randn(256, 16, generator=generator)
    y = torch.randn(256, 1, generator=torch.Generator().manual_seed(1))
    torch.manual_seed(0)
    deep = DeepMLP(16, 64, 1, depth=10, activation=activation)
    nn.functional.mse_loss(deep(X), y).backward()
    norms = gradient_norms(deep)
    return norms[0] / norms[-1]


def test_03_exercise_1_under_the_default_initialisation_tanh_keeps_most_and_gelu_less_than_relu() -> (
    None
):
    ratio = {
        name: first_to_last_gradient_ratio(name) for name in ("sigmoid", "tanh", "relu", "gelu")
    }
    assert ratio["sigmoid"] < 1e-4 * ratio["gelu"]  # all three far above the sigmoid
    assert ratio["gelu"] < ratio["relu"] < ratio["tanh"]
    for name, stated in (("tanh", 2e-2), ("relu", 8e-4), ("gelu", 4e-5)):  # the answer's values
        assert stated / 1.5 < ratio[name] < stated * 1.5, name


def test_03_exercise_2_sigmoid_with_cross_entropy_has_gradient_p_minus_y() -> None:
    logits = torch.tensor([-2.0, 0.3, 4.0], requires_grad=True)
    y = torch.tensor([1.0, 0.0, 1.0])
    nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="sum").backward()
    torch.testing.assert_close(logits.grad, torch.sigmoid(logits.detach()) - y)


def test_03_exercise_3_without_activations_deep_mlp_is_one_affine_map_of_eleven_matrices() -> None:
    torch.manual_seed(0)
    deep = DeepMLP(16, 64, 1, depth=10)
    linears = [m for m in deep.modules() if isinstance(m, nn.Linear)]
    assert len(linears) == 11
    for layer in deep.hidden:
        assert isinstance(layer, nn.Sequential)
        layer[-1] = nn.Identity()  # drop the activation
    A = torch.eye(16)
    c = torch.zeros(16)
    for linear in linears:
        A, c = linear.weight @ A, linear.weight @ c + linear.bias
    x = torch.randn(5, 16)
    torch.testing.assert_close(deep(x), x @ A.T + c, rtol=1e-4, atol=1e-5)


# -- Chapter 04 ----------------------------------------------------------------------------------
def test_04_exercise_1_tanh_changes_one_line_of_the_backward_pass() -> None:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(6, 2, generator=generator, dtype=torch.float64)
    y = torch.randn(6, 1, generator=generator, dtype=torch.float64)
    net = ManualMLP(2, 3, 1, seed=0, dtype=torch.float64)
    # forward and backward with tanh, written as the chapter's answer says
    z1 = x @ net.W1 + net.b1
    a1 = torch.tanh(z1)
    y_pred = a1 @ net.W2 + net.b2
    dL_dz2 = (y_pred - y) / x.shape[0]
    dL_da1 = dL_dz2 @ net.W2.T
    dL_dz1 = dL_da1 * (1 - a1**2)  # the one line that changes
    by_hand = {"W1": x.T @ dL_dz1, "b1": dL_dz1.sum(0), "W2": a1.T @ dL_dz2, "b2": dL_dz2.sum(0)}
    params = {n: getattr(net, n).clone().requires_grad_() for n in ("W1", "b1", "W2", "b2")}
    output = torch.tanh(x @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
    half_mse(output, y).backward()
    for name, gradient in by_hand.items():
        torch.testing.assert_close(gradient, params[name].grad)


def test_04_exercise_2_the_bias_gradient_is_the_sum_of_the_rows() -> None:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(7, 2, generator=generator, dtype=torch.float64)
    y = torch.randn(7, 1, generator=generator, dtype=torch.float64)
    net = ManualMLP(2, 4, 1, seed=0, dtype=torch.float64)
    oracle = autograd_gradients(net, x, y)
    dL_dz2 = (net.forward(x) - y) / x.shape[0]
    torch.testing.assert_close(oracle.b2, dL_dz2.sum(dim=0))


def test_04_exercise_3_finite_differences_in_float32_are_poor() -> None:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(10, 2, generator=generator, dtype=torch.float64)
    y = torch.randn(10, 1, generator=generator, dtype=torch.float64)
    net = ManualMLP(2, 4, 1, seed=0, dtype=torch.float64)
    exact = autograd_gradients(net, x, y).W1
    float64_error = (finite_difference_gradients(net, x, y, eps=1e-6).W1 - exact).abs().max()

    # the same central difference, computed in float32
    W1 = net.W1.float()
    x32, y32 = x.float(), y.float()
    estimate = torch.zeros_like(W1)
    for index in itertools.product(*map(range, W1.shape)):
        losses = []
        for sign in (1, -1):
            shifted = W1.clone()
            shifted[index] += sign * 1e-6
            a1 = torch.relu(x32 @ shifted + net.b1.float())
            losses.append(half_mse(a1 @ net.W2.float() + net.b2.float(), y32))
        estimate[index] = (losses[0] - losses[1]) / 2e-6
    float32_error = (estimate.double() - exact).abs().max()
    assert float32_error > 1e-3  # poor: of the order of the gradients themselves
    assert float32_error > 1e6 * float64_error
    with pytest.raises(ValueError, match="float64"):
        finite_difference_gradients(ManualMLP(2, 4, 1, seed=0), x.float(), y.float())


# -- Chapter 05 ----------------------------------------------------------------------------------
MNIST = chapter_constants("plot_05_mnist.py")


def train_mnist(dropout: float) -> tuple[float, float]:
    """The chapter's recipe; return the last epoch's training accuracy and the test accuracy."""
    X_train, y_train = mnist_tensors(train=True)
    X_test, y_test = mnist_tensors(train=False)
    torch.manual_seed(MNIST["SEED"])
    model = DigitClassifier(dropout=dropout)
    batches = TensorBatches(
        X_train, y_train, batch_size=MNIST["BATCH_SIZE"], shuffle=True, seed=MNIST["SEED"]
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=MNIST["EPOCHS"])
    for _ in range(MNIST["EPOCHS"]):
        _, train_accuracy = train_epoch(
            model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer
        )
        schedule.step()
    return train_accuracy, evaluate(model, TensorBatches(X_test, y_test, batch_size=1000))


def test_05_exercise_1_without_dropout_the_gap_widens_and_the_test_accuracy_gains_nothing() -> None:
    train_with, test_with = train_mnist(dropout=0.2)
    train_without, test_without = train_mnist(dropout=0.0)
    assert train_without - test_without > train_with - test_with  # the gap widens
    assert train_without > 0.999  # almost 100 %
    assert test_without <= test_with + 0.001  # nothing gained on the test set


def test_05_exercise_2_softmax_keeps_the_predicted_digit() -> None:
    logits = torch.randn(100, 10, generator=torch.Generator().manual_seed(0)) * 5
    assert torch.equal(logits.softmax(dim=1).argmax(dim=1), logits.argmax(dim=1))


def test_05_exercise_3_in_training_mode_predictions_change_from_call_to_call() -> None:
    torch.manual_seed(0)
    model = DigitClassifier()
    images = torch.randn(200, 784)
    model.train()
    assert not torch.equal(model(images), model(images))
    model.eval()
    assert torch.equal(model(images), model(images))


# -- Chapter 06 ----------------------------------------------------------------------------------
def test_06_exercise_1_the_decoder_has_218_832_parameters() -> None:
    by_hand = (10 * 64 + 64) + (64 * 256 + 256) + (256 * 784 + 784)
    assert by_hand == 704 + 16_640 + 201_488 == 218_832 == count_parameters(Decoder())


def test_06_exercise_3_batchnorm_refuses_one_sample_in_training_mode() -> None:
    model = DeepMLP(2, 8, 1, depth=2, batchnorm=True)
    model.train()
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        model(torch.randn(1, 2))
    model.eval()
    assert model(torch.randn(1, 2)).shape == (1, 1)


def test_06_exercise_4_kaiming_initialisation_lets_the_plain_30_layer_network_learn() -> None:
    X, labels = two_spirals(200, seed=0)
    y = labels.float().unsqueeze(1)
    torch.manual_seed(0)
    model = DeepMLP(2, 32, 1, depth=30)
    kaiming_init(model)
    with torch.no_grad():
        assert model(X).std() > 1e-3  # the initial output varies with the input
    losses = fit_full_batch(
        model,
        X,
        y,
        loss_fn=nn.BCEWithLogitsLoss(),
        optimizer=torch.optim.Adam(model.parameters(), lr=1e-3),
        epochs=400,
    )
    model.eval()
    with torch.no_grad():
        accuracy = ((model(X) > 0).float() == y).float().mean().item()
    assert losses[-1] < math.log(2) / 10
    assert accuracy > 0.95
