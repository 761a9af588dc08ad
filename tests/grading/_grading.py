"""Helpers of the grading tests: paths of the fixtures, building submissions."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOY = FIXTURES / "solutions" / "99-toy.ipynb"


def read_notebook(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def code_source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def graded_cell_index(notebook: dict, name: str) -> int:
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code" and code_source(cell).lstrip().startswith(
                f"# GRADED: {name}"):
            return index
    raise KeyError(f"no graded cell for {name}")


def write_submission(path: Path, base: dict, replace: dict | None = None,
                     extra: list | None = None, at: int | None = None) -> Path:
    """A submission made from ``base``: graded cells replaced, extra code cells added.

    Args:
        replace: ``{function name: new source of its cell}``.
        extra: sources of code cells to insert at index ``at`` (default: the end).
    """
    notebook = json.loads(json.dumps(base))
    for name, source in (replace or {}).items():
        index = graded_cell_index(notebook, name)
        notebook["cells"][index]["source"] = f"# GRADED: {name}\n{source}"
    new_cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                  "source": source} for source in (extra or [])]
    position = len(notebook["cells"]) if at is None else at
    notebook["cells"][position:position] = new_cells
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path
