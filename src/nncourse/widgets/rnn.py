"""The widget of chapter 11: the gradient through time of a plain RNN."""

from __future__ import annotations

from nncourse.widgets.core import live_figure, slider

__all__ = ["gradient_through_time_explorer"]


def gradient_through_time_explorer(length=30, scale=1.0):
    """Sliders for the sequence length and the recurrent weight's scale.

    Introduced in chapter 11. The picture is ``plots.draw_rnn_gradient``: how much
    the input at each step of the sequence reaches a loss on the last step, for a
    plain RNN whose ``Wh`` is ``scale`` times a random orthogonal matrix.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    import ipywidgets as widgets

    from nncourse.plots.rnn import draw_rnn_gradient

    controls = {
        "length": widgets.IntSlider(value=int(length), min=2, max=100, step=1,
                                    description="sequence length",
                                    style={"description_width": "initial"}),
        "scale": slider("recurrent scale", float(scale), 0.25, 4.0, 0.05),
    }
    return live_figure(
        lambda ax, length, scale: draw_rnn_gradient(length, scale, ax),
        controls,
        figsize=(6, 3.5),
        alt=lambda length, scale: f"The gradient reaching each of {length} steps of a "
        f"plain RNN with recurrent scale {scale:.2f}, on a log scale.",
    )
