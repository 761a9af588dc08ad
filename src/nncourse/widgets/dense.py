"""The widgets of chapter 3, the dense layer."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["width_explorer"]


def width_explorer(x, y, fits):
    """A slider over hidden widths that shows each trained network's fit.

    Introduced in chapter 3. The networks are trained beforehand (training is far
    too slow for a slider), and a picture is stored for every width, so the
    slider works in the built book with no kernel.

    Args:
        x: (n,) or (n, 1) points.
        y: (n,) or (n, 1) the target function at ``x``.
        fits: dict hidden width -> (n,) or (n, 1) output of the network of that width.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots.dense import draw_function_fit

    if not fits:
        raise ValueError("width_explorer needs at least one fit, got an empty dict")
    widths = sorted(fits)
    controls = {"width": choice_slider("hidden units", widths, widths[0], "d")}
    return stored_figure(
        lambda ax, width: draw_function_fit(x, y, fits[width], ax,
                                            label=f"{width} hidden units"),
        controls,
        figsize=(5, 3.5),
        alt=lambda width: f"The target function and the fit of a network with one "
        f"hidden layer of {width} units.",
    )
