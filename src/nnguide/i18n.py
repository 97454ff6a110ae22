"""The tutorial's languages, and the words that nnguide's plots print in each.

The site is written twice, natively, in 简体中文 and English. Plots drawn by nnguide take a
``lang`` argument so that a Chinese page shows Chinese axis labels and an English page English ones.
Terms follow one glossary across the site: 感知机 (perceptron), 多层感知机 (multilayer perceptron),
激活函数 (activation function), 前向传播 (forward pass), 反向传播 (backpropagation),
梯度下降 (gradient descent), 损失函数 (loss function).

Every word a plot prints is a message written in English where the code uses it, and translated by
a gettext catalogue: ``nnguide/locales/<lang>/LC_MESSAGES/nnguide.po``, compiled into the
``nnguide.mo`` beside it (``pybabel compile -D nnguide -d src/nnguide/locales``). A new catalogue
folder is a new language.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib.resources import files
from typing import TypeAlias

Lang: TypeAlias = str
"""A language of the tutorial, ``"en"`` (English) or one of nnguide's catalogues, such as
``"zh"`` (简体中文); :data:`LANGUAGES` lists them."""

_LOCALES = files("nnguide") / "locales"
"""The folder of nnguide's catalogues, one folder per language, named by its code."""
DOMAIN = "nnguide"
"""The catalogues' gettext domain, the name of their files."""
SOURCE_LANGUAGE: Lang = "en"
"""English, the language of the messages in the code, which needs no catalogue."""


def _compiled_catalogue(lang: Lang) -> str:
    return f"{lang}/LC_MESSAGES/{DOMAIN}.mo"


LANGUAGES: tuple[Lang, ...] = (
    SOURCE_LANGUAGE,
    *sorted(
        folder.name
        for folder in _LOCALES.iterdir()
        if _LOCALES.joinpath(_compiled_catalogue(folder.name)).is_file()
    ),
)
"""The codes of the tutorial's languages, English first and then every language with a catalogue."""


def _either(choices: tuple[str, ...]) -> str:
    """Name the choices as a sentence does: ``'en' or 'zh'``, ``'en', 'zh' or 'fr'``."""
    names = [repr(choice) for choice in choices]
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def check_lang(lang: object) -> Lang:
    """Return ``lang`` if it is one of the tutorial's languages, else raise a clear error.

    Examples
    --------
    >>> check_lang("zh")
    'zh'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be 'en' or 'zh', got 'fr'; another language needs its catalogue, nnguide/locales/<lang>/LC_MESSAGES/nnguide.mo.
    """
    if not isinstance(lang, str) or lang not in LANGUAGES:
        msg = (
            f"lang must be {_either(LANGUAGES)}, got {lang!r}; another language needs its "
            f"catalogue, nnguide/locales/{_compiled_catalogue('<lang>')}."
        )
        raise ValueError(msg)
    return lang


@cache
def _catalogue(lang: Lang) -> gettext.NullTranslations:
    # English is the messages themselves; another language, the one file its folder holds
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with _LOCALES.joinpath(_compiled_catalogue(lang)).open("rb") as file:
        return gettext.GNUTranslations(file)


def gettext_noop(english: str) -> str:
    """Mark ``english`` as a message of the catalogues, translated later; return it unchanged.

    Examples
    --------
    >>> gettext_noop("epoch")
    'epoch'
    """
    return english


def translate(english: str, lang: Lang) -> str:
    """Return the message ``english`` in ``lang``, as its catalogue translates it.

    Examples
    --------
    >>> translate("decision boundary", "zh")
    '决策边界'
    >>> translate("decision boundary", "en")
    'decision boundary'
    """
    return _catalogue(check_lang(lang)).gettext(english)


def translate_in_context(context: str, english: str, lang: Lang) -> str:
    """Return the message ``english`` in ``lang``, where ``context`` tells what it is for.

    Examples
    --------
    >>> translate_in_context("count under 10,000", "{:,.0f}", "zh")
    '{:.0f}'
    """
    return _catalogue(check_lang(lang)).pgettext(context, english)


_LABELS: dict[str, str] = {
    "epoch": gettext_noop("epoch"),
    "misclassified": gettext_noop("misclassified samples"),
    "loss": gettext_noop("loss"),
    "class": gettext_noop("class {}"),
    "decision_boundary": gettext_noop("decision boundary"),
    "region": gettext_noop("predicted {}"),
    "x1": gettext_noop("$x_1$"),
    "x2": gettext_noop("$x_2$"),
    "hidden_unit": gettext_noop("hidden unit {}"),
    "dead_hidden_unit": gettext_noop("hidden unit {}\n(dead)"),
    "input_layer": gettext_noop("input layer"),
    "hidden_layer": gettext_noop("hidden layer\n({})"),
    "output_layer": gettext_noop("output layer\n(no activation)"),
    "positive_weight": gettext_noop("positive weight ({})"),
    "negative_weight": gettext_noop("negative weight ({})"),
    "weight_legend": gettext_noop("the larger a weight's size, the wider its line; b: bias"),
    "network": gettext_noop("A network's neurons, weights and biases"),
    "unit_output": gettext_noop("the unit's output"),
    "predicted": gettext_noop("predicted digit"),
    "true": gettext_noop("true digit"),
    "accuracy": gettext_noop("accuracy"),
    "train": gettext_noop("training set"),
    "test": gettext_noop("test set"),
    "images_log_scale": gettext_noop("images (log scale)"),
}


def label(key: str, lang: Lang, *args: object) -> str:
    """Return the plot label ``key`` in ``lang``, formatted with ``args``.

    Parameters
    ----------
    key
        One of the label keys, for example ``"epoch"`` or ``"class"``.
    lang
        One of :data:`LANGUAGES`, such as ``"en"`` or ``"zh"``.
    *args
        Values for the ``{}`` placeholders of the label.

    Examples
    --------
    >>> label("class", "zh", 1)
    '类别 1'
    >>> label("decision_boundary", "en")
    'decision boundary'
    """
    lang = check_lang(lang)
    try:
        english = _LABELS[key]
    except KeyError:
        known = ", ".join(sorted(_LABELS))
        msg = f"unknown label {key!r}; known labels: {known}."
        raise KeyError(msg) from None
    return translate(english, lang).format(*args)
