"""Sphinx configuration of one language's site: the language is this folder's name.

Every ``docs/<code>/conf.py`` is this same file; what differs between the sites is read from
``docs/languages.toml`` by ``shared_conf.site_settings``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared_conf import *
from shared_conf import site_settings

language, copyright, extensions, sphinx_gallery_conf = site_settings(Path(__file__).parent.name)
