"""The widget of chapter 7: step through the training of a small network."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["training_explorer"]


def training_explorer(predictors, X, y, losses, *, resolution=60):
    """A slider over training steps showing decision regions and the loss so far.

    Introduced in chapter 7. Training happens before, in the notebook; the widget
    only shows the snapshots it recorded, so moving the slider never retrains; a
    picture is stored per snapshot, so the slider works with no kernel.

    Args:
        predictors: dict step -> ``predict`` function of the network after that
            many steps (inputs (n, 2) -> probability of class 1, (n,)); its keys,
            in order, are the slider's positions.
        X: (n, 2) the training inputs; y: (n,) their labels, 0 or 1.
        losses: the loss before each step; must reach the largest step.
        resolution: grid points per axis of the decision regions.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_training_snapshot

    steps = sorted(predictors)
    if not steps:
        raise ValueError("training_explorer needs at least one snapshot, got none.")
    if steps[-1] >= len(losses):
        raise ValueError(f"training_explorer: the last snapshot is at step {steps[-1]} "
                         f"but the losses stop at step {len(losses) - 1}.")
    control = choice_slider("training step", steps, steps[0], "d")
    return stored_figure(
        lambda ax, step: draw_training_snapshot(predictors[step], X, y, losses, step,
                                                ax, resolution=resolution),
        {"step": control},
        figsize=(7, 3),
        alt=lambda step: f"Decision regions of the network after {step} training steps "
        f"over the four points, and the loss curve up to step {step} "
        f"(loss {losses[step]:.4f}).",
    )
