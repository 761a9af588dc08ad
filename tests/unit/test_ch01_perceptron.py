"""Chapter 1, the perceptron: its figures, its playground and its exercise checks."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import checks, plots, widgets





def said(report):
    """All a failed check tells: its ideas, and its formulas on request."""
    from nncourse import checks as _checks
    return str(report) + "\n" + _checks.formula_hint(report.name)

def test_draw_perceptron_counts_the_points_that_are_right():
    ax = plots.draw_perceptron(0.5, 0.5, -0.7, "AND")
    assert ax.get_title().endswith("4 of 4 right")
    assert ax.get_xlabel() == "x₁" and ax.get_ylabel() == "x₂"
    labels = sorted(t.get_text() for t in ax.texts)
    assert labels == ["ŷ=0 ✓", "ŷ=0 ✓", "ŷ=0 ✓", "ŷ=1 ✓"]
    ax = plots.draw_perceptron(0.5, 0.5, -0.2, "xor")
    assert ax.get_title().startswith("XOR") and ax.get_title().endswith("3 of 4 right")
    assert sum("✗" in t.get_text() for t in ax.texts) == 1


def test_draw_perceptron_handles_lines_that_are_vertical_or_missing():
    ax = plots.draw_perceptron(1.0, 0.0, -0.5, "OR")    # vertical line x1 = 0.5
    assert ax.get_title().endswith("3 of 4 right")
    ax = plots.draw_perceptron(0.0, 0.0, 1.0, "NAND")   # no line: everything is 1
    assert ax.get_title().endswith("3 of 4 right")
    with pytest.raises(ValueError, match="AND, OR, NAND"):
        plots.draw_perceptron(0.5, 0.5, 0.0, "NOR")


def test_draw_perceptron_data_marks_wrong_points_and_checks_shapes():
    X = np.array([[0.0, 0.0], [2.0, 2.0], [2.0, 0.0]])
    y = np.array([0, 1, 0])
    ax = plots.draw_perceptron_data(X, y, [1.0, 1.0], -1.0)
    assert ax.get_title() == "2 of 3 right"
    assert "wrong" in [h.get_label() for h in ax.collections]
    ax = plots.draw_perceptron_data(X, y, [1.0, 1.0], -1.0, mark_wrong=False,
                                    shade=False, title="plain")
    assert ax.get_title() == "plain" and not ax.images
    with pytest.raises(ValueError, match="shape"):
        plots.draw_perceptron_data(X[:, :1], y, [1.0, 1.0], 0.0)


def test_perceptron_playground_redraws_when_a_control_changes():
    box = widgets.perceptron_playground("AND", w1=0.5, w2=0.5, b=0.25)
    controls, _ = box.children
    gate, w1, w2, b = controls.children
    assert [c.description for c in (gate, w1, w2, b)] == ["gate", "w1", "w2", "b"]
    assert len(box.pictures) == 4 * 2 * 2 * 4  # every gate, weights and bias, stored
    before = box.shown().value
    assert before.startswith('<img src="data:image/png;base64,iVBORw0KGgo')
    assert "(0, 0) gives 1 (wrong)" in before and "1 of 4 right" in before
    b.value = -0.75
    after_b = box.shown().value
    assert after_b != before and "4 of 4 right" in after_b
    gate.value = "XOR"
    after_gate = box.shown().value
    assert after_gate != after_b and "the XOR gate" in after_gate
    right = [p.value for p in box.pictures.values() if "the XOR gate" in p.value]
    assert len(right) == 16 and not any("4 of 4 right" in v for v in right)
    w1.value, w2.value, b.value, gate.value = -0.5, -0.5, 0.75, "NAND"
    assert "4 of 4 right" in box.shown().value and "-0.50 x1" in box.shown().value


# -- the exercise checks ------------------------------------------------------------
def good_output(X, w, b):
    return (X @ w + b >= 0).astype(int)


def good_update(w, b, x, y, lr):
    error = y - int(x @ w + b >= 0)
    return w + lr * error * x, b + lr * error


def good_nand(X):
    return good_output(X, np.array([-0.5, -0.5]), 0.7)


def good_xor(X):
    S = np.column_stack([good_nand(X), good_output(X, np.array([0.5, 0.5]), -0.2)])
    return good_output(S, np.array([0.5, 0.5]), -0.7)


def test_check_perceptron_output_passes_a_right_answer_and_names_the_mistake():
    assert checks.check_perceptron_output(good_output)
    report = checks.check_perceptron_output(lambda X, w, b: (X @ w + b > 0).astype(int))
    assert not report
    assert "use >=, not >" in said(report)
    report = checks.check_perceptron_output(lambda X, w, b: (X @ w >= 0).astype(int))
    assert "the bias belongs" in said(report)


def test_check_nand_gate():
    assert checks.check_nand_gate(good_nand)
    report = checks.check_nand_gate(lambda X: good_output(X, np.array([0.5, 0.5]), -0.7))
    assert not report
    assert "expected array of shape (4,): [1 1 1 0], got array of shape (4,): [0 0 0 1]" \
        in said(report)
    report = checks.check_nand_gate(lambda X: np.array([1, 1, 1, 0]))
    assert "(1, 1) twice" in said(report) and "expected shape (5,)" in said(report)


def test_check_perceptron_update_says_which_part_is_wrong():
    assert checks.check_perceptron_update(good_update)

    def no_bias(w, b, x, y, lr):
        return good_update(w, b, x, y, lr)[0], b

    report = checks.check_perceptron_update(no_bias)
    assert not report and "b: expected -0.4, got -0.5" in said(report)

    def wrong_sign(w, b, x, y, lr):
        new_w, new_b = good_update(w, b, x, y, lr)
        return 2 * w - new_w, 2 * b - new_b

    text = said(checks.check_perceptron_update(wrong_sign))
    assert "w: expected" in text and "lowers the bias" in text
    text = said(checks.check_perceptron_update(lambda w, b, x, y, lr: w))
    assert "expected a pair (w, b)" in text


def test_check_xor_two_layers():
    assert checks.check_xor_two_layers(good_xor)
    report = checks.check_xor_two_layers(
        lambda X: good_output(X, np.array([0.5, 0.5]), -0.2))   # OR only
    assert not report and "OR alone gives 1 here" in said(report)
    stub = checks.check_xor_two_layers(lambda X: (_ for _ in ()).throw(NotImplementedError))
    assert "not written yet" in str(stub)


def test_check_xnor_two_layers_names_the_missing_gate():
    def xnor(X):
        both_one = (X @ np.array([1.0, 1.0]) - 1.5 >= 0).astype(int)
        both_zero = (X @ np.array([-1.0, -1.0]) + 0.5 >= 0).astype(int)
        return np.maximum(both_one, both_zero)
    assert checks.check_xnor_two_layers(xnor)
    report = said(checks.check_xnor_two_layers(lambda X: (X @ np.array([0.5, 0.5]) - 0.7 >= 0).astype(int)))
    assert "NOR" in report and "3 of 4" not in report
