"""The widget of chapter 0: fit a line by hand."""

from __future__ import annotations

from nncourse.widgets.core import live_figure, slider

__all__ = ["line_fit_explorer"]


def line_fit_explorer(
    x, y, *, a=0.0, b=0.0, a_range=(-1.0, 3.0), b_range=(-3.0, 5.0), xlabel="x", ylabel="y"
):
    """Sliders for the slope ``a`` and intercept ``b`` of ``f(x) = a x + b`` over data.

    Introduced in chapter 0. The plot shows the points, the line and the mean
    squared error, redrawn as the sliders move.

    Args:
        x, y: (n,) the data the line should fit.
        a, b: where the sliders start.
        a_range, b_range: (low, high) of each slider.
        xlabel, ylabel: names of the axes.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_line_fit

    controls = {
        "a": slider("slope a", a, *a_range, 0.05),
        "b": slider("intercept b", b, *b_range, 0.1),
    }
    return live_figure(
        lambda ax, a, b: draw_line_fit(a, b, x, y, ax, xlabel=xlabel, ylabel=ylabel),
        controls,
        figsize=(5, 3.5),
        alt=lambda a, b: f"The data points and the line f(x) = {a:.2f} x + {b:.2f}, "
        "with a red bar from each point to the line.",
    )
