"""The docs extension re-runs an example when the nnguide code it imports changes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import nnguide_site


def test_dependencies_follow_imports_through_nnguide() -> None:
    deps = nnguide_site.nnguide_dependencies(ROOT / "examples/en/plot_01_perceptron.py")
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


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "src", tmp_path / "src")
    (tmp_path / "examples/en").mkdir(parents=True)
    (tmp_path / "examples/en/plot_99_demo.py").write_text(
        "from nnguide.perceptron import Perceptron\n"
    )
    (tmp_path / "docs/en/auto_examples").mkdir(parents=True)
    monkeypatch.setattr(nnguide_site, "SRC", tmp_path / "src")
    monkeypatch.setattr(nnguide_site, "EXAMPLES", tmp_path / "examples")
    return tmp_path


def test_editing_an_imported_module_invalidates_the_example(project: Path) -> None:
    app = SimpleNamespace(srcdir=project / "docs/en")
    md5 = project / "docs/en/auto_examples/plot_99_demo.py.md5"

    nnguide_site.invalidate_stale_examples(app)  # first build: records the dependencies
    md5.write_text("cached")  # sphinx-gallery ran the example
    nnguide_site.invalidate_stale_examples(app)  # unchanged: the cache stays
    assert md5.read_text() == "cached"

    (project / "src/nnguide/plotting.py").write_text("# not imported by the demo\n")
    nnguide_site.invalidate_stale_examples(app)
    assert md5.is_file()

    validation = project / "src/nnguide/_validation.py"
    validation.write_text(validation.read_text() + "\n# edited\n")
    nnguide_site.invalidate_stale_examples(app)
    assert not md5.exists()
