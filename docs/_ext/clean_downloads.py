"""Downloads that read like the page: notebooks in Markdown, and no code the page hides.

sphinx-gallery turns an example's text blocks into Markdown cells with a few regular expressions
that leave most of reST as it is: roles (``:term:``), ``\\ `` escapes, tables, and directives such
as ``dropdown`` and ``literalinclude``, whose path points into this repository. After sphinx-gallery
has written the notebooks (``builder-inited``, at a later priority), this extension rebuilds each
Markdown cell from the example's own text block with ``rst_markdown.rst_to_markdown``.

The chapters guard their sentences with checks between ``# sphinx_gallery_start_ignore`` and
``# sphinx_gallery_end_ignore``. sphinx-gallery leaves them out of the page and the notebook, but
offers the ``.py`` download as a copy of the example, checks included; a reader who changes a
setting would trip a check that guards this page's sentence, not their run. This extension writes
the download without them (with sphinx-gallery's public ``remove_ignore_blocks``), keeping the
example's modification time so that Sphinx does not see a changed download and re-read the page.

Then it rewrites the gallery's zips to hold the same notebooks and scripts. It uses
sphinx-gallery's public ``split_code_and_text_blocks``; the notebook, script and zip are plain
files. That the notebook holds one Markdown cell per text block is sphinx-gallery's own way, which
``internals.notebook_text_cells`` checks.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

from internals import notebook_text_cells
from rst_markdown import rst_to_markdown
from sphinx.application import Sphinx
from sphinx_gallery.py_source_parser import remove_ignore_blocks, split_code_and_text_blocks


def reader_script(example: Path) -> str:
    """The example as a reader downloads it: no ignore blocks, nor the blank lines they leave."""
    script = remove_ignore_blocks(example.read_text(encoding="utf-8"))
    return re.sub(r"\n{4,}", "\n\n\n", script)  # at most two blank lines in a row, as PEP 8 has it


def clean_downloads(app: Sphinx) -> None:
    """Rewrite every notebook and script of this gallery, and the zips that hold them."""
    config = app.config.sphinx_gallery_conf
    gallery = Path(app.srcdir) / config["gallery_dirs"]
    cleaned: dict[str, str] = {}
    sources: dict[str, Path] = {}  # each download's name, and the example it is made from
    for example in sorted(Path(config["examples_dirs"]).glob("*.py")):
        notebook_path = gallery / example.with_suffix(".ipynb").name
        if not notebook_path.is_file():
            continue  # not an executed example (filename_pattern)
        cleaned[notebook_path.name] = _markdown_notebook(example, notebook_path, gallery)
        notebook_path.write_text(cleaned[notebook_path.name], encoding="utf-8")
        script_path = gallery / example.name
        cleaned[script_path.name] = reader_script(example)
        if script_path.read_text(encoding="utf-8") != cleaned[script_path.name]:
            script_path.write_text(cleaned[script_path.name], encoding="utf-8")
        sources[notebook_path.name] = sources[script_path.name] = example
        for download in (notebook_path, script_path):
            _date_from(download, [example])
    for archive in gallery.glob("*.zip"):  # all notebooks, all scripts, each example's pair
        with zipfile.ZipFile(archive) as old:
            entries = [(info, old.read(info)) for info in old.infolist()]
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
            for info, data in entries:
                name = Path(info.filename).name
                new.writestr(info, cleaned[name].encode() if name in cleaned else data)
        held = [
            sources[Path(info.filename).name]
            for info, _ in entries
            if Path(info.filename).name in sources
        ]
        _date_from(archive, held)


def _date_from(download: Path, examples: list[Path]) -> None:
    """Give a download the time of the newest example it is made from.

    sphinx-gallery writes every download again at every build, and Sphinx reads a page again when
    a file it links for download is newer than the page: with the examples' time, an unchanged
    rebuild reads no chapter again, and a changed example still makes its downloads new.
    """
    newest = max(examples, key=lambda example: example.stat().st_mtime_ns, default=None)
    if newest is not None:
        times = newest.stat()
        os.utime(download, ns=(times.st_atime_ns, times.st_mtime_ns))


def _markdown_notebook(example: Path, notebook_path: Path, gallery: Path) -> str:
    """The notebook with each Markdown cell rebuilt from the example's text block."""
    _, blocks = split_code_and_text_blocks(str(example))
    texts = [block.content for block in blocks if block.type == "text"]
    notebook: dict[str, Any] = json.loads(notebook_path.read_text(encoding="utf-8"))
    cells = notebook_text_cells(notebook, len(texts), notebook_path)
    for cell, text in zip(cells, texts, strict=True):
        markdown = rst_to_markdown(text, gallery)
        cell["source"] = markdown.splitlines(keepends=True)
    return json.dumps(notebook, indent=2, ensure_ascii=False) + "\n"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", clean_downloads, priority=900)  # after sphinx-gallery (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
