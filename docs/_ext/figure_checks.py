"""The checks every figure an example draws must pass before it is saved (``figure_scraper.py``).

The figure is drawn, and the rendered extents of its titles, suptitle, axis labels, tick labels,
annotations and legends are measured with matplotlib's own renderer: any two that overlap, or one
that the figure's edge cuts off, are a problem naming the texts. A title hidden under a suptitle, or
a legend over an axis label, then fails the example like any other error. (Numbers written without
their thousands' commas: ``figure_numbers.py``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from matplotlib.artist import Artist
from matplotlib.figure import Figure
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

    for name in ("_suptitle", "_supxlabel", "_supylabel"):
        text = getattr(fig, name, None)
        if text is not None and visible_text(text):
            add(text, f"figure {name.lstrip('_')} {text.get_text()!r}", name)
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


def text_layout_problems(fig: Figure) -> list[str]:
    """Return :func:`overlapping_text` and then :func:`clipped_text`, drawing ``fig`` once."""
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


class OverlappingTextError(RuntimeError):
    """A figure drawn by an example has text elements on top of each other."""
