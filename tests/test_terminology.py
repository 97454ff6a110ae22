"""The terminology table (docs/terminology.toml): well formed, and followed by the glossary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from terminology import HAN_MEETS_LATIN, alternatives, glossary_mismatch, load, term

ROW = 'zh = "{zh}"\nen = "{en}"\nnotes = ""\nzh_also = {zh_also}\nen_also = []\n'


def table(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "terminology.toml"
    path.write_text("".join(f"[[term]]\n{row}\n" for row in rows), encoding="utf-8")
    return path


def test_the_table_gives_each_concept_two_names_and_its_other_names() -> None:
    terms = load()
    assert len(terms) >= 40
    assert {t.name("zh") for t in terms} >= {"感知机", "残差连接", "小批量", "批量规范化", "暂退法"}
    zh = alternatives("zh", terms)
    assert zh["感知器"] == "感知机"
    assert zh["跳跃连接"] == "残差连接"
    assert alternatives("en", terms)["skip connection"] == "residual connection"


def test_a_row_without_a_field_or_a_name_given_to_two_terms_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"term 1 has fields .* each term has"):
        load(table(tmp_path, 'zh = "感知机"\nen = "perceptron"\n'))
    twice = table(
        tmp_path,
        ROW.format(zh="感知机", en="perceptron", zh_also='["感知器"]'),
        ROW.format(zh="多层感知机", en="multilayer perceptron", zh_also='["感知器"]'),
    )
    with pytest.raises(ValueError, match=r"\['感知器'\] name more than one concept"):
        load(twice)


def test_the_glossary_must_list_the_tables_terms_in_order_this_languages_name_first() -> None:
    terms = [
        term({"zh": "感知机", "en": "perceptron"}, others={"zh": ("感知器",)}),
        term({"zh": "层", "en": "layer"}),
    ]
    assert glossary_mismatch([["感知机", "perceptron"], ["层", "layer"]], "zh", terms) is None
    assert glossary_mismatch([["perceptron", "感知机"], ["layer", "层"]], "en", terms) is None
    assert (
        glossary_mismatch([["层", "layer"], ["感知机", "perceptron"]], "zh", terms)
        == "another order"
    )
    assert "missing [['层', 'layer']]" in str(
        glossary_mismatch([["感知机", "perceptron"]], "zh", terms)
    )


@pytest.mark.parametrize(
    ("lang", "phrase"), [("zh", "又称{names}。"), ("en", "Also called {names}.")]
)
def test_the_built_glossary_gives_every_terms_other_names(
    site: Path, lang: str, phrase: str
) -> None:
    page = re.sub(r"<[^>]+>", "", (site / lang / "concepts.html").read_text(encoding="utf-8"))
    separator = "、" if lang == "zh" else ", "
    missing = [
        term.name(lang)
        for term in load()
        if term.also(lang)
        and HAN_MEETS_LATIN.sub(" ", phrase.format(names=separator.join(term.also(lang))))
        not in page
    ]
    assert missing == []
