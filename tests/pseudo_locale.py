"""A machine-made language that shows which interface text bypasses the catalogues.

Large projects test their translation machinery with a pseudo-locale ("en-XA"): every message of
every catalogue is transformed so that it stays readable but cannot be mistaken for English
(``"Search"`` becomes ``"⟦Šéåŕçĥ⟧"``), the content stays English, and any plain English word left
in the interface was never translated: it did not go through a catalogue. This module makes that
language for the site from the message catalogues' templates (Sphinx's, the theme's and the site's
own), adds it as a third language to a copy of the sources, and finds the interface text on its
built pages that is still English.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pydata_sphinx_theme
import sphinx
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from site_facts import GALLERY_DIR, Language

CODE, LOCALE, TAG = "en-XA", "en_XA", "en-XA"
"""The pseudo-locale's folder name, Sphinx language and HTML tag."""

ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# What a message holds that is not words: format fields, HTML tags, entities, reST targets in
# angle brackets, printf and strftime directives, role names, URLs. They stay as they are.
NOT_WORDS = re.compile(
    r"\{[^{}]*\}|\$\{[^}]*\}|%\([^)]*\)[a-z]|%[a-zA-Z%]|<[^<>]*>|&[a-z]+;|:[a-z-]+:|https?://\S+"
)


def pseudo(message: str) -> str:
    """``message`` in the pseudo-locale: its words accented, one line bracketed; the rest kept.

    A message of several lines (a reST heading and its underline) is not bracketed, so that its
    lines keep their lengths.

    >>> pseudo("Download {1} source code: {0} <{0}>")
    '⟦Ðöŵñļöåð {1} šöûŕçé çöðé: {0} <{0}>⟧'
    >>> pseudo("%(num)s pages, %b %d")
    '⟦%(num)s þåĝéš, %b %d⟧'
    """
    kept = [(m.start(), m.end()) for m in NOT_WORDS.finditer(message)]
    parts, start = [], 0
    for begin, end in kept:
        parts += [message[start:begin].translate(ACCENTED), message[begin:end]]
        start = end
    text = "".join([*parts, message[start:].translate(ACCENTED)])
    return text if "\n" in message or not message.strip() else f"⟦{text}⟧"


def catalogue_templates() -> list[Path]:
    """Every catalogue whose messages the site's pages may show: Sphinx's and the theme's
    templates, and the site's own catalogues (``docs/locales``)."""
    return [
        Path(sphinx.__file__).parent / "locale" / "sphinx.pot",
        Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot",
    ]


def write_pseudo_catalogue(sources: Iterable[Path], target: Path) -> int:
    """Write the pseudo-locale's ``sphinx.po``: every message of ``sources``, transformed.

    Returns the number of messages written.
    """
    catalogue = Catalog(locale="en", domain="sphinx", fuzzy=False)  # English plural forms
    for source in sources:
        with source.open("rb") as file:
            for message in read_po(file):
                if not message.id or message.id in catalogue:
                    continue
                if isinstance(message.id, (tuple, list)):
                    string: str | tuple[str, ...] = tuple(pseudo(form) for form in message.id)
                else:
                    string = pseudo(message.id)
                catalogue[message.id] = Message(
                    message.id, string, locations=message.locations, flags=()
                )
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as file:
        write_po(file, catalogue, width=0)
    return len(catalogue)


def pseudo_language(english: Language) -> str:
    """The pseudo-locale's entry of ``docs/languages.toml``: English's, transformed, with
    English pages."""
    return (
        "\n[[language]]\n"
        f'code = "{CODE}"\nlocale = "{LOCALE}"\ntag = "{TAG}"\n'
        f'name = "{pseudo(english.name)}"\ncopyright = "{pseudo(english.copyright)}"\n'
        f'extensions = []\nrequires = []\ncontent = "{english.code}"\n'
    )


def add_pseudo_locale(root: Path, english: Language) -> None:
    """Add the pseudo-locale to the copy of the sources at ``root``: its entry in the languages
    table, its catalogue, and English's pages and chapters as its own."""
    docs = root / "docs"
    with (docs / "languages.toml").open("a", encoding="utf-8") as table:
        table.write(pseudo_language(english))
    own = sorted((docs / "locales").glob("*/LC_MESSAGES/sphinx.po"))
    write_pseudo_catalogue(
        [*catalogue_templates(), *own], docs / "locales" / LOCALE / "LC_MESSAGES" / "sphinx.po"
    )
    shutil.copytree(docs / english.code, docs / CODE)
    shutil.copytree(root / "examples" / english.code, root / "examples" / CODE)


# -- Finding English interface text on a built page ----------------------------------------------

WORD = re.compile(r"[A-Za-z]{2,}")
# Interface parts that sphinx-gallery, Sphinx and the theme put inside a page's content: by class,
# or (field names: "Parameters") by tag and class
INTERFACE_CLASSES = re.compile(
    r"^(sphx-glr-(download|timing|signature|download-link-note|footer)\S*|admonition-title|"
    r"headerlink|viewcode-link|rubric|prev-next-\S+)$"
)
INTERFACE_TAGS = {("dt", "field-odd"), ("dt", "field-even")}
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-tooltip")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
VERBATIM = {"script", "style", "pre", "code", "kbd"}  # code, and key names (Ctrl)


@dataclass(frozen=True)
class _Context:
    """Where an element is: inside the article, an interface part, code, another language."""

    tag: str
    article: bool = False
    interface: bool = False
    verbatim: bool = False
    foreign: bool = False


class InterfaceText(HTMLParser):
    """The interface text of one page: text outside the ``<article>`` or in one of sphinx-gallery's
    or Sphinx's own parts inside it, and the attributes a reader hears or sees. Code, key names
    and text marked as another language (``lang``: the switcher's other languages) are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Context] = []
        self.page_lang = ""
        self.texts: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.page_lang = attr.get("lang", "")
        outer = self.stack[-1] if self.stack else _Context("")
        classes = attr.get("class", "").split()
        interface = outer.interface or any(
            INTERFACE_CLASSES.match(c) or (tag, c) in INTERFACE_TAGS for c in classes
        )
        here = _Context(
            tag,
            article=outer.article or tag == "article",
            interface=interface,
            # code in an interface part is its text: sphinx-gallery's download buttons
            verbatim=outer.verbatim or (tag in VERBATIM and not (interface and tag == "code")),
            foreign=outer.foreign or attr.get("lang", self.page_lang) != self.page_lang,
        )
        if not here.foreign and (not here.article or here.interface):
            self.texts += [attr[name] for name in ATTRIBUTES if name in attr]
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = []
        if tag not in VOID:
            self.stack.append(here)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None
        if any(context.tag == tag for context in self.stack):  # else a stray end tag
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if not self.stack:
            return
        here = self.stack[-1]
        if not here.verbatim and not here.foreign and (not here.article or here.interface):
            self.texts.append(data)


def interface_text(page: Path) -> InterfaceText:
    """Parse ``page``."""
    parser = InterfaceText()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


# Words that are names, not interface text: they stay the same in every language.
NAMES = re.compile(
    r"nnguide|PyTorch|Sphinx(-Gallery)?|pydata-sphinx-theme|Jupyter|Python|MNIST|XOR|GitHub"
    r"|[\w.-]+\.(py|ipynb|zip|whl|html)\b|\bv?\d+(\.\d+)+\w*"
)


def english_interface_text(pages: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Each piece of interface text on ``pages`` that holds an English word: text that did not
    go through a catalogue. The pages' own titles (content, which the navigation repeats) and
    names are not interface text."""
    parsed = {page: interface_text(page) for page in pages}
    headings = {
        " ".join(heading.replace("#", "").split())
        for parser in parsed.values()
        for heading in parser.headings
    }
    titles = sorted(filter(None, headings), key=len, reverse=True)  # the longest first
    title = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, titles)) + r")(?!\w)")
    for page, parser in parsed.items():
        for text in parser.texts:
            rest = title.sub(" ", " ".join(text.split()))
            rest = NAMES.sub(" ", rest)
            if WORD.search(rest):
                yield page, " ".join(text.split())


def built_pages(site: Path, code: str) -> list[Path]:
    """The HTML pages of the ``code`` site (not the static files)."""
    return sorted(p for p in (site / code).rglob("*.html") if "_static" not in p.parts)


def gallery_pages(site: Path, code: str) -> list[Path]:
    """The chapter pages of the ``code`` site."""
    return sorted((site / code / GALLERY_DIR).glob("plot_*.html"))
