"""The residual block diagram of chapter 06: the chapter's ResidualBlock, box for box, and its skip path."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_checks import alt_text, text_layout_problems, unexplained_figure
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text

from nnguide.diagrams import draw_residual_block
from nnguide.plotting import FIGURE_WIDTH, configure_matplotlib

CHAPTERS = Path(__file__).parents[1] / "examples"
CJK = range(0x4E00, 0xA000)


@pytest.fixture(autouse=True)
def _restore_rcparams() -> Iterator[None]:
    with mpl.rc_context():
        yield
    plt.close("all")


def _drawn(lang: str) -> tuple[Figure, Axes]:
    configure_matplotlib(lang)
    fig = draw_residual_block(lang=lang)
    (ax,) = fig.axes
    return fig, ax


def _residual_block(lang: str) -> ast.ClassDef:
    tree = ast.parse((CHAPTERS / lang / "plot_06_architectures.py").read_text(encoding="utf-8"))
    (block,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "ResidualBlock"]
    return block


def _code(ax: Axes) -> list[Text]:
    """The texts in a code font, top to bottom: F's name, then the layers' names."""
    names = [t for t in ax.texts if t.get_fontfamily() == ["monospace"]]
    return sorted(names, key=lambda text: text.get_position()[1])  # y grows downwards


def _layer_boxes(ax: Axes) -> list[Text]:
    """The layers' names, top to bottom: the texts in a code font but F's name."""
    return [text for text in _code(ax) if text.get_text() != "F = self.layers"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_boxes_are_the_chapters_layers_in_order(lang: str) -> None:
    _, ax = _drawn(lang)
    block = _residual_block(lang)
    (sequential,) = [
        node
        for node in ast.walk(block)
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "nn.Sequential"
    ]
    # nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim) -> Linear(dim, dim), ReLU, Linear(dim, dim)
    layers = [ast.unparse(arg).removeprefix("nn.").removesuffix("()") for arg in sequential.args]
    assert [text.get_text() for text in _layer_boxes(ax)] == layers
    assert "F = self.layers" in [text.get_text() for text in ax.texts]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_output_is_the_sum_with_no_activation_after_it(lang: str) -> None:
    _, ax = _drawn(lang)
    (forward,) = [
        node
        for node in ast.walk(_residual_block(lang))
        if isinstance(node, ast.FunctionDef) and node.name == "forward"
    ]
    (returned,) = [node for node in ast.walk(forward) if isinstance(node, ast.Return)]
    assert returned.value is not None
    assert ast.unparse(returned.value) == "x + self.layers(x)"
    (plus,) = [text for text in ax.texts if text.get_text() == "$+$"]
    sum_y = plus.get_position()[1]
    below_the_sum = [text.get_text() for text in ax.texts if text.get_position()[1] > sum_y]
    assert below_the_sum == ["$x + F(x)$   (n, dim)"]  # the output: nothing between
    assert [text.get_text() for text in ax.texts].count("ReLU") == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_identity_path_leaves_above_the_layers_and_joins_the_sum(lang: str) -> None:
    _, ax = _drawn(lang)
    (plus,) = [text for text in ax.texts if text.get_text() == "$+$"]
    sum_x, sum_y = plus.get_position()
    (circle,) = [p for p in ax.patches if isinstance(p, Circle) and p.center == (sum_x, sum_y)]
    (path,) = ax.lines
    xs, ys = np.asarray(path.get_xdata(), dtype=float), np.asarray(path.get_ydata(), dtype=float)
    first_layer_top = min(box.get_position()[1] for box in _layer_boxes(ax))
    assert xs[0] == sum_x  # it branches off the chain, above the first layer
    assert ys[0] < first_layer_top - 0.25
    assert xs[-1] > sum_x + circle.radius
    assert ys[-1] == sum_y  # and runs down, beside the layers, to the sum's height
    # where an arrow carries it into the circle, from the right
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    ends = [np.asarray(arrow.get_path().vertices, dtype=float) for arrow in arrows]
    assert any(
        abs(v[0][1] - sum_y) < 1e-9 and abs(v[0][0] - xs[-1]) < 1e-9 and v[-1][0] < v[0][0]
        for v in ends
    )


@pytest.mark.parametrize(("lang", "title"), [("en", "A residual block"), ("zh", "残差块")])
def test_title_labels_and_alt_text_are_in_the_language(lang: str, title: str) -> None:
    fig, ax = _drawn(lang)
    assert fig.get_suptitle().startswith(title)
    assert fig.get_size_inches()[0] == FIGURE_WIDTH
    described = alt_text(fig)
    assert "x + F(x)" in described
    assert all(name in described for name in ("Linear(dim, dim)", "ReLU", "F = self.layers"))
    worded = [described, *(text.get_text() for text in ax.texts if "\n" in text.get_text())]
    for words in worded:  # the alt text and the identity path's label
        assert any(ord(c) in CJK for c in words) == (lang == "zh")
    assert text_layout_problems(fig) == []
    assert unexplained_figure(fig) == []


@pytest.mark.parametrize(("lang", "name"), [("en", "residual connection"), ("zh", "残差连接")])
def test_f_is_named_over_its_box_and_x_rides_the_identity_arrow(lang: str, name: str) -> None:
    fig, ax = _drawn(lang)
    fig.draw_without_rendering()
    to_data = ax.transData.inverted()  # from pixels (y up) to inches from the top (y down)
    (path,) = ax.lines
    xs, ys = np.asarray(path.get_xdata(), dtype=float), np.asarray(path.get_ydata(), dtype=float)
    skip_x, branch_y = float(xs[-1]), float(ys[0])
    (dashed,) = [
        p for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_linestyle() == "--"
    ]
    # F's name reads left to right, over the dashed box and under the identity path's branch
    f_name = _code(ax)[0]
    assert f_name.get_text() == "F = self.layers"
    assert f_name.get_rotation() == 0
    (left, bottom), (right, top) = to_data.transform(f_name.get_window_extent().get_points())
    assert branch_y < top  # y grows downwards
    assert bottom < dashed.get_y()
    assert right < skip_x
    # the identity path's x sits on its arrow into the sum, just above it
    (plus,) = [text for text in ax.texts if text.get_text() == "$+$"]
    sum_x, sum_y = plus.get_position()
    (x,) = [text for text in ax.texts if text.get_text() == "$x$"]
    (left, bottom), (right, top) = to_data.transform(x.get_window_extent().get_points())
    assert sum_x < left
    assert right < skip_x
    assert 0 < sum_y - bottom < 0.1  # inches
    # the identity path's label names it as the chapter does
    (identity,) = [text for text in ax.texts if "\n" in text.get_text()]
    assert name in " ".join(identity.get_text().split())  # on one line or more
    assert "$x$" in identity.get_text()  # x in italics, as everywhere in the figure
