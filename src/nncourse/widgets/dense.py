"""The widgets of chapter 3, the dense layer."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, slider, stored_figure

__all__ = ["width_explorer", "bump_explorer", "bump_sum_explorer"]

STEEPNESS = (1.0, 4.0, 16.0, 64.0)
LEFT_STEPS = (-2.0, -1.0, 0.0, 1.0)
RIGHT_STEPS = (-1.0, 0.0, 1.0, 2.0)


def width_explorer(x, y, fits):
    """A slider over hidden widths that shows each trained network's fit.

    Introduced in chapter 3. The networks are trained beforehand (training is far
    too slow for a slider), and a picture is stored for every width, so the
    slider works in the built book with no kernel.

    Args:
        x: (n,) or (n, 1) points.
        y: (n,) or (n, 1) the target function at ``x``.
        fits: dict hidden width -> (n,) or (n, 1) output of the network of that width.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots.dense import draw_function_fit

    if not fits:
        raise ValueError("width_explorer needs at least one fit, got an empty dict")
    widths = sorted(fits)
    controls = {"width": choice_slider("hidden units", widths, widths[0], "d")}
    return stored_figure(
        lambda ax, width: draw_function_fit(x, y, fits[width], ax,
                                            label=f"{width} hidden units"),
        controls,
        figsize=(5, 3.5),
        alt=lambda width: f"The target function and the fit of a network with one "
        f"hidden layer of {width} units.",
    )


def bump_explorer(*, steepness=4.0, left=-1.0, right=1.0, height=1.0,
                  steepness_values=STEEPNESS, left_values=LEFT_STEPS, right_values=RIGHT_STEPS):
    """Two sigmoid neurons make a bump: sliders for their steepness, steps and height.

    Introduced in chapter 3 (the universal approximation theorem). Hidden neuron 1
    is ``σ(w (x − left))``, hidden neuron 2 ``σ(w (x − right))`` (weight ``w``, the
    steepness; bias ``−w · step``), and the output adds them with the weights
    ``+height`` and ``−height``. A picture is stored for every position of the
    steepness and step sliders (4 x 4 x 4 = 64), so they work in the built book
    with no kernel; the height slider redraws only with a kernel.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots.dense import draw_bump_pair

    controls = {
        "steepness": choice_slider("steepness w", steepness_values, steepness, "g"),
        "left": choice_slider("step 1 at", left_values, left, "g"),
        "right": choice_slider("step 2 at", right_values, right, "g"),
        "height": slider("height", height, -2.0, 2.0, 0.25),
    }
    return stored_figure(
        lambda ax, steepness, left, right, height: draw_bump_pair(steepness, left, right,
                                                                  height, ax),
        controls,
        figsize=(5.5, 3.5),
        static=["steepness", "left", "right"],
        rows=[["steepness", "height"], ["left", "right"]],
        alt=lambda steepness, left, right, height: (
            f"Two sigmoid neurons of steepness {steepness:g} stepping at {left:g} and "
            f"{right:g}, output weights +{height:g} and -{height:g}, and their sum, a bump."),
    )


def bump_sum_explorer(f, *, n_bumps=4, steepness=8.0, bump_counts=(1, 2, 4, 8, 16, 32),
                      steepness_values=(2.0, 8.0, 32.0, 128.0), x_min=-3.141592653589793,
                      x_max=3.141592653589793):
    """Sliders for how many bumps trace ``f`` and how steep their neurons are.

    Introduced in chapter 3. Each bump is as high as ``f`` at its middle
    (``plots.bump_sum``); a picture is stored for every position (6 x 4 = 24 by
    default), so the sliders work in the built book with no kernel.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots.dense import draw_bump_sum

    controls = {
        "n_bumps": choice_slider("bumps", bump_counts, n_bumps, "d"),
        "steepness": choice_slider("steepness w", steepness_values, steepness, "g"),
    }
    return stored_figure(
        lambda ax, n_bumps, steepness: draw_bump_sum(f, n_bumps, steepness, ax,
                                                     x_min=x_min, x_max=x_max),
        controls,
        figsize=(5.5, 3.5),
        alt=lambda n_bumps, steepness: (
            f"The target curve and a sum of {n_bumps} bumps of steepness {steepness:g} "
            f"tracing it."),
    )
