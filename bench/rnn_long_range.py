"""Long-range memory: RNN against LSTM on the adding problem (chapter 11).

Each sequence holds random values in [0, 1) and marks two of them, one in the first
tenth and one in the second half; the target is their sum
(``nncourse.datasets.adding_problem``). Predicting the constant 1 gives the trivial
baseline, a mean squared error of about 1/6; the task counts as solved below 10 % of
it. For each length (10, 50, 100), each kind of layer and each seed: a recurrent
layer of 64 units and a Dense read-out, float32, Adam (lr 0.003), batch 50,
gradients clipped to norm 1, trained on 2,000 fresh sequences per epoch for at most
40 epochs, stopping early once two epochs in a row score below 5 % of the baseline
on 500 held-out test sequences.

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

from nncourse import LSTM, MSE, RNN, Adam, Dense, Sequential
from nncourse.datasets import adding_problem

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "rnn_long_range.json"
SETTINGS = dict(hidden=64, lr=0.003, batch_size=50, clip_norm=1.0, train_per_epoch=2000,
                n_test=500, max_epochs=40, solved_below=0.1, stop_below=0.05)


def make_model(kind, rng, hidden):
    layer = {"RNN": RNN, "LSTM": LSTM}[kind]
    return Sequential(layer(2, hidden, rng=rng, dtype=np.float32),
                      Dense(hidden, 1, init="xavier", rng=rng, dtype=np.float32))


def run(kind, length, seed, s=SETTINGS):
    """Train one model; return its test MSE / baseline per epoch and the seconds."""
    rng = np.random.default_rng(seed)
    X_test, y_test = adding_problem(s["n_test"], length, rng=seed + 1000)
    baseline = float(np.mean((y_test - 1.0) ** 2))  # always predict 1
    model, loss, optimizer = make_model(kind, rng, s["hidden"]), MSE(), Adam(s["lr"])
    ratios, start = [], time.perf_counter()
    for _ in range(s["max_epochs"]):
        X, y = adding_problem(s["train_per_epoch"], length, rng=rng)
        model.fit(X, y, loss=loss, optimizer=optimizer, epochs=1,
                  batch_size=s["batch_size"], rng=rng, progress=False,
                  clip_norm=s["clip_norm"])
        ratios.append(model.evaluate(X_test, y_test, loss)[0] / baseline)
        if len(ratios) >= 2 and max(ratios[-2:]) < s["stop_below"]:
            break
    return ratios, time.perf_counter() - start


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
                ratios, seconds = run(kind, length, seed)
                solved = next((i + 1 for i, r in enumerate(ratios)
                               if r < SETTINGS["solved_below"]), None)
                rows.append(dict(kind=kind, length=length, seed=seed,
                                 final_mse_over_baseline=round(ratios[-1], 5),
                                 epochs=len(ratios), epochs_to_solve=solved,
                                 seconds=round(seconds, 1),
                                 mse_over_baseline_per_epoch=[round(r, 5) for r in ratios]))
                print(f"{kind:4} length {length:3} seed {seed}: final MSE "
                      f"{ratios[-1]:.3f} of the baseline after {len(ratios)} epochs, "
                      f"solved at epoch {solved}, {seconds:.0f} s", flush=True)
    result = dict(task="adding problem", settings=SETTINGS, rows=rows,
                  numpy=np.__version__, machine=platform.processor() or platform.machine(),
                  threads=os.environ.get("OPENBLAS_NUM_THREADS", "default"))
    if not args.no_write:
        RESULTS.parent.mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=RESULTS.parent, delete=False,
                                         suffix=".json") as f:
            json.dump(result, f, indent=1)
        os.replace(f.name, RESULTS)
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
