"""Plausible wrong answers to the graded functions of chapter 10, convolutional networks.

Each runs without error but makes a mistake students typically make; the grading
tests swap it in and expect exactly that function to lose its points.
"""

PLANTED = {
    # Off by one: counts n + 2p - k window positions, forgetting the first one.
    "conv_output_size": (
        "def conv_output_size(n, k, stride=1, padding=0):\n"
        "    return (n + 2 * padding - k) // stride\n"
    ),
    # Flips the kernel (a true convolution) where every framework correlates.
    "conv2d_naive": (
        "def conv2d_naive(x, W, b, stride=1, padding=0):\n"
        "    W = W[:, :, ::-1, ::-1]\n"
        "    C, H, Wd = x.shape\n"
        "    F, _, kh, kw = W.shape\n"
        "    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))\n"
        "    Ho = (H + 2 * padding - kh) // stride + 1\n"
        "    Wo = (Wd + 2 * padding - kw) // stride + 1\n"
        "    out = np.zeros((F, Ho, Wo))\n"
        "    for f in range(F):\n"
        "        for i in range(Ho):\n"
        "            for j in range(Wo):\n"
        "                r, c = i * stride, j * stride\n"
        "                out[f, i, j] = np.sum(xp[:, r:r + kh, c:c + kw] * W[f]) + b[f]\n"
        "    return out\n"
    ),
    # Flattens each window with the channel axis last, not in W.reshape(F, -1) order.
    "im2col": (
        "def im2col(x, kh, kw):\n"
        "    C, H, Wd = x.shape\n"
        "    return np.array([x[:, i:i + kh, j:j + kw].transpose(1, 2, 0).ravel()\n"
        "                     for i in range(H - kh + 1) for j in range(Wd - kw + 1)])\n"
    ),
    # Average pooling instead of max pooling.
    "maxpool_forward": (
        "def maxpool_forward(x, k):\n"
        "    C, H, Wd = x.shape\n"
        "    Ho, Wo = H // k, Wd // k\n"
        "    return x[:, :Ho * k, :Wo * k].reshape(C, Ho, k, Wo, k).mean(axis=(2, 4))\n"
    ),
    # Shares each gradient equally over its window instead of routing it to the maximum.
    "maxpool_backward": (
        "def maxpool_backward(x, d_out, k):\n"
        "    dx = np.zeros(x.shape)\n"
        "    Ho, Wo = d_out.shape[1:]\n"
        "    spread = np.repeat(np.repeat(d_out, k, axis=1), k, axis=2) / (k * k)\n"
        "    dx[:, :Ho * k, :Wo * k] = spread\n"
        "    return dx\n"
    ),
}
