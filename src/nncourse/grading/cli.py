"""``nncourse-grade SUBMISSION.ipynb [...] --json results.json``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nncourse.exercises import ExerciseFormatError
from nncourse.grading.grader import Grader
from nncourse.grading.report import gradescope, table, write_json
from nncourse.grading.sandbox import GiB, Limits

__all__ = ["main", "find_solutions"]


def find_solutions(start: Path | None = None) -> Path | None:
    """The repository's ``solutions/``: in the current directory or one above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "solutions"
        if candidate.is_dir() and any(candidate.glob("*.ipynb")):
            return candidate
    return None


def _parser() -> argparse.ArgumentParser:
    defaults = Limits()
    parser = argparse.ArgumentParser(
        prog="nncourse-grade",
        description="Grade exercise notebooks: re-run each in a fresh sandboxed kernel, "
                    "call the graded functions on hidden inputs, compare with the solutions.")
    parser.add_argument("submissions", nargs="+", type=Path, help="notebooks to grade")
    parser.add_argument("--json", type=Path, metavar="PATH",
                        help="also write Gradescope results.json here")
    parser.add_argument("--solutions", type=Path, metavar="DIR",
                        help="the solutions notebooks (default: solutions/ of the repository "
                             "around the current directory)")
    parser.add_argument("--assignment", help="grade every submission as this assignment "
                                             "(e.g. 01-perceptron)")
    parser.add_argument("--cell-timeout", type=float, default=defaults.cell_timeout,
                        metavar="S", help="seconds per cell (default %(default)s)")
    parser.add_argument("--function-timeout", type=float, default=defaults.function_timeout,
                        metavar="S", help="seconds per graded function (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=defaults.timeout, metavar="S",
                        help="seconds per submission in all (default %(default)s)")
    parser.add_argument("--memory", type=float, default=defaults.memory / GiB, metavar="GiB",
                        help="memory limit of the kernel (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="notebooks run at once (default %(default)s)")
    parser.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                        help="bwrap: require bubblewrap; none: run unconfined (trusted "
                             "notebooks only); auto (default): bubblewrap when it works")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    solutions = args.solutions or find_solutions()
    if solutions is None or not solutions.is_dir():
        print("nncourse-grade: no solutions/ directory found; pass --solutions DIR",
              file=sys.stderr)
        return 2
    limits = Limits(cell_timeout=args.cell_timeout, function_timeout=args.function_timeout,
                    timeout=args.timeout, memory=int(args.memory * GiB))
    try:
        grader = Grader(solutions, limits, sandbox=args.sandbox, jobs=args.jobs)
        results = grader.grade(args.submissions, assignment=args.assignment)
    except (ExerciseFormatError, RuntimeError, FileNotFoundError, LookupError) as error:
        print(f"nncourse-grade: {error}", file=sys.stderr)
        return 2
    print(table(results, grader.sandbox.note))
    if args.json:
        write_json(args.json, gradescope(results, grader.sandbox.note))
    return 0


if __name__ == "__main__":
    sys.exit(main())
