"""Optimisers: one class per update rule, one ``step``. Introduced in chapter 6.

``step(layers)`` updates every layer's ``params`` in place from its ``grads``;
``layers`` is a list of layers, a single layer, or a ``Sequential``. State (momentum,
Adam's moments) is created lazily the first time a parameter is seen. Every constant
is cast to the parameter's dtype, so a float32 model stays float32.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Optimizer", "SGD", "Adam", "clip_grad_norm"]


def _layers_of(layers):
    if hasattr(layers, "layers"):  # a Sequential
        return list(layers.layers)
    if hasattr(layers, "params"):  # a single layer
        return [layers]
    return list(layers)


def clip_grad_norm(layers, max_norm) -> float:
    """Scale every gradient so that together they have a norm of at most ``max_norm``.

    Introduced in chapter 11. The global norm is ``sqrt(sum of g**2)`` over every
    entry of every gradient of every layer; if it exceeds ``max_norm``, every
    gradient is multiplied in place by ``max_norm / norm``, which keeps the direction
    of the step and caps its length. ``layers`` is a list of layers, a single layer or
    a ``Sequential``. Returns the norm measured before clipping.
    """
    max_norm = float(max_norm)
    if not max_norm > 0:
        raise ValueError(f"clip_grad_norm expected max_norm > 0, got {max_norm}")
    grads = [g for layer in _layers_of(layers) for g in layer.grads.values()]
    total = float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads)))
    if total > max_norm:  # NaN compares False: a NaN norm is left for fit to report
        for g in grads:
            g *= g.dtype.type(max_norm / total)
    return total


class Optimizer:
    """Base class: walks over the parameters and keeps per-parameter state."""

    def __init__(self, lr):
        lr = float(lr)
        if not lr > 0:
            raise ValueError(f"{type(self).__name__} expected a learning rate lr > 0, "
                             f"got {lr}")
        self.lr = lr
        # id(param) -> (param, state dict); holding the param keeps its id unique
        self._state: dict[int, tuple[np.ndarray, dict]] = {}

    def _pairs(self, layers):
        """Yield (param, grad) for every parameter of every layer."""
        for layer in _layers_of(layers):
            for name, param in layer.params.items():
                grad = layer.grads.get(name)
                if grad is None:
                    raise RuntimeError(
                        f"{type(self).__name__}.step found no gradient for {name!r} "
                        f"of {layer!r}; call backward before step"
                    )
                if grad.shape != param.shape:
                    raise ValueError(
                        f"{type(self).__name__}.step expected the gradient of {name!r} "
                        f"of {layer!r} to have shape {param.shape}, got {grad.shape}"
                    )
                yield param, grad

    def _state_for(self, param) -> dict:
        entry = self._state.get(id(param))
        if entry is None or entry[0] is not param:
            entry = (param, {})
            self._state[id(param)] = entry
        return entry[1]

    def step(self, layers) -> None:
        for param, grad in self._pairs(layers):
            self._update(param, grad, self._state_for(param))

    def _update(self, param, grad, state) -> None:
        raise NotImplementedError

    def zero_state(self) -> None:
        """Forget all state (momentum, moments, step counts)."""
        self._state.clear()


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum.

    Without momentum: ``w ← w − lr · g``. With momentum μ (PyTorch's convention):
    ``v ← μ v + g``, ``w ← w − lr · v``, with ``v`` starting at zero.
    """

    def __init__(self, lr, momentum=0.0):
        super().__init__(lr)
        momentum = float(momentum)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"SGD expected 0 <= momentum < 1, got {momentum}")
        self.momentum = momentum

    def _update(self, param, grad, state):
        lr = param.dtype.type(self.lr)
        if self.momentum:
            v = state.get("velocity")
            if v is None:
                v = state["velocity"] = np.zeros_like(param)
            v *= param.dtype.type(self.momentum)
            v += grad
            grad = v
        scratch = state.get("scratch")
        if scratch is None:
            scratch = state["scratch"] = np.empty_like(param)
        np.multiply(grad, lr, out=scratch)  # no new array per step
        param -= scratch

    def __repr__(self):
        extra = f", momentum={self.momentum}" if self.momentum else ""
        return f"SGD(lr={self.lr}{extra})"


class Adam(Optimizer):
    """Adam: momentum on the gradient and on its square, with bias correction.

    ``m ← β1 m + (1 − β1) g``, ``v ← β2 v + (1 − β2) g²``,
    ``w ← w − lr · m̂ / (sqrt(v̂) + eps)`` with ``m̂ = m / (1 − β1^t)``,
    ``v̂ = v / (1 − β2^t)`` and ``t`` the number of steps taken so far.
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(lr)
        beta1, beta2 = (float(b) for b in betas)
        if not (0.0 <= beta1 < 1.0 and 0.0 <= beta2 < 1.0):
            raise ValueError(f"Adam expected betas in [0, 1), got {tuple(betas)}")
        self.betas, self.eps = (beta1, beta2), float(eps)

    def _update(self, param, grad, state):
        f = param.dtype.type
        beta1, beta2 = self.betas
        if not state:
            state.update(t=0, m=np.zeros_like(param), v=np.zeros_like(param),
                         scratch=np.empty_like(param))
        state["t"] += 1
        t, m, v, scratch = state["t"], state["m"], state["v"], state["scratch"]
        m *= f(beta1)
        m += f(1 - beta1) * grad
        v *= f(beta2)
        np.multiply(grad, grad, out=scratch)
        scratch *= f(1 - beta2)
        v += scratch
        # lr · m̂ / (sqrt(v̂) + eps), with the two corrections folded into scalars
        step_size = f(self.lr / (1 - beta1 ** t))
        np.sqrt(v, out=scratch)
        scratch *= f(1 / np.sqrt(1 - beta2 ** t))
        scratch += f(self.eps)
        np.divide(m, scratch, out=scratch)
        scratch *= step_size
        param -= scratch

    def __repr__(self):
        return f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps})"
