"""Recurrent layers: ``RNN`` and ``LSTM``. Introduced in chapter 11.

Both read a batch of sequences, shape (batch, time, features), one step at a time,
carrying a hidden state from each step to the next (it starts at zero for every
sequence of every call to ``forward``). They return the last hidden state h_T, shape
(batch, hidden), or with ``return_sequences=True`` every h_t, shape
(batch, time, hidden).

``backward`` is backpropagation through time: one Python loop over the steps in
reverse, each step vectorised over the batch. The input projections of all steps are
one matrix product before the loop, and the weight gradients one matrix product
after it; only the recurrent product ``h_{t-1} Wh`` must wait for the previous step.

Weights are stored so that ``x_t @ Wx`` works: ``Wx`` is (input_size, k·hidden),
the transpose of PyTorch's ``weight_ih``. The LSTM's four gate blocks are in
PyTorch's order (input, forget, cell candidate, output), so copying weights across is
a transpose.
"""

from __future__ import annotations

import numpy as np

from nncourse._validation import as_float_array, as_rng
from nncourse.layers.core import Layer

__all__ = ["RNN", "LSTM"]


def _sigmoid_into(a, out):
    """σ(a) written into ``out``, as ``0.5 + 0.5 tanh(a / 2)``: the same function,
    stable for any ``a`` (tanh never overflows) and one pass cheaper than the
    two-branch form of ``activations.sigmoid``, which matters inside a time loop."""
    np.multiply(a, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


class _Recurrent(Layer):
    """What RNN and LSTM share: parameters, input checks, the weight gradients."""

    n_blocks = 1  # how many (hidden)-wide blocks of columns Wx, Wh and b hold
    input_ndim = 3  # Sequential checks a model's input against its first layer's

    def __init__(self, input_size, hidden_size, *, return_sequences=False,
                 init="xavier", rng=None, dtype=np.float64):
        super().__init__()
        name = type(self).__name__
        self.input_size, self.hidden_size = int(input_size), int(hidden_size)
        if self.input_size < 1 or self.hidden_size < 1:
            raise ValueError(f"{name} expected positive input_size and hidden_size, "
                             f"got {input_size} and {hidden_size}")
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise ValueError(f"{name} expected a float dtype, got {dtype}")
        if init != "xavier":
            raise ValueError(f'{name} expected init "xavier", got {init!r}')
        self.return_sequences = bool(return_sequences)
        rng = as_rng(rng)
        n_in, n_h, k = self.input_size, self.hidden_size, self.n_blocks
        # Xavier per block: variance 2 / (fan_in + fan_out) of one gate's matrix.
        Wx = rng.normal(0.0, np.sqrt(2.0 / (n_in + n_h)), size=(n_in, k * n_h))
        Wh = rng.normal(0.0, np.sqrt(2.0 / (n_h + n_h)), size=(n_h, k * n_h))
        self.params = {"Wx": Wx.astype(dtype), "Wh": Wh.astype(dtype),
                       "b": np.zeros(k * n_h, dtype=dtype)}

    @property
    def dtype(self) -> np.dtype:
        return self.params["Wx"].dtype

    def _time_major(self, x):
        """Check x: (batch, time, input_size); return it as (time, batch, input_size)."""
        x = as_float_array(x, self.dtype, who=self)
        if x.ndim != 3 or x.shape[2] != self.input_size or x.shape[1] < 1:
            hint = ("; for a single sequence use x[np.newaxis]"
                    if x.ndim == 2 and x.shape[1] == self.input_size else "")
            raise ValueError(
                f"{self!r} expected input of shape (batch, time, {self.input_size}) "
                f"with time >= 1, got shape {x.shape}{hint}"
            )
        return np.ascontiguousarray(x.transpose(1, 0, 2))

    def _output(self, hs):
        """hs: (time + 1, batch, hidden) with h_0 first -> the layer's output."""
        if self.return_sequences:
            return np.ascontiguousarray(hs[1:].transpose(1, 0, 2))
        return hs[-1].copy()

    def _grad_per_step(self, grad_out, T, B):
        """grad_out (batch, hidden) or (batch, time, hidden) -> (time, batch, hidden),
        zero at the steps whose state is not part of the output."""
        H = self.hidden_size
        if self.return_sequences:
            g = self._check_grad(grad_out, (B, T, H), self.dtype)
            return np.ascontiguousarray(g.transpose(1, 0, 2))
        g = self._check_grad(grad_out, (B, H), self.dtype)
        per_step = np.zeros((T, B, H), dtype=self.dtype)
        per_step[-1] = g
        return per_step

    def _weight_grads(self, xt, hs, dA, input_grad):
        """Fill grads from dA = dL/d(pre-activations), (time, batch, k·hidden)."""
        T, B, _ = xt.shape
        dA2 = dA.reshape(T * B, -1)
        self.grads["Wx"] = xt.reshape(T * B, -1).T @ dA2
        self.grads["Wh"] = hs[:-1].reshape(T * B, -1).T @ dA2  # h_{t-1} meets step t
        self.grads["b"] = dA2.sum(axis=0)
        if not input_grad:
            return None
        return (dA2 @ self.params["Wx"].T).reshape(T, B, -1).transpose(1, 0, 2).copy()

    def __repr__(self):
        extra = ", return_sequences=True" if self.return_sequences else ""
        return f"{type(self).__name__}({self.input_size} → {self.hidden_size}{extra})"


class RNN(_Recurrent):
    """Plain (Elman) recurrent layer: ``h_t = tanh(x_t Wx + h_{t-1} Wh + b)``, h_0 = 0.

    Introduced in chapter 11.

    Shapes: x (batch, time, input_size); Wx (input_size, hidden_size); Wh
    (hidden_size, hidden_size); b (hidden_size,); output h_T (batch, hidden_size), or
    every h_t (batch, time, hidden_size) with ``return_sequences=True``.

    Args:
        init: "xavier" (normal, variance 2 / (fan_in + fan_out) for Wx and Wh).
        rng: a ``np.random.default_rng(...)`` or an int seed.
        dtype: dtype of the parameters; inputs of another dtype are converted to it.
    """

    def forward(self, x, training=False):
        xt = self._time_major(x)
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        T, B, _ = xt.shape
        a_in = (xt.reshape(T * B, -1) @ Wx).reshape(T, B, -1)  # every x_t Wx at once
        a_in += b
        hs = np.zeros((T + 1, B, self.hidden_size), dtype=self.dtype)  # hs[0] = h_0
        for t in range(T):
            np.tanh(a_in[t] + hs[t] @ Wh, out=hs[t + 1])
        self._cache = (xt, hs)
        return self._output(hs)

    def backward(self, grad_out, *, input_grad=True):
        """Backpropagation through time; fills grads["Wx"], ["Wh"], ["b"].

        Returns dL/dx, shape (batch, time, input_size), or None with
        ``input_grad=False``.
        """
        xt, hs = self._cached()
        T, B, _ = xt.shape
        Wh = self.params["Wh"]
        dh_out = self._grad_per_step(grad_out, T, B)
        dtanh = 1 - hs[1:] * hs[1:]  # tanh' from its output, every step at once
        dA = np.empty_like(dh_out)  # dL/d(pre-activation) at each step
        dh_next = np.zeros((B, self.hidden_size), dtype=self.dtype)  # from step t+1
        for t in range(T - 1, -1, -1):
            np.add(dh_out[t], dh_next, out=dA[t])
            dA[t] *= dtanh[t]
            dh_next = dA[t] @ Wh.T
        return self._weight_grads(xt, hs, dA, input_grad)


class LSTM(_Recurrent):
    """Long short-term memory layer. Introduced in chapter 11.

    With ``a = x_t Wx + h_{t-1} Wh + b`` split into four blocks of ``hidden_size``
    columns, in PyTorch's order: input gate ``i = σ(a_i)``, forget gate
    ``f = σ(a_f)``, cell candidate ``g = tanh(a_g)``, output gate ``o = σ(a_o)``;
    then ``c_t = f ⊙ c_{t-1} + i ⊙ g`` and ``h_t = o ⊙ tanh(c_t)``, with
    h_0 = c_0 = 0.

    Shapes: x (batch, time, input_size); Wx (input_size, 4·hidden_size); Wh
    (hidden_size, 4·hidden_size); b (4·hidden_size,); output h_T (batch, hidden_size),
    or every h_t (batch, time, hidden_size) with ``return_sequences=True``.

    Args:
        forget_bias: the starting value of the forget gate's bias (default 1.0, so
            that f starts near σ(1) ≈ 0.73 and the cell state is kept rather than
            wiped while the network is young; 0.0 matches PyTorch's zero start).
            The other biases start at zero.
        init, rng, dtype: as for ``RNN``.
    """

    n_blocks = 4

    def __init__(self, input_size, hidden_size, *, return_sequences=False,
                 init="xavier", forget_bias=1.0, rng=None, dtype=np.float64):
        super().__init__(input_size, hidden_size, return_sequences=return_sequences,
                         init=init, rng=rng, dtype=dtype)
        H = self.hidden_size
        self.params["b"][H:2 * H] = float(forget_bias)

    def forward(self, x, training=False):
        xt = self._time_major(x)
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        T, B, _ = xt.shape
        H = self.hidden_size
        a_in = (xt.reshape(T * B, -1) @ Wx).reshape(T, B, 4 * H)
        a_in += b
        gates = np.empty((T, B, 4 * H), dtype=self.dtype)  # i, f, g, o after σ / tanh
        cs = np.zeros((T + 1, B, H), dtype=self.dtype)  # cs[0] = c_0
        hs = np.zeros((T + 1, B, H), dtype=self.dtype)  # hs[0] = h_0
        tanh_c = np.empty((T, B, H), dtype=self.dtype)
        for t in range(T):
            a = hs[t] @ Wh
            a += a_in[t]
            z = gates[t]
            _sigmoid_into(a, z)  # i, f and o; the g block is overwritten next
            np.tanh(a[:, 2 * H:3 * H], out=z[:, 2 * H:3 * H])
            i, f, g, o = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
            np.multiply(f, cs[t], out=cs[t + 1])
            cs[t + 1] += i * g  # the cell state: a sum, not a product
            np.tanh(cs[t + 1], out=tanh_c[t])
            np.multiply(o, tanh_c[t], out=hs[t + 1])
        self._cache = (xt, hs, cs, gates, tanh_c)
        return self._output(hs)

    def backward(self, grad_out, *, input_grad=True):
        """Backpropagation through time; fills grads["Wx"], ["Wh"], ["b"].

        Returns dL/dx, shape (batch, time, input_size), or None with
        ``input_grad=False``.
        """
        xt, hs, cs, gates, tanh_c = self._cached()
        T, B, _ = xt.shape
        H = self.hidden_size
        Wh = self.params["Wh"]
        dh_out = self._grad_per_step(grad_out, T, B)
        # The local derivatives need no gradient: compute them for all steps at once.
        # gates_d holds d(pre-activation)/d(c_t) for i, f, g and d/d(h_t) for o.
        z = gates.reshape(T, B, 4, H)
        i, f, g, o = z[:, :, 0], z[:, :, 1], z[:, :, 2], z[:, :, 3]
        gates_d = np.empty_like(z)
        gates_d[:, :, 0] = g * i * (1 - i)  # c_t = f c_{t-1} + i g, i = σ(a_i)
        gates_d[:, :, 1] = cs[:-1] * f * (1 - f)  # through the forget gate
        gates_d[:, :, 2] = i * (1 - g * g)  # through the candidate g = tanh(a_g)
        gates_d[:, :, 3] = tanh_c * o * (1 - o)  # h_t = o tanh(c_t), o = σ(a_o)
        dc_from_h = o * (1 - tanh_c * tanh_c)  # dh_t -> dc_t
        dA = np.empty((T, B, 4, H), dtype=self.dtype)
        dh_next = np.zeros((B, H), dtype=self.dtype)  # dL/dh_t from step t+1
        dc_next = np.zeros((B, H), dtype=self.dtype)  # dL/dc_t from step t+1
        for t in range(T - 1, -1, -1):
            dh = dh_out[t] + dh_next
            dc = dh * dc_from_h[t]
            dc += dc_next
            np.multiply(dc[:, None, :], gates_d[t, :, :3], out=dA[t, :, :3])
            np.multiply(dh, gates_d[t, :, 3], out=dA[t, :, 3])
            dc_next = dc * f[t]  # the cell path: multiplied by f, no weight matrix
            dh_next = dA[t].reshape(B, 4 * H) @ Wh.T
        dA = dA.reshape(T, B, 4 * H)
        return self._weight_grads(xt, hs, dA, input_grad)
