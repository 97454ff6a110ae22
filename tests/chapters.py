"""Read what a chapter defines, so that tests can check it without running the whole page.

The chapters teach by writing their classes and loops on the page; nnguide holds the tested
versions that later chapters and the benchmark call. :func:`page_definitions` runs only a page's
``def`` and ``class`` statements, so a test can compare the two. :func:`chapter_constants` reads the
upper-case settings at the top of a page (``SEED``, ``EPOCHS``...), so exercise tests use the
chapter's own values.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path
from typing import Any

import torch
from site_facts import ROOT
from torch import nn


def _tree(example: str, lang: str) -> tuple[Path, ast.Module]:
    path = ROOT / "examples" / lang / example
    return path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def chapter_constants(example: str, lang: str = "en") -> dict[str, Any]:
    """The upper-case constants a chapter sets at its top level to a literal value."""
    _, tree = _tree(example, lang)
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id.isupper()
        and isinstance(node.value, ast.Constant)
    }


def page_definitions(example: str, lang: str, **names: Any) -> dict[str, Any]:
    """Run the top-level ``def`` and ``class`` statements of a chapter; return what they define.

    The definitions see ``torch``, ``nn``, the chapter's constants and ``names`` (the page's other
    globals that a function reads, such as chapter 02's ``X`` and ``y``).
    """
    path, tree = _tree(example, lang)
    definitions = [node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
    if not definitions:
        msg = f"{path} defines no function or class."
        raise ValueError(msg)
    namespace: dict[str, Any] = {
        "torch": torch,
        "nn": nn,
        **chapter_constants(example, lang),
        **names,
    }
    module = ast.Module(body=list[ast.stmt](definitions), type_ignores=[])
    exec(compile(module, str(path), "exec"), namespace)  # noqa: S102
    return {node.name: namespace[node.name] for node in definitions}


def assert_same_module(
    page: type[nn.Module], library: type[nn.Module], *args: Any, inputs: torch.Tensor
) -> None:
    """Built from the same seed, the two classes have the same parameters and the same outputs.

    Both are compared in training mode (dropout draws from the same seed) and in evaluation mode.
    """
    torch.manual_seed(0)
    page_model = page(*args)
    torch.manual_seed(0)
    library_model = library(*args)
    page_state, library_state = page_model.state_dict(), library_model.state_dict()
    assert list(page_state) == list(library_state), (
        "the two classes name their parameters differently"
    )
    for name, value in page_state.items():
        torch.testing.assert_close(value, library_state[name], msg=f"parameter {name} differs")
    for train in (True, False):
        page_model.train(train)
        library_model.train(train)
        torch.manual_seed(1)
        page_output = page_model(inputs)
        torch.manual_seed(1)
        library_output = library_model(inputs)
        torch.testing.assert_close(page_output, library_output)


def exercise_solution(example: str, lang: str, name: str) -> str:
    """The code of the answer ``.. code-block:: python`` with ``:name: name`` in a chapter's text.

    A coding exercise's answer is a code block inside its ``dropdown``; the test runs the code the
    reader reads, so the two cannot drift apart.
    """
    path = ROOT / "examples" / lang / example
    lines = [
        line[2:] if line.startswith("# ") else "" if line == "#" else None
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    marker = next(
        (
            i
            for i, line in enumerate(lines)
            if line is not None and line.strip() == f":name: {name}"
        ),
        None,
    )
    if marker is None or "code-block:: python" not in (lines[marker - 1] or ""):
        msg = f"{path} has no '.. code-block:: python' with ':name: {name}'."
        raise ValueError(msg)
    directive = lines[marker - 1] or ""
    indent = len(directive) - len(directive.lstrip())
    body: list[str] = []
    for line in lines[marker + 1 :]:
        if line is None or (line.strip() and len(line) - len(line.lstrip()) <= indent):
            break  # the end of the comment block, or text back at the directive's level
        if not body and line.lstrip().startswith(":"):
            continue  # another option of the directive
        body.append(line)
    code = textwrap.dedent("\n".join(body)).strip("\n")
    if not code:
        msg = f"the code block {name!r} of {path} is empty."
        raise ValueError(msg)
    return code + "\n"
