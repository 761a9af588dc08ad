"""The public exercise checks of chapter 4, activation functions."""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, run_checks

__all__ = ["check_stable_softmax", "check_sigmoid_stable", "check_tanh_derivative",
           "check_leaky_relu", "check_softmax_jacobian"]


def _strict(fn):
    """``fn`` run with NumPy's overflow and invalid-value warnings turned into errors.

    An unstable formula then fails its case with "raised FloatingPointError:
    overflow encountered in exp" instead of passing with a warning.
    """

    def call(*args, **kwargs):
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            return fn(*args, **kwargs)

    return call


# -- stable_softmax ------------------------------------------------------------------


def check_stable_softmax(fn):
    """Check ``stable_softmax(z)``: softmax of each row, stable for inputs of ±1000.

    Introduced in chapter 4.
    """
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    big = np.array([[1000.0, 999.0, 998.0], [-1000.0, -1000.0, -999.0]])
    cases = [
        Case("two rows of 3 scores", (z,), RECORDED,
             hint="exponentiate, then divide each row by its own sum",
             formula="e = np.exp(z); e / e.sum(axis=-1, keepdims=True)"),
        Case("a batch of one row", (np.array([[0.5, -0.5]]),),
             RECORDED,
             hint="keep the shape (batch, classes)",
             formula="sums and maxima with axis=-1, keepdims=True"),
        Case("rows of ±1000 (no overflow allowed)", (big,), RECORDED,
             hint="shift each row's scores so that the largest is 0: the result is the "
                  "same and exp never overflows",
             formula="np.exp(z - z.max(axis=-1, keepdims=True))"),
        Case("rows with very different maxima (is the maximum taken per row?)",
             (np.array([[800.0, 799.0], [0.0, -1.0]]),),
             RECORDED,
             hint="one maximum and one sum per row, not one for the whole batch",
             formula="z.max(axis=-1, keepdims=True) and e.sum(axis=-1, keepdims=True)"),
    ]
    return run_checks("check_stable_softmax", _strict(fn), cases)


# -- sigmoid_stable ------------------------------------------------------------------


def check_sigmoid_stable(fn):
    """Check ``sigmoid_stable(x)``: the sigmoid with no overflow at any input.

    Introduced in chapter 4.
    """
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    extreme = np.array([-1000.0, -50.0, 50.0, 1000.0])
    cases = [
        Case("ordinary inputs", (x,), RECORDED,
             hint="the plain sigmoid formula on ordinary inputs",
             formula="1 / (1 + exp(-x))"),
        Case("a (2, 2) batch keeps its shape", (x[:4].reshape(2, 2),),
             RECORDED,
             hint="work element-wise; do not flatten or sum",
             formula="the output has x's shape"),
        Case("inputs of ±50 and ±1000 with no overflow", (extreme,),
             RECORDED,
             hint="exp(-x) overflows for x = -1000, and exp(x) for x = +1000: only ever "
                  "exponentiate a number <= 0 (np.where computes both of its branches)",
             formula="e = np.exp(-np.abs(x)); 1 / (1 + e) where x >= 0, e / (1 + e) "
                     "where x < 0"),
    ]
    return run_checks("check_sigmoid_stable", _strict(fn), cases)


# -- tanh_derivative -----------------------------------------------------------------
def check_tanh_derivative(fn):
    """Check ``tanh_derivative(x)``: ``1 - tanh(x)**2`` at the pre-activation ``x``.

    Introduced in chapter 4.
    """
    x = np.array([-3.0, -1.0, 0.0, 0.5, 2.0])
    cases = [
        Case("the slope at 0 is 1", (np.array([0.0]),), np.array([1.0]),
             hint="tanh is steepest at 0, where its slope is 1",
             formula="1 - np.tanh(x) ** 2"),
        Case("five inputs", (x,), RECORDED,
             hint="tanh's slope is written with tanh itself, but not in the sigmoid's "
                  "pattern",
             formula="1 - np.tanh(x) ** 2, not tanh(x) * (1 - tanh(x))"),
        Case("large inputs: the slope goes to 0, not nan", (np.array([-1000.0, 1000.0]),),
             np.array([0.0, 0.0]),
             hint="a tanh written by hand overflows at 1000 (inf / inf = nan)",
             formula="use np.tanh, which is stable"),
    ]
    return run_checks("check_tanh_derivative", _strict(fn), cases)


# -- leaky_relu ----------------------------------------------------------------------


def check_leaky_relu(fn):
    """Check ``leaky_relu(x, alpha)``: ``x`` for positive inputs, ``alpha * x`` else.

    Introduced in chapter 4.
    """
    x = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    cases = [
        Case("alpha = 0.01", (x, 0.01), RECORDED,
             hint="positive inputs pass unchanged, negative ones are scaled by alpha",
             formula="np.where(x > 0, x, alpha * x)"),
        Case("alpha = 0.2 (is alpha used, not a fixed 0.01?)", (x, 0.2),
             RECORDED,
             hint="use the alpha you are given",
             formula="alpha * x for the negative inputs"),
        Case("alpha = 0 is ReLU", (x, 0.0), RECORDED,
             hint="with alpha = 0 negative inputs give 0",
             formula="np.where(x > 0, x, alpha * x)"),
        Case("a (2, 3) batch keeps its shape", (np.arange(-3.0, 3.0).reshape(2, 3), 0.1),
             RECORDED,
             hint="work element-wise; keep the shape",
             formula="np.where keeps the shape"),
    ]
    return run_checks("check_leaky_relu", fn, cases)


def check_softmax_jacobian(fn):
    """Check ``softmax_jacobian(z)``: (C,) scores -> (C, C) table of slopes.

    Introduced in chapter 4.
    """
    cases = [
        Case("z = [1, 2, 3]", (np.array([1.0, 2.0, 3.0]),), RECORDED,
             hint="on the diagonal s_i (1 - s_i), off it -s_i s_j: a diagonal matrix "
                  "minus the table of every product s_i s_j",
             formula="s = stable softmax of z; np.diag(s) - np.outer(s, s)"),
        Case("two equal scores", (np.array([0.0, 0.0]),),
             np.array([[0.25, -0.25], [-0.25, 0.25]]),
             hint="s = (0.5, 0.5): the diagonal is 0.5 (1 - 0.5), every other entry -0.5 * 0.5",
             formula="np.diag(s) - np.outer(s, s)"),
        Case("large scores [1000, 999, 998] without overflow", (np.array([1000.0, 999.0, 998.0]),),
             RECORDED, hint="compute the softmax stably first",
             formula="e = np.exp(z - z.max()); s = e / e.sum()"),
        Case("four scores: every column sums to 0", (np.array([0.5, -1.0, 2.0, 0.0]),), RECORDED,
             hint="off the diagonal the entries are -s_i s_j for every pair: the table of "
                  "products (an outer product), not the squares s_i s_i",
             formula="np.outer(s, s)[i, j] = s_i s_j"),
    ]
    return run_checks("check_softmax_jacobian", _strict(fn), cases)
