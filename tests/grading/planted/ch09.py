"""Plausible wrong answers to the graded functions of chapter 9, training networks well.

Each runs without error but makes a mistake students typically make; the grading
tests swap it in and expect exactly that function to lose its points.
"""

PLANTED = {
    # Forgets the square root: divides by the mean square instead of its root.
    "rmsprop_step": (
        "def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):\n"
        "    s_new = rho * s + (1 - rho) * grad ** 2\n"
        "    return w - lr * grad / (s_new + eps), s_new\n"
    ),
    # Drops the 1/2 of the penalty but keeps the gradient lambda * W: inconsistent.
    "l2_penalty": (
        "def l2_penalty(weights, weight_decay):\n"
        "    penalty = weight_decay * sum(float(np.sum(W * W)) for W in weights)\n"
        "    return float(penalty), [weight_decay * W for W in weights]\n"
    ),
    # Warm-up off by one: epoch 0 gets a learning rate of 0.
    "warmup_cosine": (
        "def warmup_cosine(epoch, epochs, lr_max, warmup, lr_min=0.0):\n"
        "    if epoch < warmup:\n"
        "        return lr_max * epoch / warmup\n"
        "    t = (epoch - warmup) / (epochs - warmup)\n"
        "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t)) / 2\n"
    ),
    # Treats the batch mean and variance as constants (the evaluation-mode gradient).
    "batchnorm_backward": (
        "def batchnorm_backward(grad_out, x_hat, gamma, inv_std):\n"
        "    return (grad_out * gamma * inv_std, (grad_out * x_hat).sum(axis=0),\n"
        "            grad_out.sum(axis=0))\n"
    ),
    # Compares with the previous epoch instead of the best so far.
    "early_stopping": (
        "def early_stopping(val_losses, patience, min_delta=0.0):\n"
        "    best_epoch, wait = 1, 0\n"
        "    for epoch in range(2, len(val_losses) + 1):\n"
        "        if val_losses[epoch - 1] < val_losses[epoch - 2] - min_delta:\n"
        "            wait = 0\n"
        "            if val_losses[epoch - 1] < val_losses[best_epoch - 1]:\n"
        "                best_epoch = epoch\n"
        "        else:\n"
        "            wait += 1\n"
        "            if wait >= patience:\n"
        "                return epoch, best_epoch\n"
        "    return len(val_losses), best_epoch\n"
    ),
}
