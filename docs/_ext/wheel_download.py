"""Serve the nnguide wheel with the site, so that a downloaded chapter can be run.

The chapters import ``nnguide``, which is not on PyPI: ``nox -s docs`` builds its wheel into
``nnguide_wheel_dir`` before Sphinx runs, and the role ``nnguide-wheel`` links to it, in a page's
language (``{nnguide-wheel}`` in MyST, ``:nnguide-wheel:`` in reST). Sphinx copies the file into the
site like any ``:download:`` target. A build without the wheel stops and says how to make it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "_build" / "wheel"


def wheel_path(app: Sphinx) -> Path:
    """The wheel of this release, which must exist."""
    folder = Path(app.config.nnguide_wheel_dir)
    wheel = folder / f"nnguide-{app.config.release}-py3-none-any.whl"
    if not wheel.is_file():
        msg = (
            f"the site serves the nnguide wheel, but {wheel} does not exist: build it with "
            f"`pip wheel --no-deps --wheel-dir {folder} .` (`nox -s docs` does)."
        )
        raise ConfigError(msg)
    return wheel


def wheel_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """A download link to the wheel; ``{wheel}`` in ``text`` stands for its file name, else it follows."""
    del name, lineno, options, content
    env = inliner.document.settings.env
    wheel = wheel_path(env.app)
    # a download target starting with "/" is relative to the source folder
    target = "/" + os.path.relpath(wheel, env.srcdir)
    node = addnodes.download_reference(
        rawtext, "", reftarget=target, refdoc=env.docname, refexplicit=True
    )
    label = text.replace("{wheel}", wheel.name) if "{wheel}" in text else f"{text} ({wheel.name})"
    node += nodes.literal(rawtext, label, classes=["xref", "download"])
    return [node], []


def check_wheel(app: Sphinx) -> None:
    """Fail at the start of the build, not at the first page that links to the wheel."""
    wheel_path(app)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("nnguide_wheel_dir", str(DEFAULT_DIR), "env", types=[str])
    app.add_role("nnguide-wheel", wheel_role)
    app.connect("builder-inited", check_wheel)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
