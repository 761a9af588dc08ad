import numpy as np
import pytest
from hypothesis import given, strategies as st

from nncourse import (BatchNorm, Dense, Dropout, LeakyReLU, ReLU, Sigmoid, Softmax,
                      Tanh)
from nncourse.gradcheck import check_layer

seeds = st.integers(0, 2**32 - 1)
batches = st.integers(1, 5)
widths = st.integers(1, 6)


def away_from_zero(x, margin=1e-3):
    """Move entries off the kink at 0 (ReLU, Leaky ReLU) so differences are fair."""
    return np.where(np.abs(x) < margin, np.copysign(margin, x) + x, x)


@given(seeds, batches, widths, widths, st.sampled_from(["he", "xavier"]))
def test_dense_gradients(seed, batch, n_in, n_out, init):
    r = np.random.default_rng(seed)
    layer = Dense(n_in, n_out, init=init, rng=r)
    layer.params["b"][...] = r.normal(size=n_out)
    report = check_layer(layer, r.normal(size=(batch, n_in)), rng=r)
    assert set(report) == {"input", "W", "b"}
    assert report.passed(1e-6), report


@pytest.mark.parametrize("make", [Sigmoid, Tanh, ReLU, LeakyReLU, lambda: LeakyReLU(0.3),
                                  Softmax])
@given(seed=seeds, batch=batches, width=widths)
def test_activation_layer_gradients(make, seed, batch, width):
    r = np.random.default_rng(seed)
    x = away_from_zero(r.normal(0, 2, size=(batch, width)))
    report = check_layer(make(), x, rng=r)
    assert list(report) == ["input"]
    assert report.passed(1e-6), report


@given(seeds, batches, widths, st.sampled_from([0.0, 0.3, 0.5, 0.9]))
def test_dropout_gradients_with_fixed_rng(seed, batch, width, p):
    r = np.random.default_rng(seed)
    layer = Dropout(p, rng=seed)
    assert check_layer(layer, r.normal(size=(batch, width)), rng=r).passed(1e-6)
    assert check_layer(layer, r.normal(size=(batch, width)), training=False).passed(1e-6)


@given(seeds, st.integers(3, 6), widths, st.booleans())
def test_batchnorm_gradients(seed, batch, width, training):
    r = np.random.default_rng(seed)
    layer = BatchNorm(width)
    layer.params["gamma"][...] = r.normal(1, 0.5, size=width)
    layer.params["beta"][...] = r.normal(size=width)
    layer.buffers["running_mean"][...] = r.normal(size=width)
    layer.buffers["running_var"][...] = r.uniform(0.5, 2, size=width)
    running = {k: v.copy() for k, v in layer.buffers.items()}
    x = r.normal(2, 3, size=(batch, width))
    report = check_layer(layer, x, training=training, rng=r)
    assert set(report) == {"input", "gamma", "beta"}
    assert report.passed(1e-6), report
    for k, v in running.items():  # the check puts the running statistics back
        np.testing.assert_array_equal(layer.buffers[k], v)


ALL_LAYERS = [lambda: Dense(4, 3, rng=0), Sigmoid, Tanh, ReLU, LeakyReLU, Softmax,
              lambda: Dropout(0.5, rng=0), lambda: BatchNorm(4)]


@pytest.mark.parametrize("make", ALL_LAYERS)
def test_backward_twice_gives_same_grads_and_leaves_argument_alone(make):
    layer, r = make(), np.random.default_rng(1)
    out = layer.forward(r.normal(size=(5, 4)), training=True)
    g = r.normal(size=out.shape)
    g_before = g.copy()
    dx1 = layer.backward(g)
    grads1 = {k: v.copy() for k, v in layer.grads.items()}
    dx2 = layer.backward(g)
    np.testing.assert_array_equal(dx1, dx2)
    for k in grads1:
        np.testing.assert_array_equal(layer.grads[k], grads1[k])
    np.testing.assert_array_equal(g, g_before)
    assert dx1 is not g and set(layer.grads) == set(layer.params)


@pytest.mark.parametrize("make", ALL_LAYERS)
def test_forward_leaves_input_alone(make):
    x = np.random.default_rng(2).normal(size=(5, 4))
    x_before = x.copy()
    make().forward(x, training=True)
    np.testing.assert_array_equal(x, x_before)


@pytest.mark.parametrize("make", ALL_LAYERS)
def test_backward_before_forward_is_a_clear_error(make):
    with pytest.raises(RuntimeError, match=r"backward was called before forward"):
        make().backward(np.ones((2, 4)))


def test_dense_shapes_init_and_repr():
    layer = Dense(784, 128, rng=0)
    assert repr(layer) == "Dense(784 → 128)"
    assert layer.params["W"].shape == (784, 128) and layer.params["b"].shape == (128,)
    assert not layer.params["b"].any()
    assert layer.params["W"].var() == pytest.approx(2 / 784, rel=0.05)
    xavier = Dense(300, 100, init="xavier", rng=0)
    assert xavier.params["W"].var() == pytest.approx(2 / 400, rel=0.05)
    np.testing.assert_array_equal(Dense(3, 2, rng=5).params["W"],
                                  Dense(3, 2, rng=5).params["W"])
    with pytest.raises(ValueError, match='Dense expected init "he" or "xavier", got'):
        Dense(3, 2, init="ones")


def test_dense_wrong_width_message():
    with pytest.raises(ValueError, match=r"^Dense\(3 → 2\) expected input with 3 "
                                         r"features, got shape \(4, 5\)$"):
        Dense(3, 2, rng=0).forward(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, 3\), got "
                                         r"shape \(3,\); for a single sample"):
        Dense(3, 2, rng=0).forward(np.ones(3))


def test_dense_reads_params_each_call():
    layer = Dense(2, 1, rng=0)
    layer.params["W"][...] = 1.0
    layer.params["b"] += 0.5
    np.testing.assert_allclose(layer.forward(np.array([[1.0, 2.0]])), [[3.5]])


def test_dense_backward_without_input_grad():
    layer = Dense(3, 2, rng=0)
    layer.forward(np.ones((4, 3)))
    assert layer.backward(np.ones((4, 2)), input_grad=False) is None
    np.testing.assert_allclose(layer.grads["b"], [4.0, 4.0])


def test_dense_backward_wrong_gradient_shape():
    layer = Dense(3, 2, rng=0)
    layer.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"expected a gradient of shape \(4, 2\).*got "
                                         r"shape \(4, 3\)"):
        layer.backward(np.ones((4, 3)))


def test_float32_layer_converts_float64_input_without_upcasting():
    layer = Dense(3, 2, rng=0, dtype=np.float32)
    out = layer.forward(np.ones((4, 3), dtype=np.float64))
    assert out.dtype == np.float32
    layer.backward(np.ones((4, 2), dtype=np.float64))
    assert {g.dtype for g in layer.grads.values()} == {np.dtype(np.float32)}
    assert {p.dtype for p in layer.params.values()} == {np.dtype(np.float32)}
    assert layer.forward(np.ones((1, 3), dtype=np.int64)).dtype == np.float32
    for act in (Sigmoid(), Tanh(), ReLU(), LeakyReLU(), Softmax(), Dropout(0.5, rng=0)):
        assert act.forward(out, training=True).dtype == np.float32
        assert act.backward(np.ones_like(out)).dtype == np.float32
    bn = BatchNorm(2, dtype=np.float32)
    assert bn.forward(out.astype(np.float64), training=True).dtype == np.float32
    assert bn.buffers["running_var"].dtype == np.float32


def test_dropout_is_inverted_and_identity_in_evaluation():
    x = np.ones((200, 50))
    layer = Dropout(0.25, rng=0)
    out = layer.forward(x, training=True)
    assert set(np.unique(out)) == {0.0, 1 / 0.75}
    assert (out == 0).mean() == pytest.approx(0.25, abs=0.02)
    assert out.mean() == pytest.approx(1.0, abs=0.03)
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.backward(x), x)
    np.testing.assert_array_equal(Dropout(0.0).forward(x, training=True), x)
    np.testing.assert_array_equal(Dropout(0.5, rng=3).forward(x, training=True),
                                  Dropout(0.5, rng=3).forward(x, training=True))


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_rejects_bad_p(p):
    with pytest.raises(ValueError, match=rf"Dropout expected a drop probability p with "
                                         rf"0 <= p < 1, got {p}"):
        Dropout(p)


def test_batchnorm_training_and_evaluation():
    r = np.random.default_rng(0)
    x = r.normal(5, 3, size=(64, 3))
    layer = BatchNorm(3, momentum=0.9, eps=1e-5)
    out = layer.forward(x, training=True)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), x.var(axis=0) / (x.var(axis=0) + 1e-5))
    np.testing.assert_allclose(layer.buffers["running_mean"], 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(layer.buffers["running_var"], 0.9 + 0.1 * x.var(axis=0))
    expected = (x - layer.buffers["running_mean"]) / np.sqrt(
        layer.buffers["running_var"] + 1e-5)
    running_before = layer.buffers["running_mean"].copy()
    np.testing.assert_allclose(layer.forward(x, training=False), expected)
    np.testing.assert_array_equal(layer.buffers["running_mean"], running_before)
    assert repr(layer) == "BatchNorm(3)"
    with pytest.raises(ValueError, match=r"BatchNorm\(3\) expected input with 3 "
                                         r"features, got shape \(2, 4\)"):
        layer.forward(np.ones((2, 4)))
