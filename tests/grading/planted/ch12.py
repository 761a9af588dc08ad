"""Plausible wrong answers for the chapter 12 exercises (solutions/12-frameworks.ipynb).

Each entry is a student's typical mistake that still runs; the grading tests swap it
in and assert that exactly that function loses its points.
"""

PLANTED = {
    # Forgot that nn.Linear stores its weight transposed.
    "linear_weights": (
        "def linear_weights(W, b):\n"
        "    return W.copy(), b.copy()\n"
    ),
    # Put the bias into both of nn.LSTM's biases, which add up to 2 b.
    "lstm_weights": (
        "def lstm_weights(Wx, Wh, b):\n"
        "    return Wx.T.copy(), Wh.T.copy(), b.copy(), b.copy()\n"
    ),
    # Stepped up the gradient instead of down.
    "torch_sgd_step": (
        "def torch_sgd_step(W, b, X, y, lr):\n"
        "    W_t = torch.tensor(W, requires_grad=True)\n"
        "    b_t = torch.tensor(b, requires_grad=True)\n"
        "    loss = torch.nn.functional.cross_entropy(torch.tensor(X) @ W_t + b_t,\n"
        "                                             torch.tensor(y, dtype=torch.int64))\n"
        "    loss.backward()\n"
        "    with torch.no_grad():\n"
        "        W_t += lr * W_t.grad\n"
        "        b_t += lr * b_t.grad\n"
        "    return W_t.detach().numpy(), b_t.detach().numpy(), loss.item()\n"
    ),
    # Counted the weights but not the biases.
    "keras_parameter_count": (
        "def keras_parameter_count(layer_sizes):\n"
        "    return sum(a * b for a, b in zip(layer_sizes, layer_sizes[1:]))\n"
    ),
}
