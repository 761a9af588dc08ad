"""Plausible wrong answers to the graded functions of chapter 2, one each.

The grading tests swap each one into the solutions notebook and check that
exactly that function loses its points.
"""

PLANTED = {
    # The bias is forgotten.
    "neuron_forward": (
        "def neuron_forward(X, w, b):\n"
        "    return 1 / (1 + np.exp(-(X @ w)))\n"
    ),
    # The sum instead of the mean.
    "mse_cost": (
        "def mse_cost(y_hat, y):\n"
        "    return float(np.sum((y_hat - y) ** 2))\n"
    ),
    # The sigmoid's derivative y_hat (1 - y_hat) is left out of the chain rule.
    "neuron_gradients": (
        "def neuron_gradients(X, y, w, b):\n"
        "    y_hat = 1 / (1 + np.exp(-(X @ w + b)))\n"
        "    delta = 2 / len(y) * (y_hat - y)\n"
        "    return X.T @ delta, float(delta.sum())\n"
    ),
    # A step up the gradient instead of down.
    "train_step": (
        "def train_step(X, y, w, b, lr):\n"
        "    y_hat = 1 / (1 + np.exp(-(X @ w + b)))\n"
        "    delta = 2 / len(y) * (y_hat - y) * y_hat * (1 - y_hat)\n"
        "    return w + lr * (X.T @ delta), b + lr * float(delta.sum())\n"
    ),
    # Every parameter nudged at once: not a partial derivative.
    "cost_partials": (
        "def cost_partials(X, y, w, b, h=1e-5):\n"
        "    def cost(w, b):\n"
        "        return np.mean((1 / (1 + np.exp(-(X @ w + b))) - y) ** 2)\n"
        "    slope = (cost(w + h, b + h) - cost(w - h, b - h)) / (2 * h)\n"
        "    return np.full(len(w) + 1, slope)\n"
    ),
}
