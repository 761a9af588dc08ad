"""Conv2D, MaxPool2D and Flatten (chapter 10): gradients, a nested-loop reference,
errors, dtypes, Sequential with images, and agreement with PyTorch when installed."""

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from nncourse import (SGD, Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sequential,
                      SoftmaxCrossEntropy)
from nncourse.gradcheck import check_layer, check_model
from nncourse.layers.conv import col2im, conv_output_size, im2col

seeds = st.integers(0, 2**32 - 1)
small = settings(max_examples=25)


def reference_conv(x, W, b, stride, padding):
    """Direct nested loops: out[n, f, i, j] = sum over c, u, v of window * W + b."""
    (sh, sw), (ph, pw) = stride, padding
    x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    n, _, h, w = x.shape
    f, _, kh, kw = W.shape
    ho, wo = (h - kh) // sh + 1, (w - kw) // sw + 1
    out = np.zeros((n, f, ho, wo))
    for a in range(n):
        for k in range(f):
            for i in range(ho):
                for j in range(wo):
                    window = x[a, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
                    out[a, k, i, j] = np.sum(window * W[k]) + b[k]
    return out


def reference_pool(x, kernel, stride):
    (kh, kw), (sh, sw) = kernel, stride
    n, c, h, w = x.shape
    ho, wo = (h - kh) // sh + 1, (w - kw) // sw + 1
    out = np.zeros((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            out[:, :, i, j] = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].max(axis=(2, 3))
    return out


def distinct(r, shape):
    """Values at least 0.01 apart (no ties: max-pooling's gradient is then defined)."""
    return (r.permutation(int(np.prod(shape))) * 0.01 - 0.3).reshape(shape)


@st.composite
def conv_setups(draw):
    """(batch, C, F, H, W, kernel, stride, padding) where the kernel fits."""
    kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    assume(h + 2 * padding[0] >= kernel[0] and w + 2 * padding[1] >= kernel[1])
    return (draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3)),
            h, w, kernel, stride, padding)


@small
@given(seeds, conv_setups())
def test_conv_gradients(seed, setup):
    n, c, f, h, w, kernel, stride, padding = setup
    r = np.random.default_rng(seed)
    layer = Conv2D(c, f, kernel, stride=stride, padding=padding, rng=r)
    layer.params["b"][...] = r.normal(size=f)
    report = check_layer(layer, r.normal(size=(n, c, h, w)), rng=r)
    assert set(report) == {"input", "W", "b"}
    assert report.passed(1e-6), report


@small
@given(seeds, conv_setups())
def test_conv_matches_nested_loops(seed, setup):
    n, c, f, h, w, kernel, stride, padding = setup
    r = np.random.default_rng(seed)
    layer = Conv2D(c, f, kernel, stride=stride, padding=padding, rng=r)
    layer.params["b"][...] = r.normal(size=f)
    x = r.normal(size=(n, c, h, w))
    out = layer.forward(x)
    expected = reference_conv(x, layer.params["W"], layer.params["b"], stride, padding)
    assert out.shape == expected.shape == (n,) + layer.output_shape(h, w)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


@small
@given(seeds, st.integers(1, 3), st.integers(1, 3), st.sampled_from([None, 1, 2, (1, 2)]),
       st.integers(3, 7), st.integers(3, 7))
def test_maxpool_gradients_and_reference(seed, kh, kw, stride, h, w):
    r = np.random.default_rng(seed)
    layer = MaxPool2D((kh, kw), stride=stride)
    x = distinct(r, (2, 2, h, w))
    np.testing.assert_array_equal(layer.forward(x), reference_pool(x, (kh, kw), layer.stride))
    report = check_layer(layer, x, rng=r)
    assert report.passed(1e-6), report


def test_maxpool_ties_send_the_gradient_once():
    x = np.ones((1, 1, 2, 2))
    layer = MaxPool2D(2)
    assert layer.forward(x).tolist() == [[[[1.0]]]]
    dx = layer.backward(np.full((1, 1, 1, 1), 5.0))
    assert dx.tolist() == [[[[5.0, 0.0], [0.0, 0.0]]]]  # the first maximum only


def test_maxpool_overlapping_windows_add_up():
    x = np.array([[[[0.0, 9.0, 0.0]]]])  # the 9 wins both 1x2 windows
    layer = MaxPool2D((1, 2), stride=1)
    assert layer.forward(x).tolist() == [[[[9.0, 9.0]]]]
    assert layer.backward(np.array([[[[1.0, 2.0]]]])).tolist() == [[[[0.0, 3.0, 0.0]]]]


@given(seeds, st.integers(1, 3), st.integers(1, 4), st.integers(1, 4))
def test_flatten_gradients_and_order(seed, c, h, w):
    r = np.random.default_rng(seed)
    x = r.normal(size=(2, c, h, w))
    np.testing.assert_array_equal(Flatten().forward(x), x.reshape(2, -1))
    assert check_layer(Flatten(), x, rng=r).passed(1e-6)


@small
@given(seeds, conv_setups())
def test_col2im_is_the_adjoint_of_im2col(seed, setup):
    n, c, _, h, w, kernel, stride, padding = setup
    r = np.random.default_rng(seed)
    x = r.normal(size=(n, c, h, w))
    cols, (ho, wo) = im2col(x, kernel, stride, padding)
    assert cols.shape == (n * ho * wo, c * kernel[0] * kernel[1])
    d = r.normal(size=cols.shape)
    np.testing.assert_allclose(np.sum(cols * d), np.sum(x * col2im(d, x.shape, kernel,
                                                                    stride, padding)))


def test_im2col_rows_are_windows():
    x = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5)
    cols, (ho, wo) = im2col(x, (2, 3), (2, 1), (0, 0))
    assert (ho, wo) == (2, 3)
    # row of image 1, output (1, 2): window starting at row 2, column 2
    np.testing.assert_array_equal(cols[(1 * ho + 1) * wo + 2], x[1, :, 2:4, 2:5].ravel())


def test_output_size_formula():
    assert conv_output_size(28, 5) == 24
    assert conv_output_size(28, 5, padding=2) == 28
    assert conv_output_size(28, 3, stride=2, padding=1) == 14
    assert conv_output_size(7, 3, stride=2) == 3
    with pytest.raises(ValueError, match="at least the kernel"):
        conv_output_size(2, 5, padding=1)


def test_backward_overwrites_and_leaves_arguments_alone(rng):
    layer = Conv2D(2, 3, 3, padding=1, rng=rng)
    x = rng.normal(size=(2, 2, 5, 5))
    x_copy = x.copy()
    out = layer.forward(x)
    g = rng.normal(size=out.shape)
    g_copy = g.copy()
    dx1, grads1 = layer.backward(g), {k: v.copy() for k, v in layer.grads.items()}
    dx2 = layer.backward(g)
    np.testing.assert_array_equal(dx1, dx2)
    for k in grads1:
        np.testing.assert_array_equal(grads1[k], layer.grads[k])
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(g, g_copy)
    assert layer.backward(g, input_grad=False) is None
    np.testing.assert_array_equal(grads1["W"], layer.grads["W"])


@pytest.mark.parametrize("make", [
    lambda: Conv2D(2, 4, 3, padding=1, rng=0, dtype=np.float32),
    lambda: MaxPool2D(2),
    lambda: Flatten(),
])
def test_float32_is_kept(make, rng):
    layer = make()
    x = rng.normal(size=(3, 2, 6, 6)).astype(np.float32)
    out = layer.forward(x, training=True)
    assert out.dtype == np.float32
    dx = layer.backward(np.ones_like(out))
    assert dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())
    if layer.params:  # float64 data is converted to the parameters' float32
        assert layer.forward(x.astype(np.float64)).dtype == np.float32


@pytest.mark.parametrize("make, message", [
    (lambda: Conv2D(0, 4, 3), "positive in_channels"),
    (lambda: Conv2D(1, 4, 0), "kernel_size to be int"),
    (lambda: Conv2D(1, 4, (3, 3, 3)), "kernel_size to be an int or a pair"),
    (lambda: Conv2D(1, 4, 2.5), "kernel_size to be an int or a pair"),
    (lambda: Conv2D(1, 4, 3, stride=0), "stride to be int"),
    (lambda: Conv2D(1, 4, 3, padding=-1), "padding to be int"),
    (lambda: Conv2D(1, 4, 3, init="zeros"), 'init "he" or "xavier"'),
    (lambda: Conv2D(1, 4, 3, dtype=np.int32), "float dtype"),
    (lambda: MaxPool2D(0), "kernel_size to be int"),
    (lambda: MaxPool2D(2, stride=(1, 0)), "stride to be int"),
])
def test_constructor_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_forward_errors(rng):
    conv = Conv2D(3, 4, 5, rng=rng)
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, channels, "
                                         r"height, width\), got shape \(2, 784\); a batch"):
        conv.forward(rng.normal(size=(2, 784)))
    with pytest.raises(ValueError, match=r"expected input with 3 channels \(axis 1\), "
                                         r"got shape \(2, 1, 8, 8\)"):
        conv.forward(rng.normal(size=(2, 1, 8, 8)))
    with pytest.raises(ValueError, match=r"at least 5 x 5 pixels .* got 4 x 8"):
        conv.forward(rng.normal(size=(2, 3, 4, 8)))
    with pytest.raises(ValueError, match="at least 2 x 2 pixels"):
        MaxPool2D(2).forward(rng.normal(size=(1, 1, 1, 5)))
    with pytest.raises(ValueError, match="channels, height, width"):
        MaxPool2D(2).forward(rng.normal(size=(1, 4, 4)))
    conv.forward(rng.normal(size=(2, 3, 6, 6)))
    with pytest.raises(ValueError, match=r"gradient of shape \(2, 4, 2, 2\)"):
        conv.backward(np.ones((2, 4, 3, 3)))
    with pytest.raises(RuntimeError, match="before forward"):
        MaxPool2D(2).backward(np.ones((1, 1, 1, 1)))


def test_repr():
    assert repr(Conv2D(1, 16, 5, padding=2)) == "Conv2D(1 → 16, 5x5, padding 2)"
    assert repr(Conv2D(3, 8, (3, 1), stride=(2, 1))) == "Conv2D(3 → 8, 3x1, stride (2, 1))"
    assert repr(MaxPool2D(2)) == "MaxPool2D(2x2)"
    assert repr(MaxPool2D(3, stride=1)) == "MaxPool2D(3x3, stride 1)"
    assert repr(Flatten()) == "Flatten()"


def small_cnn(rng, dtype=np.float64):
    return Sequential(Conv2D(1, 3, 3, padding=1, rng=rng, dtype=dtype), ReLU(),
                      MaxPool2D(2), Flatten(), Dense(3 * 3 * 3, 4, rng=rng, dtype=dtype))


def test_sequential_takes_images_and_checks_them(rng):
    model = small_cnn(rng)
    x, y = rng.normal(size=(5, 1, 6, 6)), rng.integers(0, 4, size=5)
    assert model.forward(x).shape == (5, 4)
    assert check_model(model, SoftmaxCrossEntropy(), x, y).passed(1e-6)
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, channels, "
                                         r"height, width\) for Conv2D"):
        model.forward(x.reshape(5, 36))
    # a network of Dense layers still insists on (batch, features)
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, features\)"):
        Sequential(Dense(36, 4, rng=rng)).forward(x)


def test_fit_trains_a_small_cnn_in_float32(rng):
    model = small_cnn(rng, np.float32)
    # two classes: a bright top half or a bright bottom half
    y = rng.integers(0, 2, size=64)
    x = rng.normal(0, 0.1, size=(64, 1, 6, 6))
    x[y == 0, :, :3] += 1
    x[y == 1, :, 3:] += 1
    history = model.fit(x, y, loss=SoftmaxCrossEntropy(), optimizer=SGD(0.1),
                        epochs=5, batch_size=16, rng=0, progress=False)
    assert history.loss[-1] < history.loss[0]
    assert history.accuracy[-1] > 0.9
    assert all(p.dtype == np.float32 for p in model.params.values())


# -- PyTorch, when installed ----------------------------------------------------
@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1), ((1, 2), (2, 0))])
def test_conv_agrees_with_pytorch(stride, padding, rng):
    torch = pytest.importorskip("torch")
    layer = Conv2D(3, 4, (3, 2), stride=stride, padding=padding, rng=rng)
    layer.params["b"][...] = rng.normal(size=4)
    x = rng.normal(size=(2, 3, 7, 6))
    out = layer.forward(x)
    g = rng.normal(size=out.shape)
    dx = layer.backward(g)

    xt = torch.tensor(x, requires_grad=True)
    Wt = torch.tensor(layer.params["W"], requires_grad=True)
    bt = torch.tensor(layer.params["b"], requires_grad=True)
    out_t = torch.nn.functional.conv2d(xt, Wt, bt, stride=stride, padding=padding)
    out_t.backward(torch.tensor(g))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads["W"], Wt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads["b"], bt.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kernel, stride", [(2, None), (3, 1), ((2, 3), (2, 1))])
def test_maxpool_agrees_with_pytorch(kernel, stride, rng):
    torch = pytest.importorskip("torch")
    layer = MaxPool2D(kernel, stride=stride)
    x = distinct(rng, (2, 3, 7, 6))
    out = layer.forward(x)
    g = rng.normal(size=out.shape)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    out_t = torch.nn.functional.max_pool2d(xt, kernel, stride=stride)
    out_t.backward(torch.tensor(g))
    np.testing.assert_array_equal(out, out_t.detach().numpy())
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-12)
