"""Learning-rate schedules: the learning rate as a function of the epoch.

Introduced in chapter 10 (``cosine_lr``); chapter 9 adds ``step_lr``, ``warmup_lr``
and ``warmup_cosine_lr``. Each is a plain function of the epoch (counted from 0).
Either set ``optimizer.lr`` from a schedule before each epoch, or give ``fit`` a
function of the epoch, ``fit(..., lr_schedule=lambda e: cosine_lr(e, 30, 1e-3))``;
the optimiser keeps its state (momentum, Adam's moments) from one epoch to the next.
"""

from __future__ import annotations

import math

__all__ = ["cosine_lr", "step_lr", "warmup_lr", "warmup_cosine_lr"]


def _check_lr(who, lr_max, lr_min=0.0):
    if not lr_max > 0 or not 0 <= lr_min <= lr_max:
        raise ValueError(f"{who} expected lr_max > 0 and 0 <= lr_min <= lr_max, "
                         f"got lr_max={lr_max} and lr_min={lr_min}")


def _check_epoch(who, epoch):
    if not isinstance(epoch, (int, float)) or epoch < 0:
        raise ValueError(f"{who} expected an epoch >= 0, got {epoch!r}")


def cosine_lr(epoch, epochs, lr_max, lr_min=0.0) -> float:
    """Cosine decay from ``lr_max`` (epoch 0) towards ``lr_min`` (epoch ``epochs``).

    ``lr = lr_min + (lr_max - lr_min) * (1 + cos(pi * epoch / epochs)) / 2``: it
    starts flat, falls fastest halfway, and ends flat, so the last epochs take small
    careful steps. ``epoch`` counts from 0 to ``epochs - 1``.
    """
    epochs = int(epochs)
    if epochs < 1 or not 0 <= epoch <= epochs:
        raise ValueError(f"cosine_lr expected epochs >= 1 and 0 <= epoch <= epochs, "
                         f"got epoch={epoch} and epochs={epochs}")
    _check_lr("cosine_lr", lr_max, lr_min)
    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * epoch / epochs)) / 2


def step_lr(epoch, lr_max, step_size, gamma=0.1) -> float:
    """Step decay: ``lr_max`` multiplied by ``gamma`` every ``step_size`` epochs.

    ``lr = lr_max * gamma ** (epoch // step_size)``; e.g. with ``step_size=10`` and
    ``gamma=0.1`` epochs 0-9 use ``lr_max``, epochs 10-19 a tenth of it.
    """
    _check_epoch("step_lr", epoch)
    _check_lr("step_lr", lr_max)
    if int(step_size) != step_size or step_size < 1 or not 0 < gamma <= 1:
        raise ValueError(f"step_lr expected an int step_size >= 1 and 0 < gamma <= 1, "
                         f"got step_size={step_size!r} and gamma={gamma}")
    return lr_max * gamma ** (int(epoch) // int(step_size))


def warmup_lr(epoch, warmup, lr_max) -> float:
    """Linear warm-up: ``lr_max * (epoch + 1) / warmup`` for the first ``warmup``
    epochs, then ``lr_max``. The first epochs take small steps while Adam's moment
    estimates and the first layers' statistics settle."""
    _check_epoch("warmup_lr", epoch)
    _check_lr("warmup_lr", lr_max)
    if int(warmup) != warmup or warmup < 0:
        raise ValueError(f"warmup_lr expected an int warmup >= 0, got {warmup!r}")
    if epoch < warmup:
        return lr_max * (epoch + 1) / warmup
    return float(lr_max)


def warmup_cosine_lr(epoch, epochs, lr_max, warmup=0, lr_min=0.0) -> float:
    """Linear warm-up for ``warmup`` epochs, then cosine decay over the rest.

    Epochs ``0 .. warmup - 1`` rise linearly to ``lr_max``; epochs ``warmup ..
    epochs - 1`` follow ``cosine_lr`` over ``epochs - warmup`` epochs.
    """
    if int(warmup) != warmup or not 0 <= warmup < int(epochs):
        raise ValueError(f"warmup_cosine_lr expected an int 0 <= warmup < epochs, "
                         f"got warmup={warmup!r} and epochs={epochs}")
    if epoch < warmup:
        return warmup_lr(epoch, warmup, lr_max)
    return cosine_lr(epoch - warmup, int(epochs) - int(warmup), lr_max, lr_min)
