"""The built site that the site and notebook tests read.

By default the site is built here without executing the examples (``quick_site``: every page,
from a copy of the sources).
Set ``NNGUIDE_SITE=docs/_build/html`` to check the full site that ``nox -s docs`` built instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from quick_site import copy_sources, quick_build

from nnguide.datasets.mnist_files import OFFICIAL_MD5, missing_files, prepare_mnist, raw_folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reads the built site (the ``site`` fixture) ``site``: the slow tier,
    which ``nox -s unit`` (and ``nox`` alone) leaves out and ``nox -s tests`` runs."""
    for item in items:
        if "site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.site)


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
    return quick_build(copy_sources(out / "sources"), out)


@pytest.fixture(scope="session")
def verified_raw() -> Path:
    """The real MNIST files, prepared once (from the cache, a download or the offline package)."""
    raw = prepare_mnist()
    assert missing_files(raw) == []
    return raw


@pytest.fixture
def copy_root(tmp_path: Path, verified_raw: Path) -> Path:
    raw = raw_folder(tmp_path)
    raw.mkdir(parents=True)
    for name in OFFICIAL_MD5:
        shutil.copy(verified_raw / name, raw / name)
    return tmp_path
