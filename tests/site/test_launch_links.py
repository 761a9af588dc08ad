"""Every notebook page offers Binder and Colab, each pointing at that very notebook
(a Japanese page at its Japanese notebook), and links to itself in the other edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("book", "exercises", "ja/book", "ja/exercises")
    for p in (ROOT / folder).glob("*.ipynb")
)


def repository() -> str:
    match = re.search(r"^repository:\s*\n\s+url:\s*https://github.com/(\S+)",
                      (ROOT / "_config.yml").read_text(), re.M)
    assert match, "_config.yml has no GitHub repository.url"
    return match.group(1)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_launch_buttons_open_this_notebook(notebook):
    page = SITE / Path(notebook).with_suffix(".html")
    if not page.exists():
        pytest.fail(f"{notebook} is not in the built site ({page} missing): is it in _toc.yml?")
    html = page.read_text(encoding="utf-8")
    repo = repository()
    binder = f"https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/{notebook}"
    colab = f"https://colab.research.google.com/github/{repo}/blob/main/{notebook}"
    assert binder in html, f"{page.name}: no Binder link to {notebook}"
    assert colab in html, f"{page.name}: no Colab link to {notebook}"


def _pages():
    return sorted(p for folder in ("book", "exercises", "ja/book", "ja/exercises")
                  for p in (SITE / folder).glob("*.html"))


def test_both_editions_were_built():
    pages = {p.relative_to(SITE).as_posix() for p in _pages()}
    assert "book/01-perceptron.html" in pages and "ja/book/01-perceptron.html" in pages, (
        "both editions must be built (`make build`): English at the root, Japanese under ja/")


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(SITE).as_posix())
def test_every_page_links_to_the_other_edition(page):
    html = page.read_text(encoding="utf-8")
    match = re.search(r'<p class="nncourse-edition"><a href="([^"]+)" hreflang="(\w+)"', html)
    assert match, f"{page.relative_to(SITE)}: no link to the other edition"
    target = (page.parent / match.group(1)).resolve()
    japanese = page.relative_to(SITE).parts[0] == "ja"
    assert match.group(2) == ("en" if japanese else "ja")
    assert target.exists(), f"{page.relative_to(SITE)}: its other edition {match.group(1)} does not exist"
    assert target.relative_to(SITE.resolve()).as_posix() == (
        page.relative_to(SITE / "ja") if japanese else Path("ja") / page.relative_to(SITE)).as_posix()
