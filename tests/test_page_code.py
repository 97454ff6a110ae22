"""The classes and loops a chapter writes on its page stay in step with nnguide's versions.

A reader learns from the page's code; later chapters and the benchmark call nnguide's. Built from
the same seed, each pair must hold the same parameters, give the same outputs and train the same.
"""

from __future__ import annotations

import pytest
import torch
from chapters import assert_same_module, chapter_constants, page_definitions
from site_facts import LANGS, ROOT
from torch import nn

from nnguide import architectures, models, training
from nnguide.datasets import logic_gate

X_XOR, LABELS_XOR = logic_gate("xor")
Y_XOR = LABELS_XOR.float().unsqueeze(1)


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
    page = page_definitions("plot_03_activations.py", lang)
    torch.manual_seed(0)
    page_model = architectures.DeepMLP(4, 16, 1, depth=3)
    page["kaiming_init"](page_model)
    torch.manual_seed(0)
    model = architectures.DeepMLP(4, 16, 1, depth=3)
    architectures.kaiming_init(model)
    torch.testing.assert_close(page_model.state_dict(), model.state_dict())


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_05_classifier_and_loops_are_nnguides(lang: str) -> None:
    page = page_definitions("plot_05_mnist.py", lang)
    images = torch.randn(6, 1, 28, 28)
    assert_same_module(page["DigitClassifier"], models.DigitClassifier, inputs=images)

    generator = torch.Generator().manual_seed(0)
    X = torch.randn(96, 784, generator=generator)
    y = (X[:, 0] > 0).long()
    results = []
    for train_epoch, evaluate, classifier in (
        (page["train_epoch"], page["evaluate"], page["DigitClassifier"]),
        (training.train_epoch, training.evaluate, models.DigitClassifier),
    ):
        torch.manual_seed(0)
        model = classifier()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        batches = training.TensorBatches(X, y, batch_size=32, shuffle=True, seed=0)
        fit = [
            train_epoch(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer)
            for _ in range(2)
        ]
        results.append((fit, evaluate(model, training.TensorBatches(X, y, batch_size=50))))
    assert results[0] == results[1]


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


def test_a_chapter_without_definitions_is_refused() -> None:
    with pytest.raises(ValueError, match="defines no function or class"):
        page_definitions("plot_01_perceptron.py", "en")


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

    def prepare_mnist() -> None:
        msg = "could not get MNIST into /data. Then `python -m nnguide data mnist` checks them."
        raise MNISTUnavailableError(msg)

    namespace = {"prepare_mnist": prepare_mnist, "MNISTUnavailableError": MNISTUnavailableError}
    with pytest.raises(SystemExit) as stopped:
        exec(compile(ast.Module(body=[guard], type_ignores=[]), str(path), "exec"), namespace)  # noqa: S102
    code: object = stopped.value.code
    assert isinstance(code, MNISTUnavailableError)  # printed as its message, exit 1
    assert "python -m nnguide data mnist" in str(code)
    assert stopped.value.__suppress_context__  # `from None`: no traceback chain
