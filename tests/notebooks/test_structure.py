"""The notebooks as files: in the table of contents, executed, seeded, small, honest.

nbval (`make test-notebooks`) re-executes them; these checks are the cheap ones
that say precisely what is wrong with a notebook before anything runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK = sorted((ROOT / "book").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXECUTED = BOOK + SOLUTIONS


def cells(path: Path, kind: str = "code") -> list[dict]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [cell for cell in notebook["cells"] if cell["cell_type"] == kind]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def repository_url() -> str:
    match = re.search(r"^repository:\s*\n\s+url:\s*(\S+)", (ROOT / "_config.yml").read_text(), re.M)
    assert match, "_config.yml has no repository.url"
    return match.group(1)


def test_there_is_a_book():
    assert (ROOT / "book" / "00-introduction.ipynb") in BOOK


@pytest.mark.parametrize("path", BOOK, ids=lambda p: p.name)
def test_chapter_is_in_the_table_of_contents(path):
    toc = (ROOT / "_toc.yml").read_text()
    assert f"file: book/{path.stem}" in toc, f"{path.name} is not listed in _toc.yml"


@pytest.mark.parametrize("path", BOOK + SOLUTIONS, ids=lambda p: p.name)
def test_first_code_cell_installs_nncourse_on_colab_only(path):
    first = source(cells(path)[0])
    assert 'if "google.colab" in sys.modules:' in first, f"{path.name}: first code cell lacks the Colab guard"
    assert f'"nncourse @ git+{repository_url()}"' in first, (
        f"{path.name}: the Colab install must use the repository in _config.yml ({repository_url()})"
    )


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_notebook_is_executed_without_errors(path):
    for index, cell in enumerate(cells(path)):
        if source(cell).strip():
            assert cell["execution_count"] is not None, f"{path.name}: code cell {index} was never run"
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{path.name}: code cell {index} stored an error"
            assert output.get("name") != "stderr", (
                f"{path.name}: code cell {index} printed to stderr (a warning?): {''.join(output['text'])[:200]}"
            )


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_notebook_seeds_its_random_generator(path):
    code = "\n".join(source(cell) for cell in cells(path))
    assert "np.random.default_rng(" in code, f"{path.name}: seed a generator with np.random.default_rng(seed)"
    for legacy in ("np.random.seed(", "np.random.rand(", "np.random.randn("):
        assert legacy not in code, f"{path.name}: uses the legacy global generator ({legacy})"


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_notebook_is_small_and_finished(path):
    assert path.stat().st_size < 2_000_000, f"{path.name} is {path.stat().st_size // 1000} kB; keep it under 2 MB"
    text = "\n".join(source(cell) for cell in cells(path, "markdown") + cells(path))
    assert not re.search(r"\bTODO\b|lorem ipsum", text, re.I), f"{path.name} contains placeholder text"


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_ignored_outputs_say_why_and_assert_the_claim(path):
    # The portability rule (README, Contributing): an output nbval does not compare
    # says why in a comment, and its cell asserts the claim with a tolerance.
    for index, cell in enumerate(cells(path)):
        text = source(cell)
        tagged = "nbval-ignore-output" in cell.get("metadata", {}).get("tags", [])
        if not (tagged or re.search(r"^# NBVAL_IGNORE_OUTPUT\b", text, re.M)):
            continue
        assert re.search(r"^#(?! NBVAL_).*\b(differ|volatile|chang|optional|depend|processor|var(y|ies))", text, re.M | re.I), (
            f"{path.name}: code cell {index} ignores its output without a comment saying why"
        )
        assert re.search(r"^\s*(assert\b|np\.testing\.assert_)", text, re.M), (
            f"{path.name}: code cell {index} ignores its output but asserts nothing, "
            "so a real regression would pass unseen"
        )
