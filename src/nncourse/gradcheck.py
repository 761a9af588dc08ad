"""Gradient checking: compare backprop's gradients with finite differences.

Introduced in chapter 7. The habit that catches backprop bugs: nudge each number a
little each way, see how the loss moves, and compare with the analytic gradient.
Use float64: in float32 the differences drown in rounding error.
"""

from __future__ import annotations

import numpy as np

from nncourse._validation import as_rng

__all__ = ["numerical_gradient", "relative_error", "check_layer", "check_model",
           "GradientReport"]


def numerical_gradient(f, x, eps=1e-5):
    """Central-difference gradient of the scalar function ``f`` at the array ``x``.

    ``f(x)`` must return a number. Each entry of ``x`` is changed in place to
    ``x + eps`` and ``x - eps`` (so ``x`` may be a parameter array that ``f`` reads)
    and restored exactly afterwards. Returns an array of ``x``'s shape:
    ``(f(x + eps) - f(x - eps)) / (2 eps)`` per entry.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise ValueError("numerical_gradient expected a float NumPy array to nudge, "
                         f"got {type(x).__name__}"
                         + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        f_plus = float(f(x))
        x[idx] = old - eps
        f_minus = float(f(x))
        x[idx] = old  # restore the exact original value
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b) -> float:
    """``|a - b| / (|a| + |b|)`` with Euclidean norms; 0 when both are zero.

    Below about 1e-7 in float64 the two gradients agree; above 1e-3 something is
    wrong.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error expected arrays of one shape, "
                         f"got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


_ZERO = 1e-9  # gradients smaller than this are zero up to rounding error


def _compare(analytic, numeric) -> float:
    """``relative_error``, except that two gradients which are both zero up to
    rounding (e.g. a bias followed by BatchNorm) count as agreeing."""
    if max(np.abs(analytic).max(initial=0), np.abs(numeric).max(initial=0)) < _ZERO:
        return 0.0
    return relative_error(analytic, numeric)


class GradientReport(dict):
    """Relative error per gradient name (``"input"``, ``"W"``, ``"0.W"``...).

    ``print(report)`` shows a table; ``report.max()`` the worst error;
    ``report.passed(tol)`` whether every error is below ``tol``.
    """

    def max(self) -> float:
        return max(self.values(), default=0.0)

    def passed(self, tol=1e-6) -> bool:
        return self.max() < tol

    def __str__(self):
        width = max((len(k) for k in self), default=5)
        return "\n".join(f"{name:<{width}}  relative error {err:.1e}"
                         for name, err in self.items())


def _frozen_randomness(layers):
    """Snapshot the random state of every layer that has one (e.g. Dropout), so each
    evaluation of the loss draws the same mask."""
    states = [(layer, layer.rng.bit_generator.state)
              for layer in layers if isinstance(getattr(layer, "rng", None),
                                                np.random.Generator)]

    def restore():
        for layer, state in states:
            layer.rng.bit_generator.state = state

    return restore


def _snapshot_buffers(layers):
    """Copies of every layer's buffers (BatchNorm's running statistics change on
    every training forward), and a function that puts them back."""
    saved = [(layer, {k: v.copy() for k, v in layer.buffers.items()}) for layer in layers]

    def restore():
        for layer, buffers in saved:
            for k, v in buffers.items():
                layer.buffers[k][...] = v

    return restore


def _check(layers, forward, backward, x, eps):
    """Analytic versus numerical gradients for the input and each parameter."""
    restore_rng = _frozen_randomness(layers)
    restore_buffers = _snapshot_buffers(layers)
    try:
        restore_rng()
        forward(x)
        grad_x = backward()
        analytic = {"input": np.array(grad_x, dtype=np.float64)}
        for name, grad in _named(layers, "grads"):
            analytic[name] = np.array(grad, dtype=np.float64)

        def f(_):
            restore_rng()
            return forward(x)

        report = GradientReport()
        report["input"] = _compare(analytic["input"], numerical_gradient(f, x, eps))
        for name, param in _named(layers, "params"):
            report[name] = _compare(analytic[name], numerical_gradient(f, param, eps))
        return report
    finally:
        restore_rng()
        restore_buffers()


def _named(layers, attr):
    if len(layers) == 1:
        return list(getattr(layers[0], attr).items())
    return [(f"{i}.{k}", v) for i, layer in enumerate(layers)
            for k, v in getattr(layer, attr).items()]


def check_layer(layer, x, *, training=True, eps=1e-5, rng=None) -> GradientReport:
    """Check every gradient of ``layer`` at the input ``x``: (batch, features).

    The scalar being differentiated is ``sum(forward(x) * g)`` with a fixed random
    ``g`` (so every output entry matters with a different weight). Returns a
    ``GradientReport`` with keys ``"input"`` and each parameter name. Two
    gradients that are both zero up to rounding (below 1e-9) count as agreeing.
    """
    x = np.array(x, dtype=np.float64)
    restore_rng, restore_buffers = _frozen_randomness([layer]), _snapshot_buffers([layer])
    out = layer.forward(x, training=training)  # only to learn the output's shape
    restore_rng()
    restore_buffers()
    g = as_rng(rng if rng is not None else 0).standard_normal(out.shape)

    def forward(x_):
        return float(np.sum(layer.forward(x_, training=training) * g))

    return _check([layer], forward, lambda: layer.backward(g), x, eps)


def check_model(model, loss, x, y, *, training=True, eps=1e-5) -> GradientReport:
    """Check every gradient of ``loss(model(x), y)``: the input's and each
    parameter's, keyed like ``model.params`` (``"0.W"``, ``"0.b"``, ...)."""
    x = np.array(x, dtype=np.float64)

    def forward(x_):
        return loss.forward(model.forward(x_, training=training), y)

    def backward():
        return model.backward(loss.backward())

    return _check(list(model.layers), forward, backward, x, eps)
