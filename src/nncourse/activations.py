"""Activation functions and their derivatives, as pure functions on arrays.

Introduced in chapter 4 (the step function in chapter 1, the sigmoid in chapter 2).

Each function is element-wise (softmax works along one axis), keeps the shape and the
float dtype of its input, and has its derivative right beside it. Derivatives named
``*_grad`` take the *pre-activation* ``x``; derivatives named ``*_grad_from_output``
take the activation's *output*, which is cheaper when the output is already known.
Passing one where the other is expected gives wrong numbers without any error, which
is why the names say what they take.
"""

from __future__ import annotations

import numpy as np

from nncourse._validation import as_float_array

__all__ = [
    "step", "step_grad",
    "sigmoid", "sigmoid_grad", "sigmoid_grad_from_output",
    "tanh", "tanh_grad", "tanh_grad_from_output",
    "relu", "relu_grad",
    "leaky_relu", "leaky_relu_grad",
    "softmax", "log_softmax", "softmax_backward",
]


def _float(x) -> np.ndarray:
    return as_float_array(x, who="activation")


# -- step (chapter 1) ---------------------------------------------------------------
def step(x):
    """Step function: 1 where ``x >= 0``, else 0. Introduced in chapter 1."""
    x = _float(x)
    return (x >= 0).astype(x.dtype)


def step_grad(x):
    """Derivative of the step function: 0 everywhere (undefined at 0; we use 0).

    This is why the perceptron cannot be trained by gradient descent.
    """
    x = _float(x)
    return np.zeros_like(x)


# -- sigmoid (chapter 2) ------------------------------------------------------------
def sigmoid(x):
    """Logistic sigmoid ``1 / (1 + exp(-x))``, range (0, 1). Introduced in chapter 2.

    Stable for any input: ``exp`` only ever sees ``-|x|``, so ``sigmoid(-1000)`` is 0
    with no overflow warning.
    """
    x = _float(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    # For x >= 0: 1 / (1 + e^-x).  For x < 0: e^x / (1 + e^x), the same value.
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(x):
    """Derivative of the sigmoid, taking the pre-activation ``x``: ``s(x) (1 - s(x))``."""
    s = sigmoid(x)
    return s * (1 - s)


def sigmoid_grad_from_output(s):
    """Derivative of the sigmoid, taking its *output* ``s = sigmoid(x)``: ``s (1 - s)``.

    Passing the pre-activation ``x`` here instead of ``s`` is a classic bug (chapter 7).
    """
    s = _float(s)
    return s * (1 - s)


# -- tanh (chapter 4) ---------------------------------------------------------------
def tanh(x):
    """Hyperbolic tangent ``(e^x - e^-x) / (e^x + e^-x)``, range (-1, 1). Chapter 4.

    ``np.tanh`` is already stable; writing the formula by hand overflows for large x.
    """
    return np.tanh(_float(x))


def tanh_grad(x):
    """Derivative of tanh, taking the pre-activation ``x``: ``1 - tanh(x)**2``."""
    t = tanh(x)
    return 1 - t * t


def tanh_grad_from_output(t):
    """Derivative of tanh, taking its *output* ``t = tanh(x)``: ``1 - t**2``."""
    t = _float(t)
    return 1 - t * t


# -- ReLU and Leaky ReLU (chapter 4) ------------------------------------------------
def relu(x):
    """Rectified linear unit ``max(0, x)``. Introduced in chapter 4."""
    x = _float(x)
    return np.maximum(x, 0)


def relu_grad(x):
    """Derivative of ReLU, taking ``x``: 1 where ``x > 0``, else 0 (0 at the kink)."""
    x = _float(x)
    return (x > 0).astype(x.dtype)


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: ``x`` where ``x > 0``, else ``alpha * x``. Introduced in chapter 4."""
    x = _float(x)
    return np.where(x > 0, x, x * x.dtype.type(alpha))


def leaky_relu_grad(x, alpha=0.01):
    """Derivative of Leaky ReLU, taking ``x``: 1 where ``x > 0``, else ``alpha``."""
    x = _float(x)
    one, a = x.dtype.type(1), x.dtype.type(alpha)
    return np.where(x > 0, one, a)


# -- softmax (chapter 4) ------------------------------------------------------------
def softmax(x, axis=-1):
    """Softmax along ``axis``: ``exp(x_i) / sum_j exp(x_j)``. Introduced in chapter 4.

    x: (batch, classes) -> (batch, classes), each row summing to 1.
    Subtracting each row's maximum first leaves the result unchanged but keeps
    ``exp`` from overflowing, so inputs of +-1000 are fine.
    """
    x = _float(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))  # largest entry becomes exp(0) = 1
    e /= e.sum(axis=axis, keepdims=True)
    return e


def log_softmax(x, axis=-1):
    """Logarithm of the softmax, computed stably with log-sum-exp (chapter 5)."""
    x = _float(x)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax_backward(s, grad_out, axis=-1):
    """Vector-Jacobian product of the softmax, taking its *output* ``s`` (chapter 7).

    Returns ``dL/dx`` given ``grad_out = dL/ds``: ``s * (grad_out - sum(grad_out * s))``,
    which is the full Jacobian ``diag(s) - s s^T`` applied without building it.
    """
    s = _float(s)
    grad_out = np.asarray(grad_out, dtype=s.dtype)
    return s * (grad_out - (grad_out * s).sum(axis=axis, keepdims=True))
