"""The drawing functions and widgets behind the chapters' figures and sliders."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import plots, widgets




def test_draw_line_fit_labels_axes_and_reports_the_error():
    x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    ax = plots.draw_line_fit(2.0, 1.0, x, y, xlabel="hours", ylabel="score")
    assert ax.get_xlabel() == "hours" and ax.get_ylabel() == "score"
    assert ax.get_title() == "mean squared error = 0.00"
    ax = plots.draw_line_fit(0.0, 0.0, x, y)
    assert ax.get_title() == f"mean squared error = {np.mean(y**2):.2f}"


def test_draw_network_draws_every_unit_and_weight():
    ax = plots.draw_network([3, 4, 2])
    assert len(ax.lines) == 3 * 4 + 4 * 2
    assert [t.get_text() for t in ax.texts] == ["input", "hidden 1", "output"]
    with pytest.raises(ValueError, match="at least an input and an output"):
        plots.draw_network([3])


def test_frames_is_offline_and_deterministic():
    def draw(ax, t):
        ax.plot([0, 1], [0, t])

    first = widgets.frames(draw, [0.0, 1.0], name="test_anim").data
    again = widgets.frames(draw, [0.0, 1.0], name="test_anim").data
    assert "font-awesome" not in first and "https://" not in first
    assert "test_anim" in first and first == again
    assert 'alt="An animation in frames' in first and 'aria-label="frame of the animation"' in first
    with pytest.raises(ValueError, match="letters, digits"):
        widgets.frames(draw, [0.0], name="bad name")
    with pytest.raises(ValueError, match="at least one value"):
        widgets.frames(draw, [], name="empty")


def test_line_fit_explorer_redraws_when_a_slider_moves():
    x, y = np.arange(4.0), np.arange(4.0)
    box = widgets.line_fit_explorer(x, y, a=0.0, b=0.0, slopes=(0.0, 1.0, 2.0),
                                    intercepts=(0.0, 1.0))
    sliders, _ = box.children
    a_slider, b_slider = sliders.children
    assert len(box.pictures) == 6
    before = box.shown().value
    assert before.startswith('<img src="data:image/png;base64,iVBORw0KGgo')
    assert 'alt="The data points and the line f(x) = 0.00 x + 0.00' in before
    a_slider.value = 1.0
    assert box.shown().value != before and "f(x) = 1.00 x + 0.00" in box.shown().value
