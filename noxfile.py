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


def prepare_build(session: nox.Session) -> None:
    """Prepare what a build of the site needs: the wheel it serves, MNIST, no GPU."""
    build_wheel(session)
    session.run("python", "-m", "nnguide", "data", "mnist")  # before the chapters need it
    # the pages quote the numbers of a CPU run, which a GPU would not reproduce: hide any GPU
    session.env["CUDA_VISIBLE_DEVICES"] = ""


def build_site(
    session: nox.Session, langs: Sequence[str] = site.LANGS, options: Sequence[str] = ()
) -> None:
    """Build the site into docs/_build/html/: the wheel it serves, MNIST, then each language."""
    prepare_build(session)
    for lang in langs:
        sphinx(session, "html", lang, *options)


def chosen_site(arguments: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split ``arguments`` into the languages they name and sphinx-build's options for the rest.

    The options run only the chapters whose file names match the other arguments (none: every one).
    """
    langs = [arg for arg in arguments if arg in site.LANGS]
    patterns = [arg for arg in arguments if arg not in site.LANGS]
    # -D: run only the chapters whose file names match
    options = (
        ["-D", f"sphinx_gallery_conf.filename_pattern={'|'.join(patterns)}"] if patterns else []
    )
    return langs, options


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html/ (`-- zh` one language, `-- en plot_01` one example)."""
    install(session, "docs", mnist=True)
    langs, options = chosen_site(session.posargs)
    build_site(session, langs or site.LANGS, options)
    session.log(f"site built: open {site.SITE / 'index.html'}")


@nox.session
def serve(session: nox.Session) -> None:
    """Preview one language at http://127.0.0.1:8000/, rebuilt at each save (`-- zh plot_03`)."""
    install(session, "docs", mnist=True)
    # `-- zh plot_03 --port 8001`: the language and chapters, then sphinx-autobuild's own options
    first_option = next(
        (i for i, arg in enumerate(session.posargs) if arg.startswith("-")), len(session.posargs)
    )
    langs, options = chosen_site(session.posargs[:first_option])
    if len(langs) > 1:
        session.error(f"serve previews one language at a time: name one of {', '.join(site.LANGS)}")
    (lang,) = langs or site.LANGS[:1]
    prepare_build(session)
    # sphinx-build's arguments of `nox -s docs`: an edited chapter runs again (sphinx-gallery's
    # .md5 of the script, example_runs.py's hash of the nnguide code it imports), no other does
    session.run(
        "sphinx-autobuild",
        *site.sphinx_arguments("html", lang, *options),
        *site.watch_arguments(lang),  # the sources of the pages, never what the build writes
        *("--host", "127.0.0.1"),  # this machine only
        *("--port", "8000"),  # the page to open; `--port 0` picks a free one
        *session.posargs[first_option:],  # sphinx-autobuild's options, last: they win
    )


BOOK_TOOLS = ("xelatex", "latexmk")
"""What the PDF needs beside Python (the README's `apt-get install` line, which .ci/run runs)."""


def source_date(session: nox.Session) -> str:
    """Return the time of the last commit, for SOURCE_DATE_EPOCH: the book's dates are its sources'.

    Sphinx (the title page, the EPUB's dates) and XeLaTeX (the PDF's dates) read it, so that the
    same sources make the same book. Outside a git checkout, 0 (1970): still the same each time.
    """
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return "0"
    # external: git is not in the venv; silent: the output is the value
    output = session.run(
        "git", "-C", str(ROOT), "log", "-1", "--format=%ct", external=True, silent=True
    )
    return str(output).strip() or "0"


@nox.session
def book(session: nox.Session) -> None:
    """Build, check and serve each language's book, a PDF and an EPUB (`-- zh` one language)."""
    missing = [tool for tool in BOOK_TOOLS if shutil.which(tool) is None]
    if missing:
        session.error(
            f"the books need {', '.join(missing)}: see the README for the `apt-get install` line"
        )
    install(session, "book", mnist=True)
    langs, options = chosen_site(session.posargs)
    langs = langs or list(site.LANGS)
    prepare_build(session)
    session.env["SOURCE_DATE_EPOCH"] = source_date(session)
    session.env["LATEXOPTS"] = ""  # Sphinx's latexmkrc adds it to every XeLaTeX command
    for lang in langs:
        # -t book: book.md is the root document (docs/_ext/book.py)
        sphinx(session, "latex", lang, "-t", site.BOOK_TAG, *options)
        with session.chdir(site.built_book(lang, "pdf").parent):
            session.run(
                "latexmk",
                "-xelatex",  # Sphinx's latex_engine: Unicode, system fonts, Chinese by xeCJK
                "-interaction=nonstopmode",  # never wait for an answer at a prompt
                "-halt-on-error",  # stop at the first error: a missing character is one
                "-file-line-error",  # errors name the file and line of the .tex
                "-quiet",  # latexmk's own messages only; the log keeps TeX's
                f"{site.book_name(lang)}.tex",
                external=True,
            )
        # Sphinx's EPUB packs every file its folder holds: an empty folder holds only this build's
        shutil.rmtree(site.built_book(lang, "epub").parent, ignore_errors=True)
        sphinx(session, "epub", lang, "-t", site.BOOK_TAG, *options)
    # each PDF's outline, figures, missing characters and wide lines; each EPUB's structure
    session.run("python", "docs/_ext/book_checks.py", *langs)
    for lang in langs:
        served = site.SITE / lang / site.BOOK_FOLDER  # what the home page links to
        served.mkdir(parents=True, exist_ok=True)
        for suffix in site.BOOK_FORMATS:
            shutil.copyfile(
                site.built_book(lang, suffix), served / f"{site.book_name(lang)}.{suffix}"
            )
        session.log(f"{site.LANGUAGES[lang].name}: {served}")


@nox.session
def tests(session: nox.Session) -> None:
    """Run pytest on tests/ and the doctests of src/nnguide, then Sphinx's doctest builder on docs."""
    install(session, "test", "book", mnist=True)
    build_wheel(session)  # the pages link to it
    session.run("pytest", *session.posargs)
    for lang in site.LANGS:
        # The examples are not executed here (plot_gallery=0): the doctest blocks live in the pages.
        sphinx(session, "doctest", lang, "-D", "sphinx_gallery_conf.plot_gallery=0")


@nox.session
def unit(session: nox.Session) -> None:
    """Run the unit tier: every test but those that read the site or run whole chapters."""
    install(session, "test", "book", mnist=True)
    session.run("pytest", "-m", "not site and not slow", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff (lint and format check) and mypy --strict on src, docs/_ext, tests, benchmarks, e2e, noxfile."""
    # mypy reads the code it checks against the libraries that code imports
    install(session, "lint", "book", "test", "e2e")
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
