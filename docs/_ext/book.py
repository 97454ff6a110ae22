"""Sphinx extension: the book edition of a site, a PDF (LaTeX) and an EPUB from the same sources.

A build tagged ``book`` (``sphinx-build -t book -b latex|epub docs/<code> …``; ``nox -s book``)
takes ``book.md`` as its root document: a title page, a preface, the chapters in order with their
printed output and figures (an animation's still, its final frame), then, after the raw LaTeX
``\\appendix``, the glossary and the package as appendices. The pages that only a website has (its
home page, the gallery's thumbnails, the running times) are left out, and an e-reader, which runs
no MathJax, gets each formula as MathML (``book_math.py``). Every other build leaves
``book.md`` out.

After a book build, ``<outdir>/<name>.contents.json`` lists what the book must hold, read from
Sphinx's environment: the titles of its chapters and appendices, in order, and the image files of
each figure. ``book_checks.py`` holds the PDF and the EPUB to it.

The role ``nnguide-book`` links a page to the books the site serves (``{nnguide-book}`pdf```).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from babel.dates import format_date
from docutils import nodes
from docutils.parsers.rst.states import Inliner
from site_facts import BOOK_FOLDER, BOOK_FORMATS, BOOK_ROOT, BOOK_TAG, GALLERY_DIR, book_name
from site_languages import site_language, translated
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

BOOK_TITLE = "nnguide: neural networks with PyTorch"
"""The book's title (the home page's heading), translated by the language's catalogue."""
AUTHOR = "nnguide developers"
"""The book's author, translated by the language's catalogue."""
DESCRIPTION = "The basics of neural networks, taught by running them with PyTorch."
"""The EPUB's description, translated by the language's catalogue."""
MATH_RENDERER = "mathml"
"""The EPUB's math renderer (``html_math_renderer``), which ``book_math.py`` registers."""
WEBSITE_ONLY = ("index.md", f"{GALLERY_DIR}/index.rst", "sg_execution_times.rst")
"""Pages that only the website has: the home page, the gallery's thumbnails, the running times."""


def is_book(app: Sphinx) -> bool:
    """Whether this build makes the book (the tag ``book``), not the website."""
    return app.tags.has(BOOK_TAG)


def contents_path(outdir: Path, code: str) -> Path:
    """Where a book build writes what its book must hold: ``<outdir>/nnguide-<code>.contents.json``."""
    return outdir / f"{book_name(code)}.contents.json"


def source_date() -> dt.date:
    """The book's date: ``SOURCE_DATE_EPOCH`` (``nox -s book``: its last commit), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now(dt.UTC).date()
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()


def choose_documents(app: Sphinx, config: Config) -> None:
    """The book's root document and its settings; the website leaves ``book.md`` out."""
    if not is_book(app):
        config.exclude_patterns = [*config.exclude_patterns, f"{BOOK_ROOT}.md"]
        return
    language = site_language(app)
    title = translated(language.locale, BOOK_TITLE)
    author = translated(language.locale, AUTHOR)
    name = book_name(language.code)
    config.root_doc = BOOK_ROOT
    config.exclude_patterns = [*config.exclude_patterns, *WEBSITE_ONLY]
    # LaTeX: (root document, .tex file, title, author, document class)
    config.latex_documents = [(BOOK_ROOT, f"{name}.tex", title, author, "manual")]
    # the title page's date as the language writes it: December 5, 2026; 2026年12月5日
    config.today = format_date(source_date(), format="long", locale=language.locale)
    config.latex_elements = {**config.latex_elements, **dict(language.book_latex)}
    config.epub_basename = name
    # not files of the EPUB: what the book must hold (written beside it), and the copy of
    # Sphinx's build information that Sphinx keeps after a change of settings (its epub builder
    # leaves out .buildinfo, but not .buildinfo.bak)
    config.epub_exclude_files = [
        *config.epub_exclude_files,
        contents_path(Path(), language.code).name,
        ".buildinfo.bak",
    ]
    config.epub_title = title
    config.epub_author = author
    config.epub_contributor = author
    config.epub_publisher = author
    config.epub_description = translated(language.locale, DESCRIPTION)
    config.epub_copyright = language.copyright
    config.epub_language = language.tag  # an EPUB names its language by its BCP 47 tag: zh-CN
    config.epub_identifier = f"urn:nnguide:book:{language.code}:{config.release}"
    config.epub_scheme = "URN"
    config.epub_uid = "nnguide"
    config.html_math_renderer = MATH_RENDERER  # e-readers run no MathJax: MathML (book_math.py)
    config.html_domain_indices = False  # no Python module index in the EPUB either


def leave_out_web_content(app: Sphinx) -> None:
    """The EPUB is a book, not a web page: what is only for web pages (``only:: html``: the
    gallery's download notes and buttons, an animation's frames) stays out of it, as in the PDF."""
    if is_book(app) and app.tags.has("html"):
        app.tags.remove("html")


def book_parts(env: BuildEnvironment) -> tuple[list[str], list[str]]:
    """The documents of the book's chapters and of its appendices (the last toctree of book.md)."""
    toctrees = list(env.get_doctree(BOOK_ROOT).findall(addnodes.toctree))
    if len(toctrees) < 2:  # the chapters, then the appendices
        msg = f"{BOOK_ROOT}.md must end with two toctrees: the chapters, then the appendices"
        raise ValueError(msg)
    chapters = [doc for toctree in toctrees[:-1] for _title, doc in toctree["entries"]]
    appendices = [doc for _title, doc in toctrees[-1]["entries"]]
    return chapters, appendices


def shown(app: Sphinx, node: nodes.Element) -> bool:
    """Whether this builder shows ``node``: no ``only`` around it excludes this builder."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only) and not app.tags.eval_condition(parent["expr"]):
            return False
        parent = parent.parent
    return True


def figure_files(app: Sphinx, docname: str) -> list[list[str]]:
    """Each figure that a document shows in this book: its image files (a sharper one first).

    An animation's frames, inside an ``only`` for web pages, are not shown in a book.
    """
    figures = []
    for node in app.env.get_doctree(docname).findall(nodes.Element):
        if node.tagname == "image":
            candidates: list[str] = list(node.get("candidates", {}).values())
        elif node.tagname == "imgsgnode":  # sphinx-gallery's figure, with its 2x file
            candidates = [each.split()[0] for each in str(node["srcset"]).split(",")]
        else:
            continue
        if not shown(app, node):
            continue
        paths = sorted({str(Path(app.srcdir, each.lstrip("/"))) for each in candidates})
        figures.append(sorted(paths, key=lambda path: "_2_00x" not in path))
    return figures


def write_contents(app: Sphinx, exception: Exception | None) -> None:
    """Write what the book must hold, for ``book_checks.py``."""
    if exception is not None or not is_book(app) or app.builder.name not in {"latex", "epub"}:
        return
    env = app.env
    chapters, appendices = book_parts(env)
    contents = {
        "language": site_language(app).code,
        "documents": [*chapters, *appendices],
        "chapters": [env.titles[doc].astext() for doc in chapters],
        "appendices": [env.titles[doc].astext() for doc in appendices],
        "figures": [files for doc in [*chapters, *appendices] for files in figure_files(app, doc)],
    }
    path = contents_path(Path(app.outdir), site_language(app).code)
    text = json.dumps(contents, ensure_ascii=False, indent=1) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def book_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """A link to this language's book in the format ``text`` (``pdf``, ``epub``)."""
    del name, options, content
    env = inliner.document.settings.env
    if text not in BOOK_FORMATS:
        message = inliner.reporter.error(
            f"nnguide-book: {text!r} is not a format of the book; write one of "
            f"{', '.join(BOOK_FORMATS)}.",
            line=lineno,
        )
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    up = "../" * env.docname.count("/")
    uri = f"{up}{BOOK_FOLDER}/{book_name(site_language(env.app).code)}.{text}"
    return [nodes.reference(rawtext, text.upper(), refuri=uri, classes=["nnguide-book"])], []


def setup(app: Sphinx) -> dict[str, Any]:
    """Choose the documents when the configuration is read; the EPUB's math as MathML."""
    if is_book(app):
        app.setup_extension("book_math")
        app.add_css_file("nnguide-book.css")  # the EPUB's code wraps, its figures fit
    app.connect("config-inited", choose_documents)
    app.connect("builder-inited", leave_out_web_content)
    app.connect("build-finished", write_contents)
    app.add_role("nnguide-book", book_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
