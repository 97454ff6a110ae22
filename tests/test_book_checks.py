"""The checks of the books (docs/_ext/book_checks.py), each shown failing on a broken book.

The books themselves need XeLaTeX (``nox -s book`` builds and checks them); these tests build
small PDFs and EPUBs of their own, a sound one and one broken in each way the checks look for.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from book_checks import check_epub, check_pdf, log_problems
from PIL import Image
from pypdf import PdfReader, PdfWriter
from site_facts import CHAPTER_PREFIX, EXAMPLES, GALLERY_DIR

CHAPTERS = [
    f"{GALLERY_DIR}/{p.stem}" for p in sorted((EXAMPLES / "en").glob(f"{CHAPTER_PREFIX}*.py"))
]
TITLES = [f"Chapter {number}" for number, _doc in enumerate(CHAPTERS, start=1)]
APPENDICES = ["Key concepts"]
SIZES = [(40, 30), (50, 30)]


def figures(folder: Path) -> list[list[str]]:
    """Two figure files of different sizes, as a chapter's images."""
    files = []
    for number, size in enumerate(SIZES):
        path = folder / f"figure_{number}.png"
        Image.new("RGB", size, (number * 100, 0, 0)).save(path)
        files.append([str(path)])
    return files


def write_contents(book: Path, figure_files: list[list[str]], **changes: object) -> None:
    """The ``.contents.json`` that a book build writes beside ``book``."""
    contents = {
        "language": "en",
        "documents": [*CHAPTERS, "concepts"],
        "chapters": TITLES,
        "appendices": APPENDICES,
        "figures": figure_files,
        **changes,
    }
    book.with_name(f"{book.stem}.contents.json").write_text(json.dumps(contents), "utf-8")


def make_pdf(
    folder: Path, *, outline: list[str] | None = None, images: int = 2, log: str = ""
) -> Path:
    """A PDF with one page per image (each at its own pixel size), an outline, a log."""
    files = figures(folder)
    pages: list[Image.Image] = [Image.open(files[n % len(files)][0]) for n in range(images)]
    pages = pages or [Image.new("RGB", (10, 10))]
    pdf = folder / "nnguide-en.pdf"
    pages[0].save(pdf, save_all=True, append_images=pages[1:])
    writer = PdfWriter(clone_from=PdfReader(pdf))
    for title in ["Preface", *TITLES, *APPENDICES] if outline is None else outline:
        writer.add_outline_item(title=title, page_number=0)
    writer.write(pdf)
    pdf.with_suffix(".log").write_text(log or "Output written on nnguide-en.xdv.\n", "utf-8")
    write_contents(pdf, files)
    return pdf


def test_a_sound_pdf_passes(tmp_path: Path) -> None:
    assert check_pdf(make_pdf(tmp_path)) == []


def test_a_pdf_that_lost_a_chapter_fails(tmp_path: Path) -> None:
    outline = ["Preface", *TITLES[:2], *TITLES[3:], *APPENDICES]
    (problem,) = check_pdf(make_pdf(tmp_path, outline=outline))
    assert "its outline lists" in problem
    assert TITLES[2] in problem


def test_a_pdf_without_a_figure_fails(tmp_path: Path) -> None:
    (problem,) = check_pdf(make_pdf(tmp_path, images=1))
    assert problem == "the PDF embeds 0 image(s) of 50×30 pixels for 1 figure(s): figure_1.png"


def test_a_missing_character_fails(tmp_path: Path) -> None:
    log = "Missing character: There is no 𠀀 (U+20000) in font [NotoSerifCJK-Regular.ttc]!\n"
    (problem,) = check_pdf(make_pdf(tmp_path, log=log))
    assert problem.startswith("Missing character: There is no 𠀀")


def test_a_line_in_the_margin_fails_but_not_rounding() -> None:
    log = (
        "Overfull \\hbox (12.5pt too wide) in paragraph at lines 40--41\n"
        "Overfull \\hbox (0.4pt too wide) in paragraph at lines 50--51\n"
    )
    assert log_problems(log) == [
        "a line runs 12.5 pt into the margin (in paragraph at lines 40--41)"
    ]


def test_a_book_without_a_chapter_of_the_examples_fails(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path)
    write_contents(pdf, figures(tmp_path), documents=CHAPTERS[1:])
    (problem,) = check_pdf(pdf)
    assert problem.startswith(f"examples/en/{Path(CHAPTERS[0]).name}.py: not a chapter")


# -- EPUB -------------------------------------------------------------------------------------------

OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:nnguide:test</dc:identifier>
    <dc:title>nnguide</dc:title>
    <dc:language>{language}</dc:language>
    <meta property="dcterms:modified">2026-12-05T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="chapter" href="chapter.xhtml" media-type="application/xhtml+xml"/>
{images}
  </manifest>
  <spine><itemref idref="chapter"/></spine>
</package>
"""
CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>t</title></head><body>{body}</body></html>
"""


def epub_files(folder: Path) -> dict[str, bytes | str]:
    """The files of a sound EPUB: a chapter showing both figures, a table of contents."""
    items = "\n".join(
        f'    <item id="i{n}" href="_images/figure_{n}.png" media-type="image/png"/>'
        for n in range(len(SIZES))
    )
    entries = "".join(
        f'<li><a href="chapter.xhtml#top">{title}</a></li>'
        for title in ["nnguide", *TITLES, *APPENDICES]
    )
    images = "".join(f'<img src="_images/figure_{n}.png" alt=""/>' for n in range(len(SIZES)))
    files: dict[str, bytes | str] = {
        "META-INF/container.xml": CONTAINER,
        "content.opf": OPF.format(language="en", images=items),
        "nav.xhtml": XHTML.format(body=f'<nav epub:type="toc"><ol>{entries}</ol></nav>'),
        "chapter.xhtml": XHTML.format(body=f'<p id="top">{images}</p>'),
    }
    for number, file in enumerate(figures(folder)):
        files[f"_images/figure_{number}.png"] = Path(file[0]).read_bytes()
    return files


def make_epub(
    folder: Path,
    change: Callable[[dict[str, bytes | str]], object] | None = None,
    *,
    compress_mimetype: bool = False,
) -> Path:
    """An EPUB from ``epub_files``, after ``change`` edits them."""
    files = epub_files(folder)
    if change is not None:
        change(files)
    epub = folder / "nnguide-en.epub"
    with zipfile.ZipFile(epub, "w") as book:
        mimetype = zipfile.ZIP_DEFLATED if compress_mimetype else zipfile.ZIP_STORED
        book.writestr("mimetype", "application/epub+zip", compress_type=mimetype)
        for name, data in files.items():
            book.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    write_contents(epub, figures(folder))
    return epub


def replace(name: str, old: str, new: str) -> Callable[[dict[str, bytes | str]], None]:
    """An edit of ``make_epub``: ``old`` replaced by ``new`` in file ``name``."""

    def change(files: dict[str, bytes | str]) -> None:
        text = files[name]
        assert isinstance(text, str)
        assert old in text
        files[name] = text.replace(old, new)

    return change


def test_a_sound_epub_passes(tmp_path: Path) -> None:
    assert check_epub(make_epub(tmp_path)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            replace("content.opf", ">en<", ">zh_CN<"),
            "dc:language is 'zh_CN', not the site's tag 'en'",
        ),
        (
            replace("chapter.xhtml", "</p>", "</div>"),
            "chapter.xhtml is not well-formed XML: mismatched tag",
        ),
        (
            replace("chapter.xhtml", "_images/figure_0.png", "_images/gone.png"),
            "chapter.xhtml: <img> points to _images/gone.png, which the book does not hold",
        ),
        (
            replace("nav.xhtml", "#top", "#nowhere"),
            "nav.xhtml: <a> points to #nowhere, not an id of chapter.xhtml",
        ),
        (
            replace("chapter.xhtml", "<p", '<img src="https://example.org/x.png" alt=""/><p'),
            "chapter.xhtml: <img> fetches https://example.org/x.png from the web",
        ),
        (
            replace("chapter.xhtml", "<p", "<script>alert(1)</script><p"),
            "chapter.xhtml runs a script (an e-reader may refuse it)",
        ),
        (
            lambda files: files.update({"extra.css": "p {}"}),
            "extra.css is in the book but not in its manifest",
        ),
        (
            replace("content.opf", 'media-type="image/png"/>', 'media-type="image/jpeg"/>'),
            "_images/figure_0.png is listed as image/jpeg, not image/png",
        ),
        (
            replace("content.opf", ' properties="nav"', ""),
            'no manifest item is the navigation document (properties="nav")',
        ),
        (
            replace("content.opf", '<itemref idref="chapter"/>', '<itemref idref="i0"/>'),
            "the spine lists 'i0', no XHTML document",
        ),
        (
            replace("content.opf", "2026-12-05T00:00:00Z", "5 December 2026"),
            "dcterms:modified must be one date like",
        ),
        (replace("nav.xhtml", f">{TITLES[-1]}<", ">Chapter 99<"), "its table of contents lists"),
        (
            replace("chapter.xhtml", '<img src="_images/figure_1.png" alt=""/>', ""),
            "no page of the EPUB shows the figure figure_1.png",
        ),
    ],
)
def test_a_broken_epub_fails(
    tmp_path: Path, change: Callable[[dict[str, bytes | str]], None], expected: str
) -> None:
    problems = check_epub(make_epub(tmp_path, change))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_an_epub_with_a_compressed_mimetype_fails(tmp_path: Path) -> None:
    problems = check_epub(make_epub(tmp_path, compress_mimetype=True))
    assert problems == ["'mimetype' must be stored uncompressed, without extra fields"]
