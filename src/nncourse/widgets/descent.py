"""The widgets of chapter 6, gradient descent."""

from __future__ import annotations

from nncourse.widgets.core import live_figure, slider

__all__ = ["learning_rate_explorer", "surface_explorer"]


def learning_rate_explorer(lr=0.1, *, x0=4.0, steps=10):
    """A learning-rate slider for gradient descent on ``f(x) = x^2``.

    Introduced in chapter 6. The drawing is ``plots.draw_descent_1d``.

    Args:
        lr: where the slider starts (it runs from 0.01 to 1.10).
        x0: the starting point of descent.
        steps: how many steps are drawn.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_descent_1d

    controls = {"lr": slider("learning rate lr", lr, 0.01, 1.10, 0.01)}
    return live_figure(
        lambda ax, lr: draw_descent_1d(lr, ax, x0=x0, steps=steps), controls,
        alt=lambda lr: f"The parabola f(x) = x squared and {steps} steps of gradient "
        f"descent from x = {x0:g} with learning rate {lr:.2f}.",
    )


def surface_explorer(lr=0.01, momentum=0.0, *, steps=40):
    """Sliders for the learning rate and momentum of SGD on a 2-D loss surface.

    Introduced in chapter 6. The drawing is ``plots.draw_surface_descent`` on the
    valley ``(w1^2 + 50 w2^2) / 2``.

    Args:
        lr: where the learning-rate slider starts (it runs from 0.001 to 0.045).
        momentum: where the momentum slider starts (0 to 0.95).
        steps: how many steps are drawn.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_surface_descent

    lr_slider = slider("learning rate lr", lr, 0.001, 0.045, 0.001)
    lr_slider.readout_format = ".3f"
    controls = {"lr": lr_slider, "momentum": slider("momentum", momentum, 0.0, 0.95, 0.05)}
    return live_figure(
        lambda ax, lr, momentum: draw_surface_descent(lr, momentum, ax, steps=steps),
        controls, figsize=(6, 3.5),
        alt=lambda lr, momentum: f"Contours of a long narrow valley and {steps} steps of "
        f"SGD with learning rate {lr:.3f} and momentum {momentum:.2f}.",
    )
