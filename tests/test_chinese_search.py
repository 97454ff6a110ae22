"""The Chinese search index: jieba learns the glossary, single characters and word pairs are kept.

The browser side (queries cut into the index's words, ranking) is tested in e2e/test_site.py.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from chinese_search import ChineseSearch, write_user_dictionary


def _app_and_env(tmp_path: Path, terms: list[str]) -> tuple[Any, Any]:
    objects = [(term, term, "term", "concepts", f"term-{i}", -1) for i, term in enumerate(terms)]
    objects.append(("nnguide.Perceptron", "Perceptron", "class", "api", "x", 1))
    standard_domain = SimpleNamespace(get_objects=lambda: iter(objects))
    env = SimpleNamespace(
        domains=SimpleNamespace(standard_domain=standard_domain),
        found_docs={"index", "concepts"},
    )
    app = SimpleNamespace(doctreedir=tmp_path, config=SimpleNamespace(language="zh_CN"))
    return app, env


def test_every_glossary_term_that_can_be_one_word_goes_to_the_dictionary(tmp_path: Path) -> None:
    app, env = _app_and_env(tmp_path, ["学习率", "死亡单元", "hidden layer", "epoch"])
    assert write_user_dictionary(app, env) == ["concepts", "index"]  # every page indexed again
    words = (tmp_path / "nnguide-jieba-terms.txt").read_text(encoding="utf-8").split("\n")
    assert words == ["epoch", "学习率", "死亡单元", ""]  # "hidden layer" cannot be one jieba word
    assert write_user_dictionary(app, env) == []  # unchanged: nothing to index again


def test_the_index_keeps_single_characters_and_neighbouring_words(tmp_path: Path) -> None:
    app, env = _app_and_env(tmp_path, ["交叉熵", "学习率"])
    write_user_dictionary(app, env)
    search = ChineseSearch({"dict": str(tmp_path / "nnguide-jieba-terms.txt")})
    words = search.split("交叉熵损失函数和学习率")
    assert "交叉熵" in words  # a glossary term, whole
    assert "学习率" in words
    assert "熵" in words  # a character jieba keeps inside a longer word
    assert "损失函数学习率" not in words  # 和 stands between them
    assert any(word.startswith("交叉熵") and len(word) > 3 for word in words)  # a word pair
    assert search.word_filter("熵")
    assert not search.word_filter("a")
    assert not search.word_filter("，")
