"""The built site: a language switch on every page that leads somewhere, no CDN, Chinese search.

By default the site is built here without executing the examples (a quick build of every page).
Set ``NNGUIDE_SITE=docs/_build/html`` to check the full site that ``nox -s docs`` built instead.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from figure_numbers import UNGROUPED_NUMBER
from language_links import root_page_problems, switcher_problems
from site_facts import LANGS, LANGUAGES

# Hosts that serve scripts, styles and fonts to other sites.
CDN_HOSTS = re.compile(
    r"(^|\.)cdn\.|\.cdn\.|^cdn|(^|\.)(jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|googleapis\.com|"
    r"gstatic\.com|code\.jquery\.com|datatables\.net|bootstrapcdn\.com|use\.fontawesome\.com|"
    r"kit\.fontawesome\.com|polyfill\.io|statically\.io|cloudflare\.com)$",
    re.IGNORECASE,
)
URL = re.compile(r"""https?://[^\s"'<>`)\\]+""")
LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "link": "href"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag in LOADS and (tag != "link" or attr.get("rel") in {"stylesheet", "preload", "icon"}):
            self.loads.append(attr.get(LOADS[tag], ""))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path, lang: str) -> list[Path]:
    pages = sorted(p for p in (site / lang).rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 5
    return pages


def test_every_page_switches_to_the_same_page_in_the_other_languages(site: Path) -> None:
    assert list(switcher_problems(site, LANGUAGES)) == []


def test_a_wrong_switch_is_caught(site: Path, tmp_path: Path) -> None:
    for lang in LANGS:
        shutil.copytree(site / lang, tmp_path / lang, ignore=shutil.ignore_patterns("_*"))
    page = tmp_path / LANGS[-1] / "next.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(f"{LANGS[0]}/next.html", f"{LANGS[0]}/index.html")
    )
    assert any(
        "next.html switches to" in problem for problem in switcher_problems(tmp_path, LANGUAGES)
    )


def test_root_index_offers_every_language_and_follows_the_browser(site: Path) -> None:
    assert list(root_page_problems(site, LANGUAGES)) == []
    text = (site / "index.html").read_text(encoding="utf-8")
    assert 'window.location.replace(nnguideChosenLanguage(languages) + "/index.html")' in text


def test_nothing_points_to_a_cdn(site: Path) -> None:
    offenders = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".js", ".css"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{path.relative_to(site)}: {url}"
            for url in URL.findall(text)
            if CDN_HOSTS.search(urlsplit(url).hostname or "")
        ]
        if path.suffix == ".html":
            offenders += [
                f"{path.relative_to(site)} loads {src}"
                for src in _parse(path).loads
                if urlsplit(src).scheme in {"http", "https"}
            ]
        if path.suffix == ".css":
            offenders += [
                f"{path.relative_to(site)}: {m}"
                for m in re.findall(
                    r"url\(\s*['\"]?https?://[^)]*\)|@import\s+['\"]?https?://\S+", text
                )
            ]
    assert offenders == []


@pytest.mark.parametrize("lang", LANGS)
def test_math_is_served_locally(site: Path, lang: str) -> None:
    page = site / lang / "auto_examples" / "plot_01_perceptron.html"
    loads = _parse(page).loads
    # Sphinx adds a ?v=<checksum> query once the file exists in the output (a rebuild)
    mathjax = [urlsplit(src).path for src in loads if "mathjax" in src]
    assert mathjax == ["../_static/mathjax/tex-chtml.js"]
    assert (site / lang / "_static/mathjax/tex-chtml.js").is_file()
    assert (
        site / lang / "_static/mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff"
    ).is_file()


@pytest.mark.parametrize(
    ("lang", "word", "page"),
    [
        ("zh", "感知机", "auto_examples/plot_01_perceptron"),
        ("en", "perceptron", "auto_examples/plot_01_perceptron"),
    ],
)
def test_search_index_finds_the_perceptron_chapter(
    site: Path, lang: str, word: str, page: str
) -> None:
    text = (site / lang / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    doc = index["docnames"].index(page)

    def found(table: str) -> bool:
        hits = index[table].get(word, [])
        return doc in ([hits] if isinstance(hits, int) else hits)

    # Sphinx files a word of a page's title under titleterms, the rest of its text under terms.
    assert found("titleterms") or found("terms"), (
        f"{word!r} does not lead to {page} in the {lang} index"
    )
    assert len(index["terms"]) > 100


def test_zh_pages_use_chinese_interface_text(site: Path) -> None:
    text = (site / "zh" / "auto_examples" / "plot_01_perceptron.html").read_text(encoding="utf-8")
    for english in (
        "Collapse Sidebar",
        "Download Python source code",
        "Go to the end",
        "On this page",
    ):
        assert english not in text
    for chinese in ("收起侧边栏", "跳到页尾", "下载"):
        assert chinese in text


CODE_AND_MATH = re.compile(
    r'<div class="highlight-(?!none)[^"]*">.*?</pre></div>\s*</div>'  # code blocks, not output
    r"|<code\b.*?</code>|<span class=\"math[^\"]*\">.*?</span>|<div class=\"math[^\"]*\">.*?</div>"
    r"|<(script|style)\b.*?</\1>",
    re.DOTALL,
)
SHAPE = re.compile(
    r"\(\d[\d, ]*\)|\[\d[\d, ]*\]"
)  # (60000, 784): a tensor's shape, as Python prints it


def ungrouped_numbers(page: str) -> list[str]:
    """Numbers of five or more digits in a page's prose and printed output without their commas."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", CODE_AND_MATH.sub(" ", page)))
    text = SHAPE.sub(" ", text)
    return [
        text[max(0, m.start() - 20) : m.end() + 10].strip() for m in UNGROUPED_NUMBER.finditer(text)
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_large_numbers_group_their_thousands_with_commas(site: Path, lang: str) -> None:
    """One convention in both languages, prose and printed output alike: 60,000 and 235,146.
    (The figures are checked as they are drawn: docs/_ext/figure_numbers.py.)"""
    found = [
        f"{page.relative_to(site)}: {context!r}"
        for page in _pages(site, lang)
        # the API reference and the source listings (_modules) are code and docstrings
        if not {"api", "_modules"} & set(page.relative_to(site / lang).parts)
        for context in ungrouped_numbers(page.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_number_check_finds_ungrouped_numbers_outside_code_and_shapes() -> None:
    page = (
        '<p>训练图像 60000 张，共 235,146 个参数</p><div class="highlight-Python notranslate">'
        '<div class="highlight"><pre>n = 60000</pre></div>\n</div>'
        '<div class="sphx-glr-script-out highlight-none"><div class="highlight"><pre>'
        "images (60000, 784); 12345 mistakes</pre></div></div>"
    )
    found = ungrouped_numbers(page)
    assert [UNGROUPED_NUMBER.search(context).group() for context in found] == ["60000", "12345"]  # type: ignore[union-attr]
    assert "训练图像 60000 张" in found[0]
