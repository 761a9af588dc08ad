"""Run every chapter and exercise notebook where readers run them: `make test-compat`.

Two throw-away environments are made under _build/compat/:

- colab:  the versions Colab ships that matter here (its published package list,
          August 2026), on Python 3.13 when this machine has it;
- lowest: the lowest versions pyproject.toml declares, on Python 3.10, so that the
          declared lower bounds are true, not hoped.

In each, nncourse is installed the way a chapter's first cell does on Colab (pip
from the repository; the working tree stands in for it), then every notebook in
book/ and exercises/ is executed headless with nbclient. Any error fails the run.
The result, with its date, replaces the block between the compat markers in
README.md.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "_build" / "compat"
# Colab's versions of what matters here: its published package list
# (github.com/googlecolab/backend-info, pip-freeze.txt of 2026-08-19, the commit
# "Upgrade to Python 3.13"). Colab's torch is the CPU build 2.11.0+cpu; PyPI's
# 2.11.0 is the same code with CUDA libraries beside it.
COLAB = ["ipywidgets==7.7.1", "numpy==2.1.3", "matplotlib==3.10.0", "ipykernel==6.17.1",
         "tqdm==4.67.1"]
COLAB_FRAMEWORKS = ["torch==2.11.0", "keras==3.13.2"]
# Chapter 12 and its exercises need the frameworks; the lowest environment has none.
FRAMEWORK_CHAPTERS = ("12-",)
# What executing needs besides the package; not pinned by either environment.
RUNNER = ["nbclient", "nbformat", "ipykernel"]


def lowest_pins() -> list[str]:
    """pyproject's lower bounds as exact pins: `numpy>=1.24` -> `numpy==1.24`."""
    import tomllib  # here, not at the top: --run-inside also runs on Python 3.10

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = []
    for requirement in project["dependencies"]:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)\s*", requirement)
        if not match:
            raise SystemExit(f"compat_run.py cannot read the lower bound of {requirement!r}")
        pins.append(f"{match[1]}=={match[2]}")
    return pins


def find_python(version: str) -> str:
    """A working `python<version>`: on PATH, or installed by pyenv; else this Python."""
    candidates = [f"python{version}"]
    candidates += sorted(str(p) for p in Path.home().glob(f".pyenv/versions/{version}*/bin/python3"))
    for candidate in candidates:
        found = shutil.which(candidate)
        if found and subprocess.run([found, "-c", "import venv"], capture_output=True).returncode == 0:
            return found
    print(f"   Python {version} not found; using {sys.version.split()[0]} instead")
    return sys.executable


def make_env(name: str, python: str, pins: list[str]) -> Path:
    env = WORK / name
    shutil.rmtree(env, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(env)], check=True)
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check"]
    constraints = env / "constraints.txt"
    constraints.write_text("\n".join(pins) + "\n")
    subprocess.run([*pip, *pins, *RUNNER, "-c", str(constraints)], check=True)
    # As on Colab: `pip install "nncourse @ git+<repository>"`, the tree standing in.
    subprocess.run([*pip, f"nncourse @ {ROOT.as_uri()}", "-c", str(constraints)], check=True)
    return env


def run_inside(paths: list[str]) -> int:
    """Executed by an environment's own Python: run each notebook, report as JSON."""
    import nbformat
    from nbclient import NotebookClient

    results = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:  # a notebook may write files
            client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                                    resources={"metadata": {"path": folder}})
            try:
                client.execute()
                error = None
            except Exception as exc:  # any failure of any kind fails the run
                error = f"{type(exc).__name__}: {str(exc)[-600:]}"
        results.append({"notebook": path, "seconds": round(time.perf_counter() - start, 1),
                        "error": error})
    print(json.dumps(results))
    return 0


def main() -> int:
    notebooks = sorted(str(p) for p in (ROOT / "book").glob("*.ipynb"))
    notebooks += sorted(str(p) for p in (ROOT / "exercises").glob("*.ipynb"))
    plans = {
        "colab": (find_python("3.13"), COLAB + COLAB_FRAMEWORKS),
        "lowest": (find_python("3.10"), lowest_pins()),
    }
    WORK.mkdir(parents=True, exist_ok=True)
    summary, failed = [], False
    for name, (python, pins) in plans.items():
        print(f"== {name}: {python}, {' '.join(pins)}", flush=True)
        env = make_env(name, python, pins)
        version = subprocess.run([str(env / "bin" / "python"), "--version"],
                                 capture_output=True, text=True).stdout.strip()
        runs = notebooks
        if not any(pin.startswith("torch==") for pin in pins):
            runs = [n for n in notebooks if not Path(n).name.startswith(FRAMEWORK_CHAPTERS)]
            print(f"   {name}: no PyTorch or Keras here, so chapter 12 is left out")
        out = subprocess.run([str(env / "bin" / "python"), __file__, "--run-inside", *runs],
                             capture_output=True, text=True, env={**os.environ, "MPLBACKEND": ""})
        if out.returncode != 0:
            print(out.stderr[-3000:])
            return 1
        results = json.loads(out.stdout.strip().splitlines()[-1])
        bad = [r for r in results if r["error"]]
        failed |= bool(bad)
        for r in results:
            mark = "ok" if not r["error"] else f"FAILED: {r['error']}"
            print(f"   {Path(r['notebook']).relative_to(ROOT)}: {r['seconds']} s {mark}")
        summary.append(f"- **{name}** ({version}; {', '.join(pins)}): "
                       f"{len(results) - len(bad)} of {len(results)} notebooks ran without error"
                       + ("" if runs == notebooks else " (chapter 12 and its exercises left "
                          "out: this environment has no frameworks)")
                       + ("" if not bad else " — failed: "
                          + ", ".join(Path(r["notebook"]).name for r in bad)))
    record(summary)
    return 1 if failed else 0


def record(summary: list[str]) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    day = datetime.date.today().isoformat()
    block = f"<!-- compat:start -->\nLast run {day}:\n\n" + "\n".join(summary) + "\n<!-- compat:end -->"
    new = re.sub(r"<!-- compat:start -->.*?<!-- compat:end -->", block, text, flags=re.S)
    if new != text:
        readme.write_text(new)
    print("\n".join(summary))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--run-inside":
        raise SystemExit(run_inside(sys.argv[2:]))
    raise SystemExit(main())
