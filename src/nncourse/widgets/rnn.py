"""The widget of chapter 11: the gradient through time of a plain RNN."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["gradient_through_time_explorer"]

LENGTHS = (10, 20, 30, 60, 100)
SCALES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


def gradient_through_time_explorer(length=30, scale=1.0, *, lengths=LENGTHS, scales=SCALES):
    """Sliders for the sequence length and the recurrent weight's scale.

    Introduced in chapter 11. The picture is ``plots.draw_rnn_gradient``: how much
    the input at each step of the sequence reaches a loss on the last step, for a
    plain RNN whose ``Wh`` is ``scale`` times a random orthogonal matrix. A picture
    is stored for every length and scale (5 x 8 = 40 by default), so both sliders
    work in the built book with no kernel.

    Args:
        length, scale: where the sliders start, one of ``lengths`` and of ``scales``.
        lengths, scales: the positions of the two sliders.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots.rnn import draw_rnn_gradient

    controls = {
        "length": choice_slider("sequence length", lengths, int(length), "d"),
        "scale": choice_slider("recurrent scale", scales, float(scale), ".2f"),
    }
    return stored_figure(
        lambda ax, length, scale: draw_rnn_gradient(length, scale, ax),
        controls,
        figsize=(6, 3.5),
        alt=lambda length, scale: f"The gradient reaching each of {length} steps of a "
        f"plain RNN with recurrent scale {scale:.2f}, on a log scale.",
    )
