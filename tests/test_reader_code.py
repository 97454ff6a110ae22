"""The code a reader sees and downloads holds none of the checks that guard the pages' sentences.

The chapters check every sentence about their output with ``assert`` statements between
``# sphinx_gallery_start_ignore`` and ``# sphinx_gallery_end_ignore``: the build runs them, the
reader never sees them. A check that is the lesson stays visible as a call
(``torch.testing.assert_close``), never as an ``assert`` statement.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from clean_downloads import reader_script
from site_facts import GALLERY_DIR, LANGS, ROOT

pytestmark = pytest.mark.slow  # each test runs a chapter as a reader changed it

ASSERT_STATEMENT = re.compile(r"^[ \t]*assert\b.*$", re.MULTILINE)
CODE_BLOCK = re.compile(r"<pre>(.*?)</pre>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")

# What the last page suggests ("change one thing at a time"): a setting at the top of a chapter.
CHANGED_SETTINGS = [
    ("plot_01_perceptron.py", "SEED", "1"),
    ("plot_02_mlp_xor.py", "LEARNING_RATE", "0.05"),
]


def _downloads(site: Path, lang: str, pattern: str) -> dict[str, str]:
    """The files a reader downloads from the site's pages in ``lang``, by name."""
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in (site / lang / "_downloads").rglob(pattern)
    }


def _shown_code(site: Path, lang: str) -> dict[str, str]:
    """Every piece of chapter code a reader sees or downloads, by where it is found."""
    shown = {
        f"{page.name} (page)": "\n".join(
            html.unescape(TAG.sub("", block)) for block in CODE_BLOCK.findall(page.read_text())
        )
        for page in (site / lang / GALLERY_DIR).glob("plot_*.html")
    }
    for name, text in _downloads(site, lang, "plot_*.ipynb").items():
        cells = json.loads(text)["cells"]
        shown[f"{name} (notebook)"] = "\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"
        )
    for name, text in _downloads(site, lang, "plot_*.py").items():
        shown[f"{name} (script)"] = text
    for archive in (site / lang / "_downloads").rglob("*.zip"):
        with zipfile.ZipFile(archive) as zipped:
            for info in zipped.infolist():
                if info.filename.endswith(".py"):
                    shown[f"{info.filename} in {archive.name}"] = zipped.read(info).decode()
    return shown


@pytest.mark.parametrize("lang", LANGS)
def test_no_assert_statement_is_shown_or_downloaded(site: Path, lang: str) -> None:
    shown = _shown_code(site, lang)
    chapters = len(list((ROOT / "examples" / lang).glob("plot_*.py")))
    assert sum(where.endswith("(page)") for where in shown) == chapters
    assert sum(where.endswith("(script)") for where in shown) == chapters
    visible = {where: ASSERT_STATEMENT.findall(code) for where, code in shown.items()}
    assert {where: found for where, found in visible.items() if found} == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_chapters_still_check_their_sentences(lang: str) -> None:
    """The checks moved out of sight, not away: every chapter keeps hidden ones."""
    for example in sorted((ROOT / "examples" / lang).glob("plot_*.py")):
        text = example.read_text(encoding="utf-8")
        hidden = len(ASSERT_STATEMENT.findall(text)) - len(
            ASSERT_STATEMENT.findall(reader_script(example))
        )
        assert hidden > 0, f"{example} checks none of its sentences"


def _run_changed(
    text: str, setting: str, value: str, path: Path
) -> subprocess.CompletedProcess[str]:
    """Run ``text`` as a script at ``path``, with its top-level ``setting`` changed to ``value``."""
    changed, count = re.subn(
        rf"^{setting} = [^#\n]*", f"{setting} = {value}  ", text, count=1, flags=re.MULTILINE
    )
    assert count == 1, f"{path.name} sets no {setting} at its top level"
    path.write_text(changed, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(path)],
        cwd=path.parent,
        env={**os.environ, "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(("example", "setting", "value"), CHANGED_SETTINGS)
def test_a_downloaded_chapter_runs_with_a_changed_setting(
    site: Path, tmp_path: Path, example: str, setting: str, value: str
) -> None:
    """The reader's download runs to the end, in both languages."""
    for lang in LANGS:
        download = _downloads(site, lang, example)[example]
        run = _run_changed(download, setting, value, tmp_path / f"{lang}_{example}")
        assert run.returncode == 0, f"{lang} {example}, {setting} = {value}:\n{run.stderr}"


@pytest.mark.parametrize(("example", "setting", "value"), CHANGED_SETTINGS)
def test_the_same_change_trips_the_chapters_hidden_checks(
    tmp_path: Path, example: str, setting: str, value: str
) -> None:
    """The chapter as written stops at a check: what the download would do without the stripping."""
    source = (ROOT / "examples" / "en" / example).read_text(encoding="utf-8")
    run = _run_changed(source, setting, value, tmp_path / example)
    assert "AssertionError" in run.stderr, (
        f"{example} with {setting} = {value} passes its hidden checks: choose a setting whose"
        " change the chapter's sentences do not survive"
    )
