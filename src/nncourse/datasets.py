"""Data sets for the chapters.

The small sets return ``(X, y)``: X float64 (n, features), y int64 labels (n,).
Random sets take ``n``, ``noise`` and ``rng`` (a generator or an int seed) and are
shuffled, so the classes are mixed. MNIST (chapter 8) lives in ``nncourse.mnist``
and is re-exported here: ``load_mnist`` returns the shipped 10,000-digit subset,
or the full 70,000 with ``full=True``.
"""

from __future__ import annotations

import numpy as np

from nncourse._validation import as_rng
from nncourse.mnist import MNIST_SUBSET_INFO, MNISTDownloadError, load_mnist

__all__ = ["logic_gate", "job_offers", "JOB_OFFER_SUBJECTS", "one_hot",
           "two_blobs", "moons", "circles", "spiral",
           "first_symbol", "adding_problem", "noisy_wave", "sliding_windows",
           "load_mnist", "MNIST_SUBSET_INFO", "MNISTDownloadError"]

_GATE_OUTPUTS = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0],
                 "XOR": [0, 1, 1, 0]}

JOB_OFFER_SUBJECTS = ("mathematics", "English", "physics")


def logic_gate(name):
    """The truth table of a gate: X (4, 2) float, y (4,) int. Chapter 1.

    name: "AND", "OR", "NAND" or "XOR" (any case). Rows are 00, 01, 10, 11.
    """
    key = str(name).upper()
    if key not in _GATE_OUTPUTS:
        raise ValueError(f"logic_gate expected one of {', '.join(_GATE_OUTPUTS)}, "
                         f"got {name!r}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(_GATE_OUTPUTS[key], dtype=np.int64)


def job_offers():
    """Four students: passed (1) or failed (0) mathematics, English and physics, and
    whether each found a job. X (4, 3) float, y (4,) int. Introduced in chapter 2."""
    X = np.array([[0, 1, 1], [1, 0, 0], [0, 1, 0], [1, 0, 1]], dtype=np.float64)
    y = np.array([1, 1, 0, 1], dtype=np.int64)
    return X, y


def one_hot(y, n_classes=None):
    """Integer labels (n,) -> one-hot rows (n, n_classes) of 0.0 and 1.0. Chapter 5."""
    y = np.asarray(y)
    if y.ndim != 1 or y.dtype.kind not in "iu":
        raise ValueError(f"one_hot expected integer labels of shape (n,), "
                         f"got dtype {y.dtype} and shape {y.shape}")
    n_classes = int(y.max()) + 1 if n_classes is None else int(n_classes)
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"one_hot expected labels in 0..{n_classes - 1}, got labels "
                         f"from {y.min()} to {y.max()}")
    out = np.zeros((y.size, n_classes))
    out[np.arange(y.size), y] = 1.0
    return out


def _counts(n, n_classes):
    n = int(n)
    if n < n_classes:
        raise ValueError(f"expected n >= {n_classes} (one sample per class), got {n}")
    return [n // n_classes + (k < n % n_classes) for k in range(n_classes)]


def _shuffled(X, y, rng):
    order = rng.permutation(len(y))
    return X[order], y[order]


def two_blobs(n=200, noise=1.0, rng=None, *, distance=4.0):
    """Two round Gaussian clouds ``distance`` apart (linearly separable when noise is
    small). ``noise`` is the standard deviation of each cloud."""
    rng = as_rng(rng)
    n0, n1 = _counts(n, 2)
    centres = np.array([[-distance / 2, 0.0], [distance / 2, 0.0]])
    X = np.concatenate([centres[0] + noise * rng.standard_normal((n0, 2)),
                        centres[1] + noise * rng.standard_normal((n1, 2))])
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled(X, y, rng)


def moons(n=200, noise=0.1, rng=None):
    """Two interleaving half circles: not separable by a line."""
    rng = as_rng(rng)
    n0, n1 = _counts(n, 2)
    a0, a1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n1)
    upper = np.column_stack([np.cos(a0), np.sin(a0)])
    lower = np.column_stack([1 - np.cos(a1), 0.5 - np.sin(a1)])
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n0 + n1, 2))
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled(X, y, rng)


def circles(n=200, noise=0.05, rng=None, *, factor=0.5):
    """A small circle (class 1, radius ``factor``) inside a large one (class 0)."""
    rng = as_rng(rng)
    n0, n1 = _counts(n, 2)
    angles = rng.uniform(0, 2 * np.pi, n0 + n1)
    radius = np.concatenate([np.ones(n0), np.full(n1, float(factor))])
    X = radius[:, None] * np.column_stack([np.cos(angles), np.sin(angles)])
    X += noise * rng.standard_normal(X.shape)
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled(X, y, rng)


def spiral(n=300, noise=0.2, rng=None, *, classes=3):
    """``classes`` arms of a spiral winding out from the centre, one class per arm."""
    rng = as_rng(rng)
    parts, labels = [], []
    for k, count in enumerate(_counts(n, int(classes))):
        r = np.linspace(0.05, 1.0, count)
        theta = 2 * np.pi * k / classes + 4.0 * r + noise * rng.standard_normal(count)
        parts.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
        labels.append(np.full(count, k))
    return _shuffled(np.concatenate(parts), np.concatenate(labels).astype(np.int64), rng)


# -- sequences (chapter 11) ---------------------------------------------------------
def first_symbol(n=1000, length=50, n_symbols=4, rng=None):
    """Remember the first symbol: X (n, length, n_symbols) one-hot float64, y (n,) int.

    Introduced in chapter 11. Each sequence is ``length`` random symbols out of
    ``n_symbols``, one-hot encoded; the label is the symbol at the first step, so a
    model must carry it through ``length - 1`` distracting steps. Guessing gives
    ``1 / n_symbols`` accuracy.
    """
    n, length, n_symbols = int(n), int(length), int(n_symbols)
    if n < 1 or length < 1 or n_symbols < 2:
        raise ValueError(f"first_symbol expected n >= 1, length >= 1 and n_symbols >= 2, "
                         f"got n={n}, length={length}, n_symbols={n_symbols}")
    symbols = as_rng(rng).integers(0, n_symbols, size=(n, length))
    X = np.eye(n_symbols)[symbols]
    return X, symbols[:, 0].astype(np.int64)


def adding_problem(n=1000, length=50, rng=None):
    """The adding problem: X (n, length, 2) float64, y (n, 1) float64. Chapter 11.

    Channel 0 holds random values uniform in [0, 1); channel 1 marks two steps with a
    1, one among the first tenth of the sequence (at least the first step) and one in
    its second half. The target is the sum of the two marked values, so a model must
    keep the first one for at least half the sequence. Predicting the constant 1 (the
    mean of the target) gives a mean squared error of about 1/6: the trivial baseline.
    """
    n, length = int(n), int(length)
    if n < 1 or length < 2:
        raise ValueError(f"adding_problem expected n >= 1 and length >= 2, "
                         f"got n={n}, length={length}")
    rng = as_rng(rng)
    values = rng.random((n, length))
    first = rng.integers(0, max(1, length // 10), size=n)
    second = rng.integers(length // 2, length, size=n)
    rows = np.arange(n)
    marks = np.zeros((n, length))
    marks[rows, first] = 1.0
    marks[rows, second] = 1.0
    y = values[rows, first] + values[rows, second]
    return np.stack([values, marks], axis=2), y[:, None]


def noisy_wave(n_steps=1000, noise=0.1, rng=None, *, period=25.0):
    """A periodic signal with noise, shape (n_steps,) float64. Chapter 11.

    ``sin(2π t / period) + 0.5 sin(4π t / period + 1)`` plus normal noise of standard
    deviation ``noise``, for t = 0, 1, ..., n_steps - 1.
    """
    t = np.arange(int(n_steps), dtype=np.float64)
    w = 2 * np.pi / float(period)
    clean = np.sin(w * t) + 0.5 * np.sin(2 * w * t + 1.0)
    return clean + float(noise) * as_rng(rng).standard_normal(t.shape)


def sliding_windows(series, window):
    """Cut a 1-D series into next-value examples. Chapter 11.

    Returns X (n, window, 1), the windows ``series[i:i + window]``, and y (n, 1), the
    value that follows each, ``series[i + window]``; n = len(series) - window.
    """
    series = np.asarray(series, dtype=np.float64)
    window = int(window)
    if series.ndim != 1 or not 1 <= window < len(series):
        raise ValueError(f"sliding_windows expected a 1-D series longer than the window "
                         f"{window}, got shape {series.shape}")
    idx = np.arange(len(series) - window)[:, None] + np.arange(window)
    return series[idx][..., None], series[window:, None].copy()
