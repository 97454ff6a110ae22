"""Chapter 04's computation graph draws what the chapter's code computes, with each pass's arrows
pointing its own way, in the page's language, and with readable, unclipped text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from figure_checks import text_layout_problems
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from nnguide.diagrams import BACKWARD_COLOR, FORWARD_COLOR, draw_computation_graph
from nnguide.plotting import FIGURE_WIDTH, FONT_SIZE, configure_matplotlib

mpl.use("Agg")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CJK = re.compile(r"[\u4e00-\u9fff]")

# The chapter's names (ManualMLP's attributes and variables) and the diagram's symbols for them.
SYMBOLS = {
    "x": "X",
    "z1": "Z_1",
    "a1": "A_1",
    "z2": "Z_2",
    "W1": "W_1",
    "W2": "W_2",
    "b1": r"\mathbf{b}_1",
    "b2": r"\mathbf{b}_2",
    "y_pred": r"\hat Y",
    "y": "Y",
    "n": "n",
}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def graph(lang: str) -> Figure:
    configure_matplotlib(lang)
    return draw_computation_graph(lang=lang)


def symbol(name: str) -> str:
    """The diagram's symbol for a name of the chapter's code: ``dL_dz2`` is ∂L/∂Z_2."""
    if name.startswith("dL_d"):
        return rf"\partial L/\partial {SYMBOLS[name.removeprefix('dL_d')]}"
    return SYMBOLS[name.removeprefix("self.")]


def backward_lines(lang: str) -> dict[str, str]:
    """ManualMLP.backward's assignments ``dL_d... = ...`` in the chapter, by the name assigned."""
    source = (EXAMPLES / lang / "plot_04_backprop.py").read_text(encoding="utf-8")
    body = source.split("    def backward(self, y_pred, y):", 1)[1].split("    def step", 1)[0]
    return dict(re.findall(r"^\s+(dL_d\w+) = (.+?)(?:  #.*)?$", body, flags=re.MULTILINE))


def drawn_gradients(fig: Figure) -> dict[str, str]:
    """The diagram's gradient formulas, ``∂L/∂... = ...``, by their left-hand side."""
    formulas = {}
    for text in fig.axes[0].texts:
        left, equals, right = text.get_text().replace("$", "").partition(" = ")
        if equals and left.startswith(r"\partial L/\partial "):
            formulas[left] = right
    return formulas


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_gradient_the_chapter_computes_is_drawn_from_the_same_operands(lang: str) -> None:
    computed = backward_lines(lang)
    assert len(computed) == 7  # ∂L/∂ of z2, W2, b2, a1, z1, W1, b1
    drawn = drawn_gradients(graph(lang))
    for name, code in computed.items():
        assert symbol(name) in drawn, f"{name} = {code} is not in the diagram"
        operands = re.findall(r"dL_d\w+|self\.\w+|\by_pred\b|\by\b|\bn\b", code)
        for operand in operands:
            assert symbol(operand) in drawn[symbol(name)], (
                f"{name} = {code} uses {operand}; the diagram draws {drawn[symbol(name)]!r}"
            )
    assert drawn[r"\partial L/\partial L"] == "1"  # where the backward pass starts


def arrows(fig: Figure, color: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """(start, end) of every arrow of ``color``, in inches from the top left corner."""
    found = []
    for text in fig.axes[0].texts:
        if not isinstance(text, Annotation) or text.arrow_patch is None:
            continue
        if text.arrow_patch.get_edgecolor() == to_rgba(color):
            found.append((text.xyann, text.xy))
    return found


def test_forward_arrows_point_down_and_every_gradient_runs_back_up_its_edge() -> None:
    fig = graph("en")
    forward, backward = arrows(fig, FORWARD_COLOR), arrows(fig, BACKWARD_COLOR)
    # vertical arrows, from the top: the key's, then the edges' (X, Z1, A1, Z2, L; X has no gradient)
    down = sorted((s, e) for s, e in forward if s[0] == e[0])
    up = sorted(((s, e) for s, e in backward if s[0] == e[0]), key=lambda arrow: arrow[1])
    assert all(end[1] > start[1] for start, end in down)  # y grows downwards
    assert all(end[1] < start[1] for start, end in up)
    assert len(down) == 1 + 5
    assert len(up) == 1 + 4
    edges = {(start[1], end[1]) for start, end in down[1:]}
    assert all((end[1], start[1]) in edges for start, end in up[1:])  # back along a forward edge
    # beside the boxes: W1 and b1, W2 and b2, and Y enter; the four parameters' gradients leave
    sideways_in = [(s, e) for s, e in forward if s[1] == e[1] and e[0] < s[0]]
    sideways_out = [(s, e) for s, e in backward if s[1] == e[1] and e[0] > s[0]]
    assert (len(sideways_in), len(sideways_out)) == (3, 2)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_graph_is_labelled_in_the_language_readably(lang: str) -> None:
    fig = graph(lang)
    description = str(fig.get_label())
    words = [fig.get_suptitle(), description]
    words += [t.get_text() for t in fig.axes[0].texts if t.get_text() and "$" not in t.get_text()]
    if lang == "zh":
        assert all(CJK.search(text) for text in words if text != "ReLU"), words
    else:
        assert not any(CJK.search(text) for text in words), words
    assert len(description) > 200  # a description, not a file name
    assert fig.get_figwidth() == FIGURE_WIDTH
    assert min(float(text.get_fontsize()) for text in fig.axes[0].texts) >= FONT_SIZE
    assert text_layout_problems(fig) == []


def test_graph_rejects_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="lang must be"):
        draw_computation_graph(lang="fr")


@pytest.mark.parametrize(("lang", "separator"), [("en", ", "), ("zh", "、")])
def test_parameters_are_listed_and_products_written_as_the_chapter_says(
    lang: str, separator: str
) -> None:
    fig = graph(lang)
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert [text for text in texts if text.startswith("$W_")] == [
        rf"$W_1$ (in, hidden){separator}$\mathbf{{b}}_1$ (hidden,)",
        rf"$W_2$ (hidden, out){separator}$\mathbf{{b}}_2$ (out,)",
    ]
    # a matrix product is a dot (the chapter says so), the element-wise product ⊙
    drawn = drawn_gradients(fig)
    for product in ("W_1", "W_2", "A_1"):
        assert r" \cdot " in drawn[rf"\partial L/\partial {product}"]
    assert r"\odot" in drawn[r"\partial L/\partial Z_1"]
    chapter = (EXAMPLES / lang / "plot_04_backprop.py").read_text(encoding="utf-8")
    assert r":math:`\cdot`" in chapter
