"""nnguide's docstrings and comments in Chinese: the catalogue translates every one, the code stays.

``docs/_ext/code_language.py`` shows the Chinese site's API reference and source pages with each
docstring paragraph and comment looked up in ``docs/locales/zh_CN/LC_MESSAGES/sphinx.po``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from code_language import docstring_messages, source_messages, translate_docstring, translate_source
from language_checks import english_comments
from site_facts import DOCS, SRC

CATALOGUE = DOCS / "locales" / "zh_CN" / "LC_MESSAGES" / "sphinx.po"
MODULES = sorted((SRC / "nnguide").rglob("*.py"))
HAN = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"``[^`]+``|:\w+:`[^`]+`|\$[^$]+\$")


def translations() -> dict[str, str]:
    """The catalogue's translations, by message (the messages of one line or of several)."""
    with CATALOGUE.open("rb") as file:
        messages = list(read_po(file))
    return {
        message.id: message.string
        for message in messages
        if isinstance(message.id, str) and message.id and isinstance(message.string, str)
    }


def untranslated(source: str, catalogue: dict[str, str]) -> list[str]:
    """The messages of ``source`` that the catalogue lacks, or gives without Chinese although they
    are English prose."""
    return [
        message
        for message in source_messages(source)
        if not catalogue.get(message)
        or (
            not HAN.search(catalogue[message])
            and re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", CODE.sub("", message))
        )
    ]


def test_every_docstring_paragraph_and_comment_of_nnguide_is_translated() -> None:
    catalogue = translations()
    missing = {
        str(module.relative_to(SRC)): found
        for module in MODULES
        if (found := untranslated(module.read_text(encoding="utf-8"), catalogue))
    }
    assert missing == {}, "add these msgids to sphinx.po (python docs/_ext/code_language.py FILE)"


def test_an_english_comment_the_catalogue_lacks_is_found() -> None:
    source = 'def f(x):\n    """Add one."""\n    return x + 1  # one more than x\n'
    assert untranslated(source, {"Add one.": "加一。"}) == ["one more than x"]
    assert untranslated(source, {"Add one.": "加一。", "one more than x": "one more than x"}) == [
        "one more than x"
    ]  # "translated" into the same English


def test_translations_keep_the_code_and_markup_of_their_message() -> None:
    lost = [
        (message, code)
        for message, translation in translations().items()
        for code in CODE.findall(message)
        if code not in translation
    ]
    assert lost == []


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.name)
def test_the_translated_source_is_the_same_program_with_chinese_comments(module: Path) -> None:
    catalogue = translations()
    source = module.read_text(encoding="utf-8")
    translated = translate_source(source, lambda message: catalogue.get(message) or message)

    def program(code: str) -> str:
        tree = ast.parse(code)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                node.value = ""  # docstrings (and strings) masked: what is left is the code
        return ast.dump(tree)

    assert program(translated) == program(source)
    assert english_comments(translated) == []


def test_headings_and_examples_are_kept_and_only_prose_is_translated() -> None:
    docstring = "Add one.\n\nParameters\n----------\nx : int\n    A number.\n\n>>> f(1)\n2"
    assert docstring_messages(docstring) == ["Add one.", "x : int\n    A number."]
    chinese = {"Add one.": "加一。", "x : int\n    A number.": "x : int\n    一个数。"}
    assert translate_docstring(docstring, lambda m: chinese.get(m, m)) == (
        "加一。\n\nParameters\n----------\nx : int\n    一个数。\n\n>>> f(1)\n2"
    )


def test_a_translated_docstring_is_written_back_as_a_docstring_of_the_same_function() -> None:
    source = 'def f(x):\n    """Add one.\n\n    More text.\n    """\n    return x + 1  # one more\n'
    chinese = {"Add one.": "加一。", "More text.": "更多说明，\n分两行。", "one more": "多一"}
    translated = translate_source(source, lambda m: chinese.get(m, m))
    assert translated == (
        'def f(x):\n    """加一。\n\n    更多说明，\n    分两行。\n    """\n    return x + 1  # 多一\n'
    )
    assert ast.get_docstring(ast.parse(translated).body[0]) == "加一。\n\n更多说明，\n分两行。"  # type: ignore[arg-type]
