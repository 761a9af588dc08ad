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
README = HERE / "README.md"
START, END = "<!-- rnn-long-range:start -->", "<!-- rnn-long-range:end -->"
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


def write_readme(result):
    """The table of ``result`` between the markers in bench/README.md."""
    import re

    lines = ["| length | model | final test MSE / baseline, seeds " +
             " ".join(str(s) for s in sorted({r["seed"] for r in result["rows"]})) +
             " | mean | solved (epoch) |", "| ---: | --- | --- | ---: | --- |"]
    for length in sorted({r["length"] for r in result["rows"]}):
        for kind in ("RNN", "LSTM"):
            rows = [r for r in result["rows"] if r["kind"] == kind and r["length"] == length]
            finals = [r["final_mse_over_baseline"] for r in rows]
            solved = ", ".join(str(r["epochs_to_solve"]) if r["epochs_to_solve"] else "no"
                               for r in rows)
            lines.append(f"| {length} | {kind} | {' '.join(f'{v:.3f}' for v in finals)} | "
                         f"{sum(finals) / len(finals):.3f} | {solved} |")
    lines += ["", f"Settings: {result['settings']}. NumPy {result['numpy']}, "
                  f"{result['machine']}, OPENBLAS_NUM_THREADS={result['threads']}."]
    block = START + "\n" + "\n".join(lines) + "\n" + END
    text = README.read_text()
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text,
                      flags=re.S)
    else:
        text += ("\n## rnn_long_range.py\n\nChapter 11's long-range task, the adding "
                 "problem, for a plain RNN and an LSTM of 64 units at lengths 10, 50 and "
                 "100, 3 seeds each (see the script's docstring for the settings). The "
                 "score is the test mean squared error divided by the trivial baseline's "
                 "(always answering 1); below 0.1 counts as solved, and the column "
                 "\"solved\" gives the first epoch that got there. Chapter 11 reads the "
                 "JSON file.\n\n" + block + "\n")
    README.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--readme-only", action="store_true",
                        help="rewrite the README table from the stored results and stop")
    args = parser.parse_args()
    if args.readme_only:
        write_readme(json.loads(RESULTS.read_text()))
        return
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
        write_readme(result)
        print(f"wrote {RESULTS} and the table in {README}")


if __name__ == "__main__":
    main()
