"""``Sequential``: a network as an ordered list of layers, and its training loop.

Introduced in chapter 3 (forward), chapter 7 (backward) and chapter 8 (``fit``).
"""

from __future__ import annotations

import time

import numpy as np

from nncourse._validation import (as_float_array, as_rng, check_2d, check_finite,
                                  check_same_length)
from nncourse.activations import softmax
from nncourse.callbacks import History, _epoch_summary, _progress_bar
from nncourse.layers import Conv2D, Dense, Layer, Sigmoid, Softmax
from nncourse.layers.recurrent import _Recurrent
from nncourse.losses import BinaryCrossEntropy
from nncourse.optim import clip_grad_norm

__all__ = ["Sequential", "History", "TrainingDivergedError", "accuracy"]

# What a batch looks like, for each number of axes a first layer may ask for.
_LAYOUTS = {3: "sequences of shape (batch, time, features)",
            4: "input of shape (batch, channels, height, width)"}

_INNER_BAR_MIN_BATCHES = 10  # below this an epoch is too quick for its own bar


class TrainingDivergedError(FloatingPointError, ValueError):
    """The loss became NaN or infinite during ``fit`` (usually: learning rate too large).

    It is both a ``FloatingPointError`` and a ``ValueError``, so either can catch it.
    """


def accuracy(output, y, loss=None) -> float:
    """Fraction of correct predictions; NaN when the task is not classification.

    output: (batch, outputs) as returned by ``Sequential.forward``. y: labels (batch,)
    or targets (batch, outputs). With more than one output the predicted class is the
    argmax (``y`` may be labels or one-hot); with one output the prediction is
    ``output >= 0.5`` (``>= 0`` for ``BinaryCrossEntropy(from_logits=True)``) and
    counts only if the targets are 0 or 1.
    """
    output, y = np.asarray(output), np.asarray(y)
    if output.ndim == 2 and output.shape[1] > 1 and not isinstance(loss, BinaryCrossEntropy):
        if y.ndim == 2:
            if not np.all((y == 0) | (y == 1)):
                return float("nan")  # regression targets
            y = y.argmax(axis=1)
        return float(np.count_nonzero(output.argmax(axis=1) == y)) / len(y)
    y = y.reshape(output.shape)
    if not np.all((y == 0) | (y == 1)):
        return float("nan")  # regression targets: accuracy has no meaning
    threshold = 0.0 if getattr(loss, "from_logits", False) else 0.5
    return float(np.mean((output >= threshold) == (y == 1)))


class Sequential:
    """A network: layers applied one after the other. Introduced in chapter 3.

    ``Sequential([Dense(2, 4), Tanh(), Dense(4, 1), Sigmoid()])`` or, the same,
    ``Sequential(Dense(2, 4), Tanh(), Dense(4, 1), Sigmoid())``.
    """

    def __init__(self, *layers):
        if len(layers) == 1 and not isinstance(layers[0], Layer):
            layers = tuple(layers[0])
        for layer in layers:
            if not isinstance(layer, Layer):
                raise ValueError(f"Sequential expected layers, got {type(layer).__name__}")
        self.layers: list[Layer] = list(layers)

    # -- structure -------------------------------------------------------------------
    @property
    def params(self) -> dict:
        """Every parameter, keyed ``"<layer index>.<name>"`` (e.g. ``"0.W"``)."""
        return {f"{i}.{k}": v for i, l in enumerate(self.layers) for k, v in l.params.items()}

    @property
    def grads(self) -> dict:
        """Every gradient, with the same keys as ``params``."""
        return {f"{i}.{k}": v for i, l in enumerate(self.layers) for k, v in l.grads.items()}

    @property
    def n_params(self) -> int:
        return sum(layer.n_params for layer in self.layers)

    @property
    def dtype(self):
        """The dtype of the first parameter (float64 for a model without any)."""
        for layer in self.layers:
            for p in layer.params.values():
                return p.dtype
        return np.dtype(np.float64)

    def _output_shape(self, in_shape: tuple) -> tuple:
        """Shape of one sample's output: set by the last Dense or recurrent layer
        (the other layers keep the shape)."""
        for layer in reversed(self.layers):
            if isinstance(layer, Dense):
                return (layer.out_features,)
            if isinstance(layer, _Recurrent):
                if layer.return_sequences:
                    return (in_shape[0], layer.hidden_size)
                return (layer.hidden_size,)
        return tuple(in_shape)

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __repr__(self):
        lines = [f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers)]
        return "Sequential(\n" + "\n".join(lines) + f"\n)  # {self.n_params} parameters"

    # -- forward and backward --------------------------------------------------------
    def _input(self, x, who="Sequential"):
        x = as_float_array(x, self.dtype, who=who)
        # The first layer says what a batch looks like (its ``input_ndim``):
        # (batch, features) for most layers, images for Conv2D and MaxPool2D,
        # sequences for RNN and LSTM.
        ndim = getattr(self.layers[0], "input_ndim", 2) if self.layers else 2
        if ndim != 2:
            if x.ndim != ndim:
                raise ValueError(f"{who} expected {_LAYOUTS[ndim]} for "
                                 f"{self.layers[0]!r}, got shape {x.shape}")
        else:
            check_2d(x, who=who)
        check_finite(x, who=who)
        return x

    def _forward(self, x, training):
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    def forward(self, x, training=False):
        """x: (batch, in_features), or (batch, channels, height, width) when the
        first layer is a ``Conv2D`` or ``MaxPool2D`` -> output of the last layer."""
        return self._forward(self._input(x), training)

    __call__ = forward

    def backward(self, grad, *, input_grad=True):
        """grad: dL/d(output) -> dL/d(input); fills every layer's ``grads``.

        With ``input_grad=False`` the first layer skips the input gradient (training
        never needs it) and None is returned.
        """
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            if i == 0 and not input_grad and isinstance(layer, (Dense, Conv2D, _Recurrent)):
                return layer.backward(grad, input_grad=False)
            grad = layer.backward(grad)
        return grad

    # -- using a trained model -------------------------------------------------------
    def predict_proba(self, x):
        """Class probabilities in evaluation mode: each row sums to 1 (or is P(class 1)).

        A model that ends in ``Softmax`` or ``Sigmoid`` already outputs probabilities:
        they come back as they are. A model that ends in logits with several outputs
        (``Dense``, trained with the fused ``SoftmaxCrossEntropy``) gets a stable
        softmax of them. x: (batch, in_features) -> (batch, classes), or (batch, 1)
        after a ``Sigmoid``. A single output without a sigmoid has no probability to
        give (regression, or a logit for ``BinaryCrossEntropy(from_logits=True)``):
        that raises ``ValueError``.
        """
        out = self.forward(x, training=False)
        last = self.layers[-1] if self.layers else None
        if isinstance(last, (Softmax, Sigmoid)):
            return out
        if out.ndim == 2 and out.shape[1] > 1:
            return softmax(out, axis=1)
        raise ValueError(
            f"predict_proba expected a classifier (a last layer Sigmoid or Softmax, or "
            f"several output logits), got one output after {last!r}: use predict for a "
            f"regression, or activations.sigmoid(model.forward(x)) for one logit")

    def predict(self, x):
        """Predictions in evaluation mode.

        More than one output: the class index (argmax), shape (batch,). One output
        after a ``Sigmoid``: 0 or 1 (``p >= 0.5``), shape (batch,). Otherwise (one
        output, no sigmoid: regression) the raw output, shape (batch, 1).
        """
        out = self.forward(x, training=False)
        if out.shape[1] > 1:
            return out.argmax(axis=1)
        if self.layers and isinstance(self.layers[-1], Sigmoid):
            return (out[:, 0] >= 0.5).astype(np.int64)
        return out

    def evaluate(self, x, y, loss):
        """Return ``(loss, accuracy)`` on ``x, y`` in evaluation mode.

        Accuracy is NaN for regression targets (see ``accuracy``).
        """
        x = self._input(x, who="evaluate")
        check_same_length(x, np.asarray(y), who="evaluate")
        out = self._forward(x, training=False)
        return loss.forward(out, y), accuracy(out, y, loss)

    # -- training ------------------------------------------------------------------
    def fit(self, x, y, *, loss, optimizer, epochs, batch_size, validation_data=None,
            rng=None, progress=True, verbose=False, clip_norm=None, lr_schedule=None,
            early_stopping=None, augment=None) -> History:
        """Train with mini-batch gradient descent; return the ``History``.

        Each epoch shuffles the samples with ``rng`` (a generator or an int seed:
        the same seeds give exactly the same training; None: a fresh unseeded
        generator), then for each batch runs forward (training mode), the loss,
        backward and ``optimizer.step``.

        x: (samples, in_features); images (samples, channels, height, width) for a
        network that starts with ``Conv2D``; sequences (samples, time, features) when
        the first layer is recurrent. Converted to the model's dtype. y: labels
        (samples,) or targets (samples, outputs), whatever ``loss`` takes.

        clip_norm: if given, the gradients of each batch are clipped to this global
            norm (``optim.clip_grad_norm``) before the optimiser's step; None (the
            default) leaves them alone.

        lr_schedule: a function of the epoch (0, 1, ...) returning the learning rate
            for that epoch (``nncourse.schedules``); ``fit`` sets ``optimizer.lr``
            from it before each epoch and records it in ``History.lr``.
        early_stopping: an ``EarlyStopping`` (``nncourse.callbacks``), checked after
            each epoch; it may end training early and, when training ends, restores
            the best epoch's weights (``History.best_epoch``).
        augment: a function ``augment(batch, rng) -> new batch`` of the same shape,
            applied to every training batch (``nncourse.augment.ImageAugmenter``);
            validation data is never augmented.

        progress: show a progress bar over epochs (and one over the batches of an
            epoch when it has 10 or more), in a terminal or a notebook.
        verbose: print one fixed-format line per epoch. With both off nothing is
            printed.
        """
        x = self._input(x, who="fit")
        y = np.asarray(y)
        check_same_length(x, y, who="fit")
        loss.check_target(y, (len(x),) + self._output_shape(x.shape[1:]), x.dtype)
        if clip_norm is not None and not float(clip_norm) > 0:
            raise ValueError(f"fit expected clip_norm > 0 or None, got {clip_norm}")
        epochs, batch_size = int(epochs), int(batch_size)
        if epochs < 0 or batch_size < 1:
            raise ValueError(f"fit expected epochs >= 0 and batch_size >= 1, "
                             f"got epochs={epochs} and batch_size={batch_size}")
        if validation_data is not None:
            x_val, y_val = validation_data
            x_val = self._input(x_val, who="fit (validation data)")
            check_same_length(x_val, np.asarray(y_val), who="fit (validation data)")
        _check_fit_extras(lr_schedule, early_stopping, augment, validation_data)
        rng = as_rng(rng)
        n = len(x)
        # One reusable buffer for the shuffled batch: no new array per batch.
        x_batch = np.empty((min(batch_size, n),) + x.shape[1:], dtype=x.dtype)
        history = History()
        bar = _progress_bar(progress, epochs, "epoch", leave=True)
        try:
            if early_stopping is not None:
                early_stopping.reset()
            for epoch in range(1, epochs + 1):
                start = time.perf_counter()
                if lr_schedule is not None:
                    optimizer.lr = _scheduled_lr(lr_schedule, epoch - 1)
                    history.lr.append(optimizer.lr)
                epoch_loss, epoch_acc = self._train_epoch(
                    x, y, x_batch, rng.permutation(n), loss, optimizer, batch_size,
                    epoch, epochs, progress, clip_norm, augment, rng)
                history.loss.append(epoch_loss)
                history.accuracy.append(epoch_acc)
                if validation_data is not None:
                    val_loss, val_acc = self.evaluate(x_val, y_val, loss)
                    history.val_loss.append(val_loss)
                    history.val_accuracy.append(val_acc)
                history.time.append(time.perf_counter() - start)
                if bar is not None:
                    bar.set_postfix_str(_epoch_summary(history), refresh=False)
                    bar.update(1)
                if verbose:
                    line = f"Epoch {epoch}/{epochs}: {_epoch_summary(history)}"
                    if bar is not None:
                        bar.write(line)
                    else:
                        print(line)
                if early_stopping is not None and early_stopping.update(
                        epoch, getattr(history, early_stopping.monitor)[-1], self):
                    break
        finally:
            if early_stopping is not None:
                early_stopping.restore(self)
                history.best_epoch = early_stopping.best_epoch
            if bar is not None:
                bar.close()
        return history

    def _train_epoch(self, x, y, x_batch, order, loss, optimizer, batch_size, epoch,
                     epochs, progress, clip_norm=None, augment=None, rng=None):
        """One pass over the data in the given order; returns (mean loss, accuracy)."""
        n = len(order)
        n_batches = -(-n // batch_size)
        inner = None
        if progress and n_batches >= _INNER_BAR_MIN_BATCHES:
            inner = _progress_bar(True, n_batches, "batch", leave=False,
                                  desc=f"epoch {epoch}/{epochs}")
        total_loss = correct = 0.0
        try:
            # A diverging run overflows somewhere; instead of NumPy's warnings the
            # learner gets one clear error naming the learning rate (below).
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                for b in range(n_batches):
                    idx = order[b * batch_size:(b + 1) * batch_size]
                    # mode="clip": the indices are valid, and "raise" would copy twice
                    xb = np.take(x, idx, axis=0, out=x_batch[:len(idx)], mode="clip")
                    yb = y[idx]
                    if augment is not None:
                        xb = _augmented(augment, xb, rng)
                    out = self._forward(xb, training=True)
                    batch_loss = loss.forward(out, yb)
                    if not np.isfinite(batch_loss):
                        _diverged(batch_loss, epoch, b + 1, optimizer)
                    self.backward(loss.backward(), input_grad=False)
                    if clip_norm is not None:
                        clip_grad_norm(self, clip_norm)
                    optimizer.step(self)
                    total_loss += batch_loss * len(idx)
                    correct += accuracy(out, yb, loss) * len(idx)
                    if inner is not None:
                        inner.update(1)
            if not all(np.isfinite(p).all() for p in self.params.values()):
                _diverged("inf", epoch, n_batches, optimizer, what="a parameter")
        finally:
            if inner is not None:
                inner.close()
        return float(total_loss) / n, float(correct) / n

    def summary(self) -> str:
        """A table of layers, output widths and parameter counts."""
        rows = [("layer", "parameters")]
        rows += [(f"({i}) {layer!r}", str(layer.n_params))
                 for i, layer in enumerate(self.layers)]
        rows.append(("total", str(self.n_params)))
        width = max(len(r[0]) for r in rows)
        return "\n".join(f"{a:<{width}}  {b:>10}" for a, b in rows)


def _diverged(value, epoch, batch, optimizer, what="the loss"):
    raise TrainingDivergedError(
        f"{what[0].upper() + what[1:]} became {value} at epoch {epoch}, batch {batch}: "
        f"the learning rate {getattr(optimizer, 'lr', '?')} is probably too large; "
        f"try a smaller one."
    )




def _check_fit_extras(lr_schedule, early_stopping, augment, validation_data):
    """Chapter 9's arguments of ``fit``: raise before any training if one is wrong."""
    from nncourse.callbacks import EarlyStopping

    if lr_schedule is not None and not callable(lr_schedule):
        raise ValueError(f"fit expected lr_schedule to be a function of the epoch or "
                         f"None, got {type(lr_schedule).__name__}")
    if augment is not None and not callable(augment):
        raise ValueError(f"fit expected augment to be a function (batch, rng) -> batch "
                         f"or None, got {type(augment).__name__}")
    if early_stopping is not None:
        if not isinstance(early_stopping, EarlyStopping):
            raise ValueError(f"fit expected early_stopping to be an EarlyStopping or "
                             f"None, got {type(early_stopping).__name__}")
        if early_stopping.monitor.startswith("val_") and validation_data is None:
            raise ValueError(f"fit expected validation_data for early stopping on "
                             f"{early_stopping.monitor!r}, got None")


def _scheduled_lr(lr_schedule, epoch) -> float:
    lr = float(lr_schedule(epoch))
    if not lr > 0:
        raise ValueError(f"fit expected lr_schedule to return a learning rate > 0, "
                         f"got {lr} at epoch {epoch}")
    return lr


def _augmented(augment, xb, rng):
    out = augment(xb, rng)
    if not isinstance(out, np.ndarray) or out.shape != xb.shape:
        raise ValueError(f"fit expected augment to return an array of shape "
                         f"{xb.shape}, got {getattr(out, 'shape', type(out).__name__)}")
    return out if out.dtype == xb.dtype else out.astype(xb.dtype)
