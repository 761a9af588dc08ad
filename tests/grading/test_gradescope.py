"""Gradescope, packaged, and a class at once.

- ``nncourse-grade gradescope ASSIGNMENT -o autograder.zip`` writes ``setup.sh``,
  ``run_autograder`` and the solutions notebook; unpacked into a temporary root that
  stands in for ``/autograder``, ``run_autograder`` grades the submission there into
  ``results/results.json`` with the fields Gradescope documents;
- the assignment is fixed by the zip, whatever the notebook's metadata claims;
- grading a folder writes a gradebook CSV: one row per student, one column per
  function, and the total.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile

from _grading import ROOT, TOY, read_notebook, write_submission
from nncourse.grading.autograder import build_zip


def test_the_autograder_zip_grades_a_submission(tmp_path, sandbox_mode):
    zip_path = tmp_path / "autograder.zip"
    done = subprocess.run([sys.executable, "-m", "nncourse.grading.cli", "gradescope", "99-toy",
                           "-o", str(zip_path), "--solutions", str(TOY.parent)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        assert sorted(archive.namelist()) == ["run_autograder", "setup.sh",
                                              "solutions/99-toy.ipynb"]
        archive.extractall(root / "source")
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    setup = (root / "source" / "setup.sh").read_text()
    assert "bubblewrap" in setup and "nncourse[grade]" in setup
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    os.chmod(root / "run_autograder", 0o755)
    (root / "submission").mkdir()
    base = read_notebook(TOY)
    base["metadata"]["nncourse"] = {"assignment": "01-perceptron"}  # a claim to ignore
    write_submission(root / "submission" / "my work.ipynb", base, replace={
        "mse": "def mse(y_hat, y):\n    return float(np.sum((y_hat - y) ** 2))\n"})
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), NNCOURSE_PYTHON=sys.executable)
    if sandbox_mode == "none":
        env["PATH"] = ""  # no bwrap: the fallback, which the output then reports
    done = subprocess.run(["bash", str(root / "run_autograder")], capture_output=True,
                          text=True, timeout=600, env=env, cwd=root)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert isinstance(results["score"], (int, float)) and results["score"] == 2
    assert isinstance(results["output"], str) and "sandbox:" in results["output"]
    assert isinstance(results["execution_time"], int) and results["execution_time"] >= 0
    assert results["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
    names = []
    for test in results["tests"]:
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}, test
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert 0 <= test["score"] <= test["max_score"]
        names.append(test["name"])
    assert names[:3] == ["relu", "mse", "dense_forward"]
    assert sum(t["score"] for t in results["tests"]) == results["score"]
    assert "01-perceptron" in json.dumps(results)  # the ignored claim is reported


def test_no_submission_still_writes_results(tmp_path):
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    done = subprocess.run([sys.executable, "-m", "nncourse.grading.cli", "gradescope-run",
                           "99-toy", "--root", str(root)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and "No .ipynb" in results["output"]


def test_a_folder_gives_a_gradebook(tmp_path, sandbox_mode):
    folder = tmp_path / "class"
    folder.mkdir()
    base = read_notebook(TOY)
    base["cells"] = [c for c in base["cells"]
                     if "hidden-tests" not in c.get("metadata", {}).get("tags", [])]
    write_submission(folder / "ada.ipynb", base)
    write_submission(folder / "=cmd.ipynb", base, replace={
        "relu": "def relu(x):\n    return x\n"})
    done = subprocess.run([sys.executable, "-m", "nncourse.grading.cli", str(folder),
                           "--solutions", str(TOY.parent), "--assignment", "99-toy",
                           "--sandbox", sandbox_mode, "--jobs", "2"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "gradebook.csv").open()))
    by_student = {row["student"]: row for row in rows}
    assert set(by_student) == {"ada", "'=cmd"}  # a formula is kept as text
    assert by_student["ada"]["total"] == "4" and by_student["ada"]["max"] == "4"
    assert by_student["'=cmd"]["relu"] == "0" and by_student["'=cmd"]["total"] == "3"
    assert list(rows[0])[:6] == ["student", "file", "assignment", "relu", "mse",
                                 "dense_forward"]


def test_setup_installs_what_the_chapter_requires(tmp_path):
    # Chapter 12's solutions say in their metadata that they need torch and keras.
    zip_path = build_zip("12-frameworks", ROOT / "solutions", tmp_path / "a.zip")
    with zipfile.ZipFile(zip_path) as archive:
        setup = archive.read("setup.sh").decode()
    assert re.search(r"pip install --quiet .*nncourse.* torch keras\n", setup), setup
