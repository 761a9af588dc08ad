"""The public exercise checks of chapter 6, gradient descent."""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, parts_verdict, run_checks

__all__ = [
    "check_descend_quadratic", "check_sgd_momentum_step", "check_adam_step",
    "check_steps_until_below", "check_sgd_epoch_line",
]


def _parts(names):
    """A judge for a tuple result: its verdict says which part is wrong."""
    return lambda expected: parts_verdict(names, expected, atol=1e-10)


def check_descend_quadratic(fn):
    """Check ``descend_quadratic(a, x0, lr, steps)`` -> (steps + 1,). Chapter 6."""
    cases = [
        Case("f(x) = x^2 from 4 with lr 0.1, 3 steps", (1.0, 4.0, 0.1, 3),
             RECORDED,
             hint="each step goes against the slope of f at the current x; the path "
                  "starts with x0",
             formula="x <- x - lr * f'(x) with f'(x) = 2 a x"),
        Case("f(x) = 3 x^2 from -2 with lr 0.05, 4 steps", (3.0, -2.0, 0.05, 4),
             RECORDED,
             hint="the slope of a x^2 depends on a",
             formula="the derivative of a x^2 is 2 a x"),
        Case("zero steps", (1.0, 1.5, 0.1, 0), RECORDED,
             hint="with 0 steps the path is just [x0], shape (1,)",
             formula="np.array([x0]) when steps is 0"),
    ]
    return run_checks("check_descend_quadratic", fn, cases)


def check_sgd_momentum_step(fn):
    """Check ``sgd_momentum_step(w, grad, velocity, lr, momentum)``. Chapter 6."""
    w, g = np.array([1.0, -2.0]), np.array([0.5, 4.0])
    v = np.array([0.2, -1.0])
    cases = [
        Case("a first step (velocity 0)", (w, g, np.zeros(2), 0.1, 0.9),
             RECORDED, judge=_parts(("w", "velocity")),
             hint="from zero velocity the first step is plain gradient descent",
             formula="velocity = grad; w - lr * grad"),
        Case("a step with some velocity", (w, g, v, 0.1, 0.9),
             RECORDED, judge=_parts(("w", "velocity")),
             hint="first the velocity keeps part of its old value and adds the gradient; "
                  "then w steps along the new velocity",
             formula="velocity = momentum * velocity + grad; then w - lr * velocity"),
        Case("momentum 0 is plain SGD", (w, g, v, 0.5, 0.0),
             RECORDED, judge=_parts(("w", "velocity")),
             hint="with momentum 0 the old velocity must not count",
             formula="velocity = 0 * velocity + grad"),
    ]
    return run_checks("check_sgd_momentum_step", fn, cases)


def check_adam_step(fn):
    """Check ``adam_step(w, grad, m, s, t, lr, ...)`` -> (w, m, s). Chapter 6."""
    w, g = np.array([1.0, -2.0, 0.5]), np.array([0.1, -30.0, 2.0])
    m, s = np.array([0.05, -1.0, 0.3]), np.array([0.01, 50.0, 0.2])
    zeros = np.zeros(3)
    cases = [
        Case("the first step (t = 1)", (w, g, zeros, zeros, 1, 0.1),
             RECORDED, judge=_parts(("w", "m", "s")),
             hint="on the first step, after bias correction, each w moves by about lr",
             formula="m_hat = m / (1 - beta1**t), s_hat = s / (1 - beta2**t); "
                     "w - lr * m_hat / (np.sqrt(s_hat) + eps)"),
        Case("a later step (t = 5)", (w, g, m, s, 5, 0.01),
             RECORDED, judge=_parts(("w", "m", "s")),
             hint="the bias correction depends on the step number t",
             formula="divide m by 1 - beta1**t and s by 1 - beta2**t"),
        Case("other betas", (w, g, m, s, 3, 0.01),
             RECORDED, judge=_parts(("w", "m", "s")),
             kwargs={"beta1": 0.5, "beta2": 0.9},
             hint="use the beta1 and beta2 arguments, not fixed numbers",
             formula="m = beta1 * m + (1 - beta1) * grad; s = beta2 * s + (1 - beta2) * grad**2"),
    ]
    return run_checks("check_adam_step", fn, cases)


def check_steps_until_below(fn):
    """Check ``steps_until_below(a, x0, lr, tol, max_steps)`` -> int. Chapter 6."""
    cases = [
        Case("x^2 from 4, lr 0.1, loss below 1e-6", (1.0, 4.0, 0.1, 1e-6, 1000),
             RECORDED, dtype=True,
             hint="count the updates until the loss is below tol",
             formula="while a * x**2 >= tol (and fewer than max_steps updates): "
                     "x = x - lr * 2 * a * x; steps += 1"),
        Case("already below the threshold", (1.0, 0.001, 0.1, 1e-3, 1000),
             RECORDED, dtype=True,
             hint="test the loss before the first update: 0 steps may be enough",
             formula="if a * x0**2 < tol: return 0"),
        Case("a diverging run stops at max_steps", (1.0, 4.0, 1.1, 1e-6, 50),
             RECORDED, dtype=True,
             hint="stop after max_steps updates even if the loss never gets small",
             formula="for step in range(max_steps + 1): test, then update; "
                     "after the loop return max_steps"),
        Case("a steeper bowl, 2 x^2", (2.0, -3.0, 0.05, 1e-4, 1000),
             RECORDED, dtype=True,
             hint="the loss is a x^2, not x^2",
             formula="loss a * x**2, derivative 2 * a * x"),
    ]
    return run_checks("check_steps_until_below", fn, cases)


def check_sgd_epoch_line(fn):
    """Check ``sgd_epoch_line(x, y, w, b, lr, batch_size, order) -> (w, b)``. Chapter 6."""
    x = np.array([-1.0, 0.5, 2.0, 1.0, -2.0])
    y = np.array([-2.0, 0.5, 3.5, 1.5, -3.5])
    judge = _parts(("w", "b"))
    cases = [
        Case("one point, one step from w = b = 0", (np.array([1.0]), np.array([2.0]),
                                                     0.0, 0.0, 0.1, 1, np.array([0])),
             (0.4, 0.4),
             hint="the error y_hat - y is -2; step against the slope of its square, "
                  "along w and along b",
             formula="error = w * x + b - y; w - lr * 2 * error * x, b - lr * 2 * error"),
        Case("the whole set as one batch (batch gradient descent)",
             (x, y, 0.0, 0.0, 0.1, 5, np.arange(5)), RECORDED, judge=judge,
             hint="one batch of all five points: average the slopes over the batch (the "
                  "loss is a mean), not sum them",
             formula="grad_w = np.mean(2 * error * x[idx]); grad_b = np.mean(2 * error)"),
        Case("batches of 2 in a given order: the last batch has 1 point",
             (x, y, 1.0, 0.0, 0.1, 2, np.array([4, 2, 0, 3, 1])), RECORDED, judge=judge,
             hint="take the points in the order given, batch after batch, the last, "
                  "smaller batch too; average each batch's slopes over its own size",
             formula="for start in range(0, len(order), batch_size): "
                     "idx = order[start:start + batch_size]"),
        Case("batches of 1: w and b both step from the same point",
             (x, y, 0.5, 1.0, 0.2, 1, np.arange(5)), RECORDED, judge=judge,
             hint="compute both slopes first, then update w and b together; using the "
                  "new w to compute b's slope is a different (wrong) step",
             formula="w, b = w - lr * grad_w, b - lr * grad_b, both from the old w and b"),
    ]
    return run_checks("check_sgd_epoch_line", fn, cases)
