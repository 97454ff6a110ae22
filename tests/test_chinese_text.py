"""The Chinese site reads without stray spaces: no line break between two Chinese characters.

A line break in HTML is rendered as a space, also between two Chinese characters, where it does
not belong ("只有一个神经元的 感知机"). The built pages are read as a browser lays them out: the
text of each paragraph, list item, table cell, term, definition, caption and heading, across its
inline markup (links, roles, emphasis) and without its code and math.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chinese_lines import CJK

# Elements whose text flows as one line of reading, and which are checked.
BLOCKS = {"p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "blockquote", "summary"} | {
    f"h{level}" for level in range(1, 7)
}
# Elements that sit inside a line of text without breaking it.
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "mark", "q", "s"} | {
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
}
# Elements whose text is code, math or no text at all: never checked, never joined across.
VERBATIM = {"pre", "code", "kbd", "samp", "script", "style", "svg", "math", "template", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
OBJECT = "\ufffc"  # stands for code, math or an image inside a line: not a Chinese character
CJK_LINE_BREAK = re.compile(rf"{CJK}[ \t]*\n\s*{CJK}")


class _Lines(HTMLParser):
    """The text of every checked block of a page, as the browser lays it out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, is verbatim) of each open element
        self.texts: list[list[str]] = [[]]  # the text of each open block, innermost last
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.texts[-1].append(OBJECT)
            return
        classes = (dict(attrs).get("class") or "").split()
        verbatim = tag in VERBATIM or "math" in classes
        self.open.append((tag, verbatim))
        if verbatim or tag not in INLINE:
            self.texts[-1].append(OBJECT)
        if not verbatim and tag not in INLINE:
            self.texts.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in {name for name, _ in self.open}:
            return
        while self.open:
            name, verbatim = self.open.pop()
            if not verbatim and name not in INLINE:
                text = "".join(self.texts.pop())
                if name in BLOCKS:
                    self.blocks.append(text)
                self.texts[-1].append(OBJECT)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not any(verbatim for _, verbatim in self.open):
            self.texts[-1].append(data)


def stray_line_breaks(html: str) -> list[str]:
    """Each line break between two CJK characters in a rendered block, with its neighbourhood."""
    parser = _Lines()
    parser.feed(html)
    parser.close()
    return [
        block[max(0, match.start() - 12) : match.end() + 12].replace("\n", "⏎")
        for block in parser.blocks
        for match in CJK_LINE_BREAK.finditer(block)
    ]


def test_no_line_break_between_chinese_characters_on_the_chinese_site(site: Path) -> None:
    pages = sorted(p for p in (site / "zh").rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 20
    found = [
        f"{page.relative_to(site)}: {context}"
        for page in pages
        for context in stray_line_breaks(page.read_text(encoding="utf-8"))
    ]
    assert found == [], f"{len(found)} line breaks between Chinese characters: {found}"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>只有一个神经元的\n感知机</p>", ["只有一个神经元的⏎感知机"]),
        # next to a link, a role and emphasis: the break lies between two elements' texts
        (
            '<p>只有一个神经元的\n<a href="concepts.html"><span>感知机</span></a></p>',
            ["只有一个神经元的⏎感知机"],
        ),
        ("<ul><li><p>反向传播</p></li><li><p>和梯度下降</p></li></ul>", []),
        ("<ul><li>损失函数、\n<em>反向传播</em></li></ul>", ["损失函数、⏎反向传播"]),
        ("<table><tr><td>一\n二</td></tr></table>", ["一⏎二"]),
        ("<p>运行 <code>python\n-m</code> 准备</p>", []),  # code keeps its own lines
        ("<p>先运行 <code>x</code>\n提前</p>", []),  # code between them: a space is right
        ("<p>PyTorch 和\nmatplotlib</p>", []),  # a Latin word: a space is right
        ("<div>收起\n展开</div>", []),  # not running text
    ],
)
def test_the_check_finds_breaks_next_to_markup_and_only_there(
    html: str, expected: list[str]
) -> None:
    assert [context.strip(OBJECT) for context in stray_line_breaks(html)] == expected
