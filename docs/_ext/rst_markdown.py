"""The reST of a chapter's text block, as Markdown that a notebook shows like the page.

Headings, paragraphs (their inline markup by ``rst_inline.py``), simple and list tables,
admonitions, ``dropdown`` answers (as ``<details>``), ``code-block`` (an exercise's answer) and
``literalinclude`` (the included code, read as Sphinx reads it: ``internals.read_literal_include``);
an unknown directive stops the build rather than leak reST into a notebook. Line breaks between
Chinese characters are joined, as on the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from chinese_lines import CJK_LINE_BREAK
from internals import read_literal_include
from rst_inline import inline_markdown
from sphinx.errors import ExtensionError
from sphinx.locale import _

DIRECTIVE = re.compile(r"^(?P<indent> *)\.\. (?P<name>[\w-]+)::[ \t]*(?P<argument>.*)$")
OPTION = re.compile(r"^ *:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$")
UNDERLINE = {"=": 1, "-": 2, "~": 3}
TABLE_BORDER = re.compile(r"^ *=+( +=+)+ *$")
# Each admonition's title: Sphinx's own message, translated by its catalogue
ADMONITIONS = {"note": "Note", "tip": "Tip", "warning": "Warning"}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _table(rows: list[list[str]], header_rows: int) -> list[str]:
    width = max(len(row) for row in rows)
    rows = [[inline_markdown(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(max(header_rows, 1), "|" + " --- |" * width)
    return lines


def _directive(
    name: str, argument: str, options: dict[str, str], body: list[str], base: Path
) -> list[str]:
    if name == "math":
        return ["$$", *[line for line in body if line.strip()], "$$"]
    if name == "dropdown":
        summary = f"<details><summary>{inline_markdown(argument)}</summary>"
        return [summary, "", *rst_lines(body, base), "", "</details>"]
    if name in ADMONITIONS:
        return [f"> **{_(ADMONITIONS[name])}**", *(f"> {line}" for line in rst_lines(body, base))]
    if name == "literalinclude":
        path = (base / argument).resolve()
        typed: dict[str, Any] = {**options}
        if "dedent" in options:
            typed["dedent"] = int(options["dedent"])  # as the directive's option_spec would
        code = read_literal_include(path, typed)
        return [f"```{options.get('language', 'python')}", *code.rstrip("\n").split("\n"), "```"]
    if name in ("code-block", "code"):  # an exercise's answer: the code, as the page shows it
        code = "\n".join(body).strip("\n")
        return [f"```{argument or 'python'}", *code.split("\n"), "```"]
    if name == "list-table":
        rows: list[list[str]] = []
        for line in body:
            if line.startswith("* - "):
                rows.append([line[4:].strip()])
            elif line.strip().startswith("- "):
                rows[-1].append(line.strip()[2:].strip())
        return _table(rows, int(options.get("header-rows", "0")))
    msg = f"the notebooks have no Markdown for the {name!r} directive: add it to rst_markdown.py."
    raise ExtensionError(msg)


def _heading_level(line: str, following: str) -> int:
    """The Markdown level of ``line`` if ``following`` underlines it, else 0."""
    marks = set(following.strip())
    if not line.strip() or len(marks) != 1 or not marks <= set(UNDERLINE):
        return 0
    return UNDERLINE[following.strip()[0]] if len(following.strip()) >= len(line.strip()) else 0


def _directive_block(
    lines: list[str], i: int, indent: int
) -> tuple[list[str], dict[str, str], int]:
    """The body and options of the directive on line ``i``, and the index of the line after it."""
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > indent):
        j += 1
    block = [line[indent + 3 :].rstrip() for line in lines[i + 1 : j]]
    options: dict[str, str] = {}
    while block and (option := OPTION.match(block[0])):
        options[option["name"]] = option["value"]
        block.pop(0)
    while j > i + 1 and not lines[j - 1].strip():
        j -= 1  # the blank lines after the block belong to what follows
    return block, options, j


def _simple_table(lines: list[str], i: int) -> tuple[list[str], int]:
    """The simple table whose top border is line ``i``, and the index of the line after it."""
    rows: list[list[str]] = []
    borders, header_rows, j = 1, 0, i + 1
    while j < len(lines) and borders < 3:
        if TABLE_BORDER.match(lines[j]):
            borders += 1
            header_rows = header_rows or len(rows)
        elif lines[j].strip():
            rows.append(re.split(r" {2,}", lines[j].strip()))
        j += 1
    return _table(rows, header_rows), j


def rst_lines(lines: list[str], base: Path) -> list[str]:
    """Convert reST lines (the subset the chapters use) to Markdown lines."""
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            # Jupyter shows a line break as a space, which does not belong between two CJK characters
            out.extend(CJK_LINE_BREAK.sub("", inline_markdown("\n".join(paragraph))).split("\n"))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        directive = DIRECTIVE.match(line)
        level = _heading_level(line, following)
        if line.strip() and not (directive or level or TABLE_BORDER.match(line)):
            paragraph.append(line)
            i += 1
            continue
        flush()
        if not line.strip():
            out.append("")
            i += 1
        elif directive:
            indent = len(directive["indent"])
            body, options, i = _directive_block(lines, i, indent)
            converted = _directive(directive["name"], directive["argument"], options, body, base)
            out.extend(" " * indent + part if part else "" for part in converted)
        elif level:
            out.extend(["#" * level + " " + inline_markdown(line.strip()), ""])
            i += 2
        else:
            table, i = _simple_table(lines, i)
            out.extend(table)
    flush()
    return out


def rst_to_markdown(text: str, base: Path) -> str:
    """Convert one text block of an example; ``base`` is the folder include paths start from."""
    markdown = "\n".join(line.rstrip() for line in rst_lines(text.strip("\n").split("\n"), base))
    return re.sub(r"\n{3,}", "\n\n", markdown).strip("\n") + "\n"
