import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

from nncourse import activations as act
from nncourse.gradcheck import numerical_gradient, relative_error

EXTREMES = np.array([-1000.0, -100.0, -1.0, 0.0, 1.0, 100.0, 1000.0])


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_known_values():
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(act.step(x), [0, 1, 1])
    np.testing.assert_allclose(act.sigmoid(np.array([0.0])), [0.5])
    np.testing.assert_allclose(act.sigmoid(x), 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(act.tanh(x), np.tanh(x))
    np.testing.assert_allclose(act.relu(x), [0, 0, 2])
    np.testing.assert_allclose(act.leaky_relu(x), [-0.01, 0, 2])
    np.testing.assert_allclose(act.leaky_relu(x, alpha=0.2), [-0.2, 0, 2])
    s = act.softmax(np.array([[1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(s, np.exp([[1, 2, 3]]) / np.exp([1, 2, 3]).sum())


@pytest.mark.parametrize("fn", [act.step, act.sigmoid, act.tanh, act.relu,
                                act.leaky_relu, act.softmax, act.log_softmax,
                                act.sigmoid_grad, act.tanh_grad, act.relu_grad,
                                act.leaky_relu_grad, act.step_grad])
def test_extreme_inputs_are_finite_and_warning_free(fn):
    out = fn(EXTREMES.reshape(1, -1))
    assert np.isfinite(out).all()
    assert fn(EXTREMES.astype(np.float32)).dtype == np.float32


def test_sigmoid_at_extremes():
    np.testing.assert_array_equal(act.sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])


def test_softmax_rows_sum_to_one_at_extremes():
    x = np.array([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, 1000.0]])
    s = act.softmax(x)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    np.testing.assert_allclose(s[1], 1 / 3)
    np.testing.assert_allclose(act.softmax(x, axis=0).sum(axis=0), 1.0)


def test_grad_from_output_versus_preactivation():
    x = np.array([-2.0, 0.5, 3.0])
    s = act.sigmoid(x)
    np.testing.assert_allclose(act.sigmoid_grad(x), act.sigmoid_grad_from_output(s))
    np.testing.assert_allclose(act.tanh_grad(x), act.tanh_grad_from_output(np.tanh(x)))
    # the classic bug: passing x where the output was expected gives wrong numbers
    assert not np.allclose(act.sigmoid_grad_from_output(x), act.sigmoid_grad(x))


@given(st.integers(0, 2**32 - 1))
def test_derivatives_match_numerical(seed):
    x = np.random.default_rng(seed).uniform(-4, 4, size=7)  # tanh and sigmoid gradients
    # beyond |x| ~ 5 are so small that rounding error in the differences dominates
    x = x[np.abs(x) > 1e-3]  # keep away from the kinks of ReLU and Leaky ReLU
    pairs = [(act.sigmoid, act.sigmoid_grad), (act.tanh, act.tanh_grad),
             (act.relu, act.relu_grad), (act.leaky_relu, act.leaky_relu_grad)]
    for f, df in pairs:
        for i in range(len(x)):
            xi = x[i:i + 1].copy()
            num = numerical_gradient(lambda v: f(v)[0], xi)
            assert relative_error(df(x[i:i + 1]), num) < 1e-6, f.__name__


@given(st.integers(0, 2**32 - 1), st.integers(1, 4), st.integers(2, 6))
def test_softmax_backward_matches_numerical(seed, batch, classes):
    r = np.random.default_rng(seed)
    x, g = r.normal(size=(batch, classes)), r.normal(size=(batch, classes))
    num = numerical_gradient(lambda v: float(np.sum(act.softmax(v) * g)), x)
    assert relative_error(act.softmax_backward(act.softmax(x), g), num) < 1e-6


def test_integer_input_becomes_float():
    assert act.relu(np.array([1, -2])).dtype == np.float64
    with pytest.raises(ValueError, match="expected an array of numbers, got dtype"):
        act.sigmoid(np.array(["a"]))
