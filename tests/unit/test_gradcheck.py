import numpy as np
import pytest

from nncourse.gradcheck import (GradientReport, check_layer, numerical_gradient,
                                relative_error)
from nncourse.layers import Dense, Layer


def test_numerical_gradient_of_known_function_and_restores_entries():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    original = x.copy()
    grad = numerical_gradient(lambda v: float(np.sum(v ** 3)), x)
    np.testing.assert_allclose(grad, 3 * original ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x, original)
    with pytest.raises(ValueError, match="expected a float NumPy array to nudge, got "
                                         "ndarray of dtype int64"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == 1.0
    assert relative_error([1.0], [1.0 + 1e-8]) == pytest.approx(5e-9, rel=1e-3)
    with pytest.raises(ValueError, match=r"arrays of one shape, got \(2,\) and \(3,\)"):
        relative_error(np.ones(2), np.ones(3))


class BrokenDense(Dense):
    """A planted bug: the weight gradient is missing its transpose-and-sum."""

    def backward(self, grad_out, *, input_grad=True):
        out = super().backward(grad_out, input_grad=input_grad)
        self.grads["W"] = self.grads["W"] * 2
        return out


def test_check_layer_catches_a_wrong_gradient():
    x = np.random.default_rng(0).normal(size=(3, 4))
    report = check_layer(BrokenDense(4, 2, rng=0), x)
    assert isinstance(report, GradientReport)
    assert report["W"] > 0.1 and report["b"] < 1e-8 and not report.passed()
    text = str(report)
    assert text.splitlines()[1].startswith("W      relative error 3.3e-01")


def test_check_layer_on_parameterless_layer():
    class Square(Layer):
        def forward(self, x, training=False):
            self._cache = x
            return x * x

        def backward(self, grad_out):
            return 2 * self._cached() * grad_out

    assert check_layer(Square(), np.array([[1.0, 2.0, -3.0]])).passed(1e-8)
