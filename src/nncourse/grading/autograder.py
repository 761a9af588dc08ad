"""Gradescope, packaged: ``nncourse-grade gradescope ASSIGNMENT -o autograder.zip``.

The zip holds what Gradescope's autograder format asks for:

* ``setup.sh``: installs Python, bubblewrap and ``nncourse[grade]`` (from
  ``--package``, by default the course repository) into ``/autograder/venv``, and
  what the solutions notebook's metadata says it requires (chapter 12: torch, keras);
* ``run_autograder``: grades ``/autograder/submission/*.ipynb`` as ASSIGNMENT (fixed
  here, whatever a notebook's metadata claims) into
  ``/autograder/results/results.json``, through ``nncourse-grade gradescope-run``;
* ``solutions/ASSIGNMENT.ipynb``: the solutions notebook, which stays on Gradescope's
  machine (students never see the autograder).

When a student uploads several notebooks, the one whose name contains the assignment
(else the largest) is graded, and the output says which.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
import zipfile
from pathlib import Path

__all__ = ["build_zip", "main"]

DEFAULT_PACKAGE = "nncourse[grade] @ git+https://github.com/nncourse/nncourse"

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-pip bubblewrap util-linux
python3 -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --quiet --upgrade pip
/autograder/venv/bin/python -m pip install --quiet {package}
/autograder/venv/bin/python -m ipykernel install --sys-prefix --name python3 > /dev/null
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission. AUTOGRADER_ROOT and NNCOURSE_PYTHON
# exist for tests; on Gradescope they default to /autograder and its venv.
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{NNCOURSE_PYTHON:-$ROOT/venv/bin/python}}"
exec "$PYTHON" -m nncourse.grading.cli gradescope-run {assignment} --root "$ROOT" {limits}
"""


def build_zip(assignment: str, solutions: Path, output: Path, package: str = DEFAULT_PACKAGE,
              limits: str = "") -> Path:
    """Write the autograder zip for ``assignment`` (a solutions notebook's stem)."""
    notebook = Path(solutions) / f"{assignment}.ipynb"
    if not notebook.is_file():
        raise FileNotFoundError(f"no solutions notebook {notebook}")
    from nncourse.exercises import load_assignment, load_notebook

    load_assignment(notebook)  # a malformed solution fails here, not on Gradescope
    # What the chapter needs beyond nncourse (chapter 12: torch, keras) goes in too.
    requires = load_notebook(notebook).get("metadata", {}).get("nncourse", {}).get("requires", [])
    packages = " ".join(shlex.quote(name) for name in [package, *requires])
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("setup.sh", SETUP.format(package=packages)),
                           ("run_autograder", RUN.format(assignment=shlex.quote(assignment),
                                                         limits=limits))):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o100755 << 16
            archive.writestr(info, text)
        info = zipfile.ZipInfo(f"solutions/{assignment}.ipynb", date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = 0o100644 << 16
        archive.writestr(info, notebook.read_bytes())
    return output


def _pick(files: list, assignment: str) -> tuple:
    named = [f for f in files if assignment.lower() in f.name.lower()]
    pool = named or files
    chosen = max(pool, key=lambda f: (f.stat().st_size, f.name))
    note = "" if len(files) == 1 else (
        f"{len(files)} notebooks were uploaded; graded {chosen.name}")
    return chosen, note


def run(assignment: str, root: Path, args) -> int:
    """Grade the submission under ``root`` and write ``root/results/results.json``."""
    from nncourse.grading.cli import limits_from
    from nncourse.grading.grader import Grader
    from nncourse.grading.report import gradescope, table, write_json

    start = time.monotonic()
    results_path = root / "results" / "results.json"
    files = sorted(p for p in (root / "submission").glob("*.ipynb") if p.is_file())
    if not files:
        write_json(results_path, {"score": 0, "output": "No .ipynb file was submitted: upload "
                                  f"your {assignment} notebook.", "visibility": "visible",
                                  "execution_time": 0, "tests": []})
        return 0
    chosen, note = _pick(files, assignment)
    grader = Grader(root / "source" / "solutions", limits_from(args), sandbox=args.sandbox,
                    jobs=1)
    results = grader.grade([chosen], assignment=assignment)
    data = gradescope(results, grader.sandbox.note)
    if note:
        data["output"] = f"{note}\n{data['output']}"
    data["execution_time"] = int(round(time.monotonic() - start))
    write_json(results_path, data)
    sys.stdout.write(table(results, grader.sandbox.note).encode("ascii", "backslashreplace")
                     .decode("ascii") + "\n")
    return 0


def main(argv: list) -> int:
    from nncourse.grading.cli import add_limit_options, find_solutions

    if argv[0] == "gradescope-run":
        parser = argparse.ArgumentParser(prog="nncourse-grade gradescope-run")
        parser.add_argument("assignment")
        parser.add_argument("--root", type=Path, default=Path("/autograder"))
        add_limit_options(parser)
        args = parser.parse_args(argv[1:])
        return run(args.assignment, args.root, args)
    parser = argparse.ArgumentParser(
        prog="nncourse-grade gradescope",
        description="Write a Gradescope autograder zip that grades ASSIGNMENT.")
    parser.add_argument("assignment", help="e.g. 02-neuron (a solutions notebook's name)")
    parser.add_argument("-o", "--output", type=Path, default=Path("autograder.zip"))
    parser.add_argument("--solutions", type=Path, metavar="DIR")
    parser.add_argument("--package", default=DEFAULT_PACKAGE,
                        help="what setup.sh pip-installs (default: %(default)s)")
    args = parser.parse_args(argv[1:])
    solutions = args.solutions or find_solutions()
    if solutions is None:
        print("nncourse-grade: no solutions/ directory found; pass --solutions DIR",
              file=sys.stderr)
        return 2
    try:
        path = build_zip(args.assignment, solutions, args.output, args.package)
    except (FileNotFoundError, ValueError) as error:
        print(f"nncourse-grade: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path}: upload it as the autograder of {args.assignment} "
          f"(Gradescope: Configure Autograder, zip file upload)")
    return 0


