"""The search index holds neighbouring words as pairs, so that a phrase ranks the pages saying it.

The browser side (phrases ranked first, other names of terms, the fallback to most words) is
tested in e2e/test_site.py.
"""

from __future__ import annotations

from types import SimpleNamespace

from chinese_search import ChineseSearch
from docutils.core import publish_doctree
from search_phrases import EnglishSearch, add_block_texts, search_text, splitter_code


def test_english_pairs_are_neighbouring_words_that_are_not_stop_words_numbers_or_letters() -> None:
    search = EnglishSearch({})
    words = search.split("The XOR problem's 2 hidden layers")
    pairs = [word for word in words if " " in word]
    assert pairs == [
        "XOR problem",
        "hidden layers",
    ]  # not "The XOR", "problem s", "s 2", "2 hidden"
    assert search.stem("XOR problem") == "xor problem"
    assert search.stem("hidden layers") == "hidden layer"  # each word stemmed, as a query's words


def test_words_a_stop_word_stands_between_are_not_a_pair() -> None:
    words = EnglishSearch({}).split("solves the XOR problem with hidden layers")
    assert [word for word in words if " " in word] == ["XOR problem", "hidden layers"]


def test_chinese_pairs_are_joined_by_a_space() -> None:
    search = ChineseSearch({"dict": ""})
    assert search.split("异或问题") == ["异或", "问题", "异", "或", "问", "题", "异或 问题"]
    assert search.stem("异或 问题") == "异或 问题"


def test_the_browser_splitter_knows_the_other_names_of_the_sites_language() -> None:
    assert '"感知器": "感知机"' in splitter_code("zh")
    assert '"skip connection": "residual connection"' in splitter_code("en")
    assert "感知器" not in splitter_code("en").split(";")[0]  # the English names only


def test_a_line_break_between_chinese_words_does_not_part_them() -> None:
    """The page shows "的线性\\n函数" as 的线性函数; the index pairs 线性 and 函数 as on the page."""
    words = ChineseSearch({"dict": ""}).split("它是 x 的线性\n函数：")
    assert "线性 函数" in words


def test_a_block_that_inline_markup_parts_gives_the_index_its_whole_text() -> None:
    doctree = publish_doctree(
        "的\\ *线性*\\ 函数，:math:`x` 不算。\n\nOne piece of text.\n",
        settings_overrides={"report_level": 5},
    )
    add_block_texts(SimpleNamespace(), doctree)  # type: ignore[arg-type]
    hidden = [node.astext() for node in doctree.findall(search_text)]
    assert hidden == [
        "的线性函数，  不算。"
    ]  # math is not prose; the one-piece paragraph needs none
    assert "线性 函数" in ChineseSearch({"dict": ""}).split(hidden[0])
