"""Data augmentation: new training images made from old ones. Introduced in chapter 10
(shifts) and chapter 9 (rotations, ``ImageAugmenter`` for ``fit``).

``random_shift`` moves every image by a few whole pixels, a different amount for each
image: a digit moved by two pixels is still the same digit, so the network sees
"new" examples each epoch and learns not to care where exactly the digit sits.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nncourse._validation import as_rng

__all__ = ["random_shift", "random_rotation", "ImageAugmenter"]


def random_shift(images, max_shift, rng=None):
    """Shift each image by a random whole number of pixels, filling with zeros.

    images: (N, H, W), or (N, ..., H, W) (e.g. (N, channels, H, W)); the shift acts
    on the last two axes and is the same for all channels of one image. Each image
    moves by ``dy, dx`` drawn uniformly from ``-max_shift..max_shift`` (both
    included), independently per image. Returns a new array of the same shape and
    dtype; pixels moved in from outside are 0 (the background of MNIST digits).

    rng: a ``np.random.default_rng(...)`` or an int seed.
    """
    images = np.asarray(images)
    if images.ndim < 3:
        raise ValueError(f"random_shift expected images of shape (N, H, W) or "
                         f"(N, channels, H, W), got shape {images.shape}")
    if not isinstance(max_shift, (int, np.integer)) or max_shift < 0:
        raise ValueError(f"random_shift expected max_shift to be an int >= 0, "
                         f"got {max_shift!r}")
    m = int(max_shift)
    n, (h, w) = images.shape[0], images.shape[-2:]
    if m == 0 or n == 0:
        return images.copy()
    flat = images.reshape(n, -1, h, w)  # one axis for whatever lies between
    padded = np.pad(flat, ((0, 0), (0, 0), (m, m), (m, m)))
    # windows[i, c, oy, ox] is the (h, w) crop starting at (oy, ox): a view, no copy
    windows = sliding_window_view(padded, (h, w), axis=(2, 3)).transpose(0, 2, 3, 1, 4, 5)
    offsets = as_rng(rng).integers(0, 2 * m + 1, size=(2, n))  # crop corner = m - shift
    return windows[np.arange(n), offsets[0], offsets[1]].reshape(images.shape)


def random_rotation(images, max_degrees, rng=None):
    """Rotate each image about its centre by a random angle, filling with zeros.

    Introduced in chapter 9. images: (N, H, W) or (N, ..., H, W); each image turns by
    an angle drawn uniformly from ``[-max_degrees, max_degrees]``, the same for all
    its channels. Each output pixel reads the input at the point that the rotation
    brings to it, interpolating bilinearly between the four nearest pixels; points
    outside the image read 0. Returns a new array of the same shape and dtype.
    """
    images = np.asarray(images)
    if images.ndim < 3 or images.dtype.kind != "f":
        raise ValueError(f"random_rotation expected float images of shape (N, H, W) or "
                         f"(N, channels, H, W), got shape {images.shape} and dtype "
                         f"{images.dtype}")
    if not isinstance(max_degrees, (int, float, np.integer, np.floating)) \
            or not 0 <= max_degrees <= 180:
        raise ValueError(f"random_rotation expected 0 <= max_degrees <= 180, "
                         f"got {max_degrees!r}")
    n, (h, w) = images.shape[0], images.shape[-2:]
    if max_degrees == 0 or n == 0:
        return images.copy()
    theta = np.deg2rad(as_rng(rng).uniform(-max_degrees, max_degrees, size=n))
    cos, sin = np.cos(theta)[:, None, None], np.sin(theta)[:, None, None]
    cy, cx = (h - 1) / 2, (w - 1) / 2
    dy, dx = np.meshgrid(np.arange(h) - cy, np.arange(w) - cx, indexing="ij")
    # where each output pixel comes from: the output grid turned back by -theta
    src_y = cy + cos * dy - sin * dx                     # (n, h, w)
    src_x = cx + sin * dy + cos * dx
    y0, x0 = np.floor(src_y).astype(np.intp), np.floor(src_x).astype(np.intp)
    fy, fx = src_y - y0, src_x - x0
    flat = images.reshape(n, -1, h, w)
    out = np.zeros(flat.shape, dtype=np.float64)
    rows = np.arange(n)[:, None, None]
    for oy, ox, weight in ((0, 0, (1 - fy) * (1 - fx)), (0, 1, (1 - fy) * fx),
                           (1, 0, fy * (1 - fx)), (1, 1, fy * fx)):
        yy, xx = y0 + oy, x0 + ox
        inside = (yy >= 0) & (yy < h) & (xx >= 0) & (xx < w)
        values = flat[rows, :, np.clip(yy, 0, h - 1), np.clip(xx, 0, w - 1)]  # (n,h,w,c)
        out += np.moveaxis(values * (weight * inside)[..., None], -1, 1)
    return out.astype(images.dtype, copy=False).reshape(images.shape)


class ImageAugmenter:
    """Random shifts and rotations for a batch, as ``fit(..., augment=...)`` uses.

    Introduced in chapter 9. ``ImageAugmenter(max_shift=2, max_degrees=10,
    image_shape=(28, 28))`` called as ``augmenter(batch, rng)`` returns a new batch of
    the same shape and dtype: the batch is seen as images of ``image_shape`` (so a
    flat (batch, 784) input works), rotated, then shifted.
    """

    def __init__(self, max_shift=0, max_degrees=0.0, image_shape=None):
        if not isinstance(max_shift, (int, np.integer)) or max_shift < 0:
            raise ValueError(f"ImageAugmenter expected max_shift to be an int >= 0, "
                             f"got {max_shift!r}")
        if not isinstance(max_degrees, (int, float, np.integer, np.floating)) \
                or not 0 <= max_degrees <= 180:
            raise ValueError(f"ImageAugmenter expected 0 <= max_degrees <= 180, "
                             f"got {max_degrees!r}")
        if image_shape is not None and len(tuple(image_shape)) != 2:
            raise ValueError(f"ImageAugmenter expected image_shape (height, width) or "
                             f"None, got {image_shape!r}")
        self.max_shift, self.max_degrees = int(max_shift), float(max_degrees)
        self.image_shape = None if image_shape is None else tuple(image_shape)

    def __call__(self, batch, rng=None):
        batch = np.asarray(batch)
        rng = as_rng(rng)
        images = batch
        if self.image_shape is not None:
            size = self.image_shape[0] * self.image_shape[1]
            if batch.ndim != 2 or batch.shape[1] % size:
                raise ValueError(f"{self!r} expected a batch of shape (batch, "
                                 f"{size}·channels), got shape {batch.shape}")
            images = batch.reshape(len(batch), -1, *self.image_shape)
        if self.max_degrees:
            images = random_rotation(images, self.max_degrees, rng)
        if self.max_shift:
            images = random_shift(images, self.max_shift, rng)
        if images is batch:
            images = batch.copy()
        return images.reshape(batch.shape)

    def __repr__(self):
        return (f"ImageAugmenter(max_shift={self.max_shift}, "
                f"max_degrees={self.max_degrees}, image_shape={self.image_shape})")
