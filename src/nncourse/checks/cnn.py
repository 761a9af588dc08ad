"""The public exercise checks of chapter 10, convolutional networks.

Each check calls the student's function on a few small cases whose right answers
were computed once and are written here as literal numbers (no reference
implementation), and says what idea to look at when an answer differs.
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import Case, run_checks

__all__ = ["check_conv_output_size", "check_conv2d_naive", "check_im2col",
           "check_maxpool_forward", "check_maxpool_backward"]

# -- inputs (small integer patterns, easy to print and reason about) ---------------
X_RAMP = np.arange(16.0).reshape(1, 4, 4)                       # 0..15, one channel
W_DIAG = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])                # top-left minus bottom-right
X2 = (np.arange(2 * 4 * 5) * 7 % 11 - 5).reshape(2, 4, 5).astype(float)
W2 = (np.arange(3 * 2 * 3 * 3) * 5 % 7 - 3).reshape(3, 2, 3, 3).astype(float)
B2 = np.array([1.0, 0.0, -1.0])
X_I = np.arange(18.0).reshape(2, 3, 3)
X_J = (np.arange(12) * 5 % 12).reshape(1, 3, 4).astype(float)
X_P = (np.arange(2 * 4 * 6) * 7 % 48).reshape(2, 4, 6).astype(float)  # all different
X_Q = (np.arange(49) * 10 % 49).reshape(1, 7, 7).astype(float)        # all different
D_P = (np.arange(2 * 2 * 3) - 5.0).reshape(2, 2, 3)
D_Q = np.array([[[1.0, -2.0], [3.0, 0.5]]])

# -- the right answers, computed once and pasted ------------------------------------
CONV_B = np.array([[[ 52.,  -2.,  -1.],
      [  2.,  47., -40.]],
     [[-30.,  58., -30.],
      [-52.,  69., -30.]],
     [[-56.,  20.,  -3.],
      [-50.,  -7.,  36.]]])
CONV_C = np.array([[[  3., -24.,   1.],
      [-44.,  47.,  37.]],
     [[-32., -14.,  12.],
      [-18.,  69., -20.]],
     [[-32.,  24.,  37.],
      [ 50.,  -7., -35.]]])
IM2COL_B = np.array([[ 0.,  1.,  3.,  4.,  9., 10., 12., 13.],
     [ 1.,  2.,  4.,  5., 10., 11., 13., 14.],
     [ 3.,  4.,  6.,  7., 12., 13., 15., 16.],
     [ 4.,  5.,  7.,  8., 13., 14., 16., 17.]])
IM2COL_C = np.array([[ 0.,  5., 10.,  8.,  1.,  6.],
     [ 5., 10.,  3.,  1.,  6., 11.],
     [ 8.,  1.,  6.,  4.,  9.,  2.],
     [ 1.,  6., 11.,  9.,  2.,  7.]])
POOL_B = np.array([[[42., 21., 35.],
      [43., 44., 23.]],
     [[31., 45., 46.],
      [19., 33., 47.]]])
POOL_C = np.array([[[42., 43.],
      [45., 47.]]])
BACK_B = np.array([[[ 0.,  0.,  0., -4.,  0., -3.],
      [-5.,  0.,  0.,  0.,  0.,  0.],
      [ 0., -2.,  0.,  0.,  0.,  0.],
      [ 0.,  0., -1.,  0.,  0.,  0.]],
     [[ 0.,  1.,  0.,  2.,  0.,  0.],
      [ 0.,  0.,  0.,  0.,  3.,  0.],
      [ 0.,  4.,  0.,  5.,  0.,  6.],
      [ 0.,  0.,  0.,  0.,  0.,  0.]]])
BACK_C = np.array([[[ 0. ,  0. ,  0. ,  0. ,  0. ,  0. ,  0. ],
      [ 0. ,  0. ,  0. ,  0. ,  0. ,  0. ,  0. ],
      [ 1. ,  0. ,  0. ,  0. ,  0. , -2. ,  0. ],
      [ 0. ,  0. ,  0. ,  0. ,  0. ,  0. ,  0. ],
      [ 0. ,  3. ,  0. ,  0. ,  0. ,  0. ,  0. ],
      [ 0. ,  0. ,  0. ,  0. ,  0.5,  0. ,  0. ],
      [ 0. ,  0. ,  0. ,  0. ,  0. ,  0. ,  0. ]]])


def _integer(want):
    def verdict(result):
        if not isinstance(result, (int, np.integer)):
            return (f"expected the int {want}, got {type(result).__name__} {result!r}: "
                    f"use integer division // so the size is a whole number")
        if result != want:
            return f"expected {want}, got {result}"
        return None
    return verdict


def check_conv_output_size(fn):
    """Check ``conv_output_size(n, k, stride=1, padding=0) -> int``. Chapter 10."""
    plus_one = "a k-wide window fits at n - k + 1 positions: did you forget the + 1?"
    cases = [
        Case("n=28, k=5 (no padding, stride 1)", args=(28, 5), expected=_integer(24),
             hint=plus_one),
        Case("n=5, k=5: exactly one position", args=(5, 5), expected=_integer(1),
             hint=plus_one),
        Case("n=28, k=5, padding=2 (the size is kept)", args=(28, 5),
             expected=_integer(28), kwargs=dict(padding=2),
             hint="padding adds p zeros on BOTH sides: the padded size is n + 2p"),
        Case("n=7, k=3, stride=2", args=(7, 3), expected=_integer(3), kwargs=dict(stride=2),
             hint="with a stride s the window moves s pixels: (n + 2p - k) // s + 1"),
        Case("n=6, k=3, stride=2 (the last window does not fit)", args=(6, 3),
             expected=_integer(2), kwargs=dict(stride=2),
             hint="round down with // : a window that would stick out is dropped"),
        Case("n=28, k=3, stride=2, padding=1", args=(28, 3), expected=_integer(14),
             kwargs=dict(stride=2, padding=1),
             hint="apply padding first, then the stride: (n + 2p - k) // s + 1"),
    ]
    return run_checks("check_conv_output_size", fn, cases)


def check_conv2d_naive(fn):
    """Check ``conv2d_naive(x, W, b, stride=1, padding=0)``, x (C, H, W). Chapter 10."""
    cases = [
        Case("a ramp 0..15 and W = [[1, 0], [0, -1]]: every window gives -5",
             args=(X_RAMP, W_DIAG, np.zeros(1)), expected=np.full((1, 3, 3), -5.0),
             hint="multiply each window by W as it is (a cross-correlation); a flipped "
                  "kernel gives +5 here"),
        Case("2 channels, 3 filters 3x3, bias (1, 0, -1)", args=(X2, W2, B2),
             expected=CONV_B,
             hint="out[f, i, j] sums window * W[f] over ALL input channels, then adds "
                  "b[f] once"),
        Case("the same with stride=2, padding=1", args=(X2, W2, B2), expected=CONV_C,
             kwargs=dict(stride=2, padding=1),
             hint="pad x with zeros on every side first; window (i, j) then starts at "
                  "row i * stride, column j * stride of the padded image"),
    ]
    return run_checks("check_conv2d_naive", fn, cases)


def check_im2col(fn):
    """Check ``im2col(x, kh, kw)``, x (C, H, W), stride 1, no padding. Chapter 10."""
    order = ("row number i * Wo + j holds the window at (i, j), i.e. "
             "x[:, i:i+kh, j:j+kw].ravel(): channel first, then kernel row and column")
    cases = [
        Case("one channel 3x3 (0..8), 2x2 windows",
             args=(np.arange(9.0).reshape(1, 3, 3), 2, 2),
             expected=np.array([[0.0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]),
             hint=order),
        Case("two channels 3x3, 2x2 windows: shape (4, 8)", args=(X_I, 2, 2),
             expected=IM2COL_B,
             hint="each row holds the window of channel 0, then the same window of "
                  "channel 1: " + order),
        Case("a 3x4 image, 2x3 windows (not square)", args=(X_J, 2, 3),
             expected=IM2COL_C, hint="kh counts rows and kw columns; " + order),
    ]
    return run_checks("check_im2col", fn, cases)


def check_maxpool_forward(fn):
    """Check ``maxpool_forward(x, k)``: k x k max-pooling with stride k. Chapter 10."""
    cases = [
        Case("a 1x2x2 image, k=2", args=(np.array([[[1.0, 5.0], [3.0, 2.0]]]), 2),
             expected=np.array([[[5.0]]]),
             hint="take the largest value of each window, not the mean"),
        Case("2 channels 4x6, k=2", args=(X_P, 2), expected=POOL_B,
             hint="windows do not overlap: window (i, j) covers rows i*k .. i*k+k-1; "
                  "pool every channel separately"),
        Case("7x7, k=3: the last row and column are left out", args=(X_Q, 3),
             expected=POOL_C,
             hint="the output is (H // k, W // k): rows and columns that do not fill "
                  "a window are dropped"),
    ]
    return run_checks("check_maxpool_forward", fn, cases)


def check_maxpool_backward(fn):
    """Check ``maxpool_backward(x, d_out, k)`` -> dL/dx (C, H, W). Chapter 10."""
    winner = ("each d_out[c, i, j] goes to the one input that was the maximum of its "
              "window; every other input gets 0")
    cases = [
        Case("a 1x2x2 image, k=2: all of d_out goes to the 5",
             args=(np.array([[[1.0, 5.0], [3.0, 2.0]]]), np.array([[[4.0]]]), 2),
             expected=np.array([[[0.0, 4.0], [0.0, 0.0]]]), hint=winner),
        Case("2 channels 4x6, k=2", args=(X_P, D_P, 2), expected=BACK_B,
             hint=winner + "; do not share it out among the window"),
        Case("7x7, k=3: the left-out row and column get 0", args=(X_Q, D_Q, 3),
             expected=BACK_C,
             hint="dx has the shape of x; pixels outside every window get 0"),
    ]
    return run_checks("check_maxpool_backward", fn, cases)
