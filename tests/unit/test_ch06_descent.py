"""Chapter 6: the descent figures, the two explorers and the exercise checks."""

from __future__ import annotations


import numpy as np
import pytest

from nncourse import checks, plots, widgets
from nncourse.optim import SGD, Adam





def test_quadratic_descent_path_multiplies_by_one_minus_two_lr():
    path = plots.quadratic_descent_path(0.1, 4.0, 5)
    np.testing.assert_allclose(path, 4.0 * 0.8 ** np.arange(6))
    assert plots.quadratic_descent_path(0.5, 3.0, 0).tolist() == [3.0]


@pytest.mark.parametrize("lr, word", [(0.02, "slow"), (0.3, "converges"),
                                      (0.9, "oscillates"), (1.05, "diverges")])
def test_draw_descent_1d_names_the_four_behaviours(lr, word):
    ax = plots.draw_descent_1d(lr)
    assert ax.get_title().startswith(f"lr = {lr:.2f}: {word}")
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "f(x)"


def test_descent_path_matches_the_rules_by_hand():
    start = np.array([-4.5, 1.5])
    path = plots.descent_path(plots.valley_grad, start, SGD(0.01), 3)
    w = start.copy()
    for k in range(3):
        w = w - 0.01 * plots.valley_grad(w)
        np.testing.assert_allclose(path[k + 1], w)
    assert path.shape == (4, 2)
    adam = plots.descent_path(plots.valley_grad, start, Adam(0.1), 1)
    np.testing.assert_allclose(adam[1], start - 0.1 * np.sign(start), rtol=1e-6)


def test_draw_loss_surface_and_surface_descent():
    ax = plots.draw_loss_surface({"a": np.zeros((3, 2)), "b": np.ones((2, 2))})
    assert ax.get_xlabel() == "w1" and ax.get_ylabel() == "w2"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "minimum"]
    ax = plots.draw_surface_descent(0.01, 0.9)
    assert ax.get_title().startswith("lr = 0.010, momentum = 0.90: loss ")


def test_learning_rate_explorer_redraws():
    box = widgets.learning_rate_explorer(lr=0.1)
    controls, _ = box.children
    (lr_slider,) = controls.children
    before = box.shown().value
    lr_slider.value = 0.9
    assert box.shown().value != before and "learning rate 0.90" in box.shown().value


def test_surface_explorer_redraws_for_each_slider():
    box = widgets.surface_explorer(lr=0.01, momentum=0.0)
    controls, _ = box.children
    lr_slider, momentum_slider = controls.children
    assert lr_slider.label == "0.010" and len(box.pictures) == 6 * 5
    first = box.shown().value
    lr_slider.value = 0.03
    second = box.shown().value
    momentum_slider.value = 0.9
    third = box.shown().value
    assert len({first, second, third}) == 3
    assert "learning rate 0.030 and momentum 0.90" in third


# -- the checks ----------------------------------------------------------------------
def right_descend(a, x0, lr, steps):
    return x0 * (1 - 2 * a * lr) ** np.arange(steps + 1)


def right_momentum(w, grad, velocity, lr, momentum):
    velocity = momentum * velocity + grad
    return w - lr * velocity, velocity


def right_adam(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(s / (1 - beta2 ** t)) + eps), m, s


def right_steps(a, x0, lr, tol, max_steps):
    x = x0
    for step in range(max_steps):
        if a * x ** 2 < tol:
            return step
        x -= lr * 2 * a * x
    return max_steps


def test_checks_pass_right_answers():
    assert checks.check_descend_quadratic(right_descend)
    assert checks.check_sgd_momentum_step(right_momentum)
    assert checks.check_adam_step(right_adam)
    assert checks.check_steps_until_below(right_steps)


def test_check_descend_quadratic_catches_a_forgotten_curvature():
    forgets_a = lambda a, x0, lr, n: right_descend(1, x0, lr, n)  # noqa: E731
    text = str(checks.check_descend_quadratic(forgets_a))
    assert "✓ f(x) = x^2" in text and "✗ f(x) = 3 x^2" in text and "depends on a" in text
    again = str(checks.check_descend_quadratic(forgets_a))   # a second failed run
    assert "Formula: the derivative of a x^2 is 2 a x" in again


def test_check_sgd_momentum_step_names_the_wrong_part():
    def stale(w, grad, velocity, lr, momentum):
        return w - lr * velocity, momentum * velocity + grad

    text = str(checks.check_sgd_momentum_step(stale))
    assert "w: expected" in text and "Hint:" in text
    text = str(checks.check_sgd_momentum_step(lambda *args: args[0]))
    assert "expected a tuple of 2 (w, velocity)" in text


def test_check_adam_step_catches_missing_bias_correction():
    def uncorrected(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        m = beta1 * m + (1 - beta1) * grad
        s = beta2 * s + (1 - beta2) * grad ** 2
        return w - lr * m / (np.sqrt(s) + eps), m, s

    text = str(checks.check_adam_step(uncorrected))
    assert "✗ the first step (t = 1): w: expected" in text


def test_check_steps_until_below_catches_checking_after_the_update():
    def late(a, x0, lr, tol, max_steps):
        return right_steps(a, x0, lr, tol, max_steps) or 1

    text = str(checks.check_steps_until_below(late))
    assert "✗ already below the threshold: expected 0, got 1" in text


def right_epoch_line(x, y, w, b, lr, batch_size, order):
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        error = w * x[idx] + b - y[idx]
        w, b = w - lr * np.mean(2 * error * x[idx]), b - lr * np.mean(2 * error)
    return float(w), float(b)


def test_check_sgd_epoch_line_names_the_mistake():
    assert checks.check_sgd_epoch_line(right_epoch_line)

    def summed(x, y, w, b, lr, batch_size, order):
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            error = w * x[idx] + b - y[idx]
            w, b = w - lr * np.sum(2 * error * x[idx]), b - lr * np.sum(2 * error)
        return float(w), float(b)

    text = str(checks.check_sgd_epoch_line(summed))
    assert "✗ the whole set as one batch" in text and "not sum them" in text
    assert "✓ batches of 1" in text           # sum and mean agree for one point

    def one_after_the_other(x, y, w, b, lr, batch_size, order):
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            w = w - lr * np.mean(2 * (w * x[idx] + b - y[idx]) * x[idx])
            b = b - lr * np.mean(2 * (w * x[idx] + b - y[idx]))
        return float(w), float(b)

    text = str(checks.check_sgd_epoch_line(one_after_the_other))
    assert "✗ batches of 1: w and b both step from the same point" in text
    assert "update w and b together" in text

    def drops_the_last_batch(x, y, w, b, lr, batch_size, order):
        usable = len(order) - len(order) % batch_size
        return right_epoch_line(x, y, w, b, lr, batch_size, order[:usable])

    text = str(checks.check_sgd_epoch_line(drops_the_last_batch))
    assert "✗ batches of 2 in a given order" in text and "smaller batch too" in text
