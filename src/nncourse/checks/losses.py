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
             hint="square the differences, then take their mean (not the sum)"),
        Case("a perfect prediction", (y1, y1), _a_number(0.0, "take the mean"),
             hint="the loss of a perfect prediction is 0"),
        Case("a (2, 2) batch: the mean is over every element", (y_hat2, y2),
             RECORDED, judge=_mean("average over every element"),
             hint="np.mean over all elements; no factor 1/2, no sum over an axis"),
    ]
    return run_checks("check_mse", fn, cases)


def check_binary_cross_entropy(fn):
    """Check ``binary_cross_entropy(p, y)``: clipped, averaged. Chapter 5."""
    p1, y1 = np.array([0.9, 0.2, 0.6, 0.01]), np.array([1.0, 0.0, 1.0, 1.0])
    p2, y2 = np.array([0.0, 1.0, 0.5]), np.array([1.0, 0.0, 1.0])
    cases = [
        Case("four predictions", (p1, y1), RECORDED, judge=_mean("take the mean"),
             hint="-(y log p + (1 - y) log(1 - p)), averaged over the examples"),
        Case("a label 0 uses log(1 - p)", (np.array([0.2]), np.array([0.0])),
             RECORDED, judge=_mean("take the mean"),
             hint="for y = 0 the loss is -log(1 - p), not -log(p)"),
        Case("p exactly 0 and 1 (certain and wrong)", (p2, y2),
             RECORDED, judge=_mean("take the mean"),
             hint="clip p to [1e-7, 1 - 1e-7] before the log, so log(0) never happens"),
    ]
    return run_checks("check_binary_cross_entropy", fn, cases)


def check_one_hot(fn):
    """Check ``one_hot(labels, n_classes)`` -> (n, n_classes). Chapter 5."""
    cases = [
        Case("labels [0, 2, 1], 3 classes", (np.array([0, 2, 1]), 3),
             RECORDED,
             hint="row i has a single 1.0 in column labels[i]"),
        Case("more classes than labels seen", (np.array([1, 1]), 4),
             RECORDED,
             hint="the number of columns is n_classes, not labels.max() + 1"),
        Case("one label", (np.array([3]), 5), RECORDED,
             hint="the shape is (number of labels, n_classes)"),
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
             hint="-log of the softmax probability of the true class, averaged"),
        Case("logits of +-1000 (must not give inf or nan)", (logits2, labels2),
             RECORDED, judge=_mean("take the mean"),
             hint="use log-sum-exp: log p_c = (z_c - max z) - log(sum(exp(z - max z)))"),
        Case("a single example", (np.array([[0.0, 0.0]]), np.array([1])),
             _a_number(np.log(2.0), "take the mean"),
             hint="equal logits give probability 1/2, so the loss is log 2"),
    ]
    return run_checks("check_softmax_cross_entropy", fn, cases)


def _loss_and_grad(want):
    """A judge for ``(loss, grad)``: names the part that is wrong."""
    return parts_verdict(
        ("loss", "grad"), want,
        ("the mean over the batch of log(1 + e^z) - y z, written so that exp never "
         "sees a large positive number",
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
                  "p - y = -1/2 for a label 1"),
        Case("four examples", (z1, y1), RECORDED, judge=_loss_and_grad,
             hint="loss: y log p + (1 - y) log(1 - p), negated and averaged; grad: "
                  "(p - y) divided by the batch size"),
        Case("the same example four times: the mean, not the sum",
             (np.full(4, 1.5), np.zeros(4)), RECORDED, judge=_loss_and_grad,
             hint="a batch of four copies has the loss of one copy, and each copy gets "
                  "a quarter of the gradient"),
        Case("logits of +-1000: exact and finite (1000 when wrong, 0 when right)",
             (z2, y2), RECORDED, judge=_loss_and_grad,
             hint="clipping p gives a finite but wrong loss; log(1 + e^a) = max(a, 0) "
                  "+ log(1 + e^-|a|) is exact"),
    ]
    return run_checks("check_bce_with_logits", fn, cases)
