"""Chapter 9: AdaGrad, RMSProp, Nesterov momentum, weight decay (L2 and AdamW)."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import (SGD, AdaGrad, Adam, AdamW, Dense, ReLU, RMSProp, Sequential,
                      SoftmaxCrossEntropy)
from nncourse.layers import Layer


class Param(Layer):
    """A layer that is only a parameter, to test update rules by hand."""

    def __init__(self, value, dtype=np.float64):
        super().__init__()
        self.params = {"w": np.array(value, dtype=dtype)}
        self.grads = {"w": np.zeros_like(self.params["w"])}


GRADS = [np.array([0.5, -2.0]), np.array([0.1, 1.0]), np.array([-0.3, 0.2])]


def test_adagrad_steps_by_hand():
    p, opt = Param([1.0, 2.0]), AdaGrad(lr=0.1, eps=1e-8)
    w, s = np.array([1.0, 2.0]), np.zeros(2)
    for g in GRADS:
        p.grads["w"][...] = g
        opt.step(p)
        s = s + g * g
        w = w - 0.1 * g / (np.sqrt(s) + 1e-8)
        np.testing.assert_allclose(p.params["w"], w, rtol=1e-12)


def test_adagrad_first_step_is_lr_times_sign():
    p = Param([0.0, 0.0])
    p.grads["w"][...] = [1e-3, -50.0]
    AdaGrad(lr=0.01).step(p)
    np.testing.assert_allclose(p.params["w"], [-0.01, 0.01], rtol=1e-4)


def test_rmsprop_steps_by_hand():
    p, opt = Param([1.0, 2.0]), RMSProp(lr=0.01, rho=0.9, eps=1e-8)
    w, s = np.array([1.0, 2.0]), np.zeros(2)
    for g in GRADS:
        p.grads["w"][...] = g
        opt.step(p)
        s = 0.9 * s + 0.1 * g * g
        w = w - 0.01 * g / (np.sqrt(s) + 1e-8)
        np.testing.assert_allclose(p.params["w"], w, rtol=1e-12)


def test_nesterov_steps_by_hand():
    p, opt = Param([1.0, 2.0]), SGD(0.1, momentum=0.9, nesterov=True)
    w, v = np.array([1.0, 2.0]), np.zeros(2)
    for g in GRADS:
        p.grads["w"][...] = g
        opt.step(p)
        v = 0.9 * v + g
        w = w - 0.1 * (g + 0.9 * v)
        np.testing.assert_allclose(p.params["w"], w, rtol=1e-12)


@pytest.mark.parametrize("make", [lambda wd: SGD(0.1, weight_decay=wd),
                                  lambda wd: SGD(0.1, momentum=0.9, weight_decay=wd),
                                  lambda wd: RMSProp(0.01, weight_decay=wd),
                                  lambda wd: AdaGrad(0.1, weight_decay=wd),
                                  lambda wd: Adam(0.01, weight_decay=wd)])
def test_l2_weight_decay_is_the_same_as_adding_wd_w_to_the_gradient(make):
    a, b = Param([1.0, -2.0]), Param([1.0, -2.0])
    opt_a, opt_b = make(0.05), make(0.0)
    for g in GRADS:
        a.grads["w"][...] = g
        b.grads["w"][...] = g + 0.05 * b.params["w"]
        opt_a.step(a)
        opt_b.step(b)
        np.testing.assert_allclose(a.params["w"], b.params["w"], rtol=1e-12)
        np.testing.assert_array_equal(a.grads["w"], g)  # the layer's grads untouched


def test_adamw_decays_the_weights_then_takes_adams_step():
    a, b = Param([1.0, -2.0]), Param([1.0, -2.0])
    adamw, adam = AdamW(0.01, weight_decay=0.1), Adam(0.01)
    for g in GRADS:
        a.grads["w"][...] = g
        b.grads["w"][...] = g
        adamw.step(a)
        b.params["w"] *= 1 - 0.01 * 0.1
        adam.step(b)
        np.testing.assert_allclose(a.params["w"], b.params["w"], rtol=1e-12)


def test_adamw_and_adam_l2_differ_with_zero_gradient():
    """With g = 0 Adam's L2 term is normalised away (a full lr step); AdamW's is not."""
    a, b = Param([1.0]), Param([1.0])
    AdamW(0.01, weight_decay=0.1).step(a)
    Adam(0.01, weight_decay=0.1).step(b)
    np.testing.assert_allclose(a.params["w"], [1.0 - 0.001])
    np.testing.assert_allclose(b.params["w"], [1.0 - 0.01], rtol=1e-6)


@pytest.mark.parametrize("opt", [SGD(0.1, momentum=0.9, nesterov=True, weight_decay=1e-3),
                                 AdaGrad(0.1, weight_decay=1e-3),
                                 RMSProp(0.01, weight_decay=1e-3),
                                 AdamW(0.01, weight_decay=1e-2),
                                 Adam(0.01, weight_decay=1e-3)])
def test_float32_stays_float32(opt):
    p = Param([1.0, 2.0], dtype=np.float32)
    p.grads["w"] = np.array([0.5, 0.25], dtype=np.float32)
    opt.lr = np.float64(opt.lr)
    for _ in range(3):
        opt.step([p])
    assert p.params["w"].dtype == np.float32
    for _, state in opt._state.values():
        for value in state.values():
            assert not isinstance(value, np.ndarray) or value.dtype == np.float32


@pytest.mark.parametrize("make, message", [
    (lambda: SGD(0.1, nesterov=True), r"SGD expected momentum > 0 with nesterov=True"),
    (lambda: SGD(0.1, weight_decay=-1), r"SGD expected weight_decay >= 0, got -1.0"),
    (lambda: AdamW(weight_decay=float("nan")), r"AdamW expected weight_decay >= 0"),
    (lambda: RMSProp(rho=1.0), r"RMSProp expected 0 <= rho < 1, got 1.0"),
    (lambda: RMSProp(eps=0), r"RMSProp expected eps > 0"),
    (lambda: AdaGrad(lr=0), r"AdaGrad expected a learning rate lr > 0, got 0.0"),
    (lambda: AdaGrad(eps=-1), r"AdaGrad expected eps > 0"),
])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_reprs():
    assert repr(SGD(0.1, momentum=0.9, nesterov=True)) == \
        "SGD(lr=0.1, momentum=0.9, nesterov=True)"
    assert repr(RMSProp(0.01, weight_decay=1e-4)) == \
        "RMSProp(lr=0.01, rho=0.9, eps=1e-08, weight_decay=0.0001)"
    assert repr(AdaGrad()) == "AdaGrad(lr=0.01, eps=1e-08)"
    assert repr(AdamW()) == \
        "AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)"


@pytest.mark.parametrize("opt", [SGD(0.1, momentum=0.9, nesterov=True), AdaGrad(0.05),
                                 RMSProp(0.003), AdamW(0.01)])
def test_every_new_optimiser_trains_a_small_network(opt):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    model = Sequential(Dense(2, 16, rng=rng), ReLU(), Dense(16, 2, rng=rng))
    history = model.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=opt, epochs=30,
                        batch_size=20, rng=0, progress=False)
    assert history.loss[-1] < 0.5 * history.loss[0]
