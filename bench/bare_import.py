"""Baseline import: cables.csv -> SQLite table + external-content FTS5 body index, stdlib only."""

from __future__ import annotations

import csv
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

BATCH = 2_000
COLUMNS = ("record_id", "created", "refid", "origin", "classification", "refs", "header", "body")

SCHEMA = """
CREATE TABLE cables (
    record_id TEXT, created TEXT, refid TEXT, origin TEXT,
    classification TEXT, refs TEXT, header TEXT, body TEXT
);
CREATE VIRTUAL TABLE cables_fts USING fts5(body, content='cables', content_rowid='rowid');
"""
INSERT_ROW = "INSERT INTO cables (rowid, {}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)".format(
    ", ".join(COLUMNS))
INSERT_FTS = "INSERT INTO cables_fts (rowid, body) VALUES (?, ?)"


def read_rows(csv_path: Path) -> Iterator[list[str]]:
    """8-field records of cables.csv (backslash escaping); other records are skipped."""
    csv.field_size_limit(sys.maxsize)  # some bodies are longer than the 128 KiB default
    with open(csv_path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f, delimiter=",", quotechar='"', escapechar="\\", doublequote=False):
            if len(row) == 8:
                yield row


def open_db(db_path: Path) -> sqlite3.Connection:
    """A fresh database in WAL mode with synchronous=NORMAL and the schema."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.executescript(SCHEMA)
    return con


def flush(con: sqlite3.Connection, batch: list[tuple[int | str, ...]]) -> None:
    """Insert one batch into the table and its FTS index."""
    con.executemany(INSERT_ROW, batch)
    con.executemany(INSERT_FTS, [(row[0], row[8]) for row in batch])
    batch.clear()


def import_csv(csv_path: Path, db_path: Path) -> int:
    """Load every 8-field record in one transaction; return the number imported."""
    con = open_db(db_path)
    count = 0
    batch: list[tuple[int | str, ...]] = []
    try:
        con.execute("BEGIN")
        for count, row in enumerate(read_rows(csv_path), 1):
            batch.append((count, *row))
            if len(batch) >= BATCH:
                flush(con, batch)
        flush(con, batch)
        con.execute("COMMIT")
    finally:
        con.close()
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: bare_import.py CSV DB -> prints rows imported and seconds."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: bare_import.py CSV DB", file=sys.stderr)
        return 2
    start = time.perf_counter()
    rows = import_csv(Path(args[0]), Path(args[1]))
    print(f"{rows} rows imported in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
