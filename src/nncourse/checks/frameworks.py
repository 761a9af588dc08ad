"""The public exercise checks of chapter 12, from nncourse to PyTorch and Keras.

The inputs and hints live here; the right answers are recorded from the solutions
(``RECORDED``), so this module holds no implementation of a graded function.
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, parts_verdict, run_checks

__all__ = ["check_linear_weights", "check_lstm_weights", "check_torch_sgd_step",
           "check_keras_parameter_count"]


def _arrays(seed, *shapes):
    rng = np.random.default_rng(seed)
    return tuple(rng.normal(size=shape).astype(np.float32) for shape in shapes)


def check_linear_weights(fn):
    """Check ``linear_weights(W, b) -> (weight, bias)`` in ``nn.Linear``'s layout.

    Introduced in chapter 12.
    """
    W, b = _arrays(1, (3, 2), (2,))
    W_square, b_square = _arrays(2, (2, 2), (2,))
    judge = lambda want: parts_verdict(("weight", "bias"), want)  # noqa: E731
    cases = [
        Case("Dense(3 → 2): weight of shape (2, 3)", (W, b), RECORDED,
             "nn.Linear stores its weight as (out_features, in_features): the "
             "transpose of our W.", judge=judge, dtype=True),
        Case("a square layer, where a missing transpose raises no error",
             (W_square, b_square), RECORDED,
             "for a square W the shapes match either way: transpose all the same.",
             judge=judge, dtype=True),
    ]
    return run_checks("check_linear_weights", fn, cases)


def check_lstm_weights(fn):
    """Check ``lstm_weights(Wx, Wh, b) -> (weight_ih, weight_hh, bias_ih, bias_hh)``.

    Introduced in chapter 12.
    """
    Wx, Wh, b = _arrays(3, (2, 12), (3, 12), (12,))
    judge = lambda want: parts_verdict(  # noqa: E731
        ("weight_ih", "weight_hh", "bias_ih", "bias_hh"), want)
    cases = [
        Case("LSTM(2, 3): gates in the same order, weights transposed", (Wx, Wh, b),
             RECORDED, "nn.LSTM keeps our gate order; weight_ih is Wx.T, weight_hh is "
             "Wh.T, and one of its two biases must be zero so that they add up to b.",
             judge=judge, dtype=True),
    ]
    return run_checks("check_lstm_weights", fn, cases)


def check_torch_sgd_step(fn):
    """Check ``torch_sgd_step(W, b, X, y, lr) -> (W, b, loss)``: one PyTorch step.

    Introduced in chapter 12.
    """
    W, b, X = _arrays(4, (4, 3), (3,), (5, 4))
    y = np.array([0, 2, 1, 2, 0])
    judge = lambda want: parts_verdict(("W", "b", "loss"), want,  # noqa: E731
                                       rtol=1e-4, atol=1e-6)
    cases = [
        Case("5 examples, 4 features, 3 classes, lr = 0.5", (W, b, X, y, 0.5), RECORDED,
             "make W and b leaf tensors with requires_grad=True, compute "
             "cross_entropy(X @ W + b, y), call backward(), then step against .grad.",
             judge=judge),
        Case("lr = 0 leaves W and b as they were", (W, b, X, y, 0.0), RECORDED,
             "the loss is the one before the step; the new W is W - lr * W.grad.",
             judge=judge),
    ]
    return run_checks("check_torch_sgd_step", fn, cases)


def check_keras_parameter_count(fn):
    """Check ``keras_parameter_count(layer_sizes) -> int`` of a Keras model.

    Introduced in chapter 12.
    """
    cases = [
        Case("784-128-10, the network of chapters 8 and 12", ([784, 128, 10],), RECORDED,
             "each Dense layer has n_in × n_out weights and n_out biases.", dtype=True),
        Case("a network with two hidden layers", ([10, 20, 30, 5],), RECORDED,
             "count every Dense layer, the output layer too.", dtype=True),
    ]
    return run_checks("check_keras_parameter_count", fn, cases)
