"""Run Python code where file permissions apply: as root, in a child process that has lost
the capabilities that let root read and write anything (``setpriv``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

_ROOT_POWERS = "-dac_override,-dac_read_search,-fowner"


def run_restricted(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -c code args...`` in the repository, permissions enforced; skips the test
    when they cannot be (root without setpriv)."""
    command = [sys.executable, "-c", code, *args]
    if os.name == "posix" and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        command = ["setpriv", f"--bounding-set={_ROOT_POWERS}", "--", *command]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 and "setpriv" in done.stderr:
        pytest.skip(f"setpriv cannot drop capabilities here: {done.stderr.strip()}")
    return done
