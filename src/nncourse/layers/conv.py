"""Convolution, max-pooling and flattening layers. Introduced in chapter 10.

Layout as in PyTorch: images are (batch, channels, height, width). ``Conv2D``
computes a cross-correlation (the kernel is not flipped), as every framework does.

Both ``Conv2D`` and ``MaxPool2D`` work through *im2col*: NumPy's
``sliding_window_view`` shows every window of the input as one row of a matrix
without copying, so the convolution becomes one matrix multiply. Their backward
passes loop only over the kernel's ``kh * kw`` offsets, never over pixels.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nncourse._validation import as_float_array, as_rng
from nncourse.layers.core import Layer

__all__ = ["Conv2D", "MaxPool2D", "Flatten", "conv_output_size", "im2col", "col2im"]


def _pair(value, name, who, minimum):
    """An int or a pair of ints -> a tuple (rows, columns), each >= ``minimum``."""
    if isinstance(value, (int, np.integer)):
        value = (value, value)
    try:
        a, b = value
    except (TypeError, ValueError):
        raise ValueError(f"{who} expected {name} to be an int or a pair of ints, "
                         f"got {value!r}") from None
    if not all(isinstance(v, (int, np.integer)) for v in (a, b)) or min(a, b) < minimum:
        raise ValueError(f"{who} expected {name} to be int(s) >= {minimum}, got {value!r}")
    return int(a), int(b)


def conv_output_size(size, kernel, stride=1, padding=0) -> int:
    """Output length along one axis: ``(size + 2 * padding - kernel) // stride + 1``.

    Raises ValueError when the kernel does not fit in the padded input.
    """
    padded = size + 2 * padding
    if padded < kernel:
        raise ValueError(f"expected a padded input of at least the kernel's size "
                         f"{kernel}, got {size} + 2 * {padding} = {padded}")
    return (padded - kernel) // stride + 1


def _windows(x, kernel, stride, padding):
    """View (N, C, Ho, Wo, kh, kw) of every window of the zero-padded ``x``."""
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, padding
    ho = conv_output_size(x.shape[2], kh, sh, ph)
    wo = conv_output_size(x.shape[3], kw, sw, pw)
    if ph or pw:
        x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    # windows[n, c, i, j, u, v] = x[n, c, i*sh + u, j*sw + v]: a view, nothing copied
    return sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw][:, :, :ho, :wo]


def im2col(x, kernel, stride=(1, 1), padding=(0, 0)):
    """Every window of ``x`` as one row: (N, C, H, W) -> (N * Ho * Wo, C * kh * kw).

    Row ``(n * Ho + i) * Wo + j`` holds the window whose top-left corner is at
    ``(i * stride, j * stride)`` of the padded image ``n``, ordered channel, then
    kernel row, then kernel column (the order of ``W.reshape(F, -1)``), so that
    ``im2col(x) @ W.reshape(F, -1).T`` is the convolution. Returns the matrix and the
    output size ``(Ho, Wo)``. ``Conv2D`` uses the transpose of this matrix, built
    in the order that copies fastest (``_cols_t``).

    kernel, stride, padding: pairs (rows, columns), e.g. ``(5, 5)``.
    """
    windows = _windows(x, kernel, stride, padding)
    n, c, ho, wo, kh, kw = windows.shape
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, c * kh * kw), (ho, wo)


def _cols_t(x, kernel, stride, padding):
    """``im2col(x).T`` with its columns ordered (n, i, j) as in ``im2col``, but
    built as (C, kh, kw, N, Ho, Wo): the copy then moves whole image rows at once."""
    windows = _windows(x, kernel, stride, padding)
    n, c, ho, wo, kh, kw = windows.shape
    return windows.transpose(1, 4, 5, 0, 2, 3).reshape(c * kh * kw, n * ho * wo)


def col2im(cols, x_shape, kernel, stride=(1, 1), padding=(0, 0)):
    """The adjoint of ``im2col``: add each row back onto the pixels it came from.

    cols: (N * Ho * Wo, C * kh * kw) -> (N, C, H, W). Pixels covered by several
    windows receive the sum. One loop over the ``kh * kw`` kernel offsets, each a
    strided slice of the whole batch.
    """
    (kh, kw) = kernel
    n, c = x_shape[:2]
    ho, wo = (conv_output_size(x_shape[2 + a], kernel[a], stride[a], padding[a])
              for a in (0, 1))
    cols_t = cols.reshape(n, ho, wo, c, kh, kw).transpose(3, 4, 5, 0, 1, 2)
    return _col2im_t(cols_t, x_shape, kernel, stride, padding)


def _col2im_t(cols_t, x_shape, kernel, stride, padding):
    """col2im from the (C, kh, kw, N, Ho, Wo) layout of ``_cols_t``."""
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, padding
    n, c, h, w = x_shape
    ho, wo = cols_t.shape[-2:]
    out = np.zeros((c, n, h + 2 * ph, w + 2 * pw), dtype=cols_t.dtype)
    for u in range(kh):
        for v in range(kw):
            out[:, :, u:u + sh * ho:sh, v:v + sw * wo:sw] += cols_t[:, u, v]
    return np.ascontiguousarray(out[:, :, ph:ph + h, pw:pw + w].transpose(1, 0, 2, 3))


def _check_images(x, who, channels=None):
    if x.ndim != 4:
        hint = ("; a batch of flat MNIST digits needs x.reshape(-1, 1, 28, 28)"
                if x.ndim == 2 else "")
        raise ValueError(f"{who} expected input of shape (batch, channels, height, "
                         f"width), got shape {x.shape}{hint}")
    if channels is not None and x.shape[1] != channels:
        raise ValueError(f"{who} expected input with {channels} channel"
                         f"{'s' if channels != 1 else ''} (axis 1), got shape {x.shape}")


class Conv2D(Layer):
    """2-D convolution (a cross-correlation) with a bias. Introduced in chapter 10.

    Shapes: x (batch, in_channels, H, W); W (out_channels, in_channels, kh, kw);
    b (out_channels,); output (batch, out_channels, Ho, Wo) with
    ``Ho = (H + 2 * padding - kh) // stride + 1`` (the same for widths).

    Args:
        kernel_size, stride, padding: an int or a pair (rows, columns). Padding adds
            zeros on every side.
        init: "he" (normal, variance 2 / fan_in) or "xavier" (variance
            2 / (fan_in + fan_out)), with fan_in = in_channels * kh * kw and
            fan_out = out_channels * kh * kw.
        rng: a ``np.random.default_rng(...)`` or an int seed.
        dtype: dtype of the parameters; inputs of another dtype are converted to it.
    """

    input_ndim = 4  # Sequential checks a model's input against its first layer's

    def __init__(self, in_channels, out_channels, kernel_size, *, stride=1, padding=0,
                 init="he", rng=None, dtype=np.float64):
        super().__init__()
        who = "Conv2D"
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        if self.in_channels < 1 or self.out_channels < 1:
            raise ValueError(f"Conv2D expected positive in_channels and out_channels, "
                             f"got {in_channels} and {out_channels}")
        self.kernel_size = _pair(kernel_size, "kernel_size", who, 1)
        self.stride = _pair(stride, "stride", who, 1)
        self.padding = _pair(padding, "padding", who, 0)
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise ValueError(f"Conv2D expected a float dtype, got {dtype}")
        kh, kw = self.kernel_size
        fan_in, fan_out = self.in_channels * kh * kw, self.out_channels * kh * kw
        if init == "he":
            std = np.sqrt(2.0 / fan_in)
        elif init == "xavier":
            std = np.sqrt(2.0 / (fan_in + fan_out))
        else:
            raise ValueError(f'Conv2D expected init "he" or "xavier", got {init!r}')
        shape = (self.out_channels, self.in_channels, kh, kw)
        self.params = {"W": as_rng(rng).normal(0.0, std, size=shape).astype(dtype),
                       "b": np.zeros(self.out_channels, dtype=dtype)}

    @property
    def dtype(self) -> np.dtype:
        return self.params["W"].dtype

    def output_shape(self, height, width) -> tuple:
        """(out_channels, Ho, Wo) for an input of ``height`` x ``width`` pixels."""
        (kh, kw), (sh, sw), (ph, pw) = self.kernel_size, self.stride, self.padding
        try:
            return (self.out_channels, conv_output_size(height, kh, sh, ph),
                    conv_output_size(width, kw, sw, pw))
        except ValueError:
            raise ValueError(
                f"{self!r} expected images of at least {kh - 2 * ph} x {kw - 2 * pw} "
                f"pixels (kernel {kh} x {kw}, padding {ph}, {pw}), "
                f"got {height} x {width}") from None

    def forward(self, x, training=False):
        W, b = self.params["W"], self.params["b"]
        x = as_float_array(x, W.dtype, who=self)
        _check_images(x, repr(self), self.in_channels)
        n = x.shape[0]
        _, ho, wo = self.output_shape(*x.shape[2:])
        cols_t = _cols_t(x, self.kernel_size, self.stride, self.padding)
        self._cache = (x.shape, cols_t)  # backward needs the windows and the input shape
        out = W.reshape(self.out_channels, -1) @ cols_t  # (F, N * Ho * Wo)
        out += b[:, None]
        return np.ascontiguousarray(out.reshape(self.out_channels, n, ho, wo)
                                    .transpose(1, 0, 2, 3))

    def backward(self, grad_out, *, input_grad=True):
        """Fills ``grads["W"]`` and ``grads["b"]``; returns dL/dx (N, C, H, W).

        With ``input_grad=False`` (the first layer of a network) the input gradient,
        a third of the work, is skipped and None is returned.
        """
        x_shape, cols_t = self._cached()
        W = self.params["W"]
        n = x_shape[0]
        expected = (n,) + self.output_shape(*x_shape[2:])
        g = self._check_grad(grad_out, expected, W.dtype)
        # (F, N * Ho * Wo), the layout of the forward's product
        g = np.ascontiguousarray(g.transpose(1, 0, 2, 3)).reshape(self.out_channels, -1)
        self.grads["W"] = (g @ cols_t.T).reshape(W.shape)
        self.grads["b"] = g.sum(axis=1)
        if not input_grad:
            return None
        d_cols_t = W.reshape(self.out_channels, -1).T @ g  # (C * kh * kw, N * Ho * Wo)
        kh, kw = self.kernel_size
        d_cols_t = d_cols_t.reshape(self.in_channels, kh, kw, n, *expected[2:])
        return _col2im_t(d_cols_t, x_shape, self.kernel_size, self.stride, self.padding)

    def __repr__(self):
        (kh, kw), (sh, sw), (ph, pw) = self.kernel_size, self.stride, self.padding
        extra = "" if (sh, sw) == (1, 1) else f", stride {sh}" if sh == sw else \
            f", stride ({sh}, {sw})"
        extra += "" if (ph, pw) == (0, 0) else f", padding {ph}" if ph == pw else \
            f", padding ({ph}, {pw})"
        return f"Conv2D({self.in_channels} → {self.out_channels}, {kh}x{kw}{extra})"


class MaxPool2D(Layer):
    """Max-pooling over ``kernel_size`` windows. Introduced in chapter 10.

    Shapes: x (batch, channels, H, W) -> (batch, channels, Ho, Wo) with
    ``Ho = (H - kh) // stride + 1``; ``stride`` defaults to ``kernel_size``
    (windows side by side, the usual choice). Rows or columns that do not fill a
    window are dropped, as in PyTorch. Backward sends each gradient to the input that
    was the maximum of its window (the first in row order on ties) and zero
    elsewhere; overlapping windows add up.
    """

    input_ndim = 4

    def __init__(self, kernel_size, stride=None):
        super().__init__()
        self.kernel_size = _pair(kernel_size, "kernel_size", "MaxPool2D", 1)
        self.stride = self.kernel_size if stride is None else _pair(
            stride, "stride", "MaxPool2D", 1)

    def _offsets(self, ho, wo):
        """Yield the slices that pick, for each output, its window's (u, v) input."""
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        for u in range(kh):
            for v in range(kw):
                yield (slice(None), slice(None), slice(u, u + sh * ho, sh),
                       slice(v, v + sw * wo, sw))

    def forward(self, x, training=False):
        x = as_float_array(x, who=self)
        _check_images(x, repr(self))
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        if x.shape[2] < kh or x.shape[3] < kw:
            raise ValueError(f"{self!r} expected images of at least {kh} x {kw} pixels, "
                             f"got shape {x.shape}")
        ho, wo = (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1
        # One strided slice per kernel offset: kh * kw passes over the batch,
        # none over pixels. offsets[0] is the top-left input of every window.
        offsets = self._offsets(ho, wo)
        out = x[next(offsets)].copy()
        for where in offsets:
            np.maximum(out, x[where], out=out)
        self._cache = (x, out)  # backward finds each window's maximum again
        return out.copy()

    def backward(self, grad_out):
        """dL/dx: each output's gradient goes back to its window's maximum."""
        x, out = self._cached()
        g = self._check_grad(grad_out, out.shape, x.dtype)
        dx = np.zeros_like(x)
        taken = np.zeros(out.shape, dtype=bool)  # window already routed (ties)
        for where in self._offsets(*out.shape[2:]):
            hit = x[where] == out
            hit &= ~taken
            taken |= hit
            dx[where] += g * hit
        return dx

    def __repr__(self):
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        extra = "" if (sh, sw) == (kh, kw) else f", stride {sh}" if sh == sw else \
            f", stride ({sh}, {sw})"
        return f"MaxPool2D({kh}x{kw}{extra})"


class Flatten(Layer):
    """(batch, d1, d2, ...) -> (batch, d1 * d2 * ...), in C order. Chapter 10.

    Connects convolution layers to ``Dense``; backward restores the shape.
    """

    def forward(self, x, training=False):
        x = as_float_array(x, who=self)
        if x.ndim < 2:
            raise ValueError(f"{self!r} expected input of shape (batch, ...), "
                             f"got shape {x.shape}")
        self._cache = x.shape
        return x.reshape(len(x), -1).copy()

    def backward(self, grad_out):
        shape = self._cached()
        g = self._check_grad(grad_out, (shape[0], int(np.prod(shape[1:]))))
        return g.reshape(shape).copy()
