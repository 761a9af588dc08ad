"""Benchmark: test accuracy of chapter 8's networks on the shipped MNIST subset.

The chapter trains each network once, with one seed, to stay fast. This script trains
the same networks with several seeds and for more epochs, and records the test
accuracy of every run, so that the chapter can say how much the number depends on
luck and how far longer training goes.

    python bench/mnist_accuracy.py               # all configurations, seeds 0..4
    python bench/mnist_accuracy.py --seeds 2 --no-write

Data: ``load_mnist()`` (the 10,000-digit subset: 8,000 train, 2,000 test); each
network is trained on all 8,000 training digits and evaluated on the 2,000 test
digits after its last epoch (no early stopping, no choice made on the test set).
Results go to ``bench/results/mnist_accuracy.json``, written atomically.
``load_mnist(full=True)`` (70,000 digits) needs the network and is not run here.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy: small matrices

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from nncourse import (SGD, Dense, Dropout, ReLU, Sequential,  # noqa: E402
                      SoftmaxCrossEntropy)
from nncourse.datasets import load_mnist  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "mnist_accuracy.json"
F32 = np.float32


def mlp(sizes, dropout, rng):
    """The chapter's ``mlp``: Dense, ReLU (and Dropout) per hidden layer, float32."""
    layers = []
    for n_in, n_out in zip(sizes[:-2], sizes[1:-1]):
        layers += [Dense(n_in, n_out, rng=rng, dtype=F32), ReLU()]
        if dropout:
            layers.append(Dropout(dropout, rng=rng))
    layers.append(Dense(sizes[-2], sizes[-1], rng=rng, dtype=F32))
    return Sequential(layers)


# name -> sizes, dropout, stages of (SGD learning rate, momentum, epochs)
CONFIGS = {
    "first network: 784-128-10, SGD lr 0.1, 10 epochs (as in the chapter)": (
        [784, 128, 10], 0.0, [(0.1, 0.0, 10)]),
    "first network: 784-128-10, SGD lr 0.1, 50 epochs": (
        [784, 128, 10], 0.0, [(0.1, 0.0, 50)]),
    "best network: 784-512-256-10, dropout 0.4, 30 epochs (as in the chapter)": (
        [784, 512, 256, 10], 0.4, [(0.05, 0.9, 20), (0.005, 0.9, 10)]),
    "best network: 784-512-256-10, dropout 0.4, 60 epochs": (
        [784, 512, 256, 10], 0.4, [(0.05, 0.9, 40), (0.005, 0.9, 20)]),
}


def run(sizes, dropout, stages, seed, data):
    (X, y), (X_test, y_test) = data
    model = mlp(sizes, dropout, np.random.default_rng(seed))
    fit_rng = np.random.default_rng(seed)
    for lr, momentum, epochs in stages:
        model.fit(X, y, loss=SoftmaxCrossEntropy(),
                  optimizer=SGD(lr, momentum=momentum), epochs=epochs, batch_size=100,
                  rng=fit_rng, progress=False)
    _, accuracy = model.evaluate(X_test, y_test, SoftmaxCrossEntropy())
    return accuracy


def write_atomically(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".json.tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(data, file, indent=2)
        file.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1 (default 5)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)

    data = load_mnist(flatten=True, normalize=True)
    results = []
    for name, (sizes, dropout, stages) in CONFIGS.items():
        accuracies, start = [], time.perf_counter()
        for seed in range(args.seeds):
            accuracies.append(run(sizes, dropout, stages, seed, data))
        seconds = (time.perf_counter() - start) / args.seeds
        acc = np.array(accuracies)
        print(f"{name}\n  test accuracy: mean {acc.mean():.4f}, min {acc.min():.4f}, "
              f"max {acc.max():.4f} over {len(acc)} seeds ({seconds:.1f} s per run)",
              flush=True)
        results.append({
            "name": name, "layers": sizes, "dropout": dropout,
            "stages": [{"lr": lr, "momentum": m, "epochs": e} for lr, m, e in stages],
            "epochs": sum(e for _, _, e in stages), "batch_size": 100,
            "seeds": list(range(args.seeds)),
            "test_accuracy": [round(float(a), 4) for a in acc],
            "mean": round(float(acc.mean()), 4), "min": round(float(acc.min()), 4),
            "max": round(float(acc.max()), 4), "seconds_per_run": round(seconds, 1),
        })
    if not args.no_write:
        write_atomically(RESULTS, {
            "data": "load_mnist(): the shipped subset, 8,000 train / 2,000 test; "
                    "trained on all 8,000, test accuracy after the last epoch",
            "full_mnist": "load_mnist(full=True) needs the network: not run here",
            "numpy": np.__version__, "python": platform.python_version(),
            "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
            "results": results,
        })
        print(f"wrote {RESULTS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
