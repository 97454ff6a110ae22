"""sphinx-gallery's matplotlib scraper, after the figure checks, saving each figure's smallest text.

:func:`checked_matplotlib_scraper` is the ``image_scrapers`` setting (``docs/shared_conf.py``).
Before sphinx-gallery saves the figures an example shows, it runs the checks of
``figure_checks.py`` and ``figure_numbers.py`` and fails the example on a problem. Each image's alt
text is its figure's label, or else its titles (``figure_checks.alt_text``). An animated figure
(a :class:`~matplotlib.animation.Animation` of the example's) is saved as its still and its frames,
and shown by the player of ``animations.py``; a cell's animations come before its other figures.
Every saved PNG
also records the font size of its smallest text, as a fraction of the figure's width
(:func:`smallest_text`, in the PNG text chunk ``SMALLEST_TEXT_KEY``): the browser tests multiply it
by the width a page shows the figure at, on a phone and on a desktop, and fail a figure whose text
would be too small to read (``check_figure_text`` in ``e2e/checks.py``). How it reaches into
sphinx-gallery's scraper and matplotlib's animations is in ``internals.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from animations import animation_rst
from figure_checks import (
    OverlappingTextError,
    UnexplainedFigureError,
    alt_text,
    drawn_text,
    figure_titles,
    text_layout_problems,
    unexplained_figure,
)
from figure_numbers import UngroupedNumberError, ungrouped_numbers
from internals import animated_figure, savefig_metadata, with_alt_texts
from matplotlib.animation import Animation
from matplotlib.figure import Figure
from sphinx_gallery.scrapers import figure_rst, matplotlib_scraper

SMALLEST_TEXT_KEY = "nnguide:smallest-text"
"""The PNG text chunk that holds ``{"em_per_width": ..., "text": ...}`` (:func:`smallest_text`)."""


def smallest_text(fig: Figure) -> dict[str, float | str] | None:
    """Return the smallest visible text of ``fig``: its font size per unit of figure width, and it.

    A page that shows the figure ``w`` pixels wide shows that text's font (its em box) ``em_per_width
    * w`` pixels high, whatever dpi the PNG was saved at. ``None`` when the figure has no text.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(4, 3))
    >>> _ = ax.set_title("loss", fontsize=14.4)
    >>> _ = ax.set_xticks([0, 1], ["0", "1"], fontsize=12)
    >>> smallest_text(fig)  # 12 points in a figure 4 × 72 points wide
    {'em_per_width': 0.041666..., 'text': '0'}
    >>> plt.close(fig)
    """
    texts = drawn_text(fig)
    if not texts:
        return None
    smallest = min(texts, key=lambda text: text.get_fontsize())
    width_pt = float(fig.get_figwidth()) * 72  # font sizes are in points, 72 to the inch
    return {"em_per_width": float(smallest.get_fontsize()) / width_pt, "text": smallest.get_text()}


def checked_matplotlib_scraper(block: Any, block_vars: dict[str, Any], gallery_conf: Any) -> str:
    """Check every open figure, then save the animations' and hand the rest to sphinx-gallery."""
    import matplotlib.pyplot as plt  # noqa: PLC0415 (sphinx-gallery resets matplotlib per example)

    figures = [plt.figure(number) for number in plt.get_fignums()]
    # each figure's PNGs (and its 2x copy) record its own smallest text as metadata
    records = {fig: smallest_text(fig) for fig in figures}
    metadata = {
        fig: {SMALLEST_TEXT_KEY: json.dumps(record)}
        for fig, record in records.items()
        if record is not None
    }
    with savefig_metadata(metadata):
        return scraped_figures(block, block_vars, gallery_conf, figures)


def scraped_figures(
    block: Any, block_vars: dict[str, Any], gallery_conf: Any, figures: list[Figure]
) -> str:
    """Save the animations' figures, check the others, and hand them to sphinx-gallery's scraper."""
    import matplotlib.pyplot as plt  # noqa: PLC0415

    # Drawing an animated figure outside a save starts its animation, which redraws its first
    # frame: it is saved as it stands (its still), and checked frame by frame as its frames are saved.
    stills = {}
    for fig in figures:
        animation = animation_of(fig, block_vars)
        if animation is not None:
            paths: Iterator[str] = block_vars["image_path_iterator"]
            still = Path(next(paths))
            stills[animation] = (fig, still, save_still(fig, still, gallery_conf))
    animated = [fig for fig, _, _ in stills.values()]
    check_figures(
        [fig for fig in figures if fig not in animated], block_vars.get("src_file", "an example")
    )
    shown = [
        show_animation(animation, fig, still, still_rst)
        for animation, (fig, still, still_rst) in stills.items()
    ]
    static = [plt.figure(number) for number in plt.get_fignums()]
    result = with_alt_texts(
        matplotlib_scraper(block, block_vars, gallery_conf), [alt_text(fig) for fig in static]
    )
    return "".join([*shown, result])


def check_figures(figures: list[Figure], example: str) -> None:
    """Raise the first kind of problem that any of ``figures`` has, after closing them all."""
    import matplotlib.pyplot as plt  # noqa: PLC0415

    def problems_of(check: Callable[[Figure], list[str]]) -> list[str]:
        return [
            f"figure {number}: {problem}"
            for number, fig in enumerate(figures, start=1)
            for problem in check(fig)
        ]

    numbers = problems_of(ungrouped_numbers)
    if numbers:
        plt.close("all")
        raise UngroupedNumberError(f"{example}: " + "; ".join(numbers))
    problems = problems_of(text_layout_problems)
    if problems:
        plt.close("all")
        msg = (
            f"{example} draws text that overlaps or is cut off:\n  "
            + "\n  ".join(problems)
            + "\nMake room (layout='constrained', a larger figure, fewer columns) or shorten a label."
        )
        raise OverlappingTextError(msg)
    unexplained = problems_of(unexplained_figure)
    if unexplained:
        plt.close("all")
        msg = f"{example} draws a figure that does not explain itself:\n  " + "\n  ".join(
            unexplained
        )
        raise UnexplainedFigureError(msg)


def animation_of(fig: Figure, block_vars: dict[str, Any]) -> Animation | None:
    """Return the example's animation of ``fig``, if it keeps one in a global variable."""
    for value in block_vars.get("example_globals", {}).values():
        if isinstance(value, Animation) and animated_figure(value) is fig:
            return value
    return None


def frame_problems(fig: Figure) -> list[str]:
    """Every check of ``check_figures``, on ``fig`` as it stands, drawing it once."""
    fig.draw_without_rendering()
    return (
        ungrouped_numbers(fig, draw=False)
        + text_layout_problems(fig, draw=False)
        + unexplained_figure(fig, draw=False)
    )


def save_still(fig: Figure, still: Path, gallery_conf: Any) -> str:
    """Save ``fig`` as it stands at ``still`` and at the srcset's resolutions; return its reST."""
    srcset: dict[float, Any] = {0: still}
    for factor in gallery_conf["image_srcset"]:
        sharper = still.with_name(
            f"{still.stem}_{factor:.2f}".replace(".", "_") + f"x{still.suffix}"
        )
        fig.savefig(sharper, dpi=factor * fig.dpi)
        srcset[factor] = sharper
    fig.savefig(still)  # last: the frames keep the layout computed at their resolution
    # the still's alt text is its titles (the last step's); the label is the player's caption
    alt = figure_titles(fig) or alt_text(fig)
    rst: str = figure_rst([still], gallery_conf["src_dir"], alt, srcsetpaths=[srcset])
    return rst


def show_animation(animation: Animation, fig: Figure, still: Path, still_rst: str) -> str:
    """Save the frames of ``fig``'s animation beside its still; return the player's reST.

    The figure is closed afterwards (``animations.animation_rst``).
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415

    rst = animation_rst(
        animation,
        fig,
        still,
        still_rst,
        check=frame_problems,
        titles=figure_titles,
    )
    plt.close(fig)
    return rst
