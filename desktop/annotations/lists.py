"""Reading lists: named, ordered lists of cables, by refid, kept in the user's notes database
(never in the rebuildable library, so they outlive any re-import)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.annotations.models import utc_now
from desktop.annotations.names import NamedRows, free_name, name_key
from desktop.archive.errors import storage_errors

_INFO = "SELECT l.id, l.name, l.size, l.created, l.updated, l.deleted FROM lists l"
_BY_NAME = " ORDER BY l.name_key, l.name, l.seq"
#: The distance between the positions of entries written in a row: room to insert or move
#: entries between two without renumbering the list.
GAP = 1024


@dataclass(frozen=True)
class ListInfo:
    """A reading list as the tree shows it: ``count`` cables; ``deleted`` its tombstone."""

    id: str
    name: str
    count: int
    created: str
    updated: str
    deleted: str | None = None


@dataclass(frozen=True)
class ListEntry:
    """A cable in a list, and when it was added."""

    refid: str
    added: str


@dataclass(frozen=True)
class ListRecord:
    """A whole list, entries in order: what an export carries and an import writes."""

    id: str
    name: str
    created: str
    updated: str
    deleted: str | None
    entries: tuple[ListEntry, ...]

    @property
    def last_changed(self) -> str:
        """The latest of ``updated`` and ``deleted``: what a merge compares."""
        return max(self.updated, self.deleted or "")


def clean_refids(refids: Iterable[str]) -> list[str]:
    """Refids trimmed, each once, in their order.

    Raises:
        ValueError: an empty refid, or one that is not text.
    """
    cleaned: dict[str, None] = {}
    for refid in refids:
        if not isinstance(refid, str) or not refid.strip():
            raise ValueError(f"A reading list holds reference ids, not {refid!r}.")
        cleaned[refid.strip()] = None
    return list(cleaned)


class ReadingLists(NamedRows):
    """The reading lists of one notes database. Every write is one transaction (one change
    for the views) and moves the list's ``updated`` on when it changes something.

    Reads list live lists unless said otherwise. Storage failures raise ``StorageError``
    (a read-only database refuses every write); an unknown or deleted list id is a bug and
    raises ``KeyError``; a bad name raises ``ValueError``.
    """

    table = "lists"
    what = "list"

    # -- reads ------------------------------------------------------------------------------

    @storage_errors
    def all(self) -> list[ListInfo]:
        """Every live list with its count (kept by triggers), by name in any case."""
        if not self.present():
            return []
        rows = self.conn.execute(f"{_INFO} WHERE l.deleted IS NULL{_BY_NAME}").fetchall()
        return [ListInfo(*r) for r in rows]

    @storage_errors
    def get(self, list_id: str) -> ListInfo | None:
        """The list with this id, deleted or not."""
        if not self.present():
            return None
        row = self.conn.execute(f"{_INFO} WHERE l.id = ?", [list_id]).fetchone()
        return ListInfo(*row) if row else None

    @storage_errors
    def by_name(self, name: str) -> ListInfo | None:
        """The live list with this name, in any case and spacing ("my  LIST" finds "My list")."""
        if not self.present():
            return None
        key = name_key(" ".join(name.split()))
        row = self.conn.execute(f"{_INFO} WHERE l.name_key = ? AND l.deleted IS NULL",
                                [key]).fetchone()
        return ListInfo(*row) if row else None

    @storage_errors
    def refids(self, list_id: str) -> list[str]:
        """The list's refids in order (read from its index alone)."""
        seq = self._seq(self.conn, list_id, live=False)
        return [r[0] for r in self.conn.execute(
            "SELECT refid FROM list_entries WHERE list_seq = ? ORDER BY position", [seq])]

    @storage_errors
    def lists_of(self, refid: str) -> list[ListInfo]:
        """The live lists holding a cable, by name (the viewer's reference box)."""
        if not self.present():
            return []
        rows = self.conn.execute(
            f"{_INFO} WHERE l.deleted IS NULL AND l.seq IN "
            f"(SELECT list_seq FROM list_entries WHERE refid = ?){_BY_NAME}", [refid]).fetchall()
        return [ListInfo(*r) for r in rows]

    @storage_errors
    def records(self, include_deleted: bool = True) -> list[ListRecord]:
        """Every list whole, entries in order, oldest first (tombstones too: an export)."""
        if not self.present():
            return []
        live = "" if include_deleted else " WHERE l.deleted IS NULL"
        entries: dict[int, list[ListEntry]] = {}
        for seq, refid, added in self.conn.execute(
                "SELECT list_seq, refid, added FROM list_entries ORDER BY list_seq, position"):
            entries.setdefault(seq, []).append(ListEntry(refid, added))
        return [ListRecord(i, n, c, u, d, tuple(entries.get(seq, ()))) for seq, i, n, c, u, d in
                self.conn.execute("SELECT seq, id, name, created, updated, deleted FROM lists l"
                                  f"{live} ORDER BY seq")]

    def record(self, list_id: str) -> ListRecord | None:
        """One list whole (deleted or not), for undo: :meth:`put_many` writes it back."""
        info = self.get(list_id)
        if info is None:
            return None
        seq = self._seq(self.conn, list_id, live=False)
        entries = tuple(ListEntry(r, a) for r, a in self.conn.execute(
            "SELECT refid, added FROM list_entries WHERE list_seq = ? ORDER BY position", [seq]))
        return ListRecord(info.id, info.name, info.created, info.updated, info.deleted, entries)

    # -- writes -----------------------------------------------------------------------------

    @storage_errors
    def create(self, name: str) -> ListInfo:
        """A new, empty list.

        Raises:
            ValueError: the name is empty, too long, or another list's in any case.
        """
        with self.store.writing() as conn:
            list_id = self._insert(conn, name)
        return self._info(list_id)

    @storage_errors
    def rename(self, list_id: str, name: str) -> ListInfo:
        """Give a list another name (its own in another case is fine).

        Raises:
            ValueError: the name is empty, too long, or another list's in any case.
        """
        self._rename(list_id, name)
        return self._info(list_id)

    @storage_errors
    def delete(self, list_id: str) -> ListInfo:
        """Set the list's tombstone; its entries stay, so :meth:`restore` undoes it."""
        self._delete(list_id)
        return self._info(list_id)

    @storage_errors
    def restore(self, list_id: str) -> ListInfo:
        """Undo :meth:`delete`; a name another list took meanwhile becomes "name (2)"."""
        self._restore(list_id)
        return self._info(list_id)

    @storage_errors
    def add(self, list_id: str, refids: Iterable[str], before: int | None = None) -> int:
        """Add cables, in the order given, at the end or before the entry at index
        ``before``; refids already in the list stay where they are. Returns how many were
        added.

        Raises:
            ValueError: an empty refid, or ``before`` outside ``0..len(list)``.
        """
        wanted = clean_refids(refids)
        now = utc_now()
        with self.store.writing() as conn:
            seq = self._seq(conn, list_id)
            if before is None:
                (top,) = conn.execute("SELECT max(position) FROM list_entries WHERE "
                                      "list_seq = ?", [seq]).fetchone()
                start = 0 if top is None else int(top)
                cursor = conn.executemany(
                    "INSERT OR IGNORE INTO list_entries (list_seq, refid, position, added) "
                    "VALUES (?, ?, ?, ?)",
                    [(seq, r, start + n * GAP, now) for n, r in enumerate(wanted, 1)])
                added = max(cursor.rowcount, 0)
            else:
                stored = self._positions(conn, seq)
                _check_index(before, len(stored))
                fresh = [r for r in wanted if r not in stored]
                conn.executemany("INSERT INTO list_entries (list_seq, refid, position, added) "
                                 "VALUES (?, ?, 0, ?)", [(seq, r, now) for r in fresh])
                _place(conn, seq, stored, list(stored), before, fresh)
                added = len(fresh)
            if added:
                self._touch(conn, seq)
        return added

    @storage_errors
    def remove(self, list_id: str, refids: Iterable[str]) -> int:
        """Take cables out of a list; returns how many were in it."""
        wanted = clean_refids(refids)
        with self.store.writing() as conn:
            seq = self._seq(conn, list_id)
            cursor = conn.executemany("DELETE FROM list_entries WHERE list_seq = ? AND refid = ?",
                                      [(seq, r) for r in wanted])
            removed = max(cursor.rowcount, 0)
            if removed:
                self._touch(conn, seq)
        return removed

    @storage_errors
    def move(self, list_id: str, refids: Iterable[str], before: int) -> bool:
        """Reorder: the given cables, kept in their current relative order, go before the
        entry at index ``before`` of the list as it was (``len(list)``: to the end). Refids
        not in the list are ignored. Returns whether the order changed.

        Raises:
            ValueError: ``before`` outside ``0..len(list)``.
        """
        moving = set(clean_refids(refids))
        with self.store.writing() as conn:
            seq = self._seq(conn, list_id)
            stored = self._positions(conn, seq)
            order = list(stored)
            _check_index(before, len(order))
            picked = [r for r in order if r in moving]
            rest = [r for r in order if r not in moving]
            at = sum(1 for r in order[:before] if r not in moving)
            changed = rest[:at] + picked + rest[at:] != order
            if changed:
                _place(conn, seq, stored, rest, at, picked)
            if changed:
                self._touch(conn, seq)
        return changed

    @storage_errors
    def replace(self, list_id: str, refids: Sequence[str]) -> bool:
        """Make the list hold exactly these refids in this order (the undo of an add, a
        removal or a move: give back the order :meth:`refids` read before it). Cables kept
        keep the time they were added. Returns whether anything changed."""
        wanted = clean_refids(refids)
        now = utc_now()
        with self.store.writing() as conn:
            seq = self._seq(conn, list_id)
            stored = self._positions(conn, seq)
            changed = wanted != list(stored)
            if changed:
                keep = set(wanted)
                conn.executemany("DELETE FROM list_entries WHERE list_seq = ? AND refid = ?",
                                 [(seq, r) for r in stored if r not in keep])
                conn.executemany("INSERT INTO list_entries (list_seq, refid, position, added) "
                                 "VALUES (?, ?, 0, ?)",
                                 [(seq, r, now) for r in wanted if r not in stored])
                _renumber(conn, seq, stored, wanted)
            if changed:
                self._touch(conn, seq)
        return changed

    @storage_errors
    def put_many(self, records: Iterable[ListRecord]) -> list[ListInfo]:
        """Write whole lists as given (an import, an undo), adding or replacing them by id,
        in one transaction. A live list whose name another live list has gets the first free
        "name (2)"; a list's entries are replaced by the record's."""
        records = list(records)
        with self.store.writing() as conn:
            for record in records:
                self._put(conn, record)
        return [self._info(r.id) for r in records]

    # -- helpers ----------------------------------------------------------------------------

    def _put(self, conn: sqlite3.Connection, record: ListRecord) -> None:
        name = record.name
        if record.deleted is None:
            name = free_name(conn, "lists", name, record.id)
        conn.execute(
            "INSERT INTO lists (id, name, name_key, created, updated, deleted) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "name_key = excluded.name_key, created = excluded.created, "
            "updated = excluded.updated, deleted = excluded.deleted",
            [record.id, name, name_key(name), record.created, record.updated, record.deleted])
        seq = self._seq(conn, record.id, live=False)
        conn.execute("DELETE FROM list_entries WHERE list_seq = ?", [seq])
        conn.executemany("INSERT OR IGNORE INTO list_entries (list_seq, refid, position, added) "
                         "VALUES (?, ?, ?, ?)",
                         [(seq, e.refid, n * GAP, e.added)
                          for n, e in enumerate(record.entries)])

    def _positions(self, conn: sqlite3.Connection, seq: int) -> dict[str, int]:
        """The list's refids in order, each with its stored position."""
        return dict(conn.execute("SELECT refid, position FROM list_entries WHERE list_seq = ? "
                                 "ORDER BY position", [seq]).fetchall())

    def _info(self, list_id: str) -> ListInfo:
        info = self.get(list_id)
        if info is None:
            raise KeyError(f"no list with id {list_id!r}")
        return info


def _check_index(before: int, size: int) -> None:
    if isinstance(before, bool) or not isinstance(before, int) or not 0 <= before <= size:
        raise ValueError(f"A place in a list of {size:,} cables is 0 to {size:,}, "
                         f"not {before!r}.")


def _place(conn: sqlite3.Connection, seq: int, stored: dict[str, int], rest: list[str],
           at: int, items: list[str]) -> None:
    """Put ``items`` between ``rest[at - 1]`` and ``rest[at]`` (``rest``: the other entries in
    order, ``stored``: their positions), writing only the items' positions while the gap
    between those two has room; otherwise the whole list is renumbered."""
    if not items:
        return
    room = GAP * (len(items) + 1)
    low = stored[rest[at - 1]] if at > 0 else None
    high = stored[rest[at]] if at < len(rest) else None
    if low is None:
        low = (high if high is not None else 0) - room
    if high is None:
        high = low + room
    step = (high - low) // (len(items) + 1)
    if step < 1:
        _renumber(conn, seq, stored, rest[:at] + items + rest[at:])
        return
    conn.executemany("UPDATE list_entries SET position = ? WHERE list_seq = ? AND refid = ?",
                     [(low + step * n, seq, r) for n, r in enumerate(items, 1)])


def _renumber(conn: sqlite3.Connection, seq: int, stored: dict[str, int], new: list[str]
              ) -> None:
    """Give the entries ``new``'s order as positions ``GAP`` apart, writing only those whose
    stored position (``stored``; absent: just inserted) differs."""
    conn.executemany("UPDATE list_entries SET position = ? WHERE list_seq = ? AND refid = ?",
                     [(n * GAP, seq, r) for n, r in enumerate(new) if stored.get(r) != n * GAP])
