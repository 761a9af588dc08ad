"""The widget of chapter 2: a sigmoid neuron's weights and bias by hand."""

from __future__ import annotations

from nncourse.widgets.core import live_figure, slider

__all__ = ["neuron_explorer"]


def neuron_explorer(*, w1=1.0, w2=1.0, b=-1.5, low=-10.0, high=10.0, targets=None):
    """Sliders for ``w1``, ``w2`` and ``b`` of a two-input sigmoid neuron.

    Introduced in chapter 2. The picture (``plots.draw_neuron_output``) shows the
    output ``σ(w1 x1 + w2 x2 + b)`` over the plane as an image (dark near 0,
    bright near 1, in bands of 0.1), the line where it is 0.5, and its value at
    the four corners 00, 01, 10, 11. It has no colour bar, to redraw quickly.

    Args:
        w1, w2, b: where the sliders start.
        low, high: the range of every slider.
        targets: (4,) targets of the four corners to print beside the outputs
            (e.g. the AND gate's ``[0, 0, 0, 1]``), or None.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots.neuron import draw_neuron_output

    controls = {
        "w1": slider("w1", w1, low, high, 0.1),
        "w2": slider("w2", w2, low, high, 0.1),
        "b": slider("b", b, low, high, 0.1),
    }
    return live_figure(
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
