"""Sphinx extension: Chinese search that finds any word of the text, not only words of a title.

Sphinx cuts Chinese text into words with jieba when it builds the index, and the browser looks a
query up among those words. Three gaps made most of our technical terms unfindable; each is
closed through Sphinx's public search-language interface (``app.add_search_language``):

- jieba's dictionary lacks words such as 学习率 or 反向传播 and cuts them into pieces. Before the
  index is built, every glossary term is written to a jieba user dictionary, which Sphinx loads
  through its public ``html_search_options["dict"]``.
- A word that jieba keeps inside a longer one (熵 in 交叉熵) is not indexed on its own, and Sphinx
  drops one-character words, though many Chinese words have one character (层, 熵, 核). The index
  holds every Han character of the text as well, so that any query can be cut into indexed words,
  and every two neighbouring words as a pair (``search_phrases.py``), so that a phrase finds the
  pages that hold it first.
- The browser kept a Chinese query as one unsplit term. ``search_query.js`` becomes the page's
  ``splitQuery`` (``js_splitter_code``) and cuts a query into the index's own words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from chinese_lines import CJK_LINE_BREAK, HAN
from internals import jieba_word_pattern, without_user_dictionary
from search_phrases import neighbour_pairs, splitter_code, stem_pair
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.search.zh import SearchChinese

HAN_WORD = re.compile(f"(?:{HAN.pattern})+")
USER_DICTIONARY = "nnguide-jieba-terms.txt"


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search, keeping one-character words and splitting queries in the browser."""

    js_splitter_code = splitter_code("zh")

    def init(self, options: dict[str, str]) -> None:
        """Sphinx's set-up, with the user dictionary read from a file that is closed again.

        (Given a path, ``jieba.load_userdict`` leaves the file open.)
        """
        super().init(without_user_dictionary(options))  # Sphinx loads none itself
        if options.get("dict"):
            import jieba  # noqa: PLC0415 (the English site does not need it)

            with Path(options["dict"]).open("rb") as dictionary:
                jieba.load_userdict(dictionary)

    def split(self, input: str) -> list[str]:
        """Sphinx's words (jieba's and Latin ones), every Han character, and every two neighbouring
        Chinese words as a pair ("自动 下载"): a query of two words then ranks the pages where
        they stand together first."""
        import jieba  # noqa: PLC0415 (the English site does not need it; site_languages checks it)

        text = CJK_LINE_BREAK.sub("", input)  # as the page shows it: a line break there is nothing
        pairs = neighbour_pairs(jieba.lcut(text), lambda word: bool(HAN_WORD.fullmatch(word)))
        return [*super().split(text), *HAN.findall(text), *pairs]

    def stem(self, word: str) -> str:
        """Sphinx's stem, of each word of a pair."""
        return stem_pair(word, super().stem)

    def word_filter(self, stemmed_word: str) -> bool:
        """Index every word of two or more characters, and every single Han character."""
        return len(stemmed_word) > 1 or bool(HAN.fullmatch(stemmed_word))


def user_dictionary_path(app: Sphinx) -> Path:
    """Where the jieba user dictionary of this build lives (beside the pickled environment)."""
    return Path(app.doctreedir) / USER_DICTIONARY


def use_user_dictionary(app: Sphinx, config: Config) -> None:
    """Point Sphinx's Chinese index at the user dictionary that ``write_user_dictionary`` fills."""
    config.html_search_options = {
        **config.html_search_options,
        "dict": str(user_dictionary_path(app)),
    }


def glossary_terms(env: BuildEnvironment) -> list[str]:
    """Every term of the site's glossaries, as written."""
    return sorted(
        {name for name, _, kind, *_ in env.domains.standard_domain.get_objects() if kind == "term"}
    )


def write_user_dictionary(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Write every glossary term that jieba can hold as one word (no spaces) to its dictionary.

    A term of several English words ("hidden layer") cannot be one jieba word; Sphinx indexes its
    words one by one, and a query for it finds the pages that hold them all. When the dictionary
    changes, every page is indexed again with it: the returned names are rewritten.
    """
    jieba_word = jieba_word_pattern()
    words = [term for term in glossary_terms(env) if jieba_word.fullmatch(term)]
    text = "".join(f"{word}\n" for word in words)
    path = user_dictionary_path(app)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return []
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return sorted(env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the search language and the user dictionary's two steps."""
    app.add_search_language(ChineseSearch)
    app.connect("config-inited", use_user_dictionary)
    app.connect("env-updated", write_user_dictionary)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
