"""Shared pieces of the grading tests: the sandbox, the fixture assignment, submissions.

The grader wants bubblewrap (Debian package ``bubblewrap``). When the environment
variable CI is set the sandboxed tests must run: bubblewrap is installed with apt-get
if it is missing and we are root, and the tests fail if it still does not work.
Elsewhere, without it, the grader falls back to an unconfined run, the tests that
need the sandbox are skipped with a message, and the rest still run.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def _install_bubblewrap() -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdin=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "bubblewrap"], check=True, env=env,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def sandbox_mode() -> str:
    """``bwrap`` when the sandbox works here, else ``none`` (CI: install or fail)."""
    from nncourse.grading.sandbox import find_sandbox

    if shutil.which("bwrap") is None and os.environ.get("CI"):
        if shutil.which("apt-get") is None or os.geteuid() != 0:
            pytest.fail("CI is set but bubblewrap is missing and cannot be installed "
                        "(need apt-get and root).")
        _install_bubblewrap()
    sandbox = find_sandbox("auto")
    if sandbox.kind != "bwrap" and os.environ.get("CI"):
        pytest.fail(f"CI is set but the grader's sandbox does not work: {sandbox.note}")
    return sandbox.kind


@pytest.fixture(scope="session")
def require_sandbox(sandbox_mode) -> str:
    if sandbox_mode != "bwrap":
        pytest.skip("bubblewrap is not available: `apt-get install bubblewrap` (or run with "
                    "CI=true as root, which installs it) to run the sandbox tests.")
    return sandbox_mode
