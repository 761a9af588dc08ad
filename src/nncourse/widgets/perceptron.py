"""The widget of chapter 1: a perceptron's weights and bias by hand."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, slider, stored_figure

__all__ = ["perceptron_playground"]

BIASES = (-1.5, -1.25, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5)


def perceptron_playground(gate="AND", *, w1=0.5, w2=0.5, b=0.0, low=-2.0, high=2.0,
                          biases=BIASES):
    """Sliders for ``w1``, ``w2`` and ``b`` and a menu of gates over the four points.

    Introduced in chapter 1. The picture (``plots.draw_perceptron``) shows the
    decision line ``w1 x1 + w2 x2 + b = 0``, the region where the perceptron
    outputs 1, each point's output with ✓ or ✗, and how many of the four are right.
    A picture is stored for every gate and bias (with the starting weights), so
    the gate and ``b`` work in the built book with no kernel; ``w1`` and ``w2``
    redraw with a kernel, and the widget says so.

    Args:
        gate: the gate shown first: "AND", "OR", "NAND" or "XOR".
        w1, w2: where the weight sliders start; they run from ``low`` to ``high``.
        b: where the bias slider starts, one of ``biases``.
        biases: the positions of the bias slider.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    import ipywidgets as widgets

    from nncourse.plots.perceptron import draw_perceptron

    controls = {
        "gate": widgets.Dropdown(options=["AND", "OR", "NAND", "XOR"],
                                 value=str(gate).upper(), description="gate",
                                 layout=widgets.Layout(width="140px")),
        "w1": slider("w1", w1, low, high, 0.05),
        "w2": slider("w2", w2, low, high, 0.05),
        "b": choice_slider("b", biases, b, ".2f"),
    }
    return stored_figure(
        lambda ax, gate, w1, w2, b: draw_perceptron(w1, w2, b, gate, ax),
        controls,
        figsize=(5, 4),
        alt=lambda gate, w1, w2, b: _describe(gate, w1, w2, b),
        static=["gate", "b"],
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
