"""Every language holds the same pages, and the same code on them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bilingual import (
    ParityError,
    check_counterparts,
    check_example_pair,
    check_page_pair,
    check_pair,
    language_pairs,
)
from site_facts import LANGS

ROOT = Path(__file__).resolve().parents[1]
PAIRS = language_pairs(ROOT, LANGS)
EN_EXAMPLE = ROOT / "examples/en/plot_01_perceptron.py"
ZH_EXAMPLE = ROOT / "examples/zh/plot_01_perceptron.py"


def test_every_language_has_examples_and_pages_to_compare() -> None:
    kinds = [kind for _, _, kind in PAIRS]
    assert kinds.count("example") >= 7 * (len(LANGS) - 1)
    assert kinds.count("page") >= 4 * (len(LANGS) - 1)


@pytest.mark.parametrize(
    ("first", "other", "kind"),
    PAIRS,
    ids=lambda p: p.parent.name + "/" + p.name if isinstance(p, Path) else p,
)
def test_every_language_runs_and_shows_the_same_code(first: Path, other: Path, kind: str) -> None:
    check_pair(first, other, kind)


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    broken = tmp_path / ZH_EXAMPLE.name
    text = ZH_EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    return broken


def test_a_changed_number_is_caught_with_its_line(tmp_path: Path) -> None:
    broken = _broken_copy(tmp_path, "max_epochs=100)", "max_epochs=50)")
    line = next(
        i for i, text in enumerate(broken.read_text().splitlines(), 1) if "max_epochs=50" in text
    )
    with pytest.raises(
        ParityError, match=rf"code differs: .*plot_01_perceptron.py:\d+ vs {broken}:{line}"
    ):
        check_example_pair(EN_EXAMPLE, broken)


def test_translated_strings_and_comments_are_not_differences(tmp_path: Path) -> None:
    changed = _broken_copy(tmp_path, 'LANG = "zh"', 'LANG = "zh"  # 另一条注释')
    check_example_pair(EN_EXAMPLE, changed)


def test_a_missing_statement_is_caught(tmp_path: Path) -> None:
    broken = _broken_copy(tmp_path, "assert not xor_history.converged\n", "")
    with pytest.raises(ParityError, match=r"code differs|lacks"):
        check_example_pair(EN_EXAMPLE, broken)


def test_a_missing_text_cell_is_caught(tmp_path: Path) -> None:
    text = ZH_EXAMPLE.read_text(encoding="utf-8")
    start = text.index("# %%\n# 阶跃函数只在")
    end = text.index("\n\n", start)
    broken = tmp_path / ZH_EXAMPLE.name
    broken.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    with pytest.raises(ParityError, match="text cells"):
        check_example_pair(EN_EXAMPLE, broken)


def test_a_missing_heading_is_caught(tmp_path: Path) -> None:
    broken = _broken_copy(tmp_path, "线性可分\n# --------\n", "线性可分\n#\n")
    with pytest.raises(ParityError, match="headings"):
        check_example_pair(EN_EXAMPLE, broken)


def test_a_page_without_counterpart_is_named(tmp_path: Path) -> None:
    for lang in ("en", "zh"):
        shutil.copytree(
            ROOT / "docs" / lang,
            tmp_path / lang,
            ignore=shutil.ignore_patterns("auto_examples", "generated"),
        )
    (tmp_path / "zh" / "package.md").unlink()
    with pytest.raises(ParityError, match=r"en/package\.md"):
        check_counterparts(tmp_path / "en", tmp_path / "zh", "*.md")


def test_a_changed_doctest_on_a_page_is_caught(tmp_path: Path) -> None:
    zh_page = ROOT / "docs/zh/package.md"
    broken = tmp_path / "package.md"
    broken.write_text(
        zh_page.read_text(encoding="utf-8").replace('logic_gate("or")', 'logic_gate("and")')
    )
    with pytest.raises(ParityError, match="code block differs"):
        check_page_pair(ROOT / "docs/en/package.md", broken)
