"""Sphinx extension: text in the other language is marked with its language.

Some text is meant to be in the other language: on the Chinese site the API reference pages
(``api/generated/``) hold code (signatures, names) and whatever the docstring catalogue leaves in
English (``code_language.py``), and the glossary gives each term's English name; on the English
site the glossary gives each term's Chinese name. This transform marks such text with a ``lang``
attribute (docutils writes a ``language-xx`` class as ``lang="xx"``), so that screen readers
pronounce it in its own language (WCAG 2.1, 3.1.2 "Language of Parts") and the browser test for
English on Chinese pages can tell a deliberate English name from an untranslated leak.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, cast

from chinese_lines import HAN
from docutils import nodes
from internals import autosummary_tables
from site_facts import LANGUAGES
from site_languages import site_language
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


def mark(node: nodes.Element, tag: str) -> None:
    """Mark ``node`` as written in the language ``tag``."""
    node["classes"].append(f"language-{tag}")


API_PAGES = "api/generated/"
# How Sphinx writes a parameter's name (bold) and type (italic) in an API description
CODE_NAMES = (addnodes.literal_strong, addnodes.literal_emphasis)
IDENTIFIER = re.compile(r"[A-Za-z_][\w.]*")


def is_code_name(node: nodes.Node) -> bool:
    """Whether ``node`` names a parameter, a type or a returned value (napoleon writes the last in
    plain bold: ``**images**``) inside a translated description."""
    return isinstance(node, CODE_NAMES) or (
        isinstance(node, nodes.strong) and bool(IDENTIFIER.fullmatch(node.astext()))
    )


# The blocks of a module's own docstring, as autodoc writes them into the module's section.
MODULE_DOCSTRING_BLOCKS = (
    nodes.paragraph,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.definition_list,
    nodes.block_quote,
)


def docstring_parts(document: nodes.document) -> Iterator[nodes.Element]:
    """The parts of an API page written in the docstrings' English (and not Sphinx's labels)."""
    yield from document.findall(addnodes.desc_signature)
    for content in document.findall(addnodes.desc_content):
        for child in content.children:
            if isinstance(child, nodes.field_list):
                for name, body in (field.children for field in child.findall(nodes.field)):
                    # Sphinx's labels ("参数") are Chinese; a field the docstring names ("Type") not
                    if not HAN.search(name.astext()):
                        yield cast(nodes.Element, name)
                    yield cast(nodes.Element, body)
            elif isinstance(child, nodes.Element) and not isinstance(child, addnodes.desc):
                yield child  # a nested desc (a method) has its own signature and content
    for section in document.findall(nodes.section):
        yield from (
            child for child in section.children if isinstance(child, MODULE_DOCSTRING_BLOCKS)
        )


class MarkOtherLanguage(SphinxTransform):
    """Mark the glossary's names in the other language, and the docstrings on the Chinese site."""

    default_priority = 800

    def apply(self, **_kwargs: Any) -> None:
        site = site_language(self.app).content  # the language its pages are written in
        for term in self.document.findall(nodes.term):
            chinese = bool(HAN.search(term.astext()))
            if chinese != (site == "zh"):
                mark(term, LANGUAGES["zh" if chinese else "en"].tag)
        if site != "zh":
            return
        english = LANGUAGES["en"].tag
        # an API part with no Chinese in it is English (a translated docstring is Chinese)
        for summary in autosummary_tables(self.document):
            for entry in list(summary.findall(nodes.entry)):
                if not HAN.search(entry.astext()):
                    mark(entry, english)  # an object's name, or an untranslated first line
        if self.env.docname.startswith(API_PAGES):
            for part in list(docstring_parts(self.document)):
                if not HAN.search(part.astext()):
                    mark(part, english)
                else:  # a translated description: its parameters' names and types are code
                    for name in part.findall(nodes.Element):
                        if is_code_name(name):
                            mark(name, english)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform."""
    app.add_transform(MarkOtherLanguage)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
