"""The public exercise checks of chapter 2, the artificial neuron.

A one-neuron model ``ŷ = σ(X w + b)`` trained with the mean squared error
``L = mean((ŷ - y)²)`` (no ½, averaged over the batch, like ``nncourse.MSE``).
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, run_checks
from nncourse.checks.perceptron import pair_verdict

__all__ = ["check_neuron_forward", "check_mse_cost", "check_neuron_gradients",
           "check_train_step", "check_cost_partials"]


def _pair(first, second):
    """A judge: the recorded pair compared part by part (``pair_verdict``)."""
    return lambda want: pair_verdict(*want, names=(first, second))


def _job_offers():
    X = np.array([[0, 1, 1], [1, 0, 0], [0, 1, 0], [1, 0, 1]], dtype=float)
    return X, np.array([1.0, 1.0, 0.0, 1.0])


def check_neuron_forward(fn):
    """Check ``neuron_forward(X, w, b)``: (batch, n) -> (batch,) outputs in (0, 1)."""
    X, _ = _job_offers()
    w = np.array([0.5, 0.5, 0.5])
    X2 = np.array([[2.0, -1.0], [0.0, 0.0], [-3.0, 4.0]])
    w2, b2 = np.array([1.5, -0.5]), 0.25
    X_even = np.array([[1.0, 0.0], [0.0, 2.0], [0.5, 1.0]])   # every x · w is 2
    cases = [
        Case("the job-offer table, w = 0.5, b = 0.2", (X, w, 0.2),
             RECORDED,
             hint="each row's weighted sum plus the bias, passed through the sigmoid",
             formula="σ(X @ w + b) with σ(z) = 1 / (1 + exp(-z))"),
        Case("a zero input gives σ(b)", (np.zeros((1, 2)), w2, b2),
             RECORDED, hint="with every input 0 only the bias is left: the output is σ(b)",
             formula="σ(b) = 1 / (1 + exp(-b))"),
        Case("no bias (b = 0): outputs above 0.5 where x · w > 0", (X2, w2, 0.0), RECORDED,
             hint="the sigmoid rises with z: a positive weighted sum must give more "
                  "than 0.5; check the sign inside the exponential",
             formula="σ(z) = 1 / (1 + exp(-z)): a minus sign before z"),
        Case("weighted sums of 2 cancelled by b = -2: every output σ(0) = 0.5",
             (X_even, np.array([2.0, 1.0]), -2.0), np.full(3, 0.5),
             hint="the bias is added to every weighted sum before the sigmoid; do not "
                  "forget it",
             formula="z = X @ w + b (here every X @ w is 2 and b = -2, so z = 0)"),
    ]
    return run_checks("check_neuron_forward", fn, cases)


def check_mse_cost(fn):
    """Check ``mse_cost(y_hat, y)``: two (batch,) arrays -> one number."""
    y_hat = np.array([0.9, 0.2, 0.6, 0.7])
    y = np.array([1.0, 1.0, 0.0, 1.0])
    cases = [
        Case("four predictions", (y_hat, y), RECORDED,
             hint="the average of the squared errors, with no extra factor",
             formula="np.mean((y_hat - y) ** 2), no factor ½"),
        Case("perfect predictions cost 0", (y, y), 0.0,
             hint="no error, no cost", formula="(y_hat - y) ** 2 is 0 everywhere"),
        Case("two predictions (the mean, not the sum)",
             (np.array([0.5, 0.0]), np.array([0.0, 1.0])), 0.625,
             hint="an average, not a total",
             formula="divide by the number of examples: use np.mean, not np.sum"),
    ]
    return run_checks("check_mse_cost", fn, cases)


def check_neuron_gradients(fn):
    """Check ``neuron_gradients(X, y, w, b)`` -> (dw (n,), db a number)."""
    X, y = _job_offers()
    w = np.array([0.5, 0.5, 0.5])
    X2 = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 1.0]])
    y2, w2, b2 = np.array([0.0, 1.0, 1.0]), np.array([0.3, -0.8]), 0.1
    formula = ("δ_i = dL/dz_i = (2 / n) (ŷ_i - y_i) ŷ_i (1 - ŷ_i); dw = X.T @ δ, "
               "db = δ.sum()")
    cases = [
        Case("the job-offer table, w = 0.5, b = 0.2", (X, y, w, 0.2),
             RECORDED, hint="the chain rule from the cost to the output, to the weighted "
             "sum, to each parameter; compare with a nudge if unsure",
             formula=formula, judge=_pair("dw", "db")),
        Case("two inputs, three examples", (X2, y2, w2, b2),
             RECORDED, hint="every link of the chain counts: the cost's slope and the "
             "sigmoid's slope", formula="the factors 2 / n and ŷ (1 - ŷ); " + formula,
             judge=_pair("dw", "db")),
    ]
    return run_checks("check_neuron_gradients", fn, cases)


def check_train_step(fn):
    """Check ``train_step(X, y, w, b, lr)`` -> (new w, new b), one gradient step."""
    X, y = _job_offers()
    w = np.array([0.5, 0.5, 0.5])
    cases = []
    for text, b, lr in [("w = 0.5, b = 0.2, lr = 0.1", 0.2, 0.1),
                        ("w = 0.5, b = -1, lr = 2", -1.0, 2.0)]:
        cases.append(Case(f"the job-offer table, {text}", (X, y, w, b, lr), RECORDED,
                          hint="step against the gradient, scaled by the learning rate",
                          formula="w - lr * dw and b - lr * db, with the gradient at "
                                  "the old (w, b)",
                          judge=_pair("w", "b")))
    return run_checks("check_train_step", fn, cases)


def check_cost_partials(fn):
    """Check ``cost_partials(X, y, w, b, h=1e-5)`` -> (n + 1,) partial derivatives, nudged."""
    X, y = _job_offers()
    w = np.array([0.5, 0.5, 0.5])
    X2 = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 1.0]])
    y2, w2 = np.array([0.0, 1.0, 1.0]), np.array([0.3, -0.8])
    cases = [
        Case("the job-offer table, w = 0.5, b = 0.2", (X, y, w, 0.2), RECORDED,
             hint="nudge one parameter at a time, up and down, and hold all the others; "
             "the bias's partial derivative comes last",
             formula="θ = (w_1, ..., w_n, b); entry k is (L(θ + h e_k) - L(θ - h e_k)) / (2h), "
                     "e_k zero except a 1 at k", rtol=1e-5, atol=1e-9),
        Case("two inputs, three examples, b = 0.1", (X2, y2, w2, 0.1), RECORDED,
             hint="return n + 1 numbers: one per weight, then the bias's",
             formula="np.append(w, b) holds the n + 1 parameters", rtol=1e-5, atol=1e-9),
        Case("a coarse nudge h = 0.5 (central, both ways)", (X2, y2, w2, 0.1),
             RECORDED, hint="use the h you are given, nudge both ways, and divide by "
             "the whole run 2h, not h", formula="(L(θ + h e_k) - L(θ - h e_k)) / (2h)",
             kwargs={"h": 0.5}, rtol=1e-6, atol=1e-10),
    ]
    return run_checks("check_cost_partials", fn, cases)
