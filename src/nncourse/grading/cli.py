"""``nncourse-grade SUBMISSION.ipynb|FOLDER [...] --json results.json --csv gradebook.csv``.

Also ``nncourse-grade gradescope ASSIGNMENT -o autograder.zip`` (``autograder.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nncourse.exercises import ExerciseFormatError
from nncourse.grading.grader import Grader
from nncourse.grading.report import gradebook, gradescope, safe, table, write_json
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


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    defaults = Limits()
    parser.add_argument("--cell-timeout", type=float, default=defaults.cell_timeout,
                        metavar="S", help="seconds per cell (default %(default)s)")
    parser.add_argument("--function-timeout", type=float, default=defaults.function_timeout,
                        metavar="S", help="seconds per graded function (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=defaults.timeout, metavar="S",
                        help="seconds per submission in all (default %(default)s)")
    parser.add_argument("--memory", type=float, default=defaults.memory / GiB, metavar="GiB",
                        help="memory of a submission, all its processes together "
                             "(default %(default)s)")
    parser.add_argument("--processes", type=int, default=defaults.processes,
                        help="processes and threads of a submission (default %(default)s)")
    parser.add_argument("--cpus", type=float, default=defaults.cpus,
                        help="CPU share of a submission, in CPUs (default %(default)s)")
    parser.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                        help="bwrap: require bubblewrap; none: run unconfined (trusted "
                             "notebooks only); auto (default): bubblewrap when it works")


def limits_from(args) -> Limits:
    return Limits(cell_timeout=args.cell_timeout, function_timeout=args.function_timeout,
                  timeout=args.timeout, memory=int(args.memory * GiB),
                  processes=args.processes, cpus=args.cpus)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nncourse-grade",
        description="Grade exercise notebooks: re-run each in a fresh sandboxed kernel, "
                    "call the graded functions on hidden inputs, compare with the solutions. "
                    "`nncourse-grade gradescope ASSIGNMENT -o autograder.zip` writes a "
                    "Gradescope autograder instead.")
    parser.add_argument("submissions", nargs="+", type=Path,
                        help="notebooks, or folders of notebooks, to grade")
    parser.add_argument("--json", type=Path, metavar="PATH",
                        help="also write Gradescope results.json here")
    parser.add_argument("--csv", type=Path, metavar="PATH",
                        help="also write a gradebook (one row per student) here; grading a "
                             "folder writes gradebook.csv by default")
    parser.add_argument("--solutions", type=Path, metavar="DIR",
                        help="the solutions notebooks (default: solutions/ of the repository "
                             "around the current directory)")
    parser.add_argument("--assignment", help="grade every submission as this assignment "
                                             "(e.g. 01-perceptron); the notebooks' metadata "
                                             "is then ignored")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="notebooks run at once (default %(default)s)")
    add_limit_options(parser)
    return parser


def expand(paths: list) -> tuple:
    """Notebooks from files and folders (a folder: its ``*.ipynb``, sorted)."""
    files, folder = [], False
    for path in paths:
        if path.is_dir():
            folder = True
            files += sorted(p for p in path.glob("*.ipynb") if p.is_file())
        else:
            files.append(path)
    return files, folder


def emit(text: str) -> None:
    """Print ``text`` whatever the terminal's encoding."""
    sys.stdout.write(safe(text) + "\n")
    sys.stdout.flush()


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("gradescope", "gradescope-run"):
        from nncourse.grading import autograder

        return autograder.main(argv)
    args = _parser().parse_args(argv)
    solutions = args.solutions or find_solutions()
    if solutions is None or not solutions.is_dir():
        print("nncourse-grade: no solutions/ directory found; pass --solutions DIR",
              file=sys.stderr)
        return 2
    submissions, folder = expand(args.submissions)
    try:
        grader = Grader(solutions, limits_from(args), sandbox=args.sandbox, jobs=args.jobs)
        results = grader.grade(submissions, assignment=args.assignment)
    except (ExerciseFormatError, RuntimeError, FileNotFoundError, LookupError) as error:
        print(f"nncourse-grade: {safe(error)}", file=sys.stderr)
        return 2
    # Files first, so that a failure to print cannot cost anyone their result.
    if args.json:
        write_json(args.json, gradescope(results, grader.sandbox.note))
    csv_path = args.csv or (Path("gradebook.csv") if folder else None)
    if csv_path:
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        csv_path.write_text(gradebook(results), encoding="ascii")
    emit(table(results, grader.sandbox.note))
    if csv_path:
        emit(f"gradebook: {csv_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
