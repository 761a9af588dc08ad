"""Make the exercise notebooks from the solution notebooks: ``make exercises``.

Run as ``python -m nncourse.exercises [--check] [--solutions DIR] [--exercises DIR]``.

A solutions notebook marks every graded function like this (one code cell)::

    # GRADED: neuron_forward
    def neuron_forward(X, w, b):
        \"\"\"Docstring with Args/Returns and shapes.\"\"\"
        # Hint: compute the weighted sum, then apply the sigmoid.
        ### BEGIN SOLUTION
        z = X @ w + b
        return 1 / (1 + np.exp(-z))
        ### END SOLUTION

followed by its public check cell and a code cell tagged ``hidden-tests`` that starts
with ``# HIDDEN TESTS: neuron_forward`` and defines ``hidden_cases``. The exercise
notebook keeps everything except the answer: each block between the markers becomes
``raise NotImplementedError(...)`` at the marker's indentation (``# Hint:`` lines inside
a block are kept), hidden-test cells are dropped, outputs and execution counts are
cleared, and the notebook's metadata names its assignment
(``metadata.nncourse.assignment``) so the grader recognises a renamed submission.

``make exercises`` also records (``nncourse.checks.record``) the public checks' expected answers
(``--expected DIR``, by default ``nncourse/checks/expected/``): it runs each solutions
notebook's code cells (not its hidden tests) in a fresh Python process with recording
switched on, and writes what each ``run_checks`` case marked ``RECORDED`` got from the
solution to ``DIR/<assignment>.json``. The checks students install thus carry numbers,
never a reference implementation (see ``nncourse.checks.expected_data``).

A graded cell may name package code the function is allowed to use, since by default
a graded function that calls nncourse's own implementation earns nothing for it::

    # GRADED: train_step (allow: nncourse.layers.Dense, nncourse.optim.SGD)

The same parser serves the grader (``nncourse.grading``), so the two always agree on
what is graded. Malformed markers are an ``ExerciseFormatError`` naming the notebook and
the cell. Output is deterministic: the same solutions give byte-identical exercises.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ExerciseFormatError", "Graded", "Assignment", "parse_solution", "make_exercise",
    "render", "generate", "main",
]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_TAG = "hidden-tests"
_GRADED = re.compile(r"^#\s*GRADED:\s*(?P<name>\S*)\s*(?:\((?P<points>\d+)\s+points?\))?"
                     r"\s*(?:\(allow:\s*(?P<allow>[\w.,\s]+)\))?\s*$")
_HIDDEN = re.compile(r"^#\s*HIDDEN TESTS:\s*(?P<name>\S*)\s*$")
_IDENTIFIER = re.compile(r"^[A-Za-z_]\w*$")


class ExerciseFormatError(ValueError):
    """A solutions notebook breaks the format the generator and the grader rely on."""


@dataclass
class Graded:
    """One graded function: its name, points, and where it sits in the notebook."""

    name: str
    points: int
    cell: int  # index of its cell in the notebook
    hidden_source: str = ""  # the source of its hidden-tests cell
    allow: tuple = ()  # package names it may use, e.g. ("nncourse.layers.Dense",)


@dataclass
class Assignment:
    """What a solutions notebook grades. ``name`` is the file stem (``01-perceptron``)."""

    name: str
    path: Path
    notebook: dict
    graded: dict = field(default_factory=dict)  # name -> Graded, in notebook order

    @property
    def max_score(self) -> int:
        return sum(g.points for g in self.graded.values())


def cell_source(cell: dict) -> str:
    """A cell's source as one string (notebooks store a string or a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def python_source(source: str) -> str:
    """A cell's source as plain Python: IPython magics and shell lines become ``pass``."""
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            line = line[: len(line) - len(stripped)] + "pass"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _where(path, index: int, cell: dict) -> str:
    first = next((line for line in cell_source(cell).splitlines() if line.strip()), "")
    return f"{path}: cell {index + 1} ({first.strip()[:60]!r})"


def _tags(cell: dict) -> list:
    return list(cell.get("metadata", {}).get("tags", []))


def _graded_header(source: str):
    """``(name, points, allow)`` from a ``# GRADED:`` line, None if the cell has none."""
    for line in source.splitlines():
        if line.strip().startswith("#") and "GRADED:" in line:
            match = _GRADED.match(line.strip())
            if not match:
                return ("", 0, ())
            allow = tuple(name.strip() for name in (match["allow"] or "").split(",")
                          if name.strip())
            return match["name"], int(match["points"] or 1), allow
    return None


def _marker_blocks(source: str, where: str) -> list:
    """``[(begin_line, end_line), ...]`` of the solution blocks, checked for balance."""
    blocks, begin = [], None
    for number, line in enumerate(source.splitlines()):
        text = line.strip()
        if text.startswith(BEGIN):
            if begin is not None:
                raise ExerciseFormatError(
                    f"{where}: nested {BEGIN!r} at line {number + 1} "
                    f"(the block opened at line {begin + 1} is not closed)")
            begin = number
        elif text.startswith(END):
            if begin is None:
                raise ExerciseFormatError(
                    f"{where}: {END!r} at line {number + 1} without a {BEGIN!r} before it")
            blocks.append((begin, number))
            begin = None
    if begin is not None:
        raise ExerciseFormatError(f"{where}: {BEGIN!r} at line {begin + 1} is never closed")
    return blocks


def parse_solution(notebook: dict, path) -> Assignment:
    """Read and check the graded functions and hidden tests of a solutions notebook."""
    path = Path(path)
    assignment = Assignment(name=path.stem, path=path, notebook=notebook)
    hidden = {}
    for index, cell in enumerate(notebook.get("cells", [])):
        source, where = cell_source(cell), _where(path, index, cell)
        if cell.get("cell_type") != "code":
            continue
        if HIDDEN_TAG in _tags(cell):
            first = next((line for line in source.splitlines() if line.strip()), "")
            match = _HIDDEN.match(first.strip())
            if not match or not _IDENTIFIER.match(match["name"]):
                raise ExerciseFormatError(
                    f"{where}: a hidden-tests cell must start with '# HIDDEN TESTS: name'")
            if match["name"] in hidden:
                raise ExerciseFormatError(f"{where}: second hidden-tests cell for {match['name']}")
            hidden[match["name"]] = (source, where)
            continue
        header = _graded_header(source)
        blocks = _marker_blocks(source, where)
        if header is None:
            if blocks:
                raise ExerciseFormatError(
                    f"{where}: solution markers in a cell without a '# GRADED: name' line")
            continue
        name, points, allow = header
        for allowed in allow:
            if not re.match(r"^nncourse(\.[A-Za-z_]\w*)+$", allowed):
                raise ExerciseFormatError(
                    f"{where}: (allow: ...) names package code by its full dotted name, "
                    f"like nncourse.layers.Dense; got {allowed!r}")
        if not _IDENTIFIER.match(name):
            raise ExerciseFormatError(
                f"{where}: '# GRADED:' must be followed by the function's name, "
                f"like '# GRADED: neuron_forward' (optionally '(2 points)')")
        if name in assignment.graded:
            raise ExerciseFormatError(f"{where}: duplicate graded name {name!r}")
        if not blocks:
            raise ExerciseFormatError(
                f"{where}: graded cell {name!r} has no {BEGIN!r} ... {END!r} block")
        try:
            tree = ast.parse(source)
        except SyntaxError as error:
            raise ExerciseFormatError(f"{where}: the solution does not parse: {error}") from None
        defined = {node.name for node in tree.body
                   if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
        if name not in defined:
            raise ExerciseFormatError(f"{where}: the cell graded as {name!r} defines no {name}")
        assignment.graded[name] = Graded(name=name, points=points, cell=index, allow=allow)
    for name, (source, where) in hidden.items():
        if name not in assignment.graded:
            raise ExerciseFormatError(f"{where}: hidden tests for {name!r}, which is not graded")
        assignment.graded[name].hidden_source = source
    for graded in assignment.graded.values():
        if not graded.hidden_source:
            cell = notebook["cells"][graded.cell]
            raise ExerciseFormatError(
                f"{_where(path, graded.cell, cell)}: {graded.name!r} has no hidden-tests cell "
                f"('# HIDDEN TESTS: {graded.name}', tagged {HIDDEN_TAG!r})")
    return assignment


def stub_source(source: str, name: str) -> str:
    """The graded cell with each solution block replaced by a raising stub."""
    lines = source.splitlines(keepends=True)
    blocks = _marker_blocks(source, name)
    has_hint = any(line.strip().startswith("# Hint") for line in lines)
    message = f"{name}: not written yet" + (", see the hint above" if has_hint else "")
    out, position = [], 0
    for begin, end in blocks:
        out.extend(lines[position:begin])
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        out.extend(line for line in lines[begin + 1:end] if line.strip().startswith("# Hint"))
        out.append(f'{indent}raise NotImplementedError("{message}")\n')
        position = end + 1
    out.extend(lines[position:])
    text = "".join(out)
    return text[:-1] if text.endswith("\n") and not source.endswith("\n") else text


def _split_lines(text: str) -> list:
    return text.splitlines(keepends=True)


RULE_TAG = "grading-rule"


def rule_cell(assignment: Assignment) -> dict:
    """The markdown cell that states the grading rules, first in every exercise."""
    allowed = [f"`{graded.name}` may use {', '.join(f'`{a}`' for a in graded.allow)}"
               for graded in assignment.graded.values() if graded.allow]
    text = (
        "**How this notebook is graded.** Each function marked `# GRADED` is called on "
        "hidden inputs and must return the right values, with the shape and dtype the "
        "task asks for, without changing its inputs in place. Write it yourself, with "
        "NumPy or the library the task names: a graded function that uses nncourse's "
        "own implementation (calling it directly, through a helper of yours, or by "
        "looking it up with `importlib`, "
        "`getattr` or `__import__`) earns no points for that function"
        + ("; the exceptions are named in the task: " + "; ".join(allowed) if allowed
           else "") + ". The checks under each task use nncourse, and so may your own "
        "experiments outside the graded functions.")
    return {"cell_type": "markdown", "id": RULE_TAG, "metadata": {"tags": [RULE_TAG]},
            "source": _split_lines(text)}


def make_exercise(assignment: Assignment) -> dict:
    """The exercise notebook (a new dict) for a parsed solutions notebook."""
    notebook = assignment.notebook
    graded_cells = {g.cell: g.name for g in assignment.graded.values()}
    cells = []
    first_markdown = next((i for i, c in enumerate(notebook["cells"])
                           if c.get("cell_type") == "markdown"), -1)
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") == "code" and HIDDEN_TAG in _tags(cell):
            continue
        new = {key: value for key, value in cell.items()}
        new["metadata"] = {key: value for key, value in cell.get("metadata", {}).items()
                           if key not in ("execution", "collapsed", "scrolled")}
        source = cell_source(cell)
        if index in graded_cells:
            source = stub_source(source, graded_cells[index])
            try:
                ast.parse(source)
            except SyntaxError as error:
                raise ExerciseFormatError(
                    f"{_where(assignment.path, index, cell)}: the stub does not parse "
                    f"({error}); put the markers around whole statements") from None
        new["source"] = _split_lines(source)
        if cell.get("cell_type") == "code":
            new["outputs"], new["execution_count"] = [], None
        cells.append(new)
        if index == first_markdown:
            cells.append(rule_cell(assignment))
    if first_markdown < 0:
        cells.insert(0, rule_cell(assignment))
    metadata = {key: value for key, value in notebook.get("metadata", {}).items()
                if key != "widgets"}
    metadata["nncourse"] = {
        "assignment": assignment.name,
        "generated_from": f"solutions/{assignment.path.name}",
    }
    return {"cells": cells, "metadata": metadata, "nbformat": notebook.get("nbformat", 4),
            "nbformat_minor": notebook.get("nbformat_minor", 5)}


def render(notebook: dict) -> str:
    """A notebook as text, the way nbformat writes it (sorted keys, indent 1)."""
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def load_notebook(path) -> dict:
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExerciseFormatError(f"{path}: not a readable notebook: {error}") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ExerciseFormatError(f"{path}: not a notebook (no list of cells)")
    return notebook


def missing_requirements(path) -> list:
    """What a solutions notebook needs that this Python cannot import.

    A notebook that needs more than nncourse's own dependencies says so in its
    metadata, ``"nncourse": {"requires": ["torch", "keras"]}`` (chapter 12). Where
    they are missing, recording its checks and grading it are skipped with a note
    instead of failing; ``make frameworks`` installs them.
    """
    import importlib.util

    needs = load_notebook(path).get("metadata", {}).get("nncourse", {}).get("requires", [])
    return [name for name in needs if importlib.util.find_spec(name) is None]


def load_assignment(path) -> Assignment:
    """Parse a solutions notebook file."""
    return parse_solution(load_notebook(path), path)


def expected_exercises(solutions: Path) -> dict:
    """``{file name: text}`` of every exercise notebook the solutions make."""
    return {path.name: render(make_exercise(load_assignment(path)))
            for path in sorted(Path(solutions).glob("*.ipynb"))}


def generate(solutions: Path, exercises: Path) -> list:
    """Write ``exercises/`` from ``solutions/``; returns the names that changed.

    Everything is made and checked first, then written to a temporary directory next
    to ``exercises/`` and moved into place file by file with ``os.replace`` (atomic
    per file); exercise notebooks whose solution is gone are removed. A malformed
    solution raises before anything is touched.
    """
    wanted = expected_exercises(solutions)
    exercises = Path(exercises)
    exercises.mkdir(parents=True, exist_ok=True)
    changed = []
    with tempfile.TemporaryDirectory(dir=exercises.parent, prefix=".exercises-") as tmp:
        for name, text in wanted.items():
            target = exercises / name
            if target.exists() and target.read_text(encoding="utf-8") == text:
                continue
            staged = Path(tmp) / name
            staged.write_text(text, encoding="utf-8")
            os.chmod(staged, 0o644)
            changed.append(name)
        for name in changed:
            os.replace(Path(tmp) / name, exercises / name)
    for stale in sorted(exercises.glob("*.ipynb")):
        if stale.name not in wanted:
            stale.unlink()
            changed.append(stale.name)
    return changed


def differences(solutions: Path, exercises: Path) -> list:
    """What differs between ``exercises/`` and what the generator would write."""
    wanted = expected_exercises(solutions)
    present = {p.name for p in Path(exercises).glob("*.ipynb")}
    problems = [f"missing: exercises/{n}" for n in sorted(set(wanted) - present)]
    problems += [f"no solution for: exercises/{n}" for n in sorted(present - set(wanted))]
    problems += [f"out of date: exercises/{n}" for n in sorted(set(wanted) & present)
                 if (Path(exercises) / n).read_text(encoding="utf-8") != wanted[n]]
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nncourse.exercises",
        description="Write exercises/ from solutions/ (solutions replaced by stubs).")
    parser.add_argument("--solutions", type=Path, default=Path("solutions"))
    parser.add_argument("--exercises", type=Path, default=Path("exercises"))
    parser.add_argument("--expected", type=Path, default=None,
                        help="where the checks' expected values go (default: the "
                             "package's nncourse/checks/expected/)")
    parser.add_argument("--no-expected", action="store_true",
                        help="do not record the checks' expected values")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if exercises/ is out of date")
    args = parser.parse_args(argv)
    from nncourse.checks.record import (default_expected_dir, expected_differences,
                                        write_expected)

    expected = None if args.no_expected else (args.expected or default_expected_dir())
    try:
        if args.check:
            problems = differences(args.solutions, args.exercises)
            if expected is not None:
                problems += expected_differences(args.solutions, expected)
            for problem in problems:
                print(problem)
            if problems:
                print("Run `make exercises` to regenerate them.")
            return 1 if problems else 0
        changed = generate(args.solutions, args.exercises)
        if expected is not None:
            changed += write_expected(args.solutions, expected)
    except ExerciseFormatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    count = len(list(args.solutions.glob("*.ipynb")))
    print(f"{count} exercise notebooks in {args.exercises}/ ({len(changed)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
