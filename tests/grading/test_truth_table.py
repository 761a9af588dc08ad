"""Every chapter's exercises grade right: the truth table of the grader.

For each ``solutions/NN-*.ipynb``, one grading run (one reference, submissions in
parallel) of:

- the solutions notebook itself: full marks, and no cell raised;
- the generated exercise notebook, unchanged: zero, each function "not written yet",
  and the grader comes through (it is identified by its metadata, not its name);
- for every graded function, the solutions notebook with that one function replaced
  by the planted wrong answer of ``tests/grading/planted/chNN.py``: exactly that
  function's points are lost, every other function keeps its points. A missing
  planted file or entry fails the test, naming what is missing.
"""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from _grading import ROOT, read_notebook, write_submission
from nncourse import exercises as gen
from nncourse.grading import Grader, Limits

SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
PLANTED_DIR = ROOT / "tests" / "grading" / "planted"
JOBS = max(2, min(4, os.cpu_count() or 1))


def planted_answers(solution) -> dict:
    path = PLANTED_DIR / f"ch{solution.name[:2]}.py"
    if not path.exists():
        pytest.fail(f"{solution.name}: no planted wrong answers: write "
                    f"{path.relative_to(ROOT)} with PLANTED = {{name: source}}")
    spec = importlib.util.spec_from_file_location(f"planted_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    planted = getattr(module, "PLANTED", None)
    assert isinstance(planted, dict), f"{path.relative_to(ROOT)} defines no dict PLANTED"
    return planted


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_truth_table(solution, tmp_path, sandbox_mode):
    missing = gen.missing_requirements(solution)
    if missing:
        pytest.skip(f"{solution.name} needs {', '.join(missing)}: run `make frameworks`")
    assignment = gen.load_assignment(solution)
    points = {g.name: g.points for g in assignment.graded.values()}
    planted = planted_answers(solution)
    missing = sorted(set(points) - set(planted))
    unknown = sorted(set(planted) - set(points))
    assert not missing, (f"tests/grading/planted/ch{solution.name[:2]}.py has no planted "
                         f"wrong answer for {missing}")
    assert not unknown, (f"tests/grading/planted/ch{solution.name[:2]}.py plants answers for "
                         f"{unknown}, which {solution.name} does not grade")

    exercise = tmp_path / "renamed-by-student.ipynb"
    exercise.write_text(gen.render(gen.make_exercise(assignment)), encoding="utf-8")
    base = read_notebook(solution)
    base["cells"] = [c for c in base["cells"]
                     if "hidden-tests" not in c.get("metadata", {}).get("tags", [])]
    planted_paths = {
        name: write_submission(tmp_path / f"{solution.stem}-planted-{name}.ipynb", base,
                               replace={name: source})
        for name, source in planted.items()}
    grader = Grader(ROOT / "solutions", Limits(cell_timeout=120, timeout=600), jobs=JOBS,
                    sandbox=sandbox_mode)
    results = grader.grade([solution, exercise, *planted_paths.values()])
    graded = {r.path: r for r in results}
    problems = []

    def scores(path):
        result = graded[str(path)]
        if result.assignment != solution.stem:
            problems.append(f"{path.name} was taken for {result.assignment!r}: {result.notes}")
        return {f.name: f.score for f in result.functions}, result

    got, result = scores(solution)
    if got != points:
        problems.append(f"the solutions notebook scored {got}, not {points}: "
                        f"{[f.message for f in result.functions if not f.passed]}")
    if result.cell_errors:
        problems.append(f"the solutions notebook raised in cells {result.cell_errors}")

    got, result = scores(exercise)
    if any(got.values()) or set(got) != set(points):
        problems.append(f"the unchanged exercise scored {got}, not zero")
    for function in result.functions:
        if "not written yet" not in function.message:
            problems.append(f"unchanged exercise, {function.name}: {function.message}")

    for name, path in planted_paths.items():
        got, result = scores(path)
        want = dict(points, **{name: 0})
        if got != want:
            problems.append(
                f"planted wrong {name}: scored {got}, wanted {want} "
                f"({[f'{f.name}: {f.message}' for f in result.functions]}; {result.notes})")
    assert not problems, f"{solution.name}:\n  " + "\n  ".join(problems)


def test_the_command_line_writes_gradescope_json(tmp_path, sandbox_mode):
    """``nncourse-grade`` end to end on the fixture: table on stdout, results.json."""
    import subprocess
    import sys

    from _grading import TOY

    out = tmp_path / "out" / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "nncourse.grading.cli", str(TOY), "--json", str(out),
         "--solutions", str(TOY.parent), "--sandbox", sandbox_mode],
        capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "relu" in done.stdout and "4/4 points" in done.stdout
    assert "sandbox:" in done.stdout.splitlines()[-1]
    results = json.loads(out.read_text())
    assert results["score"] == 4
    assert [(t["name"], t["score"], t["max_score"]) for t in results["tests"]] == [
        ("relu", 1, 1), ("mse", 2, 2), ("dense_forward", 1, 1)]
    assert all(isinstance(t["output"], str) for t in results["tests"])
    assert results["output"].startswith("sandbox:")
    assert sorted(p.name for p in out.parent.iterdir()) == ["results.json"]


def test_without_a_sandbox_the_report_says_so(tmp_path):
    from _grading import TOY

    grader = Grader(TOY.parent, Limits(cell_timeout=60, timeout=120), sandbox="none")
    [result] = grader.grade([TOY])
    assert result.score == 4
    assert grader.sandbox.note.startswith("sandbox: NONE")
