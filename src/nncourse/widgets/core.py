"""The machinery every widget shares: controls, stored pictures, live redraw.

A widget is a plain drawing function ``draw(ax, **values)`` and its controls.
``stored_figure`` draws one picture for every position of its sliders when the
notebook is executed, and keeps them all in the widget's state, as pages of a
``Stack`` (a ``Tab`` on ipywidgets 7). In the browser each slider's ``index`` is
linked to the page on show (``jslink``), so the built site, with no kernel,
switches pictures as the slider moves. With a kernel the same widget redraws the
picture on show whenever the controls reach values no stored picture covers.

``frames`` makes an HTML animation (for things that happen over time);
``time_redraw`` measures a redraw the way ``bench/widgets_redraw.py`` reports it.
"""

from __future__ import annotations

import base64
import io
import itertools
import re
from html import escape

import numpy as np

__all__ = ["MAX_STORED", "slider", "choice_slider", "stored_figure", "live_figure", "picture_html",
           "frames", "time_redraw"]

#: The most pictures one widget stores (the grid of all its sliders' positions).
MAX_STORED = 64
#: Resolution of the pictures, stored and live: sharp enough on screen, and small.
DPI = 72

# matplotlib's animation HTML links Font Awesome from a CDN for its button
# icons; the book's theme already provides them, and the site must work offline.
_FONT_AWESOME_LINK = re.compile(r"<link[^>]*font-awesome[^>]*>\s*", re.IGNORECASE)
_STYLE = {"description_width": "initial"}


def ipywidgets_major():
    """The major version of the installed ipywidgets (8 pinned, 7 on Colab)."""
    import ipywidgets

    return int(str(ipywidgets.__version__).split(".")[0])


def slider(label, value, low, high, step):
    """A ``FloatSlider`` with a readable label and a two-decimal readout.

    Its values are not stored as pictures: it changes the picture only with a kernel.
    """
    import ipywidgets as widgets

    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=label,
        continuous_update=True, readout_format=".2f", style=_STYLE,
    )


def choice_slider(label, values, value, fmt="g"):
    """A ``SelectionSlider`` over a finite list of ``values``, labelled ``label``.

    Each position shows its value formatted with ``fmt``. ``value`` must be one of
    ``values``. The widgets store one picture per position.
    """
    import ipywidgets as widgets

    values = list(values)
    if value not in values:
        raise ValueError(f"the slider {label!r} starts at one of its positions {values}, "
                         f"got {value!r}")
    return widgets.SelectionSlider(
        options=[(format(v, fmt), v) for v in values], value=value, description=label,
        continuous_update=True, style=_STYLE,
    )


class _Canvas:
    """One matplotlib figure and Axes, reused for every picture of a widget.

    Making a figure costs more than drawing a simple plot in it, and so does
    clearing an Axes (its ticks are rebuilt on the next draw). A widget keeps one
    Axes and empties it: the drawn artists, legend, titles and labels go, limits,
    scales, locators and the colour cycle are set back (``_empty``). When a drawing
    changed something emptying does not undo (tick style, spines, insets, a colour
    bar, ...), the next picture starts from a new Axes: reuse is only ever a speed-up.
    ``tests/unit/test_widgets_core.py`` checks that both give the same pixels.
    Fixed margins instead of ``tight_layout``: the layout engine costs ~25 ms. No
    pyplot: nothing to close.
    """

    #: rcParams while drawing: a fixed title height skips the search for overlapping
    #: tick labels above the Axes (a tenth of a redraw); nothing in a widget is there.
    RC = {"axes.titley": 1.0}
    #: How many frames (see ``_render``) a canvas keeps: 8 are ~3 MB for a 5 x 3.5 in picture.
    FRAMES = 8

    def __init__(self, figsize, dpi=DPI):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=figsize, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax, self.blank = None, None
        self.reuse, self.new_axes = True, 0  # new_axes: how often reuse was not possible
        self.frames, self.frames_reused = {}, 0  # what a frame shows -> its pixels; see _render

    def _axes(self):
        """An empty Axes: the last one emptied when that is as good as new, else new."""
        ax = self.ax
        if self.reuse and ax is not None and _empty(ax) == self.blank:
            return ax
        fig = self.figure
        fig.clf()
        self.new_axes += 1
        self.ax = ax = fig.add_subplot()
        fig.subplots_adjust(left=0.14, right=0.96, bottom=0.15, top=0.9)
        self.blank = _state(ax)
        return ax

    def png(self, draw, *, palette=True):
        """PNG bytes of the figure that ``draw(ax)`` fills.

        ``palette``: a palette PNG, a quarter of the bytes, for the stored
        pictures; otherwise a quickly compressed RGB one, for live redraws.
        """
        import matplotlib
        from PIL import Image

        with matplotlib.rc_context(self.RC):
            ax = self._axes()
            draw(ax)
            self._render(ax)
        image = Image.frombuffer("RGBA", self.canvas.get_width_height(),
                                 self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
        buffer = io.BytesIO()
        if palette:
            quantize = getattr(Image, "Quantize", Image)  # Pillow >= 9.1 names its enums
            dither = getattr(Image, "Dither", Image)
            image = image.quantize(colors=96, method=quantize.FASTOCTREE, dither=dither.NONE)
            image.save(buffer, format="PNG", optimize=True)
        else:
            image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

    def _render(self, ax):
        """Render the figure, starting from the stored frame when it did not change.

        The frame is what lies under the data: the background, ticks, tick labels,
        grid and axis labels. Drawing it is most of a redraw (text is slow), and a
        slider that only moves a curve leaves it as it was. So the frame is rendered
        alone and its pixels kept; the next picture with the same frame starts from
        them and draws only the artists above it, in the order a full draw uses:
        the same pixels (``tests/unit/test_widgets_core.py`` checks it). Anything
        drawn below the ticks (an image) or outside the one Axes means a full draw.
        The last few frames are kept (a control often moves back and forth between
        a few frames, e.g. trained and not trained yet).
        """
        from operator import attrgetter

        above = [a for a in ax.get_children() if a not in (ax.patch, ax.xaxis, ax.yaxis)
                 and a.get_visible() and not a.get_animated()]
        frame_z = max(ax.xaxis.get_zorder(), ax.yaxis.get_zorder())
        if not (self.reuse and ax.axison and ax.get_frame_on()
                and self.figure.get_children() == [self.figure.patch, ax]
                and all(a.get_zorder() > frame_z for a in above)):
            self.frames.clear()
            self.canvas.draw()
            return
        key = _frame_key(ax)
        if key in self.frames:
            self.frames[key] = self.frames.pop(key)  # now the most recent
            self.canvas.restore_region(self.frames[key])
            self.frames_reused += 1
        else:
            for artist in above:
                artist.set_visible(False)
            try:
                self.canvas.draw()
            finally:
                for artist in above:
                    artist.set_visible(True)
            self.frames[key] = self.canvas.copy_from_bbox(self.figure.bbox)
            while len(self.frames) > self.FRAMES:
                self.frames.pop(next(iter(self.frames)))  # the least recently used
        renderer = self.canvas.get_renderer()  # the aspect was applied by _frame_key
        ax._update_title_position(renderer)
        for artist in sorted(above, key=attrgetter("zorder")):
            artist.draw(renderer)


def _frame_key(ax):
    """Everything the frame's pixels depend on (see ``_Canvas._render``)."""
    ax.apply_aspect()
    axes = []
    for axis in (ax.xaxis, ax.yaxis):
        labels = axis.get_majorticklabels() + axis.get_minorticklabels()
        axes.append((
            tuple(axis.get_majorticklocs()), tuple(axis.get_minorticklocs()),
            tuple((t.get_text(), t.get_visible(), t.get_rotation(), t.get_fontsize(),
                   str(t.get_color())) for t in labels),
            axis.major.formatter.get_offset(), axis.label.get_text(),
            axis.label.get_visible(), axis.label.get_rotation(), repr(axis.label.get_position()),
        ))
    return (id(ax), _state(ax), ax.get_xlim(), ax.get_ylim(), ax.get_position().bounds,
            tuple(axes))


def _state(ax):
    """What emptying an Axes does not reset, to compare with a new Axes' state."""
    axes = (ax.xaxis, ax.yaxis)
    return (
        len(ax.figure.axes), len(ax.child_axes), len(ax.figure.texts),
        ax.get_xscale(), ax.get_yscale(), ax.get_aspect(), ax.axison, ax.get_frame_on(),
        ax.get_facecolor(), ax.get_axisbelow(), ax.margins(),
        ax.use_sticky_edges, ax.get_xaxis().get_visible(), ax.get_yaxis().get_visible(),
        ax.xaxis_inverted(), ax.yaxis_inverted(),
        tuple((s.get_visible(), s.get_linewidth(), s.get_edgecolor(), s.get_position())
              for s in ax.spines.values()),
        tuple((_tick_style(a._major_tick_kw), _tick_style(a._minor_tick_kw),
               a.get_label_position(), a.get_ticks_position(), a.label.get_color(),
               a.label.get_fontsize(), a.get_converter() is None if hasattr(a, "get_converter")
               else a.converter is None, type(a.get_minor_locator()).__name__)
              for a in axes),
    )


#: The grid's look, set by e.g. ``ax.grid(alpha=0.3)``, and the rcParams it comes from.
_GRID_RC = {"grid_alpha": "grid.alpha", "grid_color": "grid.color",
            "grid_linewidth": "grid.linewidth", "grid_linestyle": "grid.linestyle"}


def _tick_style(kw):
    """An axis' tick keywords, leaving out grid looks that equal the defaults."""
    import matplotlib

    return repr(sorted((k, v) for k, v in kw.items()
                       if not (k in _GRID_RC and v == matplotlib.rcParams[_GRID_RC[k]])))


def _empty(ax):
    """Take out what a drawing put in ``ax``, cheaply; return ``_state(ax)``."""
    import matplotlib
    from matplotlib.transforms import Bbox

    for group in (ax.lines, ax.collections, ax.patches, ax.texts, ax.images, ax.artists,
                  ax.tables):
        for artist in list(group):
            artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    for inset in list(ax.child_axes):  # e.g. panels drawn with ax.inset_axes
        inset.remove()
    ax.containers.clear()
    ax.set_axis_on()
    ax.set_aspect("auto")  # images set it to "equal"
    for title, loc in ((ax.title, "center"), (ax._left_title, "left"), (ax._right_title, "right")):
        if title.get_text():
            ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xscale("linear")  # also puts back the default locators and formatters
    ax.set_yscale("linear")
    ax.set_prop_cycle(None)  # colours start again from the first
    ax.grid(False)
    for axis in (ax.xaxis, ax.yaxis):  # the grid's look back to the defaults
        for which, kw in (("major", axis._major_tick_kw), ("minor", axis._minor_tick_kw)):
            looks = {k: matplotlib.rcParams[rc] for k, rc in _GRID_RC.items() if k in kw}
            if looks:
                axis.set_tick_params(which=which, **looks)
    for axis, invert in ((ax.xaxis, ax.invert_xaxis), (ax.yaxis, ax.invert_yaxis)):
        if axis.get_inverted():  # e.g. images or set_ylim(high, low)
            invert()
    ax.dataLim.set_points(Bbox.null().get_points())
    ax.ignore_existing_data_limits = True
    ax.set_autoscale_on(True)
    ax.autoscale_view()
    return _state(ax)


def _img(png, alt):
    data = base64.b64encode(png).decode()
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}">'


def picture_html(draw, figsize, alt, *, dpi=DPI):
    """An ``<img>`` tag holding the PNG of a figure that ``draw(ax)`` fills.

    Widgets show it in an ``HTML`` widget, so the picture lives in the widget's
    state and carries ``alt`` text for screen readers.
    """
    return _img(_Canvas(figsize, dpi).png(draw), alt)


def _pages(children, index, titles, layout):
    """A container showing one of ``children``: ``Stack`` (ipywidgets 8) or ``Tab`` (7)."""
    import ipywidgets as widgets

    if ipywidgets_major() >= 8:
        return widgets.Stack(children=children, selected_index=index, layout=layout)
    pages = widgets.Tab(children=children, layout=layout)  # ipywidgets 7 has no Stack
    for i, title in enumerate(titles):
        pages.set_title(i, title)
    pages.selected_index = index
    return pages


def _label(control):
    return control.description or "control"


def stored_figure(draw, controls, figsize=(5, 3.5), *, alt=None, static=None, dpi=DPI,
                  rows=None, extras=(), kernel_only=()):
    """Controls above a picture that ``draw(ax, **values)`` draws, stored per position.

    Every position of the ``static`` controls (selection widgets such as
    ``choice_slider`` or a ``Dropdown``; by default all of them) gets its picture
    drawn now and stored in the widget's state, one page per position, nested one
    level per control; each control's ``index`` is linked in the browser to its
    level's pages, so the built site switches pictures without a kernel. Other
    controls (e.g. ``slider``) change the picture only with a kernel, and a line
    under the controls says so. With a kernel, any change redraws the picture on
    show unless it was stored for exactly these values.

    Args:
        draw: called as ``draw(ax, **values)``, one keyword per control.
        controls: dict keyword -> ipywidgets control.
        figsize: size of the figure in inches.
        alt: what the picture shows, for screen readers: a function of the
            controls' values returning a string that names those values.
        static: names of the controls whose positions are stored (default: every
            control with ``options``); at most ``MAX_STORED`` pictures in all.
        dpi: resolution of the pictures.
        rows: the controls' layout, a list of rows of names (default: one row).
        extras: more widgets (buttons, status lines) placed under the controls.
        kernel_only: widgets among ``extras`` (or inside them) that change the
            picture only with a kernel, because the caller wires them itself (and
            calls ``refresh()``); the note under the controls names them too.

    Returns:
        An ipywidgets ``VBox`` (controls, maybe a note, the pictures). Its
        ``redraw(**values)`` returns the picture's HTML for any values, as the
        live widget draws it (the benchmark times it); ``shown()`` is the
        ``HTML`` widget of the picture on show; ``pictures`` maps each tuple of
        static indices to its ``HTML`` widget; ``live_controls`` are the
        controls that redraw with a kernel (the benchmark moves them); ``refresh()`` redraws the
        picture on show from the current values (when ``draw`` reads state that
        changed, e.g. a training run that just finished); ``static`` names the
        controls whose positions are stored.
    """
    import ipywidgets as widgets

    if not controls:
        raise ValueError("stored_figure needs at least one control, got none")
    if static is None:
        static = [name for name, c in controls.items() if hasattr(c, "options")]
    unknown = [name for name in static if name not in controls]
    if unknown:
        raise ValueError(f"stored_figure: static controls must be among {list(controls)}, "
                         f"got {unknown}")
    for name in static:
        if not hasattr(controls[name], "options"):
            raise ValueError(f"stored_figure: the static control {name!r} must have a finite "
                             f"set of options (a SelectionSlider or Dropdown), got "
                             f"{type(controls[name]).__name__}")
    sizes = [len(controls[name].options) for name in static]
    if int(np.prod(sizes)) > MAX_STORED:
        raise ValueError(f"stored_figure stores at most {MAX_STORED} pictures, got "
                         f"{' x '.join(map(str, sizes))} = {int(np.prod(sizes))} positions")

    canvas = _Canvas(figsize, dpi)
    describe = alt if callable(alt) else (lambda **values: alt or "Figure drawn from the controls above.")

    def redraw(*, palette=True, **values):
        png = canvas.png(lambda ax: draw(ax, **values), palette=palette)
        return _img(png, describe(**values))

    current = {name: control.value for name, control in controls.items()}
    first = (0,) * len(static)
    layout = widgets.Layout()
    leaves, drawn_for, levels = {}, {}, [[] for _ in static]

    def build(prefix):
        level = len(prefix)
        if level == len(static):
            values = dict(current)
            for name, i in zip(static, prefix):
                values[name] = _option_values(controls[name])[i]
            # One layout and one style shared by all pictures (and pages): each
            # would otherwise add a model of its own to the stored state.
            shared = {"layout": leaves[first].layout, "style": leaves[first].style} if leaves else {}
            leaves[prefix] = widgets.HTML(value=redraw(**values), **shared)
            drawn_for[prefix] = values
            return leaves[prefix]
        control = controls[static[level]]
        children = [build(prefix + (i,)) for i in range(len(control.options))]
        page = _pages(children, control.index, _option_labels(control), layout)
        levels[level].append(page)
        return page

    picture = build(())
    links = [widgets.jslink((controls[name], "index"), (page, "selected_index"))
             for name, pages in zip(static, levels) for page in pages]

    def update(change):
        index = tuple(controls[name].index for name in static)
        for name, pages, i in zip(static, levels, index):
            for page in pages:  # what the browser's links do, in case they do not run
                if page.selected_index != i:
                    page.selected_index = i
        values = {name: control.value for name, control in controls.items()}
        if drawn_for[index] != values:
            leaves[index].value = redraw(palette=False, **values)
            drawn_for[index] = values

    for control in controls.values():
        control.observe(update, names="value")

    rows = [widgets.HBox([controls[name] for name in row])
            for row in (rows or [list(controls)])]
    live_only = [_label(c) for name, c in controls.items() if name not in static]
    live_only += [_label(c) for c in kernel_only]
    if live_only:
        moving = (", ".join(_label(controls[name]) for name in static)
                  + (" changes" if len(static) == 1 else " change")
                  if static else "no control changes")
        rows.append(widgets.HTML(
            value=f"<small>Without a running kernel (the built book), {escape(moving)} "
                  f"the picture; {escape(', '.join(live_only))} need a kernel "
                  f"(Binder or Colab).</small>"))
    box = widgets.VBox(rows + list(extras) + [picture])
    box.controls, box.pictures, box.links, box.redraw = controls, leaves, links, redraw
    box.canvas = canvas
    box.live_controls = [c for name, c in controls.items() if name not in static]
    box.live_controls += [c for c in kernel_only if hasattr(c, "value")]
    box.static = list(static)
    box.shown = lambda: leaves[tuple(controls[name].index for name in static)]

    def refresh():
        index = tuple(controls[name].index for name in static)
        drawn_for[index] = None
        update(None)

    box.refresh = refresh
    return box


def live_figure(draw, controls, figsize=(5, 3.5), *, alt=None):
    """``stored_figure`` storing what it can: the first edition's name, kept for callers.

    The selection controls' positions are stored when there are at most
    ``MAX_STORED`` of them; otherwise only the picture for the starting values is,
    and the widget says that its controls need a kernel.
    """
    sizes = [len(c.options) for c in controls.values() if hasattr(c, "options")]
    static = None if int(np.prod(sizes)) <= MAX_STORED else []
    return stored_figure(draw, controls, figsize, alt=alt, static=static)


def _option_values(control):
    """The values of a selection widget's options, in order."""
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def _option_labels(control):
    return [str(o[0] if isinstance(o, tuple) else o) for o in control.options]


def frames(draw, values, *, name, alt=None, figsize=(5, 3.5), dpi=72, fps=2):
    """An HTML animation with its own frame slider, for something that happens in time.

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


def time_redraw(redraw, values=None, repeats=7, figsize=(5, 3.5)):
    """Median seconds of one live redraw, ``redraw(**v)`` for ``v`` cycling over ``values``.

    ``redraw`` is a widget's ``redraw`` (figure drawn, PNG made, ``<img>`` written),
    exactly what the widget does with a kernel when a control moves. The first
    edition's form, ``time_redraw(draw, repeats, figsize=...)`` with ``draw(ax)``,
    still works: it times that drawing on a widget's figure.
    """
    import time

    if values is None or isinstance(values, int):  # the first edition's form
        repeats = repeats if values is None else values
        canvas, draw = _Canvas(figsize), redraw
        values = [{}]

        def redraw(palette=False):
            return canvas.png(draw, palette=palette)

    values = list(values)
    if not values:
        raise ValueError("time_redraw needs at least one set of values, got none")
    times = []
    for i in range(repeats + 1):  # the first run warms caches and is dropped
        v = values[i % len(values)]
        start = time.perf_counter()
        redraw(palette=False, **v)
        times.append(time.perf_counter() - start)
    return float(np.median(times[1:]))
