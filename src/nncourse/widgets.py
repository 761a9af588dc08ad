"""The interactive pieces of the book, and their static twins.

Each widget is a few lines of ipywidgets around a plain drawing function from
``nncourse.plots`` (which tests call directly). A live widget needs a running
kernel to redraw, so each one has a static twin, an HTML animation made by
``frames``, that works in the built page with no kernel at all.

ipywidgets and matplotlib are imported inside the functions, so that
``import nncourse`` stays light, and only the core ipywidgets API is used
(Colab ships ipywidgets 7).
"""

from __future__ import annotations

import re

import numpy as np

# matplotlib's animation HTML links Font Awesome from a CDN for its button
# icons; the book's theme already provides them, and the site must work offline.
_FONT_AWESOME_LINK = re.compile(r"<link[^>]*font-awesome[^>]*>\s*", re.IGNORECASE)


def _slider(label, value, low, high, step):
    import ipywidgets as widgets

    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=label,
        continuous_update=True, readout_format=".2f",
        style={"description_width": "initial"},
    )


def _new_figure(draw, figsize):
    """A figure with one Axes that ``draw(ax)`` fills, with fixed margins.

    Fixed margins instead of ``tight_layout``: the layout engine alone costs
    about 25 ms, a third of a redraw.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize)
    fig.subplots_adjust(left=0.14, right=0.96, bottom=0.15, top=0.9)
    draw(ax)
    return fig


def _png(draw, figsize, dpi=100):
    """PNG bytes of a figure that ``draw(ax)`` fills."""
    import io

    import matplotlib.pyplot as plt

    fig = _new_figure(draw, figsize)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


def _live_figure(draw, controls, figsize):
    """Lay out ``controls`` above a picture that ``draw(ax, **values)`` redraws.

    The figure is rendered to PNG and shown in an ``Image`` widget, so the
    picture lives in the widget's state: it is saved with the notebook, shown
    by the static site, and never printed as a cell output.
    """
    import ipywidgets as widgets

    def render():
        values = {name: control.value for name, control in controls.items()}
        return _png(lambda ax: draw(ax, **values), figsize)

    image = widgets.Image(value=render(), format="png")

    def update(change):
        image.value = render()

    for control in controls.values():
        control.observe(update, names="value")
    return widgets.VBox([widgets.HBox(list(controls.values())), image])


def line_fit_explorer(
    x, y, *, a=0.0, b=0.0, a_range=(-1.0, 3.0), b_range=(-3.0, 5.0), xlabel="x", ylabel="y"
):
    """Sliders for the slope ``a`` and intercept ``b`` of ``f(x) = a x + b`` over data.

    Introduced in chapter 0. The plot shows the points, the line and the mean
    squared error, redrawn as the sliders move.

    Args:
        x, y: (n,) the data the line should fit.
        a, b: where the sliders start.
        a_range, b_range: (low, high) of each slider.
        xlabel, ylabel: names of the axes.

    Returns:
        An ipywidgets ``VBox``; display it, or make it the last line of a cell.
    """
    from nncourse.plots import draw_line_fit

    controls = {
        "a": _slider("slope a", a, *a_range, 0.05),
        "b": _slider("intercept b", b, *b_range, 0.1),
    }
    return _live_figure(
        lambda ax, a, b: draw_line_fit(a, b, x, y, ax, xlabel=xlabel, ylabel=ylabel),
        controls,
        figsize=(5, 3.5),
    )


def frames(draw, values, *, name, figsize=(5, 3.5), dpi=72, fps=2):
    """An HTML animation with its own frame slider: the static twin of a widget.

    ``draw(ax, value)`` draws one frame; one frame is made per item of ``values``.
    The HTML needs no kernel and nothing from outside the page.

    Args:
        draw: called as ``draw(ax, value)`` on a cleared Axes for each frame.
        values: the sequence of values, one per frame (keep it short: ~12).
        name: a short identifier, unique on the page (letters, digits, ``_``);
            it replaces matplotlib's random element ids, so that re-running the
            notebook gives the same HTML.
        figsize, dpi, fps: size, resolution and speed of the animation.

    Returns:
        ``IPython.display.HTML``.
    """
    import matplotlib.pyplot as plt
    from IPython.display import HTML
    from matplotlib.animation import FuncAnimation

    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"frames(name=...) must be letters, digits and '_', got {name!r}.")
    values = list(values)
    if not values:
        raise ValueError("frames() needs at least one value to draw, got an empty sequence.")
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi)

    def update(i):
        ax.clear()
        draw(ax, values[i])
        fig.tight_layout()

    animation = FuncAnimation(fig, update, frames=len(values))
    html = animation.to_jshtml(fps=fps, default_mode="once")
    plt.close(fig)
    html = _FONT_AWESOME_LINK.sub("", html)
    html = re.sub(r"[0-9a-f]{32}", name, html)
    return HTML(html)


def time_redraw(draw, repeats=7, figsize=(5, 3.5)):
    """Median seconds a live widget takes to redraw: draw the figure, render a PNG.

    ``draw(ax)`` draws once, exactly as the widgets draw theirs.
    """
    import time

    times = []
    for _ in range(repeats + 1):  # the first run warms caches and is dropped
        start = time.perf_counter()
        _png(draw, figsize)
        times.append(time.perf_counter() - start)
    return float(np.median(times[1:]))
