"""Facts about the site that the Sphinx extensions, the tests, the browser tests and the noxfile share.

Each fact is defined here once and imported everywhere else: the two languages (their tags,
locales and switcher labels), where the sources and the built site live, and how sphinx-build is
called. This module imports nothing but the standard library, so that the noxfile can import it
before any dependency is installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SRC = ROOT / "src"
EXAMPLES = ROOT / "examples"
GALLERY_DIR = "auto_examples"
"""The folder of each site that sphinx-gallery writes the chapters into."""

BUILD = DOCS / "_build"
SITE = BUILD / "html"
"""The built site: ``SITE/<lang>/`` for each language, and the root ``index.html``."""
DOCTREES = BUILD / "doctrees"
WHEEL_DIR = BUILD / "wheel"
"""Where ``nox -s docs`` builds the nnguide wheel that the site serves."""
SCREENSHOTS = BUILD / "e2e"
"""Where the browser tests keep their screenshots and search reports."""

SPHINX_OPTIONS = ("-W", "--keep-going", "-n", "-T")
"""sphinx-build's options for every build: warnings are errors (all of them reported), nitpicky
references, full tracebacks."""


@dataclass(frozen=True)
class Language:
    """One of the site's two languages."""

    code: str
    """The folder name and nnguide's ``lang``: ``en`` or ``zh``."""
    locale: str
    """Sphinx's ``language``: ``en`` or ``zh_CN``."""
    tag: str
    """The HTML language tag: ``en`` or ``zh-CN``."""
    switch_label: str
    """The language switcher's label on this site's pages: the *other* language's name."""
    switch_description: str
    """What the switcher does, said in the other language (its accessible name holds the label)."""
    other: str
    """The code of the other language."""


LANGUAGES = {
    "en": Language(
        code="en",
        locale="en",
        tag="en",
        switch_label="中文",
        switch_description="阅读本页的中文版",
        other="zh",
    ),
    "zh": Language(
        code="zh",
        locale="zh_CN",
        tag="zh-CN",
        switch_label="English",
        switch_description="Read this page in English",
        other="en",
    ),
}
LANGS = tuple(LANGUAGES)
"""The language codes, English first."""
