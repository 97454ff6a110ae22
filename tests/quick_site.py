"""A quick build of the site from a copy of its sources: every page, no chapter run.

sphinx-gallery writes each chapter's page source into ``docs/<lang>/auto_examples``, and a build
without outputs must not overwrite the real build's: so the sources are copied first.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from site_facts import GALLERY_DIR, ROOT, WHEEL_DIR, load_languages, sphinx_arguments


def copy_sources(target: Path) -> Path:
    """Copy the site's sources (``docs``, ``examples``, ``src``) without anything generated."""
    generated = shutil.ignore_patterns("_build", GALLERY_DIR, "generated", "sg_execution_times.rst")
    for folder in ("docs", "examples", "src"):  # the pages include code from src/ (literalinclude)
        shutil.copytree(ROOT / folder, target / folder, ignore=generated)
    return target


def quick_build(sources: Path, out: Path, *options: str) -> Path:
    """Build every language of ``sources`` (its own ``docs/languages.toml``) into ``out/html``,
    with sphinx-build's ``options`` (``-D nnguide_base_url=…``)."""
    for lang in load_languages(sources / "docs" / "languages.toml"):
        quick = [
            "-q",
            *("-D", "sphinx_gallery_conf.plot_gallery=0"),  # pages without outputs
            *("-D", f"nnguide_wheel_dir={WHEEL_DIR}"),  # the wheel nox built, not one in the copy
            *options,
        ]
        arguments = sphinx_arguments("html", lang, *quick, docs=sources / "docs", build=out)
        subprocess.run([sys.executable, "-m", "sphinx", *arguments], cwd=sources, check=True)
    return out / "html"
