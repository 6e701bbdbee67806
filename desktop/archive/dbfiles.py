"""A database file with its sidecars (-wal, -shm, -journal): remove, move, make durable, and
put a file built beside another in its place.

A WAL file belongs to the database file it was written for, but nothing in it says which:
SQLite would replay an old library's WAL into a new file renamed over it. So the old file's
WAL is emptied (checkpointed into the old file) and removed *before* the rename, and at every
moment the name holds either the old file with nothing to replay, or the new one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from desktop.archive.errors import StorageError

SIDECARS = ("-wal", "-shm", "-journal")


def remove_db(path: Path) -> None:
    """Delete a database file and its sidecars (those that exist)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    _remove_sidecars(path)


def _remove_sidecars(path: Path) -> None:
    for suffix in SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def move_db(path: Path, target: Path) -> None:
    """Rename a database file and its sidecars to ``target`` (+ the same suffixes)."""
    for suffix in SIDECARS:
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, str(target) + suffix)
    os.replace(path, target)


def sync_file(path: Path) -> None:
    """Make a file's content durable (``fsync``): a file written with ``synchronous=OFF``
    must be on the disk before a rename makes it the library."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename in a folder durable (POSIX, where a folder can be synced like a file;
    elsewhere a no-op)."""
    if os.name == "posix":
        sync_file(folder)


def replace_db(fresh: Path, path: Path) -> None:
    """Put the complete, closed database ``fresh`` in the place of ``path`` (which may be
    missing), in this order, so that a process killed at any point leaves either the old
    library whole or the new one:

    1. ``fresh`` is synced to the disk;
    2. the old file's WAL is checkpointed into it (nothing to do when it is empty, as it is
       when no import or repair was writing it), then its -wal and -shm are removed;
    3. ``fresh`` is renamed over ``path``; the folder is synced.

    Connections still open on the old file (a window reading it) go on reading the old
    content; they must be closed before ``path`` is opened again (see ``checkpoint_old``).

    Raises:
        StorageError: the old file's WAL cannot be emptied (another program is writing it),
            or the rename failed (the old file is then untouched).
    """
    sync_file(fresh)
    if path.exists():
        checkpoint_old(path)
        _remove_sidecars(path)
    try:
        os.replace(fresh, path)
    except OSError as exc:
        raise StorageError(f"Cannot put the new library in place of {path}: "
                           f"{exc.strerror or exc}.") from exc
    sync_folder(path.parent)


def checkpoint_old(path: Path) -> None:
    """Copy every frame of ``path``'s WAL into the file, so the WAL can be removed without
    losing anything.

    A window that has the old file open keeps its own handles on the WAL and its index: it
    reads on undisturbed. But when its last connection closes, SQLite deletes ``path``-wal
    and ``path``-shm *by name*: that connection must be closed before the new file is opened.
    """
    if not Path(str(path) + "-wal").exists():
        return
    conn = sqlite3.connect(path, timeout=5.0)
    try:
        busy, frames, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and frames != done:
            busy, frames, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if frames > 0 and frames != done:
            raise StorageError(f"{path} is being written by another program; the new library "
                               "was not put in its place. Try again when it is done.", "busy")
    except sqlite3.OperationalError as exc:
        raise StorageError(f"Cannot empty the WAL of {path}: {exc}.", "busy") from exc
    finally:
        conn.close()


__all__ = ["SIDECARS", "move_db", "remove_db", "replace_db", "sync_file", "sync_folder"]
