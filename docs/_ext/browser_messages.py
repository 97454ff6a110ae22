"""Sphinx extension: the site's catalogue also speaks in the browser.

Sphinx's search page words its messages in JavaScript, from ``translations.js``, which Sphinx makes
from its own catalogue for the page's language. A message that catalogue lacks (Sphinx 8.2 asks
for the result count under a new message that its Chinese catalogue translates only under the old
one) is given in the site's catalogue (``docs/locales/<locale>/LC_MESSAGES/sphinx.po``), marked as
used by a script (its ``#:`` reference names a ``.js`` file): this extension hands every such
message to the page's script after ``translations.js``, as ``translations.js`` hands Sphinx's
(``internals.script_translations``).
"""

from __future__ import annotations

from typing import Any

from internals import script_translations
from site_languages import catalogue, site_language
from sphinx.application import Sphinx


def browser_messages(locale: str) -> dict[str, Any] | None:
    """The catalogue's messages used by scripts, as ``Documentation.addTranslations`` takes them.

    None when the language has no catalogue or no message for a script.
    """
    messages_of_locale = catalogue(locale)
    if messages_of_locale is None:
        return None
    messages = {
        (entry.id[0] if isinstance(entry.id, tuple) else entry.id): (
            list(entry.string) if isinstance(entry.string, tuple) else entry.string
        )
        for entry in messages_of_locale
        if entry.id
        and entry.string
        and any(file.endswith(".js") for file, _line in entry.locations)
    }
    if not messages:
        return None
    return {"locale": str(messages_of_locale.locale), "plural_expr": messages_of_locale.plural_expr,
            "messages": messages}  # fmt: skip


def add_browser_messages(app: Sphinx) -> None:
    """Add the messages to every page, after Sphinx's ``translations.js`` (priority 500)."""
    messages = browser_messages(site_language(app).locale)
    if messages is not None:
        app.add_js_file(None, body=script_translations(messages), priority=600)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler."""
    app.connect("builder-inited", add_browser_messages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
