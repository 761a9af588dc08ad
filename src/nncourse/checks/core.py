"""The machinery of the students' checks: run cases, say what to fix.

A check calls the student's function on a few public cases and prints one line
per case: what was tried, and for a wrong answer what was expected, what came,
and a hint. It never raises, so a notebook keeps running, and it returns a
``CheckReport`` that is true only when every case passed.

What every check does, for every chapter at once:

- Expected values are data. A case either writes its answer as a literal, or says
  ``RECORDED``: the answer then comes from ``nncourse/checks/expected/*.json``,
  written by ``make exercises`` from the solutions (``expected_data.py``). No check
  module holds a reference implementation of a graded function.
- Every input is copied before the call and compared after it: a function that
  changes an argument in place fails the case ("you changed `w` in place").
- A function that raises gets the case, the exception in one line and a hint
  (the case's ``error_hint``, else one chosen from the kind of error: for a shape
  mismatch, where a transpose goes).
- ``dtype=True`` on a case requires the dtype of the expected answer (float32 stays
  float32, counts are integers).
- Hints come in two steps. A failed case shows its ``hint``, the idea; its
  ``formula``, the concrete formula, is shown from the second failed run of the
  same check on, or at once by ``formula_hint()``.
- A graded function that calls another graded function whose check fails is told
  to fix that one first, since its own cases cannot pass before.

It needs only NumPy, so it runs on Colab and in the exercise notebooks as is.
"""

from __future__ import annotations

import copy
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from nncourse.checks import expected_data
from nncourse.checks.hints import error_hint, formula_hint, one_line, write_lines

__all__ = ["Case", "CheckReport", "run_checks", "describe", "parts_verdict", "RECORDED",
           "dtype_problem", "error_hint", "formula_hint"]


class _Recorded:
    def __repr__(self):
        return "RECORDED"


#: A case's ``expected`` when the answer is recorded from the solutions (see above).
RECORDED = _Recorded()


@dataclass
class Case:
    """One public test of a student's function.

    Attributes:
        description: what is tried, e.g. ``"NAND of (1, 1)"``.
        args, kwargs: how the function is called.
        expected: the right answer (compared by shape, then value), or a function
            ``verdict(result) -> str | None`` that returns what is wrong (None: right).
        hint: what to look at when the answer is wrong: the idea, not the code.
        formula: the concrete formula, shown from the second failed run on (or by
            ``formula_hint()``); empty when the hint says it all.
        rtol, atol: tolerances for numbers.
        judge: for a ``RECORDED`` case, ``judge(expected) -> verdict`` builds the
            verdict from the recorded answer (e.g. ``parts_verdict`` with names).
        dtype: True when the task fixes the dtype: the result must have the
            expected answer's (any integer width for integers).
        mutates: True when the task is to change an input in place (an optimiser
            step on a layer's parameters): no "you changed `w` in place" then.
        error_hint: the hint when the function raises (default: for a shape mismatch,
            where a transpose goes; else ``hint``, else one chosen from the error).
    """

    description: str
    args: tuple = ()
    expected: Any = None
    hint: str = ""
    kwargs: dict = field(default_factory=dict)
    rtol: float = 1e-6
    atol: float = 1e-8
    judge: Callable | None = None
    dtype: bool = False
    error_hint: str = ""
    mutates: bool = False
    formula: str = ""


@dataclass
class CheckReport:
    """What a check found. ``bool(report)`` is True when every case passed."""

    name: str
    lines: list = field(default_factory=list)
    passed: int = 0
    total: int = 0

    def __bool__(self) -> bool:
        return self.total > 0 and self.passed == self.total

    def __str__(self) -> str:
        verdict = "all passed" if self else "fix the cases marked ✗"
        head = f"{self.name}: {self.passed} of {self.total} cases passed ({verdict})"
        return "\n".join([head, *self.lines])

    def _repr_pretty_(self, printer, cycle):  # IPython shows the text, not the dataclass
        printer.text(str(self))


def describe(value) -> str:
    """A short, readable description of a value: shape and numbers of an array."""
    if isinstance(value, np.ndarray) or (isinstance(value, (list, tuple)) and value
                                         and all(np.isscalar(v) for v in value)):
        array = np.asarray(value)
        text = np.array2string(array, precision=4, suppress_small=True, threshold=12)
        return f"array of shape {array.shape}: {text}" if array.ndim else text
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    return repr(value)


def parts_verdict(names, expected, hints=None, *, rtol=1e-6, atol=1e-8, finite_hint=None):
    """A verdict for a function returning several arrays, e.g. ``(dX, dW, db)``.

    It names the first part that is wrong (its shape, a nan or inf, or its
    values), with that part's hint. Use it as a ``Case``'s ``expected``.

    Args:
        names: the parts' names, e.g. ``("dX", "dW", "db")``.
        expected: the right parts, in the same order.
        hints: one hint per part (optional).
        rtol, atol: tolerances for the values.
        finite_hint: the hint when a part contains nan or inf (default: its hint).
    """
    names = tuple(names)
    expected = [np.asarray(want, dtype=float) for want in expected]
    hints = tuple(hints) if hints is not None else ("",) * len(names)

    def verdict(result):
        if not isinstance(result, (tuple, list)) or len(result) != len(names):
            return (f"expected a tuple of {len(names)} ({', '.join(names)}), "
                    f"got {describe(result)}")
        for name, want, got, hint in zip(names, expected, result, hints):
            tail = f". Hint: {hint}" if hint else ""
            try:
                got = np.asarray(got, dtype=float)
            except (TypeError, ValueError):
                return f"{name}: expected numbers, got {describe(got)}"
            if got.shape != want.shape:
                return f"{name}: expected shape {want.shape}, got shape {got.shape}{tail}"
            if not np.all(np.isfinite(got)):
                return f"{name} contains nan or inf" + (
                    f". Hint: {finite_hint}" if finite_hint else tail)
            if not np.allclose(got, want, rtol=rtol, atol=atol):
                return f"{name}: expected {describe(want)}, got {describe(got)}{tail}"
        return None

    return verdict


def dtype_problem(expected, got) -> str | None:
    """What is wrong with ``got``'s dtype when the task fixes it (None: fine).

    Floats must have the expected width (float32 is not float64); integers may have
    any width but must be integers; booleans must be booleans.
    """
    want = np.asarray(expected).dtype
    have = np.asarray(got).dtype
    if want.kind == "f" and have != want:
        return f"expected dtype {want}, got {have}"
    if want.kind in "iu" and have.kind not in "iu":
        return f"expected integers (counts), got dtype {have}"
    if want.kind == "b" and have.kind != "b":
        return f"expected booleans, got dtype {have}"
    return None


def _compare(expected, got, case: Case, where: str = "") -> str | None:
    """What is wrong with ``got`` against a literal or recorded ``expected``."""
    at = f"{where}: " if where else ""
    if isinstance(expected, (tuple, list)) and any(
            isinstance(part, (np.ndarray, tuple, list)) for part in expected):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{at}expected {len(expected)} values, got {describe(got)}"
        for number, (want, have) in enumerate(zip(expected, got), start=1):
            problem = _compare(want, have, case, f"value {number} of {len(expected)}")
            if problem:
                return problem
        return None
    expected_array = np.asarray(expected)
    try:
        result = np.asarray(got, dtype=float if expected_array.dtype.kind in "fc" else None)
    except (TypeError, ValueError):
        return f"{at}expected {describe(expected)}, got {describe(got)}"
    if result.shape != expected_array.shape:
        return (f"{at}expected shape {expected_array.shape}, got shape {result.shape} "
                f"({describe(got)})")
    if case.dtype:
        problem = dtype_problem(expected, got)
        if problem:
            return at + problem
    if expected_array.dtype.kind in "biuf" and result.dtype.kind in "biuf":
        if not np.all(np.isfinite(result)):
            return f"{at}the result contains nan or inf: {describe(got)}"
        if np.allclose(result, expected_array, rtol=case.rtol, atol=case.atol):
            return None
    elif np.array_equal(result, expected_array):
        return None
    return f"{at}expected {describe(expected)}, got {describe(got)}"


def _what_is_wrong(result, case: Case, expected) -> str | None:
    if case.judge is not None:
        return case.judge(expected)(result)
    if callable(expected):
        return expected(result)
    return _compare(expected, result, case)


def _argument_names(fn, case: Case) -> dict:
    """``{position or keyword: parameter name}`` of the case's arguments."""
    names = {}
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    positional = [p.name for p in parameters
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for index in range(len(case.args)):
        names[index] = positional[index] if index < len(positional) else f"argument {index + 1}"
    for key in case.kwargs:
        names[key] = key
    return names


def _same(a, b, _depth: int = 0) -> bool:
    """Whether an input is unchanged (arrays by shape, dtype and every value)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(
            _same(x, y, _depth) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k], _depth) for k in a)
    if type(a) is not type(b):
        return False
    if type(a).__eq__ is object.__eq__ and hasattr(a, "__dict__"):  # e.g. a layer object
        return _depth < 4 and _same_vars(a, b, _depth + 1)
    try:
        return bool(a == b) or (a != a and b != b)
    except Exception:
        return True  # cannot tell: do not accuse


def _same_vars(a, b, depth: int) -> bool:
    va, vb = vars(a), vars(b)
    return va.keys() == vb.keys() and all(_same(va[k], vb[k], depth) for k in va)


def changed_inputs(fn, case: Case, given_args, given_kwargs, pristine_args,
                   pristine_kwargs) -> list:
    """The names of the arguments the call changed in place."""
    names = _argument_names(fn, case)
    changed = [names[i] for i, (g, p) in enumerate(zip(given_args, pristine_args))
               if not _same(g, p)]
    changed += [names[k] for k in given_kwargs if not _same(given_kwargs[k], pristine_kwargs[k])]
    return changed


def run_checks(name: str, fn: Callable, cases: list[Case]) -> CheckReport:
    """Call ``fn`` on every case and report, one line per case.

    Each call gets fresh copies of the case's inputs, so one case cannot change
    another's; the copies are compared with untouched ones afterwards. When a case
    fails, the graded functions ``fn`` calls are checked first (see
    ``failing_dependencies``); hints come in two steps (see ``Case.formula``).

    Args:
        name: the check's name, printed first (e.g. ``"check_nand_weights"``).
        fn: the student's function.
        cases: the public cases.

    Returns:
        A ``CheckReport``; display it or ``print`` it. True when all passed.
    """
    report = CheckReport(name=name, total=len(cases))
    recorded = [case.expected is RECORDED for case in cases]
    recorder = expected_data.RECORDING[-1] if expected_data.RECORDING else None
    stored = None
    if any(recorded) and recorder is None:
        stored = expected_data.lookup(name, [case.description for case in cases])
    records, problems = [], []
    for index, case in enumerate(cases):
        try:
            args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
            pristine_args, pristine_kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        except Exception:  # inputs that cannot be copied: no in-place check for them
            args, kwargs = case.args, case.kwargs
            pristine_args, pristine_kwargs = args, kwargs
        expected = case.expected
        try:
            result = fn(*args, **kwargs)
        except NotImplementedError:
            problem = "not written yet (the function raises NotImplementedError)"
            result = None
        except Exception as error:  # a student's bug: report it, keep the notebook going
            generic = error_hint(error)
            hint = case.error_hint or (generic if "transpose" in generic else
                                       case.hint or generic)
            problem = f"raised {one_line(error)}. Hint: {hint}"
            result = None
        else:
            changed = [] if case.mutates else changed_inputs(fn, case, args, kwargs,
                                                              pristine_args, pristine_kwargs)
            if changed:
                problem = (f"you changed {', '.join(f'`{n}`' for n in changed)} in place; "
                           f"return a new array and leave the inputs as they came")
            elif recorded[index] and recorder is not None:
                problem = None
            elif recorded[index] and (stored is None or stored[index] is None):
                problem = ("no expected value is stored for this case (the package's "
                           "checks/expected data is out of date: run `make exercises`)")
            else:
                if recorded[index]:
                    expected = stored[index]
                problem = _what_is_wrong(result, case, expected)
        if recorder is not None:
            if recorded[index] and problem is not None:
                raise RuntimeError(f"{name}, case {case.description!r}: the solution "
                                   f"failed while recording: {problem}")
            records.append({"case": case.description,
                            "value": expected_data.encode(result) if recorded[index]
                            else None})
        problems.append(problem)
    if recorder is not None and any(recorded):
        recorder.record(name, records)
    write_lines(report, name, fn, cases, problems, recording=recorder is not None)
    return report
