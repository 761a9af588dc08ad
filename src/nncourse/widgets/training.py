"""The widget of chapter 9, training networks well: an optimiser race."""

from __future__ import annotations

from nncourse.widgets.core import choice_slider, stored_figure

__all__ = ["optimiser_race"]

SCALES = (0.5, 1.0, 2.0, 4.0)


def optimiser_race(surface="valley", lr_scale=1.0, start=0, optimiser="all", *,
                   scales=SCALES):
    """Six optimisers racing on a 2-D surface, with their paths drawn.

    Introduced in chapter 9. The drawing is ``plots.draw_optimiser_race``. The
    surface, the learning-rate scale (every optimiser's tuned rate times this) and
    the start point are stored for every combination (3 × 4 × 2 = 24 pictures), so
    they work with no kernel; choosing one optimiser alone needs a kernel.

    Args:
        surface: "valley", "saddle" or "rosenbrock".
        lr_scale: where the scale slider starts, one of ``scales``.
        start: index of the start point (0 or 1).
        optimiser: "all" or one name of ``plots.OPTIMISERS``.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    import ipywidgets as widgets

    from nncourse.plots.training import OPTIMISERS, SURFACES, draw_optimiser_race

    if surface not in SURFACES:
        raise ValueError(f"optimiser_race expected a surface among {list(SURFACES)}, "
                         f"got {surface!r}")
    if optimiser != "all" and optimiser not in OPTIMISERS:
        raise ValueError(f"optimiser_race expected optimiser 'all' or one of "
                         f"{list(OPTIMISERS)}, got {optimiser!r}")

    controls = {
        "surface": widgets.Dropdown(options=list(SURFACES), value=surface,
                                    description="surface"),
        "lr_scale": choice_slider("learning rates ×", scales, lr_scale),
        "start": widgets.Dropdown(options=[("start A", 0), ("start B", 1)], value=start,
                                  description="start"),
        # a slider over the names: it changes the picture only with a kernel
        "optimiser": choice_slider("optimiser", ["all", *OPTIMISERS], optimiser, "s"),
    }

    return stored_figure(
        lambda ax, surface, lr_scale, start, optimiser: draw_optimiser_race(
            surface, ax, lr_scale=lr_scale, start=start, optimiser=optimiser),
        controls, figsize=(6, 4), static=["surface", "lr_scale", "start"],
        rows=[["surface", "start"], ["lr_scale", "optimiser"]],
        alt=lambda surface, lr_scale, start, optimiser: (
            f"Contours of the {surface} surface and the paths of "
            f"{'six optimisers' if optimiser == 'all' else optimiser} from start "
            f"{'AB'[start]}, with every tuned learning rate times {lr_scale:g}."),
    )
