"""Sphinx extension: a chapter's matplotlib animation becomes a player that starts when asked.

A chapter animates training the way a reader would write it: a
:class:`~matplotlib.animation.FuncAnimation` over one figure, then a call of its update function
for the last step, so that the figure itself shows the final state (what a notebook or a printout
shows), and ``fig.set_label(...)`` with the animation's text alternative. When the chapter's cell
ends, the scraper (``figure_scraper.py``) hands each animated figure to :func:`animation_rst`:

- the figure as it stands is saved like any figure (and twice as sharp): the *still*;
- every frame is saved as a palette PNG by :class:`FrameFiles`, a matplotlib movie writer (the
  public interface of :meth:`~matplotlib.animation.Animation.save`), after the figure checks;
- the cell's output is the ``nnguide-animation`` directive (:class:`AnimationDirective`).

The directive writes a ``<figure class="nnguide-animation">``: the still, the frames (lazy:
fetched only once the reader starts the player), and the text alternative as its caption. Its
``data-`` attributes give ``_static/nnguide-animation.js`` the time per frame and the player's labels,
translated through Sphinx's catalogue (``docs/locales``). The script adds play/pause, step
buttons and a slider, reachable by keyboard; nothing moves until the reader asks. Without
JavaScript, and in print, the page shows the still.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from matplotlib.animation import AbstractMovieWriter, Animation
from matplotlib.backend_bases import TimerBase
from matplotlib.figure import Figure
from PIL import Image
from site_facts import BOOK_TAG
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.latex import LaTeXTranslator

DEFAULT_INTERVAL = 200
"""Milliseconds per frame when the animation has no timer to say it (matplotlib's default)."""
BOOK_FRAME = "The book shows its final frame."
"""Added to an animation's caption in the book (docs/_ext/book.py), which prints its still."""
FRAME_SUFFIX = "_frame_{:03d}"
"""Frame ``n`` of the animation whose still is ``<stem>.png`` is ``<stem>_frame_<n>.png``."""

PLAYER_LABELS = {
    # data-label-… attribute: English text, translated by the language's catalogue
    "controls": "Animation controls",
    "play": "Play",
    "pause": "Pause",
    "previous": "Previous frame",
    "next": "Next frame",
    "frame": "Frame",
    "position": "Frame {frame} of {count}",
}


class AnimationError(RuntimeError):
    """An example's animation cannot be shown: it lacks a text alternative, or a frame fails a check."""


class FrameFiles(AbstractMovieWriter):
    """A matplotlib movie writer that saves each frame as a palette PNG beside the still.

    Frame ``n`` (from 1) goes to ``<stem>_frame_<n>.png``. Before a frame is saved, ``check``
    returns its problems (overlapping text...); any problem stops the build. Each frame's titles
    are kept: they are that frame's alt text.
    """

    def __init__(
        self, still: Path, check: Callable[[Figure], list[str]], titles: Callable[[Figure], str]
    ) -> None:
        super().__init__()
        self.still = still
        self.check = check
        self.titles_of = titles
        self.titles: list[str] = []

    def setup(self, fig: Figure, outfile: Any, dpi: float | None = None) -> None:
        """Start writing the frames of ``fig`` (``outfile`` is the still's path)."""
        super().setup(fig, outfile, dpi)

    def grab_frame(self, **savefig_kwargs: Any) -> None:
        """Check the figure as it stands and save it as the next frame."""
        number = len(self.titles) + 1
        problems = self.check(self.fig)
        if problems:
            msg = f"frame {number} of the animation {self.still.name}: " + "; ".join(problems)
            raise AnimationError(msg)
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", dpi=self.dpi, **savefig_kwargs)
        write_palette_png(buffer.getvalue(), frame_path(self.still, number))
        self.titles.append(self.titles_of(self.fig))

    def finish(self) -> None:
        """Nothing to close: every frame is written as it is grabbed."""


def frame_path(still: Path, number: int) -> Path:
    """Return the path of frame ``number`` (from 1) of the animation whose still is ``still``."""
    return still.with_name(still.stem + FRAME_SUFFIX.format(number) + still.suffix)


def write_palette_png(png: bytes, path: Path) -> None:
    """Write the RGB(A) PNG ``png`` to ``path`` with a palette of at most 256 colours.

    A plot has few colours: the palette keeps every one of them within a shade, and makes the
    file three to four times smaller, which is what keeps a page of animations light.
    """
    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
        palette.save(path, format="png", optimize=True)


def animation_rst(
    animation: Animation,
    fig: Figure,
    still: Path,
    still_rst: str,
    *,
    check: Callable[[Figure], list[str]],
    titles: Callable[[Figure], str],
) -> str:
    """Save the frames of ``animation`` of ``fig`` beside its saved still; return the directive.

    ``still_rst`` is the reST of the saved still (sphinx-gallery's ``figure_rst``); ``check`` and
    ``titles`` are the figure checks and the figure's titles, applied to every frame.
    """
    # every frame keeps the still's layout, so that nothing jumps from frame to frame
    fig.set_layout_engine("none")
    writer = FrameFiles(still, check, titles)
    animation.save(str(still), writer=writer)
    caption = " ".join(str(fig.get_label()).split())
    if not caption:
        msg = (
            f"the animation {still.name} has no text alternative: describe what it shows, start "
            'to end, with fig.set_label("...") (hidden between sphinx_gallery_start_ignore and '
            "sphinx_gallery_end_ignore)."
        )
        raise AnimationError(msg)
    source = animation.event_source  # the timer that would play it in a window
    interval = int(source.interval) if isinstance(source, TimerBase) else DEFAULT_INTERVAL
    options = [
        f"   :frames: {len(writer.titles)}",
        f"   :interval: {interval}",
        f"   :frame-alt: {json.dumps(writer.titles, ensure_ascii=False)}",
        f"   :caption: {caption}",
    ]
    body = "\n".join("   " + line if line.strip() else "" for line in still_rst.splitlines())
    return "\n.. nnguide-animation::\n" + "\n".join(options) + "\n\n" + body + "\n"


class animation(nodes.figure):
    """The ``<figure>`` of an animation: its still, its frames, its caption (a ``<figcaption>``)."""


class AnimationDirective(SphinxDirective):
    """``.. nnguide-animation::`` — the still's image as content, the frames beside it.

    Options: ``frames`` (how many), ``interval`` (milliseconds per frame), ``frame-alt`` (a JSON
    list of each frame's alt text), ``caption`` (the text alternative of the whole animation).
    """

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "frames": directives.positive_int,
        "interval": directives.positive_int,
        "frame-alt": directives.unchanged_required,
        "caption": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        """Return the animation node: the still (parsed content), the frames, the caption."""
        count: int = self.options["frames"]
        alts = json.loads(self.options["frame-alt"])
        if not isinstance(alts, list) or len(alts) != count:
            msg = f"nnguide-animation: frame-alt must list {count} alt texts."
            raise self.error(msg)
        node = animation(interval=self.options["interval"])
        self.state.nested_parse(self.content, self.content_offset, node)
        stills = list(node.findall(nodes.Element))
        uri = next((n["uri"] for n in stills if "uri" in n), None)
        if uri is None:
            msg = "nnguide-animation: its content must be the still's image."
            raise self.error(msg)
        frames = addnodes.only(expr="html")  # the frames only play on a web page
        for number, alt in enumerate(alts, start=1):
            frame_uri = str(frame_path(Path(uri), number)).replace("\\", "/")
            image = nodes.image(
                uri=frame_uri, alt=alt, loading="lazy", classes=["nnguide-animation-frame"]
            )
            frames += image
        node += frames
        caption = self.options["caption"]
        if self.env.app.tags.has(BOOK_TAG):  # a book prints one frame: it says which
            caption = f"{caption} {_(BOOK_FRAME)}"
        node += nodes.caption(caption, caption)
        return [node]


def visit_animation_html(translator: HTML5Translator, node: animation) -> None:
    """Open the ``<figure>``, with the time per frame and the player's labels as data attributes."""
    attributes = {f"data-label-{key}": str(_(text)) for key, text in PLAYER_LABELS.items()}
    attributes["data-interval"] = str(node["interval"])
    written = "".join(f' {name}="{escape(value)}"' for name, value in sorted(attributes.items()))
    translator.body.append(f'<figure class="nnguide-animation"{written}>')


def depart_animation_html(translator: HTML5Translator, _node: animation) -> None:
    """Close the ``<figcaption>`` (docutils leaves it to the figure) and the ``<figure>``."""
    translator.body.append("</figcaption>\n</figure>\n")


def visit_animation_latex(translator: LaTeXTranslator, node: animation) -> None:
    """A book prints the animation as a figure: its still (the final frame) and its caption."""
    translator.visit_figure(node)


def depart_animation_latex(translator: LaTeXTranslator, node: animation) -> None:
    """Close the figure."""
    translator.depart_figure(node)


def visit_animation_other(_translator: Any, _node: animation) -> None:
    """Other builders show the still and the caption, as a printed page would."""


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, its node, and the player's script and style."""
    app.add_node(
        animation,
        html=(visit_animation_html, depart_animation_html),
        latex=(visit_animation_latex, depart_animation_latex),
        text=(visit_animation_other, visit_animation_other),
    )
    app.add_directive("nnguide-animation", AnimationDirective)
    app.add_js_file("nnguide-animation.js", defer="defer")
    app.add_css_file("nnguide-animation.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
