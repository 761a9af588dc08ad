"""The widget of chapter 2: a sigmoid neuron's weights and bias by hand."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, slider, stored_figure

__all__ = ["neuron_explorer"]

BIASES = (-10.0, -5.0, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 1.0, 3.0, 5.0, 10.0)


def neuron_explorer(*, w1=1.0, w2=1.0, b=-1.5, low=-10.0, high=10.0, biases=BIASES,
                    targets=None):
    """Sliders for ``w1``, ``w2`` and ``b`` of a two-input sigmoid neuron.

    Introduced in chapter 2. The picture (``plots.draw_neuron_output``) shows the
    output ``σ(w1 x1 + w2 x2 + b)`` over the plane as an image (dark near 0,
    bright near 1, in bands of 0.1), the line where it is 0.5, and its value at
    the four corners 00, 01, 10, 11. It has no colour bar, to redraw quickly.
    A picture is stored for every bias (with the starting weights), so ``b``
    works in the built book with no kernel; ``w1`` and ``w2`` need a kernel.

    Args:
        w1, w2: where the weight sliders start; they run from ``low`` to ``high``.
        b: where the bias slider starts, one of ``biases``.
        biases: the positions of the bias slider.
        targets: (4,) targets of the four corners to print beside the outputs
            (e.g. the AND gate's ``[0, 0, 0, 1]``), or None.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots.neuron import draw_neuron_output

    controls = {
        "w1": slider("w1", w1, low, high, 0.1),
        "w2": slider("w2", w2, low, high, 0.1),
        "b": choice_slider("b", biases, b, ".1f"),
    }
    return stored_figure(
        lambda ax, w1, w2, b: draw_neuron_output(w1, w2, b, ax, targets=targets,
                                                 colorbar=False),
        controls,
        figsize=(5, 4),
        alt=_describe,
        static=["b"],
    )


def _describe(w1, w2, b):
    """The picture in words, for screen readers."""
    import numpy as np

    from nncourse.activations import sigmoid

    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    outputs = sigmoid(corners @ np.array([w1, w2]) + b)
    values = ", ".join(f"({x1:.0f}, {x2:.0f}) {out:.2f}"
                       for (x1, x2), out in zip(corners, outputs))
    return (f"The output of the neuron sigma({w1:.2f} x1 + {w2:.2f} x2 + {b:.2f}) "
            f"over the plane as an image, with the line where it is 0.5; "
            f"at the corners: {values}.")
