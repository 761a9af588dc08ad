"""The figures of chapter 7, backpropagation.

A computational graph with its forward values and backward gradients, the decision
regions of a small classifier, and one snapshot of training (regions and loss curve)
for the chapter's widget.
"""

from __future__ import annotations

import numpy as np

from nncourse.plots.basics import axes_or_new

__all__ = ["draw_computational_graph", "draw_decision_regions", "draw_training_snapshot"]

_FORWARD_COLOUR = "tab:blue"
_BACKWARD_COLOUR = "tab:red"


def draw_computational_graph(nodes, edges, ax=None, *, title=None):
    """Draw a computational graph: values as circles, operations as boxes.

    Introduced in chapter 7. Each edge is an arrow from one node to the next, with
    the value that flows forward written above it (blue) and the gradient of the
    loss that flows backward written below it (red).

    Args:
        nodes: dict name -> ``(x, y, label, kind)``; ``kind`` is ``"value"``
            (an input or a parameter, drawn as a circle) or ``"op"`` (an operation,
            drawn as a box). ``label`` is the text inside (mathtext allowed).
        edges: list of ``(source, target, forward, backward)``: names of two nodes,
            and the two texts written on the arrow (either may be ``""``).
        ax: the Axes to draw on (a new figure when None).
        title: the title of the Axes (none when None).

    Returns:
        The Axes, with the axis lines turned off.
    """
    ax = axes_or_new(ax, figsize=(9, 3.5))
    boxes = {}
    for name, (x, y, label, kind) in nodes.items():
        if kind not in ("value", "op"):
            raise ValueError(f'draw_computational_graph expected node kinds "value" or '
                             f'"op", got {kind!r} for node {name!r}')
        box = "circle,pad=0.3" if kind == "value" else "round,pad=0.35"
        face = "white" if kind == "value" else "0.9"
        text = ax.text(x, y, label, ha="center", va="center", fontsize=12, zorder=3,
                       bbox=dict(boxstyle=box, facecolor=face, edgecolor="black"))
        boxes[name] = text.get_bbox_patch()
    for source, target, forward, backward in edges:
        for end in (source, target):
            if end not in nodes:
                raise ValueError(f"draw_computational_graph: the edge {source!r} → "
                                 f"{target!r} names an unknown node {end!r}")
        (x0, y0), (x1, y1) = nodes[source][:2], nodes[target][:2]
        # patchA/patchB: the arrow starts and ends at the edges of the two boxes.
        # It is drawn after the boxes (higher zorder), which are positioned then.
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=3.5,
                    arrowprops=dict(arrowstyle="-|>", color="0.3", linewidth=1.2,
                                    patchA=boxes[source], patchB=boxes[target],
                                    shrinkA=2, shrinkB=2))
        # the labels sit on either side of the edge's middle, along its normal
        xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
        length = np.hypot(x1 - x0, y1 - y0) or 1.0
        nx, ny = -(y1 - y0) / length, (x1 - x0) / length
        if ny < 0 or (ny == 0 and nx < 0):
            nx, ny = -nx, -ny  # the normal that points up
        for text, sign, colour in ((forward, 1, _FORWARD_COLOUR),
                                   (backward, -1, _BACKWARD_COLOUR)):
            if text:
                side = sign * nx  # which way the label leans off a slanted edge
                ha = "center" if abs(side) < 0.3 else ("left" if side > 0 else "right")
                ax.text(xm + sign * 0.12 * nx, ym + sign * 0.12 * ny, text,
                        ha=ha, va="bottom" if sign > 0 else "top",
                        fontsize=9, color=colour, zorder=4)
    xs = [x for x, *_ in nodes.values()]
    ys = [y for _, y, *_ in nodes.values()]
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    return ax


def draw_decision_regions(predict, X, y, ax=None, *, resolution=60, margin=0.5,
                          title=None, xlabel="$x_1$", ylabel="$x_2$"):
    """Colour the plane by a classifier's probability of class 1, with the data on top.

    Introduced in chapter 7.

    Args:
        predict: function taking inputs (n, 2) and returning the probability of
            class 1, shape (n,) (or (n, 1)).
        X: (n, 2) the data points; y: (n,) their labels, 0 or 1.
        ax: the Axes to draw on (a new figure when None).
        resolution: grid points per axis (60 gives 3,600 predictions: fast enough
            for a widget).
        margin: how far the picture reaches beyond the data on each side.
        title, xlabel, ylabel: texts of the Axes.

    Returns:
        The Axes. Red is class 0, blue class 1; the 0.5 contour, where the
        prediction changes class, is drawn in black.
    """
    import matplotlib

    ax = axes_or_new(ax)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"draw_decision_regions expected X of shape (n, 2), "
                         f"got shape {X.shape}")
    (x_lo, y_lo), (x_hi, y_hi) = X.min(axis=0) - margin, X.max(axis=0) + margin
    g1, g2 = np.meshgrid(np.linspace(x_lo, x_hi, resolution),
                         np.linspace(y_lo, y_hi, resolution))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    p = np.asarray(predict(grid), dtype=float).reshape(g1.shape)
    # imshow, not contourf: a 60 x 60 image draws several times faster. Ten flat
    # colour bands (steps of 0.1) read like contours and keep the PNG small.
    bands = matplotlib.colormaps["RdBu"].resampled(10)
    ax.imshow(p, origin="lower", extent=(x_lo, x_hi, y_lo, y_hi), cmap=bands,
              vmin=0, vmax=1, alpha=0.8, aspect="auto", interpolation="bilinear",
              interpolation_stage="data")
    if p.min() < 0.5 < p.max():
        ax.contour(g1, g2, p, levels=[0.5], colors="black", linewidths=1.5)
    for label, marker, colour in ((0, "o", "tab:red"), (1, "s", "tab:blue")):
        chosen = y == label
        ax.plot(X[chosen, 0], X[chosen, 1], marker, markersize=9, color=colour,
                markeredgecolor="black", zorder=3, label=f"class {label}")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    return ax


def draw_training_snapshot(predict, X, y, losses, step, ax=None, *, resolution=60):
    """Decision regions after ``step`` training steps, with the loss curve beside them.

    Introduced in chapter 7 (the XOR widget). The loss curve so far (up to ``step``,
    in a frame that holds the whole run, so it grows as the slider moves) is an
    inset to the right of the regions, with a dot at the current step. Below it, a
    key: the marker of each class and a colour bar for the shading (the network's
    probability of class 1).

    Args:
        predict: the classifier after ``step`` steps (see ``draw_decision_regions``).
        X: (n, 2) data; y: (n,) labels 0 or 1.
        losses: (steps + 1,) or longer: the loss before each training step.
        step: the step to show, an index into ``losses``.
        ax: the Axes for the regions (a new figure when None); it is shrunk to the
            left part of its place to make room for the loss curve.
        resolution: grid points per axis of the regions.

    Returns:
        The Axes of the regions.
    """
    ax = axes_or_new(ax, figsize=(7, 3))
    losses = np.asarray(losses, dtype=float)
    step = int(step)
    if not 0 <= step < len(losses):
        raise ValueError(f"draw_training_snapshot expected a step in 0..{len(losses) - 1}, "
                         f"got {step}")
    draw_decision_regions(predict, X, y, ax, resolution=resolution)
    # A fixed title height and few ticks: laying out tick labels is most of a redraw.
    ax.set_title(f"after {step} steps: loss {losses[step]:.4f}", y=1.0, pad=6)
    ax.locator_params(nbins=3)
    ax.set_box_aspect(1)  # a square, kept at the left of its place
    ax.set_anchor("W")
    curve = ax.inset_axes([1.35, 0.5, 1.25, 0.5])
    curve.plot(np.arange(step + 1), losses[:step + 1], color="black", linewidth=1.5)
    curve.plot(step, losses[step], "o", color="tab:orange", zorder=3)
    curve.set_xlim(0, len(losses) - 1)               # the frame of the whole run
    curve.set_ylim(0, 1.05 * float(np.nanmax(losses)))
    curve.locator_params(nbins=4)
    curve.set_xlabel("training step", labelpad=1)
    curve.set_ylabel("loss")
    curve.set_title("loss so far", y=1.0, pad=6)
    # The key: which marker is which class, and what the shading means.
    ax.legend(loc="center left", bbox_to_anchor=(1.3, 0.2), ncols=2, fontsize="small",
              frameon=False, handletextpad=0.3, columnspacing=1.0)
    bar = ax.inset_axes([1.38, 0.0, 1.19, 0.06])
    bar.imshow(np.linspace(0, 1, 50)[None, :], cmap=ax.images[0].get_cmap(), aspect="auto",
               extent=(0, 1, 0, 1), alpha=0.8)
    bar.set_yticks([])
    bar.set_xticks([0, 0.5, 1])
    bar.tick_params(labelsize="small", length=2, pad=1)
    bar.set_xlabel("shading: probability of class 1", fontsize="small", labelpad=1)
    return ax
