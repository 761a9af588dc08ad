"""Every notebook page offers Binder and Colab, each pointing at that very notebook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("book", "exercises")
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
