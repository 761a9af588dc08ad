"""The widgets of chapter 4, activation functions."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["activation_explorer"]

RANGES = (1.0, 2.0, 5.0, 10.0, 20.0)


def activation_explorer(name="sigmoid", x_range=5.0, *, ranges=RANGES):
    """Choose an activation and the input range; see the function and its derivative.

    Introduced in chapter 4. A drop-down picks one of the six activations of the
    chapter; a slider sets the half-width ``r`` of the input range ``[-r, r]``.
    The picture is ``plots.draw_activation``; one is stored for every activation
    and range, so both controls work in the built book with no kernel.

    Args:
        name: the activation shown first (one of ``plots.ACTIVATION_NAMES``).
        x_range: the half-width of the input range shown first, one of ``ranges``.
        ranges: the positions of the range slider.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    import ipywidgets as widgets

    from nncourse.plots.activations import ACTIVATION_NAMES, draw_activation

    if name not in ACTIVATION_NAMES:
        raise ValueError(f"expected an activation name out of {ACTIVATION_NAMES}, got {name!r}")
    controls = {
        "name": widgets.Dropdown(options=list(ACTIVATION_NAMES), value=name,
                                 description="activation"),
        "x_range": choice_slider("input range ±", ranges, x_range, "g"),
    }
    return stored_figure(
        lambda ax, name, x_range: draw_activation(name, ax, x_min=-x_range, x_max=x_range),
        controls,
        figsize=(5, 3.5),
        alt=lambda name, x_range: f"The {name} function (solid) and its derivative "
        f"(dashed) for inputs from {-x_range:.1f} to {x_range:.1f}.",
    )
