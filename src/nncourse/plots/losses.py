"""The figures of chapter 5, loss functions."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = ["losses_at_probability", "draw_loss_explorer", "draw_gradient_when_wrong"]


def losses_at_probability(p, target=1):
    """MSE and binary cross-entropy of one prediction, and their gradients.

    Introduced in chapter 5. The output unit is a sigmoid, ``p = sigmoid(z)``, so
    the gradients are taken with respect to the logit ``z`` (what the weights
    below the sigmoid feel):

    - MSE ``(p - t)^2``, gradient ``2 (p - t) p (1 - p)``;
    - cross-entropy ``-(t log p + (1 - t) log(1 - p))``, gradient ``p - t``.

    Args:
        p: predicted probability, a number or an array, in (0, 1).
        target: the true label, 0 or 1.

    Returns:
        A dict with ``"mse"``, ``"bce"``, ``"mse_grad"``, ``"bce_grad"``, each the
        shape of ``p``.
    """
    p = np.asarray(p, dtype=float)
    t = float(target)
    return {
        "mse": (p - t) ** 2,
        "bce": -(t * np.log(p) + (1 - t) * np.log(1 - p)),
        "mse_grad": 2 * (p - t) * p * (1 - p),
        "bce_grad": p - t,
    }


def draw_loss_explorer(p, ax=None, *, target=1):
    """Each loss and its gradient as the predicted probability ``p`` moves.

    Introduced in chapter 5. Solid curves: MSE and cross-entropy against the
    predicted probability for a true label ``target``; dashed curves: their
    gradients with respect to the logit. Dots mark the values at ``p``. A dotted
    line marks -1 (+1 for label 0), the value the cross-entropy gradient ``p - t``
    approaches but never passes as the prediction becomes certain and wrong.

    Args:
        p: the predicted probability to mark, in (0, 1).
        ax: the Axes to draw on (a new figure when None).
        target: the true label, 0 or 1.

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax, figsize=(6, 3.5))
    if not 0 < p < 1:
        raise ValueError(f"draw_loss_explorer expected a probability p in (0, 1), got {p}")
    grid = np.linspace(0.005, 0.995, 199)
    curves = losses_at_probability(grid, target)
    here = losses_at_probability(p, target)
    styles = [
        ("mse", "MSE", "tab:blue", "-"),
        ("bce", "cross-entropy", "tab:orange", "-"),
        ("mse_grad", "MSE gradient", "tab:blue", "--"),
        ("bce_grad", "cross-entropy gradient", "tab:orange", "--"),
    ]
    for key, name, colour, style in styles:
        ax.plot(grid, curves[key], color=colour, linestyle=style,
                label=f"{name} = {float(here[key]):+.2f}")
        ax.plot([p], [here[key]], "o", color=colour)
    ax.axvline(p, color="0.6", linewidth=0.8)
    ax.axhline(0, color="0.3", linewidth=0.6)
    # p - t never goes beyond -1 or +1: the cross-entropy gradient levels off there.
    limit = -1.0 if target == 1 else 1.0
    ax.axhline(limit, color="tab:orange", linewidth=0.6, linestyle=":")
    ax.annotate(f"{limit:+.0f}: where the cross-entropy gradient levels off",
                xy=(0.97 if limit < 0 else 0.03, limit), xytext=(0, 3 if limit < 0 else -3),
                textcoords="offset points", ha="right" if limit < 0 else "left",
                va="bottom" if limit < 0 else "top", fontsize="x-small", color="tab:orange")
    ax.set_xlim(0, 1)
    ax.set_ylim(-1.2, 4.5)
    ax.set_xlabel("predicted probability p of class 1")
    ax.set_ylabel("loss (solid), gradient dL/dz (dashed)")
    ax.set_title(f"true label {target}, p = {p:.2f}")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def draw_gradient_when_wrong(ax=None, *, z_range=(-8.0, 8.0)):
    """Size of the gradient ``|dL/dz|`` against the logit ``z`` for true label 1.

    Introduced in chapter 5. Left of zero the sigmoid says "class 0": the further
    left, the more confidently wrong. Cross-entropy's gradient stays near 1 there;
    MSE's vanishes.

    Args:
        ax: the Axes to draw on (a new figure when None).
        z_range: (low, high) of the logits shown.

    Returns:
        The Axes.
    """
    ax = axes_or_new(ax, figsize=(6, 3.5))
    z = np.linspace(*z_range, 321)
    p = 1 / (1 + np.exp(-z))
    values = losses_at_probability(p, target=1)
    ax.plot(z, np.abs(values["mse_grad"]), color="tab:blue", label="MSE")
    ax.plot(z, np.abs(values["bce_grad"]), color="tab:orange", label="cross-entropy")
    ax.axvspan(z_range[0], 0, color="tab:red", alpha=0.08, label="wrong side (p < 0.5)")
    ax.set_xlabel("logit z (the output is p = sigmoid(z)); true label 1")
    ax.set_ylabel("|dL/dz|, the size of the gradient")
    ax.set_title("How hard each loss pushes a wrong prediction")
    ax.legend(loc="center right", fontsize="small")
    return ax
