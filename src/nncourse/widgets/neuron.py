"""The widget of chapter 2: a sigmoid neuron's weights and bias by hand."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["neuron_explorer"]

WEIGHTS = (0.0, 1.0, 2.0, 5.0)
BIASES = (-7.5, -3.0, -1.5, 0.0)


def neuron_explorer(*, w1=1.0, w2=1.0, b=-1.5, weights=WEIGHTS, biases=BIASES,
                    targets=None):
    """Sliders for ``w1``, ``w2`` and ``b`` of a two-input sigmoid neuron.

    Introduced in chapter 2. The picture (``plots.draw_neuron_output``) shows the
    output ``σ(w1 x1 + w2 x2 + b)`` over the plane as an image (dark near 0,
    bright near 1, in bands of 0.1), the line where it is 0.5, and its value at
    the four corners 00, 01, 10, 11. It has no colour bar, to redraw quickly.
    A picture is stored for every combination (4 x 4 x 4 = 64 by default), so
    every slider works in the built book with no kernel. The default positions
    hold a soft AND, (1, 1, -1.5), and the same neuron scaled by 2 and by 5.

    Args:
        w1, w2: where the weight sliders start, each one of ``weights``.
        b: where the bias slider starts, one of ``biases``.
        weights, biases: the positions of the sliders.
        targets: (4,) targets of the four corners to print beside the outputs
            (e.g. the AND gate's ``[0, 0, 0, 1]``), or None.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots.neuron import draw_neuron_output

    controls = {
        "w1": choice_slider("w1", weights, w1, ".1f"),
        "w2": choice_slider("w2", weights, w2, ".1f"),
        "b": choice_slider("b", biases, b, ".1f"),
    }
    return stored_figure(
        lambda ax, w1, w2, b: draw_neuron_output(w1, w2, b, ax, targets=targets,
                                                 colorbar=False),
        controls,
        figsize=(5, 4),
        alt=_describe,
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
