"""Chapter 9: schedules, early stopping, augmentation, and fit's new arguments."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nncourse import (SGD, Adam, BatchNorm, Dense, EarlyStopping, ReLU, Sequential,
                      SoftmaxCrossEntropy)
from nncourse.augment import ImageAugmenter, random_rotation
from nncourse.model import History
from nncourse.schedules import cosine_lr, step_lr, warmup_cosine_lr, warmup_lr


# -- schedules ----------------------------------------------------------------------
def test_step_lr():
    assert [step_lr(e, 1.0, 3, 0.5) for e in range(7)] == [1, 1, 1, 0.5, 0.5, 0.5, 0.25]


def test_warmup_lr_rises_linearly_then_stays():
    assert [warmup_lr(e, 4, 0.8) for e in range(6)] == pytest.approx(
        [0.2, 0.4, 0.6, 0.8, 0.8, 0.8])
    assert warmup_lr(3, 0, 0.5) == 0.5


def test_warmup_cosine_lr_joins_the_two():
    lrs = [warmup_cosine_lr(e, 10, 1.0, warmup=2) for e in range(10)]
    assert lrs[:3] == pytest.approx([0.5, 1.0, 1.0])
    assert lrs[2:] == pytest.approx([cosine_lr(e, 8, 1.0) for e in range(8)])
    assert lrs[-1] == pytest.approx((1 + math.cos(math.pi * 7 / 8)) / 2)


@pytest.mark.parametrize("call, message", [
    (lambda: step_lr(-1, 0.1, 2), "step_lr expected an epoch >= 0"),
    (lambda: step_lr(0, 0.1, 0), "step_lr expected an int step_size >= 1"),
    (lambda: step_lr(0, 0.1, 2, gamma=1.5), "0 < gamma <= 1"),
    (lambda: warmup_lr(0, 2, 0), "warmup_lr expected lr_max > 0"),
    (lambda: warmup_lr(0, 1.5, 0.1), "warmup_lr expected an int warmup >= 0"),
    (lambda: warmup_cosine_lr(0, 5, 0.1, warmup=5), "0 <= warmup < epochs"),
])
def test_schedules_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# -- augmentation -------------------------------------------------------------------
def test_rotation_by_zero_is_a_copy_and_keeps_dtype():
    images = np.random.default_rng(0).random((3, 28, 28), dtype=np.float32)
    out = random_rotation(images, 0, rng=0)
    assert out.dtype == np.float32 and out is not images
    np.testing.assert_array_equal(out, images)
    out = random_rotation(images, 15, rng=0)
    assert out.dtype == np.float32 and out.shape == images.shape


def test_rotation_by_90_degrees_is_exact(monkeypatch):
    image = np.arange(25, dtype=np.float64).reshape(1, 5, 5)

    class Fixed:
        def uniform(self, low, high, size):
            return np.full(size, 90.0)

    import nncourse.augment as aug
    monkeypatch.setattr(aug, "as_rng", lambda rng: Fixed())
    out = random_rotation(image, 90)
    # a +90° turn of the picture: either direction is a rotation; check it is one
    assert np.allclose(out[0], np.rot90(image[0], 1)) or np.allclose(out[0], np.rot90(image[0], -1))


def test_rotation_keeps_the_centre_and_the_ink_roughly():
    image = np.zeros((1, 1, 29, 29))
    image[0, 0, 10:19, 10:19] = 1.0
    out = random_rotation(image, 20, rng=3)
    assert out[0, 0, 14, 14] == pytest.approx(1.0)
    assert out.sum() == pytest.approx(image.sum(), rel=0.02)


def test_image_augmenter_on_flat_batches():
    rng = np.random.default_rng(0)
    batch = rng.random((4, 784), dtype=np.float32)
    aug = ImageAugmenter(max_shift=2, max_degrees=10, image_shape=(28, 28))
    out = aug(batch, rng)
    assert out.shape == batch.shape and out.dtype == np.float32
    assert not np.array_equal(out, batch)
    np.testing.assert_array_equal(ImageAugmenter()(batch, 0), batch)
    assert repr(aug) == "ImageAugmenter(max_shift=2, max_degrees=10.0, image_shape=(28, 28))"


@pytest.mark.parametrize("call, message", [
    (lambda: random_rotation(np.zeros((3, 4)), 5), "random_rotation expected float images"),
    (lambda: random_rotation(np.zeros((1, 3, 4)), -5), "0 <= max_degrees <= 180"),
    (lambda: ImageAugmenter(max_shift=1.5), "max_shift to be an int >= 0"),
    (lambda: ImageAugmenter(image_shape=(28,)), "image_shape"),
    (lambda: ImageAugmenter(max_degrees="10"), "0 <= max_degrees <= 180"),
    (lambda: ImageAugmenter(1, image_shape=(28, 28))(np.zeros((2, 700)), 0),
     r"expected a batch of shape \(batch, 784·channels\), got shape \(2, 700\)"),
])
def test_augmentation_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# -- early stopping -----------------------------------------------------------------
def test_early_stopping_rule_counts_epochs_without_improvement():
    model = Sequential(Dense(2, 2, rng=0))
    es = EarlyStopping("val_loss", patience=2)
    stops = [es.update(e, v, model) for e, v in enumerate([1.0, 0.8, 0.9, 0.85, 0.7], 1)]
    assert stops == [False, False, False, True, False]
    es = EarlyStopping("val_accuracy", patience=1, min_delta=0.01)
    assert [es.update(e, v, model) for e, v in enumerate([0.5, 0.505], 1)] == [False, True]
    assert es.best_epoch == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"monitor": "val_acc"}, "EarlyStopping expected monitor to be one of"),
    ({"patience": 0}, "EarlyStopping expected an int patience >= 1, got 0"),
    ({"min_delta": -1}, "EarlyStopping expected min_delta >= 0"),
])
def test_early_stopping_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        EarlyStopping(**kwargs)


@pytest.fixture
def noisy_task():
    """A small task a wide network overfits: 40 noisy training points."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(240, 5))
    y = (X[:, 0] + 0.8 * rng.normal(size=240) > 0).astype(int)
    return X[:40], y[:40], X[40:], y[40:]


def make_model(seed=0):
    rng = np.random.default_rng(seed)
    return Sequential(Dense(5, 64, rng=rng), ReLU(), BatchNorm(64), Dense(64, 2, rng=rng))


def test_fit_stops_early_and_restores_the_best_weights(noisy_task):
    X, y, Xv, yv = noisy_task
    model = make_model()
    es = EarlyStopping("val_loss", patience=3)
    history = model.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=Adam(0.05),
                        epochs=200, batch_size=10, validation_data=(Xv, yv), rng=0,
                        progress=False, early_stopping=es)
    assert history.epochs < 200
    assert history.epochs == history.best_epoch + 3
    best = min(history.val_loss)
    assert history.val_loss[history.best_epoch - 1] == best
    val_loss, _ = model.evaluate(Xv, yv, SoftmaxCrossEntropy())
    assert val_loss == pytest.approx(best, rel=1e-12)  # weights and BN statistics back
    # and without restoring, the last epoch's weights stay
    model2 = make_model()
    history2 = model2.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=Adam(0.05),
                          epochs=200, batch_size=10, validation_data=(Xv, yv), rng=0,
                          progress=False,
                          early_stopping=EarlyStopping(patience=3, restore_best=False))
    assert history2.epochs == history.epochs
    assert model2.evaluate(Xv, yv, SoftmaxCrossEntropy())[0] == \
        pytest.approx(history2.val_loss[-1], rel=1e-12)


def test_fit_follows_the_schedule_and_records_it(noisy_task):
    X, y, _, _ = noisy_task
    opt = SGD(1.0)
    history = make_model().fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=opt, epochs=4,
                               batch_size=10, rng=0, progress=False,
                               lr_schedule=lambda e: step_lr(e, 0.1, 2))
    assert history.lr == pytest.approx([0.1, 0.1, 0.01, 0.01])
    assert opt.lr == pytest.approx(0.01)
    assert History().lr == [] and History().best_epoch is None


def test_fit_with_a_schedule_equals_setting_lr_by_hand(noisy_task):
    X, y, _, _ = noisy_task
    a, b = make_model(), make_model()
    a.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=Adam(), epochs=3, batch_size=10,
          rng=1, progress=False, lr_schedule=lambda e: cosine_lr(e, 3, 0.01))
    opt, rng = Adam(), np.random.default_rng(1)
    for e in range(3):
        opt.lr = cosine_lr(e, 3, 0.01)
        b.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=opt, epochs=1, batch_size=10,
              rng=rng, progress=False)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])


def test_fit_augments_training_batches_only(noisy_task):
    X, y, Xv, yv = noisy_task
    seen = []

    def augment(batch, rng):
        seen.append(batch.copy())
        return batch + 0.0

    model = make_model()
    model.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=SGD(0.1), epochs=2,
              batch_size=10, validation_data=(Xv, yv), rng=0, progress=False,
              augment=augment)
    assert len(seen) == 8 and all(b.shape == (10, 5) for b in seen)


@pytest.mark.parametrize("kwargs, message", [
    ({"lr_schedule": 0.1}, "fit expected lr_schedule to be a function of the epoch"),
    ({"lr_schedule": lambda e: 0.0}, "fit expected lr_schedule to return a learning "
                                     "rate > 0, got 0.0 at epoch 0"),
    ({"augment": "shift"}, "fit expected augment to be a function"),
    ({"augment": lambda b, rng: b[:, :2]}, r"fit expected augment to return an array "
                                           r"of shape \(10, 5\), got \(10, 2\)"),
    ({"early_stopping": 3}, "fit expected early_stopping to be an EarlyStopping"),
    ({"early_stopping": EarlyStopping()}, "fit expected validation_data for early "
                                          "stopping on 'val_loss', got None"),
])
def test_fit_rejects_bad_extras(noisy_task, kwargs, message):
    X, y, _, _ = noisy_task
    with pytest.raises(ValueError, match=message):
        make_model().fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=SGD(0.1), epochs=1,
                         batch_size=10, rng=0, progress=False, **kwargs)


def test_float32_model_stays_float32_with_every_extra(noisy_task):
    X, y, Xv, yv = noisy_task
    rng = np.random.default_rng(0)
    model = Sequential(Dense(5, 8, rng=rng, dtype=np.float32), ReLU(),
                       Dense(8, 2, rng=rng, dtype=np.float32))
    model.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=Adam(0.01, weight_decay=1e-3),
              epochs=3, batch_size=10, validation_data=(Xv, yv), rng=0, progress=False,
              lr_schedule=lambda e: warmup_lr(e, 2, 0.01),
              early_stopping=EarlyStopping(patience=1),
              augment=lambda b, rng: b * 1.0)  # float64 out: fit casts back
    assert all(p.dtype == np.float32 for p in model.params.values())
