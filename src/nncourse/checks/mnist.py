"""The public exercise checks of chapter 8, MNIST.

Each check calls the student's function on a few small cases, compares with the
answers recorded from the solutions (``RECORDED``) or written here, and says what to
look at when it differs.
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, describe, parts_verdict, run_checks

__all__ = [
    "check_normalize_images", "check_confusion_matrix", "check_inverted_dropout",
    "check_softmax_regression_step", "check_train_with_early_stopping",
]


# -- helpers ------------------------------------------------------------------------
def _array_verdict(expected, hint_values, *, dtype_kind=None, hint_dtype=""):
    """Compare by shape, then dtype kind (if given), then values."""

    def verdict(result):
        if not isinstance(result, np.ndarray):
            return f"expected a NumPy array, got {describe(result)}"
        if result.shape != expected.shape:
            return (f"expected shape {expected.shape}, got shape {result.shape}. "
                    f"Hint: {hint_values}")
        if dtype_kind is not None and result.dtype.kind not in dtype_kind:
            return (f"expected dtype {expected.dtype}, got {result.dtype}. "
                    f"Hint: {hint_dtype}")
        if not np.allclose(result, expected, rtol=1e-5, atol=1e-7):
            return (f"expected {describe(expected)}, got {describe(result)}. "
                    f"Hint: {hint_values}")
        return None

    return verdict


def _step_verdict(expected, hints):
    """A verdict for a result ``(W_new, b_new)`` (``expected`` is the recorded pair)."""
    return parts_verdict(("W_new", "b_new"), expected, hints, atol=1e-9, finite_hint=(
        "subtract each row's maximum from the logits before np.exp (np.exp(1000) "
        "overflows)"))


# -- the checks ---------------------------------------------------------------------
def check_normalize_images(fn):
    """Check ``normalize_images(images) -> (n, pixels)`` float32 in [0, 1]. Chapter 8."""
    rng = np.random.default_rng(8)
    hint = ("one row per image, and the largest grey level, 255 (not 256), must "
            "become exactly 1")
    hint_dtype = ("the result must stay float32: a division by a Python number or by a "
                  "float64 array gives float64")
    formula = "images.reshape(len(images), -1).astype(np.float32) / np.float32(255)"
    small = np.array([[[0, 255], [128, 1]], [[255, 255], [0, 0]]], np.uint8)
    digits = rng.integers(0, 256, (3, 28, 28), dtype=np.uint8)
    three = np.arange(0, 255, 30, dtype=np.uint8)[:9].reshape(1, 3, 3)
    cases = []
    for description, images in (("two 2 x 2 images with 0 and 255", small),
                                ("three random 28 x 28 digits", digits),
                                ("one 3 x 3 image", three)):
        cases.append(Case(description, args=(images,), expected=RECORDED, formula=formula,
                          judge=lambda want: _array_verdict(want, hint, dtype_kind="f",
                                                            hint_dtype=hint_dtype)))

    def float32_verdict(result):
        if isinstance(result, np.ndarray) and result.dtype != np.float32:
            return f"expected dtype float32, got {result.dtype}. Hint: {hint_dtype}"
        return None

    cases.append(Case("the result is float32 (half the memory of float64)",
                      args=(np.full((2, 4, 4), 255, np.uint8),),
                      expected=float32_verdict, formula=formula))
    return run_checks("check_normalize_images", fn, cases)


def check_confusion_matrix(fn):
    """Check ``confusion_matrix(y_true, y_pred, n_classes)``. Chapter 8."""
    hint = ("row = true class, column = predicted class: count every pair (t, p), "
            "repeats included")
    formula = ("matrix = np.zeros((n_classes, n_classes), dtype=int); "
               "np.add.at(matrix, (y_true, y_pred), 1)")
    cases = []
    for description, y_true, y_pred, n_classes in (
            ("all right, 3 classes", [0, 1, 2, 2], [0, 1, 2, 2], 3),
            ("one 0 read as 2 (rows are true classes)", [0, 0, 1, 2], [2, 0, 1, 2], 3),
            ("a class that never occurs still has a row", [1, 1, 0], [1, 0, 0], 4),
            ("repeated mistakes are counted, not just marked",
             [3, 3, 3, 1], [1, 1, 1, 1], 4)):
        y_true, y_pred = np.array(y_true), np.array(y_pred)
        cases.append(Case(description, args=(y_true, y_pred, n_classes),
                          expected=RECORDED, dtype=True, formula=formula,
                          judge=lambda want: _array_verdict(
                              want, hint, dtype_kind="iu",
                              hint_dtype="counts are integers: start from an integer "
                                         "array of zeros")))
    return run_checks("check_confusion_matrix", fn, cases)


def check_inverted_dropout(fn):
    """Check ``inverted_dropout(x, p, u, training)``. Chapter 8."""
    x = np.array([[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 2.0, -3.0]])
    u = np.array([[0.1, 0.6, 0.3, 0.9], [0.5, 0.2, 0.8, 0.4]])
    cases = [
        Case("training, p = 0.25: drop where u < p, scale the rest by 1/(1-p)",
             args=(x, 0.25, u, True),
             expected=RECORDED,
             formula="x * (u >= p) / (1 - p)",
             judge=lambda want: _array_verdict(want, "p is the DROP probability, so a "
                                                     "unit is kept when u >= p; the kept "
                                                     "ones are scaled so that the mean "
                                                     "stays the same")),
        Case("training, p = 0.5: kept units are doubled",
             args=(x, 0.5, u, True),
             expected=RECORDED,
             formula="x * (u >= p) / (1 - p)",
             judge=lambda want: _array_verdict(want, "with p = 0.5 half is dropped on "
                                                     "average, so a kept unit doubles")),
        Case("evaluation: the identity, whatever u is",
             args=(x, 0.5, u, False),
             expected=_array_verdict(x, "at evaluation (training=False) return x "
                                        "unchanged: no mask, no scaling")),
        Case("training, p = 0: nothing is dropped",
             args=(x, 0.0, u, True),
             expected=_array_verdict(x, "p = 0 drops nothing and scales by 1")),
    ]
    return run_checks("check_inverted_dropout", fn, cases)


def check_softmax_regression_step(fn):
    """Check ``softmax_regression_step(X, y, W, b, lr) -> (W_new, b_new)``. Ch. 8."""
    rng = np.random.default_rng(88)
    hints = ("step against the gradient of the MEAN loss with respect to W: the inputs "
             "times the gradient at the logits (probabilities minus one-hot targets, "
             "shared out over the batch)",
             "the bias was added to every example: its gradient adds the logits' "
             "gradient over the batch")
    formula = ("G = (softmax(X @ W + b) - one_hot(y)) / batch; W - lr * X.T @ G; "
               "b - lr * G.sum(axis=0)")
    cases = []
    for description, n, d, k in (("a batch of 4, 3 features, 2 classes", 4, 3, 2),
                                 ("a batch of 6, 5 features, 4 classes", 6, 5, 4)):
        X, y = rng.normal(size=(n, d)), np.arange(n) % k
        W, b = rng.normal(size=(d, k)), rng.normal(size=k)
        cases.append(Case(description, args=(X, y, W, b, 0.5), expected=RECORDED,
                          formula=formula, judge=lambda want: _step_verdict(want, hints)))
    # Logits near +-1000: exp overflows unless each row's maximum is subtracted first.
    X = np.array([[1000.0, -1000.0], [-800.0, 900.0], [1200.0, 50.0]])
    W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.5]])
    b, y = np.zeros(3), np.array([1, 1, 0])
    cases.append(Case("large logits (+-1000): subtract the row maximum before exp",
                      args=(X, y, W, b, 0.01), formula=formula,
                      expected=RECORDED, judge=lambda want: _step_verdict(want, hints)))
    return run_checks("check_softmax_regression_step", fn, cases)


def _small_task(seed, n_train=15, n_val=20, d=10, k=3):
    """A small noisy classification task that a softmax classifier overfits."""
    r = np.random.default_rng(seed)
    true = r.normal(size=(d, k))
    X = r.normal(size=(n_train + n_val, d))
    y = (X @ true + 1.5 * r.normal(size=(n_train + n_val, k))).argmax(axis=1)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:], np.zeros((d, k)), np.zeros(k)


def check_train_with_early_stopping(fn):
    """Check ``train_with_early_stopping(...) -> (W_best, b_best, best_epoch,
    val_losses)``. Chapter 8."""
    names = ("W_best", "b_best", "best_epoch", "val_losses")
    hints = ("return a copy of the weights taken right after the best epoch, not the "
             "weights of the last epoch",
             "keep b of the best epoch, as for W",
             "the epoch with the lowest validation loss, counting the first epoch as 1",
             "one validation loss per epoch that ran (the mean cross-entropy, stable); "
             "stop after `patience` epochs in a row without a new lowest loss, or "
             "after max_epochs")

    def judge(want):
        parts = parts_verdict(names, want, hints, atol=1e-9, finite_hint=(
            "subtract each row's maximum logit before np.exp"))

        def verdict(result):
            problem = parts(result)
            if problem is None and not isinstance(result[3], np.ndarray):
                return (f"val_losses: expected a NumPy array, got "
                        f"{type(result[3]).__name__}. Hint: return np.array(val_losses)")
            return problem

        return verdict

    formula = ("after each epoch: loss = mean cross-entropy on (X_val, y_val); if loss < "
               "best: best, W_best, b_best, best_epoch = loss, W.copy(), b.copy(), epoch; "
               "waited = 0; else: waited += 1, and stop when waited == patience")
    task = _small_task(12)
    cases = [
        Case("patience 3: it stops 3 epochs after the best one", task + (0.1, 5, 40, 3),
             RECORDED, judge=judge, formula=formula,
             hint="after each epoch, compare the validation loss with the lowest so far"),
        Case("patience 1: stop at the first epoch that does not improve",
             task + (0.1, 5, 40, 1), RECORDED, judge=judge, formula=formula,
             hint="an epoch improves only when its loss is strictly lower than every "
                  "earlier one"),
        Case("max_epochs 5 comes first: the best is the last epoch",
             task + (0.1, 5, 5, 3), RECORDED, judge=judge, formula=formula,
             hint="never run more than max_epochs epochs"),
        Case("batches of 4: the last batch has 3 examples", _small_task(14) + (0.1, 4, 40, 2),
             RECORDED, judge=judge, formula=formula,
             hint="take the examples in the order given, in batches of batch_size; the "
                  "last, smaller batch is a step too"),
    ]
    return run_checks("check_train_with_early_stopping", fn, cases)
