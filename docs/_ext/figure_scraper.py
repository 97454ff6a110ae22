"""sphinx-gallery's matplotlib scraper, after the figure checks, saving each figure's smallest text.

:func:`checked_matplotlib_scraper` is the ``image_scrapers`` setting (``docs/shared_conf.py``).
Before sphinx-gallery saves the figures an example shows, it runs the checks of
``figure_checks.py`` and ``figure_numbers.py`` and fails the example on a problem. Every saved PNG
also records the font size of its smallest text, as a fraction of the figure's width
(:func:`smallest_text`, in the PNG text chunk ``SMALLEST_TEXT_KEY``): the browser tests multiply it
by the width a page shows the figure at, on a phone and on a desktop, and fail a figure whose text
would be too small to read (``check_figure_text`` in ``e2e/checks.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

from figure_checks import OverlappingTextError, drawn_text, text_layout_problems
from figure_numbers import UngroupedNumberError, ungrouped_numbers
from matplotlib.figure import Figure
from sphinx_gallery.scrapers import matplotlib_scraper

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
    """Check every open figure's text, then hand the figures to sphinx-gallery's scraper."""
    import matplotlib.pyplot as plt  # noqa: PLC0415 (sphinx-gallery resets matplotlib per example)

    def problems_of(check: Callable[[Figure], list[str]]) -> list[str]:
        return [
            f"figure {number}: {problem}"
            for number in plt.get_fignums()
            for problem in check(plt.figure(number))
        ]

    numbers = problems_of(ungrouped_numbers)
    if numbers:
        plt.close("all")
        msg = f"{block_vars.get('src_file', 'an example')}: " + "; ".join(numbers)
        raise UngroupedNumberError(msg)
    problems = problems_of(text_layout_problems)
    if problems:
        plt.close("all")
        msg = (
            f"{block_vars.get('src_file', 'an example')} draws text that overlaps or is cut off:\n  "
            + "\n  ".join(problems)
            + "\nMake room (layout='constrained', a larger figure, fewer columns) or shorten a label."
        )
        raise OverlappingTextError(msg)
    for number in plt.get_fignums():
        fig = plt.figure(number)
        record = smallest_text(fig)
        if record is not None:
            # sphinx-gallery's scraper calls fig.savefig for the PNG and its 2x copy, with the same
            # keywords for every figure: this figure's own record rides along as PNG metadata
            metadata = {SMALLEST_TEXT_KEY: json.dumps(record)}
            fig.savefig = partial(fig.savefig, metadata=metadata)  # type: ignore[method-assign]
    result: str = matplotlib_scraper(block, block_vars, gallery_conf)
    return result
