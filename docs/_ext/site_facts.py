"""Facts about the site that the Sphinx extensions, the tests, the browser tests and the noxfile share.

Each fact is defined here once and imported everywhere else: the site's languages (read from
``docs/languages.toml``), where the sources and the built site live, and how sphinx-build is called.
This module imports nothing but the standard library, so that the noxfile can import it before any
dependency is installed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SRC = ROOT / "src"
EXAMPLES = ROOT / "examples"
GALLERY_DIR = "auto_examples"
"""The folder of each site that sphinx-gallery writes the chapters into."""
CHAPTER_PREFIX = "plot_"
"""How the file name of every chapter starts (``examples/<lang>/plot_01_perceptron.py``): sphinx-gallery
runs those files, and search ranks their pages as chapters."""

BUILD = DOCS / "_build"
SITE = BUILD / "html"
"""The built site: ``SITE/<lang>/`` for each language, and the root ``index.html``."""
WHEEL_DIR = BUILD / "wheel"
"""Where ``nox -s docs`` builds the nnguide wheel that the site serves."""
SCREENSHOTS = BUILD / "e2e"
"""Where the browser tests keep their screenshots and search reports."""

SPHINX_OPTIONS = ("-W", "--keep-going", "-n", "-T")
"""sphinx-build's options for every build: warnings are errors (all of them reported), nitpicky
references, full tracebacks."""


def sphinx_arguments(
    builder: str, lang: str, *options: str, docs: Path = DOCS, build: Path = BUILD
) -> list[str]:
    """sphinx-build's arguments for one language: ``docs/<lang>`` into ``build/<builder>/<lang>``.

    Every build passes ``SPHINX_OPTIONS``, then ``options``; Sphinx's cache of parsed pages
    goes to ``build/doctrees/<builder>/<lang>``.

    >>> sphinx_arguments("html", "zh", "-q", docs=Path("docs"), build=Path("out"))[-5:]
    ['-d', 'out/doctrees/html/zh', '-q', 'docs/zh', 'out/html/zh']
    """
    doctrees = build / "doctrees" / builder / lang
    return ["-b", builder, *SPHINX_OPTIONS, "-d", str(doctrees), *options,
            str(docs / lang), str(build / builder / lang)]  # fmt: skip


LANGUAGE_TABLE = DOCS / "languages.toml"
"""The site's languages, one ``[[language]]`` each: adding a language starts there."""


@dataclass(frozen=True)
class Language:
    """One of the site's languages, as ``docs/languages.toml`` describes it."""

    code: str
    """The folder name (``docs/<code>``, ``examples/<code>``) and nnguide's ``lang``: ``en``, ``zh``."""
    locale: str
    """Sphinx's ``language``, and the folder of its catalogues: ``en``, ``zh_CN``."""
    tag: str
    """The HTML language tag: ``en``, ``zh-CN``."""
    name: str
    """The language's name in itself, as the language switcher shows it: ``English``, ``简体中文``."""
    copyright: str
    """The footer's copyright holder, in this language."""
    extensions: tuple[str, ...]
    """The Sphinx extensions (in ``docs/_ext``) that only this language's site loads."""
    requires: tuple[str, ...]
    """The Python modules those extensions import."""
    content: str
    """The language whose pages, terms and language rules the site follows: its own code, except
    for a machine-made language that borrows another's pages (the test suite's pseudo-locale)."""


def load_languages(path: Path = LANGUAGE_TABLE) -> dict[str, Language]:
    """The languages of ``path``, by code, in the table's order; a malformed table raises ValueError.

    >>> list(load_languages())
    ['en', 'zh']
    """
    with path.open("rb") as file:
        rows = tomllib.load(file).get("language", [])
    required = {"code", "locale", "tag", "name", "copyright", "extensions", "requires"}
    languages: dict[str, Language] = {}
    for number, row in enumerate(rows, start=1):
        if not required <= set(row) <= {*required, "content"}:
            msg = (
                f"{path}: language {number} has fields {sorted(row)}; each language has "
                f"{sorted(required)} (and, for a machine-made one, content)"
            )
            raise ValueError(msg)
        language = Language(
            **{key: row[key] for key in required - {"extensions", "requires"}},
            extensions=tuple(row["extensions"]),
            requires=tuple(row["requires"]),
            content=row.get("content", row["code"]),
        )
        if language.code in languages or language.content not in {*languages, language.code}:
            msg = (
                f"{path}: language {number} ({language.code}) is listed twice, or borrows the "
                f"content of {language.content!r}, which is not listed before it"
            )
            raise ValueError(msg)
        languages[language.code] = language
    if not languages:
        msg = f"{path} lists no [[language]]"
        raise ValueError(msg)
    return languages


LANGUAGES = load_languages()
LANGS = tuple(LANGUAGES)
"""The language codes, in the table's order (the first is the root page's default)."""
