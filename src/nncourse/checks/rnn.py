"""The public exercise checks of chapter 11, recurrent networks.

Each check calls the student's function on a few small, fixed cases and compares the
result with numbers written down here (computed once and pasted: there is no
reference implementation in this module), and says what to look at when it differs.
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import Case, describe, parts_verdict, run_checks

__all__ = ["check_rnn_step", "check_rnn_forward", "check_bptt_scalar",
           "check_lstm_step", "check_clip_by_global_norm"]

_A = np.array

# The weights the RNN cases share: Wh is not symmetric, so Wh and Wh.T differ.
_WX = _A([[0.5, -0.3], [0.8, 0.1]])
_WH = _A([[0.4, -0.6], [0.3, 0.9]])
_B = _A([0.1, -0.2])


def check_rnn_step(fn):
    """Check ``rnn_step(x_t, h_prev, Wx, Wh, b) -> h_t``. Chapter 11."""
    x1, h1 = _A([[1.0, -0.5]]), _A([[0.2, -0.1]])
    x3 = _A([[0.5, -1.0, 2.0], [0.0, 0.3, -0.2], [1.5, 0.5, 0.5]])
    h3 = _A([[0.1, 0.7], [-0.5, 0.2], [0.0, -0.9]])
    Wx3 = _A([[0.2, -0.4], [0.6, 0.3], [-0.1, 0.5]])
    cases = [
        Case("h_prev = 0: only the input and the bias count",
             args=(x1, np.zeros((1, 2)), _WX, _WH, _B),
             expected=_A([[0.197375320225, -0.50052021119]]),
             hint="tanh(x_t @ Wx + h_prev @ Wh + b), with the tanh and the bias"),
        Case("one sequence, a non-zero h_prev and a Wh that is not symmetric",
             args=(x1, h1, _WX, _WH, _B),
             expected=_A([[0.244918662404, -0.641076961185]]),
             hint="the state enters as h_prev @ Wh (rows of Wh belong to the previous "
                  "state's units), not Wh @ h_prev or h_prev @ Wh.T"),
        Case("a batch of 3, 3 inputs, 2 hidden units", args=(x3, h3, Wx3, _WH, _B),
             expected=_A([[-0.336375544336, 0.701374130938],
                          [0.158648504297, 0.263624835472],
                          [0.362707467578, -0.836679489077]]),
             hint="every row of x_t and h_prev is one sequence of the batch; the "
                  "matrix products handle the whole batch at once"),
    ]
    return run_checks("check_rnn_step", fn, cases)


def check_rnn_forward(fn):
    """Check ``rnn_forward(x, Wx, Wh, b) -> hs`` of shape (batch, time, hidden)."""
    x2 = _A([[[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4]],
             [[0.0, 0.5], [0.5, 0.5], [2.0, -1.0]]])
    cases = [
        Case("one step: the same as one rnn_step from h_0 = 0",
             args=(_A([[[1.0, -0.5]]]), _WX, _WH, _B),
             expected=_A([[[0.197375320225, -0.50052021119]]]),
             hint="start from h_0 = zeros((batch, hidden)) and return every h_t, shape "
                  "(batch, time, hidden)"),
        Case("two sequences of 3 steps", args=(x2, _WX, _WH, _B),
             expected=_A([[[0.197375320225, -0.50052021119],
                           [0.674412973132, -0.652071077316],
                           [-0.105462507118, -0.659264588348]],
                          [[0.46211715726, -0.148885033623],
                           [0.711483293858, -0.611470610843],
                           [0.380934341253, -0.9542436104]]]),
             hint="step t reads x[:, t] (axis 1 is time) and the state of step t - 1"),
        Case("zero input for 4 steps: the state alone must carry on",
             args=(np.zeros((1, 4, 2)), _WX, _WH, _A([0.5, -0.3])),
             expected=_A([[[0.46211715726, -0.291312612452],
                           [0.535234756356, -0.685518508327],
                           [0.468727544377, -0.84491498446],
                           [0.408672501556, -0.872070384999]]]),
             hint="after each step, the new h_t becomes h_prev of the next step"),
    ]
    return run_checks("check_rnn_forward", fn, cases)


def check_bptt_scalar(fn):
    """Check ``bptt_scalar(xs, w_x, w_h, b, dL_dhT) -> (dw_x, dw_h, db)``."""
    names = ("dw_x", "dw_h", "db")
    hints = ("dw_x adds da_t * x_t over every step, where da_t = dh_t * (1 - h_t**2)",
             "dw_h adds da_t * h_{t-1}, the state *before* step t (h_0 = 0)",
             "db adds da_t over every step, not only the last one")
    cases = [
        Case("one step (h_0 = 0, so dw_h = 0)", args=(_A([2.0]), 0.5, 0.8, 0.1, 1.0),
             expected=parts_verdict(names, (0.718402632321, 0.0, 0.35920131616), hints)),
        Case("three steps", args=(_A([1.0, -0.5, 0.3]), 0.7, 0.9, -0.1, 1.0),
             expected=parts_verdict(names, (0.417991394964, 0.506154381729,
                                            2.426860297457), hints),
             hint="going back one step multiplies the gradient by w_h: "
                  "dh_{t-1} = da_t * w_h; sum the contributions of every step"),
        Case("five steps, a negative w_h and dL/dh_T = -2",
             args=(_A([0.5, 1.0, -1.0, 0.2, 0.8]), 1.2, -0.6, 0.05, -2.0),
             expected=parts_verdict(names, (-0.998382048676, -1.418119901109,
                                            -1.008657536263), hints),
             hint="start the backward pass with dh_T = dL_dhT, not 1"),
    ]
    return run_checks("check_bptt_scalar", fn, cases)


def check_lstm_step(fn):
    """Check ``lstm_step(x_t, h_prev, c_prev, Wx, Wh, b) -> (h, c)``. Chapter 11."""
    names = ("h", "c")
    hints = ("h = o * tanh(c), with the new c",
             "c = f * c_prev + i * g, gates in the order i, f, g, o")
    # Zero weights: the gates are set by the bias alone, one value per block.
    bias_only = _A([0.0, 0.0, 2.0, 2.0, 1.0, -1.0, 3.0, -3.0])
    Wx = _A([[0.02, 0.68, 0.61, -0.26, -0.15, -0.26, 0.28, -0.03],
             [0.37, -0.92, 0.78, -0.05, 0.34, -0.07, -0.19, 0.23]])
    Wh = _A([[0.41, -0.1, -0.08, 0.34, -0.44, -0.76, 0.2, -0.34],
             [-0.96, -0.41, -0.23, -0.6, -0.75, 0.02, 0.45, -0.12]])
    b = _A([-0.22, 0.12, 0.22, -0.09, 0.16, 0.31, -0.06, -0.24])
    x = _A([[0.5, -1.0], [1.0, 0.2]])
    cases = [
        Case("zero weights, the bias picks i = σ(0), f = σ(2), g = tanh(±1), o = σ(±3)",
             args=(_A([[1.0, 1.0]]), np.zeros((1, 2)), _A([[1.0, -2.0]]),
                   np.zeros((2, 8)), np.zeros((2, 8)), bias_only),
             expected=parts_verdict(names, (_A([[0.811119732902, -0.046136894661]]),
                                            _A([[1.261594155956, -2.142391233934]])), hints),
             hint="the columns of a = x_t @ Wx + h_prev @ Wh + b are four blocks of "
                  "hidden units in the order input, forget, candidate, output; "
                  "sigmoid for i, f, o and tanh for g"),
        Case("a batch of 2 from h = c = 0", args=(x, np.zeros((2, 2)), np.zeros((2, 2)),
                                                   Wx, Wh, b),
             expected=parts_verdict(names, (_A([[-0.050672735333, 0.073633660984],
                                                [0.019882264054, 0.010377617424]]),
                                            _A([[-0.089594223174, 0.195687807054],
                                                [0.036472309598, 0.02336500474]])), hints)),
        Case("a batch of 2 with a previous state",
             args=(x, _A([[0.1, -0.3], [0.4, 0.0]]), _A([[0.5, 1.5], [-1.0, 0.2]]),
                   Wx, Wh, b),
             expected=parts_verdict(names, (_A([[0.102953520931, 0.273743852908],
                                                [-0.366152792111, -0.03228406732]]),
                                            _A([[0.193504021219, 0.90239791092],
                                                [-0.771690552658, -0.07871997346]])), hints),
             hint="the forget gate multiplies c_prev; h_prev enters through Wh"),
    ]
    return run_checks("check_lstm_step", fn, cases)


def _clipped(expected_arrays, expected_norm):
    """A verdict for ``(clipped, total_norm)``."""
    def verdict(result):
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return f"expected a tuple (clipped, total_norm), got {describe(result)}"
        clipped, total = result
        try:
            total = float(total)
        except (TypeError, ValueError):
            return f"total_norm: expected a number, got {describe(total)}"
        if not np.isclose(total, expected_norm, rtol=1e-9):
            return (f"total_norm: expected {expected_norm:g}, got {total:.6g}. Hint: the "
                    f"square root of the sum of squares of every entry of every "
                    f"gradient, before clipping")
        if not isinstance(clipped, (tuple, list)) or len(clipped) != len(expected_arrays):
            return (f"clipped: expected a list of {len(expected_arrays)} arrays, got "
                    f"{describe(clipped)}")
        for k, (want, got) in enumerate(zip(expected_arrays, clipped)):
            got = np.asarray(got, dtype=float)
            if got.shape != want.shape or not np.allclose(got, want, rtol=1e-9, atol=1e-12):
                return (f"clipped[{k}]: expected {describe(want)}, got {describe(got)}. "
                        f"Hint: every gradient is scaled by the same factor "
                        f"max_norm / total_norm, and only when total_norm > max_norm")
        return None
    return verdict


def check_clip_by_global_norm(fn):
    """Check ``clip_by_global_norm(grads, max_norm) -> (clipped, total_norm)``."""
    cases = [
        Case("norm 5 under max_norm 10: unchanged", args=([_A([3.0, 4.0])], 10.0),
             expected=_clipped([_A([3.0, 4.0])], 5.0)),
        Case("two gradients [3] and [4], max_norm 1: one common factor",
             args=([_A([3.0]), _A([4.0])], 1.0),
             expected=_clipped([_A([0.6]), _A([0.8])], 5.0),
             hint="the norm is global: clipping each array on its own would give "
                  "[1] and [1] and change the direction"),
        Case("a matrix and a vector, max_norm 2.5",
             args=([_A([[1.0, 2.0], [2.0, 0.0]]), _A([4.0, 0.0])], 2.5),
             expected=_clipped([_A([[0.5, 1.0], [1.0, 0.0]]), _A([2.0, 0.0])], 5.0)),
    ]
    return run_checks("check_clip_by_global_norm", fn, cases)
