"""Publishing metadata: the base URL, canonical and hreflang links, the sitemap, social previews,
the 404 page (docs/_ext/site_urls.py, sitemap.py, social_meta.py, not_found.py).

The site tests read the site built without a base URL (``site``: what a reader builds and opens
locally) and a quick build published at ``BASE`` (``published_site``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest
from docutils.core import publish_doctree
from language_links import links, switcher_problems
from PIL import Image
from quick_site import copy_sources, quick_build
from site_facts import DOCS, LANGS, LANGUAGES
from site_urls import base_url
from social_meta import CARD, CARD_SIZE, draw_card, first_paragraph
from sphinx.errors import ConfigError

BASE = "https://example.org/nnguide/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
CJK = re.compile(r"[\u4e00-\u9fff]")
GENERATED = {"search.html", "genindex.html", "py-modindex.html"}
"""Pages Sphinx writes without a source, which the sitemap leaves out (and ``_modules/``)."""


def documents(site: Path, lang: str) -> list[str]:
    """The pages of the ``lang`` site built from a source, relative to its folder."""
    return sorted(
        path.relative_to(site / lang).as_posix()
        for path in (site / lang).rglob("*.html")
        if not {"_static", "_modules"} & set(path.relative_to(site / lang).parts)
        and path.relative_to(site / lang).as_posix() not in GENERATED
    )


def all_pages(site: Path, lang: str) -> list[Path]:
    """Every page of the ``lang`` site."""
    return sorted(p for p in (site / lang).rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built (quickly) as published at ``BASE``."""
    out = tmp_path_factory.mktemp("published")
    return quick_build(copy_sources(out / "sources"), out, "-D", f"nnguide_base_url={BASE}")


# -- The setting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("", ""),
        ("  ", ""),
        (BASE, BASE),
        (BASE.rstrip("/"), BASE),
        ("http://x.org", "http://x.org/"),
    ],
)
def test_the_base_url_is_the_site_root_with_a_final_slash(given: str, expected: str) -> None:
    assert base_url(SimpleNamespace(nnguide_base_url=given)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "given", ["example.org/nnguide/", "/nnguide/", "ftp://x.org/", f"{BASE}?v=1"]
)
def test_a_base_url_that_is_not_an_absolute_web_address_stops_the_build(given: str) -> None:
    with pytest.raises(ConfigError, match="absolute address of the site's root"):
        base_url(SimpleNamespace(nnguide_base_url=given))  # type: ignore[arg-type]


def test_the_description_is_the_first_paragraph_of_running_text() -> None:
    doctree = publish_doctree(
        "Title\n=====\n\n.. note::\n\n   Go to the end to download.\n\n"
        "The  perceptron\nlearns.\n\nMore.\n"
    )
    assert first_paragraph(doctree) == "The perceptron learns."


def test_the_card_is_a_large_preview_drawn_the_same_each_time() -> None:
    card = draw_card("zh", "用 PyTorch 学神经网络", "中英双语教程，每个示例都能运行")
    assert Image.open(io.BytesIO(card)).size == CARD_SIZE == (1200, 630)
    assert draw_card("zh", "用 PyTorch 学神经网络", "中英双语教程，每个示例都能运行") == card


# -- Non-HTML builds: no metadata, no files -------------------------------------------------------


def tiny_site(folder: Path) -> Path:
    """A one-page English site with the publishing extensions, in ``folder/en``."""
    source = folder / "en"
    source.mkdir(parents=True)
    conf = f"""
        import sys
        sys.path.insert(0, {str(DOCS / "_ext")!r})
        project = "nnguide"
        language = "en"
        templates_path = [{str(DOCS / "_templates")!r}]
        extensions = ["site_languages", "sitemap", "social_meta", "not_found"]
        nnguide_base_url = {BASE!r}
    """
    (source / "conf.py").write_text(textwrap.dedent(conf), encoding="utf-8")
    (source / "index.rst").write_text("Title\n=====\n\nThe first words.\n", encoding="utf-8")
    return source


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_only_the_web_site_gets_publishing_metadata_and_files(tmp_path: Path, builder: str) -> None:
    source = tiny_site(tmp_path)
    out = tmp_path / "out" / "en"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-d", str(tmp_path / "doctrees"),
         str(source), str(out)],
        check=True,
    )  # fmt: skip
    written = {path.name for path in out.parent.iterdir()} | {p.name for p in out.iterdir()}
    files = {"404.html", "sitemap.xml", "robots.txt"} & written
    page = (out / ("index.xhtml" if builder == "epub" else "index.html")).read_text(
        encoding="utf-8"
    )
    tags = re.findall(r'(?:property|name)="(og:\w+|twitter:\w+)"|rel="(canonical)"', page)
    hreflang = "hreflang=" in page
    if builder == "html":
        assert files == {"404.html", "sitemap.xml"}  # robots.txt only at a host's root
        assert ("og:title", "") in tags
        assert ("", "canonical") in tags
        assert hreflang
    else:
        assert files == set()
        assert [tag for tag in tags if tag != ("", "canonical")] == []
        assert not hreflang


# -- The site as a reader builds it: no base URL ---------------------------------------------------


def local_problems(site: Path) -> Iterator[str]:
    """What a build without a base URL must not claim or lack: no canonical address, no sitemap;
    every page's social tags in its language, with an image that is there."""
    for name in ("sitemap.xml", "robots.txt", *(f"{lang}/sitemap.xml" for lang in LANGS)):
        if (site / name).exists():
            yield f"{name} was written without a base URL"
    for lang in LANGS:
        for page in all_pages(site, lang):
            found = links(page)
            if found.canonical is not None or "og:url" in found.meta:
                yield f"{page}: claims an address, {found.canonical} {found.meta.get('og:url')}"
            meta = {name: values[0] for name, values in found.meta.items()}
            for name in (
                "og:description",
                "og:image:alt",
                "twitter:image:alt",
            ):  # titles: names too
                if bool(CJK.search(meta.get(name, ""))) != (lang == "zh"):
                    yield f"{page}: {name} is not in the page's language: {meta.get(name)!r}"
            image = (page.parent / meta.get("og:image", "none")).resolve()
            if image != (site / lang / "_static" / CARD).resolve() or not image.is_file():
                yield f"{page}: og:image {meta.get('og:image')!r} is not the language's card"


def test_a_local_build_claims_no_address_and_previews_in_its_language(site: Path) -> None:
    assert list(local_problems(site)) == []


def test_a_local_build_that_claims_an_address_or_previews_in_english_is_caught(
    site: Path, tmp_path: Path
) -> None:
    for lang in LANGS:
        shutil.copytree(site / lang, tmp_path / lang, ignore=shutil.ignore_patterns("_*"))
        (tmp_path / lang / "_static").mkdir()
        shutil.copy(site / lang / "_static" / CARD, tmp_path / lang / "_static")
    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    page = tmp_path / "zh" / "next.html"
    text = page.read_text(encoding="utf-8")
    description = re.search(r'property="og:description" content="([^"]*)"', text)
    assert description is not None
    page.write_text(
        text.replace(description.group(1), "Where to go next").replace(
            "<head>", '<head><link rel="canonical" href="https://example.org/zh/next.html">'
        ),
        encoding="utf-8",
    )
    problems = list(local_problems(tmp_path))
    assert "sitemap.xml was written without a base URL" in problems
    assert any("next.html: claims an address" in p for p in problems)
    assert any("next.html: og:description is not in the page's language" in p for p in problems)


def test_a_page_without_x_default_is_caught(site: Path, tmp_path: Path) -> None:
    for lang in LANGS:
        shutil.copytree(site / lang, tmp_path / lang, ignore=shutil.ignore_patterns("_*"))
    (tmp_path / "index.html").write_text("root", encoding="utf-8")
    assert list(switcher_problems(tmp_path, LANGUAGES)) == []
    page = tmp_path / LANGS[0] / "next.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r'<link rel="alternate" hreflang="x-default"[^>]*>', "", text))
    assert list(switcher_problems(tmp_path, LANGUAGES)) == [
        f"{page}: its hreflang alternates are {sorted(LANGUAGES[code].tag for code in LANGS)}"
    ]


# -- The site as published at BASE ----------------------------------------------------------------


def published_problems(site: Path, base: str) -> Iterator[str]:
    """What is wrong with the addresses of every page of a site published at ``base``: its
    canonical address and og:url, its alternates (every language and x-default) and its image."""
    for lang in LANGS:
        for page in all_pages(site, lang):
            path = page.relative_to(site / lang).as_posix()
            found = links(page)
            address = f"{base}{lang}/{path}"
            if found.canonical != address or found.meta.get("og:url") != [address]:
                yield f"{page}: canonical {found.canonical}, og:url {found.meta.get('og:url')}"
            expected = {each.tag: f"{base}{code}/{path}" for code, each in LANGUAGES.items()}
            if found.alternates != {**expected, "x-default": f"{base}index.html"}:
                yield f"{page}: its alternates are {found.alternates}"
            card = f"{base}{lang}/_static/{CARD}"
            if found.meta.get("og:image") != [card] or found.meta.get("twitter:image") != [card]:
                yield f"{page}: its image is {found.meta.get('og:image')}"


def sitemap_problems(site: Path, base: str) -> Iterator[str]:
    """What is wrong with the sitemaps of a site published at ``base``: the root's index lists one
    sitemap per language; each lists every page built from a source once, with its alternates."""
    index = ET.parse(site / "sitemap.xml").getroot()
    listed = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    if index.tag != f"{SITEMAP}sitemapindex" or listed != [f"{base}{c}/sitemap.xml" for c in LANGS]:
        yield f"the sitemap index lists {listed}"
    for lang in LANGS:
        urlset = ET.parse(site / lang / "sitemap.xml").getroot()
        entries = {}
        for url in urlset.iter(f"{SITEMAP}url"):
            loc = url.findtext(f"{SITEMAP}loc", "")
            entries[loc] = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
        pages = documents(site, lang)
        expected = {f"{base}{lang}/{path}": path for path in pages}
        if sorted(entries) != sorted(expected):
            missing, extra = set(expected) - set(entries), set(entries) - set(expected)
            yield f"{lang}/sitemap.xml lacks {sorted(missing)} and lists {sorted(extra)}"
        for loc, alternates in entries.items():
            path = expected.get(loc, "")
            wanted = {each.tag: f"{base}{code}/{path}" for code, each in LANGUAGES.items()}
            if alternates != {**wanted, "x-default": f"{base}index.html"}:
                yield f"{lang}/sitemap.xml: {loc} has the alternates {alternates}"


@pytest.mark.site
def test_every_published_page_names_its_absolute_addresses(published_site: Path) -> None:
    assert list(published_problems(published_site, BASE)) == []


@pytest.mark.site
def test_the_sitemap_lists_every_page_of_every_language_with_its_alternates(
    published_site: Path,
) -> None:
    assert len(documents(published_site, "en")) > 30
    assert list(sitemap_problems(published_site, BASE)) == []
    assert not (published_site / "robots.txt").exists()  # BASE is a folder of its host


@pytest.mark.site
def test_wrong_addresses_and_an_incomplete_sitemap_are_caught(
    published_site: Path, tmp_path: Path
) -> None:
    for name in ("sitemap.xml", *(f"{lang}/sitemap.xml" for lang in LANGS), "en/next.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(published_site / name, tmp_path / name)
    for lang in LANGS:  # the pages the sitemap should list, as empty files
        for path in documents(published_site, lang):
            (tmp_path / lang / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / lang / path).touch()
    page = tmp_path / "en" / "next.html"
    page.write_text(
        (published_site / "en" / "next.html").read_text(encoding="utf-8").replace(BASE, "/"),
        encoding="utf-8",
    )
    sitemap = tmp_path / "zh" / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    sitemap.write_text(re.sub(r"<url><loc>[^<]*/zh/next\.html</loc>.*?</url>\n", "", text))
    problems = [p for p in published_problems(tmp_path, BASE) if p.startswith(str(page))]
    assert any("canonical /en/next.html" in p for p in problems)
    assert any("its alternates are" in p for p in problems)
    assert list(sitemap_problems(tmp_path, BASE)) == [
        f"zh/sitemap.xml lacks ['{BASE}zh/next.html'] and lists []"
    ]


# -- The 404 page ---------------------------------------------------------------------------------

ROOTED = re.compile(r'(?:href|src)="([^"#]*)"')


def not_found_problems(site: Path, path: str) -> Iterator[str]:
    """What is wrong with the 404 page of a site served at ``path`` on its host: each address it
    loads or links to starts at that path and names a file of the site."""
    text = (site / "404.html").read_text(encoding="utf-8")
    addresses = ROOTED.findall(text)
    if len(addresses) < 2 + 2 * len(LANGS):  # a stylesheet, the icon, each home page and search
        yield f"the 404 page holds only {addresses}"
    for address in addresses:
        if not address.startswith(path) or not (site / address.removeprefix(path)).is_file():
            yield f"the 404 page links to {address}, not a file under {path}"


def test_the_404_page_works_from_any_depth(site: Path) -> None:
    assert list(not_found_problems(site, "/")) == []


@pytest.mark.site
def test_the_published_404_page_starts_at_the_site_path(published_site: Path) -> None:
    assert list(not_found_problems(published_site, "/nnguide/")) == []
    assert list(not_found_problems(published_site, "/")) != []


def test_a_404_page_with_relative_links_is_caught(site: Path, tmp_path: Path) -> None:
    for lang in LANGS:
        (tmp_path / lang).symlink_to((site / lang).resolve(), target_is_directory=True)
    text = (site / "404.html").read_text(encoding="utf-8")
    (tmp_path / "404.html").write_text(text.replace('href="/', 'href="'), encoding="utf-8")
    problems = list(not_found_problems(tmp_path, "/"))
    assert any("links to en/_static/styles/theme.css, not a file under /" in p for p in problems)
