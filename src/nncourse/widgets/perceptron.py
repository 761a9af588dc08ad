"""The widget of chapter 1: a perceptron's weights and bias by hand."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["perceptron_playground"]

WEIGHTS = (-0.5, 0.5)
BIASES = (-0.75, -0.25, 0.25, 0.75)


def perceptron_playground(gate="AND", *, w1=0.5, w2=0.5, b=0.25, weights=WEIGHTS,
                          biases=BIASES):
    """Sliders for ``w1``, ``w2`` and ``b`` and a menu of gates over the four points.

    Introduced in chapter 1. The picture (``plots.draw_perceptron``) shows the
    decision line ``w1 x1 + w2 x2 + b = 0``, the region where the perceptron
    outputs 1, each point's output with ✓ or ✗, and how many of the four are right.
    A picture is stored for every gate, weights and bias (4 x 2 x 2 x 4 = 64 by
    default), so every control works in the built book with no kernel. The
    default positions are enough to find AND, OR, NAND and NOR, and to see that
    no setting gets XOR right.

    Args:
        gate: the gate shown first: "AND", "OR", "NAND" or "XOR".
        w1, w2: where the weight sliders start, each one of ``weights``.
        b: where the bias slider starts, one of ``biases``.
        weights, biases: the positions of the sliders.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    import ipywidgets as widgets

    from nncourse.plots.perceptron import draw_perceptron

    controls = {
        "gate": widgets.Dropdown(options=["AND", "OR", "NAND", "XOR"],
                                 value=str(gate).upper(), description="gate",
                                 layout=widgets.Layout(width="140px")),
        "w1": choice_slider("w1", weights, w1, ".2f"),
        "w2": choice_slider("w2", weights, w2, ".2f"),
        "b": choice_slider("b", biases, b, ".2f"),
    }
    return stored_figure(
        lambda ax, gate, w1, w2, b: draw_perceptron(w1, w2, b, gate, ax),
        controls,
        figsize=(5, 4),
        alt=lambda gate, w1, w2, b: _describe(gate, w1, w2, b),
    )


def _describe(gate, w1, w2, b):
    """The picture in words, for screen readers."""
    import numpy as np

    from nncourse.datasets import logic_gate

    X, y = logic_gate(gate)
    y_hat = (X @ np.array([w1, w2]) + b >= 0).astype(int)
    points = ", ".join(
        f"({x1:.0f}, {x2:.0f}) gives {out} ({'right' if out == t else 'wrong'})"
        for (x1, x2), out, t in zip(X, y_hat, y))
    return (f"The four inputs of the {gate} gate and the decision line "
            f"{w1:.2f} x1 + {w2:.2f} x2 + {b:.2f} = 0: {points}; "
            f"{int(np.sum(y_hat == y))} of 4 right.")
