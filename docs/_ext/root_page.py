"""Sphinx extension: the root ``index.html`` beside the language folders.

It sends a visitor to the language they chose with the switcher, else to their browser's language.
The page is the template ``docs/_templates/root_index.html``, rendered with the site's templates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from site_languages import tree_language
from sphinx.application import Sphinx

TEMPLATE = "root_index.html"


def write_root_index(app: Sphinx, exception: Exception | None) -> None:
    """Write ``index.html`` beside the language folders, sending visitors to their language."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if outdir.name != tree_language(app):
        return  # built somewhere else than <root>/<lang>/: there is no shared root to write
    page = app.builder.templates.render(TEMPLATE, {})
    target = outdir.parent / "index.html"
    if not target.is_file() or target.read_text(encoding="utf-8") != page:
        target.write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler."""
    app.connect("build-finished", write_root_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
