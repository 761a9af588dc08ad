"""Benchmark: one epoch of a 784-128-10 ReLU network in float32, batch 100.

Compares nncourse's training loop with
  * the matrix multiplies alone: the same GEMMs one epoch performs (forward and
    backward), timed in the same run; their time is the floor for a NumPy network;
  * the same network, optimiser and batches in PyTorch on the CPU, when installed.

Each thread count runs in its own subprocess, with OPENBLAS_NUM_THREADS (and OMP /
MKL) set before NumPy loads and ``torch.set_num_threads``. Results go to
``bench/results/mlp.json`` (written atomically) and a table in ``bench/README.md``.

    python bench/mlp.py                  # 8,000 random MNIST-shaped samples, 1 and 2 threads
    python bench/mlp.py --real           # real MNIST digits via nncourse.datasets.load_mnist
    python bench/mlp.py --threads 1 --epochs 3 --no-write
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from torch_epochs import train_epochs

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "mlp.json"
README = HERE / "README.md"
START, END = "<!-- mlp-results:start -->", "<!-- mlp-results:end -->"

N_IN, N_HIDDEN, N_OUT = 784, 128, 10


# -- the worker: runs in a subprocess with the thread count fixed ------------------
def load_data(n, real, np):
    if real:
        try:
            from nncourse.datasets import load_mnist
        except ImportError:
            from nncourse.mnist import load_mnist
        (X, y), _ = load_mnist(flatten=True, normalize=True)  # the shipped subset
        return np.asarray(X, dtype=np.float32)[:n], np.asarray(y)[:n]
    rng = np.random.default_rng(0)
    return rng.random((n, N_IN), dtype=np.float32), rng.integers(0, N_OUT, size=n)


def gemm_flops(n, batch_size):
    """FLOPs of the matrix multiplies of one epoch (2 per multiply-add)."""
    per_sample = (N_IN * N_HIDDEN        # forward, layer 1: X W1
                  + N_HIDDEN * N_OUT     # forward, layer 2: H W2
                  + N_HIDDEN * N_OUT     # backward, layer 2: H^T dY
                  + N_HIDDEN * N_OUT     # backward, layer 2: dY W2^T
                  + N_IN * N_HIDDEN)     # backward, layer 1: X^T dH (no dX needed)
    return 2 * per_sample * n


def time_gemms(X, batch_size, repeats, np):
    """Seconds for one epoch of the network's GEMMs alone (best of ``repeats``)."""
    rng = np.random.default_rng(1)
    f32 = np.float32
    W1 = rng.standard_normal((N_IN, N_HIDDEN)).astype(f32)
    W2 = rng.standard_normal((N_HIDDEN, N_OUT)).astype(f32)
    H = np.empty((batch_size, N_HIDDEN), f32)
    Y = np.empty((batch_size, N_OUT), f32)
    dY = rng.standard_normal((batch_size, N_OUT)).astype(f32)
    dH = np.empty((batch_size, N_HIDDEN), f32)
    dW1, dW2 = np.empty_like(W1), np.empty_like(W2)
    batches = [X[i:i + batch_size] for i in range(0, len(X) - batch_size + 1, batch_size)]
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for xb in batches:
            np.matmul(xb, W1, out=H)
            np.matmul(H, W2, out=Y)
            np.matmul(H.T, dY, out=dW2)
            np.matmul(dY, W2.T, out=dH)
            np.matmul(xb.T, dH, out=dW1)
        best = min(best, time.perf_counter() - start)
    return best


def time_nncourse(X, y, epochs, batch_size, lr, np):
    import nncourse as nn

    model = nn.Sequential(nn.Dense(N_IN, N_HIDDEN, rng=0, dtype=np.float32), nn.ReLU(),
                          nn.Dense(N_HIDDEN, N_OUT, rng=1, dtype=np.float32))
    history = model.fit(X, y, loss=nn.SoftmaxCrossEntropy(),
                        optimizer=nn.SGD(lr, momentum=0.9), epochs=epochs,
                        batch_size=batch_size, rng=0, progress=False)
    assert all(p.dtype == np.float32 for p in model.params.values())
    return history.time, history.loss


def time_torch(X, y, epochs, batch_size, lr, threads):
    try:
        import torch
    except ImportError:
        return None, None, None
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(N_IN, N_HIDDEN), torch.nn.ReLU(),
                                torch.nn.Linear(N_HIDDEN, N_OUT))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    times, losses = train_epochs(model, loss_fn, opt, X, y, epochs, batch_size)
    return times, losses, torch.__version__


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def worker(args):
    import numpy as np

    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    except ImportError:
        pass  # the environment variables set by the parent already apply
    X, y = load_data(args.samples, args.real, np)
    n = len(X) - len(X) % args.batch_size
    X, y = np.ascontiguousarray(X[:n]), y[:n]
    flops = gemm_flops(n, args.batch_size)

    ours, our_loss = time_nncourse(X, y, args.epochs, args.batch_size, args.lr, np)
    gemm = time_gemms(X, args.batch_size, repeats=max(5, args.epochs), np=np)
    torch_times, torch_loss, torch_version = (None, None, None)
    if not args.no_torch:
        torch_times, torch_loss, torch_version = time_torch(
            X, y, args.epochs, args.batch_size, args.lr, args.threads)

    steady = ours[1:] or ours  # the first epoch warms caches and allocators
    result = {
        "threads": args.threads,
        "samples": n,
        "nncourse_epoch_s": ours,
        "nncourse_loss": our_loss,
        "nncourse_median_epoch_s": median(steady),
        "gemm_epoch_s": gemm,
        "gemm_flop_per_epoch": flops,
        "gemm_gflops_peak": flops / gemm / 1e9,
        "nncourse_gflops": flops / median(steady) / 1e9,
        "fraction_of_gemm_limit": gemm / median(steady),
        "torch_version": torch_version,
    }
    if torch_times is not None:
        t_steady = torch_times[1:] or torch_times
        result.update(torch_epoch_s=torch_times, torch_loss=torch_loss,
                      torch_median_epoch_s=median(t_steady),
                      torch_over_nncourse=median(t_steady) / median(steady))
    print(json.dumps(result))


# -- the parent: one subprocess per thread count, then the report --------------------
def run_threads(args, threads):
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    cmd = [sys.executable, __file__, "--worker", "--threads", str(threads),
           "--epochs", str(args.epochs), "--samples", str(args.samples),
           "--batch-size", str(args.batch_size), "--lr", str(args.lr)]
    cmd += ["--real"] * args.real + ["--no-torch"] * args.no_torch
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"worker with {threads} thread(s) failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine_info():
    import numpy as np

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__}


def write_json_atomically(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def table(report) -> str:
    rows = ["| threads | nncourse epoch (ms) | GFLOP/s | GEMMs alone (ms) | "
            "fraction of matmul limit | PyTorch epoch (ms) | PyTorch / nncourse |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in report["results"]:
        torch_ms = (f"{r['torch_median_epoch_s'] * 1e3:.1f}"
                    if "torch_median_epoch_s" in r else "–")
        ratio = f"{r['torch_over_nncourse']:.2f}" if "torch_over_nncourse" in r else "–"
        rows.append(f"| {r['threads']} | {r['nncourse_median_epoch_s'] * 1e3:.1f} | "
                    f"{r['nncourse_gflops']:.0f} | {r['gemm_epoch_s'] * 1e3:.1f} | "
                    f"{r['fraction_of_gemm_limit']:.2f} | {torch_ms} | {ratio} |")
    c, m = report["config"], report["machine"]
    torch_v = next((r["torch_version"] for r in report["results"] if r["torch_version"]),
                   "not installed")
    rows.append("")
    rows.append(f"{c['samples']} {'MNIST' if c['real'] else 'random MNIST-shaped'} samples, "
                f"batch {c['batch_size']}, SGD with momentum, float32; median of epochs "
                f"2..{c['epochs']}. {m['cpu']}, {m['cores']} cores, NumPy {m['numpy']}, "
                f"PyTorch {torch_v}. GEMMs alone: best of several epochs of the same "
                f"matrix multiplies (GFLOP/s counts only those).")
    return "\n".join(rows)


def update_readme(report) -> None:
    block = f"{START}\n{table(report)}\n{END}"
    if README.exists():
        text = README.read_text()
        if START in text and END in text:
            text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
        else:
            text = text.rstrip() + "\n\n## mlp.py\n\n" + block + "\n"
    else:
        text = (
            "# Benchmarks\n\nEach benchmark writes its numbers to `bench/results/`. "
            "They are not timed tests: run them by hand (`python bench/mlp.py`) on a "
            "quiet machine.\n\n"
            "## mlp.py\n\nOne epoch of a 784-128-10 ReLU network (float32, batch 100, "
            "SGD with momentum) trained with `nncourse.Sequential.fit`, against the "
            "same GEMMs alone (the floor for any NumPy implementation) and against "
            "the same network in PyTorch on the CPU. \"fraction of matmul limit\" is "
            "GEMM-only time / nncourse time (1.0 would be a loop with no overhead at "
            "all); \"PyTorch / nncourse\" above 1 means nncourse is faster.\n\n"
            f"{block}\n")
    tmp = README.with_suffix(".md.tmp")
    tmp.write_text(text)
    os.replace(tmp, README)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--samples", type=int, default=8000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--real", action="store_true", help="use real MNIST digits")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="only print the table")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        args.threads = args.threads[0]
        return worker(args)
    report = {"benchmark": "mlp",
              "config": {"epochs": args.epochs, "samples": args.samples,
                         "batch_size": args.batch_size, "lr": args.lr, "real": args.real,
                         "layers": [N_IN, N_HIDDEN, N_OUT], "dtype": "float32"},
              "machine": machine_info(),
              "results": [run_threads(args, t) for t in args.threads]}
    print(table(report))
    if not args.no_write:
        write_json_atomically(RESULTS, report)
        update_readme(report)
        print(f"\nwrote {RESULTS.relative_to(HERE.parent)} and "
              f"{README.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
