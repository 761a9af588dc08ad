"""The widgets of chapter 5, loss functions."""

from __future__ import annotations

from nncourse.widgets.core import live_figure, slider

__all__ = ["loss_explorer"]


def loss_explorer(p=0.3, *, target=1):
    """A slider for the predicted probability ``p``; see each loss and its gradient.

    Introduced in chapter 5. The drawing is ``plots.draw_loss_explorer``.

    Args:
        p: where the slider starts, in (0, 1).
        target: the true label, 0 or 1.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_loss_explorer

    controls = {"p": slider("predicted probability p", p, 0.01, 0.99, 0.01)}
    return live_figure(
        lambda ax, p: draw_loss_explorer(p, ax, target=target), controls, figsize=(6, 3.5),
        alt=lambda p: f"MSE and cross-entropy and their gradients against the predicted "
        f"probability, for true label {target}, with the values at p = {p:.2f} marked.",
    )
