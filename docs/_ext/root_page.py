"""Sphinx extension: the root ``index.html`` beside the language folders.

It sends a visitor to the language they chose with the switcher, else to their browser's language,
else to the first language of ``docs/languages.toml``; without JavaScript it lists the languages.
The page is the template ``docs/_templates/root_index.html``, rendered with the site's templates;
each language is named and described in itself, from its own catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_facts import LANGUAGES
from site_languages import translated, tree_language
from sphinx.application import Sphinx

TEMPLATE = "root_index.html"


def root_languages() -> list[dict[str, str]]:
    """Each language's code, tag, tagline and invitation, in its own words."""
    return [
        {
            "code": each.code,
            "tag": each.tag,
            "tagline": translated(each.locale, "neural networks with PyTorch"),
            "invitation": translated(
                each.locale, "{language}: neural networks with PyTorch"
            ).format(language=each.name),
        }
        for each in LANGUAGES.values()
    ]


def write_root_index(app: Sphinx, exception: Exception | None) -> None:
    """Write ``index.html`` beside the language folders, sending visitors to their language."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if outdir.name != tree_language(app):
        return  # built somewhere else than <root>/<lang>/: there is no shared root to write
    languages = root_languages()
    choices = [{"code": each["code"], "tag": each["tag"]} for each in languages]
    page = app.builder.templates.render(
        TEMPLATE, {"languages": languages, "languages_json": json.dumps(choices)}
    )
    target = outdir.parent / "index.html"
    if not target.is_file() or target.read_text(encoding="utf-8") != page:
        target.write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler."""
    app.connect("build-finished", write_root_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
