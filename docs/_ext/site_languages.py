"""Sphinx extension: one configuration builds a native site per language, linked page to page.

``sphinx-build docs/zh docs/_build/html/zh`` builds the Chinese site; ``docs/en`` the English one;
``docs/languages.toml`` lists the languages. Each tree's ``conf.py`` sets its language from its
folder's name; this extension

- checks that language against the table (and that the modules its extensions need are there);
- gives every page the addresses of the same page in the other languages, for the switcher (a
  link for two languages, a menu for more) and ``hreflang`` alternates (with ``x-default``, the
  root page; absolute when ``nnguide_base_url`` is set, ``site_urls``); each link says where it
  goes in its own language, from that language's catalogue;
- passes the theme's search-box text through the message catalogue (pydata-sphinx-theme writes
  its ``search_bar_text`` option into the page untranslated).

Every other extension asks :func:`site_language` which language it builds.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from site_facts import DOCS, LANGUAGES, Language
from site_urls import publishes, relative_root, site_root
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.locale import _

CATALOGUES = DOCS / "locales"
"""The site's message catalogues: ``<locale>/LC_MESSAGES/sphinx.po`` for each language."""


def site_language(app: Sphinx) -> Language:
    """The language of the site being built: the table's entry for Sphinx's ``language``."""
    for language in LANGUAGES.values():
        if language.locale == app.config.language:
            return language
    msg = (
        f"Sphinx's language is {app.config.language!r}, which docs/languages.toml does not list "
        f"(it lists {', '.join(each.locale for each in LANGUAGES.values())}): build a folder of "
        "docs/ named after a language's code, e.g. `sphinx-build docs/zh docs/_build/html/zh`."
    )
    raise ConfigError(msg)


def tree_language(app: Sphinx) -> str:
    """The code of the site being built: ``en``, ``zh``."""
    return site_language(app).code


def check_language(app: Sphinx) -> None:
    """Check that the tree is a language of the table, and that its extensions can load.

    The language must be known when Sphinx starts: Sphinx translates some of its words (the
    "Parameters" of an API page) once, when it loads, so a language set later would leave them
    in English.
    """
    language = site_language(app)
    if Path(app.srcdir).name != language.code:
        msg = (
            f"{app.srcdir} is built in {language.code!r} ({app.config.language!r}), but each site is "
            f"the folder of its language: build docs/{language.code}, with its own conf.py (no -c)."
        )
        raise ConfigError(msg)
    for module in language.requires:
        if importlib.util.find_spec(module) is None:
            msg = (
                f"the {language.name} site needs {module} (docs/languages.toml); without it its "
                f"extensions {', '.join(language.extensions)} cannot run: install the docs "
                f"dependencies, e.g. `pip install {module}`."
            )
            raise ConfigError(msg)


@functools.cache
def catalogue(locale: str) -> Catalog | None:
    """The site's catalogue for ``locale``, read once; None for a language without one (English)."""
    path = CATALOGUES / locale / "LC_MESSAGES" / "sphinx.po"
    if not path.is_file():
        return None
    with path.open("rb") as file:
        return read_po(file)


def translated(locale: str, message: str) -> str:
    """``message`` in the language of ``locale``, from its catalogue (for text said in another
    language than the page's: where the switcher leads). English is the messages themselves."""
    messages = catalogue(locale)
    entry = messages.get(message) if messages is not None else None
    return str(entry.string) if entry is not None and entry.string else message


def page_links(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], _doc: Any
) -> None:
    """Give every page the URLs of the same page in the other languages, and alternates."""
    here = site_language(app)
    target = app.builder.get_target_uri(pagename)
    up = relative_root(pagename)
    links = [
        {
            "code": each.code,
            "tag": each.tag,
            "name": each.name,
            "url": f"{up}{each.code}/{target}",
            "description": translated(each.locale, "Read this page in {language}").format(
                language=each.name
            ),
        }
        for each in LANGUAGES.values()
    ]
    context["nnguide_language"] = here.name
    context["nnguide_other_languages"] = [link for link in links if link["code"] != here.code]
    if publishes(app):
        context["metatags"] = context.get("metatags", "") + "".join(
            f'<link rel="alternate" hreflang="{tag}" href="{url}" />\n'
            for tag, url in alternates(app, pagename).items()
        )


def alternates(app: Sphinx, pagename: str) -> dict[str, str]:
    """The ``hreflang`` alternates of ``pagename``: the same page in every language, and the root
    page (``x-default``), which chooses one; absolute when ``nnguide_base_url`` is set."""
    root = site_root(app, pagename)
    target = app.builder.get_target_uri(pagename)
    return {
        **{each.tag: f"{root}{each.code}/{target}" for each in LANGUAGES.values()},
        "x-default": f"{root}index.html",
    }


def translated_theme_text(
    _app: Sphinx, _pagename: str, _template: str, context: dict[str, Any], _doc: Any
) -> None:
    """The search box's placeholder and accessible name, in the page's language."""
    if "theme_search_bar_text" in context:
        context["theme_search_bar_text"] = _(context["theme_search_bar_text"])


def setup(app: Sphinx) -> dict[str, Any]:
    """Check the language and register the handlers."""
    check_language(app)
    app.setup_extension("site_urls")
    app.connect("html-page-context", page_links)
    app.connect("html-page-context", translated_theme_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
