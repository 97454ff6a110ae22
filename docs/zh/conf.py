"""Sphinx configuration of the Chinese site: the shared settings (../shared_conf.py), in Chinese."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared_conf import *
from site_facts import EXAMPLES, GALLERY_DIR, LANGUAGES

language = LANGUAGES["zh"].locale  # Sphinx's own interface text in Chinese, from its first word
copyright = "2026，nnguide 开发者"
sphinx_gallery_conf = {
    **sphinx_gallery_conf,
    "examples_dirs": str(EXAMPLES / "zh"),
    "gallery_dirs": GALLERY_DIR,
}
