"""Run every chapter as a reader downloads it: the scripts and the notebooks, both languages.

``nox -s downloads`` runs this in a fresh virtual environment holding only the nnguide wheel that
the site serves (and ``nbclient`` + ``ipykernel``). The site's downloads are copied into a temporary
folder outside the repository; every script must exit 0, every notebook must run without an error,
and each notebook's outputs must hold the text the chapter's page shows (numbers that are timings
may differ). The zips of each language must hold the same files. Usage::

    python e2e/downloads.py docs/_build/html [en|zh] [plot_02]
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))  # run as a script
from site_facts import CHAPTER_PREFIX, GALLERY_DIR, LANGS

# Printed lines that measure time: only their words must match the page, not their numbers (nor
# the spaces that pad a number to its column's width).
TIMINGS = re.compile(r"per epoch|as fast|as long|每轮|倍|秒|\d (?:ms|µs|s)\b")
NUMBER = re.compile(r" *\d+(?:\.\d+)?")


def page_output(page_rst: Path) -> list[str]:
    """The lines of printed output that a chapter's generated page shows."""
    lines, inside = [], False
    for line in page_rst.read_text(encoding="utf-8").splitlines():
        if line.startswith(" .. code-block:: none"):
            inside = True
        elif inside and line.strip() and not line.startswith("    "):
            inside = False
        elif inside and line.strip():
            lines.append(line[4:].rstrip())
    return lines


def notebook_output(notebook: dict[str, Any]) -> list[str]:
    """The lines a notebook printed, after it ran."""
    text = "".join(
        "".join(output.get("text", ""))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def missing_lines(expected: list[str], actual: list[str]) -> list[str]:
    """The page's lines that the run did not print (timings compared without their numbers)."""
    actual_set = set(actual)
    masked = {NUMBER.sub("#", line) for line in actual}
    return [
        line
        for line in expected
        if line not in actual_set and not (TIMINGS.search(line) and NUMBER.sub("#", line) in masked)
    ]


def run_script(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, script.name],
        cwd=script.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        msg = f"{script.name} exited with {result.returncode}:\n{result.stderr[-3000:]}"
        raise RuntimeError(msg)


def run_notebook(path: Path) -> dict[str, Any]:
    # only in the downloads session's environment; the kernel listens on 127.0.0.1 alone
    import nbclient
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    nbformat.write(notebook, path)
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def check_language(site: Path, lang: str, pattern: str, work: Path) -> list[str]:
    downloads = site / lang / "_downloads"
    folder = work / lang
    folder.mkdir()
    for file in downloads.rglob("*"):
        if file.suffix in {".py", ".ipynb", ".zip"}:
            shutil.copy(file, folder / file.name)
    problems = []
    for archive in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(archive) as zipped:
            for name in zipped.namelist():
                if zipped.read(name) != (folder / Path(name).name).read_bytes():
                    problems.append(
                        f"{lang}: {archive.name} holds another {name} than the page offers"
                    )
    gallery = site.parents[1] / lang / GALLERY_DIR  # docs/<lang>/auto_examples: the pages' rST
    for script in sorted(s for s in folder.glob(f"{CHAPTER_PREFIX}*.py") if pattern in s.name):
        for kind, path in (("script", script), ("notebook", script.with_suffix(".ipynb"))):
            start = time.perf_counter()
            try:
                if kind == "script":
                    run_script(path)
                else:
                    expected = page_output(gallery / script.with_suffix(".rst").name)
                    missing = missing_lines(expected, notebook_output(run_notebook(path)))
                    if not expected:
                        problems.append(f"{lang}/{path.name}: its page shows no output to compare")
                    problems += [f"{lang}/{path.name} did not print: {line}" for line in missing]
            except Exception as error:  # noqa: BLE001 (every chapter is tried; all failures reported)
                problems.append(f"{lang}/{path.name} failed: {error}")
            print(
                f"{lang} {kind:8} {path.name:28} {time.perf_counter() - start:6.1f} s", flush=True
            )
    return problems


def main(argv: list[str]) -> int:
    site = Path(argv[0]).resolve()
    langs = [arg for arg in argv[1:] if arg in LANGS] or list(LANGS)
    pattern = next((arg for arg in argv[1:] if arg not in LANGS), "")
    with tempfile.TemporaryDirectory(prefix="nnguide-downloads-") as work:
        problems = [p for lang in langs for p in check_language(site, lang, pattern, Path(work))]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"downloads: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
