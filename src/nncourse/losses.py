"""Loss functions: how far the network's output is from the target.

Introduced in chapter 5 (MSE already in chapter 2).

Each loss is a small class: ``forward(pred, target) -> float`` averaged over the
batch, caching what ``backward`` needs; ``backward() -> dL/d(pred)`` with the shape
and dtype of ``pred``.
"""

from __future__ import annotations

import numpy as np

from nncourse._validation import as_float_array, check_2d, check_finite, check_labels

__all__ = ["Loss", "MSE", "BinaryCrossEntropy", "SoftmaxCrossEntropy"]


class Loss:
    """Base class of the losses."""

    def __init__(self):
        self._cache = None

    def forward(self, pred, target) -> float:
        raise NotImplementedError

    def backward(self) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, pred, target) -> float:
        return self.forward(pred, target)

    def _cached(self):
        if self._cache is None:
            raise RuntimeError(
                f"{self!r}.backward was called before forward; call forward first"
            )
        return self._cache

    def check_target(self, target, pred_shape, dtype=np.float64):
        """Return ``target`` converted and checked for predictions of ``pred_shape``.

        Raises ValueError with what was expected and what came. ``fit`` calls it once
        on all targets before training, so a bad label stops it before any step.
        """
        target = as_float_array(target, dtype, who=repr(self))
        if target.shape != tuple(pred_shape):
            # (batch,) for (batch, 1): subtracting would broadcast to (batch, batch)
            if len(pred_shape) == 2 and pred_shape[1] == 1 and target.shape == pred_shape[:1]:
                target = target.reshape(pred_shape)
            else:
                raise ValueError(
                    f"{self!r} expected targets of shape {tuple(pred_shape)} to match "
                    f"the predictions, got shape {target.shape}"
                )
        check_finite(target, who=f"{self!r} target")
        return target

    def _pred_and_target(self, pred, target):
        """Return float arrays of one shape and dtype (the prediction's)."""
        pred = as_float_array(pred, who=repr(self))
        return pred, self.check_target(target, pred.shape, pred.dtype)

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSE(Loss):
    """Mean squared error: the mean of ``(pred - target)**2`` over all elements.

    No factor ½. Introduced in chapter 2. pred and target: any shape, the same.
    """

    def forward(self, pred, target) -> float:
        pred, target = self._pred_and_target(pred, target)
        diff = pred - target
        self._cache = diff
        return float(np.mean(diff * diff))

    def backward(self) -> np.ndarray:
        diff = self._cached()
        return diff * (2 / diff.size)


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy ``-mean(t log p + (1 - t) log(1 - p))``. Chapter 5.

    pred: probabilities in [0, 1] (the output of a sigmoid), or logits with
    ``from_logits=True`` (then the sigmoid is fused in and nothing is clipped).
    target: same shape (or (batch,) for pred (batch, 1)), values in [0, 1].

    Probabilities are clipped to ``[eps, 1 - eps]`` so that ``log(0)`` never happens;
    ``eps`` is at least the dtype's machine epsilon, so ``1 - eps < 1`` in float32 too.
    """

    def __init__(self, *, from_logits=False, eps=1e-7):
        super().__init__()
        self.from_logits, self.eps = bool(from_logits), float(eps)

    def check_target(self, target, pred_shape, dtype=np.float64):
        t = super().check_target(target, pred_shape, dtype)
        if np.any((t < 0) | (t > 1)):
            raise ValueError(
                f"{self!r} expected targets in [0, 1], got values from "
                f"{t.min()} to {t.max()}"
            )
        return t

    def forward(self, pred, target) -> float:
        pred, t = self._pred_and_target(pred, target)
        if self.from_logits:
            z = pred
            # log(1 + e^z) - t z, written so that exp never sees a positive number
            losses = np.maximum(z, 0) - t * z + np.log1p(np.exp(-np.abs(z)))
            e = np.exp(-np.abs(z))
            p = np.where(z >= 0, 1 / (1 + e), e / (1 + e))  # a stable sigmoid
        else:
            eps = max(self.eps, float(np.finfo(pred.dtype).eps))
            p = np.clip(pred, eps, 1 - eps)  # keeps log away from 0
            losses = -(t * np.log(p) + (1 - t) * np.log(1 - p))
        self._cache = (p, t)
        return float(np.mean(losses))

    def backward(self) -> np.ndarray:
        p, t = self._cached()
        if self.from_logits:
            return (p - t) * (1 / p.size)
        # d/dp of the loss at the (clipped) probability, averaged over all elements
        return (p - t) / (p * (1 - p) * p.size)

    def __repr__(self):
        return "BinaryCrossEntropy(from_logits=True)" if self.from_logits else \
            "BinaryCrossEntropy()"


class SoftmaxCrossEntropy(Loss):
    """Softmax and categorical cross-entropy fused in one loss. Chapter 5.

    pred: logits (batch, classes), *before* any softmax.
    target: integer labels (batch,) in 0..classes-1, or one-hot (batch, classes).

    ``forward`` computes ``log softmax`` with log-sum-exp, so logits of +-1000 give a
    finite loss; ``backward`` is ``(softmax(logits) - onehot) / batch``.
    """

    def check_target(self, target, pred_shape, dtype=np.float64):
        """Return ``(labels, None)`` for integer labels or ``(None, onehot)``."""
        n, n_classes = pred_shape
        target = np.asarray(target)
        if target.ndim == 1:
            labels = check_labels(target, n_classes, who=repr(self))
            if labels.shape[0] != n:
                raise ValueError(
                    f"{self!r} expected {n} labels, one per row of logits, "
                    f"got {labels.shape[0]}"
                )
            return labels, None
        if target.shape == tuple(pred_shape):
            onehot = as_float_array(target, dtype, who=repr(self))
            check_finite(onehot, who=f"{self!r} target")
            return None, onehot
        what = "one-hot targets" if target.ndim == 2 else "targets"
        raise ValueError(
            f"{self!r} expected integer labels of shape ({n},) or one-hot targets of "
            f"shape {tuple(pred_shape)}, got {what} of shape {target.shape}"
        )

    def forward(self, pred, target) -> float:
        z = as_float_array(pred, who=repr(self))
        check_2d(z, who=repr(self), what="logits of shape (batch, classes)")
        n = z.shape[0]
        labels, onehot = self.check_target(target, z.shape, z.dtype)
        shifted = z - z.max(axis=1, keepdims=True)  # the largest logit becomes 0
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1, keepdims=True)  # in [1, classes]: log is safe
        if labels is not None:
            picked = shifted[np.arange(n), labels]
            total = np.log(sum_exp).sum() - picked.sum()
        else:
            # sum_c t_c (lse - shifted_c), which is lse - shifted_label for one-hot t
            total = (np.log(sum_exp[:, 0]) * onehot.sum(axis=1)).sum() \
                - (onehot * shifted).sum()
        exp /= sum_exp  # now the softmax probabilities
        self._cache = (exp, labels, onehot)
        return float(total) / n  # the mean over the batch

    def backward(self) -> np.ndarray:
        p, labels, onehot = self._cached()
        n = p.shape[0]
        if labels is not None:
            grad = p.copy()
            grad[np.arange(n), labels] -= 1
        else:
            grad = p - onehot
        grad *= p.dtype.type(1 / n)
        return grad
