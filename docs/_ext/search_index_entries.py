"""Sphinx extension: an incremental build keeps the glossary and index entries in the search index.

Sphinx 8.2 reloads the previous ``searchindex.js`` on an incremental build, but not its index
entries (``IndexBuilder.load`` restores the words and titles only), so the glossary terms of every
page that is not rewritten drop out of search. The pages that hold index entries are few; each
build rewrites them, so their entries are fed to the index again.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def pages_with_index_entries(_app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages that hold index entries (glossary terms, API objects): rewrite them."""
    return sorted(
        docname for docname, entries in env.domains.index_domain.entries.items() if entries
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler."""
    app.connect("env-updated", pages_with_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
