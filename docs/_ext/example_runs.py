"""Sphinx extension: each chapter runs again when the code it runs changes, and within its budget.

sphinx-gallery skips a chapter whose script has not changed, so a change to an ``nnguide`` module
the chapter imports would leave its page showing old output. This extension keeps a hash of the
nnguide files the chapter imports (and of the modules that write every page's footer); when it
differs, sphinx-gallery forgets the chapter's last run (``gallery_text.forget_last_run``). After the
build, a chapter that ran longer than its budget (``nnguide_time_budgets`` in
``docs/shared_conf.py``) fails it.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path
from typing import Any

from gallery_text import forget_last_run
from site_facts import EXAMPLES, GALLERY_DIR, SRC
from site_languages import tree_language
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)
# the modules that write the text of every chapter's footer (translations, the wheel's link)
FOOTER_MODULES = (
    Path(__file__).with_name("gallery_text.py"),
    Path(__file__).with_name("site_facts.py"),
)


def nnguide_module_files(module: str) -> list[Path]:
    """The files Python executes to import ``module`` from nnguide: the module and its packages."""
    parts = module.split(".")
    files = []
    for depth in range(1, len(parts) + 1):
        base = SRC.joinpath(*parts[:depth])
        for candidate in (base / "__init__.py", base.with_suffix(".py")):
            if candidate.is_file():
                files.append(candidate)
    return files


def nnguide_dependencies(path: Path) -> set[Path]:
    """Every nnguide source file that running ``path`` imports, directly or through nnguide itself."""
    seen: set[Path] = set()
    todo = [path]
    while todo:
        tree = ast.parse(todo.pop().read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                if name == "nnguide" or name.startswith("nnguide."):
                    for file in nnguide_module_files(name):
                        if file not in seen:
                            seen.add(file)
                            todo.append(file)
    return seen


def invalidate_stale_examples(app: Sphinx) -> None:
    """Make sphinx-gallery re-run every example whose nnguide dependencies (or this module) changed.

    Beside sphinx-gallery's own cache we keep a hash of the nnguide files the script imports; when
    that differs, sphinx-gallery forgets the script's last run.
    """
    lang = tree_language(app)
    gallery = Path(app.srcdir) / GALLERY_DIR
    for example in sorted((EXAMPLES / lang).glob("*.py")):
        digest = hashlib.md5(usedforsecurity=False)
        for module in FOOTER_MODULES:
            digest.update(module.read_bytes())
        for dep in sorted(nnguide_dependencies(example)):
            digest.update(dep.relative_to(SRC).as_posix().encode())
            digest.update(dep.read_bytes())
        stamp = gallery / f"{example.name}.nnguide.md5"
        if stamp.is_file() and stamp.read_text() == digest.hexdigest():
            continue
        if forget_last_run(gallery, example.name):
            logger.info("nnguide changed: re-running %s", example.name)
        gallery.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest.hexdigest())


def check_time_budgets(app: Sphinx, exception: Exception | None) -> None:
    """Fail the build if an example took longer than its budget, per sphinx-gallery's measurements.

    sphinx-gallery stores each example's last running time in ``<name>.cost.json`` beside it; the
    budgets, in seconds, live in one place: ``nnguide_time_budgets`` in ``docs/shared_conf.py``.
    """
    if exception is not None:
        return
    budgets: dict[str, float] = app.config.nnguide_time_budgets
    over = []
    for cost_file in sorted((Path(app.srcdir) / GALLERY_DIR).glob("*.cost.json")):
        example = cost_file.name.removesuffix(".cost.json") + ".py"
        seconds = float(json.loads(cost_file.read_text(encoding="utf-8"))["time"])
        budget = float(budgets.get(example, budgets["default"]))
        if seconds > budget:
            over.append(f"{example} ran for {seconds:.1f} s, over its budget of {budget:g} s")
    if over:
        msg = (
            "examples over their time budget (nnguide_time_budgets in docs/shared_conf.py): "
            + "; ".join(over)
        )
        raise ExtensionError(msg)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the two handlers and the budgets' setting."""
    app.connect(
        "builder-inited", invalidate_stale_examples, priority=1
    )  # before sphinx-gallery runs them
    app.connect("build-finished", check_time_budgets)
    app.add_config_value("nnguide_time_budgets", {"default": 20.0}, "", types=frozenset({dict}))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
