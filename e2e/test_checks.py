"""Each browser check fails on a deliberately broken page: we know the checks can catch what they claim."""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
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
    check_notebook,
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
)
from conftest import SITE, serve
from figure_scraper import SMALLEST_TEXT_KEY, smallest_text
from matplotlib.figure import Figure
from PIL import Image
from playwright.sync_api import BrowserContext, Page
from site_facts import LANGS, LANGUAGES
from site_languages import translated

STATIC = Path(__file__).resolve().parents[1] / "docs" / "_static"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def page_html(body: str, *, lang: str = "en", head: str = "") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title>{head}</head><body>{body}</body></html>'


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("broken")
    for lang in ("en", "zh"):
        (root / lang).mkdir()
        (root / lang / "ok.png").write_bytes(PNG)
    pages = {
        "en/console.html": page_html("<script>console.error('boom')</script>"),
        "en/missing.html": page_html('<img src="nowhere.png" alt="a plot">'),
        "en/cdn.html": page_html(
            "", head='<script src="https://cdn.jsdelivr.net/npm/x.js"></script>'
        ),
        "en/noalt.html": page_html('<img src="ok.png">'),
        "en/good.html": page_html(
            '<img src="ok.png" alt="a dot"><a class="nnguide-lang-switch" href="../zh/good.html">中文</a>'
        ),
        "zh/good.html": page_html(
            '<a class="nnguide-lang-switch" href="../en/good.html">English</a>', lang="zh-CN"
        ),
        "en/wronglang.html": page_html(
            '<a class="nnguide-lang-switch" href="../zh/absent.html">中文</a>', lang="fr"
        ),
        "en/inaccessible.html": page_html(
            '<a href="good.html"><i class="icon"></i></a><input type="text">'
        ),
        "en/rawmath.html": page_html(
            '<p>The neuron computes <span class="math">\\(y = f(z)\\)</span>.</p>'
        ),
        "zh/english.html": page_html(
            '<p>感知机</p><a class="reference download" href="x.py">Download Python source code: x.py</a>'
            "<p>下载全部示例的 in Python 源代码</p>"
            '<div class="sphx-glr-script-out">1</div>'
            '<input type="search" placeholder="搜索文档……" aria-label="Search the docs ...">'
            '<a class="headerlink" href="#x" title="Link to this heading">#</a>',
            lang="zh-CN",
            head="<style>.sphx-glr-script-out::before { content: 'Out:'; }</style>",
        ),
        "zh/names.html": page_html(
            "<p>一个轮次（epoch）用 PyTorch 和 Adam 训练 MNIST，ReLU 与 nn.Module 也无妨。</p>"
            "<p>前向传播 <code>forward pass</code> <span lang='en'>forward pass</span></p>"
            "<p hidden>hidden text</p>"
            '<a lang="en" title="Read this page in English" href="#">English</a>'
            '<a title="nnguide.models.MLP" href="#">MLP</a><span title="仅限关键字参数的分隔符（PEP 3102）">*</span>',
            lang="zh-CN",
        ),
        "zh/downloads.html": page_html(
            '<a class="download" href="plot_x.py">x</a><a class="download" href="plot_x.ipynb">x</a>',
            lang="zh-CN",
        ),
        "en/search.html": page_html(
            '<p class="search-summary">Found 2 pages</p>'
            '<ul class="search"><li><a href="concepts.html">Key concepts</a></li>'
            '<li><a href="auto_examples/plot_01_perceptron.html">The perceptron</a></li></ul>'
        ),
    }
    for name, width, points in (("tiny", 12.0, 10), ("readable", 4.8, 12)):
        # a figure 12 inches wide with 10-point text, as chapter 03's grid of ten panels was
        fig = Figure(figsize=(width, 2))
        fig.suptitle("activation functions", fontsize=points)
        record = json.dumps(smallest_text(fig))
        fig.savefig(root / "en" / f"{name}.png", dpi=100, metadata={SMALLEST_TEXT_KEY: record})
        pages[f"en/{name}figure.html"] = page_html(
            f'<img class="sphx-glr-single-img" src="{name}.png" alt="a plot">',
            head="<style>img { max-width: 100%; }</style>",  # as the theme: no wider than the page
        )
    pages["en/filenamealt.html"] = page_html('<img src="ok.png" alt="plot 03 activations">')
    # a player of five one-pixel frames, as docs/_ext/animations.py writes it, with its script
    for asset in ("nnguide-animation.js", "nnguide-animation.css"):
        shutil.copy(STATIC / asset, root / "en")
    for number in range(1, 6):
        (root / "en" / f"anim_frame_{number:03d}.png").write_bytes(PNG)
    frames = "".join(
        f'<img src="anim_frame_{n:03d}.png" alt="frame {n}" class="nnguide-animation-frame" loading="lazy">'
        for n in range(1, 6)
    )
    player = (
        '<figure class="nnguide-animation" data-interval="200" data-label-controls="Animation controls" '
        'data-label-play="Play" data-label-pause="Pause" data-label-previous="Previous frame" '
        'data-label-next="Next frame" data-label-frame="Frame" data-label-position="Frame {frame} of {count}">'
        f'<img src="ok.png" alt="frame 5" class="sphx-glr-single-img">{frames}'
        "<figcaption><p>A dot, five times.</p></figcaption></figure>"
        '<script src="nnguide-animation.js"></script>'
    )
    style = '<link rel="stylesheet" href="nnguide-animation.css">'
    pages["en/player.html"] = page_html(player, head=style)
    pages["en/unstyled.html"] = page_html(player)
    pages["en/autoplay.html"] = page_html(
        player + '<script>addEventListener("load", () => '
        'document.querySelector(".nnguide-animation-play").click())</script>',
        head=style,
    )
    pages["en/unreachable.html"] = page_html(
        player + '<script>addEventListener("load", () => '
        'document.querySelector(".nnguide-animation-play").tabIndex = -1)</script>',
        head=style,
    )
    pages["en/unrecordedfigure.html"] = page_html(
        '<img class="sphx-glr-single-img" src="ok.png" alt="a dot">'
    )
    for path, text in pages.items():
        (root / path).write_text(text, encoding="utf-8")
    (root / "zh/plot_x.py").write_text('"""The perceptron"""\nLANG = "zh"\n', encoding="utf-8")
    (root / "zh/plot_x.ipynb").write_text('{"cells": [', encoding="utf-8")
    with zipfile.ZipFile(root / "en/all.zip", "w") as archive:
        archive.writestr("plot_01.py", "print(1)\n")
    server, url = serve(root)
    yield url
    server.shutdown()
    server.server_close()


def test_console_errors_are_caught(page: Page, broken_site: str) -> None:
    assert any("console error: boom" in p for p in load(page, f"{broken_site}/en/console.html"))


def test_failed_requests_and_unloaded_images_are_caught(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/en/missing.html"
    assert any("nowhere.png answered 404" in p for p in load(page, url))
    assert any("nowhere.png did not load" in p for p in check_images(page, url))


def test_requests_to_other_hosts_are_caught_and_blocked(page: Page, broken_site: str) -> None:
    problems = load(page, f"{broken_site}/en/cdn.html")
    assert any("request to another host: https://cdn.jsdelivr.net/npm/x.js" in p for p in problems)


def test_images_without_alt_text_are_caught(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/en/noalt.html"
    load(page, url)
    assert any("has no alt text" in p for p in check_images(page, url))


def test_a_good_page_passes(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/en/good.html"
    assert load(page, url) == []
    assert check_images(page, url) == []
    assert check_language(page, url, "en") == []
    assert check_math(page, url) == []


def test_wrong_html_lang_and_a_dead_switcher_are_caught(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/en/wronglang.html"
    load(page, url)
    problems = check_language(page, url, "en")
    assert any("<html lang='fr'>, expected 'en'" in p for p in problems)
    assert any("the switcher leads to" in p and "absent.html" in p for p in problems)
    assert any("answered 404" in p for p in problems)


def test_accessibility_violations_are_caught_with_rule_and_element(
    page: Page, broken_site: str
) -> None:
    url = f"{broken_site}/en/inaccessible.html"
    page.goto(url)
    problems = check_accessibility(page, url)
    rules = {problem.split(": ")[1].split(" ")[0] for problem in problems}
    assert {"link-name", "label"} <= rules, problems
    good = f"{broken_site}/en/good.html"
    page.goto(good)
    assert check_accessibility(page, good) == []


def test_a_figure_too_small_to_read_on_a_phone_is_caught(page: Page, broken_site: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    tiny = f"{broken_site}/en/tinyfigure.html"
    page.goto(tiny)
    [problem] = check_figure_text(page, tiny)
    # 10 points in a figure 12 × 72 points wide, shown 374 px wide (the phone's 390 less margins)
    assert "tiny.png shows 'activation functions' 4.3 px high in a 390 px wide window" in problem
    assert "under 11 px" in problem
    readable = f"{broken_site}/en/readablefigure.html"
    page.goto(readable)
    assert check_figure_text(page, readable) == []
    unrecorded = f"{broken_site}/en/unrecordedfigure.html"
    page.goto(unrecorded)
    assert check_figure_text(page, unrecorded) == [
        f"{unrecorded}: ok.png does not record its text size (figure_scraper.py)"
    ]


def test_raw_tex_is_caught(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/en/rawmath.html"
    page.goto(url)
    problems = check_math(page, url)
    assert any("raw TeX on screen" in p for p in problems)
    assert any("1 math elements but only 0 rendered" in p for p in problems)


def test_english_interface_text_on_a_chinese_page_is_caught(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/zh/english.html"
    page.goto(url)
    problems = check_chinese_interface(page, url)
    assert any("'Download Python source code'" in p for p in problems)
    assert any("'in Python'" in p for p in problems)  # a mixed string
    assert any('output label "Out:"' in p for p in problems)
    assert any("attribute of a Chinese page: 'Search the docs'" in p for p in problems)
    assert any("attribute of a Chinese page: 'Link to this heading'" in p for p in problems)


def test_names_glosses_code_and_marked_english_pass(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/zh/names.html"
    page.goto(url)
    assert check_chinese_interface(page, url) == []


def test_a_search_result_that_lacks_the_query_is_caught() -> None:
    texts = {"a.html": "感知机", "b.html": "多层感知机", "c.html": "手写数字识别"}
    found = check_found("手写数字", ["a.html", "b.html", "c.html"], texts.__getitem__, lang="zh")
    assert found == []
    problems = check_found(
        "手写数字", ["a.html", "b.html", "x", "c.html"], lambda u: texts.get(u, ""), lang="zh"
    )
    assert problems == [
        "search for '手写数字': none of its first 3 results holds it: ['a.html', 'b.html', 'x']"
    ]
    assert check_found("熵", [], texts.__getitem__, lang="zh") == ["search for '熵' found nothing"]


def test_an_english_result_holds_the_query_by_its_stems_as_the_index_does() -> None:
    texts = {"a.html": "A tensor of mini-batches.", "b.html": "Ten sorted batches started."}
    assert check_found("tensors", ["a.html"], texts.__getitem__, lang="en") == []
    assert check_found("batch mini", ["a.html"], texts.__getitem__, lang="en") == []
    assert check_found("tensors", ["b.html"], texts.__getitem__, lang="en") != []
    assert check_found("tensor batch", ["b.html"], texts.__getitem__, lang="en") != []
    assert check_found("tensors", ["a.html"], texts.__getitem__, lang="zh") != []  # not in Chinese


def test_a_chapter_that_teaches_the_term_but_is_not_first_is_caught() -> None:
    teachers = {"/zh/auto_examples/plot_03_activations.html"}
    results = ["http://h/zh/concepts.html", "http://h/zh/auto_examples/plot_03_activations.html"]
    assert check_teacher_first("梯度消失", results, teachers) != []
    assert check_teacher_first("梯度消失", results[1:], teachers) == []
    assert check_teacher_first("梯度消失", results, set()) == []  # no chapter has it in a heading


def test_a_phrase_whose_first_result_says_its_words_apart_is_caught() -> None:
    texts = {
        "a.html": "The XOR problem needs a hidden layer.",
        "b.html": "A problem: XOR is not linearly separable.",
        "c.html": "异或问题",
        "d.html": "异或不是线性可分的问题",
    }
    assert says(texts["a.html"], "XOR problems", "en")  # by stems, as the index pairs words
    assert not says(texts["b.html"], "XOR problem", "en")
    assert (
        check_phrase_first("XOR problem", ["a.html", "b.html"], texts.__getitem__, lang="en") == []
    )
    assert (
        check_phrase_first("XOR problem", ["b.html", "a.html"], texts.__getitem__, lang="en") != []
    )
    assert check_phrase_first("异或问题", ["d.html", "c.html"], texts.__getitem__, lang="zh") != []


def test_another_name_that_misses_the_teaching_chapter_is_caught() -> None:
    teacher = {"/zh/auto_examples/plot_01_perceptron.html"}
    results = [
        "http://h/zh/concepts.html",
        "http://h/zh/auto_examples/plot_02_mlp_xor.html",
        "http://h/zh/index.html",
        "http://h/zh/auto_examples/plot_01_perceptron.html",
    ]
    assert check_teacher_among("感知器", results, teacher) != []  # fourth: not among three
    assert check_teacher_among("感知器", results[1:], teacher) == []


def test_bad_downloads_are_caught(context: BrowserContext, page: Page, broken_site: str) -> None:
    url = f"{broken_site}/zh/downloads.html"
    page.goto(url)
    problems = check_downloads(context, page, url, "zh")
    assert any("plot_x.py has no Chinese text" in p for p in problems)
    assert any("plot_x.ipynb: not valid JSON" in p for p in problems)
    assert any("expected one link to the nnguide wheel, found []" in p for p in problems)
    notebook = json.dumps(
        {"nbformat": 4, "cells": [{"cell_type": "code", "source": ['LANG = "en"']}]}
    )
    problems = check_notebook("x.ipynb", notebook, "zh")
    assert any("expected markdown and code" in p for p in problems)
    assert any('no code cell sets LANG = "zh"' in p for p in problems)


def test_a_wrong_first_search_result_is_caught(page: Page, broken_site: str) -> None:
    problems = check_search(
        page, f"{broken_site}/en/search.html", "perceptron", "auto_examples/plot_01_perceptron.html"
    )
    assert any("lists" in p and "concepts.html first" in p for p in problems)


def test_an_incomplete_zip_is_caught(context: BrowserContext, broken_site: str) -> None:
    problems = check_zip(context, f"{broken_site}/en/all.zip", {"plot_01.py", "plot_02.py"})
    assert problems == [f"{broken_site}/en/all.zip lacks ['plot_02.py']"]
    assert check_zip(context, f"{broken_site}/en/missing.zip", {"plot_01.py"}) == [
        f"{broken_site}/en/missing.zip answered 404"
    ]


def test_root_index_that_ignores_the_browser_language_is_caught(
    tmp_path: Path, context: BrowserContext
) -> None:
    # A root page that always sends readers to English: the language test must notice.
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    (tmp_path / "index.html").write_text(
        page_html('<script>location.replace("en/index.html")</script>')
    )
    (tmp_path / "en/index.html").write_text(page_html("English"))
    (tmp_path / "zh/index.html").write_text(page_html("中文", lang="zh-CN"))
    server, url = serve(tmp_path)
    try:
        assert context.browser is not None
        zh_context = context.browser.new_context(locale="zh-CN")
        page = zh_context.new_page()
        page.goto(f"{url}/index.html")
        with pytest.raises(Exception, match="Timeout"):
            page.wait_for_url(f"{url}/zh/index.html", timeout=2_000)
        zh_context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_an_alt_text_that_is_the_file_name_is_caught(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/en/filenamealt.html"
    load(page, url)
    assert any("file name as alt text: plot 03 activations" in p for p in check_images(page, url))


def test_a_player_plays_pauses_and_steps_from_the_keyboard(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/en/player.html"
    assert load(page, url) == []
    assert check_images(page, url) == []  # its frames are lazy and hidden: not expected yet
    assert check_nothing_moves(page, url) == []
    assert check_players(page, url) == []
    assert check_printed_stills(page, url) == []  # after playing too


def test_a_player_that_prints_its_frames_and_controls_is_caught(
    page: Page, broken_site: str
) -> None:
    url = f"{broken_site}/en/unstyled.html"  # the player without its style sheet
    load(page, url)
    assert any("prints" in p and "frames or controls" in p for p in check_printed_stills(page, url))


def test_a_player_that_starts_by_itself_is_caught(page: Page, broken_site: str) -> None:
    page.emulate_media(reduced_motion="reduce")
    url = f"{broken_site}/en/autoplay.html"
    load(page, url)
    problems = check_nothing_moves(page, url)
    assert any("started without the reader" in p for p in problems)
    assert any("frames fetched before the reader asked" in p for p in problems)


def test_a_play_button_out_of_the_keyboards_reach_is_caught(page: Page, broken_site: str) -> None:
    url = f"{broken_site}/en/unreachable.html"
    load(page, url)
    assert any("does not reach Play" in p for p in check_players(page, url))


def test_a_page_over_its_byte_budget_is_caught(tmp_path: Path) -> None:
    (tmp_path / "big.png").write_bytes(bytes(1_500_000))
    (tmp_path / "big_2x.png").write_bytes(bytes(600_000))
    html = tmp_path / "chapter.html"
    html.write_text(
        '<img src="big.png" srcset="big.png, big_2x.png 2x" alt="big">', encoding="utf-8"
    )
    assert check_page_bytes(html, budget=1_600_000) != []  # the 2x image counts too
    assert check_page_bytes(html, budget=2_200_000) == []


@contextmanager
def hosted(folder: Path) -> Iterator[str]:
    """``folder`` served as the site's hosts serve it (a missing address gets its 404.html)."""
    server, url = serve(folder, not_found_page=True)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def site_with_404(folder: Path, page: str) -> Path:
    """The built site's language folders (linked) with ``page`` as its 404 page."""
    for lang in LANGS:
        (folder / lang).symlink_to(SITE / lang, target_is_directory=True)
    (folder / "404.html").write_text(page, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built_404() -> str:
    page = SITE / "404.html"
    if not page.is_file():
        pytest.fail(f"no 404 page in {SITE}: run `nox -s docs`")
    return page.read_text(encoding="utf-8")


def test_a_404_page_that_works_only_at_the_root_is_caught(
    page: Page, built_404: str, tmp_path: Path
) -> None:
    # links relative to the page, as Sphinx writes them: right at /404.html, broken deeper
    relative = built_404.replace('href="/', 'href="').replace('var root = "/"', 'var root = ""')
    with hosted(site_with_404(tmp_path, relative)) as url:
        missing = f"{url}/zh/auto_examples/nope/deeper.html"
        problems = check_not_found_page(page, missing, "zh", url)
    assert any("theme.css answered 404" in p for p in problems)
    assert any("is not styled by the theme" in p for p in problems)
    assert any("the 404 page links to" in p for p in problems)


def test_a_404_page_always_in_english_is_caught(page: Page, built_404: str, tmp_path: Path) -> None:
    english = built_404.replace(
        "var lang = asked ? asked.code : nnguideChosenLanguage(languages);",
        "var lang = languages[0].code;",
    )
    assert english != built_404
    with hosted(site_with_404(tmp_path, english)) as url:
        problems = check_not_found_page(page, f"{url}/zh/nope/deeper.html", "zh", url)
    assert any("<html lang='en'>, not 'zh-CN'" in p for p in problems)
    chinese = translated(LANGUAGES["zh"].locale, "Page not found")
    assert any(f"['Page not found'], not '{chinese}'" in p for p in problems)


def test_a_server_without_the_404_page_is_caught(page: Page, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(page_html("home"), encoding="utf-8")
    with hosted(tmp_path) as url:  # Python's own error page
        problems = check_not_found_page(page, f"{url}/en/nope.html", "en", url)
    assert any("not styled by the theme" in p for p in problems)
    assert any("shows the headings [], not 'Page not found'" in p for p in problems)


CARD = Image.new("RGB", (1200, 630), "white")


def social_tags(lang: str, *, description: str, image: str = "card.png", skip: str = "") -> str:
    """The head of a page in ``lang`` with its social tags, less the one named ``skip``."""
    alt = "卡片" if lang == "zh-CN" else "a card"
    tags = {
        "og:title": "t",  # page_html's <title>
        "og:description": description,
        "og:type": "article",
        "og:site_name": "nnguide",
        "og:locale": "zh_CN" if lang == "zh-CN" else "en_US",
        "og:locale:alternate": "en_US" if lang == "zh-CN" else "zh_CN",
        "og:image": image,
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:alt": alt,
    }
    names = {"description": description, "twitter:card": "summary_large_image",
             "twitter:image": image, "twitter:image:alt": alt}  # fmt: skip
    return "".join(
        [f'<meta property="{k}" content="{v}">' for k, v in tags.items() if k != skip]
        + [f'<meta name="{k}" content="{v}">' for k, v in names.items() if k != skip]
    )


@pytest.fixture(scope="module")
def publishing_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Pages with good and broken language pairs and social previews."""
    root = tmp_path_factory.mktemp("publishing")
    for lang in LANGS:
        (root / lang).mkdir()
    CARD.save(root / "en" / "card.png")
    (root / "en" / "tiny.png").write_bytes(PNG)
    (root / "index.html").write_text(page_html("root"), encoding="utf-8")
    pair = (
        '<link rel="alternate" hreflang="en" href="../en/{0}.html">'
        '<link rel="alternate" hreflang="zh-CN" href="../zh/{0}.html">'
        '<link rel="alternate" hreflang="x-default" href="../index.html">'
    )
    good = social_tags("en", description="The perceptron")
    pages = {
        "en/good.html": page_html("", head=pair.format("good") + good),
        "zh/good.html": page_html(
            "", lang="zh-CN", head=pair.format("good") + social_tags("zh-CN", description="感知机")
        ).replace('content="card.png"', 'content="../en/card.png"'),
        # no x-default, and the Chinese alternate is another page, which does not exist
        "en/unpaired.html": page_html(
            "",
            head='<link rel="alternate" hreflang="en" href="../en/unpaired.html">'
            '<link rel="alternate" hreflang="zh-CN" href="../zh/other.html">',
        ),
        "en/nocard.html": page_html(
            "", head=social_tags("en", description="x", skip="twitter:card")
        ),
        "en/tinyimage.html": page_html(
            "", head=social_tags("en", description="x", image="tiny.png")
        ),
        "zh/english.html": page_html(
            "", lang="zh-CN", head=social_tags("zh-CN", description="The perceptron")
        ).replace('content="card.png"', 'content="../en/card.png"'),
        "en/elsewhere.html": page_html(
            "", head=good + '<link rel="canonical" href="https://example.org/en/elsewhere.html">'
        ),
    }
    for path, text in pages.items():
        (root / path).write_text(text, encoding="utf-8")
    with hosted(root) as url:
        yield url


def test_good_language_pairs_and_social_previews_pass(page: Page, publishing_site: str) -> None:
    for lang in LANGS:
        url = f"{publishing_site}/{lang}/good.html"
        page.goto(url)
        assert check_alternates(page, url, publishing_site) == []
        assert check_social_metadata(page, url, lang) == []


def test_a_page_without_its_pairs_and_x_default_is_caught(page: Page, publishing_site: str) -> None:
    url = f"{publishing_site}/en/unpaired.html"
    page.goto(url)
    problems = check_alternates(page, url, publishing_site)
    assert any("its hreflang alternates are" in p and "zh/other.html" in p for p in problems)
    assert any("zh/other.html answered 404" in p for p in problems)


def test_broken_social_previews_are_caught(page: Page, publishing_site: str) -> None:
    cases = {
        "en/nocard.html": "no twitter:card tag",
        "en/tinyimage.html": "is (1, 1), declared (1200, 630)",
        "zh/english.html": "og:description is not in the page's language",
        "en/elsewhere.html": "og:url None, canonical 'https://example.org/en/elsewhere.html'",
    }
    for path, expected in cases.items():
        url = f"{publishing_site}/{path}"
        page.goto(url)
        problems = check_social_metadata(page, url, path.split("/")[0])
        assert any(expected in p for p in problems), (path, problems)
