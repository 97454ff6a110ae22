"""Sphinx extension: the glossary follows the terminology table (``docs/terminology.toml``).

The table holds one name per concept in each language, and the other names readers meet
elsewhere. The glossary page (``concepts``) must have one entry per concept of the table, named
as the table names it (this site's language first); a difference stops the build. Each entry's
definition gains a sentence giving the other names ("又称……" / "Also called …", from the message
catalogue), so the table, not the page, says them. Search (``search_ranking.py``) and the tests
read the same table.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from site_facts import DOCS, LANGUAGES
from site_languages import site_language
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _

TABLE = DOCS / "terminology.toml"
GLOSSARY_PAGE = "concepts"


@dataclass(frozen=True)
class Term:
    """One concept: its name in each language, why that name, and the names it is not called."""

    names: dict[str, str]
    """The site's name for it, by language code (``docs/languages.toml``)."""
    notes: str
    others: dict[str, tuple[str, ...]]
    """The other names readers use, by language code, which the site does not write."""

    def name(self, lang: str) -> str:
        """The name the site uses in ``lang``."""
        return self.names[lang]

    def also(self, lang: str) -> tuple[str, ...]:
        """The other names readers use in ``lang``, which the site does not write."""
        return self.others[lang]

    def glossary_names(self, lang: str) -> list[str]:
        """The names of its glossary entry on the ``lang`` site: that language's first, then the
        other languages' in the table's order."""
        return list(dict.fromkeys([self.names[lang], *self.names.values()]))


def written_languages() -> list[str]:
    """The languages whose pages are written (not borrowed from another): each names every term."""
    return [code for code, language in LANGUAGES.items() if language.content == code]


def term(
    names: dict[str, str], notes: str = "", others: dict[str, tuple[str, ...]] | None = None
) -> Term:
    """A :class:`Term`; each language without other names has none.

    >>> term({"zh": "层", "en": "layer"}).also("en")
    ()
    """
    return Term(names, notes, {code: (others or {}).get(code, ()) for code in names})


@functools.cache  # read once per build: every page's checks and the glossary ask for it
def load(path: Path = TABLE) -> list[Term]:
    """The terms of the table, in its order; a malformed table raises :class:`ValueError`.

    Each ``[[term]]`` has, for every written language, its name (``zh = "感知机"``) and the other
    names readers use (``zh_also = ["感知器"]``), and ``notes`` on the choice.
    """
    with path.open("rb") as file:
        table = tomllib.load(file)
    codes = written_languages()
    fields = {"notes", *codes, *(f"{code}_also" for code in codes)}
    terms = []
    for number, row in enumerate(table.get("term", []), start=1):
        if set(row) != fields:
            msg = f"{path}: term {number} has fields {sorted(row)}; each term has {sorted(fields)}"
            raise ValueError(msg)
        names = {code: row[code] for code in codes}
        terms.append(
            term(names, row["notes"], {code: tuple(row[f"{code}_also"]) for code in codes})
        )
    written = [name for t in terms for name in {*t.names.values()}]
    others = [name for t in terms for names in t.others.values() for name in names]
    every = written + others
    repeated = sorted({name for name in every if every.count(name) > 1})
    if repeated:
        msg = f"{path}: {repeated} name more than one concept; each name belongs to one term"
        raise ValueError(msg)
    return terms


def alternatives(lang: str, terms: list[Term] | None = None) -> dict[str, str]:
    """Each other name readers use in ``lang`` (lower case), mapped to the site's name for it."""
    return {other.lower(): term.name(lang) for term in terms or load() for other in term.also(lang)}


# Where a Han character meets a Latin letter or a digit, Chinese typography puts a space
HAN_MEETS_LATIN = re.compile(
    r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])"
)


def also_called(names: tuple[str, ...]) -> str:
    """The sentence that gives a term's other names, in the site's language ("又称 Sigmoid、S 型函数。").

    >>> also_called(("skip connection", "shortcut connection"))
    'Also called skip connection, shortcut connection.'
    """
    sentence = _("Also called {names}.").format(names=_(", ").join(names))
    return HAN_MEETS_LATIN.sub(" ", sentence)


def _entry_names(item: nodes.definition_list_item) -> list[str]:
    return [re.sub(r"\s+", " ", term.astext()).strip() for term in item.findall(nodes.term)]


def glossary_mismatch(found: list[list[str]], lang: str, terms: list[Term]) -> str | None:
    """How the glossary's entries (their names, in order) differ from the table, or ``None``.

    >>> terms = [term({"zh": "感知机", "en": "perceptron"}, others={"zh": ("感知器",)})]
    >>> glossary_mismatch([["感知机", "perceptron"]], "zh", terms) is None
    True
    >>> glossary_mismatch([["感知器", "perceptron"]], "zh", terms)
    "missing [['感知机', 'perceptron']], not in the table [['感知器', 'perceptron']]"
    """
    expected = [term.glossary_names(lang) for term in terms]
    if found == expected:
        return None
    missing = [names for names in expected if names not in found]
    extra = [names for names in found if names not in expected]
    return f"missing {missing}, not in the table {extra}" if missing or extra else "another order"


def follow_the_table(app: Sphinx, doctree: nodes.document) -> None:
    """Check the glossary against the table; add each entry's other names to its definition."""
    if app.env.docname != GLOSSARY_PAGE:
        return
    app.env.note_dependency(str(TABLE))  # a change to the table reads the glossary again
    lang = site_language(app).content
    terms = load()
    items = [
        item
        for glossary in doctree.findall(addnodes.glossary)
        for item in glossary.findall(nodes.definition_list_item)
    ]
    mismatch = glossary_mismatch([_entry_names(item) for item in items], lang, terms)
    if mismatch:
        msg = (
            f"the glossary ({GLOSSARY_PAGE}) differs from {TABLE} ({mismatch}): each term of the "
            "table is one glossary entry, in the table's order, this language's name first"
        )
        raise ExtensionError(msg)
    for term, item in zip(terms, items, strict=True):
        if term.also(lang):
            definition = next(item.findall(nodes.definition))
            definition += nodes.paragraph("", also_called(term.also(lang)))


def setup(app: Sphinx) -> dict[str, Any]:
    """Check the glossary and give its other names when a page is read."""
    app.connect("doctree-read", follow_the_table)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
