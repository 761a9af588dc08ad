"""Benchmark: one training epoch of chapter 10's CNN on 8,000 digits, float32, batch 100.

The network: Conv2D(1 → 16, 5x5, padding 2), ReLU, MaxPool2D(2x2), Conv2D(16 → 32,
5x5, padding 2), ReLU, MaxPool2D(2x2), Flatten, Dense(1568 → 128), ReLU, Dropout(0.5),
Dense(128 → 10); Adam. It compares, in the same run and process:
  * nncourse's ``Sequential.fit``;
  * the matrix multiplies alone: the GEMMs one epoch performs through im2col
    (forward, weight gradients, input gradients except for the first layer); their
    time is the floor for an im2col network in NumPy ("fraction of matmul limit" =
    GEMM time / nncourse time, as in bench/mlp.py);
  * the same network, optimiser and batches in PyTorch on the CPU, when installed.

    python bench/cnn.py                     # 1 thread, 3 epochs each
    python bench/cnn.py --threads 2 --epochs 4 --no-write

The thread count is fixed (OPENBLAS_NUM_THREADS, torch.set_num_threads) before
NumPy loads. Results go to ``bench/results/cnn.json`` (atomically) and a table in
``bench/README.md``. Data: the shipped subset's 8,000 training digits.
"""

from __future__ import annotations

import argparse
import os
import sys


def _threads_from_argv(argv) -> str:
    if "--threads" in argv and argv.index("--threads") + 1 < len(argv):
        return argv[argv.index("--threads") + 1]
    return "1"


if __name__ == "__main__":  # before NumPy loads: it reads these once
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = _threads_from_argv(sys.argv)

import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from mlp import machine_info, median, write_json_atomically  # noqa: E402
from torch_epochs import train_epochs  # noqa: E402

RESULTS = HERE / "results" / "cnn.json"
README = HERE / "README.md"
START, END = "<!-- cnn-results:start -->", "<!-- cnn-results:end -->"
F32 = np.float32
C1, C2, HIDDEN, K = 16, 32, 128, 5


def nncourse_model(seed):
    import nncourse as nn

    rng = np.random.default_rng(seed)
    return nn.Sequential(
        nn.Conv2D(1, C1, K, padding=2, rng=rng, dtype=F32), nn.ReLU(), nn.MaxPool2D(2),
        nn.Conv2D(C1, C2, K, padding=2, rng=rng, dtype=F32), nn.ReLU(), nn.MaxPool2D(2),
        nn.Flatten(), nn.Dense(C2 * 49, HIDDEN, rng=rng, dtype=F32), nn.ReLU(),
        nn.Dropout(0.5, rng=rng), nn.Dense(HIDDEN, 10, rng=rng, dtype=F32))


def gemm_shapes(batch):
    """(m, k, n) of every matrix multiply of one training step, in nncourse's layout."""
    p1, p2 = batch * 28 * 28, batch * 14 * 14
    k1, k2 = 1 * K * K, C1 * K * K
    return [
        (C1, k1, p1), (C1, p1, k1),                 # conv 1: forward, dW (no dx)
        (C2, k2, p2), (C2, p2, k2), (k2, C2, p2),   # conv 2: forward, dW, dx
        (batch, C2 * 49, HIDDEN), (C2 * 49, batch, HIDDEN), (batch, HIDDEN, C2 * 49),
        (batch, HIDDEN, 10), (HIDDEN, batch, 10), (batch, 10, HIDDEN),
    ]


def time_gemms(n, batch, repeats):
    """Seconds for one epoch of the GEMMs alone (best of ``repeats``), and their FLOPs."""
    rng = np.random.default_rng(1)
    shapes = gemm_shapes(batch)
    ops = [(rng.standard_normal((m, k), dtype=F32), rng.standard_normal((k, q), dtype=F32),
            np.empty((m, q), F32)) for m, k, q in shapes]
    steps = n // batch
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            for a, b, out in ops:
                np.matmul(a, b, out=out)
        best = min(best, time.perf_counter() - start)
    flops = 2 * steps * sum(m * k * q for m, k, q in shapes)
    return best, flops


def time_nncourse(X, y, epochs, batch):
    import nncourse as nn

    model = nncourse_model(0)
    history = model.fit(X, y, loss=nn.SoftmaxCrossEntropy(), optimizer=nn.Adam(1e-3),
                        epochs=epochs, batch_size=batch, rng=0, progress=False)
    assert all(p.dtype == F32 for p in model.params.values())
    return history.time, history.loss


def time_torch(X, y, epochs, batch, threads):
    try:
        import torch
    except ImportError:
        return None, None, None
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    tnn = torch.nn
    model = tnn.Sequential(
        tnn.Conv2d(1, C1, K, padding=2), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Conv2d(C1, C2, K, padding=2), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Flatten(), tnn.Linear(C2 * 49, HIDDEN), tnn.ReLU(), tnn.Dropout(0.5),
        tnn.Linear(HIDDEN, 10))
    loss_fn = tnn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    times, losses = train_epochs(model, loss_fn, opt, X, y, epochs, batch)
    return times, losses, torch.__version__


def table(report) -> str:
    r, c, m = report["result"], report["config"], report["machine"]
    torch_ms = f"{r['torch_median_epoch_s']:.2f}" if "torch_median_epoch_s" in r else "–"
    ratio = f"{r['nncourse_over_torch']:.2f}" if "nncourse_over_torch" in r else "–"
    return "\n".join([
        "| threads | nncourse epoch (s) | GFLOP/s | GEMMs alone (s) | "
        "fraction of matmul limit | PyTorch epoch (s) | nncourse / PyTorch |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {c['threads']} | {r['nncourse_median_epoch_s']:.2f} | "
        f"{r['nncourse_gflops']:.0f} | {r['gemm_epoch_s']:.2f} | "
        f"{r['fraction_of_gemm_limit']:.2f} | {torch_ms} | {ratio} |",
        "",
        f"{c['samples']} MNIST training digits, batch {c['batch_size']}, Adam, float32; "
        f"median of epochs 2..{c['epochs']}. {m['cpu']}, {m['cores']} cores, NumPy "
        f"{m['numpy']}, PyTorch {r.get('torch_version') or 'not installed'}. GEMMs "
        f"alone: best of several epochs of the same matrix multiplies (GFLOP/s counts "
        f"only those). Load average at the end of the run: "
        f"{report['load_average'][0]:.1f}" + (
            " (above the core count: the machine was shared, so the times are longer "
            "than on a quiet machine, the ratio less so)."
            if report["load_average"][0] > m["cores"] else "."),
    ])


def update_readme(report) -> None:
    block = f"{START}\n{table(report)}\n{END}"
    text = README.read_text()
    if START in text and END in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + (
            "\n\n## cnn.py\n\nOne training epoch of chapter 10's network (two 5x5 "
            "convolutions with 16 and 32 channels, max-pooling, Dense 1568-128-10, "
            "dropout, Adam; float32, batch 100) on the 8,000 training digits, with "
            "nncourse's `Conv2D` (im2col through stride tricks) against the GEMMs "
            "alone and against the same network in PyTorch on the CPU. "
            "\"nncourse / PyTorch\" is the ratio of epoch times (below 1 means "
            "nncourse is faster).\n\n" + block + "\n")
    tmp = README.with_suffix(".md.tmp")
    tmp.write_text(text)
    os.replace(tmp, README)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=8000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="only print the table")
    args = parser.parse_args(argv)
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    except ImportError:
        pass  # the environment variables set above already apply

    from nncourse.datasets import load_mnist

    (X, y), _ = load_mnist(normalize=True)
    n = min(args.samples, len(X)) // args.batch_size * args.batch_size
    X = np.ascontiguousarray(X[:n].reshape(-1, 1, 28, 28), dtype=F32)
    y = np.asarray(y[:n])

    ours, our_loss = time_nncourse(X, y, args.epochs, args.batch_size)
    gemm, flops = time_gemms(n, args.batch_size, repeats=max(3, args.epochs))
    torch_times, torch_loss, torch_version = (None, None, None)
    if not args.no_torch:
        torch_times, torch_loss, torch_version = time_torch(
            X, y, args.epochs, args.batch_size, args.threads)
    steady = ours[1:] or ours  # the first epoch warms caches and allocators
    result = {"nncourse_epoch_s": ours, "nncourse_loss": our_loss,
              "nncourse_median_epoch_s": median(steady), "gemm_epoch_s": gemm,
              "gemm_flop_per_epoch": flops, "gemm_gflops_peak": flops / gemm / 1e9,
              "nncourse_gflops": flops / median(steady) / 1e9,
              "fraction_of_gemm_limit": gemm / median(steady),
              "torch_version": torch_version}
    if torch_times is not None:
        t_steady = torch_times[1:] or torch_times
        result.update(torch_epoch_s=torch_times, torch_loss=torch_loss,
                      torch_median_epoch_s=median(t_steady),
                      nncourse_over_torch=median(steady) / median(t_steady))
    report = {"benchmark": "cnn",
              "config": {"epochs": args.epochs, "samples": n, "threads": args.threads,
                         "batch_size": args.batch_size, "dtype": "float32",
                         "network": repr(nncourse_model(0))},
              "machine": machine_info(), "load_average": os.getloadavg(),
              "result": result}
    print(table(report))
    if not args.no_write:
        write_json_atomically(RESULTS, report)
        update_readme(report)
        print(f"\nwrote {RESULTS.relative_to(HERE.parent)} and "
              f"{README.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
