"""Chapter 10's figures and widget: feature_map, the filter demo, filters, maps."""

import numpy as np
import pytest

from nncourse import plots, widgets
from nncourse.layers import Conv2D


def test_feature_map_is_a_one_channel_conv(rng):
    image, kernel = rng.random((7, 6)), rng.normal(size=(3, 3))
    conv = Conv2D(1, 1, 3, padding=1)
    conv.params["W"][0, 0] = kernel
    np.testing.assert_allclose(plots.feature_map(image, kernel),
                               conv.forward(image[None, None])[0, 0])
    # identity keeps the image; the vertical-edge filter answers a step with a line
    np.testing.assert_allclose(plots.feature_map(image, plots.FILTERS["identity"]), image)
    step = np.zeros((5, 6))
    step[:, 3:] = 1
    edges = plots.feature_map(step, plots.FILTERS["vertical edge"])
    assert np.all(edges[1:-1, 2:4] == -4) and np.all(edges[1:-1, :2] == 0)
    with pytest.raises(ValueError, match="2-D image and a 2-D kernel"):
        plots.feature_map(rng.random((1, 5, 5)), kernel)


def test_drawings_return_their_axes(rng):
    ax = plots.draw_filter_demo(rng.random((28, 28)), plots.FILTERS["sharpen"])
    digit, kernel, fmap = ax.images
    assert digit.get_array().shape == fmap.get_array().shape == (28, 28)
    assert kernel.get_array().shape == (3, 3)
    assert [t.get_text() for t in ax.texts[:3]] == ["0", "-1", "0"]  # the kernel's numbers
    ax = plots.draw_filters(rng.normal(size=(16, 1, 5, 5)))
    assert ax.get_title() == "Learned filters"
    ax = plots.draw_feature_maps(rng.random((8, 14, 14)), n_cols=4)
    assert ax.images[0].get_array().shape == (2 * 14 + 1, 4 * 14 + 3)
    with pytest.raises(ValueError, match=r"\(filters, 1, kh, kw\)"):
        plots.draw_filters(rng.normal(size=(16, 2, 5, 5)))
    with pytest.raises(ValueError, match=r"\(channels, height, width\)"):
        plots.draw_feature_maps(rng.random((14, 14)))


def test_filter_explorer_stores_the_menu_and_redraws_the_sliders(rng):
    box = widgets.filter_explorer(rng.random((28, 28)), preset="blur")
    menu, sliders = box.controls["filter"], box.sliders
    assert [round(s.value, 3) for s in sliders] == [0.111] * 9
    assert sliders[5].description == "w[1][2]"  # a name for each weight
    assert len(box.pictures) == len(menu.options) == len(plots.FILTERS) + 1
    assert box.static == ["filter"]
    note = [c.value for c in box.children if "need a kernel" in getattr(c, "value", "")]
    assert note and "w[0][0]" in note[0] and "filter changes the picture" in note[0]
    before = box.shown().value
    menu.value = "outline"                      # a stored picture, and the sliders load it
    assert [s.value for s in sliders] == [-1, -1, -1, -1, 8, -1, -1, -1, -1]
    assert box.shown().value != before and "kernel &#x27;outline" in box.shown().value
    sliders[4].value = 2.0                      # a slider: the sliders' own kernel, redrawn
    assert menu.value == widgets.OWN_FILTER
    assert box.shown().value.startswith("<img") and "kernel &#x27;your own" in box.shown().value
    with pytest.raises(ValueError, match="filter name"):
        widgets.filter_explorer(rng.random((28, 28)), preset="emboss")
