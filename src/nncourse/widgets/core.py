"""The machinery every widget shares: sliders, a live picture, static twins.

``live_figure`` lays out controls above a picture that a plain drawing function
redraws; ``frames`` makes the static twin; ``time_redraw`` measures a redraw.
"""

from __future__ import annotations

import base64
import re
from html import escape

import numpy as np

__all__ = ["slider", "live_figure", "picture_html", "frames", "time_redraw"]

# matplotlib's animation HTML links Font Awesome from a CDN for its button
# icons; the book's theme already provides them, and the site must work offline.
_FONT_AWESOME_LINK = re.compile(r"<link[^>]*font-awesome[^>]*>\s*", re.IGNORECASE)


def slider(label, value, low, high, step):
    """A ``FloatSlider`` with a readable label and a two-decimal readout."""
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


def picture_html(draw, figsize, alt):
    """An ``<img>`` tag holding the PNG of a figure that ``draw(ax)`` fills.

    Widgets show it in an ``HTML`` widget, so the picture lives in the widget's
    state and carries ``alt`` text for screen readers.
    """
    png = base64.b64encode(_png(draw, figsize)).decode()
    return f'<img src="data:image/png;base64,{png}" alt="{escape(alt)}">'


def live_figure(draw, controls, figsize=(5, 3.5), *, alt=None):
    """Lay out ``controls`` above a picture that ``draw(ax, **values)`` redraws.

    The figure is rendered to PNG inside an ``HTML`` widget, so the picture lives
    in the widget's state: it is saved with the notebook, shown by the static
    site, and never printed as a cell output.

    Args:
        draw: called as ``draw(ax, **values)``, one keyword per control.
        controls: dict keyword -> ipywidgets control (e.g. from ``slider``).
        figsize: size of the figure in inches.
        alt: what the picture shows, for screen readers: a string, or a function
            of the controls' values returning one.

    Returns:
        An ipywidgets ``VBox``.
    """
    import ipywidgets as widgets

    def picture():
        values = {name: control.value for name, control in controls.items()}
        text = alt(**values) if callable(alt) else (alt or "Figure drawn from the controls above.")
        return picture_html(lambda ax: draw(ax, **values), figsize, text)

    image = widgets.HTML(value=picture())

    def update(change):
        image.value = picture()

    for control in controls.values():
        control.observe(update, names="value")
    return widgets.VBox([widgets.HBox(list(controls.values())), image])


def frames(draw, values, *, name, alt=None, figsize=(5, 3.5), dpi=72, fps=2):
    """An HTML animation with its own frame slider: the static twin of a widget.

    ``draw(ax, value)`` draws one frame; one frame is made per item of ``values``.
    The HTML needs no kernel and nothing from outside the page.

    Args:
        draw: called as ``draw(ax, value)`` on a cleared Axes for each frame.
        values: the sequence of values, one per frame (keep it short: ~12).
        name: a short identifier, unique on the page (letters, digits, ``_``);
            it replaces matplotlib's random element ids, so that re-running the
            notebook gives the same HTML.
        alt: what the pictures show, for readers who cannot see them.
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
    # Name the picture and the frame slider for screen readers.
    alt = alt or "An animation in frames; the slider below it steps through them."
    html = html.replace(f'<img id="_anim_img{name}"', f'<img id="_anim_img{name}" alt="{escape(alt)}"')
    html = html.replace(f'<input id="_anim_slider{name}"',
                        f'<input id="_anim_slider{name}" aria-label="frame of the animation"')
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
