"""Streaming, batched import of cable sources into the archive index, with progress and cancel."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from desktop.archive.errors import storage_errors
from desktop.archive.facets import rebuild_facets
from desktop.archive.index import get_meta, set_meta, transaction
from desktop.archive.records import Cable, Problem
from desktop.archive.runs import (
    CANCELLED,
    DONE,
    FAILED,
    INTERRUPTED,
    SKIPPED_PREFIX,
    finish_run,
    start_run,
)
from desktop.archive.sources import Plan, Skipped, plan_import
from desktop.archive.writer import CableWriter, WriteCounts
from desktop.wording import plural

if TYPE_CHECKING:
    from desktop.archive.pipeline import Position

BATCH_CABLES = 1000
BATCH_CHARS = 8_000_000
PROGRESS_EVERY_S = 0.1

#: ``ImportProgress.phase``: reading and writing the cables, then (a full import only)
#: building the indexes, the search index and the counts of the new file.
READING, INDEXING = "reading", "indexing"


@dataclass(frozen=True)
class ImportProgress:
    """A snapshot for progress bars: work is measured in bytes of source files."""

    bytes_done: int
    bytes_total: int
    files_done: int
    files_total: int
    cables: int
    problems: int
    elapsed: float
    current: str
    phase: str = READING
    full: bool = False  # a full import: nothing changes in the library until it completes

    @property
    def fraction(self) -> float:
        return min(1.0, self.bytes_done / self.bytes_total) if self.bytes_total else 0.0

    @property
    def rate(self) -> float:
        """Cables per second so far."""
        return self.cables / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, estimated from the bytes read so far."""
        if self.bytes_done <= 0 or self.elapsed <= 0.5:
            return None
        return self.elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done


@dataclass
class ImportReport:
    """What an import did: counts, and every problem with where and why.

    ``replaced_file`` is True when a full import built the library as a new file and renamed
    it over the old one (``import_library``): connections open on the old file still read
    the old content and must be closed, then the library opened again.
    """

    run_id: int = 0
    files: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: bool = False
    elapsed: float = 0.0
    replaced_file: bool = False
    full: bool = False

    @property
    def imported(self) -> int:
        return self.counts.added + self.counts.updated + self.counts.unchanged

    @property
    def fatal_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    def summary(self) -> str:
        fatal = len(self.fatal_problems)
        parts = [
            f"{plural(self.imported, 'cable')} read "
            f"({self.counts.added:,} new, {self.counts.updated:,} updated, "
            f"{self.counts.unchanged:,} unchanged)",
            f"{plural(fatal, 'record')} could not be imported" if fatal
            else "every record imported",
        ]
        warnings = len(self.problems) - fatal
        if warnings:
            parts.append(plural(warnings, "warning"))
        if self.skipped:
            parts.append(f"{plural(len(self.skipped), 'file or folder', 'files or folders')} "
                         "skipped (not cables)")
        text = "; ".join(parts) + f" in {self.elapsed:.1f} s."
        if self.cancelled and self.full:
            return f"Cancelled after {self.elapsed:.1f} s: the library was left as it was."
        return ("Cancelled: " + text) if self.cancelled else text


ProgressFn = Callable[[ImportProgress], None]
CancelFn = Callable[[], bool]


@storage_errors
def import_library(
    library_path: Path,
    paths: Iterable[Path],
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    *,
    fresh: bool | None = None,
) -> ImportReport:
    """Import files and folders of cables into the library file at ``library_path``, the
    fastest safe way; the resulting cables are the same either way.

    A *full* import builds the library as a new file beside the old one and renames it into
    place (``desktop.archive.bulk``): when ``fresh`` is True, or when ``fresh`` is None and
    the library is missing, holds no cable, or is smaller than the files to import
    (``bulk.suits``). The old file is left exactly as it was until the rename, whatever
    happens; ``report.replaced_file`` then says the caller must reopen it. Otherwise the
    cables are written into the library in place, in batches (``import_paths``).

    Raises:
        StorageError: the library cannot be opened or written, or another full import is
            building it now.
    """
    from desktop.archive import bulk  # the full-import machinery: only when importing

    paths = [Path(p).absolute() for p in paths]
    plan = plan_import(paths)
    if fresh is None:
        fresh = bulk.suits(library_path, plan)
    if fresh:
        return bulk.import_beside(library_path, paths, plan, progress, cancel)
    from desktop.archive.library import Library

    with Library(library_path) as lib:
        return _in_place(lib.db, paths, progress, cancel, plan)


def bulk_import(db: sqlite_utils.Database, paths: list[Path], plan: Plan,
                progress: ProgressFn | None, cancel: CancelFn | None, *,
                finish: Callable[[CancelFn], None]) -> ImportReport:
    """The import half of a full import (``desktop.archive.bulk``), into its new file: every
    batch in one transaction, then ``finish`` (indexes, counts) in the phase INDEXING, given
    the cancel callback. The run is recorded in the new file. Errors are not recorded: the
    new file is discarded."""
    started = time.monotonic()
    stopped: CancelFn = cancel if cancel is not None else _never
    report = ImportReport(full=True)
    report.run_id = start_run(db, paths)
    db.conn.execute("BEGIN")
    tracker = _import(db, paths, report, started, progress, stopped, bulk=True, plan=plan)
    db.conn.execute("COMMIT")
    if not report.cancelled:
        tracker.phase = INDEXING
        tracker.report(force=True)
        finish(stopped)
        report.cancelled = stopped()
    report.elapsed = time.monotonic() - started
    _finish_run(db, report, CANCELLED if report.cancelled else DONE)
    return report


@storage_errors
def import_paths(
    db: sqlite_utils.Database,
    paths: Iterable[Path],
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportReport:
    """Import files and folders of cables into the index.

    Re-importing is idempotent; the best copy of each cable wins (cables.csv, then the
    latest build) and every copy is recorded. Bad paths, files and records are reported,
    never fatal. Work is committed in batches, so an import that is killed or cancelled
    leaves a usable index; its facet counts are marked stale and rebuilt on the next open,
    and its run is marked interrupted then. A run is always finished here: done,
    cancelled, or failed (then the error is raised after it is recorded).

    This writes into the open library in place, whatever its size; ``import_library``
    chooses between this and a full import into a new file.
    """
    return _in_place(db, [Path(p).absolute() for p in paths], progress, cancel)


def _in_place(db: sqlite_utils.Database, paths: list[Path], progress: ProgressFn | None,
              cancel: CancelFn | None, plan: Plan | None = None) -> ImportReport:
    started = time.monotonic()
    report = ImportReport()
    report.run_id = start_run(db, paths)  # the paths are recorded: a rebuild reads them again
    try:
        _import(db, paths, report, started, progress, cancel, plan=plan)
    except BaseException as exc:
        status = INTERRUPTED if isinstance(exc, KeyboardInterrupt) else FAILED
        report.problems.append(Problem("", "", f"the import stopped: {exc!r}"))
        report.elapsed = time.monotonic() - started
        with contextlib.suppress(Exception):  # the original error matters more
            _finish_run(db, report, status)
        raise
    report.elapsed = time.monotonic() - started
    _finish_run(db, report, CANCELLED if report.cancelled else DONE)
    return report


def _import(db: sqlite_utils.Database, paths: list[Path], report: ImportReport, started: float,
            progress: ProgressFn | None, cancel: CancelFn | None, *, bulk: bool = False,
            plan: Plan | None = None) -> _Tracker:
    """Read, parse and write. In place (``bulk`` False): a transaction per batch, the facets
    recounted at the end. In bulk (a full import's new file): inside the caller's one
    transaction, which also counts the facets. Returns the progress tracker."""
    # multiprocessing: only when importing
    from desktop.archive.pipeline import parsed_stream
    from desktop.archive.procstream import WorkerFailed

    plan = plan if plan is not None else plan_import(paths)
    report.files = len(plan.files)
    report.skipped = list(plan.skipped)
    report.problems = list(plan.problems)
    tracker = _Tracker(plan, started, progress)
    tracker.full = bulk
    writer = CableWriter(db)
    flush = _write if bulk else _flush
    batch: list[Cable] = []
    digests: list[str] = []
    chars = 0
    stopped: CancelFn = cancel if cancel is not None else _never
    stream = parsed_stream(plan.files, plan.explicit, plan.total_bytes, tracker.at, stopped)
    try:
        for item in stream:
            if isinstance(item, Skipped):
                report.skipped.append(item)
            elif isinstance(item, Problem):
                report.problems.append(item)
                tracker.problems += 1
            else:
                batch.append(item.cable)
                digests.append(item.digest)
                chars += len(item.cable.body)
                if len(batch) >= BATCH_CABLES or chars >= BATCH_CHARS:
                    flush(db, writer, batch, digests, report)
                    tracker.cables += len(batch)
                    batch, digests, chars = [], [], 0
                    tracker.report(force=False)
    except WorkerFailed as exc:  # the reader process died (out of memory, killed)
        report.problems.append(Problem("", "", f"reading stopped: {exc}"))
    finally:
        stream.close()
    report.cancelled = stopped()
    if not report.cancelled:
        flush(db, writer, batch, digests, report)
        tracker.cables += len(batch)
    if not bulk:
        with transaction(db) as conn:
            rebuild_facets(conn)
            set_meta(conn, "facets_stale", None)
    tracker.report(force=True)
    return tracker


def _never() -> bool:
    return False


def _flush(db: sqlite_utils.Database, writer: CableWriter, batch: list[Cable],
           digests: list[str], report: ImportReport) -> None:
    if not batch:
        return
    with transaction(db) as conn:
        if get_meta(db, "facets_stale") is None:
            set_meta(conn, "facets_stale", "1")
        counts = writer.write(conn, batch, digests)
    report.counts = report.counts + counts


def _write(db: sqlite_utils.Database, writer: CableWriter, batch: list[Cable],
           digests: list[str], report: ImportReport) -> None:
    """A batch of a full import, inside its one transaction."""
    if batch:
        report.counts = report.counts + writer.write(db.conn, batch, digests)


def _finish_run(db: sqlite_utils.Database, report: ImportReport, status: str) -> None:
    """Record the run with its problems, and each skipped file or folder with its reason
    (a non-fatal row whose reason starts with ``runs.SKIPPED_PREFIX``)."""
    rows = [(p.source, p.position, p.reason, p.fatal) for p in report.problems]
    rows += [(s.path, "", SKIPPED_PREFIX + s.reason, False) for s in report.skipped]
    counts = {"files": report.files, "added": report.counts.added,
              "updated": report.counts.updated, "unchanged": report.counts.unchanged,
              "skipped": len(report.skipped), "problems": len(report.problems)}
    finish_run(db, report.run_id, status, counts, rows)


class _Tracker:
    """Collects progress and calls the callback at most every PROGRESS_EVERY_S seconds."""

    def __init__(self, plan: Plan, started: float, callback: ProgressFn | None):
        self.files = plan.files
        self.sizes = [_size(f) for f in plan.files]
        self.starts = list(accumulate(self.sizes, initial=0))
        self.bytes_total = plan.total_bytes
        self.started = started
        self.callback = callback
        self.bytes_done = 0
        self.files_done = 0
        self.cables = 0
        self.problems = 0
        self.current = ""
        self.phase = READING
        self.full = False
        self._last = 0.0

    def at(self, position: Position) -> None:
        """A reader's position: file number and bytes into it."""
        done_before = self.starts[position.file_index]
        self.current = str(self.files[position.file_index])
        if position.file_done:
            self.files_done = position.file_index + 1
            self.bytes_done = done_before + self.sizes[position.file_index]
        else:
            self.bytes_done = done_before + position.offset
        self.report(force=False)

    def report(self, *, force: bool) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_EVERY_S:
            return
        self._last = now
        self.callback(ImportProgress(self.bytes_done, self.bytes_total, self.files_done,
                                     len(self.sizes), self.cables, self.problems,
                                     now - self.started, self.current, self.phase,
                                     self.full))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
