"""Plots are labelled in the page's language, and Chinese renders as glyphs, not boxes."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib as mpl
import numpy as np
import pytest
import torch
from figure_checks import text_layout_problems, unexplained_figure
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from nnguide import Perceptron
from nnguide.datasets import logic_gate
from nnguide.fonts import bundled_cjk_font_path, cjk_font_family
from nnguide.i18n import check_lang, label
from nnguide.plotting import (
    configure_matplotlib,
    plot_curve,
    plot_decision_boundary,
    plot_hidden_units,
)


@pytest.fixture(autouse=True)
def _restore_rcparams() -> Iterator[None]:
    with mpl.rc_context():
        yield


def _render(text: str) -> np.ndarray:
    fig = Figure(figsize=(2, 1), dpi=100)
    fig.text(0.05, 0.3, text, fontsize=20)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    return np.asarray(canvas.buffer_rgba())[..., 0].copy()  # type: ignore[no-untyped-call]


def test_chinese_font_is_bundled_and_registered() -> None:
    path = bundled_cjk_font_path()
    assert path is not None
    assert path.is_file()
    assert cjk_font_family() == "Noto Sans SC"
    assert "Noto Sans SC" in {font.name for font in font_manager.fontManager.ttflist}


def test_chinese_text_renders_as_distinct_glyphs() -> None:
    configure_matplotlib("zh")
    resolved = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert resolved == str(bundled_cjk_font_path())
    # Missing glyphs would all be drawn as the same box (and warn, which fails under -W error).
    first, second = _render("感知机"), _render("激活函")
    assert (first < 128).any()
    assert not np.array_equal(first, second)


def test_english_keeps_matplotlibs_default_font() -> None:
    configure_matplotlib("zh")
    configure_matplotlib("en")
    assert mpl.rcParams["font.sans-serif"][0] == mpl.rcParamsDefault["font.sans-serif"][0]
    assert "Noto Sans SC" not in mpl.rcParams["font.sans-serif"]


@pytest.mark.parametrize(
    ("lang", "legend"),
    [
        ("en", ["class 0", "class 1", "decision boundary", "predicted 0", "predicted 1"]),
        ("zh", ["类别 0", "类别 1", "决策边界", "预测为 0", "预测为 1"]),
    ],
)
def test_decision_boundary_is_labelled_in_the_language(lang: str, legend: list[str]) -> None:
    configure_matplotlib(lang)
    X, y = logic_gate("and")
    perceptron = Perceptron(2, seed=0)
    assert perceptron.fit(X, y).converged
    ax = plot_decision_boundary(perceptron.predict, X, y, lang=lang)
    legend_box = ax.get_legend()
    assert legend_box is not None
    assert [t.get_text() for t in legend_box.get_texts()] == legend
    # the last two entries are the shaded regions, in the colours the plane is shaded with
    shading = np.asarray(ax.collections[0].get_facecolor())  # filled contours: predicted 0, 1
    regions = [h.get_facecolor() for h in legend_box.legend_handles[-2:] if isinstance(h, Patch)]
    np.testing.assert_allclose(np.asarray(regions), shading)
    # The boundary line runs between (1, 1) and the other three points.
    boundary = ax.collections[-3]  # contour line, then the two scatter layers
    vertices = np.concatenate([path.vertices for path in boundary.get_paths()])
    assert len(vertices) > 0
    w, b = perceptron.weights.numpy(), perceptron.bias.item()
    np.testing.assert_allclose(vertices @ w + b, 0, atol=0.1)


def test_decision_boundary_rejects_wrong_prediction_shape() -> None:
    X, y = logic_gate("or")
    with pytest.raises(ValueError, match="predict returned 2 values for 40000 points"):
        plot_decision_boundary(lambda _points: torch.zeros(2), X, y, lang="en")


def _three_relu_units(points: torch.Tensor) -> torch.Tensor:
    # x1 + x2 and 2 - x1 are positive on some of the XOR samples; x2 - x1 - 1.5 is 0 on all four,
    # though not on the whole plane: on this data, unit 3 is dead
    x1, x2 = points[:, 0], points[:, 1]
    return torch.relu(torch.stack([x1 + x2, 2 - x1, x2 - x1 - 1.5], dim=1))


def test_hidden_units_share_one_colour_scale_shown_by_a_colour_bar_with_labelled_axes() -> None:
    X, y = logic_gate("xor")
    fig = plot_hidden_units(_three_relu_units, X, y, lang="en")
    panels, colour_bar = fig.axes[:3], fig.axes[-1]
    scales = {(ax.images[0].norm.vmin, ax.images[0].norm.vmax) for ax in panels}
    assert len(scales) == 1  # one scale for all the maps: equal shades are equal outputs
    ((low, high),) = scales
    assert low == 0.0
    assert high == pytest.approx(3.0)  # the largest output: x1 + x2 at the corner (1.5, 1.5)
    assert colour_bar.get_ylabel() == "the unit's output"
    assert colour_bar.get_ylim() == pytest.approx((low, high))
    # two columns: x1 under the lowest panel of each column, x2 beside the first of each row
    assert [ax.get_xlabel() for ax in panels] == ["", "$x_1$", "$x_1$"]
    assert [ax.get_ylabel() for ax in panels] == ["$x_2$", "", "$x_2$"]
    assert not fig.axes[3].axison  # the fourth place of the grid stays empty
    assert text_layout_problems(fig) == []
    assert unexplained_figure(fig) == []


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        ("en", ["hidden unit 1", "hidden unit 2", "hidden unit 3\n(dead)"]),
        ("zh", ["隐藏单元 1", "隐藏单元 2", "隐藏单元 3（死亡）"]),
    ],
)
def test_a_unit_that_is_zero_on_every_sample_is_titled_dead(lang: str, titles: list[str]) -> None:
    configure_matplotlib(lang)
    X, y = logic_gate("xor")
    fig = plot_hidden_units(_three_relu_units, X, y, lang=lang)
    assert [ax.get_title() for ax in fig.axes[:3]] == titles


def test_curve_counts_epochs_from_one() -> None:
    ax = plot_curve([3.0, 2.0, 0.0], lang="en", ylabel="loss")
    x = np.asarray(ax.lines[0].get_xdata())
    assert x.tolist() == [1, 2, 3]
    assert ax.get_xlabel() == "epoch"
    with pytest.raises(ValueError, match="values is empty"):
        plot_curve([], lang="en", ylabel="loss")


def test_unknown_language_and_label_are_refused() -> None:
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh', got 'de'"):
        check_lang("de")
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh'"):
        configure_matplotlib("fr")
    with pytest.raises(KeyError, match="unknown label 'weights'; known labels: accuracy, class, "):
        label("weights", "en")
