"""Sphinx configuration of the English site: the shared settings (../shared_conf.py), in English."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared_conf import *

language = "en"
copyright = "2026, nnguide developers"
