"""The widget of chapter 10: a 3x3 filter on a digit."""

from __future__ import annotations

import numpy as np

from nncourse.widgets.core import stored_figure

__all__ = ["filter_explorer", "OWN_FILTER"]

#: The menu's last entry: the kernel set on the nine sliders.
OWN_FILTER = "your own (the sliders)"


def filter_explorer(image, preset="vertical edge"):
    """Pick a 3x3 filter, or set its nine weights on sliders; see the feature map.

    Introduced in chapter 10. The menu offers ``plots.FILTERS`` and, last, the
    kernel of the nine sliders (laid out like the kernel). The menu's pictures are
    stored, so it works in the built book with no kernel; the sliders need one.
    Choosing a preset loads it into the sliders; moving a slider switches the menu
    to the sliders' own kernel. The picture is ``plots.draw_filter_demo``.

    Args:
        image: one grey image (H, W), e.g. a digit of ``load_mnist()``.
        preset: the filter shown first (a key of ``plots.FILTERS``).

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell. Its
        ``sliders`` are the nine weight sliders, row by row.
    """
    import ipywidgets as widgets

    from nncourse.plots.cnn import FILTERS, draw_filter_demo

    if preset not in FILTERS:
        raise ValueError(f"expected a filter name out of {list(FILTERS)}, got {preset!r}")
    image = np.asarray(image, dtype=float)
    menu = widgets.Dropdown(options=[*FILTERS, OWN_FILTER], value=preset,
                            description="filter")
    # Each slider is named after its weight (row, column), also for screen readers.
    sliders = [widgets.FloatSlider(value=float(w), min=-8.0, max=8.0, step=0.1,
                                   description=f"w[{k // 3}][{k % 3}]",
                                   readout_format=".2f", continuous_update=False,
                                   style={"description_width": "50px"},
                                   layout=widgets.Layout(width="212px"))
               for k, w in enumerate(FILTERS[preset].ravel())]

    def kernel(name):
        if name == OWN_FILTER:
            return np.array([s.value for s in sliders]).reshape(3, 3)
        return FILTERS[name]

    def draw(ax, filter):
        draw_filter_demo(image, kernel(filter), ax)

    wrap = widgets.Layout(flex_flow="row wrap")  # narrow screens: one slider a line
    rows = [widgets.HBox(sliders[3 * r:3 * r + 3], layout=wrap) for r in range(3)]
    box = stored_figure(
        draw, {"filter": menu}, (7, 2.8), extras=rows, kernel_only=sliders,
        alt=lambda filter: (f"A digit, the 3x3 kernel '{filter}' with its nine weights, "
                            "and the feature map it makes."))
    loading = []  # set while the menu writes the nine sliders

    def load(change):
        if change["new"] == OWN_FILTER:
            return
        loading.append(True)
        for s, w in zip(sliders, FILTERS[change["new"]].ravel()):
            s.value = float(w)
        loading.clear()

    def moved(change):
        if loading:
            return
        if menu.value != OWN_FILTER:
            menu.value = OWN_FILTER
        box.refresh()

    menu.observe(load, names="value")
    for s in sliders:
        s.observe(moved, names="value")
    box.sliders = sliders
    return box
