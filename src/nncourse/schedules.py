"""Learning-rate schedules: the learning rate as a function of the epoch.

Introduced in chapter 10. Set ``optimizer.lr`` from a schedule before each epoch;
the optimiser keeps its state (momentum, Adam's moments) from one epoch to the next.
"""

from __future__ import annotations

import math

__all__ = ["cosine_lr"]


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
    if not lr_max > 0 or not 0 <= lr_min <= lr_max:
        raise ValueError(f"cosine_lr expected lr_max > 0 and 0 <= lr_min <= lr_max, "
                         f"got lr_max={lr_max} and lr_min={lr_min}")
    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * epoch / epochs)) / 2
