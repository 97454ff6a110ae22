"""Facts about the site that the Sphinx extensions, the tests, the browser tests and the noxfile share.

Each fact is defined here once and imported everywhere else: the site's languages (read from
``docs/languages.toml``), where the sources and the built site live, and how sphinx-build is called.
This module imports nothing but the standard library, so that the noxfile can import it before any
dependency is installed.
"""

from __future__ import annotations

import re
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


SITE_SOURCES = ("_ext", "_templates", "_static", "locales", "shared_conf.py", "languages.toml",
                "terminology.toml")  # fmt: skip
"""What in ``docs/`` the pages of every language are built from, besides the language's folder."""
WRITTEN_IN_SOURCES = (GALLERY_DIR, "api/generated", "gen_modules", "sg_execution_times.rst",
                      "sg_api_usage.rst")  # fmt: skip
"""What a build writes into ``docs/<lang>/``: the chapters' pages, the API's pages, the times page."""


def watched_sources(lang: str, root: Path = ROOT) -> tuple[list[Path], list[re.Pattern[str]]]:
    """The folders that the site of ``lang`` in ``root`` is built from, and what in them to ignore.

    The folders hold its pages, chapters, extensions, templates, catalogues and nnguide; a file is
    not watched on its own (an editor that saves by replacing it would end the watch), so ``docs/``
    is watched whole and what in it is neither ``docs/<lang>`` nor one of ``SITE_SOURCES`` ignored.
    The expressions, searched in a changed file's absolute path (written with ``/``), also ignore
    what a build writes among the sources (``WRITTEN_IN_SOURCES``, compiled catalogues), Python's
    caches and editors' hidden and backup files: a rebuild never sets off another.

    >>> folders, ignored = watched_sources("en", root=Path("/nn"))
    >>> [folder.as_posix() for folder in folders]
    ['/nn/docs', '/nn/examples/en', '/nn/src/nnguide']
    >>> def rebuilds(path: str) -> bool:
    ...     return not any(expression.search(f"/nn/{path}") for expression in ignored)
    >>> [path for path in ["docs/en/index.md", "docs/en/api.md", "examples/en/GALLERY_HEADER.rst",
    ...                    "examples/en/plot_01_perceptron.py", "src/nnguide/models.py",
    ...                    "src/nnguide/locales/zh/LC_MESSAGES/nnguide.mo", "docs/shared_conf.py",
    ...                    "docs/languages.toml", "docs/terminology.toml", "docs/_ext/site_facts.py",
    ...                    "docs/_static/nnguide.css", "docs/_templates/root_index.html",
    ...                    "docs/locales/zh_CN/LC_MESSAGES/sphinx.po"] if not rebuilds(path)]
    []
    >>> [path for path in ["docs/en/auto_examples/plot_01_perceptron.rst",
    ...                    "docs/en/auto_examples/plot_01_perceptron.py.md5",
    ...                    "docs/en/api/generated/nnguide.models.rst", "docs/en/sg_execution_times.rst",
    ...                    "docs/en/sg_execution_times.rst.new",
    ...                    "docs/_build/html/en/index.html", "docs/_build/doctrees/html/en/env.pickle",
    ...                    "docs/zh/index.md", "docs/locales/zh_CN/LC_MESSAGES/sphinx.mo",
    ...                    "docs/_ext/__pycache__/site_facts.cpython-311.pyc", "docs/en/.index.md.swp",
    ...                    "examples/en/.ipynb_checkpoints/plot_01_perceptron-checkpoint.py",
    ...                    "examples/en/plot_01_perceptron.py~", "docs/shared_conf.py.orig"]
    ...  if rebuilds(path)]
    []
    """
    root = root.resolve()
    docs = root / DOCS.relative_to(ROOT)
    in_docs, in_root = re.escape(docs.as_posix()), re.escape(root.as_posix())
    kept = "|".join(map(re.escape, (lang, *SITE_SOURCES)))
    written = "|".join(map(re.escape, WRITTEN_IN_SOURCES))
    folders = [
        docs,
        root / EXAMPLES.relative_to(ROOT) / lang,
        root / SRC.relative_to(ROOT) / "nnguide",
    ]
    ignored = [
        rf"^{in_docs}/(?!(?:{kept})(?:/|$))",  # the other languages, _build
        # what the build writes there, and its drafts (sphinx-gallery's sg_execution_times.rst.new)
        rf"^{in_docs}/{re.escape(lang)}/(?:{written})(?:[/.]|$)",
        rf"^{in_docs}/.*\.mo$",  # the catalogues Sphinx compiles from docs/locales/
        rf"^{in_root}/(?:.*/)?__pycache__/|\.py[co]$",  # Python's caches
        rf"^{in_root}/(?:.*/)?\.|~$",  # hidden files and folders (editors' swap files), backups
    ]
    return folders, [re.compile(expression) for expression in ignored]


def watch_arguments(lang: str, root: Path = ROOT) -> list[str]:
    """sphinx-autobuild's ``--watch`` and ``--re-ignore`` options for ``watched_sources``.

    sphinx-autobuild also watches the site's own folder, ``docs/<lang>``, and ignores a changed path
    that a ``--re-ignore`` expression finds (after resolving it).
    """
    folders, ignored = watched_sources(lang, root)
    return [*(item for folder in folders for item in ("--watch", folder.as_posix())),
            *(item for expression in ignored for item in ("--re-ignore", expression.pattern))]  # fmt: skip


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
    book_latex: tuple[tuple[str, str], ...] = ()
    """LaTeX for this language's book, as Sphinx's ``latex_elements`` (key, value): its names of
    "Chapter" and "Contents", its punctuation; none for a language the defaults serve."""


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
        if not required <= set(row) <= {*required, "content", "book_latex"}:
            msg = (
                f"{path}: language {number} has fields {sorted(row)}; each language has "
                f"{sorted(required)} (and, optionally, book_latex; for a machine-made one, "
                "content)"
            )
            raise ValueError(msg)
        language = Language(
            **{key: row[key] for key in required - {"extensions", "requires"}},
            extensions=tuple(row["extensions"]),
            requires=tuple(row["requires"]),
            content=row.get("content", row["code"]),
            book_latex=tuple(row.get("book_latex", {}).items()),
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


# -- The books (docs/_ext/book.py, `nox -s book`) -----------------------------------------------
BOOK_TAG = "book"
"""The sphinx-build tag (``-t book``) that builds a site's book instead of its web pages."""
BOOK_ROOT = "book"
"""The book's root document, ``docs/<code>/book.md``: its title page, preface and contents."""
BOOK_BUILDERS = {"pdf": "latex", "epub": "epub"}
"""The book's editions, by suffix, and the Sphinx builder of each (the PDF: LaTeX, then XeLaTeX)."""
BOOK_FORMATS = tuple(BOOK_BUILDERS)
BOOK_FOLDER = "book"
"""Where each site serves its book: ``SITE/<code>/book/nnguide-<code>.pdf`` and ``.epub``."""


def book_name(code: str) -> str:
    """The file name of the book in language ``code``, without its suffix.

    >>> book_name("zh")
    'nnguide-zh'
    """
    return f"nnguide-{code}"


def built_book(code: str, suffix: str, build: Path = BUILD) -> Path:
    """Where ``nox -s book`` builds the book in language ``code`` as a ``suffix`` file.

    >>> built_book("zh", "pdf", build=Path("out")).as_posix()
    'out/latex/zh/nnguide-zh.pdf'
    """
    return build / BOOK_BUILDERS[suffix] / code / f"{book_name(code)}.{suffix}"
