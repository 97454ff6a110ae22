"""Every page of both languages, as a reader uses it, in Chromium."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import site_facts
from checks import (
    check_accessibility,
    check_alternates,
    check_chinese_interface,
    check_downloads,
    check_figure_text,
    check_found,
    check_images,
    check_language,
    check_math,
    check_not_found_page,
    check_nothing_moves,
    check_page_bytes,
    check_phrase_first,
    check_players,
    check_printed_stills,
    check_search,
    check_social_metadata,
    check_teacher_among,
    check_teacher_first,
    check_zip,
    load,
    says,
    search_results,
    zip_links,
)
from conftest import SITE, serve
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from search_queries import (
    body_queries,
    chapters,
    glossary_terms,
    headings,
    other_names,
    page_text,
    teaching_chapters,
)

SKIP_FOLDERS = {"_static", "_sources", "_downloads", "_images"}
PAGES = sorted(
    p.relative_to(SITE).as_posix()
    for lang in site_facts.LANGS
    for p in (SITE / lang).rglob("*.html")
    if not SKIP_FOLDERS & set(p.relative_to(SITE / lang).parts)
)
EXAMPLES = sorted(
    p.stem for p in (site_facts.EXAMPLES / "en").glob(f"{site_facts.CHAPTER_PREFIX}*.py")
)
SHOTS = site_facts.SCREENSHOTS


def test_every_page_of_both_languages_is_checked() -> None:
    assert len(PAGES) > 40, "build the site first: nox -s docs"
    for lang in site_facts.LANGS:
        assert f"{lang}/index.html" in PAGES
        assert all(f"{lang}/auto_examples/{name}.html" in PAGES for name in EXAMPLES)
    assert {p.removeprefix("en/") for p in PAGES if p.startswith("en/")} == {
        p.removeprefix("zh/") for p in PAGES if p.startswith("zh/")
    }


@pytest.mark.parametrize("path", PAGES)
def test_page(page: Page, base_url: str, path: str) -> None:
    lang = path.split("/", maxsplit=1)[0]
    url = f"{base_url}/{path}"
    problems = load(page, url)
    problems += check_nothing_moves(page, url)
    problems += check_images(page, url)
    problems += check_language(page, url, lang)
    problems += check_math(page, url)
    problems += check_accessibility(page, url)
    # its hreflang pairs with the other languages (and x-default), its social preview's tags
    problems += check_alternates(page, url, base_url)
    problems += check_social_metadata(page, url, lang)
    if lang == "zh":
        problems += check_chinese_interface(page, url)
    assert problems == []


@pytest.mark.parametrize(
    ("missing", "locale", "lang"),
    [
        ("zh/auto_examples/nope/deeper.html", "en-US", "zh"),  # the address's language first
        ("en/api/nope/deeper/still.html", "zh-CN", "en"),
        ("nope/deeper.html", "zh-CN", "zh"),  # no language in the address: the browser's
        ("nope.html", "fr-FR", "en"),  # none of the site's languages: the first
    ],
)
def test_a_missing_address_at_any_depth_gets_the_404_page_in_its_language(
    browser: Browser, hosted_url: str, missing: str, locale: str, lang: str
) -> None:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    url = f"{hosted_url}/{missing}"
    assert check_not_found_page(page, url, lang, hosted_url) + check_accessibility(page, url) == []
    context.close()


ANIMATED = ("plot_01_perceptron", "plot_02_mlp_xor")
"""The chapters that show training as it happens (at least these)."""


@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_animations_play_pause_and_step_from_the_keyboard(
    page: Page, base_url: str, lang: str
) -> None:
    problems = []
    players = {}
    for example in EXAMPLES:
        url = f"{base_url}/{lang}/auto_examples/{example}.html"
        problems += load(page, url)
        players[example] = page.locator("figure.nnguide-animation").count()
        problems += check_players(page, url)
        problems += check_printed_stills(page, url)
    assert all(players[example] for example in ANIMATED), players
    assert problems == []


@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_nothing_moves_by_itself_for_a_reader_who_asks_for_reduced_motion(
    page: Page, base_url: str, lang: str
) -> None:
    page.emulate_media(reduced_motion="reduce")
    problems = []
    for example in ANIMATED:
        url = f"{base_url}/{lang}/auto_examples/{example}.html"
        problems += load(page, url)
        problems += check_nothing_moves(page, url)
    assert problems == []


@pytest.mark.parametrize("path", [p for p in PAGES if "/auto_examples/plot_" in p])
def test_each_chapter_page_with_its_images_stays_under_its_byte_budget(path: str) -> None:
    assert check_page_bytes(SITE / path) == []


VIEWPORTS = {
    "phone": ViewportSize(width=390, height=844),
    "desktop": ViewportSize(width=1280, height=900),
}
"""A phone's CSS viewport (iPhone 12 to 15) and a laptop's."""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_every_figure_is_legible_on_a_phone_and_a_desktop(
    page: Page, base_url: str, lang: str, viewport: str
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    problems = []
    for example in EXAMPLES:
        url = f"{base_url}/{lang}/auto_examples/{example}.html"
        problems += load(page, url)
        problems += check_figure_text(page, url)
    assert problems == []


SEARCHES = [
    ("zh", "感知机", "auto_examples/plot_01_perceptron.html"),
    ("zh", "反向传播", "auto_examples/plot_04_backprop.html"),
    ("zh", "激活函数", "auto_examples/plot_03_activations.html"),
    ("en", "perceptron", "auto_examples/plot_01_perceptron.html"),
    ("en", "backpropagation", "auto_examples/plot_04_backprop.html"),
    ("en", "activation", "auto_examples/plot_03_activations.html"),
]


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_lists_the_right_chapter_first(
    page: Page, base_url: str, lang: str, query: str, expected: str
) -> None:
    assert check_search(page, f"{base_url}/{lang}/search.html", query, expected) == []
    page.wait_for_function(
        "document.querySelector('p.search-summary')?.innerText.length > 0"
    )  # finished
    if lang == "zh":  # the result count and headings are Chinese too
        assert check_chinese_interface(page, page.url) == []


@pytest.mark.parametrize(
    "query", ["手写数字识别", "学习率", "ReLU激活函数", "交叉熵损失函数", "熵"]
)
def test_a_chinese_query_is_cut_into_words_of_the_index(
    page: Page, base_url: str, query: str
) -> None:
    page.goto(f"{base_url}/zh/search.html?q={query}")
    page.wait_for_function("document.querySelector('p.search-summary')?.innerText.length > 0")
    words = page.evaluate(f"splitQuery({query!r})")
    indexed = page.evaluate(
        f"splitQuery({query!r}).map(w => new Stemmer().stemWord(w.toLowerCase()))"
        ".map(w => w in Search._index.terms || w in Search._index.titleterms)"
    )  # as Sphinx looks a word up: lower case, stemmed
    assert "".join(words) == query
    assert all(indexed), f"{query!r} was cut into {words}, not all of them indexed"
    assert len(words) < len(query) or len(query) == 1  # words, not characters


@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_search_finds_every_glossary_term_and_words_of_the_chapters(
    page: Page, base_url: str, site: Path, lang: str
) -> None:
    """Each derived query (search_queries.py) lists a page that holds it among its first three
    results; a glossary term that a chapter has in a heading lists such a chapter first; a
    two-word phrase lists first a page where its words stand together, and a chapter that says
    it among the first three; every other name of a term (terminology.toml) lists the chapter
    that teaches the term among the first three."""
    terms = glossary_terms(site, lang)
    words, phrases = body_queries(site, lang)
    others = other_names(lang)
    teachers = teaching_chapters(site, lang)
    assert len(terms) >= 26
    assert len(words) + len(phrases) >= 30
    assert len(others) >= 20 if lang == "zh" else len(others) >= 10

    @functools.cache
    def text_of(url: str) -> str:
        return page_text((site / urlsplit(url).path.lstrip("/")).read_text(encoding="utf-8"))

    chapter_headings = {
        f"/{lang}/auto_examples/{chapter.name}": [h.lower() for h in headings(chapter)]
        for chapter in chapters(site, lang)
    }
    problems = []
    for query in terms + words + phrases:
        results = search_results(page, f"{base_url}/{lang}/search.html", query)
        problems += check_found(query, results, text_of, lang=lang)
        if query in terms:
            heading_teachers = {
                path
                for path, titles in chapter_headings.items()
                if any(query.lower() in title for title in titles)
            }
            problems += check_teacher_first(query, results, heading_teachers)
        if query in phrases:
            problems += check_phrase_first(query, results, text_of, lang=lang)
            sayers = {path for path in chapter_headings if says(text_of(path), query, lang)}
            problems += check_teacher_among(query, results, sayers)
    for other, term in others:
        results = search_results(page, f"{base_url}/{lang}/search.html", other)
        assert term in teachers, f"no chapter links to the glossary entry of {term!r}"
        problems += check_teacher_among(other, results, {teachers[term]})
    SHOTS.mkdir(parents=True, exist_ok=True)
    report = {
        "glossary_terms": len(terms),
        "words_and_phrases": len(words) + len(phrases),
        "other_names": len(others),
        "queries": terms + words + phrases + [other for other, _ in others],
        "problems": problems,
    }
    (SHOTS / f"search-{lang}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert problems == []


@pytest.mark.parametrize(
    ("lang", "query", "word"), [("zh", "异或 鳄鱼", "异或"), ("en", "XOR crocodile", "xor")]
)
def test_a_query_no_page_holds_whole_lists_the_pages_with_most_of_its_words(
    page: Page, base_url: str, site: Path, lang: str, query: str, word: str
) -> None:
    """No page says "crocodile": instead of nothing, the pages that hold the rest are listed."""
    results = search_results(page, f"{base_url}/{lang}/search.html", query)
    assert len(results) >= 2
    for result in results:
        assert (
            word in page_text((site / urlsplit(result).path.lstrip("/")).read_text("utf-8")).lower()
        )


LATEX = re.compile(r"\\[a-zA-Z]+|\\\(")  # a LaTeX command (\mathbf) or delimiter (\()


@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_search_summaries_give_formulas_as_text_not_latex(
    page: Page, base_url: str, lang: str
) -> None:
    page.goto(f"{base_url}/{lang}/search.html?q=learning")
    page.wait_for_function("document.querySelector('p.search-summary')?.innerText.length > 0")
    formula = r"\(\mathbf{w} \leftarrow \mathbf{w} + \eta\,(y - \hat y)\)"
    html = f'<div role="main"><p>rule <span class="math">{formula}</span></p></div>'
    text = page.evaluate("(html) => Search.htmlToText(html)", html)
    assert text == "rule w ← w + η (y - ŷ)"
    query = "感知机学习规则" if lang == "zh" else "perceptron learning rule"
    page.goto(f"{base_url}/{lang}/search.html?q={query}")
    page.wait_for_function(
        "document.querySelectorAll('ul.search > li').length > 0 && "
        "[...document.querySelectorAll('ul.search > li')].every(li => li.querySelector('p.context'))",
        timeout=20_000,
    )
    summaries = page.evaluate("[...document.querySelectorAll('p.context')].map(p => p.textContent)")
    assert summaries
    assert [text for text in summaries if LATEX.search(text)] == []


@pytest.mark.parametrize("lang", site_facts.LANGS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_downloads_are_in_the_page_language(
    context: BrowserContext, page: Page, base_url: str, lang: str, example: str
) -> None:
    url = f"{base_url}/{lang}/auto_examples/{example}.html"
    page.goto(url)
    assert check_downloads(context, page, url, lang) == []


@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_the_home_page_links_the_books(page: Page, base_url: str, lang: str) -> None:
    page.goto(f"{base_url}/{lang}/index.html")
    links = page.locator("a.nnguide-book")
    assert links.all_inner_texts() == [suffix.upper() for suffix in site_facts.BOOK_FORMATS]
    for link, suffix in zip(links.all(), site_facts.BOOK_FORMATS, strict=True):
        expect(link).to_be_visible()
        url = urljoin(page.url, link.get_attribute("href") or "")
        response = page.request.get(url)
        assert response.ok, f"{url}: {response.status}; build the books with `nox -s book`"
        body = response.body()
        if suffix == "pdf":
            assert body.startswith(b"%PDF-"), f"{url} is no PDF"
        else:  # a zip whose first entry is "mimetype", stored (method 0): how an EPUB starts
            assert body[:4] == b"PK\x03\x04", f"{url} is no zip"
            assert (body[8:10], body[30:38]) == (b"\x00\x00", b"mimetype"), f"{url} is no EPUB"


@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_the_zip_of_all_examples_downloads(
    context: BrowserContext, page: Page, base_url: str, lang: str
) -> None:
    page.goto(f"{base_url}/{lang}/auto_examples/index.html")
    links = zip_links(page)
    assert len(links) == 2  # scripts and notebooks
    expected = {f"{name}.py" for name in EXAMPLES}
    assert check_zip(context, next(link for link in links if "python" in link), expected) == []
    assert (
        check_zip(
            context,
            next(link for link in links if "jupyter" in link),
            {f"{name}.ipynb" for name in EXAMPLES},
        )
        == []
    )


@pytest.mark.parametrize(
    ("locale", "lang"), [("zh-CN", "zh"), ("en-US", "en"), ("zh-TW", "zh"), ("fr-FR", "en")]
)
def test_root_index_follows_the_browser_language(
    browser: Browser, base_url: str, locale: str, lang: str
) -> None:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(f"{base_url}/index.html")
    page.wait_for_url(f"{base_url}/{lang}/index.html")
    assert page.evaluate("document.documentElement.lang") == site_facts.LANGUAGES[lang].tag
    context.close()


def test_the_switcher_choice_is_remembered_by_the_root_index(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{base_url}/en/index.html")
    page.click("a.nnguide-lang-switch")
    page.wait_for_url(f"{base_url}/zh/index.html")
    page.goto(f"{base_url}/index.html")
    page.wait_for_url(
        f"{base_url}/zh/index.html"
    )  # an English browser, but the reader chose Chinese
    context.close()


SPLIT_TIME = """(length) => {
    // a Chinese query of ``length`` characters, from the glossary's words, split three times
    const words = [...nnguideSearchIndex().titles.join("").matchAll(/\\p{Script=Han}/gu)].map(m => m[0]);
    const query = Array.from({length}, (_, i) => words[(i * 7919) % words.length]).join("");
    const times = [0, 1, 2].map(() => {
        const start = performance.now();
        splitQuery(query);
        return performance.now() - start;
    });
    return Math.min(...times);
}"""


def test_a_50000_character_chinese_query_is_split_in_linear_time(
    context: BrowserContext, site: Path
) -> None:
    page = context.new_page()
    search = (site / "zh" / "search.html").as_uri()  # file://: no server limits the address
    page.goto(search, wait_until="load")
    page.wait_for_function("nnguideSearchIndex() !== null")
    short, long = (page.evaluate(SPLIT_TIME, length) for length in (5_000, 50_000))
    # ten times the text: about ten times the time when linear, a hundred when quadratic
    assert long / max(short, 1.0) < 40, f"5,000 characters: {short:.0f} ms; 50,000: {long:.0f} ms"
    query = "感知机的学习率与反向传播" * 4_200  # 50,400 characters, searched from the address
    assert search_results(page, search, query) is not None  # the page answers: no freeze, no crash


@pytest.mark.parametrize(("lang", "query"), [("en", "perceptron"), ("zh", "感知机")])
def test_search_summaries_find_their_anchors_without_warnings(
    context: BrowserContext, base_url: str, lang: str, query: str
) -> None:
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text))
    assert search_results(page, f"{base_url}/{lang}/search.html", query)  # results to summarise
    page.wait_for_load_state("networkidle")  # every result's page fetched for its summary
    assert [text for text in warnings if "not found" in text] == []


THREE_LANGUAGES = [
    {"code": "en", "tag": "en"},
    {"code": "zh", "tag": "zh-CN"},
    {"code": "zh-TW", "tag": "zh-TW"},
]


@pytest.fixture(scope="module")
def three_language_root(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built root page, its languages replaced by three, beside a page for each language."""
    folder = tmp_path_factory.mktemp("root")
    text = (site / "index.html").read_text(encoding="utf-8")
    listed = re.search(r"var languages = (\[.*?\]);", text)
    assert listed is not None, "the root page's script lists no languages"
    (folder / "index.html").write_text(text.replace(listed.group(1), json.dumps(THREE_LANGUAGES)))
    for language in THREE_LANGUAGES:
        (folder / language["code"]).mkdir()
        page = f'<html lang="{language["tag"]}"><body>{language["code"]}</body></html>'
        (folder / language["code"] / "index.html").write_text(page)
    server, url = serve(folder)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("locale", "chosen", "lang"),
    [
        ("zh-TW", None, "zh-TW"),  # the whole tag
        ("zh-SG", None, "zh"),  # the first language of the same primary subtag
        ("fr-FR", None, "en"),  # none: the first language
        ("en-GB", "zh-TW", "zh-TW"),  # the reader's choice wins
    ],
)
def test_the_root_page_chooses_among_three_languages(
    browser: Browser, three_language_root: str, locale: str, chosen: str | None, lang: str
) -> None:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    if chosen:
        page.goto(f"{three_language_root}/en/index.html")
        page.evaluate(f"localStorage.setItem('nnguide-lang', {json.dumps(chosen)})")
    page.goto(f"{three_language_root}/index.html")
    page.wait_for_url(f"{three_language_root}/{lang}/index.html")
    context.close()


FOCUS = """() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const ringed = style.boxShadow !== "none";
    return {html: e.outerHTML.slice(0, 80), visible: outlined || ringed,
            switcher: e.matches("a.nnguide-lang-switch"), theme: e.matches("button.theme-switch-button"),
            search: e.matches("button.search-button__button"), answer: e.matches("details.sd-dropdown > summary")};
}"""


@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_the_keyboard_reaches_switchers_search_and_answers_with_a_visible_focus(
    page: Page, base_url: str, lang: str
) -> None:
    page.goto(f"{base_url}/{lang}/auto_examples/plot_01_perceptron.html", wait_until="networkidle")
    reached: set[str] = set()
    for _ in range(600):  # Tab through the page, as a keyboard user does
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        for target in ("switcher", "theme", "search", "answer"):
            if focus[target]:
                assert focus["visible"], f"no visible focus on {focus['html']}"
                reached.add(target)
        if focus["answer"]:
            page.keyboard.press("Enter")  # the first exercise's answer opens from the keyboard
            assert page.evaluate("document.activeElement.parentElement.open")
            break
    assert reached == {"switcher", "theme", "search", "answer"}


@pytest.mark.parametrize("lang", site_facts.LANGS)
def test_screenshots(page: Page, base_url: str, lang: str) -> None:
    """Keep screenshots of the home page, the gallery, a chapter and its plot, an animation
    stepped back from its still, and search results."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{base_url}/{lang}/index.html", wait_until="networkidle")
    page.screenshot(path=SHOTS / f"{lang}-home.png")
    page.goto(f"{base_url}/{lang}/auto_examples/index.html", wait_until="networkidle")
    page.screenshot(path=SHOTS / f"{lang}-gallery.png")
    page.goto(f"{base_url}/{lang}/auto_examples/plot_02_mlp_xor.html", wait_until="networkidle")
    page.screenshot(path=SHOTS / f"{lang}-chapter.png")
    plot = page.locator("img.sphx-glr-single-img").nth(2)
    plot.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"{lang}-chapter-plot.png")
    page.goto(f"{base_url}/{lang}/auto_examples/plot_01_perceptron.html", wait_until="networkidle")
    player = page.locator("figure.nnguide-animation").first
    player.scroll_into_view_if_needed()
    for _ in range(3):  # three steps back from the still: a frame with its controls
        player.locator("button.nnguide-animation-previous").click()
    page.wait_for_load_state("networkidle")
    player.screenshot(path=SHOTS / f"{lang}-animation.png")
    query = {"en": "learning rate", "zh": "学习率"}[lang]  # a word of the text, not of a title
    page.goto(f"{base_url}/{lang}/search.html?q={query}")
    page.wait_for_function("document.querySelector('p.search-summary')?.innerText.length > 0")
    page.screenshot(path=SHOTS / f"{lang}-search.png")
    assert all(
        (SHOTS / f"{lang}-{name}.png").stat().st_size > 10_000
        for name in ("home", "gallery", "chapter", "chapter-plot", "animation", "search")
    )


FIGURE_CHAPTERS = ("plot_03_activations", "plot_05_mnist", "plot_06_architectures")
"""The chapters with the most panels per figure."""


@pytest.mark.parametrize("lang", site_facts.LANGS)
@pytest.mark.parametrize(("screen", "scale"), [("phone", 3), ("desktop", 2)])
def test_high_density_screens_get_the_sharp_figures(
    browser: Browser, base_url: str, lang: str, screen: str, scale: int
) -> None:
    """On a phone (3 device pixels per CSS pixel) and a HiDPI desktop (2), every figure is drawn
    from its 2x image; keep a screenshot of each figure chapter's first figures."""
    context = browser.new_context(
        viewport=VIEWPORTS[screen], device_scale_factor=scale, is_mobile=screen == "phone"
    )
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for chapter in FIGURE_CHAPTERS:
        assert load(page, f"{base_url}/{lang}/auto_examples/{chapter}.html") == []
        sources = page.evaluate(
            "[...document.querySelectorAll('img.sphx-glr-single-img')].map(i => i.currentSrc)"
        )
        assert sources, f"{chapter} shows no figure"
        assert all(source.endswith("_2_00x.png") for source in sources), sources
        page.locator("img.sphx-glr-single-img").first.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"{lang}-{screen}-{chapter}.png")
    context.close()
