"""Sphinx extension: search ranks phrases, then chapters, first (the rules are in ``search_ranking.js``).

It sets Sphinx's ``html_search_scorer`` to ``search_ranking.js`` followed by
``sphinx_search_internals.js`` (nnguide's guarded uses of Sphinx's search internals: pages with
most of a query's words when none has all, formulas as text in result summaries), written as one
file beside the build's doctrees, and tells the scorer how a chapter's page name starts
(``site_facts``), so that the folder and file names stay defined once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_facts import CHAPTER_PREFIX, GALLERY_DIR
from sphinx.application import Sphinx
from sphinx.config import Config

PARTS = [
    Path(__file__).with_name(name) for name in ("search_ranking.js", "sphinx_search_internals.js")
]
SCORER = "nnguide-search-scorer.js"


def use_scorer(app: Sphinx, config: Config) -> None:
    """Write the scorer (only if it changed) and make it the site's search scorer."""
    scorer = Path(app.doctreedir) / SCORER
    code = "\n".join(part.read_text(encoding="utf-8") for part in PARTS)
    if not scorer.is_file() or scorer.read_text(encoding="utf-8") != code:
        scorer.parent.mkdir(parents=True, exist_ok=True)
        scorer.write_text(code, encoding="utf-8")
    config.html_search_scorer = str(scorer)


def setup(app: Sphinx) -> dict[str, Any]:
    """Set the scorer, and give every page the prefix of the chapters' page names."""
    app.connect("config-inited", use_scorer)
    chapter_pages = json.dumps(f"{GALLERY_DIR}/{CHAPTER_PREFIX}")
    app.add_js_file(None, body=f"const NNGUIDE_CHAPTER_PAGES = {chapter_pages};")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
