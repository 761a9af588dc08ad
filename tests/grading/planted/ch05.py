"""Plausible wrong answers to the graded functions of chapter 5 (loss functions).

Each is a typical student mistake that still runs; the grading tests swap it in
and check that exactly that function loses its points.
"""

PLANTED = {
    # divides the sum by the number of rows, not the number of elements
    "mse": (
        "def mse(y_hat, y):\n"
        "    return float(np.sum((y_hat - y) ** 2) / len(y))\n"
    ),
    # no clipping: log(0) at p = 0 or 1 gives inf or nan
    "binary_cross_entropy": (
        "def binary_cross_entropy(p, y):\n"
        "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n"
    ),
    # the number of columns taken from the labels instead of n_classes
    "one_hot": (
        "def one_hot(labels, n_classes):\n"
        "    return np.eye(int(np.max(labels)) + 1)[labels]\n"
    ),
    # the textbook formula with a naive softmax: overflows at logits of 1000
    "softmax_cross_entropy": (
        "def softmax_cross_entropy(logits, labels):\n"
        "    probs = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)\n"
        "    return float(-np.mean(np.log(probs[np.arange(len(labels)), labels])))\n"
    ),
}
PLANTED["bce_with_logits"] = (
    # the sigmoid first, then the textbook formula: log(0) at logits of +-1000
    "def bce_with_logits(z, y):\n"
    "    p = 1 / (1 + np.exp(-z))\n"
    "    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n"
    "    return float(loss), (p - y) / len(z)\n"
)
