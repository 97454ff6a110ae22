"""The classes and loops a chapter writes on its page stay in step with nnguide's versions.

A reader learns from the page's code; later chapters and the benchmark call nnguide's. Built from
the same seed, each pair must hold the same parameters, give the same outputs and train the same.
"""

from __future__ import annotations

from pathlib import Path

import chapters
import pytest
import torch
from chapters import assert_same_module, chapter_constants, page_definitions
from site_facts import LANGS, ROOT
from torch import nn

from nnguide import FitHistory, Perceptron, architectures, backprop, models, training
from nnguide.datasets import logic_gate

X_XOR, LABELS_XOR = logic_gate("xor")
Y_XOR = LABELS_XOR.float().unsqueeze(1)


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_01_perceptron_is_nnguides(lang: str) -> None:
    page = page_definitions("plot_01_perceptron.py", lang, FitHistory=FitHistory)
    generator = torch.Generator().manual_seed(0)
    X_3 = torch.randn(20, 3, generator=generator)
    problems = [logic_gate(gate) for gate in ("and", "or", "nand", "xor")]
    problems.append((X_3, (X_3 @ torch.tensor([1.0, -2.0, 0.5]) > 0.3).long()))
    for (X, y), (seed, learning_rate) in zip(
        problems, [(0, 0.1), (1, 0.5), (2, 0.1), (0, 0.1), (3, 0.2)], strict=True
    ):
        page_perceptron = page["Perceptron"](X.shape[1], learning_rate=learning_rate, seed=seed)
        perceptron = Perceptron(X.shape[1], learning_rate=learning_rate, seed=seed)
        for _ in range(2):  # the initial weights, then the trained ones
            assert torch.equal(page_perceptron.weights, perceptron.weights)
            assert torch.equal(page_perceptron.bias, perceptron.bias)
            assert torch.equal(page_perceptron.predict(X), perceptron.predict(X))
            assert page_perceptron.fit(X, y, max_epochs=60) == perceptron.fit(X, y, max_epochs=60)


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_02_mlp_is_nnguides_mlp(lang: str) -> None:
    page = page_definitions("plot_02_mlp_xor.py", lang, X=X_XOR, y=Y_XOR)
    assert_same_module(page["MLP"], models.MLP, 2, 4, 1, inputs=torch.randn(5, 2))
    torch.manual_seed(0)
    page_hidden = page["MLP"](2, 4, 1).hidden(X_XOR)
    torch.manual_seed(0)
    torch.testing.assert_close(page_hidden, models.MLP(2, 4, 1).hidden(X_XOR))


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_02_training_loop_is_fit_full_batch(lang: str) -> None:
    page = page_definitions("plot_02_mlp_xor.py", lang, X=X_XOR, y=Y_XOR)
    settings = chapter_constants("plot_02_mlp_xor.py", lang)
    torch.manual_seed(0)
    page_model = page["MLP"](2, 4, 1)
    page_losses = page["train"](page_model, epochs=50)
    torch.manual_seed(0)
    model = models.MLP(2, 4, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=settings["LEARNING_RATE"])
    losses = training.fit_full_batch(
        model, X_XOR, Y_XOR, loss_fn=nn.MSELoss(), optimizer=optimizer, epochs=50
    )
    assert page_losses == losses
    torch.testing.assert_close(page_model.state_dict(), model.state_dict())


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_03_kaiming_init_is_nnguides(lang: str) -> None:
    page = page_definitions("plot_03_activations.py", lang, DeepMLP=architectures.DeepMLP)
    torch.manual_seed(0)
    page_model = architectures.DeepMLP(4, 16, 1, depth=3)
    page["kaiming_init"](page_model)
    torch.manual_seed(0)
    model = architectures.DeepMLP(4, 16, 1, depth=3)
    architectures.kaiming_init(model)
    torch.testing.assert_close(page_model.state_dict(), model.state_dict())


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_03_hidden_outputs_loop_is_deep_mlps_forward_pass(lang: str) -> None:
    """The page's loop over ``deep.hidden``, then ``deep.output``, is what ``DeepMLP`` computes."""
    page = page_definitions("plot_03_activations.py", lang, DeepMLP=architectures.DeepMLP)
    x = torch.randn(8, 5, generator=torch.Generator().manual_seed(0))
    for activation, depth in (("relu", 10), ("sigmoid", 3), ("gelu", 1)):
        torch.manual_seed(0)
        deep = architectures.DeepMLP(5, 7, 2, depth=depth, activation=activation)
        outputs = page["hidden_outputs"](deep, x)
        assert [tuple(h.shape) for h in outputs] == [(8, 7)] * depth
        assert torch.equal(deep.output(outputs[-1]), deep(x))


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_04_manual_mlp_is_nnguides(lang: str) -> None:
    page = page_definitions("plot_04_backprop.py", lang, Gradients=backprop.Gradients)
    generator = torch.Generator().manual_seed(0)
    for (n_in, n_hidden, n_out), dtype, seed in (
        ((2, 4, 1), torch.float64, 0),
        ((3, 8, 2), torch.float32, 5),
    ):
        x = torch.randn(12, n_in, generator=generator, dtype=dtype)
        y = torch.randn(12, n_out, generator=generator, dtype=dtype)
        page_net = page["ManualMLP"](n_in, n_hidden, n_out, seed=seed, dtype=dtype)
        net = backprop.ManualMLP(n_in, n_hidden, n_out, seed=seed, dtype=dtype)
        for _ in range(20):  # forward, backward and the update step, repeated
            for name in backprop.PARAMETERS:
                assert torch.equal(getattr(page_net, name), getattr(net, name)), name
            page_prediction, prediction = page_net.forward(x), net.forward(x)
            assert torch.equal(page_prediction, prediction)
            page_gradients = page_net.backward(page_prediction, y)
            gradients = net.backward(prediction, y)
            assert page_gradients.max_abs_difference(gradients) == dict.fromkeys(
                backprop.PARAMETERS, 0.0
            )
            page_net.step(page_gradients, 0.5)
            net.step(gradients, 0.5)
        # the chapter checks its own class against nnguide's oracles, which take any such network
        oracle = backprop.autograd_gradients(page_net, x, y)
        assert oracle.max_abs_difference(backprop.autograd_gradients(net, x, y)) == dict.fromkeys(
            backprop.PARAMETERS, 0.0
        )


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_05_classifier_and_loops_are_nnguides(lang: str) -> None:
    page = page_definitions("plot_05_mnist.py", lang)
    cpu = torch.device("cpu")
    images = torch.randn(6, 1, 28, 28)
    assert_same_module(page["DigitClassifier"], models.DigitClassifier, inputs=images)

    generator = torch.Generator().manual_seed(0)
    X = torch.randn(96, 784, generator=generator)
    y = (X[:, 0] > 0).long()
    # the page's mini-batches: the rows TensorBatches gives, shuffled from the same seed
    torch.manual_seed(0)
    page_batches = list(page["mini_batches"](X, y, 40, cpu, shuffle=True))
    batches = list(training.TensorBatches(X, y, batch_size=40, shuffle=True, seed=0))
    assert [len(target) for _, target in page_batches] == [40, 40, 16]
    for (page_data, page_target), (data, target) in zip(page_batches, batches, strict=True):
        assert torch.equal(page_data, data)
        assert torch.equal(page_target, target)
    in_order = list(page["mini_batches"](X, y, 40, cpu))
    assert torch.equal(torch.cat([target for _, target in in_order]), y)

    # the page's loops train and score like nnguide's, on the same batches
    torch.manual_seed(0)
    page_model = page["DigitClassifier"]()
    page_optimizer = torch.optim.Adam(page_model.parameters(), lr=1e-3)
    torch.manual_seed(0)
    model = models.DigitClassifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(2):
        torch.manual_seed(epoch)  # the same dropout masks for both
        page_loss = page["train_epoch"](page_model, batches, nn.CrossEntropyLoss(), page_optimizer)
        torch.manual_seed(epoch)
        loss, _ = training.train_epoch(
            model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer
        )
        assert page_loss == pytest.approx(loss, rel=1e-6)  # a float sum, not a tensor sum
        torch.testing.assert_close(page_model.state_dict(), model.state_dict())
    for batch_size in (50, 96):
        accuracy = page["evaluate"](model, page["mini_batches"](X, y, batch_size, cpu))
        assert accuracy == training.evaluate(model, training.TensorBatches(X, y, batch_size=50))
    assert not model.training  # evaluate leaves dropout off


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("name", "args", "inputs"),
    [
        ("Encoder", (), (4, 784)),
        ("Decoder", (), (4, 10)),
        ("ResidualBlock", (8,), (4, 8)),
        ("NormalizedMLP", (), (4, 784)),
    ],
)
def test_chapter_06_patterns_are_nnguides(
    lang: str, name: str, args: tuple[int, ...], inputs: tuple[int, int]
) -> None:
    page = page_definitions("plot_06_architectures.py", lang)
    assert_same_module(page[name], getattr(architectures, name), *args, inputs=torch.randn(inputs))


class _TanhMLP(models.MLP):
    """nnguide's MLP with another activation: a page class that drifted."""

    def __init__(self, in_features: int, hidden_features: int, out_features: int) -> None:
        super().__init__(in_features, hidden_features, out_features, activation="tanh")


class _RenamedMLP(nn.Module):
    def __init__(self, in_features: int, hidden_features: int, out_features: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y: torch.Tensor = self.fc2(torch.relu(self.fc1(x)))
        return y


@pytest.mark.parametrize(
    ("drifted", "message"),
    [(_TanhMLP, "Tensor-likes are not close"), (_RenamedMLP, "name their parameters differently")],
)
def test_a_page_class_that_drifts_is_caught(drifted: type[nn.Module], message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        assert_same_module(drifted, models.MLP, 2, 4, 1, inputs=torch.randn(5, 2))


def test_a_chapter_without_definitions_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "examples" / "en").mkdir(parents=True)
    (tmp_path / "examples" / "en" / "plot_00_plain.py").write_text("print(1)\n")
    monkeypatch.setattr(chapters, "ROOT", tmp_path)
    with pytest.raises(ValueError, match="defines no function or class"):
        page_definitions("plot_00_plain.py", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_05_stops_with_one_message_when_mnist_cannot_be_had(lang: str) -> None:
    import ast

    from nnguide.datasets import MNISTUnavailableError

    path = ROOT / "examples" / lang / "plot_05_mnist.py"
    (guard,) = [
        node
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Try)
    ]

    msg_of_the_package = (
        "could not get MNIST into /data. Then `python -m nnguide data mnist` checks them."
    )

    def mnist_tensors(**_: object) -> None:
        raise MNISTUnavailableError(msg_of_the_package)

    namespace = {"mnist_tensors": mnist_tensors, "MNISTUnavailableError": MNISTUnavailableError}
    with pytest.raises(SystemExit) as stopped:
        exec(compile(ast.Module(body=[guard], type_ignores=[]), str(path), "exec"), namespace)  # noqa: S102
    code: object = stopped.value.code
    assert isinstance(code, str)  # printed, exit 1
    first_line, reason = code.split("\n", 1)
    assert "MNIST" in first_line
    assert any("\u4e00" <= char <= "\u9fff" for char in first_line) == (lang == "zh")  # the page's
    assert reason == msg_of_the_package
    assert stopped.value.__suppress_context__  # `from None`: no traceback chain
