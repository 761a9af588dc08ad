"""The exercise generator, and the exercise notebooks as a student meets them.

- ``exercises/`` is exactly what ``make exercises`` writes from ``solutions/``;
- the generator keeps signature, docstring and hint, drops answers, hidden tests and
  outputs, is deterministic, and names the notebook and cell of any malformed marker;
- every exercise notebook runs from top to bottom with its stubs unchanged and no cell
  raises: the stubs are only called inside the checks, which say "not written yet".
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from _grading import ROOT, TOY, read_notebook
from nncourse import exercises as gen

EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


def test_exercises_are_up_to_date():
    problems = gen.differences(ROOT / "solutions", ROOT / "exercises")
    assert not problems, "exercises/ differs from solutions/; run `make exercises`:\n" + \
        "\n".join(problems)


def test_every_exercise_names_its_assignment():
    for path in EXERCISES:
        assert read_notebook(path)["metadata"]["nncourse"]["assignment"] == path.stem


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_unchanged_exercise_runs_without_errors(path, tmp_path):
    """Headless, errors not allowed: a stub called outside a check fails this test."""
    missing = gen.missing_requirements(ROOT / "solutions" / path.name)
    if missing:
        pytest.skip(f"{path.name} needs {', '.join(missing)}: run `make frameworks`")
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except CellExecutionError as error:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # no terminal colours
        pytest.fail(f"{path.name}: a cell raised with the stubs unchanged (call the graded "
                    f"functions only inside checks):\n"
                    f"{plain[-1500:]}", pytrace=False)
    reports = "\n".join(
        output.get("text", "") + json.dumps(output.get("data", {}))
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.get("outputs", []))
    assert "not written yet" in reports, f"{path.name}: no check said 'not written yet'"


# -- the generator on the fixture ------------------------------------------------------

def _toy():
    return gen.parse_solution(read_notebook(TOY), TOY)


def test_stub_keeps_signature_docstring_and_hint():
    exercise = gen.make_exercise(_toy())
    sources = ["".join(c["source"]) for c in exercise["cells"]]
    relu = next(s for s in sources if s.startswith("# GRADED: relu"))
    assert relu.splitlines()[1] == "def relu(x):"
    assert '"""ReLU of every element.' in relu and "# Hint: np.maximum" in relu
    assert relu.rstrip().endswith(
        '    raise NotImplementedError("relu: not written yet, see the hint above")')
    assert "np.maximum(x, 0.0)" not in relu and "BEGIN SOLUTION" not in relu
    for source in sources:
        assert "hidden_cases" not in source
    ast.parse(relu)


def test_exercise_has_no_outputs_and_names_its_assignment():
    exercise = gen.make_exercise(_toy())
    for cell in exercise["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert exercise["metadata"]["nncourse"]["assignment"] == "99-toy"


def test_toy_points_and_names():
    toy = _toy()
    assert {g.name: g.points for g in toy.graded.values()} == {
        "relu": 1, "mse": 2, "dense_forward": 1}


def test_generation_is_deterministic_and_atomic(tmp_path):
    out = tmp_path / "exercises"
    assert gen.generate(TOY.parent, out) == ["99-toy.ipynb"]
    first = (out / "99-toy.ipynb").read_bytes()
    assert gen.generate(TOY.parent, out) == []  # nothing changed, nothing rewritten
    (out / "99-toy.ipynb").write_text("{}")
    (out / "00-stale.ipynb").write_text("{}")
    assert gen.main(["--solutions", str(TOY.parent), "--exercises", str(out), "--check"]) == 1
    assert sorted(gen.generate(TOY.parent, out)) == ["00-stale.ipynb", "99-toy.ipynb"]
    assert (out / "99-toy.ipynb").read_bytes() == first
    assert sorted(p.name for p in out.iterdir()) == ["99-toy.ipynb"]  # no temp files left
    assert gen.main(["--solutions", str(TOY.parent), "--exercises", str(out), "--check"]) == 0


def test_nested_stub_keeps_indentation():
    source = ("# GRADED: Thing\nclass Thing:\n    def f(self):\n        # Hint: two\n"
              "        ### BEGIN SOLUTION\n        return 2\n        ### END SOLUTION\n")
    stub = gen.stub_source(source, "Thing")
    assert '        raise NotImplementedError("Thing: not written yet' in stub
    ast.parse(stub)


def _notebook_with(*sources, hidden=("relu",)):
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": source} for source in sources]
    cells += [{"cell_type": "code", "metadata": {"tags": ["hidden-tests"]}, "outputs": [],
               "execution_count": None,
               "source": f"# HIDDEN TESTS: {name}\nhidden_cases = [dict(args=(1,))]"}
              for name in hidden]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


GOOD = "# GRADED: relu\ndef relu(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
MALFORMED = {
    "never closed": ("# GRADED: relu\ndef relu(x):\n    ### BEGIN SOLUTION\n    return x\n",),
    "without a": ("# GRADED: relu\ndef relu(x):\n    return x\n    ### END SOLUTION\n",),
    "nested": ("# GRADED: relu\ndef relu(x):\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n"
               "    return x\n    ### END SOLUTION\n    ### END SOLUTION\n",),
    "followed by the function's name": (GOOD.replace("GRADED: relu", "GRADED:"),),
    "without a '# GRADED": (GOOD.replace("# GRADED: relu\n", ""),),
    "duplicate graded name": (GOOD, GOOD),
    "has no '### BEGIN SOLUTION'": ("# GRADED: relu\ndef relu(x):\n    return x\n",),
    "defines no relu": (GOOD.replace("def relu", "def other"),),
}


@pytest.mark.parametrize("expected", list(MALFORMED))
def test_malformed_markers_name_notebook_and_cell(expected):
    notebook = _notebook_with(*MALFORMED[expected])
    with pytest.raises(gen.ExerciseFormatError) as error:
        gen.make_exercise(gen.parse_solution(notebook, Path("solutions/42-bad.ipynb")))
    message = str(error.value)
    assert "solutions/42-bad.ipynb: cell " in message and expected in message, message


def test_hidden_tests_must_match_graded_functions():
    with pytest.raises(gen.ExerciseFormatError, match="has no hidden-tests cell"):
        gen.parse_solution(_notebook_with(GOOD, hidden=()), Path("x.ipynb"))
    with pytest.raises(gen.ExerciseFormatError, match="which is not graded"):
        gen.parse_solution(_notebook_with(GOOD, hidden=("relu", "other")), Path("x.ipynb"))


def test_make_exercises_reports_errors_clearly(tmp_path, capsys):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "42-bad.ipynb").write_text(json.dumps(_notebook_with(*MALFORMED["nested"])))
    code = gen.main(["--solutions", str(solutions), "--exercises", str(tmp_path / "ex")])
    assert code == 2 and "42-bad.ipynb: cell 1" in capsys.readouterr().err
    assert not (tmp_path / "ex").exists() or not list((tmp_path / "ex").iterdir())


def test_every_exercise_states_the_rule_up_front():
    """The no-nncourse rule comes right after the title, before any task."""
    for path in EXERCISES:
        cells = read_notebook(path)["cells"]
        assert "grading-rule" in cells[1]["metadata"].get("tags", []), path.name
        text = "".join(cells[1]["source"])
        assert "nncourse's own implementation" in text and "earns no points" in text
