"""The PyTorch side of the benchmarks: time whole training epochs of a model.

Shared by bench/mlp.py and bench/cnn.py, so that both compare nncourse against
the same PyTorch loop: shuffle with NumPy's generator, then zero_grad, loss,
backward and step for each mini-batch.
"""

from __future__ import annotations

import time


def train_epochs(model, loss_fn, optimizer, X, y, epochs, batch_size):
    """Train ``model`` for ``epochs`` on NumPy arrays X, y (integer labels).

    Returns ``(times, losses)``: seconds and mean training loss per epoch.
    """
    import numpy as np
    import torch

    X_t, y_t = torch.from_numpy(X), torch.from_numpy(np.asarray(y, dtype=np.int64))
    rng = np.random.default_rng(0)
    model.train()
    times, losses = [], []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.from_numpy(rng.permutation(len(X)))
        total = 0.0
        for i in range(0, len(X), batch_size):
            idx = order[i:i + batch_size]
            loss = loss_fn(model(X_t[idx]), y_t[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        times.append(time.perf_counter() - start)
        losses.append(total / len(X))
    return times, losses
