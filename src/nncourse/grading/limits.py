"""Limits for a whole submission, not only per process: cgroups and a user id of its own.

``RLIMIT_AS`` bounds one process; a submission that forks gets as many address spaces
as it has children. So each submission also runs

* as an unprivileged user id of its own (``UID_BASE`` + a slot number), set with
  ``setpriv`` inside the sandbox after bubblewrap has made its mounts, so
  ``RLIMIT_NPROC`` (which Linux never applies to uid 0) bounds its processes and
  threads; and
* in a cgroup of its own, created under the grader's own cgroup and removed
  afterwards: total memory (``memory.limit_in_bytes`` / ``memory.max``), number of
  tasks (``pids.max``) and CPU share (``cpu.cfs_quota_us`` / ``cpu.max``, one CPU by
  default). cgroup v1 controllers (memory, pids, cpu mounted under /sys/fs/cgroup/)
  and a cgroup v2 tree with those controllers delegated both work; the grader must be
  allowed to write there (root, or a delegated subtree).

Where a limit cannot be applied the grader still runs, and ``note`` (printed on the
report's last line) says which limits hold and which do not.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

__all__ = ["UID_BASE", "Cgroup", "cgroup_support", "uid_slot", "release_uid"]

UID_BASE = 61000
_UIDS: list = list(range(UID_BASE, UID_BASE + 64))
_UID_LOCK = threading.Lock()
_COUNTER = [0]
ROOT = Path("/sys/fs/cgroup")


def uid_slot() -> int:
    """A user id no other running submission has."""
    while True:
        with _UID_LOCK:
            if _UIDS:
                return _UIDS.pop(0)
        time.sleep(0.1)


def release_uid(uid: int) -> None:
    with _UID_LOCK:
        _UIDS.append(uid)


def _own_paths() -> dict:
    """``{controller: path}`` of this process's cgroups (``""`` for v2)."""
    paths = {}
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                paths[controller] = path
    except (OSError, ValueError):
        pass
    return paths


class Cgroup:
    """One submission's cgroup(s): ``create``, ``procs_files``, ``peak``, ``remove``."""

    def __init__(self, memory: int, processes: int, cpus: float):
        self.memory, self.processes, self.cpus = memory, processes, cpus
        self.dirs: dict = {}  # controller -> directory
        self.version = None
        self.problem = None

    def create(self) -> bool:
        with _UID_LOCK:
            _COUNTER[0] += 1
            name = f"nncourse-grade-{os.getpid()}-{_COUNTER[0]}"
        own = _own_paths()
        try:
            if (ROOT / "memory").is_dir() and (ROOT / "pids").is_dir():
                self.version = 1
                for controller in ("memory", "pids", "cpu"):
                    base = ROOT / controller / own.get(controller, "/").lstrip("/")
                    if not base.is_dir():
                        base = ROOT / controller
                    directory = base / name
                    directory.mkdir()
                    self.dirs[controller] = directory
                self._write("memory", "memory.limit_in_bytes", self.memory)
                self._write("memory", "memory.memsw.limit_in_bytes", self.memory, quiet=True)
                self._write("pids", "pids.max", self.processes)
                self._write("cpu", "cpu.cfs_period_us", 100000)
                self._write("cpu", "cpu.cfs_quota_us", int(self.cpus * 100000))
            elif (ROOT / "cgroup.controllers").exists():
                self.version = 2
                base = ROOT / own.get("", "/").lstrip("/")
                wanted = {"memory", "pids", "cpu"}
                if not wanted <= set((base / "cgroup.subtree_control").read_text().split()):
                    (base / "cgroup.subtree_control").write_text("+memory +pids +cpu")
                directory = base / name
                directory.mkdir()
                self.dirs = {c: directory for c in wanted}
                self._write("memory", "memory.max", self.memory)
                self._write("memory", "memory.swap.max", 0, quiet=True)
                self._write("pids", "pids.max", self.processes)
                self._write("cpu", "cpu.max", f"{int(self.cpus * 100000)} 100000")
            else:
                self.problem = "no cgroup hierarchy under /sys/fs/cgroup"
                return False
        except OSError as error:
            self.problem = f"cannot create a cgroup ({type(error).__name__}: {error})"
            self.remove()
            return False
        return True

    def _write(self, controller: str, name: str, value, quiet: bool = False) -> None:
        try:
            (self.dirs[controller] / name).write_text(str(value))
        except OSError:
            if not quiet:
                raise

    def procs_files(self) -> list:
        """The ``cgroup.procs`` files a process must join (one per hierarchy)."""
        return sorted({str(directory / "cgroup.procs") for directory in self.dirs.values()})

    def peak(self) -> int | None:
        """The most memory the submission held at once, in bytes."""
        directory = self.dirs.get("memory")
        for name in ("memory.max_usage_in_bytes", "memory.peak"):
            try:
                return int((directory / name).read_text())
            except (OSError, ValueError, TypeError):
                continue
        return None

    def kill_all(self) -> None:
        for _ in range(50):
            pids = set()
            for directory in set(self.dirs.values()):
                try:
                    pids |= {int(p) for p in (directory / "cgroup.procs").read_text().split()}
                except (OSError, ValueError):
                    pass
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.1)

    def remove(self) -> None:
        self.kill_all()
        for directory in set(self.dirs.values()):
            for _ in range(50):
                try:
                    directory.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)
        self.dirs = {}


_SUPPORT: dict = {}


def cgroup_support() -> str | None:
    """None when a submission's cgroup can be made here, else why not (cached)."""
    if "problem" not in _SUPPORT:
        probe = Cgroup(2**30, 64, 1.0)
        ok = probe.create()
        probe.remove()
        _SUPPORT["problem"] = None if ok else probe.problem
        _SUPPORT["version"] = probe.version
    return _SUPPORT["problem"]


def cgroup_version() -> int | None:
    cgroup_support()
    return _SUPPORT.get("version")
