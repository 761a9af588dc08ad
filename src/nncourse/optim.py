"""Optimisers: one class per update rule, one ``step``. Introduced in chapter 6.

``step(layers)`` updates every layer's ``params`` in place from its ``grads``;
``layers`` is a list of layers, a single layer, or a ``Sequential``. State (momentum,
Adam's moments) is created lazily the first time a parameter is seen. Every constant
is cast to the parameter's dtype, so a float32 model stays float32.

Chapter 9 adds ``AdaGrad``, ``RMSProp``, ``AdamW``, Nesterov momentum
(``SGD(..., nesterov=True)``) and ``weight_decay=`` on every optimiser: L2
regularisation, ``weight_decay · w`` added to the gradient of every parameter before
the update rule sees it (``AdamW`` instead shrinks the weights directly, "decoupled").
"""

from __future__ import annotations

import numpy as np

__all__ = ["Optimizer", "SGD", "Adam", "AdaGrad", "RMSProp", "AdamW", "clip_grad_norm"]


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

    def __init__(self, lr, weight_decay=0.0):
        lr = float(lr)
        if not lr > 0:
            raise ValueError(f"{type(self).__name__} expected a learning rate lr > 0, "
                             f"got {lr}")
        weight_decay = float(weight_decay)
        if not weight_decay >= 0:
            raise ValueError(f"{type(self).__name__} expected weight_decay >= 0, "
                             f"got {weight_decay}")
        self.lr, self.weight_decay = lr, weight_decay
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
            state = self._state_for(param)
            if self.weight_decay and self._l2:
                grad = self._with_l2(param, grad, state)
            self._update(param, grad, state)

    _l2 = True  # AdamW turns this off: its decay is not part of the gradient

    def _with_l2(self, param, grad, state):
        """``grad + weight_decay · param`` in a reusable buffer (``grads`` untouched)."""
        buf = state.get("l2_grad")
        if buf is None:
            buf = state["l2_grad"] = np.empty_like(param)
        np.multiply(param, param.dtype.type(self.weight_decay), out=buf)
        buf += grad
        return buf

    def _extra_repr(self) -> str:
        return f", weight_decay={self.weight_decay}" if self.weight_decay else ""

    def _update(self, param, grad, state) -> None:
        raise NotImplementedError

    def zero_state(self) -> None:
        """Forget all state (momentum, moments, step counts)."""
        self._state.clear()


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum.

    Without momentum: ``w ← w − lr · g``. With momentum μ (PyTorch's convention):
    ``v ← μ v + g``, ``w ← w − lr · v``, with ``v`` starting at zero.
    With ``nesterov=True`` (chapter 9) the step looks ahead along the velocity:
    ``v ← μ v + g``, ``w ← w − lr · (g + μ v)``.
    """

    def __init__(self, lr, momentum=0.0, *, nesterov=False, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        momentum = float(momentum)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"SGD expected 0 <= momentum < 1, got {momentum}")
        if nesterov and not momentum > 0:
            raise ValueError(f"SGD expected momentum > 0 with nesterov=True, "
                             f"got momentum={momentum}")
        self.momentum, self.nesterov = momentum, bool(nesterov)

    def _update(self, param, grad, state):
        lr = param.dtype.type(self.lr)
        if self.momentum:
            v = state.get("velocity")
            if v is None:
                v = state["velocity"] = np.zeros_like(param)
            v *= param.dtype.type(self.momentum)
            v += grad
            if self.nesterov:  # g + μ v: the gradient plus a look at the next velocity
                scratch = state.setdefault("scratch", np.empty_like(param))
                np.multiply(v, param.dtype.type(self.momentum), out=scratch)
                scratch += grad
                scratch *= lr
                param -= scratch
                return
            grad = v
        scratch = state.get("scratch")
        if scratch is None:
            scratch = state["scratch"] = np.empty_like(param)
        np.multiply(grad, lr, out=scratch)  # no new array per step
        param -= scratch

    def __repr__(self):
        extra = f", momentum={self.momentum}" if self.momentum else ""
        extra += ", nesterov=True" if self.nesterov else ""
        return f"SGD(lr={self.lr}{extra}{self._extra_repr()})"


class Adam(Optimizer):
    """Adam: momentum on the gradient and on its square, with bias correction.

    ``m ← β1 m + (1 − β1) g``, ``v ← β2 v + (1 − β2) g²``,
    ``w ← w − lr · m̂ / (sqrt(v̂) + eps)`` with ``m̂ = m / (1 − β1^t)``,
    ``v̂ = v / (1 − β2^t)`` and ``t`` the number of steps taken so far.
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, *, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        beta1, beta2 = (float(b) for b in betas)
        if not (0.0 <= beta1 < 1.0 and 0.0 <= beta2 < 1.0):
            raise ValueError(f"Adam expected betas in [0, 1), got {tuple(betas)}")
        self.betas, self.eps = (beta1, beta2), float(eps)

    def _update(self, param, grad, state):
        f = param.dtype.type
        beta1, beta2 = self.betas
        if "m" not in state:
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
        return (f"{type(self).__name__}(lr={self.lr}, betas={self.betas}, eps={self.eps}"
                f"{self._extra_repr()})")


class AdamW(Adam):
    """Adam with decoupled weight decay. Introduced in chapter 9.

    Each step first shrinks every parameter, ``w ← w − lr · weight_decay · w``, then
    takes Adam's step on the plain gradient. With ``Adam(weight_decay=...)`` the decay
    term goes into the gradient and is then divided by ``sqrt(v̂)``, so weights with
    large gradients are hardly decayed; here every weight decays at the same rate.
    """

    _l2 = False

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, *, weight_decay=1e-2):
        super().__init__(lr, betas, eps, weight_decay=weight_decay)

    def _update(self, param, grad, state):
        if self.weight_decay:
            param *= param.dtype.type(1 - self.lr * self.weight_decay)
        super()._update(param, grad, state)


class AdaGrad(Optimizer):
    """AdaGrad: each parameter's step divided by its accumulated gradient size.

    Introduced in chapter 9. ``s ← s + g²``, ``w ← w − lr · g / (sqrt(s) + eps)``,
    with ``s`` starting at zero. Steps only shrink, since ``s`` only grows.
    """

    def __init__(self, lr=1e-2, eps=1e-8, *, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.eps = float(eps)
        if not self.eps > 0:
            raise ValueError(f"AdaGrad expected eps > 0, got {eps}")

    def _update(self, param, grad, state):
        f = param.dtype.type
        if state.get("s") is None:
            state.update(s=np.zeros_like(param), scratch=np.empty_like(param))
        s, scratch = state["s"], state["scratch"]
        np.multiply(grad, grad, out=scratch)
        s += scratch
        _scaled_step(param, grad, s, scratch, f(self.lr), f(self.eps))

    def __repr__(self):
        return f"AdaGrad(lr={self.lr}, eps={self.eps}{self._extra_repr()})"


class RMSProp(Optimizer):
    """RMSProp: like AdaGrad, with a moving average of g² that forgets old gradients.

    Introduced in chapter 9. ``s ← ρ s + (1 − ρ) g²``,
    ``w ← w − lr · g / (sqrt(s) + eps)``, with ``s`` starting at zero.
    """

    def __init__(self, lr=1e-3, rho=0.9, eps=1e-8, *, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.rho, self.eps = float(rho), float(eps)
        if not 0.0 <= self.rho < 1.0:
            raise ValueError(f"RMSProp expected 0 <= rho < 1, got {rho}")
        if not self.eps > 0:
            raise ValueError(f"RMSProp expected eps > 0, got {eps}")

    def _update(self, param, grad, state):
        f = param.dtype.type
        if state.get("s") is None:
            state.update(s=np.zeros_like(param), scratch=np.empty_like(param))
        s, scratch = state["s"], state["scratch"]
        s *= f(self.rho)
        np.multiply(grad, grad, out=scratch)
        scratch *= f(1 - self.rho)
        s += scratch
        _scaled_step(param, grad, s, scratch, f(self.lr), f(self.eps))

    def __repr__(self):
        return f"RMSProp(lr={self.lr}, rho={self.rho}, eps={self.eps}{self._extra_repr()})"


def _scaled_step(param, grad, s, scratch, lr, eps):
    """``param -= lr · grad / (sqrt(s) + eps)`` through ``scratch``, no new array."""
    np.sqrt(s, out=scratch)
    scratch += eps
    np.divide(grad, scratch, out=scratch)
    scratch *= lr
    param -= scratch
