"""Sphinx extension: search ranks the chapters first (the rules are in ``search_ranking.js``).

It sets Sphinx's ``html_search_scorer`` to ``search_ranking.js`` and tells that script how a
chapter's page name starts (``site_facts``), so that the folder and file names stay defined once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_facts import CHAPTER_PREFIX, GALLERY_DIR
from sphinx.application import Sphinx
from sphinx.config import Config

SCORER = Path(__file__).with_name("search_ranking.js")


def use_scorer(_app: Sphinx, config: Config) -> None:
    """Make ``search_ranking.js`` the site's search scorer."""
    config.html_search_scorer = str(SCORER)


def setup(app: Sphinx) -> dict[str, Any]:
    """Set the scorer, and give every page the prefix of the chapters' page names."""
    app.connect("config-inited", use_scorer)
    chapter_pages = json.dumps(f"{GALLERY_DIR}/{CHAPTER_PREFIX}")
    app.add_js_file(None, body=f"const NNGUIDE_CHAPTER_PAGES = {chapter_pages};")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
