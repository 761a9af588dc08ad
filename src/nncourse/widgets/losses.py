"""The widgets of chapter 5, loss functions."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["loss_explorer"]

PROBABILITIES = (0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98)


def loss_explorer(p=0.3, *, target=1, probabilities=PROBABILITIES):
    """A slider for the predicted probability ``p``; see each loss and its gradient.

    Introduced in chapter 5. The drawing is ``plots.draw_loss_explorer``; one
    picture is stored per position, so the slider works with no kernel.

    Args:
        p: where the slider starts, one of ``probabilities``.
        target: the true label, 0 or 1.
        probabilities: the positions of the slider, in (0, 1).

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_loss_explorer

    controls = {"p": choice_slider("predicted probability p", probabilities, p, ".2f")}
    return stored_figure(
        lambda ax, p: draw_loss_explorer(p, ax, target=target), controls, figsize=(6, 3.5),
        alt=lambda p: f"MSE and cross-entropy and their gradients against the predicted "
        f"probability, for true label {target}, with the values at p = {p:.2f} marked.",
    )
