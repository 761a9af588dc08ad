"""Benchmark: one training epoch of chapter 11's LSTM against PyTorch's ``nn.LSTM``.

The network of chapter 11's long-range task (the adding problem): LSTM(2 → 64) on
sequences of 50 steps, then Dense(64 → 1), float32, mean squared error, Adam,
gradients clipped to norm 1, 2,000 sequences in batches of 50. Both run in the same process on the CPU with
one thread (``OPENBLAS_NUM_THREADS=1`` before NumPy loads, ``torch.set_num_threads(1)``);
each time is the median of several epochs after a warm-up epoch. Results go to
``bench/results/rnn.json`` and a table in ``bench/README.md``.

    python bench/rnn.py                       # lengths 50 (the chapter's) and 10
    python bench/rnn.py --epochs 3 --no-write
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy loads

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from nncourse import LSTM, MSE, Adam, Dense, Sequential  # noqa: E402
from nncourse.datasets import adding_problem  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "rnn.json"
README = HERE / "README.md"
START, END = "<!-- rnn-results:start -->", "<!-- rnn-results:end -->"
N, N_IN, HIDDEN, BATCH = 2000, 2, 64, 50


def time_nncourse(X, y, epochs):
    rng = np.random.default_rng(0)
    model = Sequential(LSTM(N_IN, HIDDEN, rng=rng, dtype=np.float32),
                       Dense(HIDDEN, 1, init="xavier", rng=rng, dtype=np.float32))
    loss, opt = MSE(), Adam(0.003)
    times = []
    for _ in range(epochs + 1):  # the first is a warm-up
        start = time.perf_counter()
        model.fit(X, y, loss=loss, optimizer=opt, epochs=1, batch_size=BATCH, rng=rng,
                  progress=False, clip_norm=1.0)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def time_torch(X, y, epochs):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(N_IN, HIDDEN, batch_first=True)
    head = torch.nn.Linear(HIDDEN, 1)
    params = list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=0.003)
    loss_fn = torch.nn.MSELoss()
    Xt, yt = torch.from_numpy(X.astype(np.float32)), torch.from_numpy(y.astype(np.float32))
    gen = torch.Generator().manual_seed(0)
    times = []
    for _ in range(epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(Xt), generator=gen)
        for b in range(0, len(Xt), BATCH):
            idx = order[b:b + BATCH]
            out, _ = lstm(Xt[idx])
            loss = loss_fn(head(out[:, -1]), yt[idx])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:]), torch.__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[50, 10])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows, torch_version = [], None
    for length in args.lengths:
        X, y = adding_problem(N, length, rng=0)
        ours = time_nncourse(X, y, args.epochs)
        try:
            theirs, torch_version = time_torch(X, y, args.epochs)
        except ImportError:
            theirs = None
        rows.append(dict(length=length, nncourse_ms=round(ours * 1e3, 1),
                         torch_ms=None if theirs is None else round(theirs * 1e3, 1),
                         ratio=None if theirs is None else round(ours / theirs, 2)))
        print(rows[-1], flush=True)
    result = dict(rows=rows, sequences=N, hidden=HIDDEN, batch_size=BATCH,
                  numpy=np.__version__, torch=torch_version,
                  machine=platform.processor() or platform.machine(),
                  threads=os.environ["OPENBLAS_NUM_THREADS"], cores=os.cpu_count())
    if args.no_write:
        return
    RESULTS.parent.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=RESULTS.parent, delete=False) as f:
        json.dump(result, f, indent=1)
    os.replace(f.name, RESULTS)
    table = ["| sequence length | nncourse epoch (ms) | PyTorch epoch (ms) | nncourse / PyTorch |",
             "| ---: | ---: | ---: | ---: |"]
    for r in rows:
        table.append(f"| {r['length']} | {r['nncourse_ms']} | {r['torch_ms'] or '–'} | "
                     f"{r['ratio'] or '–'} |")
    table.append("")
    table.append(f"{N} sequences of the adding problem, LSTM(2 → 64) + Dense(64 → 1), MSE, "
                 f"float32, batch {BATCH}, Adam, clipping; median of {args.epochs} epochs "
                 f"after a warm-up; one thread. {result['machine']}, NumPy {np.__version__}"
                 + (f", PyTorch {torch_version}." if torch_version else "."))
    block = START + "\n" + "\n".join(table) + "\n" + END
    text = README.read_text()
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text,
                      flags=re.S)
    else:
        text += ("\n## rnn.py\n\nOne training epoch of chapter 11's LSTM network "
                 "(`nncourse.LSTM` in `Sequential.fit`) against the same network in "
                 "PyTorch (`nn.LSTM`, `nn.Linear`) on the CPU, in the same run. "
                 "\"nncourse / PyTorch\" below 1 means nncourse is faster; the goal is "
                 "at most 3.\n\n" + block + "\n")
    README.write_text(text)
    print(f"wrote {RESULTS} and the table in {README}")


if __name__ == "__main__":
    main()
