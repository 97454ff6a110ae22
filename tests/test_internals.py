"""internals.py: a tiny real gallery builds through it, in English and Chinese, and each of its
guards stops the build, naming the function to update, when the part of sphinx-gallery, Sphinx or
matplotlib it relies on changes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import example_runs
import gallery_text
import internals
import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
import sphinx.locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from docutils import nodes
from figure_scraper import SMALLEST_TEXT_KEY
from internals import UpstreamChange
from matplotlib.animation import FuncAnimation
from PIL import Image
from site_facts import DOCS
from sphinx_gallery import backreferences, gen_rst

mpl.use("Agg")
CATALOGUE = DOCS / "locales" / "zh_CN" / "LC_MESSAGES" / "sphinx.po"
MESSAGES = [
    *(
        internals.FILLED_FIELDS.get(phrase, phrase)
        for phrases in internals.GALLERY_PHRASES.values()
        for phrase in phrases
    ),
    *internals.EXECUTION_TIMES_PHRASES,
    gallery_text.WHEEL_DOWNLOAD,
    example_runs.BUDGET_HEADER,
    example_runs.OVER_BUDGET,
]
"""Every message the gallery's adaptation looks up in the catalogue."""


def untranslated(catalogue: Path) -> list[str]:
    """The messages of ``MESSAGES`` that ``catalogue`` does not translate."""
    with catalogue.open("rb") as file:
        entries = read_po(file)
    translated = {entry.id for entry in entries if entry.string}
    return [message for message in MESSAGES if message not in translated]


def test_the_chinese_catalogue_translates_every_message_of_the_gallery(tmp_path: Path) -> None:
    assert untranslated(CATALOGUE) == []
    # a catalogue without one of them is caught
    missing = tmp_path / "sphinx.po"
    text = CATALOGUE.read_text(encoding="utf-8")
    missing.write_text(text.replace('msgid "Budget"\nmsgstr "预算"\n', ""), encoding="utf-8")
    assert untranslated(missing) == ["Budget"]


@pytest.fixture
def chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], str]:
    """Sphinx's translation (``sphinx.locale._``) from the Chinese site's catalogue, for this test."""
    folder = tmp_path / "locales" / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with CATALOGUE.open("rb") as po, (folder / "sphinx.mo").open("wb") as mo:
        write_mo(mo, read_po(po))
    monkeypatch.setattr(sphinx.locale, "translators", {})  # Sphinx keeps one per process
    sphinx.locale.init([tmp_path / "locales"], "zh_CN")
    return gallery_text.translate


@pytest.fixture
def pristine_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """sphinx-gallery's templates as they are now, put back after the test; adapted afresh."""
    for name in internals.gallery_templates():
        module, constant = name.split(".")
        module_object = sys.modules[f"sphinx_gallery.{module}"]
        monkeypatch.setattr(module_object, constant, getattr(module_object, constant))
    monkeypatch.setattr(internals, "_ORIGINAL_TEMPLATES", {})


@pytest.mark.usefixtures("pristine_templates")
def test_each_build_adapts_the_original_templates_in_its_own_language(
    chinese: Callable[[str], str],
) -> None:
    english = dict(internals.gallery_templates())
    internals.adapt_gallery_templates(chinese, ":nnguide-wheel:`下载 {wheel}`")
    assert "下载 Jupyter 笔记本：{0} <{0}>" in gen_rst.NOTEBOOK_DOWNLOAD
    # the link's text and the sentence after it, whose {2} (a mere ".") Chinese leaves out
    assert ":ref:`跳到页尾 <sphx_glr_download_{1}>`\n        下载完整示例代码。\n" in (
        gen_rst.EXAMPLE_HEADER
    )
    assert "      :nnguide-wheel:`下载 {{wheel}}`\n" in gen_rst.ZIP_DOWNLOAD  # str.format's braces
    assert "    :alt: {title}\n" in backreferences.THUMBNAIL_TEMPLATE
    # the next build of the process (English: no catalogue) starts again from the originals
    internals.adapt_gallery_templates(str, ":nnguide-wheel:`{wheel}`")
    adapted = internals.gallery_templates()
    for name in set(internals.GALLERY_PHRASES) - {internals.ZIP_DOWNLOAD}:
        expected = english[name]
        for phrase, msgid in internals.FILLED_FIELDS.items():
            expected = expected.replace(phrase, msgid)  # the field's English, said in full
        assert adapted[name] == expected, name
    assert adapted[internals.ZIP_DOWNLOAD].count("nnguide-wheel") == 2  # its class and its role


CHANGED_TEMPLATES = [
    # (template, how sphinx-gallery might change it, the adapter the build names)
    ("ZIP_DOWNLOAD", lambda text: text.replace("download-zip", "zip"), "with_wheel_download"),
    ("CODE_DOWNLOAD", lambda text: text.replace("Download", "Get"), "translated_template"),
    ("EXAMPLE_HEADER", lambda text: text.replace("Go to", "Jump to"), "translated_template"),
    ("THUMBNAIL_TEMPLATE", lambda text: text.replace(":alt:\n", ":alt: \n"), "with_thumbnail_alt"),
]


@pytest.mark.usefixtures("pristine_templates")
@pytest.mark.parametrize(("constant", "change", "adapter"), CHANGED_TEMPLATES)
def test_a_changed_template_stops_the_build_naming_the_function_to_update(
    monkeypatch: pytest.MonkeyPatch, constant: str, change: Callable[[str], str], adapter: str
) -> None:
    module = backreferences if constant == "THUMBNAIL_TEMPLATE" else gen_rst
    monkeypatch.setattr(module, constant, change(getattr(module, constant)))
    with pytest.raises(UpstreamChange, match=rf"update {adapter}\(\) in docs/_ext/internals\.py"):
        internals.adapt_gallery_templates(str, ":nnguide-wheel:`{wheel}`")


EXECUTION_TIMES = """
:orphan:

.. _sphx_glr_sg_execution_times:


Computation times
=================
**00:33.000** total execution time for 2 files **from all galleries**:

.. container::

  .. raw:: html

    <script src="https://code.jquery.com/jquery-3.7.0.js"></script>

  .. list-table::
   :header-rows: 1
   :class: table table-striped sg-datatable

   * - Example
     - Time
     - Mem (MB)
   * - :ref:`sphx_glr_auto_examples_plot_05_mnist.py` (``../examples/plot_05_mnist.py``)
     - 00:30.000
     - 0.0
"""


def test_the_execution_times_page_goes_offline_and_into_the_page_language(
    chinese: Callable[[str], str],
) -> None:
    offline = internals.offline_execution_times(EXECUTION_TIMES, "sg_execution_times")
    assert "http" not in offline
    page = internals.translated_execution_times(offline, "sg_execution_times", chinese)
    # as the Chinese site has always said it; the underline is as wide as the title
    assert "\n运行时间\n========\n**00:33.000** ：运行 2 个文件，**来自 全部示例集**:\n" in page
    assert "   * - 示例\n     - 时间\n     - Mem (MB)\n" in page
    assert internals.translated_execution_times(offline, "sg_execution_times", str) == offline
    with pytest.raises(UpstreamChange, match=r"update translated_execution_times\(\)"):
        internals.translated_execution_times(
            offline.replace("total execution time", "in total"), "sg_execution_times", str
        )
    with pytest.raises(UpstreamChange, match=r"update offline_execution_times\(\)"):
        internals.offline_execution_times(
            EXECUTION_TIMES.replace("  .. raw:: html", "  .. raw:: html5"), "sg_execution_times"
        )


def test_the_budget_column_replaces_the_memory_column(chinese: Callable[[str], str]) -> None:
    page = internals.execution_times_with_column(
        EXECUTION_TIMES, "sg_execution_times", chinese("Budget"), lambda example: f"[{example}]"
    )
    assert "     - Time\n     - 预算\n" in page
    assert "     - 00:30.000\n     - [plot_05_mnist.py]\n" in page
    with pytest.raises(UpstreamChange, match=r"update execution_times_with_column\(\)"):
        internals.execution_times_with_column(
            EXECUTION_TIMES.replace("Mem (MB)", "Memory"), "sg_execution_times", "", str
        )


def test_forgetting_a_run_fails_loudly_when_sphinx_gallery_caches_runs_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plot_99_demo.py.md5").write_text("cached")
    assert internals.forget_last_run(tmp_path, "plot_99_demo.py")
    assert not (tmp_path / "plot_99_demo.py.md5").exists()
    assert not internals.forget_last_run(tmp_path, "plot_99_demo.py")  # nothing to forget

    def cached_elsewhere(src_file: str, mode: str = "b") -> bool:
        return bool(src_file and mode)  # a newer sphinx-gallery with another cache

    monkeypatch.setattr(gen_rst, "md5sum_is_current", cached_elsewhere)
    with pytest.raises(UpstreamChange, match=r"update forget_last_run\(\)"):
        internals.forget_last_run(tmp_path, "plot_99_demo.py")


def test_a_run_without_its_time_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "plot_01_fast.cost.json").write_text('{"time": 3.0, "memory": 0}')
    (tmp_path / "plot_01_fast.py.md5").write_text("cached")
    assert internals.last_run_seconds(tmp_path) == {"plot_01_fast.py": 3.0}
    (tmp_path / "plot_02_slow.py.md5").write_text("cached")  # a run, and no .cost.json
    with pytest.raises(UpstreamChange, match=r"update last_run_seconds\(\)"):
        internals.last_run_seconds(tmp_path)
    (tmp_path / "plot_02_slow.cost.json").write_text('{"seconds": 3.0}')
    with pytest.raises(UpstreamChange, match=r"update last_run_seconds\(\)"):
        internals.last_run_seconds(tmp_path)


@pytest.fixture
def figure() -> Iterator[Any]:
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    yield fig
    plt.close("all")


def test_a_figure_saved_otherwise_than_with_savefig_stops_the_build(
    figure: Any, tmp_path: Path
) -> None:
    with internals.savefig_metadata({figure: {"nnguide:test": "recorded"}}):
        figure.savefig(tmp_path / "saved.png")
    with Image.open(tmp_path / "saved.png") as image:
        assert image.info["nnguide:test"] == "recorded"
    assert "savefig" not in vars(figure)  # the figure's own savefig again
    with (
        pytest.raises(UpstreamChange, match=r"update savefig_metadata\(\)"),
        internals.savefig_metadata({figure: {"nnguide:test": "recorded"}}),
    ):
        figure.canvas.print_figure(tmp_path / "printed.png")


def test_matplotlibs_private_names_are_checked_against_its_public_ones(
    figure: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    animation = FuncAnimation(figure, lambda _: [], frames=2)
    figure.canvas.draw()  # starts it, as a window would: matplotlib warns of one never drawn
    assert internals.animated_figure(animation) is figure
    figure.suptitle("Loss")
    assert [name for name, _ in internals.super_labels(figure)] == ["suptitle"]
    monkeypatch.setattr(figure, "_suptitle", None)  # a matplotlib that keeps it elsewhere
    monkeypatch.setattr(figure, "get_suptitle", lambda: "Loss")
    with pytest.raises(UpstreamChange, match=r"update super_labels\(\)"):
        internals.super_labels(figure)
    monkeypatch.delattr(animation, "_fig")
    with pytest.raises(UpstreamChange, match=r"update animated_figure\(\)"):
        internals.animated_figure(animation)


def test_the_other_guards_name_their_function(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UpstreamChange, match=r"update notebook_text_cells\(\)"):
        internals.notebook_text_cells({"cells": [{"cell_type": "code"}]}, 1, Path("x.ipynb"))
    with pytest.raises(UpstreamChange, match=r"update with_alt_texts\(\)"):
        internals.with_alt_texts(".. image-sg:: a.png\n   :alt: a\n", ["a", "b"])
    env = SimpleNamespace(get_domain=lambda _name: SimpleNamespace())
    with pytest.raises(UpstreamChange, match=r"update pages_with_index_entries\(\)"):
        internals.pages_with_index_entries(env)  # type: ignore[arg-type]
    app = SimpleNamespace(builder=SimpleNamespace())
    with pytest.raises(UpstreamChange, match=r"update feed_search_index\(\)"):
        internals.feed_search_index(app, "glossary")  # type: ignore[arg-type]
    app.builder.indexer = SimpleNamespace(feed=lambda _docname, _doctree: None)
    app.builder.render_partial = lambda _node: {"title": ""}
    with pytest.raises(UpstreamChange, match=r"update feed_search_index\(\)"):
        internals.feed_search_index(app, "glossary")  # type: ignore[arg-type]
    assert "def module_code" in internals.module_code("internals")
    assert internals.source_tags("def f():\n    pass\n", "m") == {"f": ("def", 1, 2)}
    assert internals.viewcode_pages_folder() == "_modules"
    monkeypatch.delattr("sphinx.pycode.ModuleAnalyzer")
    with pytest.raises(UpstreamChange, match=r"update module_code\(\)"):
        internals.module_code("internals")


def test_the_guards_of_sphinx_jieba_and_mathjax_name_their_function(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert internals.jieba_word_pattern().fullmatch("学习率")
    assert not internals.jieba_word_pattern().fullmatch("hidden layer")  # two words to jieba
    assert (internals.mathjax_source("tex-chtml.js") / "tex-chtml.js").is_file()
    with pytest.raises(UpstreamChange, match=r"update mathjax_source\(\)"):
        internals.mathjax_source("no-such-entry.js")
    assert internals.script_translations({"messages": {}}) == (
        'Documentation.addTranslations({"messages": {}});'
    )
    (tmp_path / "doctools.js").write_text("const Documentation = {};\n", encoding="utf-8")
    monkeypatch.setattr(internals, "STATIC", tmp_path)  # a Sphinx whose doctools.js changed
    with pytest.raises(UpstreamChange, match=r"update script_translations\(\)"):
        internals.script_translations({"messages": {}})
    assert internals.without_user_dictionary({"dict": "terms.txt"}) == {"dict": ""}
    monkeypatch.delattr("sphinx.search.zh.JIEBA_DEFAULT_DICT")
    with pytest.raises(UpstreamChange, match=r"update without_user_dictionary\(\)"):
        internals.without_user_dictionary({})
    monkeypatch.delattr("jieba.re_han_default")
    with pytest.raises(UpstreamChange, match=r"update jieba_word_pattern\(\)"):
        internals.jieba_word_pattern()
    monkeypatch.delattr("sphinx.ext.autosummary.autosummary_table")
    with pytest.raises(UpstreamChange, match=r"update autosummary_tables\(\)"):
        internals.autosummary_tables(nodes.document(None, None))  # type: ignore[arg-type]


# -- a tiny gallery, built through the adapter ----------------------------------------------------

CHAPTER = '''
"""
A tiny chapter
==============

It draws one line.
"""

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
ax.plot([0.1, 0.9], [0.2, 0.8])
ax.set(title="A rising line", xlabel="input", ylabel="output")
fig.set_label("A line rising from 0.2 to 0.8")

# %%
# Then it grows, in two steps.

from matplotlib.animation import FuncAnimation

fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
ax.set(title="A growing line", xlabel="input", ylabel="output", xlim=(0, 1), ylim=(0, 1))
(line,) = ax.plot([], [])


def grow(step):
    line.set_data([0.1, 0.3 + 0.3 * step], [0.2, 0.4 + 0.2 * step])
    return (line,)


animation = FuncAnimation(fig, grow, frames=2)
grow(1)
fig.set_label("A line growing from 0.1 to 0.6 in two steps")
'''

CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = [
    "gallery_text", "example_runs", "sphinx_gallery.gen_gallery", "wheel_download", "animations"
]
language = {language!r}
locale_dirs = ["locales"]
release = "1.0"
nnguide_wheel_dir = {wheels!r}
html_theme = "basic"
sphinx_gallery_conf = {{
    "examples_dirs": {examples!r},
    "gallery_dirs": "auto_examples",
    "filename_pattern": "/plot_",
    "image_scrapers": ("figure_scraper.checked_matplotlib_scraper",),
    "matplotlib_animations": False,
    "image_srcset": ["2x"],
    "min_reported_time": 0,
}}
"""


def build_gallery(folder: Path, language: str, ext: Path = DOCS / "_ext") -> Path:
    """Build a site of one chapter with nnguide's gallery extensions; return its HTML folder."""
    source = folder / "source"
    (source / "locales").mkdir(parents=True)
    shutil.copytree(CATALOGUE.parents[2], source / "locales", dirs_exist_ok=True)
    (source / "wheels").mkdir()
    (source / "wheels" / "nnguide-1.0-py3-none-any.whl").write_bytes(b"")
    examples = folder / "examples"
    examples.mkdir()
    (examples / "README.rst").write_text("Chapters\n========\n")
    (examples / "plot_01_tiny.py").write_text(textwrap.dedent(CHAPTER).lstrip())
    conf = CONF.format(
        ext=str(ext), language=language, examples=str(examples), wheels=str(source / "wheels")
    )
    (source / "conf.py").write_text(conf)
    (source / "index.rst").write_text("Site\n====\n\n.. toctree::\n\n   auto_examples/index\n")
    html = folder / "html"
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(source), str(html)]
    subprocess.run(command, check=True, cwd=folder)
    return html


def page_text(html: Path, page: str) -> str:
    """A built page's HTML, and after it its text without the tags."""
    markup = (html / page).read_text(encoding="utf-8")
    return markup + "\n" + re.sub(r"<[^>]+>", "", markup)


@pytest.mark.slow
def test_a_tiny_gallery_builds_through_the_adapter_in_both_languages(tmp_path: Path) -> None:
    english = build_gallery(tmp_path / "en", "en")
    chapter = page_text(english, "auto_examples/plot_01_tiny.html")
    assert 'alt="A tiny chapter"' in page_text(english, "auto_examples/index.html")  # thumbnail
    assert 'class="sphx-glr-download sphx-glr-download-nnguide-wheel' in chapter
    assert "Download the nnguide package it imports: nnguide-1.0-py3-none-any.whl" in chapter
    assert "Download Jupyter notebook:" in chapter
    assert 'alt="A line rising from 0.2 to 0.8"' in chapter  # the figure's label (figure_scraper)
    assert '<figure class="nnguide-animation"' in chapter  # the animation's figure (_fig)
    assert "A line growing from 0.1 to 0.6 in two steps" in chapter
    image = english / "_images" / "sphx_glr_plot_01_tiny_001.png"
    with Image.open(image) as png:
        assert json.loads(png.info[SMALLEST_TEXT_KEY])["text"]
    times = page_text(english, "auto_examples/sg_execution_times.html")
    assert "cdn." not in times
    assert "Budget" in times
    assert re.search(r"Computation times", times)

    chinese = build_gallery(tmp_path / "zh", "zh_CN")
    chapter = page_text(chinese, "auto_examples/plot_01_tiny.html")
    assert "下载它导入的 nnguide 工具包：nnguide-1.0-py3-none-any.whl" in chapter
    assert "下载 Jupyter 笔记本：" in chapter
    assert "脚本总运行时间：" in chapter
    assert "Download" not in chapter
    times = page_text(chinese, "auto_examples/sg_execution_times.html")
    assert "运行时间" in times
    assert "预算" in times


def test_the_epub_marks_its_pages_with_mathml_and_stops_when_sphinx_writes_items_otherwise(
    tmp_path: Path,
) -> None:
    item = '<item id="epub-3" href="{}" media-type="application/xhtml+xml" />'
    opf = tmp_path / "content.opf"
    opf.write_text(item.format("a%20b.xhtml") + item.format("c.xhtml"), encoding="utf-8")
    internals.declare_mathml(opf, ["a b.xhtml"])
    assert opf.read_text(encoding="utf-8") == (
        item.format("a%20b.xhtml").replace(" />", ' properties="mathml" />')
        + item.format("c.xhtml")
    )
    opf.write_text(item.format("c.xhtml").replace(" />", "/>"), encoding="utf-8")  # another layout
    with pytest.raises(UpstreamChange, match=r"update declare_mathml\(\)"):
        internals.declare_mathml(opf, ["c.xhtml"])
