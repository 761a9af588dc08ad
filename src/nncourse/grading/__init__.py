"""The grader: ``nncourse-grade SUBMISSION.ipynb [...] --json results.json``.

How a submission is graded
--------------------------
1. The grader reads the solutions notebook in its own process: the graded functions
   (``# GRADED: name``), their points, and the hidden cases (the ``hidden-tests``
   cells, executed here with only ``np`` in scope).
2. A runner (``runner.py``) starts inside a bubblewrap sandbox (``sandbox.py``): no
   network, its own process tree, no capabilities, read-only system, Python, virtual
   environment and ``nncourse`` source, and a private size-limited ``/tmp`` as the only
   writable place. Neither ``solutions/`` nor anything else of this machine is visible.
   The runner sets the memory limit and uses nbclient to run the submission's code
   cells in a fresh kernel there, each with a timeout, errors allowed.
3. Then, for each graded function, it hands the kernel that function's hidden inputs
   (only now, in a file with a random name that is deleted on reading) and runs one
   extraction cell (``kernelside.py``) that calls the function and writes what it
   returned as plain arrays (``np.savez``). The runner forwards the bytes to the
   grader on its stdout, a private channel the kernel cannot reach.
4. The grader loads the arrays with ``allow_pickle=False`` under size limits and
   compares them, in its own process, with the reference answers, which it got the
   same way from the solutions notebook in a separate sandbox. A function earns its
   points when every hidden case matches (``np.allclose``, shapes equal).

Why a submission cannot raise its score
---------------------------------------
The submission's code shares its kernel with the extraction code, so it can patch
``np.savez``, ``np.allclose``, ``nncourse.checks`` or the extraction itself, and it
can even write whatever bytes it likes where the results go. None of that helps:

* The comparison and the reference answers never enter the sandbox. Everything the
  kernel can produce is a claim "for these inputs my answer is X", made without
  knowing the right X, so it is worth exactly what a function returning X would be
  worth. Patching numpy in the kernel changes nothing the grader computes.
* The claim arrives as plain numbers: no pickles, so no objects whose ``__eq__`` is
  always True; an ndarray subclass is copied to a plain array; anything else is
  "not numbers or arrays" and fails that case.
* The answers are not on any path the sandbox shows (solutions/, the repository,
  home directories are simply absent), the hidden inputs appear only when the
  submission's own cells have finished, and nothing is cached between runs.
* Time, memory, disk and output are bounded: per-cell and per-function timeouts with
  an interrupt, a kernel restart without the culprit cell when it dies or hangs
  (``os._exit``, ``exit()``, ignoring SIGINT), an overall timeout that kills the whole
  sandbox, ``RLIMIT_AS``, a tmpfs of fixed size, and outputs discarded unread.

Where bubblewrap is missing the runner runs as a plain subprocess in a temporary
directory; grading still works but the submission could read files on the machine,
and the report says so on its last line.

Grading a real class (issue 15)
-------------------------------
* No answer key: the public checks hold recorded numbers, not reference functions
  (``nncourse.checks.expected_data``), and a graded function that uses nncourse's own
  implementation earns nothing for it: ``rules.py`` reads the code in this process,
  ``kernelside.Guard`` watches calls at run time; ``(allow: nncourse.X)`` exempts
  named package code per function.
* Feedback without leaks: hidden cases give "k of n failed" and kinds of failure;
  exception names, never their text; the writable space is wiped and stray processes
  killed whenever the kernel restarts; notes are capped, once per submission.
* The teacher's ``--assignment`` wins over a notebook's metadata (reported).
* Any file gets a result; ``results.json`` is written ASCII-safe before printing.
* Bounded resources: an unprivileged uid per submission (``RLIMIT_NPROC``) and a
  cgroup each for total memory, tasks and CPU share (``limits.py``).
* ``nncourse-grade gradescope A -o autograder.zip`` (``autograder.py``); a folder
  gives a gradebook CSV (``report.gradebook``).
"""

from nncourse.grading.grader import FunctionResult, Grader, SubmissionResult, compare
from nncourse.grading.sandbox import Limits, find_sandbox

__all__ = ["Grader", "Limits", "FunctionResult", "SubmissionResult", "compare", "find_sandbox"]
