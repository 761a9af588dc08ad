"""Small input checks shared by the modules of nncourse.

Every check raises ``ValueError`` with one sentence that says what was expected and
what came, before NumPy would fail with a cryptic message or silently broadcast.
"""

from __future__ import annotations

import numpy as np


def as_rng(rng=None) -> np.random.Generator:
    """Return a ``np.random.Generator`` from ``None``, an int seed or a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise ValueError(
        f"expected rng to be None, an int seed or np.random.default_rng(...), "
        f"got {type(rng).__name__}"
    )


def as_float_array(x, dtype=None, *, who="input") -> np.ndarray:
    """Return ``x`` as a floating-point array.

    With ``dtype`` given the array is converted to it (this is how a float32 layer
    accepts float64 data without turning its parameters into float64). Without it,
    float arrays keep their dtype and integers or booleans become float64. ``who``
    (a name, or the layer itself) is turned into text only for an error message.
    """
    if type(x) is np.ndarray and x.dtype.kind == "f" and (dtype is None or x.dtype == dtype):
        return x  # the common case, kept cheap: it runs for every batch
    x = np.asarray(x)
    if x.dtype.kind not in "fiub":
        raise ValueError(f"{who} expected an array of numbers, got dtype {x.dtype}")
    if dtype is not None:
        if x.dtype != dtype:
            x = x.astype(dtype)
    elif x.dtype.kind != "f":
        x = x.astype(np.float64)
    return x


def check_2d(x: np.ndarray, *, who: str, what: str = "input of shape (batch, features)"):
    """Raise unless ``x`` is a 2-D array."""
    if x.ndim != 2:
        hint = "; for a single sample use x.reshape(1, -1)" if x.ndim == 1 else ""
        raise ValueError(f"{who} expected {what}, got shape {x.shape}{hint}")


def check_finite(x: np.ndarray, *, who: str = "input") -> None:
    """Raise unless every entry of ``x`` is finite (no NaN, no infinity)."""
    if not np.isfinite(x).all():
        n_bad = int(x.size - np.count_nonzero(np.isfinite(x)))
        raise ValueError(
            f"{who} expected finite values, got {n_bad} NaN or infinite "
            f"value{'s' if n_bad != 1 else ''} in an array of shape {x.shape}"
        )


def check_labels(y, n_classes: int, *, who: str) -> np.ndarray:
    """Return integer class labels ``y`` of shape (batch,), checked to lie in 0..C-1.

    Floats are accepted only when every value is a whole number (e.g. 2.0).
    """
    y = np.asarray(y)
    if y.dtype.kind == "b" or y.dtype.kind not in "iuf":
        raise ValueError(
            f"{who} expected integer class labels in 0..{n_classes - 1}, "
            f"got an array of dtype {y.dtype}"
        )
    if y.dtype.kind == "f":
        if not np.isfinite(y).all() or not np.all(y == np.round(y)):
            bad = y[~(np.isfinite(y) & (y == np.round(y)))].flat[0]
            raise ValueError(
                f"{who} expected integer class labels in 0..{n_classes - 1}, "
                f"got non-integer values such as {bad}"
            )
        y = y.astype(np.int64)
    if y.size:
        low, high = y.min(), y.max()
        if low < 0 or high >= n_classes:
            bad = low if low < 0 else high
            raise ValueError(
                f"{who} expected integer class labels in 0..{n_classes - 1} "
                f"({n_classes} classes), got a label of {bad}"
            )
    return y


def check_same_length(x: np.ndarray, y: np.ndarray, *, who: str) -> None:
    """Raise unless ``x`` and ``y`` hold the same number of samples."""
    if len(x) != len(y):
        raise ValueError(
            f"{who} expected as many targets as inputs, got {len(x)} inputs "
            f"and {len(y)} targets"
        )
