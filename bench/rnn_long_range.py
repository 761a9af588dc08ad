"""Long-range memory: RNN against LSTM on "remember the first symbol" (chapter 11).

Each sequence holds ``length`` random symbols out of 4, one-hot; the label is the
first one (``nncourse.datasets.first_symbol``), so guessing scores 0.25. For each
length (10, 50, 100), each kind of layer and each seed: a recurrent layer of 32 units
and a Dense read-out, float32, Adam (lr 0.003), batch 50, gradients clipped to norm
1, trained on 2,000 fresh sequences per epoch for at most 30 epochs (stopping early
once two epochs in a row score 100 % on the 500 held-out test sequences).

Results go to ``bench/results/rnn_long_range.json``; chapter 11 reads them.

    OPENBLAS_NUM_THREADS=1 python bench/rnn_long_range.py
    OPENBLAS_NUM_THREADS=1 python bench/rnn_long_range.py --lengths 10 --seeds 0 --no-write
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from nncourse import LSTM, RNN, Adam, Dense, Sequential, SoftmaxCrossEntropy
from nncourse.datasets import first_symbol

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "rnn_long_range.json"
SETTINGS = dict(n_symbols=4, hidden=32, lr=0.003, batch_size=50, clip_norm=1.0,
                train_per_epoch=2000, n_test=500, max_epochs=30)


def run(kind, length, seed, s=SETTINGS):
    """Train one model; return its test accuracy per epoch and the seconds taken."""
    rng = np.random.default_rng(seed)
    X_test, y_test = first_symbol(s["n_test"], length, s["n_symbols"], rng=seed + 1000)
    layer = {"RNN": RNN, "LSTM": LSTM}[kind]
    model = Sequential(layer(s["n_symbols"], s["hidden"], rng=rng, dtype=np.float32),
                       Dense(s["hidden"], s["n_symbols"], init="xavier", rng=rng,
                             dtype=np.float32))
    loss, optimizer = SoftmaxCrossEntropy(), Adam(s["lr"])
    accuracies, start = [], time.perf_counter()
    for _ in range(s["max_epochs"]):
        X, y = first_symbol(s["train_per_epoch"], length, s["n_symbols"], rng=rng)
        model.fit(X, y, loss=loss, optimizer=optimizer, epochs=1,
                  batch_size=s["batch_size"], rng=rng, progress=False,
                  clip_norm=s["clip_norm"])
        accuracies.append(model.evaluate(X_test, y_test, loss)[1])
        if len(accuracies) >= 2 and min(accuracies[-2:]) == 1.0:
            break
    return accuracies, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = []
    for length in args.lengths:
        for kind in ("RNN", "LSTM"):
            for seed in args.seeds:
                accuracies, seconds = run(kind, length, seed)
                reached = next((i + 1 for i, a in enumerate(accuracies) if a >= 0.95), None)
                rows.append(dict(kind=kind, length=length, seed=seed,
                                 final_accuracy=accuracies[-1],
                                 best_accuracy=max(accuracies), epochs=len(accuracies),
                                 epochs_to_95=reached, seconds=round(seconds, 1),
                                 accuracy_per_epoch=accuracies))
                print(f"{kind:4} length {length:3} seed {seed}: final {accuracies[-1]:.3f} "
                      f"after {len(accuracies)} epochs, 95 % at {reached}, "
                      f"{seconds:.0f} s", flush=True)
    result = dict(settings=SETTINGS, rows=rows, numpy=np.__version__,
                  machine=platform.processor() or platform.machine(),
                  threads=os.environ.get("OPENBLAS_NUM_THREADS", "default"))
    if not args.no_write:
        RESULTS.parent.mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=RESULTS.parent, delete=False) as f:
            json.dump(result, f, indent=1)
        os.replace(f.name, RESULTS)
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
