"""The tutorial's two languages, and the words that nnguide's plots print.

The site is written twice, natively, in 简体中文 and English. Plots drawn by nnguide take a
``lang`` argument so that a Chinese page shows Chinese axis labels and an English page English ones.
Terms follow one glossary across the site: 感知机 (perceptron), 多层感知机 (multilayer perceptron),
激活函数 (activation function), 前向传播 (forward pass), 反向传播 (backpropagation),
梯度下降 (gradient descent), 损失函数 (loss function).
"""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["en", "zh"]
"""The tutorial's languages, ``"en"`` (English) or ``"zh"`` (简体中文)."""

LANGUAGES: tuple[Lang, ...] = get_args(Lang)

_LABELS: dict[str, dict[Lang, str]] = {
    "epoch": {"en": "epoch", "zh": "轮次"},
    "misclassified": {"en": "misclassified samples", "zh": "分错的样本数"},
    "loss": {"en": "loss", "zh": "损失"},
    "class": {"en": "class {}", "zh": "类别 {}"},
    "decision_boundary": {"en": "decision boundary", "zh": "决策边界"},
    "region": {"en": "predicted {}", "zh": "预测为 {}"},
    "x1": {"en": "$x_1$", "zh": "$x_1$"},
    "x2": {"en": "$x_2$", "zh": "$x_2$"},
    "hidden_unit": {"en": "hidden unit {}", "zh": "隐藏单元 {}"},
    "dead_hidden_unit": {"en": "hidden unit {}\n(dead)", "zh": "隐藏单元 {}（死亡）"},
    "input_layer": {"en": "input layer", "zh": "输入层"},
    "hidden_layer": {"en": "hidden layer\n({})", "zh": "隐藏层\n（{}）"},
    "output_layer": {"en": "output layer\n(no activation)", "zh": "输出层\n（无激活函数）"},
    "positive_weight": {"en": "positive weight ({})", "zh": "正权重（{}）"},
    "negative_weight": {"en": "negative weight ({})", "zh": "负权重（{}）"},
    "weight_legend": {
        "en": "the larger a weight's size, the wider its line; b: bias",
        "zh": "权重的绝对值越大，连线越粗；b：偏置",
    },
    "network": {"en": "A network's neurons, weights and biases", "zh": "网络的神经元、权重与偏置"},
    "unit_output": {"en": "the unit's output", "zh": "单元的输出"},
    "predicted": {"en": "predicted digit", "zh": "预测数字"},
    "true": {"en": "true digit", "zh": "真实数字"},
    "accuracy": {"en": "accuracy", "zh": "准确率"},
    "train": {"en": "training set", "zh": "训练集"},
    "test": {"en": "test set", "zh": "测试集"},
    "images_log_scale": {"en": "images (log scale)", "zh": "图像数（对数刻度）"},
}


def check_lang(lang: object) -> Lang:
    """Return ``lang`` if it is one of the tutorial's languages, else raise a clear error.

    Examples
    --------
    >>> check_lang("zh")
    'zh'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be 'en' or 'zh', got 'fr'.
    """
    if lang not in LANGUAGES:
        msg = f"lang must be 'en' or 'zh', got {lang!r}."
        raise ValueError(msg)
    return lang


def label(key: str, lang: Lang, *args: object) -> str:
    """Return the plot label ``key`` in ``lang``, formatted with ``args``.

    Parameters
    ----------
    key
        One of the label keys, for example ``"epoch"`` or ``"class"``.
    lang
        ``"en"`` or ``"zh"``.
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
        template = _LABELS[key][lang]
    except KeyError:
        known = ", ".join(sorted(_LABELS))
        msg = f"unknown label {key!r}; known labels: {known}."
        raise KeyError(msg) from None
    return template.format(*args)
