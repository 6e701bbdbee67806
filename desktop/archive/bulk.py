"""A full import: the library built anew as a file beside the old one, then renamed into place.

The new file is only an index, rebuildable from its sources, so it is written the fastest way
SQLite allows: the journal and fsync off, one transaction, the secondary indexes built once at
the end, then the facet counts and the planner's statistics (``ANALYZE``). When it is complete
it is synced to the disk and renamed over the old file (``dbfiles.replace_db``). Until that
rename the old library is not written at all, so a process killed at any point leaves it
exactly as it was; the half-built ``<name>.importing`` is removed by the next full import.

The search index is written as the cables are, not rebuilt at the end: tokenising costs
as much either way (FTS5 ``rebuild`` took 6.5-9.0 s, inserts in batches 6.9-7.7 s for the
same 15,000 cables), but while the cables are read this process mostly waits for the helper
process that parses them (``pipeline``), so the index is built in that time instead of after
it (docs/PERFORMANCE.md, "Import").

The old library's tables (its cables and their sources, the import history, ``meta``) are
copied into the new file first, and the import merges into them as an import in place would:
the cables are the same either way. That copy is why a full import is chosen only when the
library is missing, empty, or smaller than what is imported (``suits``).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from desktop.archive.dbfiles import remove_db, replace_db
from desktop.archive.errors import WRITE_PROBLEMS, StorageError, as_storage_error, classify
from desktop.archive.facets import rebuild_facets
from desktop.archive.importer import CancelFn, ImportReport, ProgressFn, bulk_import
from desktop.archive.index import migrations
from desktop.archive.sources import Plan
from desktop.archive.sqlutil import connect_read_only

#: The new file, beside the library: ``<name>.importing``.
SUFFIX = ".importing"
#: SQLite's page cache for the new file, in KiB: the tables and indexes written while
#: reading grow at their ends (ids ascend) or are small, so a small cache does.
CACHE_KIB = 8_192
#: FTS5 keeps this many bytes of new index entries in memory before it writes a segment
#: (FTS5's ``hashsize``; its default of 1 MiB makes about 16 times more segments to merge).
#: Stored in the library's FTS configuration, so later imports in place use it too.
FTS_HASH_BYTES = 16 * 1024 * 1024
#: Secondary indexes kept while writing: the writer's own statements read them (it deletes
#: a replaced cable's tags by ``cable_id``). Cable ids grow, so this one fills in order.
KEEP_INDEXES = frozenset({"cable_tags_cable"})
#: Tables a full import computes anew rather than copies from the old library.
_RECOMPUTED = frozenset({"facet_counts", Migrations.migrations_table})
#: While the indexes are built, the cancel callback is polled every this many SQLite
#: virtual-machine steps (about 2 ms of work).
CANCEL_CHECK_STEPS = 100_000
_SQLITE_INTERRUPT = 9


def suits(library_path: Path, plan: Plan) -> bool:
    """Whether an import should be a full one: the library is missing or holds no cable,
    or its file is smaller than the files to import (which then bring about as many cables
    as it holds, or more, and copying it costs less than the import saves).

    A file that cannot be read as a library says no: the import in place reports it.
    """
    if not library_path.exists():
        return True
    try:
        conn = connect_read_only(library_path)
    except sqlite3.Error:
        return False
    try:
        empty = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM cables)").fetchone()[0]
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return bool(empty) or plan.total_bytes > _file_size(library_path)


def import_beside(library_path: Path, paths: list[Path], plan: Plan,
                  progress: ProgressFn | None, cancel: CancelFn | None) -> ImportReport:
    """A full import into ``library_path`` (see the module's text). A cancelled one leaves
    the library as it was and records nothing; otherwise ``report.replaced_file``."""
    copy_from = None
    if library_path.exists():
        from desktop.archive.library import Library

        Library(library_path).close()  # migrated and repaired as at any open; or refused
        copy_from = library_path
    target = library_path.with_name(library_path.name + SUFFIX)
    report = build(target, paths, plan, progress, cancel, copy_from=copy_from)
    if report.cancelled:
        return report
    try:
        replace_db(target, library_path)
    except BaseException:
        remove_db(target)
        raise
    report.replaced_file = True
    return report


def build(target: Path, paths: list[Path], plan: Plan, progress: ProgressFn | None,
          cancel: CancelFn | None, *, copy_from: Path | None = None) -> ImportReport:
    """Build a complete library in the new file ``target`` from the sources (and the
    tables of the library ``copy_from``), closed and in WAL mode, ready to be renamed.
    A build that is cancelled or fails removes the file.

    Raises:
        StorageError: another full import is building ``target`` now, or it cannot be
            written (a read-only folder, a full disk).
    """
    db = _create(target)
    try:
        indexes = _drop_indexes(db.conn)
        if copy_from is not None:
            _copy_tables(db.conn, copy_from)
            # The copied cables' search index; the new ones add to it as they are written.
            db.conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('rebuild')")
            db.conn.commit()

        def finish(stop: CancelFn) -> None:
            _finish(db.conn, indexes, stop)

        report = bulk_import(db, paths, plan, progress, cancel, finish=finish)
        db.conn.close()
        if report.cancelled:
            remove_db(target)
        else:
            _set_wal(target)
    except BaseException:
        db.conn.close()
        remove_db(target)
        raise
    return report


def _create(target: Path) -> sqlite_utils.Database:
    """The new file with the schema, written without journal or fsync, locked for this
    process."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Cannot create the folder {target.parent}: "
                           f"{exc.strerror or exc}.") from exc
    _claim(target)
    conn: sqlite3.Connection | None = None
    try:
        # A URI connection, so that the old library can be attached read-only by URI.
        conn = sqlite3.connect(target.resolve().as_uri(), uri=True, check_same_thread=False)
        conn.execute("PRAGMA main.journal_mode = OFF")
        conn.execute("PRAGMA main.synchronous = OFF")
        conn.execute("PRAGMA main.locking_mode = EXCLUSIVE")
        conn.execute(f"PRAGMA main.cache_size = -{CACHE_KIB}")
        db = sqlite_utils.Database(conn)
        migrations.apply(db)
        conn.execute("INSERT INTO cables_fts(cables_fts, rank) VALUES ('hashsize', ?)",
                     [FTS_HASH_BYTES])
        conn.commit()
    except sqlite3.Error as exc:
        _discard(conn, target)
        if classify(exc) not in WRITE_PROBLEMS:
            raise
        raise as_storage_error(exc, f"Cannot build the new library in {target.parent} "
                                    f"({target.name})") from exc
    except BaseException:
        _discard(conn, target)
        raise
    return db


def _discard(conn: sqlite3.Connection | None, target: Path) -> None:
    if conn is not None:
        conn.close()
    with contextlib.suppress(OSError):
        remove_db(target)


def _claim(target: Path) -> None:
    """Remove what a killed full import left; refuse when another process is building the
    file now (it holds its exclusive lock)."""
    if target.exists():
        try:
            conn = sqlite3.connect(target, timeout=0)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            finally:
                conn.close()
        except sqlite3.Error as exc:
            if classify(exc) == "busy":
                raise StorageError(f"Another import is building this library now "
                                   f"({target.name}); try again when it is done.",
                                   "busy") from exc
    try:
        remove_db(target)
    except OSError as exc:
        raise StorageError(f"Cannot remove {target}, left by an import that was stopped: "
                           f"{exc.strerror or exc}.", "readonly") from exc


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes (but ``KEEP_INDEXES``); returns the SQL that makes them."""
    made = []
    for name, sql in conn.execute("SELECT name, sql FROM main.sqlite_master "
                                  "WHERE type = 'index' AND sql IS NOT NULL").fetchall():
        if name not in KEEP_INDEXES:
            conn.execute(f"DROP INDEX main.{_quote(name)}")
            made.append(sql)
    return made


def _copy_tables(conn: sqlite3.Connection, old: Path) -> None:
    """Copy the rows of every table of the library ``old`` that the new file has, but the
    search index (built anew) and what is recomputed (facet counts, migrations)."""
    conn.execute("ATTACH DATABASE ? AS old", [old.resolve().as_uri() + "?mode=ro"])
    try:
        main = _tables(conn, "main")
        virtual = [name for name, sql in main.items() if sql.upper().startswith("CREATE VIRTUAL")]
        for name in _tables(conn, "old"):
            if (name not in main or name in _RECOMPUTED or name.startswith("sqlite_")
                    or any(name == v or name.startswith(v + "_") for v in virtual)):
                continue
            table = _quote(name)
            have = {row[1] for row in conn.execute(f"PRAGMA old.table_info({table})")}
            columns = ", ".join(_quote(row[1]) for row in
                                conn.execute(f"PRAGMA main.table_info({table})")
                                if row[1] in have)
            conn.execute(f"INSERT INTO main.{table}({columns}) SELECT {columns} FROM old.{table}")
        conn.execute("DELETE FROM main.meta WHERE key = 'facets_stale'")
        conn.commit()
    finally:
        if conn.in_transaction:
            conn.rollback()
        conn.execute("DETACH DATABASE old")


def _tables(conn: sqlite3.Connection, schema: str) -> dict[str, str]:
    return {name: sql or "" for name, sql in conn.execute(
        f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table'")}


def _finish(conn: sqlite3.Connection, indexes: list[str], stop: CancelFn) -> None:
    """The secondary indexes, the facet counts and ``ANALYZE``, once each; a cancel request
    interrupts them (the file is then discarded)."""
    conn.set_progress_handler(lambda: 1 if stop() else 0, CANCEL_CHECK_STEPS)
    try:
        conn.execute("BEGIN")
        for sql in indexes:
            conn.execute(sql)
        rebuild_facets(conn)
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", None) != _SQLITE_INTERRUPT or not stop():
            raise
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    finally:
        conn.set_progress_handler(None, 0)


def _set_wal(path: Path) -> None:
    """Leave the closed file in WAL mode, as every library is opened."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _file_size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            total += Path(str(path) + suffix).stat().st_size
    return total


__all__ = ["SUFFIX", "build", "import_beside", "suits"]
