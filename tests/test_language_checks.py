"""The language rules every page is checked against as it is read (docs/_ext/language_checks.py).

Each rule is shown finding a planted fault and passing its correct form; the build (``-W``) runs
them on every page of both sites.
"""

from __future__ import annotations

import pytest
from docutils.core import publish_doctree
from language_checks import (
    bare_booleans,
    english_comments,
    leading_zeros,
    other_names_in,
    page_problems,
)
from terminology import load

TERMS = load()


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("zh", "跳跃连接让梯度直达前面的层。", ["跳跃连接 (write 残差连接)"]),
        ("zh", "每个批次有 64 个样本。", ["批次 (write 小批量)"]),
        ("zh", "用 Sigmoid 读出概率。", ["Sigmoid (write sigmoid)"]),  # only the case differs
        ("zh", "用 sigmoid 读出概率。", []),
        ("zh", "残差连接（又称跳跃连接、捷径连接）", []),  # introducing the other names
        ("zh", "暂退法（dropout，即 nn.Dropout）", []),  # in brackets after the site's name
        ("zh", "从提供输入的神经元连到接收加权值的神经元", []),  # 权值 inside 加权值: another word
        ("zh", "在 100 轮之内", []),
        (
            "en",
            "A skip connection adds the input.",
            ["skip connection (write residual connection)"],
        ),
        ("en", "Skip connections help.", []),  # a plural is another word: not matched
        ("en", "Every Linear layer", ["Linear layer (write fully connected layer)"]),
        ("en", "the residual connection, also called a skip connection", []),
        ("en", "autograd (PyTorch's automatic differentiation)", []),
    ],
)
def test_another_name_of_a_term_is_found_unless_it_is_introduced(
    lang: str, text: str, expected: list[str]
) -> None:
    assert other_names_in(text, lang, TERMS) == expected


def test_chapter_numbers_with_a_leading_zero_are_found() -> None:
    assert leading_zeros("见第 02 章、第 2 章和 chapter 04; Chapters 06 and chapter 6") == [
        "第 02 章",
        "chapter 04",
        "Chapters 06",
    ]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "ax.set_ylabel(label)  # the y axis is labelled once, on the left",
            ["the y axis is labelled once, on the left"],
        ),
        ("# one curve per activation\nplot()", ["one curve per activation"]),
        ("x = x.flatten(1)  # (n, 784)", []),  # a shape
        ("y = x @ w.T + b  # x @ W.T + b", []),  # code
        ("import jieba  # noqa: PLC0415 (the English site does not need it)", []),  # a pragma
        ("# 每条曲线对应一个激活函数（ReLU 等）\nplot()", []),
        ("$ python -m nnguide data mnist  # not Python", []),  # not Python: no comments read
    ],
)
def test_an_english_prose_comment_is_found(code: str, expected: list[str]) -> None:
    assert english_comments(code) == expected


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("是否收敛：False", ["是否收敛：False"]),
        ("权重是否不变：True", ["权重是否不变：True"]),
        ("已收敛，用了 4 轮", []),
        ("tensor([True, False])", []),  # no Chinese: a value
        ("BatchNorm1d(256, affine=True)：512 个参数", []),  # a keyword argument of a repr
    ],
)
def test_a_bare_boolean_printed_beside_chinese_is_found(output: str, expected: list[str]) -> None:
    assert bare_booleans(output) == expected


PAGE = """
标题
====

第 03 章用跳跃连接。

.. code-block:: python

   h = layer(x)  # the hidden layer, then its activation

.. class:: sphx-glr-script-out

.. code-block:: none

   是否收敛：False

残差连接写作 ``skip connection``\\ ，公式 :math:`x + F(x)` 不算。
"""


def test_a_page_is_checked_in_its_text_comments_and_printed_output_not_in_code_or_math() -> None:
    doctree = publish_doctree(PAGE, settings_overrides={"report_level": 5})
    problems = sorted(problem for _, problem in page_problems(doctree, "zh", "index"))
    assert problems == [
        "a leading zero: 第 03 章",
        "an English comment: 'the hidden layer, then its activation'",
        "another name: 跳跃连接 (write 残差连接)",
        "printed True/False beside Chinese (print a sentence): '是否收敛：False'",
    ]
    assert [p for _, p in page_problems(doctree, "zh", "concepts") if "another name" in p] == []
