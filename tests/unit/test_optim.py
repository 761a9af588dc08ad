import numpy as np
import pytest

from nncourse import SGD, Adam, Dense, Sequential
from nncourse.layers import Layer


class Param(Layer):
    """A layer that is only a parameter, to test update rules by hand."""

    def __init__(self, value, dtype=np.float64):
        super().__init__()
        self.params = {"w": np.array(value, dtype=dtype)}
        self.grads = {"w": np.zeros_like(self.params["w"])}


def test_sgd_step():
    p = Param([1.0, -2.0])
    p.grads["w"][...] = [0.5, -1.0]
    w = p.params["w"]
    SGD(lr=0.1).step([p])
    np.testing.assert_allclose(p.params["w"], [0.95, -1.9])
    assert p.params["w"] is w  # updated in place


def test_sgd_momentum_steps():
    p = Param([1.0])
    opt = SGD(lr=0.1, momentum=0.9)
    for g, expected in [(1.0, 0.9), (1.0, 0.71), (0.0, 0.539)]:
        # v = 0.9 v + g: 1, 1.9, 1.71; w -= 0.1 v: 0.9, 0.71, 0.539
        p.grads["w"][...] = g
        opt.step(p)
        np.testing.assert_allclose(p.params["w"], [expected])


def test_adam_steps_by_hand():
    p = Param([1.0, 2.0])
    opt = Adam(lr=0.1, betas=(0.9, 0.999), eps=1e-8)
    m = v = np.zeros(2)
    w = np.array([1.0, 2.0])
    for t, g in enumerate([np.array([0.5, -2.0]), np.array([0.1, 1.0])], start=1):
        p.grads["w"][...] = g
        opt.step([p])
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        m_hat, v_hat = m / (1 - 0.9 ** t), v / (1 - 0.999 ** t)
        w = w - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8)
        np.testing.assert_allclose(p.params["w"], w, rtol=1e-12)


def test_adam_first_step_is_lr_times_sign():
    p = Param([0.0, 0.0])
    p.grads["w"][...] = [1e-3, -50.0]
    Adam(lr=0.01).step([p])
    np.testing.assert_allclose(p.params["w"], [-0.01, 0.01], rtol=1e-4)


@pytest.mark.parametrize("opt", [SGD(0.1), SGD(0.1, momentum=0.9), Adam()])
def test_float32_stays_float32(opt):
    p = Param([1.0, 2.0], dtype=np.float32)
    p.grads["w"] = np.array([0.5, 0.25], dtype=np.float32)
    opt.lr = np.float64(opt.lr)  # even a float64 scalar must not upcast
    for _ in range(3):
        opt.step([p])
    assert p.params["w"].dtype == np.float32
    for _, state in opt._state.values():
        for value in state.values():
            assert not isinstance(value, np.ndarray) or value.dtype == np.float32


def test_state_is_lazy_and_per_parameter():
    a, b = Param([1.0]), Param([1.0])
    opt = SGD(0.1, momentum=0.5)
    assert not opt._state
    a.grads["w"][...] = 1.0
    b.grads["w"][...] = 2.0
    opt.step([a, b])
    assert len(opt._state) == 2
    np.testing.assert_allclose([a.params["w"][0], b.params["w"][0]], [0.9, 0.8])


def test_step_accepts_a_sequential_and_needs_backward_first():
    model = Sequential(Dense(2, 1, rng=0))
    with pytest.raises(RuntimeError, match=r"found no gradient for 'W' of Dense\(2 → 1\); "
                                           r"call backward before step"):
        SGD(0.1).step(model)
    model.forward(np.ones((3, 2)))
    model.backward(np.ones((3, 1)))
    before = model.params["0.b"].copy()
    SGD(0.1).step(model)
    np.testing.assert_allclose(model.params["0.b"], before - 0.3)


@pytest.mark.parametrize("bad", [0, -0.1, float("nan")])
def test_bad_learning_rate(bad):
    with pytest.raises(ValueError, match=r"SGD expected a learning rate lr > 0, got"):
        SGD(bad)
