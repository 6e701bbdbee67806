"""The one place notes are written: every operation is an undoable command, announced once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.annotations.anchoring import place_all
from desktop.annotations.exchange import Exchange, ImportResult, merge
from desktop.annotations.lists import ListRecord, ReadingLists
from desktop.annotations.models import (
    DEFAULT_COLOUR,
    Note,
    NoteChange,
    NotesChanged,
    Placement,
    utc_now,
)
from desktop.annotations.saved_searches import SavedInfo, SavedSearches
from desktop.annotations.store import NotesStore
from desktop.archive.errors import StorageError
from desktop.archive.records import Paragraph
from desktop.render.notes import note_text


class NotesController(QObject):
    """Owns the notes store and the undo stack; the Qt bridge of the notes core.

    Signals:
        notes_changed: a :class:`NotesChanged`, once per operation (an edit, an undo, an
            import of a thousand notes, a bulk delete), never once per note.
        storage_failed: an undo or redo could not be written (the message says why).
        collections_changed: an import (or its undo) changed reading lists or saved
            searches; they are few, and are read again.
    """

    notes_changed = Signal(object)
    storage_failed = Signal(str)
    collections_changed = Signal()

    def __init__(self, store: NotesStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)

    # Writes (each one undoable) -----------------------------------------------------------
    # Each write is done first, so a storage error reaches the caller; the undo command
    # pushed after it only announces that first change, and redoes or undoes later ones.

    def add(self, refid: str, paragraph: Paragraph | None, paragraphs: Sequence[Paragraph],
            text: str, colour: str = DEFAULT_COLOUR, labels: Sequence[str] = ()) -> Note:
        change = self.store.add(refid, paragraph, paragraphs, text, colour, labels)
        self.undo_stack.push(_Add(self, change))
        return change.note

    def edit(self, note_id: str, *, text: str | None = None, colour: str | None = None,
             labels: Sequence[str] | None = None) -> None:
        before = self.store.get(note_id)
        if before is None:
            return
        wanted = {k: v for k, v in (("text", text), ("colour", colour),
                                    ("labels", tuple(labels) if labels is not None else None))
                  if v is not None and v != getattr(before, k)}
        if not wanted:
            return
        change = self.store.update(note_id, **wanted)  # type: ignore[arg-type]
        self.undo_stack.push(_Edit(self, before, wanted, change))

    def delete(self, note_id: str) -> None:
        self.delete_many([note_id])

    def delete_many(self, note_ids: Iterable[str]) -> int:
        """Delete live notes in one step (one undo, one change notice); returns how many."""
        changes = self.store.delete_many(note_ids)
        if changes:
            self.undo_stack.push(_Delete(self, changes))
        return len(changes)

    def import_notes(self, exchange: Exchange | Sequence[Note]) -> ImportResult:
        """Merge an export (newest wins): its notes, reading lists and saved searches, as
        one undoable step."""
        if not isinstance(exchange, Exchange):
            exchange = Exchange(notes=tuple(exchange))
        lists, searches = ReadingLists(self.store), SavedSearches(self.store)
        list_ids = {r.id for r in exchange.lists}
        search_ids = {s.id for s in exchange.searches}
        lists_before = {r.id: r for r in lists.records() if r.id in list_ids}
        searches_before = {s.id: s for s in searches.all(include_deleted=True)
                           if s.id in search_ids}
        result = merge(self.store, exchange.notes, lists=exchange.lists,
                       searches=exchange.searches)
        collections = _Collections(
            lists_before, {r.id: r for r in lists.records() if r.id in list_ids},
            searches_before, {s.id: s for s in searches.all(include_deleted=True)
                              if s.id in search_ids})
        if result.changes or collections.changed:
            self.undo_stack.push(_Import(self, result, collections))
        return result

    def announce(self, *changes: NoteChange | NotesChanged) -> None:
        """Tell the views, once, what an operation changed (nothing when nothing did)."""
        flat: list[NoteChange] = []
        for c in changes:
            flat.extend(c.changes if isinstance(c, NotesChanged) else (c,))
        if flat:
            self.notes_changed.emit(NotesChanged(tuple(flat)))

    # Reads ----------------------------------------------------------------------------------

    def placements(self, refid: str, paragraphs: Sequence[Paragraph],
                   aliases: Sequence[str] = ()) -> list[Placement]:
        """A cable's notes (kept under its refid or another of its ids), placed."""
        notes = self.store.for_cables([refid, *aliases]) if aliases else \
            self.store.for_cable(refid)
        return place_all(notes, paragraphs)

    def tooltip(self, note_id: str) -> str:
        """A note as plain text, for a marker's tooltip ('' for an unknown note)."""
        note = self.store.get(note_id)
        return note_text(note) if note is not None and not note.is_deleted else ""


class _Command(QUndoCommand):
    """An operation already done once: its first redo (at push) only announces it. Later
    undos and redos write; a storage failure then is reported, not raised into Qt."""

    def __init__(self, ctl: NotesController, text: str, first: Sequence[NoteChange]):
        super().__init__(text)
        self.ctl = ctl
        self._first: Sequence[NoteChange] | None = first

    def redo(self) -> None:
        if self._first is not None:
            first, self._first = self._first, None
            self.ctl.announce(*first)
            return
        self._write(self.do)

    def undo(self) -> None:
        self._write(self.undo_write)

    def _write(self, write: Callable[[], Sequence[NoteChange]]) -> None:
        try:
            changes = write()
        except StorageError as exc:
            self.ctl.storage_failed.emit(str(exc))
            return
        self.ctl.announce(*changes)

    def do(self) -> Sequence[NoteChange]:
        raise NotImplementedError

    def undo_write(self) -> Sequence[NoteChange]:
        raise NotImplementedError


class _Add(_Command):
    def __init__(self, ctl: NotesController, change: NoteChange):
        super().__init__(ctl, "Add note", [change])
        self.note_id = change.note_id

    def do(self) -> Sequence[NoteChange]:
        return [self.ctl.store.restore(self.note_id)]  # redo after an undo: the note is back

    def undo_write(self) -> Sequence[NoteChange]:
        return [self.ctl.store.delete(self.note_id)]


class _Edit(_Command):
    def __init__(self, ctl: NotesController, before: Note, changes: dict[str, object],
                 change: NoteChange):
        super().__init__(ctl, "Edit note", [change])
        self.before = before
        self.changes = changes

    def do(self) -> Sequence[NoteChange]:
        return [self.ctl.store.update(self.before.id, **self.changes)]  # type: ignore[arg-type]

    def undo_write(self) -> Sequence[NoteChange]:
        current = self.ctl.store.get(self.before.id)
        assert current is not None
        restored = dataclasses.replace(
            current, **{k: getattr(self.before, k) for k in self.changes})
        return [self.ctl.store.put(restored, touch=True)]

    def id(self) -> int:
        return 1  # consecutive edits of one note's text merge into one undo step

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, _Edit) or other.before.id != self.before.id:
            return False
        if set(other.changes) != {"text"} or set(self.changes) != {"text"}:
            return False
        self.changes = {**self.changes, **other.changes}
        return True


class _Delete(_Command):
    def __init__(self, ctl: NotesController, changes: Sequence[NoteChange]):
        super().__init__(ctl, "Delete note" if len(changes) == 1
                         else f"Delete {len(changes):,} notes", changes)
        self.note_ids = [c.note_id for c in changes]

    def do(self) -> Sequence[NoteChange]:
        return self.ctl.store.delete_many(self.note_ids)

    def undo_write(self) -> Sequence[NoteChange]:
        return self.ctl.store.restore_many(self.note_ids)


@dataclasses.dataclass(frozen=True)
class _Collections:
    """The reading lists and saved searches an import touched, before and after it."""

    lists_before: dict[str, ListRecord]
    lists_after: dict[str, ListRecord]
    searches_before: dict[str, SavedInfo]
    searches_after: dict[str, SavedInfo]

    @property
    def changed(self) -> bool:
        return (self.lists_before != self.lists_after
                or self.searches_before != self.searches_after)


class _Import(_Command):
    """A merge of imported notes, lists and saved searches; undone by putting back what
    each was before (a list or search the import added is deleted)."""

    def __init__(self, ctl: NotesController, result: ImportResult, collections: _Collections):
        super().__init__(ctl, "Import notes", result.changes)
        self.changes = result.changes
        self.collections = collections

    def redo(self) -> None:
        super().redo()
        if self.collections.changed:
            self.ctl.collections_changed.emit()

    def undo(self) -> None:
        super().undo()
        if self.collections.changed:
            self.ctl.collections_changed.emit()

    def do(self) -> Sequence[NoteChange]:
        now = utc_now()
        c = self.collections
        with self.ctl.store.writing():  # one transaction for notes, lists and searches
            ReadingLists(self.ctl.store).put_many(c.lists_after.values())
            SavedSearches(self.ctl.store).put_many(c.searches_after.values())
            return self.ctl.store.put_many(
                [dataclasses.replace(c.note, updated=now) for c in self.changes])

    def undo_write(self) -> Sequence[NoteChange]:
        now = utc_now()
        c = self.collections
        lists, searches = ReadingLists(self.ctl.store), SavedSearches(self.ctl.store)
        with self.ctl.store.writing():
            lists.put_many(c.lists_before.values())
            for list_id, record in c.lists_after.items():
                if list_id not in c.lists_before and record.deleted is None:
                    lists.delete(list_id)
            searches.put_many(c.searches_before.values())
            for search_id, info in c.searches_after.items():
                if search_id not in c.searches_before and info.deleted is None:
                    searches.delete(search_id)
            return self.ctl.store.put_many(
                [dataclasses.replace(c.previous, updated=now) if c.previous is not None
                 else dataclasses.replace(c.note, deleted=now) for c in self.changes])
