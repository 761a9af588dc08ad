"""Grade submissions: hidden inputs in, plain arrays out, compared here.

For each assignment the grader reads the solutions notebook (trusted) in its own
process: the graded names, their points, and the hidden cases (the ``hidden-tests``
cells are executed here with only ``np`` in scope). It runs the solutions notebook
once per grading run through the same sandboxed runner to get the reference answers,
and every submission likewise; then it compares, in this process, with this process's
NumPy. Nothing is cached between runs.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nncourse.exercises import (HIDDEN_TAG, Assignment, ExerciseFormatError, cell_source,
                                load_assignment)
from nncourse.grading import codec
from nncourse.grading.sandbox import Limits, Sandbox, find_sandbox, run_job

__all__ = ["FunctionResult", "SubmissionResult", "Grader", "compare"]

RTOL, ATOL = 1e-5, 1e-7
MAX_SUBMISSION_BYTES = 50 * 2**20


@dataclass
class FunctionResult:
    name: str
    score: float
    max_score: float
    message: str

    @property
    def passed(self) -> bool:
        return self.score == self.max_score


@dataclass
class SubmissionResult:
    path: str
    assignment: str | None
    functions: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # cell errors, timeouts, restarts
    cell_errors: dict = field(default_factory=dict)  # cell number (1-based) -> message
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return sum(f.score for f in self.functions)

    @property
    def max_score(self) -> float:
        return sum(f.max_score for f in self.functions)


def hidden_cases(assignment: Assignment) -> dict:
    """``{name: [(args, kwargs), ...]}`` from the hidden-tests cells (run here)."""
    cases = {}
    for graded in assignment.graded.values():
        namespace = {"np": np, "numpy": np}
        where = f"{assignment.path}: hidden tests of {graded.name}"
        try:
            exec(compile(graded.hidden_source, where, "exec"), namespace)
            raw = namespace["hidden_cases"]
            cases[graded.name] = [(tuple(case.get("args", ())), dict(case.get("kwargs", {})))
                                  for case in raw]
        except Exception as error:
            raise ExerciseFormatError(f"{where}: {type(error).__name__}: {error}") from None
        if not cases[graded.name]:
            raise ExerciseFormatError(f"{where}: hidden_cases is empty")
    return cases


def build_job(cells: list, cases: dict) -> tuple:
    """The runner's job and arrays: the code to run and each function's inputs."""
    arrays = {}
    for name, calls in cases.items():
        local = {}
        specs = [codec.encode((args, kwargs), local) for args, kwargs in calls]
        data = codec.dumps({"cases": specs}, local)
        arrays[f"in/{name}"] = np.frombuffer(data, dtype=np.uint8)
    return {"cells": cells, "functions": list(cases)}, arrays


def compare(expected, got, path: str = "the result") -> str | None:
    """What is wrong with ``got`` (None when it matches ``expected``)."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            length = f"{len(got)} values" if isinstance(got, (tuple, list)) else "one value"
            return f"{path} should be {len(expected)} values, got {length}"
        for index, (e, g) in enumerate(zip(expected, got)):
            problem = compare(e, g, f"value {index + 1} of {path}")
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            return f"{path} should be a dict with keys {sorted(expected)}"
        for key in expected:
            problem = compare(expected[key], got[key], f"{path}[{key!r}]")
            if problem:
                return problem
        return None
    if expected is None:
        return None if got is None else f"{path} should be None"
    if isinstance(expected, str):
        text = got if isinstance(got, str) else (
            str(got[()]) if isinstance(got, np.ndarray) and got.ndim == 0
            and got.dtype.kind == "U" else None)
        return None if text == expected else f"{path} is not the expected text"
    if isinstance(got, (tuple, list, dict, str)) or got is None:
        return f"{path} should be a number or an array, got a {type(got).__name__}"
    e, g = np.asarray(expected), np.asarray(got)
    if e.shape != g.shape:
        return f"{path} should have shape {e.shape}, got shape {g.shape}"
    if e.dtype.kind in "biufc":
        if g.dtype.kind not in "biufc":
            return f"{path} should be numbers, got dtype {g.dtype}"
        if np.allclose(g, e, rtol=RTOL, atol=ATOL, equal_nan=True):
            return None
        e_float = e.astype(complex if "c" in e.dtype.kind + g.dtype.kind else float)
        g_float = g.astype(e_float.dtype)
        if (np.isnan(g_float) != np.isnan(e_float)).any():
            return f"{path} has nan where numbers were expected (or numbers for nan)"
        with np.errstate(all="ignore"):
            error = np.abs(g_float - e_float)
        worst = float(np.nanmax(error)) if not np.isnan(error).all() else float("nan")
        return f"{path} has wrong values (largest difference {worst:.3g})"
    return None if np.array_equal(e, g) else f"{path} is not what was expected"


def _decode_frame(header: dict, arrays: dict) -> dict:
    """``{"status", "results": [value or error]}`` from a function frame."""
    data = arrays.get("data", np.zeros(0, np.uint8)).tobytes()
    if header.get("status") != "ok" or header.get("error") or not data:
        return {"status": header.get("status"), "error": header.get("error"), "results": None}
    inner, inner_arrays = codec.loads(data)
    results = []
    for item in inner["results"]:
        if "value" in item:
            results.append(("value", codec.decode(item["value"], inner_arrays)))
        else:
            results.append(("error", str(item.get("error"))[:300]))
    return {"status": inner.get("status"), "error": None, "results": results}


class Grader:
    """Grades notebooks against the solutions in ``solutions`` (a directory)."""

    def __init__(self, solutions, limits: Limits | None = None, sandbox: str = "auto",
                 jobs: int = 2):
        self.solutions = Path(solutions)
        self.limits = limits or Limits()
        self.sandbox: Sandbox = find_sandbox(sandbox, self.limits)
        self.jobs = max(1, jobs)
        self.assignments = {p.stem: p for p in sorted(self.solutions.glob("*.ipynb"))}
        if not self.assignments:
            raise FileNotFoundError(f"no solutions notebooks in {self.solutions}")

    # -- which assignment --------------------------------------------------------------
    def identify(self, path: Path, notebook: dict, forced: str | None = None) -> str:
        if forced:
            if forced not in self.assignments:
                raise LookupError(f"unknown assignment {forced!r}")
            return forced
        named = notebook.get("metadata", {}).get("nncourse", {})
        named = named.get("assignment") if isinstance(named, dict) else None
        if named in self.assignments:
            return named
        stem = path.stem.lower()
        matches = [name for name in self.assignments if name.lower() in stem]
        if not matches:
            number = re.match(r"\D*(\d\d)\b", stem)
            matches = [n for n in self.assignments if number and n.startswith(number[1] + "-")]
        if len(self.assignments) == 1 and not matches:
            matches = list(self.assignments)
        if not matches:
            raise LookupError("cannot tell which assignment this is (no metadata.nncourse."
                              "assignment, no chapter name in the file name); use --assignment")
        return max(matches, key=len)

    # -- running ---------------------------------------------------------------------
    def _reference(self, assignment: Assignment, cases: dict) -> dict:
        cells = [cell_source(c) for c in assignment.notebook["cells"]
                 if c.get("cell_type") == "code"
                 and HIDDEN_TAG not in c.get("metadata", {}).get("tags", [])]
        job, arrays = build_job(cells, cases)
        run = run_job(job, arrays, self.limits, self.sandbox)
        reference = {}
        for header, frame_arrays in run.frames:
            if header.get("kind") == "function":
                decoded = _decode_frame(header, frame_arrays)
                if decoded["results"] is None or any(k == "error" for k, _ in decoded["results"]):
                    raise RuntimeError(f"{assignment.path}: the reference solution of "
                                       f"{header['name']} failed: {decoded}")
                reference[header["name"]] = [v for _, v in decoded["results"]]
        missing = set(cases) - set(reference)
        if missing:
            raise RuntimeError(f"{assignment.path}: no reference answers for {sorted(missing)}"
                               f" ({run.stderr[-500:]})")
        return reference

    def _submission(self, path: Path, assignment: Assignment, cases: dict) -> tuple:
        notebook = json.loads(path.read_bytes()[:MAX_SUBMISSION_BYTES + 1])
        cells = [cell_source(c) for c in notebook.get("cells", [])
                 if isinstance(c, dict) and c.get("cell_type") == "code"]
        if not all(isinstance(c, str) for c in cells):
            raise ValueError("a code cell's source is not text")
        job, arrays = build_job(cells, cases)
        return run_job(job, arrays, self.limits, self.sandbox)

    def grade(self, paths: list, assignment: str | None = None) -> list:
        """Grade every notebook in ``paths``; one ``SubmissionResult`` each, in order."""
        paths = [Path(p) for p in paths]
        results, targets = [], []
        for path in paths:
            result = SubmissionResult(path=str(path), assignment=None)
            results.append(result)
            try:
                if path.stat().st_size > MAX_SUBMISSION_BYTES:
                    raise ValueError(f"larger than {MAX_SUBMISSION_BYTES // 2**20} MB")
                notebook = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(notebook, dict):
                    raise ValueError("not a notebook")
                result.assignment = self.identify(path, notebook, assignment)
                targets.append((result, path))
            except (OSError, ValueError, LookupError, UnicodeDecodeError) as error:
                result.notes.append(f"not graded: {error}")
        names = sorted({r.assignment for r, _ in targets})
        parsed = {name: load_assignment(self.assignments[name]) for name in names}
        cases = {name: hidden_cases(parsed[name]) for name in names}
        with ThreadPoolExecutor(self.jobs) as pool:
            references = {name: pool.submit(self._reference, parsed[name], cases[name])
                          for name in names}
            runs = [(result, pool.submit(self._submission, path, parsed[result.assignment],
                                         cases[result.assignment]))
                    for result, path in targets]
            for result, future in runs:
                reference = references[result.assignment].result()
                try:
                    run = future.result()
                except Exception as error:
                    result.notes.append(f"not run: {type(error).__name__}: {error}")
                    run = None
                self._score(result, parsed[result.assignment], reference, run)
        return results

    # -- scoring ---------------------------------------------------------------------
    def _score(self, result: SubmissionResult, assignment: Assignment, reference: dict,
               run) -> None:
        frames, done = {}, None
        if run is not None:
            result.seconds = run.seconds
            for header, arrays in run.frames:
                if header.get("kind") == "function" and header.get("name") in reference:
                    frames.setdefault(header["name"], (header, arrays))
                elif header.get("kind") == "done":
                    done = header
            if run.killed:
                result.notes.append(f"stopped after the overall limit of "
                                    f"{self.limits.timeout:.0f} s")
        if done:
            for index, error in sorted(done.get("errors", {}).items(), key=lambda x: int(x[0])):
                result.cell_errors[int(index) + 1] = str(error)[:300]
                result.notes.append(f"code cell {int(index) + 1}: {str(error)[:300]}")
            if done.get("restarts"):
                result.notes.append(f"the kernel was restarted {done['restarts']} time(s)")
        elif run is not None and not run.killed:
            result.notes.append("the grading kernel stopped early")
        for graded in assignment.graded.values():
            message = self._verdict(graded.name, reference[graded.name], frames.get(graded.name))
            score = graded.points if message is None else 0
            result.functions.append(FunctionResult(
                graded.name, score, graded.points,
                message or f"passed all {len(reference[graded.name])} hidden cases"))

    def _verdict(self, name: str, expected: list, frame) -> str | None:
        if frame is None:
            return "not graded: the notebook did not get that far (see the notes)"
        try:
            decoded = _decode_frame(*frame)
        except Exception as error:
            return f"unreadable results ({type(error).__name__})"
        status = decoded["status"]
        if status == "missing":
            return f"{name} is not defined in the notebook (did its cell run?)"
        if status == "too large":
            return f"{name} returned results larger than {codec.MAX_ARRAY_BYTES // 2**20} MB"
        if status == "not callable":
            return f"{name} is not a function"
        if status == "dead":
            return f"calling {name} killed the kernel"
        if status == "hung":
            return f"{name} did not finish in {self.limits.function_timeout:.0f} s"
        if decoded["results"] is None:
            if str(decoded["error"]).startswith("Timeout"):
                return f"{name} did not finish in {self.limits.function_timeout:.0f} s"
            return f"{name} failed: {decoded['error']}"
        results = decoded["results"]
        if len(results) != len(expected):
            return "wrong number of results"
        for number, ((kind, value), want) in enumerate(zip(results, expected), start=1):
            if kind == "error":
                return f"hidden case {number} of {len(expected)}: {value}"
            try:
                problem = compare(want, value)
            except Exception as error:  # forged results of an odd shape or type
                problem = f"the result cannot be compared ({type(error).__name__})"
            if problem:
                return f"hidden case {number} of {len(expected)}: {problem}"
        return None
