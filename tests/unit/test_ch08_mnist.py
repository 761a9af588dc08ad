"""Chapter 8, MNIST: the figures, the training widget and the exercise checks."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import History, checks, plots, widgets




@pytest.fixture
def tiny_digits():
    """200 training and 50 validation rows of 784 random 'pixels', 10 classes."""
    rng = np.random.default_rng(0)
    X = rng.random((250, 784), dtype=np.float32)
    y = np.arange(250) % 10
    return X[:200], y[:200], X[200:], y[200:]


# -- plots --------------------------------------------------------------------------
def test_draw_digits_captions_labels_and_marks_mistakes_in_red():
    images = np.random.default_rng(1).integers(0, 256, (6, 28, 28), dtype=np.uint8)
    labels = np.array([0, 1, 2, 3, 4, 5])
    ax = plots.draw_digits(images, labels, n_cols=3)
    assert [t.get_text() for t in ax.texts] == ["0", "1", "2", "3", "4", "5"]
    assert ax.get_title() == "Handwritten digits"
    predicted = labels.copy()
    predicted[4] = 9
    ax = plots.draw_digits(images.reshape(6, -1), labels, predicted=predicted)
    wrong = [t for t in ax.texts if t.get_color() == "tab:red"]
    assert [t.get_text() for t in wrong] == ["4→9"]
    assert "predicted" in ax.get_xlabel()
    with pytest.raises(ValueError, match="expected 6 labels"):
        plots.draw_digits(images, labels[:3])
    with pytest.raises(ValueError, match="square images"):
        plots.draw_digits(np.zeros((2, 10)))


def test_draw_history_draws_training_and_validation():
    history = History(loss=[1.0, 0.5, 0.3], accuracy=[0.7, 0.8, 0.9],
                      val_loss=[0.8, 0.6, 0.5], val_accuracy=[0.75, 0.82, 0.85])
    ax = plots.draw_history(history, metric="accuracy")
    assert len(ax.lines) == 2 and ax.get_ylabel() == "accuracy"
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.75, 0.82, 0.85])
    ax = plots.draw_history({"loss": [1.0, 0.5]})
    assert len(ax.lines) == 1 and ax.get_xlabel() == "epoch"
    with pytest.raises(ValueError, match='metric "loss" or "accuracy"'):
        plots.draw_history(history, metric="f1")


def test_draw_loss_curve_grows_into_a_fixed_frame():
    ax = plots.draw_loss_curve([], None, epochs=5)
    assert ax.get_xlim() == (0.5, 5.5) and ax.texts[0].get_text() == "press Train"
    ax = plots.draw_loss_curve([1.0, 0.6], [0.9, 0.7], epochs=5, val_accuracy=0.8)
    assert ax.get_xlim() == (0.5, 5.5) and len(ax.lines) == 2
    assert ax.get_title() == "2 of 5 epochs, validation accuracy 0.8000"
    ax = plots.draw_loss_curve([1.0, np.inf], epochs=3)  # a diverged run still draws
    assert np.isfinite(ax.get_ylim()).all()


def test_draw_confusion_matrix_writes_every_nonzero_count():
    matrix = np.array([[5, 1, 0], [0, 4, 2], [0, 0, 6]])
    ax = plots.draw_confusion_matrix(matrix)
    assert sorted(t.get_text() for t in ax.texts) == sorted(["5", "1", "4", "2", "6"])
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    with pytest.raises(ValueError, match="square matrix"):
        plots.draw_confusion_matrix(np.zeros((2, 3)))


def test_draw_weight_images_tiles_one_image_per_unit():
    W = np.random.default_rng(2).normal(size=(784, 20))
    ax = plots.draw_weight_images(W, n=12, n_cols=4)
    picture = ax.images[0].get_array()
    assert picture.shape == (3 * 30 - 2, 4 * 30 - 2)
    assert np.nanmax(np.abs(picture)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="784, n_hidden"):
        plots.draw_weight_images(np.zeros(784))


# -- widget -------------------------------------------------------------------------
def test_train_mnist_mlp_is_reproducible_and_reports_divergence(tiny_digits):
    X, y, X_val, y_val = tiny_digits
    seen = []
    _, first = widgets.train_mnist_mlp(X, y, X_val, y_val, n_hidden=16, epochs=3, rng=1,
                                       on_epoch=lambda h: seen.append(len(h.loss)))
    _, again = widgets.train_mnist_mlp(X, y, X_val, y_val, n_hidden=16, epochs=3, rng=1)
    assert seen == [1, 2, 3] and first.loss == again.loss and not first.diverged
    assert len(first.val_accuracy) == 3
    _, wild = widgets.train_mnist_mlp(X * 1e20, y, X_val, y_val, n_hidden=16, lr=1e10,
                                      epochs=3, rng=1)
    assert wild.diverged and len(wild.loss) < 3


def test_diagnose_training_says_collapsed_diverged_or_unstable_in_words(tiny_digits):
    X, y, X_val, y_val = tiny_digits
    model, history = widgets.train_mnist_mlp(X, y, X_val, y_val, n_hidden=16, epochs=2,
                                             rng=1)
    assert history.diagnosis == "" == widgets.diagnose_training(model, history, X_val)
    model[0].params["b"][...] = -1e3               # every ReLU below 0: all dead
    verdict = widgets.diagnose_training(model, history, X_val)
    assert verdict.startswith("collapsed: 16 of 16 hidden units are dead")
    assert "same answer for every digit" in verdict and "smaller learning rate" in verdict
    model[0].params["b"][...] = 0.0
    history.loss = [2.0, 3.5]                       # rose above ln 10 and above the start
    assert widgets.diagnose_training(model, history, X_val).startswith("unstable")
    history.diverged = True
    assert widgets.diagnose_training(model, history, X_val).startswith("diverged")


def test_mnist_trainer_trains_when_the_button_is_pressed(tiny_digits):
    X, y, X_val, y_val = tiny_digits
    box = widgets.mnist_trainer(X, y, X_val, y_val, n_hidden=16, epochs=2)
    row1, row2, note, row3, status, _ = box.children
    n_hidden, lr = row1.children
    batch_size, epochs = row2.children
    button, bar = row3.children
    assert "learning rate changes the picture" in note.value
    before = box.shown().value
    assert before.startswith('<img src="data:image/png;base64,') and "not trained yet" in before
    epochs.value = 3
    n_hidden.value = 32
    button.click()
    assert bar.value == bar.max == 3
    assert status.value.startswith("Done: validation accuracy")
    after = box.shown().value
    assert after != before and "after 3 of 3 epochs, 32 hidden units" in after
    lr.value = 4.0
    batch_size.value = 10
    button.click()  # a far too large rate: the widget says so instead of raising
    assert status.value.startswith("Done")
    assert not button.disabled


def test_mnist_trainer_stores_the_curve_of_every_run_given(tiny_digits):
    X, y, X_val, y_val = tiny_digits
    runs = {lr: widgets.train_mnist_mlp(X, y, X_val, y_val, n_hidden=16, lr=lr, epochs=2,
                                        rng=0)[1] for lr in (0.01, 0.1)}
    box = widgets.mnist_trainer(X, y, X_val, y_val, n_hidden=16, lr=0.1, epochs=2,
                                runs=runs)
    assert len(box.pictures) == 2
    stored = {key: p.value for key, p in box.pictures.items()}
    assert all("after 2 of 2 epochs" in v for v in stored.values())
    box.controls["lr"].value = 0.01
    assert box.shown() is box.pictures[(0,)] and box.shown().value == stored[(0,)]


# -- checks -------------------------------------------------------------------------
def _normalize_images(images):
    return images.reshape(len(images), -1).astype(np.float32) / np.float32(255)


def _confusion_matrix(y_true, y_pred, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def _inverted_dropout(x, p, u, training):
    return x * (u >= p) / (1 - p) if training else x


def _softmax_regression_step(X, y, W, b, lr):
    Z = X @ W + b
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1
    G = P / len(y)
    return W - lr * X.T @ G, b - lr * G.sum(axis=0)


def _train_with_early_stopping(X, y, X_val, y_val, W, b, lr, batch_size, max_epochs,
                               patience, *, keep_last=False):
    W, b = W.copy(), b.copy()
    best = (np.inf, W, b, 0)
    losses, waited = [], 0
    for epoch in range(1, max_epochs + 1):
        for start in range(0, len(X), batch_size):
            W, b = _softmax_regression_step(X[start:start + batch_size],
                                            y[start:start + batch_size], W, b, lr)
        Z = X_val @ W + b
        Z = Z - Z.max(axis=1, keepdims=True)
        losses.append(-(Z - np.log(np.exp(Z).sum(axis=1, keepdims=True)))[
            np.arange(len(y_val)), y_val].mean())
        if losses[-1] < best[0]:
            best, waited = (losses[-1], W.copy(), b.copy(), epoch), 0
        else:
            waited += 1
            if waited >= patience:
                break
    if keep_last:
        return W, b, best[3], np.array(losses)
    return best[1], best[2], best[3], np.array(losses)


def test_check_train_with_early_stopping_names_last_instead_of_best():
    report = checks.check_train_with_early_stopping(
        lambda *args: _train_with_early_stopping(*args, keep_last=True))
    text = str(report)
    assert report.passed == 1 and "✓ max_epochs 5 comes first" in text
    assert "not the weights of the last epoch" in text
    report = checks.check_train_with_early_stopping(
        lambda *args: _train_with_early_stopping(*args)[:3] + (
            list(_train_with_early_stopping(*args)[3]),))
    assert not report and "expected a NumPy array, got list" in str(report)


@pytest.mark.parametrize("check, right", [
    (checks.check_normalize_images, _normalize_images),
    (checks.check_confusion_matrix, _confusion_matrix),
    (checks.check_inverted_dropout, _inverted_dropout),
    (checks.check_softmax_regression_step, _softmax_regression_step),
    (checks.check_train_with_early_stopping, _train_with_early_stopping),
])
def test_checks_pass_a_right_answer(check, right):
    report = check(right)
    assert report, str(report)
    assert "all passed" in str(report)


def test_check_normalize_images_names_the_divisor_and_the_dtype():
    report = checks.check_normalize_images(lambda im: im.reshape(len(im), -1) / 256)
    assert not report and "not 256" in str(report)
    report = checks.check_normalize_images(lambda im: im.reshape(len(im), -1) / 255)
    assert not report and "expected dtype float32, got float64" in str(report)
    report = checks.check_normalize_images(lambda im: im.astype(np.float32) / 255)
    assert not report and "expected shape (2, 4), got shape (2, 2, 2)" in str(report)


def test_check_confusion_matrix_catches_swapped_axes():
    report = checks.check_confusion_matrix(lambda t, p, k: _confusion_matrix(p, t, k))
    assert not report and "row = true class" in str(report)


def test_check_inverted_dropout_catches_a_common_wrong_version():
    report = checks.check_inverted_dropout(lambda x, p, u, training: x * (u < p))
    text = str(report)
    assert not report and "DROP probability" in text and "return x" in text


def test_check_softmax_regression_step_catches_sum_and_unstable_softmax():
    def summed(X, y, W, b, lr):
        W_new, b_new = _softmax_regression_step(X, y, W, b, lr)
        B = len(y)
        return W - B * (W - W_new), b - B * (b - b_new)

    report = checks.check_softmax_regression_step(summed)
    assert not report and "W_new: expected" in str(report) and "MEAN loss" in str(report)

    def unstable(X, y, W, b, lr):
        P = np.exp(X @ W + b)
        P /= P.sum(axis=1, keepdims=True)
        P[np.arange(len(y)), y] -= 1
        return W - lr * X.T @ P / len(y), b - lr * P.sum(axis=0) / len(y)

    with np.errstate(over="ignore", invalid="ignore"):
        report = checks.check_softmax_regression_step(unstable)
    assert report.passed == 2 and "±1000" not in str(report)
    last = str(report).splitlines()[-1]
    assert "large logits" in last and "nan or inf" in last and "maximum" in last
    report = checks.check_softmax_regression_step(lambda X, y, W, b, lr: W)
    assert not report and "expected a tuple of 2 (W_new, b_new)" in str(report)


def test_planted_wrong_answers_fail_their_public_check():
    from tests.grading.planted.ch08 import PLANTED

    for name, source in PLANTED.items():
        namespace = {"np": np}
        exec(source, namespace)  # noqa: S102  our own test source
        report = getattr(checks, f"check_{name}")(namespace[name])
        assert not report, f"the planted {name} passes its public check"
