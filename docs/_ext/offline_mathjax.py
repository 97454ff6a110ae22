"""Serve MathJax 3 from the built site, so that rendering math sends no request off the machine.

The files come from the ``sphinx-mathjax-offline`` distribution (``internals.mathjax_source``).
Only what the CHTML
output needs is copied. MathJax's speech-rule engine and its old-browser polyfills name jsDelivr as
the place to fetch their extra files from; those features are off here, and the URLs are pointed at
the site itself, so that no CDN URL is left in it and nothing could ever be fetched from one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from internals import mathjax_source
from sphinx.application import Sphinx

ENTRY = "tex-chtml.js"
# The components tex-chtml.js loads on demand: TeX packages, fonts, the menu and accessibility.
FOLDERS = ("input/tex/extensions", "output/chtml", "ui", "a11y")
CDN_FALLBACK = "https://cdn.jsdelivr.net/npm/"
LOCAL_FALLBACK = "./npm/"


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """Copy the MathJax files into ``_static/mathjax`` of the built site."""
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source(ENTRY)
    target = Path(app.outdir) / "_static" / "mathjax"
    files = [source / ENTRY]
    for folder in FOLDERS:
        files += [p for p in sorted((source / folder).rglob("*")) if p.is_file()]
    for file in files:
        dest = target / file.relative_to(source)
        data = file.read_bytes()
        if file.suffix == ".js":
            data = data.replace(CDN_FALLBACK.encode(), LOCAL_FALLBACK.encode())
        if dest.is_file() and dest.read_bytes() == data:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def setup(app: Sphinx) -> dict[str, Any]:
    """Point Sphinx at the local MathJax and copy it after each build."""
    mathjax_source(ENTRY)  # fail at start-up, not after the whole build, if MathJax is missing
    app.config.mathjax_path = f"mathjax/{ENTRY}"
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
