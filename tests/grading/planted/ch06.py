"""Plausible wrong answers to the graded functions of chapter 6 (gradient descent).

Each is a typical student mistake that still runs; the grading tests swap it in
and check that exactly that function loses its points.
"""

PLANTED = {
    # the derivative of a x^2 taken as 2x: forgets the curvature a
    "descend_quadratic": (
        "def descend_quadratic(a, x0, lr, steps):\n"
        "    path = [float(x0)]\n"
        "    for _ in range(steps):\n"
        "        path.append(path[-1] - lr * 2 * path[-1])\n"
        "    return np.array(path)\n"
    ),
    # steps with the old velocity, then updates it
    "sgd_momentum_step": (
        "def sgd_momentum_step(w, grad, velocity, lr, momentum):\n"
        "    return w - lr * velocity, momentum * velocity + grad\n"
    ),
    # no bias correction
    "adam_step": (
        "def adam_step(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        "    m = beta1 * m + (1 - beta1) * grad\n"
        "    s = beta2 * s + (1 - beta2) * grad ** 2\n"
        "    return w - lr * m / (np.sqrt(s) + eps), m, s\n"
    ),
    # tests the loss only after an update: never answers 0
    "steps_until_below": (
        "def steps_until_below(a, x0, lr, tol, max_steps):\n"
        "    x = float(x0)\n"
        "    for step in range(1, max_steps + 1):\n"
        "        x = x - lr * 2 * a * x\n"
        "        if a * x * x < tol:\n"
        "            return step\n"
        "    return max_steps\n"
    ),
}
PLANTED["sgd_epoch_line"] = (
    # the slopes summed over the batch instead of averaged (the loss is a mean)
    "def sgd_epoch_line(x, y, w, b, lr, batch_size, order):\n"
    "    for start in range(0, len(order), batch_size):\n"
    "        idx = order[start:start + batch_size]\n"
    "        error = w * x[idx] + b - y[idx]\n"
    "        w, b = w - lr * np.sum(2 * error * x[idx]), b - lr * np.sum(2 * error)\n"
    "    return float(w), float(b)\n"
)
