"""The stored-picture mechanism behind every widget: pages, links, live redraw."""

from __future__ import annotations

import base64
import io
import re

import ipywidgets
import pytest

from nncourse.widgets import core


def _draw(ax, a, b, c=0.0):
    ax.plot([0, 1], [b, a + b + c])
    ax.set_title(f"a = {a}, b = {b}, c = {c}")


def _alt(a, b, c=0.0):
    return f"a line with a = {a:g}, b = {b:g}, c = {c:g}"


def _widget(static=None, with_live=False):
    controls = {"a": core.choice_slider("slope a", [0.0, 1.0, 2.0], 1.0),
                "b": core.choice_slider("intercept b", [-1.0, 1.0], -1.0)}
    if with_live:
        controls["c"] = core.slider("offset c", 0.0, -1.0, 1.0, 0.5)
    return core.stored_figure(_draw, controls, figsize=(3, 2), alt=_alt, static=static)


def _png(html):
    data = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    return base64.b64decode(data)


def test_a_picture_is_stored_for_every_position_and_links_follow_each_slider():
    box = _widget()
    assert len(box.pictures) == 6
    for (i, j), picture in box.pictures.items():
        a, b = [0.0, 1.0, 2.0][i], [-1.0, 1.0][j]
        assert f'alt="a line with a = {a:g}, b = {b:g}, c = 0"' in picture.value
        assert _png(picture.value).startswith(b"\x89PNG")
    assert len({p.value for p in box.pictures.values()}) == 6  # all different
    outer = box.children[-1]
    pages = ipywidgets.Stack if core.ipywidgets_major() >= 8 else ipywidgets.Tab
    assert isinstance(outer, pages) and outer.selected_index == 1
    assert all(isinstance(page, pages) for page in outer.children)
    # One link for the outer level (a), one per inner page (b): all in the browser.
    assert len(box.links) == 1 + 3 and box.static == ["a", "b"]
    assert all(type(link).__name__ == "Link" for link in box.links)
    sources = [(link.source[0].description, link.source[1]) for link in box.links]
    assert sources == [("slope a", "index")] + [("intercept b", "index")] * 3
    assert all(link.target[1] == "selected_index" for link in box.links)


def test_moving_a_stored_slider_shows_its_picture_without_redrawing():
    box = _widget()
    a, b = box.controls["a"], box.controls["b"]
    stored = {key: p.value for key, p in box.pictures.items()}
    assert box.shown() is box.pictures[(1, 0)]
    a.value = 2.0
    b.value = 1.0
    assert box.shown() is box.pictures[(2, 1)]
    outer = box.children[-1]
    assert outer.selected_index == 2 and outer.children[2].selected_index == 1
    assert {key: p.value for key, p in box.pictures.items()} == stored  # nothing redrawn


def test_a_live_only_control_redraws_the_picture_on_show_and_the_widget_says_so():
    box = _widget(with_live=True)
    note = box.children[1]
    assert isinstance(note, ipywidgets.HTML)
    assert "slope a, intercept b change the picture" in note.value
    assert "offset c need a kernel" in note.value
    before = box.shown().value
    box.controls["c"].value = 0.5
    after = box.shown().value
    assert after != before and "c = 0.5" in after
    # Moving a stored slider now redraws the newly shown page for c = 0.5 too.
    box.controls["a"].value = 0.0
    assert "a = 0, b = -1, c = 0.5" in box.shown().value


def test_redraw_draws_any_values():
    box = _widget()
    html = box.redraw(a=0.5, b=0.25, palette=False)
    assert 'alt="a line with a = 0.5, b = 0.25, c = 0"' in html
    assert _png(html).startswith(b"\x89PNG")


def test_ipywidgets_7_gets_tabs_with_titles_instead_of_stacks(monkeypatch):
    # On ipywidgets 8 the version is faked; on 7.7.1 (Colab's) this is the real path.
    monkeypatch.setattr(core, "ipywidgets_major", lambda: 7)
    box = _widget()
    outer = box.children[-1]
    assert isinstance(outer, ipywidgets.Tab)
    assert not isinstance(outer, getattr(ipywidgets, "Stack", ()))
    assert outer.selected_index == 1
    assert [outer.get_title(i) for i in range(3)] == ["0", "1", "2"]
    assert all(isinstance(page, ipywidgets.Tab) for page in outer.children)
    assert [link.target[1] for link in box.links] == ["selected_index"] * 4
    box.controls["b"].value = 1.0
    assert outer.children[1].selected_index == 1 and box.shown() is box.pictures[(1, 1)]


def test_stored_pictures_are_palette_pngs_smaller_than_plain_ones():
    from PIL import Image

    box = _widget()
    stored = _png(box.shown().value)
    plain = _png(box.redraw(a=1.0, b=-1.0, palette=False))
    assert Image.open(io.BytesIO(stored)).mode == "P"
    assert len(stored) < len(plain)
    assert Image.open(io.BytesIO(stored)).size == Image.open(io.BytesIO(plain)).size


def test_bad_requests_say_what_was_expected():
    with pytest.raises(ValueError, match="starts at one of its positions"):
        core.choice_slider("p", [0.1, 0.2], 0.3)
    with pytest.raises(ValueError, match="finite set of options"):
        _widget(static=["a", "c"], with_live=True)
    with pytest.raises(ValueError, match="must be among"):
        _widget(static=["z"])
    many = {"a": core.choice_slider("a", range(9), 0), "b": core.choice_slider("b", range(8), 0)}
    with pytest.raises(ValueError, match="at most 64 pictures, got 9 x 8 = 72"):
        core.stored_figure(lambda ax, a, b: None, many)
    with pytest.raises(ValueError, match="at least one control"):
        core.stored_figure(_draw, {})


def test_time_redraw_measures_a_widget_redraw():
    box = _widget()
    seconds = core.time_redraw(box.redraw, [{"a": 0.0, "b": 1.0}, {"a": 2.0, "b": -1.0}],
                               repeats=2)
    assert 0 < seconds < 10
    with pytest.raises(ValueError, match="at least one set of values"):
        core.time_redraw(box.redraw, [])


def test_pictures_and_pages_share_one_layout_so_the_stored_state_stays_small():
    box = _widget()
    leaves = list(box.pictures.values())
    assert len({id(p.layout) for p in leaves}) == 1 and len({id(p.style) for p in leaves}) == 1
    outer = box.children[-1]
    assert all(page.layout is outer.layout for page in outer.children)


def test_the_first_editions_names_still_work():
    controls = {"a": core.slider("slope a", 1.0, 0.0, 2.0, 0.5),
                "b": core.choice_slider("intercept b", [-1.0, 1.0], -1.0)}
    box = core.live_figure(_draw, controls, figsize=(3, 2), alt=_alt)
    assert box.static == ["b"] and len(box.pictures) == 2
    assert "intercept b changes the picture; slope a need a kernel" in box.children[1].value
    many = {"a": core.slider("slope a", 1.0, 0.0, 2.0, 0.5),
            "b": core.choice_slider("intercept b", range(80), 0)}
    box = core.live_figure(lambda ax, a, b: _draw(ax, a, b), many, figsize=(3, 2))
    assert box.static == [] and len(box.pictures) == 1
    assert "no control changes the picture; slope a, intercept b need a kernel" in box.children[1].value
    box.controls["a"].value = 2.0
    assert box.shown() is box.pictures[()]
    seconds = core.time_redraw(lambda ax: ax.plot([0, 1]), 2, figsize=(3, 2))
    assert 0 < seconds < 10


def _bench_widgets():
    """Every chapter's widget, built as ``bench/widgets_redraw.py`` builds it."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "widgets_redraw.py"
    spec = importlib.util.spec_from_file_location("widgets_redraw", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_widgets(), module._positions


def _pixels(html):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(_png(html))).convert("RGB"))


def test_a_reused_axes_draws_the_same_pixels_as_a_new_one(monkeypatch):
    """Emptying and reusing one Axes, and starting from the stored frame, are only
    speed-ups: every widget, moved through its controls' positions, gives the
    pictures that a new Axes drawn in full gives."""
    import numpy as np

    live_png = core._Canvas.png
    # The stored pictures are not compared here: skip drawing them, to save time.
    monkeypatch.setattr(core._Canvas, "png", lambda self, draw, palette=True:
                        b"" if palette else live_png(self, draw, palette=False))
    made, positions = _bench_widgets()
    reused, frames, steps_in_all = {}, {}, 0
    for name, make in made.items():
        box, fresh_box = make(), make()
        fresh_box.canvas.reuse = False
        steps = []
        for control_name, control in box.controls.items():
            for value in positions(control)[1::3]:
                steps.append({**{n: c.value for n, c in box.controls.items()},
                              control_name: value})
        for values in steps[:6] + steps[:1]:
            before = box.canvas.new_axes
            again = _pixels(box.redraw(palette=False, **values))
            reused[name] = reused.get(name, 0) + (box.canvas.new_axes == before)
            steps_in_all += 1
            fresh = _pixels(fresh_box.redraw(palette=False, **values))
            assert np.array_equal(again, fresh), f"{name} at {values}"
        frames[name] = box.canvas.frames_reused
    # Each widget's first picture needs a new Axes; every later one reused it (so the
    # comparison above compared the reuse).
    assert sum(reused.values()) == steps_in_all - len(made), reused
    # And the stored frame was used, by the widgets whose data lie above the ticks.
    for name in ("ch3 bump_explorer", "ch8 mnist_trainer", "ch9 optimiser_race"):
        assert frames[name] > 0, frames
