"""Grade submissions: hidden inputs in, plain arrays out, compared here.

For each assignment the grader reads the solutions notebook (trusted) in its own
process: the graded names, their points, and the hidden cases (the ``hidden-tests``
cells are executed here with only ``np`` in scope; a cell that sets
``check_dtype = True`` makes the dtype part of the answer). It runs the solutions
notebook once per grading run through the same sandboxed runner to get the reference
answers, and every submission likewise; then it compares, in this process, with this
process's NumPy. Nothing is cached between runs.

What a student reads teaches without leaking: for hidden cases only "k of n hidden
cases failed" and the kinds of failure (wrong shape, wrong dtype, not finite, wrong
values, raised TypeError, changed an input in place), never numbers, inputs or
exception text. A graded function that uses nncourse's own implementation earns
nothing, with one sentence saying why (``rules.py`` and ``kernelside.Guard``).
Any file gets a result: an error while reading, identifying or scoring one
submission gives that submission 0 with the reason, and the run goes on.
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
from nncourse.grading.compare import compare
from nncourse.grading.rules import check_rule
from nncourse.grading.sandbox import Limits, Sandbox, find_sandbox, run_job

__all__ = ["FunctionResult", "SubmissionResult", "Grader", "compare"]

MAX_SUBMISSION_BYTES = 50 * 2**20
MAX_CODE_CELLS = 3000
MAX_NOTES, MAX_NOTE_CHARS = 12, 300


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
    peak_memory: int | None = None  # bytes, when a cgroup measured it

    def note(self, text: str) -> None:
        """Add a note, capped in number and length (kept once per submission)."""
        text = " ".join(str(text).split())
        text = text if len(text) <= MAX_NOTE_CHARS else text[:MAX_NOTE_CHARS - 3] + "..."
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)
        elif len(self.notes) == MAX_NOTES:
            self.notes.append("(more notes left out)")

    @property
    def score(self) -> float:
        return sum(f.score for f in self.functions)

    @property
    def max_score(self) -> float:
        return sum(f.max_score for f in self.functions)


def hidden_options(assignment: Assignment) -> dict:
    """``{name: {"dtype": bool}}`` from the hidden-tests cells (``check_dtype = True``)."""
    options = {}
    for graded in assignment.graded.values():
        namespace = {"np": np, "numpy": np}
        exec(compile(graded.hidden_source, str(assignment.path), "exec"), namespace)
        options[graded.name] = {"dtype": bool(namespace.get("check_dtype", False))}
    return options


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


def build_job(cells: list, cases: dict, allow: dict | None = None) -> tuple:
    """The runner's job and arrays: the code to run and each function's inputs."""
    arrays = {}
    for name, calls in cases.items():
        local = {}
        specs = [codec.encode((args, kwargs), local) for args, kwargs in calls]
        data = codec.dumps({"cases": specs}, local)
        arrays[f"in/{name}"] = np.frombuffer(data, dtype=np.uint8)
    return {"cells": cells, "functions": list(cases),
            "allow": {name: list(names) for name, names in (allow or {}).items()}}, arrays


def _decode_frame(header: dict, arrays: dict) -> dict:
    """``{"status", "results": [value or error]}`` from a function frame."""
    data = arrays.get("data", np.zeros(0, np.uint8)).tobytes()
    if header.get("status") != "ok" or header.get("error") or not data:
        return {"status": header.get("status"), "error": header.get("error"), "results": None,
            "uses": []}
    inner, inner_arrays = codec.loads(data)
    results = []
    for item in inner["results"]:
        if "value" in item:
            results.append(("value", codec.decode(item["value"], inner_arrays)))
        elif item.get("kind") == "mutated":
            results.append(("error", f"changed `{str(item.get('error'))[:60]}` in place"))
        elif item.get("kind") == "raised":
            name = str(item.get("error"))
            results.append(("error", f"raised {name if name.isidentifier() else 'an error'}"))
        else:
            results.append(("error", "wrong type"))
    uses = [str(u)[:100] for u in inner.get("uses", [])][:5] \
        if isinstance(inner.get("uses", []), list) else []
    return {"status": inner.get("status"), "error": None, "results": results, "uses": uses}


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
    def identify(self, path: Path, notebook: dict, forced: str | None = None,
                 result: SubmissionResult | None = None) -> str:
        """Which assignment ``notebook`` is: the teacher's choice, else its file name,
        else its metadata. A metadata claim that disagrees is reported and ignored."""
        metadata = notebook.get("metadata")
        named = metadata.get("nncourse") if isinstance(metadata, dict) else None
        named = named.get("assignment") if isinstance(named, dict) else None
        named = named if isinstance(named, str) else None
        by_name = self._by_file_name(path)
        chosen = forced or by_name or (named if named in self.assignments else None)
        if forced and forced not in self.assignments:
            raise LookupError(f"unknown assignment {forced!r}")
        if chosen is None:
            raise LookupError("cannot tell which assignment this is (no chapter name in the "
                              "file name, no metadata.nncourse.assignment); use --assignment")
        if named is not None and named != chosen and result is not None:
            result.note(f"the notebook's metadata says assignment {named[:60]!r}; graded as "
                        f"{chosen!r} ({'the teacher' if forced else 'the file name'} decides)")
        return chosen

    def _by_file_name(self, path: Path) -> str | None:
        stem = path.stem.lower()
        matches = [name for name in self.assignments if name.lower() in stem]
        if not matches:
            number = re.match(r"\D*(\d\d)\b", stem)
            matches = [n for n in self.assignments if number and n.startswith(number[1] + "-")]
        if len(self.assignments) == 1 and not matches:
            matches = list(self.assignments)
        return max(matches, key=len) if matches else None

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

    def _submission(self, cells: list, assignment: Assignment, cases: dict):
        allow = {g.name: g.allow for g in assignment.graded.values()}
        job, arrays = build_job(cells, cases, allow)
        return run_job(job, arrays, self.limits, self.sandbox)

    @staticmethod
    def read_cells(path: Path) -> tuple:
        """``(notebook, code cells as text)``; ValueError naming what is wrong."""
        if path.stat().st_size > MAX_SUBMISSION_BYTES:
            raise ValueError(f"larger than {MAX_SUBMISSION_BYTES // 2**20} MB")
        try:
            notebook = json.loads(path.read_bytes().decode("utf-8"))
        except RecursionError:
            raise ValueError("its JSON is nested too deeply") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"not a notebook (not JSON: {type(error).__name__})") from None
        if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
            raise ValueError("not a notebook (no list of cells)")
        code = [c for c in notebook["cells"]
                if isinstance(c, dict) and c.get("cell_type") == "code"]
        if len(code) > MAX_CODE_CELLS:
            raise ValueError(f"{len(code)} code cells, more than the {MAX_CODE_CELLS} "
                             f"a submission may have")
        cells = []
        for cell in code:
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                source = "".join(source)
            if not isinstance(source, str):
                raise ValueError("a code cell's source is not text")
            cells.append(source)
        return notebook, cells

    def grade(self, paths: list, assignment: str | None = None) -> list:
        """Grade every notebook in ``paths``; one ``SubmissionResult`` each, in order.

        Nothing one file contains stops the others: every error is caught per
        submission and becomes that submission's 0 with a note.
        """
        if assignment is not None and assignment not in self.assignments:
            raise LookupError(f"unknown assignment {assignment!r} (known: "
                              f"{', '.join(self.assignments)})")
        paths = [Path(p) for p in paths]
        results, targets = [], []
        for path in paths:
            result = SubmissionResult(path=str(path), assignment=None)
            results.append(result)
            try:
                notebook, cells = self.read_cells(path)
                result.assignment = self.identify(path, notebook, assignment, result)
                targets.append((result, cells))
            except Exception as error:  # any file: that student gets 0 and the reason
                result.note(f"not graded: {_reason(error)}")
        names = sorted({r.assignment for r, _ in targets})
        parsed, cases, options, problems = {}, {}, {}, {}
        for name in names:
            try:
                parsed[name] = load_assignment(self.assignments[name])
                cases[name] = hidden_cases(parsed[name])
                options[name] = hidden_options(parsed[name])
            except Exception as error:
                problems[name] = f"the assignment {name} cannot be read: {_reason(error)}"
        with ThreadPoolExecutor(self.jobs) as pool:
            references = {name: pool.submit(self._reference, parsed[name], cases[name])
                          for name in names if name not in problems}
            runs = [(result, cells, pool.submit(self._submission, cells,
                                                parsed[result.assignment],
                                                cases[result.assignment]))
                    for result, cells in targets if result.assignment not in problems]
            for result, cells in targets:
                if result.assignment in problems:
                    result.note(f"not graded: {problems[result.assignment]}")
            for result, cells, future in runs:
                try:
                    reference = references[result.assignment].result()
                except Exception as error:
                    result.note(f"not graded: the reference solution failed ({_reason(error)})")
                    continue
                try:
                    run = future.result()
                except Exception as error:
                    result.note(f"not run: {_reason(error)}")
                    run = None
                try:
                    self._score(result, parsed[result.assignment], reference, run, cells,
                                options[result.assignment])
                except Exception as error:
                    result.functions = []
                    result.note(f"not graded: {_reason(error)}")
        return results

    # -- scoring ---------------------------------------------------------------------
    def _score(self, result: SubmissionResult, assignment: Assignment, reference: dict,
               run, cells: list, options: dict) -> None:
        frames, done = {}, None
        rule = check_rule(cells, {g.name: g.allow for g in assignment.graded.values()})
        if run is not None:
            result.seconds = run.seconds
            result.peak_memory = run.peak_memory
            for header, arrays in run.frames:
                if header.get("kind") == "function" and header.get("name") in reference:
                    frames.setdefault(header["name"], (header, arrays))
                elif header.get("kind") == "done":
                    done = header
            if run.killed:
                result.note(f"stopped after the overall limit of {self.limits.timeout:.0f} s")
        if done:
            errors = done.get("errors", {})
            errors = errors if isinstance(errors, dict) else {}
            for index, error in sorted(errors.items(), key=lambda x: _int(x[0])):
                result.cell_errors[_int(index) + 1] = str(error)[:MAX_NOTE_CHARS]
                result.note(f"code cell {_int(index) + 1}: {error}")
            if done.get("restarts"):
                result.note(f"the kernel was restarted {_int(done['restarts'])} time(s)")
        elif run is not None and not run.killed:
            result.note("the grading kernel stopped early")
        for graded in assignment.graded.values():
            message = rule.get(graded.name)
            if message is None:
                message = self._verdict(graded.name, reference[graded.name],
                                        frames.get(graded.name),
                                        options.get(graded.name, {}).get("dtype", False))
            score = graded.points if message is None else 0
            result.functions.append(FunctionResult(
                graded.name, score, graded.points,
                message or f"passed all {len(reference[graded.name])} hidden cases"))

    def _verdict(self, name: str, expected: list, frame, dtype: bool = False) -> str | None:
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
            return f"{name} could not be called on the hidden cases"
        if decoded.get("uses"):
            return (f"`{name}` earns no points: it ran nncourse's own "
                    f"`{decoded['uses'][0]}`; write it yourself with NumPy")
        results = decoded["results"]
        if len(results) != len(expected):
            return "wrong number of results"
        kinds = []
        for (kind, value), want in zip(results, expected):
            if kind == "error":
                kinds.append(value)
                continue
            try:
                problem = compare(want, value, dtype)
            except Exception:  # forged results of an odd shape or type
                problem = "wrong type"
            if problem:
                kinds.append(problem)
        if not kinds:
            return None
        if set(kinds) == {"raised NotImplementedError"}:
            return f"{name} is not written yet (it raises NotImplementedError)"
        counted = ", ".join(f"{kind} ({kinds.count(kind)})" if kinds.count(kind) > 1 else kind
                            for kind in dict.fromkeys(kinds))
        return f"{len(kinds)} of {len(expected)} hidden cases failed: {counted}"


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _reason(error: BaseException) -> str:
    """One line about an error, safe to print anywhere."""
    text = " ".join(str(error).split())[:200]
    text = text.encode("ascii", "backslashreplace").decode("ascii")
    return f"{text}" if isinstance(error, (ValueError, LookupError)) and text else (
        f"{type(error).__name__}: {text}" if text else type(error).__name__)
