"""Sphinx extension: an incremental build keeps the glossary and index entries in the search index.

Sphinx 8.2 reloads the previous ``searchindex.js`` on an incremental build, but not its index
entries (``IndexBuilder.load`` restores the words and titles only), so the glossary terms of every
page that is not rewritten drop out of search. Before the index is written, the pages that hold
index entries (the glossary, the API reference: few) are fed to it again from their doctrees —
without writing those pages again, so that an unchanged rebuild writes no page.

``builder.indexer`` (the index being built) and its ``feed`` are what Sphinx itself uses to index a
page (``StandaloneHTMLBuilder.index_page``); Sphinx offers no public way to add to the index.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


def feed_index_entries(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Feed every page that holds index entries to the search index again (no page to add)."""
    env = app.env
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []  # not an HTML build, or search is off
    if not callable(getattr(indexer, "feed", None)):
        msg = "Sphinx's search IndexBuilder has no feed(): update docs/_ext/search_index_entries.py"
        raise ExtensionError(msg)
    for docname in sorted(env.domains.index_domain.entries):
        if env.domains.index_domain.entries[docname]:
            title = app.builder.render_partial(env.titles[docname])["title"]  # type: ignore[attr-defined]
            indexer.feed(docname, env.doc2path(docname, False), title, env.get_doctree(docname))
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler: html-collect-pages runs after the pages are written and before the
    search index is."""
    app.connect("html-collect-pages", feed_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
