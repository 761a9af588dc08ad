"""Chapter 3, the dense layer: its figure, its widget and its exercise checks."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import checks, plots, widgets





def said(report):
    """All a failed check tells: its ideas, and its formulas on request."""
    from nncourse import checks as _checks
    return str(report) + "\n" + _checks.formula_hint(report.name)

def test_draw_function_fit_labels_and_reports_the_error():
    x = np.linspace(0, 1, 5)
    ax = plots.draw_function_fit(x, x, x + 0.1, x_train=x[:2], y_train=x[:2])
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "y"
    assert ax.get_title() == "mean squared error = 0.0100"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "target", "network", "training points"]
    with pytest.raises(ValueError, match="one length"):
        plots.draw_function_fit(x, x, x[:3])


def test_width_explorer_redraws_when_the_slider_moves():
    x = np.linspace(-1, 1, 20)
    box = widgets.width_explorer(x, np.sin(x), {1: 0 * x, 10: np.sin(x)})
    (slider,) = box.children[0].children
    assert len(box.pictures) == 2
    before = box.shown().value
    assert "data:image/png;base64," in before
    assert 'alt="The target' in before and "of 1 units" in before
    slider.value = 10
    assert box.shown().value != before and "of 10 units" in box.shown().value
    with pytest.raises(ValueError, match="at least one fit"):
        widgets.width_explorer(x, x, {})


# -- checks on right and wrong answers -----------------------------------------------
def dense_forward(X, W, b):
    if X.ndim != 2 or W.ndim != 2 or X.shape[1] != W.shape[0] or b.shape != W.shape[1:]:
        raise ValueError("shapes do not fit")
    return X @ W + b


def test_check_dense_forward():
    assert checks.check_dense_forward(dense_forward)
    no_bias = checks.check_dense_forward(lambda X, W, b: X @ W)
    assert not no_bias and "X @ W + b" in said(no_bias)
    unchecked = checks.check_dense_forward(lambda X, W, b: X @ W + b)
    text = said(unchecked)
    assert "expected a ValueError, but it returned array of shape (2, 2)" in text
    assert "✓ X with 4 features" in text  # numpy's own ValueError is fine there
    transposed = said(checks.check_dense_forward(lambda X, W, b: X @ W.T + b))
    assert "W has shape (in, out)" in transposed


def test_check_count_parameters():
    def right(sizes):
        return sum(a * b + b for a, b in zip(sizes, sizes[1:]))

    assert checks.check_count_parameters(right)
    report = checks.check_count_parameters(lambda s: sum(a * b for a, b in zip(s, s[1:])))
    assert not report and "expected 101770, got 101632" in said(report)


def test_check_collapse_linear():
    assert checks.check_collapse_linear(lambda W1, b1, W2, b2: (W1 @ W2, b1 @ W2 + b2))
    report = said(checks.check_collapse_linear(lambda W1, b1, W2, b2: (W1 @ W2, b1[:2] + b2)))
    assert "b: expected" in report and "goes through W2" in report
    report = said(checks.check_collapse_linear(lambda W1, b1, W2, b2: W1 @ W2))
    assert "expected a tuple of 2 (W, b)" in report


def test_bump_is_two_sigmoid_neurons_and_a_box_when_steep():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(plots.bump(x, -1, 1, 0.8, 200), [0, 0.8, 0.8, 0.8, 0], atol=1e-12)
    np.testing.assert_allclose(plots.bump(x, 1, -1, 1.0, 200), [0, -1, -1, -1, 0], atol=1e-12)
    with pytest.raises(ValueError, match="positive steepness"):
        plots.bump(x, 0, 1, 1, 0)


def test_bump_sum_gets_closer_with_more_bumps():
    x = np.linspace(-np.pi, np.pi, 200)
    errors = [np.mean((plots.bump_sum(np.sin, x, n, 32.0, -np.pi, np.pi) - np.sin(x)) ** 2)
              for n in (2, 8, 32)]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-3
    with pytest.raises(ValueError, match="whole number"):
        plots.bump_sum(np.sin, x, 0, 1.0, -1, 1)


def test_bump_explorers_store_their_grids():
    box = widgets.bump_explorer()
    assert box.static == ["steepness", "left", "right"] and len(box.pictures) == 64
    first = box.shown().value
    assert 'alt="Two sigmoid neurons of steepness 4' in first
    sums = widgets.bump_sum_explorer(np.sin, n_bumps=4, steepness=8.0)
    assert len(sums.pictures) == 6 * 4
    assert "a sum of 4 bumps of steepness 8" in sums.shown().value


def test_check_classifier_parameters_catches_channels_and_the_yes_no_output():
    def right(h, w, c, hidden, n_classes):
        sizes = [h * w * c, *hidden, 1 if n_classes == 2 else n_classes]
        return int(sum(a * b + b for a, b in zip(sizes, sizes[1:])))
    assert checks.check_classifier_parameters(right)
    report = said(checks.check_classifier_parameters(
        lambda h, w, c, hidden, n: right(h, w, 1, hidden, n)))
    assert "height * width * channels" in report
    report = said(checks.check_classifier_parameters(
        lambda h, w, c, hidden, n: right(h, w, c, hidden, 3) if n == 2 else right(h, w, c, hidden, n)))
    assert "3 of 4" in report and "one sigmoid output unit" in report
