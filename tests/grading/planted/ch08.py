"""Plausible wrong answers to the graded functions of chapter 8, MNIST.

Each runs without error but makes a mistake students typically make; the grading
tests swap it in and expect exactly that function to lose its points.
"""

PLANTED = {
    # Divides by 256 (the number of grey levels) instead of 255 (the largest one).
    "normalize_images": (
        "def normalize_images(images):\n"
        "    flat = images.reshape(len(images), -1).astype(np.float32)\n"
        "    return flat / np.float32(256)\n"
    ),
    # Swaps the axes: rows are the predicted classes instead of the true ones.
    "confusion_matrix": (
        "def confusion_matrix(y_true, y_pred, n_classes):\n"
        "    matrix = np.zeros((n_classes, n_classes), dtype=int)\n"
        "    for t, k in zip(y_true, y_pred):\n"
        "        matrix[k, t] += 1\n"
        "    return matrix\n"
    ),
    # The faulty dropout of the source material: keeps with probability p, no
    # rescaling by 1/(1-p), and no evaluation mode.
    "inverted_dropout": (
        "def inverted_dropout(x, p, u, training):\n"
        "    return x * (u < p)\n"
    ),
    # Sums the gradient over the batch instead of averaging it (forgets / B).
    "softmax_regression_step": (
        "def softmax_regression_step(X, y, W, b, lr):\n"
        "    Z = X @ W + b\n"
        "    Z = Z - Z.max(axis=1, keepdims=True)\n"
        "    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)\n"
        "    P[np.arange(len(y)), y] -= 1\n"
        "    return W - lr * (X.T @ P), b - lr * P.sum(axis=0)\n"
    ),
}
PLANTED["train_with_early_stopping"] = (
    # stops at the right epoch but returns the weights of the last epoch, not the best
    "def train_with_early_stopping(X, y, X_val, y_val, W, b, lr, batch_size, max_epochs,\n"
    "                              patience):\n"
    "    W, b = W.copy(), b.copy()\n"
    "    best, best_epoch, waited, losses = np.inf, 0, 0, []\n"
    "    for epoch in range(1, max_epochs + 1):\n"
    "        for start in range(0, len(X), batch_size):\n"
    "            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]\n"
    "            Z = Xb @ W + b\n"
    "            P = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
    "            P /= P.sum(axis=1, keepdims=True)\n"
    "            P[np.arange(len(yb)), yb] -= 1\n"
    "            W, b = W - lr * Xb.T @ (P / len(yb)), b - lr * (P / len(yb)).sum(axis=0)\n"
    "        Z = X_val @ W + b\n"
    "        Z = Z - Z.max(axis=1, keepdims=True)\n"
    "        loss = -(Z - np.log(np.exp(Z).sum(axis=1, keepdims=True)))[np.arange(len(y_val)), y_val].mean()\n"
    "        losses.append(loss)\n"
    "        if loss < best:\n"
    "            best, best_epoch, waited = loss, epoch, 0\n"
    "        else:\n"
    "            waited += 1\n"
    "            if waited >= patience:\n"
    "                break\n"
    "    return W, b, best_epoch, np.array(losses)\n"
)
