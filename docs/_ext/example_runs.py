"""Sphinx extension: each chapter runs again when the code it runs changes, and within its budget.

sphinx-gallery skips a chapter whose script has not changed, so a change to an ``nnguide`` module
the chapter imports would leave its page showing old output. This extension keeps a hash of the
nnguide files the chapter imports (and of sphinx-gallery's templates as this build adapts them:
every page's footer); when it differs, sphinx-gallery forgets the chapter's last run
(``internals.forget_last_run``).

Each chapter's last running time is reported beside its budget (``nnguide_time_budgets`` in
``docs/shared_conf.py``): in the build log, and as a column of the execution-times pages, in the
page's language (through the site's catalogue). A run over its budget is information, never an
error nor a warning (``-W`` would make it one): a wall-clock limit fails on a slow or busy machine,
not on the code. Speed is guarded by ``nox -s timing`` (``benchmarks/time_examples.py``), which
measures every chapter against a calibration workload run in the same process.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from internals import (
    execution_times_with_column,
    forget_last_run,
    gallery_templates,
    is_execution_times_page,
    last_run_seconds,
)
from site_facts import GALLERY_DIR, SRC
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging

logger = logging.getLogger(__name__)


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


def package_data(source: Path) -> list[Path]:
    """A package's data, found from its ``__init__.py``: the JSON files beside it
    (``bench_results/*.json``) and its compiled message catalogues (``locales/*/LC_MESSAGES/*.mo``),
    whose words the plots print."""
    if source.name != "__init__.py":
        return []
    folder = source.parent
    return sorted([*folder.glob("*.json"), *folder.glob("locales/*/LC_MESSAGES/*.mo")])


def nnguide_dependencies(path: Path) -> set[Path]:
    """Every nnguide file that running ``path`` imports or whose package reads it as data."""
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
                            seen.update(package_data(file))
    return seen


def invalidate_stale_examples(app: Sphinx) -> None:
    """Make sphinx-gallery re-run every example whose nnguide dependencies or footer changed.

    Beside sphinx-gallery's own cache we keep a hash of the nnguide files the script imports and
    of the templates that write its page's footer (``gallery_text.py`` adapts them at
    ``config-inited``, in the build's language); when that differs, sphinx-gallery forgets the
    script's last run.
    """
    gallery = Path(app.srcdir) / GALLERY_DIR
    footer = hashlib.md5(usedforsecurity=False)
    for name, template in sorted(gallery_templates().items()):
        footer.update(f"{name}\n{template}\n".encode())
    for example in sorted(Path(app.config.sphinx_gallery_conf["examples_dirs"]).glob("*.py")):
        digest = footer.copy()
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


@dataclass(frozen=True)
class RunTime:
    """One example's last running time, as sphinx-gallery measured it, and its budget."""

    example: str
    seconds: float
    budget: float

    @property
    def over_budget(self) -> bool:
        """Whether the run took longer than its budget."""
        return self.seconds > self.budget

    def describe(self) -> str:
        """One line for the build log.

        >>> RunTime("plot_02_mlp_xor.py", 23.5, 20.0).describe()
        'plot_02_mlp_xor.py: 23.5 s, over its budget of 20 s (a slow or busy machine, or slower code)'
        """
        if self.over_budget:
            return (
                f"{self.example}: {self.seconds:.1f} s, over its budget of {self.budget:g} s "
                "(a slow or busy machine, or slower code)"
            )
        return f"{self.example}: {self.seconds:.1f} s of its {self.budget:g} s budget"


def run_times(app: Sphinx) -> list[RunTime]:
    """Every example's last running time and budget, read from sphinx-gallery's measurements.

    The budgets, in seconds, live in one place: ``nnguide_time_budgets`` in ``docs/shared_conf.py``.
    """
    budgets: dict[str, float] = app.config.nnguide_time_budgets
    return [
        RunTime(example, seconds, float(budgets.get(example, budgets["default"])))
        for example, seconds in last_run_seconds(Path(app.srcdir) / GALLERY_DIR).items()
    ]


def report_run_times(app: Sphinx, exception: Exception | None) -> None:
    """Log every example's running time beside its budget; a run over budget is only reported."""
    if exception is not None:
        return
    times = run_times(app)
    if not times:
        return
    logger.info("running time of each example, beside its budget (nnguide_time_budgets):")
    for run in times:
        logger.info("    %s", run.describe())
    over = sum(run.over_budget for run in times)
    if over:
        logger.info(
            "%d example(s) over budget: the site is built all the same. `nox -s timing` tells a "
            "slow machine from slower code.",
            over,
        )


BUDGET_HEADER = "Budget"
OVER_BUDGET = "{budget} (over)"
"""The budget column's header, and a budget that the last run exceeded (msgids of the catalogue)."""


def minutes_seconds(seconds: float) -> str:
    """Seconds as sphinx-gallery's tables write them: ``mm:ss.sss``.

    >>> minutes_seconds(45), minutes_seconds(83.25)
    ('00:45.000', '01:23.250')
    """
    minutes, rest = divmod(seconds, 60)
    return f"{minutes:02.0f}:{rest:06.3f}"


def budgets_in_execution_times(app: Sphinx, docname: str, source: list[str]) -> None:
    """Show each example's budget in sphinx-gallery's execution-times pages, in the memory column.

    The build does not measure memory (``show_memory`` is off), so that column only ever says 0.0.
    """
    if not is_execution_times_page(docname):
        return
    budgets = {run.example: run for run in run_times(app)}

    def budget_cell(example: str) -> str:
        run = budgets.get(example)
        if run is None:
            return ""
        budget = minutes_seconds(run.budget)
        return str(_(OVER_BUDGET)).format(budget=budget) if run.over_budget else budget

    source[0] = execution_times_with_column(source[0], docname, str(_(BUDGET_HEADER)), budget_cell)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handlers and the budgets' setting."""
    app.connect(
        "builder-inited", invalidate_stale_examples, priority=1
    )  # before sphinx-gallery runs them
    app.connect("build-finished", report_run_times)
    app.connect("source-read", budgets_in_execution_times)
    app.add_config_value("nnguide_time_budgets", {"default": 20.0}, "", types=frozenset({dict}))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
