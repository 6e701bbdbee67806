"""The one place notes are written: every edit is an undoable command; views hear what changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.annotations.anchoring import place_all
from desktop.annotations.models import Note, NoteChange, Placement
from desktop.annotations.store import NotesStore
from desktop.archive.records import Paragraph
from desktop.render.cable_html import ParagraphMark
from desktop.render.markdown_safe import markdown_to_text, render_markdown
from desktop.render.theme import NOTE_COLOURS

DEFAULT_COLOUR = "yellow"


class NotesController(QObject):
    """Owns the notes store and the undo stack.

    Signals:
        notes_changed: a NoteChange, after any write (including undo and redo).
    """

    notes_changed = Signal(object)

    def __init__(self, store: NotesStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)

    # Writes (each one undoable) -----------------------------------------------------------

    def add(self, refid: str, paragraph: Paragraph | None, paragraphs: Sequence[Paragraph],
            text: str, colour: str = DEFAULT_COLOUR, labels: Sequence[str] = ()) -> Note:
        command = _Add(self, refid, paragraph, paragraphs, text, colour, labels)
        self.undo_stack.push(command)
        assert command.note is not None
        return command.note

    def edit(self, note_id: str, *, text: str | None = None, colour: str | None = None,
             labels: Sequence[str] | None = None) -> None:
        before = self.store.get(note_id)
        if before is None:
            return
        command = _Edit(self, before, text, colour, labels)
        if command.changes:
            self.undo_stack.push(command)

    def delete(self, note_id: str) -> None:
        note = self.store.get(note_id)
        if note is not None and not note.is_deleted:
            self.undo_stack.push(_Delete(self, note))

    def announce(self, change: NoteChange) -> None:
        self.notes_changed.emit(change)

    # Reads ----------------------------------------------------------------------------------

    def placements(self, refid: str, paragraphs: Sequence[Paragraph]) -> list[Placement]:
        return place_all(self.store.for_cable(refid), paragraphs)

    def marks(self, refid: str, paragraphs: Sequence[Paragraph]
              ) -> tuple[dict[int, ParagraphMark], ParagraphMark | None, list[tuple[str, str]]]:
        """How the viewer paints a cable's notes: marks by paragraph ordinal, the cable
        note's mark, and the orphans (id, quote)."""
        by_ordinal: dict[int, list[Note]] = {}
        cable_notes: list[Note] = []
        orphans: list[tuple[str, str]] = []
        for p in self.placements(refid, paragraphs):
            if p.method == "cable":
                cable_notes.append(p.note)
            elif p.paragraph is None:
                orphans.append((p.note.id, p.note.quote))
            else:
                by_ordinal.setdefault(p.paragraph.ordinal, []).append(p.note)
        marks = {ordinal: mark_for(notes) for ordinal, notes in by_ordinal.items()}
        cable_mark = mark_for(cable_notes, plain=True) if cable_notes else None
        return marks, cable_mark, orphans


def mark_for(notes: Sequence[Note], plain: bool = False) -> ParagraphMark:
    """The newest note's colour and every note's id.

    ``tooltip`` is the notes as plain text when ``plain`` (the cable note, shown in the
    reference box); for paragraph marks the viewer renders the note when the pointer rests
    on the marker, so nothing is rendered for a mark that is never hovered.
    """
    newest = max(notes, key=lambda n: n.updated)
    if plain:
        tip = "\n\n".join(markdown_to_text(n.text) or "(empty note)" for n in notes)
    else:
        tip = "\n\n".join(n.text[:200] for n in notes)
    return ParagraphMark(NOTE_COLOURS.get(newest.colour, NOTE_COLOURS[DEFAULT_COLOUR]),
                         tuple(n.id for n in sorted(notes, key=lambda n: n.created)), tip)


def note_html(note: Note) -> str:
    """A note rendered for a tooltip or a preview: inert HTML."""
    labels = f"<p><i>{', '.join(note.labels)}</i></p>" if note.labels else ""
    return render_markdown(note.text) + labels


class _Add(QUndoCommand):
    def __init__(self, ctl: NotesController, refid: str, paragraph: Paragraph | None,
                 paragraphs: Sequence[Paragraph], text: str, colour: str,
                 labels: Sequence[str]):
        super().__init__("Add note")
        self.ctl = ctl
        self.args = (refid, paragraph, list(paragraphs), text, colour, list(labels))
        self.note: Note | None = None

    def redo(self) -> None:
        if self.note is None:
            refid, paragraph, paragraphs, text, colour, labels = self.args
            change = self.ctl.store.add(refid, paragraph, paragraphs, text, colour, labels)
            self.note = change.note
        else:  # redo after an undo: the same note comes back
            change = self.ctl.store.restore(self.note.id)
        self.ctl.announce(change)

    def undo(self) -> None:
        assert self.note is not None
        self.ctl.announce(self.ctl.store.delete(self.note.id))


class _Edit(QUndoCommand):
    def __init__(self, ctl: NotesController, before: Note, text: str | None,
                 colour: str | None, labels: Sequence[str] | None):
        super().__init__("Edit note")
        self.ctl = ctl
        self.before = before
        self.changes = {k: v for k, v in (("text", text), ("colour", colour),
                                          ("labels", tuple(labels) if labels is not None
                                           else None))
                        if v is not None and v != getattr(before, k)}

    def redo(self) -> None:
        change = self.ctl.store.update(self.before.id, **self.changes)  # type: ignore[arg-type]
        self.ctl.announce(change)

    def undo(self) -> None:
        current = self.ctl.store.get(self.before.id)
        assert current is not None
        restored = dataclasses.replace(
            current, **{k: getattr(self.before, k) for k in self.changes})
        self.ctl.announce(self.ctl.store.put(restored, touch=True))

    def id(self) -> int:
        return 1  # consecutive edits of one note's text merge into one undo step

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, _Edit) or other.before.id != self.before.id:
            return False
        if set(other.changes) != {"text"} or set(self.changes) != {"text"}:
            return False
        self.changes = {**self.changes, **other.changes}
        return True


class _Delete(QUndoCommand):
    def __init__(self, ctl: NotesController, note: Note):
        super().__init__("Delete note")
        self.ctl = ctl
        self.note = note

    def redo(self) -> None:
        self.ctl.announce(self.ctl.store.delete(self.note.id))

    def undo(self) -> None:
        self.ctl.announce(self.ctl.store.restore(self.note.id))
