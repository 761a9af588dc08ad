"""RNN and LSTM (chapter 11): gradients, a step-by-step reference, PyTorch agreement,
errors, dtypes; gradient clipping and fit on sequences."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from nncourse import (LSTM, MSE, RNN, SGD, Dense, Sequential, SoftmaxCrossEntropy,
                      clip_grad_norm)
from nncourse.activations import sigmoid
from nncourse.gradcheck import check_layer, check_model

seeds = st.integers(0, 2**32 - 1)
KINDS = [RNN, LSTM]


def randomised(layer, r, scale=0.5):
    """Random biases too, so that every gradient is exercised."""
    for p in layer.params.values():
        p[...] = r.normal(0, scale, size=p.shape)
    return layer


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=12)
@given(seed=seeds, batch=st.integers(1, 3), time=st.integers(1, 5),
       n_in=st.integers(1, 3), n_h=st.integers(1, 4), seq=st.booleans())
def test_gradients(kind, seed, batch, time, n_in, n_h, seq):
    r = np.random.default_rng(seed)
    layer = randomised(kind(n_in, n_h, return_sequences=seq, rng=r), r)
    report = check_layer(layer, r.normal(size=(batch, time, n_in)), rng=r)
    assert set(report) == {"input", "Wx", "Wh", "b"}
    assert report.passed(1e-6), report


@pytest.mark.parametrize("kind", KINDS)
def test_gradients_through_a_model(kind):
    r = np.random.default_rng(3)
    model = Sequential(randomised(kind(2, 3, rng=r), r), Dense(3, 4, rng=r))
    x, y = r.normal(size=(5, 6, 2)), r.integers(0, 4, size=5)
    assert check_model(model, SoftmaxCrossEntropy(), x, y).passed(1e-6)


def reference_rnn(x, Wx, Wh, b):
    """One sequence, one step at a time, no vectorisation."""
    h, hs = np.zeros(Wh.shape[0]), []
    for x_t in x:
        h = np.tanh(x_t @ Wx + h @ Wh + b)
        hs.append(h)
    return np.array(hs)


def reference_lstm(x, Wx, Wh, b):
    H = Wh.shape[0]
    h, c, hs = np.zeros(H), np.zeros(H), []
    for x_t in x:
        a = x_t @ Wx + h @ Wh + b
        i, f, o = sigmoid(a[:H]), sigmoid(a[H:2 * H]), sigmoid(a[3 * H:])
        g = np.tanh(a[2 * H:3 * H])
        c = f * c + i * g
        h = o * np.tanh(c)
        hs.append(h)
    return np.array(hs)


@pytest.mark.parametrize("kind, reference", [(RNN, reference_rnn), (LSTM, reference_lstm)])
def test_matches_a_step_by_step_loop(kind, reference):
    r = np.random.default_rng(0)
    layer = randomised(kind(3, 4, return_sequences=True, rng=r), r)
    x = r.normal(size=(2, 7, 3))
    out = layer.forward(x)
    assert out.shape == (2, 7, 4)
    for n in range(2):
        np.testing.assert_allclose(out[n], reference(x[n], **layer.params), atol=1e-12)
    last = kind(3, 4, rng=0)
    last.params.update({k: v.copy() for k, v in layer.params.items()})
    np.testing.assert_array_equal(last.forward(x), out[:, -1])


def test_state_is_reset_between_calls():
    layer = randomised(RNN(2, 3, rng=0), np.random.default_rng(1))
    x = np.random.default_rng(2).normal(size=(4, 5, 2))
    first = layer.forward(x)
    np.testing.assert_array_equal(layer.forward(x), first)


def test_lstm_forget_bias_and_gate_order():
    layer = LSTM(2, 3, rng=0)
    np.testing.assert_array_equal(layer.params["b"], [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    assert LSTM(2, 3, forget_bias=0.0, rng=0).params["b"].sum() == 0
    # With a huge output-gate bias and candidate bias, one step gives h = σ(i)·tanh(σ(i)·1)
    layer.params["Wx"][...] = 0
    layer.params["Wh"][...] = 0
    layer.params["b"][...] = [0] * 3 + [0] * 3 + [50] * 3 + [50] * 3
    h = layer.forward(np.zeros((1, 1, 2)))
    np.testing.assert_allclose(h, np.tanh(0.5) * np.ones((1, 3)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seq", [False, True])
def test_backward_twice_same_and_argument_untouched(kind, seq):
    r = np.random.default_rng(1)
    layer = kind(3, 2, return_sequences=seq, rng=r)
    x = r.normal(size=(4, 5, 3))
    x_before = x.copy()
    out = layer.forward(x)
    g = r.normal(size=out.shape)
    g_before = g.copy()
    dx1 = layer.backward(g)
    grads1 = {k: v.copy() for k, v in layer.grads.items()}
    dx2 = layer.backward(g)
    np.testing.assert_array_equal(dx1, dx2)
    for k in grads1:
        np.testing.assert_array_equal(layer.grads[k], grads1[k])
    np.testing.assert_array_equal(g, g_before)
    np.testing.assert_array_equal(x, x_before)
    assert dx1.shape == x.shape
    assert layer.backward(g, input_grad=False) is None


@pytest.mark.parametrize("kind", KINDS)
def test_float32_is_kept(kind):
    layer = kind(3, 4, return_sequences=True, rng=0, dtype=np.float32)
    assert all(p.dtype == np.float32 for p in layer.params.values())
    out = layer.forward(np.ones((2, 5, 3)))  # float64 input is converted
    assert out.dtype == np.float32
    dx = layer.backward(np.ones((2, 5, 4)))
    assert dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())


@pytest.mark.parametrize("kind", KINDS)
def test_shapes_and_repr(kind):
    layer = kind(3, 4, rng=0)
    k = 4 if kind is LSTM else 1
    assert {n: p.shape for n, p in layer.params.items()} == {
        "Wx": (3, 4 * k), "Wh": (4, 4 * k), "b": (4 * k,)}
    assert repr(layer) == f"{kind.__name__}(3 → 4)"
    assert repr(kind(3, 4, return_sequences=True)) == (
        f"{kind.__name__}(3 → 4, return_sequences=True)")


@pytest.mark.parametrize("kind", KINDS)
def test_wrong_input_shapes(kind):
    layer = kind(3, 4, rng=0)
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, time, 3\).*"
                                         r"got shape \(5, 3\); for a single sequence"):
        layer.forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"got shape \(2, 5, 2\)"):
        layer.forward(np.zeros((2, 5, 2)))
    with pytest.raises(ValueError, match=r"time >= 1, got shape \(2, 0, 3\)"):
        layer.forward(np.zeros((2, 0, 3)))
    layer.forward(np.zeros((2, 5, 3)))
    with pytest.raises(ValueError, match=r"expected a gradient of shape \(2, 4\)"):
        layer.backward(np.zeros((2, 5, 4)))
    with pytest.raises(ValueError, match="positive input_size and hidden_size"):
        kind(0, 4)
    with pytest.raises(ValueError, match='init "xavier"'):
        kind(3, 4, init="he")
    with pytest.raises(ValueError, match="float dtype"):
        kind(3, 4, dtype=np.int32)


# -- PyTorch agreement ---------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seq", [False, True])
def test_agrees_with_pytorch(kind, seq):
    torch = pytest.importorskip("torch")
    r = np.random.default_rng(4)
    ours = randomised(kind(3, 5, return_sequences=seq, rng=r), r)
    theirs = (torch.nn.RNN if kind is RNN else torch.nn.LSTM)(
        3, 5, batch_first=True, dtype=torch.float64)
    with torch.no_grad():  # theirs is (4H, in) and has two biases: ours go in one
        theirs.weight_ih_l0.copy_(torch.from_numpy(ours.params["Wx"].T.copy()))
        theirs.weight_hh_l0.copy_(torch.from_numpy(ours.params["Wh"].T.copy()))
        theirs.bias_ih_l0.copy_(torch.from_numpy(ours.params["b"]))
        theirs.bias_hh_l0.zero_()
    x = r.normal(size=(4, 6, 3))
    xt = torch.tensor(x, requires_grad=True)
    seq_out = theirs(xt)[0]
    out_t = seq_out if seq else seq_out[:, -1]
    out = ours.forward(x)
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = r.normal(size=out.shape)
    (out_t * torch.from_numpy(g)).sum().backward()
    dx = ours.backward(g)
    np.testing.assert_allclose(dx, xt.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(ours.grads["Wx"], theirs.weight_ih_l0.grad.numpy().T,
                               atol=1e-10)
    np.testing.assert_allclose(ours.grads["Wh"], theirs.weight_hh_l0.grad.numpy().T,
                               atol=1e-10)
    np.testing.assert_allclose(ours.grads["b"], theirs.bias_ih_l0.grad.numpy(), atol=1e-10)


# -- gradient clipping -----------------------------------------------------------------
def test_clip_grad_norm_scales_all_gradients_together():
    a, b = Dense(2, 2, rng=0), Dense(2, 1, rng=0)
    a.grads = {"W": np.full((2, 2), 3.0), "b": np.zeros(2)}
    b.grads = {"W": np.full((2, 1), 4.0), "b": np.array([0.0])}
    total = clip_grad_norm([a, b], 5.0)
    assert total == pytest.approx(np.sqrt(4 * 9 + 2 * 16))  # before clipping
    after = np.sqrt(sum((g ** 2).sum() for layer in (a, b) for g in layer.grads.values()))
    assert after == pytest.approx(5.0)
    np.testing.assert_allclose(a.grads["W"] / b.grads["W"][0, 0], 0.75)  # direction kept
    assert clip_grad_norm([a, b], 100.0) == pytest.approx(5.0)  # below: untouched
    assert after == pytest.approx(5.0)


def test_clip_grad_norm_keeps_float32_and_rejects_bad_norm():
    layer = RNN(2, 3, rng=0, dtype=np.float32)
    layer.forward(np.ones((1, 4, 2)))
    layer.backward(np.full((1, 3), 100.0))
    clip_grad_norm(layer, 0.1)
    assert all(g.dtype == np.float32 for g in layer.grads.values())
    for bad in (0, -1.0):
        with pytest.raises(ValueError, match="max_norm > 0"):
            clip_grad_norm(layer, bad)


def _sequence_data(n=64, time=6):
    r = np.random.default_rng(0)
    x = r.normal(size=(n, time, 2))
    y = (x[:, 0, 0] > 0).astype(np.int64)  # remember the first step's sign
    return x, y


def test_fit_on_sequences_and_clip_norm():
    x, y = _sequence_data()

    def run(clip_norm):
        model = Sequential(LSTM(2, 8, rng=1), Dense(8, 2, rng=2))
        kwargs = {} if clip_norm == "absent" else {"clip_norm": clip_norm}
        history = model.fit(x, y, loss=SoftmaxCrossEntropy(), optimizer=SGD(0.5),
                            epochs=3, batch_size=16, rng=0, progress=False, **kwargs)
        return history, model

    h_absent, m_absent = run("absent")
    h_none, m_none = run(None)
    assert h_absent.loss == h_none.loss  # the default changes nothing
    h_tight, m_tight = run(1e-3)
    assert h_tight.loss != h_none.loss  # a tiny cap slows learning
    moved = np.abs(m_tight.layers[0].params["Wx"] - LSTM(2, 8, rng=1).params["Wx"]).max()
    assert moved <= 3 * 4 * 0.5 * 1e-3 + 1e-12  # 12 steps of at most lr · max_norm
    with pytest.raises(ValueError, match="clip_norm > 0"):
        m_none.fit(x, y, loss=SoftmaxCrossEntropy(), optimizer=SGD(0.1), epochs=1,
                   batch_size=8, progress=False, clip_norm=0)


def test_sequential_with_recurrent_layers_checks_shapes():
    x, y = _sequence_data()
    model = Sequential(RNN(2, 3, rng=0), Dense(3, 2, rng=0))
    assert model.predict(x).shape == (64,)
    with pytest.raises(ValueError, match=r"expected sequences of shape \(batch, time, "
                                         r"features\) for RNN\(2 → 3\), got shape \(64, 2\)"):
        model.predict(x[:, 0])
    with pytest.raises(ValueError, match="expected targets of shape"):
        model.fit(x, np.zeros((64, 3)), loss=MSE(), optimizer=SGD(0.1), epochs=1,
                  batch_size=8, progress=False)
    seq_model = Sequential(RNN(2, 3, return_sequences=True, rng=0))
    seq_model.fit(x, np.zeros((64, 6, 3)), loss=MSE(), optimizer=SGD(0.1), epochs=1,
                  batch_size=8, progress=False)
    # Dense first: a 3-D input is still refused with Dense's own sentence
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, features\), "
                                         r"got shape \(64, 6, 2\)"):
        Sequential(Dense(2, 2)).predict(x)


# -- the chapter's sequence data ---------------------------------------------------------
def test_first_symbol_data():
    from nncourse.datasets import first_symbol
    X, y = first_symbol(200, 7, 3, rng=0)
    assert X.shape == (200, 7, 3) and y.shape == (200,) and y.dtype == np.int64
    np.testing.assert_array_equal(X.sum(axis=2), 1)  # one-hot at every step
    np.testing.assert_array_equal(X[:, 0].argmax(axis=1), y)
    assert set(np.unique(y)) == {0, 1, 2}
    with pytest.raises(ValueError, match="n_symbols >= 2"):
        first_symbol(10, 5, 1)


def test_noisy_wave_and_windows():
    from nncourse.datasets import noisy_wave, sliding_windows
    clean = noisy_wave(100, noise=0.0)
    np.testing.assert_allclose(clean[:25], clean[25:50], atol=1e-12)  # period 25
    assert noisy_wave(100, noise=0.1, rng=0).std() > 0
    X, y = sliding_windows(np.arange(10.0), 3)
    assert X.shape == (7, 3, 1) and y.shape == (7, 1)
    np.testing.assert_array_equal(X[2, :, 0], [2, 3, 4])
    assert y[2, 0] == 5
    with pytest.raises(ValueError, match="longer than the window 10"):
        sliding_windows(np.arange(10.0), 10)


def test_adding_problem_data():
    from nncourse.datasets import adding_problem
    X, y = adding_problem(300, 20, rng=0)
    assert X.shape == (300, 20, 2) and y.shape == (300, 1)
    np.testing.assert_array_equal(X[:, :, 1].sum(axis=1), 2)  # two marks each
    np.testing.assert_allclose((X[:, :, 0] * X[:, :, 1]).sum(axis=1), y[:, 0])
    first = X[:, :, 1].argmax(axis=1)
    assert first.max() < 2 and (X[:, 10:, 1].sum(axis=1) == 1).all()
    assert abs(np.mean((y - 1.0) ** 2) - 1 / 6) < 0.03
    with pytest.raises(ValueError, match="length >= 2"):
        adding_problem(10, 1)


# -- the chapter's figures and widget ----------------------------------------------------
def test_gradient_through_time_measurements():
    from nncourse import plots
    q = plots.orthogonal_matrix(6, 0)
    np.testing.assert_allclose(q @ q.T, np.eye(6), atol=1e-12)
    small, _ = plots.rnn_gradient_norms(40, 0.5)
    large, saturated = plots.rnn_gradient_norms(40, 2.5)
    assert small.shape == (40,) and small[0] < 1e-8 * small[-1]  # vanishes
    assert large[0] > 100 * large[-1] and 0 < saturated < 1  # explodes, some saturate
    x = np.random.default_rng(0).normal(0, 0.5, size=(4, 60, 4))
    rnn_norms = plots.input_gradient_norms(RNN(4, 16, rng=3), x)
    lstm_norms = plots.input_gradient_norms(LSTM(4, 16, rng=3), x)
    assert lstm_norms[0] / lstm_norms[-1] > 1e3 * rnn_norms[0] / rnn_norms[-1]


def test_rnn_figures_and_widget_draw():
    import matplotlib.pyplot as plt

    from nncourse import plots, widgets
    _, ax = plt.subplots()
    plots.draw_rnn_gradient(20, 1.5, ax)
    assert "length 20" in ax.get_title() and len(ax.lines) >= 1
    _, ax = plt.subplots()
    plots.draw_gradient_through_time({"a": np.ones(5), "b": np.full(5, 0.1)}, ax)
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    _, ax = plt.subplots()
    plots.draw_unrolled(3, ax)
    assert any("h_3" in t.get_text() for t in ax.texts)
    _, ax = plt.subplots()
    plots.draw_sequence_prediction(np.arange(4), np.zeros(4), {"model": np.ones(4)}, ax)
    assert len(ax.lines) == 2
    box = widgets.gradient_through_time_explorer(length=10, scale=2.0)
    length, scale = box.children[0].children
    assert len(box.pictures) == 5 * 8  # every length and scale, stored
    before = box.shown().value
    scale.value = 0.5
    assert box.shown().value != before  # the stored picture for 0.5 is shown
    assert "recurrent scale 0.50" in box.shown().value
