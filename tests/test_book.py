"""The book edition (docs/_ext/book.py): what a book build holds, and what the website keeps.

The PDF itself needs XeLaTeX (``nox -s book`` builds it and runs ``book_checks.py``); here, Sphinx's
LaTeX builder alone writes the book's ``.tex`` from a copy of the sources, chapters not run.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from quick_site import copy_sources
from site_facts import (
    BOOK_FOLDER,
    BOOK_FORMATS,
    BOOK_TAG,
    CHAPTER_PREFIX,
    DOCS,
    EXAMPLES,
    LANGS,
    WHEEL_DIR,
    book_name,
    sphinx_arguments,
)

APPENDICES = ("concepts", "package", "api")
"""The appendices of ``book.md``, in order: the glossary, the package and its API."""


def heading(path: Path) -> str:
    """The title of a chapter's script (its docstring's first line) or of a Markdown page."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".py":
        return lines[1]
    return next(line[2:] for line in lines if line.startswith("# "))


def expected_titles(lang: str) -> tuple[list[str], list[str]]:
    """The book's chapters (every example, then "next") and appendices, from their sources."""
    examples = sorted((EXAMPLES / lang).glob(f"{CHAPTER_PREFIX}*.py"))
    chapters = [heading(path) for path in examples] + [heading(DOCS / lang / "next.md")]
    return chapters, [heading(DOCS / lang / f"{name}.md") for name in APPENDICES]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The LaTeX builder's output for every language, from a copy of the sources."""
    out = tmp_path_factory.mktemp("book")
    sources = copy_sources(out / "sources")
    for lang in LANGS:
        options = [
            "-q",
            *("-t", BOOK_TAG),
            *("-D", "sphinx_gallery_conf.plot_gallery=0"),  # chapters not run
            *("-D", f"nnguide_wheel_dir={WHEEL_DIR}"),
        ]
        arguments = sphinx_arguments("latex", lang, *options, docs=sources / "docs", build=out)
        subprocess.run([sys.executable, "-m", "sphinx", *arguments], cwd=sources, check=True)
    return out / "latex"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_book_holds_the_chapters_in_order_then_the_appendices(books: Path, lang: str) -> None:
    tex = (books / lang / f"{book_name(lang)}.tex").read_text(encoding="utf-8")
    main, appendix = tex.split("\n\\appendix\n")
    chapters, appendices = expected_titles(lang)
    assert re.findall(r"\\chapter\{(.*?)\}", main) == chapters
    assert re.findall(r"\\chapter\{(.*?)\}", appendix) == appendices
    # the preface, unnumbered; and nothing of the home page, which only the website has
    assert main.count("\\chapter*{") == 1
    home = heading(DOCS / lang / "index.md")
    assert home not in main.split("\\begin{document}")[1]


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_book_build_lists_what_the_book_must_hold(books: Path, lang: str) -> None:
    contents = json.loads((books / lang / f"{book_name(lang)}.contents.json").read_text("utf-8"))
    chapters, appendices = expected_titles(lang)
    assert (contents["chapters"], contents["appendices"]) == (chapters, appendices)
    assert contents["documents"][-len(APPENDICES) :] == list(APPENDICES)


def test_the_website_leaves_the_book_out_and_links_it_from_its_home_page(site: Path) -> None:
    for lang in LANGS:
        assert not (site / lang / "book.html").exists()
        home = (site / lang / "index.html").read_text("utf-8")
        anchors = re.findall(r"<a [^>]*\bnnguide-book\b[^>]*>", home)
        links = [re.search(r'href="([^"]*)"', anchor)[1] for anchor in anchors]  # type: ignore[index]
        assert links == [f"{BOOK_FOLDER}/{book_name(lang)}.{suffix}" for suffix in BOOK_FORMATS]
