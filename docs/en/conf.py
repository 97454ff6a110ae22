"""Sphinx configuration of the English site: the shared settings (../shared_conf.py), in English."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared_conf import *
from site_facts import EXAMPLES, GALLERY_DIR, LANGUAGES

language = LANGUAGES["en"].locale
copyright = "2026, nnguide developers"
sphinx_gallery_conf = {
    **sphinx_gallery_conf,
    "examples_dirs": str(EXAMPLES / "en"),
    "gallery_dirs": GALLERY_DIR,
}
