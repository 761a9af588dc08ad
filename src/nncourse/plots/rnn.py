"""The figures of chapter 11, recurrent networks."""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = ["orthogonal_matrix", "input_gradient_norms", "rnn_gradient_norms",
           "draw_gradient_through_time", "draw_rnn_gradient", "draw_unrolled",
           "draw_sequence_prediction"]


def orthogonal_matrix(n, rng=None):
    """A random (n, n) orthogonal matrix: every singular value is exactly 1.

    Introduced in chapter 11: ``scale * orthogonal_matrix(n)`` is a recurrent weight
    that stretches every direction by exactly ``scale``.
    """
    rng = np.random.default_rng(rng)
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))  # the signs make the draw uniform


def input_gradient_norms(layer, x):
    """‖∂L/∂x_t‖ for each step t, with L = sum(h_T · g) for a fixed random g.

    Introduced in chapter 11. The loss looks only at the last state, so the norm at
    step t says how much the input at step t can still change the loss at the end:
    the signal that learning a long-range dependency needs.

    Args:
        layer: an ``RNN`` or ``LSTM`` with ``return_sequences=False``.
        x: (batch, time, input_size) input.

    Returns:
        (time,) array of norms, averaged over the batch.
    """
    h_T = layer.forward(x)
    g = np.random.default_rng(0).standard_normal(h_T.shape)
    g /= np.linalg.norm(g, axis=1, keepdims=True)  # one unit of gradient per sequence
    dx = layer.backward(g)
    return np.linalg.norm(dx, axis=2).mean(axis=0)


def rnn_gradient_norms(length, scale, *, hidden=16, input_scale=0.5, seed=0):
    """‖∂L/∂x_t‖ through a plain ``RNN`` whose recurrent weight is ``scale`` times a
    random orthogonal matrix. Chapter 11's widget draws this.

    Returns:
        ``(norms, saturation)``: the (length,) norms as in ``input_gradient_norms``,
        and the fraction of hidden values with |h| > 0.95 (tanh saturated).
    """
    from nncourse.layers import RNN

    layer = RNN(4, hidden, rng=seed)
    layer.params["Wh"][...] = scale * orthogonal_matrix(hidden, seed)
    x = np.random.default_rng(seed + 1).normal(0, input_scale, size=(8, int(length), 4))
    norms = input_gradient_norms(layer, x)
    hs = layer._cached()[1][1:]
    return norms, float(np.mean(np.abs(hs) > 0.95))


def draw_gradient_through_time(curves, ax=None, *, title=None):
    """Gradient norms against the step, on a log scale.

    Args:
        curves: dict label -> (time,) norms (e.g. from ``input_gradient_norms``).
    """
    ax = axes_or_new(ax)
    for label, norms in curves.items():
        steps = np.arange(1, len(norms) + 1)
        ax.semilogy(steps, np.maximum(norms, 1e-30), label=label)
    ax.set_xlabel("step t of the sequence (the loss looks at the last step)")
    ax.set_ylabel(r"$\|\partial L / \partial x_t\|$")
    ax.set_title(title or "How much each step's input reaches the loss")
    ax.legend(fontsize="small")
    return ax


def draw_rnn_gradient(length, scale, ax=None):
    """The widget's picture: ``rnn_gradient_norms`` for one length and scale.

    It plots log10 of the norm on a linear axis (the same picture as a log axis,
    and several times faster to redraw, which a live widget needs).
    """
    ax = axes_or_new(ax)
    norms, saturation = rnn_gradient_norms(length, scale)
    steps = np.arange(1, len(norms) + 1)
    ax.plot(steps, np.log10(np.maximum(norms, 1e-30)), color="C0")
    ax.axhline(0, color="0.7", linewidth=0.8)
    ax.set_ylim(-14, 6)
    ax.set_xlim(1, max(length, 2))
    ax.set_xlabel("step t (the loss looks at the last step)")
    ax.set_ylabel(r"$\log_{10} \|\partial L / \partial x_t\|$")
    ax.set_title(f"RNN, length {length}, recurrent scale {scale:.2f}: "
                 f"step 1 gets {norms[0]:.1e}", fontsize="medium")
    ax.text(0.02, 0.04, f"saturated tanh units: {saturation:.0%}", transform=ax.transAxes,
            fontsize="small")
    return ax


def draw_unrolled(steps=4, ax=None):
    """The recurrent loop unrolled into a chain: x_t feeds h_t, h_{t-1} feeds h_t."""
    ax = axes_or_new(ax)
    box = dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="0.3")
    for t in range(1, steps + 1):
        ax.text(t, 0, f"$x_{t}$", ha="center", va="center", bbox=box)
        ax.text(t, 1, f"$h_{t}$", ha="center", va="center", bbox=dict(box, facecolor="#dbe9f6"))
        ax.annotate("", xy=(t, 0.8), xytext=(t, 0.2),
                    arrowprops=dict(arrowstyle="->", color="0.3"))
        ax.text(t + 0.08, 0.5, "$W_x$", fontsize="small", color="0.3")
        ax.annotate("", xy=(t - 0.2, 1), xytext=(t - 0.8, 1),
                    arrowprops=dict(arrowstyle="->", color="C3"))
        ax.text(t - 0.5, 1.1, "$W_h$", fontsize="small", color="C3", ha="center")
    ax.text(0, 1, "$h_0 = 0$", ha="center", va="center", bbox=box)
    ax.annotate("", xy=(steps, 1.7), xytext=(steps, 1.2),
                arrowprops=dict(arrowstyle="->", color="0.3"))
    ax.text(steps, 1.85, "output $h_T$ → loss", ha="center", fontsize="small")
    ax.set_xlim(-0.5, steps + 0.5)
    ax.set_ylim(-0.4, 2.1)
    ax.axis("off")
    return ax


def draw_sequence_prediction(t, truth, predictions, ax=None, *, title=None):
    """A signal and one or more predictions of it against time.

    Args:
        t: (n,) times; truth: (n,) values; predictions: dict label -> (n,) values.
    """
    ax = axes_or_new(ax)
    ax.plot(t, truth, color="0.6", linewidth=2.5, label="signal")
    for i, (label, values) in enumerate(predictions.items()):
        ax.plot(t, values, color=f"C{i}", linewidth=1.2, label=label)
    ax.set_xlabel("time step")
    ax.set_ylabel("value")
    if title:
        ax.set_title(title)
    ax.margins(y=0.3)  # room for the legend below the curves
    ax.legend(fontsize="small", loc="lower center", ncol=len(predictions) + 1)
    return ax
