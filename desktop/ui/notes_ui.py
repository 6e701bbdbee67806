"""The notes in the window: the editor, the panel, the menu actions, and keeping views current."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox

from desktop.annotations.exchange import from_json, merge, to_json, to_markdown
from desktop.annotations.models import Note, NoteChange
from desktop.archive.errors import StorageError
from desktop.archive.records import Paragraph
from desktop.render.citation import paragraph_citation
from desktop.ui.note_editor import NoteEditor
from desktop.ui.notes_controller import note_html
from desktop.ui.notes_panel import NotesPanel

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class NotesUi(QObject):
    """Wires the notes into a MainWindow: it announces, the notes controller writes."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.notes = window.session.notes
        self.editor: NoteEditor | None = None
        self.panel = NotesPanel(self.notes.store)
        self.dock = QDockWidget("Notes", window)
        self.dock.setObjectName("notes-dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self._make_actions()
        self._connect_signals()
        window.reader.note_tooltip = self.note_tooltip
        self.update_annotated()

    def _make_actions(self) -> None:
        w = self.window
        self.act_undo = self.notes.undo_stack.createUndoAction(w, "&Undo")
        self.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.act_redo = self.notes.undo_stack.createRedoAction(w, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_annotate = QAction("&Annotate paragraph…", w, shortcut="Ctrl+Shift+N")
        self.act_annotate.triggered.connect(self.on_annotate_shortcut)
        self.act_cable_note = QAction("Note on the whole &cable…", w, shortcut="Ctrl+Alt+N")
        self.act_cable_note.triggered.connect(self.on_cable_note_requested)
        self.act_panel = self.dock.toggleViewAction()
        self.act_panel.setText("&Notes panel")
        self.act_panel.setShortcut(QKeySequence("F9"))
        self.act_export_md = QAction("Export notes as &Markdown…", w)
        self.act_export_md.triggered.connect(lambda: self.export("md"))
        self.act_export_json = QAction("Export notes as &JSON…", w)
        self.act_export_json.triggered.connect(lambda: self.export("json"))
        self.act_import = QAction("Import &notes…", w)
        self.act_import.triggered.connect(self.on_import_requested)
        for a in (self.act_undo, self.act_redo, self.act_annotate, self.act_cable_note):
            w.addAction(a)

    def _connect_signals(self) -> None:
        w = self.window
        w.reader.paragraph_activated.connect(self.on_paragraph_activated)
        w.reader.cable_note_requested.connect(self.on_cable_note_requested)
        w.reader.note_requested.connect(self.open_note)
        self.panel.note_activated.connect(self.jump_to_note)
        self.notes.notes_changed.connect(self.on_notes_changed)

    # Opening the editor ------------------------------------------------------------------

    def on_annotate_shortcut(self) -> None:
        paragraph = self.window.reader.paragraph_near_cursor()
        if paragraph is None:
            self.window.show_message("Open a cable and click in a paragraph first.")
            return
        self.on_paragraph_activated(paragraph.ordinal)

    def on_paragraph_activated(self, ordinal: int) -> None:
        """Edit the paragraph's note, or start a new one."""
        reader = self.window.reader
        paragraph = next((p for p in reader.paragraphs if p.ordinal == ordinal), None)
        if reader.cable is None or paragraph is None:
            return
        existing = [p.note for p in self.notes.placements(reader.cable.refid, reader.paragraphs)
                    if p.paragraph is not None and p.paragraph.ordinal == ordinal]
        self.edit(paragraph, existing[0] if existing else None)

    def on_cable_note_requested(self) -> None:
        reader = self.window.reader
        if reader.cable is None:
            return
        existing = [n for n in self.notes.store.for_cable(reader.cable.refid) if n.is_cable_note]
        self.edit(None, existing[0] if existing else None)

    def open_note(self, note_id: str) -> None:
        """Open a note's editor (its cable is the open one)."""
        note = self.notes.store.get(note_id)
        reader = self.window.reader
        if note is None or reader.cable is None:
            return
        placement = next((p for p in self.notes.placements(reader.cable.refid,
                                                           reader.paragraphs)
                          if p.note.id == note_id), None)
        self.edit(placement.paragraph if placement else None, note)

    def edit(self, paragraph: Paragraph | None, note: Note | None) -> NoteEditor:
        reader = self.window.reader
        assert reader.cable is not None
        if self.editor is not None:
            self.editor.close()
        citation = (paragraph_citation(reader.cable.refid, paragraph, reader.paragraphs)
                    if paragraph is not None else f"{reader.cable.refid} (whole cable)")
        self.editor = NoteEditor(self.notes, reader.cable.refid, paragraph, reader.paragraphs,
                                 citation, note, self.window)
        self.editor.show()
        self.editor.text.setFocus()
        return self.editor

    def jump_to_note(self, note_id: str) -> None:
        """Open the note's cable and scroll to its paragraph."""
        note = self.notes.store.get(note_id)
        if note is None or not self.window.open_cable(note.refid):
            return
        reader = self.window.reader
        placement = next((p for p in self.notes.placements(note.refid, reader.paragraphs)
                          if p.note.id == note_id), None)
        if placement is not None and placement.paragraph is not None:
            reader.scroll_to_paragraph(placement.paragraph.ordinal)
        elif placement is not None and placement.is_orphan:
            self.window.show_message("This note's paragraph is no longer in the cable; "
                                     "it is listed above the body with its quote.")

    # Keeping views current -----------------------------------------------------------------

    def on_notes_changed(self, change: NoteChange) -> None:
        reader = self.window.reader
        if reader.cable is not None and reader.cable.refid == change.refid:
            self.window.open_cable(change.refid, record=False, keep_position=True)
        self.panel.on_note_changed(change.note_id)
        if change.kind in ("added", "deleted", "restored", "imported"):
            self.panel.refresh_labels()
            self.panel.refresh()
            self.update_annotated()
        self.window.show_message({"added": "Note saved.", "updated": "Note saved.",
                                  "deleted": "Note deleted (Ctrl+Z brings it back).",
                                  "restored": "Note restored."}.get(change.kind, ""))

    def update_annotated(self) -> None:
        ids = self.window.session.annotated_ids()
        self.window.browse.set_annotated(len(ids) or None, self.window.session.annotated_ids)

    def marks(self, refid: str, paragraphs: list[Paragraph]):  # type: ignore[no-untyped-def]
        return self.notes.marks(refid, paragraphs)

    def note_tooltip(self, note_id: str) -> str:
        note = self.notes.store.get(note_id)
        return note_html(note) if note is not None else ""

    # Export and import -----------------------------------------------------------------------

    def export(self, kind: str) -> None:
        suffix = {"md": "Markdown (*.md)", "json": "Cable Reader notes (*.json)"}[kind]
        path, _ = QFileDialog.getSaveFileName(self.window, "Export notes", f"notes.{kind}",
                                              suffix)
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, path: Path, kind: str) -> int:
        store = self.notes.store
        if kind == "json":
            notes = store.all_notes(include_deleted=True)
            path.write_text(to_json(notes), encoding="utf-8")
        else:
            notes = store.all_notes()
            library = self.window.session.library
            info = {}
            for refid in {n.refid for n in notes}:
                cable = library.cable(refid)
                if cable is not None:
                    info[refid] = (cable.subject, cable.created, cable.origin)
            path.write_text(to_markdown(notes, info), encoding="utf-8")
        self.window.show_message(f"Exported {len(notes):,} notes to {path}")
        return len(notes)

    def on_import_requested(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import notes", "",
                                              "Cable Reader notes (*.json)")
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> str:
        try:
            notes = from_json(path.read_text(encoding="utf-8"))
            result = merge(self.notes.store, notes)
        except (OSError, ValueError, StorageError) as exc:
            QMessageBox.warning(self.window, "Cannot import notes", f"{path}:\n{exc}")
            return str(exc)
        for change in result.changes:
            self.notes.announce(change)
        text = (f"Imported notes: {result.added} new, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.skipped_older} older than yours.")
        self.window.show_message(text)
        self.panel.refresh()
        self.update_annotated()
        return text
