"""Plausible wrong answers to the graded functions of chapter 11, recurrent networks.

Each runs without error but makes a mistake students typically make; the grading
tests swap it in and expect exactly that function to lose its points.
"""

PLANTED = {
    # PyTorch's layout carried over: the state multiplies Wh transposed.
    "rnn_step": (
        "def rnn_step(x_t, h_prev, Wx, Wh, b):\n"
        "    return np.tanh(x_t @ Wx + h_prev @ Wh.T + b)\n"
    ),
    # Forgets to carry the state: every step starts again from h = 0.
    "rnn_forward": (
        "def rnn_forward(x, Wx, Wh, b):\n"
        "    batch, time, _ = x.shape\n"
        "    hs = np.zeros((batch, time, Wh.shape[0]))\n"
        "    for t in range(time):\n"
        "        hs[:, t] = np.tanh(x[:, t] @ Wx + np.zeros((batch, Wh.shape[0])) @ Wh + b)\n"
        "    return hs\n"
    ),
    # Truncated after one step: only the last step's contribution is counted.
    "bptt_scalar": (
        "def bptt_scalar(xs, w_x, w_h, b, dL_dhT):\n"
        "    hs = [0.0]\n"
        "    for x in xs:\n"
        "        hs.append(np.tanh(w_x * x + w_h * hs[-1] + b))\n"
        "    da = dL_dhT * (1 - hs[-1] ** 2)\n"
        "    return float(da * xs[-1]), float(da * hs[-2]), float(da)\n"
    ),
    # Gate blocks in the order i, f, o, g (another common convention) instead of i, f, g, o.
    "lstm_step": (
        "def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):\n"
        "    H = h_prev.shape[1]\n"
        "    a = x_t @ Wx + h_prev @ Wh + b\n"
        "    sigmoid = lambda z: 1 / (1 + np.exp(-z))\n"
        "    i, f = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H])\n"
        "    o, g = sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])\n"
        "    c = f * c_prev + i * g\n"
        "    return o * np.tanh(c), c\n"
    ),
    # Clips each array to max_norm on its own, which changes the direction.
    "clip_by_global_norm": (
        "def clip_by_global_norm(grads, max_norm):\n"
        "    total = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))\n"
        "    clipped = []\n"
        "    for g in grads:\n"
        "        norm = float(np.sqrt(np.sum(g * g)))\n"
        "        clipped.append(g * (max_norm / norm) if norm > max_norm else g.copy())\n"
        "    return clipped, total\n"
    ),
}
