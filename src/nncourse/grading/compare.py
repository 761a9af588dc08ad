"""How the grader compares a hidden case's result with the reference answer.

It names only the kind of a difference, never a number of the answer, so a message
cannot serve as an oracle for the hidden cases.
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import dtype_problem

__all__ = ["compare", "RTOL", "ATOL"]

RTOL, ATOL = 1e-5, 1e-7


def compare(expected, got, dtype: bool = False) -> str | None:
    """The kind of what is wrong with ``got`` (None when it matches ``expected``).

    Kinds only, never numbers: "wrong number of values", "wrong type", "wrong shape",
    "wrong dtype", "not finite", "wrong values".
    """
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return "wrong number of values"
        for e, g in zip(expected, got):
            problem = compare(e, g, dtype)
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            return "wrong type"
        for key in expected:
            problem = compare(expected[key], got[key], dtype)
            if problem:
                return problem
        return None
    if expected is None:
        return None if got is None else "wrong type"
    if isinstance(expected, str):
        text = got if isinstance(got, str) else (
            str(got[()]) if isinstance(got, np.ndarray) and got.ndim == 0
            and got.dtype.kind == "U" else None)
        return None if text == expected else "wrong values"
    if isinstance(got, (tuple, list, dict, str)) or got is None:
        return "wrong type"
    e, g = np.asarray(expected), np.asarray(got)
    if e.shape != g.shape:
        return "wrong shape"
    if e.dtype.kind in "biufc":
        if g.dtype.kind not in "biufc":
            return "wrong type"
        if dtype and dtype_problem(e, g):
            return "wrong dtype"
        if np.allclose(g, e, rtol=RTOL, atol=ATOL, equal_nan=True):
            return None
        with np.errstate(all="ignore"):
            if np.isfinite(e).all() and not np.isfinite(g.astype(complex)).all():
                return "not finite"
        return "wrong values"
    return None if np.array_equal(e, g) else "wrong values"
