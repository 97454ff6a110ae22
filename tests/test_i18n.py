"""The words nnguide's figures print come from gettext catalogues, one per language but English.

Each message is written in English where the code uses it (``translate``, ``translate_in_context``,
``gettext_noop`` in ``src/nnguide``); ``src/nnguide/locales/<lang>/LC_MESSAGES/nnguide.po`` translates
it, compiled into the ``nnguide.mo`` beside it, which the package reads at run time.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
import torch
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from site_facts import SRC
from torch import nn

from nnguide import diagrams, i18n, plotting
from nnguide.i18n import LANGUAGES, check_lang, label, translate, translate_in_context

PACKAGE = SRC / "nnguide"
LOCALES = PACKAGE / "locales"
CATALOGUES = sorted(LOCALES.glob("*/LC_MESSAGES/nnguide.po"))
COMPILE = "pybabel compile -D nnguide -d src/nnguide/locales"
# The functions that take a message, as pybabel extract's keywords (-k): argument 1 is the
# message, or the context and argument 2 the message.
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "gettext_noop": None,
    "translate": None,
    "translate_in_context": ((1, "c"), 2),
}
HAN = re.compile(r"[\u4e00-\u9fff]")

Key = tuple[str | None, str]  # a message's context and its English text


@pytest.fixture(autouse=True)
def _restore_rcparams() -> Iterator[None]:
    with mpl.rc_context():
        yield
    plt.close("all")


def code_messages() -> set[Key]:
    """The messages that src/nnguide's code passes to the catalogues."""
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS)
    return {(context, message) for _, _, message, _, context in found if isinstance(message, str)}


def po_translations(path: Path) -> dict[Key, str]:
    """A catalogue's messages and their translations ("" where a message is untranslated or fuzzy)."""
    with path.open("rb") as file:
        catalogue = read_po(file)
    return {
        (message.context, message.id): "" if message.fuzzy else message.string
        for message in catalogue
        if isinstance(message.id, str) and message.id and isinstance(message.string, str)
    }


def catalogue_problems(used: set[Key], translations: dict[Key, str]) -> list[str]:
    """What a catalogue lacks for the code's messages, and the messages it holds that no code uses."""
    problems = [
        f"untranslated: {key}" for key in sorted(used, key=str) if not translations.get(key)
    ]
    problems += [f"no longer used: {key}" for key in sorted(translations.keys() - used, key=str)]
    return problems


def test_the_languages_are_english_and_every_catalogue() -> None:
    assert ("en", *(path.parents[1].name for path in CATALOGUES)) == LANGUAGES
    assert LANGUAGES == ("en", "zh")


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: path.parents[1].name)
def test_every_message_of_the_code_is_translated_by_every_catalogue(po: Path) -> None:
    problems = catalogue_problems(code_messages(), po_translations(po))
    assert problems == [], f"{po.relative_to(SRC.parent)}: translate these, then `{COMPILE}`"


def test_a_message_the_catalogue_lacks_or_leaves_untranslated_is_found() -> None:
    used = code_messages()
    translations = dict.fromkeys(used, "译")
    assert catalogue_problems(used, translations) == []
    del translations[None, "decision boundary"]
    translations[None, "epoch"] = ""
    translations[None, "weights"] = "权重"
    assert catalogue_problems(used, translations) == [
        "untranslated: (None, 'decision boundary')",
        "untranslated: (None, 'epoch')",
        "no longer used: (None, 'weights')",
    ]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: path.parents[1].name)
def test_the_compiled_catalogue_is_the_po_compiled(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo.relative_to(SRC.parent)} is missing: run `{COMPILE}`"
    with mo.open("rb") as file:
        compiled = {(m.context, m.id): m.string for m in read_mo(file) if m.id}
    translated = {key: text for key, text in po_translations(po).items() if text}
    assert compiled == translated, (
        f"{mo.relative_to(SRC.parent)} is not {po.name} compiled: run `{COMPILE}`"
    )


def test_a_chinese_label_is_the_catalogue_s_translation() -> None:
    translations = po_translations(LOCALES / "zh/LC_MESSAGES/nnguide.po")
    assert label("class", "zh", 1) == translations[None, "class {}"].format(1) == "类别 1"
    assert label("class", "en", 1) == "class 1"  # English is the message itself
    for (context, english), chinese in translations.items():
        if context is None:
            assert translate(english, "zh") == chinese
        else:
            assert translate_in_context(context, english, "zh") == chinese


def test_the_code_holds_no_chinese_but_in_docstrings_and_comments() -> None:
    """A figure's Chinese words in the code, such as a ``{"en": ..., "zh": ...}`` table, are found."""
    found = [
        f"{module.relative_to(SRC)}:{line}: {text!r}"
        for module in sorted(PACKAGE.rglob("*.py"))
        for line, text in chinese_strings(module.read_text(encoding="utf-8"))
    ]
    assert found == [], "write the English text in the code and its Chinese in nnguide.po"
    planted = 'def f(lang):\n    """图。"""\n    return {"en": "loss", "zh": "损失"}[lang]\n'
    assert chinese_strings(planted) == [(3, "损失")]


def chinese_strings(source: str) -> list[tuple[int, str]]:
    """The string literals of ``source`` that hold Chinese, its docstrings left out."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    # an attribute's docstring: a string standing on its own after an assignment
    docstrings |= {
        id(after.value)
        for node in ast.walk(tree)
        if isinstance(body := getattr(node, "body", None), list)
        for before, after in pairwise(body)
        if isinstance(before, ast.Assign | ast.AnnAssign) and isinstance(after, ast.Expr)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and HAN.search(node.value)
    ]


def test_an_unknown_language_is_refused_with_the_languages_it_could_be() -> None:
    with pytest.raises(
        ValueError,
        match=r"lang must be 'en' or 'zh', got 'fr'; .* nnguide/locales/<lang>/LC_MESSAGES/nnguide\.mo",
    ):
        check_lang("fr")
    with pytest.raises(ValueError, match="got None"):
        label("epoch", None)  # type: ignore[arg-type]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: path.parents[1].name)
def test_every_catalogue_s_figure_fonts_and_count_format_work(po: Path) -> None:
    translations = po_translations(po)
    assert translations["figure fonts", "matplotlib's"] in {"matplotlib's", plotting.CJK_FIRST}
    assert re.fullmatch(r"[\d,.\s]+", translations["count under 10,000", "{:,.0f}"].format(1234.0))


def pseudo(english: str) -> str:
    """A machine-made translation that shows where it was used: the message within [[ and ]]."""
    return f"[[{english}]]"


# Words a figure shows as code or mathematics, the same in every language: PyTorch's layers and
# the names of the shapes' dimensions.
CODE_WORDS = {"Linear", "ReLU", "dim", "self", "layers", "in", "hidden", "out"}


def untranslated_texts(fig: Figure) -> list[str]:
    """The texts of ``fig`` (its label included) with words that did not come from a catalogue."""
    texts = [
        str(fig.get_label()),
        *(text.get_text() for text in fig.findobj(Text) if isinstance(text, Text)),
    ]
    return [
        text
        for text in texts
        if "[[" not in text
        and set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\$[^$]*\$", "", text))) - CODE_WORDS
    ]


def figure_of(ax: Axes) -> Figure:
    """The figure that holds ``ax``."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    return fig


def draw_every_figure(lang: str) -> dict[str, Figure]:
    """Every figure nnguide draws in a language, by the name of the function that draws it."""
    X = torch.tensor([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    y = torch.tensor([0, 1, 1])
    layers = [nn.Linear(2, 3), nn.Linear(3, 1)]
    return {
        "draw_network": diagrams.draw_network(layers, lang=lang),
        "draw_computation_graph": diagrams.draw_computation_graph(lang=lang),
        "draw_neuron": diagrams.draw_neuron(lang=lang),
        "draw_residual_block": diagrams.draw_residual_block(lang=lang),
        "plot_decision_boundary": figure_of(
            plotting.plot_decision_boundary(
                lambda points: (points.sum(1) > 1).long(), X, y, lang=lang
            )
        ),
        "plot_curve": figure_of(plotting.plot_curve([2.0, 1.0], lang=lang, ylabel="loss")),
        "plot_hidden_units": plotting.plot_hidden_units(nn.Linear(2, 2), X, y, lang=lang),
        "plot_confusion_matrix": figure_of(
            plotting.plot_confusion_matrix(torch.tensor([[5, 1], [0, 4]]), lang=lang)
        ),
    }


def drawing_functions() -> set[str]:
    """nnguide's public functions that draw a figure in a language."""
    return {
        name
        for module in (diagrams, plotting)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and "lang" in inspect.signature(function).parameters
        and name != "configure_matplotlib"
    }


@pytest.fixture
def pseudo_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A third language, "xx", whose catalogue translates every message of the code by ``pseudo``."""
    catalogue = Catalog(locale="en", domain="nnguide")
    for context, english in code_messages():
        catalogue.add(english, pseudo(english), context=context)
    mo = tmp_path / "xx/LC_MESSAGES/nnguide.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as file:
        write_mo(file, catalogue)
    monkeypatch.setattr(i18n, "_LOCALES", tmp_path)
    monkeypatch.setattr(i18n, "LANGUAGES", (*LANGUAGES, "xx"))
    i18n._catalogue.cache_clear()
    yield "xx"
    i18n._catalogue.cache_clear()


def test_every_word_of_every_figure_comes_from_the_catalogue(pseudo_language: str) -> None:
    plotting.configure_matplotlib(pseudo_language)
    figures = draw_every_figure(pseudo_language)
    assert figures.keys() == drawing_functions(), "draw the new figure in draw_every_figure"
    untranslated = {
        name: found for name, fig in figures.items() if (found := untranslated_texts(fig))
    }
    assert untranslated == {}, "pass these texts through nnguide.i18n.translate"
    planted = Figure()
    planted.suptitle("weights")  # a title written in the code, not through the catalogue
    assert untranslated_texts(planted) == ["weights"]


def test_a_new_catalogue_folder_is_a_new_language_of_the_installed_package(tmp_path: Path) -> None:
    copy = tmp_path / "nnguide"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    catalogue = Catalog(locale="en", domain="nnguide")
    catalogue.add("class {}", "[[class {}]]")
    mo = copy / "locales/xx/LC_MESSAGES/nnguide.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as file:
        write_mo(file, catalogue)
    program = (
        "from nnguide.i18n import LANGUAGES, check_lang, label\n"
        "print(LANGUAGES, label('class', 'xx', 2))\n"
        "check_lang('fr')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        check=False,
    )
    assert run.stdout == "('en', 'xx', 'zh') [[class 2]]\n", run.stderr
    assert "lang must be 'en', 'xx' or 'zh', got 'fr'" in run.stderr
