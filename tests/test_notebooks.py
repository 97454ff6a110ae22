"""Every notebook the site offers reads like its page: Markdown cells hold Markdown, not reST."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from rst_markdown import rst_to_markdown
from site_facts import LANGS, ROOT
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

LEFTOVER_REST = {
    "a directive or comment (a line starting with '.. ')": re.compile(r"^\s*\.\. ", re.MULTILINE),
    "a role such as :term:`...`": re.compile(r":[a-z]+:`"),
    "a reST escaped space '\\ '": re.compile(r"\\ "),
    "a reST heading underline": re.compile(r"^(=|-|~){3,}\s*$", re.MULTILINE),
    "a reST table border": re.compile(r"^ *=+( +=+)+ *$", re.MULTILINE),
}


def leftover_rest(notebook: dict[str, Any]) -> list[str]:
    """One line per Markdown cell that still holds reST, or that lost its text."""
    problems = []
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        if not text.strip():
            problems.append(f"cell {number} is empty")
        # math may hold backslashes and colons of its own
        # math and code may hold backslashes and colons of their own (a role's `...` is no code)
        prose = re.sub(
            r"\$\$.*?\$\$|\$[^$\n]+\$|```.*?```|(?<!:)`[^`\n]+`", "", text, flags=re.DOTALL
        )
        problems += [
            f"cell {number} has {what}"
            for what, found in LEFTOVER_REST.items()
            if found.search(prose)
        ]
    return problems


def _notebooks(site: Path, lang: str) -> dict[str, dict[str, Any]]:
    """The chapter notebooks a reader downloads from the site, by file name."""
    found = {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in (site / lang / "_downloads").rglob("plot_*.ipynb")
    }
    assert sorted(found) == sorted(
        p.with_suffix(".ipynb").name for p in (ROOT / "examples" / lang).glob("plot_*.py")
    )
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_downloaded_notebooks_hold_no_rest_and_every_text_block(site: Path, lang: str) -> None:
    for name, notebook in _notebooks(site, lang).items():
        assert leftover_rest(notebook) == [], name
        _, blocks = split_code_and_text_blocks(
            str(ROOT / "examples" / lang / name.replace(".ipynb", ".py"))
        )
        markdown = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
        assert len(markdown) == sum(block.type == "text" for block in blocks), name


@pytest.mark.parametrize("lang", LANGS)
def test_the_zips_hold_the_same_clean_notebooks(site: Path, lang: str) -> None:
    notebooks = _notebooks(site, lang)
    archives = list((site / lang / "_downloads").rglob("*.zip"))
    assert len(archives) == 2 + len(notebooks)  # all scripts, all notebooks, one per chapter
    zipped_notebooks = 0
    for archive in archives:
        with zipfile.ZipFile(archive) as zipped:
            for info in zipped.infolist():
                if info.filename.endswith(".ipynb"):
                    zipped_notebooks += 1
                    assert json.loads(zipped.read(info)) == notebooks[Path(info.filename).name]
    assert zipped_notebooks == 2 * len(notebooks)


@pytest.mark.parametrize("lang", LANGS)
def test_the_perceptron_and_the_answers_are_in_the_notebook(site: Path, lang: str) -> None:
    text = "".join(
        "".join(cell["source"])
        for cell in _notebooks(site, lang)["plot_01_perceptron.ipynb"]["cells"]
    )
    assert "class Perceptron:\n" in text  # the whole class, a code cell
    assert text.count("<details><summary>") == 4  # the four answers, folded
    # the coding exercise's answer, fenced code inside its list item
    assert "   ```python\n   def train(weights, bias, X, y, learning_rate=0.1," in text
    assert "| --- | --- | --- |" in text  # the neuron table


def test_each_construct_becomes_markdown(tmp_path: Path) -> None:
    (tmp_path / "code.py").write_text("def f():\n    x = 1\n    return x\n")
    rst = """Title
=====

A :term:`neuron <neuron>` computes :math:`f(\\mathbf{x})`, see :func:`~nnguide.training.fit`
and `PyTorch <https://pytorch.org>`_; 感知机\\ *学习*\\ 规则。 Back to :doc:`chapter 02
<plot_02_mlp_xor>` and :ref:`the source <source-tutorial>`.

.. math::

   y = f(z)

.. literalinclude:: code.py
   :pyobject: f
   :start-at: x = 1
   :dedent: 4

1. Why?

   .. dropdown:: Answer

      Because ``x`` is 1.
"""
    assert (
        rst_to_markdown(rst, tmp_path)
        == """# Title

A **neuron** computes $f(\\mathbf{x})$, see `fit`
and [PyTorch](https://pytorch.org); 感知机*学习*规则。 Back to chapter 02 and the source.

$$
y = f(z)
$$

```python
x = 1
return x
```

1. Why?

   <details><summary>Answer</summary>

   Because `x` is 1.

   </details>
"""
    )


def test_an_answers_code_block_becomes_a_fenced_block(tmp_path: Path) -> None:
    rst = """1. Write it.

   .. dropdown:: Answer

      .. code-block:: python
         :name: exercise-00-example

         def f(x):
             return x


         print(f(1))
"""
    assert rst_to_markdown(rst, tmp_path) == (
        "1. Write it.\n\n   <details><summary>Answer</summary>\n\n   ```python\n   def f(x):\n"
        "       return x\n\n   print(f(1))\n   ```\n\n   </details>\n"
    )  # the code indented like the list item; two blank lines in a row become one


def test_raw_rest_is_caught() -> None:
    # what sphinx-gallery itself wrote before this project converted the cells
    raw = {"cells": [
        {"cell_type": "markdown", "source": ["See :term:`感知机`\\ 的规则。\n"]},
        {"cell_type": "markdown", "source": [".. literalinclude:: ../../../src/nnguide/training.py\n"]},
        {"cell_type": "markdown", "source": ["\n"]},
        {"cell_type": "code", "source": ["x = 1  # :math:`x` in code is fine\n"]},
    ]}  # fmt: skip
    assert leftover_rest(raw) == [
        "cell 1 has a role such as :term:`...`",
        "cell 1 has a reST escaped space '\\ '",
        "cell 2 has a directive or comment (a line starting with '.. ')",
        "cell 3 is empty",
    ]


def test_an_unknown_directive_stops_the_build(tmp_path: Path) -> None:
    from sphinx.errors import ExtensionError

    with pytest.raises(ExtensionError, match="no Markdown for the 'youtube' directive"):
        rst_to_markdown(".. youtube:: abc\n", tmp_path)
