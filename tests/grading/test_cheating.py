"""The grader cannot be fooled: every submission here scores what it deserves.

Each submission is the fixture assignment (``fixtures/solutions/99-toy.ipynb``: relu
1 point, mse 2 points, dense_forward 1 point) with honest or wrong functions plus
something nasty. All of them are graded in one run (one reference, two at a time),
then each test reads its submission's result. The grader itself must come through
unharmed: correct results for the honest functions, no stray processes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from _grading import TOY, read_notebook, write_submission
from nncourse.grading import Grader, Limits

# A wrong answer for each function (scores 0), to pair with the tricks.
WRONG = {
    "relu": "def relu(x):\n    return x\n",
    "mse": "def mse(y_hat, y):\n    return float(np.sum((y_hat - y) ** 2))\n",
    "dense_forward": "def dense_forward(X, W, b):\n    Z = X @ W\n    return Z, 0.0\n",
}
ALL_WRONG = WRONG

# The package's own source (src/) is shown to the sandbox on purpose: it is public.
PUBLIC = str(Path(__import__("nncourse").__file__).resolve().parents[1])
SEARCH_DISK = f'''
import glob, os
found = []
for pattern in ("/work/**/solutions/*.ipynb", "/root/**/*.ipynb", "/home/**/*.ipynb",
                "/tmp/**/*.ipynb", "/tmp/**/*.npz", "../**/*.ipynb", "**/*", "{TOY.parent}/*"):
    found += glob.glob(pattern, recursive=True)
for path in ("{TOY}", "/work/main/solutions", "{TOY.parents[3]}/solutions", "{TOY.parents[3]}"):
    if os.path.exists(path):
        found.append(path)
found = [path for path in found if not path.startswith("{PUBLIC}")]
if found:  # with the answers we could do better; without them the wrong answers stay
    raise SystemExit(f"found {{found}}")
'''

# name -> (cells to add, functions to replace, expected points per function)
CASES = {
    "honest": ([], {}, {"relu": 1, "mse": 2, "dense_forward": 1}),
    "infinite_loop_cell": (["while True:\n    pass\n"], {}, {"relu": 1, "mse": 2,
                                                           "dense_forward": 1}),
    "uninterruptible_loop": (
        ["import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"],
        {}, {"relu": 1, "mse": 2, "dense_forward": 1}),
    "infinite_loop_in_function": (
        [], {"relu": "def relu(x):\n    while True:\n        pass\n"},
        {"relu": 0, "mse": 2, "dense_forward": 1}),
    "sys_exit": (["import sys\nsys.exit(0)\n"], {}, {"relu": 1, "mse": 2, "dense_forward": 1}),
    "os_exit": (["import os\nos._exit(0)\n"], {}, {"relu": 1, "mse": 2, "dense_forward": 1}),
    "kill_kernel": (["import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"], {},
                    {"relu": 1, "mse": 2, "dense_forward": 1}),
    "function_kills_kernel": (
        [], {"mse": "def mse(y_hat, y):\n    import os\n    os._exit(3)\n"},
        {"relu": 1, "mse": 0, "dense_forward": 1}),
    "patch_numpy_and_checks": (
        ["import numpy, numpy.testing, nncourse.checks, nncourse.checks.core as core\n"
         "numpy.allclose = lambda *a, **k: True\n"
         "numpy.array_equal = lambda *a, **k: True\n"
         "numpy.testing.assert_allclose = lambda *a, **k: None\n"
         "numpy.isclose = lambda a, b, *r, **k: numpy.ones(numpy.shape(a), bool)\n"
         "core.run_checks = nncourse.checks.run_checks = lambda *a, **k: 'all passed'\n"],
        ALL_WRONG, {"relu": 0, "mse": 0, "dense_forward": 0}),
    "always_equal_object": (
        ["class Anything:\n    def __eq__(self, other):\n        return True\n"
         "    def __array__(self, *a, **k):\n        raise TypeError('no')\n"],
        {"relu": "def relu(x):\n    return Anything()\n",
         "mse": "def mse(y_hat, y):\n    return Anything()\n"},
        {"relu": 0, "mse": 0, "dense_forward": 1}),
    "ndarray_subclass": (
        ["class Liar(np.ndarray):\n    def __eq__(self, other):\n        return True\n"
         "    def __array_function__(self, *a, **k):\n        return True\n"],
        {"relu": "def relu(x):\n    return (np.asarray(x) + 1).view(Liar)\n"},
        {"relu": 0, "mse": 2, "dense_forward": 1}),
    "search_disk_for_answers": ([SEARCH_DISK], ALL_WRONG,
                                {"relu": 0, "mse": 0, "dense_forward": 0}),
    "fake_results": (
        ["import base64, io, json, numpy as np, nncourse.grading.kernelside as ks\n"
         "from IPython.display import publish_display_data\n"
         "save = np.savez\n"
         "def fake(namespace, name, inputs):\n"
         "    buffer = io.BytesIO()\n"
         "    claim = {'status': 'ok', 'results': [{'value': {'t': 'py', 'py': 'float',"
         " 'k': 'a0'}}] * 2}\n"
         "    save(buffer, __spec__=np.array(json.dumps(claim)), a0=np.array(1.0))\n"
         "    publish_display_data({ks.MIME: base64.b64encode(buffer.getvalue()).decode()})\n"
         "ks.extract = fake\n"
         "np.savez = lambda *a, **k: None\n"
         "for path in ('results.json', '/tmp/results.json', '/tmp/work/results.npz'):\n"
         "    with open(path, 'w') as out:\n"
         "        out.write(json.dumps({'score': 100, 'tests': []}))\n"],
        ALL_WRONG, {"relu": 0, "mse": 0, "dense_forward": 0}),
    "corrupt_the_channel": (
        ["import os, struct\n"
         "for pid in (os.getppid(), 1, 2, 3):\n"
         "    for fd in range(0, 40):\n"
         "        try:\n"
         "            with open(f'/proc/{pid}/fd/{fd}', 'wb') as out:\n"
         "                out.write(struct.pack('>Q', 2**40) + b'garbage')\n"
         "        except OSError:\n"
         "            pass\n"],
        {}, {"relu": 1, "mse": 2, "dense_forward": 1}),
    "megabytes_of_output": (
        ["print('x' * 50_000_000)\nfor i in range(200_000):\n    print(i)\n"], {},
        {"relu": 1, "mse": 2, "dense_forward": 1}),
    "huge_memory": (
        ["import numpy as np\nhog = np.ones(10**10)\n", "hog = bytearray(8 * 2**30)\n"], {},
        {"relu": 1, "mse": 2, "dense_forward": 1}),
    "fill_the_disk": (
        ["chunk = b'0' * 2**24\nwith open('big.bin', 'wb') as out:\n"
         "    for i in range(2**10):\n        out.write(chunk)\n"], {},
        {"relu": 1, "mse": 2, "dense_forward": 1}),
    "huge_result": ([], {"relu": "def relu(x):\n    return np.zeros(20_000_000)\n"},
                    {"relu": 0, "mse": 2, "dense_forward": 1}),
    "syntax_error_in_one_cell": (
        [], {"mse": "def mse(y_hat, y)\n    return float(np.mean((y_hat - y) ** 2))\n"},
        {"relu": 1, "mse": 0, "dense_forward": 1}),
}

LIMITS = Limits(cell_timeout=6, function_timeout=6, timeout=150)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sandbox_mode):
    """Every submission of CASES, graded in one run: ``{name: SubmissionResult}``."""
    folder = tmp_path_factory.mktemp("submissions")
    base = read_notebook(TOY)
    base["cells"] = [c for c in base["cells"]
                     if "hidden-tests" not in c.get("metadata", {}).get("tags", [])]
    paths = {name: write_submission(folder / f"{name}.ipynb", base, replace=replace,
                                    extra=extra, at=None)
             for name, (extra, replace, _) in CASES.items()}
    grader = Grader(TOY.parent, LIMITS, sandbox=sandbox_mode, jobs=2)
    results = grader.grade(list(paths.values()), assignment="99-toy")
    return dict(zip(paths, results))


@pytest.mark.parametrize("name", list(CASES))
def test_submission_scores_what_it_deserves(graded, name):
    result = graded[name]
    expected = CASES[name][2]
    got = {f.name: f.score for f in result.functions}
    assert got == expected, f"{name}: {result.functions} notes={result.notes}"


def test_the_sandbox_hides_the_answers(graded, require_sandbox):
    # search_disk_for_answers raises SystemExit when it finds anything: in the sandbox
    # its cell ran without finding a thing (no error recorded for it).
    result = graded["search_disk_for_answers"]
    assert not any("found" in note for note in result.notes), result.notes


def test_the_sandbox_keeps_the_channel_private(graded, require_sandbox):
    assert "corrupt_the_channel" in graded and graded["corrupt_the_channel"].score == 4


def test_runaway_cells_are_reported(graded):
    notes = " ".join(graded["uninterruptible_loop"].notes)
    assert "Timeout" in notes and "restarted" in notes, notes
    assert "restarted" in " ".join(graded["os_exit"].notes)
    assert any("SyntaxError" in note for note in graded["syntax_error_in_one_cell"].notes)
    assert any("MemoryError" in note for note in graded["huge_memory"].notes)


def test_no_kernel_outlives_the_grading(graded):
    leftovers = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if any(mark in command for mark in (b"nncourse.grading.runner", b"/tmp/home/runtime",
                                            b"nncourse-grade-")):
            leftovers.append(command.decode(errors="replace")[:200])
    assert not leftovers, leftovers
