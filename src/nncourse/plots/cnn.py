"""The figures of chapter 10, convolutional networks: a 3x3 filter on a digit,
learned filters, feature maps."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new
from nncourse.plots.mnist import _mosaic

__all__ = ["FILTERS", "feature_map", "draw_filter_demo", "draw_filters",
           "draw_feature_maps"]

# Classic 3x3 filters, applied as a cross-correlation (not flipped), as Conv2D does.
FILTERS = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "vertical edge": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "horizontal edge": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "blur": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
}
FILTERS = {name: np.array(k, dtype=float) for name, k in FILTERS.items()}


def feature_map(image, kernel):
    """One grey image (H, W) filtered by one kernel (kh, kw), zero-padded so that the
    output keeps the size (odd kernels): ``out[i, j] = sum(window * kernel)``.

    Introduced in chapter 10; it is ``Conv2D`` with one input and one output
    channel, no bias.
    """
    from nncourse.layers.conv import im2col

    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"feature_map expected a 2-D image and a 2-D kernel, got shapes "
                         f"{image.shape} and {kernel.shape}")
    kh, kw = kernel.shape
    cols, (ho, wo) = im2col(image[None, None], (kh, kw), (1, 1), (kh // 2, kw // 2))
    return (cols @ kernel.ravel()).reshape(ho, wo)


def draw_filter_demo(image, kernel, ax=None, *, title=None):
    """Three panels side by side: the digit, the 3x3 kernel with its numbers, and the
    feature map (red: positive response, blue: negative).

    Introduced in chapter 10 (the filter widget draws this). All three are images
    in one Axes, placed with ``extent``: one Axes draws faster than three, which
    keeps the widget's sliders quick. Returns the Axes.
    """
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    fmap = feature_map(image, kernel)
    ax = axes_or_new(ax, figsize=(7, 2.8))
    height, width = image.shape
    size = height / 2  # the kernel's panel, drawn half as tall as the digit
    gap = width / 4
    left, middle, right = 0.0, width + gap, width + 2 * gap + size
    top = (height - size) / 2
    ax.imshow(image, cmap="gray_r", interpolation="nearest",
              extent=(left, left + width, height, 0))
    limit = max(np.abs(kernel).max(), 1e-12)
    ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest",
              extent=(middle, middle + size, top + size, top))
    cell_h, cell_w = size / kernel.shape[0], size / kernel.shape[1]
    for (i, j), w in np.ndenumerate(kernel):  # white on the dark cells
        ax.text(middle + (j + 0.5) * cell_w, top + (i + 0.5) * cell_h, f"{w:.2g}",
                ha="center", va="center", fontsize=8,
                color="white" if abs(w) > 0.6 * limit else "black")
    limit = max(np.abs(fmap).max(), 1e-12)
    ax.imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest",
              extent=(right, right + width, height, 0))
    below = height + 1
    for x, caption in ((left + width / 2, "the digit (input)"),
                       (middle + size / 2, "3x3 kernel"),
                       (right + width / 2, "feature map (output)")):
        ax.text(x, below, caption, ha="center", va="top", fontsize=10)
    ax.set_xlim(left - 0.5, right + width + 0.5)
    ax.set_ylim(height + 4, -0.5)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def draw_filters(W, ax=None, *, n_cols=8, title="Learned filters"):
    """The kernels of a ``Conv2D`` with one input channel, W (F, 1, kh, kw), one small
    image each, each scaled to its own largest ``|w|`` (red positive, blue negative).
    Introduced in chapter 10. Returns the Axes."""
    W = np.asarray(W, dtype=float)
    if W.ndim != 4 or W.shape[1] != 1:
        raise ValueError(f"draw_filters expected kernels of shape (filters, 1, kh, kw), "
                         f"got shape {W.shape}")
    tiles = W[:, 0] / np.maximum(np.abs(W[:, 0]).max(axis=(1, 2), keepdims=True), 1e-12)
    picture, n_rows, n_cols = _mosaic(tiles, n_cols, pad=1, fill=np.nan)
    ax = axes_or_new(ax, figsize=(0.7 * n_cols, 0.7 * n_rows + 0.5))
    ax.set_facecolor("0.3")
    ax.imshow(picture, cmap="RdBu_r", vmin=-1, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("one kernel per output channel (red: positive, blue: negative)")
    ax.set_title(title)
    return ax


def draw_feature_maps(maps, ax=None, *, n_cols=8, title="Feature maps"):
    """The channels of one image's activations, maps (channels, H, W), one tile each
    on a common scale (dark: strong response). Introduced in chapter 10."""
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3:
        raise ValueError(f"draw_feature_maps expected maps of shape (channels, height, "
                         f"width), got shape {maps.shape}")
    picture, n_rows, n_cols = _mosaic(maps, n_cols, pad=1, fill=np.nan)
    ax = axes_or_new(ax, figsize=(0.9 * n_cols, 0.9 * n_rows + 0.5))
    ax.set_facecolor("0.6")
    ax.imshow(picture, cmap="gray_r", interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("one map per channel (dark: strong response)")
    ax.set_title(title)
    return ax
