"""nnguide's uses of other projects' internals: the one module to update when an upgrade breaks one.

The site relies on a few parts of sphinx-gallery, Sphinx and matplotlib that they offer neither as a
setting nor as documented API. Each use is one small function here, which first checks that the
part it relies on is there and as expected; if not, it raises :class:`UpstreamChange`, which stops
the build and names what changed and the function to update. Checked with sphinx-gallery 0.22.1,
Sphinx 8.2.3 and matplotlib 3.11 (``pyproject.toml`` bounds the versions; ``tests/test_internals.py``
builds a tiny gallery through this module and shows each guard firing).

sphinx-gallery (none of these has a setting):

- its interface text, English reST in the template constants ``gen_rst.TIMING_CONTENT``,
  ``SPHX_GLR_SIG``, ``CODE_DOWNLOAD``, ``NOTEBOOK_DOWNLOAD``, ``ZIP_DOWNLOAD``, ``EXAMPLE_HEADER``,
  ``gen_gallery.SPHX_GLR_SIG``, ``downloads.CODE_ZIP_DOWNLOAD`` and ``NOTEBOOK_ZIP_DOWNLOAD``: each
  phrase of :data:`GALLERY_PHRASES` goes through the site's message catalogue
  (:func:`translated_template`), since sphinx-gallery has no catalogue of its own;
- ``backreferences.THUMBNAIL_TEMPLATE``: the gallery's thumbnails get their chapter's title as alt
  text, which sphinx-gallery leaves empty (:func:`with_thumbnail_alt`);
- ``gen_rst.ZIP_DOWNLOAD``: every chapter's download area also offers the nnguide wheel
  (:func:`with_wheel_download`);
- the execution-times pages it writes (``sg_execution_times.rst``): their CDN stylesheets and
  scripts go, so that the site makes no request off the machine (:func:`offline_execution_times`);
  their text goes through the catalogue (:func:`translated_execution_times`); their memory column,
  always 0.0 (``show_memory`` is off), shows each chapter's time budget instead
  (:func:`execution_times_with_column`);
- ``<script>.md5`` in the gallery folder, its cache of a chapter's last run: deleted so that a
  chapter runs again when the nnguide code it imports changes, since sphinx-gallery only knows the
  script's own hash (:func:`forget_last_run`);
- ``<name>.cost.json``, where it keeps an example's last running time: read for the time budgets
  (:func:`last_run_seconds`);
- its notebooks hold one Markdown cell per text block of the example, in order: rebuilt from the
  example's text by ``clean_downloads.py`` (:func:`notebook_text_cells`);
- its matplotlib scraper saves each figure with ``Figure.savefig``, through which each figure's
  PNGs get their own metadata (:func:`savefig_metadata`), and writes one ``:alt:`` option per
  figure, which becomes the figure's label (:func:`with_alt_texts`).

matplotlib:

- ``Animation._fig``, the figure an animation draws: no public accessor (:func:`animated_figure`);
- ``Figure._suptitle``, ``_supxlabel`` and ``_supylabel``, the text artists of a figure's super
  labels, for the layout checks; the public getters return only their strings (:func:`super_labels`).

Sphinx:

- ``StandaloneHTMLBuilder.indexer``, ``render_partial`` and ``IndexBuilder.feed``, with which
  Sphinx indexes a page it writes, and ``IndexDomain.entries``: an incremental build feeds the
  pages with index entries to the search index again (:func:`pages_with_index_entries`,
  :func:`feed_search_index`); Sphinx offers no public way to add to the index;
- ``sphinx.pycode.ModuleAnalyzer``, which gives viewcode its tags, for a module's translated source
  (:func:`module_code`, :func:`source_tags`), and ``sphinx.ext.viewcode.OUTPUT_DIRNAME``, the
  folder of its pages (:func:`viewcode_pages_folder`);
- ``sphinx.directives.code.LiteralIncludeReader``: a notebook shows a ``literalinclude`` as the page
  does (:func:`read_literal_include`);
- ``sphinx.ext.autosummary.autosummary_table``, the node of an autosummary table: its API parts
  are marked as English on the Chinese site (:func:`autosummary_tables`);
- its Chinese search's ``init``, which loads ``JIEBA_DEFAULT_DICT`` unless the ``dict`` option is
  an empty path: nnguide loads its user dictionary itself, from a file it closes again
  (:func:`without_user_dictionary`);
- ``Documentation.addTranslations`` of its ``doctools.js``, with which its ``translations.js``
  gives the search page its messages: the site's catalogue adds the messages Sphinx's own lacks
  (:func:`script_translations`);
- the EPUB 3 builder's package document (``templates/epub3/content.opf.jinja``), whose manifest
  gives its items no ``properties``: the EPUB marks its pages that hold MathML
  (:func:`declare_mathml`);
- the order of its events' handlers by priority, against sphinx-gallery's own handlers:
  ``example_runs`` forgets stale runs at ``builder-inited`` priority 1, before sphinx-gallery runs
  the chapters (500); ``clean_downloads`` rewrites the downloads after them (900); a download
  newer than its page makes Sphinx read the page again, so downloads keep their example's time
  (``clean_downloads._date_from``; ``tests/test_rebuild.py`` builds twice and checks nothing is
  read again).

pydata-sphinx-theme: nothing; its settings are public (``html_theme_options``), and the text it
writes from them goes through the catalogue in Sphinx's template context (``site_languages.py``).

jieba: ``jieba.re_han_default``, the text one word of its dictionary may hold
(:func:`jieba_word_pattern`). sphinx-mathjax-offline: the folder of MathJax's files inside the
distribution, which has no importable name (:func:`mathjax_source`).

The search page's uses of Sphinx's JavaScript internals (``Search._index``, its terms search, its
summaries) live in ``sphinx_search_internals.js``, which the splitter and the scorer ask.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import importlib.metadata
import inspect
import json
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from docutils.utils import column_width
from matplotlib.animation import Animation
from matplotlib.figure import Figure
from matplotlib.text import Text
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

Translate = Callable[[str], str]
"""A message in the build's language: Sphinx's catalogue lookup (the message itself in English)."""


class UpstreamChange(ExtensionError):
    """A part of another project that nnguide relies on is gone or works differently."""

    def __init__(self, what: str, adapter: Callable[..., object]) -> None:
        super().__init__(
            f"{what}: update {adapter.__name__}() in docs/_ext/internals.py, where nnguide keeps "
            "its uses of other projects' internals."
        )


def _attribute(module: str, name: str, adapter: Callable[..., object]) -> Any:
    """``module.name``, or :class:`UpstreamChange` naming ``adapter`` when it is gone."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        msg = f"{module} no longer has {name}"
        raise UpstreamChange(msg, adapter) from None


# -- sphinx-gallery's templates ------------------------------------------------------------------

GALLERY_PHRASES: dict[str, tuple[str, ...]] = {
    "gen_rst.TIMING_CONTENT": (
        "**Total running time of the script:** ({0:.0f} minutes {1:.3f} seconds)",
    ),
    "gen_rst.SPHX_GLR_SIG": ("Gallery generated by Sphinx-Gallery",),
    "gen_rst.CODE_DOWNLOAD": ("Download {1} source code: {0}",),
    "gen_rst.NOTEBOOK_DOWNLOAD": ("Download Jupyter notebook: {0}",),
    "gen_rst.ZIP_DOWNLOAD": ("Download zipped: {0}",),
    # a link to the page's end, then {2}: the Binder/JupyterLite invitation, or "." (as here)
    "gen_rst.EXAMPLE_HEADER": ("Go to the end", "to download the full example code{2}"),
    "gen_gallery.SPHX_GLR_SIG": ("Gallery generated by Sphinx-Gallery",),
    # {0}: sphinx-gallery's English "in Python" (every example is a .py file), see FILLED_FIELDS
    "downloads.CODE_ZIP_DOWNLOAD": ("Download all examples {0} source code: {1}",),
    "downloads.NOTEBOOK_ZIP_DOWNLOAD": ("Download all examples in Jupyter notebooks: {0}",),
}
"""sphinx-gallery's English phrases, by template (``module.CONSTANT``), each a msgid of the site's
catalogue: the text the reader sees, without the markup around it (a link's text is a phrase of
its own). ``{0}``... are the template's ``str.format`` fields."""

FILLED_FIELDS = {
    "Download all examples {0} source code: {1}": "Download all examples in Python source code: {1}",
}
"""Phrases whose field sphinx-gallery fills with English words of its own: the msgid says those
words, so that they are translated with the rest (its ``.format`` ignores the unused field)."""

THUMBNAIL_TEMPLATE = "backreferences.THUMBNAIL_TEMPLATE"
ZIP_DOWNLOAD = "gen_rst.ZIP_DOWNLOAD"
_ORIGINAL_TEMPLATES: dict[str, str] = {}
"""Each template as sphinx-gallery wrote it, kept the first time it is adapted: each build of the
process (a test builds several) adapts the original for its own language."""


def _template(name: str, adapter: Callable[..., object]) -> Any:
    """The template ``module.CONSTANT`` of sphinx-gallery, as it stands."""
    module, constant = name.split(".")
    return _attribute(f"sphinx_gallery.{module}", constant, adapter)


def _original_template(name: str) -> str:
    text = _template(name, adapt_gallery_templates)
    if not isinstance(text, str):
        msg = f"sphinx_gallery.{name} is no longer a template (a str)"
        raise UpstreamChange(msg, adapt_gallery_templates)
    return _ORIGINAL_TEMPLATES.setdefault(name, text)


def translated_template(name: str, template: str, phrase: str, translate: Translate) -> str:
    """``template`` (sphinx-gallery's ``name``) with ``phrase`` translated.

    >>> translated_template("x", ":ref:`Top <{0}>`", "Top", lambda message: "顶部")
    ':ref:`顶部 <{0}>`'
    """
    if phrase not in template:
        msg = f"sphinx-gallery's {name} no longer says {phrase!r}"
        raise UpstreamChange(msg, translated_template)
    return template.replace(phrase, translate(FILLED_FIELDS.get(phrase, phrase)))


def with_thumbnail_alt(template: str) -> str:
    """The gallery's thumbnail template with the example's title as the image's alt text."""
    empty = "  .. image:: /{thumbnail}\n    :alt:\n"
    if empty not in template:
        msg = "sphinx-gallery's THUMBNAIL_TEMPLATE no longer has an empty :alt: on its image"
        raise UpstreamChange(msg, with_thumbnail_alt)
    return template.replace(empty, "  .. image:: /{thumbnail}\n    :alt: {title}\n")


def with_wheel_download(template: str, rst: str) -> str:
    """A chapter's zip download template followed by a download of its own holding ``rst``."""
    if ".. container:: sphx-glr-download sphx-glr-download-zip" not in template:
        msg = "sphinx-gallery's ZIP_DOWNLOAD no longer holds the zip's download container"
        raise UpstreamChange(msg, with_wheel_download)
    # the template is filled with str.format: the braces of rst stay as they are
    escaped = rst.replace("{", "{{").replace("}", "}}")
    return (
        f"{template}\n    .. container:: sphx-glr-download sphx-glr-download-nnguide-wheel\n\n"
        f"      {escaped}\n"
    )


def adapt_gallery_templates(translate: Translate, wheel_download: str) -> None:
    """Set sphinx-gallery's templates for this build, from their originals.

    Every phrase of :data:`GALLERY_PHRASES` is translated, the thumbnails get alt text, and every
    chapter's download area ends with ``wheel_download`` (reST). Call it once the build's catalogue
    is loaded (``config-inited``) and before sphinx-gallery writes its pages (``builder-inited``).
    """
    adapted = {}
    for name, phrases in GALLERY_PHRASES.items():
        text = _original_template(name)
        for phrase in phrases:
            text = translated_template(name, text, phrase, translate)
        adapted[name] = text
    adapted[ZIP_DOWNLOAD] = with_wheel_download(adapted[ZIP_DOWNLOAD], wheel_download)
    adapted[THUMBNAIL_TEMPLATE] = with_thumbnail_alt(_original_template(THUMBNAIL_TEMPLATE))
    for name, text in adapted.items():
        module, constant = name.split(".")
        setattr(importlib.import_module(f"sphinx_gallery.{module}"), constant, text)


def gallery_templates() -> dict[str, str]:
    """sphinx-gallery's templates that nnguide adapts, as they stand, by ``module.CONSTANT``."""
    names = [*GALLERY_PHRASES, THUMBNAIL_TEMPLATE]
    return {name: str(_template(name, gallery_templates)) for name in names}


# -- sphinx-gallery's execution-times pages -----------------------------------------------------

EXECUTION_TIMES_PAGE = "sg_execution_times"
"""The page name of sphinx-gallery's execution-times pages (in the root and in each gallery)."""
COMPUTATION_TIMES = "Computation times"
TOTAL_TIME = {
    "files": "**{time}** total execution time for {count} files **from {where}**:",
    "file": "**{time}** total execution time for {count} file **from {where}**:",
}
ALL_GALLERIES = "all galleries"
TABLE_HEADER = ("Example", "Time")
EXECUTION_TIMES_PHRASES = (COMPUTATION_TIMES, *TOTAL_TIME.values(), ALL_GALLERIES, *TABLE_HEADER)
"""The English phrases of the execution-times pages, each a msgid of the site's catalogue."""
_TOTAL_LINE = re.compile(
    r"^\*\*(?P<time>[^*\n]+)\*\* total execution time for (?P<count>\d+) (?P<files>files?) "
    r"\*\*from (?P<where>[^*\n]+)\*\*:$",
    re.MULTILINE,
)
_HEADER_ROW = "   * - {0}\n     - {1}\n"
_MEMORY_HEADER = re.compile(r"(?P<cells>   \* - [^\n]*\n     - [^\n]*\n)     - Mem \(MB\)\n")
# a row per example: its reference with its file in ``...``, its time, and its memory
_EXAMPLE_ROW = re.compile(
    r"(?P<cells>   \* - [^\n]*\(``(?P<example>[^`]+)``\)\n     - [^\n]*\n)     - [^\n]*\n"
)


def is_execution_times_page(docname: str) -> bool:
    """Whether ``docname`` is one of sphinx-gallery's execution-times pages.

    >>> is_execution_times_page("auto_examples/sg_execution_times"), is_execution_times_page("api")
    (True, False)
    """
    return docname.rsplit("/", maxsplit=1)[-1] == EXECUTION_TIMES_PAGE


def offline_execution_times(text: str, docname: str) -> str:
    """An execution-times page without the CDN stylesheets and scripts of its sortable table."""
    offline = re.sub(r"  \.\. raw:: html\n\n(?:    .*\n|\n)*?(?=  \.\. list-table::)", "", text)
    if "http" in offline.split(".. list-table::")[0]:
        msg = f"{docname}: sphinx-gallery's execution-times page still links to a CDN"
        raise UpstreamChange(msg, offline_execution_times)
    return offline


def translated_execution_times(text: str, docname: str, translate: Translate) -> str:
    """An execution-times page with its title, total and table header translated."""
    title = f"{COMPUTATION_TIMES}\n{'=' * len(COMPUTATION_TIMES)}\n"
    total = _TOTAL_LINE.search(text)
    header = _HEADER_ROW.format(*TABLE_HEADER)
    if title not in text or total is None or (".. list-table::" in text and header not in text):
        msg = f"{docname}: sphinx-gallery's execution-times page reads differently"
        raise UpstreamChange(msg, translated_execution_times)
    heading = translate(COMPUTATION_TIMES)
    where = translate(ALL_GALLERIES) if total["where"] == ALL_GALLERIES else total["where"]
    line = translate(TOTAL_TIME[total["files"]]).format(
        time=total["time"], count=total["count"], where=where
    )
    return (
        text.replace(title, f"{heading}\n{'=' * column_width(heading)}\n")
        .replace(total[0], line)
        .replace(header, _HEADER_ROW.format(*map(translate, TABLE_HEADER)))
    )


def execution_times_with_column(
    text: str, docname: str, header: str, cell: Callable[[str], str]
) -> str:
    """An execution-times page whose memory column says ``header`` and ``cell(example)`` instead.

    ``example`` is a row's script name (``plot_01_perceptron.py``); an empty cell stays empty.
    """
    if ".. list-table::" not in text:
        return text  # no example ran yet
    if _MEMORY_HEADER.search(text) is None:
        msg = f"{docname}: sphinx-gallery's execution-times table has no memory column"
        raise UpstreamChange(msg, execution_times_with_column)

    def row_with_cell(row: re.Match[str]) -> str:
        value = cell(Path(row["example"]).name)
        return row["cells"] + (f"     - {value}\n" if value else "     -\n")

    text = _MEMORY_HEADER.sub(lambda row: f"{row['cells']}     - {header}\n", text, count=1)
    return _EXAMPLE_ROW.sub(row_with_cell, text)


# -- sphinx-gallery's files ---------------------------------------------------------------------


def _check_run_cache() -> None:
    """Check that sphinx-gallery takes a script's last run from ``<script>.md5``, beside it."""
    from sphinx_gallery.gen_rst import md5sum_is_current  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder, "plot_check.py")
        script.write_text("x = 1\n", encoding="utf-8")
        cache = Path(f"{script}.md5")
        cache.write_text(hashlib.md5(script.read_bytes(), usedforsecurity=False).hexdigest())
        current = md5sum_is_current(script)
        cache.write_text("0" * 32)
        if not current or md5sum_is_current(script):
            msg = "sphinx-gallery no longer caches a script's last run in <script>.md5"
            raise UpstreamChange(msg, forget_last_run)


def forget_last_run(gallery: Path, script: str) -> bool:
    """Make sphinx-gallery run ``script`` again; return whether it had a run to forget."""
    _check_run_cache()
    cache = gallery / f"{script}.md5"
    if not cache.exists():
        return False
    cache.unlink()
    return True


def last_run_seconds(gallery: Path) -> dict[str, float]:
    """Each example's last running time in seconds, by script name, as sphinx-gallery measured it."""
    seconds = {}
    for cost in sorted(gallery.glob("*.cost.json")):
        try:
            seconds[cost.name.removesuffix(".cost.json") + ".py"] = float(
                json.loads(cost.read_text(encoding="utf-8"))["time"]
            )
        except (KeyError, TypeError, ValueError):
            msg = f"{cost} holds no running time ('time')"
            raise UpstreamChange(msg, last_run_seconds) from None
    for run in sorted(gallery.glob("*.py.md5")):  # a run that sphinx-gallery recorded
        if run.name.removesuffix(".md5") not in seconds:
            msg = f"sphinx-gallery recorded a run in {run.name} but no time in a .cost.json"
            raise UpstreamChange(msg, last_run_seconds)
    return seconds


def notebook_text_cells(
    notebook: Mapping[str, Any], text_blocks: int, path: Path
) -> list[dict[str, Any]]:
    """The Markdown cells of sphinx-gallery's notebook, one per text block of its example."""
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    if len(cells) != text_blocks:
        msg = f"{path} has {len(cells)} Markdown cells for {text_blocks} text blocks"
        raise UpstreamChange(msg, notebook_text_cells)
    return cells


# -- sphinx-gallery's matplotlib scraper --------------------------------------------------------


@contextmanager
def savefig_metadata(metadata: Mapping[Figure, Mapping[str, str]]) -> Iterator[None]:
    """While it lasts, each figure of ``metadata`` saves its PNGs with its own metadata.

    sphinx-gallery's scraper saves every figure with the same keywords; it calls each figure's
    ``savefig``, which is wrapped here. On leaving, each figure must have been saved.
    """
    saved: set[Figure] = set()

    def saving_with(fig: Figure, data: Mapping[str, str]) -> Callable[..., Any]:
        save = fig.savefig

        def save_with_metadata(*args: Any, **kwargs: Any) -> Any:
            saved.add(fig)
            return save(*args, **{"metadata": dict(data), **kwargs})

        return save_with_metadata

    for fig, data in metadata.items():
        fig.savefig = saving_with(fig, data)  # type: ignore[method-assign]
    try:
        yield
    finally:
        for fig in metadata:
            vars(fig).pop("savefig", None)
    if set(metadata) - saved:
        msg = "sphinx-gallery's matplotlib_scraper no longer saves each figure with Figure.savefig"
        raise UpstreamChange(msg, savefig_metadata)


_ALT_OPTION = re.compile(r"^(\s*:alt:)[^\n]*$", re.MULTILINE)


def with_alt_texts(rst: str, alts: list[str]) -> str:
    """sphinx-gallery's reST of the figures with ``alts`` as their alt texts, in order."""
    found = _ALT_OPTION.findall(rst)
    if len(found) != len(alts):
        msg = f"sphinx-gallery's scraper wrote {len(found)} alt texts for {len(alts)} figures"
        raise UpstreamChange(msg, with_alt_texts)
    replacements = iter(alts)
    return _ALT_OPTION.sub(lambda match: f"{match.group(1)} {next(replacements)}", rst)


# -- matplotlib ---------------------------------------------------------------------------------


def animated_figure(animation: Animation) -> Figure:
    """The figure that ``animation`` draws."""
    fig = getattr(animation, "_fig", None)
    if not isinstance(fig, Figure):
        msg = "matplotlib's Animation no longer keeps its figure as _fig"
        raise UpstreamChange(msg, animated_figure)
    return fig


def super_labels(fig: Figure) -> list[tuple[str, Text]]:
    """The text artists of ``fig``'s suptitle, supxlabel and supylabel that it has, by name."""
    found = []
    for name in ("suptitle", "supxlabel", "supylabel"):
        text = getattr(fig, f"_{name}", None)
        said = getattr(fig, f"get_{name}")()  # public, but only the string
        if text is None and not said:
            continue
        if not isinstance(text, Text) or text.get_text() != said:
            msg = f"matplotlib's Figure no longer keeps its {name} as _{name}"
            raise UpstreamChange(msg, super_labels)
        found.append((name, text))
    return found


# -- Sphinx -------------------------------------------------------------------------------------


def pages_with_index_entries(env: BuildEnvironment) -> list[str]:
    """The pages that hold index entries (the glossary's terms, the API's objects)."""
    entries = getattr(env.get_domain("index"), "entries", None)
    if not isinstance(entries, Mapping):
        msg = "Sphinx's IndexDomain no longer keeps each page's entries in .entries"
        raise UpstreamChange(msg, pages_with_index_entries)
    return sorted(docname for docname, page_entries in entries.items() if page_entries)


FEED_PARAMETERS = ["docname", "filename", "title", "doctree"]


def feed_search_index(app: Sphinx, docname: str) -> None:
    """Index ``docname`` again, as Sphinx indexes a page it writes (``index_page``)."""
    indexer = getattr(app.builder, "indexer", feed_search_index)
    if indexer is feed_search_index:
        msg = "Sphinx's HTML builder no longer keeps its search index in .indexer"
        raise UpstreamChange(msg, feed_search_index)
    if indexer is None:
        return  # search is off
    feed = getattr(indexer, "feed", None)
    render_partial = getattr(app.builder, "render_partial", None)
    if (
        not callable(feed)
        or not callable(render_partial)
        or list(inspect.signature(feed).parameters) != FEED_PARAMETERS
    ):
        msg = "Sphinx's IndexBuilder.feed or HTML builder's render_partial has changed"
        raise UpstreamChange(msg, feed_search_index)
    env = app.env
    title = render_partial(env.titles[docname])["title"]
    feed(docname, env.doc2path(docname, False), title, env.get_doctree(docname))


def module_code(modname: str) -> str:
    """The source code of the module ``modname``, as viewcode reads it."""
    analyzer = _attribute("sphinx.pycode", "ModuleAnalyzer", module_code)
    return str(analyzer.for_module(modname).code)


def source_tags(source: str, modname: str) -> dict[str, tuple[str, int, int]]:
    """viewcode's tags of ``source`` (module ``modname``): each object's kind, first and last line."""
    analyzer = _attribute("sphinx.pycode", "ModuleAnalyzer", source_tags)
    tags: dict[str, tuple[str, int, int]] = analyzer.for_string(source, modname).find_tags()
    return tags


def viewcode_pages_folder() -> str:
    """The folder of the built site that holds viewcode's source pages (``_modules``)."""
    return str(_attribute("sphinx.ext.viewcode", "OUTPUT_DIRNAME", viewcode_pages_folder))


def read_literal_include(path: Path, options: Mapping[str, Any]) -> str:
    """The code that ``literalinclude`` shows of ``path`` with ``options`` (typed as its own)."""
    reader = _attribute("sphinx.directives.code", "LiteralIncludeReader", read_literal_include)
    code, _lines = reader(str(path), dict(options), Config()).read()  # default encoding
    return str(code)


def autosummary_tables(document: nodes.document) -> Iterator[nodes.Element]:
    """The tables of ``autosummary`` in ``document`` (their node class is not documented)."""
    table = _attribute("sphinx.ext.autosummary", "autosummary_table", autosummary_tables)
    return iter(document.findall(table))


STATIC = Path(inspect.getfile(Sphinx)).parent / "themes" / "basic" / "static"


def script_translations(catalogue: Mapping[str, Any]) -> str:
    """A script that adds ``catalogue`` (``locale``, ``plural_expr``, ``messages``) to the page's
    translations, as Sphinx's ``translations.js`` adds its own: through ``doctools.js``'s
    ``Documentation.addTranslations``, which Sphinx does not document."""
    doctools = (STATIC / "doctools.js").read_text(encoding="utf-8")
    if "addTranslations: (catalog) =>" not in doctools:
        msg = "Sphinx's doctools.js no longer defines Documentation.addTranslations(catalog)"
        raise UpstreamChange(msg, script_translations)
    return f"Documentation.addTranslations({json.dumps(catalogue, ensure_ascii=False)});"


def without_user_dictionary(options: Mapping[str, str]) -> dict[str, str]:
    """Options for Sphinx's Chinese search with which it loads no jieba dictionary itself.

    Without a ``dict`` option it would load ``JIEBA_DEFAULT_DICT`` (jieba's own dictionary,
    again, as a user dictionary, leaving the file open); an empty path loads nothing. Neither is
    documented.
    """
    _attribute("sphinx.search.zh", "JIEBA_DEFAULT_DICT", without_user_dictionary)
    return {**options, "dict": ""}


# -- jieba and sphinx-mathjax-offline ---------------------------------------------------------------


def jieba_word_pattern() -> re.Pattern[str]:
    """jieba's pattern for the text a dictionary word may hold (``jieba.re_han_default``): a
    glossary term outside it cannot be one word of its user dictionary."""
    pattern = _attribute("jieba", "re_han_default", jieba_word_pattern)
    if not isinstance(pattern, re.Pattern):
        msg = "jieba.re_han_default is no longer a compiled pattern"
        raise UpstreamChange(msg, jieba_word_pattern)
    return pattern


def mathjax_source(entry: str) -> Path:
    """The folder of MathJax files that ``sphinx-mathjax-offline`` ships, which holds ``entry``
    (its top-level folder has a hyphen in its name: it is found through its metadata)."""
    try:
        dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    except importlib.metadata.PackageNotFoundError:
        msg = "MathJax is served locally from sphinx-mathjax-offline: `pip install sphinx-mathjax-offline`."
        raise ExtensionError(msg) from None
    folder = Path(str(dist.locate_file("sphinx-mathjax-offline/static/mathjax")))
    if not (folder / entry).is_file():
        msg = f"sphinx-mathjax-offline no longer has {entry} in {folder}"
        raise UpstreamChange(msg, mathjax_source)
    return folder


def declare_mathml(opf: Path, pages: list[str]) -> None:
    """Mark ``pages`` (paths in the EPUB) as holding MathML in the package document ``opf``.

    Sphinx writes each page's manifest item as ``<item id=… href="<page>"
    media-type="application/xhtml+xml" />``, with no way to add EPUB 3's ``properties``.
    """
    text = opf.read_text(encoding="utf-8")
    for page in pages:
        item = f'href="{html.escape(quote(page))}" media-type="application/xhtml+xml" />'
        if text.count(item) != 1:
            msg = f"Sphinx's content.opf no longer lists {page} as {item!r}"
            raise UpstreamChange(msg, declare_mathml)
        text = text.replace(item, item[: -len(" />")] + ' properties="mathml" />')
    opf.write_text(text, encoding="utf-8")
