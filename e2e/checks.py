"""What a reader would notice, checked in a real browser: one function per kind of breakage.

Each ``check_*`` function returns a list of problems, each a sentence naming the page and what is
wrong; an empty list means the page passed. ``e2e/test_checks.py`` runs every check against a
deliberately broken page, so that each is known to fail when it should.
"""

from __future__ import annotations

import functools
import io
import json
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit
from urllib.request import urlopen

from axe_playwright_python.sync_playwright import Axe
from figure_scraper import SMALLEST_TEXT_KEY
from PIL import Image
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    Response,
    Route,
)
from site_facts import LANGUAGES
from site_languages import translated
from sphinx.search.en import SearchEnglish

LOCAL_HOST = "127.0.0.1"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Names that Chinese technical text writes in Latin letters: software, people, units, the usual
# Latin names of functions and layers. Other Latin words on a Chinese page are a leak, unless they
# gloss the Chinese term before them in full-width brackets: 轮次（epoch）.
LATIN_NAMES = frozenset(
    name.lower()
    for name in [
        "nnguide",
        "PyTorch",
        "Python",
        "torchvision",
        "PIL",
        "torchrun",
        "matplotlib",
        "NumPy",
        "Jupyter",
        "Sphinx",
        "Sphinx-Gallery",
        "API",
        "Windows",
        "MNIST",
        "GPU",
        "CPU",
        "CUDA",
        "NVIDIA",
        "MB",
        "GB",
        "wheel",
        "Adam",
        "SGD",
        "Kaiming",
        "He",
        "Rosenblatt",
        "sigmoid",
        "tanh",
        "GELU",
        "softmax",
        "dropout",
        "logit",
        "one-hot",
        "MLP",
        "AND",
        "OR",
        "NAND",
        "XOR",
        "NOR",
        "XNOR",
        "BERT",
        "JSON",  # file formats, fonts, tools and a palette: names
        "PDF",
        "EPUB",
        "IDX",
        "CJK",
        "gzip",
        "CSS",
        "px",
        "Noto",
        "Sans",
        "SC",
        "Okabe",
        "Ito",
        "eager",  # PyTorch's name for running operations one by one, as Chinese texts keep it
        "dtype",  # the libraries' own words, which Chinese texts keep: a tensor's, matplotlib's,
        "Axes",  # Python's and Unix's
        "suptitle",
        "dpi",
        "pickle",
        "gettext",
        "umask",
        "SIGINT",
        "PEP",  # Python Enhancement Proposal, as in "PEP 3102"
        "en",  # language codes (nnguide's lang: "en" or "zh")
        "zh",
        "GPT",
    ]
)
# A word, as opposed to an identifier (snake_case, dotted.names, CamelCase, digits) or a variable.
LATIN_WORD = re.compile(r"(?:[A-Z]?[a-z]+|[A-Z]{2,})(?:-(?:[A-Z]?[a-z]+|[A-Z]{2,}))*")
# Runs of Latin tokens separated by spaces only: "in Python" in "示例的 in Python 源代码".
LATIN_RUN = re.compile(r"(?<![\w.])[A-Za-z][\w.'’-]*(?:[ \t\n]+[A-Za-z][\w.'’-]*)*")


@dataclass
class Traffic:
    """Everything a page asked for and complained about while it loaded."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def problems(self, url: str) -> list[str]:
        """Return the recorded events as problems of ``url``."""
        return (
            [f"{url}: console error: {text}" for text in self.console_errors]
            + [f"{url}: request failed: {text}" for text in self.failed]
            + [f"{url}: request to another host: {text}" for text in self.external]
        )


@contextmanager
def recording(page: Page) -> Iterator[Traffic]:
    """Record console errors, failed requests and requests leaving 127.0.0.1 (which are blocked)."""
    traffic = Traffic()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            traffic.console_errors.append(message.text)

    def on_page_error(error: Exception) -> None:
        traffic.console_errors.append(str(error))

    def on_failed(request: Request) -> None:
        if urlsplit(request.url).hostname == LOCAL_HOST:
            traffic.failed.append(f"{request.url} ({request.failure})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            traffic.failed.append(f"{response.url} answered {response.status}")

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            traffic.external.append(url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.route("**/*", guard)
    try:
        yield traffic
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_page_error)
        page.remove_listener("requestfailed", on_failed)
        page.remove_listener("response", on_response)
        page.unroute("**/*", guard)


def load(page: Page, url: str) -> list[str]:
    """Open ``url`` as a reader would (scrolling to the end, so lazy images load); return problems."""
    with recording(page) as traffic:
        page.goto(url, wait_until="load")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        if page.locator(".math").count():
            page.wait_for_function(
                "window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=10_000
            )
            page.evaluate("MathJax.startup.promise")
    return traffic.problems(url)


FILE_NAME_ALT = r"/^(sphx[ _]glr[ _])?plot[ _]\d+[ _]|\.(png|jpe?g|gif|svg|webp)$/i"
"""An alt text made from the image's file name (sphinx-gallery's "plot 03 activations" for an
untitled figure) says nothing about what the figure shows (a JavaScript regular expression)."""


def check_images(page: Page, url: str) -> list[str]:
    """Every image has loaded (natural width > 0) and has alt text that is not its file name.

    A lazy image the page does not show (an animation's frame before the reader plays it) is not
    expected to load: :func:`check_players` loads those.
    """
    bad = page.evaluate(
        f"""() => [...document.images].flatMap(img => [
            ...(img.complete && img.naturalWidth > 0 || img.loading === "lazy" && !img.checkVisibility()
                ? [] : [`${{img.currentSrc || img.src}} did not load`]),
            ...(img.getAttribute("alt") && img.getAttribute("alt").trim() ? [] : [`${{img.src}} has no alt text`]),
            ...({FILE_NAME_ALT}.test(img.alt.trim())
                ? [`${{img.src}} has its file name as alt text: ${{img.alt}}`] : []),
        ])"""
    )
    return [f"{url}: image {text}" for text in bad]


PLAYERS = "figure.nnguide-animation"
FRAME_REQUESTS = r"""() => performance.getEntriesByType("resource")
    .map(entry => entry.name).filter(name => /_frame_\d+\.png$/.test(name))"""


def check_nothing_moves(page: Page, url: str) -> list[str]:
    """Nothing moves by itself: after three of its frame intervals no player has started nor
    fetched a frame, and no video or audio plays on its own. Call it right after :func:`load`."""
    intervals = page.evaluate(
        f"[...document.querySelectorAll('{PLAYERS}')].map(f => Number(f.dataset.interval))"
    )
    page.wait_for_timeout(3 * max(intervals, default=0))
    problems = []
    started = page.locator(f"{PLAYERS}.nnguide-animation-started").count()
    if started:
        problems.append(f"{url}: {started} animation(s) started without the reader")
    fetched = page.evaluate(FRAME_REQUESTS)
    if fetched:
        problems.append(f"{url}: animation frames fetched before the reader asked: {fetched[:3]}")
    if page.locator("video[autoplay], audio[autoplay]").count():
        problems.append(f"{url}: a video or audio plays on its own")
    return problems


def _step(player: Locator) -> int:
    text = player.locator(".nnguide-animation-position").text_content() or ""
    match = re.search(r"\d+", text)
    return int(match.group()) if match else -1


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    for _ in range(int(seconds * 20)):
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def check_players(page: Page, url: str) -> list[str]:
    """Each animation plays, pauses and steps from the keyboard, and every one of its frames loads.

    From the "previous frame" button, Tab reaches Play; Space plays (the frame advances), Space
    pauses (the frame stays for three intervals); Tab reaches "next frame" and Enter shows the next.
    """
    problems = []
    for index in range(page.locator(PLAYERS).count()):
        player = page.locator(PLAYERS).nth(index)
        where = f"{url}: animation {index + 1}"
        interval = int(player.get_attribute("data-interval") or 0)
        buttons = player.locator("button")
        if buttons.count() < 3:
            problems.append(f"{where} has no previous/play/next buttons")
            continue
        player.locator("button.nnguide-animation-previous").focus()
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.classList.contains('nnguide-animation-play')"):
            problems.append(f"{where}: Tab from 'previous frame' does not reach Play")
            continue
        page.keyboard.press("Space")  # from the last step, Play starts again from the first

        def advanced(player: Locator = player) -> bool:
            return _step(player) > 1

        if not _wait_until(advanced, 5):
            problems.append(f"{where}: Space on Play does not play (step stays {_step(player)})")
            continue
        page.keyboard.press("Space")
        paused_at = _step(player)
        page.wait_for_timeout(3 * interval)
        if _step(player) != paused_at:
            problems.append(
                f"{where}: Space on Pause does not pause ({paused_at} → {_step(player)})"
            )
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        if _step(player) != paused_at + 1:
            problems.append(
                f"{where}: Tab, Enter on 'next frame' shows frame {_step(player)}, "
                f"not {paused_at + 1}"
            )
        page.wait_for_load_state("networkidle")
        unloaded = player.evaluate(
            """f => [...f.querySelectorAll("img.nnguide-animation-frame")]
                .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src)"""
        )
        if unloaded:
            problems.append(f"{where}: frames that do not load: {unloaded[:3]}")
    return problems


def check_printed_stills(page: Page, url: str) -> list[str]:
    """In print, each animation shows its still (the last step), without controls or frames."""
    page.emulate_media(media="print")
    try:
        shown = page.evaluate(
            f"""() => [...document.querySelectorAll("{PLAYERS}")].map(f => ({{
                still: f.querySelector("img:not(.nnguide-animation-frame)")?.checkVisibility() ?? false,
                others: [...f.querySelectorAll("img.nnguide-animation-frame, .nnguide-animation-controls")]
                    .filter(e => e.checkVisibility()).length,
            }}))"""
        )
    finally:
        page.emulate_media(media="screen")
    return [
        f"{url}: animation {number} prints "
        + ("without its still" if not figure["still"] else f"{figure['others']} frames or controls")
        for number, figure in enumerate(shown, start=1)
        if not figure["still"] or figure["others"]
    ]


PAGE_BUDGET = 2_000_000
"""The most bytes a chapter page may weigh with every image it can show: its frames, and each
figure at every resolution of its srcset (a reader's browser fetches one of them)."""


def page_bytes(html: Path) -> int:
    """Return the bytes of the page ``html`` and of every image file it references."""
    text = html.read_text(encoding="utf-8")
    files = set()
    for tag in re.findall(r"<img\b[^>]*>", text):
        for attribute in re.findall(r'\b(?:src|srcset)="([^"]*)"', tag):
            for candidate in unescape(attribute).split(","):
                if candidate.strip():
                    files.add((html.parent / candidate.split()[0]).resolve())
    return html.stat().st_size + sum(file.stat().st_size for file in files)


def check_page_bytes(html: Path, budget: int = PAGE_BUDGET) -> list[str]:
    """The page ``html`` with its images weighs at most ``budget`` bytes (:func:`page_bytes`)."""
    weight = page_bytes(html)
    if weight <= budget:
        return []
    return [f"{html.name} weighs {weight:,} bytes with its images, over its {budget:,}"]


def check_language(page: Page, url: str, lang: str) -> list[str]:
    """``<html lang>`` is right, and the switcher leads to the same page in each other language."""
    problems = []
    html_lang = page.evaluate("document.documentElement.lang")
    if html_lang != LANGUAGES[lang].tag:
        problems.append(f"{url}: <html lang={html_lang!r}>, expected {LANGUAGES[lang].tag!r}")
    hrefs = page.evaluate(
        # the theme shows the switcher twice: in the header and in the narrow screen's sidebar
        "[...new Set([...document.querySelectorAll('a.nnguide-lang-switch')].map(a => a.href))]"
    )
    expected = [url.replace(f"/{lang}/", f"/{other}/", 1) for other in LANGUAGES if other != lang]
    if hrefs != expected:
        problems.append(f"{url}: the switcher leads to {hrefs}, expected {expected}")
    for href in hrefs:
        status = page.request.get(href).status
        if status != 200:
            problems.append(f"{url}: the switcher's target {href} answered {status}")
    return problems


MATH_TEXT = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
        acceptNode: n => n.parentElement.closest("pre, code, script, style, mjx-assistive-mml")
            ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    const raw = [];
    while (walker.nextNode()) {
        const t = walker.currentNode.textContent;
        if (/\\\\\\(|\\\\\\[|\\$\\$/.test(t)) raw.push(t.trim().slice(0, 60));
    }
    return {math: document.querySelectorAll(".math").length,
            rendered: document.querySelectorAll("mjx-container").length, raw};
}"""


def check_math(page: Page, url: str) -> list[str]:
    """Every math element has been rendered by MathJax, and no raw TeX is left on screen."""
    state = page.evaluate(MATH_TEXT)
    problems = [f"{url}: raw TeX on screen: {text!r}" for text in state["raw"]]
    if state["rendered"] < state["math"]:
        problems.append(
            f"{url}: {state['math']} math elements but only {state['rendered']} rendered"
        )
    return problems


# The visible text of a page, one string per text node, outside code, math, the entries of the
# general index (names), the excerpts that search results quote (from pages checked themselves),
# and anything marked as written in another language (lang="en").
CHINESE_PAGE_TEXT = """() => {
    const skip = "pre, code, kbd, samp, script, style, .math, mjx-container, svg, table.indextable, "
        + "ul.search .context, [lang]:not([lang|=zh])";
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) {
        const element = walker.currentNode.parentElement;
        if (element && !element.closest(skip) && element.checkVisibility()) {
            texts.push(walker.currentNode.textContent);
        }
    }
    return texts;
}"""
# The interface text a page speaks without showing it: what screen readers say and tooltips and
# empty fields show, on elements outside code and anything marked as another language. (Alt texts
# are the figures' own words, from the chapters: figure_checks.py reads them.)
CHINESE_PAGE_ATTRIBUTES = """() => {
    const skip = "pre, code, kbd, samp, script, style, .math, mjx-container, svg, [lang]:not([lang|=zh])";
    const names = ["aria-label", "title", "placeholder"];
    return [...document.querySelectorAll(names.map((name) => `[${name}]`).join(", "))]
        .filter((element) => !element.closest(skip))
        .flatMap((element) => names.map((name) => element.getAttribute(name) ?? ""));
}"""


def english_runs(text: str) -> list[str]:
    """The runs of Latin words in ``text`` that hold a word that is not one of ``LATIN_NAMES``
    and do not gloss a term in full-width brackets."""
    return [
        run.group()
        for run in LATIN_RUN.finditer(text)
        if text[run.start() - 1 : run.start()] + text[run.end() : run.end() + 1] != "（）"
        and any(
            len(word) > 1 and LATIN_WORD.fullmatch(word) and word.lower() not in LATIN_NAMES
            for word in (token.rstrip(".'’-") for token in run.group().split())
        )
    ]


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""The axe-core rule tags of WCAG 2.1, levels A and AA."""


def check_accessibility(page: Page, url: str) -> list[str]:
    """axe-core finds no violation of a WCAG 2.1 A or AA rule; each problem names rule and elements."""
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    return [
        f"{url}: {violation['id']} ({violation['impact']}): {violation['help']}, at "
        + "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        + (f" and {len(violation['nodes']) - 5} more" if len(violation["nodes"]) > 5 else "")
        for violation in violations
    ]


MIN_FIGURE_TEXT_PX = 11.0
"""The smallest font size, in CSS pixels, that a figure may show its text at. Apple's Human
Interface Guidelines and Material Design both make 11 points the smallest text style on a phone
(iOS Caption 2, Material Label Small), and a phone's CSS pixel is an iOS point; the theme's own
smallest print on a chapter page (sphinx-gallery's signature) is 12 px."""

FIGURES = """() => [...document.querySelectorAll("img.sphx-glr-single-img, img.sphx-glr-multi-img")]
    .map(img => ({src: img.currentSrc || img.src, width: img.getBoundingClientRect().width}))"""


def check_figure_text(page: Page, url: str) -> list[str]:
    """Every figure shows its smallest text at least ``MIN_FIGURE_TEXT_PX`` high, at the width the
    page shows the figure at in this viewport (the size each PNG records: figure_scraper.py)."""
    viewport = page.viewport_size or {"width": 0}
    problems = []
    for figure in page.evaluate(FIGURES):
        name = figure["src"].rsplit("/", 1)[-1]
        png = Image.open(io.BytesIO(page.request.get(figure["src"]).body()))
        record = getattr(png, "text", {}).get(SMALLEST_TEXT_KEY)
        if record is None:
            problems.append(f"{url}: {name} does not record its text size (figure_scraper.py)")
            continue
        smallest = json.loads(record)
        shown = smallest["em_per_width"] * figure["width"]
        if shown < MIN_FIGURE_TEXT_PX:
            problems.append(
                f"{url}: {name} shows {smallest['text']!r} {shown:.1f} px high in a "
                f"{viewport['width']} px wide window, under {MIN_FIGURE_TEXT_PX:g} px: "
                "make the figure narrower, its text larger, or use fewer columns"
            )
    return problems


def check_chinese_interface(page: Page, url: str) -> list[str]:
    """A Chinese page shows and speaks no English: no run of Latin words in its text or in its
    aria-labels, titles and placeholders, outside code, math, text marked as another
    language and the names Chinese writes in Latin letters (``LATIN_NAMES``); sphinx-gallery's
    output label in Chinese."""
    problems = [
        f"{url}: English on a Chinese page: {run!r}"
        for text in page.evaluate(CHINESE_PAGE_TEXT)
        for run in english_runs(text)
    ]
    problems += [
        f"{url}: English in an attribute of a Chinese page: {run!r}"
        for text in page.evaluate(CHINESE_PAGE_ATTRIBUTES)
        for run in english_runs(text)
    ]
    labels = page.evaluate(
        "[...document.querySelectorAll('.sphx-glr-script-out')].map(e => getComputedStyle(e, '::before').content)"
    )
    problems += [f"{url}: output label {label}" for label in set(labels) if not CJK.search(label)]
    return problems


def search_results(page: Page, search_url: str, query: str) -> list[str]:
    """Search the site for ``query``: the addresses of the results as listed, best first."""
    page.goto(f"{search_url}?q={quote(query)}", wait_until="load")
    # the summary ("找到 3 个…" / "found nothing") is written when the search has finished
    page.wait_for_function(
        "document.querySelector('p.search-summary')?.innerText.length > 0", timeout=15_000
    )
    links: list[str] = page.evaluate(
        "[...document.querySelectorAll('ul.search > li > a')].map(a => a.href)"
    )
    return [urlsplit(link)._replace(query="", fragment="").geturl() for link in links]


def check_search(page: Page, search_url: str, query: str, expected_page: str) -> list[str]:
    """Searching ``query`` lists ``expected_page`` first."""
    results = search_results(page, search_url, query)
    if not results:
        return [f"search for {query!r} found nothing"]
    if urlsplit(results[0]).path.split("/")[-1] != expected_page.rsplit("/", maxsplit=1)[-1]:
        return [f"search for {query!r} lists {results[0]} first, not {expected_page}"]
    return []


ENGLISH_INDEX = SearchEnglish({})
"""The word splitter and stemmer of Sphinx's English search index."""


@functools.cache
def english_stems(text: str) -> frozenset[str]:
    """The terms Sphinx's English index keeps of ``text``: its words, stemmed."""
    return frozenset(ENGLISH_INDEX.stem(word) for word in ENGLISH_INDEX.split(text.lower()))


def holds(text: str, query: str, lang: str) -> bool:
    """Whether ``text`` holds ``query`` as the site's search reads it.

    English queries are matched by stem, as the index stores them ("tensors" finds "tensor"); a
    Chinese query must appear as it is.
    """
    if lang == "en":
        return english_stems(query) <= english_stems(text)
    return query.lower() in text.lower()


def check_found(
    query: str, results: list[str], text_of: Callable[[str], str], *, lang: str, top: int = 3
) -> list[str]:
    """One of the first ``top`` results is a page whose text holds ``query`` (:func:`holds`)."""
    if not results:
        return [f"search for {query!r} found nothing"]
    if not any(holds(text_of(result), query, lang) for result in results[:top]):
        return [f"search for {query!r}: none of its first {top} results holds it: {results[:top]}"]
    return []


def says(text: str, phrase: str, lang: str) -> bool:
    """Whether ``text`` says ``phrase`` with its words together, as the site's search reads it.

    English: the phrase's words, stemmed, stand next to each other in the text's words; Chinese:
    the phrase appears as it is.
    """
    if lang == "en":
        words = [ENGLISH_INDEX.stem(word) for word in ENGLISH_INDEX.split(text.lower())]
        wanted = [ENGLISH_INDEX.stem(word) for word in ENGLISH_INDEX.split(phrase.lower())]
        return any(
            words[start : start + len(wanted)] == wanted
            for start in range(len(words) - len(wanted) + 1)
        )
    return phrase.lower() in text.lower()


def check_phrase_first(
    query: str, results: list[str], text_of: Callable[[str], str], *, lang: str
) -> list[str]:
    """The first result is a page that says the phrase ``query`` (:func:`says`)."""
    if results and not says(text_of(results[0]), query, lang):
        return [f"search for the phrase {query!r} lists {results[0]} first, which does not say it"]
    return []


def check_teacher_among(
    query: str, results: list[str], teachers: set[str], *, top: int = 3
) -> list[str]:
    """One of the first ``top`` results is one of ``teachers`` (paths of chapter pages)."""
    if not any(urlsplit(result).path in teachers for result in results[:top]):
        return [f"search for {query!r}: none of {sorted(teachers)} among {results[:top]}"]
    return []


def check_teacher_first(query: str, results: list[str], teachers: set[str]) -> list[str]:
    """The first result is one of ``teachers`` (the chapters with ``query`` in a heading), if any."""
    if teachers and (not results or urlsplit(results[0]).path not in teachers):
        first = results[0] if results else "nothing"
        return [f"search for {query!r} lists {first} first, not one of {sorted(teachers)}"]
    return []


def check_downloads(context: BrowserContext, page: Page, url: str, lang: str) -> list[str]:
    """The page's .py and .ipynb downloads answer 200, are in the page's language and well formed;
    the nnguide wheel they import is offered too."""
    links = page.evaluate("[...document.querySelectorAll('a.download')].map(a => a.href)")
    scripts = [link for link in links if link.endswith(".py")]
    notebooks = [link for link in links if link.endswith(".ipynb")]
    wheels = [link for link in links if link.endswith(".whl")]
    problems = []
    if not scripts or not notebooks:
        problems.append(f"{url}: expected .py and .ipynb downloads, found {links}")
    if len(wheels) != 1:
        problems.append(f"{url}: expected one link to the nnguide wheel, found {wheels}")
    for link in wheels:
        response = context.request.get(link)
        if response.status != 200 or not response.body().startswith(b"PK"):
            problems.append(f"{url}: the wheel {link} answered {response.status}, not a wheel")
    for link in scripts + notebooks:
        response = context.request.get(link)
        if response.status != 200:
            problems.append(f"{url}: download {link} answered {response.status}")
            continue
        text = response.text()
        if link.endswith(".ipynb"):
            problems += check_notebook(link, text, lang)
            text = notebook_text(text)
        if lang == "zh" and not CJK.search(text):
            problems.append(f"{url}: download {link} has no Chinese text")
        chinese = CJK.search(text)
        if lang == "en" and chinese:
            problems.append(f"{url}: download {link} holds Chinese text: {chinese.group()!r}")
    return problems


def notebook_text(text: str) -> str:
    """Return the sources of a notebook's cells (its JSON escapes non-ASCII), or "" if not JSON."""
    try:
        cells = json.loads(text).get("cells", [])
    except json.JSONDecodeError:
        return ""
    return "\n".join("".join(cell.get("source", [])) for cell in cells)


def check_notebook(link: str, text: str, lang: str) -> list[str]:
    """A notebook is valid nbformat-4 JSON with markdown and code cells for the page's language."""
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        return [f"{link}: not valid JSON ({error})"]
    cells = notebook.get("cells", [])
    kinds = {cell.get("cell_type") for cell in cells}
    problems = []
    if notebook.get("nbformat") != 4:
        problems.append(f"{link}: nbformat {notebook.get('nbformat')!r}, expected 4")
    if not {"markdown", "code"} <= kinds:
        problems.append(
            f"{link}: cells of kinds {sorted(map(str, kinds))}, expected markdown and code"
        )
    code = "".join(
        "".join(cell.get("source", [])) for cell in cells if cell.get("cell_type") == "code"
    )
    if f'LANG = "{lang}"' not in code:
        problems.append(f'{link}: no code cell sets LANG = "{lang}"')
    return problems


def check_zip(context: BrowserContext, url: str, expected_files: set[str]) -> list[str]:
    """The gallery's zip of all examples downloads and holds every example."""
    response = context.request.get(url)
    if response.status != 200:
        return [f"{url} answered {response.status}"]
    try:
        names = {
            name.rsplit("/", 1)[-1]
            for name in zipfile.ZipFile(io.BytesIO(response.body())).namelist()
        }
    except zipfile.BadZipFile:
        return [f"{url} is not a zip file"]
    missing = expected_files - names
    return [f"{url} lacks {sorted(missing)}"] if missing else []


def zip_links(page: Page) -> list[str]:
    """The absolute addresses of the zip downloads on a gallery index page."""
    links: list[str] = page.evaluate(
        "[...document.querySelectorAll('a.download')].map(a => a.href)"
    )
    return [urljoin(page.url, link) for link in links if link.endswith(".zip")]


NOT_FOUND_STATE = """() => {
    const shown = [...document.querySelectorAll("main h1, main a[href]")].filter(e => e.checkVisibility());
    const sheets = [...document.querySelectorAll("link[rel=stylesheet]")];
    return {lang: document.documentElement.lang,
            headings: shown.filter(e => e.tagName === "H1").map(e => e.textContent.trim()),
            links: shown.filter(e => e.tagName === "A").map(e => e.href),
            sheets: sheets.length,
            unstyled: sheets.filter(l => !l.sheet || !l.sheet.cssRules.length).map(l => l.href),
            themed: getComputedStyle(document.documentElement).getPropertyValue("--pst-color-primary") !== ""};
}"""


MISSING_DOCUMENT = (
    "Failed to load resource: the server responded with a status of 404 (File not found)"
)
"""What Chromium logs for a page answered 404 (Python's server says "File not found")."""


def check_not_found_page(page: Page, url: str, lang: str, root: str) -> list[str]:
    """The missing address ``url`` is answered 404 with the site's 404 page, styled by the theme
    with every request answered, in ``lang`` (its ``<html lang>`` and heading, from the
    catalogue), and with working links to that language's home page and search (``root``: the
    site's address)."""
    with recording(page) as traffic:
        response = page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
    status = response.status if response is not None else None
    # the page's own 404, which Chromium also reports as a console error (a missing stylesheet or
    # script is still reported as a failed request)
    traffic.failed = [text for text in traffic.failed if text != f"{url} answered {status}"]
    if MISSING_DOCUMENT in traffic.console_errors:
        traffic.console_errors.remove(MISSING_DOCUMENT)
    problems = traffic.problems(url)
    if status != 404:
        problems.append(f"{url}: answered {status}, not 404")
    state = page.evaluate(NOT_FOUND_STATE)
    language = LANGUAGES[lang]
    if state["lang"] != language.tag:
        problems.append(
            f"{url}: the 404 page says <html lang={state['lang']!r}>, not {language.tag!r}"
        )
    heading = translated(language.locale, "Page not found")
    if state["headings"] != [heading]:
        problems.append(
            f"{url}: the 404 page shows the headings {state['headings']}, not {heading!r}"
        )
    if not state["sheets"] or state["unstyled"] or not state["themed"]:
        problems.append(f"{url}: the 404 page is not styled by the theme ({state['unstyled']})")
    expected = [f"{root}/{lang}/index.html", f"{root}/{lang}/search.html"]
    if state["links"] != expected:
        problems.append(f"{url}: the 404 page links to {state['links']}, not {expected}")
    for link in state["links"]:
        answer = page.request.get(link).status
        if answer != 200:
            problems.append(f"{url}: the 404 page's link {link} answered {answer}")
    return problems


def check_alternates(page: Page, url: str, root: str) -> list[str]:
    """The page at ``url`` (under the site's address ``root``) names as its ``hreflang``
    alternates, once each, the same page in every language, itself included, and the root page as
    ``x-default``; every alternate answers 200. Pages checked so pair up both ways."""
    found: list[list[str]] = page.evaluate(
        "[...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => [l.hreflang, l.href])"
    )
    rest = url.removeprefix(f"{root}/").split("/", 1)[1]
    expected = {language.tag: f"{root}/{code}/{rest}" for code, language in LANGUAGES.items()}
    expected["x-default"] = f"{root}/index.html"
    problems = []
    if sorted(tag for tag, _ in found) != sorted(expected) or dict(found) != expected:
        problems.append(
            f"{url}: its hreflang alternates are {found}, not {sorted(expected.items())}"
        )
    for _, href in found:
        answer = page.request.get(href).status
        if answer != 200:
            problems.append(f"{url}: its alternate {href} answered {answer}")
    return problems


SOCIAL_TAGS = """() => [...document.querySelectorAll("meta[property], meta[name]")].map(
    m => [m.getAttribute("property") || m.getAttribute("name"), m.content])"""
REQUIRED_SOCIAL_TAGS = (
    "og:title", "og:description", "og:type", "og:site_name", "og:locale", "og:image",
    "og:image:alt", "og:image:width", "og:image:height", "description", "twitter:card",
    "twitter:image", "twitter:image:alt",
)  # fmt: skip


@functools.cache
def _image_size(url: str) -> tuple[int, int] | None:
    """The size in pixels of the image at ``url``; None if it does not answer or is no image."""
    try:
        with urlopen(url) as answer:  # the test server's own address
            return Image.open(io.BytesIO(answer.read())).size
    except (OSError, ValueError):
        return None


def check_social_metadata(page: Page, url: str, lang: str) -> list[str]:
    """The page's Open Graph and Twitter-card tags: all there, the title the page's, the locale,
    the description and the image's alt text in the page's language (``lang``), a large image of
    the size it declares, and ``og:url`` the canonical address when the page names one."""
    pairs: list[tuple[str, str]] = page.evaluate(SOCIAL_TAGS)
    tags = dict(pairs)
    problems = [f"{url}: no {name} tag" for name in REQUIRED_SOCIAL_TAGS if not tags.get(name)]
    if problems:
        return problems
    if not page.title().startswith(tags["og:title"]):
        problems.append(f"{url}: og:title {tags['og:title']!r} is not its title {page.title()!r}")
    primary = {code: language.tag.split("-")[0] for code, language in LANGUAGES.items()}
    alternates = sorted(content for name, content in pairs if name == "og:locale:alternate")
    locales = [tags["og:locale"], *alternates]
    if [locale.split("_")[0] for locale in locales] != [
        primary[lang],
        *sorted(tag for code, tag in primary.items() if code != lang),
    ]:
        problems.append(f"{url}: og:locale {tags['og:locale']!r} and alternates {alternates}")
    for name in ("og:description", "description", "og:image:alt", "twitter:image:alt"):
        if bool(CJK.search(tags[name])) != (lang == "zh"):
            problems.append(f"{url}: {name} is not in the page's language: {tags[name]!r}")
    if tags["twitter:card"] != "summary_large_image" or tags["twitter:image"] != tags["og:image"]:
        problems.append(
            f"{url}: twitter:card {tags['twitter:card']!r} of {tags['twitter:image']!r}"
        )
    image = urljoin(url, tags["og:image"])
    size = _image_size(image)
    declared = (int(tags["og:image:width"]), int(tags["og:image:height"]))
    if size != declared or not 1.8 < declared[0] / declared[1] < 2:
        problems.append(f"{url}: og:image {image} is {size}, declared {declared}, not about 1.91:1")
    canonical = page.evaluate("document.querySelector('link[rel=canonical]')?.href ?? null")
    if canonical != tags.get("og:url"):
        problems.append(f"{url}: og:url {tags.get('og:url')!r}, canonical {canonical!r}")
    return problems
