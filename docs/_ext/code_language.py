"""Sphinx extension: nnguide's docstrings and comments in the page's language.

The API reference (autodoc) and the source pages (viewcode) show nnguide's docstrings and
comments, which the source writes in English. On a site in another language, each paragraph of a
docstring and each comment is looked up in the site's message catalogue
(``docs/locales/<locale>/LC_MESSAGES/sphinx.po``, through Sphinx's ``sphinx.locale``), with the
English text as its ``msgid``:

- ``autodoc-process-docstring``, before napoleon reads the numpydoc sections, gives the API
  reference the translated docstring; section headings, doctest examples and their output stay as
  they are (napoleon and Sphinx translate the headings; the examples are code);
- ``viewcode-find-source`` gives the source pages the module's code with every docstring and
  comment translated, and the places of its classes and functions found again in it.

When the catalogue changes, the pages that show nnguide's code are made again: the API reference
is read again and viewcode's source pages are written again. The code itself is never touched.
``python docs/_ext/code_language.py src/nnguide/*.py`` prints the messages of those files as a
catalogue template; ``tests/test_code_language.py`` checks that
the catalogue translates every one of them.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import io
import itertools
import re
import shutil
import sys
import tokenize
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from internals import module_code, source_tags, viewcode_pages_folder
from site_languages import site_language
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _, get_translation

Translate = Callable[[str], str]

PACKAGE = "nnguide"
# A numpydoc section heading: a line underlined by dashes ("Parameters" / "----------")
UNDERLINE = re.compile(r"^-{3,}$")
# Comments that speak to tools, not to readers
PRAGMA = re.compile(r"^(noqa|type:|fmt:|pragma|pyright:|mypy:|sphinx_gallery_)")


def _segments(lines: list[str]) -> Iterator[tuple[bool, list[str]]]:
    """The lines of a docstring in runs, each with whether it is prose to translate.

    A run of prose is a paragraph (or a numpydoc entry list: "x : Tensor" and its indented
    description), up to a blank line or a section heading. Blank lines, headings and doctest
    examples (from ``>>>`` to the next blank line) are not prose.
    """
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            yield False, [line]
            i += 1
        elif i + 1 < len(lines) and UNDERLINE.match(lines[i + 1].strip()) and line.strip():
            yield False, lines[i : i + 2]
            i += 2
        else:
            end = i
            while (
                end < len(lines)
                and lines[end].strip()
                and not (end + 1 < len(lines) and UNDERLINE.match(lines[end + 1].strip()))
            ):
                end += 1
            yield not line.lstrip().startswith(">>>"), lines[i:end]
            i = end


def docstring_messages(docstring: str) -> list[str]:
    """The messages of a docstring (as :func:`inspect.cleandoc` leaves it): its prose runs.

    >>> docstring_messages("Add one.\\n\\nParameters\\n----------\\nx : int\\n    A number.")
    ['Add one.', 'x : int\\n    A number.']
    """
    return ["\n".join(run) for prose, run in _segments(docstring.split("\n")) if prose]


def translate_docstring(docstring: str, translate: Translate) -> str:
    """``docstring`` with each of its prose runs replaced by its translation."""
    return "\n".join(
        translate("\n".join(run)) if prose else "\n".join(run)
        for prose, run in _segments(docstring.split("\n"))
    )


def comment_message(comment: str) -> str | None:
    """The message of a comment token (``# text``), or ``None`` for a pragma or an empty one."""
    text = comment.lstrip("#").strip()
    return None if not text or PRAGMA.match(text) else text


def _string_statement(node: ast.stmt | None) -> ast.Constant | None:
    """The string of a statement that is only a string literal, else ``None``."""
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ):
        return node.value
    return None


def _docstring_nodes(tree: ast.Module) -> Iterator[ast.Constant]:
    """The string constants that are docstrings: of the module, a class or a function, and of an
    attribute (a string right after an assignment in a module or class body, which autodoc shows)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body: list[ast.stmt] = node.body
            first = _string_statement(body[0] if body else None)
            if first is not None:
                yield first
            if isinstance(node, ast.Module | ast.ClassDef):
                for before, statement in itertools.pairwise(body):
                    attribute = _string_statement(statement)
                    if attribute is not None and isinstance(before, ast.Assign | ast.AnnAssign):
                        yield attribute


def source_messages(source: str) -> list[str]:
    """Every message of a module's source: its docstrings' prose runs, then its comments."""
    docstrings = [
        message
        for node in _docstring_nodes(ast.parse(source))
        for message in docstring_messages(inspect.cleandoc(str(node.value)))
    ]
    comments = [
        message
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT and (message := comment_message(token.string))
    ]
    return docstrings + comments


def translate_source(source: str, translate: Translate) -> str:
    """``source`` with its docstrings and comments translated; the code, line for line, unchanged
    (a translated docstring may take more or fewer lines)."""
    lines = source.split("\n")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        message = comment_message(token.string) if token.type == tokenize.COMMENT else None
        if message is not None:
            row, col = token.start
            line = lines[row - 1]
            lines[row - 1] = line[:col] + "# " + translate(message)
    commented = "\n".join(lines)
    nodes = sorted(_docstring_nodes(ast.parse(commented)), key=lambda n: -n.lineno)
    lines = commented.split("\n")
    for node in nodes:
        assert node.end_lineno is not None
        assert node.end_col_offset is not None
        first, last = lines[node.lineno - 1], lines[node.end_lineno - 1]
        literal = "\n".join(lines[node.lineno - 1 : node.end_lineno])[node.col_offset :]
        prefix = re.match(r"[rRuU]*", literal).group(0)  # type: ignore[union-attr]
        quote = literal[len(prefix) : len(prefix) + 3]
        indent = " " * node.col_offset
        text = translate_docstring(inspect.cleandoc(str(node.value)), translate)
        if "r" not in prefix.lower():
            text = text.replace("\\", "\\\\")
        body = "\n".join(
            (indent + line if line and n else line) for n, line in enumerate(text.split("\n"))
        )
        closing = f"\n{indent}{quote}" if node.end_lineno > node.lineno else quote
        replacement = f"{first[: node.col_offset]}{prefix}{quote}{body}{closing}"
        replacement += last[node.end_col_offset :]
        lines[node.lineno - 1 : node.end_lineno] = replacement.split("\n")
    return "\n".join(lines)


def _translator(app: Sphinx) -> Translate | None:
    """The catalogue's translation of a message, or ``None`` on a site whose pages are English."""
    if site_language(app).content == "en":
        return None
    gettext = get_translation("sphinx")
    return lambda message: str(gettext(message))


def translate_docstring_lines(
    app: Sphinx, _what: str, _name: str, _obj: object, _options: object, lines: list[str]
) -> None:
    """autodoc's docstring of an nnguide object, in the site's language (in place)."""
    translate = _translator(app)
    if translate is None or not _name.startswith(PACKAGE):
        return
    lines[:] = translate_docstring("\n".join(lines), translate).split("\n")


def translated_source(app: Sphinx, modname: str) -> tuple[str, dict[str, Any]] | None:
    """viewcode's source of an nnguide module, in the site's language, and its tags."""
    translate = _translator(app)
    if translate is None or not (modname == PACKAGE or modname.startswith(f"{PACKAGE}.")):
        return None
    source = translate_source(module_code(modname), translate)
    return source, source_tags(source, modname)


API_PAGES = "api/"
SOURCE_PAGES = viewcode_pages_folder()  # viewcode's folder of source pages in the built site


def catalogue_digest(app: Sphinx) -> str:
    """A digest of the site's compiled message catalogues (every ``.mo`` of its language): the
    translations this build loaded, even if a ``.po`` is edited while it runs."""
    digest = hashlib.sha256()
    for folder in app.config.locale_dirs:
        root = Path(app.srcdir, folder) / str(app.config.language) / "LC_MESSAGES"
        for catalogue in sorted(root.glob("*.mo")):
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()


def pages_showing_code(
    app: Sphinx, env: BuildEnvironment, _added: set[str], _changed: set[str], _removed: set[str]
) -> list[str]:
    """When the catalogue changed since the last build: the API pages, to be read again (and
    viewcode's source pages removed, so that it writes them again)."""
    digest = catalogue_digest(app)
    if getattr(env, "nnguide_code_catalogue", None) == digest:
        return []
    env.nnguide_code_catalogue = digest  # type: ignore[attr-defined]
    shutil.rmtree(Path(app.outdir) / SOURCE_PAGES, ignore_errors=True)
    return sorted(name for name in env.found_docs if name.startswith(API_PAGES))


def defining_module(_app: Sphinx, modname: str, attribute: str) -> str | None:
    """The module whose source page shows nnguide's ``modname.attribute``: where it is defined,
    if in nnguide; else the module that documents it. (viewcode would follow an alias of a builtin,
    ``Lang = str``, into ``builtins``, which has no source, and list that on its index page.)

    >>> defining_module(None, "nnguide", "FitHistory")  # type: ignore[arg-type]
    'nnguide.perceptron'
    >>> defining_module(None, "nnguide.i18n", "Lang")  # type: ignore[arg-type]
    'nnguide.i18n'
    """
    if not (modname == PACKAGE or modname.startswith(f"{PACKAGE}.")):
        return None
    try:
        value: object = importlib.import_module(modname)
        for name in attribute.split("."):
            value = getattr(value, name)
    except (ImportError, AttributeError):
        return None
    defined = getattr(value, "__module__", None)
    if isinstance(defined, str) and (defined == PACKAGE or defined.startswith(f"{PACKAGE}.")):
        return defined
    return modname


TYPE_FIELD = re.compile(r"^(?P<indent>\s*):type:(?P<rest>.*)$")


def translated_type_fields(
    _app: Sphinx, _what: str, _name: str, _obj: object, _options: object, lines: list[str]
) -> None:
    """The "Type" of an attribute, which napoleon writes as a ``:type:`` field after reading its
    docstring, named in the page's language: the Python domain does not know that field, and
    docutils would show its name, capitalised, in English (Sphinx's catalogue has "Type").

    >>> lines = ["The errors.", "", ":type: list[int]"]
    >>> translated_type_fields(None, "attribute", "x", None, None, lines)  # type: ignore[arg-type]
    >>> lines[-1]
    ':Type: list[int]'
    """
    for number, line in enumerate(lines):
        field = TYPE_FIELD.match(line)
        if field:
            lines[number] = f"{field['indent']}:{_('Type')}:{field['rest']}"


def setup(app: Sphinx) -> dict[str, Any]:
    """Translate docstrings before napoleon reads them (priority 400 < its 500), and the type
    fields it writes after it (600); give viewcode the translated sources; make those pages again
    when the catalogue changes."""
    app.setup_extension("sphinx.ext.autodoc")  # the events below are theirs
    app.setup_extension("sphinx.ext.viewcode")
    app.connect("autodoc-process-docstring", translate_docstring_lines, priority=400)
    app.connect("autodoc-process-docstring", translated_type_fields, priority=600)
    app.connect("viewcode-find-source", translated_source)
    app.connect("viewcode-follow-imported", defining_module)
    app.connect("env-get-outdated", pages_showing_code)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _template(paths: list[str]) -> str:
    """A catalogue template (``msgid`` / empty ``msgstr``) of the messages of ``paths``."""
    seen: set[str] = set()
    entries = []
    for path in paths:
        for message in source_messages(Path(path).read_text(encoding="utf-8")):
            if message not in seen:
                seen.add(message)
                entries.append(f'#: {path}\nmsgid {_po_string(message)}\nmsgstr ""\n')
    return "\n".join(entries)


def _po_string(text: str) -> str:
    """``text`` as a gettext string literal, one line of the text per line of the file."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    parts = escaped.split("\n")
    if len(parts) == 1:
        return f'"{parts[0]}"'
    return '""\n' + "\n".join(f'"{part}\\n"' for part in parts[:-1]) + f'\n"{parts[-1]}"'


if __name__ == "__main__":
    sys.stdout.write(_template(sys.argv[1:]))
