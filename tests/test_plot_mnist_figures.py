"""Chapter 05's figures explain their colours: the confusion matrix's logarithmic scale and the
digit grids' grey scale are shown by labelled colour bars, in the page's language."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from figure_checks import text_layout_problems, unexplained_figure
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from nnguide.plotting import configure_matplotlib, plot_confusion_matrix, plot_digits

# a ten-class matrix like chapter 05's: about a thousand on the diagonal, a few mistakes off it
MATRIX = torch.diag(torch.arange(900, 1100, 20))
MATRIX[9, 4], MATRIX[5, 3], MATRIX[0, 1] = 14, 8, 1


@pytest.fixture(autouse=True)
def _restore_rcparams() -> Iterator[None]:
    with mpl.rc_context():
        yield
    plt.close("all")


@pytest.mark.parametrize(
    ("lang", "scale", "thousand"),
    [("en", "images (log scale)", "1,000"), ("zh", "图像数（对数刻度）", "1000")],
)
def test_the_confusion_matrix_shows_its_logarithmic_scale(
    lang: str, scale: str, thousand: str
) -> None:
    configure_matplotlib(lang)
    ax = plot_confusion_matrix(MATRIX, lang=lang)
    ax.set_title("title")
    fig = ax.figure
    assert isinstance(fig, Figure)
    (image,) = ax.get_images()
    assert isinstance(image.norm, LogNorm)
    assert image.colorbar is not None
    bar = image.colorbar.ax
    assert bar.get_xlabel() == scale
    fig.draw_without_rendering()
    low, high = bar.get_xlim()
    ticks = [t.get_text() for t in bar.get_xticklabels() if low <= t.get_position()[0] <= high]
    # counts, not powers of ten; a Chinese figure writes four digits without a separator
    assert ticks == ["1", "10", "100", thousand]
    # the matrix's own axes: one whole-number tick per class
    assert [text.get_text() for text in ax.get_xticklabels()] == [str(k) for k in range(10)]
    assert text_layout_problems(fig) == []
    assert unexplained_figure(fig) == []


def test_an_empty_cell_is_blank_and_a_count_of_one_is_coloured() -> None:
    ax = plot_confusion_matrix(MATRIX, lang="en")
    (image,) = ax.get_images()
    shown = image.get_array()
    assert isinstance(shown, np.ma.MaskedArray)
    assert np.ma.getmaskarray(shown)[0, 2]  # no image: off the scale, blank, and no number written
    assert shown[0, 1] == 1  # one image: the scale's lowest colour, its number written
    red, green, blue, _ = image.cmap(float(np.asarray(image.norm(np.array([1.0])))[0]))
    assert max(1 - red, 1 - green, 1 - blue) > 0.15  # a light blue, not the white of no image
    written = {(round(t.get_position()[1]), round(t.get_position()[0])) for t in ax.texts}
    assert (0, 2) not in written
    assert (0, 1) in written
    assert len(written) == int((MATRIX > 0).sum())


def _tiles(images: torch.Tensor, colorbar: str | None) -> list[AxesImage]:
    fig = plot_digits(
        images, [f"label {k}" for k in range(len(images))], ncols=2, colorbar=colorbar
    )
    return [image for ax in fig.axes for image in ax.get_images()]


def test_the_digits_share_one_grey_scale() -> None:
    faint, dark = torch.full((784,), 0.1), torch.full((784,), 0.9)
    faint[0], dark[0] = 0.0, 0.0
    tiles = _tiles(torch.stack([faint, dark]), colorbar="pixel value")
    assert len(tiles) == 2
    for tile in tiles:
        assert (tile.norm.vmin, tile.norm.vmax) == pytest.approx((0.0, 0.9))
    # the faint image's ink stays faint: it does not stretch to black on a scale of its own
    assert np.asarray(tiles[0].norm(np.array([0.1])))[0] == pytest.approx(0.1 / 0.9)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_digit_grid_explains_its_grey_scale_with_a_labelled_colour_bar(lang: str) -> None:
    configure_matplotlib(lang)
    label = {"en": "pixel value after normalisation", "zh": "归一化后的像素值"}[lang]
    fig = plot_digits(torch.randn(24, 784), [f"{k}" for k in range(24)], ncols=6, colorbar=label)
    fig.suptitle("title")
    bars = [image.colorbar for ax in fig.axes for image in ax.get_images() if image.colorbar]
    assert len(bars) == 1
    assert bars[0].ax.get_xlabel() == label
    assert text_layout_problems(fig) == []
    assert unexplained_figure(fig) == []


def test_a_digit_grid_without_a_colour_bar_is_caught_by_the_figure_checks() -> None:
    fig = plot_digits(torch.rand(4, 784), ["a", "b", "c", "d"], ncols=2)
    fig.suptitle("title")
    assert len(unexplained_figure(fig)) == 4  # one per tile: pass colorbar=...
