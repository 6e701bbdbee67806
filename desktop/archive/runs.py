"""The import history: a run is recorded when it starts, finished with its counts and
problems, and a run that never finished (its process was killed) is marked interrupted at
the next open of the library."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from desktop.archive.fsnames import safe_text, shown
from desktop.archive.index import transaction

#: Statuses of import_runs: "running" until one of the others.
RUNNING, DONE, CANCELLED, FAILED, INTERRUPTED = (
    "running", "done", "cancelled", "failed", "interrupted")
#: The reason of an import_problems row that is a file or folder left out, not a problem.
SKIPPED_PREFIX = "skipped: "

_PID_KEY = "import_pid:{}"
#: Runs this process is running now, by (library file, run id): a run of this process that
#: is not here has stopped without being finished (an error it could not record).
_ACTIVE: set[tuple[str, int]] = set()


def start_run(db: sqlite_utils.Database, paths: Sequence[Path]) -> int:
    """Record a new run as running (with this process's id, for ``mark_interrupted``)."""
    here = _file_of(db.conn)
    run_id = 0
    try:
        with transaction(db) as conn:
            cur = conn.execute(
                "INSERT INTO import_runs(started, paths, status) VALUES (?, ?, ?)",
                [_now(), _paths_text(paths), RUNNING])
            run_id = int(cur.lastrowid or 0)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                         [_PID_KEY.format(run_id), str(os.getpid())])
            _ACTIVE.add((here, run_id))  # before another connection can see the run
    except BaseException:
        _ACTIVE.discard((here, run_id))
        raise
    return run_id


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict[str, int],
               problems: Iterable[tuple[str, str, str, bool]]) -> None:
    """Record how a run ended, with its counts and problems (skips included, see
    ``SKIPPED_PREFIX``)."""
    rows = [(run_id, safe_text(source), safe_text(position), safe_text(reason), int(fatal))
            for source, position, reason, fatal in problems]
    try:
        with transaction(db) as conn:
            conn.execute(
                "UPDATE import_runs SET finished = ?, status = ?, files = ?, added = ?, "
                "updated = ?, unchanged = ?, skipped = ?, problems = ? WHERE id = ?",
                [_now(), status, counts["files"], counts["added"], counts["updated"],
                 counts["unchanged"], counts["skipped"], counts["problems"], run_id])
            conn.executemany(
                "INSERT INTO import_problems(run_id, source, position, reason, fatal) "
                "VALUES (?, ?, ?, ?, ?)", rows)
            conn.execute("DELETE FROM meta WHERE key = ?", [_PID_KEY.format(run_id)])
    finally:
        _ACTIVE.discard((_file_of(db.conn), run_id))


def mark_interrupted(db: sqlite_utils.Database) -> int:
    """Mark runs left "running" by a process that is gone as interrupted; returns how many.
    A run whose process still runs (another window, a terminal) is left alone."""
    running = db.conn.execute(
        "SELECT id FROM import_runs WHERE status = ?", [RUNNING]).fetchall()
    if not running:
        return 0
    here = _file_of(db.conn)
    gone = []
    for (run_id,) in running:
        row = db.conn.execute("SELECT value FROM meta WHERE key = ?",
                              [_PID_KEY.format(run_id)]).fetchone()
        pid = int(row[0]) if row and str(row[0]).isdigit() else None
        if pid is None or not _alive(pid) or (pid == os.getpid()
                                                and (here, run_id) not in _ACTIVE):
            gone.append(run_id)
    if gone:
        with transaction(db) as conn:
            for run_id in gone:
                conn.execute("UPDATE import_runs SET status = ?, finished = ? WHERE id = ?",
                             [INTERRUPTED, _now(), run_id])
                conn.execute("DELETE FROM meta WHERE key = ?", [_PID_KEY.format(run_id)])
    return len(gone)


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (a zombie does not)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True
    return state not in {"Z", "X"}


def _paths_text(paths: Sequence[Path], most: int = 50) -> str:
    """The paths a run was given, one a line; a rebuild gives every file, so a long list is
    cut short (the files themselves are recorded in ``source_files``)."""
    lines = [shown(p) for p in paths[:most]]
    if len(paths) > most:
        lines.append(f"… and {len(paths) - most:,} more")
    return "\n".join(lines)


def _file_of(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else ""


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
