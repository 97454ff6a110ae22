"""Sphinx extension: an incremental build keeps the glossary and index entries in the search index.

Sphinx 8.2 reloads the previous ``searchindex.js`` on an incremental build, but not its index
entries (``IndexBuilder.load`` restores the words and titles only), so the glossary terms of every
page that is not rewritten drop out of search. Before the index is written, the pages that hold
index entries (the glossary, the API reference: few) are fed to it again from their doctrees —
without writing those pages again, so that an unchanged rebuild writes no page. Sphinx offers no
public way to add to the index: ``internals.py`` does it as Sphinx indexes a page it writes.
"""

from __future__ import annotations

from typing import Any

from internals import feed_search_index, pages_with_index_entries
from sphinx.application import Sphinx


def feed_index_entries(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Feed every page that holds index entries to the search index again (no page to add)."""
    for docname in pages_with_index_entries(app.env):
        feed_search_index(app, docname)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler: html-collect-pages runs after the pages are written and before the
    search index is."""
    app.connect("html-collect-pages", feed_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
