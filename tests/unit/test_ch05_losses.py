"""Chapter 5: the loss figures, the loss explorer, the exercise checks, the planted answers."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nncourse import checks, plots, widgets  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
    controls, image = box.children
    (p_slider,) = controls.children
    before = image.value
    assert before.startswith('<img src="data:image/png;base64,')
    p_slider.value = 0.8
    assert image.value != before


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
    assert "clip p" in text


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


# -- the exercise notebook: hidden cases catch the planted answers -----------------
def graded_and_hidden(path):
    """{name: (solution source, hidden cases source)} from a solutions notebook."""
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    solutions, hidden = {}, {}
    for cell in cells:
        text = "".join(cell["source"])
        if m := re.match(r"# GRADED: (\w+)", text):
            solutions[m.group(1)] = text
        elif m := re.match(r"# HIDDEN TESTS: (\w+)", text):
            assert "hidden-tests" in cell["metadata"].get("tags", [])
            hidden[m.group(1)] = text
    assert solutions.keys() == hidden.keys()
    return {name: (solutions[name], hidden[name]) for name in solutions}


def results(source, name, cases):
    namespace = {"np": np}
    exec(source, namespace)
    out = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for case in cases:
            out.append(namespace[name](*case["args"], **case.get("kwargs", {})))
    return out


def agree(a, b):
    a = a if isinstance(a, tuple) else (a,)
    b = b if isinstance(b, tuple) else (b,)
    return len(a) == len(b) and all(
        np.shape(x) == np.shape(y) and np.allclose(x, y) for x, y in zip(a, b))


def check_planted(notebook, planted):
    graded = graded_and_hidden(notebook)
    assert len(graded) >= 3 and graded.keys() == planted.keys()
    for name, (solution, hidden) in graded.items():
        namespace = {"np": np}
        exec(hidden, namespace)
        cases = namespace["hidden_cases"]
        assert 3 <= len(cases) <= 6, name
        reference = results(solution, name, cases)
        wrong = results(planted[name], name, cases)
        assert not all(agree(r, w) for r, w in zip(reference, wrong)), (
            f"the planted answer for {name} passes every hidden case")


def test_planted_answers_fail_a_hidden_case():
    from tests.grading.planted.ch05 import PLANTED

    check_planted(ROOT / "solutions" / "05-loss.ipynb", PLANTED)
