"""Sphinx extension, for the EPUB only (``book.py`` loads it): formulas as MathML.

An e-reader runs no MathJax, so the EPUB's formulas are written as MathML, which EPUB 3 reading
systems render themselves and read aloud: each formula's LaTeX is converted by ``latex2mathml`` when
the page is written (Sphinx's public ``add_html_math_renderer``). EPUB 3 requires the package
document to mark each page that holds MathML (``properties="mathml"``), which Sphinx's EPUB builder
does not do: this extension's builder, Sphinx's with that one step added before the book is zipped
(``internals.declare_mathml``); it also dates the files by ``SOURCE_DATE_EPOCH``, so that the same
sources make the same EPUB.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from book import MATH_RENDERER
from docutils import nodes
from internals import declare_mathml
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.errors import ExtensionError
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

ZIP_EPOCH = 315_532_800
"""1980-01-01, the earliest time a zip can record."""


def aligned(equation: str) -> str:
    """``equation`` as latex2mathml lays out rows and columns: in ``align*``.

    Its ``aligned`` keeps one pair of columns (an ``&`` more is written as text), and a bare
    equation with ``&`` or ``\\`` is one that Sphinx's LaTeX writer wraps in ``split``; an ``&``
    inside another environment (``cases``) is that environment's.
    """
    body = equation.strip()
    if body.startswith(r"\begin{aligned}") and body.endswith(r"\end{aligned}"):
        body = body[len(r"\begin{aligned}") : -len(r"\end{aligned}")]
    outside = re.sub(r"\\begin\{([a-z]+\*?)\}.*?\\end\{\1\}", "", body, flags=re.DOTALL)
    if "&" in outside or r"\\" in outside:
        return rf"\begin{{align*}}{body}\end{{align*}}"
    return body


def mathml(latex: str, display: str) -> str:
    """The MathML of a formula; a formula it cannot write as well-formed MathML stops the build."""
    markup = convert(latex, display=display)
    try:
        ET.fromstring(markup)
    except ET.ParseError as error:
        msg = (
            f"latex2mathml wrote no well-formed MathML for {latex!r} ({error}): rewrite the formula"
        )
        raise ExtensionError(msg) from error
    return markup


def visit_inline_math(translator: HTML5Translator, node: nodes.math) -> None:
    """An inline formula: ``<math display="inline">``."""
    translator.body.append(mathml(node.astext(), "inline"))
    raise nodes.SkipNode


def visit_block_math(translator: HTML5Translator, node: nodes.math_block) -> None:
    """A displayed formula (each of its blank-line-separated equations), with its number."""
    translator.body.append(translator.starttag(node, "div", CLASS="math"))
    if node["number"]:
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})</span>')
    for equation in node.astext().split("\n\n"):
        if equation.strip():
            translator.body.append(mathml(aligned(equation), "block"))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


class MathMLEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, whose package document marks the pages that hold MathML, and
    whose zip dates every file by ``SOURCE_DATE_EPOCH`` when it is set (Sphinx's zip takes each
    file's time of writing): the same sources make the same EPUB, byte for byte."""

    def build_epub(self) -> None:
        """Mark the pages with MathML in ``content.opf``, date the files, then zip the book."""
        outdir = Path(self.outdir)
        pages = [
            path.relative_to(outdir).as_posix()
            for path in sorted(outdir.rglob(f"*{self.out_suffix}"))
            if "<math " in path.read_text(encoding="utf-8")
        ]
        declare_mathml(outdir / "content.opf", pages)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch is not None:
            moment = max(int(epoch), ZIP_EPOCH)
            for path in outdir.rglob("*"):
                os.utime(path, (moment, moment))
        super().build_epub()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the renderer and the builder."""
    app.add_html_math_renderer(MATH_RENDERER, (visit_inline_math, None), (visit_block_math, None))
    app.add_builder(MathMLEpubBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
