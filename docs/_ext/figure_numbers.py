"""The number checks that every figure of an example passes before it is saved (figure_scraper.py).

A number of five or more digits written without the comma that groups its thousands (60000 for
60,000) fails the example: the convention of the site's prose and printed output in both languages.
So does a negative number written with a hyphen (-1 for −1), as matplotlib writes tick labels
unless told otherwise.
"""

from __future__ import annotations

import re

from figure_checks import drawn_text
from matplotlib.figure import Figure

# Five or more digits in a row, not the decimals of a number before them nor part of a name:
# a number of the site's prose, printed output or figures written without its thousands' commas
UNGROUPED_NUMBER = re.compile(r"(?<![\d.,\w])\d{5,}(?![\d\w])")


def ungrouped_numbers(fig: Figure, *, draw: bool = True) -> list[str]:
    """Return one line for each visible text of ``fig`` with a number such as 60000 (not 60,000),
    and one for each that writes a minus sign as a hyphen (:func:`hyphen_minus_signs`)."""
    return [
        f"{text.get_text()!r} writes a number without grouping its thousands (60,000, not 60000)"
        for text in drawn_text(fig)
        if UNGROUPED_NUMBER.search(text.get_text())
    ] + hyphen_minus_signs(fig, draw=draw)


class UngroupedNumberError(RuntimeError):
    """A figure drawn by an example writes a large number without its thousands separator."""


# A hyphen-minus before a digit, not inside a word or a range (x-1, 1-2): a negative number
HYPHEN_MINUS = re.compile(r"(?<![\w)\]}])-(?=\d|\.\d)")


def hyphen_minus_signs(fig: Figure, *, draw: bool = True) -> list[str]:
    """Return one line for each visible text of ``fig`` that writes a minus sign as a hyphen.

    Tick labels are drawn with "−" (``axes.unicode_minus``, set by ``configure_matplotlib``);
    a number an example formats itself (``f"{w:.2f}"``) needs it too: ``.replace("-", "−")``.
    The tick labels are written when ``fig`` is drawn (``draw=False``: the caller has just drawn it).
    """
    if draw:
        fig.draw_without_rendering()
    return [
        f"{text.get_text()!r} writes a minus sign as a hyphen (-1, not −1)"
        for text in drawn_text(fig)
        if HYPHEN_MINUS.search(text.get_text()) and not text.get_text().startswith("$")
    ]
