"""Sphinx extension: one configuration builds two native-language sites, linked page to page.

``sphinx-build docs/zh docs/_build/html/zh`` builds the Chinese site; ``docs/en`` the English
one. Each tree's ``conf.py`` sets its language; this extension

- checks that language against the tree's folder (and that the Chinese site has jieba);
- gives every page the address of the same page in the other language, for the switcher, and
  ``hreflang`` alternates;
- passes the theme's search-box text through the message catalogue (pydata-sphinx-theme writes
  its ``search_bar_text`` option into the page untranslated).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from site_facts import LANGUAGES
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.locale import _


def tree_language(app: Sphinx) -> str:
    """The language of the source tree being built: the name of its folder, ``en`` or ``zh``."""
    lang = Path(app.srcdir).name
    if lang not in LANGUAGES:
        msg = (
            f"cannot tell the language of {app.srcdir}: build docs/en or docs/zh, "
            "e.g. `sphinx-build docs/zh docs/_build/html/zh`."
        )
        raise ConfigError(msg)
    return lang


def check_language(app: Sphinx) -> None:
    """Check that the tree's ``conf.py`` set its language (and that Chinese has jieba).

    The language must be known when Sphinx starts: Sphinx translates some of its words (the
    "Parameters" of an API page) once, when it loads, so a language set later would leave them
    in English.
    """
    lang = tree_language(app)
    locale = LANGUAGES[lang].locale
    if app.config.language != locale:
        msg = (
            f"{app.srcdir} is the {lang} site, but its language is {app.config.language!r}: "
            f'set language = "{locale}" in docs/{lang}/conf.py and build with '
            f"`sphinx-build docs/{lang} docs/_build/html/{lang}` (no -c)."
        )
        raise ConfigError(msg)
    if lang == "zh" and importlib.util.find_spec("jieba") is None:
        msg = (
            "the Chinese site needs jieba for its search index (without it Sphinx indexes no Chinese "
            "words, silently): install the docs dependencies, e.g. `pip install jieba`."
        )
        raise ConfigError(msg)


def page_links(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], _doc: Any
) -> None:
    """Give every page the URL of the same page in the other language."""
    language = LANGUAGES[tree_language(app)]
    other = LANGUAGES[language.other]
    suffix = app.builder.out_suffix  # type: ignore[attr-defined]
    up = "../" * (pagename.count("/") + 1)
    context["nnguide_other_url"] = f"{up}{other.code}/{pagename}{suffix}"
    context["nnguide_other_tag"] = other.tag
    context["nnguide_other_code"] = other.code
    context["nnguide_switch_label"] = language.switch_label
    context["nnguide_switch_description"] = language.switch_description
    alternates = "".join(
        f'<link rel="alternate" hreflang="{each.tag}" href="{up}{each.code}/{pagename}{suffix}" />\n'
        for each in LANGUAGES.values()
    )
    context["metatags"] = context.get("metatags", "") + alternates


def translated_theme_text(
    _app: Sphinx, _pagename: str, _template: str, context: dict[str, Any], _doc: Any
) -> None:
    """The search box's placeholder and accessible name, in the page's language."""
    if "theme_search_bar_text" in context:
        context["theme_search_bar_text"] = _(context["theme_search_bar_text"])


def setup(app: Sphinx) -> dict[str, Any]:
    """Check the language and register the handlers."""
    check_language(app)
    app.connect("html-page-context", page_links)
    app.connect("html-page-context", translated_theme_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
