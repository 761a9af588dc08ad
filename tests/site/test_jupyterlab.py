"""The widgets with a kernel, in JupyterLab: what a reader gets on Binder.

JupyterLab (pinned in requirements.txt, as Binder installs it) is started on copies
of a small notebook and of chapter 1 up to its first widget, in a temporary folder. In Chromium the notebook is run; then
the arrow keys move a slider with stored pictures (the picture switches in the
browser) and a slider without (the kernel redraws the picture), and a chapter
page's widget is checked the same way. No console error may occur meanwhile.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

# One stored slider (a, three positions) and one live slider (c), as in the book.
WIDGET_CELL = """\
from nncourse.widgets import core

def draw(ax, a, c):
    ax.plot([0, 1], [c, a + c])
    ax.set_title(f"a = {a:g}, c = {c:g}")

controls = {"a": core.choice_slider("slope a", [0.0, 1.0, 2.0], 1.0),
            "c": core.slider("offset c", 0.0, -1.0, 1.0, 0.5)}
core.stored_figure(draw, controls, figsize=(3, 2),
                   alt=lambda a, c: f"a line with slope a = {a:g} and offset c = {c:g}")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a folder holding the test notebook and chapter 1."""
    folder = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WIDGET_CELL)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "widget.ipynb")
    chapter = nbformat.read(ROOT / "book" / "01-perceptron.ipynb", as_version=4)
    for cell in chapter.cells:  # as a reader gets it after "clear outputs": no old widgets
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    # Up to the first widget: the run ends with it in view (JupyterLab does not render
    # cells far out of view, and a run scrolls on to the last cell).
    first = next(i for i, cell in enumerate(chapter.cells)
                 if cell.cell_type == "code" and "widgets." in cell.source)
    chapter.cells = chapter.cells[:first + 1]
    chapter.metadata.pop("widgets", None)
    nbformat.write(chapter, folder / "chapter.ipynb")
    home = tmp_path_factory.mktemp("home")
    # Render every cell: JupyterLab's default skips those out of view, which hides a
    # widget while the run scrolls on to later cells.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"), OPENBLAS_NUM_THREADS="1")
    port = _free_port()
    log = open(home / "lab.log", "w")  # noqa: SIM115  closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
         "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={folder}",
         "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("JupyterLab stopped while starting:\n"
                                + (home / "lab.log").read_text()[-2000:])
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within a minute")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _open_and_run(browser, url, name):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(f"{url}/lab/tree/{name}", wait_until="domcontentloaded")
    tab.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook')",
                          timeout=60_000)
    tab.wait_for_function("""() => {
        const s = document.querySelector('.jp-Notebook-ExecutionIndicator, .jp-KernelStatus');
        return document.querySelector('.jp-Notebook') && window.jupyterapp.shell.currentWidget
            && window.jupyterapp.shell.currentWidget.sessionContext
            && window.jupyterapp.shell.currentWidget.sessionContext.session
            && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel; }""",
                          timeout=60_000)
    tab.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    # Wait for the whole run: on a busy machine the kernel is still running later cells
    # (and the notebook scrolling to them) when the first widget appears.
    tab.wait_for_function("""() => {
        const panel = window.jupyterapp.shell.currentWidget;
        const prompts = [...document.querySelectorAll('.jp-InputPrompt')].map(p => p.textContent);
        return panel?.sessionContext?.session?.kernel?.status === 'idle'
            && prompts.some(p => /\\[\\d+\\]/.test(p)) && !prompts.some(p => p.includes('*'));
    }""", timeout=300_000)
    return tab, errors


def _picture(box):
    # JupyterLab skips rendering cells out of view: bring the widget into view first.
    box.scroll_into_view_if_needed()
    img = box.locator("img:visible").first
    img.wait_for(timeout=60_000)
    return img.get_attribute("src"), img.get_attribute("alt")


def _press(handle, key, times=1):
    handle.focus()
    for _ in range(times):
        handle.press(key)


def _changes(box, before, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = _picture(box)
        if now[0] != before[0]:
            return now
        time.sleep(0.2)
    raise AssertionError(f"the picture did not change within {timeout:g} s: {before[1]!r}")


def test_a_stored_and_a_live_slider_in_jupyterlab(lab, browser):
    tab, errors = _open_and_run(browser, lab, "widget.ipynb")
    box = tab.locator(".jp-OutputArea .jupyter-widgets.widget-vbox >> visible=true").first
    box.locator(".widget-slider .noUi-handle").first.wait_for(timeout=120_000)
    first = _picture(box)
    assert "slope a = 1 and offset c = 0" in first[1], first[1]
    stored, live = box.locator(".widget-slider .noUi-handle").all()[:2]
    _press(stored, "ArrowRight")
    moved = _changes(box, first)
    assert "slope a = 2" in moved[1], moved[1]
    _press(live, "ArrowRight")  # no stored picture: the kernel draws one
    redrawn = _changes(box, moved)
    assert "offset c = 0.5" in redrawn[1] and "slope a = 2" in redrawn[1], redrawn[1]
    _press(live, "ArrowLeft")
    _press(stored, "ArrowLeft")
    back = _changes(box, redrawn)
    assert "slope a = 1 and offset c = 0" in back[1], back[1]
    assert not errors, errors
    tab.close()


def test_a_chapter_widget_in_jupyterlab(lab, browser):
    tab, errors = _open_and_run(browser, lab, "chapter.ipynb")
    box = tab.locator(".jp-OutputArea .jupyter-widgets.widget-vbox >> visible=true").first
    handle = box.locator(".widget-slider .noUi-handle").first
    handle.wait_for(timeout=180_000)
    first = _picture(box)
    key = "ArrowLeft" if handle.get_attribute("aria-valuenow") == handle.get_attribute(
        "aria-valuemax") else "ArrowRight"
    _press(handle, key)
    moved = _changes(box, first)
    assert moved[1] and moved[1] != first[1], (first[1], moved[1])
    assert not errors, errors
    tab.close()
