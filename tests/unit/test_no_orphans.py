"""Issue 8, point 10: no orphans. A SIGKILLed import leaves neither its parse helper nor
multiprocessing's resource tracker behind, and its run is marked interrupted at the next
open of the library."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.archive.procstream import WorkerStream
from desktop.archive.runs import INTERRUPTED, RUNNING
from tests.conftest import ROOT
from tests.helpers import many_rows, write_csv

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc")


def gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for its new parent counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True
    return state in {"Z", "X"}


def wait_until(condition, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    """Poll a condition until it holds (True) or the timeout passes (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


KILLED_IMPORT = textwrap.dedent("""
    import json, multiprocessing, os, signal, sys
    from multiprocessing import resource_tracker
    from pathlib import Path
    import desktop.archive.importer as importer
    import desktop.archive.pipeline as pipeline
    from desktop.archive.library import Library

    importer.PROGRESS_EVERY_S = 0.0
    importer.BATCH_CABLES = 100
    pipeline.WORKER_MIN_BYTES = 0  # parse in the helper process, as a large import does

    def progress(p):
        if p.cables >= 300:
            helpers = [c.pid for c in multiprocessing.active_children()]
            print(json.dumps({"helpers": helpers,
                              "tracker": resource_tracker._resource_tracker._pid}), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    with Library(Path(sys.argv[1])) as lib:
        importer.import_paths(lib.db, [Path(sys.argv[2])], progress=progress)
""")


def test_a_killed_import_leaves_no_process_behind(tmp_path: Path) -> None:
    lib_path = tmp_path / "lib.db"
    csv_path = write_csv(tmp_path / "cables.csv", many_rows(3000))
    proc = subprocess.run([sys.executable, "-c", KILLED_IMPORT, str(lib_path), str(csv_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    pids = json.loads(proc.stdout.splitlines()[-1])
    assert pids["helpers"], "the import was expected to parse in a helper process"
    survivors = [*pids["helpers"], *([pids["tracker"]] if pids["tracker"] else [])]
    assert wait_until(lambda: all(gone(p) for p in survivors)), survivors
    assert "leaked" not in proc.stderr  # no semaphore for the tracker to clean up

    with Library(lib_path) as lib:
        assert lib.interrupted_runs == 1
        run = lib.import_runs()[0]
        assert run["status"] == INTERRUPTED and run["finished"]
    report = _import(lib_path, csv_path)  # and the import can simply be run again
    assert report.imported == 3000
    with Library(lib_path) as lib:
        assert [r["status"] for r in lib.import_runs()] == ["done", INTERRUPTED]


def _import(lib_path: Path, *paths: Path):  # type: ignore[no-untyped-def]
    with Library(lib_path) as lib:
        return import_paths(lib.db, list(paths))


def test_a_running_import_of_another_process_is_left_alone(tmp_path: Path) -> None:
    """Only runs whose process is gone are marked interrupted; one that is still going on
    (in another window, say) keeps its status."""
    lib_path = tmp_path / "lib.db"
    Library(lib_path).close()
    sleeper = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                               stdin=subprocess.PIPE)
    try:
        with Library(lib_path) as lib:
            for pid in (sleeper.pid, 0):
                cur = lib.conn.execute(
                    "INSERT INTO import_runs(started, paths, status) VALUES ('x', '', ?)",
                    [RUNNING])
                lib.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)",
                                 [f"import_pid:{cur.lastrowid}", str(pid or 2**22 + 1)])
            lib.conn.commit()
        with Library(lib_path) as lib:
            statuses = [r["status"] for r in lib.import_runs()]
        assert statuses == [INTERRUPTED, RUNNING]  # newest first: the dead one, the live one
    finally:
        sleeper.communicate(b"")
    with Library(lib_path) as lib:  # its process has ended now
        assert [r["status"] for r in lib.import_runs()] == [INTERRUPTED, INTERRUPTED]


def test_a_failing_import_is_finished_not_left_running(tmp_path: Path) -> None:
    """An error inside the import (here: a cancel callback that raises) is recorded as a
    failed run, with the error among its problems, before it is raised."""
    lib_path = tmp_path / "lib.db"
    csv_path = write_csv(tmp_path / "cables.csv", many_rows(50))

    def cancel() -> bool:
        raise RuntimeError("boom")

    with Library(lib_path) as lib, pytest.raises(RuntimeError, match="boom"):
        import_paths(lib.db, [csv_path], cancel=cancel)
    with Library(lib_path) as lib:
        run = lib.import_runs()[0]
        assert run["status"] == "failed"
        assert any("boom" in reason for _, _, reason, _ in lib.import_problems(run["id"]))


# --- the helper process on its own ---------------------------------------------------------


def endless(start: int) -> Iterator[int]:
    n = start
    while True:
        yield n
        n += 1


def test_a_closed_stream_stops_its_helper() -> None:
    stream: WorkerStream[int] = WorkerStream(endless, (5,), batch=10, depth=2)
    first = []
    for n in stream:
        first.append(n)
        if len(first) == 25:
            break
    assert first == list(range(5, 30))
    assert stream.pid is not None and wait_until(lambda: gone(stream.pid or 0))


def test_a_stop_request_ends_the_stream_and_its_helper() -> None:
    seen: list[int] = []
    stream: WorkerStream[int] = WorkerStream(endless, (0,), batch=5,
                                             stop=lambda: len(seen) >= 12)
    for n in stream:
        seen.append(n)
    assert 12 <= len(seen) <= 15  # stopped within the batch it was in
    assert wait_until(lambda: gone(stream.pid or 0))


ORPHANED_STREAM = textwrap.dedent("""
    import os, signal, sys
    from tests.unit.test_no_orphans import endless
    from desktop.archive.procstream import WorkerStream

    stream = WorkerStream(endless, (0,), batch=1, depth=1)
    it = iter(stream)
    next(it)  # the helper runs, blocked on a full pipe
    print(stream.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_helper_exits_when_its_parent_is_killed() -> None:
    proc = subprocess.run([sys.executable, "-c", ORPHANED_STREAM], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    helper = int(proc.stdout.split()[0])
    assert wait_until(lambda: gone(helper))
