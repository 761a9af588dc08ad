"""random_shift and cosine_lr (chapter 10)."""

import math

import numpy as np
import pytest

from nncourse.augment import random_shift
from nncourse.schedules import cosine_lr


def shifted(image, dy, dx):
    """``image`` moved down by dy and right by dx, zeros coming in."""
    h, w = image.shape
    out = np.zeros_like(image)
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        image[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


def test_each_image_is_a_shift_of_itself_within_range(rng):
    images = rng.random((200, 6, 7)).astype(np.float32) + 0.1  # no zeros inside
    out = random_shift(images, 2, rng)
    assert out.shape == images.shape and out.dtype == np.float32
    seen = set()
    for image, result in zip(images, out):
        matches = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)
                   if np.array_equal(result, shifted(image, dy, dx))]
        assert len(matches) == 1
        seen.add(matches[0])
    assert len(seen) == 25  # every shift from -2..2 x -2..2 happens


def test_channels_move_together_and_input_is_untouched(rng):
    images = rng.random((30, 3, 5, 5)) + 0.1
    before = images.copy()
    out = random_shift(images, 1, rng)
    np.testing.assert_array_equal(images, before)
    # the zero border is in the same place in every channel of an image
    np.testing.assert_array_equal(out[:, 0] == 0, out[:, 2] == 0)


def test_same_seed_same_shifts_and_zero_shift_copies(rng):
    images = rng.random((10, 4, 4))
    np.testing.assert_array_equal(random_shift(images, 1, 3), random_shift(images, 1, 3))
    same = random_shift(images, 0, rng)
    np.testing.assert_array_equal(same, images)
    assert same is not images


@pytest.mark.parametrize("images, max_shift, message", [
    (np.zeros((3, 784)), 2, r"shape \(N, H, W\).*got shape \(3, 784\)"),
    (np.zeros((3, 5, 5)), -1, "max_shift to be an int >= 0"),
    (np.zeros((3, 5, 5)), 1.5, "max_shift to be an int >= 0"),
])
def test_random_shift_errors(images, max_shift, message):
    with pytest.raises(ValueError, match=message):
        random_shift(images, max_shift)


def test_cosine_lr():
    assert cosine_lr(0, 10, 0.1) == pytest.approx(0.1)
    assert cosine_lr(5, 10, 0.1) == pytest.approx(0.05)
    assert cosine_lr(10, 10, 0.1, 0.01) == pytest.approx(0.01)
    assert cosine_lr(2, 10, 1.0) == pytest.approx((1 + math.cos(math.pi / 5)) / 2)
    values = [cosine_lr(e, 20, 1e-3) for e in range(20)]
    assert all(a > b for a, b in zip(values, values[1:]))  # strictly decreasing
    for bad in [dict(epoch=11, epochs=10, lr_max=0.1), dict(epoch=0, epochs=0, lr_max=0.1),
                dict(epoch=0, epochs=10, lr_max=0.0),
                dict(epoch=0, epochs=10, lr_max=0.1, lr_min=0.2)]:
        with pytest.raises(ValueError, match="cosine_lr expected"):
            cosine_lr(**bad)
