"""Layers: small classes with ``forward`` then ``backward``.

Introduced in chapter 3 (``Dense``), chapter 4 (activations), chapter 7 (backward)
and chapter 8 (``Dropout``, ``BatchNorm``).

Every layer caches in ``forward`` exactly what its ``backward`` needs. ``backward``
overwrites ``grads`` (it never accumulates, so calling it twice gives the same
result), returns the gradient with respect to the layer's input as a new array, and
never changes its argument. ``forward`` reads the arrays in ``params`` on every call,
so an optimiser that updates them in place is seen at once.
"""

from __future__ import annotations

import numpy as np

from nncourse import activations as act
from nncourse._validation import as_float_array, as_rng, check_2d

__all__ = [
    "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax",
    "Dropout", "BatchNorm",
]


class Layer:
    """Base class of all layers. Introduced in chapter 3.

    Attributes:
        params: dict name -> array of learnable parameters (empty if none).
        grads: dict name -> array, same keys and shapes as ``params``, filled by
            ``backward``.
        buffers: dict name -> array of state that is not learned (e.g. BatchNorm's
            running statistics); empty for most layers.
    """

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.buffers: dict[str, np.ndarray] = {}
        self._cache = None

    def forward(self, x, training=False):
        """x: (batch, features) -> output. ``training`` switches Dropout/BatchNorm."""
        raise NotImplementedError

    def backward(self, grad_out):
        """grad_out: dL/d(output) -> dL/d(input); fills ``grads``."""
        raise NotImplementedError

    def __call__(self, x, training=False):
        return self.forward(x, training=training)

    def _cached(self):
        if self._cache is None:
            raise RuntimeError(
                f"{self!r}.backward was called before forward; call forward first"
            )
        return self._cache

    def _check_grad(self, grad_out, shape, dtype=None) -> np.ndarray:
        """Return ``grad_out`` as an array of ``dtype``, checked to have ``shape``."""
        grad_out = as_float_array(grad_out, dtype, who=self)
        if grad_out.shape != shape:
            raise ValueError(
                f"{self!r}.backward expected a gradient of shape {shape} (the shape "
                f"of its output), got shape {grad_out.shape}"
            )
        return grad_out

    @property
    def n_params(self) -> int:
        """Number of learnable numbers in this layer."""
        return sum(p.size for p in self.params.values())

    def __repr__(self):
        return f"{type(self).__name__}()"


class Dense(Layer):
    """Fully connected layer ``Y = X W + b``. Introduced in chapter 3.

    Shapes: x (batch, in_features), W (in_features, out_features), b (out_features,),
    output (batch, out_features).

    Args:
        init: "he" (normal, variance 2 / in_features; for ReLU) or "xavier" (normal,
            variance 2 / (in_features + out_features); for sigmoid and tanh).
        rng: a ``np.random.default_rng(...)`` or an int seed.
        dtype: dtype of the parameters; inputs of another dtype are converted to it.
    """

    def __init__(self, in_features, out_features, *, init="he", rng=None,
                 dtype=np.float64):
        super().__init__()
        self.in_features, self.out_features = int(in_features), int(out_features)
        if self.in_features < 1 or self.out_features < 1:
            raise ValueError(
                f"Dense expected positive in_features and out_features, "
                f"got {in_features} and {out_features}"
            )
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise ValueError(f"Dense expected a float dtype, got {dtype}")
        if init == "he":
            std = np.sqrt(2.0 / self.in_features)
        elif init == "xavier":
            std = np.sqrt(2.0 / (self.in_features + self.out_features))
        else:
            raise ValueError(f'Dense expected init "he" or "xavier", got {init!r}')
        W = as_rng(rng).normal(0.0, std, size=(self.in_features, self.out_features))
        self.params = {"W": W.astype(dtype),
                       "b": np.zeros(self.out_features, dtype=dtype)}

    @property
    def dtype(self) -> np.dtype:
        """The dtype of the parameters (and of the output)."""
        return self.params["W"].dtype

    def forward(self, x, training=False):
        W, b = self.params["W"], self.params["b"]
        x = as_float_array(x, W.dtype, who=self)
        if x.ndim != 2:
            check_2d(x, who=repr(self), what=f"input of shape (batch, {self.in_features})")
        if x.shape[1] != self.in_features:
            raise ValueError(
                f"{self!r} expected input with {self.in_features} features, "
                f"got shape {x.shape}"
            )
        self._cache = x  # backward needs only the input
        out = x @ W
        out += b  # in place: no second (batch, out) array
        return out

    def backward(self, grad_out, *, input_grad=True):
        """Fills ``grads["W"] = x.T @ grad_out`` and ``grads["b"] = grad_out.sum(0)``.

        Returns ``grad_out @ W.T``, or None with ``input_grad=False`` (the first layer
        of a network needs no input gradient, and skipping it saves a third of the
        work).
        """
        x = self._cached()
        W = self.params["W"]
        grad_out = self._check_grad(grad_out, (x.shape[0], self.out_features), W.dtype)
        self.grads["W"] = x.T @ grad_out
        self.grads["b"] = grad_out.sum(axis=0)
        return grad_out @ W.T if input_grad else None

    def __repr__(self):
        return f"Dense({self.in_features} → {self.out_features})"


class _Elementwise(Layer):
    """An activation layer: no parameters, output has the input's shape and dtype."""

    def _input(self, x):
        return as_float_array(x, who=self)


class Sigmoid(_Elementwise):
    """Sigmoid activation layer; backward uses the cached output: ``s (1 - s)``."""

    def forward(self, x, training=False):
        s = act.sigmoid(self._input(x))
        self._cache = s
        return s

    def backward(self, grad_out):
        s = self._cached()
        return self._check_grad(grad_out, s.shape, s.dtype) * (s * (1 - s))


class Tanh(_Elementwise):
    """Tanh activation layer; backward uses the cached output: ``1 - t**2``."""

    def forward(self, x, training=False):
        t = np.tanh(self._input(x))
        self._cache = t
        return t

    def backward(self, grad_out):
        t = self._cached()
        return self._check_grad(grad_out, t.shape, t.dtype) * (1 - t * t)


class ReLU(_Elementwise):
    """ReLU activation layer; caches only a boolean mask of the positive inputs."""

    def forward(self, x, training=False):
        x = self._input(x)
        mask = x > 0
        self._cache = mask
        return x * mask  # a new array; x itself is left alone

    def backward(self, grad_out):
        mask = self._cached()
        return self._check_grad(grad_out, mask.shape) * mask


class LeakyReLU(_Elementwise):
    """Leaky ReLU layer: ``x`` for positive inputs, ``alpha * x`` otherwise."""

    def __init__(self, alpha=0.01):
        super().__init__()
        self.alpha = float(alpha)

    def forward(self, x, training=False):
        x = self._input(x)
        slope = np.where(x > 0, x.dtype.type(1), x.dtype.type(self.alpha))
        self._cache = slope  # the local derivative, one number per input
        return x * slope

    def backward(self, grad_out):
        slope = self._cached()
        return self._check_grad(grad_out, slope.shape, slope.dtype) * slope

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class Softmax(_Elementwise):
    """Softmax over the last axis. For training, prefer ``SoftmaxCrossEntropy`` on
    the logits: it fuses the two and its gradient is simpler and exact."""

    def forward(self, x, training=False):
        s = act.softmax(self._input(x), axis=-1)
        self._cache = s
        return s

    def backward(self, grad_out):
        s = self._cached()
        return act.softmax_backward(s, self._check_grad(grad_out, s.shape, s.dtype))


class Dropout(Layer):
    """Inverted dropout with drop probability ``p``. Introduced in chapter 8.

    In training each unit is kept with probability ``1 - p`` and the kept units are
    scaled by ``1 / (1 - p)``, so the expected output equals the input; in evaluation
    the layer is the identity.
    """

    def __init__(self, p, rng=None):
        super().__init__()
        p = float(p)
        if not 0.0 <= p < 1.0:
            raise ValueError(
                f"Dropout expected a drop probability p with 0 <= p < 1, got {p}"
            )
        self.p = p
        self.rng = as_rng(rng)

    def forward(self, x, training=False):
        x = as_float_array(x, who=self)
        if not training:
            self._cache = (x.shape, None)  # no mask: the identity
            return x.copy()
        keep = self.rng.random(x.shape, dtype=x.dtype) >= x.dtype.type(self.p)
        mask = keep.astype(x.dtype)
        mask *= x.dtype.type(1.0 / (1.0 - self.p))  # kept units scaled by 1/(1-p)
        self._cache = (x.shape, mask)
        return x * mask

    def backward(self, grad_out):
        shape, mask = self._cached()
        grad_out = self._check_grad(grad_out, shape)
        return grad_out.copy() if mask is None else grad_out * mask

    def __repr__(self):
        return f"Dropout(p={self.p})"


class BatchNorm(Layer):
    """Batch normalisation over the batch axis. Introduced in chapter 8.

    Training: normalise with the batch mean and the biased batch variance,
    ``x_hat = (x - mean) / sqrt(var + eps)``, output ``gamma * x_hat + beta``, and
    update ``running = momentum * running + (1 - momentum) * batch`` (the Keras
    convention; PyTorch's ``momentum`` means ``1 - momentum``). Evaluation: use the
    running statistics instead.

    Shapes: x (batch, features), gamma and beta (features,).
    """

    def __init__(self, features, momentum=0.9, eps=1e-5, *, dtype=np.float64):
        super().__init__()
        self.features = int(features)
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"BatchNorm expected 0 <= momentum <= 1, got {momentum}")
        if eps <= 0:
            raise ValueError(f"BatchNorm expected eps > 0, got {eps}")
        self.momentum, self.eps = float(momentum), float(eps)
        dtype = np.dtype(dtype)
        self.params = {"gamma": np.ones(self.features, dtype=dtype),
                       "beta": np.zeros(self.features, dtype=dtype)}
        self.buffers = {"running_mean": np.zeros(self.features, dtype=dtype),
                        "running_var": np.ones(self.features, dtype=dtype)}

    def forward(self, x, training=False):
        gamma, beta = self.params["gamma"], self.params["beta"]
        x = as_float_array(x, gamma.dtype, who=self)
        check_2d(x, who=repr(self), what=f"input of shape (batch, {self.features})")
        if x.shape[1] != self.features:
            raise ValueError(
                f"{self!r} expected input with {self.features} features, "
                f"got shape {x.shape}"
            )
        if training:
            mean, var = x.mean(axis=0), x.var(axis=0)  # var is the biased variance
            m = x.dtype.type(self.momentum)
            for name, batch_value in (("running_mean", mean), ("running_var", var)):
                running = self.buffers[name]
                running *= m
                running += (1 - m) * batch_value
        else:
            mean, var = self.buffers["running_mean"], self.buffers["running_var"]
        inv_std = 1 / np.sqrt(var + self.eps)  # sqrt(var + eps), not std + eps
        x_hat = (x - mean) * inv_std
        self._cache = (x_hat, inv_std, training)
        return gamma * x_hat + beta

    def backward(self, grad_out):
        x_hat, inv_std, training = self._cached()
        gamma = self.params["gamma"]
        g = self._check_grad(grad_out, x_hat.shape, x_hat.dtype)
        self.grads["gamma"] = (g * x_hat).sum(axis=0)
        self.grads["beta"] = g.sum(axis=0)
        d_xhat = g * gamma
        if not training:  # the statistics are constants in evaluation
            return d_xhat * inv_std
        # The batch mean and variance depend on every x too; these two sums carry that.
        n = x_hat.shape[0]
        return (inv_std / n) * (
            n * d_xhat - d_xhat.sum(axis=0) - x_hat * (d_xhat * x_hat).sum(axis=0)
        )

    def __repr__(self):
        return f"BatchNorm({self.features})"
