"""Plausible wrong answers to the graded functions of chapter 1, one each.

The grading tests swap each one into the solutions notebook and check that
exactly that function loses its points.
"""

PLANTED = {
    # '>' instead of '>=': wrong for points exactly on the line.
    "perceptron_output": (
        "def perceptron_output(X, w, b):\n"
        "    return (X @ w + b > 0).astype(int)\n"
    ),
    # AND's weights: forgot to flip the signs.
    "nand_gate": (
        "def nand_gate(X):\n"
        "    return (X @ np.array([0.5, 0.5]) - 0.7 >= 0).astype(int)\n"
    ),
    # The weights move but the bias is never updated.
    "perceptron_update": (
        "def perceptron_update(w, b, x, y, lr):\n"
        "    y_hat = 1 if x @ w + b >= 0 else 0\n"
        "    return w + lr * (y - y_hat) * x, b\n"
    ),
    # Only the OR unit of the hidden layer: right except for (1, 1).
    "xor_two_layers": (
        "def xor_two_layers(X):\n"
        "    return (X @ np.array([0.5, 0.5]) - 0.2 >= 0).astype(int)\n"
    ),
    # The hidden layer uses NAND instead of NOR: OR(AND, NAND) is always 1.
    "xnor_two_layers": (
        "def xnor_two_layers(X):\n"
        "    s1 = (X @ np.array([0.5, 0.5]) - 0.7 >= 0).astype(int)\n"
        "    s2 = (X @ np.array([-0.5, -0.5]) + 0.7 >= 0).astype(int)\n"
        "    S = np.column_stack([s1, s2])\n"
        "    return (S @ np.array([0.5, 0.5]) - 0.2 >= 0).astype(int)\n"
    ),
}
