"""Sphinx extension: no stray spaces inside Chinese sentences.

A source line break is a space in HTML, and browsers show it even between two Chinese characters
("只有一个神经元的 感知机"). On the Chinese site this post-transform removes every line break that
sits between two CJK characters of one rendered block (paragraph, list item, table cell, term,
definition, caption), also where the break lies next to inline markup (a link, a role, emphasis):
the text of a block is read across its inline elements, as the reader sees it. Code and math are
never changed. It runs after references are resolved, so text that a role fills in is joined too.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

# Han characters, as Unicode's CJK ideograph blocks hold them.
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Han characters and CJK / full-width punctuation: a line break between two of them is no space.
CJK = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
CJK_LINE_BREAK = re.compile(rf"(?<={CJK})[ \t]*\n[ \t]*(?={CJK})")
VERBATIM = (
    nodes.literal_block,
    nodes.literal,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
)


def is_verbatim(text: nodes.Text) -> bool:
    """Whether ``text`` is code, math or raw markup, which must stay as written."""
    parent = text.parent
    while parent is not None:
        if isinstance(parent, VERBATIM):
            return True
        parent = parent.parent
    return False


def rendered_block(text: nodes.Text) -> nodes.Node:
    """The block that ``text`` is rendered in: its nearest ancestor that is not inline markup."""
    block: nodes.Node = text.parent
    while isinstance(block, nodes.Inline) and block.parent is not None:
        block = block.parent
    return block


def join_lines(texts: list[nodes.Text]) -> None:
    """Remove the line breaks between CJK characters of one block's texts, read as one string."""
    whole = "".join(str(text) for text in texts)
    breaks = [match.span() for match in CJK_LINE_BREAK.finditer(whole)]
    if not breaks:
        return
    start = 0
    for text in texts:
        raw = str(text)
        end = start + len(raw)
        if not is_verbatim(text):
            kept = "".join(
                char
                for position, char in enumerate(raw, start)
                if not any(first <= position < last for first, last in breaks)
            )
            if kept != raw:
                # by identity: Element.replace() finds the first child *equal* to the text
                parent = text.parent
                position = next(i for i, child in enumerate(parent.children) if child is text)
                parent[position] = nodes.Text(kept)
        start = end


class JoinChineseLines(SphinxPostTransform):
    """Join the lines of every rendered block of the Chinese site (see the module's docstring)."""

    default_priority = 900  # after the references are resolved (10) and filled with their text

    def run(self, **_kwargs: Any) -> None:
        blocks: dict[int, list[nodes.Text]] = {}
        for text in self.document.findall(nodes.Text):
            blocks.setdefault(id(rendered_block(text)), []).append(text)
        for texts in blocks.values():
            join_lines(texts)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the post-transform."""
    app.add_post_transform(JoinChineseLines)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
