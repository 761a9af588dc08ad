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
    hints = ("the gradient flows back through W; dX has the shape of X, which tells "
             "where the transpose goes",
             "each weight adds input times gradient over the batch; dW has the shape of W",
             "b was added to every example: add its gradients up over the batch, do not "
             "average")
    formula = "dX = dY @ W.T; dW = X.T @ dY; db = dY.sum(axis=0)"
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
                          expected=RECORDED, formula=formula,
                          judge=lambda want: parts_verdict(names, want, hints)))
    return run_checks("check_dense_backward", fn, cases)


def check_sigmoid_backward(fn):
    """Check ``sigmoid_backward(s, d_out)`` where ``s`` is the sigmoid's output."""
    s = np.array([[0.5, 0.9, 0.1], [0.25, 0.75, 0.99]])
    ones = np.ones_like(s)
    d_out = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    hint_output = ("s is already the sigmoid's output: the local derivative comes from "
                   "s itself, with no second sigmoid")
    formula = "d_out * s * (1 - s)"
    cases = [
        Case("s = 0.5, d_out = 1 (the steepest point: 0.25)",
             args=(np.array([[0.5]]), np.array([[1.0]])), expected=np.array([[0.25]]),
             hint=hint_output, formula=formula),
        Case("a (2, 3) batch with d_out = 1", args=(s, ones), expected=RECORDED,
             hint=hint_output, formula=formula),
        Case("a (2, 3) batch with mixed d_out", args=(s, d_out),
             expected=RECORDED,
             hint="multiply the local derivative by d_out, element by element",
             formula=formula),
    ]
    return run_checks("check_sigmoid_backward", fn, cases)


def check_relu_backward(fn):
    """Check ``relu_backward(x, d_out)`` where ``x`` is the ReLU's input."""
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0]])
    d_out = np.array([[1.0, -1.0, 2.0, -3.0, 4.0]])
    cases = [
        Case("d_out = 1: the derivative itself", args=(x, np.ones_like(x)),
             expected=np.array([[0.0, 0.0, 0.0, 1.0, 1.0]]),
             hint="the slope is 1 where x > 0, 0 elsewhere (and 0 at x = 0, the kink)",
             formula="d_out * (x > 0)"),
        Case("negative values in d_out pass through where x > 0", args=(x, d_out),
             expected=np.array([[0.0, 0.0, 0.0, -3.0, 4.0]]),
             hint="let d_out through where x > 0; do not apply the ReLU to d_out itself",
             formula="d_out * (x > 0)"),
        Case("a (2, 2) batch", args=(np.array([[1.0, -1.0], [-2.0, 2.0]]),
                                     np.array([[0.5, 0.5], [-0.5, -0.5]])),
             expected=np.array([[0.5, 0.0], [0.0, -0.5]]),
             hint="the mask comes from x, the values from d_out",
             formula="d_out * (x > 0)"),
    ]
    return run_checks("check_relu_backward", fn, cases)


def check_softmax_cross_entropy_backward(fn):
    """Check ``softmax_cross_entropy_backward(logits, labels)`` (mean loss)."""
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 0.0],
                       [1.0, -1.0, 3.0]])
    labels = np.array([0, 1, 2, 0])
    big = np.array([[1000.0, 0.0, -1000.0]])
    hint_n = "the loss is the mean over the batch, so its gradient is shared out over it"
    formula = ("p = softmax(logits) (row maximum subtracted first); "
               "p[np.arange(n), labels] -= 1; return p / n")
    cases = [
        Case("one example, 3 classes", args=(logits[:1], labels[:1]),
             expected=RECORDED, formula=formula,
             hint="the probabilities minus the one-hot target"),
        Case("a batch of 4", args=(logits, labels),
             expected=RECORDED, hint=hint_n, formula=formula),
        Case("one example with logits of +-1000", args=(big, np.array([1])),
             expected=RECORDED, formula=formula,
             hint="exp(1000) overflows: compute the softmax so that exp never sees a "
                  "large positive number"),
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
             hint="nudge one coordinate up and down, the others as they are, and see "
                  "how f moves",
             formula="(f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for each coordinate i"),
        Case("the same with a large eps = 0.5", args=(A, b2, x2, 0.5),
             expected=RECORDED, rtol=1e-5, atol=1e-6,
             hint="central differences are exact for a quadratic even with a large "
                  "eps; a one-sided difference is not",
             formula="(f(x + eps e_i) - f(x - eps e_i)) / (2 eps), not "
                     "(f(x + eps e_i) - f(x)) / eps"),
        Case("an A that is not symmetric, 3 x 3, eps = 1e-6", args=(A_skew, b3, x3, 1e-6),
             expected=RECORDED, rtol=1e-5, atol=1e-6,
             hint="evaluate f itself at the nudged points: A @ x + b is the gradient "
                  "only when A is symmetric",
             formula="f(v) = 0.5 * v @ A @ v + b @ v"),
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
             "back through W2 to H, then through the sigmoid, whose slope comes from "
             "its OUTPUT H, then to W1 through the inputs X",
             "b1 was added to every example: add the gradient at the hidden "
             "pre-activation over the batch",
             "W2 multiplies the hidden OUTPUT H; the gradient at the logits is that of "
             "the mean cross-entropy",
             "b2 was added to every example: add the logits' gradient over the batch")
    formula = ("dZ = (P - T) / N; dW2 = H.T @ dZ; db2 = dZ.sum(axis=0); "
               "dA = (dZ @ W2.T) * H * (1 - H); dW1 = X.T @ dA; db1 = dA.sum(axis=0)")

    def judge(want):
        return parts_verdict(("loss",) + _GRAD_NAMES, want, hints,
                             finite_hint="subtract each row's maximum logit before exp")

    cases = [Case(description, args, RECORDED, judge=judge, formula=formula,
                  hint="chain the chapter's pieces: softmax cross-entropy, dense, "
                       "sigmoid, dense, from the loss back to the input")
             for description, args in _xor_cases()]
    return run_checks("check_xor_forward_backward", fn, cases)


def check_xor_numerical_gradient(fn):
    """Check ``xor_numerical_gradient(X, y, W1, b1, W2, b2, eps)``. Chapter 7."""
    hint = ("nudge one entry at a time up and down, the other entries as they came, "
            "and see how the loss moves")
    formula = ("for each entry: (loss with entry + eps - loss with entry - eps) / (2 * eps), "
               "then put the entry back")

    def judge(want):
        return parts_verdict(_GRAD_NAMES, want, (hint,) * 4, rtol=1e-4, atol=1e-6,
                             finite_hint="subtract each row's maximum logit before exp")

    (xor_text, xor), (three_text, three) = _xor_cases()[:2]
    cases = [Case(xor_text + ", eps = 1e-5", xor, RECORDED, judge=judge, hint=hint,
                  formula=formula),
             Case(three_text + ", eps = 0.01 (a nudge up AND down)", three, RECORDED,
                  kwargs={"eps": 1e-2}, judge=judge, formula=formula,
                  hint="with a larger eps a one-sided difference is visibly off; a nudge "
                       "up AND down stays close")]
    return run_checks("check_xor_numerical_gradient", fn, cases)
