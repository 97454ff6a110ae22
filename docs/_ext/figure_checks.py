"""The checks every figure an example draws must pass before it is saved (``figure_scraper.py``).

The figure is drawn, and the rendered extents of its titles, suptitle, axis labels, tick labels,
annotations and legends are measured with matplotlib's own renderer: any two that overlap, or one
that the figure's edge cuts off, are a problem naming the texts. A title hidden under a suptitle, or
a legend over an axis label, then fails the example like any other error. (Numbers written without
their thousands' commas: ``figure_numbers.py``.)

A figure must also explain itself (:func:`unexplained_figure`): it has a title or a label (its alt
text, :func:`alt_text`), every colour scale has a colour bar or is a set of classes named in a
legend, and an axis that plots whole numbers (epochs, counts) has whole-number ticks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from internals import super_labels
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import ListedColormap, to_rgb, to_rgba_array
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox, BboxBase

# Extents may touch: constrained layout packs neighbours edge to edge. Less than this many pixels
# of overlap (at the figure's dpi) is not visible.
TOLERANCE_PX = 1.0


@dataclass(frozen=True)
class Label:
    """One text element of a figure, with where it was drawn."""

    description: str
    group: str  # elements of one group (the tick labels of one axis) may not be compared
    extent: Bbox


def visible_text(text: Text) -> bool:
    """Whether ``text`` is drawn: visible and not blank."""
    return text.get_visible() and bool(text.get_text().strip())


def _labels(fig: Figure) -> list[Label]:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    found: list[Label] = []

    def add(artist: Artist, description: str, group: str) -> None:
        found.append(Label(description, group, artist.get_window_extent(renderer)))

    for name, text in super_labels(fig):
        if visible_text(text):
            add(text, f"figure {name} {text.get_text()!r}", name)
    for number, ax in enumerate(fig.axes, start=1):
        if not ax.get_visible():
            continue
        where = f"axes {number}"
        # the axes' own texts are its three titles and its annotations (ax.text, ax.annotate)
        own = [child for child in ax.get_children() if isinstance(child, Text)]
        # an axes drawn without its axis (an image grid) draws no axis labels nor tick labels
        axes_labels = [ax.xaxis.label, ax.yaxis.label] if ax.axison else []
        for text in [*own, *axes_labels]:
            if visible_text(text):
                add(text, f"{where} {text.get_text()!r}", f"{where}:{id(text)}")
        for axis_name, axis in (("x", ax.xaxis), ("y", ax.yaxis)) if ax.axison else ():
            low, high = sorted(axis.get_view_interval())
            margin = 1e-9 * (high - low)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                # matplotlib keeps labels for ticks outside the view, but does not draw them
                if not low - margin <= tick.get_loc() <= high + margin:
                    continue
                for text in (tick.label1, tick.label2):
                    if visible_text(text):
                        description = f"{where} {axis_name} tick {text.get_text()!r}"
                        add(text, description, f"{where}:{axis_name}")
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            add(legend, f"{where} legend", f"{where}:legend")
    for legend in fig.legends:
        add(legend, "figure legend", "figure legend")
    return found


def _overlaps(labels: list[Label]) -> list[str]:
    overlaps = []
    for first, second in combinations(labels, 2):
        if first.group == second.group:
            continue
        width = min(first.extent.x1, second.extent.x1) - max(first.extent.x0, second.extent.x0)
        height = min(first.extent.y1, second.extent.y1) - max(first.extent.y0, second.extent.y0)
        if width > TOLERANCE_PX and height > TOLERANCE_PX:
            overlaps.append(
                f"{first.description} overlaps {second.description} ({width:.0f}×{height:.0f} px)"
            )
    return overlaps


def _cut_off(labels: list[Label], edge: BboxBase) -> list[str]:
    inside = edge.padded(TOLERANCE_PX)
    return [
        f"{label.description} is cut off by the figure's edge"
        for label in labels
        if Bbox.union([label.extent, inside]).bounds != inside.bounds
    ]


def overlapping_text(fig: Figure) -> list[str]:
    """Return one line for each pair of text elements of ``fig`` whose rendered extents overlap.

    A legend contains its own labels and is drawn inside its axes, so only its box counts.
    """
    fig.draw_without_rendering()  # layout and text extents, without rasterising
    return _overlaps(_labels(fig))


def clipped_text(fig: Figure) -> list[str]:
    """Return one line for each text element of ``fig`` that reaches past the figure's edge.

    The saved image ends at the edge, so such a text is cut off (a title wider than the figure,
    a legend placed outside the figure without constrained layout).
    """
    fig.draw_without_rendering()  # layout and text extents, without rasterising
    return _cut_off(_labels(fig), fig.bbox)


def text_layout_problems(fig: Figure, *, draw: bool = True) -> list[str]:
    """Return :func:`overlapping_text` and then :func:`clipped_text`, drawing ``fig`` once
    (not at all with ``draw=False``, when the caller has just drawn it)."""
    if draw:
        fig.draw_without_rendering()  # layout and text extents, without rasterising
    labels = _labels(fig)
    return _overlaps(labels) + _cut_off(labels, fig.bbox)


def drawn_text(fig: Figure) -> list[Text]:
    """Return every visible text of ``fig``, less the axis and tick labels of an axes drawn
    without its axis (an image grid), which matplotlib keeps but never draws."""
    undrawn = {
        id(text)
        for ax in fig.axes
        if not ax.axison
        for axis in (ax.xaxis, ax.yaxis)
        for text in axis.findobj(Text)
    }
    return [
        text
        for text in fig.findobj(Text)
        if isinstance(text, Text) and visible_text(text) and id(text) not in undrawn
    ]


CJK = re.compile(r"[\u4e00-\u9fff]")


def figure_titles(fig: Figure) -> str:
    """Return the suptitle and every axes title of ``fig``, joined by ", " (by "；" when they are
    Chinese), each on one line; empty when the figure has no title.

    >>> import matplotlib.pyplot as plt
    >>> fig, (left, right) = plt.subplots(1, 2)
    >>> _ = left.set_title("与门"), right.set_title("或门")
    >>> figure_titles(fig)
    '与门；或门'
    >>> plt.close(fig)
    """
    titles = [fig.get_suptitle()] if fig.get_suptitle().strip() else []
    titles += [
        title
        for ax in fig.axes
        if ax.get_visible()
        for title in (ax.get_title(loc="left"), ax.get_title(), ax.get_title(loc="right"))
        if title.strip()
    ]
    separator = "；" if any(CJK.search(title) for title in titles) else ", "
    return separator.join(one_line(title) for title in titles)


WIDE = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"  # Chinese characters and punctuation
LINE_BREAK = re.compile(rf"(?<={WIDE})\s*\n\s*|\s*\n\s*(?={WIDE})")


def one_line(text: str) -> str:
    r"""Return ``text`` on one line: a line break beside Chinese vanishes, others become a space.

    >>> one_line("第 6 轮：分对了\n（没有更新）")
    '第 6 轮：分对了（没有更新）'
    >>> one_line("Epoch 6: correct\n(no update)")
    'Epoch 6: correct (no update)'
    """
    return " ".join(LINE_BREAK.sub("", text).split())


def alt_text(fig: Figure) -> str:
    """Return the alt text of ``fig``: its label when the example set one, else its titles.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Loss per epoch")
    >>> alt_text(fig)
    'Loss per epoch'
    >>> fig.set_label("The loss falls from 0.7 to 0.01 in 50 epochs.")
    >>> alt_text(fig)
    'The loss falls from 0.7 to 0.01 in 50 epochs.'
    >>> plt.close(fig)
    """
    return " ".join(str(fig.get_label()).split()) or figure_titles(fig)


def untitled(fig: Figure) -> list[str]:
    """One problem when ``fig`` has neither a title nor a label: its alt text would be its file name."""
    if alt_text(fig):
        return []
    return [
        (
            "has no title: give it a title (or fig.set_label(...)) that says what it shows; "
            "it is the image's alt text"
        )
    ]


def _colour_mapped(fig: Figure) -> list[ScalarMappable]:
    # images, meshes, filled contours, and scatter plots coloured by value (c=...)
    return [
        artist
        for artist in fig.findobj()
        if isinstance(artist, ScalarMappable)
        and artist.get_visible()
        and artist.get_array() is not None
    ]


def _legend_colours(fig: Figure) -> set[tuple[float, float, float]]:
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
    colours = set()
    for legend in legends:
        if legend is None:
            continue
        for handle in legend.legend_handles:
            for getter in ("get_facecolor", "get_color", "get_markerfacecolor"):
                if hasattr(handle, getter):
                    for rgba in to_rgba_array(getattr(handle, getter)()):
                        colours.add(_rounded(rgba))
    return colours


def _rounded(colour: Any) -> tuple[float, float, float]:
    red, green, blue = to_rgb(colour)
    return (round(red, 3), round(green, 3), round(blue, 3))


def _scale(mappable: ScalarMappable) -> tuple[str, str, str]:
    norm = mappable.norm  # its colour map, its kind (linear, logarithmic) and its limits
    return (mappable.get_cmap().name, type(norm).__name__, repr((norm.vmin, norm.vmax)))


def unexplained_colours(fig: Figure) -> list[str]:
    """One problem for each colour-mapped artist of ``fig`` that nothing explains.

    A colour scale is explained by a colour bar, its own or that of an artist on the same scale
    (colour map, norm and limits), or, for a few classes drawn in a :class:`ListedColormap`, by a
    legend entry in each of its colours (the regions of a decision boundary).
    """
    mapped = _colour_mapped(fig)
    with_bar = {_scale(m) for m in mapped if getattr(m, "colorbar", None) is not None}
    legend = _legend_colours(fig)
    problems = []
    for mappable in mapped:
        if _scale(mappable) in with_bar:
            continue
        cmap = mappable.get_cmap()
        if isinstance(cmap, ListedColormap):
            classes = {_rounded(colour) for colour in to_rgba_array(cmap.colors)}
            if classes <= legend:
                continue
        problems.append(
            f"{type(mappable).__name__} coloured by value ({cmap.name}) has no colour bar: add "
            "fig.colorbar(...) with a label, or a legend entry for each colour of its classes"
        )
    return problems


def _whole(values: list[float]) -> bool:
    finite = [v for v in values if math.isfinite(v)]
    return len(set(finite)) > 1 and all(float(v).is_integer() for v in finite)


def _plotted(ax: Axes, axis_name: str) -> list[float]:
    values: list[float] = []
    for line in ax.get_lines():
        if isinstance(line, Line2D) and line.get_visible() and line.get_transform() is ax.transData:
            data = line.get_xdata() if axis_name == "x" else line.get_ydata()
            values += np.asarray(data, dtype=float).ravel().tolist()
    if axis_name == "y":
        values += [
            float(patch.get_height())
            for container in ax.containers
            for patch in container
            if isinstance(patch, Rectangle)
        ]
    return values


def fractional_ticks(fig: Figure, *, draw: bool = True) -> list[str]:
    """One problem for each linear axis of ``fig`` that plots whole numbers but has a tick between.

    Epochs and counts are whole numbers: a tick at 2.5 mistakes or at epoch 1.5 reads as a value
    that cannot occur (``MaxNLocator(integer=True)`` gives whole-number ticks). The ticks are
    placed when ``fig`` is drawn (``draw=False``: the caller has just drawn it).
    """
    if draw:
        fig.draw_without_rendering()
    problems = []
    for number, ax in enumerate(fig.axes, start=1):
        if not (ax.get_visible() and ax.axison):
            continue
        for axis_name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if axis.get_scale() != "linear" or not _whole(_plotted(ax, axis_name)):
                continue
            low, high = sorted(axis.get_view_interval())
            between = [
                tick
                for tick in axis.get_majorticklocs()
                if low <= tick <= high and not float(tick).is_integer()
            ]
            if between:
                problems.append(
                    f"axes {number} plots whole numbers on its {axis_name} axis but has ticks "
                    f"between them ({', '.join(f'{t:g}' for t in between)}): use "
                    "MaxNLocator(integer=True)"
                )
    return problems


def unexplained_figure(fig: Figure, *, draw: bool = True) -> list[str]:
    """Return :func:`untitled`, :func:`unexplained_colours` and :func:`fractional_ticks` of ``fig``."""
    return untitled(fig) + unexplained_colours(fig) + fractional_ticks(fig, draw=draw)


class OverlappingTextError(RuntimeError):
    """A figure drawn by an example has text elements on top of each other."""


class UnexplainedFigureError(RuntimeError):
    """A figure drawn by an example has no title, an unexplained colour scale or fractional ticks."""
