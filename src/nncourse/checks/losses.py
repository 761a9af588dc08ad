"""The public exercise checks of chapter 5, loss functions."""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, describe, parts_verdict, run_checks

__all__ = [
    "check_mse", "check_binary_cross_entropy", "check_one_hot",
    "check_softmax_cross_entropy", "check_bce_with_logits",
]


def _a_number(expected, hint_if_array):
    """A verdict: the result must be one finite number close to ``expected``."""

    def verdict(result):
        shape = np.shape(result)
        if shape != ():
            return (f"expected one number (the mean over the batch), got shape {shape} "
                    f"({describe(result)}); {hint_if_array}")
        value = float(result)
        if not np.isfinite(value):
            return f"the result is {value}; expected {expected:.6g}"
        if not np.isclose(value, expected, rtol=1e-6, atol=1e-8):
            return f"expected {expected:.6g}, got {value:.6g}"
        return None

    return verdict


def _mean(hint_if_array):
    """A judge: the recorded answer is one number (see ``_a_number``)."""
    return lambda expected: _a_number(float(expected), hint_if_array)


def check_mse(fn):
    """Check ``mse(y_hat, y)``: the mean of the squared errors. Chapter 5."""
    y_hat1, y1 = np.array([2.5, 0.0, 2.1]), np.array([3.0, -0.5, 2.0])
    y_hat2 = np.array([[1.0, 2.0], [3.0, 4.0]])
    y2 = np.array([[1.5, 2.0], [2.0, 6.0]])
    cases = [
        Case("three numbers", (y_hat1, y1), RECORDED, judge=_mean("take the mean"),
             hint="square each difference, then average them: the mean, not the sum",
             formula="np.mean((y_hat - y) ** 2)"),
        Case("a perfect prediction", (y1, y1), _a_number(0.0, "take the mean"),
             hint="the loss of a perfect prediction is 0",
             formula="np.mean((y_hat - y) ** 2) is 0 when y_hat equals y"),
        Case("a (2, 2) batch: the mean is over every element", (y_hat2, y2),
             RECORDED, judge=_mean("average over every element"),
             hint="the mean runs over every element, not over the rows only; no "
                  "factor 1/2",
             formula="np.mean((y_hat - y) ** 2) over the whole array: the sum divided by "
                     "y.size, not by len(y)"),
    ]
    return run_checks("check_mse", fn, cases)


def check_binary_cross_entropy(fn):
    """Check ``binary_cross_entropy(p, y)``: clipped, averaged. Chapter 5."""
    p1, y1 = np.array([0.9, 0.2, 0.6, 0.01]), np.array([1.0, 0.0, 1.0, 1.0])
    p2, y2 = np.array([0.0, 1.0, 0.5]), np.array([1.0, 0.0, 1.0])
    cases = [
        Case("four predictions", (p1, y1), RECORDED, judge=_mean("take the mean"),
             hint="minus the log of the probability given to what happened, averaged "
                  "over the examples",
             formula="-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))"),
        Case("a label 0 uses log(1 - p)", (np.array([0.2]), np.array([0.0])),
             RECORDED, judge=_mean("take the mean"),
             hint="for y = 0 what happened is class 0, whose probability is 1 - p",
             formula="for y = 0 the loss is -log(1 - p), not -log(p)"),
        Case("p exactly 0 and 1 (certain and wrong)", (p2, y2),
             RECORDED, judge=_mean("take the mean"),
             hint="log(0) is -inf: keep p away from exactly 0 and 1 before the log",
             formula="p = np.clip(p, 1e-7, 1 - 1e-7) before np.log"),
    ]
    return run_checks("check_binary_cross_entropy", fn, cases)


def check_one_hot(fn):
    """Check ``one_hot(labels, n_classes)`` -> (n, n_classes). Chapter 5."""
    cases = [
        Case("labels [0, 2, 1], 3 classes", (np.array([0, 2, 1]), 3),
             RECORDED,
             hint="row i has a single 1.0 in column labels[i]",
             formula="out = np.zeros((len(labels), n_classes)); "
                     "out[np.arange(len(labels)), labels] = 1.0"),
        Case("more classes than labels seen", (np.array([1, 1]), 4),
             RECORDED,
             hint="the number of columns is n_classes, not labels.max() + 1",
             formula="np.zeros((len(labels), n_classes))"),
        Case("one label", (np.array([3]), 5), RECORDED,
             hint="the shape is (number of labels, n_classes)",
             formula="np.eye(n_classes)[labels] has that shape"),
    ]
    return run_checks("check_one_hot", fn, cases)


def check_softmax_cross_entropy(fn):
    """Check ``softmax_cross_entropy(logits, labels)``: log-sum-exp. Chapter 5."""
    logits1 = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.0]])
    labels1 = np.array([0, 2, 2])
    logits2 = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 0.0]])
    labels2 = np.array([2, 1])
    cases = [
        Case("three examples, three classes", (logits1, labels1),
             RECORDED, judge=_mean("take the mean"),
             hint="minus the log of the softmax probability of the true class, averaged "
                  "over the examples",
             formula="log_p = (z - m) - np.log(np.exp(z - m).sum(axis=1, keepdims=True)) "
                     "with m the row maximum; -np.mean(log_p[np.arange(n), labels])"),
        Case("logits of +-1000 (must not give inf or nan)", (logits2, labels2),
             RECORDED, judge=_mean("take the mean"),
             hint="exp(1000) overflows and log(0) is -inf: work with log-probabilities "
                  "and shift each row by its maximum (log-sum-exp)",
             formula="log p_c = (z_c - max z) - log(sum(exp(z - max z)))"),
        Case("a single example", (np.array([[0.0, 0.0]]), np.array([1])),
             _a_number(np.log(2.0), "take the mean"),
             hint="equal logits give probability 1/2, so the loss is log 2",
             formula="-log(1/2) = log 2 = 0.6931"),
    ]
    return run_checks("check_softmax_cross_entropy", fn, cases)


def _loss_and_grad(want):
    """A judge for ``(loss, grad)``: names the part that is wrong."""
    return parts_verdict(
        ("loss", "grad"), want,
        ("the cross-entropy of p = sigmoid(z), averaged over the batch, written so that "
         "exp never sees a large positive number",
         "the gradient of one example's loss with respect to its logit is p - y; "
         "the mean over the batch divides it by n"),
        finite_hint="a log(0) or an overflow: write log p and log(1 - p) with z itself, "
                    "in a form where exp only sees numbers <= 0 (as in log-sum-exp)")


def check_bce_with_logits(fn):
    """Check ``bce_with_logits(z, y) -> (loss, grad)``: stable, averaged. Chapter 5."""
    z1, y1 = np.array([2.0, -1.0, 0.5, -3.0]), np.array([1.0, 0.0, 0.0, 1.0])
    z2, y2 = np.array([-1000.0, 1000.0, -1000.0]), np.array([1.0, 0.0, 0.0])
    cases = [
        Case("logit 0 is p = 1/2: loss log 2, gradient (1/2 - y)",
             (np.array([0.0]), np.array([1.0])), (float(np.log(2.0)), np.array([-0.5])),
             hint="at z = 0 the sigmoid is 1/2, so the loss is log 2 and the gradient "
                  "p - y = -1/2 for a label 1",
             formula="loss = log 2; grad = (0.5 - y) / 1"),
        Case("four examples", (z1, y1), RECORDED, judge=_loss_and_grad,
             hint="loss: y log p + (1 - y) log(1 - p), negated and averaged; grad: "
                  "p - y, shared out over the batch",
             formula="loss = np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))); "
                     "grad = (sigmoid(z) - y) / len(z)"),
        Case("the same example four times: the mean, not the sum",
             (np.full(4, 1.5), np.zeros(4)), RECORDED, judge=_loss_and_grad,
             hint="a batch of four copies has the loss of one copy, and each copy gets "
                  "a quarter of the gradient",
             formula="np.mean(...) for the loss, not np.sum; grad = (p - y) / len(z)"),
        Case("logits of +-1000: exact and finite (1000 when wrong, 0 when right)",
             (z2, y2), RECORDED, judge=_loss_and_grad,
             hint="clipping p gives a finite but wrong loss: write log p and log(1 - p) "
                  "with z itself, so that exp only sees numbers <= 0",
             formula="-log p = log(1 + e^-z), -log(1 - p) = log(1 + e^z), and "
                     "log(1 + e^a) = max(a, 0) + np.log1p(np.exp(-abs(a)))"),
    ]
    return run_checks("check_bce_with_logits", fn, cases)
