"""Chapter 4, activation functions: figures, widget and exercise checks."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import checks, plots, widgets




def said(report):
    """All a failed check tells: its ideas, and its formulas on request."""
    from nncourse import checks as _checks
    return str(report) + "\n" + _checks.formula_hint(report.name)


@pytest.mark.parametrize("name", plots.ACTIVATION_NAMES)
def test_draw_activation_draws_function_and_derivative(name):
    ax = plots.draw_activation(name, x_min=-1000, x_max=1000)  # no overflow warning
    assert ax.get_xlabel() == "input x" and ax.get_ylabel() == "output"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["function", "derivative"]
    for line in ax.get_lines()[2:]:
        assert np.all(np.isfinite(line.get_ydata()))


def test_activation_and_derivative_match_finite_differences():
    x = np.linspace(-3, 3, 13) + 0.05  # avoid the kinks at 0
    h = 1e-6
    for name in ("sigmoid", "tanh", "relu", "leaky_relu", "softmax"):
        y, dy = plots.activation_and_derivative(name, x)
        numeric = (plots.activation_and_derivative(name, x + h)[0]
                   - plots.activation_and_derivative(name, x - h)[0]) / (2 * h)
        np.testing.assert_allclose(dy, numeric, atol=1e-6, err_msg=name)
    with pytest.raises(ValueError, match="activation name"):
        plots.activation_and_derivative("swish", x)
    with pytest.raises(ValueError, match="x_min < x_max"):
        plots.draw_activation("relu", x_min=1, x_max=1)


def test_draw_gradient_norms_uses_a_log_scale():
    ax = plots.draw_gradient_norms({"sigmoid": [1e-6, 1e-3, 1.0], "ReLU": [1, 1, 1]})
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 2
    assert "layer" in ax.get_xlabel()


def test_draw_layer_histograms_draws_one_outline_per_layer():
    outputs = [np.full((5, 3), float(k)) for k in range(10)] + [np.linspace(0, 1, 30)]
    ax = plots.draw_layer_histograms(outputs, layers=(1, 11), bins=5, title="t")
    assert len(ax.patches) == 2 and ax.get_title() == "t"
    heights = [p.get_data()[0] for p in ax.patches]
    np.testing.assert_allclose([h.sum() for h in heights], [1.0, 1.0])
    with pytest.raises(ValueError, match="between 1 and 11"):
        plots.draw_layer_histograms(outputs, layers=(0,))
    with pytest.raises(ValueError, match="none"):
        plots.draw_layer_histograms([])


def test_activation_explorer_redraws_for_both_controls():
    box = widgets.activation_explorer("tanh", 4.0, ranges=(2.0, 4.0, 10.0))
    (dropdown, slider) = box.children[0].children
    assert len(box.pictures) == 6 * 3
    first = box.shown().value
    assert "data:image/png;base64," in first and 'alt="The tanh function' in first
    dropdown.value = "relu"
    second = box.shown().value
    assert second != first and "The relu function" in second
    slider.value = 10.0
    assert box.shown().value != second and "from -10.0 to 10.0" in box.shown().value
    with pytest.raises(ValueError, match="activation name"):
        widgets.activation_explorer("swish")


# -- checks on right and wrong answers -----------------------------------------------
def stable_softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_check_stable_softmax():
    assert checks.check_stable_softmax(stable_softmax)
    naive = checks.check_stable_softmax(
        lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True))
    assert not naive and "overflow" in str(naive) and "shift each row's scores" in said(naive)
    global_max = said(checks.check_stable_softmax(
        lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=-1, keepdims=True)))
    assert "not one for the whole batch" in global_max  # the -30 row underflows to 0 / 0


def test_check_sigmoid_stable():
    def right(x):
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))

    assert checks.check_sigmoid_stable(right)
    report = checks.check_sigmoid_stable(lambda x: 1 / (1 + np.exp(-x)))
    assert not report and "raised FloatingPointError: overflow" in said(report)
    both = checks.check_sigmoid_stable(
        lambda x: np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x))))
    assert not both and "computes both" in str(both)


def test_check_tanh_derivative():
    assert checks.check_tanh_derivative(lambda x: 1 - np.tanh(x) ** 2)
    report = said(checks.check_tanh_derivative(lambda x: np.tanh(x) * (1 - np.tanh(x))))
    assert "sigmoid's pattern" in report
    by_hand = checks.check_tanh_derivative(
        lambda x: 1 - ((np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))) ** 2)
    assert not by_hand and "use np.tanh" in str(by_hand)


def test_check_leaky_relu():
    assert checks.check_leaky_relu(lambda x, alpha: np.where(x > 0, x, alpha * x))
    report = said(checks.check_leaky_relu(lambda x, alpha: np.where(x > 0, x, 0.01 * x)))
    assert "is alpha used" in report and "use the alpha you are given" in report


def test_check_softmax_jacobian_wants_the_outer_product_and_stability():
    def jacobian(z):
        e = np.exp(z - z.max())
        s = e / e.sum()
        return np.diag(s) - np.outer(s, s)
    assert checks.check_softmax_jacobian(jacobian)
    def squares(z):
        e = np.exp(z - z.max())
        s = e / e.sum()
        return np.diag(s) - s * s
    assert "outer product" in said(checks.check_softmax_jacobian(squares))
    def naive(z):
        s = np.exp(z) / np.exp(z).sum()
        return np.diag(s) - np.outer(s, s)
    assert "softmax stably" in said(checks.check_softmax_jacobian(naive))
