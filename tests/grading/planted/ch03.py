"""Plausible wrong answers for the chapter 3 exercises (solutions/03-dense-layer.ipynb).

Each entry is a student's typical mistake that still runs; the grading tests swap it
in and assert that exactly that function loses its points.
"""

PLANTED = {
    # Forgot the bias.
    "dense_forward": (
        "def dense_forward(X, W, b):\n"
        "    return X @ W\n"
    ),
    # Counted the weights but not the biases.
    "count_parameters": (
        "def count_parameters(layer_sizes):\n"
        "    return sum(a * b for a, b in zip(layer_sizes, layer_sizes[1:]))\n"
    ),
    # Kept only the second bias: the first bias must pass through W2 as well.
    "collapse_linear": (
        "def collapse_linear(W1, b1, W2, b2):\n"
        "    return W1 @ W2, b2\n"
    ),
    # The colour channels are forgotten: the input is height * width.
    "classifier_parameters": (
        "def classifier_parameters(height, width, channels, hidden, n_classes):\n"
        "    n_out = 1 if n_classes == 2 else n_classes\n"
        "    sizes = [height * width, *hidden, n_out]\n"
        "    return int(sum(a * b + b for a, b in zip(sizes, sizes[1:])))\n"
    ),
}
