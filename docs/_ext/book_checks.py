"""Check the books that ``nox -s book`` built: each PDF and EPUB against what its sources hold.

``python docs/_ext/book_checks.py [<code> ...]`` checks each language's book (all by default) and
prints one line per book, or every problem it found and exits with status 1. What each book must
hold comes from ``<name>.contents.json``, which the book build writes from Sphinx's environment
(``book.py``): its chapters and appendices in order, and every figure's image files.

The PDF (``docs/_build/latex/<code>/``):

- its outline (the bookmarks) ends with exactly the book's chapters and appendices, in order, and
  the chapters include every chapter of ``examples/<code>``;
- every figure is embedded: an image of its pixel size for each figure;
- XeLaTeX's log names no missing character (a glyph that no font of the book has) and no line of
  text or code that runs into the margin.

The EPUB (``docs/_build/epub/<code>/``), a structural check in the spirit of epubcheck:

- the container: ``mimetype`` first and uncompressed, ``META-INF/container.xml`` naming the package
  document; the package's identifier, title, language (the site's tag) and modification date;
- the manifest lists every file of the book and only those, each with the media type of its
  suffix, and one navigation document; the spine lists only XHTML documents of the manifest;
- every XHTML document and SVG image is well-formed XML; every link and image inside the book
  leads to a file of the manifest (and to an ``id`` in it, for a link with a fragment); no
  resource is fetched from the web, no document runs a script, and each page with MathML says so
  in the manifest (``properties="mathml"``);
- its table of contents ends with the book's chapters and appendices, and every figure is there.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import Destination
from site_facts import CHAPTER_PREFIX, EXAMPLES, GALLERY_DIR, LANGS, LANGUAGES, built_book

OVERFULL_TOLERANCE_PT = 1.0
"""A line may run this far into the margin before it counts as sticking out (TeX's rounding)."""
MEDIA_TYPES = {
    ".xhtml": "application/xhtml+xml",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".css": "text/css",
    ".ncx": "application/x-dtbncx+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
}
"""The media type a manifest gives each suffix (EPUB 3's core media types)."""
NS = {
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "svg": "http://www.w3.org/2000/svg",
    "mathml": "http://www.w3.org/1998/Math/MathML",
}
MODIFIED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
"""The form of ``dcterms:modified`` that EPUB 3 requires."""


def load_contents(book: Path) -> dict[str, Any]:
    """What ``book`` must hold: the ``.contents.json`` its build wrote beside it."""
    path = book.with_name(f"{book.stem}.contents.json")
    if not path.is_file():
        msg = f"{path} does not exist: build the book with `nox -s book`, which writes it"
        raise FileNotFoundError(msg)
    contents: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return contents


def expected_parts(contents: dict[str, Any]) -> list[str]:
    """The titles of the book's chapters, then of its appendices."""
    return [*contents["chapters"], *contents["appendices"]]


def missing_chapters(contents: dict[str, Any], examples: Path = EXAMPLES) -> list[str]:
    """The chapters of ``examples/<code>`` that the book's contents leave out."""
    code = contents["language"]
    documents = set(contents["documents"])
    return [
        f"examples/{code}/{example.name}: not a chapter of the book (docs/{code}/book.md)"
        for example in sorted((examples / code).glob(f"{CHAPTER_PREFIX}*.py"))
        if f"{GALLERY_DIR}/{example.stem}" not in documents
    ]


def parts_problem(found: list[str], contents: dict[str, Any], where: str) -> list[str]:
    """A problem when the titles ``found`` do not end with the book's chapters and appendices."""
    expected = expected_parts(contents)
    if found[-len(expected) :] == expected:
        return []
    return [
        (
            f"{where} lists {len(found)} parts, {found}, which should end with the "
            f"{len(contents['chapters'])} chapters and {len(contents['appendices'])} appendices "
            f"{expected}"
        )
    ]


# -- The PDF --------------------------------------------------------------------------------------


def outline_titles(reader: PdfReader) -> list[str]:
    """The titles of the PDF's top-level bookmarks, in order."""
    return [str(item.title) for item in reader.outline if isinstance(item, Destination)]


def image_sizes(reader: PdfReader) -> Counter[tuple[int, int]]:
    """How many embedded images of each pixel size (width, height) the PDF holds."""
    sizes: Counter[tuple[int, int]] = Counter()
    seen: set[int] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        if not xobjects:
            continue
        for reference in xobjects.get_object().values():
            key = getattr(reference, "idnum", id(reference))
            image = reference.get_object()
            if key in seen or image.get("/Subtype") != "/Image":
                continue
            seen.add(key)
            sizes[int(image["/Width"]), int(image["/Height"])] += 1
    return sizes


def figure_size(files: list[str]) -> tuple[int, int]:
    """The pixel size of a figure as a book prints it: its first (sharpest) file."""
    with Image.open(files[0]) as image:
        return image.size


def missing_figures(sizes: Counter[tuple[int, int]], contents: dict[str, Any]) -> list[str]:
    """The figures of the book that no embedded image of their size can be."""
    figures = {tuple(files): figure_size(files) for files in contents["figures"]}  # read once
    expected = Counter(figures.values())
    problems = []
    for size, count in sorted(expected.items()):
        if sizes[size] < count:
            names = [Path(files[0]).name for files, each in figures.items() if each == size]
            problems.append(
                f"the PDF embeds {sizes[size]} image(s) of {size[0]}×{size[1]} pixels for "
                f"{count} figure(s): {', '.join(names)}"
            )
    return problems


def log_problems(log: str) -> list[str]:
    """XeLaTeX's complaints that leave a mark on the page: missing characters, lines too wide."""
    problems = sorted(set(re.findall(r"Missing character: There is no .*", log)))
    for match in re.finditer(r"Overfull \\hbox \(([\d.]+)pt too wide\) (.*)", log):
        if float(match[1]) > OVERFULL_TOLERANCE_PT:
            problems.append(f"a line runs {match[1]} pt into the margin ({match[2]})")
    return problems


def check_pdf(pdf: Path) -> list[str]:
    """Every problem of the PDF ``pdf`` (beside it: its XeLaTeX log and contents)."""
    if not pdf.is_file():
        return [f"{pdf} does not exist: build it with `nox -s book`"]
    contents = load_contents(pdf)
    reader = PdfReader(pdf)
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    return [
        *missing_chapters(contents),
        *parts_problem(outline_titles(reader), contents, "its outline"),
        *missing_figures(image_sizes(reader), contents),
        *log_problems(log),
    ]


# -- The EPUB -------------------------------------------------------------------------------------


def parse_xml(book: zipfile.ZipFile, name: str, problems: list[str]) -> ET.Element | None:
    """The XML document ``name`` of the book, or None (and a problem) when it is not well-formed."""
    try:
        return ET.fromstring(book.read(name))
    except ET.ParseError as error:
        problems.append(f"{name} is not well-formed XML: {error}")
    except KeyError:
        problems.append(f"{name} is not in the book")
    return None


def container_problems(book: zipfile.ZipFile) -> tuple[list[str], str | None]:
    """The ``mimetype`` entry and the container; the package document's name."""
    problems = []
    entries = book.infolist()
    first = entries[0] if entries else None
    if first is None or first.filename != "mimetype":
        problems.append("the first entry of the zip is not 'mimetype'")
    elif first.compress_type != zipfile.ZIP_STORED or first.extra:
        problems.append("'mimetype' must be stored uncompressed, without extra fields")
    elif book.read("mimetype") != b"application/epub+zip":
        problems.append("'mimetype' does not say application/epub+zip")
    container = parse_xml(book, "META-INF/container.xml", problems)
    rootfile = None if container is None else container.find(".//container:rootfile", NS)
    if container is not None and (
        rootfile is None or rootfile.get("media-type") != "application/oebps-package+xml"
    ):
        problems.append("META-INF/container.xml names no package document")
        return problems, None
    return problems, None if rootfile is None else rootfile.get("full-path")


def metadata_problems(package: ET.Element, tag: str) -> list[str]:
    """The package's identifier, title, language and modification date."""
    problems = []
    unique = package.get("unique-identifier")
    identifiers = package.findall("opf:metadata/dc:identifier", NS)
    if not any(each.get("id") == unique and (each.text or "").strip() for each in identifiers):
        problems.append(f"no dc:identifier with the package's unique-identifier {unique!r}")
    if not (package.findtext("opf:metadata/dc:title", "", NS)).strip():
        problems.append("no dc:title")
    language = package.findtext("opf:metadata/dc:language", "", NS)
    if language != tag:
        problems.append(f"dc:language is {language!r}, not the site's tag {tag!r}")
    modified = [
        each.text or ""
        for each in package.findall("opf:metadata/opf:meta", NS)
        if each.get("property") == "dcterms:modified"
    ]
    if len(modified) != 1 or not MODIFIED.fullmatch(modified[0]):
        problems.append(f"dcterms:modified must be one date like 2026-01-31T12:00:00Z: {modified}")
    return problems


def resolve(base: str, reference: str) -> str:
    """The zip entry that ``reference`` (relative, no fragment) in document ``base`` points to."""
    parts: list[str] = []
    for part in (*PurePosixPath(base).parent.parts, *PurePosixPath(unquote(reference)).parts):
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def references(document: ET.Element) -> Iterator[tuple[str, str, str]]:
    """Each (element tag, attribute, value) of a document that points to another file."""
    for element in document.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        for attribute in ("href", "src", "{http://www.w3.org/1999/xlink}href"):
            value = element.get(attribute)
            if value:
                yield tag, attribute, value


def epub_documents_problems(
    book: zipfile.ZipFile, manifest: dict[str, tuple[str, str]], nav: str | None
) -> tuple[list[str], set[str]]:
    """Every XHTML document and SVG image: well-formed, links inside the book, no scripts."""
    problems: list[str] = []
    documents: dict[str, ET.Element] = {}
    for name, (media_type, _properties) in manifest.items():
        if media_type in {"application/xhtml+xml", "image/svg+xml"}:
            parsed = parse_xml(book, name, problems)
            if parsed is not None:
                documents[name] = parsed
    ids = {
        name: {element.get("id") for element in document.iter() if element.get("id")}
        for name, document in documents.items()
    }
    shown: set[str] = set()
    names = set(book.namelist())
    for name, document in documents.items():
        tags = {element.tag for element in document.iter()}
        if any(tag.rsplit("}", 1)[-1] == "script" for tag in tags):
            problems.append(f"{name} runs a script (an e-reader may refuse it)")
        if f"{{{NS['mathml']}}}math" in tags and "mathml" not in manifest[name][1].split():
            problems.append(f'{name} holds MathML, but its manifest item lacks properties="mathml"')
        for tag, _attribute, value in references(document):
            parts = urlsplit(value)
            if parts.scheme == "data":  # inside the document itself
                continue
            if parts.scheme or parts.netloc:
                if tag != "a":  # a link to the web is fine; a resource from it is not
                    problems.append(f"{name}: <{tag}> fetches {value} from the web")
                continue
            target = resolve(name, parts.path) if parts.path else name
            if target not in manifest or target not in names:
                problems.append(f"{name}: <{tag}> points to {value}, which the book does not hold")
            elif parts.fragment and target in ids and parts.fragment not in ids[target]:
                problems.append(
                    f"{name}: <{tag}> points to #{parts.fragment}, not an id of {target}"
                )
            if tag in {"img", "image"}:
                shown.add(target)
    if nav is not None and nav not in documents:
        problems.append(f"the navigation document {nav} cannot be read")
    return problems, shown


def nav_titles(book: zipfile.ZipFile, nav: str) -> list[str]:
    """The top-level entries of the EPUB's table of contents."""
    document = ET.fromstring(book.read(nav))
    toc = next(
        (
            each
            for each in document.iter(f"{{{NS['xhtml']}}}nav")
            if each.get(f"{{{NS['epub']}}}type") == "toc"
        ),
        None,
    )
    if toc is None:
        return []
    top = toc.find("xhtml:ol", NS)
    return [
        " ".join("".join(item.find("xhtml:a", NS).itertext()).split())  # type: ignore[union-attr]
        for item in ([] if top is None else top.findall("xhtml:li", NS))
        if item.find("xhtml:a", NS) is not None
    ]


def check_epub(epub: Path) -> list[str]:
    """Every problem of the EPUB ``epub`` (beside it: its contents)."""
    if not epub.is_file():
        return [f"{epub} does not exist: build it with `nox -s book`"]
    contents = load_contents(epub)
    tag = LANGUAGES[contents["language"]].tag
    with zipfile.ZipFile(epub) as book:
        problems, package_name = container_problems(book)
        package = None if package_name is None else parse_xml(book, package_name, problems)
        if package is None or package_name is None:
            return problems
        problems += metadata_problems(package, tag)
        manifest: dict[str, tuple[str, str]] = {}
        ids: dict[str, str] = {}
        nav = None
        for item in package.findall("opf:manifest/opf:item", NS):
            name = resolve(package_name, item.get("href", ""))
            media_type = item.get("media-type", "")
            properties = item.get("properties", "")
            manifest[name] = (media_type, properties)
            ids[item.get("id", "")] = name
            suffix = PurePosixPath(name).suffix.lower()
            if MEDIA_TYPES.get(suffix, media_type) != media_type:
                problems.append(f"{name} is listed as {media_type}, not {MEDIA_TYPES[suffix]}")
            if "nav" in properties.split():
                nav = name
        files = {
            each.filename
            for each in book.infolist()
            if not each.is_dir() and each.filename != "mimetype"
            if not each.filename.startswith("META-INF/") and each.filename != package_name
        }
        problems += [
            f"{name} is in the manifest but not in the book" for name in manifest.keys() - files
        ]
        problems += [
            f"{name} is in the book but not in its manifest" for name in files - manifest.keys()
        ]
        if nav is None:
            problems.append('no manifest item is the navigation document (properties="nav")')
        for itemref in package.findall("opf:spine/opf:itemref", NS):
            name = ids.get(itemref.get("idref", ""), "")
            if manifest.get(name, ("",))[0] != "application/xhtml+xml":
                problems.append(f"the spine lists {itemref.get('idref')!r}, no XHTML document")
        document_problems, shown = epub_documents_problems(book, manifest, nav)
        problems += document_problems
        if nav is not None and nav in files:
            problems += parts_problem(nav_titles(book, nav), contents, "its table of contents")
    problems += missing_chapters(contents)
    shown_names = {PurePosixPath(each).name for each in shown}
    for files in contents["figures"]:
        if not shown_names & {Path(each).name for each in files}:
            problems.append(f"no page of the EPUB shows the figure {Path(files[0]).name}")
    return problems


def main(codes: list[str]) -> int:
    """Check the books of ``codes`` (every language when empty); print what was found."""
    failed = False
    for code in codes or LANGS:
        for book, check in (
            (built_book(code, "pdf"), check_pdf),
            (built_book(code, "epub"), check_epub),
        ):
            problems = check(book)
            if problems:
                failed = True
                print(f"{book}: {len(problems)} problem(s)")
                print("\n".join(f"  {problem}" for problem in problems))
            else:
                print(f"{book}: fine ({book.stat().st_size / 1e6:.1f} MB)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
