"""Fixtures for the browser tests: the built site on a real HTTP server, and Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest
import site_facts
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

SITE = Path(os.environ.get("NNGUIDE_SITE", site_facts.SITE))
"""The built site: ``$NNGUIDE_SITE`` or ``docs/_build/html``."""
CHROMIUM = Path(os.environ.get("NNGUIDE_CHROMIUM", "/usr/bin/chromium"))
# Chromium reaches out to Google's services unless told not to; the site must be all it talks to.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


class _NotFoundPageHandler(_QuietHandler):
    """Answers a missing address as GitHub Pages and Netlify do: 404, with the root's 404.html."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(
    folder: Path, *, not_found_page: bool = False
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 on a free port; return the server and its base URL.

    With ``not_found_page``, a missing address is answered with the folder's ``404.html`` (status
    404), as the site's hosts do; without, with Python's plain error page.
    """
    kind = _NotFoundPageHandler if not_found_page else _QuietHandler
    handler = functools.partial(kind, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site: ``$NNGUIDE_SITE`` or ``docs/_build/html``."""
    path = SITE
    if not (path / "index.html").is_file():
        pytest.fail(
            f"no built site in {path}: run `nox -s docs` (or `nox -s e2e`, which builds it)"
        )
    return path


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The site served over HTTP on 127.0.0.1."""
    server, url = serve(site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def hosted_url(site: Path) -> Iterator[str]:
    """The site served as its hosts serve it: a missing address gets its 404 page."""
    server, url = serve(site, not_found_page=True)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile with an English locale."""
    ctx = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab in that profile."""
    return context.new_page()
