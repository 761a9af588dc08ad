"""Every built page, in a real browser: offline, error-free, math typeset, widgets
drawn, accessible (axe-core: no serious or critical violations), readable on a phone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# Widths a reader meets: a phone and a laptop.
WIDTHS = {"phone": 390, "desktop": 1280}

# Folders of the build that hold assets, not pages.
NOT_PAGES = {"_static", "_sources", "_images", "vendor"}


def built_pages() -> list[str]:
    if not SITE.exists():
        return []
    return sorted(
        path.relative_to(SITE).as_posix()
        for path in SITE.rglob("*.html")
        if not NOT_PAGES & set(path.relative_to(SITE).parts)
    )


def test_the_site_was_built_with_every_chapter():
    pages = built_pages()
    assert "book/index.html" in pages, f"the book's front page is missing; pages: {pages}"
    assert "book/00-introduction.html" in pages


# How many math elements, widget views and rendered widgets a page has.
_COUNT = """() => ({
    math: document.querySelectorAll('.math').length,
    typeset: document.querySelectorAll('.math mjx-container, mjx-container.MathJax').length,
    raw: [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container')).length,
    views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    rendered: document.querySelectorAll('.jupyter-widgets.widget-vbox, .jupyter-widgets.widget-hbox, .widget-slider').length,
})"""


# axe-core's serious and critical violations, one line each, with where they are.
_AXE_SERIOUS = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')}`);
}"""

# The page itself must not be wider than the screen (wide code and tables scroll in
# their own boxes).
_HORIZONTAL_OVERFLOW = """() => document.documentElement.scrollWidth > window.innerWidth + 1
    ? `page is ${document.documentElement.scrollWidth} px wide` : null"""


@pytest.mark.parametrize("page", built_pages())
def test_page(page, site_url, browser):
    host = urlsplit(site_url).netloc
    outside, errors, missing = [], [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()

    def route(request_route):
        if urlsplit(request_route.request.url).netloc == host:
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    tab.route("**/*", route)
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    tab.goto(f"{site_url}/{page}", wait_until="networkidle")
    counts = tab.evaluate(_COUNT)
    if counts["math"]:
        tab.wait_for_function(
            "() => [...document.querySelectorAll('.math')].every(e => e.querySelector('mjx-container'))",
            timeout=15_000,
        )
    if counts["views"]:
        tab.wait_for_selector(".widget-slider", timeout=15_000)
    counts = tab.evaluate(_COUNT)

    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate(_AXE_SERIOUS)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = Path(page).with_suffix("").as_posix().replace("/", "_")
    tab.screenshot(path=str(SCREENSHOTS / f"{stem}-{WIDTHS['desktop']}.png"))
    tab.set_viewport_size({"width": WIDTHS["phone"], "height": 844})
    tab.wait_for_timeout(200)
    overflow = tab.evaluate(_HORIZONTAL_OVERFLOW)
    tab.screenshot(path=str(SCREENSHOTS / f"{stem}-{WIDTHS['phone']}.png"), full_page=False)
    context.close()

    assert not outside, f"{page} requested files outside the site: {outside}"
    assert not errors, f"{page} logged console errors: {errors}"
    assert not missing, f"{page} requested files the site does not have: {missing}"
    assert counts["raw"] == 0, f"{page}: {counts['raw']} of {counts['math']} math elements were not typeset"
    if counts["views"]:
        assert counts["rendered"] >= counts["views"], (
            f"{page}: {counts['views']} stored widgets but only {counts['rendered']} rendered"
        )
    assert not violations, f"{page}: accessibility violations (axe-core): {violations}"
    assert not overflow, f"{page}: at {WIDTHS['phone']} px wide the page scrolls sideways: {overflow}"


@pytest.mark.parametrize("edition, word", [("", "perceptron"), ("ja/", "パーセプトロン"),
                                           ("ja/", "誤差逆伝播法")])
def test_search_works_offline(edition, word, site_url, browser):
    """The Japanese edition's index is cut into words by Sphinx's Japanese splitter."""
    tab = browser.new_page()
    tab.goto(f"{site_url}/{edition}search.html?q={word}", wait_until="networkidle")
    tab.wait_for_selector("#search-results li", timeout=15_000)
    results = tab.locator("#search-results li").count()
    tab.close()
    assert results > 0, f"searching {edition or 'the English edition'} for {word!r} found nothing"
