"""Fixtures for the browser test: the built site on a local server, and Chromium.

The test needs Debian's Chromium. When the environment variable CI is set it
must run: Chromium is installed with apt-get if it is missing and we are root.
Elsewhere it is skipped with a message saying how to enable it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# Flags for a headless Chromium on a machine with no network and no GPU; the
# background-networking ones stop it from calling home.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _install_chromium() -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdin=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    )


def _ensure_japanese_font() -> None:
    """Under CI, give Chromium a Japanese font (Debian's IPA Gothic) if the machine has
    none, so that the Japanese pages are laid out and photographed with real glyphs
    rather than empty boxes. A reader's system has its own; the site names them in
    site/css/nncourse.css."""
    if shutil.which("fc-list") is None:
        return
    has_font = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True).stdout.strip()
    if has_font or not os.environ.get("CI") or shutil.which("apt-get") is None or os.geteuid() != 0:
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-qq", "fonts-ipafont-gothic"], env=env,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def _chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if not os.environ.get("CI"):
        pytest.skip(
            "Debian's chromium is not installed: `apt-get install chromium` (or run with CI=true "
            "as root, which installs it) to run the browser test."
        )
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.fail("CI is set but chromium is missing and cannot be installed (need apt-get and root).")
    _install_chromium()
    return CHROMIUM


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail(f"No built site at {SITE}: run `make build` first.")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    _ensure_japanese_font()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
