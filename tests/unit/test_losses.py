import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

from nncourse import MSE, BinaryCrossEntropy, SoftmaxCrossEntropy
from nncourse.gradcheck import numerical_gradient, relative_error

seeds = st.integers(0, 2**32 - 1)


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def loss_gradient_error(loss, pred, target):
    loss.forward(pred, target)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda p: loss.forward(p, target), pred)
    return relative_error(analytic, numeric)


@given(seeds, st.integers(1, 5), st.integers(1, 4))
def test_mse_gradient(seed, batch, width):
    r = np.random.default_rng(seed)
    pred, target = r.normal(size=(batch, width)), r.normal(size=(batch, width))
    assert loss_gradient_error(MSE(), pred, target) < 1e-6


@given(seeds, st.integers(1, 5), st.integers(1, 4), st.booleans())
def test_binary_cross_entropy_gradient(seed, batch, width, from_logits):
    r = np.random.default_rng(seed)
    target = r.integers(0, 2, size=(batch, width)).astype(float)
    if from_logits:
        pred = r.normal(0, 3, size=(batch, width))
    else:
        pred = r.uniform(0.05, 0.95, size=(batch, width))
    loss = BinaryCrossEntropy(from_logits=from_logits)
    assert loss_gradient_error(loss, pred, target) < 1e-6


@given(seeds, st.integers(1, 5), st.integers(2, 6), st.booleans())
def test_softmax_cross_entropy_gradient(seed, batch, classes, onehot):
    r = np.random.default_rng(seed)
    logits = r.normal(0, 2, size=(batch, classes))
    labels = r.integers(0, classes, size=batch)
    target = np.eye(classes)[labels] if onehot else labels
    assert loss_gradient_error(SoftmaxCrossEntropy(), logits, target) < 1e-6


def test_known_values():
    assert MSE().forward(np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])) == 2.5
    mse = MSE()
    mse.forward(np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]]))
    np.testing.assert_allclose(mse.backward(), [[1.0, 2.0]])  # 2 (p - t) / 2
    bce = BinaryCrossEntropy()
    assert bce.forward(np.array([[0.8], [0.4]]), np.array([1, 0])) == pytest.approx(
        -(np.log(0.8) + np.log(0.6)) / 2)
    sce = SoftmaxCrossEntropy()
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert sce.forward(z, np.array([2, 0])) == pytest.approx(
        -(np.log(p[0, 2]) + np.log(p[1, 0])) / 2)
    np.testing.assert_allclose(sce.backward(), (p - np.eye(3)[[2, 0]]) / 2)
    assert sce.forward(z, np.eye(3)[[2, 0]]) == pytest.approx(sce.forward(z, [2, 0]))


def test_target_of_shape_batch_for_single_output():
    pred = np.array([[0.9], [0.2], [0.6]])
    assert MSE().forward(pred, np.array([1, 0, 1])) == pytest.approx(
        MSE().forward(pred, np.array([[1], [0], [1]])))
    with pytest.raises(ValueError, match=r"MSE\(\) expected targets of shape \(3, 2\) to "
                                         r"match the predictions, got shape \(3,\)"):
        MSE().forward(np.ones((3, 2)), np.ones(3))


def test_softmax_cross_entropy_extreme_logits():
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, -1000.0]])
    loss = SoftmaxCrossEntropy()
    assert loss.forward(z, np.array([0, 1])) == 0.0
    assert loss.forward(z, np.array([1, 0])) == pytest.approx(2000.0)
    assert np.isfinite(loss.backward()).all()
    assert np.isfinite(loss.forward(z.astype(np.float32), np.eye(3)[[2, 2]]))
    assert loss.backward().dtype == np.float32


def test_binary_cross_entropy_never_takes_log_of_zero():
    for dtype in (np.float64, np.float32):
        pred = np.array([[0.0], [1.0], [1.0], [0.0]], dtype=dtype)
        loss = BinaryCrossEntropy()
        value = loss.forward(pred, np.array([1, 0, 1, 0]))
        assert np.isfinite(value) and value > 0
        grad = loss.backward()
        assert np.isfinite(grad).all() and grad.dtype == dtype
        assert grad[0, 0] < 0 < grad[1, 0]  # a confident mistake still pushes back
    logits = BinaryCrossEntropy(from_logits=True)
    assert logits.forward(np.array([[1000.0], [-1000.0]]), np.array([1, 0])) == 0.0
    assert logits.forward(np.array([[-1000.0]]), np.array([1])) == pytest.approx(1000.0)


@pytest.mark.parametrize("labels, bad", [([0, 3], "3"), ([-1, 0], "-1"), ([0, 7], "7")])
def test_label_out_of_range(labels, bad):
    with pytest.raises(ValueError, match=rf"^SoftmaxCrossEntropy\(\) expected integer "
                                         rf"class labels in 0..2 \(3 classes\), got a "
                                         rf"label of {bad}$"):
        SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array(labels))


def test_non_integer_labels():
    with pytest.raises(ValueError, match=r"expected integer class labels in 0..2, got "
                                         r"non-integer values such as 0.5"):
        SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array([0.5, 1.0]))
    # whole-number floats are fine
    assert np.isfinite(SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array([0.0, 2.0])))


def test_one_hot_of_wrong_width():
    with pytest.raises(ValueError, match=r"expected integer labels of shape \(4,\) or "
                                         r"one-hot targets of shape \(4, 3\), got one-hot "
                                         r"targets of shape \(4, 5\)"):
        SoftmaxCrossEntropy().forward(np.zeros((4, 3)), np.eye(5)[:4])


def test_wrong_number_of_labels():
    with pytest.raises(ValueError, match=r"expected 4 labels, one per row of logits, got 3"):
        SoftmaxCrossEntropy().forward(np.zeros((4, 3)), np.array([0, 1, 2]))


def test_binary_targets_out_of_range_and_non_finite():
    with pytest.raises(ValueError, match=r"expected targets in \[0, 1\], got values from"):
        BinaryCrossEntropy().forward(np.full((2, 1), 0.5), np.array([0, 2]))
    with pytest.raises(ValueError, match=r"target expected finite values, got 1 NaN or "
                                         r"infinite value in an array of shape \(2, 1\)"):
        MSE().forward(np.zeros((2, 1)), np.array([0.0, np.nan]))


def test_backward_twice_and_no_mutation():
    for loss, target in ((MSE(), np.ones((3, 2))), (SoftmaxCrossEntropy(), np.array([0, 1, 1])),
                         (BinaryCrossEntropy(), np.ones((3, 2)))):
        pred = np.full((3, 2), 0.3)
        loss.forward(pred, target)
        g1, g2 = loss.backward(), loss.backward()
        np.testing.assert_array_equal(g1, g2)
        assert g1 is not g2
        np.testing.assert_array_equal(pred, 0.3)
    with pytest.raises(RuntimeError, match="backward was called before forward"):
        MSE().backward()
