"""Run the runner (``nncourse.grading.runner``) and its kernel in a bubblewrap sandbox.

The sandbox sees only the system (``/usr``), the Python install and the virtual
environment, and the ``nncourse`` package, all read-only, plus a fresh size-limited
tmpfs at ``/tmp`` (gone when the sandbox ends). It has no network (``--unshare-net``;
loopback works, so the kernel's sockets do, because nbclient runs inside too), its own
process tree (``--unshare-pid``), no capabilities, and dies with its parent. The job
goes in and results come back through two pipes passed as file descriptors; no file on
this machine is written.

When the grader runs as root, bubblewrap makes its mounts as root and then
``setpriv`` switches to an unprivileged user id of the submission's own (61000 + a
slot) with no capabilities, so the runner's ``RLIMIT_NPROC`` holds; and every
submission runs in a cgroup of its own for total memory, tasks and CPU share
(``limits.py``). The runner also applies ``RLIMIT_AS`` per process, before any
submission code runs. Where bubblewrap is unavailable the runner runs as a plain
subprocess in a temporary directory, and the report says so; so it does for any limit
that could not be applied.
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
from nncourse.grading.limits import Cgroup, cgroup_support, release_uid, uid_slot

__all__ = ["Limits", "RunResult", "Sandbox", "find_sandbox", "run_job"]

GiB = 2**30


@dataclass
class Limits:
    """Time and memory limits for one submission."""

    cell_timeout: float = 120.0  # seconds per notebook cell
    function_timeout: float = 60.0  # seconds for all hidden cases of one function
    timeout: float = 900.0  # seconds for the whole submission
    memory: int = 4 * GiB  # all processes of a submission together (and each one)
    processes: int = 128  # tasks (processes and threads) of a submission
    cpus: float = 1.0  # CPU share of a submission, in CPUs
    disk: int = 512 * 2**20  # size of the sandbox's /tmp
    max_restarts: int = 3  # kernel restarts after a cell or function kills it
    max_output: int = 256 * 2**20  # bytes of results accepted from the sandbox


@dataclass
class Sandbox:
    kind: str  # "bwrap" or "none"
    note: str  # one line for the report
    drop_uid: bool = False  # setpriv to an unprivileged uid inside bwrap
    cgroup: bool = False  # a cgroup per submission


@dataclass
class RunResult:
    frames: list = field(default_factory=list)  # [(header, arrays)]
    seconds: float = 0.0
    killed: bool = False  # the overall timeout was reached
    peak_memory: int | None = None  # bytes, from the submission's cgroup
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


def bwrap_command(limits: Limits, uid: int | None = None) -> list:
    """The ``bwrap`` arguments that build the sandbox (without the command).

    With ``uid`` (the grader is root), bubblewrap makes no user namespace, and the
    command is run through ``setpriv`` as that uid with no capabilities at all.
    """
    if uid is None:
        command = ["bwrap", "--unshare-all"]
        if os.geteuid() == 0:
            command += ["--cap-drop", "ALL"]
    else:
        command = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net",
                   "--unshare-uts", "--unshare-cgroup-try"]
    command += ["--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]
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
                "--size", str(limits.disk), "--perms", "1777", "--tmpfs", "/tmp",
                "--perms", "0777", "--dir", "/tmp/work", "--perms", "0777", "--dir", "/tmp/home"]
    visible = _visible_paths()
    # Parents made readable first: the unprivileged uid must reach e.g. /root/.pyenv.
    parents = sorted({parent for path in visible for parent in path.parents
                      if parent not in (Path("/"), Path("/tmp"))}, key=lambda p: len(p.parts))
    for parent in parents:
        if not any(parent == v or v in parent.parents for v in visible):
            command += ["--perms", "0755", "--dir", str(parent)]
    for path in visible:
        command += ["--ro-bind", str(path), str(path)]
    command += ["--chdir", "/tmp/work", "--clearenv"]
    for key, value in _environment("/tmp/home").items():
        command += ["--setenv", key, value]
    command += ["--setenv", "NNCOURSE_SANDBOX", "bwrap"]
    if uid is not None:
        command += ["--", "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all"]
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


def _probe(command: list) -> str | None:
    try:
        done = subprocess.run(command + ["--", sys.executable, "-c", "import nncourse"],
                              capture_output=True, timeout=60, text=True)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bwrap failed: {error}"
    return None if done.returncode == 0 else f"bwrap failed: {done.stderr.strip()[:200]}"


def _limits_note(drop_uid: bool, cgroup_problem: str | None, why_no_uid: str) -> str:
    if cgroup_problem is None:
        held = "limits: total memory, tasks and CPU share per submission (a cgroup each)"
    else:
        held = (f"limits: NO total memory, task or CPU limit ({cgroup_problem}; the grader "
                f"must be able to create cgroups under /sys/fs/cgroup), memory per process "
                f"only")
    if drop_uid:
        held += "; an unprivileged uid per submission with a process limit"
    else:
        held += f"; NO process limit ({why_no_uid})"
    return held


def find_sandbox(mode: str = "auto", limits: Limits | None = None) -> Sandbox:
    """Which sandbox to use: ``auto`` (bubblewrap when it works), ``bwrap``, ``none``."""
    limits = limits or Limits()
    cgroup_problem = cgroup_support()
    use_cgroup = cgroup_problem is None
    if mode == "none":
        return Sandbox("none", "sandbox: NONE (--sandbox none): submissions ran unconfined "
                               "and could read files on this machine; " + _limits_note(
                                   False, cgroup_problem, "no sandbox"), cgroup=use_cgroup)
    if mode not in _PROBED:
        if shutil.which("bwrap") is None:
            _PROBED[mode] = ("bubblewrap (bwrap) is not installed", False)
        else:
            drop = os.geteuid() == 0 and shutil.which("setpriv") is not None
            problem = _probe(bwrap_command(limits, 61063)) if drop else "not root"
            if problem is None:
                _PROBED[mode] = (None, True)
            else:
                _PROBED[mode] = (_probe(bwrap_command(limits)), False)
    problem, drop_uid = _PROBED[mode]
    why = ("the grader is not root" if os.geteuid() != 0 else
           "setpriv is missing or the unprivileged uid cannot read the Python install")
    if problem is None:
        return Sandbox("bwrap", "sandbox: bubblewrap (no network, own processes, read-only "
                                "Python and nncourse, private /tmp; solutions not visible); "
                       + _limits_note(drop_uid, cgroup_problem, why),
                       drop_uid=drop_uid, cgroup=use_cgroup)
    if mode == "bwrap":
        raise RuntimeError(f"--sandbox bwrap was asked for, but {problem}")
    return Sandbox("none", f"sandbox: NONE ({problem}): submissions ran unconfined and "
                           f"could read files on this machine; apt-get install bubblewrap; "
                   + _limits_note(False, cgroup_problem, "no sandbox"), cgroup=use_cgroup)


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
               deadline=max(5.0, limits.timeout - 10), processes=limits.processes)
    job["limit_processes"] = sandbox.kind == "bwrap" and sandbox.drop_uid
    payload = codec.dumps(job, arrays)
    uid = uid_slot() if sandbox.kind == "bwrap" and sandbox.drop_uid else None
    cgroup = Cgroup(limits.memory, limits.processes, limits.cpus) if sandbox.cgroup else None
    try:
        if cgroup is not None and not cgroup.create():
            cgroup = None
        return _run(job, payload, limits, sandbox, uid, cgroup)
    finally:
        if cgroup is not None:
            cgroup.remove()
        if uid is not None:
            release_uid(uid)


def _joining(cgroup, command: list) -> list:
    """``command`` run by a shell that first moves itself into the cgroup."""
    if cgroup is None:
        return command
    script = ('while [ "$1" != "--" ]; do echo $$ > "$1" || exit 97; shift; done; '
              'shift; exec "$@"')
    return ["/bin/sh", "-c", script, "sh", *cgroup.procs_files(), "--", *command]


def _run(job: dict, payload: bytes, limits: Limits, sandbox: Sandbox, uid, cgroup) -> RunResult:
    result = RunResult()
    job_read, job_write = os.pipe()
    result_read, result_write = os.pipe()
    runner = [sys.executable, "-m", "nncourse.grading.runner", str(job_read), str(result_write)]
    with tempfile.TemporaryDirectory(prefix="nncourse-grade-") as tmp:
        if sandbox.kind == "bwrap":
            prefix = bwrap_command(limits, uid)
            command, cwd, env = prefix + ([] if uid is not None else ["--"]) + runner, tmp, {}
        else:
            work, home = Path(tmp) / "work", Path(tmp) / "home"
            work.mkdir()
            home.mkdir()
            command, cwd, env = runner, str(work), _environment(str(home))
        start = time.monotonic()
        try:
            process = subprocess.Popen(_joining(cgroup, command), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
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
        if cgroup is not None:
            result.peak_memory = cgroup.peak()
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
