"""How a check explains a failure: hints in two steps, errors, dependencies first.

- A failed case shows its ``hint``, the idea. Its ``formula``, the concrete
  formula, is shown from the second failed run of the same check on, or at once
  by ``formula_hint()``: a learner tries the idea before being given the code.
- A function that raises gets the error in one line and a hint chosen from the
  kind of error (``error_hint``).
- A graded function that calls another graded function whose check fails is told
  to fix that one first (``failing_dependencies``).
"""

from __future__ import annotations

import inspect
from typing import Callable

__all__ = ["error_hint", "one_line", "formula_hint", "failing_dependencies", "write_lines"]


def error_hint(error: BaseException) -> str:
    """A hint chosen from the kind of error a student's function raised."""
    text = str(error)
    if isinstance(error, ValueError) and any(word in text for word in (
            "matmul", "shapes", "aligned", "broadcast", "gufunc", "dimension")):
        return ("the shapes do not fit. Write each array's shape next to the line: in "
                "A @ B the last size of A must equal the first size of B, so one side may "
                "need a transpose (X.T @ G, not G @ X.T, gives a (features, outputs) "
                "gradient)")
    if isinstance(error, IndexError):
        return "an index is out of range: check the axis you index and the array's shape"
    if isinstance(error, TypeError):
        return ("check the arguments and what you call: a number, an array and a "
                "function are used differently")
    if isinstance(error, (NameError, UnboundLocalError)):
        return "a name is used before it is defined: run the cells above, check spelling"
    if isinstance(error, (ZeroDivisionError, FloatingPointError, OverflowError)):
        return "a division by zero or an overflow: check what you divide by"
    return "read the error's last line; it names the operation that failed"


def one_line(error: BaseException) -> str:
    """An exception as one short line: its type and message."""
    text = " ".join(str(error).split())
    text = text if len(text) <= 160 else text[:157] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


#: How many times in a row each check has failed in this session.
_FAILED_RUNS: dict = {}
#: The formulas of the last failed check: ``(name, [(case description, formula)])``.
_LAST_FORMULAS: list = []
#: The checks running now, so that a dependency check never recurses.
_RUNNING: set = set()


def formula_hint(name: str | None = None) -> str:
    """The concrete formulas for the cases of the last failed check, or of ``name``.

    A failed check shows the idea first; call this when the idea is not enough.
    """
    if not _LAST_FORMULAS or (name and _LAST_FORMULAS[0] != name):
        text = (f"{name} has not failed in this session" if name
                else "no check has failed yet in this session")
    elif not _LAST_FORMULAS[1]:
        text = f"{_LAST_FORMULAS[0]}: the hints above are all there is"
    else:
        text = "\n".join([f"{_LAST_FORMULAS[0]}, the formulas:",
                          *(f"  {case}: {formula}" for case, formula in _LAST_FORMULAS[1])])
    print(text)
    return text


def _called_names(code) -> set:
    """Every global name a function's code (and the code nested in it) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _called_names(const)
    return names


def failing_dependencies(name: str, fn: Callable) -> list:
    """The graded functions ``fn`` calls whose own check fails (``[]`` if none).

    A graded function ``f`` is one with a check ``check_f`` in ``nncourse.checks``;
    it is found among the names ``fn`` uses and looked up where ``fn`` was defined.
    """
    import nncourse.checks as all_checks

    code, namespace = getattr(fn, "__code__", None), getattr(fn, "__globals__", {})
    if code is None:
        return []
    own = name.removeprefix("check_")
    failing, runs_before = [], dict(_FAILED_RUNS)
    for used in sorted(_called_names(code) - {own}):
        check, student_fn = getattr(all_checks, f"check_{used}", None), namespace.get(used)
        if not (callable(check) and callable(student_fn)) or f"check_{used}" in _RUNNING:
            continue
        _RUNNING.add(f"check_{used}")
        try:
            if not check(student_fn):
                failing.append(used)
        finally:
            _RUNNING.discard(f"check_{used}")
    _FAILED_RUNS.clear()  # a check run in the background does not count as the learner's
    _FAILED_RUNS.update(runs_before)
    return failing


def write_lines(report, name: str, fn: Callable, cases: list, problems: list,
                recording: bool) -> None:
    """One line per case: ✓, or ✗ with the problem and a hint of the right step."""
    report.passed = sum(problem is None for problem in problems)
    if report.passed == len(cases):
        _FAILED_RUNS.pop(name, None)
        report.lines += [f"  ✓ {case.description}" for case in cases]
        return
    _FAILED_RUNS[name] = _FAILED_RUNS.get(name, 0) + 1
    second_try = _FAILED_RUNS[name] >= 2
    blockers = [] if recording else failing_dependencies(name, fn)
    formulas = [(case.description, case.formula) for case, problem in zip(cases, problems)
                if problem is not None and case.formula]
    _LAST_FORMULAS[:] = [name, formulas]
    if blockers:
        listed = ", ".join(f"`{b}`" for b in blockers)
        them = "it, and its own check fails" if len(blockers) == 1 else "them, and their checks fail"
        report.lines.append(f"  Fix {listed} first: `{name.removeprefix('check_')}` calls "
                            f"{them}, so these cases cannot pass yet.")
    for case, problem in zip(cases, problems):
        if problem is None:
            report.lines.append(f"  ✓ {case.description}")
            continue
        hint = f" Hint: {case.hint}" if case.hint and "Hint:" not in problem else ""
        if second_try and case.formula and not blockers:
            hint += f" Formula: {case.formula}"
        report.lines.append(f"  ✗ {case.description}: {problem}.{hint}")
    if formulas and not second_try and not blockers:
        report.lines.append("  (Try the idea first. The formula shows on the next failed "
                            "run, or now with `checks.formula_hint()`.)")
