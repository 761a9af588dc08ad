"""The figures of chapter 0, and the small helper every plotting module uses."""

from __future__ import annotations

import numpy as np

__all__ = ["draw_line_fit", "draw_network"]


def axes_or_new(ax, figsize=(5, 3.5)):
    """Return ``ax``, or a new Axes of a new figure when ``ax`` is None."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def draw_line_fit(a, b, x, y, ax=None, *, xlabel="x", ylabel="y"):
    """Draw the data points, the line ``y = a x + b`` and the error of each point.

    Introduced in chapter 0.

    Args:
        a, b: slope and intercept of the model ``f(x) = a x + b``.
        x, y: (n,) the inputs and the targets.
        ax: the Axes to draw on (a new figure when None).

    Returns:
        The Axes, titled with the mean squared error of the line.
    """
    ax = axes_or_new(ax)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    y_hat = a * x + b
    mse = float(np.mean((y_hat - y) ** 2))
    ax.vlines(x, y, y_hat, colors="tab:red", linewidth=1, alpha=0.6, label="error")
    ax.scatter(x, y, color="tab:blue", zorder=3, label="data")
    grid = np.linspace(x.min() - 0.5, x.max() + 0.5, 2)
    ax.plot(grid, a * grid + b, color="black", label=f"f(x) = {a:.2f} x + {b:.2f}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(f"mean squared error = {mse:.2f}")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def draw_network(layer_sizes, ax=None, *, names=None):
    """Draw a fully connected network as circles (units) and lines (weights).

    Introduced in chapter 0.

    Args:
        layer_sizes: units per layer, input first, e.g. ``[3, 4, 4, 2]``.
        ax: the Axes to draw on (a new figure when None).
        names: one label per layer (default: input, hidden 1, ..., output).

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax, figsize=(6, 3.5))
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"A network needs at least an input and an output layer, got {sizes}.")
    if names is None:
        names = ["input"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)] + ["output"]
    tallest = max(sizes)
    positions = []
    for column, size in enumerate(sizes):
        ys = np.linspace(0, tallest - 1, size + 2)[1:-1] if size < tallest else np.arange(size)
        positions.append([(column, y) for y in ys])
    for left, right in zip(positions, positions[1:]):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color="0.75", linewidth=0.8, zorder=1)
    colours = ["tab:blue"] + ["tab:orange"] * (len(sizes) - 2) + ["tab:green"]
    for column, (units, colour) in enumerate(zip(positions, colours)):
        xs, ys = zip(*units)
        ax.scatter(xs, ys, s=400, color=colour, edgecolors="black", zorder=2)
        ax.text(column, -1.0, names[column], ha="center", va="top")
    ax.set_xlim(-0.6, len(sizes) - 0.4)
    ax.set_ylim(-1.8, tallest - 0.3)
    ax.set_axis_off()
    return ax
