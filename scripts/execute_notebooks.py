"""Re-execute notebooks in place, storing widget state, as `make execute` does.

    python scripts/execute_notebooks.py book/00-introduction.ipynb ...

Each notebook runs in a fresh kernel from its own folder. The widget state is
stored so that the static site shows the widgets; per-cell timing metadata is
not, so re-running an unchanged notebook changes nothing but what really
changed. A notebook is written only when it ran without error, atomically.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path, timeout: int = 900) -> float:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    mode = path.stat().st_mode & 0o777
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".ipynb.tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        nbformat.write(notebook, file)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
    return seconds


def main(paths: list[str]) -> int:
    if not paths:
        print("usage: python scripts/execute_notebooks.py NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    for name in paths:
        seconds = execute(Path(name))
        print(f"{name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
