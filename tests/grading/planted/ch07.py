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
