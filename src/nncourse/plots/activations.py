"""The figures of chapter 4, activation functions."""

from __future__ import annotations

import numpy as np

from nncourse import activations as act
from nncourse.plots.basics import axes_or_new

__all__ = ["ACTIVATION_NAMES", "activation_and_derivative", "draw_activation",
           "draw_gradient_norms", "draw_layer_histograms"]

#: The activations chapter 4 compares, in the order it introduces them.
ACTIVATION_NAMES = ("step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax")

# The slope of Leaky ReLU for negative inputs in the figures: the usual 0.01 would
# be invisible at this scale, so the pictures use 0.1 and say so in the legend.
_PLOT_ALPHA = 0.1


def _softmax_first(x):
    """First output of a softmax over three inputs ``(x, 0, 0)``, and its slope."""
    z = np.stack([x, np.zeros_like(x), np.zeros_like(x)], axis=-1)
    s = act.softmax(z, axis=-1)[..., 0]
    return s, s * (1 - s)  # d s_0 / d z_0 = s_0 (1 - s_0)


def activation_and_derivative(name, x, *, alpha=_PLOT_ALPHA):
    """The activation ``name`` and its derivative at the points ``x``.

    Introduced in chapter 4. For ``"softmax"``, which maps a whole row to a row, the
    value is the first output of ``softmax([x, 0, 0])`` and the derivative is
    ``d s_0 / d x`` (the diagonal entry of its Jacobian), so that it can be drawn
    as a curve like the others.

    Args:
        name: one of ``ACTIVATION_NAMES``.
        x: (n,) points.
        alpha: the negative slope of Leaky ReLU.

    Returns:
        ``(y, dy)``, two (n,) arrays.
    """
    x = np.asarray(x, dtype=float)
    if name == "step":
        return act.step(x), act.step_grad(x)
    if name == "sigmoid":
        return act.sigmoid(x), act.sigmoid_grad(x)
    if name == "tanh":
        return act.tanh(x), act.tanh_grad(x)
    if name == "relu":
        return act.relu(x), act.relu_grad(x)
    if name == "leaky_relu":
        return act.leaky_relu(x, alpha), act.leaky_relu_grad(x, alpha)
    if name == "softmax":
        return _softmax_first(x)
    raise ValueError(f"expected an activation name out of {ACTIVATION_NAMES}, got {name!r}")


_TITLES = {
    "step": "step",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": f"Leaky ReLU (α = {_PLOT_ALPHA})",
    "softmax": "softmax (first of 3 outputs)",
}


def draw_activation(name, ax=None, *, x_min=-5.0, x_max=5.0, n_points=401):
    """Draw an activation and its derivative over ``[x_min, x_max]``.

    Introduced in chapter 4. The function is a solid line, its derivative a dashed
    one; the step's derivative is drawn as 0 (it is undefined at 0).

    Args:
        name: one of ``ACTIVATION_NAMES``.
        ax: the Axes to draw on (a new figure when None).
        x_min, x_max: the input range.
        n_points: how many points make the curves.

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax)
    if not x_min < x_max:
        raise ValueError(f"expected x_min < x_max, got {x_min} and {x_max}")
    x = np.linspace(x_min, x_max, n_points)
    y, dy = activation_and_derivative(name, x)
    ax.axhline(0, color="0.8", linewidth=0.8)
    ax.axvline(0, color="0.8", linewidth=0.8)
    ax.plot(x, y, color="tab:blue", linewidth=2, label="function")
    ax.plot(x, dy, color="tab:orange", linewidth=2, linestyle="--", label="derivative")
    ax.set_xlim(x_min, x_max)
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.set_title(_TITLES[name])
    ax.legend(loc="upper left", fontsize="small")
    return ax


def draw_gradient_norms(norms, ax=None):
    """Draw the size of the weight gradient in each layer, on a log scale.

    Introduced in chapter 4 (vanishing gradients).

    Args:
        norms: dict label -> (n_layers,) gradient norms, layer 1 (nearest the input)
            first, e.g. ``{"sigmoid": [...], "ReLU": [...]}``.
        ax: the Axes to draw on (a new figure when None).

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax, figsize=(6, 3.5))
    for label, values in norms.items():
        values = np.asarray(values, dtype=float)
        layers = np.arange(1, len(values) + 1)
        ax.plot(layers, values, marker="o", label=label)
    ax.set_yscale("log")
    ax.set_xlabel("layer (1 = nearest the input)")
    ax.set_ylabel("norm of the weight gradient")
    ax.set_title("Gradient size per layer")
    ax.legend(fontsize="small")
    return ax


def draw_layer_histograms(outputs, ax=None, *, layers=(1, 4, 7, 10), bins=40, title=None):
    """Histograms of a deep stack's activations, one outline per chosen layer.

    Introduced in chapter 4 (initialisation and vanishing gradients).

    Args:
        outputs: list of arrays, the activations of layer 1, 2, ... (any shape).
        ax: the Axes to draw on (a new figure when None).
        layers: which layers to draw (1-based).
        bins: the number of bins, over the range of all the drawn layers' values.
        title: the Axes title.

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax, figsize=(4, 3))
    if not outputs:
        raise ValueError("draw_layer_histograms expected at least one layer's outputs, got none")
    wrong = [k for k in layers if not 1 <= k <= len(outputs)]
    if wrong:
        raise ValueError(f"draw_layer_histograms expected layers between 1 and {len(outputs)}, "
                         f"got {wrong}")
    values = [np.asarray(outputs[k - 1], dtype=float).ravel() for k in layers]
    low = min(v.min() for v in values)
    high = max(v.max() for v in values)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, bins + 1)
    for k, v in zip(layers, values):
        counts, _ = np.histogram(v, bins=edges)
        ax.stairs(counts / v.size, edges, label=f"layer {k}")
    ax.set_xlabel("activation value")
    ax.set_ylabel("fraction of units")
    if title:
        ax.set_title(title, fontsize="small")
    return ax
