"""Sphinx extension: the site's 404 page, ``404.html`` beside the language folders.

GitHub Pages and Netlify answer a missing address with the root's ``404.html``, whatever the
address's depth (``/zh/auto_examples/nope/deeper.html``): so every link of the page starts at the
site's path on its server (``site_urls.site_path``: ``/`` by default, ``/nnguide/`` for
``nnguide_base_url=https://example.org/nnguide/``). The page is the template
``docs/_templates/root_404.html``, styled by the theme's stylesheets; it speaks the language of the
requested address, else the visitor's, and links to that language's home page and search. Each
language's words come from its own catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_facts import LANGUAGES
from site_languages import translated, tree_language
from site_urls import publishes, site_path, write_if_changed
from sphinx.application import Sphinx

TEMPLATE = "root_404.html"
PAGE = "404.html"
STYLESHEETS = ("styles/theme.css", "styles/pydata-sphinx-theme.css", "nnguide.css")
"""The stylesheets of the first language's site that the page uses (``_static/…``)."""


def not_found_texts() -> list[dict[str, str]]:
    """Each language's code, tag and words for the 404 page, in its own words."""
    return [
        {
            "code": each.code,
            "tag": each.tag,
            "title": translated(each.locale, "Page not found"),
            "message": translated(
                each.locale,
                "There is no page at this address: it may have moved, or the address may be "
                "mistyped.",
            ),
            "home": translated(each.locale, "Go to the home page"),
            "search": translated(each.locale, "Search the site"),
        }
        for each in LANGUAGES.values()
    ]


def write_not_found_page(app: Sphinx, exception: Exception | None) -> None:
    """Write ``404.html`` beside the language folders."""
    if exception is not None or not publishes(app):
        return
    outdir = Path(app.outdir)
    if outdir.name != tree_language(app):
        return  # built somewhere else than <root>/<lang>/: there is no shared root to write
    languages = not_found_texts()
    choices = [{key: each[key] for key in ("code", "tag", "title")} for each in languages]
    root = site_path(app)
    page = app.builder.templates.render(
        TEMPLATE,
        {
            "languages": languages,
            "languages_json": json.dumps(choices, ensure_ascii=False),
            "root": root,
            "root_json": json.dumps(root),
            "stylesheets": STYLESHEETS,
        },
    )
    write_if_changed(outdir.parent / PAGE, page)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler."""
    app.setup_extension("site_urls")
    app.connect("build-finished", write_not_found_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
