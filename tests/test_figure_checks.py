"""The build's figure checks find overlapping, cut-off and ungrouped text, untitled figures,
unexplained colours and ticks between whole numbers, and only that; every saved figure records the
size of its smallest text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
import torch
from figure_checks import (
    OverlappingTextError,
    alt_text,
    clipped_text,
    fractional_ticks,
    overlapping_text,
    unexplained_colours,
    unexplained_figure,
)
from figure_numbers import UngroupedNumberError, ungrouped_numbers
from figure_scraper import SMALLEST_TEXT_KEY, checked_matplotlib_scraper, smallest_text
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from PIL import Image

from nnguide.plotting import configure_matplotlib, plot_curve, plot_digits

mpl.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def test_a_suptitle_over_the_tiles_titles_is_found() -> None:
    # The digit grids of chapter 05 before the fix: tight_layout leaves no room for a suptitle.
    fig, axes = plt.subplots(2, 12, figsize=(15, 3))
    for ax in axes.flat:
        ax.set_axis_off()
        ax.set_title("label 7", fontsize="small")
    fig.tight_layout()
    fig.suptitle("The first 24 training images")
    overlaps = overlapping_text(fig)
    assert any("suptitle 'The first 24 training images' overlaps" in line for line in overlaps)


def test_the_digit_grids_leave_room_for_their_suptitle() -> None:
    configure_matplotlib("zh")
    fig = plot_digits(torch.rand(24, 784), [f"标签 {i % 10}" for i in range(24)], ncols=6)
    fig.suptitle("训练集的前 24 张图像")
    assert overlapping_text(fig) == []


def test_a_legend_over_an_axis_label_is_found() -> None:
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.plot([0, 1], [0, 1], label="a very long legend entry that reaches the label")
    ax.set_xlabel("x label")
    ax.legend(loc="lower left", bbox_to_anchor=(0, -0.3))
    assert any("legend" in line and "x label" in line for line in overlapping_text(fig))


def test_crowded_tick_labels_of_neighbouring_axes_are_found_and_hidden_ticks_are_not() -> None:
    fig, axes = plt.subplots(1, 6, figsize=(4, 2))  # six panels squeezed into four inches
    for ax in axes:
        ax.plot([-1000, 1000], [0, 1])
    assert any("tick" in line for line in overlapping_text(fig))
    fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
    plot_curve([3.0, 2.0, 1.0], lang="en", ylabel="loss", ax=ax)
    ax.set_title("A well laid-out figure")
    assert overlapping_text(fig) == []  # its off-view tick labels are not drawn, so not counted


def test_the_scraper_refuses_an_overlapping_figure_before_saving_it() -> None:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title("title")
    fig.suptitle("suptitle", y=0.93)
    with pytest.raises(
        OverlappingTextError, match=r"plot_demo\.py draws text that overlaps or is cut off"
    ):
        checked_matplotlib_scraper(None, {"src_file": "plot_demo.py"}, {})
    assert plt.get_fignums() == []  # closed, not saved: the next code block starts clean


def test_a_large_number_without_its_comma_is_found_and_grouped_ones_pass() -> None:
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.set_title("60,000 training images, 3.14159 and 1000 epochs")
    ax.plot([0, 1], [0, 1])
    assert ungrouped_numbers(fig) == []
    ax.set_xlabel("images seen (of 60000)")
    assert ungrouped_numbers(fig) == [
        "'images seen (of 60000)' writes a number without grouping its thousands (60,000, not 60000)"
    ]
    with pytest.raises(UngroupedNumberError, match=r"plot_demo\.py: figure 1: 'images seen"):
        checked_matplotlib_scraper(None, {"src_file": "plot_demo.py"}, {})


def test_a_title_wider_than_the_figure_is_found_cut_off() -> None:
    fig, ax = plt.subplots(figsize=(3, 2), layout="constrained")
    ax.set_title("a title much longer than a figure three inches wide can hold")
    title = "a title much longer than a figure three inches wide can hold"
    assert clipped_text(fig) == [f"axes 1 {title!r} is cut off by the figure's edge"]
    ax.set_title("a short title")
    assert clipped_text(fig) == []


def test_the_smallest_text_ignores_the_tick_labels_of_an_axes_drawn_without_axis() -> None:
    fig, (ax_image, ax_plot) = plt.subplots(1, 2, figsize=(4, 2))
    ax_image.set_axis_off()
    ax_image.set_xticks([0], ["tiny"], fontsize=3)  # never drawn
    ax_plot.set_title("kept", fontsize=9)
    ax_plot.tick_params(labelsize=10)
    assert smallest_text(fig) == {"em_per_width": 9 / (4 * 72), "text": "kept"}


def test_each_saved_png_records_its_own_smallest_text(tmp_path: Path) -> None:
    small, large = plt.figure(figsize=(4, 2)), plt.figure(figsize=(2, 2))
    small.suptitle("eight points", fontsize=8)
    large.suptitle("sixteen", fontsize=16)
    paths = iter([str(tmp_path / "a.png"), str(tmp_path / "b.png")])
    conf: dict[str, Any] = {
        "image_srcset": [2.0], "matplotlib_animations": (False, None), "compress_images": (),
        "src_dir": str(tmp_path),
    }  # fmt: skip
    checked_matplotlib_scraper(None, {"image_path_iterator": paths, "src_file": "x.py"}, conf)
    for name, size, width in (("a", 8, 4), ("b", 16, 2)):
        for png in (f"{name}.png", f"{name}_2_00x.png"):  # the 1x image and its 2x copy
            text = Image.open(tmp_path / png).text  # type: ignore[attr-defined]
            assert json.loads(text[SMALLEST_TEXT_KEY])["em_per_width"] == size / (width * 72)


def test_an_untitled_figure_is_found_and_a_title_or_label_is_its_alt_text() -> None:
    fig, ax = plt.subplots()
    ax.plot([0.5, 1.5], [0.1, 0.2])
    assert any("has no title" in line for line in unexplained_figure(fig))
    ax.set_title("Loss")
    assert unexplained_figure(fig) == []
    assert alt_text(fig) == "Loss"
    fig.set_label("The loss, which falls.")
    assert alt_text(fig) == "The loss, which falls."


def test_a_colour_scale_without_a_colour_bar_is_found() -> None:
    fig, ax = plt.subplots()
    ax.set_title("Weights")
    image = ax.imshow([[0.0, 1.0], [2.0, 3.0]])
    assert any(
        "AxesImage coloured by value (viridis) has no colour bar" in line
        for line in unexplained_colours(fig)
    )
    fig.colorbar(image, ax=ax, label="weight")
    assert unexplained_colours(fig) == []


def test_panels_on_one_scale_share_one_colour_bar_and_other_scales_do_not() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    shared = {"cmap": "Greys", "vmin": 0.0, "vmax": 3.0}
    first = left.imshow([[0.0, 1.0], [2.0, 3.0]], **shared)
    right.imshow([[1.0, 1.0], [2.0, 2.0]], **shared)
    fig.colorbar(first, ax=[left, right])
    assert unexplained_colours(fig) == []
    right.imshow([[1.0, 1.0], [2.0, 2.0]], cmap="Greys")  # its own scale: 1 to 2
    assert len(unexplained_colours(fig)) == 1


def test_class_regions_are_explained_by_a_legend_entry_per_colour() -> None:
    fig, ax = plt.subplots()
    ax.set_title("Decision boundary")
    ax.contourf(
        [[0, 0], [1, 1]], levels=[-0.5, 0.5, 1.5], cmap=ListedColormap(["#1f77b4", "#ff7f0e"])
    )
    assert len(unexplained_colours(fig)) == 1
    ax.legend(handles=[Patch(color="#1f77b4", label="class 0")])
    assert len(unexplained_colours(fig)) == 1  # one class still unnamed
    ax.legend(
        handles=[Patch(color="#1f77b4", label="class 0"), Patch(color="#ff7f0e", label="class 1")]
    )
    assert unexplained_colours(fig) == []


def test_ticks_between_whole_numbers_are_found_on_an_axis_of_counts() -> None:
    # chapter 01's XOR mistakes before the fix: counts of 2 to 4, ticks at 2.5 and 3.5
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3, 4, 5, 6], [2, 4, 2, 3, 2, 4])
    problems = fractional_ticks(fig)
    assert len(problems) == 1
    assert "y axis" in problems[0]
    assert "2.5" in problems[0]
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    assert fractional_ticks(fig) == []
    fig, ax = plt.subplots()
    ax.plot([0.0, 0.5, 1.0], [0.25, 0.5, 0.75])  # fractions: any ticks will do
    assert fractional_ticks(fig) == []


def test_a_minus_sign_written_as_a_hyphen_is_found() -> None:
    mpl.rcParams["axes.unicode_minus"] = False  # matplotlib's ticks as a Chinese figure had them
    fig, ax = plt.subplots()
    ax.plot([-2, 2], [0, 1])
    ax.set_title("w = -0.50")
    problems = ungrouped_numbers(fig)
    assert any("'w = -0.50' writes a minus sign as a hyphen" in line for line in problems)
    assert any(line.startswith("'-") for line in problems)  # a tick label such as -2
    configure_matplotlib("zh")  # "−" on the ticks, in both languages
    fig, ax = plt.subplots()
    ax.plot([-2, 2], [0, 1])
    ax.set_title("w = −0.50, x-1, epochs 1-10")
    assert ungrouped_numbers(fig) == []
