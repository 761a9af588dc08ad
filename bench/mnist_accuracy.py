"""Benchmark: test accuracy of chapter 8's, 9's and 10's networks on the MNIST subset.

The chapter trains each network once, with one seed, to stay fast. This script trains
the same networks with several seeds and for more epochs, and records the test
accuracy of every run, so that the chapter can say how much the number depends on
luck and how far longer training goes.

    python bench/mnist_accuracy.py               # all configurations, seeds 0..4
    python bench/mnist_accuracy.py --seeds 2 --no-write
    python bench/mnist_accuracy.py --only cnn --seeds 3   # chapter 10's network only
    python bench/mnist_accuracy.py --only "chapter 9" --jobs 2   # chapter 9's MLP

With ``--only`` the other networks' stored results are kept and only the matching
ones are replaced.

Data: ``load_mnist()`` (the 10,000-digit subset: 8,000 train, 2,000 test); each
network is trained on all 8,000 training digits and evaluated on the 2,000 test
digits after its last epoch (no early stopping, no choice made on the test set).
Results go to ``bench/results/mnist_accuracy.json`` (chapter 9's network to
``bench/results/mnist_accuracy_chapter9.json``), written atomically.
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
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from multiprocessing import get_context  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from nncourse import (SGD, Adam, AdamW, Conv2D, Dense, Dropout,  # noqa: E402
                      Flatten, MaxPool2D, ReLU, Sequential, SoftmaxCrossEntropy)
from nncourse.augment import ImageAugmenter, random_shift  # noqa: E402
from nncourse.datasets import load_mnist  # noqa: E402
from nncourse.schedules import cosine_lr, warmup_cosine_lr  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "mnist_accuracy.json"
RESULTS9 = HERE / "results" / "mnist_accuracy_chapter9.json"  # chapter 9's network
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


def cnn(rng, channels=(16, 32), hidden=128, dropout=0.5):
    """Chapter 10's LeNet-like network, float32: two 5x5 convolutions (padding 2),
    each followed by ReLU and 2x2 max-pooling, then Dense-ReLU-Dropout-Dense."""
    c1, c2 = channels
    return Sequential(
        Conv2D(1, c1, 5, padding=2, rng=rng, dtype=F32), ReLU(), MaxPool2D(2),
        Conv2D(c1, c2, 5, padding=2, rng=rng, dtype=F32), ReLU(), MaxPool2D(2),
        Flatten(), Dense(c2 * 7 * 7, hidden, rng=rng, dtype=F32), ReLU(),
        Dropout(dropout, rng=rng), Dense(hidden, 10, rng=rng, dtype=F32))


def train_cnn(model, X, y, *, epochs, lr, batch_size, max_shift, rng, log=None):
    """Adam with a cosine schedule; each epoch sees every digit shifted anew by up to
    ``max_shift`` pixels (``random_shift``). The chapter trains the same way."""
    optimizer = Adam(lr)
    for epoch in range(epochs):
        optimizer.lr = cosine_lr(epoch, epochs, lr)
        X_epoch = random_shift(X, max_shift, rng) if max_shift else X
        model.fit(X_epoch, y, loss=SoftmaxCrossEntropy(), optimizer=optimizer,
                  epochs=1, batch_size=batch_size, rng=rng, progress=False)
        if log is not None:
            log(epoch + 1, model)


def run_cnn(config, seed, data, verbose=False):
    (X, y), (X_test, y_test) = data
    X, X_test = X.reshape(-1, 1, 28, 28), X_test.reshape(-1, 1, 28, 28)
    rng = np.random.default_rng(seed)
    model = cnn(rng, config["channels"], config["hidden"], config["dropout"])

    def log(epoch, model):
        if verbose and (epoch % 5 == 0 or epoch == config["epochs"]):
            _, acc = model.evaluate(X_test, y_test, SoftmaxCrossEntropy())
            print(f"    seed {seed}, epoch {epoch}: test accuracy {acc:.4f}", flush=True)

    train_cnn(model, X, y, epochs=config["epochs"], lr=config["lr"],
              batch_size=config["batch_size"], max_shift=config["max_shift"], rng=rng,
              log=log)
    _, accuracy = model.evaluate(X_test, y_test, SoftmaxCrossEntropy())
    return accuracy


# name -> configuration of chapter 10's network and its training
CNN_CONFIGS = {
    "cnn: conv 16-32, dense 128, Adam + cosine, shifts ±2, 20 epochs (as in the chapter)": {
        "channels": (16, 32), "hidden": 128, "dropout": 0.5, "lr": 2e-3,
        "batch_size": 100, "max_shift": 2, "epochs": 20},
}


# name -> configuration of chapter 9's final MLP and its training
MLP9_CONFIGS = {
    "chapter 9: 784-512-256-10, dropout 0.3, AdamW lr 0.002 wd 1e-4, warm-up + cosine, shifts ±1, rotations ±10°, 50 epochs": {
        "layers": [784, 512, 256, 10], "dropout": 0.3, "lr": 2e-3,
        "weight_decay": 1e-4, "warmup": 2, "batch_size": 100, "max_shift": 1,
        "max_degrees": 10.0, "epochs": 50},
}


def run_mlp9(config, seed, data, verbose=False):
    """Chapter 9's final MLP: ``fit`` with AdamW, a warm-up then cosine schedule
    and per-batch augmentation (``ImageAugmenter``); test accuracy after the last
    epoch (the test set chooses nothing)."""
    (X, y), (X_test, y_test) = data
    rng = np.random.default_rng(seed)
    model = mlp(config["layers"], config["dropout"], rng)
    epochs, lr, warmup = config["epochs"], config["lr"], config["warmup"]
    augment = ImageAugmenter(config["max_shift"], config["max_degrees"], (28, 28))
    history = model.fit(
        X, y, loss=SoftmaxCrossEntropy(),
        optimizer=AdamW(lr, weight_decay=config["weight_decay"]), epochs=epochs,
        batch_size=config["batch_size"], rng=rng, progress=False, augment=augment,
        lr_schedule=lambda e: warmup_cosine_lr(e, epochs, lr, warmup),
        validation_data=(X_test, y_test) if verbose else None)
    if verbose:
        print(f"    seed {seed}: test accuracy per epoch "
              + " ".join(f"{a:.4f}" for a in history.val_accuracy), flush=True)
    _, accuracy = model.evaluate(X_test, y_test, SoftmaxCrossEntropy())
    return accuracy


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


def summarise(name, accuracies, seconds, details):
    acc = np.array(accuracies)
    print(f"{name}\n  test accuracy: mean {acc.mean():.4f}, min {acc.min():.4f}, "
          f"max {acc.max():.4f} over {len(acc)} seeds ({seconds:.1f} s per run)",
          flush=True)
    return {"name": name, **details, "seeds": list(range(len(acc))),
            "test_accuracy": [round(float(a), 4) for a in acc],
            "mean": round(float(acc.mean()), 4), "min": round(float(acc.min()), 4),
            "max": round(float(acc.max()), 4), "seconds_per_run": round(seconds, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1 (default 5)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--only", default="",
                        help="run only the networks whose name contains this text, "
                             "keeping the stored results of the others")
    parser.add_argument("--jobs", type=int, default=1,
                        help="train the CNN's seeds in this many processes at once")
    parser.add_argument("--verbose", action="store_true",
                        help="print the CNN's test accuracy every 5 epochs")
    args = parser.parse_args(argv)

    data = load_mnist(flatten=True, normalize=True)
    results = []
    for name, (sizes, dropout, stages) in CONFIGS.items():
        if args.only and args.only not in name:
            continue
        accuracies, start = [], time.perf_counter()
        for seed in range(args.seeds):
            accuracies.append(run(sizes, dropout, stages, seed, data))
        seconds = (time.perf_counter() - start) / args.seeds
        results.append(summarise(name, accuracies, seconds, {
            "layers": sizes, "dropout": dropout,
            "stages": [{"lr": lr, "momentum": m, "epochs": e} for lr, m, e in stages],
            "epochs": sum(e for _, _, e in stages), "batch_size": 100}))
    for name, config, runner in (
            [(n, c, run_mlp9) for n, c in MLP9_CONFIGS.items()]
            + [(n, c, run_cnn) for n, c in CNN_CONFIGS.items()]):
        if args.only and args.only not in name:
            continue
        start = time.perf_counter()
        seeds = range(args.seeds)
        if args.jobs > 1:  # one process per seed; each uses one BLAS thread
            with ProcessPoolExecutor(args.jobs, mp_context=get_context("fork")) as pool:
                accuracies = list(pool.map(runner, [config] * len(seeds), seeds,
                                           [data] * len(seeds), [args.verbose] * len(seeds)))
        else:
            accuracies = [runner(config, seed, data, verbose=args.verbose)
                          for seed in seeds]
        seconds = (time.perf_counter() - start) * min(args.jobs, args.seeds) / args.seeds
        results.append(summarise(name, accuracies, seconds, dict(config)))
    if not args.no_write:
        # Chapter 9's network has a file of its own, so that chapter 8, which prints
        # every network of mnist_accuracy.json, shows the same table as before.
        for path, names in ((RESULTS, list(CONFIGS) + list(CNN_CONFIGS)),
                            (RESULTS9, list(MLP9_CONFIGS))):
            mine = [r for r in results if r["name"] in names]
            if not mine:
                continue
            if args.only and path.exists():  # keep the networks not run this time
                done = {r["name"] for r in mine}
                kept = [r for r in json.loads(path.read_text())["results"]
                        if r["name"] not in done]
                mine = sorted(kept + mine, key=lambda r: names.index(r["name"])
                              if r["name"] in names else len(names))
            write_atomically(path, {
                "data": "load_mnist(): the shipped subset, 8,000 train / 2,000 test; "
                        "trained on all 8,000, test accuracy after the last epoch",
                "full_mnist": "load_mnist(full=True) needs the network: not run here",
                "numpy": np.__version__, "python": platform.python_version(),
                "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                "results": mine,
            })
            print(f"wrote {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
