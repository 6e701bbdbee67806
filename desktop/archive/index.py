"""The archive index: one SQLite file, rebuildable from the sources. Open, migrate, guard."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from desktop.archive.aliases import fold_malformed_ids
from desktop.archive.errors import (
    WRITE_PROBLEMS,
    StorageError,
    as_storage_error,
    classify,
    storage_errors,
)
from desktop.archive.sqlutil import open_versioned

MIGRATION_SET = "cable-reader-archive"
migrations = Migrations(MIGRATION_SET)


@migrations(name="m001_initial")
def _m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
        CREATE TABLE origins (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE cables (
            id INTEGER PRIMARY KEY,
            refid TEXT NOT NULL UNIQUE,
            created TEXT,
            released TEXT,
            first_released TEXT,
            classification TEXT NOT NULL,
            origin_id INTEGER NOT NULL REFERENCES origins(id),
            subject TEXT NOT NULL DEFAULT '',
            tags_raw TEXT NOT NULL DEFAULT '',
            references_text TEXT NOT NULL DEFAULT '',
            header TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            flags TEXT NOT NULL DEFAULT '',
            record_id TEXT NOT NULL DEFAULT '',
            source_rank INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX cables_created ON cables(created);
        CREATE INDEX cables_origin ON cables(origin_id, created);
        CREATE INDEX cables_classification ON cables(classification, created);
        CREATE INDEX cables_released ON cables(released);
        CREATE TABLE tags (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, kind TEXT NOT NULL);
        CREATE TABLE cable_tags (
            tag_id INTEGER NOT NULL,
            cable_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (tag_id, cable_id)
        ) WITHOUT ROWID;
        CREATE INDEX cable_tags_cable ON cable_tags(cable_id);
        CREATE TABLE cable_refs (
            cable_id INTEGER NOT NULL,
            target TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (cable_id, target)
        ) WITHOUT ROWID;
        CREATE INDEX cable_refs_target ON cable_refs(target);
        CREATE TABLE source_files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            build TEXT NOT NULL DEFAULT '',
            rank INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE cable_sources (
            cable_id INTEGER NOT NULL,
            file_id INTEGER NOT NULL,
            position TEXT NOT NULL DEFAULT '',
            released TEXT,
            PRIMARY KEY (cable_id, file_id)
        ) WITHOUT ROWID;
        CREATE TABLE facet_counts (
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (facet, value)
        ) WITHOUT ROWID;
        CREATE TABLE import_runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            paths TEXT NOT NULL,
            status TEXT NOT NULL,
            files INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            problems INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE import_problems (
            run_id INTEGER NOT NULL,
            source TEXT NOT NULL,
            position TEXT NOT NULL,
            reason TEXT NOT NULL,
            fatal INTEGER NOT NULL
        );
        CREATE INDEX import_problems_run ON import_problems(run_id);
        CREATE VIRTUAL TABLE cables_fts USING fts5(
            subject, body,
            content='cables', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE cables_vocab USING fts5vocab(cables_fts, 'row');
        """
    )


@migrations(name="m002_list_indexes")
def _m002_list_indexes(db: sqlite_utils.Database) -> None:
    """Sorting the cable list by subject reads an index, not 251,287 fat rows."""
    db.execute("CREATE INDEX IF NOT EXISTS cables_subject ON cables(subject)")


@migrations(name="m003_aliases")
def _m003_aliases(db: sqlite_utils.Database) -> None:
    """Other ids of a cable (malformed ids of the release), and the id each copy was
    published under; then fold cables that an older import kept twice
    (``fold_malformed_ids``)."""
    db.execute("CREATE TABLE cable_aliases (alias TEXT PRIMARY KEY, cable_id INTEGER NOT NULL)"
               " WITHOUT ROWID")
    db.execute("CREATE INDEX cable_aliases_cable ON cable_aliases(cable_id)")
    db.execute(
        "CREATE TABLE cable_sources_new (cable_id INTEGER NOT NULL, file_id INTEGER NOT NULL, "
        "position TEXT NOT NULL DEFAULT '', released TEXT, refid TEXT NOT NULL DEFAULT '', "
        "PRIMARY KEY (cable_id, file_id, refid)) WITHOUT ROWID")
    db.execute("INSERT INTO cable_sources_new(cable_id, file_id, position, released) "
               "SELECT cable_id, file_id, position, released FROM cable_sources")
    db.execute("DROP TABLE cable_sources")
    db.execute("ALTER TABLE cable_sources_new RENAME TO cable_sources")
    if fold_malformed_ids(db.conn):
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('facets_stale', '1')")


@migrations(name="m004_fts_body_first")
def _m004_fts_body_first(db: sqlite_utils.Database) -> None:
    """A new library's search index has the body as its first column. FTS5 marks the entries
    of every column but the first with the column's number, about 2 bytes for each word of
    each cable: with the large column first the index is 9% smaller (53 of 574 MiB at
    50,000 cables). A library that already holds cables keeps its order (building its index
    again would take minutes at an open); search reads the order (``search.fts_columns``)."""
    if db.execute("SELECT count(*) FROM cables").fetchone()[0]:
        return
    db.execute("DROP TABLE cables_vocab")
    db.execute("DROP TABLE cables_fts")
    db.execute("CREATE VIRTUAL TABLE cables_fts USING fts5(body, subject, content='cables', "
               "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE cables_vocab USING fts5vocab(cables_fts, 'row')")


@storage_errors
def open_index(path: Path, *, create: bool = True, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and create or upgrade) the archive index.

    Raises:
        StorageError: the file is not a library, is corrupt, locked, read-only when a write
            is needed, or was written by a newer Cable Reader.
    """
    if not path.exists() and not create:
        raise StorageError(f"No library at {path}.")
    return open_versioned(path, migrations, what="library",
                          check=lambda db: _check_is_library(db, path), readonly=readonly,
                          pragmas=["foreign_keys = OFF"])


def _check_is_library(db: sqlite_utils.Database, path: Path) -> None:
    try:
        names = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        kind = classify(exc)
        if kind == "corrupt":
            raise StorageError(f"{path} is damaged ({exc}); rebuild it from its sources "
                               "(cable-reader import --rebuild).", kind) from exc
        if kind in WRITE_PROBLEMS:
            raise as_storage_error(exc, f"Cannot open {path}") from exc
        raise StorageError(f"{path} is not a Cable Reader library ({exc}).",
                           "notadb" if kind == "other" else kind) from exc
    if names and "cables" not in names and Migrations.migrations_table not in names:
        raise StorageError(f"{path} is an SQLite file, but not a Cable Reader library.")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
            conn.execute("ROLLBACK")
        raise


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM meta WHERE key = ?", [key])
    else:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [key, value])
