"""Names of reading lists and saved searches: plain text, trimmed, unique in any case among
live rows; and what the two stores share (a row by id, rename, tombstone and restore)."""

from __future__ import annotations

import sqlite3
import unicodedata
from typing import Literal

from desktop.annotations.models import new_note_id, utc_now
from desktop.annotations.store import NotesStore

#: The longest name, in characters.
MAX_NAME = 200
#: The tables whose rows have a unique live name.
NamedTable = Literal["lists", "saved_searches"]


def clean_name(name: str, what: str = "list") -> str:
    """A name as stored: any characters, white space trimmed and each run of it (a newline,
    a tab) made one space.

    Args:
        what: what is named, for the message ("list", "saved search").

    Raises:
        ValueError: the name is empty or longer than :data:`MAX_NAME` characters.
    """
    if not isinstance(name, str):
        raise ValueError(f"A {what}'s name must be text, got {name!r}.")
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError(f"A {what} needs a name.")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"A {what}'s name can have at most {MAX_NAME} characters; this one "
                         f"has {len(cleaned):,}.")
    return cleaned


def name_key(name: str) -> str:
    """What makes two names the same: case and Unicode forms aside ("Été" is "ÉTÉ")."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def taken_by(conn: sqlite3.Connection, table: NamedTable, name: str) -> str | None:
    """The id of the live row of ``table`` (lists, saved_searches) named ``name`` in any
    case, or None."""
    row = conn.execute(f"SELECT id FROM {table} WHERE name_key = ? AND deleted IS NULL",
                       [name_key(name)]).fetchone()
    return str(row[0]) if row else None


def free_name(conn: sqlite3.Connection, table: NamedTable, name: str, owner: str) -> str:
    """``name`` if no other live row of ``table`` has it, else the first free "name (2)",
    "name (3)"... (shortened to fit :data:`MAX_NAME`): a restored or imported list never
    fails, or replaces another, because of its name.

    Args:
        owner: the id of the row that will carry the name (it does not clash with itself).
    """
    candidate = name
    number = 1
    while True:
        holder = taken_by(conn, table, candidate)
        if holder is None or holder == owner:
            return candidate
        number += 1
        suffix = f" ({number})"
        candidate = name[: MAX_NAME - len(suffix)].rstrip() + suffix


class NamedRows:
    """The rows of one named table of the notes database (lists, saved searches): each has a
    stable ``id``, a ``name`` unique in any case among live rows, ``created``, ``updated``
    and a ``deleted`` tombstone. Subclasses add their content.

    A notes database made before the table existed, opened read-only (so not upgraded),
    reads as having no rows.
    """

    table: NamedTable
    what: str  # "list", "saved search": for messages

    def __init__(self, store: NotesStore):
        self.store = store
        self._present: bool | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.db.conn

    def present(self) -> bool:
        """Whether the table exists (it does, unless an old database was opened read-only)."""
        if self._present is None:
            row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                    "name = ?", [self.table]).fetchone()
            self._present = row is not None
        return self._present

    def _insert(self, conn: sqlite3.Connection, name: str, **columns: object) -> str:
        """A new live row named ``name`` (cleaned, refused if taken); its id."""
        name = self._free_or_refuse(conn, name, "")
        row_id = new_note_id()
        now = utc_now()
        values = {"id": row_id, "name": name, "name_key": name_key(name), "created": now,
                  "updated": now, **columns}
        conn.execute(f"INSERT INTO {self.table} ({', '.join(values)}) "
                     f"VALUES ({', '.join('?' for _ in values)})", list(values.values()))
        return row_id

    def _free_or_refuse(self, conn: sqlite3.Connection, name: str, owner: str) -> str:
        """``name`` cleaned, if no other live row has it in any case.

        Raises:
            ValueError: an empty or long name, or one taken (the message names the holder).
        """
        name = clean_name(name, self.what)
        holder = taken_by(conn, self.table, name)
        if holder is not None and holder != owner:
            (shown,) = conn.execute(f"SELECT name FROM {self.table} WHERE id = ?",
                                    [holder]).fetchone()
            raise ValueError(f"There is already a {self.what} named \u201c{shown}\u201d; "
                             "choose another name.")
        return name

    def _seq(self, conn: sqlite3.Connection, row_id: str, *, live: bool = True) -> int:
        """The row's ``seq``.

        Raises:
            KeyError: no such row (a bug in the caller), or, with ``live``, a deleted one.
        """
        row = (conn.execute(f"SELECT seq, deleted FROM {self.table} WHERE id = ?", [row_id])
               .fetchone() if self.present() else None)
        if row is None:
            raise KeyError(f"no {self.what} with id {row_id!r}")
        if live and row[1] is not None:
            raise KeyError(f"the {self.what} {row_id!r} is deleted")
        return int(row[0])

    def _rename(self, row_id: str, name: str) -> None:
        with self.store.writing() as conn:
            self._seq(conn, row_id)
            name = self._free_or_refuse(conn, name, row_id)
            conn.execute(f"UPDATE {self.table} SET name = ?, name_key = ?, updated = ? "
                         "WHERE id = ? AND name IS NOT ?",
                         [name, name_key(name), utc_now(), row_id, name])

    def _delete(self, row_id: str) -> None:
        """Set the tombstone (kept: undo, and the deletion travels in an export)."""
        with self.store.writing() as conn:
            self._seq(conn, row_id, live=False)
            conn.execute(f"UPDATE {self.table} SET deleted = ? WHERE id = ? AND deleted IS NULL",
                         [utc_now(), row_id])

    def _restore(self, row_id: str) -> None:
        """Clear the tombstone; ``updated`` moves on (the restoration wins a merge). A name
        taken meanwhile becomes the first free "name (2)"."""
        with self.store.writing() as conn:
            self._seq(conn, row_id, live=False)
            (name, deleted) = conn.execute(f"SELECT name, deleted FROM {self.table} "
                                           "WHERE id = ?", [row_id]).fetchone()
            if deleted is None:
                return
            name = free_name(conn, self.table, name, row_id)
            conn.execute(f"UPDATE {self.table} SET deleted = NULL, updated = ?, name = ?, "
                         "name_key = ? WHERE id = ?",
                         [utc_now(), name, name_key(name), row_id])

    def _touch(self, conn: sqlite3.Connection, seq: int) -> None:
        """``updated`` moves on: the row's content changed (a merge compares it)."""
        conn.execute(f"UPDATE {self.table} SET updated = ? WHERE seq = ?", [utc_now(), seq])
