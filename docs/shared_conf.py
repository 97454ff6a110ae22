"""Sphinx settings shared by the sites of every language (docs/languages.toml).

Each site's ``conf.py`` (the same file in every ``docs/<code>/``) imports these and takes the
settings that differ from :func:`site_settings`, for the language its folder names. Build one
language with ``sphinx-build docs/<code> docs/_build/html/<code>``; ``nox -s docs`` builds them all.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
from site_facts import CHAPTER_PREFIX, EXAMPLES, GALLERY_DIR, LANGUAGES

project = "nnguide"
author = "nnguide developers"
release = version = importlib.metadata.version("nnguide")  # defined once, in pyproject.toml

# Order: site_languages first, so that a tree built in the wrong language stops before any other
# extension starts; the extensions that rewrite or extend sphinx-gallery's output come after it
# (clean_downloads, wheel_download), and their handlers are also ordered by event priority.
# A language's own extensions (its `extensions` in docs/languages.toml) follow root_page.
extensions = [
    "site_languages",  # the tree's language, checked; the switcher's links to the other languages
    "book",  # -t book: the book (PDF, EPUB) from book.md; the website leaves book.md out
    "browser_messages",  # the catalogue's messages for the search page's script
    "gallery_text",  # sphinx-gallery's text in the page's language, thumbnails' alt text, the wheel
    "example_runs",  # a chapter runs again when the nnguide code it imports changes; time budgets
    "root_page",  # docs/_build/html/index.html sends visitors to their language
    "search_index_entries",  # incremental builds keep the glossary in the search index
    "search_phrases",  # English queries: words that stand together rank first, other names
    "search_ranking",  # chapters first, then the glossary, then pages that mention the query
    "terminology",  # the glossary follows docs/terminology.toml and gives each term's other names
    "code_language",  # nnguide's docstrings and comments in the page's language (API, source)
    "language_checks",  # one name per term, no 第 02 章; Chinese comments and printed sentences
    "language_of_parts",  # lang="…" on text in the other language (API docstrings, glossary names)
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "offline_mathjax",  # serves MathJax 3 from _static/mathjax: no CDN
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_gallery.gen_gallery",
    "clean_downloads",  # notebooks in Markdown; scripts without the hidden checks
    "wheel_download",  # serves the nnguide wheel that downloaded chapters import
    "animations",  # a chapter's matplotlib animation as a player the reader starts
]

# -- Warnings: the build runs with -W and -n (nitpicky) ------------------------------------------
nitpicky = True
# The site is built offline, so intersphinx cannot fetch the inventories of Python, PyTorch,
# NumPy and matplotlib; references into those projects stay plain text instead of links.
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(torch|numpy|matplotlib|collections\.abc|typing|pathlib|argparse|pickle|pickletools)(\..*)?",
    ),
    (r"py:class", r"(int|float|str|bool|object|list|tuple|dict|set|None|Path|Tensor|Axes)"),
    (r"py:class", r"(Lang|Callable|Sequence|LossFunction)"),  # type aliases, named in the text
]

# -- Sources --------------------------------------------------------------------------------------
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    f"{GALLERY_DIR}/*.ipynb",
    f"{GALLERY_DIR}/*.py",
]
templates_path = [str(DOCS / "_templates")]
locale_dirs = [str(DOCS / "locales")]  # interface text the theme leaves in English
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# -- API reference --------------------------------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# The doctests of the docstrings run under pytest (--doctest-modules); Sphinx's doctest builder runs
# the {doctest} blocks of the pages.
doctest_test_doctest_blocks = ""

# -- Examples -------------------------------------------------------------------------------------
# examples_dirs / gallery_dirs: set by each site's conf.py.
sphinx_gallery_conf = {
    "filename_pattern": f"/{CHAPTER_PREFIX}",  # run every chapter
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": True,
    "remove_config_comments": True,
    "show_memory": False,
    # animations are saved frame by frame for nnguide's player (_ext/animations.py), which waits
    # for the reader, rather than sphinx-gallery's (which embeds every frame in the page)
    "matplotlib_animations": False,
    # every plot also saved at twice the resolution, served to high-density screens (srcset)
    "image_srcset": ["2x"],
    # matplotlib's scraper, after the checks of _ext/figure_checks.py (no overlapping or cut-off
    # text; a title, explained colours, whole-number ticks), each PNG recording its smallest text
    # for the legibility test, animations saved frame by frame for their player (_ext/figure_scraper.py)
    "image_scrapers": ("figure_scraper.checked_matplotlib_scraper",),
    "reset_modules": ("matplotlib", "seaborn"),
    "min_reported_time": 0,
    "capture_repr": ("_repr_html_", "__repr__"),
    "default_thumb_file": None,
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
}

# The most seconds each example may run on a 2-core machine; a slower one fails the build.
nnguide_time_budgets = {"default": 20.0, "plot_05_mnist.py": 45.0}

# -- Books: `nox -s book` (docs/_ext/book.py) ------------------------------------------------------
latex_engine = "xelatex"  # Unicode and system fonts: Chinese through xeCJK
latex_use_xindy = False  # the book has no index (below); xindy is not installed
latex_domain_indices = False  # no Python module index: the API has its own appendix
latex_show_urls = "footnote"  # a printed link still says where it goes
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "makeindex": "",
    "printindex": "",
    # GNU FreeFont for Latin, Greek and symbols, DejaVu Sans Mono for code, Noto CJK for Chinese
    # (in either book: the English one names its Chinese source); a character that no font has
    # stops the build (\tracinglostchars=3) instead of leaving a blank.
    "fontpkg": r"""
\setmainfont{FreeSerif}[Extension=.otf, UprightFont=*, ItalicFont=*Italic,
  BoldFont=*Bold, BoldItalicFont=*BoldItalic]
\setsansfont{FreeSans}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique,
  BoldFont=*Bold, BoldItalicFont=*BoldOblique]
\setmonofont{DejaVu Sans Mono}[Scale=0.9]
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}[BoldFont=Noto Sans CJK SC Bold]
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\tracinglostchars=3
""",
    # xeCJKVerbAddon: no extra space beside Chinese in code (the comments of the Chinese book)
    "fvset": r"\fvset{fontsize=\small,formatcom=\xeCJKVerbAddon}",
    "sphinxsetup": "verbatimwrapslines=true, verbatimforcewraps=true",
}
# The EPUB: no index, links as they are (its formulas: MathML, docs/_ext/book_math.py).
epub_use_index = False
epub_show_urls = "no"

# -- HTML -----------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "nnguide"
html_static_path = [str(DOCS / "_static")]
html_css_files = ["nnguide.css"]
html_favicon = str(DOCS / "_static" / "favicon.svg")
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "navbar_end": ["nnguide-lang-switch", "theme-switcher"],
    "navbar_persistent": ["search-button"],
    "secondary_sidebar_items": ["page-toc"],
    "show_prev_next": True,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "use_edit_page_button": False,
}
html_sidebars = {"index": []}
# pydata-sphinx-theme logs a console error on first visit unless a colour mode is set.
html_context: dict[str, object] = {"default_mode": "auto"}
copybutton_exclude = ".linenos, .gp, .go"


def site_settings(code: str) -> tuple[str, str, list[str], dict[str, object]]:
    """The settings that differ between the sites, for the language ``code`` (a folder of docs/).

    Returns Sphinx's ``language``, ``copyright``, ``extensions`` (the shared ones with the
    language's own after ``root_page``) and ``sphinx_gallery_conf`` (its chapters' folders).

    >>> site_settings("zh")[0], site_settings("zh")[2][4:6]
    ('zh_CN', ['chinese_lines', 'chinese_search'])
    """
    if code not in LANGUAGES:
        msg = f"docs/{code} is not a language of docs/languages.toml ({', '.join(LANGUAGES)})"
        raise ValueError(msg)
    site = LANGUAGES[code]
    own = extensions.index("root_page") + 1
    return (
        site.locale,
        site.copyright,
        [*extensions[:own], *site.extensions, *extensions[own:]],
        {**sphinx_gallery_conf, "examples_dirs": str(EXAMPLES / code), "gallery_dirs": GALLERY_DIR},
    )


# -- Publishing: the site's address, canonical links, sitemap, social previews, 404 page ----------
# The address of the site's root (the folder of index.html and the language folders), e.g.
# `sphinx-build -D nnguide_base_url=https://example.org/nnguide/ …`, or for `nox -s docs` the
# environment's NNGUIDE_BASE_URL. Empty, a local build: relative links, no canonical links and no
# sitemap (docs/_ext/site_urls.py). Each language's html_baseurl is derived from it.
nnguide_base_url = os.environ.get("NNGUIDE_BASE_URL", "")
extensions += [
    "site_urls",  # nnguide_base_url: html_baseurl (canonical links), absolute addresses
    "sitemap",  # <lang>/sitemap.xml with alternates, the root's sitemap index (and robots.txt)
    "social_meta",  # Open Graph and Twitter-card tags in the page's language, the language's card
    "not_found",  # 404.html at the root, for a missing address at any depth, in its language
]
