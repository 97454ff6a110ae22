"""A third, machine-made language proves that every interface string goes through a catalogue.

The site is built from a copy of its sources with the pseudo-locale ``en-XA`` added as a third
language (``pseudo_locale.py``): English pages, every catalogue message transformed. No English
interface text may be left on its pages, and the switcher, the root page and the parity checks
work for three languages as they do for two.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bilingual import ParityError, check_pair, language_pairs
from language_links import root_page_problems, switcher_problems
from pseudo_locale import CODE, add_pseudo_locale, built_pages, english_interface_text
from quick_site import copy_sources, quick_build
from site_facts import GALLERY_DIR, LANGUAGES, load_languages

pytestmark = pytest.mark.slow  # builds the site in three languages


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = copy_sources(tmp_path_factory.mktemp("pseudo") / "sources")
    add_pseudo_locale(copy, LANGUAGES["en"])
    return copy


@pytest.fixture(scope="module")
def pseudo_site(sources: Path) -> Path:
    return quick_build(sources, sources.parent)


def test_the_pseudo_locale_is_a_third_language(sources: Path) -> None:
    languages = load_languages(sources / "docs" / "languages.toml")
    assert list(languages) == [*LANGUAGES, CODE]
    assert languages[CODE].content == "en"


def test_no_interface_text_bypasses_the_catalogues(pseudo_site: Path) -> None:
    pages = built_pages(pseudo_site, CODE)
    assert len(pages) > 30
    assert [f"{page.name}: {text}" for page, text in english_interface_text(pages)] == []


def test_a_planted_hard_coded_string_is_found(pseudo_site: Path, tmp_path: Path) -> None:
    pages = built_pages(pseudo_site, CODE)
    home = pseudo_site / CODE / "index.html"
    planted = tmp_path / "index.html"
    for hard_coded, found in (
        ('<nav class="bd-docs-nav"><span>Hard-coded hint</span></nav>', "Hard-coded hint"),
        ('<button title="Copy to clipboard"></button>', "Copy to clipboard"),  # an attribute
        (
            '<div class="sphx-glr-download"><code>Download as a book</code></div>',
            "Download as a book",
        ),
    ):
        page = home.read_text(encoding="utf-8").replace("</body>", f"{hard_coded}</body>")
        planted.write_text(page, encoding="utf-8")
        others = [p for p in pages if p != home]  # the site's titles, which the page may repeat
        assert [
            text for where, text in english_interface_text([*others, planted]) if where == planted
        ] == [found]


def test_the_switcher_and_alternates_join_three_languages(sources: Path, pseudo_site: Path) -> None:
    languages = load_languages(sources / "docs" / "languages.toml")
    assert list(switcher_problems(pseudo_site, languages)) == []
    menu = (pseudo_site / CODE / "index.html").read_text(encoding="utf-8")
    assert 'class="dropdown nnguide-lang-menu"' in menu  # more than two: a menu, not a link


def test_the_root_page_chooses_among_three_languages(sources: Path, pseudo_site: Path) -> None:
    languages = load_languages(sources / "docs" / "languages.toml")
    assert list(root_page_problems(pseudo_site, languages)) == []


def test_parity_covers_the_third_language(sources: Path, tmp_path: Path) -> None:
    codes = list(load_languages(sources / "docs" / "languages.toml"))
    pairs = language_pairs(sources, codes)
    assert {other.parts[-2] for _, other, _ in pairs} >= {"zh", CODE}
    for pair in pairs:
        check_pair(*pair)
    generated = shutil.ignore_patterns("_build", GALLERY_DIR, "generated")
    for folder in ("docs", "examples"):
        shutil.copytree(sources / folder, tmp_path / folder, ignore=generated)
    chapter = tmp_path / "examples" / CODE / "plot_01_perceptron.py"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace("max_epochs=100)", "max_epochs=9)")
    )
    first, changed, kind = next(
        pair for pair in language_pairs(tmp_path, codes) if pair[1] == chapter
    )
    with pytest.raises(ParityError, match="code differs"):
        check_pair(first, changed, kind)
    (tmp_path / "docs" / CODE / "next.md").unlink()
    with pytest.raises(ParityError, match=r"next\.md"):
        language_pairs(tmp_path, codes)
