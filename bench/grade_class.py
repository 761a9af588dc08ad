"""Grade a class of 100 submissions at once; write the wall time and peak memory.

``OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/grade_class.py [--jobs 2] [--n 100]
[--assignment 02-neuron]`` makes N submissions of one chapter (solutions, unchanged
exercises and planted wrong answers, in turn), grades them with ``nncourse-grade``'s
grader in one run, and samples every 0.2 s the memory (resident set) of the grader
and everything it started (the sandboxes, runners and kernels), added up. Results go
to ``bench/results/grade_class.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "grading"))

from _grading import read_notebook, write_submission  # noqa: E402

from nncourse import exercises as gen  # noqa: E402
from nncourse.grading import Grader, Limits  # noqa: E402


def tree_memory(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants."""
    parents, rss = {}, {}
    page = os.sysconf("SC_PAGE_SIZE")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read()
            parents[int(pid)] = int(stat.rsplit(")", 1)[1].split()[1])
            rss[int(pid)] = int(open(f"/proc/{pid}/statm").read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    total, members = 0, {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                changed = True
    for pid in members:
        total += rss.get(pid, 0)
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--assignment", default="02-neuron")
    args = parser.parse_args()
    solution = ROOT / "solutions" / f"{args.assignment}.ipynb"
    assignment = gen.load_assignment(solution)
    spec = importlib.util.spec_from_file_location(
        "planted", ROOT / "tests" / "grading" / "planted" / f"ch{args.assignment[:2]}.py")
    planted = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(planted)
    base = read_notebook(solution)
    base["cells"] = [c for c in base["cells"]
                     if "hidden-tests" not in c.get("metadata", {}).get("tags", [])]
    exercise = gen.render(gen.make_exercise(assignment))
    names = list(planted.PLANTED)
    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp:
        paths = []
        for number in range(args.n):
            path = Path(tmp) / f"student{number:03d}.ipynb"
            kind = number % 5
            if kind in (0, 1):
                write_submission(path, base)
            elif kind == 2:
                path.write_text(exercise, encoding="utf-8")
            else:
                name = names[number % len(names)]
                write_submission(path, base, replace={name: planted.PLANTED[name]})
            paths.append(path)
        peak = [0]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], tree_memory(os.getpid()))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.monotonic()
        grader = Grader(ROOT / "solutions", Limits(), jobs=args.jobs)
        results = grader.grade(paths, assignment=args.assignment)
        wall = time.monotonic() - start
        stop.set()
        sampler.join()
    scores = [r.score for r in results]
    report = {
        "assignment": args.assignment, "submissions": args.n, "jobs": args.jobs,
        "wall_seconds": round(wall, 1),
        "seconds_per_submission": round(wall / args.n, 2),
        "peak_memory_mib": round(peak[0] / 2**20),
        "largest_submission_peak_mib": round(max((r.peak_memory or 0) for r in results) / 2**20),
        "mean_submission_seconds": round(sum(r.seconds for r in results) / args.n, 1),
        "full_marks": sum(r.score == r.max_score for r in results),
        "zero": sum(s == 0 for s in scores),
        "sandbox": grader.sandbox.note,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
                   f"{platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
    }
    out = ROOT / "bench" / "results" / "grade_class.json"
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
