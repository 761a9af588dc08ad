"""The figures of chapter 6, gradient descent."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = [
    "quadratic_descent_path", "draw_descent_1d",
    "VALLEY_SCALES", "valley_loss", "valley_grad", "descent_path",
    "draw_loss_surface", "draw_surface_descent",
]


def quadratic_descent_path(lr, x0=4.0, steps=10):
    """Gradient descent on ``f(x) = x^2``: ``x <- x - lr * 2x``, from ``x0``.

    Introduced in chapter 6.

    Returns:
        (steps + 1,) the positions, ``x0`` first.
    """
    path = np.empty(steps + 1)
    path[0] = x = float(x0)
    for k in range(1, steps + 1):
        x = x - lr * 2 * x
        path[k] = x
    return path


def _regime(lr):
    """A word for how descent on x^2 behaves with learning rate ``lr``."""
    factor = abs(1 - 2 * lr)  # each step multiplies x by 1 - 2 lr
    if factor >= 1:
        return "diverges" if factor > 1 else "bounces forever"
    if lr > 0.5:
        return "oscillates"
    return "slow" if factor > 0.9 else "converges"


def draw_descent_1d(lr, ax=None, *, x0=4.0, steps=10, xlim=(-6.0, 6.0)):
    """The parabola ``f(x) = x^2`` and the first ``steps`` of gradient descent.

    Introduced in chapter 6.

    Args:
        lr: the learning rate.
        ax: the Axes to draw on (a new figure when None).
        x0: the starting point.
        steps: how many steps to draw.
        xlim: (low, high) of the x axis at least; it widens so that the whole
            path stays in the picture (a diverging one too), and the y axis follows.

    Returns:
        The Axes, titled with the learning rate, the behaviour and the last x. The
        key (what the grey, red and black marks are) sits below the x axis, where
        it can never cover the path.
    """
    ax = axes_or_new(ax)
    path = quadratic_descent_path(lr, x0, steps)
    reach = max(abs(xlim[0]), abs(xlim[1]), 1.08 * float(np.max(np.abs(path))))
    low, high = (xlim if reach <= max(abs(xlim[0]), abs(xlim[1])) else (-reach, reach))
    grid = np.linspace(low, high, 201)
    ax.plot(grid, grid**2, color="0.5")
    ax.plot(path, path**2, "-o", color="tab:red", markersize=4, linewidth=1)
    ax.plot(path[:1], path[:1] ** 2, "o", color="black", markersize=6)
    top = max(low**2, high**2)
    ax.set_xlim(low, high)
    ax.set_ylim(-0.05 * top, 1.05 * top)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(f"lr = {lr:.2f}: {_regime(lr)}, x after {steps} steps = {path[-1]:.3g}")
    ax.annotate(f"grey: f(x) = x²   red: {steps} steps   black: the start x = {x0:g}",
                xy=(0.5, 1.0), xycoords="axes fraction", xytext=(0, -12),
                textcoords="offset points", ha="center", va="top", fontsize="small",
                color="0.25")
    return ax


VALLEY_SCALES = (1.0, 50.0)


def valley_loss(w1, w2):
    """The loss surface of chapter 6: ``(w1^2 + 50 w2^2) / 2``, a long narrow valley.

    Works element-wise on arrays (e.g. a grid from ``np.meshgrid``).
    """
    a, b = VALLEY_SCALES
    return 0.5 * (a * np.asarray(w1) ** 2 + b * np.asarray(w2) ** 2)


def valley_grad(w):
    """Gradient of ``valley_loss`` at ``w`` (2,): ``(w1, 50 w2)``."""
    return np.asarray(VALLEY_SCALES) * np.asarray(w, dtype=float)


class _Point:
    """A layer-like holder of one parameter ``w``, so that an optimiser can step it."""

    def __init__(self, w):
        self.params = {"w": np.array(w, dtype=float)}
        self.grads = {"w": np.zeros_like(self.params["w"])}


def descent_path(grad, start, optimizer, steps):
    """The points an ``nncourse.optim`` optimiser visits when minimising a function.

    Introduced in chapter 6.

    Args:
        grad: ``grad(w) -> (n,)`` the gradient of the loss at ``w`` (n,).
        start: (n,) where to start.
        optimizer: e.g. ``SGD(lr=0.01, momentum=0.9)`` or ``Adam(lr=0.1)``; fresh, or
            with its state cleared.
        steps: how many steps.

    Returns:
        (steps + 1, n) the points, ``start`` first.
    """
    point = _Point(start)
    path = [point.params["w"].copy()]
    for _ in range(steps):
        point.grads["w"] = np.asarray(grad(point.params["w"]), dtype=float)
        optimizer.step(point)
        path.append(point.params["w"].copy())
    return np.array(path)


_GRID = {}


def _valley_grid(xlim, ylim):
    """The loss on a grid, computed once per window (widgets redraw it often)."""
    key = (tuple(xlim), tuple(ylim))
    if key not in _GRID:
        w1, w2 = np.meshgrid(np.linspace(*xlim, 81), np.linspace(*ylim, 61))
        _GRID[key] = (w1, w2, valley_loss(w1, w2))
    return _GRID[key]


def draw_loss_surface(paths, ax=None, *, xlim=(-5.0, 5.0), ylim=(-2.0, 2.0)):
    """Contours of ``valley_loss`` with descent paths drawn on top.

    Introduced in chapter 6.

    Args:
        paths: dict name -> (steps + 1, 2) points, e.g. from ``descent_path``.
        ax: the Axes to draw on (a new figure when None).
        xlim, ylim: the window.

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax, figsize=(6, 3.5))
    w1, w2, loss = _valley_grid(xlim, ylim)
    levels = np.geomspace(0.01, loss.max(), 12)
    ax.contour(w1, w2, loss, levels=levels, colors="0.6", linewidths=0.7)
    colours = ["tab:red", "tab:blue", "tab:green", "tab:purple"]
    for (name, path), colour in zip(paths.items(), colours):
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], "-o", color=colour, markersize=2.5,
                linewidth=1, label=name)
    ax.plot([0], [0], "k*", markersize=10, label="minimum")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("w1")
    ax.set_ylabel("w2")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def draw_surface_descent(lr, momentum=0.0, ax=None, *, start=(-4.5, 1.5), steps=40):
    """SGD (with optional momentum) on ``valley_loss``: the path of ``steps`` steps.

    Introduced in chapter 6; the drawing of the 2-D learning-rate explorer.

    Args:
        lr: the learning rate.
        momentum: SGD's momentum, 0 for plain gradient descent.
        ax: the Axes to draw on (a new figure when None).
        start: (2,) the starting point.
        steps: how many steps.

    Returns:
        The Axes, titled with the settings and the final loss.
    """
    from nncourse.optim import SGD

    path = descent_path(valley_grad, start, SGD(lr, momentum=momentum), steps)
    ax = draw_loss_surface({f"{steps} steps": path}, ax)
    final = float(valley_loss(*path[-1]))
    ax.set_title(f"lr = {lr:.3f}, momentum = {momentum:.2f}: loss {final:.2g}")
    return ax
