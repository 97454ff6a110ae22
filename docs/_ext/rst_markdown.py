"""The reST of a chapter's text block, as Markdown that a notebook shows like the page.

Headings, emphasis, inline code and math, roles (``:term:``, ``:func:``...), links, escapes, simple
tables, admonitions, ``dropdown`` answers (as ``<details>``) and ``literalinclude`` (the included
code, read with Sphinx's ``LiteralIncludeReader``); an unknown directive stops the build rather than
leak reST into a notebook. Line breaks between Chinese characters are joined, as on the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from chinese_lines import CJK_LINE_BREAK
from sphinx.config import Config
from sphinx.directives.code import LiteralIncludeReader
from sphinx.errors import ExtensionError

DIRECTIVE = re.compile(r"^(?P<indent> *)\.\. (?P<name>[\w-]+)::[ \t]*(?P<argument>.*)$")
OPTION = re.compile(r"^ *:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$")
UNDERLINE = {"=": 1, "-": 2, "~": 3}
TABLE_BORDER = re.compile(r"^ *=+( +=+)+ *$")
MATH_ROLE = re.compile(r":math:`(.+?)`", re.DOTALL)
CODE_ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|obj):`~?(?P<target>[^`]+?)`", re.DOTALL)
TERM_ROLE = re.compile(r":term:`(?P<text>[^`<]+?)(?:\s*<[^`>]+>)?`", re.DOTALL)
EXTERNAL_LINK = re.compile(r"`(?P<text>[^`<]+?)\s*<(?P<url>[^`>]+)>`_", re.DOTALL)
ADMONITIONS = {"note": "Note", "tip": "Tip", "warning": "Warning"}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _inline(text: str) -> str:
    """Convert reST inline markup to Markdown; math is kept exactly as written."""
    maths: list[str] = []

    def keep_math(match: re.Match[str]) -> str:
        maths.append(match.group(1))
        return f"\0{len(maths) - 1}\0"

    text = MATH_ROLE.sub(keep_math, text)
    text = text.replace("\\ ", "")  # reST's escaped space, which glues markup to CJK text
    text = re.sub(r"``(.+?)``", r"`\1`", text, flags=re.DOTALL)
    text = CODE_ROLE.sub(
        lambda m: f"`{m['target'].split('.')[-1] if '~' in m[0] else m['target']}`", text
    )
    text = TERM_ROLE.sub(lambda m: f"**{' '.join(m['text'].split())}**", text)
    text = EXTERNAL_LINK.sub(lambda m: f"[{' '.join(m['text'].split())}]({m['url']})", text)
    return re.sub("\0(\\d+)\0", lambda m: f"${maths[int(m[1])]}$", text)


def _table(rows: list[list[str]], header_rows: int) -> list[str]:
    width = max(len(row) for row in rows)
    rows = [[_inline(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(max(header_rows, 1), "|" + " --- |" * width)
    return lines


def _directive(
    name: str, argument: str, options: dict[str, str], body: list[str], base: Path
) -> list[str]:
    if name == "math":
        return ["$$", *[line for line in body if line.strip()], "$$"]
    if name == "dropdown":
        return [
            f"<details><summary>{_inline(argument)}</summary>",
            "",
            *rst_lines(body, base),
            "",
            "</details>",
        ]
    if name in ADMONITIONS:
        return [f"> **{ADMONITIONS[name]}**", *(f"> {line}" for line in rst_lines(body, base))]
    if name == "literalinclude":
        path = (base / argument).resolve()
        typed: dict[str, Any] = {**options}
        if "dedent" in options:
            typed["dedent"] = int(options["dedent"])  # as the directive's option_spec would
        code, _ = LiteralIncludeReader(str(path), typed, Config()).read()  # default encoding
        return [f"```{options.get('language', 'python')}", *code.rstrip("\n").split("\n"), "```"]
    if name == "list-table":
        rows: list[list[str]] = []
        for line in body:
            if line.startswith("* - "):
                rows.append([line[4:].strip()])
            elif line.strip().startswith("- "):
                rows[-1].append(line.strip()[2:].strip())
        return _table(rows, int(options.get("header-rows", "0")))
    msg = (
        f"the notebooks have no Markdown for the {name!r} directive: add it to clean_notebooks.py."
    )
    raise ExtensionError(msg)


def rst_lines(lines: list[str], base: Path) -> list[str]:
    """Convert reST lines (the subset the chapters use) to Markdown lines."""
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            # Jupyter shows a line break as a space, which does not belong between two CJK characters
            text = CJK_LINE_BREAK.sub("", _inline("\n".join(paragraph)))
            out.extend(text.split("\n"))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        directive = DIRECTIVE.match(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if directive:
            flush()
            indent = len(directive["indent"])
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > indent):
                j += 1
            block = [block_line[indent + 3 :] for block_line in lines[i + 1 : j]]
            options: dict[str, str] = {}
            while block and (option := OPTION.match(block[0])):
                options[option["name"]] = option["value"]
                block.pop(0)
            body = [body_line.rstrip() for body_line in block]
            converted = _directive(directive["name"], directive["argument"], options, body, base)
            out.extend(" " * indent + part if part else "" for part in converted)
            while j > i + 1 and not lines[j - 1].strip():
                j -= 1  # the blank lines after the block belong to what follows
            i = j
        elif (
            line.strip()
            and set(following.strip()) <= set(UNDERLINE)
            and len(set(following.strip())) == 1
            and len(following.strip()) >= len(line.strip())
        ):
            flush()
            out.extend(["#" * UNDERLINE[following.strip()[0]] + " " + _inline(line.strip()), ""])
            i += 2
        elif TABLE_BORDER.match(line):
            flush()
            rows: list[list[str]] = []
            borders, j = 1, i + 1
            header_rows = 0
            while j < len(lines) and borders < 3:
                if TABLE_BORDER.match(lines[j]):
                    borders += 1
                    header_rows = header_rows or len(rows)
                elif lines[j].strip():
                    rows.append(re.split(r" {2,}", lines[j].strip()))
                j += 1
            out.extend(_table(rows, header_rows))
            i = j
        elif not line.strip():
            flush()
            out.append("")
            i += 1
        else:
            paragraph.append(line)
            i += 1
    flush()
    return out


def rst_to_markdown(text: str, base: Path) -> str:
    """Convert one text block of an example; ``base`` is the folder include paths start from."""
    markdown = "\n".join(line.rstrip() for line in rst_lines(text.strip("\n").split("\n"), base))
    return re.sub(r"\n{3,}", "\n\n", markdown).strip("\n") + "\n"
