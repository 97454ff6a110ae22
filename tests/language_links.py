"""Checks of the links between the languages of a built site: the switcher, alternates, root page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path

from site_facts import Language


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.switch: dict[str, str] = {}  # hreflang -> href
        self.alternates: dict[str, str] = {}
        self.canonical: str | None = None
        self.meta: dict[str, list[str]] = {}  # Open Graph's properties and names -> contents

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = attr.get("lang")
        if tag == "a" and "nnguide-lang-switch" in attr.get("class", "").split():
            self.switch[attr["hreflang"]] = attr["href"]
        if tag == "link" and attr.get("rel") == "alternate" and "hreflang" in attr:
            self.alternates[attr["hreflang"]] = attr["href"]
        if tag == "link" and attr.get("rel") == "canonical":
            self.canonical = attr["href"]
        if tag == "meta" and ("property" in attr or "name" in attr):
            name = attr.get("property") or attr["name"]
            self.meta.setdefault(name, []).append(attr.get("content", ""))


def links(page: Path) -> _Links:
    """The language links of ``page``."""
    parsed = _Links()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def switcher_problems(site: Path, languages: Mapping[str, Language]) -> Iterator[str]:
    """What is wrong with the language links of every page of ``site``: each page must be in its
    language, switch to the same page in each other language (which exists) and list every
    language as an alternate, and the root page as ``x-default``."""
    for code, language in languages.items():
        pages = sorted(p for p in (site / code).rglob("*.html") if "_static" not in p.parts)
        if len(pages) < 5:
            yield f"{site / code} holds {len(pages)} pages"
        for page in pages:
            found = links(page)
            if found.lang != language.tag:
                yield f"{page}: <html lang={found.lang!r}>, not {language.tag!r}"
            relative = page.relative_to(site / code)
            expected = {other.tag: site / other.code / relative for other in languages.values()}
            switches = {tag: (page.parent / href).resolve() for tag, href in found.switch.items()}
            others = {tag: path.resolve() for tag, path in expected.items() if tag != language.tag}
            if switches != others:
                yield f"{page} switches to {switches}, not {others}"
            yield from (f"{page}: {target} does not exist" for target in switches.values()
                        if not target.is_file())  # fmt: skip
            alternates = {
                tag: (page.parent / href).resolve() for tag, href in found.alternates.items()
            }
            expected["x-default"] = site / "index.html"
            if alternates != {tag: path.resolve() for tag, path in expected.items()}:
                yield f"{page}: its hreflang alternates are {sorted(found.alternates)}"


ROOT_CHOICES = re.compile(r"var languages = (\[.*?\]);")


def root_page_problems(site: Path, languages: Mapping[str, Language]) -> Iterator[str]:
    """What is wrong with the root ``index.html``: it lists every language and redirects among
    them, the first by default."""
    text = (site / "index.html").read_text(encoding="utf-8")
    for language in languages.values():
        link = f'href="{language.code}/index.html" hreflang="{language.tag}" lang="{language.tag}"'
        if link not in text:
            yield f"the root page has no link {link}"
    choices = ROOT_CHOICES.search(text)
    if choices is None:
        yield "the root page's script lists no languages"
    elif [c["code"] for c in json.loads(choices.group(1))] != list(languages):
        yield f"the root page's script chooses among {choices.group(1)}, not {list(languages)}"
