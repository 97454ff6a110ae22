"""Sphinx extension: sphinx-gallery's text in the page's language, and three additions.

sphinx-gallery writes the text around the chapters (download buttons, running times, the
execution-times pages) from English reST templates, and has no message catalogue. Every one of its
phrases goes through the site's catalogue (``docs/locales/<locale>/LC_MESSAGES/sphinx.po``, whose
msgid is the English phrase) in every language; English has no catalogue, so its text stays as
sphinx-gallery writes it. This extension also

- gives the gallery's thumbnails their chapter's title as alt text (sphinx-gallery leaves it empty);
- adds the nnguide wheel (``wheel_download.py``) to every chapter's download area;
- removes the CDN links from the execution-times pages.

How it reaches into sphinx-gallery (its templates and pages) is in ``internals.py``.
"""

from __future__ import annotations

from typing import Any

from internals import (
    adapt_gallery_templates,
    is_execution_times_page,
    offline_execution_times,
    translated_execution_times,
)
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _

WHEEL_DOWNLOAD = "Download the nnguide package it imports: {wheel}"
"""The wheel's link in every chapter's download area (``{wheel}``: the wheel's file name)."""


def translate(message: str) -> str:
    """``message`` in the build's language, from the site's catalogue."""
    return str(_(message))


def adapt_gallery(_app: Sphinx, _config: Config) -> None:
    """Set sphinx-gallery's templates for this build's language.

    At ``config-inited``: Sphinx has loaded the build's catalogue (``Sphinx._init_i18n``, before
    any extension's ``setup``), and sphinx-gallery writes its pages later, at ``builder-inited``.
    """
    adapt_gallery_templates(translate, f":nnguide-wheel:`{translate(WHEEL_DOWNLOAD)}`")


def execution_times_page(_app: Sphinx, docname: str, source: list[str]) -> None:
    """sphinx-gallery's execution-times pages without CDN links, in the page's language."""
    if is_execution_times_page(docname):
        offline = offline_execution_times(source[0], docname)
        source[0] = translated_execution_times(offline, docname, translate)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the template edits and the execution-times pages' handler."""
    app.connect("config-inited", adapt_gallery)
    app.connect("source-read", execution_times_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
