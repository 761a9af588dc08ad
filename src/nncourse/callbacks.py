"""What ``fit`` records and what can stop it: ``History`` and ``EarlyStopping``.

``History`` was introduced in chapter 8 (it lived in ``nncourse.model``, which still
exports it); ``EarlyStopping`` in chapter 9.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["History", "EarlyStopping"]


@dataclass
class History:
    """What ``fit`` records, one entry per epoch.

    ``loss`` and ``accuracy`` are averaged over the epoch's training batches (in
    training mode); ``val_loss`` and ``val_accuracy`` are measured after the epoch in
    evaluation mode, and stay empty without validation data. ``time`` holds the
    seconds each epoch took (not shown by ``repr``: it changes from run to run).
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    time: list = field(default_factory=list, repr=False)
    lr: list = field(default_factory=list, repr=False)  # per epoch, with lr_schedule
    best_epoch: int | None = None  # set by early stopping: the epoch whose weights won

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def __len__(self):
        return self.epochs

    def as_dict(self) -> dict:
        return {"loss": list(self.loss), "accuracy": list(self.accuracy),
                "val_loss": list(self.val_loss), "val_accuracy": list(self.val_accuracy)}

    def __repr__(self):
        parts = [f"epochs={self.epochs}"]
        for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
            values = getattr(self, name)
            if values and not all(np.isnan(v) for v in values):
                parts.append(f"{name} {values[0]:.4f} → {values[-1]:.4f}")
        return f"History({', '.join(parts)})"


class EarlyStopping:
    """Stop training when a validation metric has not improved for ``patience`` epochs.

    Introduced in chapter 9. ``monitor`` is ``"val_loss"`` (lower is better) or
    ``"val_accuracy"`` (higher is better); an epoch counts as an improvement when it
    beats the best so far by more than ``min_delta``. With ``restore_best=True`` the
    model gets back the weights (and batch-norm running statistics) of its best
    epoch when training stops or ends. Give it to ``fit(..., early_stopping=...)``,
    which needs ``validation_data`` for it.
    """

    _MODES = {"val_loss": "min", "val_accuracy": "max", "loss": "min", "accuracy": "max"}

    def __init__(self, monitor="val_loss", patience=5, min_delta=0.0, restore_best=True):
        if monitor not in self._MODES:
            raise ValueError(f"EarlyStopping expected monitor to be one of "
                             f"{sorted(self._MODES)}, got {monitor!r}")
        if int(patience) != patience or patience < 1:
            raise ValueError(f"EarlyStopping expected an int patience >= 1, got {patience!r}")
        if not min_delta >= 0:
            raise ValueError(f"EarlyStopping expected min_delta >= 0, got {min_delta}")
        self.monitor, self.patience = monitor, int(patience)
        self.min_delta, self.restore_best = float(min_delta), bool(restore_best)
        self.reset()

    def reset(self) -> None:
        """Forget the best value and weights (``fit`` calls this when it starts)."""
        self.best, self.best_epoch, self.wait, self._weights = None, None, 0, None

    def _improved(self, value) -> bool:
        if self.best is None:
            return not np.isnan(value)
        if self._MODES[self.monitor] == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def update(self, epoch, value, model) -> bool:
        """Record one epoch's metric; return True when training should stop."""
        if self._improved(value):
            self.best, self.best_epoch, self.wait = float(value), int(epoch), 0
            if self.restore_best:
                self._weights = _snapshot(model)
            return False
        self.wait += 1
        return self.wait >= self.patience

    def restore(self, model) -> None:
        """Copy the best epoch's weights back into ``model`` (in place)."""
        if self.restore_best and self._weights is not None:
            for target, saved in zip(_arrays(model), self._weights):
                target[...] = saved

    def __repr__(self):
        return (f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, "
                f"min_delta={self.min_delta}, restore_best={self.restore_best})")


def _arrays(model):
    """Every parameter and buffer (batch norm's running statistics) of ``model``."""
    for layer in model.layers:
        yield from layer.params.values()
        yield from getattr(layer, "buffers", {}).values()


def _snapshot(model):
    return [a.copy() for a in _arrays(model)]


def _epoch_summary(history: History) -> str:
    """``loss 0.1234, accuracy 0.9500`` (and the validation pair if present)."""
    parts = []
    for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
        values = getattr(history, name)
        if values and not np.isnan(values[-1]):
            parts.append(f"{name} {values[-1]:.4f}")
    return ", ".join(parts)


def _progress_bar(enabled, total, unit, *, leave, desc=None):
    """A tqdm bar that suits a terminal or a notebook; imported only when needed."""
    if not enabled:
        return None
    from tqdm.auto import tqdm  # lazy: keeps `import nncourse` light

    return tqdm(total=total, unit=unit, leave=leave, desc=desc)
