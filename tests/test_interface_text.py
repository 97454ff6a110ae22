"""No interface text outside the catalogues: the code that makes the site holds no Chinese string.

Interface text is written in English in the code and translated by a catalogue (CONTRIBUTING.md,
"Interface text"); so any Chinese in a string of the site's extensions, templates, scripts or of
nnguide itself is text that bypasses the catalogues. Docstrings and comments may quote Chinese,
and the language rules must name the Chinese words they look for. (The pseudo-locale test,
``test_pseudo_locale.py``, finds English interface text on the built pages.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from chinese_lines import HAN
from site_facts import DOCS, SRC

CODE = [*sorted((DOCS / "_ext").glob("*.py")), *sorted((SRC / "nnguide").rglob("*.py"))]
BROWSER = [
    *sorted((DOCS / "_templates").rglob("*.html")),
    *sorted((DOCS / "_static").glob("*.js")),
    *sorted((DOCS / "_ext").glob("*.js")),
]
# Modules whose Chinese strings are rules about Chinese text, not text for the reader
RULES = {
    "language_checks.py": "words that introduce another name (又称), chapter numbers (第 2 章)",
}
CHARACTER_CLASS = re.compile(r"\[[^\]]*\]")  # [一-鿿]: a range of characters in a pattern
COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/|\{#.*?#\}|<!--.*?-->", re.DOTALL)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants of ``tree`` (module, classes, functions, attributes)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for statement in body:
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                found.add(id(statement.value))  # a docstring, or an attribute's docstring
    return found


def chinese_strings(path: Path) -> list[str]:
    """The string constants of the Python file ``path`` that hold Chinese, docstrings and
    character ranges of patterns aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and HAN.search(CHARACTER_CLASS.sub("", node.value))
    ]


def chinese_outside_comments(path: Path) -> list[str]:
    """The lines of the template or script ``path`` that hold Chinese, comments aside."""
    text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
    return [f"{path.name}: {line.strip()}" for line in text.splitlines() if HAN.search(line)]


@pytest.mark.parametrize("path", [p for p in CODE if p.name not in RULES], ids=lambda p: p.name)
def test_no_chinese_string_in_the_code(path: Path) -> None:
    assert chinese_strings(path) == []


@pytest.mark.parametrize("path", BROWSER, ids=lambda p: p.name)
def test_no_chinese_in_templates_and_scripts(path: Path) -> None:
    assert chinese_outside_comments(path) == []


def test_a_hard_coded_chinese_label_is_found(tmp_path: Path) -> None:
    module = tmp_path / "labels.py"
    module.write_text('"""模块说明。"""\n\n# 注释\nLABEL = "下载"\n', encoding="utf-8")
    assert chinese_strings(module) == ["labels.py:4: '下载'"]
    template = tmp_path / "switch.html"
    template.write_text('{# 注释 #}\n<a title="阅读本页">x</a>\n', encoding="utf-8")
    assert chinese_outside_comments(template) == ['switch.html: <a title="阅读本页">x</a>']
