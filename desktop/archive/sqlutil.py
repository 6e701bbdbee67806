"""Small SQLite helpers shared by the archive and notes code."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from desktop.archive.errors import StorageError, classify


def id_array(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> array[int]:
    """The ``id`` column a query returns, in order, as a compact array.

    One ``group_concat`` row is much cheaper to hand to Python than 251,287 rows.
    """
    row = conn.execute(f"SELECT group_concat(id) FROM ({sql})", list(params)).fetchone()
    text = row[0] if row else None
    return array("q", map(int, text.split(","))) if text else array("q")


def rows_in(conn: sqlite3.Connection, sql: str, values: Iterable[object], chunk: int = 500
            ) -> Iterator[tuple]:  # type: ignore[type-arg]
    """Rows of ``sql`` whose ``{marks}`` placeholder takes the values, a chunk at a time
    (SQLite limits the number of parameters)."""
    wanted = list(dict.fromkeys(values))
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        yield from conn.execute(sql.format(marks=",".join("?" * len(part))), part)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; in a folder nothing can be written to (where SQLite cannot
    make a WAL file's shared-memory index), as an immutable file.

    The path goes in as an escaped URI: a folder named "home #1" must not open "home ".
    """
    base = Path(path).resolve().as_uri()
    conn = sqlite3.connect(base + "?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        # "cantopen", or "readonly" for SQLITE_READONLY_DIRECTORY / _CANTINIT: the folder
        # (where a user cannot write) has no room for the WAL index.
        if classify(exc) not in ("cantopen", "readonly") or not Path(path).is_file():
            raise
    except BaseException:
        conn.close()
        raise
    return sqlite3.connect(base + "?immutable=1", uri=True, check_same_thread=False)


def open_versioned(path: Path, migrations: Migrations, *, what: str,
                   check: Callable[[sqlite_utils.Database], None], synchronous: str = "NORMAL",
                   readonly: bool = False, pragmas: Sequence[str] = ()) -> sqlite_utils.Database:
    """Open an application database: WAL, a busy timeout, its own check, a version guard, then
    its pending migrations. A refused file is closed again (Windows would keep it locked).

    Args:
        what: how the user calls this file ("library", "notes database"), for messages.
        check: raises StorageError when the file is some other SQLite file.
        synchronous: NORMAL for rebuildable data, FULL where a commit must reach the disk.

    Raises:
        StorageError: not this kind of file, corrupt, locked, read-only, or written by a
            newer version of Cable Reader.
    """
    if readonly:
        conn = connect_read_only(path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot create the folder {path.parent}: "
                               f"{exc.strerror or exc}.") from exc
        conn = sqlite3.connect(str(path), check_same_thread=False)
    try:
        db = sqlite_utils.Database(conn)
        conn.execute("PRAGMA busy_timeout = 5000")
        check(db)
        unknown = {m.name for m in migrations.applied(db)} - {
            m.name for m in migrations._migrations}
        if unknown:
            raise StorageError(
                f"{path} was written by a newer version of Cable Reader "
                f"(it has {', '.join(sorted(unknown))}). Update Cable Reader to open this {what}.")
        if not readonly:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {synchronous}")
            for pragma in pragmas:
                conn.execute(f"PRAGMA {pragma}")
            migrations.apply(db)
    except BaseException:
        conn.close()
        raise
    return db
