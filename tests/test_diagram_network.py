"""The network diagram draws every weight as a line, sized and coloured by the weight, and every
bias inside its neuron, in the page's language, with no hyphen for a minus sign and no text on top
of another."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from figure_checks import drawn_text, text_layout_problems, unexplained_figure
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from torch import nn

from nnguide.diagrams import (
    LINE_WIDTH_PER_WEIGHT,
    MIN_LINE_WIDTH,
    NEGATIVE_WEIGHT_COLOR,
    POSITIVE_WEIGHT_COLOR,
    draw_network,
)
from nnguide.plotting import configure_matplotlib


@pytest.fixture(autouse=True)
def _restore_rcparams() -> Iterator[None]:
    with mpl.rc_context():
        yield
    plt.close("all")


def _linear(weight: Sequence[Sequence[float]], bias: Sequence[float]) -> nn.Linear:
    out_features, in_features = len(weight), len(weight[0])
    layer = nn.Linear(in_features, out_features)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(weight))
        layer.bias.copy_(torch.tensor(bias))
    return layer


# x1, x2 -> h1, h2 -> ŷ, with weights of both signs, a zero weight and one larger than 1
HIDDEN = _linear([[1.0, -0.5], [0.0, 2.0]], [0.3, -0.25])
OUTPUT = _linear([[-1.5, 0.05]], [1.0])


def _drawn_weights(fig: Figure) -> list[tuple[tuple[float, ...], float, str, bool]]:
    """Each line: its end points (x0, y0, x1, y1), width, colour and whether it is dashed."""
    drawn = []
    for line in fig.axes[0].lines:
        ends = tuple(float(v) for v in np.asarray(line.get_xydata()).ravel())  # (x0, y0), (x1, y1)
        dashed = line.get_linestyle() != "-"
        drawn.append((ends, line.get_linewidth(), to_hex(line.get_color()), dashed))
    return drawn


def test_every_weight_is_a_line_between_its_neurons_sized_and_coloured_by_the_weight() -> None:
    fig = draw_network([HIDDEN, OUTPUT], lang="en")
    # the columns stand at x = 0, 1, 2; two neurons at heights 0.5 (first) and -0.5, one at 0
    height = {2: [0.5, -0.5], 1: [0.0]}
    expected = []
    for column, layer in enumerate([HIDDEN, OUTPUT]):
        for j in range(layer.out_features):
            for i in range(layer.in_features):
                w = layer.weight[j, i].item()
                ends = (
                    column,
                    height[layer.in_features][i],
                    column + 1,
                    height[layer.out_features][j],
                )
                width = max(LINE_WIDTH_PER_WEIGHT * abs(w), MIN_LINE_WIDTH)
                colour = NEGATIVE_WEIGHT_COLOR if w < 0 else POSITIVE_WEIGHT_COLOR
                expected.append((ends, width, colour, w < 0))
    assert sorted(_drawn_weights(fig)) == sorted(expected)
    # the widest line is the weight 2 from x2 to h2; a zero weight is still a hairline
    assert max(width for _, width, _, _ in _drawn_weights(fig)) == 2 * LINE_WIDTH_PER_WEIGHT
    assert min(width for _, width, _, _ in _drawn_weights(fig)) == MIN_LINE_WIDTH


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            [
                "input layer",
                "hidden layer\n(ReLU)",
                "output layer\n(no activation)",
                "positive weight (+1)",
                "negative weight (−1)",
            ],
        ),
        (
            "zh",
            [
                "输入层",
                "隐藏层\n（ReLU）",
                "输出层\n（无激活函数）",
                "正权重（+1）",
                "负权重（−1）",
            ],
        ),
    ],
)
def test_neurons_biases_and_legend_are_labelled_in_the_language(
    lang: str, words: list[str]
) -> None:
    configure_matplotlib(lang)
    fig = draw_network([HIDDEN, OUTPUT], lang=lang)
    texts = [text.get_text() for text in drawn_text(fig)]
    for word in words:
        assert word in texts
    for name in ["$x_{1}$", "$x_{2}$"]:
        assert name in texts
    for neuron in ["$h_{1}$\nb = +0.30", "$h_{2}$\nb = −0.25", "$\\hat{y}$\nb = +1.00"]:
        assert neuron in texts
    assert not [text for text in texts if "-" in text]  # a minus sign, never a hyphen
    assert fig.get_suptitle() == {"en": "A network's neurons, weights and biases"}.get(
        lang, "网络的神经元、权重与偏置"
    )
    assert text_layout_problems(fig) == []
    assert unexplained_figure(fig) == []


def test_each_bias_sits_in_the_box_of_its_own_neuron_over_the_lines() -> None:
    fig = draw_network([HIDDEN, OUTPUT], lang="en")
    fig.draw_without_rendering()
    ax = fig.axes[0]
    boxes = {text.get_text(): text for text in ax.texts if text.get_bbox_patch() is not None}
    # (column, height) of each neuron that has a bias: h1, h2 in column 1, ŷ in column 2
    for name, centre in [
        ("$h_{1}$\nb = +0.30", (1, 0.5)),
        ("$h_{2}$\nb = −0.25", (1, -0.5)),
        ("$\\hat{y}$\nb = +1.00", (2, 0.0)),
    ]:
        box = boxes[name]  # the name and the bias in one text, framed by one box
        assert np.allclose(box.get_position(), centre)
        patch = box.get_bbox_patch()
        assert patch is not None
        assert patch.get_facecolor() == (1.0, 1.0, 1.0, 1.0)  # hides the lines
        assert box.get_zorder() > max(line.get_zorder() for line in ax.lines)
        # the box holds its neuron's centre, where the lines end, and no other neuron's
        x, y = ax.transData.transform(centre)
        assert patch.get_window_extent().contains(x, y)
    assert text_layout_problems(fig) == []


def test_several_hidden_layers_are_numbered_and_outputs_indexed() -> None:
    layers = [nn.Linear(3, 4), nn.Linear(4, 4), nn.Linear(4, 2)]
    fig = draw_network(layers, lang="en", activation="tanh")
    texts = [text.get_text() for text in drawn_text(fig)]
    names = [text.split("\n")[0] for text in texts]  # a neuron's name, above its bias
    assert "$h^{(2)}_{4}$" in names
    assert r"$\hat{y}_{2}$" in names
    assert texts.count("hidden layer\n(tanh)") == 2
    assert len(fig.axes[0].lines) == 3 * 4 + 4 * 4 + 4 * 2
    assert text_layout_problems(fig) == []


def test_layers_that_do_not_chain_are_refused() -> None:
    with pytest.raises(ValueError, match="layer 2 takes 3 inputs, but layer 1 gives 4 outputs"):
        draw_network([nn.Linear(2, 4), nn.Linear(3, 1)], lang="en")
    with pytest.raises(ValueError, match="layers is empty"):
        draw_network([], lang="en")
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh'"):
        draw_network([HIDDEN], lang="fr")
