"""Downloaded notebooks that read like the page: their Markdown cells hold Markdown, not reST.

sphinx-gallery turns an example's text blocks into Markdown cells with a few regular expressions
that leave most of reST as it is: roles (``:term:``), ``\\ `` escapes, tables, and directives such
as ``dropdown`` and ``literalinclude``, whose path points into this repository. After sphinx-gallery
has written the notebooks (``builder-inited``, at a later priority), this extension rebuilds each
Markdown cell from the example's own text block with ``rst_markdown.rst_to_markdown``, and rewrites
the gallery's zips that hold notebooks to match. It uses sphinx-gallery's public
``split_code_and_text_blocks``; the notebook and zip are plain files.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from rst_markdown import rst_to_markdown
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx_gallery.py_source_parser import split_code_and_text_blocks


def clean_notebooks(app: Sphinx) -> None:
    """Rewrite the Markdown cells of every notebook of this gallery, and the zips that hold them."""
    config = app.config.sphinx_gallery_conf
    gallery = Path(app.srcdir) / config["gallery_dirs"]
    cleaned: dict[str, str] = {}
    for example in sorted(Path(config["examples_dirs"]).glob("*.py")):
        notebook_path = gallery / example.with_suffix(".ipynb").name
        if not notebook_path.is_file():
            continue  # not an executed example (filename_pattern)
        _, blocks = split_code_and_text_blocks(str(example))
        texts = [block.content for block in blocks if block.type == "text"]
        notebook: dict[str, Any] = json.loads(notebook_path.read_text(encoding="utf-8"))
        cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
        if len(cells) != len(texts):
            msg = f"{notebook_path} has {len(cells)} Markdown cells for {len(texts)} text blocks."
            raise ExtensionError(msg)
        for cell, text in zip(cells, texts, strict=True):
            markdown = rst_to_markdown(text, gallery)
            cell["source"] = markdown.splitlines(keepends=True)
        cleaned[notebook_path.name] = json.dumps(notebook, indent=2, ensure_ascii=False) + "\n"
        notebook_path.write_text(cleaned[notebook_path.name], encoding="utf-8")
    for archive in gallery.glob("*.zip"):  # all notebooks, and each example with its notebook
        with zipfile.ZipFile(archive) as old:
            entries = [(info, old.read(info)) for info in old.infolist()]
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
            for info, data in entries:
                name = Path(info.filename).name
                new.writestr(info, cleaned[name].encode() if name in cleaned else data)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", clean_notebooks, priority=900)  # after sphinx-gallery (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
