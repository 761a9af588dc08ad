"""The machinery of the students' checks: run cases, say what to fix.

A check calls the student's function on a few public cases and prints one line
per case: what was tried, and for a wrong answer what was expected, what came,
and a hint. It never raises, so a notebook keeps running, and it returns a
``CheckReport`` that is true only when every case passed.

It needs only NumPy, so it runs on Colab and in the exercise notebooks as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

__all__ = ["Case", "CheckReport", "run_checks", "describe", "parts_verdict"]


@dataclass
class Case:
    """One public test of a student's function.

    Attributes:
        description: what is tried, e.g. ``"NAND of (1, 1)"``.
        args, kwargs: how the function is called.
        expected: the right answer (compared by shape, then value), or a function
            ``verdict(result) -> str | None`` that returns what is wrong (None: right).
        hint: what to look at when the answer is wrong.
        rtol, atol: tolerances for numbers.
    """

    description: str
    args: tuple = ()
    expected: Any = None
    hint: str = ""
    kwargs: dict = field(default_factory=dict)
    rtol: float = 1e-6
    atol: float = 1e-8


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


def _what_is_wrong(result, case: Case) -> str | None:
    if callable(case.expected):
        return case.expected(result)
    expected = np.asarray(case.expected)
    try:
        got = np.asarray(result, dtype=float if expected.dtype.kind in "fc" else None)
    except (TypeError, ValueError):
        return f"expected {describe(case.expected)}, got {describe(result)}"
    if got.shape != expected.shape:
        return (f"expected shape {expected.shape}, got shape {got.shape} "
                f"({describe(result)})")
    if expected.dtype.kind in "biuf" and got.dtype.kind in "biuf":
        if not np.all(np.isfinite(got)):
            return f"the result contains nan or inf: {describe(result)}"
        if np.allclose(got, expected, rtol=case.rtol, atol=case.atol):
            return None
    elif np.array_equal(got, expected):
        return None
    return f"expected {describe(case.expected)}, got {describe(result)}"


def run_checks(name: str, fn: Callable, cases: list[Case]) -> CheckReport:
    """Call ``fn`` on every case and report, one line per case.

    Args:
        name: the check's name, printed first (e.g. ``"check_nand_weights"``).
        fn: the student's function.
        cases: the public cases.

    Returns:
        A ``CheckReport``; display it or ``print`` it. True when all passed.
    """
    report = CheckReport(name=name, total=len(cases))
    for case in cases:
        try:
            result = fn(*case.args, **case.kwargs)
        except NotImplementedError:
            problem = "not written yet (the function raises NotImplementedError)"
        except Exception as error:  # a student's bug: report it, keep the notebook going
            problem = f"raised {type(error).__name__}: {error}"
        else:
            problem = _what_is_wrong(result, case)
        if problem is None:
            report.passed += 1
            report.lines.append(f"  ✓ {case.description}")
        else:
            hint = f" Hint: {case.hint}" if case.hint else ""
            report.lines.append(f"  ✗ {case.description}: {problem}.{hint}")
    return report
