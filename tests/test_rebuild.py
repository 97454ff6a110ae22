"""An unchanged rebuild redoes nothing: it reads no page, runs no example and writes no page.

Sphinx reads a page again when a configuration value that pages depend on differs from the last
run, or when a file the page depends on (a download, an included file) is newer than the page;
sphinx-gallery runs an example again when it or the nnguide code it imports changed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_facts import GALLERY_DIR, LANGS, ROOT, WHEEL_DIR, sphinx_arguments

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
ENVIRONMENT = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed")
EXECUTED = re.compile(r"executed (\d+) out of")
WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", re.MULTILINE)


def rebuild_work(log: str) -> list[str]:
    """What a sphinx-build run (its output, ``-v`` not needed) did again: pages read, examples
    run, pages written.

    >>> rebuild_work("updating environment: 0 added, 0 changed, 0 removed\\nno targets are out of date.")
    []
    >>> rebuild_work("[config changed ('rst_prolog')] 1 added, 2 changed, 0 removed\\n"
    ...              "writing output... [100%] index")
    ['read 3 pages', 'wrote index']
    """
    log = ANSI_COLOUR.sub("", log)  # a terminal (or FORCE_COLOR) colours Sphinx's output
    work = []
    for added, changed, removed in ENVIRONMENT.findall(log):
        if int(added) + int(changed) + int(removed):
            work.append(f"read {int(added) + int(changed)} pages")
    work += [f"ran {count} examples" for count in EXECUTED.findall(log) if int(count)]
    work += [f"wrote {page}" for page in WRITTEN.findall(log)]
    return work


def sphinx_build(arguments: list[str], cwd: Path) -> str:
    """Run sphinx-build; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout + done.stderr


def tiny_project(folder: Path, conf: str) -> list[str]:
    """A one-page Sphinx project; the arguments that build it."""
    (folder / "src").mkdir(parents=True)
    (folder / "src/conf.py").write_text(conf, encoding="utf-8")
    (folder / "src/index.rst").write_text("Title\n=====\n\nText |now|.\n", encoding="utf-8")
    return ["-b", "html", str(folder / "src"), str(folder / "out")]


@pytest.mark.parametrize(
    ("conf", "redone"),
    [
        ('rst_prolog = ".. |now| replace:: always the same"\n', []),
        # a value pages depend on, different at each run (a planted fault)
        (
            'import time\nrst_prolog = f".. |now| replace:: {time.time_ns()}"\n',
            ["read 1 pages", "wrote index"],
        ),
    ],
)
def test_the_check_finds_a_rebuild_that_reads_again(
    tmp_path: Path, conf: str, redone: list[str]
) -> None:
    arguments = tiny_project(tmp_path, conf)
    sphinx_build(arguments, tmp_path)
    assert rebuild_work(sphinx_build(arguments, tmp_path)) == redone


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_an_unchanged_rebuild_of_the_site_redoes_nothing(tmp_path: Path, lang: str) -> None:
    copy = tmp_path / "sources"
    generated = shutil.ignore_patterns("_build", GALLERY_DIR, "generated", "sg_execution_times.rst")
    for folder in ("docs", "examples", "src"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=generated)
    quick = [
        *("-D", "sphinx_gallery_conf.plot_gallery=0"),  # pages without outputs
        *("-D", f"nnguide_wheel_dir={WHEEL_DIR}"),
    ]
    arguments = sphinx_arguments("html", lang, *quick, docs=copy / "docs", build=tmp_path / "out")
    first = rebuild_work(sphinx_build(arguments, copy))
    assert any(work.startswith("read") for work in first)  # the first build read every page
    entries = index_entries(tmp_path / "out" / "html" / lang)
    assert len(entries) > 80  # the glossary's terms and the API's objects
    assert rebuild_work(sphinx_build(arguments, copy)) == []
    # and search still finds them (search_index_entries.py feeds them again)
    assert index_entries(tmp_path / "out" / "html" / lang) == entries


def index_entries(site: Path) -> dict[str, object]:
    """The index entries (glossary terms, API objects) of a built site's search index."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index: dict[str, dict[str, object]] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return index["indexentries"]
