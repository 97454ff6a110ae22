"""Sphinx extension: a sitemap of the whole site (sitemaps.org), for search engines.

Each language's build writes ``<lang>/sitemap.xml``: every page built from a source (not the
search, index or highlighted-source pages), each with its ``hreflang`` alternates, the same as the
page's own ``<link rel="alternate">``. The site's root gets ``sitemap.xml``, a sitemap index of
the languages' sitemaps, and, when the site is the root of its host, ``robots.txt`` naming it
(crawlers read robots.txt only there).

A sitemap must give absolute addresses: without ``nnguide_base_url`` (``site_urls``) nothing is
written, and what an earlier build with a base URL wrote is removed, since its addresses may no
longer be the site's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from site_facts import LANGUAGES
from site_languages import alternates, tree_language
from site_urls import base_url, publishes, write_if_changed
from sphinx.application import Sphinx

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
URLSET = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)


def language_sitemap(app: Sphinx) -> str:
    """The sitemap of the language being built: every page and its alternates."""
    entries = []
    for docname in sorted(app.env.found_docs):
        urls = alternates(app, docname)
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(url)}/>'
            for tag, url in urls.items()
        )
        here = urls[LANGUAGES[tree_language(app)].tag]
        entries.append(f"<url><loc>{escape(here)}</loc>{links}</url>\n")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{URLSET}\n{"".join(entries)}</urlset>\n'


def sitemap_index(root: str) -> str:
    """The sitemap index of the site at ``root``: one sitemap per language.

    >>> print(sitemap_index("https://example.org/"))  # doctest: +ELLIPSIS
    <?xml ...?>
    <sitemapindex ...>
    <sitemap><loc>https://example.org/en/sitemap.xml</loc></sitemap>
    <sitemap><loc>https://example.org/zh/sitemap.xml</loc></sitemap>
    </sitemapindex>
    """
    entries = "".join(
        f"<sitemap><loc>{escape(f'{root}{code}/{SITEMAP}')}</loc></sitemap>\n" for code in LANGUAGES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}'
        "</sitemapindex>\n"
    )


def robots_txt(root: str) -> str | None:
    """``robots.txt`` for the site at ``root``, naming its sitemap; None for a site in a folder
    of its host, where crawlers do not look for it.

    >>> print(robots_txt("https://example.org/"))
    User-agent: *
    Allow: /
    <BLANKLINE>
    Sitemap: https://example.org/sitemap.xml
    <BLANKLINE>
    >>> robots_txt("https://example.org/nnguide/") is None
    True
    """
    if urlsplit(root).path != "/":
        return None
    return f"User-agent: *\nAllow: /\n\nSitemap: {root}{SITEMAP}\n"


def write_sitemaps(app: Sphinx, exception: Exception | None) -> None:
    """Write the language's sitemap and, beside the language folders, the index and robots.txt."""
    if exception is not None or not publishes(app):
        return
    outdir = Path(app.outdir)
    shared = outdir.parent if outdir.name == tree_language(app) else None  # the site's root
    root = base_url(app.config)
    files = {outdir / SITEMAP: language_sitemap(app) if root else None}
    if shared is not None:
        files[shared / SITEMAP] = sitemap_index(root) if root else None
        files[shared / ROBOTS] = robots_txt(root) if root else None
    for path, text in files.items():
        if text is None:
            path.unlink(missing_ok=True)
        else:
            write_if_changed(path, text)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler."""
    app.setup_extension("site_urls")
    app.connect("build-finished", write_sitemaps)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
