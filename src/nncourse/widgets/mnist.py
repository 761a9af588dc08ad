"""The widget of chapter 8: train a digit reader with sliders and a Train button."""

from __future__ import annotations

import numpy as np

__all__ = ["train_mnist_mlp", "diagnose_training", "mnist_trainer"]


def train_mnist_mlp(X, y, X_val, y_val, *, n_hidden=128, lr=0.1, batch_size=100,
                    epochs=5, rng=None, on_epoch=None):
    """Train a 784-n_hidden-10 ReLU network with plain SGD, one epoch at a time.

    Introduced in chapter 8. The network is ``Sequential(Dense(784, n_hidden),
    ReLU(), Dense(n_hidden, 10))`` in float32 with ``SoftmaxCrossEntropy``.

    Args:
        X, y: (n, 784) float32 training images in [0, 1] and (n,) integer labels.
        X_val, y_val: validation images and labels, measured after every epoch.
        n_hidden, lr, batch_size, epochs: the hyper-parameters.
        rng: a generator or an int seed, for the weights and the shuffling.
        on_epoch: called as ``on_epoch(history)`` after each epoch (the widget
            redraws its curve there).

    Returns:
        ``(model, history)``. If the loss becomes NaN or infinite the training stops
        and ``history.diverged`` is True (otherwise False). ``history.diagnosis`` is
        ``diagnose_training``'s sentence: empty when training went well, else what
        went wrong (diverged, collapsed, loss rising) and why, in plain words.
    """
    from nncourse import (SGD, Dense, History, ReLU, Sequential, SoftmaxCrossEntropy,
                          TrainingDivergedError)

    rng = np.random.default_rng(rng)
    n_features = np.shape(X)[1]
    n_hidden = int(n_hidden)
    model = Sequential(Dense(n_features, n_hidden, rng=rng, dtype=np.float32), ReLU(),
                       Dense(n_hidden, 10, rng=rng, dtype=np.float32))
    loss, optimizer = SoftmaxCrossEntropy(), SGD(lr)
    history = History()
    history.diverged = False
    for _ in range(int(epochs)):
        try:
            epoch = model.fit(X, y, loss=loss, optimizer=optimizer, epochs=1,
                              batch_size=int(batch_size),
                              validation_data=(X_val, y_val), rng=rng, progress=False)
        except TrainingDivergedError:
            history.diverged = True
            break
        for key in ("loss", "accuracy", "val_loss", "val_accuracy", "time"):
            getattr(history, key).extend(getattr(epoch, key))
        if on_epoch is not None:
            on_epoch(history)
    history.diagnosis = diagnose_training(model, history, X_val)
    return model, history


def diagnose_training(model, history, X_val, *, n_classes=10):
    """Say in plain words when a training run diverged or collapsed, and why.

    Introduced in chapter 8 (the trainer widget). A too large learning rate breaks
    training in one of three ways, checked in this order:

    - **diverged**: the loss became NaN or infinite (``history.diverged``);
    - **collapsed**: half or more of the first hidden layer's ReLU units are dead,
      i.e. output 0 for every validation image (or the outputs are the same for
      every image): the network can hardly tell the digits apart;
    - **unstable**: the training loss of some epoch rose above ``1.25 * ln(C)``, the
      loss of guessing among ``C`` classes, or ended above where it started.

    Args:
        model: a trained ``Sequential`` whose layers 0 and 1 are ``Dense`` and ``ReLU``.
        history: its ``History`` (with ``diverged`` as ``train_mnist_mlp`` sets it).
        X_val: validation images, (n, features).
        n_classes: the number of classes C.

    Returns:
        A sentence, or ``""`` when nothing went wrong.
    """
    guess = float(np.log(n_classes))
    if getattr(history, "diverged", False):
        return (f"diverged: the loss became NaN or infinite after {len(history.loss)} "
                f"finished epochs. Each step overshot the minimum further than the last, "
                f"until the numbers overflowed: the learning rate is too large.")
    losses = np.asarray(history.loss, dtype=float)
    jumped = losses.size and losses.max() > 1.25 * guess
    hidden = model[1].forward(model[0].forward(X_val))
    dead = int(np.count_nonzero(hidden.max(axis=0) <= 0))
    width = hidden.shape[1]
    out = model.forward(X_val)
    same_answer = float(np.ptp(out, axis=0).max()) < 1e-3
    if same_answer or dead >= width / 2:
        what = ("it gives the same answer for every digit" if same_answer or dead == width
                else "it can hardly tell the digits apart")
        size = (f" (the loss jumped to {losses.max():.2f}, above the {guess:.2f} of "
                f"guessing)" if jumped else "")
        return (f"collapsed: {dead} of {width} hidden units are dead (they output 0 for "
                f"every validation image), so {what}. The first steps were so large{size} "
                f"that they pushed these ReLUs below 0 for every input; a dead ReLU passes "
                f"back no gradient, so it never recovers. Use a smaller learning rate.")
    if jumped or (losses.size and losses[-1] > losses[0]):
        return (f"unstable: the training loss rose to {losses.max():.2f}, above the "
                f"{guess:.2f} of guessing one of {n_classes} classes. The steps overshoot; "
                f"a smaller learning rate would learn more.")
    return ""


RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.5, 1.0, 2.0, 4.0)


def mnist_trainer(X, y, X_val, y_val, *, n_hidden=128, lr=0.1, batch_size=100, epochs=5,
                  seed=0, runs=None, figsize=(5, 3.5)):
    """Sliders for the hyper-parameters, a Train button, a progress bar, a live curve.

    Introduced in chapter 8. Pressing Train builds a fresh 784-n_hidden-10 network
    (``train_mnist_mlp``) and trains it; after every epoch the progress bar moves
    and the loss curve (``plots.draw_loss_curve``) is redrawn. Training runs in the
    kernel, so it needs one (Binder or Colab). ``runs`` are trainings done
    beforehand with the starting settings, one per learning rate: their curves are
    stored, so the learning-rate slider works in the built book with no kernel.

    Args:
        X, y, X_val, y_val: training and validation data, as for ``train_mnist_mlp``.
        n_hidden, lr, batch_size, epochs: where the controls start.
        seed: every press of Train starts from this seed, so the same settings give
            the same curve.
        runs: dict learning rate -> ``History`` of ``train_mnist_mlp`` with the
            starting settings and ``seed``; its keys are the learning-rate slider's
            positions (default: ``RATES``, with no stored runs).
        figsize: size of the picture in inches.

    Returns:
        An ipywidgets ``VBox``: controls, button and progress bar, status, picture.
    """
    import ipywidgets as widgets

    from nncourse.plots import draw_loss_curve
    from nncourse.widgets.core import choice_slider, stored_figure

    style = {"description_width": "initial"}
    rates = sorted(runs) if runs else list(RATES)
    # Every finished (or running) training, by its settings; the picture shows the
    # one that matches the controls, or an empty plot that asks for Train.
    trained = {(lr_, n_hidden, batch_size, epochs): h for lr_, h in (runs or {}).items()}
    controls = {
        "n_hidden": widgets.SelectionSlider(
            options=[16, 32, 64, 128, 256, 512], value=n_hidden,
            description="hidden units", style=style),
        "lr": choice_slider("learning rate", rates, lr, "g"),
        "batch_size": widgets.SelectionSlider(
            options=[10, 20, 50, 100, 200, 500, 1000], value=batch_size,
            description="batch size", style=style),
        "epochs": widgets.IntSlider(value=epochs, min=1, max=20, description="epochs",
                                    style=style),
    }
    button = widgets.Button(description="Train")  # default style: readable contrast
    bar = widgets.IntProgress(value=0, min=0, max=epochs, description="epochs done",
                              style=style)
    status = widgets.HTML(value="Choose the settings, then press Train.")
    if runs and lr in runs and getattr(runs[lr], "diagnosis", ""):
        status.value = f"Training {runs[lr].diagnosis}"

    def draw(ax, n_hidden, lr, batch_size, epochs):
        history = trained.get((lr, n_hidden, batch_size, epochs))
        if history is None:
            draw_loss_curve([], None, ax, epochs=epochs,
                            title=f"lr = {lr:g}: not trained yet")
        elif getattr(history, "diagnosis", ""):
            verdict = history.diagnosis.split(":")[0]   # diverged, collapsed, unstable
            draw_loss_curve(history.loss, history.val_loss, ax, epochs=epochs,
                            title=f"lr = {lr:g}: {verdict} after "
                                  f"{len(history.loss)} epochs",
                            note=history.diagnosis)
        else:
            val_acc = history.val_accuracy[-1] if history.val_accuracy else None
            draw_loss_curve(history.loss, history.val_loss, ax, epochs=epochs,
                            val_accuracy=val_acc, title=f"lr = {lr:g}")

    def describe(n_hidden, lr, batch_size, epochs):
        history = trained.get((lr, n_hidden, batch_size, epochs))
        settings = (f"{n_hidden} hidden units, learning rate {lr:g}, batch size "
                    f"{batch_size}")
        if history is None:
            return f"An empty loss plot for {settings}: not trained yet."
        done = f"Loss per epoch after {len(history.loss)} of {epochs} epochs, {settings}"
        if history.val_accuracy:
            done += f", validation accuracy {history.val_accuracy[-1]:.4f}"
        if getattr(history, "diagnosis", ""):
            return done + ". Training " + history.diagnosis
        return done + "."

    box = stored_figure(draw, controls, figsize, alt=describe, static=["lr"],
                        rows=[["n_hidden", "lr"], ["batch_size", "epochs"]],
                        extras=[widgets.HBox([button, bar]), status])

    def train(_button):
        values = {name: control.value for name, control in controls.items()}
        key = (values["lr"], values["n_hidden"], values["batch_size"], values["epochs"])
        button.disabled = True
        bar.max, bar.value = values["epochs"], 0
        status.value = "Training..."

        def on_epoch(history):
            bar.value = len(history.loss)
            trained[key] = history
            box.refresh()

        try:
            _, history = train_mnist_mlp(X, y, X_val, y_val, rng=seed,
                                         on_epoch=on_epoch, **values)
            trained[key] = history
            box.refresh()
            accuracy = (f"validation accuracy {history.val_accuracy[-1]:.4f}"
                        if history.val_accuracy else "no finished epoch")
            if history.diagnosis:
                status.value = f"Done, {accuracy}. Training {history.diagnosis}"
            else:
                status.value = f"Done: {accuracy}."
        finally:
            button.disabled = False

    button.on_click(train)
    box.button, box.bar, box.status = button, bar, status
    return box
