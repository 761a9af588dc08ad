"""The widgets of chapter 3, the dense layer."""

from __future__ import annotations

from nncourse.widgets.core import live_figure

__all__ = ["width_explorer"]


def width_explorer(x, y, fits):
    """A slider over hidden widths that shows each trained network's fit.

    Introduced in chapter 3. The networks are trained beforehand (training is far
    too slow for a slider), so moving the slider only redraws.

    Args:
        x: (n,) or (n, 1) points.
        y: (n,) or (n, 1) the target function at ``x``.
        fits: dict hidden width -> (n,) or (n, 1) output of the network of that width.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    import ipywidgets as widgets

    from nncourse.plots.dense import draw_function_fit

    if not fits:
        raise ValueError("width_explorer needs at least one fit, got an empty dict")
    widths = sorted(fits)
    controls = {"width": widgets.SelectionSlider(options=widths, value=widths[0],
                                                 description="hidden units")}
    return live_figure(
        lambda ax, width: draw_function_fit(x, y, fits[width], ax,
                                            label=f"{width} hidden units"),
        controls,
        figsize=(5, 3.5),
        alt=lambda width: f"The target function and the fit of a network with one "
        f"hidden layer of {width} units.",
    )
