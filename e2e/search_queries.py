"""The queries the search test types, derived from the built site rather than listed by hand.

- every term of the glossary (``concepts.html``), in both of its languages;
- words and two-word phrases of the chapters' running text, drawn by a fixed, seeded rule: the
  text of every paragraph and list item of the article, outside code and math, cut into words
  (Chinese by jieba's own dictionary, not the site's, so that the browser must cut queries it did
  not see; English at spaces), keeping words of two or more Han characters or five or more letters,
  and pairs of such words that stand next to each other in the text;
- every other name of a term in the terminology table (docs/terminology.toml), which must find
  the chapter that teaches the term: the first chapter that links to its glossary entry.
"""

from __future__ import annotations

import html
import itertools
import random
import re
from pathlib import Path

from site_facts import CHAPTER_PREFIX, GALLERY_DIR
from terminology import load

SEED = 2026
WORDS = 20
PHRASES = 10

HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
ENGLISH_WORD = re.compile(r"[a-z]{5,}(?:-[a-z]+)*")
# Sphinx's English stop words of five letters or more, which its index leaves out
ENGLISH_STOP_WORDS = {"their", "there", "these", "which", "would", "about", "could"}
ARTICLE = re.compile(r'<article class="bd-article"[^>]*>(.*?)</article>', re.DOTALL)
BLOCK = re.compile(r"<(p|li)\b[^>]*>(.*?)</\1>", re.DOTALL)
CODE_OR_MATH = re.compile(r"<(code|pre)\b.*?</\1>|<span class=\"math[^\"]*\">.*?</span>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
GLOSSARY_TERM = re.compile(r'<dt id="term-[^"]*"[^>]*>(.*?)<a class="headerlink"', re.DOTALL)
GLOSSARY_ANCHOR = re.compile(r'<dt id="(term-[^"]*)"[^>]*>(.*?)<a class="headerlink"', re.DOTALL)
HEADING = re.compile(r"<h([1-3])\b[^>]*>(.*?)</h\1>", re.DOTALL)


def plain(fragment: str) -> str:
    """The text of an HTML fragment, its tags removed and its entities decoded."""
    return html.unescape(TAG.sub("", fragment)).replace("¶", "").replace("#", "").strip()


def page_text(page: str) -> str:
    """All the text of a page, code included, as one string."""
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return html.unescape(TAG.sub("", body))


def glossary_terms(site: Path, lang: str) -> list[str]:
    """Every term of the glossary, in the order the glossary gives them."""
    page = (site / lang / "concepts.html").read_text(encoding="utf-8")
    return [plain(term) for term in GLOSSARY_TERM.findall(page)]


def chapters(site: Path, lang: str) -> list[Path]:
    """The built chapter pages."""
    return sorted((site / lang / GALLERY_DIR).glob(f"{CHAPTER_PREFIX}*.html"))


def headings(page: Path) -> list[str]:
    """The title and section headings of a page."""
    return [plain(text) for _, text in HEADING.findall(page.read_text(encoding="utf-8"))]


def running_text(page: Path) -> list[str]:
    """The paragraphs and list items of a page's article (not the theme's menus), less code and math."""
    article = ARTICLE.search(page.read_text(encoding="utf-8"))
    if article is None:
        msg = f'{page} has no <article class="bd-article">: did the theme change its markup?'
        raise ValueError(msg)
    return [plain(CODE_OR_MATH.sub(" ", block)) for _, block in BLOCK.findall(article.group(1))]


def split_words(text: str, lang: str) -> list[str]:
    """The words of ``text`` in order; a word that is too short or not a word becomes ``""``."""
    if lang == "zh":
        import jieba

        return [word if HAN_WORD.fullmatch(word) else "" for word in jieba.lcut(text, HMM=False)]
    return [
        word if ENGLISH_WORD.fullmatch(word) and word not in ENGLISH_STOP_WORDS else ""
        for word in re.split(r"[^\w-]+", text.lower())
    ]


def body_queries(site: Path, lang: str) -> tuple[list[str], list[str]]:
    """``WORDS`` words and ``PHRASES`` two-word phrases of the chapters, drawn with ``SEED``."""
    joiner = "" if lang == "zh" else " "
    words: set[str] = set()
    phrases: set[str] = set()
    for page in chapters(site, lang):
        for block in running_text(page):
            split = split_words(block, lang)
            words.update(word for word in split if word)
            phrases.update(
                phrase
                for first, second in itertools.pairwise(split)
                if first and second and (phrase := first + joiner + second) in block.lower()
            )
    draw = random.Random(SEED)
    return draw.sample(sorted(words), WORDS), draw.sample(sorted(phrases), PHRASES)


def teaching_chapters(site: Path, lang: str) -> dict[str, str]:
    """Each glossary term (in ``lang``) mapped to the path of the first chapter that links to it."""
    glossary = (site / lang / "concepts.html").read_text(encoding="utf-8")
    anchors = {plain(term): anchor for anchor, term in GLOSSARY_ANCHOR.findall(glossary)}
    teachers: dict[str, str] = {}
    for chapter in chapters(site, lang):
        text = chapter.read_text(encoding="utf-8")
        for term, anchor in anchors.items():
            if term not in teachers and f'concepts.html#{anchor}"' in text:
                teachers[term] = f"/{lang}/{GALLERY_DIR}/{chapter.name}"
    return teachers


def other_names(lang: str) -> list[tuple[str, str]]:
    """Every other name of a term in ``lang`` (the terminology table), with the site's name."""
    return [(other, term.name(lang)) for term in load() for other in term.also(lang)]
