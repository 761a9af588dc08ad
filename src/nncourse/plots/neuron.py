"""The figures of chapter 2, the artificial neuron."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = ["draw_neuron_output"]


def draw_neuron_output(w1, w2, b, ax=None, *, points=None, targets=None,
                       lim=(-0.5, 1.5), resolution=100, title=None,
                       xlabel="x₁", ylabel="x₂", colorbar=True):
    """Draw the output ``σ(w1 x1 + w2 x2 + b)`` of a two-input neuron as an image.

    Introduced in chapter 2; the picture of ``widgets.neuron_explorer``. Dark is
    near 0, bright near 1; the dashed line is where the output is 0.5 (the
    perceptron's decision line for the same weights). The points, if given, are
    labelled with the neuron's output there.

    Args:
        w1, w2: the weights; b: the bias.
        ax: the Axes to draw on (a new figure when None).
        points: (n, 2) inputs to mark (default: the four corners 00, 01, 10, 11).
        targets: (n,) their targets; when given, each label also shows the target.
        lim: (low, high) of both axes.
        resolution: pixels per side of the image.
        title: the title (default: the weights and bias).
        xlabel, ylabel: names of the axes.
        colorbar: add a colour bar (once per Axes). It costs about as much as
            the rest of the picture, so the live widget leaves it out.

    Returns:
        The Axes.
    """
    import matplotlib.pyplot as plt

    from nncourse.activations import sigmoid

    ax = axes_or_new(ax)
    grid = np.linspace(*lim, resolution)
    z = grid[None, :] * w1 + grid[:, None] * w2 + b
    # Ten bands of 0.1: easy to read, and flat colours make the PNG quick to encode.
    image = ax.imshow(sigmoid(z), extent=(*lim, *lim), origin="lower",
                      cmap=plt.get_cmap("viridis", 10), vmin=0, vmax=1, aspect="auto",
                      interpolation="nearest")
    if colorbar and not hasattr(ax, "_neuron_colorbar"):  # once, however often redrawn
        ax._neuron_colorbar = ax.figure.colorbar(image, ax=ax, label="output ŷ",
                                                 ticks=[0, 0.5, 1])
    if w2 != 0:
        x1 = np.array(lim, dtype=float)
        ax.plot(x1, -(w1 * x1 + b) / w2, "w--", linewidth=1)
    elif w1 != 0:
        ax.axvline(-b / w1, color="white", linestyle="--", linewidth=1)
    if points is None:
        points = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    points = np.asarray(points, dtype=float)
    outputs = sigmoid(points @ np.array([w1, w2], dtype=float) + b)
    ax.scatter(points[:, 0], points[:, 1], s=40, color="white", edgecolors="black",
               zorder=3)
    for i, ((x1, x2), out) in enumerate(zip(points, outputs)):
        text = f"{out:.2f}" if targets is None else f"{out:.2f} (t={targets[i]})"
        ax.annotate(text, (x1, x2), xytext=(6, 6), textcoords="offset points",
                    fontsize=9, color="white" if out < 0.6 else "black", zorder=4)
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is None:
        sign = "−" if b < 0 else "+"
        title = f"ŷ = σ({w1:.2f} x₁ + {w2:.2f} x₂ {sign} {abs(b):.2f})"
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    # An explicit y skips matplotlib's automatic title placement, a third of a redraw.
    ax.set_title(title, fontsize=10, y=1.01)
    return ax
