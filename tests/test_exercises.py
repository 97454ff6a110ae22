"""Every exercise answer that states a result, computed.

The chapters fold their answers into dropdowns; a reader who does the exercise must get what the
answer says. Each test names its chapter and exercise, and uses the chapter's own settings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
import torch
from chapters import chapter_constants, exercise_solution, page_definitions
from site_facts import LANGS
from torch import nn

from nnguide import Perceptron
from nnguide.activations import gradient_norms
from nnguide.architectures import Decoder, DeepMLP, count_parameters, kaiming_init
from nnguide.backprop import (
    PARAMETERS,
    Gradients,
    ManualMLP,
    autograd_gradients,
    finite_difference_gradients,
    half_mse,
)
from nnguide.datasets import logic_gate, mnist_tensors, two_spirals
from nnguide.models import MLP, DigitClassifier
from nnguide.training import Batches, TensorBatches, evaluate, fit_full_batch, train_epoch

pytestmark = pytest.mark.slow  # each test runs a chapter's exercise answer to its end

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
    assert perceptron.fit(lifted, LABELS_XOR, max_epochs=500).converged_epoch == 11  # as answered
    assert torch.equal(perceptron.predict(lifted), LABELS_XOR)
    # the plane the answer gives separates the classes too
    assert torch.equal((lifted @ torch.tensor([1.0, 1.0, -2.0]) - 0.5 > 0).long(), LABELS_XOR)


@pytest.mark.parametrize("lang", LANGS)
def test_01_exercise_4_the_learning_rule_from_memory_learns_nor_as_fit_does(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = exercise_solution("plot_01_perceptron.py", lang, "exercise-01-learning-rule")
    namespace: dict[str, Any] = {"torch": torch, "logic_gate": logic_gate}  # the chapter's imports
    exec(code, namespace)  # noqa: S102
    X, y_nor = namespace["X"], namespace["y_nor"]
    assert torch.equal(y_nor, torch.tensor([1, 0, 0, 0]))  # NOR: 1 only when both inputs are 0
    # the answer's printed lines
    assert capsys.readouterr().out.splitlines()[-1].endswith("[1, 0, 0, 0]")
    assert namespace["errors"] == [2, 2, 1, 0]
    # fit, from the same start, makes the same mistakes and ends with the same weights
    perceptron = Perceptron(2)
    perceptron.weights, perceptron.bias = torch.zeros(2), torch.tensor(0.0)
    assert perceptron.fit(X, y_nor).errors == namespace["errors"]
    assert torch.equal(namespace["weights"], perceptron.weights)
    assert torch.equal(namespace["bias"], perceptron.bias)
    # and the function alone learns any gate a perceptron can, from another start
    for gate in ("and", "or", "nand"):
        X_gate, y_gate = logic_gate(gate)
        start = Perceptron(2, seed=3)
        weights, bias, errors = namespace["train"](start.weights, start.bias, X_gate, y_gate)
        history = start.fit(X_gate, y_gate)
        assert errors == history.errors
        assert torch.equal(weights, start.weights)
        assert torch.equal((X_gate @ weights + bias > 0).long(), y_gate)


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


@pytest.mark.parametrize("lang", LANGS)
def test_02_exercise_4_the_loop_from_memory_solves_9_of_10_seeds_at_learning_rate_0_01(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = exercise_solution("plot_02_mlp_xor.py", lang, "exercise-02-training-loop")
    page = page_definitions("plot_02_mlp_xor.py", lang, X=X_XOR, y=Y_XOR)
    # what the page has defined by then: its imports, settings, data and functions
    namespace = {"torch": torch, "nn": nn, **XOR, **page, "X": X_XOR, "y": Y_XOR}
    exec(code, namespace)  # noqa: S102
    assert namespace["solved_runs"] == 9
    printed = {"en": "solved 9 of 10 seeds", "zh": "10 个种子中解决了 9 个"}[lang]
    assert capsys.readouterr().out.splitlines()[-1].endswith(printed)
    # the reader's fit is the page's train: the same losses and weights, step for step
    torch.manual_seed(0)
    model = MLP(2, XOR["HIDDEN_FEATURES"], 1)
    losses = namespace["fit"](model, learning_rate=XOR["LEARNING_RATE"])
    torch.manual_seed(0)
    reference = MLP(2, XOR["HIDDEN_FEATURES"], 1)
    assert losses == page["train"](reference)
    torch.testing.assert_close(model.state_dict(), reference.state_dict())


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


@pytest.mark.parametrize("lang", LANGS)
def test_03_exercise_4_the_readers_gradient_norms_are_nnguides(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = exercise_solution("plot_03_activations.py", lang, "exercise-03-gradient-norms")
    settings = chapter_constants("plot_03_activations.py", lang)
    X = torch.randn(256, 16, generator=torch.Generator().manual_seed(settings["SEED"]))
    y = torch.randn(256, 1, generator=torch.Generator().manual_seed(settings["SEED"] + 1))
    # what the page has defined by then: its imports, settings and random batch
    namespace: dict[str, Any] = {
        "torch": torch,
        "nn": nn,
        "DeepMLP": DeepMLP,
        "gradient_norms": gradient_norms,
    }
    namespace |= {**settings, "X_random": X, "y_random": y}
    exec(code, namespace)  # noqa: S102
    assert capsys.readouterr().out.splitlines()[-1] == "True"
    # and on other models: a plain MLP, a residual stack, a network with BatchNorm
    for model, inputs in (
        (MLP(2, 8, 1), torch.randn(10, 2)),
        (DeepMLP(4, 8, 2, depth=3, residual=True, batchnorm=True), torch.randn(10, 4)),
    ):
        model(inputs).square().mean().backward()
        assert namespace["layer_gradient_norms"](model) == gradient_norms(model)


# -- Chapter 04 ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_04_exercise_1_a_tanh_backward_pass_matches_autograd(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # what the chapter has defined when the reader solves the exercise: its class, x, y and SEED
    namespace = page_definitions("plot_04_backprop.py", lang, Gradients=Gradients)
    generator = torch.Generator().manual_seed(0)
    namespace.update(
        torch=torch,
        Gradients=Gradients,
        half_mse=half_mse,
        SEED=0,
        x=torch.randn(10, 2, generator=generator, dtype=torch.float64),
        y=torch.randn(10, 1, generator=generator, dtype=torch.float64),
    )
    code = exercise_solution("plot_04_backprop.py", lang, "exercise-04-tanh-backward")
    exec(code, namespace)  # noqa: S102
    # the answer's printed differences are rounding error, at most 6.9e-18 as it says
    printed = [line.rsplit(" ", 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert len(printed) == 4
    assert max(printed, key=float) == "6.9e-18"

    # the class, on another batch and shape, against autograd through tanh
    x = torch.randn(7, 3, generator=generator, dtype=torch.float64)
    y = torch.randn(7, 2, generator=generator, dtype=torch.float64)
    tanh_net = namespace["TanhMLP"](3, 5, 2, seed=1, dtype=torch.float64)
    torch.testing.assert_close(
        tanh_net.forward(x), torch.tanh(x @ tanh_net.W1 + tanh_net.b1) @ tanh_net.W2 + tanh_net.b2
    )
    by_hand = tanh_net.backward(tanh_net.forward(x), y)
    params = {name: getattr(tanh_net, name).clone().requires_grad_() for name in PARAMETERS}
    output = torch.tanh(x @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
    half_mse(output, y).backward()
    for name in PARAMETERS:
        torch.testing.assert_close(getattr(by_hand, name), params[name].grad)


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
        # near 0.21 float32's step is 2**-26, about 1.5e-8; the true change is about 3e-9
        assert (losses[0] - losses[1]).item() in {0.0, 2 * 2**-26}  # equal or two steps apart
        estimate[index] = (losses[0] - losses[1]) / 2e-6
    assert {f"{e:.3f}" for e in estimate.flatten().tolist()} == {"0.000", "0.015"}
    float32_error = (estimate.double() - exact).abs().max()
    assert float32_error > 1e-3  # poor: of the order of the gradients themselves
    assert float32_error > 1e6 * float64_error
    with pytest.raises(ValueError, match="float64"):
        finite_difference_gradients(ManualMLP(2, 4, 1, seed=0), x.float(), y.float())


# -- Chapter 05 ----------------------------------------------------------------------------------
MNIST = chapter_constants("plot_05_mnist.py")


def evaluate_loss_answer(lang: str) -> Callable[[nn.Module, Batches, nn.Module], float]:
    """Exercise 4's answer, the function the reader writes."""
    code = exercise_solution("plot_05_mnist.py", lang, "exercise-05-evaluate-loss")
    namespace: dict[str, Any] = {"torch": torch}  # what the chapter has imported
    exec(code, namespace)  # noqa: S102
    evaluate_loss: Callable[[nn.Module, Batches, nn.Module], float] = namespace["evaluate_loss"]
    return evaluate_loss


def train_mnist(dropout: float) -> dict[str, list[float]]:
    """The chapter's recipe and split; the accuracies and the validation loss after each epoch."""
    X, y = mnist_tensors(train=True)
    torch.manual_seed(MNIST["SEED"])
    order = torch.randperm(len(X))
    X_val, y_val = X[order[:10_000]], y[order[:10_000]]
    X_train, y_train = X[order[10_000:]], y[order[10_000:]]
    model = DigitClassifier(dropout=dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    batches = TensorBatches(
        X_train, y_train, batch_size=MNIST["BATCH_SIZE"], shuffle=True, seed=MNIST["SEED"]
    )
    evaluate_loss = evaluate_loss_answer("en")
    history: dict[str, list[float]] = {"train": [], "validation": [], "validation loss": []}
    for _ in range(MNIST["EPOCHS"]):
        train_epoch(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)
        history["train"].append(evaluate(model, TensorBatches(X_train, y_train, batch_size=1000)))
        validation = TensorBatches(X_val, y_val, batch_size=1000)
        history["validation"].append(evaluate(model, validation))
        history["validation loss"].append(evaluate_loss(model, validation, nn.CrossEntropyLoss()))
    return history


def test_05_exercises_1_and_4_without_dropout_the_validation_loss_rises_again() -> None:
    with_dropout, without = train_mnist(dropout=0.2), train_mnist(dropout=0.0)
    # exercise 1: the accuracies barely change...
    assert without["train"][-1] > 0.99
    assert 1.5 < 100 * (without["train"][-1] - without["validation"][-1]) < 2.5  # near two points
    assert abs(without["validation"][-1] - with_dropout["validation"][-1]) < 0.005
    # ...the validation loss tells them apart: lowest after about half the epochs, then it rises
    for history in (with_dropout, without):
        losses = history["validation loss"]
        assert 4 <= 1 + losses.index(min(losses)) <= 7
    assert without["validation loss"][-1] > 1.2 * min(without["validation loss"])
    assert with_dropout["validation loss"][-1] < 1.1 * min(with_dropout["validation loss"])
    # exercise 4: with dropout it stays close to its lowest value after it
    losses = with_dropout["validation loss"]
    assert max(losses[losses.index(min(losses)) :]) < 1.15 * min(losses)


@pytest.mark.parametrize("lang", LANGS)
def test_05_exercise_4_evaluate_loss_weighs_every_sample_once_in_evaluation_mode(lang: str) -> None:
    evaluate_loss = evaluate_loss_answer(lang)
    torch.manual_seed(0)
    model = DigitClassifier()
    X, y = torch.randn(150, 784), torch.randint(0, 10, (150,))
    model.train()  # the function must switch dropout off itself
    loss = evaluate_loss(model, TensorBatches(X, y, batch_size=64), nn.CrossEntropyLoss())
    assert isinstance(loss, float)
    assert not model.training
    with torch.no_grad():
        expected = nn.CrossEntropyLoss()(model(X), y).item()  # all 150 samples at once
    assert loss == pytest.approx(expected, rel=1e-5)  # batches of 64, 64 and 22, weighed by size
    assert all(p.grad is None for p in model.parameters())  # nothing to backpropagate


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
    assert f"{losses[-1]:.1e}" == "4.6e-04"  # the answer quotes the final loss...
    assert f"{accuracy:.1%}" == "100.0%"  # ...and the accuracy


def spirals_page(lang: str) -> dict[str, Any]:
    """Chapter 06's names that its exercise 5 uses: ``train``, ``accuracy``, ``count_parameters``."""
    X, labels = two_spirals(200, seed=0)
    y = labels.float().unsqueeze(1)
    page = page_definitions(
        "plot_06_architectures.py",
        lang,
        X=X,
        y=y,
        loss_fn=nn.BCEWithLogitsLoss(),
        fit_full_batch=fit_full_batch,
    )
    return {
        "torch": torch,
        "nn": nn,
        "count_parameters": count_parameters,
        "SEED": chapter_constants("plot_06_architectures.py", lang)["SEED"],
        "train": page["train"],
        "accuracy": page["accuracy"],
    }


@pytest.mark.parametrize("lang", LANGS)
def test_06_exercise_5_a_residual_block_with_batchnorm_trains_30_layers_by_gradient_descent(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = exercise_solution("plot_06_architectures.py", lang, "exercise-06-residual-batchnorm")
    namespace = spirals_page(lang)
    exec(code, namespace)  # noqa: S102
    block = namespace["ResidualBNBlock"](32)
    layers = [type(layer) for layer in block.layers]
    assert layers == [nn.Linear, nn.BatchNorm1d, nn.ReLU, nn.Linear]  # F, in the order asked
    x = torch.randn(16, 32)
    assert block(x).shape == (16, 32)
    torch.testing.assert_close(block(x), x + block.layers(x))  # x + F(x)
    assert count_parameters(block) == 2 * (32 * 32 + 32) + 2 * 32 == 2_176
    model, losses = namespace["model"], namespace["losses"]
    assert sum(isinstance(m, nn.Linear) for m in model.modules()) == 32  # 30 in the blocks
    assert f"{losses[-1]:.3f}" == "0.011"  # the answer quotes the printed loss...
    assert f"{namespace['accuracy'](model):.1%}" == "99.8%"  # ...and the accuracy
    assert "2,176" in capsys.readouterr().out


# -- Chapter 07 ----------------------------------------------------------------------------------
FASTER = chapter_constants("plot_07_faster.py")


def seconds_per_batch(
    batches: TensorBatches | torch.utils.data.DataLoader[tuple[torch.Tensor, torch.Tensor]],
    per_round: int = 20,
    rounds: int = 3,
) -> float:
    """The chapter's timing: the fastest of a few rounds of fetching batches, per batch."""
    import time

    epoch = iter(batches)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in itertools.islice(epoch, per_round):
            pass
        times.append((time.perf_counter() - start) / per_round)
    return min(times)


@pytest.mark.parametrize("lang", LANGS)
def test_07_exercise_1_a_dataset_of_preloaded_tensors_lands_between_the_two_pipelines(
    lang: str,
) -> None:
    from torch.utils.data import DataLoader, RandomSampler
    from torchvision import transforms

    from nnguide.datasets import mnist

    code = exercise_solution("plot_07_faster.py", lang, "exercise-07-preloaded-dataset")
    X, y = mnist_tensors(train=True)
    namespace = {
        "torch": torch,
        "DataLoader": DataLoader,
        "X": X,
        "y": y,
        "BATCH_SIZE": FASTER["BATCH_SIZE"],
    }  # what the chapter has defined
    exec(code, namespace)  # noqa: S102
    dataset = namespace["PreloadedDataset"](X, y)
    assert len(dataset) == 60_000
    image, label = dataset[7]
    assert torch.equal(image, X[7])
    assert label == y[7]
    in_order = next(iter(DataLoader(dataset, batch_size=64)))
    assert torch.equal(in_order[0], X[:64])
    assert torch.equal(in_order[1], y[:64])
    loader = namespace["loader"]
    assert loader.batch_size == FASTER["BATCH_SIZE"]
    assert isinstance(loader.sampler, RandomSampler)  # shuffled, as the first section's
    # "in between": faster than torchvision's MNIST, slower than slicing preloaded tensors
    transform = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
    )
    source = DataLoader(mnist(train=True, transform=transform), batch_size=64, shuffle=True)
    preloaded = TensorBatches(X, y, batch_size=64, shuffle=True)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # on a busy machine, a parallel gather can wait for a core for ms
    try:
        times = [seconds_per_batch(batches) for batches in (preloaded, loader, source)]
    finally:
        torch.set_num_threads(threads)
    assert times == sorted(times)


def test_07_exercise_2_the_batch_1024_run_does_best_with_twice_the_learning_rate() -> None:
    X, y = mnist_tensors(train=True)
    torch.manual_seed(FASTER["SEED"])
    order = torch.randperm(len(X))  # the chapter's split, chapter 05's
    X_val, y_val = X[order[:10_000]], y[order[:10_000]]
    X_train, y_train = X[order[10_000:]], y[order[10_000:]]
    subset = FASTER["SUBSET"]
    accuracy = {}
    for lr in (0.001, 0.002, 0.004, 0.008):
        torch.manual_seed(FASTER["SEED"])
        model = DigitClassifier()
        batches = TensorBatches(
            X_train[:subset], y_train[:subset], batch_size=1024, shuffle=True, seed=FASTER["SEED"]
        )
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        train_epoch(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)
        accuracy[lr] = evaluate(model, TensorBatches(X_val, y_val, batch_size=1000))
    assert min(accuracy[0.002], accuracy[0.004], accuracy[0.008]) > accuracy[0.001]  # all three
    assert accuracy[0.002] > accuracy[0.004] > accuracy[0.008]  # 0.002 best; larger, worse again
    assert round(100 * accuracy[0.002]) == 85  # "about 85 %"
