"""The figures of chapter 1, the perceptron: points, decision line, right and wrong."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = ["draw_perceptron", "draw_perceptron_data"]

# Pale blue where the perceptron outputs 0, pale orange where it outputs 1.
_REGION_COLOURS = ("#dbe9f6", "#fde3c8")


def _region_image(w, b, xlim, ylim, resolution=120):
    """0/1 output of ``x·w + b >= 0`` on a grid: (resolution, resolution) floats."""
    x1 = np.linspace(*xlim, resolution)
    x2 = np.linspace(*ylim, resolution)
    return (x1[None, :] * w[0] + x2[:, None] * w[1] + b >= 0).astype(float)


def draw_perceptron_data(X, y, w, b, ax=None, *, xlim=None, ylim=None, title=None,
                         xlabel="x₁", ylabel="x₂", annotate=False, shade=True,
                         mark_wrong=True):
    """Draw 2-D points, the perceptron's decision line and its two regions.

    Introduced in chapter 1. The perceptron outputs ``1 if x·w + b >= 0 else 0``;
    its decision line is ``w1 x1 + w2 x2 + b = 0``. Points of class 1 are filled
    orange circles, points of class 0 blue squares; a point the perceptron gets
    wrong is circled in red with a cross.

    Args:
        X: (n, 2) the points.
        y: (n,) their labels, 0 or 1.
        w: (2,) the weights; b: the bias, a number.
        ax: the Axes to draw on (a new figure when None).
        xlim, ylim: (low, high) of the axes (default: the points with a margin).
        title: the title; by default "k of n right".
        xlabel, ylabel: names of the axes.
        annotate: write each point's output ``ŷ`` next to it.
        shade: colour the two regions (output 1 orange, output 0 blue).
        mark_wrong: circle the points on the wrong side in red.

    Returns:
        The Axes.
    """
    import matplotlib.colors as mcolors

    ax = axes_or_new(ax)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).astype(int)
    w = np.asarray(w, dtype=float).reshape(2)
    b = float(b)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) != len(y):
        raise ValueError(f"draw_perceptron_data expected X of shape (n, 2) and y of "
                         f"shape (n,), got {X.shape} and {y.shape}")
    if xlim is None:
        xlim = (X[:, 0].min() - 0.5, X[:, 0].max() + 0.5)
    if ylim is None:
        ylim = (X[:, 1].min() - 0.5, X[:, 1].max() + 0.5)
    y_hat = (X @ w + b >= 0).astype(int)
    right = y_hat == y

    if shade:
        ax.imshow(_region_image(w, b, xlim, ylim), extent=(*xlim, *ylim),
                  origin="lower", cmap=mcolors.ListedColormap(_REGION_COLOURS),
                  vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    if w[1] != 0:  # the line x2 = -(w1 x1 + b) / w2
        x1 = np.array(xlim)
        ax.plot(x1, -(w[0] * x1 + b) / w[1], color="black", linewidth=1.5)
    elif w[0] != 0:  # a vertical line x1 = -b / w1
        ax.axvline(-b / w[0], color="black", linewidth=1.5)
    for label, marker, colour in ((0, "s", "tab:blue"), (1, "o", "tab:orange")):
        mask = y == label
        ax.scatter(X[mask, 0], X[mask, 1], marker=marker, s=70, color=colour,
                   edgecolors="black", zorder=3, label=f"class {label}")
    wrong = ~right
    if mark_wrong and wrong.any():
        ax.scatter(X[wrong, 0], X[wrong, 1], marker="o", s=260, facecolors="none",
                   edgecolors="red", linewidths=2, zorder=4, label="wrong")
    if annotate:
        for (x1, x2), out, ok in zip(X, y_hat, right):
            ax.annotate(f"ŷ={out} {'✓' if ok else '✗'}", (x1, x2), xytext=(8, 6),
                        textcoords="offset points", fontsize=9, zorder=5,
                        color="black" if ok else "red")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else f"{right.sum()} of {len(y)} right")
    return ax


def draw_perceptron(w1, w2, b, gate="AND", ax=None, *, title=None):
    """Draw the four inputs of a logic gate and the line ``w1 x1 + w2 x2 + b = 0``.

    Introduced in chapter 1; the picture of ``widgets.perceptron_playground``.
    The title reports how many of the four points the perceptron gets right, and
    each point is labelled with the perceptron's output and ✓ or ✗.

    Args:
        w1, w2: the weights; b: the bias.
        gate: "AND", "OR", "NAND" or "XOR": which truth table gives the targets.
        ax: the Axes to draw on (a new figure when None).
        title: the title (default: the gate, the weights and the count right).

    Returns:
        The Axes.
    """
    from nncourse.datasets import logic_gate

    X, y = logic_gate(gate)
    n_right = int(np.sum((X @ np.array([w1, w2], dtype=float) + b >= 0) == y))
    ax = draw_perceptron_data(X, y, (w1, w2), b, ax, xlim=(-0.5, 1.6), ylim=(-0.5, 1.6),
                              annotate=True, title="")
    if title is None:
        title = (f"{str(gate).upper()}: w = ({w1:.2f}, {w2:.2f}), b = {b:.2f}: "
                 f"{n_right} of 4 right")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    # An explicit y skips matplotlib's automatic title placement, a third of a redraw.
    ax.set_title(title, fontsize=10, y=1.01)
    return ax
