"""The notes panel: every note in the library, filtered by text, colour, label or cable."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.annotations.models import Note, NotesChanged
from desktop.annotations.store import NotesStore
from desktop.archive.errors import StorageError
from desktop.render.markdown_safe import markdown_to_text
from desktop.render.theme import NOTE_COLOURS
from desktop.ui.empty_hint import EmptyHint
from desktop.ui.plain_text import tooltip
from desktop.wording import plural

Index = QModelIndex | QPersistentModelIndex
PAGE = 100
CACHE = 2000
COLUMNS = ("Cable", "Paragraph", "Note", "Labels", "Updated")
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class NotesListModel(QAbstractTableModel):
    """Holds the ids of the notes that match; fetches the notes it shows a page at a time."""

    def __init__(self, store: NotesStore | None = None, parent: Any = None):
        super().__init__(parent)
        self.store = store
        self._ids: list[str] = []
        self._notes: OrderedDict[str, Note] = OrderedDict()
        self._texts: dict[str, str] = {}

    def set_ids(self, ids: list[str]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._notes.clear()
        self._texts.clear()
        self.endResetModel()

    def forget(self, note_ids: Iterable[str]) -> None:
        """Notes changed: fetch them again when they are shown (one repaint for all)."""
        rows = []
        for note_id in note_ids:
            self._notes.pop(note_id, None)
            self._texts.pop(note_id, None)
            rows.append(note_id)
        positions = {note_id: row for row, note_id in enumerate(self._ids)} if rows else {}
        shown = [positions[i] for i in rows if i in positions]
        if shown:
            self.dataChanged.emit(self.index(min(shown), 0),
                                  self.index(max(shown), len(COLUMNS) - 1))

    def note_id_at(self, row: int) -> str:
        return self._ids[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == NOTE_ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.DecorationRole):
            return None
        note = self._note(index.row())
        if note is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(NOTE_COLOURS.get(note.colour, "#ffffff")) if column == 0 else None
        if column == 2:
            text = self._text(note)
        elif column == 3:
            text = ", ".join(note.labels)
        elif column == 0:
            text = note.refid
        elif column == 1:
            text = "whole cable" if note.ordinal is None else (
                f"¶{note.label}" if note.label else f"paragraph {note.ordinal}")
        else:
            text = note.updated.replace("T", " ").rstrip("Z")
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(text)
        return " ".join(text.split())[:200] if column == 2 else text

    def _note(self, row: int) -> Note | None:
        note_id = self._ids[row]
        note = self._notes.get(note_id)
        if note is None and self.store is not None:
            page = [i for i in self._ids[row : row + PAGE] if i not in self._notes]
            self._notes.update(self.store.get_many(page))
            while len(self._notes) > CACHE:
                self._notes.popitem(last=False)
            note = self._notes.get(note_id)
        return note

    def _text(self, note: Note) -> str:
        text = self._texts.get(note.id)
        if text is None:
            text = markdown_to_text(note.text) or "(empty)"
            self._texts[note.id] = text
        return text


class NotesPanel(QWidget):
    """Filters over a lazy list of notes. Announces the note the user wants to go to, the
    notes to delete (Delete key, context menu) and the cables to export to PDF."""

    note_activated = Signal(str)
    delete_requested = Signal(list)
    export_pdf_requested = Signal(list)

    def __init__(self, store: NotesStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.current_refid: str | None = None
        self.search = QLineEdit(placeholderText="Find in notes…")
        self.search.setClearButtonEnabled(True)
        self.colour = QComboBox()
        self.colour.addItem("Any colour", None)
        for name in NOTE_COLOURS:
            self.colour.addItem(name.capitalize(), name)
        self.label = QComboBox()
        self.this_cable = QCheckBox("This cable only")
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.model = NotesListModel(store, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        delete = QAction("Delete", self.table, shortcut=QKeySequence.StandardKey.Delete,
                         shortcutContext=Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self._on_delete)
        self.table.addAction(delete)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.hint = EmptyHint(self.table)
        filters = QHBoxLayout()
        for w in (self.search, self.colour, self.label, self.this_cable):
            filters.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.colour.currentIndexChanged.connect(lambda _: self.refresh())
        self.label.currentIndexChanged.connect(lambda _: self.refresh())
        self.this_cable.toggled.connect(lambda _: self.refresh())
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.refresh_labels()
        self.refresh()

    def set_current_cable(self, refid: str | None) -> None:
        self.current_refid = refid
        if self.this_cable.isChecked():
            self.refresh()

    def refresh_labels(self) -> None:
        chosen = self.label.currentData()
        self.label.blockSignals(True)
        self.label.clear()
        self.label.addItem("Any label", None)
        for name, count in self.store.labels():
            self.label.addItem(f"{name} ({count})", name)
        index = self.label.findData(chosen)
        self.label.setCurrentIndex(max(0, index))
        self.label.blockSignals(False)

    def refresh(self) -> None:
        self._timer.stop()
        refid = self.current_refid if self.this_cable.isChecked() else None
        if self.this_cable.isChecked() and refid is None:
            ids: list[str] = []
        else:
            try:
                ids = self.store.query_ids(self.search.text(), self.colour.currentData(),
                                           self.label.currentData(), refid)
            except StorageError as exc:
                self.count.setText(str(exc))
                return
        self.model.set_ids(ids)
        total = self.store.count()
        self.count.setText(f"{len(ids):,} of {plural(total, 'note')}" if len(ids) != total
                           else plural(total, "note"))
        filtered = bool(self.search.text().strip() or self.colour.currentData()
                        or self.label.currentData())
        if not total:
            hint = "No notes yet.\nClick the ¶ beside a paragraph in the viewer to write one."
        elif self.this_cable.isChecked() and not filtered:
            hint = "No notes on this cable." if refid else "No cable is open."
        else:
            hint = "No note matches these filters."
        self.hint.set_hint(hint)

    def on_notes_changed(self, changed: NotesChanged) -> None:
        """One refresh for a whole operation: a re-query when notes came or went, else a
        repaint of the changed rows."""
        if changed.changes_membership:
            self.refresh_labels()
            self.refresh()
        else:
            self.model.forget(changed.note_ids)

    def selected_note_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.note_id_at(r) for r in rows]

    def _on_delete(self) -> None:
        ids = self.selected_note_ids()
        if ids:
            self.delete_requested.emit(ids)

    def _on_context_menu(self, pos: QPoint) -> None:
        ids = self.selected_note_ids()
        menu = QMenu(self.table)
        if ids:
            n = len(ids)
            menu.addAction(f"Delete {n:,} notes" if n > 1 else "Delete note", self._on_delete)
            refids = list(dict.fromkeys(n.refid for n in self.store.get_many(ids).values()))
            label = (f"Export {len(refids):,} cables to PDF…" if len(refids) > 1
                     else "Export this cable to PDF…")
            menu.addAction(label, lambda: self.export_pdf_requested.emit(refids))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.note_activated.emit(self.model.note_id_at(index.row()))
