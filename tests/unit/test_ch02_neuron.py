"""Chapter 2, the artificial neuron: its figure, its explorer and its exercise checks."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from nncourse import MSE, checks, job_offers, plots, widgets
from nncourse.activations import sigmoid





def said(report):
    """All a failed check tells: its ideas, and its formulas on request."""
    from nncourse import checks as _checks
    return str(report) + "\n" + _checks.formula_hint(report.name)

def test_draw_neuron_output_shows_the_outputs_at_the_corners():
    ax = plots.draw_neuron_output(3.0, 3.0, -4.5, targets=[0, 0, 0, 1])
    assert ax.get_xlabel() == "x₁" and ax.get_ylabel() == "x₂"
    assert ax.get_title() == "ŷ = σ(3.00 x₁ + 3.00 x₂ − 4.50)"
    texts = [t.get_text() for t in ax.texts]
    expected = sigmoid(np.array([-4.5, -1.5, -1.5, 1.5]))
    assert texts == [f"{v:.2f} (t={t})" for v, t in zip(expected, [0, 0, 0, 1])]
    image = ax.images[0].get_array()
    assert image.shape == (100, 100) and 0 < image.min() < image.max() < 1


def test_draw_neuron_output_adds_one_colorbar_and_can_leave_it_out():
    fig, ax = plt.subplots()
    plots.draw_neuron_output(1.0, 1.0, 0.0, ax)
    plots.draw_neuron_output(2.0, 1.0, 0.0, ax)
    assert len(fig.axes) == 2
    fig, ax = plt.subplots()
    plots.draw_neuron_output(1.0, 0.0, 0.5, ax, colorbar=False)   # vertical 0.5 line
    assert len(fig.axes) == 1 and ax.get_title().endswith("+ 0.50)")


def test_neuron_explorer_redraws_when_a_slider_moves():
    box = widgets.neuron_explorer(w1=1.0, w2=1.0, b=-1.5, targets=[0, 0, 0, 1])
    sliders, _ = box.children
    w1, w2, b = sliders.children
    assert [s.description for s in (w1, w2, b)] == ["w1", "w2", "b"]
    assert len(box.pictures) == 64
    before = box.shown().value
    assert before.startswith('<img src="data:image/png;base64,iVBORw0KGgo')
    assert "(1, 1) 0.62" in before
    b.value = 0.0  # stored
    assert box.shown().value != before and "+ 0.00) over" in box.shown().value
    w1.value, w2.value, b.value = 5.0, 5.0, -7.5  # the soft AND, five times sharper
    assert "sigma(5.00 x1 + 5.00 x2 + -7.50)" in box.shown().value
    assert "(1, 1) 0.92" in box.shown().value



# -- the exercise checks ------------------------------------------------------------
def good_forward(X, w, b):
    return sigmoid(X @ w + b)


def good_gradients(X, y, w, b):
    y_hat = good_forward(X, w, b)
    delta = 2 / len(y) * (y_hat - y) * y_hat * (1 - y_hat)
    return X.T @ delta, float(delta.sum())


def good_step(X, y, w, b, lr):
    dw, db = good_gradients(X, y, w, b)
    return w - lr * dw, b - lr * db


def test_check_neuron_forward():
    assert checks.check_neuron_forward(good_forward)
    no_bias = said(checks.check_neuron_forward(lambda X, w, b: sigmoid(X @ w)))
    assert "do not forget it" in no_bias and "check the sign" not in no_bias
    wrong_sign = said(checks.check_neuron_forward(lambda X, w, b: 1 / (1 + np.exp(X @ w + b))))
    assert "check the sign" in wrong_sign and "do not forget" not in wrong_sign


def test_check_mse_cost_agrees_with_the_package():
    assert checks.check_mse_cost(lambda y_hat, y: MSE().forward(y_hat, y))
    report = checks.check_mse_cost(lambda y_hat, y: np.sum((y_hat - y) ** 2))
    assert not report and "use np.mean, not np.sum" in said(report)
    report = checks.check_mse_cost(lambda y_hat, y: 0.5 * np.mean((y_hat - y) ** 2))
    assert "no factor ½" in said(report)


def test_check_neuron_gradients_matches_a_numerical_gradient():
    from nncourse.gradcheck import numerical_gradient

    X, y = job_offers()
    w, b = np.full(3, 0.5), 0.2
    numeric = numerical_gradient(lambda w: MSE().forward(good_forward(X, w, b), y), w)
    np.testing.assert_allclose(good_gradients(X, y, w, b)[0], numeric, rtol=1e-6)

    assert checks.check_neuron_gradients(good_gradients)

    def no_derivative(X, y, w, b):
        delta = 2 / len(y) * (good_forward(X, w, b) - y)
        return X.T @ delta, float(delta.sum())

    report = checks.check_neuron_gradients(no_derivative)
    assert not report and "dw: expected" in said(report) and "db: expected" in said(report)
    report = checks.check_neuron_gradients(lambda X, y, w, b: good_gradients(X, y, w, b)[0])
    assert "expected a pair (dw, db)" in said(report)


def test_check_train_step():
    assert checks.check_train_step(good_step)

    def uphill(X, y, w, b, lr):
        dw, db = good_gradients(X, y, w, b)
        return w + lr * dw, b + lr * db

    report = checks.check_train_step(uphill)
    assert not report and "step against the gradient" in said(report)


def test_check_cost_partials_wants_one_nudge_per_parameter():
    def partials(X, y, w, b, h=1e-5):
        params = np.append(w, b)
        cost = lambda p: np.mean((good_forward(X, p[:-1], p[-1]) - y) ** 2)
        return np.array([(cost(params + h * e) - cost(params - h * e)) / (2 * h)
                         for e in np.eye(len(params))])
    assert checks.check_cost_partials(partials)
    X, y = job_offers()
    np.testing.assert_allclose(partials(X, y, np.full(3, 0.5), 0.2),
                               np.append(*good_gradients(X, y, np.full(3, 0.5), 0.2)), rtol=1e-6)

    def all_at_once(X, y, w, b, h=1e-5):
        cost = lambda w, b: np.mean((good_forward(X, w, b) - y) ** 2)
        return np.full(len(w) + 1, (cost(w + h, b + h) - cost(w - h, b - h)) / (2 * h))
    assert "hold all the others" in said(checks.check_cost_partials(all_at_once))

    def one_sided(X, y, w, b, h=1e-5):
        params = np.append(w, b)
        cost = lambda p: np.mean((good_forward(X, p[:-1], p[-1]) - y) ** 2)
        return np.array([(cost(params + h * e) - cost(params)) / h for e in np.eye(len(params))])
    report = said(checks.check_cost_partials(one_sided))
    assert "whole run 2h" in report
