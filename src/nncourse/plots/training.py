"""The figures of chapter 9, training networks well: optimisers on 2-D surfaces,
curves of several training runs side by side, and learning-rate schedules."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new
from nncourse.plots.descent import descent_path

__all__ = ["SURFACES", "OPTIMISERS", "surface_loss", "surface_grad", "make_optimiser",
           "optimiser_paths", "draw_optimiser_race", "draw_runs", "draw_schedules"]

# name -> (description, window xlim, ylim, start points, steps drawn)
SURFACES = {
    "valley": ("a valley (w1² + 20 w2²) / 2",
               (-5.0, 5.0), (-2.5, 2.5), ((-4.5, 2.0), (4.0, -1.0)), 40),
    "saddle": ("a saddle w1²/2 − w2²/2 + w2⁴/4",
               (-2.5, 2.5), (-1.8, 1.8), ((-2.2, 1e-3), (2.0, -0.2)), 40),
    "rosenbrock": ("Rosenbrock (1 − w1)² + 100 (w2 − w1²)²",
                   (-2.0, 2.0), (-1.0, 3.0), ((-1.5, 2.5), (0.0, -0.5)), 300),
}

# name -> (class name, fixed keyword arguments, learning rate per surface): rates
# chosen by hand so that each optimiser does about its best in 60 steps.
OPTIMISERS = {
    "SGD": ("SGD", {}, {"valley": 0.09, "saddle": 0.1, "rosenbrock": 0.001}),
    "momentum": ("SGD", {"momentum": 0.9}, {"valley": 0.02, "saddle": 0.02,
                                            "rosenbrock": 0.0002}),
    "Nesterov": ("SGD", {"momentum": 0.9, "nesterov": True},
                 {"valley": 0.02, "saddle": 0.02, "rosenbrock": 0.0002}),
    "AdaGrad": ("AdaGrad", {}, {"valley": 1.0, "saddle": 0.3, "rosenbrock": 0.3}),
    "RMSProp": ("RMSProp", {}, {"valley": 0.1, "saddle": 0.05, "rosenbrock": 0.02}),
    "Adam": ("Adam", {}, {"valley": 0.3, "saddle": 0.1, "rosenbrock": 0.05}),
}
_COLOURS = dict(zip(OPTIMISERS, ("tab:gray", "tab:blue", "tab:cyan", "tab:green",
                                 "tab:orange", "tab:red")))


def _check_surface(name):
    if name not in SURFACES:
        raise ValueError(f"expected a surface among {list(SURFACES)}, got {name!r}")


def surface_loss(name, w1, w2):
    """The loss of surface ``name`` at ``(w1, w2)``, element-wise on arrays."""
    _check_surface(name)
    w1, w2 = np.asarray(w1, dtype=float), np.asarray(w2, dtype=float)
    if name == "valley":
        return 0.5 * (w1 ** 2 + 20 * w2 ** 2)
    if name == "saddle":
        return 0.5 * w1 ** 2 - 0.5 * w2 ** 2 + 0.25 * w2 ** 4
    return (1 - w1) ** 2 + 100 * (w2 - w1 ** 2) ** 2


def surface_grad(name, w):
    """The gradient of surface ``name`` at ``w`` (2,)."""
    _check_surface(name)
    w1, w2 = np.asarray(w, dtype=float)
    if name == "valley":
        return np.array([w1, 20 * w2])
    if name == "saddle":
        return np.array([w1, -w2 + w2 ** 3])
    return np.array([-2 * (1 - w1) - 400 * w1 * (w2 - w1 ** 2), 200 * (w2 - w1 ** 2)])


def make_optimiser(name, surface, lr_scale=1.0):
    """A fresh ``nncourse.optim`` optimiser ``name`` (a key of ``OPTIMISERS``) with
    its hand-tuned rate for ``surface`` times ``lr_scale``."""
    from nncourse import optim

    if name not in OPTIMISERS:
        raise ValueError(f"expected an optimiser among {list(OPTIMISERS)}, got {name!r}")
    cls, kwargs, rates = OPTIMISERS[name]
    return getattr(optim, cls)(rates[surface] * lr_scale, **kwargs)


def optimiser_paths(surface, start, *, names=None, lr_scale=1.0, steps=None):
    """name -> (steps + 1, 2) the points each optimiser visits from ``start``
    (``steps``: the surface's default when None). Introduced in chapter 9.

    A path that leaves the plane (overflow) is cut at its last finite point.
    """
    _check_surface(surface)
    steps = SURFACES[surface][4] if steps is None else steps
    paths = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for name in names or OPTIMISERS:
            path = descent_path(lambda w: surface_grad(surface, w), start,
                                make_optimiser(name, surface, lr_scale), steps)
            finite = np.isfinite(path).all(axis=1) & (np.abs(path) < 1e6).all(axis=1)
            paths[name] = path[:np.argmin(finite)] if not finite.all() else path
    return paths


_GRIDS = {}


def draw_optimiser_race(surface, ax=None, *, lr_scale=1.0, start=0, optimiser="all",
                        steps=None):
    """Contours of ``surface`` and the paths of the optimisers from a start point.

    Introduced in chapter 9. ``start`` is an index into the surface's start points
    (``SURFACES[surface][3]``), ``steps`` the surface's default when None or a point (w1, w2); ``optimiser`` is "all" or one
    name of ``OPTIMISERS``; ``lr_scale`` multiplies every optimiser's tuned rate.
    The legend gives each optimiser's loss after the last step.
    """
    _check_surface(surface)
    label, xlim, ylim, starts, default_steps = SURFACES[surface]
    steps = default_steps if steps is None else steps
    point = starts[start] if isinstance(start, (int, np.integer)) else tuple(start)
    names = list(OPTIMISERS) if optimiser == "all" else [optimiser]
    ax = axes_or_new(ax, figsize=(6, 4))
    if surface not in _GRIDS:
        w1, w2 = np.meshgrid(np.linspace(*xlim, 81), np.linspace(*ylim, 61))
        _GRIDS[surface] = (w1, w2, surface_loss(surface, w1, w2))
    w1, w2, z = _GRIDS[surface]
    levels = np.quantile(z, np.linspace(0.0, 0.9, 14) ** 2) if surface != "saddle" \
        else np.linspace(z.min(), np.quantile(z, 0.95), 14)
    ax.contour(w1, w2, z, levels=np.unique(levels), colors="0.7", linewidths=0.7)
    for name, path in optimiser_paths(surface, point, names=names, lr_scale=lr_scale,
                                      steps=steps).items():
        last = surface_loss(surface, *path[-1]) if len(path) == steps + 1 else np.inf
        text = f"{last:.3g}" if np.isfinite(last) else "diverged"
        ax.plot(path[:, 0], path[:, 1], ".-", color=_COLOURS[name], markersize=2.5,
                linewidth=1.2, label=f"{name}: {text}")
    ax.plot(*point, "ko", markersize=5)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_title(f"{steps} steps on {label}, rates × {lr_scale:g}", fontsize="small")
    ax.legend(fontsize="x-small", loc="upper right", title="loss at the end",
              title_fontsize="x-small")
    return ax


def draw_runs(runs, ax=None, *, metric="val_loss", title=None, log=False):
    """One curve per training run: ``runs`` maps a label to a ``History`` (or a dict
    with the same keys); ``metric`` is one of loss, accuracy, val_loss,
    val_accuracy. Introduced in chapter 9."""
    if metric not in ("loss", "accuracy", "val_loss", "val_accuracy"):
        raise ValueError(f"draw_runs expected metric loss, accuracy, val_loss or "
                         f"val_accuracy, got {metric!r}")
    ax = axes_or_new(ax)
    for label, history in runs.items():
        values = history[metric] if isinstance(history, dict) else getattr(history, metric)
        ax.plot(np.arange(1, len(values) + 1), values, "-", linewidth=1.4, label=label)
    ax.set_xlabel("epoch")
    what = {"loss": "training loss", "accuracy": "training accuracy",
            "val_loss": "validation loss", "val_accuracy": "validation accuracy"}[metric]
    ax.set_ylabel(what)
    if log:
        ax.set_yscale("log")
    ax.set_title(title or what.capitalize() + " per epoch", fontsize="medium")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="x-small")
    return ax


def draw_schedules(schedules, epochs, ax=None):
    """Learning rate against epoch for each ``label -> schedule(epoch)``."""
    ax = axes_or_new(ax)
    e = np.arange(epochs)
    for label, schedule in schedules.items():
        ax.plot(e, [schedule(int(k)) for k in e], ".-", label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    ax.set_title("Learning-rate schedules", fontsize="medium")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax
