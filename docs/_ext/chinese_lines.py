r"""Sphinx extension: no stray spaces inside Chinese sentences.

A source line break is a space in HTML, and browsers show it even between two Chinese characters
("只有一个神经元的 感知机"). On the Chinese site this post-transform removes every line break that
sits between two CJK characters of one rendered block (paragraph, list item, table cell, term,
definition, caption), also where the break lies next to inline markup (a link, a role, emphasis):
the text of a block is read across its inline elements, as the reader sees it. Code and math are
never changed. It runs after references are resolved, so text that a role fills in is joined too.

In the book (LaTeX), the space written between a Chinese character and the inline code or link
that follows it ("使用 ``ReLU``") must stay: xeCJK drops a space after a Chinese character when
the next token is a command it cannot see through (Sphinx's ``\sphinxcode``, a link), and the PDF
read "使用ReLU". A second post-transform writes such a space as LaTeX's explicit ``\ ``.
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


def keep_spaces_before_inline(document: nodes.Node) -> int:
    r"""Write each space (or line break) between a CJK character and the inline element after it
    as LaTeX's explicit space (``\ ``), which xeCJK keeps; return how many there were.

    >>> from docutils.core import publish_doctree
    >>> tree = publish_doctree("使用 ``ReLU`` 的隐藏单元，用\n*emphasis* 强调")
    >>> keep_spaces_before_inline(tree), tree[0].astext()
    (2, '使用\\ ReLU 的隐藏单元，用\\ emphasis 强调')
    """
    count = 0
    for text in list(document.findall(nodes.Text)):
        parent, raw = text.parent, str(text)
        if parent is None or is_verbatim(text) or not raw[-1:].isspace():
            continue
        position = next(i for i, child in enumerate(parent.children) if child is text)
        # MyST gives a line break a Text of its own: the character before it ends the one before
        before = raw[:-1] or (str(parent[position - 1]) if position else "")
        following = parent.children[position + 1 : position + 2]
        if (
            re.search(f"{CJK}$", before)
            and following
            and isinstance(following[0], nodes.Inline)
            and not isinstance(following[0], nodes.Text)
        ):
            parent[position : position + 1] = [
                nodes.Text(raw[:-1]),
                nodes.raw("", "\\ ", format="latex"),
            ]
            count += 1
    return count


class KeepSpacesBeforeInline(SphinxPostTransform):
    """In the book (LaTeX), keep the spaces before inline code and links (the module's docstring)."""

    default_priority = 901  # after JoinChineseLines
    builders = ("latex",)

    def run(self, **_kwargs: Any) -> None:
        keep_spaces_before_inline(self.document)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the post-transforms."""
    app.add_post_transform(JoinChineseLines)
    app.add_post_transform(KeepSpacesBeforeInline)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
