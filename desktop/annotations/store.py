"""The notes database: the user's own work, in its own SQLite file, saved on every edit."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from desktop.annotations import lists_schema
from desktop.annotations.anchoring import new_note
from desktop.annotations.models import (
    DEFAULT_COLOUR,
    ChangeKind,
    Note,
    NoteChange,
    check_colour,
    normalise_labels,
    utc_now,
)
from desktop.archive.errors import (
    StorageError,
    as_storage_error,
    classify,
    reason,
    storage_errors,
)
from desktop.archive.records import Paragraph
from desktop.archive.sqlutil import open_versioned

MIGRATION_SET = "cable-reader-notes"
migrations = Migrations(MIGRATION_SET)

#: The notes table's columns, in the order of :class:`Note`'s fields.
COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Note))
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM notes"
_UPSERT = (
    f"INSERT INTO notes ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)}) "
    f"ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
)
_LABELS_AT = COLUMNS.index("labels")
_NEWEST_FIRST = " ORDER BY updated DESC, seq DESC"
_WORD = re.compile(r"\w+")
_CHUNK = 500


@migrations(name="m001_notes")
def _m001_notes(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE notes (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            refid TEXT NOT NULL,
            ordinal INTEGER,
            label TEXT NOT NULL DEFAULT '',
            text_hash TEXT NOT NULL DEFAULT '',
            para_key TEXT NOT NULL DEFAULT '',
            quote TEXT NOT NULL DEFAULT '',
            context_before TEXT NOT NULL DEFAULT '',
            context_after TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            colour TEXT NOT NULL DEFAULT 'yellow',
            labels TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            deleted TEXT
        );
        CREATE INDEX notes_refid ON notes(refid, deleted);
        -- Live notes newest first, and their ids alone, without touching the fat rows.
        CREATE INDEX notes_updated ON notes(updated, seq, id) WHERE deleted IS NULL;
        CREATE INDEX notes_labels ON notes(labels) WHERE deleted IS NULL AND labels != '[]';
        CREATE VIRTUAL TABLE notes_fts USING fts5(
            text, quote, labels,
            content='notes', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts(rowid, text, quote, labels)
            VALUES (new.seq, new.text, new.quote, new.labels);
        END;
        CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, text, quote, labels)
            VALUES ('delete', old.seq, old.text, old.quote, old.labels);
        END;
        CREATE TRIGGER notes_fts_update AFTER UPDATE OF text, quote, labels ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, text, quote, labels)
            VALUES ('delete', old.seq, old.text, old.quote, old.labels);
            INSERT INTO notes_fts(rowid, text, quote, labels)
            VALUES (new.seq, new.text, new.quote, new.labels);
        END;
        """
    )


@migrations(name="m002_lists")
def _m002_lists(db: sqlite_utils.Database) -> None:
    lists_schema.create(db.conn, lists_schema.LISTS)


@migrations(name="m003_saved_searches")
def _m003_saved_searches(db: sqlite_utils.Database) -> None:
    lists_schema.create(db.conn, lists_schema.SAVED_SEARCHES)


@storage_errors
def open_notes(path: Path, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and create or upgrade) the notes database at ``path``; with ``readonly``, open
    an existing one for reading only.

    Every commit reaches the disk before the call returns (``synchronous=FULL``): a SIGKILL or
    a power cut after a note is saved cannot lose it.

    Raises:
        StorageError: the file is not a notes database, is corrupt, locked or read-only, or
            was written by a newer Cable Reader.
    """
    return open_versioned(path, migrations, what="notes database",
                          check=lambda db: _check_is_notes(db, path), synchronous="FULL",
                          readonly=readonly,
                          pragmas=["cache_size = -32768"])  # 32 MiB: 10,000 notes in memory


def _check_is_notes(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse another kind of file, by what SQLite says, never by guessing: a notes database
    on a full disk or in a read-only folder is not "not a notes database"."""
    try:
        names = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        kind = classify(exc)
        if kind == "notadb":
            raise StorageError(f"{path} is not a Cable Reader notes database (it is not an "
                               "SQLite file).", kind) from exc
        if kind == "corrupt":
            raise StorageError(f"{path} is damaged. Keep the file: a copy of it, or the "
                               "latest notes export, can bring your notes back.", kind) from exc
        raise as_storage_error(exc, f"Cannot open {path}") from exc
    if names - {Migrations.migrations_table} and not migrations.applied(db):
        raise StorageError(f"{path} is an SQLite file, but not a Cable Reader notes database.",
                           "notadb")


def fts_query(text: str) -> str:
    """User text as a safe FTS5 query: every word quoted and prefix-matched ('' for none)."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in _WORD.findall(text))


def _filters(text: str, colour: str | None, label: str | None, refid: str | None,
             limit: int | None) -> tuple[str, list[Any]]:
    """The WHERE ... ORDER BY ... LIMIT of a query of live notes, and its parameters."""
    where = ["deleted IS NULL"]
    params: list[Any] = []
    match = fts_query(text)
    if match:
        where.append("seq IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?)")
        params.append(match)
    if colour is not None:
        where.append("colour = ?")
        params.append(colour)
    if refid is not None:
        where.append("refid = ?")
        params.append(refid)
    if label is not None:
        where.append("labels != '[]' AND "
                     "EXISTS (SELECT 1 FROM json_each(notes.labels) "
                     "WHERE value = ? COLLATE NOCASE)")  # "eu" finds "EU"
        params.append(" ".join(label.split()))
    sql = f"WHERE {' AND '.join(where)}{_NEWEST_FIRST}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def _row(note: Note) -> list[Any]:
    values: list[Any] = [getattr(note, c) for c in COLUMNS]
    values[_LABELS_AT] = json.dumps(list(note.labels), ensure_ascii=False)
    return values


def _note(row: Sequence[Any]) -> Note:
    """A stored row as a Note. Rows were checked when written, so the frozen dataclass's
    field-by-field ``__init__`` is skipped: that halves the time to build 10,000 notes."""
    note: Note = object.__new__(Note)
    fields = dict(zip(COLUMNS, row, strict=True))
    fields["labels"] = _labels(fields["labels"])
    note.__dict__.update(fields)
    return note


@functools.lru_cache(maxsize=4096)
def _labels(stored: str) -> tuple[str, ...]:
    return tuple(json.loads(stored))


def _derive_kind(previous: Note | None, note: Note) -> ChangeKind:
    if previous is None:
        return "added"
    if note.is_deleted and not previous.is_deleted:
        return "deleted"
    if previous.is_deleted and not note.is_deleted:
        return "restored"
    return "updated"


def _change(kind: ChangeKind, note: Note, previous: Note | None) -> NoteChange:
    shown = previous if kind == "deleted" and previous is not None else note
    return NoteChange(kind, note.id, note.refid, shown, previous)


class NotesStore:
    """The user's notes, one SQLite file; every write commits before it returns.

    Reads return live notes unless asked otherwise; deleted notes keep their row with a
    tombstone time. Storage failures raise :class:`StorageError`; an unknown note id is a bug
    and raises ``KeyError``.
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        """Open the notes; when they cannot be written (a read-only folder, a full disk, a
        busy file) they open read-only: every read works, and ``read_only_reason`` says why
        writes will not.

        Raises:
            StorageError: they cannot even be read (missing, damaged, not notes, newer).
        """
        self.path = path
        self.readonly = readonly
        self.read_only_reason: str | None = "opened read-only" if readonly else None
        self._depth = 0  # how many write blocks are open (see _writing)
        try:
            self.db = open_notes(path, readonly=readonly)
        except StorageError as exc:
            if readonly or not exc.is_write_problem or not path.is_file():
                raise
            self.db = open_notes(path, readonly=True)
            self.readonly = True
            self.read_only_reason = (f"Your notes cannot be saved to {path}: "
                                     f"{reason(exc.kind)}. You can read and export them.")

    def __enter__(self) -> NotesStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- writes ---------------------------------------------------------------------------

    @storage_errors
    def add(self, refid: str, paragraph: Paragraph | None, paragraphs: Sequence[Paragraph],
            text: str, colour: str = DEFAULT_COLOUR, labels: Iterable[str] = ()) -> NoteChange:
        """Attach a new note to ``paragraph`` of cable ``refid`` (None: to the whole cable).

        Args:
            paragraphs: the cable's paragraphs, for the context around the quote.
        """
        note = new_note(refid, paragraph, paragraphs, text=text, colour=check_colour(colour),
                        labels=normalise_labels(labels), now=utc_now())
        with self._writing() as conn:
            conn.execute(_UPSERT, _row(note))
        return NoteChange("added", note.id, refid, note)

    @storage_errors
    def update(self, note_id: str, *, text: str | None = None, colour: str | None = None,
               labels: Iterable[str] | None = None) -> NoteChange:
        """Change a note's text, colour or labels; ``updated`` moves on only if one changed."""
        with self._writing() as conn:
            previous = self._require(note_id)
            note = dataclasses.replace(
                previous,
                text=previous.text if text is None else text,
                colour=previous.colour if colour is None else check_colour(colour),
                labels=previous.labels if labels is None else normalise_labels(labels),
            )
            if note != previous:
                note = dataclasses.replace(note, updated=utc_now())
                conn.execute(_UPSERT, _row(note))
        return _change("updated", note, previous)

    @storage_errors
    def delete(self, note_id: str) -> NoteChange:
        """Set the note's tombstone; the row stays (undo, and exports carry the deletion)."""
        with self._writing() as conn:
            previous = self._require(note_id)
            note = previous
            if not previous.is_deleted:
                note = dataclasses.replace(previous, deleted=utc_now())
                conn.execute("UPDATE notes SET deleted = ? WHERE id = ?", [note.deleted, note_id])
        return _change("deleted", note, previous)

    @storage_errors
    def delete_many(self, note_ids: Iterable[str]) -> list[NoteChange]:
        """:meth:`delete` for many notes in one transaction (a bulk delete is one change)."""
        return self._tombstones(note_ids, deleted=True)

    @storage_errors
    def restore_many(self, note_ids: Iterable[str]) -> list[NoteChange]:
        """:meth:`restore` for many notes in one transaction."""
        return self._tombstones(note_ids, deleted=False)

    def _tombstones(self, note_ids: Iterable[str], *, deleted: bool) -> list[NoteChange]:
        """Set (or clear, moving ``updated`` on) the tombstone of the notes that need it."""
        now = utc_now()
        changes: list[NoteChange] = []
        with self._writing() as conn:
            for previous in self._get_many(list(dict.fromkeys(note_ids))).values():
                if previous.is_deleted == deleted:
                    continue
                note = (dataclasses.replace(previous, deleted=now) if deleted
                        else dataclasses.replace(previous, deleted=None, updated=now))
                conn.execute("UPDATE notes SET deleted = ?, updated = ? WHERE id = ?",
                             [note.deleted, note.updated, note.id])
                changes.append(_change("deleted" if deleted else "restored", note, previous))
        return changes

    @storage_errors
    def restore(self, note_id: str) -> NoteChange:
        """Clear the tombstone; ``updated`` moves on, so the restoration beats it in a merge."""
        with self._writing() as conn:
            previous = self._require(note_id)
            note = previous
            if previous.is_deleted:
                note = dataclasses.replace(previous, deleted=None, updated=utc_now())
                conn.execute("UPDATE notes SET deleted = NULL, updated = ? WHERE id = ?",
                             [note.updated, note_id])
        return _change("restored", note, previous)

    @storage_errors
    def put(self, note: Note, *, kind: ChangeKind | None = None, touch: bool = False
            ) -> NoteChange:
        """Write a whole note as given (undo, redo, import), adding or replacing it.

        Args:
            kind: the change to report; by default derived from the stored version.
            touch: set ``updated`` to now (an undo is a new edit, so it should win a merge).
        """
        with self._writing() as conn:
            previous = self._get(note.id)
            change = self._put(conn, note, previous, kind, touch)
        return change

    @storage_errors
    def put_many(self, notes: Iterable[Note], *, kind: ChangeKind | None = None
                 ) -> list[NoteChange]:
        """:meth:`put` for many notes in one transaction (imports)."""
        notes = list(notes)
        with self._writing() as conn:
            stored = self._get_many([n.id for n in notes])
            return [self._put(conn, n, stored.get(n.id), kind, False) for n in notes]

    def _put(self, conn: sqlite3.Connection, note: Note, previous: Note | None,
             kind: ChangeKind | None, touch: bool) -> NoteChange:
        check_colour(note.colour)
        labels = normalise_labels(note.labels)
        if labels != note.labels or touch:
            note = dataclasses.replace(note, labels=labels,
                                       updated=utc_now() if touch else note.updated)
        conn.execute(_UPSERT, _row(note))
        return _change(kind or _derive_kind(previous, note), note, previous)

    # -- reads ----------------------------------------------------------------------------

    @storage_errors
    def get(self, note_id: str) -> Note | None:
        """The note with this id, deleted or not."""
        return self._get(note_id)

    @storage_errors
    def get_many(self, note_ids: Iterable[str]) -> dict[str, Note]:
        """The stored notes (deleted or not) among these ids, by id."""
        return self._get_many(list(note_ids))

    @storage_errors
    def for_cable(self, refid: str, include_deleted: bool = False) -> list[Note]:
        """A cable's notes: the notes on the whole cable first, then by paragraph."""
        live = "" if include_deleted else " AND deleted IS NULL"
        rows = self.db.execute(
            f"{_SELECT} WHERE refid = ?{live} ORDER BY ordinal IS NOT NULL, ordinal, created, seq",
            [refid],
        ).fetchall()
        return [_note(r) for r in rows]

    @storage_errors
    def for_cables(self, refids: Iterable[str], include_deleted: bool = False) -> list[Note]:
        """The notes on any of these cables, oldest first (an export of some cables)."""
        live = "" if include_deleted else " AND deleted IS NULL"
        wanted = list(dict.fromkeys(refids))
        rows: list[Sequence[Any]] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows += self.db.execute(f"{_SELECT} WHERE refid IN ({marks}){live}", chunk).fetchall()
        return sorted((_note(r) for r in rows), key=lambda n: (n.created, n.id))

    @storage_errors
    def all_notes(self, include_deleted: bool = False) -> list[Note]:
        """Every note, oldest first (with tombstones if asked: that is what an export needs)."""
        live = "" if include_deleted else " WHERE deleted IS NULL"
        return [_note(r) for r in self.db.execute(f"{_SELECT}{live} ORDER BY seq").fetchall()]

    @storage_errors
    def annotated_refids(self) -> list[str]:
        """The cables with at least one live note, sorted."""
        rows = self.db.execute(
            "SELECT DISTINCT refid FROM notes WHERE deleted IS NULL ORDER BY refid"
        ).fetchall()
        return [r[0] for r in rows]

    @storage_errors
    def count(self, include_deleted: bool = False) -> int:
        """How many live notes there are (or rows, with ``include_deleted``)."""
        live = "" if include_deleted else " WHERE deleted IS NULL"
        return int(self.db.execute(f"SELECT count(*) FROM notes{live}").fetchone()[0])

    @storage_errors
    def query(self, text: str = "", colour: str | None = None, label: str | None = None,
              refid: str | None = None, limit: int | None = None) -> list[Note]:
        """Live notes matching every filter given, most recently updated first.

        Args:
            text: words to find in the note, its quote or its labels (each a prefix).
            colour: one of the note colours.
            label: a label (normalised before matching).
            refid: one cable.
            limit: at most this many notes.
        """
        where, params = _filters(text, colour, label, refid, limit)
        rows = self.db.execute(f"{_SELECT} {where}", params).fetchall()
        return [_note(r) for r in rows]

    @storage_errors
    def query_ids(self, text: str = "", colour: str | None = None, label: str | None = None,
                  refid: str | None = None, limit: int | None = None) -> list[str]:
        """The ids :meth:`query` would return, in the same order, read from an index: for a
        panel that holds ids and fetches the rows it shows (:meth:`get_many`)."""
        where, params = _filters(text, colour, label, refid, limit)
        return [r[0] for r in self.db.execute(f"SELECT id FROM notes {where}", params)]

    @storage_errors
    def labels(self) -> list[tuple[str, int]]:
        """Every label on a live note, with how many live notes carry it, by label; spellings
        that differ only in case count as one."""
        rows = self.db.execute(
            "SELECT min(j.value), count(*) FROM notes, json_each(notes.labels) AS j "
            "WHERE notes.deleted IS NULL AND notes.labels != '[]' "
            "GROUP BY j.value COLLATE NOCASE ORDER BY j.value COLLATE NOCASE"
        ).fetchall()
        return [(str(r[0]), int(r[1])) for r in rows]

    # -- helpers --------------------------------------------------------------------------

    def _get(self, note_id: str) -> Note | None:
        row = self.db.execute(f"{_SELECT} WHERE id = ?", [note_id]).fetchone()
        return _note(row) if row else None

    def _get_many(self, note_ids: list[str]) -> dict[str, Note]:
        found: dict[str, Note] = {}
        for start in range(0, len(note_ids), _CHUNK):
            chunk = note_ids[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for row in self.db.execute(f"{_SELECT} WHERE id IN ({marks})", chunk).fetchall():
                note = _note(row)
                found[note.id] = note
        return found

    def _require(self, note_id: str) -> Note:
        note = self._get(note_id)
        if note is None:
            raise KeyError(f"no note with id {note_id!r}")
        return note

    def writing(self) -> AbstractContextManager[sqlite3.Connection]:
        """:meth:`_writing`, for the stores that share this database (reading lists, saved
        searches) and for an import that writes to all of them in one transaction: the same
        read-only guard, transaction and storage errors."""
        return self._writing()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed (and synced) before the block's caller returns.
        A block inside another joins the outer transaction (an import of notes, lists and
        saved searches commits once, or not at all).

        Raises:
            StorageError: the notes are read-only, or the write failed (disk full, busy...);
                the message says so, and that nothing stored was lost.
        """
        if self.readonly:
            raise StorageError(self.read_only_reason or "Your notes are read-only.", "readonly")
        conn = self.db.conn
        if self._depth:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
        except sqlite3.OperationalError as exc:
            if classify(exc) == "other":
                raise
            raise as_storage_error(exc, f"Cannot save your notes in {self.path}") from exc
