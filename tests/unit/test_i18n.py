"""The Japanese edition: complete, in step with the English, and running the same code."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from babel.messages import pofile
from babel.messages.catalog import Catalog
from sphinx_intl import basic as sphinx_intl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import i18n  # noqa: E402

ENGLISH = sorted(p for folder in ("book", "exercises") for p in (ROOT / folder).glob("*.ipynb"))
JAPANESE = sorted((ROOT / "ja").glob("*/*.ipynb"))


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _ja(path):
    return ROOT / "ja" / path.relative_to(ROOT)


def test_every_page_has_a_japanese_edition():
    missing = [p.relative_to(ROOT).as_posix() for p in ENGLISH if not _ja(p).exists()]
    assert not missing, f"no Japanese notebook for {missing}: run `make ja`"
    assert (ROOT / "ja" / "book" / "index.md").exists()
    extra = [p.relative_to(ROOT).as_posix() for p in JAPANESE
             if not (ROOT / p.relative_to(ROOT / "ja")).exists()]
    assert not extra, f"Japanese notebooks with no English page: {extra}"


def _code_lines(source: str) -> list[str]:
    """The lines of a code cell that are not comments."""
    return [line for line in source.splitlines() if not line.lstrip().startswith("#")]


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_code_cells_are_the_english_ones(english):
    japanese = _ja(english)
    if not japanese.exists():
        pytest.fail(f"{japanese.relative_to(ROOT)} is missing: run `make ja`")
    en, ja = _cells(english), _cells(japanese)
    assert [c["cell_type"] for c in en] == [c["cell_type"] for c in ja], (
        f"{japanese.name}: the cells are not those of {english.relative_to(ROOT)}")
    for index, (a, b) in enumerate(zip(en, ja)):
        if a["cell_type"] != "code":
            continue
        where = f"{japanese.relative_to(ROOT)} cell {index}"
        assert _code_lines("".join(a["source"])) == _code_lines("".join(b["source"])), (
            f"{where}: its code differs from the English (only comments may)")
        assert a.get("outputs") == b.get("outputs"), f"{where}: its outputs differ from the English"
        assert a.get("metadata") == b.get("metadata"), f"{where}: its metadata differs"


def _blocks(path: Path):
    """(where, text) of every paragraph-like block of the Japanese markdown."""
    if path.suffix == ".md":
        sources = [(path.name, path.read_text(encoding="utf-8"))]
    else:
        sources = [(f"{path.name} cell {i}", "".join(c["source"]))
                   for i, c in enumerate(_cells(path)) if c["cell_type"] == "markdown"]
    for where, source in sources:
        source = re.sub(r"(?s)```.*?```|\$\$.*?\$\$", " ", source)  # code and display math
        for block in re.split(r"\n\s*\n", source):
            if block.strip():
                yield where, block


@pytest.mark.parametrize("japanese", JAPANESE + [ROOT / "ja" / "book" / "index.md"],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_markdown_is_left_in_english(japanese):
    """Every block with English prose (not code, math, links or names) has Japanese in it."""
    english = [f"{where}: {block.strip()[:80]!r}" for where, block in _blocks(japanese)
               if i18n.left_in_english(block, block)]
    assert not english, f"{len(english)} blocks still in English, e.g. {english[:3]}"


def test_the_catalogs_are_complete_and_the_japanese_pages_up_to_date():
    """What `make test` guards: no missing or fuzzy translation, no stale ja/ page."""
    try:
        i18n.check()
    except i18n.TranslationError as error:
        pytest.fail(str(error))


def _catalog(entries):
    catalog = Catalog(locale="ja")
    for message, translation, location in entries:
        catalog.add(message, translation, locations=[location])
    return catalog


def test_a_changed_english_paragraph_makes_its_translation_fuzzy(tmp_path, monkeypatch):
    """The mechanism itself: sphinx-intl marks the changed entry, and the tools refuse it."""
    old = "The bias says how easily the perceptron fires."
    new = "The bias says how readily the perceptron fires."
    heading = "Logic gates by hand"
    catalogs = tmp_path / "locale" / "ja" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    with (catalogs / "page.po").open("wb") as file:
        pofile.write_po(file, _catalog([(old, "バイアスは発火のしやすさを表します。", ("p.ipynb", 20003)),
                                        (heading, "手で作る論理ゲート", ("p.ipynb", 10002))]))
    templates = tmp_path / "pot"
    templates.mkdir()
    template = _catalog([(new, "", ("p.ipynb", 20003)), (heading, "", ("p.ipynb", 10002))])
    with (templates / "page.pot").open("wb") as file:
        pofile.write_po(file, template)

    sphinx_intl.update(str(tmp_path / "locale"), str(templates), ("ja",), jobs=1)

    with (catalogs / "page.po").open("rb") as file:
        updated = pofile.read_po(file)
    assert updated[new].fuzzy and updated[new].string == "バイアスは発火のしやすさを表します。"
    assert not updated[heading].fuzzy
    monkeypatch.setattr(i18n, "CATALOGS", catalogs)
    assert "1 fuzzy" in i18n.status({"page": template})
    with pytest.raises(i18n.TranslationError, match="fuzzy"):
        i18n._entries(template, updated, "page")


def test_translations_keep_math_code_and_links():
    message = "The sum $x \\cdot w$ is `perceptron_output` in [chapter 1](01-perceptron.ipynb)."
    good = "和 $x \\cdot w$ は[第1章](01-perceptron.ipynb)の `perceptron_output` です。"
    assert i18n.translation_problems(message, good) == []
    broken = "和 $x w$ は[第1章](01.ipynb)の `perceptron_output` です。"
    assert any("differ" in p for p in i18n.translation_problems(message, broken))
    assert i18n.translation_problems(message, message) == ["still in English"]


def test_a_translation_replaces_whole_blocks_only():
    text = "## AND gates\n\nThe AND gate fires\nwhen both inputs are 1.\n\n| AND | OR |\n| --- | --- |\n"
    out = i18n.translate_text(text, {"AND gates": "AND ゲート",
                                     "The AND gate fires when both inputs are 1.": "AND は両方が 1 のとき発火します。",
                                     "OR": "OR（論理和）"}, "test")
    assert out == ("## AND ゲート\n\nAND は両方が 1 のとき発火します。\n\n| AND | OR（論理和） |\n"
                   "| --- | --- |\n")
    with pytest.raises(i18n.TranslationError, match="not in the English"):
        i18n.translate_text(text, {"XOR gates": "XOR ゲート"}, "test")


def test_no_figure_or_output_reports_a_missing_glyph():
    """Figures keep English labels; a Japanese label would need a font present everywhere."""
    for path in sorted((ROOT / "book").glob("*.ipynb")) + JAPANESE:
        for index, cell in enumerate(_cells(path)):
            for output in cell.get("outputs", []):
                text = "".join(output.get("text", "")) + json.dumps(output.get("data", {}).get("text/plain", ""))
                assert "missing from" not in text and "Glyph" not in text, (
                    f"{path.name} cell {index}: a missing-glyph warning in its output")
    for path in JAPANESE + sorted(i18n.CATALOGS.rglob("*.po")):
        assert "\u25a1" not in path.read_text(encoding="utf-8"), f"{path.name} has a □ (tofu) character"
