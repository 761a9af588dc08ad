"""The figures of chapter 3, the dense layer."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = ["draw_function_fit"]


def draw_function_fit(x, y, y_hat, ax=None, *, x_train=None, y_train=None,
                      title=None, label="network"):
    """Draw a target function and a network's approximation of it.

    Introduced in chapter 3 (the universal approximation theorem).

    Args:
        x: (n,) or (n, 1) points where both curves are drawn.
        y: (n,) or (n, 1) the target function at ``x``.
        y_hat: (n,) or (n, 1) the network's output at ``x``.
        ax: the Axes to draw on (a new figure when None).
        x_train, y_train: (m,) or (m, 1) training points to show as dots (optional).
        title: the Axes title (default: the mean squared error of the fit).
        label: the legend entry of the network's curve.

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax)
    x, y, y_hat = (np.asarray(a, dtype=float).reshape(-1) for a in (x, y, y_hat))
    if not len(x) == len(y) == len(y_hat):
        raise ValueError(
            f"expected x, y and y_hat of one length, got {len(x)}, {len(y)} and {len(y_hat)}"
        )
    ax.plot(x, y, color="0.3", linewidth=3, alpha=0.5, label="target")
    ax.plot(x, y_hat, color="tab:red", linewidth=1.5, label=label)
    if x_train is not None and y_train is not None:
        ax.scatter(np.ravel(x_train), np.ravel(y_train), s=18, color="tab:blue",
                   zorder=3, label="training points")
    if title is None:
        title = f"mean squared error = {float(np.mean((y_hat - y) ** 2)):.4f}"
    ax.set_title(title)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper left", fontsize="x-small")
    return ax
