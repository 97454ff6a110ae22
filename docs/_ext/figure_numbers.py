"""The number check that every figure of an example passes before it is saved (figure_scraper.py).

A number of five or more digits written without the comma that groups its thousands (60000 for
60,000) fails the example: the convention of the site's prose and printed output in both languages.
"""

from __future__ import annotations

import re

from figure_checks import drawn_text
from matplotlib.figure import Figure

# Five or more digits in a row, not the decimals of a number before them nor part of a name:
# a number of the site's prose, printed output or figures written without its thousands' commas
UNGROUPED_NUMBER = re.compile(r"(?<![\d.,\w])\d{5,}(?![\d\w])")


def ungrouped_numbers(fig: Figure) -> list[str]:
    """Return one line for each visible text of ``fig`` with a number such as 60000 (not 60,000)."""
    return [
        f"{text.get_text()!r} writes a number without grouping its thousands (60,000, not 60000)"
        for text in drawn_text(fig)
        if UNGROUPED_NUMBER.search(text.get_text())
    ]


class UngroupedNumberError(RuntimeError):
    """A figure drawn by an example writes a large number without its thousands separator."""
