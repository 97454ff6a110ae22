"""Sessions that build nnguide's site, run its tests and lint it.

``nox`` alone runs the fast checks, ``lint`` and ``unit`` (the tests that need no built site and
run no whole chapter);
name a session for the rest: ``nox -s docs``, ``nox -s tests`` (every test, the site's included).
Each session installs what it needs into its own virtual environment under ``.nox/``, and reuses it
while ``pyproject.toml`` is unchanged, so a second run starts in seconds.
"""

from __future__ import annotations

import ast
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "unit"]  # `nox` alone: the fast checks

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import site_facts as site  # the facts the site, its tests and this file share

PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")


def offline_mnist_requirement() -> str:
    """Return the pinned offline source of MNIST, ``OFFLINE_REQUIREMENT`` of mnist_offline.py.

    It is read from the source file, since nnguide is not installed in nox's own Python.
    """
    module = ast.parse((ROOT / "src/nnguide/datasets/mnist_offline.py").read_text(encoding="utf-8"))
    for node in module.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "OFFLINE_REQUIREMENT":
            return str(ast.literal_eval(node.value))
    msg = "nnguide.datasets.mnist_offline no longer defines OFFLINE_REQUIREMENT"
    raise RuntimeError(msg)


def install(session: nox.Session, *groups: str, mnist: bool = False) -> None:
    """Install nnguide (editable) with dependency groups; pip skips what the venv already has."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, *groups))
    if mnist:
        # without its dependencies: its metadata pins numpy<2, and nnguide reads one data file
        session.install("--no-deps", offline_mnist_requirement())


def build_wheel(session: nox.Session) -> None:
    """Build the nnguide wheel that the site serves (docs/_ext/wheel_download.py).

    hatchling builds the same bytes from the same sources, and an identical wheel is left as it
    was: the pages that link to it are not read again by an unchanged rebuild.
    """
    fresh = Path(session.create_tmp()) / "wheel"
    shutil.rmtree(fresh, ignore_errors=True)
    # --no-deps: only nnguide itself; the reader's pip resolves its dependencies from PyPI
    session.run(
        "python", "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(fresh), "."
    )
    (wheel,) = fresh.glob("*.whl")
    served = site.WHEEL_DIR / wheel.name
    if served.is_file() and served.read_bytes() == wheel.read_bytes():
        return
    site.WHEEL_DIR.mkdir(parents=True, exist_ok=True)
    for old in site.WHEEL_DIR.glob("*.whl"):
        old.unlink()  # only this release's wheel is served
    shutil.move(wheel, served)


def sphinx(session: nox.Session, builder: str, lang: str, *options: str) -> None:
    """Run sphinx-build for one language (``site_facts.sphinx_arguments``)."""
    session.run("sphinx-build", *site.sphinx_arguments(builder, lang, *options))


def build_site(
    session: nox.Session, langs: Sequence[str] = site.LANGS, options: Sequence[str] = ()
) -> None:
    """Build the site into docs/_build/html/: the wheel it serves, MNIST, then each language."""
    build_wheel(session)
    session.run("python", "-m", "nnguide", "data", "mnist")  # before the chapters need it
    # the pages quote the numbers of a CPU run, which a GPU would not reproduce: hide any GPU
    session.env["CUDA_VISIBLE_DEVICES"] = ""
    for lang in langs:
        sphinx(session, "html", lang, *options)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html/ (`-- zh` one language, `-- en plot_01` one example)."""
    install(session, "docs", mnist=True)
    langs = [arg for arg in session.posargs if arg in site.LANGS] or list(site.LANGS)
    patterns = [arg for arg in session.posargs if arg not in site.LANGS]
    # -D: run only the chapters whose file names match
    options = (
        ["-D", f"sphinx_gallery_conf.filename_pattern={'|'.join(patterns)}"] if patterns else []
    )
    build_site(session, langs, options)
    session.log(f"site built: open {site.SITE / 'index.html'}")


@nox.session
def tests(session: nox.Session) -> None:
    """Run pytest on tests/ and the doctests of src/nnguide, then Sphinx's doctest builder on docs."""
    install(session, "test", "docs", mnist=True)
    build_wheel(session)  # the pages link to it
    session.run("pytest", *session.posargs)
    for lang in site.LANGS:
        # The examples are not executed here (plot_gallery=0): the doctest blocks live in the pages.
        sphinx(session, "doctest", lang, "-D", "sphinx_gallery_conf.plot_gallery=0")


@nox.session
def unit(session: nox.Session) -> None:
    """Run the unit tier: every test but those that read the site or run whole chapters."""
    install(session, "test", "docs", mnist=True)
    session.run("pytest", "-m", "not site and not slow", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff (lint and format check) and mypy --strict on src, docs/_ext, tests, benchmarks, e2e, noxfile."""
    # mypy reads the code it checks against the libraries that code imports
    install(session, "lint", "docs", "test", "e2e")
    session.install("nox")  # for the noxfile's types
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")  # the trees in pyproject.toml's [tool.mypy]
    session.run("mypy", "e2e")  # a second run: e2e has a conftest.py of its own, like tests/


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark MNIST training: the source's DataLoader pipeline vs nnguide's (table + JSON)."""
    install(session, mnist=True)
    session.run("python", "benchmarks/bench_mnist.py", *session.posargs)


@nox.session
def timing(session: nox.Session) -> None:
    """Time each chapter against a calibration workload in the same process; fail on a slowdown."""
    install(session, mnist=True)
    session.run("python", "-m", "nnguide", "data", "mnist")  # the MNIST chapter reads it
    # `-- en plot_02` times fewer chapters; `-- --update` records this run as the baseline
    session.run("python", "benchmarks/time_examples.py", *session.posargs)


@nox.session
def e2e(session: nox.Session) -> None:
    """Test the built site in Chromium (Playwright), both languages, every page; builds it if needed."""
    chromium = Path(os.environ.get("NNGUIDE_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.is_file():
        session.error(
            f"Chromium not found at {chromium}: install it with `apt-get install chromium`."
        )
    install(session, "docs", "test", "e2e", mnist=True)
    if not all((site.SITE / lang / "index.html").is_file() for lang in site.LANGS):
        build_site(session)
    session.run("pytest", "e2e", *session.posargs)
    session.log(f"screenshots: {site.SCREENSHOTS}")


@nox.session(reuse_venv=False)
def downloads(session: nox.Session) -> None:
    """Run every chapter as a reader downloads it (.py and .ipynb, both languages) in a fresh venv."""
    wheels = sorted(site.SITE.glob("en/_downloads/*/nnguide-*.whl"))
    if len(wheels) != 1 or not (site.SITE / "zh" / "index.html").is_file():
        session.error("no built site with its nnguide wheel: run `nox -s docs` first.")
    # Only the wheel from the site, with the dependencies it declares, and what runs notebooks.
    session.install(str(wheels[0]), "nbclient", "ipykernel")
    # The data the reader's first run would download, prepared by `nox -s docs`: no network here.
    session.run("python", "-m", "nnguide", "data", "mnist")
    session.run(
        "python",
        "e2e/downloads.py",
        str(site.SITE),
        *session.posargs,
        env={"MPLBACKEND": "Agg"},  # a reader's plots would open windows; here they must not
    )
