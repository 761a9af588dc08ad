"""The widget of chapter 10: a 3x3 filter on a digit."""

from __future__ import annotations

import numpy as np

from nncourse.widgets.core import picture_html

__all__ = ["filter_explorer"]


def filter_explorer(image, preset="vertical edge"):
    """Pick a 3x3 filter, or set its nine weights on sliders; see the feature map.

    Introduced in chapter 10. A drop-down loads one of ``plots.FILTERS`` into the
    nine sliders (laid out like the kernel); moving any slider redraws
    ``plots.draw_filter_demo(image, kernel)``.

    Args:
        image: one grey image (H, W), e.g. a digit of ``load_mnist()``.
        preset: the filter shown first (a key of ``plots.FILTERS``).

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    import ipywidgets as widgets

    from nncourse.plots.cnn import FILTERS, draw_filter_demo

    if preset not in FILTERS:
        raise ValueError(f"expected a filter name out of {list(FILTERS)}, got {preset!r}")
    image = np.asarray(image, dtype=float)
    menu = widgets.Dropdown(options=list(FILTERS), value=preset, description="filter")
    # description: each slider is named after its weight (row, column), also for
    # screen readers
    weights = [widgets.FloatSlider(value=float(w), min=-8.0, max=8.0, step=0.1,
                                   description=f"w[{k // 3},{k % 3}]",
                                   readout_format=".2f", continuous_update=False,
                                   style={"description_width": "50px"},
                                   layout=widgets.Layout(width="212px"))
               for k, w in enumerate(FILTERS[preset].ravel())]
    loading = []  # set while the menu writes the nine sliders: one redraw, not nine

    def picture():
        kernel = np.array([s.value for s in weights]).reshape(3, 3)
        return picture_html(lambda ax: draw_filter_demo(image, kernel, ax), (7, 2.8),
                            "A digit, the 3x3 kernel of the sliders, and the feature map "
                            "it makes.")

    image_box = widgets.HTML(value=picture())

    def redraw(change):
        if not loading:
            image_box.value = picture()

    def load(change):
        loading.append(True)
        for s, w in zip(weights, FILTERS[change["new"]].ravel()):
            s.value = float(w)
        loading.clear()
        redraw(None)

    menu.observe(load, names="value")
    for s in weights:
        s.observe(redraw, names="value")
    wrap = widgets.Layout(flex_flow="row wrap")  # narrow screens: one slider a line
    rows = [widgets.HBox(weights[3 * r:3 * r + 3], layout=wrap) for r in range(3)]
    return widgets.VBox([menu, *rows, image_box])
