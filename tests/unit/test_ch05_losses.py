"""Chapter 5: the loss figures, the loss explorer and the exercise checks."""

from __future__ import annotations


import numpy as np
import pytest

from nncourse import checks, plots, widgets





def test_losses_at_probability_match_the_formulas():
    values = plots.losses_at_probability(np.array([0.25, 0.5]), target=1)
    np.testing.assert_allclose(values["mse"], [0.5625, 0.25])
    np.testing.assert_allclose(values["bce"], -np.log([0.25, 0.5]))
    np.testing.assert_allclose(values["bce_grad"], [-0.75, -0.5])
    np.testing.assert_allclose(values["mse_grad"], 2 * (np.array([0.25, 0.5]) - 1)
                               * np.array([0.25, 0.5]) * np.array([0.75, 0.5]))
    zero = plots.losses_at_probability(0.2, target=0)
    assert zero["bce"] == pytest.approx(-np.log(0.8))
    assert zero["bce_grad"] == pytest.approx(0.2)


def test_draw_loss_explorer_labels_and_reports_values():
    ax = plots.draw_loss_explorer(0.1)
    assert ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_title() == "true label 1, p = 0.10"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"cross-entropy = {-np.log(0.1):+.2f}" in labels
    with pytest.raises(ValueError, match=r"in \(0, 1\)"):
        plots.draw_loss_explorer(1.0)


def test_draw_gradient_when_wrong_shows_the_vanishing_mse_gradient():
    ax = plots.draw_gradient_when_wrong()
    mse_line, bce_line = ax.lines[:2]
    z, mse = mse_line.get_data()
    _, bce = bce_line.get_data()
    assert mse[0] < 0.01 and bce[0] > 0.99      # confidently wrong at z = -8
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_loss_explorer_redraws_when_the_slider_moves():
    box = widgets.loss_explorer(p=0.3)
    controls, _ = box.children
    (p_slider,) = controls.children
    before = box.shown().value
    assert before.startswith('<img src="data:image/png;base64,')
    p_slider.value = 0.8
    assert box.shown().value != before and "p = 0.80" in box.shown().value


# -- the checks: a right and a wrong function each ---------------------------------
def right_mse(y_hat, y):
    return float(np.mean((y_hat - y) ** 2))


def right_bce(p, y):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def right_one_hot(labels, n_classes):
    return np.eye(n_classes)[labels]


def right_softmax_ce(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(len(labels)), labels]))


def test_checks_pass_right_answers():
    assert checks.check_mse(right_mse)
    assert checks.check_binary_cross_entropy(right_bce)
    assert checks.check_one_hot(right_one_hot)
    assert checks.check_softmax_cross_entropy(right_softmax_ce)


def test_check_mse_says_what_is_wrong():
    report = checks.check_mse(lambda y_hat, y: np.sum((y_hat - y) ** 2) / len(y))
    assert not report
    assert "expected 1.3125, got 2.625" in str(report)
    assert "Hint:" in str(report)
    report = checks.check_mse(lambda y_hat, y: (y_hat - y) ** 2)
    assert "expected one number" in str(report)


def test_check_binary_cross_entropy_catches_log_of_zero():
    def unclipped(p, y):
        with np.errstate(all="ignore"):
            return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    text = str(checks.check_binary_cross_entropy(unclipped))
    assert "✗ p exactly 0 and 1" in text and "the result is inf" in text
    assert "away from exactly 0 and 1" in text        # the idea first
    again = str(checks.check_binary_cross_entropy(unclipped))
    assert "Formula: p = np.clip(p, 1e-7, 1 - 1e-7)" in again  # the formula on the 2nd run


def test_check_one_hot_catches_columns_from_the_labels():
    text = str(checks.check_one_hot(lambda labels, n: np.eye(labels.max() + 1)[labels]))
    assert "✗ more classes than labels seen" in text
    assert "expected shape (2, 4), got shape (2, 2)" in text


def test_check_softmax_cross_entropy_catches_overflow():
    def naive(logits, labels):
        with np.errstate(all="ignore"):
            probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
            return float(-np.mean(np.log(probs[np.arange(len(labels)), labels])))

    text = str(checks.check_softmax_cross_entropy(naive))
    assert "✓ three examples" in text
    assert "✗ logits of +-1000" in text and "log-sum-exp" in text


def right_bce_with_logits(z, y):
    loss = np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))))
    p = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))),
                 np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
    return float(loss), (p - y) / len(z)


def test_check_bce_with_logits_passes_the_stable_form_and_names_the_unstable_one():
    assert checks.check_bce_with_logits(right_bce_with_logits)

    def sigmoid_then_log(z, y):
        with np.errstate(all="ignore"):
            p = 1 / (1 + np.exp(-z))
            return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))), (p - y) / len(z)

    text = str(checks.check_bce_with_logits(sigmoid_then_log))
    assert "✓ four examples" in text and "✗ logits of +-1000" in text
    assert "loss contains nan or inf" in text and "exp only sees numbers <= 0" in text

    def summed(z, y):
        loss, grad = right_bce_with_logits(z, y)
        return loss, grad * len(z)

    text = str(checks.check_bce_with_logits(summed))
    assert "✗ the same example four times" in text and "grad: expected" in text
    assert "divides it by n" in text
