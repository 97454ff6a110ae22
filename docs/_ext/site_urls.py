"""Sphinx extension: where the site is published, from one setting, ``nnguide_base_url``.

``nnguide_base_url`` is the address of the site's root (the folder that holds ``index.html`` and
the language folders), e.g. ``-D nnguide_base_url=https://example.org/nnguide/``. Empty, the
default, a build is for reading where it lies: every link stays relative and nothing claims an
address. Set, each language's ``html_baseurl`` is derived from it (``<base>en/``), so that every
page names its ``<link rel="canonical">``, and the publishing metadata (hreflang alternates, Open
Graph, the sitemap) gives absolute addresses.

The other extensions ask :func:`site_root` for the address of the site's root as seen from a page,
:func:`site_path` for its path on the server, :func:`publishes` whether a build is the web site
(a book or an EPUB gets none of this), and write their files with :func:`write_if_changed`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError


def base_url(config: Config) -> str:
    """The site's root address with a final ``/``, or ``""`` when unset; checked.

    >>> from types import SimpleNamespace
    >>> base_url(SimpleNamespace(nnguide_base_url="https://example.org/nnguide"))
    'https://example.org/nnguide/'
    """
    given = str(config.nnguide_base_url).strip()
    if not given:
        return ""
    parts = urlsplit(given)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        msg = (
            f"nnguide_base_url = {given!r}: give the absolute address of the site's root, "
            "e.g. https://example.org/nnguide/ (or nothing, for a local build)"
        )
        raise ConfigError(msg)
    return given if given.endswith("/") else f"{given}/"


def derive_html_baseurl(app: Sphinx, config: Config) -> None:
    """Set Sphinx's ``html_baseurl`` to this language's folder under the base URL (canonical links).

    The folder is the source folder's name, the language's code (``site_languages`` checks it).
    """
    root = base_url(config)
    config.html_baseurl = f"{root}{Path(app.srcdir).name}/" if root else ""


def publishes(app: Sphinx) -> bool:
    """Whether the build writes the web site (Sphinx's ``html`` builder), not a book or an EPUB."""
    return app.builder.name == "html"


def site_root(app: Sphinx, pagename: str) -> str:
    """The address of the site's root for links on ``pagename``: absolute when the base URL is set,
    else relative to the page (``../`` for a page at the top of its language's folder)."""
    return base_url(app.config) or relative_root(pagename)


def relative_root(pagename: str) -> str:
    """The site's root relative to ``pagename``, a page of one language's folder.

    >>> relative_root("index"), relative_root("auto_examples/plot_01_perceptron")
    ('../', '../../')
    """
    return "../" * (pagename.count("/") + 1)


def site_path(app: Sphinx) -> str:
    """The path of the site's root on its server, from the base URL: ``/nnguide/``; ``/`` by
    default. Pages served for any address (the 404 page) link from it."""
    root = base_url(app.config)
    return urlsplit(root).path if root else "/"


def write_if_changed(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` unless it holds it already: an unchanged rebuild writes
    nothing, and a file's time changes only with its content."""
    data = content.encode() if isinstance(content, str) else content
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register ``nnguide_base_url`` and derive ``html_baseurl`` from it."""
    app.add_config_value("nnguide_base_url", "", "html", types=frozenset({str}))
    app.connect("config-inited", derive_html_baseurl)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
