"""The executing side: runs inside the sandbox, next to the submission's kernel.

``python -m nncourse.grading.runner JOB_FD RESULT_FD`` reads one job from JOB_FD (an npz from
``codec.dumps``: the code cells to run, the graded names, timeouts, and each function's
hidden inputs as npz bytes), then:

1. keeps RESULT_FD as a private channel (a non-inheritable duplicate, so neither the
   kernel nor anything it starts inherits it; fds 0, 1 and 2 are /dev/null) and makes
   itself non-dumpable, so the kernel cannot open it through ``/proc``. The two fds are
   passed to the sandbox with ``pass_fds``: bubblewrap's own init process (pid 1 in
   the sandbox, which the kernel *can* inspect) keeps only its stdio, which the grader
   sets to /dev/null and a bounded diagnostics pipe;
2. starts a fresh kernel with nbclient in an empty temporary directory and runs every
   code cell with a per-cell timeout, errors allowed (a broken cell costs only what it
   defines), outputs discarded (a cell printing megabytes fills nothing);
3. for each graded function, runs one extraction cell (``kernelside.extract``, the
   hidden inputs base64-encoded in its source) with its own timeout, takes the npz the
   kernel publishes as display data, and sends it as one frame on the private
   channel, immediately;
4. when a cell or a function kills or hangs the kernel (``os._exit``, ``os.kill``, an
   ignored interrupt), it kills every other process of the sandbox, wipes the
   writable space (the working directory, the home directory, ``/tmp``), restarts the
   kernel, re-runs the cells without the culprit, and goes on, at most
   ``max_restarts`` times. Nothing a function saw on hidden inputs survives a restart,
   and only the first run's cell errors (before any hidden input existed) are
   reported with their text; later ones by the exception's name only.

The runner's own stderr stays open for its crash reports (the grader keeps the last
2 kB); the kernel's goes to /dev/null. Frames are ``8-byte big-endian length + npz
bytes``; the grader reads them with a size limit and trusts nothing in them but plain
arrays.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
import time
from pathlib import Path

from nncourse.grading import codec
from nncourse.grading.kernelside import MIME

MAX_FRAME = 96 * 2**20


class _Channel:
    """The private way back to the grader: a non-inheritable duplicate of RESULT_FD."""

    def __init__(self, fd: int):
        self.fd = os.dup(fd)  # non-inheritable by default
        os.close(fd)
        null = os.open(os.devnull, os.O_RDWR)
        for std in (0, 1):
            os.dup2(null, std)
        os.close(null)

    def send(self, header: dict, arrays: dict | None = None) -> None:
        data = codec.dumps(header, arrays)
        os.write(self.fd, struct.pack(">Q", len(data)))
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]


def _read_job(fd: int) -> tuple:
    with os.fdopen(fd, "rb") as stream:
        data = stream.read()
    return codec.loads(data, limit=2**31)


def _not_dumpable() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        pass


def _client_class():
    from nbclient import NotebookClient

    class QuietClient(NotebookClient):
        """Keeps no outputs but the extraction's results: errors come in the replies."""

        captured = None

        def output(self, outs, msg, display_id, cell_index):
            data = msg.get("content", {}).get("data")
            if isinstance(data, dict) and isinstance(data.get(MIME), str) \
                    and len(data[MIME]) <= MAX_FRAME * 4 // 3 + 4:
                self.captured = data[MIME]
            return None

    return QuietClient


class Runner:
    def __init__(self, job: dict, inputs: dict, channel: _Channel):
        import nbformat

        self.job, self.inputs, self.channel = job, inputs, channel
        self.workdir = Path.cwd()
        self.deadline = time.monotonic() + job["deadline"]
        self.bad_cells: set = set()
        self.restarts = 0
        self.errors: dict = {}  # cell index -> "Name: message"
        self.extracted = False  # whether any hidden input has entered the kernel
        self.notebook = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell(source) for source in job["cells"]])
        self.client = None

    # -- the kernel -----------------------------------------------------------------
    def _start(self) -> None:
        import subprocess

        self.client = _client_class()(
            self.notebook, kernel_name="python3", timeout=self.job["cell_timeout"],
            startup_timeout=60, allow_errors=True, interrupt_on_timeout=True,
            error_on_timeout={"ename": "Timeout", "evalue": "the cell ran past its time limit"},
            record_timing=False, store_widget_state=False, shutdown_kernel="immediate",
            resources={"metadata": {"path": str(self.workdir)}})
        self.client.km = self.client.create_kernel_manager()
        self.client.start_new_kernel(cwd=str(self.workdir), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.client.start_new_kernel_client()

    def _stop(self) -> None:
        if self.client is not None and self.client.km is not None:
            try:
                self.client._cleanup_kernel()  # shuts the kernel down at once, even if hung
            except Exception:
                pass
        self.client = None

    def _restart(self) -> None:
        """Stop the kernel, kill what it left behind, wipe the writable space."""
        self._stop()
        self.restarts += 1
        if self.restarts > self.job["max_restarts"]:
            raise RuntimeError("the kernel died too often")
        if os.environ.get("NNCOURSE_SANDBOX") == "bwrap":
            _kill_strays()
        _wipe([self.workdir, Path(os.environ.get("HOME", self.workdir)),
               Path(os.environ.get("TMPDIR", self.workdir))])

    def _run(self, source: str, index: int, timeout: float) -> tuple:
        """Run one cell: ``(status, error)``, status ``ok``, ``error``, ``dead``, ``hung``."""
        from nbclient.exceptions import DeadKernelError

        cell = self.notebook.cells[index] if index >= 0 else None
        if cell is None:
            import nbformat

            cell = nbformat.v4.new_code_cell(source)
            self.notebook.cells.append(cell)
            index = len(self.notebook.cells) - 1
        self.client.timeout = max(1, int(min(timeout, self.deadline - time.monotonic())))
        replies = []
        self.client.on_cell_error = lambda cell, cell_index, execute_reply: replies.append(
            execute_reply["content"])
        try:
            self.client.execute_cell(cell, index)
        except DeadKernelError:
            return "dead", "the kernel died"
        except Exception as error:  # nbclient gave up on the kernel
            return "dead", f"{type(error).__name__}: {error}"
        finally:
            if index >= len(self.job["cells"]):
                self.notebook.cells.pop()
        if not replies:
            return "ok", None
        content = replies[-1]
        error = f"{content.get('ename', 'Error')}: {str(content.get('evalue', ''))[:300]}"
        if content.get("ename") == "Timeout" and not self._responsive():
            return "hung", error
        return "error", error

    def _responsive(self) -> bool:
        """After a timeout: did the interrupt work, or is the kernel stuck?"""
        from nbclient.util import run_sync

        kc = self.client.kc

        async def ping() -> bool:
            msg_id = kc.kernel_info()
            deadline = time.monotonic() + 5
            while True:
                reply = await kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                if reply["parent_header"].get("msg_id") == msg_id:
                    return True

        try:
            return run_sync(ping)()
        except Exception:
            return False

    # -- the job --------------------------------------------------------------------
    def run_cells(self) -> None:
        """Start a kernel and run every cell not known to kill it; restart on death."""
        while True:
            self._start()
            for index, source in enumerate(self.job["cells"]):
                if index in self.bad_cells:
                    continue
                status, error = self._run(source, index, self.job["cell_timeout"])
                if error:
                    if self.restarts == 0 and not self.extracted:
                        self.errors.setdefault(index, error)
                    else:  # after hidden inputs were seen: the exception's name only
                        self.errors.setdefault(index, error.split(":", 1)[0])
                if status in ("dead", "hung"):
                    self.errors[index] = (f"{self.errors.get(index, error)} "
                                          f"(cell skipped after a kernel restart)")
                    self.bad_cells.add(index)
                    break
            else:
                return
            self._restart()

    def extract(self, name: str) -> None:
        import base64

        import numpy as np

        inputs = base64.b64encode(self.inputs[name].tobytes()).decode("ascii")
        allow = list(self.job.get("allow", {}).get(name, []))
        code = (f"__import__('nncourse.grading.kernelside', fromlist=['extract']).extract("
                f"globals(), {name!r}, {inputs!r}, {allow!r})")
        self.extracted = True
        self.client.captured = None
        status, error = self._run(code, -1, self.job["function_timeout"])
        frame = {"kind": "function", "name": name, "status": status, "error": error}
        data = b""
        if status == "ok":
            try:
                data = base64.b64decode(self.client.captured or "", validate=True)
            except ValueError:
                data = b""
            frame["error"] = None if data else "no results were published"
        self.channel.send(frame, {"data": np.frombuffer(data, dtype=np.uint8)})
        if status in ("dead", "hung"):
            self._restart()
            self.run_cells()

    def run(self) -> None:
        try:
            self.run_cells()
            for name in self.job["functions"]:
                if time.monotonic() > self.deadline:
                    break
                self.extract(name)
        finally:
            errors = {str(index): error for index, error in self.errors.items()}
            self.channel.send({"kind": "done", "errors": errors, "restarts": self.restarts})
            self._stop()


def _kill_strays() -> None:
    """Kill every process of the sandbox but this one and its ancestors (pid 1)."""
    import signal

    keep = {os.getpid(), 1, os.getppid()}
    for _ in range(20):
        others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in keep]
        if not others:
            return
        for pid in others:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.05)


def _wipe(folders: list) -> None:
    """Empty each folder (kept itself), whatever its contents' permissions."""
    import shutil
    import stat

    def force(function, path, _):
        try:
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            os.chmod(path, stat.S_IRWXU)
            function(path)
        except OSError:
            pass

    for folder in {Path(f) for f in folders}:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, onerror=force)
            else:
                try:
                    entry.unlink()
                except OSError:
                    pass


def _limit(job: dict) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (job["memory"], job["memory"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (job["disk"], job["disk"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if job.get("limit_processes") and os.getuid() != 0:  # never applied to uid 0
        resource.setrlimit(resource.RLIMIT_NPROC, (job["processes"], job["processes"]))


def main() -> None:
    job, arrays = _read_job(int(sys.argv[1]))
    channel = _Channel(int(sys.argv[2]))
    _not_dumpable()
    _limit(job)
    inputs = {name: arrays[f"in/{name}"] for name in job["functions"]}
    Runner(job, inputs, channel).run()


if __name__ == "__main__":
    main()
