"""Plausible wrong answers for the chapter 4 exercises (solutions/04-activations.ipynb).

Each entry is a student's typical mistake that still runs; the grading tests swap it
in and assert that exactly that function loses its points.
"""

PLANTED = {
    # The textbook formula without subtracting the maximum: nan for scores of 1000.
    "stable_softmax": (
        "def stable_softmax(z):\n"
        "    e = np.exp(z)\n"
        "    return e / e.sum(axis=-1, keepdims=True)\n"
    ),
    # The other textbook form: inf / inf = nan for x = 1000.
    "sigmoid_stable": (
        "def sigmoid_stable(x):\n"
        "    return np.exp(x) / (1 + np.exp(x))\n"
    ),
    # The sigmoid's pattern s (1 - s) applied to tanh.
    "tanh_derivative": (
        "def tanh_derivative(x):\n"
        "    return np.tanh(x) * (1 - np.tanh(x))\n"
    ),
    # Ignores the alpha argument.
    "leaky_relu": (
        "def leaky_relu(x, alpha=0.01):\n"
        "    return np.where(x > 0, x, 0.01 * x)\n"
    ),
    # Element-wise squares instead of the outer product: wrong off the diagonal.
    "softmax_jacobian": (
        "def softmax_jacobian(z):\n"
        "    e = np.exp(z - z.max())\n"
        "    s = e / e.sum()\n"
        "    return np.diag(s) - s * s\n"
    ),
}
