"""reST inline markup as Markdown, for the notebooks (``rst_markdown.py`` converts the blocks).

Emphasis and inline code stay as they are; ``:math:`` becomes ``$...$`` exactly as written, code
roles (``:func:``, ``:class:``...) become inline code, ``:term:`` becomes bold, cross-references
(``:ref:``, ``:doc:``) keep their text (a notebook has no site to link into), external links become
Markdown links, and reST's escaped space (which glues markup to Chinese text) goes.
"""

from __future__ import annotations

import re

MATH_ROLE = re.compile(r":math:`(.+?)`", re.DOTALL)
CODE_ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|obj):`~?(?P<target>[^`]+?)`", re.DOTALL)
TERM_ROLE = re.compile(r":term:`(?P<text>[^`<]+?)(?:\s*<[^`>]+>)?`", re.DOTALL)
CROSS_REFERENCE = re.compile(r":(?:ref|doc):`(?P<text>[^`<]+?)(?:\s*<[^`>]+>)?`", re.DOTALL)
EXTERNAL_LINK = re.compile(r"`(?P<text>[^`<]+?)\s*<(?P<url>[^`>]+)>`_", re.DOTALL)


def inline_markdown(text: str) -> str:
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
    text = CROSS_REFERENCE.sub(lambda m: " ".join(m["text"].split()), text)
    text = EXTERNAL_LINK.sub(lambda m: f"[{' '.join(m['text'].split())}]({m['url']})", text)
    return re.sub("\0(\\d+)\0", lambda m: f"${maths[int(m[1])]}$", text)
