"""Benchmark: how long every widget of chapters 0-8 takes to answer a slider step.

Each widget is built as its chapter builds it (same drawing, same figure size, same
slider positions; data of the same size, made here), then two things are timed:

* **step**: what the kernel does when a slider with stored pictures moves by one
  position (the ``value`` change handler). The browser has already switched the
  picture, and the kernel only checks that the picture on show was drawn for
  these values: no redraw.
* **live step**: what the kernel does when a control without stored pictures moves
  (chapter 8's sliders other than the learning rate, chapter 10's nine weights): a
  full redraw, answered from the kernel.
* **redraw**: one full live redraw (figure drawn, PNG made, ``<img>`` written) for
  every control's positions, what the kernel does for values no stored picture
  covers (also chapter 8's curve after every epoch of a run started with Train).

All are medians over many steps through every slider's positions, as wall time and
as CPU time of this process (steadier on a busy machine). The goal is 50 ms for a
slider step, stored or live.

    python bench/widgets_redraw.py            # writes bench/results/widgets_redraw.json
    python bench/widgets_redraw.py --no-write
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy
os.environ.setdefault("MPLBACKEND", "Agg")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from nncourse import History, widgets  # noqa: E402
from nncourse.activations import sigmoid  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "widgets_redraw.json"
GOAL_MS = 50.0


def _history(lr, epochs=5):
    """A plausible training record (the drawing cost depends on its length only)."""
    h = History()
    e = np.arange(1, epochs + 1)
    h.loss = list(0.3 + 1.5 / (1 + lr * 20 * e))
    h.val_loss = list(0.35 + 1.5 / (1 + lr * 20 * e))
    h.val_accuracy = list(0.9 - 0.2 / (1 + lr * 20 * e))
    h.diverged = False
    return h


def make_widgets():
    """name -> a function building the widget as its chapter does."""
    rng = np.random.default_rng(0)
    hours = np.linspace(0.5, 5, 12)
    score = 1.3 * hours + 1.4 + rng.normal(0, 0.3, 12)
    x = np.linspace(-3, 3, 200)
    fits = {w: np.sin(x) + rng.normal(0, 0.3 / w, x.shape) for w in (1, 2, 3, 5, 10, 20, 50)}
    X_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y_xor = np.array([0, 1, 1, 0])
    losses = 0.7 * np.exp(-np.arange(1001) / 400) + 0.01
    W = rng.normal(size=(2, 4))

    def predictor(k):
        return lambda X: sigmoid(np.tanh(X @ W * k) @ np.ones(4) - k)

    predictors = {s: predictor(s / 500) for s in (0, 50, 100, 200, 300, 400, 500, 600, 800, 1000)}
    X_img = rng.random((200, 784), dtype=np.float32)
    y_img = rng.integers(0, 10, 200)
    runs = {lr: _history(lr) for lr in widgets.mnist.RATES}
    return {
        "ch0 line_fit_explorer": lambda: widgets.line_fit_explorer(
            hours, score, a=0.2, b=0.5, xlabel="hours practised", ylabel="test score"),
        "ch1 perceptron_playground": lambda: widgets.perceptron_playground("AND"),
        "ch2 neuron_explorer": lambda: widgets.neuron_explorer(targets=[0, 0, 0, 1]),
        "ch3 width_explorer": lambda: widgets.width_explorer(x, np.sin(x), fits),
        "ch3 bump_explorer": lambda: widgets.bump_explorer(),
        "ch3 bump_sum_explorer": lambda: widgets.bump_sum_explorer(np.sin),
        "ch4 activation_explorer": lambda: widgets.activation_explorer("sigmoid", 5.0),
        "ch5 loss_explorer": lambda: widgets.loss_explorer(0.3),
        "ch6 learning_rate_explorer": lambda: widgets.learning_rate_explorer(0.1),
        "ch6 surface_explorer": lambda: widgets.surface_explorer(0.01, 0.0),
        "ch7 training_explorer": lambda: widgets.training_explorer(
            predictors, X_xor, y_xor, losses),
        "ch8 mnist_trainer": lambda: widgets.mnist_trainer(
            X_img, y_img, X_img, y_img, lr=0.1, epochs=5, runs=runs),
        "ch9 optimiser_race": lambda: widgets.optimiser_race("saddle", lr_scale=1.0, start=0),
        "ch10 filter_explorer": lambda: widgets.filter_explorer(
            X_img[0].reshape(28, 28), preset="vertical edge"),
        "ch11 gradient_through_time_explorer": lambda: widgets.gradient_through_time_explorer(
            length=30, scale=1.0),
    }


def _positions(control):
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    return list(np.linspace(control.min, control.max, 8))


def measure(box, repeats):
    """Median step and redraw times of one widget, wall and CPU, in ms."""
    step_wall, step_cpu = [], []
    for _ in range(repeats):
        for name in box.static:  # the others (chapter 8's) redraw: timed below
            control = box.controls[name]
            start = control.value
            for value in _positions(control)[1:] + [start]:
                w, c = time.perf_counter(), time.process_time()
                control.value = value
                step_wall.append(time.perf_counter() - w)
                step_cpu.append(time.process_time() - c)
    live_wall, live_cpu = [], []
    for control in box.live_controls:
        start = control.value
        for value in _positions(control)[1::2] + [start]:
            w, c = time.perf_counter(), time.process_time()
            control.value = value
            live_wall.append(time.perf_counter() - w)
            live_cpu.append(time.process_time() - c)
    values = []
    for name, control in box.controls.items():
        for value in _positions(control):
            v = {n: c.value for n, c in box.controls.items()}
            v[name] = value
            values.append(v)
    redraw_wall, redraw_cpu = [], []
    box.redraw(palette=False, **values[0])  # warm caches
    for i in range(max(repeats * 3, 9)):
        w, c = time.perf_counter(), time.process_time()
        box.redraw(palette=False, **values[i % len(values)])
        redraw_wall.append(time.perf_counter() - w)
        redraw_cpu.append(time.process_time() - c)

    def ms(a):
        return round(1000 * float(np.median(a)), 2) if a else None

    return {"step_wall_ms": ms(step_wall), "step_cpu_ms": ms(step_cpu),
            "live_step_wall_ms": ms(live_wall), "live_step_cpu_ms": ms(live_cpu),
            "redraw_wall_ms": ms(redraw_wall), "redraw_cpu_ms": ms(redraw_cpu),
            "stored_pictures": len(box.pictures),
            "stored_kb": round(sum(len(p.value) for p in box.pictures.values()) / 1000, 1)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    results = []
    for name, make in make_widgets().items():
        start = time.perf_counter()
        box = make()
        built = time.perf_counter() - start
        row = {"widget": name, "build_s": round(built, 2), **measure(box, args.repeats)}
        results.append(row)
        live = (f"live step {row['live_step_wall_ms']} ms  " if row["live_step_wall_ms"]
                else "")
        print(f"{name:28s} step {row['step_wall_ms']} ms  {live}redraw {row['redraw_wall_ms']} ms "
              f"wall / {row['redraw_cpu_ms']} ms CPU  ({row['stored_pictures']} pictures, "
              f"{row['stored_kb']} kB, built in {built:.1f} s)", flush=True)
    worst = max(r["redraw_wall_ms"] for r in results)
    worst_step = max(max(r["step_wall_ms"] or 0, r["live_step_wall_ms"] or 0) for r in results)
    report = {
        "goal_ms": GOAL_MS,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "results": results,
        "worst_redraw_wall_ms": worst,
        "worst_step_wall_ms": worst_step,
    }
    print(f"load average {report['load_average']}; worst median slider step {worst_step} ms, "
          f"worst median full redraw {worst} ms (goal {GOAL_MS:g} ms)")
    if not args.no_write:
        RESULTS.parent.mkdir(exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=RESULTS.parent, suffix=".tmp")
        with os.fdopen(handle, "w") as file:
            json.dump(report, file, indent=1)
            file.write("\n")
        os.replace(tmp, RESULTS)
        print(f"wrote {RESULTS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
