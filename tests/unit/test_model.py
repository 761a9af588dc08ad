import numpy as np
import pytest
from hypothesis import assume, given, strategies as st

from nncourse import (MSE, SGD, Adam, BatchNorm, BinaryCrossEntropy, Dense, Dropout,
                      History, LeakyReLU, ReLU, Sequential, Sigmoid, SoftmaxCrossEntropy,
                      Tanh, TrainingDivergedError)
from nncourse.datasets import logic_gate, moons
from nncourse.gradcheck import check_model


def xor_model(seed=0, dtype=np.float64):
    return Sequential([Dense(2, 8, rng=seed, dtype=dtype), Tanh(),
                       Dense(8, 2, rng=seed + 1, dtype=dtype)])


def fit_xor(model, **kwargs):
    X, y = logic_gate("XOR")
    options = dict(loss=SoftmaxCrossEntropy(), optimizer=SGD(0.5, momentum=0.9),
                   epochs=200, batch_size=4, rng=0, progress=False)
    options.update(kwargs)
    return model.fit(X, y, **options)


@given(st.integers(0, 2**32 - 1), st.integers(3, 6), st.integers(1, 4),
       st.sampled_from(["softmax", "bce", "mse"]))
def test_sequential_gradients(seed, batch, hidden, kind):
    r = np.random.default_rng(seed)
    n_out = 3 if kind == "softmax" else 1
    model = Sequential(Dense(3, hidden, rng=r), BatchNorm(hidden), LeakyReLU(0.1),
                       Dropout(0.3, rng=r), Dense(hidden, 4, rng=r), Tanh(),
                       Dense(4, n_out, rng=r), *([Sigmoid()] if kind == "bce" else []))
    x = r.normal(size=(batch, 3))
    # Finite differences are only accurate where the function is smooth on the scale
    # of eps: skip a BatchNorm feature with almost no batch variance (it magnifies
    # each nudge) and pre-activations right at the kink of the Leaky ReLU.
    hidden_in = model.layers[0].forward(x)
    assume(hidden_in.var(axis=0).min() > 1e-2)
    normalised = BatchNorm(hidden).forward(hidden_in, training=True)
    assume(np.abs(normalised).min() > 1e-3)
    if kind == "softmax":
        loss, y = SoftmaxCrossEntropy(), r.integers(0, 3, size=batch)
    elif kind == "bce":
        loss, y = BinaryCrossEntropy(), r.integers(0, 2, size=batch)
    else:
        loss, y = MSE(), r.normal(size=(batch, 1))
    report = check_model(model, loss, x, y)
    assert set(report) == {"input", "0.W", "0.b", "1.gamma", "1.beta", "4.W", "4.b",
                           "6.W", "6.b"}
    assert report.passed(1e-6), report


def test_learns_xor_to_full_accuracy():
    model = xor_model()
    history = fit_xor(model)
    X, y = logic_gate("XOR")
    np.testing.assert_array_equal(model.predict(X), y)
    assert history.accuracy[-1] == 1.0
    loss, acc = model.evaluate(X, y, SoftmaxCrossEntropy())
    assert acc == 1.0 and loss < 0.05


def test_learns_xor_with_a_sigmoid_output():
    model = Sequential(Dense(2, 4, rng=1), Tanh(), Dense(4, 1, rng=2), Sigmoid())
    X, y = logic_gate("XOR")
    model.fit(X, y, loss=BinaryCrossEntropy(), optimizer=Adam(0.05), epochs=300,
              batch_size=4, rng=0, progress=False)
    np.testing.assert_array_equal(model.predict(X), y)
    assert model.predict(X).shape == (4,)


def test_fit_is_reproducible():
    h1, h2 = fit_xor(xor_model(3), epochs=20, batch_size=2), fit_xor(xor_model(3), epochs=20,
                                                                      batch_size=2)
    assert h1.loss == h2.loss and h1.accuracy == h2.accuracy


def test_float32_model_stays_float32_through_fit():
    model = xor_model(dtype=np.float32)
    X, y = logic_gate("XOR")
    history = fit_xor(model, optimizer=Adam(np.float64(0.05)), epochs=50)
    assert {p.dtype for p in model.params.values()} == {np.dtype(np.float32)}
    assert {g.dtype for g in model.grads.values()} == {np.dtype(np.float32)}
    assert model.forward(X.astype(np.float64)).dtype == np.float32
    assert all(type(v) is float for v in history.loss + history.accuracy)
    loss, acc = model.evaluate(X, y, SoftmaxCrossEntropy())
    assert type(loss) is float and type(acc) is float


def test_history_and_validation():
    X, y = moons(120, noise=0.1, rng=0)
    model = Sequential(Dense(2, 16, rng=0), ReLU(), Dense(16, 2, rng=1))
    history = model.fit(X[:90], y[:90], loss=SoftmaxCrossEntropy(), optimizer=Adam(0.02),
                        epochs=5, batch_size=30, validation_data=(X[90:], y[90:]), rng=0,
                        progress=False)
    assert isinstance(history, History) and len(history) == 5
    assert len(history.val_loss) == len(history.val_accuracy) == len(history.time) == 5
    assert history.loss[-1] < history.loss[0]
    assert repr(history).startswith("History(epochs=5, loss ")
    assert "val_accuracy" in repr(history) and "time" not in repr(history)


def test_progress_off_prints_nothing_and_verbose_prints_fixed_lines(capsys):
    fit_xor(xor_model(), epochs=3)
    assert capsys.readouterr() == ("", "")
    fit_xor(xor_model(), epochs=2, verbose=True)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("Epoch 1/2: loss ")
    assert out[1].split(": ")[1].count(".") == 2  # loss and accuracy, 4 decimals each


def test_progress_bar_goes_to_stderr(capsys):
    X = np.random.default_rng(0).normal(size=(40, 2))
    y = (X[:, 0] > 0).astype(int)
    Sequential(Dense(2, 2, rng=0)).fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=SGD(0.1),
                                       epochs=2, batch_size=2, rng=0)
    captured = capsys.readouterr()
    assert captured.out == "" and "epoch" in captured.err


def test_diverging_loss_names_the_learning_rate():
    X = np.random.default_rng(0).normal(size=(64, 2)) * 100
    y = X @ np.array([[3.0], [-2.0]])
    model = Sequential(Dense(2, 8, rng=0), ReLU(), Dense(8, 1, rng=1))
    with pytest.raises(TrainingDivergedError, match=r"^The loss became (nan|inf) at epoch "
                                                    r"\d+, batch \d+: the learning rate 10.0 "
                                                    r"is probably too large; try a smaller "
                                                    r"one.$"):
        model.fit(X, y, loss=MSE(), optimizer=SGD(10.0), epochs=50, batch_size=8, rng=0,
                  progress=False)
    assert issubclass(TrainingDivergedError, ValueError)
    assert issubclass(TrainingDivergedError, FloatingPointError)


def test_input_errors():
    model = Sequential(Dense(3, 2, rng=0), ReLU(), Dense(2, 2, rng=1))
    with pytest.raises(ValueError, match=r"^Dense\(3 → 2\) expected input with 3 features, "
                                         r"got shape \(4, 5\)$"):
        model.predict(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"^Sequential expected finite values, got 1 NaN "
                                         r"or infinite value in an array of shape \(2, 3\)$"):
        model.forward(np.array([[1.0, np.nan, 0.0], [0.0, 0.0, 0.0]]))
    with pytest.raises(ValueError, match=r"^fit expected finite values, got 6 NaN or "
                                         r"infinite values"):
        model.fit(np.full((2, 3), np.inf), [0, 1], loss=SoftmaxCrossEntropy(),
                  optimizer=SGD(0.1), epochs=1, batch_size=2, progress=False)
    with pytest.raises(ValueError, match=r"^fit expected as many targets as inputs, got 4 "
                                         r"inputs and 3 targets$"):
        model.fit(np.ones((4, 3)), [0, 1, 1], loss=SoftmaxCrossEntropy(),
                  optimizer=SGD(0.1), epochs=1, batch_size=2, progress=False)


def test_bad_label_stops_fit_before_any_step():
    model = Sequential(Dense(3, 2, rng=0))
    before = model.params["0.W"].copy()
    y = np.array([0, 1, 0, 1, 0, 2])  # the bad label sits in the last batch
    with pytest.raises(ValueError, match=r"expected integer class labels in 0..1 "
                                         r"\(2 classes\), got a label of 2$"):
        model.fit(np.ones((6, 3)), y, loss=SoftmaxCrossEntropy(), optimizer=SGD(0.1),
                  epochs=1, batch_size=2, rng=0, progress=False)
    np.testing.assert_array_equal(model.params["0.W"], before)
    with pytest.raises(ValueError, match=r"got one-hot targets of shape \(6, 3\)"):
        model.fit(np.ones((6, 3)), np.eye(3)[[0, 1, 2, 0, 1, 2]], loss=SoftmaxCrossEntropy(),
                  optimizer=SGD(0.1), epochs=1, batch_size=2, progress=False)


def test_predict_rules_and_repr():
    X = np.array([[0.0, 1.0], [2.0, -1.0]])
    regression = Sequential(Dense(2, 1, rng=0))
    assert regression.predict(X).shape == (2, 1)
    binary = Sequential(Dense(2, 1, rng=0), Sigmoid())
    assert set(binary.predict(X)) <= {0, 1}
    classes = Sequential(Dense(2, 3, rng=0))
    assert classes.predict(X).shape == (2,)
    assert repr(xor_model()) == ("Sequential(\n  (0): Dense(2 → 8)\n  (1): Tanh()\n"
                                 "  (2): Dense(8 → 2)\n)  # 42 parameters")
    assert list(xor_model().params) == ["0.W", "0.b", "2.W", "2.b"]
    assert Sequential(Dense(2, 3, rng=0), ReLU()).layers[1].__class__ is ReLU
    assert "total" in xor_model().summary()


def test_predict_proba_returns_probabilities_whatever_the_last_layer():
    X = np.array([[0.0, 1.0], [2.0, -1.0], [300.0, -400.0]])
    logits = Sequential(Dense(2, 3, rng=0))
    p = logits.predict_proba(X)
    z = logits.forward(X)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    np.testing.assert_allclose(p, e / e.sum(axis=1, keepdims=True))
    assert np.all(np.isfinite(p)) and np.allclose(p.sum(axis=1), 1.0)
    np.testing.assert_array_equal(p.argmax(axis=1), logits.predict(X))
    binary = Sequential(Dense(2, 1, rng=0), Sigmoid())
    np.testing.assert_array_equal(binary.predict_proba(X), binary.forward(X))
    with pytest.raises(ValueError, match="expected a classifier"):
        Sequential(Dense(2, 1, rng=0)).predict_proba(X)


def test_backward_returns_input_gradient_and_forward_reads_params():
    model = xor_model()
    X, _ = logic_gate("XOR")
    out = model.forward(X)
    grad_in = model.backward(np.ones_like(out))
    assert grad_in.shape == X.shape
    model.params["2.b"][...] += 1.0
    np.testing.assert_allclose(model.forward(X), out + 1.0)


def test_extreme_inputs_through_a_model_are_warning_free():
    import warnings

    x = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    model = Sequential(Dense(2, 3, rng=0), Sigmoid(), Dense(3, 2, rng=1))
    model.layers[0].params["W"][...] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for out in (Sequential(Sigmoid()).forward(x), Sequential(Tanh()).forward(x),
                    model.forward(x)):
            assert np.isfinite(out).all()
        loss = SoftmaxCrossEntropy()
        assert np.isfinite(loss.forward(x, np.array([1, 1])))
        s = Sequential(Sigmoid(), Dense(2, 2, rng=0))
        s.forward(x)
        assert np.isfinite(s.backward(loss.backward())).all()


def test_model_backward_twice_gives_same_grads():
    model = Sequential(Dense(3, 4, rng=0), BatchNorm(4), ReLU(), Dropout(0.5, rng=0),
                       Dense(4, 2, rng=1))
    x = np.random.default_rng(0).normal(size=(6, 3))
    out = model.forward(x, training=True)
    g = np.ones_like(out)
    first = model.backward(g)
    grads = {k: v.copy() for k, v in model.grads.items()}
    np.testing.assert_array_equal(model.backward(g), first)
    for k, v in model.grads.items():
        np.testing.assert_array_equal(v, grads[k])
    np.testing.assert_array_equal(g, 1.0)


def test_float32_model_with_dropout_and_batchnorm_trains():
    X, y = moons(100, noise=0.1, rng=0)
    f32 = np.float32
    model = Sequential(Dense(2, 16, rng=0, dtype=f32), BatchNorm(16, dtype=f32), ReLU(),
                       Dropout(0.2, rng=0), Dense(16, 2, rng=1, dtype=f32))
    history = model.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=Adam(0.01), epochs=30,
                        batch_size=20, rng=0, progress=False)
    assert {p.dtype for p in model.params.values()} == {np.dtype(f32)}
    assert model.layers[1].buffers["running_mean"].dtype == f32
    assert history.accuracy[-1] > 0.8
    assert model.evaluate(X, y, SoftmaxCrossEntropy())[1] > 0.8
