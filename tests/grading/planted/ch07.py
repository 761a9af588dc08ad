"""Plausible wrong answers to the graded functions of chapter 7, backpropagation.

Each runs without error but makes a mistake students typically make; the grading
tests swap it in and expect exactly that function to lose its points.
"""

PLANTED = {
    # Averages the bias gradient over the batch instead of summing it.
    "dense_backward": (
        "def dense_backward(X, W, dY):\n"
        "    return dY @ W.T, X.T @ dY, dY.mean(axis=0)\n"
    ),
    # Treats the output s as the pre-activation and applies the sigmoid again.
    "sigmoid_backward": (
        "def sigmoid_backward(s, d_out):\n"
        "    sig = 1 / (1 + np.exp(-s))\n"
        "    return d_out * sig * (1 - sig)\n"
    ),
    # Applies the ReLU to the incoming gradient instead of masking it by x > 0.
    "relu_backward": (
        "def relu_backward(x, d_out):\n"
        "    return np.maximum(d_out, 0)\n"
    ),
    # Forgets to divide by the batch size although the loss is the batch mean.
    "softmax_cross_entropy_backward": (
        "def softmax_cross_entropy_backward(logits, labels):\n"
        "    z = logits - logits.max(axis=1, keepdims=True)\n"
        "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n"
        "    p[np.arange(len(labels)), labels] -= 1\n"
        "    return p\n"
    ),
    # A one-sided (forward) difference: off by 0.5 * A_ii * eps.
    "numerical_gradient_quadratic": (
        "def numerical_gradient_quadratic(A, b, x, eps=1e-5):\n"
        "    def f(v):\n"
        "        return 0.5 * v @ A @ v + b @ v\n"
        "    grad = np.zeros(len(x))\n"
        "    for i in range(len(x)):\n"
        "        step = np.zeros(len(x))\n"
        "        step[i] = eps\n"
        "        grad[i] = (f(x + step) - f(x)) / eps\n"
        "    return grad\n"
    ),
}
PLANTED["xor_forward_backward"] = (
    # the sigmoid's slope taken from the pre-activation instead of the output H
    "def xor_forward_backward(X, y, W1, b1, W2, b2):\n"
    "    n = len(y)\n"
    "    A = X @ W1 + b1\n"
    "    H = 1 / (1 + np.exp(-A))\n"
    "    Z = H @ W2 + b2\n"
    "    Z = Z - Z.max(axis=1, keepdims=True)\n"
    "    log_P = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))\n"
    "    dZ = np.exp(log_P)\n"
    "    dZ[np.arange(n), y] -= 1\n"
    "    dZ /= n\n"
    "    dA = (dZ @ W2.T) * A * (1 - A)\n"
    "    return (float(-log_P[np.arange(n), y].mean()), X.T @ dA, dA.sum(axis=0),\n"
    "            H.T @ dZ, dZ.sum(axis=0))\n"
)
PLANTED["xor_numerical_gradient"] = (
    # a one-sided difference, (L(theta + eps) - L(theta)) / eps
    "def xor_numerical_gradient(X, y, W1, b1, W2, b2, eps=1e-5):\n"
    "    def loss(A, a, B, c):\n"
    "        Z = (1 / (1 + np.exp(-(X @ A + a)))) @ B + c\n"
    "        Z = Z - Z.max(axis=1, keepdims=True)\n"
    "        return -(Z - np.log(np.exp(Z).sum(axis=1, keepdims=True)))[np.arange(len(y)), y].mean()\n"
    "    params = [np.array(p, dtype=float) for p in (W1, b1, W2, b2)]\n"
    "    base = loss(*params)\n"
    "    grads = []\n"
    "    for p in params:\n"
    "        g = np.zeros_like(p)\n"
    "        for i in np.ndindex(p.shape):\n"
    "            old = p[i]\n"
    "            p[i] = old + eps\n"
    "            g[i] = (loss(*params) - base) / eps\n"
    "            p[i] = old\n"
    "        grads.append(g)\n"
    "    return tuple(grads)\n"
)
