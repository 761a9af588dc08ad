"""The widgets of chapter 6, gradient descent."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["learning_rate_explorer", "surface_explorer"]

RATES_1D = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0, 1.05, 1.1)
RATES_2D = (0.005, 0.01, 0.02, 0.03, 0.039, 0.042)
MOMENTA = (0.0, 0.5, 0.8, 0.9, 0.95)


def learning_rate_explorer(lr=0.1, *, x0=4.0, steps=10, rates=RATES_1D):
    """A learning-rate slider for gradient descent on ``f(x) = x^2``.

    Introduced in chapter 6. The drawing is ``plots.draw_descent_1d``; one
    picture is stored per rate, so the slider works with no kernel.

    Args:
        lr: where the slider starts, one of ``rates``.
        x0: the starting point of descent.
        steps: how many steps are drawn.
        rates: the positions of the slider.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_descent_1d

    controls = {"lr": choice_slider("learning rate lr", rates, lr, ".2f")}
    return stored_figure(
        lambda ax, lr: draw_descent_1d(lr, ax, x0=x0, steps=steps), controls,
        alt=lambda lr: f"The parabola f(x) = x squared and {steps} steps of gradient "
        f"descent from x = {x0:g} with learning rate {lr:.2f}.",
    )


def surface_explorer(lr=0.01, momentum=0.0, *, steps=40, rates=RATES_2D, momenta=MOMENTA):
    """Sliders for the learning rate and momentum of SGD on a 2-D loss surface.

    Introduced in chapter 6. The drawing is ``plots.draw_surface_descent`` on the
    valley ``(w1^2 + 50 w2^2) / 2``. A picture is stored for every pair of rate
    and momentum, so both sliders work with no kernel.

    Args:
        lr: where the learning-rate slider starts, one of ``rates``.
        momentum: where the momentum slider starts, one of ``momenta``.
        steps: how many steps are drawn.
        rates, momenta: the positions of the two sliders (at most 64 pairs).

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_surface_descent

    controls = {"lr": choice_slider("learning rate lr", rates, lr, ".3f"),
                "momentum": choice_slider("momentum", momenta, momentum, ".2f")}
    return stored_figure(
        lambda ax, lr, momentum: draw_surface_descent(lr, momentum, ax, steps=steps),
        controls, figsize=(6, 3.5),
        alt=lambda lr, momentum: f"Contours of a long narrow valley and {steps} steps of "
        f"SGD with learning rate {lr:.3f} and momentum {momentum:.2f}.",
    )
