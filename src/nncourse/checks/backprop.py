"""The public exercise checks of chapter 7, backpropagation.

Each check calls the student's function on a few small cases, compares with the
answers recorded from the solutions (``RECORDED``) or written here, and says what to
look at when it differs.
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, parts_verdict, run_checks

__all__ = [
    "check_dense_backward", "check_sigmoid_backward", "check_relu_backward",
    "check_softmax_cross_entropy_backward", "check_numerical_gradient_quadratic",
    "check_xor_forward_backward", "check_xor_numerical_gradient",
]


# -- the checks ---------------------------------------------------------------------
def check_dense_backward(fn):
    """Check ``dense_backward(X, W, dY) -> (dX, dW, db)``. Chapter 7."""
    rng = np.random.default_rng(7)
    hints = ("dX = dY @ W.T: the gradient flows back through W transposed",
             "dW = X.T @ dY: each weight sums input times gradient over the batch",
             "db = dY.sum(axis=0): add up over the batch (axis 0), do not average")
    names = ("dX", "dW", "db")
    cases = []
    for description, shape in (("one example, 2 inputs, 3 outputs", (1, 2, 3)),
                               ("a batch of 4, 3 inputs, 2 outputs", (4, 3, 2)),
                               ("a batch of 5, a square 3 x 3 W", (5, 3, 3))):
        n, n_in, n_out = shape
        X = rng.normal(size=(n, n_in))
        W = rng.normal(size=(n_in, n_out))
        dY = rng.normal(size=(n, n_out))
        cases.append(Case(description, args=(X, W, dY),
                          expected=RECORDED,
                          judge=lambda want: parts_verdict(names, want, hints)))
    return run_checks("check_dense_backward", fn, cases)


def check_sigmoid_backward(fn):
    """Check ``sigmoid_backward(s, d_out)`` where ``s`` is the sigmoid's output."""
    s = np.array([[0.5, 0.9, 0.1], [0.25, 0.75, 0.99]])
    ones = np.ones_like(s)
    d_out = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    hint_output = ("s is already the sigmoid's output: the local derivative is "
                   "s * (1 - s), with no second sigmoid")
    cases = [
        Case("s = 0.5, d_out = 1 (the steepest point: 0.25)",
             args=(np.array([[0.5]]), np.array([[1.0]])), expected=np.array([[0.25]]),
             hint=hint_output),
        Case("a (2, 3) batch with d_out = 1", args=(s, ones), expected=RECORDED,
             hint=hint_output),
        Case("a (2, 3) batch with mixed d_out", args=(s, d_out),
             expected=RECORDED,
             hint="multiply the local derivative by d_out, element by element"),
    ]
    return run_checks("check_sigmoid_backward", fn, cases)


def check_relu_backward(fn):
    """Check ``relu_backward(x, d_out)`` where ``x`` is the ReLU's input."""
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0]])
    d_out = np.array([[1.0, -1.0, 2.0, -3.0, 4.0]])
    cases = [
        Case("d_out = 1: the derivative itself", args=(x, np.ones_like(x)),
             expected=np.array([[0.0, 0.0, 0.0, 1.0, 1.0]]),
             hint="1 where x > 0, 0 elsewhere (and 0 at x = 0, the kink)"),
        Case("negative values in d_out pass through where x > 0", args=(x, d_out),
             expected=np.array([[0.0, 0.0, 0.0, -3.0, 4.0]]),
             hint="mask d_out by x > 0; do not apply the ReLU to d_out itself"),
        Case("a (2, 2) batch", args=(np.array([[1.0, -1.0], [-2.0, 2.0]]),
                                     np.array([[0.5, 0.5], [-0.5, -0.5]])),
             expected=np.array([[0.5, 0.0], [0.0, -0.5]]),
             hint="the mask comes from x, the values from d_out"),
    ]
    return run_checks("check_relu_backward", fn, cases)


def check_softmax_cross_entropy_backward(fn):
    """Check ``softmax_cross_entropy_backward(logits, labels)`` (mean loss)."""
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 0.0],
                       [1.0, -1.0, 3.0]])
    labels = np.array([0, 1, 2, 0])
    big = np.array([[1000.0, 0.0, -1000.0]])
    hint_n = "the loss is the mean over the batch, so divide p - onehot by the batch size"
    cases = [
        Case("one example, 3 classes", args=(logits[:1], labels[:1]),
             expected=RECORDED,
             hint="softmax(logits) minus 1 at the true class"),
        Case("a batch of 4", args=(logits, labels),
             expected=RECORDED, hint=hint_n),
        Case("one example with logits of +-1000", args=(big, np.array([1])),
             expected=RECORDED,
             hint="subtract each row's maximum before exp, or exp overflows"),
    ]
    return run_checks("check_softmax_cross_entropy_backward", fn, cases)


def check_numerical_gradient_quadratic(fn):
    """Check ``numerical_gradient_quadratic(A, b, x, eps)`` by central differences."""
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    A_skew = np.array([[2.0, 4.0, 0.0], [0.0, 1.0, -2.0], [1.0, 0.0, 3.0]])
    b2, x2 = np.array([1.0, -1.0]), np.array([0.5, 2.0])
    b3, x3 = np.array([0.0, 1.0, 2.0]), np.array([1.0, -1.0, 0.5])
    cases = [
        Case("a symmetric 2 x 2 A, eps = 1e-5", args=(A, b2, x2, 1e-5),
             expected=RECORDED, rtol=1e-5, atol=1e-6,
             hint="(f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for each coordinate i"),
        Case("the same with a large eps = 0.5", args=(A, b2, x2, 0.5),
             expected=RECORDED, rtol=1e-5, atol=1e-6,
             hint="central differences are exact for a quadratic even with a large "
                  "eps; a one-sided difference (f(x + eps) - f(x)) / eps is not"),
        Case("an A that is not symmetric, 3 x 3, eps = 1e-6", args=(A_skew, b3, x3, 1e-6),
             expected=RECORDED, rtol=1e-5, atol=1e-6,
             hint="evaluate f = 0.5 x^T A x + b^T x itself; A @ x + b is the "
                  "gradient only when A is symmetric"),
    ]
    return run_checks("check_numerical_gradient_quadratic", fn, cases)


# -- the XOR network: inputs shared by the last two checks ---------------------------
_XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_Y = np.array([0, 1, 1, 0])
_GRAD_NAMES = ("dW1", "db1", "dW2", "db2")


def _xor_cases():
    """(description, args) of three networks: XOR, a bigger batch, large logits."""
    rng = np.random.default_rng(77)
    xor = (_XOR_X, _XOR_Y, rng.normal(size=(2, 3)), rng.normal(size=3),
           rng.normal(size=(3, 2)), rng.normal(size=2))
    three = (rng.normal(size=(5, 2)), np.array([0, 2, 1, 2, 0]), rng.normal(size=(2, 4)),
             np.zeros(4), rng.normal(size=(4, 3)), np.zeros(3))
    large = (_XOR_X[1:3], np.array([1, 0]), rng.normal(size=(2, 2)), np.zeros(2),
             np.array([[40.0, -40.0], [-30.0, 30.0]]), np.array([500.0, -500.0]))
    return [("XOR, 3 hidden units, 2 classes", xor),
            ("a batch of 5, 4 hidden units, 3 classes", three),
            ("logits near +-500 (a stable softmax)", large)]


def check_xor_forward_backward(fn):
    """Check ``xor_forward_backward(X, y, W1, b1, W2, b2)``. Chapter 7."""
    hints = ("the mean over the batch of -log softmax(Z) at the true class, from "
             "stable log-probabilities",
             "dW1 = X^T times the gradient at the hidden pre-activation, which is "
             "the gradient at H times the sigmoid's slope H (1 - H), from its OUTPUT H",
             "db1 adds the gradient at the hidden pre-activation over the batch",
             "dW2 = H^T dZ with dZ = (P - T) / N: the hidden OUTPUT H, transposed",
             "db2 adds dZ = (P - T) / N over the batch")

    def judge(want):
        return parts_verdict(("loss",) + _GRAD_NAMES, want, hints,
                             finite_hint="subtract each row's maximum logit before exp")

    cases = [Case(description, args, RECORDED, judge=judge,
                  hint="chain the chapter's pieces: softmax cross-entropy, dense, "
                       "sigmoid, dense, from the loss back to the input")
             for description, args in _xor_cases()]
    return run_checks("check_xor_forward_backward", fn, cases)


def check_xor_numerical_gradient(fn):
    """Check ``xor_numerical_gradient(X, y, W1, b1, W2, b2, eps)``. Chapter 7."""
    hint = ("for each entry: the loss with that entry + eps and with it - eps, "
            "the other entries as they came, divided by 2 eps")

    def judge(want):
        return parts_verdict(_GRAD_NAMES, want, (hint,) * 4, rtol=1e-4, atol=1e-6,
                             finite_hint="subtract each row's maximum logit before exp")

    (xor_text, xor), (three_text, three) = _xor_cases()[:2]
    cases = [Case(xor_text + ", eps = 1e-5", xor, RECORDED, judge=judge, hint=hint),
             Case(three_text + ", eps = 0.01 (a nudge up AND down)", three, RECORDED,
                  kwargs={"eps": 1e-2}, judge=judge,
                  hint="with a larger eps a one-sided difference (L(+eps) - L) / eps is "
                       "visibly off; the central difference stays close")]
    return run_checks("check_xor_numerical_gradient", fn, cases)
