"""Sphinx extension: every page says each thing one way, in its own language.

Checked when a page is read, so that a build with ``-W`` stops at the first page that breaks a
rule and names the page, the words and what to write instead:

- a term is written by the name the terminology table gives it (``docs/terminology.toml``), never
  by one of its other names, in the running text (outside the glossary, code and math) and in the
  comments of the code shown — except where the text introduces the other name ("又称……",
  "also called …");
- chapters are numbered without a leading zero (第 2 章, chapter 2; not 第 02 章);

and on the Chinese site:

- every comment of the code shown is Chinese: a comment with three English words in a row and no
  Chinese is English prose (a shape such as ``# (n, 784)`` or a name is not);
- printed output reads as Chinese sentences: a line with Chinese words prints no bare ``True`` or
  ``False`` ("是否收敛：False" — print 已收敛 / 未收敛).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator
from typing import Any

from chinese_lines import HAN, VERBATIM
from code_language import comment_message
from docutils import nodes
from site_languages import site_language
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from terminology import GLOSSARY_PAGE, TABLE, Term, load

logger = logging.getLogger(__name__)

# Words that introduce another name for what was just named
INTRODUCTION = re.compile(
    r"(又称|也称|也叫|或称|俗称|常称|also called|also known as)[^。；.;]{0,12}$"
)
LEADING_ZERO = re.compile(r"第\s*0\d\s*章|\b[Cc]hapters?\s+0\d\b")
ENGLISH_PROSE = re.compile(r"[A-Za-z]{2,}[,;:]?(?:\s+[A-Za-z][A-Za-z'-]*[,;:]?){2,}")
BARE_BOOLEAN = re.compile(r"(?<![\w.=])(True|False)(?![\w(=])")  # not a keyword argument
# Nodes whose text is code, math or not shown as text
NOT_PROSE = (
    *VERBATIM,
    nodes.doctest_block,
    addnodes.desc_signature,  # an API object's signature: code
    addnodes.literal_strong,  # a parameter's name in an API description
    addnodes.literal_emphasis,  # a parameter's type
)


def _name_pattern(other: str, term: Term, lang: str) -> re.Pattern[str]:
    """How ``other`` is found: as a whole word if Latin, with its case where only case tells it
    from the site's name (Sigmoid / sigmoid)."""
    flags = 0 if other.lower() == term.name(lang).lower() else re.IGNORECASE
    if HAN.search(other):
        return re.compile(re.escape(other), flags)
    return re.compile(rf"(?<![\w-]){re.escape(other)}(?![\w-])", flags)


def _word_bounds(text: str) -> set[int]:
    """Where jieba's words of ``text`` start and end: a Chinese name is found only between them
    (权值 is not in 加权值, which jieba cuts 加权 / 值)."""
    import jieba  # noqa: PLC0415 (only pages with Chinese need it)

    bounds, position = {0}, 0
    for word in jieba.lcut(text, HMM=False):
        position += len(word)
        bounds.add(position)
    return bounds


def _introduced(text: str, start: int, term: Term, lang: str) -> bool:
    """Whether the other name at ``start`` is introduced: after "又称", "also called" …, or in
    brackets that follow the site's name ("暂退法（dropout）", "autograd (PyTorch's automatic
    differentiation)")."""
    before = text[max(0, start - 32) : start]
    gloss = re.compile(rf"{re.escape(term.name(lang))}\s*[（(][^）)]*$", re.IGNORECASE)
    return bool(INTRODUCTION.search(before) or gloss.search(before))


def other_names_in(text: str, lang: str, terms: list[Term]) -> list[str]:
    """Each other name of a term that ``text`` writes, not introducing it: "other (write term)".

    >>> from terminology import load
    >>> other_names_in("跳跃连接让梯度直达前面的层。", "zh", load())
    ['跳跃连接 (write 残差连接)']
    >>> other_names_in("残差连接（又称跳跃连接）让梯度直达前面的层。", "zh", load())
    []
    >>> other_names_in("连到接收加权值的神经元；暂退法（dropout）", "zh", load())
    []
    """
    found = []
    bounds: set[int] | None = None
    for term in terms:
        for other in term.also(lang):
            for match in _name_pattern(other, term, lang).finditer(text):
                if HAN.search(other):
                    bounds = _word_bounds(text) if bounds is None else bounds
                    if match.start() not in bounds or match.end() not in bounds:
                        continue  # inside a longer word
                if not _introduced(text, match.start(), term, lang):
                    found.append(f"{match.group(0)} (write {term.name(lang)})")
    return found


def leading_zeros(text: str) -> list[str]:
    """Each chapter number written with a leading zero ("第 02 章", "chapter 02").

    >>> leading_zeros("见第 02 章和 chapter 04，而不是第 2 章")
    ['第 02 章', 'chapter 04']
    """
    return [match.group(0) for match in LEADING_ZERO.finditer(text)]


def english_comments(code: str) -> list[str]:
    """Each comment of Python ``code`` that is English prose (three English words, no Chinese).

    >>> english_comments("x = w @ v  # the y axis is labelled once\\ny = x  # (n, 784)\\n# 每行一个样本")
    ['the y axis is labelled once']
    """
    comments = [comment_message(token.string) for token in comment_tokens(code)]
    return [
        comment
        for comment in comments
        if comment and not HAN.search(comment) and ENGLISH_PROSE.search(comment)
    ]


def bare_booleans(output: str) -> list[str]:
    """Each printed line with Chinese words and a bare ``True`` or ``False``.

    >>> bare_booleans("是否收敛：False\\n已收敛\\ntensor([True, False])")
    ['是否收敛：False']
    """
    return [
        line.strip()
        for line in output.splitlines()
        if HAN.search(line) and BARE_BOOLEAN.search(line)
    ]


def running_text(node: nodes.Node) -> str:
    """The text of ``node`` across its inline markup, each piece of code or math a space."""
    if isinstance(node, NOT_PROSE):
        return " "
    if isinstance(node, nodes.Text):
        return node.astext()
    return "".join(running_text(child) for child in node.children)


def prose_blocks(doctree: nodes.document) -> Iterator[tuple[nodes.TextElement, str]]:
    """Each block of running text (a paragraph, a heading, a term…) and its running text."""
    for block in doctree.findall(nodes.TextElement):
        if isinstance(block, nodes.Inline):
            continue  # part of a block's text
        if not isinstance(block, NOT_PROSE) and not any(
            isinstance(parent, NOT_PROSE) for parent in _parents(block)
        ):
            yield block, running_text(block)


def _parents(node: nodes.Node) -> Iterator[nodes.Node]:
    while node.parent is not None:
        node = node.parent
        yield node


def page_problems(
    doctree: nodes.document, lang: str, docname: str
) -> list[tuple[nodes.Element, str]]:
    """Every place of a page (``lang``: ``en`` or ``zh``) that breaks a rule, and what is wrong."""
    terms = load()
    problems: list[tuple[nodes.Element, str]] = []
    for block, text in prose_blocks(doctree):
        if docname != GLOSSARY_PAGE:
            problems += [
                (block, f"another name: {name}") for name in other_names_in(text, lang, terms)
            ]
        problems += [(block, f"a leading zero: {found}") for found in leading_zeros(text)]
    for block in doctree.findall(nodes.literal_block):
        code = block.astext()
        if "sphx-glr-script-out" in block["classes"]:  # printed output
            if lang == "zh":
                problems += [
                    (block, f"printed True/False beside Chinese (print a sentence): {line!r}")
                    for line in bare_booleans(code)
                ]
            continue
        for comment in (token.string for token in comment_tokens(code)):
            problems += [
                (block, f"another name in a comment: {name}")
                for name in other_names_in(comment, lang, terms)
            ]
            problems += [(block, f"a leading zero: {found}") for found in leading_zeros(comment)]
        if lang == "zh":
            problems += [
                (block, f"an English comment: {found!r}") for found in english_comments(code)
            ]
    return problems


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about every place of the page that breaks one of the rules above."""
    lang = site_language(app).content
    for node, problem in page_problems(doctree, lang, app.env.docname):
        logger.warning("%s", problem, location=node, type="nnguide", subtype="language")
    app.env.note_dependency(str(TABLE))  # a change to the table checks the page again


def comment_tokens(code: str) -> list[tokenize.TokenInfo]:
    """The comments of Python ``code``; none if it is not Python (a shell session, output)."""
    try:
        return [
            token
            for token in tokenize.generate_tokens(io.StringIO(code).readline)
            if token.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []


def setup(app: Sphinx) -> dict[str, Any]:
    """Check every page as it is read."""
    app.connect("doctree-read", check_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
