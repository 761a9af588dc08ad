"""Data augmentation: new training images made from old ones. Introduced in chapter 10.

``random_shift`` moves every image by a few whole pixels, a different amount for each
image: a digit moved by two pixels is still the same digit, so the network sees
"new" examples each epoch and learns not to care where exactly the digit sits.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nncourse._validation import as_rng

__all__ = ["random_shift"]


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
