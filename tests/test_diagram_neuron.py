"""The neuron diagram of chapter 01: each part of the artificial neuron in its biological part's colour."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from figure_checks import text_layout_problems, unexplained_figure
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from nnguide.diagrams import NEURON_PART_COLORS, draw_neuron
from nnguide.plotting import configure_matplotlib

# The parts' names under each drawing, biological first, and the artificial part that plays its role
NAMES = {
    "en": [("dendrites", "inputs"), ("cell body", "weighted sum"), ("axon", "output")],
    "zh": [("树突", "输入"), ("细胞体", "加权求和"), ("轴突", "输出")],
}
SYNAPSES = {"en": "synapses", "zh": "突触"}  # at the axon's terminals


@pytest.fixture(autouse=True)
def _restore_rcparams() -> Iterator[None]:
    with mpl.rc_context():
        yield
    plt.close("all")


def _drawn(lang: str) -> tuple[Figure, Axes, Axes]:
    configure_matplotlib(lang)
    fig = draw_neuron(lang=lang)
    biological, artificial = fig.axes
    return fig, biological, artificial


def _text_colours(ax: Axes) -> dict[str, str]:
    return {text.get_text(): to_hex(text.get_color()) for text in ax.texts}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_part_has_its_biological_models_colour(lang: str) -> None:
    _, biological, artificial = _drawn(lang)
    colours = [to_hex(colour) for colour in NEURON_PART_COLORS.values()]
    assert len(set(colours)) == 3  # in, sum and decide, out
    for colour, (biological_name, artificial_name) in zip(colours, NAMES[lang], strict=True):
        assert _text_colours(biological)[biological_name] == colour
        assert _text_colours(artificial)[artificial_name] == colour
    blue, red, green = colours
    # the dendrites (six tips) in the inputs' colour; the axon and its three terminals in green
    line_colours = [to_hex(line.get_color()) for line in biological.lines]
    assert line_colours.count(blue) == 6
    assert line_colours.count(green) == 4
    assert _text_colours(biological)[SYNAPSES[lang]] == green  # the terminals' name
    # the arrows: three weighted inputs, the bias and the sum into the step, the output
    arrows = [p for p in artificial.patches if isinstance(p, FancyArrowPatch)]
    assert [to_hex(arrow.get_edgecolor()) for arrow in arrows] == [blue] * 3 + [red] * 2 + [green]


@pytest.mark.parametrize(
    ("lang", "titles", "step"),
    [
        ("en", ["Biological neuron", "Artificial neuron (perceptron)"], "step $f$"),
        ("zh", ["生物神经元", "人工神经元（感知机）"], "阶跃 $f$"),
    ],
)
def test_the_artificial_neuron_names_its_symbols_in_the_language(
    lang: str, titles: list[str], step: str
) -> None:
    fig, _, artificial = _drawn(lang)
    assert [ax.get_title() for ax in fig.axes] == titles
    texts = set(_text_colours(artificial))
    symbols = {"$x_1$", "$x_2$", "$x_3$", "$w_1$", "$w_2$", "$w_3$", "$b$", r"$\hat y$", step}
    assert symbols <= texts
    assert r"$\hat y = f(w_1 x_1 + w_2 x_2 + w_3 x_3 + b)$" in texts
    alt = str(fig.get_label())
    assert "ŷ = f(w1 x1 + w2 x2 + w3 x3 + b)" in alt
    assert ("树突" in alt) == (lang == "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_weight_is_crossed_by_an_arrow(lang: str) -> None:
    fig, _, artificial = _drawn(lang)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    weights = [t.get_window_extent(renderer) for t in artificial.texts if t.get_text()[:2] == "$w"]
    assert len(weights) == 3
    for arrow in artificial.patches:
        if isinstance(arrow, FancyArrowPatch):
            points = artificial.transData.transform(arrow.get_path().interpolated(50).vertices)
            assert [box.count_contains(points) for box in weights] == [0, 0, 0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_diagram_passes_the_figure_checks(lang: str) -> None:
    fig, _, _ = _drawn(lang)
    assert text_layout_problems(fig) == []
    assert unexplained_figure(fig) == []


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh', got 'fr'"):
        draw_neuron(lang="fr")
