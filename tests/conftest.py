"""The built site that the site and notebook tests read.

By default the site is built here without executing the examples (a quick build of every page).
Set ``NNGUIDE_SITE=docs/_build/html`` to check the full site that ``nox -s docs`` built instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "zh")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("NNGUIDE_SITE")
    if given:
        path = Path(given)
        assert (path / "index.html").is_file(), (
            f"NNGUIDE_SITE={given} holds no built site: run `nox -s docs`"
        )
        return path
    out = tmp_path_factory.mktemp("site")
    for lang in LANGS:
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-T", "-q",
             "-D", "sphinx_gallery_conf.plot_gallery=0", "-d", str(out / "doctrees" / lang),
             f"docs/{lang}", str(out / "html" / lang)],
            cwd=ROOT, check=True,
        )  # fmt: skip
    return out / "html"
