"""Sphinx extension: Open Graph and Twitter-card metadata on every page, in the page's language.

A link to a page, shared on a social network or in a chat, shows a preview from these tags: the
page's title (``og:title``), its first paragraph, trimmed (``og:description`` and the
``description`` that search engines show), the site's name, the page's locale and the other
languages' (``og:locale``, ``og:locale:alternate``), and an image with its alt text. The image is
the language's card, 1200 × 630 pixels (``summary_large_image``), drawn here with matplotlib in
the fonts nnguide's figures use (``nnguide.plotting.configure_matplotlib``): the site's name, its
tagline and a small neural network, in the page's language.

The page's address (``og:url``, like Sphinx's canonical link) and absolute image addresses need
``nnguide_base_url`` (``site_urls``); a local build keeps relative ones.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from pathlib import Path
from typing import Any

import matplotlib as mpl
from babel.core import get_global, parse_locale
from docutils import nodes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle
from site_facts import LANGUAGES, Language
from site_languages import site_language
from site_urls import publishes, site_root, write_if_changed
from sphinx.application import Sphinx
from sphinx.locale import _

from nnguide.plotting import CLASS_COLORS, configure_matplotlib

CARD = "nnguide-card.png"
"""The card's file name, in each language's ``_static``."""
CARD_SIZE = (1200, 630)
"""The card's size in pixels: the 1.91 : 1 of Open Graph's and Twitter's large previews."""
TEXT_WIDTH = 720
"""The widest the card's words may be, in pixels: left of its drawing of a network."""
DESCRIPTION_LENGTH = 200
"""The most characters of a description; a longer first paragraph is cut and ends with "…"."""
OUTSIDE_THE_TEXT = (
    nodes.Admonition,  # sphinx-gallery's "go to the end to download" note, notes and tips
    nodes.sidebar,
    nodes.topic,
    nodes.table,
    nodes.field_list,
    nodes.footnote,
    nodes.citation,
    nodes.system_message,
)
"""Where a paragraph is not the page's own first words."""
TAGS = re.compile(r"<[^>]*>")


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the page's first paragraph of running text, whitespace collapsed; "" if none."""
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        while parent is not None and not isinstance(parent, OUTSIDE_THE_TEXT):
            parent = parent.parent
        text = " ".join(paragraph.astext().split())
        if parent is None and text:
            return text
    return ""


def trimmed(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """``text`` in at most ``length`` characters: cut at a space when it has one near the end
    (English), else at a character (Chinese), and ended with "…".

    >>> trimmed("one two three", 9), trimmed("感知机是最简单的神经网络", 6), trimmed("short", 9)
    ('one two…', '感知机是最…', 'short')
    """
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：、") + "…"


def og_locale(language: Language) -> str:
    """Open Graph's ``language_TERRITORY`` for ``language``: its locale, with the territory where
    the language is most likely written when the locale names none (``en``: ``en_US``); any
    territory the locale names, even one of no country (the test suite's ``en_XA``).

    >>> og_locale(LANGUAGES["en"]), og_locale(LANGUAGES["zh"])
    ('en_US', 'zh_CN')
    """
    lang, territory, *_ = parse_locale(language.locale)
    if territory is None:
        likely = get_global("likely_subtags").get(lang)
        territory = parse_locale(likely)[1] if likely else None
    return f"{lang}_{territory}" if territory else lang


def meta(kind: str, name: str, content: str) -> str:
    """One ``<meta>`` tag, its content escaped: ``kind`` is ``property`` (Open Graph) or ``name``."""
    return f'<meta {kind}="{name}" content="{html.escape(content)}" />\n'


def card_alt_text() -> str:
    """What the card shows, in the build's language."""
    return _("nnguide's card: {tagline}, beside a drawing of a small neural network").format(
        tagline=_("neural networks with PyTorch")
    )


def page_title(pagename: str, context: dict[str, Any]) -> str:
    """The page's title, also for the pages whose templates set it (Sphinx's search and index)."""
    generated = {"search": _("Search"), "genindex": _("Index")}
    return str(context.get("title") or context.get("indextitle") or generated.get(pagename, ""))


def page_metadata(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add the Open Graph and Twitter-card tags of ``pagename`` to its ``<head>``."""
    if not publishes(app):
        return
    here = site_language(app)
    title = html.unescape(TAGS.sub("", page_title(pagename, context) or app.config.project))
    text = first_paragraph(doctree) if isinstance(doctree, nodes.document) else ""
    description = trimmed(text or _("neural networks with PyTorch"))
    image = f"{site_root(app, pagename)}{here.code}/_static/{CARD}"
    properties = [
        ("og:title", title),
        ("og:description", description),
        ("og:type", "website" if pagename == app.config.root_doc else "article"),
        ("og:site_name", app.config.project),
        ("og:locale", og_locale(here)),
        *(("og:locale:alternate", og_locale(each)) for each in LANGUAGES.values() if each != here),
        *([("og:url", context["pageurl"])] if context.get("pageurl") else []),
        ("og:image", image),
        ("og:image:type", "image/png"),
        ("og:image:width", str(CARD_SIZE[0])),
        ("og:image:height", str(CARD_SIZE[1])),
        ("og:image:alt", card_alt_text()),
    ]
    names = [
        ("description", description),
        ("twitter:card", "summary_large_image"),
        ("twitter:image", image),
        ("twitter:image:alt", card_alt_text()),
    ]
    context["metatags"] = (
        context.get("metatags", "")
        + "".join(meta("property", name, content) for name, content in properties)
        + "".join(meta("name", name, content) for name, content in names)
    )


def draw_card(code: str, tagline: str, subtitle: str) -> bytes:
    """The card of the language ``code`` as PNG bytes: the same bytes for the same words."""
    width, height = CARD_SIZE
    with mpl.rc_context():
        configure_matplotlib(LANGUAGES[code].content)
        figure = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="white")
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set(xlim=(0, width), ylim=(0, height))
        ax.axis("off")
        ax.add_patch(Rectangle((0, 0), 24, height, color=CLASS_COLORS[0]))
        latin = mpl.rcParamsDefault["font.sans-serif"][0]  # the name in matplotlib's own font
        for x, y, words, size, style in (
            (80, 390, "nnguide", 88.0, {"fontweight": "bold", "family": latin, "color": "#1a1a1a"}),
            (82, 290, tagline, 40.0, {"color": "#1a1a1a"}),
            (84, 215, subtitle, 26.0, {"color": "#555555"}),
        ):
            text = ax.text(x, y, words, fontsize=size, fontdict=style)
            drawn = text.get_window_extent().width
            if drawn > TEXT_WIDTH:  # a longer translation: smaller, beside the network
                text.set_fontsize(size * TEXT_WIDTH / drawn)
        layers = [[(870 + 90 * column, 315 + 80 * (row - (size - 1) / 2)) for row in range(size)]
                  for column, size in enumerate((3, 4, 4, 2))]  # fmt: skip
        for left, right in itertools.pairwise(layers):
            for start in left:
                for end in right:
                    ax.plot(*zip(start, end, strict=True), color="#b0b0b0", lw=1.5, zorder=1)
        for column, layer in enumerate(layers):
            colour = CLASS_COLORS[1] if column == len(layers) - 1 else CLASS_COLORS[0]
            for centre in layer:
                ax.add_patch(Circle(centre, 20, color=colour, zorder=2))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def write_card(app: Sphinx, exception: Exception | None) -> None:
    """Draw the language's card into its ``_static`` (rewritten only when it changes)."""
    if exception is not None or not publishes(app):
        return
    card = draw_card(
        site_language(app).code,
        _("neural networks with PyTorch"),
        _("A bilingual tutorial in which every example runs"),
    )
    write_if_changed(Path(app.outdir) / "_static" / CARD, card)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handlers."""
    app.setup_extension("site_urls")
    app.connect("html-page-context", page_metadata)
    app.connect("build-finished", write_card)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
