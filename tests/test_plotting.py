"""Plots are labelled in the page's language, and Chinese renders as glyphs, not boxes."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib as mpl
import numpy as np
import pytest
import torch
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnguide import Perceptron
from nnguide.datasets import logic_gate
from nnguide.fonts import bundled_cjk_font_path, cjk_font_family
from nnguide.i18n import check_lang, label
from nnguide.plotting import configure_matplotlib, plot_curve, plot_decision_boundary


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
    [("en", ["class 0", "class 1", "decision boundary"]), ("zh", ["类别 0", "类别 1", "决策边界"])],
)
def test_decision_boundary_is_labelled_in_the_language(lang: str, legend: list[str]) -> None:
    configure_matplotlib(lang)  # type: ignore[arg-type]
    X, y = logic_gate("and")
    perceptron = Perceptron(2, seed=0)
    assert perceptron.fit(X, y).converged
    ax = plot_decision_boundary(perceptron.predict, X, y, lang=lang)  # type: ignore[arg-type]
    legend_box = ax.get_legend()
    assert legend_box is not None
    assert [t.get_text() for t in legend_box.get_texts()] == legend
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
        configure_matplotlib("fr")  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="unknown label 'weights'; known labels: accuracy, class, "):
        label("weights", "en")
