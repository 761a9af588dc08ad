"""Issue 15's attacks, each kept as a submission that must now score what it deserves.

All toy submissions (``fixtures/solutions/99-toy.ipynb``: relu 1 point, mse 2,
dense_forward 1) are graded in one run, two at a time; each test reads its result.
The hidden inputs of relu are ``[[-3.0, 0.5], [2.0, -0.1]]`` and
``np.linspace(-1, 1, 7)``: no report may show them, nor any number of an answer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from _grading import ROOT, TOY, read_notebook, write_submission
from nncourse.grading import Grader, Limits
from nncourse.grading.report import gradescope

HONEST = {"relu": 1, "mse": 2, "dense_forward": 1}
HIDDEN_TEXT = ("-3.0", "-0.1", "0.333", "0.666", "-3.", "0.5, 2")

CASES = {
    "honest": ([], {}, HONEST),
    # 1. The answer key: nncourse's own implementation, reached in every way.
    "uses_nncourse_directly": (
        ["from nncourse.activations import relu as package_relu\n"],
        {"relu": "def relu(x):\n    return package_relu(x)\n"},
        dict(HONEST, relu=0)),
    "uses_nncourse_through_a_helper": (
        ["import nncourse\n\ndef mean_of_squares(a, b):\n"
         "    return nncourse.losses.MSE().forward(a, b)\n"],
        {"mse": "def mse(y_hat, y):\n    return mean_of_squares(y_hat, y)\n"},
        dict(HONEST, mse=0)),
    "uses_nncourse_dynamically": (
        [],
        {"relu": "def relu(x):\n    import importlib\n"
                 "    return importlib.import_module('nncourse.activations').relu(x)\n",
         "mse": "def mse(y_hat, y):\n    loss = __import__('nncourse.losses', "
                "fromlist=['MSE']).MSE()\n    return loss.forward(y_hat, y)\n",
         "dense_forward": "def dense_forward(X, W, b):\n    name = 'dense' + '_forward'\n"
                          "    return getattr(np, name)(X, W, b)\n"},
        {"relu": 0, "mse": 0, "dense_forward": 0}),
    # 2. Messages as an oracle, hidden inputs and exception text leaking.
    "slightly_wrong": ([], {"mse": "def mse(y_hat, y):\n"
                                   "    return float(np.mean((y_hat - y) ** 2)) + 0.001\n"},
                       dict(HONEST, mse=0)),
    "raises_with_the_inputs": (
        [], {"relu": "def relu(x):\n    raise ValueError(f'secret {x.tolist()}')\n"},
        dict(HONEST, relu=0)),
    "leak_through_an_exception": (
        ["SEEN = []\n"],
        {"relu": "def relu(x):\n    SEEN.append(x.tolist())\n    return np.maximum(x, 0.0)\n",
         "mse": "def mse(y_hat, y):\n    raise RuntimeError(repr(SEEN))\n"},
        dict(HONEST, mse=0)),
    "leak_through_the_disk": (
        ["import os\nfor path in ('/tmp/leak.txt', os.path.expanduser('~/leak.txt'), "
         "'leak.txt'):\n    if os.path.exists(path):\n"
         "        raise RuntimeError(open(path).read())\n"],
        {"relu": "def relu(x):\n    import os\n"
                 "    for path in ('/tmp/leak.txt', os.path.expanduser('~/leak.txt'), "
                 "'leak.txt'):\n        with open(path, 'w') as out:\n"
                 "            out.write(repr(x.tolist()))\n    os._exit(1)\n"},
        dict(HONEST, relu=0)),
    "changes_its_input": (
        [], {"relu": "def relu(x):\n    x[x < 0] = 0.0\n    return x\n"},
        dict(HONEST, relu=0)),
    # 7. Thousands of failing cells: notes capped, once per submission.
    "thousands_of_failing_cells": (["raise ValueError('boom ' * 50)\n"] * 2000, {}, HONEST),
    # 5. An unencodable character in an exception message (Jupyter replaces it).
    "lone_surrogate": (["raise ValueError('\\udc80 cannot be encoded')\n"], {}, HONEST),
}

LIMITS = Limits(cell_timeout=10, function_timeout=10, timeout=240)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sandbox_mode):
    folder = tmp_path_factory.mktemp("attacks")
    base = read_notebook(TOY)
    base["cells"] = [c for c in base["cells"]
                     if "hidden-tests" not in c.get("metadata", {}).get("tags", [])]
    paths = {name: write_submission(folder / f"{name}.ipynb", base, replace=replace,
                                    extra=extra)
             for name, (extra, replace, _) in CASES.items()}
    grader = Grader(TOY.parent, LIMITS, sandbox=sandbox_mode, jobs=2)
    results = grader.grade(list(paths.values()), assignment="99-toy")
    return dict(zip(paths, results)), grader


def _text(result) -> str:
    return json.dumps(gradescope([result], ""), ensure_ascii=True)


@pytest.mark.parametrize("name", list(CASES))
def test_attack_scores_what_it_deserves(graded, name):
    results, _ = graded
    result = results[name]
    got = {f.name: f.score for f in result.functions}
    assert got == CASES[name][2], f"{name}: {result.functions} notes={result.notes}"
    text = _text(result)
    for hidden in HIDDEN_TEXT:
        assert hidden not in text, f"{name} leaks {hidden!r}: {text}"
    assert "largest difference" not in text and "secret" not in text


def test_using_nncourse_is_named_in_one_sentence(graded):
    results, _ = graded
    for name in ("uses_nncourse_directly", "uses_nncourse_through_a_helper",
                 "uses_nncourse_dynamically"):
        for function in results[name].functions:
            if function.score == 0:
                assert "earns no points" in function.message, function.message
                assert "\n" not in function.message
    message = {f.name: f.message for f in results["uses_nncourse_through_a_helper"].functions}
    assert "mean_of_squares" in message["mse"], message


def test_hidden_failures_say_how_many_and_what_kind(graded):
    results, _ = graded
    messages = {name: {f.name: f.message for f in results[name].functions} for name in results}
    assert messages["slightly_wrong"]["mse"] == "2 of 2 hidden cases failed: wrong values (2)"
    assert messages["raises_with_the_inputs"]["relu"] == \
        "2 of 2 hidden cases failed: raised ValueError (2)"
    assert "changed `x` in place" in messages["changes_its_input"]["relu"]
    assert messages["honest"]["relu"] == "passed all 2 hidden cases"
    for name, functions in messages.items():
        for message in functions.values():
            digits = re.findall(r"\d+(?:\.\d+)?", message)
            assert all(d.isdigit() for d in digits), (name, message)  # counts only


def test_the_disk_is_wiped_when_the_kernel_restarts(graded):
    result = graded[0]["leak_through_the_disk"]
    assert any("restarted" in note for note in result.notes), result.notes
    assert not any("RuntimeError" in note for note in result.notes), result.notes


def test_notes_are_capped_and_kept_once(graded):
    result = graded[0]["thousands_of_failing_cells"]
    assert len(result.notes) <= 13 and all(len(note) <= 300 for note in result.notes)
    data = gradescope([result], "")
    assert len(json.dumps(data)) < 20_000
    outputs = [t["output"] for t in data["tests"]]
    assert sum("boom" in output for output in outputs) == 1  # the notes test only


def test_every_text_is_ascii_safe(graded, tmp_path):
    from nncourse.grading.report import table, write_json

    from nncourse.grading.grader import SubmissionResult

    result = graded[0]["lone_surrogate"]
    assert any("cannot be encoded" in note for note in result.notes)
    result = SubmissionResult(path="caf\udc80.ipynb", assignment="99-toy",
                              functions=result.functions)
    result.note("code cell 3: ValueError: \udc80 \u2603 cannot be encoded")
    path = tmp_path / "results.json"
    write_json(path, gradescope([result], "sandbox"))
    path.read_bytes().decode("ascii")
    table([result], "sandbox").encode("ascii")


# -- dtype, on a real chapter -----------------------------------------------------------

def test_a_dtype_the_task_fixes_is_checked(tmp_path, sandbox_mode):
    solution = ROOT / "solutions" / "08-mnist.ipynb"
    base = read_notebook(solution)
    base["cells"] = [c for c in base["cells"]
                     if "hidden-tests" not in c.get("metadata", {}).get("tags", [])]
    path = write_submission(tmp_path / "08-mnist-dtypes.ipynb", base, replace={
        "normalize_images": "def normalize_images(images):\n"
                            "    return images.reshape(len(images), -1) / 255.0\n",
        "confusion_matrix": "def confusion_matrix(y_true, y_pred, n_classes):\n"
                            "    m = np.zeros((n_classes, n_classes))\n"
                            "    np.add.at(m, (y_true, y_pred), 1)\n    return m\n"})
    grader = Grader(ROOT / "solutions", Limits(cell_timeout=60, timeout=300),
                    sandbox=sandbox_mode, jobs=1)
    [result] = grader.grade([path])
    messages = {f.name: (f.score, f.message) for f in result.functions}
    assert messages["normalize_images"][0] == 0 and "wrong dtype" in messages[
        "normalize_images"][1], messages
    assert messages["confusion_matrix"][0] == 0 and "wrong dtype" in messages[
        "confusion_matrix"][1], messages
    assert messages["inverted_dropout"][0] == 1, messages


# -- 3. the teacher chooses the assignment ----------------------------------------------

@pytest.fixture
def two_assignments(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    shutil.copy(TOY, solutions / "99-toy.ipynb")
    shutil.copy(TOY, solutions / "98-other.ipynb")
    return Grader(solutions, sandbox="none")


def test_a_metadata_claim_that_disagrees_is_reported_and_ignored(two_assignments, tmp_path):
    from nncourse.grading.grader import SubmissionResult

    notebook = {"cells": [], "metadata": {"nncourse": {"assignment": "98-other"}}}
    path = tmp_path / "99-toy-student.ipynb"
    result = SubmissionResult(str(path), None)
    assert two_assignments.identify(path, notebook, None, result) == "99-toy"
    assert "98-other" in result.notes[0] and "file name decides" in result.notes[0]
    result = SubmissionResult(str(path), None)
    assert two_assignments.identify(path, notebook, "98-other", result) == "98-other"
    assert not result.notes
    notebook["metadata"]["nncourse"]["assignment"] = "99-toy"
    result = SubmissionResult(str(path), None)
    assert two_assignments.identify(path, notebook, "98-other", result) == "98-other"
    assert "teacher decides" in result.notes[0]
    renamed = tmp_path / "my-homework.ipynb"  # no chapter in the name: the metadata helps
    assert two_assignments.identify(renamed, notebook, None, None) == "99-toy"


def test_gradescope_mode_requires_the_assignment():
    from nncourse.grading import autograder

    with pytest.raises(SystemExit):
        autograder.main(["gradescope-run"])
    with pytest.raises(SystemExit):
        autograder.main(["gradescope"])


# -- 4. any file, a result for everyone -------------------------------------------------

BAD_FILES = {
    "metadata-list.ipynb": json.dumps({"cells": [], "metadata": [1, 2]}),
    "assignment-list.ipynb": json.dumps({"cells": [], "metadata": {"nncourse": {
        "assignment": ["99-toy"]}}}),
    "deep.ipynb": "[" * 100_000 + "]" * 100_000,
    "not-json.ipynb": "\x00\x01 this is not a notebook",
    "latin1.ipynb": "caf\xe9",
    "cells-not-a-list.ipynb": json.dumps({"cells": {"a": 1}}),
    "ten-thousand-cells.ipynb": json.dumps({"cells": [
        {"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []}] * 10_000}),
    "source-not-text.ipynb": json.dumps({"cells": [
        {"cell_type": "code", "source": {"a": 1}, "metadata": {}, "outputs": []}]}),
}


def test_any_file_gives_a_result_for_everyone(tmp_path, sandbox_mode):
    folder = tmp_path / "class"
    folder.mkdir()
    for name, text in BAD_FILES.items():
        (folder / name).write_bytes(text.encode("latin-1" if name == "latin1.ipynb"
                                                else "utf-8"))
    shutil.copy(TOY, folder / "honest.ipynb")
    shutil.copy(TOY, folder / os.fsdecode(b"caf\x80-honest.ipynb"))  # a lone surrogate
    out = tmp_path / "results.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "nncourse.grading.cli", str(folder), "--json", str(out),
         "--csv", str(tmp_path / "gradebook.csv"), "--solutions", str(TOY.parent),
         "--assignment", "99-toy", "--sandbox", sandbox_mode, "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    process.stdout.close()  # printing fails: the results must be written before that
    process.wait(timeout=600)
    data = json.loads(out.read_bytes().decode("ascii"))
    submissions = {s["path"].rsplit("/", 1)[-1]: s for s in data["extra_data"]["submissions"]}
    assert submissions["honest.ipynb"]["score"] == 4
    assert submissions["caf\\udc80-honest.ipynb"]["score"] == 4, list(submissions)
    tests = {t["name"]: t["output"] for t in data["tests"]}
    for name in BAD_FILES:
        assert submissions[name]["score"] == 0
        if name in ("metadata-list.ipynb", "assignment-list.ipynb"):  # notebooks, no code
            assert "not defined" in tests[f"{name}: relu"], tests
        else:
            assert "not graded" in submissions[name]["notes"][0], submissions[name]
    rows = (tmp_path / "gradebook.csv").read_text().splitlines()
    assert rows[0].split(",")[:4] == ["student", "file", "assignment", "relu"]
    assert len(rows) == 1 + len(BAD_FILES) + 2
