"""Bounded resources per submission: a fork bomb, a fan-out of memory-hungry children
and a CPU hog are each contained, and a classmate graded in the same run finishes in
at most twice its solo time with the same score.

These need the sandbox as root with cgroups (see ``nncourse.grading.limits``); where
the machine does not allow them the tests are skipped, saying why. While a run goes
on, a sampler counts the submissions' processes (their uids are 61000 and up) and adds
up their memory (proportional set size), so "contained" is measured, not assumed.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from _grading import TOY, read_notebook, write_submission
from nncourse.grading import Grader, Limits
from nncourse.grading.limits import UID_BASE

MiB = 2**20
LIMITS = Limits(cell_timeout=8, function_timeout=10, timeout=150, memory=1024 * MiB,
                processes=64, cpus=1.0)
HONEST = {"relu": 1, "mse": 2, "dense_forward": 1}

FORK_BOMB = ("import os, time\nwhile True:\n    try:\n        os.fork()\n"
             "    except OSError:\n        time.sleep(0.01)\n")
MEMORY_FAN_OUT = ("import os, time\nfor _ in range(8):\n    if os.fork() == 0:\n"
                  "        hog = bytearray(700 * 2**20)\n"
                  "        for i in range(0, len(hog), 4096):\n            hog[i] = 1\n"
                  "        time.sleep(60)\n        os._exit(0)\ntime.sleep(6)\n")
CPU_HOG = ("import os\nfor _ in range(20):\n    if os.fork() == 0:\n        while True:\n"
           "            pass\n")


class Sampler:
    """Counts the submissions' processes and their total memory, every 0.1 s."""

    def __init__(self):
        self.most_processes = 0
        self.most_memory = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            count, memory = 0, 0
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    status = open(f"/proc/{pid}/status").read()
                    uid = int(status.split("\nUid:")[1].split()[0])
                    if UID_BASE <= uid < UID_BASE + 64:
                        threads = int(status.split("\nThreads:")[1].split()[0])
                        count += threads
                        # Pss: shared pages (a fork's copy-on-write) counted once in all.
                        rollup = open(f"/proc/{pid}/smaps_rollup").read()
                        memory += int(rollup.split("\nPss:")[1].split()[0]) * 1024
                except (OSError, IndexError, ValueError):
                    continue
            self.most_processes = max(self.most_processes, count)
            self.most_memory = max(self.most_memory, memory)
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


@pytest.fixture(scope="module")
def limited(require_sandbox):
    grader = Grader(TOY.parent, LIMITS, sandbox="bwrap", jobs=2)
    if not (grader.sandbox.cgroup and grader.sandbox.drop_uid):
        pytest.skip(f"limits unavailable here: {grader.sandbox.note}")
    return grader


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("limits")
    base = read_notebook(TOY)
    base["cells"] = [c for c in base["cells"]
                     if "hidden-tests" not in c.get("metadata", {}).get("tags", [])]
    write_submission(folder / "classmate.ipynb", base)
    for name, cell in (("fork_bomb", FORK_BOMB), ("memory_fan_out", MEMORY_FAN_OUT),
                       ("cpu_hog", CPU_HOG)):
        write_submission(folder / f"{name}.ipynb", base, extra=[cell])
    return folder


@pytest.fixture(scope="module")
def solo_seconds(limited, folder):
    [result] = limited.grade([folder / "classmate.ipynb"])
    assert result.score == 4
    return result.seconds


@pytest.mark.parametrize("attack", ["fork_bomb", "memory_fan_out", "cpu_hog"])
def test_an_attack_is_contained_and_the_classmate_is_not_slowed(limited, folder,
                                                               solo_seconds, attack):
    with Sampler() as sampler:
        start = time.monotonic()
        attacker, classmate = limited.grade([folder / f"{attack}.ipynb",
                                             folder / "classmate.ipynb"])
        wall = time.monotonic() - start
    assert {f.name: f.score for f in classmate.functions} == HONEST, classmate.notes
    assert classmate.seconds <= 2 * solo_seconds, (classmate.seconds, solo_seconds)
    assert wall < LIMITS.timeout + 60
    # Two submissions at once, each within its limits, run as unprivileged uids.
    assert 0 < sampler.most_processes <= 2 * LIMITS.processes, sampler.most_processes
    assert sampler.most_memory <= 2 * LIMITS.memory * 1.05, sampler.most_memory / MiB
    if attacker.peak_memory is not None:
        assert attacker.peak_memory <= LIMITS.memory * 1.02, attacker.peak_memory / MiB
    assert attacker.functions, attacker.notes  # it got a result too


def test_nothing_outlives_the_run(limited, folder):
    limited.grade([folder / "fork_bomb.ipynb"])
    time.sleep(0.5)
    left = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            uid = int(open(f"/proc/{pid}/status").read().split("\nUid:")[1].split()[0])
        except (OSError, IndexError, ValueError):
            continue
        if UID_BASE <= uid < UID_BASE + 64:
            left.append(pid)
    assert not left, left
    cgroups = [p for p in os.listdir("/sys/fs/cgroup/pids") if p.startswith("nncourse-grade-")]
    assert not cgroups, cgroups
