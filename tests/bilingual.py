"""Checks that the trees of every language say the same thing in code.

The languages are written separately, so nothing but a test keeps them in step. Each language is
compared with the first of ``docs/languages.toml`` (:func:`language_pairs`). For each pair of
examples, the executable code must be identical once comments, docstrings and string literals (the
text a reader sees) are masked; both must have the same number of text cells and section headings.
For each pair of narrative pages, the code blocks must be identical.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sphinx_gallery.py_source_parser import split_code_and_text_blocks

HEADING_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+<>])\1{2,}\s*$")
MYST_HEADING = re.compile(r"^#{1,6} ")
MYST_CODE = re.compile(r"^(```+|:::+)\{?([\w-]*)\}?.*?\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
# Directives whose body is prose, and so differs between the languages.
PROSE_DIRECTIVES = {
    "glossary",
    "grid",
    "grid-item-card",
    "note",
    "tip",
    "warning",
    "dropdown",
    "admonition",
    "toctree",
}


class ParityError(AssertionError):
    """The two languages disagree."""


class _MaskText(ast.NodeTransformer):
    """Replace every string by an empty one, and an f-string by its fields: what is left is the program.

    The fields of an f-string (``{history.epochs}``, with their format specs) are code and stay; the
    words around them are text, and their number and place differ between the languages, and so may
    the order of the fields ("solved {k} of {n}" / "{n} 个中解决了 {k} 个"): they are sorted.
    """

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(value=""), node)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.JoinedStr:
        fields = [
            ast.FormattedValue(
                value=self.visit(value.value),
                conversion=value.conversion,
                format_spec=value.format_spec,
            )
            for value in node.values
            if isinstance(value, ast.FormattedValue)
        ]
        fields.sort(key=ast.dump)
        return ast.copy_location(ast.JoinedStr(values=list[ast.expr](fields)), node)


def _masked_statements(path: Path) -> list[tuple[int, str]]:
    tree = _MaskText().visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return [(stmt.lineno, ast.dump(stmt)) for stmt in tree.body]


@dataclass(frozen=True)
class _Layout:
    text_cells: int
    headings: list[int]  # line numbers


def _layout(path: Path) -> _Layout:
    _, blocks = split_code_and_text_blocks(str(path))
    text_blocks = [block for block in blocks if block.type == "text"]
    headings = []
    for block in text_blocks:
        lines = block.content.splitlines()
        headings += [
            block.lineno + i
            for i, line in enumerate(lines)
            if i > 0 and HEADING_UNDERLINE.match(line) and lines[i - 1].strip()
        ]
    return _Layout(text_cells=len(text_blocks), headings=headings)


def _compare_in_order(
    what: str, en_items: list[tuple[int, str]], en: Path, zh_items: list[tuple[int, str]], zh: Path
) -> None:
    """Raise at the first pair of (line, content) items that differ, or where one side runs out."""
    for (en_line, en_item), (zh_line, zh_item) in zip(en_items, zh_items, strict=False):
        if en_item != zh_item:
            msg = f"{what} differs: {en}:{en_line} vs {zh}:{zh_line}"
            raise ParityError(msg)
    if len(en_items) != len(zh_items):
        (longer, longer_items), (shorter, _) = sorted(
            ((en, en_items), (zh, zh_items)), key=lambda side: -len(side[1])
        )
        extra_line = longer_items[min(len(en_items), len(zh_items))][0]
        msg = f"{longer}:{extra_line} has {what} that {shorter} lacks"
        raise ParityError(msg)


def check_example_pair(en: Path, zh: Path) -> None:
    """Raise :class:`ParityError` naming the first place where two examples differ in code or layout."""
    _compare_in_order("code", _masked_statements(en), en, _masked_statements(zh), zh)
    en_layout, zh_layout = _layout(en), _layout(zh)
    if en_layout.text_cells != zh_layout.text_cells:
        msg = f"{en} has {en_layout.text_cells} text cells but {zh} has {zh_layout.text_cells}"
        raise ParityError(msg)
    if len(en_layout.headings) != len(zh_layout.headings):
        n = min(len(en_layout.headings), len(zh_layout.headings))
        where = [
            f"{p}:{h[n]}"
            for p, h in ((en, en_layout.headings), (zh, zh_layout.headings))
            if len(h) > n
        ]
        msg = (
            f"{en} has {len(en_layout.headings)} headings but {zh} has {len(zh_layout.headings)}; "
            f"first unmatched heading at {where[0]}"
        )
        raise ParityError(msg)


def _code_blocks(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    blocks = []
    for match in MYST_CODE.finditer(text):
        if match.group(2) in PROSE_DIRECTIVES:
            continue
        line = text.count("\n", 0, match.start()) + 1
        blocks.append((line, match.group(3)))
    return blocks


def check_page_pair(en: Path, zh: Path) -> None:
    """Raise :class:`ParityError` if two narrative pages differ in their code blocks or heading count."""
    _compare_in_order("code block", _code_blocks(en), en, _code_blocks(zh), zh)
    count = [
        sum(bool(MYST_HEADING.match(line)) for line in p.read_text(encoding="utf-8").splitlines())
        for p in (en, zh)
    ]
    if count[0] != count[1]:
        msg = f"{en} has {count[0]} headings but {zh} has {count[1]}"
        raise ParityError(msg)


GENERATED = {"auto_examples", "generated", "_build"}


def _sources(root: Path, pattern: str) -> set[Path]:
    return {
        p.relative_to(root)
        for p in root.rglob(pattern)
        if not GENERATED & set(p.relative_to(root).parts)
    }


def check_counterparts(en_root: Path, zh_root: Path, pattern: str) -> list[tuple[Path, Path]]:
    """Return the pairs of source files matching ``pattern``; raise if one has no counterpart."""
    en_files, zh_files = _sources(en_root, pattern), _sources(zh_root, pattern)
    missing = sorted(str(en_root / p) for p in en_files - zh_files) + sorted(
        str(zh_root / p) for p in zh_files - en_files
    )
    if missing:
        msg = "no counterpart in the other language for: " + ", ".join(missing)
        raise ParityError(msg)
    return [(en_root / p, zh_root / p) for p in sorted(en_files)]


def language_pairs(root: Path, codes: Sequence[str]) -> list[tuple[Path, Path, str]]:
    """Every pair of counterparts between the first language of ``codes`` and each other one:
    ``(first's file, other's file, "example" or "page")``; raise if a file has no counterpart.

    ``root`` holds ``examples/<code>`` and ``docs/<code>``.
    """
    first, *others = codes
    pairs = []
    for other in others:
        for folder, kind, pattern in (("examples", "example", "*.py"), ("docs", "page", "*.md")):
            for extra in {"*.py", "*.rst", "*.md"} - {pattern}:  # every file has a counterpart
                check_counterparts(root / folder / first, root / folder / other, extra)
            pairs += [
                (mine, theirs, kind)
                for mine, theirs in check_counterparts(
                    root / folder / first, root / folder / other, pattern
                )
            ]
    return pairs


def check_pair(first: Path, other: Path, kind: str) -> None:
    """Check one pair of :func:`language_pairs`."""
    (check_example_pair if kind == "example" else check_page_pair)(first, other)
