r"""Sphinx extension: search knows phrases and the other names of terms, in both languages.

Through Sphinx's public search-language interface (``app.add_search_language``, a language's
``split``, ``stem`` and ``js_splitter_code``):

- The index holds every two neighbouring words of the text as one term, joined by a space
  ("xor problem", "异或 问题"): no single word has a space, so a pair is never confused with a word.
  The scorer (``search_ranking.js``) ranks first the pages where a query's words stand together.
- Sphinx's index reads each piece of text between two pieces of inline markup on its own, so
  words that a link or emphasis parts ("the :term:`XOR` problem", 的\ *线性*\ 函数) were never a
  pair. Each block of running text whose words are parted so also gets its whole text in a
  ``search_text`` node, which the index reads and no page shows.
- The browser's splitter (``search_query.js``) first turns the other names of a term that readers
  type (docs/terminology.toml: "skip connection", 感知器) into the name the site uses.

``EnglishSearch`` is Sphinx's English search with both; ``chinese_search.ChineseSearch`` adds them
to the Chinese one.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from language_checks import prose_blocks
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish
from terminology import alternatives

PAIR = " "
"""What joins the two words of a pair in the index."""
SPLITTER = Path(__file__).with_name("search_query.js")


def neighbour_pairs(words: list[str], is_word: Callable[[str], bool]) -> list[str]:
    """Every two neighbouring words of ``words`` that both pass ``is_word``, joined by ``PAIR``.

    >>> neighbour_pairs(["the", "xor", "problem"], lambda word: word != "the")
    ['xor problem']
    """
    return [
        f"{first}{PAIR}{second}"
        for first, second in itertools.pairwise(words)
        if is_word(first) and is_word(second)
    ]


def splitter_code(lang: str) -> str:
    """The browser's splitter for ``lang``, with that language's other names of terms."""
    names = json.dumps(alternatives(lang), ensure_ascii=False, sort_keys=True)
    return f"const NNGUIDE_ALTERNATIVES = {names};\n{SPLITTER.read_text(encoding='utf-8')}"


def stem_pair(word: str, stem: Callable[[str], str]) -> str:
    """``stem`` applied to each word of a pair (to ``word`` itself if it is one word)."""
    return PAIR.join(stem(part) for part in word.split(PAIR))


class EnglishSearch(SearchEnglish):
    """Sphinx's English search, indexing neighbouring words and knowing the terms' other names."""

    js_splitter_code = splitter_code("en")

    def split(self, input: str) -> list[str]:
        """Sphinx's words, and every two neighbouring ones that are neither stop words, numbers nor
        single letters (the "s" of "XOR's")."""
        words = super().split(input)
        return [*words, *neighbour_pairs(words, self.pairs_with)]

    def pairs_with(self, word: str) -> bool:
        """Whether ``word`` is part of a pair: not a stop word, a number or a single letter."""
        return len(word) > 1 and word.lower() not in self.stopwords and not word.isdigit()

    def stem(self, word: str) -> str:
        """Sphinx's stem, of each word of a pair."""
        return stem_pair(word, super().stem)


class search_text(nodes.Element):
    """The whole text of a block of running text, for the search index only: no page shows it."""


def _not_shown(_translator: object, _node: nodes.Element) -> None:
    raise nodes.SkipNode


def add_block_texts(_app: Sphinx, doctree: nodes.document) -> None:
    """Give each block whose text inline markup parts its text as one piece, for the index."""
    for block, text in list(prose_blocks(doctree)):
        if sum(1 for _ in block.findall(nodes.Text)) > 1:
            doctree += search_text("", nodes.Text(text))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the English search language and the index's block texts."""
    app.add_search_language(EnglishSearch)
    hidden = (_not_shown, None)
    app.add_node(search_text, html=hidden, latex=hidden, text=hidden, man=hidden, texinfo=hidden)
    app.connect("doctree-read", add_block_texts, priority=900)  # after the pages' own changes
    return {"parallel_read_safe": True, "parallel_write_safe": True}
