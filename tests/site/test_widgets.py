"""Every widget slider of the built book, in a real browser with no kernel.

For each page and each widget slider: the arrow keys move it to two other
positions; each time the picture on show must change, be a real image (not blank
or broken), and be the one stored for that position (its alt text names the
value the slider reads); moving back must restore the first picture. Drop-down
menus of the widgets get the same test by choosing another option. Sliders that
a widget declares as needing a kernel ("... need a kernel") are only checked to be
declared. No console error may occur meanwhile.
"""

from __future__ import annotations

import re

import pytest

from test_pages import SITE, built_pages

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def pages_with_widgets() -> list[str]:
    return [page for page in built_pages()
            if WIDGET_VIEW in (SITE / page).read_text(encoding="utf-8", errors="replace")]


def test_the_chapters_with_widgets_were_built():
    pages = pages_with_widgets()
    for stem in ("00-introduction", "01-perceptron", "07-backpropagation"):
        assert f"book/{stem}.html" in pages, f"no widget found on book/{stem}.html; pages: {pages}"


# The top-level widgets of the page: each cell output's outermost widget box.
_WIDGETS = """() => [...document.querySelectorAll('.jupyter-widgets.widget-vbox')]
    .filter(box => !box.parentElement.closest('.jupyter-widgets.widget-vbox'))
    .map((box, i) => { box.dataset.testWidget = i; return i; })"""

# What one widget shows now: its pictures, its sliders' labels and readouts, its note.
_STATE = """(i) => {
    const box = document.querySelector(`[data-test-widget="${i}"]`);
    const images = [...box.querySelectorAll('img')].filter(img => img.offsetParent !== null);
    return {
        images: images.map(img => ({src: img.src, alt: img.alt, ok: img.complete && img.naturalWidth > 0})),
        sliders: [...box.querySelectorAll('.widget-slider')].map(s => ({
            label: (s.querySelector('.widget-label') || {}).textContent || '',
            readout: ((s.querySelector('.widget-readout') || {}).textContent || '').trim(),
        })),
        selects: [...box.querySelectorAll('.widget-dropdown select')].map(s => ({
            label: (s.closest('.widget-dropdown').querySelector('label') || {}).textContent || '',
            options: [...s.options].map(o => o.textContent), value: s.selectedIndex,
        })),
        note: [...box.querySelectorAll('.widget-html')].map(h => h.textContent)
            .find(t => t.includes('need a kernel')) || '',
    };
}"""


def _live_only(note: str) -> set[str]:
    """The labels a widget's note says need a kernel."""
    match = re.search(r"changes? the picture; (.*) need a kernel", note)
    return {name.strip() for name in match.group(1).split(",")} if match else set()


def _settle(tab):
    """Let the page finish the frame, as a reader's next keypress would: the widget
    manager (Lumino) delivers some messages on the next animation frame, and a
    switch back before then finds the first picture's view already disposed."""
    tab.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _picture(state):
    assert len(state["images"]) == 1, f"expected one picture on show, found {len(state['images'])}"
    picture = state["images"][0]
    assert picture["ok"], "the picture on show is broken or blank"
    assert picture["src"].startswith("data:image/png;base64,"), picture["src"][:60]
    return picture


# Pages whose widgets are not built on widgets.stored_figure yet: their sliders are
# still dead without a kernel. strict: once one works, this test says to remove it.
NOT_YET_STORED: dict = {}


def _cases():
    return [pytest.param(page, marks=pytest.mark.xfail(reason=NOT_YET_STORED[page], strict=True))
            if page in NOT_YET_STORED else page for page in pages_with_widgets()]


@pytest.mark.parametrize("page", _cases())
def test_every_widget_slider_changes_its_picture_without_a_kernel(page, site_url, browser):
    errors = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(f"{site_url}/{page}", wait_until="networkidle")
    tab.wait_for_selector(".widget-slider .noUi-handle", timeout=15_000)
    tab.wait_for_timeout(300)
    checked, problems = [], []
    for i in tab.evaluate(_WIDGETS):
        box = tab.locator(f'[data-test-widget="{i}"]')
        state = tab.evaluate(_STATE, i)
        if not state["images"] and not state["sliders"]:
            continue
        live = _live_only(state["note"])
        first = _picture(state)
        for k, slider in enumerate(state["sliders"]):
            name = slider["label"].strip()
            where = f"{page} widget {i}, slider {name!r}"
            if name in live:
                checked.append(f"{where}: declared as needing a kernel")
                continue
            handle = box.locator(".widget-slider .noUi-handle").nth(k)
            now_at = float(handle.get_attribute("aria-valuenow"))
            low = float(handle.get_attribute("aria-valuemin"))
            high = float(handle.get_attribute("aria-valuemax"))
            right, left = round(high - now_at), round(now_at - low)
            # Two other positions where the slider has them (one on a two-position slider).
            if right >= 2:
                keys = ["ArrowRight"] * 2 + ["ArrowLeft"] * 2
            elif left >= 2:
                keys = ["ArrowLeft"] * 2 + ["ArrowRight"] * 2
            else:
                keys = ["ArrowRight"] * right + ["ArrowLeft"] * (right + left) + ["ArrowRight"] * left
            handle.focus()
            pictures = {slider["readout"]: first["src"]}
            for key in keys:
                handle.press(key)
                _settle(tab)
                now = tab.evaluate(_STATE, i)
                readout = now["sliders"][k]["readout"]
                picture = _picture(now)
                if readout == slider["readout"]:
                    if picture["src"] != first["src"]:
                        problems.append(f"{where}: moving back did not restore the first picture")
                    continue
                if picture["src"] in (pictures.get(r) for r in pictures if r != readout):
                    problems.append(f"{where}: at {readout} the picture did not change")
                elif readout not in picture["alt"]:
                    problems.append(f"{where}: at {readout} the picture shown is not the one "
                                    f"stored for it (alt: {picture['alt']!r})")
                pictures[readout] = picture["src"]
            final = tab.evaluate(_STATE, i)
            if final["sliders"][k]["readout"] != slider["readout"] or \
                    _picture(final)["src"] != first["src"]:
                problems.append(f"{where}: the keys did not bring the slider back to its start")
            if len(pictures) - 1 < min(2, right + left):
                problems.append(f"{where}: the arrow keys reached only {len(pictures) - 1} "
                                f"other positions")
            checked.append(f"{where}: {len(pictures) - 1} other positions")
        for k, select in enumerate(state["selects"]):
            where = f"{page} widget {i}, menu {select['label']!r}"
            menu = box.locator(".widget-dropdown select").nth(k)
            other = (select["value"] + 1) % len(select["options"])
            menu.select_option(index=other)
            _settle(tab)
            picture = _picture(tab.evaluate(_STATE, i))
            label = select["options"][other].replace("\xa0", " ")  # the menu shows no-break spaces
            if picture["src"] == first["src"] or label not in picture["alt"]:
                problems.append(f"{where}: choosing {select['options'][other]!r} did not show "
                                f"its stored picture (alt: {picture['alt']!r})")
            menu.select_option(index=select["value"])
            _settle(tab)
            if _picture(tab.evaluate(_STATE, i))["src"] != first["src"]:
                problems.append(f"{where}: choosing back did not restore the first picture")
            checked.append(f"{where}: menu")
    context.close()
    assert checked, f"{page}: no widget slider found"
    assert not problems, "\n".join(problems)
    assert not errors, f"{page} logged console errors: {errors}"
