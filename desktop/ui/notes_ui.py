"""The notes in the window: the editor, the panel, the notes actions, export and import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.annotations.exchange import read_json
from desktop.annotations.models import Note, NotesChanged
from desktop.archive.errors import StorageError
from desktop.archive.library import Library
from desktop.archive.records import Paragraph
from desktop.export.notes import NotesFormat, write_notes
from desktop.render.citation import paragraph_citation
from desktop.ui.note_editor import NoteEditor
from desktop.ui.notes_controller import NotesController
from desktop.ui.notes_panel import NotesPanel
from desktop.ui.plain_text import warn
from desktop.ui.reader_view import ReaderView
from desktop.wording import plural

_SAVED = {"added": "Note saved.", "updated": "Note saved.",
          "deleted": "Note deleted ({undo} brings it back).",
          "restored": "Note restored."}


class NotesUi(QObject):
    """Opens the editor for the reader's paragraphs, runs the panel and the notes actions.

    Collaborators, given explicitly: the notes controller (every write), the reader (the open
    cable and its paragraphs), the library (for exports) and ``open_cable``, which shows a
    cable and says whether it could.

    Signals:
        message: a line for the status bar.
        export_pdf_requested: refids of annotated cables to export to PDF.
    """

    message = Signal(str)
    export_pdf_requested = Signal(list)

    def __init__(self, notes: NotesController, reader: ReaderView,
                 library: Callable[[], Library], open_cable: Callable[[str], bool],
                 parent: QWidget):
        super().__init__(parent)
        self.notes = notes
        self.reader = reader
        self.library = library
        self.open_cable = open_cable
        self.parent_widget = parent
        self.editor: NoteEditor | None = None
        self.panel = NotesPanel(notes.store)
        self._make_actions()
        self.reader.paragraph_activated.connect(self.on_paragraph_activated)
        self.reader.cable_note_requested.connect(self.on_cable_note_requested)
        self.reader.note_requested.connect(self.open_note)
        self.panel.note_activated.connect(self.jump_to_note)
        self.panel.delete_requested.connect(self.on_delete_requested)
        self.panel.export_pdf_requested.connect(self.export_pdf_requested)

    def _make_actions(self) -> None:
        w = self.parent_widget
        self.act_undo = self.notes.undo_stack.createUndoAction(w, "&Undo")
        self.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.act_redo = self.notes.undo_stack.createRedoAction(w, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_annotate = QAction("&Annotate paragraph…", w, shortcut="Ctrl+Shift+N")
        self.act_annotate.triggered.connect(self.on_annotate_shortcut)
        self.act_cable_note = QAction("Note on the whole &cable…", w, shortcut="Ctrl+Alt+N")
        self.act_cable_note.triggered.connect(self.on_cable_note_requested)
        self.act_export_md = QAction("Export notes as &Markdown…", w)
        self.act_export_md.triggered.connect(lambda: self.export("md"))
        self.act_export_json = QAction("Export notes as &JSON…", w)
        self.act_export_json.triggered.connect(lambda: self.export("json"))
        self.act_import = QAction("Import &notes…", w)
        self.act_import.triggered.connect(self.on_import_requested)
        self.act_export_annotated = QAction("Export annotated cables to P&DF…", w)
        self.act_export_annotated.triggered.connect(self.on_export_annotated_requested)
        for a in (self.act_undo, self.act_redo, self.act_annotate, self.act_cable_note):
            w.addAction(a)

    # Opening the editor ------------------------------------------------------------------

    def on_annotate_shortcut(self) -> None:
        paragraph = self.reader.paragraph_near_cursor()
        if paragraph is None:
            self.message.emit("Open a cable and click in a paragraph first.")
            return
        self.on_paragraph_activated(paragraph.ordinal)

    def on_paragraph_activated(self, ordinal: int) -> None:
        """Edit the paragraph's note, or start a new one."""
        reader = self.reader
        paragraph = next((p for p in reader.paragraphs if p.ordinal == ordinal), None)
        if reader.cable is None or paragraph is None:
            return
        existing = [p.note for p in self.notes.placements(reader.cable.refid, reader.paragraphs,
                                                   reader.cable.aliases)
                    if p.paragraph is not None and p.paragraph.ordinal == ordinal]
        self.edit(paragraph, existing[0] if existing else None)

    def on_cable_note_requested(self) -> None:
        if self.reader.cable is None:
            return
        existing = [n for n in self.notes.store.for_cable(self.reader.cable.refid)
                    if n.is_cable_note]
        self.edit(None, existing[0] if existing else None)

    def open_note(self, note_id: str) -> None:
        """Open a note's editor (its cable is the open one)."""
        note = self.notes.store.get(note_id)
        reader = self.reader
        if note is None or reader.cable is None:
            return
        placement = next((p for p in self.notes.placements(
            reader.cable.refid, reader.paragraphs, reader.cable.aliases)
            if p.note.id == note_id), None)
        self.edit(placement.paragraph if placement else None, note)

    def edit(self, paragraph: Paragraph | None, note: Note | None) -> NoteEditor:
        reader = self.reader
        assert reader.cable is not None
        if self.editor is not None:
            self.editor.close()
        citation = paragraph_citation(reader.cable.refid, paragraph, reader.paragraphs)
        self.editor = NoteEditor(self.notes, reader.cable.refid, paragraph, reader.paragraphs,
                                 citation, note, self.parent_widget)
        self.editor.show()
        self.editor.text.setFocus()
        return self.editor

    def jump_to_note(self, note_id: str) -> None:
        """Open the note's cable and scroll to its paragraph."""
        note = self.notes.store.get(note_id)
        if note is None or not self.open_cable(note.refid):
            return
        reader = self.reader
        cable = reader.cable
        aliases = cable.aliases if cable is not None else ()
        placement = next((p for p in self.notes.placements(note.refid, reader.paragraphs, aliases)
                          if p.note.id == note_id), None)
        if placement is not None and placement.paragraph is not None:
            reader.scroll_to_paragraph(placement.paragraph.ordinal)
        elif placement is not None and placement.is_orphan:
            self.message.emit("This note's paragraph is no longer in the cable; "
                              "it is listed above the body with its quote.")

    def on_delete_requested(self, note_ids: list[str]) -> None:
        try:
            count = self.notes.delete_many(note_ids)
        except StorageError as exc:
            warn(self.parent_widget, "Cannot delete the notes", str(exc))
            return
        if count > 1:
            self.message.emit(f"Deleted {count:,} notes ({self.keys(self.act_undo)} brings "
                              "them back).")

    # Keeping the panel current -------------------------------------------------------------

    def on_notes_changed(self, changed: NotesChanged) -> None:
        """Refresh the panel once for the whole operation, and say what happened."""
        self.panel.on_notes_changed(changed)
        if len(changed) == 1:
            text = _SAVED.get(changed.changes[0].kind, "")
            if text:
                self.message.emit(text.format(undo=self.keys(self.act_undo)))

    @staticmethod
    def keys(action: QAction) -> str:
        """An action's first shortcut as this platform writes it (Ctrl+Z, ⌘Z)."""
        return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)

    # Export and import -----------------------------------------------------------------------

    def export(self, kind: NotesFormat) -> None:
        suffix = {"md": "Markdown (*.md)", "json": "Cable Reader notes (*.json)"}[kind]
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export notes",
                                              f"notes.{kind}", suffix)
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, path: Path, kind: NotesFormat) -> int:
        try:
            count = write_notes(path, kind, self.notes.store, self.library())
        except (OSError, StorageError) as exc:
            warn(self.parent_widget, "Cannot export notes",
                                f"Cannot write {path}:\n{getattr(exc, 'strerror', None) or exc}")
            return 0
        self.message.emit(f"Exported {plural(count, 'note')} to {path}")
        return count

    def on_import_requested(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Import notes", "",
                                              "Cable Reader notes (*.json)")
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> str:
        try:
            exchange = read_json(path.read_text(encoding="utf-8"))
            result = self.notes.import_notes(exchange)
        except (OSError, ValueError, StorageError) as exc:
            warn(self.parent_widget, "Cannot import notes", f"{path}:\n{exc}")
            return str(exc)
        text = (f"Imported notes: {result.added} new, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.skipped_older} older than yours.")
        for counts, what, whats in ((result.lists, "reading list", "reading lists"),
                                    (result.searches, "saved search", "saved searches")):
            if counts.added or counts.updated:
                text += f" {plural(counts.added, what, whats)} new, {counts.updated} updated."
        self.message.emit(text)
        return text

    def on_export_annotated_requested(self) -> None:
        refids = self.notes.store.annotated_refids()
        if not refids:
            self.message.emit("No cable has a note yet.")
            return
        self.export_pdf_requested.emit(refids)
