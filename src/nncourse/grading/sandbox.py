"""Run the runner (``nncourse.grading.runner``) and its kernel in a bubblewrap sandbox.

The sandbox sees only the system (``/usr``), the Python install and the virtual
environment, and the ``nncourse`` package, all read-only, plus a fresh size-limited
tmpfs at ``/tmp`` (gone when the sandbox ends). It has no network (``--unshare-net``;
loopback works, so the kernel's sockets do, because nbclient runs inside too), its own
process tree (``--unshare-pid``), no capabilities, and dies with its parent. The job
goes in and results come back through two pipes passed as file descriptors; no file on
this machine is written.
The runner applies the memory limit (``RLIMIT_AS``) to itself before any submission
code runs, so the kernel inherits it. Where bubblewrap is unavailable the runner runs
as a plain subprocess in a temporary directory, and the report says so.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from nncourse.grading import codec

__all__ = ["Limits", "RunResult", "Sandbox", "find_sandbox", "run_job"]

GiB = 2**30


@dataclass
class Limits:
    """Time and memory limits for one submission."""

    cell_timeout: float = 120.0  # seconds per notebook cell
    function_timeout: float = 60.0  # seconds for all hidden cases of one function
    timeout: float = 900.0  # seconds for the whole submission
    memory: int = 4 * GiB  # address space of the runner and of the kernel, each
    disk: int = 512 * 2**20  # size of the sandbox's /tmp
    max_restarts: int = 3  # kernel restarts after a cell or function kills it
    max_output: int = 256 * 2**20  # bytes of results accepted from the sandbox


@dataclass
class Sandbox:
    kind: str  # "bwrap" or "none"
    note: str  # one line for the report


@dataclass
class RunResult:
    frames: list = field(default_factory=list)  # [(header, arrays)]
    seconds: float = 0.0
    killed: bool = False  # the overall timeout was reached
    returncode: int | None = None
    stderr: str = ""


def _package_root() -> Path:
    import nncourse

    return Path(nncourse.__file__).resolve().parents[1]


def _visible_paths() -> list:
    """What the sandbox shows read-only besides /usr: Python, the venv, nncourse."""
    candidates = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).parent,
                  Path(os.path.realpath(sys.executable)).parent.parent, _package_root()]
    paths = []
    for path in candidates:
        for variant in {path, Path(os.path.realpath(path))}:
            if variant.exists() and variant not in paths:
                paths.append(variant)
    paths.sort(key=lambda p: len(p.parts))
    kept = []
    for path in paths:
        if path == Path("/") or str(path).startswith("/usr/"):
            continue
        if not any(path == k or k in path.parents for k in kept):
            kept.append(path)
    return kept


def bwrap_command(limits: Limits) -> list:
    """The ``bwrap`` arguments that build the sandbox (without the command)."""
    command = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
               "--ro-bind", "/usr", "/usr"]
    if os.geteuid() == 0:
        command += ["--cap-drop", "ALL"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / name
        if path.is_symlink():
            command += ["--symlink", os.readlink(path), str(path)]
        elif path.exists():
            command += ["--ro-bind", str(path), str(path)]
    for path in ("/etc/ld.so.cache", "/etc/fonts", "/etc/localtime"):
        command += ["--ro-bind-try", path, path]
    # The private /tmp first, the read-only binds after: a checkout (and so its
    # venv) under /tmp must stay visible on top of the new tmpfs, not hidden by it.
    command += ["--proc", "/proc", "--dev", "/dev",
                "--size", str(limits.disk), "--tmpfs", "/tmp",
                "--dir", "/tmp/work", "--dir", "/tmp/home"]
    for path in _visible_paths():
        command += ["--ro-bind", str(path), str(path)]
    command += ["--chdir", "/tmp/work", "--clearenv"]
    for key, value in _environment("/tmp/home").items():
        command += ["--setenv", key, value]
    return command


# Which floating-point kernels OpenBLAS and NumPy use: passed through, so that
# `make test-portability` plays another processor inside the sandbox too.
_KERNEL_SETTINGS = ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")


def _environment(home: str) -> dict:
    kernels = {key: os.environ[key] for key in _KERNEL_SETTINGS if key in os.environ}
    return kernels | {
        "HOME": home, "TMPDIR": str(Path(home).parent), "LANG": "C.UTF-8",
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{home}/matplotlib",
        "IPYTHONDIR": f"{home}/ipython", "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTER_RUNTIME_DIR": f"{home}/runtime", "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1", "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    }


_PROBED: dict = {}


def find_sandbox(mode: str = "auto", limits: Limits | None = None) -> Sandbox:
    """Which sandbox to use: ``auto`` (bubblewrap when it works), ``bwrap``, ``none``."""
    if mode == "none":
        return Sandbox("none", "sandbox: NONE (--sandbox none): submissions ran unconfined "
                               "and could read files on this machine")
    if mode not in _PROBED:
        if shutil.which("bwrap") is None:
            _PROBED[mode] = "bubblewrap (bwrap) is not installed"
        else:
            probe = bwrap_command(limits or Limits()) + ["--", sys.executable, "-c", "pass"]
            try:
                done = subprocess.run(probe, capture_output=True, timeout=30, text=True)
                _PROBED[mode] = None if done.returncode == 0 else (
                    f"bwrap failed: {done.stderr.strip()[:200]}")
            except (OSError, subprocess.TimeoutExpired) as error:
                _PROBED[mode] = f"bwrap failed: {error}"
    problem = _PROBED[mode]
    if problem is None:
        return Sandbox("bwrap", "sandbox: bubblewrap (no network, own processes, read-only "
                                "Python and nncourse, private /tmp; solutions not visible)")
    if mode == "bwrap":
        raise RuntimeError(f"--sandbox bwrap was asked for, but {problem}")
    return Sandbox("none", f"sandbox: NONE ({problem}): submissions ran unconfined and "
                           f"could read files on this machine; apt-get install bubblewrap")


def _read_frames(stream, result: RunResult, limit: int) -> None:
    total = 0
    try:
        while True:
            head = stream.read(8)
            if len(head) < 8:
                return
            (size,) = struct.unpack(">Q", head)
            total += size
            if total > limit:
                return
            data = stream.read(size)
            if len(data) < size:
                return
            try:
                result.frames.append(codec.loads(data, limit=limit))
            except Exception:  # a damaged frame is no result
                result.frames.append(({"kind": "damaged"}, {}))
    finally:
        stream.close()


def _feed(fd: int, payload: bytes) -> None:
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(payload)
    except OSError:  # the runner died before reading its job
        pass


def _tail(stream, result: RunResult, keep: int = 2000) -> None:
    """Read a stream to its end, keeping only the last ``keep`` bytes."""
    tail = b""
    for chunk in iter(lambda: stream.read(65536), b""):
        tail = (tail + chunk)[-keep:]
    stream.close()
    result.stderr = tail.decode("utf-8", "replace")


def run_job(job: dict, arrays: dict, limits: Limits, sandbox: Sandbox) -> RunResult:
    """Run one job (a notebook's cells and the hidden inputs) and collect its frames."""
    job = dict(job, memory=limits.memory, disk=limits.disk, max_restarts=limits.max_restarts,
               cell_timeout=limits.cell_timeout, function_timeout=limits.function_timeout,
               deadline=max(5.0, limits.timeout - 10))
    payload = codec.dumps(job, arrays)
    result = RunResult()
    job_read, job_write = os.pipe()
    result_read, result_write = os.pipe()
    runner = [sys.executable, "-m", "nncourse.grading.runner", str(job_read), str(result_write)]
    with tempfile.TemporaryDirectory(prefix="nncourse-grade-") as tmp:
        if sandbox.kind == "bwrap":
            command, cwd, env = bwrap_command(limits) + ["--"] + runner, tmp, {}
        else:
            work, home = Path(tmp) / "work", Path(tmp) / "home"
            work.mkdir()
            home.mkdir()
            command, cwd, env = runner, str(work), _environment(str(home))
        start = time.monotonic()
        try:
            process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                       pass_fds=(job_read, result_write),
                                       start_new_session=True)
        finally:
            os.close(job_read)
            os.close(result_write)
        threads = [
            threading.Thread(target=_feed, args=(job_write, payload), daemon=True),
            threading.Thread(target=_read_frames, daemon=True,
                             args=(os.fdopen(result_read, "rb"), result, limits.max_output)),
            threading.Thread(target=_tail, args=(process.stderr, result), daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            result.returncode = process.wait(timeout=limits.timeout)
        except subprocess.TimeoutExpired:
            result.killed = True
            _kill(process)
        for thread in threads[1:]:
            thread.join(timeout=10)
        if any(thread.is_alive() for thread in threads):  # something still holds a pipe
            _kill(process)
        result.seconds = time.monotonic() - start
    return result


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
