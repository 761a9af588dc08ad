"""The widget of chapter 0: fit a line by hand."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["line_fit_explorer"]

SLOPES = (-0.5, 0.0, 0.2, 0.5, 0.8, 1.0, 1.3, 1.6)
INTERCEPTS = (-1.0, 0.0, 0.5, 1.0, 1.4, 2.0, 3.0, 4.0)


def line_fit_explorer(x, y, *, a=0.2, b=0.5, slopes=SLOPES, intercepts=INTERCEPTS,
                      xlabel="x", ylabel="y"):
    """Sliders for the slope ``a`` and intercept ``b`` of ``f(x) = a x + b`` over data.

    Introduced in chapter 0. The plot shows the points, the line and the mean
    squared error. A picture is stored for every pair (slope, intercept), so both
    sliders work in the built book with no kernel.

    Args:
        x, y: (n,) the data the line should fit.
        a, b: where the sliders start (one of ``slopes`` and of ``intercepts``).
        slopes, intercepts: the positions of each slider (at most 64 pairs).
        xlabel, ylabel: names of the axes.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_line_fit

    controls = {
        "a": choice_slider("slope a", slopes, a, ".2f"),
        "b": choice_slider("intercept b", intercepts, b, ".2f"),
    }
    return stored_figure(
        lambda ax, a, b: draw_line_fit(a, b, x, y, ax, xlabel=xlabel, ylabel=ylabel),
        controls,
        figsize=(5, 3.5),
        alt=lambda a, b: f"The data points and the line f(x) = {a:.2f} x + {b:.2f}, "
        "with a red bar from each point to the line.",
    )
