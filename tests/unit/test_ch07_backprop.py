"""Chapter 7, backpropagation: its figures, its widget and its exercise checks."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from nncourse import checks, plots, widgets
from nncourse.datasets import logic_gate




def xor_like(X):
    """A hand-made XOR classifier: probability of class 1 for each row."""
    X = np.asarray(X)
    return 1 / (1 + np.exp(-8 * (np.abs(X[:, 0] - X[:, 1]) - 0.5)))


# -- plots --------------------------------------------------------------------------
def test_computational_graph_writes_values_above_and_gradients_below():
    nodes = {"x": (0, 0, "$x$", "value"), "sq": (2, 0, "$x^2$", "op"),
             "L": (4, 0, "$L$", "value")}
    edges = [("x", "sq", "x = 3", "6"), ("sq", "L", "L = 9", "")]
    ax = plots.draw_computational_graph(nodes, edges, title="square")
    texts = {t.get_text(): t for t in ax.texts
             if not isinstance(t, matplotlib.text.Annotation)}  # arrows are Annotations
    assert set(texts) == {"$x$", "$x^2$", "$L$", "x = 3", "6", "L = 9"}
    assert texts["x = 3"].get_position()[1] > 0 > texts["6"].get_position()[1]
    assert len([c for c in ax.get_children()
                if isinstance(c, matplotlib.text.Annotation)]) == 2
    assert ax.get_title() == "square"
    ax.figure.canvas.draw()  # the arrows clip against the boxes at draw time


def test_computational_graph_rejects_unknown_nodes_and_kinds():
    nodes = {"x": (0, 0, "x", "value")}
    with pytest.raises(ValueError, match="unknown node 'y'"):
        plots.draw_computational_graph(nodes, [("x", "y", "", "")])
    with pytest.raises(ValueError, match="node kinds"):
        plots.draw_computational_graph({"x": (0, 0, "x", "leaf")}, [])


def test_decision_regions_colour_the_plane_and_draw_the_boundary():
    X, y = logic_gate("XOR")
    ax = plots.draw_decision_regions(xor_like, X, y, title="XOR")
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert ax.get_title() == "XOR"
    assert len(ax.images) == 1 and ax.images[0].get_array().shape == (60, 60)
    assert ax.collections, "the 0.5 contour is drawn"
    assert ax.get_xlim() == (-0.5, 1.5)
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["class 0", "class 1"]


def test_decision_regions_skip_the_boundary_when_there_is_none():
    X, y = logic_gate("AND")
    ax = plots.draw_decision_regions(lambda G: np.full(len(G), 0.2), X, y, resolution=10)
    assert not ax.collections
    assert ax.images[0].get_array().shape == (10, 10)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plots.draw_decision_regions(xor_like, np.zeros((4, 3)), y)


def test_training_snapshot_shows_regions_and_the_loss_so_far():
    X, y = logic_gate("XOR")
    losses = np.linspace(0.7, 0.1, 11)
    ax = plots.draw_training_snapshot(xor_like, X, y, losses, 4)
    assert ax.get_title() == f"after 4 steps: loss {losses[4]:.4f}"
    curve, key = ax.child_axes
    assert curve.get_xlabel() == "training step" and curve.get_ylabel() == "loss"
    so_far, dot = curve.lines                      # nothing of the future is drawn
    assert len(so_far.get_xdata()) == 5 and dot.get_xdata()[0] == 4
    assert curve.get_xlim() == (0, 10)              # but the frame holds the whole run
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert key.get_xlabel() == "shading: probability of class 1"
    with pytest.raises(ValueError, match="step in 0..10"):
        plots.draw_training_snapshot(xor_like, X, y, losses, 11)


def test_training_snapshot_redraws_cleanly_in_an_animation():
    X, y = logic_gate("XOR")
    losses = np.linspace(0.7, 0.1, 11)

    def draw(ax, step):
        plots.draw_training_snapshot(xor_like, X, y, losses, step, ax)

    html = widgets.frames(draw, [0, 5, 10], name="ch07_test", figsize=(7, 3)).data
    assert "ch07_test" in html and "https://" not in html


# -- widget -------------------------------------------------------------------------
def test_training_explorer_redraws_when_the_step_changes():
    X, y = logic_gate("XOR")
    losses = np.linspace(0.7, 0.1, 11)
    predictors = {0: lambda G: np.full(len(G), 0.5), 10: xor_like}
    box = widgets.training_explorer(predictors, X, y, losses)
    controls, _ = box.children
    (step,) = controls.children
    assert list(step.options) == [("0", 0), ("10", 10)] and step.value == 0
    before = box.shown().value
    assert before.startswith('<img src="data:image/png;base64,iVBORw0KGgo')
    assert 'alt="Decision regions of the network after 0 training steps' in before
    step.value = 10
    assert box.shown().value != before and "after 10 training steps" in box.shown().value


def test_training_explorer_rejects_missing_losses():
    X, y = logic_gate("XOR")
    with pytest.raises(ValueError, match="losses stop at step 2"):
        widgets.training_explorer({5: xor_like}, X, y, [0.7, 0.6, 0.5])
    with pytest.raises(ValueError, match="at least one snapshot"):
        widgets.training_explorer({}, X, y, [0.7])


# -- checks -------------------------------------------------------------------------
def right_dense_backward(X, W, dY):
    return dY @ W.T, X.T @ dY, dY.sum(axis=0)


def test_check_dense_backward():
    assert checks.check_dense_backward(right_dense_backward)
    report = checks.check_dense_backward(
        lambda X, W, dY: (dY @ W.T, X.T @ dY, dY.mean(axis=0)))
    assert not report and "db: expected" in str(report) and "do not average" in str(report)
    report = checks.check_dense_backward(lambda X, W, dY: (dY @ W, X.T @ dY, dY.sum(0)))
    assert "raised ValueError" in str(report)  # shapes that do not fit fail loudly
    assert "dX: expected" in str(report)  # the square case runs and is wrong
    report = checks.check_dense_backward(lambda X, W, dY: dY @ W.T)
    assert "expected a tuple of 3 (dX, dW, db)" in str(report)
    report = checks.check_dense_backward(lambda X, W, dY: (dY @ W.T, dY.T @ X, dY.sum(0)))
    assert "dW: expected shape" in str(report)


def test_check_sigmoid_backward():
    assert checks.check_sigmoid_backward(lambda s, d: d * s * (1 - s))
    report = checks.check_sigmoid_backward(
        lambda s, d: d / (1 + np.exp(-s)) * (1 - 1 / (1 + np.exp(-s))))
    assert report.passed == 0 and "no second sigmoid" in str(report)
    report = checks.check_sigmoid_backward(lambda s, d: s * (1 - s))
    assert report.passed == 2 and "multiply the local derivative by d_out" in str(report)


def test_check_relu_backward():
    assert checks.check_relu_backward(lambda x, d: d * (x > 0))
    report = checks.check_relu_backward(lambda x, d: np.maximum(d, 0))
    assert not report and "do not apply the ReLU to d_out" in str(report)
    report = checks.check_relu_backward(lambda x, d: d * (x >= 0))
    assert not report and "0 at x = 0" in str(report)


def test_check_softmax_cross_entropy_backward():
    def right(logits, labels):
        z = logits - logits.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        p[np.arange(len(labels)), labels] -= 1
        return p / len(labels)

    def forgets_n(logits, labels):
        return right(logits, labels) * len(labels)

    def unstable(logits, labels):
        with np.errstate(over="ignore", invalid="ignore"):
            p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        p[np.arange(len(labels)), labels] -= 1
        return p / len(labels)

    assert checks.check_softmax_cross_entropy_backward(right)
    report = checks.check_softmax_cross_entropy_backward(forgets_n)
    assert report.passed == 2 and "shared out over it" in str(report)
    report = checks.check_softmax_cross_entropy_backward(unstable)
    assert report.passed == 2 and "nan or inf" in str(report)
    assert "exp never sees a large positive number" in str(report)


def test_check_numerical_gradient_quadratic():
    def central(A, b, x, eps=1e-5):
        f = lambda v: 0.5 * v @ A @ v + b @ v  # noqa: E731
        e = np.eye(len(x)) * eps
        return np.array([(f(x + e[i]) - f(x - e[i])) / (2 * eps) for i in range(len(x))])

    def forward_difference(A, b, x, eps=1e-5):
        f = lambda v: 0.5 * v @ A @ v + b @ v  # noqa: E731
        e = np.eye(len(x)) * eps
        return np.array([(f(x + e[i]) - f(x)) / eps for i in range(len(x))])

    assert checks.check_numerical_gradient_quadratic(central)
    report = checks.check_numerical_gradient_quadratic(forward_difference)
    assert report.passed == 2 and "one-sided difference" in str(report)
    report = checks.check_numerical_gradient_quadratic(lambda A, b, x, eps: A @ x + b)
    assert report.passed == 2 and "only when A is symmetric" in str(report)


def _xor_loss(X, y, W1, b1, W2, b2):
    Z = (1 / (1 + np.exp(-(X @ W1 + b1)))) @ W2 + b2
    Z = Z - Z.max(axis=1, keepdims=True)
    return -(Z - np.log(np.exp(Z).sum(axis=1, keepdims=True)))[np.arange(len(y)), y].mean()


def right_xor_forward_backward(X, y, W1, b1, W2, b2, *, bug=False):
    n = len(y)
    A = X @ W1 + b1
    H = 1 / (1 + np.exp(-A))
    Z = H @ W2 + b2
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dZ = P.copy()
    dZ[np.arange(n), y] -= 1
    dZ /= n
    slope = A * (1 - A) if bug else H * (1 - H)
    dA = (dZ @ W2.T) * slope
    return (float(_xor_loss(X, y, W1, b1, W2, b2)), X.T @ dA, dA.sum(axis=0),
            H.T @ dZ, dZ.sum(axis=0))


def right_xor_numerical(X, y, W1, b1, W2, b2, eps=1e-5, *, one_sided=False):
    params = [np.array(p, dtype=float) for p in (W1, b1, W2, b2)]
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            up = _xor_loss(X, y, *params)
            p[i] = old if one_sided else old - eps
            down = _xor_loss(X, y, *params)
            p[i] = old
            g[i] = (up - down) / (eps if one_sided else 2 * eps)
        grads.append(g)
    return tuple(grads)


def test_check_xor_forward_backward_and_its_numerical_gradient():
    assert checks.check_xor_forward_backward(right_xor_forward_backward)
    assert checks.check_xor_numerical_gradient(right_xor_numerical)
    text = str(checks.check_xor_forward_backward(
        lambda *args: right_xor_forward_backward(*args, bug=True)))
    assert "dW1: expected" in text and "from its OUTPUT H" in text
    text = str(checks.check_xor_numerical_gradient(
        lambda *args, eps=1e-5: right_xor_numerical(*args, eps=eps, one_sided=True)))
    assert "✗ a batch of 5, 4 hidden units, 3 classes, eps = 0.01" in text
    assert "a nudge up AND down" in text

    def nudges_in_place(X, y, W1, b1, W2, b2, eps=1e-5):
        W1[0, 0] += eps                       # forgets to put it back
        return right_xor_numerical(X, y, W1, b1, W2, b2, eps)

    assert "you changed `W1` in place" in str(checks.check_xor_numerical_gradient(
        nudges_in_place))
