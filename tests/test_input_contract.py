"""nnguide's input contract, held to every public function: a right answer or nnguide's own error.

Every public function, class and method of nnguide (the modules of ``OUT_OF_SCOPE`` aside) needs
a valid call in ``VALID_CALLS``; a new one fails ``test_every_public_callable_has_a_valid_call``
until it has one, and from then on meets the whole table. From the valid call, each argument is
made wrong in each way that fits its value (``wrong_inputs``): a NumPy array or a list for a
tensor, another dtype, a NaN, no rows, a meta tensor, a huge count, ``True`` for a number, a
string for a flag or a number. Each wrong call must either

- raise nnguide's own error: a ``TypeError`` or ``ValueError`` raised by nnguide's code (the
  innermost frame of the traceback is in the package, not in PyTorch, NumPy or matplotlib) whose
  message names the argument (or, for a part of it, the part), or
- return a result that ``ACCEPTED`` declares right for that kind of input, and that its check
  confirms (a NaN that propagates to the output, an empty matrix of counts, ...).

Anything else (PyTorch's or matplotlib's error, an error that names nothing, an unexpected result)
fails. ``python tests/test_input_contract.py`` prints the table, functions × kinds of wrong input.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pkgutil
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from types import ModuleType

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.axes import Axes
from torch import nn

import nnguide
from nnguide import (
    activations,
    architectures,
    backprop,
    diagrams,
    graphed,
    metrics,
    models,
    perceptron,
    plotting,
    side_by_side,
    training,
)
from nnguide.datasets import logic_gate, two_spirals

mpl.use("Agg")

PACKAGE = Path(nnguide.__file__).resolve().parent
KINDS = (
    "NumPy array",
    "list",
    "wrong dtype",
    "NaN",
    "empty",
    "meta tensor",
    "huge size",
    "bool as int",
    "string",
)
OUT_OF_SCOPE = {
    "nnguide.i18n": "language codes and words: check_lang, tested in test_i18n.py",
    "nnguide.fonts": "no arguments",
    "nnguide.cli": "command-line arguments: argparse, tested in test_mnist*.py",
    "nnguide.bench_results": "reads the committed benchmark records, tested in test_bench_results.py",
    "nnguide.datasets.mnist_files": "files and folders (issue 25, item 2), tested in test_mnist*.py",
    "nnguide.datasets.mnist_offline": "files (issue 25, item 2), tested in test_mnist_faults.py",
    "nnguide.datasets.idx": "files (issue 25, item 2), tested in test_mnist*.py",
}
"""Modules whose public functions take no tensors, sizes or flags, with where they are tested."""


# -- valid calls -------------------------------------------------------------------------------


@dataclass
class Call:
    """A call of a public callable: the function, and its arguments by name."""

    function: Callable[..., object]
    arguments: dict[str, object]

    def run(self, **changed: object) -> object:
        signature = inspect.signature(self.function)
        bound = signature.bind_partial()
        bound.arguments.update({**self.arguments, **changed})
        return self.function(*bound.args, **bound.kwargs)


def xor() -> tuple[torch.Tensor, torch.Tensor]:
    return logic_gate("xor")


def three_classes() -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(0)
    return torch.randn(12, 4, generator=generator), torch.arange(12) % 3


def classifier() -> nn.Module:
    torch.manual_seed(0)
    return nn.Linear(4, 3)


def fit_full_batch() -> Call:
    X, y = xor()
    model = nn.Linear(2, 1)
    return Call(
        training.fit_full_batch,
        {
            "model": model,
            "X": X,
            "y": y.float().unsqueeze(1),
            "loss_fn": nn.MSELoss(),
            "optimizer": torch.optim.SGD(model.parameters(), lr=0.1),
            "epochs": 2,
        },
    )


def train_epoch() -> Call:
    X, y = three_classes()
    model = classifier()
    return Call(
        training.train_epoch,
        {
            "model": model,
            "batches": training.TensorBatches(X, y, batch_size=4),
            "loss_fn": nn.CrossEntropyLoss(),
            "optimizer": torch.optim.SGD(model.parameters(), lr=0.1),
        },
    )


def graphed_trainer() -> Call:
    call = train_epoch()
    return Call(graphed.GraphedTrainer, call.arguments)


def graphed_epoch() -> Call:
    trainer = graphed_trainer().run()
    assert isinstance(trainer, graphed.GraphedTrainer)
    return Call(trainer.train_epoch, {})


def manual_net(
    dtype: torch.dtype = torch.float32,
) -> tuple[backprop.ManualMLP, torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(4, 2, generator=generator, dtype=dtype)
    y = torch.randn(4, 1, generator=generator, dtype=dtype)
    return backprop.ManualMLP(2, 3, 1, seed=0, dtype=dtype), x, y


def gradients() -> backprop.Gradients:
    net, x, y = manual_net()
    return net.backward(net.forward(x), y)


def manual_backward() -> Call:
    net, x, y = manual_net()
    return Call(net.backward, {"y_pred": net.forward(x), "y": y})


def trained_linear_stack() -> nn.Module:
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    model(torch.randn(4, 2)).sum().backward()
    return model


def mlps() -> list[models.MLP]:
    torch.manual_seed(0)
    return [models.MLP(2, 3, 1) for _ in range(2)]


def gate_inputs() -> torch.Tensor:
    return xor()[0]


VALID_CALLS: dict[str, Callable[[], Call]] = {
    # training
    "training.fit_full_batch": fit_full_batch,
    "training.TensorBatches": lambda: Call(
        training.TensorBatches,
        {
            **dict(zip("Xy", three_classes(), strict=True)),
            "batch_size": 4,
            "shuffle": True,
            "seed": 0,
        },
    ),
    "training.TensorBatches.order": lambda: Call(
        training.TensorBatches(*three_classes(), batch_size=4).order, {}
    ),
    "training.train_epoch": train_epoch,
    "training.evaluate": lambda: Call(
        training.evaluate,
        {k: v for k, v in train_epoch().arguments.items() if k in ("model", "batches")},
    ),
    # metrics
    "metrics.confusion_matrix": lambda: Call(
        metrics.confusion_matrix,
        {
            "predicted": torch.tensor([0, 1, 2, 1]),
            "target": torch.tensor([0, 1, 1, 1]),
            "n_classes": 3,
        },
    ),
    # plotting
    "plotting.configure_matplotlib": lambda: Call(plotting.configure_matplotlib, {"lang": "en"}),
    "plotting.plot_decision_boundary": lambda: Call(
        plotting.plot_decision_boundary,
        {
            "predict": lambda P: (P.sum(dim=1) > 1).long(),
            **dict(zip("Xy", xor(), strict=True)),
            "lang": "en",
            "resolution": 20,
            "margin": 0.5,
            "legend": True,
        },
    ),
    "plotting.plot_curve": lambda: Call(
        plotting.plot_curve,
        {"values": [3.0, 1.0, 0.5], "lang": "en", "ylabel": "loss", "name": "run"},
    ),
    "plotting.plot_hidden_units": lambda: Call(
        plotting.plot_hidden_units,
        {
            "hidden": nn.Linear(2, 3),
            **dict(zip("Xy", xor(), strict=True)),
            "lang": "en",
            "resolution": 20,
            "margin": 0.5,
        },
    ),
    "plotting.plot_digits": lambda: Call(
        plotting.plot_digits,
        {"images": torch.rand(3, 784), "titles": ["a", "b", "c"], "ncols": 2, "colorbar": "value"},
    ),
    "plotting.plot_confusion_matrix": lambda: Call(
        plotting.plot_confusion_matrix, {"matrix": torch.tensor([[5, 1], [0, 4]]), "lang": "en"}
    ),
    # perceptron
    "perceptron.FitHistory": lambda: Call(
        perceptron.FitHistory, {"errors": [2, 0], "converged": True}
    ),
    "perceptron.Perceptron": lambda: Call(
        perceptron.Perceptron, {"n_features": 2, "learning_rate": 0.1, "seed": 0}
    ),
    "perceptron.Perceptron.net_input": lambda: Call(
        perceptron.Perceptron(2).net_input, {"X": gate_inputs()}
    ),
    "perceptron.Perceptron.predict": lambda: Call(
        perceptron.Perceptron(2).predict, {"X": gate_inputs()}
    ),
    "perceptron.Perceptron.fit": lambda: Call(
        perceptron.Perceptron(2).fit,
        {**dict(zip("Xy", logic_gate("and"), strict=True)), "max_epochs": 10},
    ),
    # architectures
    "architectures.Encoder": lambda: Call(architectures.Encoder, {}),
    "architectures.Encoder.forward": lambda: Call(
        architectures.Encoder().forward, {"x": torch.randn(3, 784)}
    ),
    "architectures.Decoder": lambda: Call(architectures.Decoder, {}),
    "architectures.Decoder.forward": lambda: Call(
        architectures.Decoder().forward, {"x": torch.randn(3, 10)}
    ),
    "architectures.ResidualBlock": lambda: Call(architectures.ResidualBlock, {"dim": 4}),
    "architectures.ResidualBlock.forward": lambda: Call(
        architectures.ResidualBlock(4).forward, {"x": torch.randn(3, 4)}
    ),
    "architectures.NormalizedMLP": lambda: Call(architectures.NormalizedMLP, {}),
    "architectures.NormalizedMLP.forward": lambda: Call(
        architectures.NormalizedMLP().forward, {"x": torch.randn(3, 784)}
    ),
    "architectures.DeepMLP": lambda: Call(
        architectures.DeepMLP,
        {
            "in_features": 2,
            "hidden_features": 4,
            "out_features": 1,
            "depth": 2,
            "activation": "relu",
            "residual": True,
            "batchnorm": False,
        },
    ),
    "architectures.DeepMLP.forward": lambda: Call(
        architectures.DeepMLP(2, 4, 1, depth=2).forward, {"x": torch.randn(3, 2)}
    ),
    "architectures.kaiming_init": lambda: Call(
        architectures.kaiming_init, {"model": trained_linear_stack()}
    ),
    "architectures.count_parameters": lambda: Call(
        architectures.count_parameters, {"model": nn.Linear(3, 2)}
    ),
    # activations
    "activations.get_activation": lambda: Call(activations.get_activation, {"name": "relu"}),
    "activations.activation_with_derivative": lambda: Call(
        activations.activation_with_derivative, {"name": "relu", "x": torch.linspace(-1, 1, 5)}
    ),
    "activations.gradient_norms": lambda: Call(
        activations.gradient_norms, {"model": trained_linear_stack()}
    ),
    "activations.dead_fraction": lambda: Call(
        activations.dead_fraction, {"hidden": torch.tensor([[0.0, 1.0], [0.0, 2.0]])}
    ),
    # backprop
    "backprop.Gradients": lambda: Call(backprop.Gradients, dataclasses.asdict(gradients())),
    "backprop.Gradients.check_shapes": lambda: Call(
        gradients().check_shapes, {"like": manual_net()[0], "name": "gradients"}
    ),
    "backprop.Gradients.max_abs_difference": lambda: Call(
        gradients().max_abs_difference, {"other": gradients()}
    ),
    "backprop.half_mse": lambda: Call(
        backprop.half_mse,
        {"y_pred": torch.tensor([[1.0], [3.0]]), "y": torch.tensor([[0.0], [1.0]])},
    ),
    "backprop.ManualMLP": lambda: Call(
        backprop.ManualMLP,
        {
            "in_features": 2,
            "hidden_features": 3,
            "out_features": 1,
            "seed": 0,
            "dtype": torch.float32,
        },
    ),
    "backprop.ManualMLP.forward": lambda: Call(manual_net()[0].forward, {"x": manual_net()[1]}),
    "backprop.ManualMLP.backward": manual_backward,
    "backprop.ManualMLP.step": lambda: Call(
        manual_net()[0].step, {"gradients": gradients(), "learning_rate": 0.1}
    ),
    "backprop.ManualMLP.to_mlp": lambda: Call(manual_net()[0].to_mlp, {}),
    "backprop.autograd_gradients": lambda: Call(
        backprop.autograd_gradients, dict(zip(("net", "x", "y"), manual_net(), strict=True))
    ),
    "backprop.finite_difference_gradients": lambda: Call(
        backprop.finite_difference_gradients,
        {**dict(zip(("net", "x", "y"), manual_net(torch.float64), strict=True)), "eps": 1e-6},
    ),
    # side by side
    "side_by_side.linear_tensors": lambda: Call(side_by_side.linear_tensors, {"model": mlps()[0]}),
    "side_by_side.StackedMLP": lambda: Call(side_by_side.StackedMLP, {"models": mlps()}),
    "side_by_side.StackedMLP.forward": lambda: Call(
        side_by_side.StackedMLP(mlps()).forward, {"x": gate_inputs()}
    ),
    "side_by_side.StackedMLP.copy_to": lambda: Call(
        side_by_side.StackedMLP(mlps()).copy_to, {"models": mlps()}
    ),
    "side_by_side.check_stackable": lambda: Call(side_by_side.check_stackable, {"models": mlps()}),
    "side_by_side.fit_side_by_side": lambda: Call(
        side_by_side.fit_side_by_side,
        {
            "models": mlps(),
            "X": gate_inputs(),
            "y": xor()[1].float().unsqueeze(1),
            "loss_fn": nn.MSELoss(),
            "optimizer": partial(torch.optim.SGD, lr=0.1),
            "epochs": 2,
        },
    ),
    # graphed
    "graphed.batch_sizes": lambda: Call(graphed.batch_sizes, {"n_samples": 10, "batch_size": 4}),
    "graphed.check_capturable": lambda: Call(
        graphed.check_capturable,
        {"optimizer": torch.optim.Adam(nn.Linear(2, 1).parameters(), capturable=True)},
    ),
    "graphed.GraphedTrainer": graphed_trainer,
    "graphed.GraphedTrainer.train_epoch": graphed_epoch,
    # models
    "models.MLP": lambda: Call(
        models.MLP,
        {"in_features": 2, "hidden_features": 3, "out_features": 1, "activation": "relu"},
    ),
    "models.MLP.hidden": lambda: Call(models.MLP(2, 3, 1).hidden, {"x": gate_inputs()}),
    "models.MLP.forward": lambda: Call(models.MLP(2, 3, 1).forward, {"x": gate_inputs()}),
    "models.DigitClassifier": lambda: Call(models.DigitClassifier, {"dropout": 0.2}),
    "models.DigitClassifier.forward": lambda: Call(
        models.DigitClassifier().forward, {"x": torch.randn(2, 784)}
    ),
    # data sets made in memory
    "datasets.logic_gates.logic_gate": lambda: Call(logic_gate, {"name": "and"}),
    "datasets.spirals.two_spirals": lambda: Call(
        two_spirals, {"n_per_class": 5, "turns": 1.5, "noise": 0.05, "seed": 0}
    ),
    # diagrams
    "diagrams.draw_network": lambda: Call(
        diagrams.draw_network,
        {"layers": [nn.Linear(2, 3), nn.Linear(3, 1)], "lang": "en", "activation": "ReLU"},
    ),
    "diagrams.draw_computation_graph": lambda: Call(
        diagrams.draw_computation_graph, {"lang": "en"}
    ),
    "diagrams.draw_neuron": lambda: Call(diagrams.draw_neuron, {"lang": "en"}),
    "diagrams.draw_residual_block": lambda: Call(diagrams.draw_residual_block, {"lang": "en"}),
}
"""A valid call of every public callable in scope, made fresh for every use."""


# -- wrong inputs --------------------------------------------------------------------------------


class NaNOutputs(nn.Module):
    """A model whose outputs are all NaN: a training that diverged."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.model(x) * math.nan
        return out


@dataclass(frozen=True)
class WrongInput:
    """One wrong value of one argument: its kind, the argument, the names an error may give it."""

    kind: str
    argument: str
    make: Callable[[], object]
    names: tuple[str, ...]


def tensor_variants(value: torch.Tensor) -> Iterator[tuple[str, Callable[[], object]]]:
    """The wrong versions of a tensor, by kind."""
    yield "NumPy array", lambda: value.detach().numpy()
    yield "list", value.tolist
    yield "wrong dtype", lambda: value.long() if value.is_floating_point() else value.float()
    if value.is_floating_point() and value.numel():

        def with_nan() -> torch.Tensor:
            nan = value.detach().clone()
            nan.view(-1)[0] = math.nan
            return nan

        yield "NaN", with_nan
    if value.ndim and value.shape[0]:
        yield "empty", lambda: value[:0]
    yield "meta tensor", lambda: value.to("meta")


def wrong_inputs(name: str, value: object, runs_on_data: bool) -> Iterator[WrongInput]:
    """Every wrong version of the argument ``name``, derived from its valid ``value``.

    ``runs_on_data``: the call runs a model on data (it has ``X`` or ``batches``), so a model
    argument may be one whose outputs are NaN.
    """
    if isinstance(value, torch.Tensor):
        for kind, make in tensor_variants(value):
            yield WrongInput(kind, name, make, (name,))
    elif isinstance(value, bool):
        yield WrongInput("bool as int", name, lambda: int(value), (name,))
        yield WrongInput("string", name, lambda: "no", (name,))
    elif isinstance(value, int):
        yield WrongInput("huge size", name, lambda: 10**12, (name,))
        yield WrongInput("bool as int", name, lambda: True, (name,))
        yield WrongInput("string", name, lambda: str(value), (name,))
    elif isinstance(value, float):
        yield WrongInput("NaN", name, lambda: math.nan, (name,))
        yield WrongInput("bool as int", name, lambda: True, (name,))
        yield WrongInput("string", name, lambda: str(value), (name,))
    elif isinstance(value, training.TensorBatches):
        # batches from wrong tensors: one batch of a wrong X, or of wrong targets
        for part, tensor in (("X", value.X), ("y", value.y)):
            for kind, make in tensor_variants(tensor):

                def batches(part: str = part, make: Callable[[], object] = make) -> object:
                    wrong = make()
                    return [(wrong, value.y)] if part == "X" else [(value.X, wrong)]

                names = (name, "inputs" if part == "X" else "targets")
                yield WrongInput(kind, name, batches, names)
        yield WrongInput("empty", name, list, (name,))
    elif isinstance(value, backprop.Gradients):
        for f in dataclasses.fields(value):
            for kind, make in tensor_variants(getattr(value, f.name)):

                def changed(f: str = f.name, make: Callable[[], object] = make) -> object:
                    parts = {**dataclasses.asdict(value), f: make()}
                    return backprop.Gradients(**parts)

                yield WrongInput(kind, name, changed, (name, f.name))
    elif isinstance(value, nn.Module) and (name == "hidden" or (name == "model" and runs_on_data)):
        yield WrongInput("NaN", name, lambda: NaNOutputs(value), (name,))
    elif isinstance(value, list) and value:
        yield WrongInput("empty", name, list, (name,))
        if all(isinstance(v, str) for v in value):
            yield WrongInput("wrong dtype", name, lambda: list(range(len(value))), (name,))
        if all(isinstance(v, float) for v in value):
            yield WrongInput("NumPy array", name, lambda: np.array(value), (name,))
            yield WrongInput("NaN", name, lambda: [math.nan, *value[1:]], (name,))
            yield WrongInput("string", name, lambda: [str(v) for v in value], (name,))
    elif callable(value) and name == "predict":
        yield WrongInput("NaN", name, lambda: lambda P: P[:, 0] * math.nan, (name,))
        yield WrongInput("NumPy array", name, lambda: lambda P: P[:, 0].numpy(), (name,))


def all_wrong_inputs(call: Call) -> list[WrongInput]:
    runs_on_data = "X" in call.arguments or "batches" in call.arguments
    return [
        wrong
        for name, value in call.arguments.items()
        for wrong in wrong_inputs(name, value, runs_on_data)
    ]


# -- what a wrong input may give ---------------------------------------------------------------


def is_nan(result: object) -> bool:
    """Whether a result (a tensor, number, or tuple, dict or dataclass of them) holds a NaN."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return is_nan(dataclasses.astuple(result))
    if isinstance(result, dict):
        return is_nan(list(result.values()))
    if isinstance(result, (tuple, list)):
        return any(is_nan(part) for part in result)
    return isinstance(result, (torch.Tensor, float)) and bool(
        torch.isnan(torch.as_tensor(result)).any()
    )


def nan_losses(result: object) -> bool:
    losses = result if isinstance(result, torch.Tensor) else torch.tensor(result)
    return bool(torch.isnan(losses).all())


def curve_values(result: object) -> list[float]:
    assert isinstance(result, Axes)
    return [float(v) for v in np.asarray(result.lines[0].get_ydata())]


def curve_has_a_gap(result: object) -> bool:
    return sum(math.isnan(v) for v in curve_values(result)) == 1


def same_curve(result: object) -> bool:
    return curve_values(result) == [3.0, 1.0, 0.5]


def a_seed(result: object) -> bool:
    return isinstance(
        result, (training.TensorBatches, perceptron.Perceptron, backprop.ManualMLP, tuple)
    )


def grey_images(result: object) -> bool:
    image = result.axes[0].images[0]  # type: ignore[attr-defined]
    return bool(image.get_array().dtype.kind in "iu")


ACCEPTED: dict[tuple[str, str], tuple[str, Callable[[object], bool]]] = {}
"""The wrong inputs that have a right answer: (callable, kind) -> (why it is right, its check)."""


def accept(kind: str, why: str, check: Callable[[object], bool], *names: str) -> None:
    for name in names:
        ACCEPTED[name, kind] = (why, check)


accept(
    "NaN",
    "NaN in, NaN out: a forward pass does not read its inputs' values",
    is_nan,
    "architectures.Encoder.forward",
    "architectures.Decoder.forward",
    "architectures.ResidualBlock.forward",
    "architectures.NormalizedMLP.forward",
    "architectures.DeepMLP.forward",
    "models.MLP.hidden",
    "models.MLP.forward",
    "models.DigitClassifier.forward",
    "side_by_side.StackedMLP.forward",
    "activations.activation_with_derivative",
    "backprop.half_mse",
    "backprop.ManualMLP.backward",
    "backprop.Gradients",
    "backprop.Gradients.max_abs_difference",
)
accept("NaN", "the losses are NaN, as the model's outputs", nan_losses, "training.fit_full_batch")
accept("NaN", "NaN leaves a gap in the curve", curve_has_a_gap, "plotting.plot_curve")
accept(
    "NumPy array",
    "a 1-D array of numbers is a sequence of numbers",
    same_curve,
    "plotting.plot_curve",
)
accept(
    "empty",
    "the activation of no points: empty",
    lambda r: isinstance(r, tuple) and r[0].numel() == 0,
    "activations.activation_with_derivative",
)
accept(
    "wrong dtype",
    "integer pixels are numbers on a grey scale too",
    grey_images,
    "plotting.plot_digits",
)
accept(
    "NaN",
    "NaN targets give NaN gradients, as autograd's own: the step that would write them is refused",
    is_nan,
    "backprop.autograd_gradients",
    "backprop.finite_difference_gradients",
)
accept(
    "empty",
    "Gradients is a record: its shapes are checked where it is used (step, max_abs_difference)",
    lambda r: isinstance(r, backprop.Gradients),
    "backprop.Gradients",
)
accept(
    "wrong dtype",
    "floating-point labels 0.0 and 1.0 are the two classes too",
    lambda r: r is not None,
    "perceptron.Perceptron.fit",
    "plotting.plot_decision_boundary",
    "plotting.plot_hidden_units",
)
for kind in ("wrong dtype", "NaN"):
    accept(
        kind,
        "TensorBatches holds any numbers: train_epoch and evaluate check the model's inputs, "
        "targets and outputs",
        lambda r: isinstance(r, training.TensorBatches),
        "training.TensorBatches",
    )
accept(
    "huge size",
    "one batch of every row; any 64-bit integer is a seed",
    lambda r: isinstance(r, training.TensorBatches),
    "training.TensorBatches",
)
accept(
    "huge size",
    "any 64-bit integer is a seed",
    a_seed,
    "perceptron.Perceptron",
    "backprop.ManualMLP",
    "datasets.spirals.two_spirals",
)
accept(
    "NaN",
    "made, not yet run: its train_epoch refuses an accuracy from NaN outputs",
    lambda r: isinstance(r, graphed.GraphedTrainer),
    "graphed.GraphedTrainer",
)


# -- the outcome of one call ---------------------------------------------------------------------


@dataclass
class Outcome:
    """What one wrong call gave: an error of nnguide's, an accepted result, or a failure."""

    cell: str  # the error's type, or "ok"
    failure: str = ""  # empty when the contract holds
    notes: list[str] = field(default_factory=list)


def raised_by_nnguide(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(PACKAGE)


def outcome(name: str, index: int) -> tuple[WrongInput, Outcome]:
    """Call ``name`` with its ``index``-th wrong input, made from a fresh valid call."""
    call = VALID_CALLS[name]()
    wrong = all_wrong_inputs(call)[index]
    return wrong, judge(name, call, wrong)


def judge(name: str, call: Call, wrong: WrongInput) -> Outcome:
    try:
        with mpl.rc_context():  # configure_matplotlib changes matplotlib's settings for good
            result = call.run(**{wrong.argument: wrong.make()})
    except (TypeError, ValueError) as error:
        message = str(error)
        if not raised_by_nnguide(error):
            where = traceback.extract_tb(error.__traceback__)[-1]
            return Outcome("FAIL", f"{type(error).__name__} from {where.filename}: {message}")
        if not any(n.lower() in message.lower() for n in wrong.names):
            return Outcome("FAIL", f"the message names none of {wrong.names}: {message}")
        return Outcome(type(error).__name__)
    except Exception as error:  # noqa: BLE001  (every other error breaks the contract)
        return Outcome("FAIL", f"{type(error).__name__}: {error}")
    finally:
        plt.close("all")
    accepted = ACCEPTED.get((name, wrong.kind))
    if accepted is None:
        return Outcome("FAIL", f"returned {result!r:.80} for {wrong.argument} ({wrong.kind})")
    why, check = accepted
    if not check(result):
        return Outcome("FAIL", f"returned {result!r:.80}, which is not right: {why}")
    return Outcome("ok", notes=[why])


def combine(outcomes: list[Outcome]) -> Outcome:
    """One cell of the table from the wrong calls of one kind (one per argument it fits)."""
    failures = [o.failure for o in outcomes if o.failure]
    cells = sorted({o.cell for o in outcomes})
    notes = sorted({n for o in outcomes for n in o.notes})
    return Outcome(", ".join(cells), "; ".join(failures), notes)


@cache
def table_row(name: str) -> dict[str, Outcome]:
    by_kind: dict[str, list[Outcome]] = {}
    for index in range(len(all_wrong_inputs(VALID_CALLS[name]()))):
        wrong, result = outcome(name, index)
        by_kind.setdefault(wrong.kind, []).append(result)
    return {kind: combine(outcomes) for kind, outcomes in by_kind.items()}


# -- the public callables ----------------------------------------------------------------------


def modules_in_scope() -> list[ModuleType]:
    found = []
    for info in pkgutil.walk_packages(nnguide.__path__, "nnguide."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts) or info.name in OUT_OF_SCOPE:
            continue
        found.append(importlib.import_module(info.name))
    return found


def public_callables() -> list[str]:
    """Every public function, class and method defined in a module in scope, by name."""
    names = []
    for module in modules_in_scope():
        short = module.__name__.removeprefix("nnguide.")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                names.append(f"{short}.{name}")
            elif inspect.isclass(obj) and not getattr(obj, "_is_protocol", False):
                if issubclass(obj, BaseException):
                    continue
                names.append(f"{short}.{name}")
                names.extend(
                    f"{short}.{name}.{attr}"
                    for attr, member in vars(obj).items()
                    if not attr.startswith("_") and inspect.isfunction(member)
                )
    return sorted(names)


# -- tests -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def test_every_public_callable_has_a_valid_call() -> None:
    public = set(public_callables())
    assert public - set(VALID_CALLS) == set(), "add a valid call of each to VALID_CALLS"
    assert set(VALID_CALLS) - public == set(), "VALID_CALLS names callables that are gone"


@pytest.mark.parametrize("name", sorted(VALID_CALLS))
def test_every_wrong_input_gets_a_right_answer_or_nnguides_own_error(name: str) -> None:
    with mpl.rc_context():
        VALID_CALLS[name]().run()  # the valid call itself works
    failures = {kind: cell.failure for kind, cell in table_row(name).items() if cell.failure}
    assert failures == {}


def test_every_accepted_input_is_one_a_call_gives() -> None:
    given = {
        (name, kind) for name in VALID_CALLS for kind, cell in table_row(name).items() if cell.notes
    }
    assert set(ACCEPTED) - given == set(), "ACCEPTED lists results that no call returns"


def markdown_table() -> str:
    """The table of wrong inputs: one row per public callable, one column per kind of input."""
    lines = [
        "| function | " + " | ".join(KINDS) + " |",
        "|---|" + "---|" * len(KINDS),
    ]
    notes: list[str] = []
    for name in sorted(VALID_CALLS):
        row = table_row(name)
        cells = []
        for kind in KINDS:
            cell = row.get(kind)
            if cell is None:
                cells.append("—")
                continue
            notes.extend(note for note in cell.notes if note not in notes)
            text = cell.cell + "".join(f"[{notes.index(n) + 1}]" for n in cell.notes)
            cells.append(f"**{text}**: {cell.failure}" if cell.failure else text)
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        "TypeError, ValueError: nnguide's own error, naming the argument; ok: a right result; "
        "—: no input of that kind fits the function's arguments."
    )
    lines.extend(f"[{i}] {note}" for i, note in enumerate(notes, start=1))
    return "\n".join(lines)


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("error")  # as pytest runs it
    sys.stdout.write(markdown_table() + "\n")
