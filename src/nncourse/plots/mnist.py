"""The figures of chapter 8, MNIST: digits, training curves, confusion matrix, weights.

Each function draws on the ``Axes`` it is given (a new figure when None) and
returns it. Images are tiled into one picture drawn with a single ``imshow``, so
a grid of a hundred digits draws as fast as one.
"""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = ["draw_digits", "draw_history", "draw_loss_curve", "draw_confusion_matrix",
           "draw_weight_images"]


def _as_images(images, who):
    """(n, 28, 28) or (n, 784) -> (n, side, side) floats; raises on other shapes."""
    images = np.asarray(images)
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"{who} expected square images, (n, 28, 28) or (n, 784), "
                             f"got shape {images.shape}")
        images = images.reshape(len(images), side, side)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"{who} expected a non-empty stack of images, (n, 28, 28) or "
                         f"(n, 784), got shape {images.shape}")
    return images.astype(float)


def _mosaic(tiles, n_cols, pad=2, fill=np.nan):
    """Tile (n, h, w) images into one (rows*(h+pad)-pad, cols*(w+pad)-pad) array."""
    n, h, w = tiles.shape
    n_cols = max(1, min(int(n_cols), n))
    n_rows = -(-n // n_cols)
    out = np.full((n_rows * (h + pad) - pad, n_cols * (w + pad) - pad), fill)
    for k in range(n):
        r, c = divmod(k, n_cols)
        out[r * (h + pad):r * (h + pad) + h, c * (w + pad):c * (w + pad) + w] = tiles[k]
    return out, n_rows, n_cols


def draw_digits(images, labels=None, ax=None, *, predicted=None, n_cols=10,
                title="Handwritten digits"):
    """Draw a grid of digits, each with its label (and the prediction, if given).

    Introduced in chapter 8.

    Args:
        images: (n, 28, 28) or (n, 784) grey levels (uint8 0..255 or floats in [0, 1]).
        labels: (n,) the true classes, written above each digit; None for none.
        ax: the Axes to draw on (a new figure when None).
        predicted: (n,) predicted classes; a digit whose prediction differs from its
            label is captioned "label→prediction" in red.
        n_cols: digits per row.
        title: the title of the Axes.

    Returns:
        The Axes.
    """
    tiles = _as_images(images, "draw_digits")
    tiles = tiles / max(float(tiles.max()), 1e-12)  # uint8 or [0, 1]: same picture
    n = len(tiles)
    for name, values in (("labels", labels), ("predicted", predicted)):
        if values is not None and len(values) != n:
            raise ValueError(f"draw_digits expected {n} {name}, one per image, "
                             f"got {len(values)}")
    side = tiles.shape[1]
    pad = 9  # room for the caption above each digit
    picture, n_rows, n_cols = _mosaic(tiles, n_cols, pad=pad, fill=0.0)
    picture = np.vstack([np.zeros((pad, picture.shape[1])), picture])
    ax = axes_or_new(ax, figsize=(min(9, 0.6 * n_cols + 0.5), 0.7 * n_rows + 0.6))
    ax.imshow(picture, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    for k in range(n):
        r, c = divmod(k, n_cols)
        x = c * (side + pad) + side / 2
        y = r * (side + pad) + pad - 1
        if labels is None and predicted is None:
            continue
        if predicted is None:
            text, colour = f"{int(labels[k])}", "black"
        elif labels is None:
            text, colour = f"{int(predicted[k])}", "black"
        elif int(predicted[k]) == int(labels[k]):
            text, colour = f"{int(labels[k])}", "black"
        else:
            text, colour = f"{int(labels[k])}→{int(predicted[k])}", "tab:red"
        ax.text(x, y, text, ha="center", va="bottom", fontsize=8, color=colour)
    ax.set_xticks([])
    ax.set_yticks([])
    if predicted is not None and labels is not None:
        ax.set_xlabel("caption: true label→predicted label (red: a mistake)")
    elif labels is not None:
        ax.set_xlabel("caption: the label of each image")
    ax.set_title(title)
    return ax


def draw_history(history, ax=None, *, metric="loss", title=None):
    """Draw one metric per epoch for training and, if recorded, validation data.

    Introduced in chapter 8.

    Args:
        history: a ``History`` from ``Sequential.fit`` (or a dict with the same keys).
        ax: the Axes to draw on (a new figure when None).
        metric: "loss" or "accuracy".
        title: the title (default: the metric's name).

    Returns:
        The Axes.
    """
    if metric not in ("loss", "accuracy"):
        raise ValueError(f'draw_history expected metric "loss" or "accuracy", '
                         f"got {metric!r}")
    get = history.get if isinstance(history, dict) else (
        lambda key, default=(): getattr(history, key, default))
    train, val = list(get(metric, [])), list(get(f"val_{metric}", []))
    ax = axes_or_new(ax)
    epochs = np.arange(1, len(train) + 1)
    ax.plot(epochs, train, "o-", markersize=3, label="training (during the epoch)")
    if val:
        ax.plot(np.arange(1, len(val) + 1), val, "s-", markersize=3,
                label="validation (after the epoch)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss" if metric == "loss" else "accuracy")
    default = "Loss per epoch" if metric == "loss" else "Accuracy per epoch"
    ax.set_title(title or default)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax


def draw_loss_curve(loss, val_loss=None, ax=None, *, epochs=None, val_accuracy=None,
                    title=None, note=None):
    """Draw a loss curve that may still be growing: the training widget's picture.

    Introduced in chapter 8.

    Args:
        loss: the training loss of each finished epoch (may be empty).
        val_loss: the validation loss of each finished epoch, or None.
        ax: the Axes to draw on (a new figure when None).
        epochs: the x axis runs from 1 to ``epochs`` (default: the epochs so far),
            so that a curve drawn after each epoch grows into a fixed frame.
        val_accuracy: the last validation accuracy, shown in the title if given.
        title: the title (default: the epochs done and the accuracy).
        note: a sentence written in a box inside the plot (e.g. why training
            collapsed), or None.

    Returns:
        The Axes.
    """
    loss = np.asarray(loss, dtype=float)
    val_loss = None if val_loss is None else np.asarray(val_loss, dtype=float)
    ax = axes_or_new(ax)
    total = max(int(epochs or 0), len(loss), 1)
    if len(loss):
        ax.plot(np.arange(1, len(loss) + 1), loss, "o-", markersize=3, label="training")
    if val_loss is not None and len(val_loss):
        ax.plot(np.arange(1, len(val_loss) + 1), val_loss, "s-", markersize=3,
                label="validation")
    ax.set_xlim(0.5, total + 0.5)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    finite = np.concatenate([loss, val_loss if val_loss is not None else []])
    finite = finite[np.isfinite(finite)]
    ax.set_ylim(0, max(0.5, 1.1 * float(finite.max())) if finite.size else 2.5)
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    if title is None:
        title = f"{len(loss)} of {total} epochs"
        if val_accuracy is not None:
            title += f", validation accuracy {val_accuracy:.4f}"
    ax.set_title(title)
    if len(loss):
        ax.legend(fontsize="small", loc="upper right")
    else:
        ax.text(0.5, 0.5, "press Train", transform=ax.transAxes, ha="center",
                va="center", color="0.5")
    if note:
        import textwrap

        ax.text(0.03, 0.04, textwrap.fill(note, 62), transform=ax.transAxes,
                fontsize="x-small", va="bottom", ha="left",
                bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.9,
                      "edgecolor": "tab:red"})
    ax.grid(alpha=0.3)
    return ax


def draw_confusion_matrix(matrix, ax=None, *, title="Confusion matrix"):
    """Draw a confusion matrix with the count in every non-empty cell.

    Introduced in chapter 8.

    Args:
        matrix: (n_classes, n_classes) counts; row = true class, column = predicted.
        ax: the Axes to draw on (a new figure when None).
        title: the title of the Axes.

    Returns:
        The Axes.
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"draw_confusion_matrix expected a square matrix, got shape "
                         f"{matrix.shape}")
    n = matrix.shape[0]
    ax = axes_or_new(ax, figsize=(5, 4.5))
    # The colour is the share of the true class's row, so that the few mistakes show.
    share = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    ax.imshow(np.sqrt(share), cmap="Blues", vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            if matrix[i, j]:
                ax.text(j, i, f"{int(matrix[i, j])}", ha="center", va="center",
                        fontsize=7, color="white" if share[i, j] > 0.5 else
                        ("tab:red" if i != j else "black"))
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    return ax


def draw_weight_images(W, ax=None, *, n=32, n_cols=8, title="First-layer weights"):
    """Draw the first ``n`` columns of a first-layer weight matrix as images.

    Introduced in chapter 8. Column ``j`` of ``W`` holds the 784 weights of hidden
    unit ``j``, one per pixel. Each image is scaled to its own largest ``|w|``: red
    pixels push the unit up, blue ones down, white ones do not matter.

    Args:
        W: (784, n_hidden) weights of a ``Dense(784, n_hidden)``.
        ax: the Axes to draw on (a new figure when None).
        n: how many hidden units to show.
        n_cols: images per row.
        title: the title of the Axes.

    Returns:
        The Axes.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"draw_weight_images expected W of shape (784, n_hidden), "
                         f"got shape {W.shape}")
    tiles = _as_images(W[:, :n].T, "draw_weight_images")
    scale = np.abs(tiles).max(axis=(1, 2), keepdims=True)
    tiles = tiles / np.maximum(scale, 1e-12)
    picture, n_rows, n_cols = _mosaic(tiles, n_cols, pad=2, fill=np.nan)
    ax = axes_or_new(ax, figsize=(0.8 * n_cols, 0.8 * n_rows + 0.5))
    ax.set_facecolor("0.3")  # the gaps between the images
    ax.imshow(picture, cmap="RdBu_r", vmin=-1, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("one image per hidden unit (red: positive weight, blue: negative)")
    ax.set_title(title)
    return ax
