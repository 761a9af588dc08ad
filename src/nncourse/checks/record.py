"""Record the public checks' expected answers from the solutions: ``make exercises``.

Each solutions notebook's code cells (never its hidden tests) run in a fresh Python
process with recording switched on (``expected_data.Recorder``); every
``run_checks`` case marked ``RECORDED`` stores what the solution returned, and the
answers of one assignment go to ``nncourse/checks/expected/<assignment>.json``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["record_expected", "expected_data", "write_expected", "expected_differences",
           "default_expected_dir"]


_RECORD_SCRIPT = """
import json, os, sys
os.environ.setdefault("MPLBACKEND", "Agg")
from nncourse.exercises import load_assignment, HIDDEN_TAG, cell_source, python_source
from nncourse.checks.expected_data import Recorder
path = sys.argv[1]
assignment = load_assignment(path)
namespace = {"__name__": "__main__"}
try:  # what a notebook has without importing it
    from IPython.display import display
    namespace["display"] = display
except ImportError:
    pass
with Recorder() as recorder:
    for index, cell in enumerate(assignment.notebook["cells"]):
        if cell.get("cell_type") != "code" or HIDDEN_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        source = python_source(cell_source(cell))
        exec(compile(source, f"{path} cell {index + 1}", "exec"), namespace)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(json.dumps(recorder.checks, sort_keys=True))
"""


def record_expected(solution: Path) -> dict:
    """``{check name: records}`` of one solutions notebook (run in a fresh process)."""
    import subprocess

    env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1")
    with tempfile.TemporaryDirectory(prefix="nncourse-record-") as tmp:
        out = Path(tmp) / "checks.json"
        done = subprocess.run([sys.executable, "-c", _RECORD_SCRIPT, str(solution), str(out)],
                              capture_output=True, text=True, env=env, timeout=900, cwd=tmp)
        if done.returncode != 0 or not out.exists():
            raise _format_error(f"{solution}: recording the checks' expected values "
                                      f"failed:\n{done.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def expected_data(solutions: Path) -> dict:
    """``{file name: text}`` of the checks' expected values, one file per assignment."""
    from nncourse.exercises import missing_requirements

    files = {}
    for path in sorted(Path(solutions).glob("*.ipynb")):
        missing = missing_requirements(path)
        if missing:  # its file stays as it is
            print(f"note: {path.name} not recorded: {', '.join(missing)} not installed "
                  "(`make frameworks`)", file=sys.stderr)
            continue
        checks = record_expected(path.resolve())
        if checks:
            files[f"{path.stem}.json"] = json.dumps(
                {"assignment": path.stem, "checks": checks}, indent=1, sort_keys=True,
                ensure_ascii=False) + "\n"
    return files


def default_expected_dir() -> Path:
    from nncourse.checks.expected_data import EXPECTED_DIR

    return EXPECTED_DIR


def write_expected(solutions: Path, expected: Path) -> list:
    """Write the checks' expected values; returns the names that changed.

    Files of assignments that are no longer in ``solutions`` are left alone: other
    solution folders (a course's own) may share the directory.
    """
    wanted = expected_data(solutions)
    expected = Path(expected)
    expected.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in wanted.items():
        target = expected / name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        handle, tmp = tempfile.mkstemp(dir=expected, prefix=f".{name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        changed.append(name)
    return changed


def expected_differences(solutions: Path, expected: Path) -> list:
    """Which expected-value files differ from what the solutions record."""
    wanted = expected_data(solutions)
    return [f"out of date: {Path(expected).name}/{name}" for name, text in wanted.items()
            if not (Path(expected) / name).exists()
            or (Path(expected) / name).read_text(encoding="utf-8") != text]




def _format_error(message: str):
    from nncourse.exercises import ExerciseFormatError

    return ExerciseFormatError(message)
