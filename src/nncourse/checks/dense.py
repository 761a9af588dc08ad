"""The public exercise checks of chapter 3, the dense layer."""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, describe, parts_verdict, run_checks

__all__ = ["check_dense_forward", "check_count_parameters", "check_collapse_linear",
           "check_classifier_parameters"]


class _Raised:
    """What a call raised, so that a case can expect an error."""

    def __init__(self, error):
        self.error = error

    def __repr__(self):
        return f"an error ({type(self.error).__name__}: {self.error})"


def _catching(fn, error_type):
    """``fn``, except that raising ``error_type`` returns a ``_Raised`` instead."""

    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except error_type as error:
            return _Raised(error)

    return call


def _expects_value_error(result):
    if isinstance(result, _Raised):
        return None
    return f"expected a ValueError, but it returned {describe(result)}"


# -- dense_forward -------------------------------------------------------------------


def check_dense_forward(fn):
    """Check ``dense_forward(X, W, b) -> Y``: ``Y = X W + b``, shapes checked.

    Introduced in chapter 3.
    """
    X = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]])
    W = np.array([[0.5, -1.0], [0.25, 0.0], [-0.5, 2.0]])
    b = np.array([0.1, -0.2])
    X1 = np.array([[2.0, -1.0]])
    W_square = np.array([[1.0, 2.0], [3.0, 4.0]])
    cases = [
        Case("a batch of 2 examples, 3 inputs, 2 outputs", (X, W, b),
             RECORDED,
             hint="one matrix product for the whole batch, then the bias on every row",
             formula="X @ W + b"),
        Case("one example with a square W (is W transposed?)",
             (X1, W_square, np.array([0.0, 1.0])),
             RECORDED,
             hint="W has one row per input and one column per output",
             formula="X @ W, not X @ W.T: W has shape (in, out)"),
        Case("a bias of zeros: the output is X @ W", (X, W, np.zeros(2)), RECORDED,
             hint="with a zero bias only the product is left",
             formula="X @ W + b"),
        Case("X with 4 features but W for 3 inputs raises ValueError",
             (np.ones((2, 4)), W, b), _expects_value_error,
             hint="check that X has as many features as W has inputs, before computing",
             formula="raise ValueError when X.shape[1] != W.shape[0]"),
        Case("a bias of 3 numbers for 2 outputs raises ValueError",
             (X, W, np.zeros(3)), _expects_value_error,
             hint="one bias per output",
             formula="raise ValueError unless b.shape == (W.shape[1],)"),
        Case("a bias of shape (2, 1) raises ValueError (it would broadcast wrongly)",
             (X, W, np.zeros((2, 1))), _expects_value_error,
             hint="a column of biases broadcasts over the wrong axis: check the shape, "
                  "not only the size",
             formula="raise ValueError unless b.shape == (W.shape[1],)"),
    ]
    return run_checks("check_dense_forward", _catching(fn, ValueError), cases)


# -- count_parameters ----------------------------------------------------------------


def check_count_parameters(fn):
    """Check ``count_parameters(layer_sizes) -> int``: weights plus biases.

    Introduced in chapter 3.
    """
    cases = [
        Case("layer sizes [3, 2]: one layer", ([3, 2],), RECORDED, dtype=True,
             hint="one weight per (input, output) pair, and one bias per output",
             formula="a Dense(in, out) has in * out + out parameters"),
        Case("layer sizes [2, 4, 1]", ([2, 4, 1],), RECORDED, dtype=True,
             hint="every pair of neighbouring sizes is one layer; the input has no "
                  "parameters",
             formula="sum of n_in * n_out + n_out over neighbouring sizes"),
        Case("layer sizes [784, 128, 10] (chapter 8's network)", ([784, 128, 10],),
             RECORDED, dtype=True,
             hint="count the two layers separately, then add",
             formula="784 * 128 + 128 for the first layer, 128 * 10 + 10 for the second"),
        Case("only an input layer [5]: no parameters", ([5],), 0,
             hint="with one size there is no layer",
             formula="the count is 0"),
    ]
    return run_checks("check_count_parameters", fn, cases)


# -- collapse_linear -----------------------------------------------------------------


def _collapse_verdict(expected):
    """A judge: the recorded ``(W, b)`` compared part by part."""
    return parts_verdict(("W", "b"), expected, atol=1e-8, rtol=1e-5)


def check_collapse_linear(fn):
    """Check ``collapse_linear(W1, b1, W2, b2) -> (W, b)``: one layer doing the work of two.

    Introduced in chapter 3.
    """
    W1 = np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.5]])       # (2, 3)
    b1 = np.array([0.5, -1.0, 0.0])
    W2 = np.array([[1.0, 2.0], [0.0, 1.0], [-1.0, 0.5]])     # (3, 2)
    b2 = np.array([0.25, 0.0])
    cases = [
        Case("Dense(2 → 3) then Dense(3 → 2)", (W1, b1, W2, b2),
             RECORDED, judge=_collapse_verdict,
             hint="write (X W1 + b1) W2 + b2 out: the first bias goes through W2 too",
             formula="W = W1 @ W2 and b = b1 @ W2 + b2"),
        Case("zero biases: only W = W1 @ W2 matters", (W1, np.zeros(3), W2, np.zeros(2)),
             RECORDED, judge=_collapse_verdict,
             hint="the order of the product matters: follow the shapes",
             formula="W = W1 @ W2 (shape (2, 3) @ (3, 2) -> (2, 2))"),
        Case("Dense(2 → 3) then Dense(3 → 1)", (W1, b1, W2[:, :1], b2[:1]),
             RECORDED, judge=_collapse_verdict,
             hint="the new bias has one number per output of the second layer",
             formula="b = b1 @ W2 + b2, of the shape of b2"),
    ]
    return run_checks("check_collapse_linear", fn, cases)


# -- classifier_parameters -----------------------------------------------------------
def check_classifier_parameters(fn):
    """Check ``classifier_parameters(height, width, channels, hidden, n_classes) -> int``.

    Introduced in chapter 3.
    """
    cases = [
        Case("28 x 28 grey digits, one hidden layer of 128, 10 classes", (28, 28, 1, [128], 10),
             RECORDED, dtype=True,
             hint="the input layer has one unit per number of the flattened image",
             formula="sizes = [height * width * channels, *hidden, n_classes (1 if 2)], "
                     "then the sum of n_in * n_out + n_out"),
        Case("32 x 32 colour images, hidden layers 64 and 32, 10 classes",
             (32, 32, 3, [64, 32], 10), RECORDED, dtype=True,
             hint="a colour pixel is 3 numbers",
             formula="the input has height * width * channels units"),
        Case("10 x 10 colour images, one hidden layer of 20, a yes/no task",
             (10, 10, 3, [20], 2), RECORDED, dtype=True,
             hint="a yes/no task (2 classes) needs one sigmoid output unit, not two",
             formula="n_out = 1 if n_classes == 2 else n_classes"),
        Case("8 x 8 grey images, no hidden layer, 4 classes", (8, 8, 1, [], 4), RECORDED,
             dtype=True, hint="with no hidden layer the input connects straight to the output",
             formula="one layer: 64 * 4 + 4"),
    ]
    return run_checks("check_classifier_parameters", fn, cases)
