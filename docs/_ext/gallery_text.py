"""Sphinx extension: sphinx-gallery's own text, in Chinese on the Chinese site, and two additions.

sphinx-gallery writes the text around the chapters (download buttons, running times, the
execution-times pages) from English reST templates, with no translation catalogue. This module is
the one place where nnguide edits sphinx-gallery's internals, checked with sphinx-gallery 0.19 to
0.22 (pyproject.toml pins ``<0.23``); every edit first checks that the text it replaces is there,
so that a change upstream stops the build instead of slipping through. It

- translates the interface text on the Chinese site;
- gives the gallery's thumbnails their chapter's title as alt text (sphinx-gallery leaves it empty);
- adds the nnguide wheel (``wheel_download.py``) to every chapter's download area;
- removes the CDN links from the execution-times pages, and translates them;
- forgets a chapter's last run when the code it imports changed (for ``example_runs.py``).
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from typing import Any

from site_facts import EXECUTION_TIMES_ZH, GALLERY_TEXT_ZH
from site_languages import tree_language
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


def translate_gallery_interface() -> None:
    """Rewrite sphinx-gallery's English templates in Chinese (this process builds one language)."""
    for module_name, constants in GALLERY_TEXT_ZH.items():
        module = importlib.import_module(f"sphinx_gallery.{module_name}")
        for constant, replacements in constants.items():
            text = getattr(module, constant)
            for english, chinese in replacements:
                if chinese in text:
                    continue  # already translated in this process
                if english not in text:
                    msg = f"sphinx-gallery's {module_name}.{constant} no longer says {english!r}."
                    raise ExtensionError(msg)
                text = text.replace(english, chinese)
            setattr(module, constant, text)


def describe_thumbnails() -> None:
    """Give the gallery's thumbnails their example's title as alt text (sphinx-gallery leaves it empty)."""
    from sphinx_gallery import backreferences  # noqa: PLC0415

    empty = "  .. image:: /{thumbnail}\n    :alt:\n"
    if ":alt: {title}" in backreferences.THUMBNAIL_TEMPLATE:
        return  # already done in this process
    if empty not in backreferences.THUMBNAIL_TEMPLATE:
        msg = "sphinx-gallery's THUMBNAIL_TEMPLATE has changed: update describe_thumbnails()."
        raise ExtensionError(msg)
    backreferences.THUMBNAIL_TEMPLATE = backreferences.THUMBNAIL_TEMPLATE.replace(
        empty, "  .. image:: /{thumbnail}\n    :alt: {title}\n"
    )


WHEEL_DOWNLOAD = {
    "en": "Download the nnguide package it imports: {wheel}",
    "zh": "下载它导入的 nnguide 工具包：{wheel}",
}


def offer_wheel_download(lang: str) -> None:
    """Add the nnguide wheel (``wheel_download.py``) to every chapter's download area."""
    from sphinx_gallery import gen_rst  # noqa: PLC0415

    if ":nnguide-wheel:" in gen_rst.ZIP_DOWNLOAD:
        return  # already done in this process
    if ".. container:: sphx-glr-download sphx-glr-download-zip" not in gen_rst.ZIP_DOWNLOAD:
        msg = "sphinx-gallery's ZIP_DOWNLOAD has changed: update offer_wheel_download()."
        raise ExtensionError(msg)
    # the template is filled with str.format, so the role's {wheel} placeholder is escaped
    gen_rst.ZIP_DOWNLOAD += (
        "\n    .. container:: sphx-glr-download sphx-glr-download-nnguide-wheel\n\n"
        f"      :nnguide-wheel:`{WHEEL_DOWNLOAD[lang].replace('{', '{{').replace('}', '}}')}`\n"
    )


def offline_execution_times(app: Sphinx, docname: str, source: list[str]) -> None:
    """Drop the CDN stylesheets and scripts from sphinx-gallery's execution-times pages."""
    if not docname.endswith("sg_execution_times"):
        return
    text = re.sub(r"  \.\. raw:: html\n\n(?:    .*\n|\n)*?(?=  \.\. list-table::)", "", source[0])
    if "http" in text.split(".. list-table::")[0]:
        msg = f"{docname}: could not remove sphinx-gallery's CDN links; its template has changed."
        raise ExtensionError(msg)
    if tree_language(app) == "zh":
        for english, chinese in EXECUTION_TIMES_ZH:
            text = text.replace(english, chinese)
    source[0] = text


def forget_last_run(gallery: Path, script: str) -> bool:
    """Make sphinx-gallery run ``script`` again; return whether it had a run to forget.

    sphinx-gallery has no setting for the files an example depends on: it skips an example whose
    ``<script>.md5`` in the gallery folder holds the script's own hash, so that file goes.
    """
    from sphinx_gallery import gen_rst  # noqa: PLC0415

    if 'Path(f"{src_file}.md5")' not in inspect.getsource(gen_rst.md5sum_is_current):
        msg = "sphinx-gallery no longer caches a run in <script>.md5: update forget_last_run()."
        raise ExtensionError(msg)
    cache = gallery / f"{script}.md5"
    if not cache.exists():
        return False
    cache.unlink()
    return True


def setup(app: Sphinx) -> dict[str, Any]:
    """Edit sphinx-gallery's templates for the tree's language, and register the page handler."""
    lang = tree_language(app)
    describe_thumbnails()
    if lang == "zh":
        translate_gallery_interface()
    offer_wheel_download(lang)
    app.connect("source-read", offline_execution_times)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
