"""The docs extensions: a chapter runs again when the code it runs changes; the language is checked."""

from __future__ import annotations

import importlib.util
import logging
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import example_runs
import gallery_text
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
    assert "py.typed" not in names  # only a package's JSON data, not every file beside it


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "src", tmp_path / "src")
    (tmp_path / "examples/en").mkdir(parents=True)
    (tmp_path / "examples/en/plot_99_demo.py").write_text(
        "from nnguide.perceptron import Perceptron\n"
    )
    (tmp_path / "docs/en/auto_examples").mkdir(parents=True)
    monkeypatch.setattr(example_runs, "SRC", tmp_path / "src")
    monkeypatch.setattr(example_runs, "EXAMPLES", tmp_path / "examples")
    return tmp_path


def test_editing_an_imported_module_invalidates_the_example(project: Path) -> None:
    app = stand_in(srcdir=project / "docs/en")
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


def test_editing_the_page_text_of_the_extension_invalidates_the_example(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The extension writes every example page's footer (its download links); a cached page would
    # keep the old one.
    extension = project / "gallery_text.py"
    extension.write_text(
        example_runs.FOOTER_MODULES[0].read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setattr(example_runs, "FOOTER_MODULES", (extension,))
    app = stand_in(srcdir=project / "docs/en")
    md5 = project / "docs/en/auto_examples/plot_99_demo.py.md5"
    example_runs.invalidate_stale_examples(app)
    md5.write_text("cached")
    extension.write_text(extension.read_text(encoding="utf-8") + "\n# a new footer link\n")
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


def test_the_execution_times_page_shows_each_budget_in_the_page_language(
    measured_gallery: Any, tmp_path: Path
) -> None:
    gallery = Path(measured_gallery.srcdir) / "auto_examples"
    (gallery / "plot_01_fast.cost.json").write_text('{"time": 21.5, "memory": 0}')
    source = [EXECUTION_TIMES]
    example_runs.budgets_in_execution_times(measured_gallery, "sg_execution_times", source)
    assert "     - Time\n     - Budget\n   * -" in source[0]  # the memory column (always 0.0) goes
    assert "     - 00:30.000\n     - 00:45.000\n" in source[0]
    assert "     - 00:21.500\n     - 00:20.000 (over)\n" in source[0]
    assert "     - 0.0\n" not in source[0]

    chinese_gallery = tmp_path / "zh" / "auto_examples"
    shutil.copytree(gallery, chinese_gallery)
    chinese = stand_in(srcdir=tmp_path / "zh", config=measured_gallery.config)
    source = [EXECUTION_TIMES]
    example_runs.budgets_in_execution_times(chinese, "auto_examples/sg_execution_times", source)
    assert "     - Time\n     - 预算\n" in source[0]
    assert "     - 00:20.000（超出）\n" in source[0]

    # sphinx-gallery changed its table: the build stops and says what to update
    with pytest.raises(sphinx.errors.ExtensionError, match="update example_runs"):
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
        sphinx.errors.ConfigError, match="the Chinese site needs jieba for its search index"
    ):
        site_languages.check_language(app)
    with pytest.raises(sphinx.errors.ConfigError, match="cannot tell the language of"):
        site_languages.check_language(stand_in(srcdir=tmp_path / "fr"))


def test_a_tree_built_in_the_wrong_language_is_refused(tmp_path: Path) -> None:
    # `sphinx-build -c docs docs/zh ...` with an English configuration: Sphinx's own words
    # ("Parameters") would stay English, so the build stops and says how to build it.
    app = stand_in(srcdir=tmp_path / "zh", config=stand_in(language="en"))
    with pytest.raises(
        sphinx.errors.ConfigError, match=r'set language = "zh_CN" in docs/zh/conf\.py'
    ):
        site_languages.check_language(app)


def test_forgetting_a_run_fails_loudly_when_sphinx_gallery_caches_runs_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plot_99_demo.py.md5").write_text("cached")
    assert gallery_text.forget_last_run(tmp_path, "plot_99_demo.py")
    assert not (tmp_path / "plot_99_demo.py.md5").exists()
    assert not gallery_text.forget_last_run(tmp_path, "plot_99_demo.py")  # nothing to forget

    def cached_elsewhere(src_file: str, mode: str = "b") -> bool:
        return bool(src_file and mode)  # a newer sphinx-gallery with another cache

    monkeypatch.setattr(gen_rst, "md5sum_is_current", cached_elsewhere)
    with pytest.raises(sphinx.errors.ExtensionError, match="update forget_last_run"):
        gallery_text.forget_last_run(tmp_path, "plot_99_demo.py")
