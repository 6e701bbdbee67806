"""A note saved is a note kept: the app killed with SIGKILL right after saving loses nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.annotations.store import NotesStore
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

#: The child saves notes one by one and says so. Modes: "self" kills itself right after the
#: n-th save; "wait" waits for the parent after each save; "burst" saves without pausing.
CHILD = r"""
import os, signal, sys
from pathlib import Path
from desktop.annotations.store import NotesStore
from desktop.archive.paragraphs import parse_paragraphs

mode, folder, count, stop = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
paragraphs = parse_paragraphs("UNCLAS X\n\n1. (U) First paragraph.\n\n2. (U) Second one.\n")
store = NotesStore(folder / "notes.db")
for n in range(1, count + 1):
    change = store.add("10TEST1", paragraphs[n % 2], paragraphs, f"note {n}: «exact» text\n")
    sys.stdout.write(f"SAVED {n} {change.note_id}\n")
    sys.stdout.flush()
    if mode == "self" and n == stop:
        os.kill(os.getpid(), signal.SIGKILL)
    if mode == "wait":
        sys.stdin.readline()
store.close()
"""


def _start(mode: str, folder: Path, count: int, stop: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, str(folder), str(count), str(stop)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=ROOT, env=env,
    )


def _read_saved(proc: subprocess.Popen[str], until: int, *, answer: bool = False
                ) -> dict[int, str]:
    """Read ``SAVED n id`` lines up to ``until``; answer each (mode "wait") but the last."""
    assert proc.stdout is not None and proc.stdin is not None
    saved: dict[int, str] = {}
    while len(saved) < until:
        line = proc.stdout.readline()
        if not line:
            err = proc.stderr.read() if proc.stderr else ""
            pytest.fail(f"the child stopped early: {err}")
        _, number, note_id = line.split()
        saved[int(number)] = note_id
        if answer and len(saved) < until:
            proc.stdin.write("\n")
            proc.stdin.flush()
    return saved


def _check(folder: Path, saved: dict[int, str]) -> int:
    """Every saved note is there with its exact text; the file is sound. Returns the count."""
    with NotesStore(folder / "notes.db") as store:
        for number, note_id in saved.items():
            note = store.get(note_id)
            assert note is not None, number
            assert note.text == f"note {number}: «exact» text\n"
        count = store.count()
    conn = sqlite3.connect(folder / "notes.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    return count


def _killed(proc: subprocess.Popen[str]) -> None:
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def test_child_killed_right_after_saving(tmp_path: Path) -> None:
    proc = _start("self", tmp_path, 10, 7)
    saved = _read_saved(proc, 7)
    _killed(proc)
    assert (tmp_path / "notes.db-wal").stat().st_size > 0  # the saves are in the WAL ...
    assert _check(tmp_path, saved) == 7  # ... and recovered from it on reopening


def test_parent_kills_after_the_seventh_save(tmp_path: Path) -> None:
    proc = _start("wait", tmp_path, 10, 0)
    saved = _read_saved(proc, 7, answer=True)
    os.kill(proc.pid, signal.SIGKILL)
    _killed(proc)
    assert _check(tmp_path, saved) == 7


def test_killed_in_the_middle_of_a_burst(tmp_path: Path) -> None:
    proc = _start("burst", tmp_path, 400, 0)
    saved = _read_saved(proc, 7)
    os.kill(proc.pid, signal.SIGKILL)
    _killed(proc)
    assert _check(tmp_path, saved) >= 7  # those reported saved, and any later whole ones
