"""The figures of chapter 3, the dense layer."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = ["draw_function_fit", "bump", "bump_sum", "draw_bump_pair", "draw_bump_sum"]


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


def bump(x, left, right, height=1.0, steepness=10.0):
    """A bump made by two sigmoid neurons: ``height·σ(w(x − left)) − height·σ(w(x − right))``.

    Introduced in chapter 3 (the universal approximation theorem). The first hidden
    neuron steps up at ``left``, the second at ``right``; the output layer gives them
    the weights ``+height`` and ``-height``. Each neuron's input weight is
    ``steepness`` (``w``) and its bias ``-w · step``.

    Args:
        x: array of inputs, any shape.
        left, right: where the two steps are; ``left > right`` gives a dip.
        height: the bump's height (the output weight).
        steepness: the hidden neurons' input weight ``w`` (> 0): larger is sharper.

    Returns:
        An array shaped like ``x``.
    """
    from nncourse.activations import sigmoid

    if not steepness > 0:
        raise ValueError(f"bump expected a positive steepness, got {steepness!r}")
    x = np.asarray(x, dtype=float)
    return height * (sigmoid(steepness * (x - left)) - sigmoid(steepness * (x - right)))


def bump_sum(f, x, n_bumps, steepness, x_min, x_max):
    """``n_bumps`` side-by-side bumps on ``[x_min, x_max]``, each as high as ``f`` at its middle.

    Introduced in chapter 3. It is a network with one hidden layer of
    ``2 * n_bumps`` sigmoid neurons and a linear output.

    Args:
        f: the target function, called on an array.
        x: array of points where the sum is evaluated.
        n_bumps: how many bumps (>= 1).
        steepness: the hidden neurons' input weight.
        x_min, x_max: the interval the bumps tile.

    Returns:
        An array shaped like ``x``.
    """
    if int(n_bumps) != n_bumps or n_bumps < 1:
        raise ValueError(f"bump_sum expected a whole number of bumps >= 1, got {n_bumps!r}")
    if not x_max > x_min:
        raise ValueError(f"bump_sum expected x_min < x_max, got {x_min!r} and {x_max!r}")
    edges = np.linspace(x_min, x_max, int(n_bumps) + 1)
    heights = np.asarray(f((edges[:-1] + edges[1:]) / 2), dtype=float)
    x = np.asarray(x, dtype=float)
    return sum(bump(x, lo, hi, h, steepness) for lo, hi, h in zip(edges[:-1], edges[1:], heights))


def draw_bump_pair(steepness, left, right, height, ax=None, *, x_min=-3.0, x_max=3.0):
    """Draw the two hidden neurons of a bump (dashed) and their sum (solid).

    Introduced in chapter 3.

    Returns:
        The Axes.
    """
    from nncourse.activations import sigmoid

    ax = axes_or_new(ax)
    x = np.linspace(x_min, x_max, 400)
    up = height * sigmoid(steepness * (x - left))
    down = -height * sigmoid(steepness * (x - right))
    def neuron(weight, step):
        shift = f"x − {step:g}" if step > 0 else (f"x + {-step:g}" if step < 0 else "x")
        return f"{weight:+g}·σ({steepness:g}({shift}))".replace("-", "−")

    ax.plot(x, up, "--", color="tab:blue", linewidth=1, label=neuron(height, left))
    ax.plot(x, down, "--", color="tab:orange", linewidth=1, label=neuron(-height, right))
    ax.plot(x, up + down, color="tab:red", linewidth=2, label="their sum: the output")
    ax.axhline(0, color="0.7", linewidth=0.5)
    ax.set_ylim(-2.3, 2.3)
    ax.set_xlim(x_min, x_max)
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.set_title(f"steps at {left:g} and {right:g}, steepness {steepness:g}, height {height:g}",
                 fontsize="small")
    ax.legend(loc="lower left", fontsize="x-small")
    return ax


def draw_bump_sum(f, n_bumps, steepness, ax=None, *, x_min=-np.pi, x_max=np.pi):
    """Draw a target ``f`` and the sum of ``n_bumps`` bumps that traces it, with its error.

    Introduced in chapter 3.

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax)
    x = np.linspace(x_min, x_max, 400)
    y, y_hat = np.asarray(f(x), dtype=float), bump_sum(f, x, n_bumps, steepness, x_min, x_max)
    ax.plot(x, y, color="0.3", linewidth=3, alpha=0.5, label="target")
    ax.plot(x, y_hat, color="tab:red", linewidth=1.5,
            label=f"{n_bumps} bumps = {2 * n_bumps} sigmoid units")
    ax.set_ylim(-2.0, 2.0)
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.set_title(f"{n_bumps} bumps, steepness {steepness:g}: "
                 f"mean squared error {float(np.mean((y_hat - y) ** 2)):.4f}", fontsize="small")
    ax.legend(loc="upper left", fontsize="x-small")
    return ax
