"""The docs extensions: a chapter runs again when the code it runs changes; the language is checked."""

from __future__ import annotations

import ast
import importlib.util
import itertools
import logging
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import example_runs
import pytest
import site_languages
import sphinx.errors
from sphinx_gallery import gen_rst

ROOT = Path(__file__).resolve().parents[1]


def stand_in(**attributes: Any) -> Any:
    """A stand-in for Sphinx's application or config, holding only what the code under test reads."""
    return SimpleNamespace(**attributes)


def test_dependencies_follow_imports_through_nnguide() -> None:
    deps = example_runs.nnguide_dependencies(ROOT / "examples/en/plot_01_perceptron.py")
    names = {p.relative_to(ROOT / "src/nnguide").as_posix() for p in deps}
    # perceptron imports _validation; plotting imports fonts and i18n: reached transitively.
    assert {
        "__init__.py",
        "perceptron.py",
        "_validation.py",
        "plotting.py",
        "fonts.py",
        "i18n.py",
    } <= names
    assert {"datasets/__init__.py", "datasets/logic_gates.py"} <= names


def test_dependencies_include_the_data_a_package_reads() -> None:
    deps = example_runs.nnguide_dependencies(ROOT / "examples/en/plot_07_faster.py")
    names = {p.relative_to(ROOT / "src/nnguide").as_posix() for p in deps}
    # a newly committed benchmark run re-runs the chapter that shows it
    assert {"bench_results/__init__.py", "bench_results/mnist-cuda.json"} <= names
    # a changed translation of the plots' words re-runs every chapter in that language
    assert "locales/zh/LC_MESSAGES/nnguide.mo" in names
    assert "py.typed" not in names  # only a package's data, not every file beside it


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "src", tmp_path / "src")
    (tmp_path / "examples/en").mkdir(parents=True)
    (tmp_path / "examples/en/plot_99_demo.py").write_text(
        "from nnguide.perceptron import Perceptron\n"
    )
    (tmp_path / "docs/en/auto_examples").mkdir(parents=True)
    monkeypatch.setattr(example_runs, "SRC", tmp_path / "src")
    return tmp_path


def english_site(project: Path) -> Any:
    """The English site of ``project``, as invalidate_stale_examples reads it."""
    gallery_conf = {"examples_dirs": str(project / "examples/en")}
    return stand_in(srcdir=project / "docs/en", config=stand_in(sphinx_gallery_conf=gallery_conf))


def test_editing_an_imported_module_invalidates_the_example(project: Path) -> None:
    app = english_site(project)
    md5 = project / "docs/en/auto_examples/plot_99_demo.py.md5"

    example_runs.invalidate_stale_examples(app)  # first build: records the dependencies
    md5.write_text("cached")  # sphinx-gallery ran the example
    example_runs.invalidate_stale_examples(app)  # unchanged: the cache stays
    assert md5.read_text() == "cached"

    (project / "src/nnguide/plotting.py").write_text("# not imported by the demo\n")
    example_runs.invalidate_stale_examples(app)
    assert md5.is_file()

    validation = project / "src/nnguide/_validation.py"
    validation.write_text(validation.read_text() + "\n# edited\n")
    example_runs.invalidate_stale_examples(app)
    assert not md5.exists()


def test_a_changed_footer_invalidates_the_example(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # sphinx-gallery's templates, as gallery_text adapts them (translated, with the wheel's link),
    # write every example page's footer; a cached page would keep the old one.
    app = english_site(project)
    md5 = project / "docs/en/auto_examples/plot_99_demo.py.md5"
    example_runs.invalidate_stale_examples(app)
    md5.write_text("cached")
    monkeypatch.setattr(gen_rst, "ZIP_DOWNLOAD", gen_rst.ZIP_DOWNLOAD + "\n   a new footer link\n")
    example_runs.invalidate_stale_examples(app)
    assert not md5.exists()


@pytest.fixture
def measured_gallery(tmp_path: Path) -> Any:
    """A tree whose gallery holds sphinx-gallery's measured times for two examples."""
    gallery = tmp_path / "en" / "auto_examples"
    gallery.mkdir(parents=True)
    (gallery / "plot_01_fast.cost.json").write_text('{"time": 3.0, "memory": 0}')
    (gallery / "plot_05_mnist.cost.json").write_text('{"time": 30.0, "memory": 0}')
    return stand_in(
        srcdir=tmp_path / "en",
        config=stand_in(nnguide_time_budgets={"default": 20.0, "plot_05_mnist.py": 45.0}),
    )


def test_an_example_over_its_time_budget_is_reported_and_the_build_goes_on(
    measured_gallery: Any, caplog: pytest.LogCaptureFixture
) -> None:
    gallery = Path(measured_gallery.srcdir) / "auto_examples"
    (gallery / "plot_01_fast.cost.json").write_text('{"time": 21.5, "memory": 0}')
    example_runs.report_run_times(measured_gallery, None)  # no error: the build succeeds
    log = caplog.text
    assert "plot_01_fast.py: 21.5 s, over its budget of 20 s" in log
    assert "plot_05_mnist.py: 30.0 s of its 45 s budget" in log
    assert "1 example(s) over budget: the site is built all the same" in log
    # information, not a warning: sphinx-build -W would turn a warning into an error
    assert all(record.levelno < logging.WARNING for record in caplog.records)


EXECUTION_TIMES = """Computation times
=================
**00:33.000** total execution time for 2 files **from auto_examples**:

.. container::

  .. list-table::
   :header-rows: 1
   :class: table table-striped sg-datatable

   * - Example
     - Time
     - Mem (MB)
   * - :ref:`sphx_glr_auto_examples_plot_05_mnist.py` (``plot_05_mnist.py``)
     - 00:30.000
     - 0.0
   * - :ref:`sphx_glr_auto_examples_plot_01_fast.py` (``../../examples/en/plot_01_fast.py``)
     - 00:21.500
     - 0.0
"""


def test_the_execution_times_page_shows_each_budget(measured_gallery: Any) -> None:
    gallery = Path(measured_gallery.srcdir) / "auto_examples"
    (gallery / "plot_01_fast.cost.json").write_text('{"time": 21.5, "memory": 0}')
    source = [EXECUTION_TIMES]
    example_runs.budgets_in_execution_times(measured_gallery, "sg_execution_times", source)
    assert "     - Time\n     - Budget\n   * -" in source[0]  # the memory column (always 0.0) goes
    assert "     - 00:30.000\n     - 00:45.000\n" in source[0]
    assert "     - 00:21.500\n     - 00:20.000 (over)\n" in source[0]
    assert "     - 0.0\n" not in source[0]
    # in another language, through the catalogue: tests/test_internals.py

    # sphinx-gallery changed its table: the build stops and says what to update
    with pytest.raises(sphinx.errors.ExtensionError, match="update execution_times_with_column"):
        example_runs.budgets_in_execution_times(
            measured_gallery,
            "sg_execution_times",
            [EXECUTION_TIMES.replace("Mem (MB)", "Memory")],
        )


def test_the_chinese_site_refuses_to_build_without_jieba(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name: None if name == "jieba" else real_find_spec(name),
    )
    app = stand_in(srcdir=tmp_path / "zh", config=stand_in(language="zh_CN"))
    with pytest.raises(
        sphinx.errors.ConfigError, match=r"the 简体中文 site needs jieba .*`pip install jieba`"
    ):
        site_languages.check_language(app)
    with pytest.raises(
        sphinx.errors.ConfigError, match=r"which docs/languages\.toml does not list"
    ):
        site_languages.check_language(
            stand_in(srcdir=tmp_path / "fr", config=stand_in(language="fr"))
        )


def test_a_tree_built_in_the_wrong_language_is_refused(tmp_path: Path) -> None:
    # `sphinx-build -c docs docs/zh ...` with an English configuration: Sphinx's own words
    # ("Parameters") would stay English, so the build stops and says how to build it.
    app = stand_in(srcdir=tmp_path / "zh", config=stand_in(language="en"))
    with pytest.raises(
        sphinx.errors.ConfigError, match=r"is built in 'en' .* build docs/en, with its own conf\.py"
    ):
        site_languages.check_language(app)


def attribute_docstrings_read_as_types(package: Path) -> list[str]:
    """The attribute docstrings of ``package`` whose first line napoleon would split into a type
    and a description (at its first ": "), showing half a sentence as the attribute's "Type"."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if not isinstance(body, list):
                continue
            for assignment, docstring in itertools.pairwise(body):
                if (
                    isinstance(assignment, ast.Assign | ast.AnnAssign)
                    and isinstance(docstring, ast.Expr)
                    and isinstance(docstring.value, ast.Constant)
                    and isinstance(docstring.value.value, str)
                    and ": " in docstring.value.value.strip().splitlines()[0]
                ):
                    found.append(f"{path.name}:{docstring.lineno}")
    return found


def test_no_attribute_docstring_reads_as_a_type(tmp_path: Path) -> None:
    assert attribute_docstrings_read_as_types(ROOT / "src" / "nnguide") == []
    planted = tmp_path / "planted.py"
    planted.write_text('LIMIT = 3\n"""Most bytes it may hold: a bigger one is refused."""\n')
    assert attribute_docstrings_read_as_types(tmp_path) == ["planted.py:2"]
