"""The notes panel: every note in the library, filtered by text, colour, label or cable."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.annotations.models import Note
from desktop.annotations.store import NotesStore
from desktop.archive.errors import StorageError
from desktop.render.markdown_safe import markdown_to_text
from desktop.render.theme import NOTE_COLOURS

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

    def forget(self, note_id: str) -> None:
        """A note changed: fetch it again when it is shown."""
        self._notes.pop(note_id, None)
        self._texts.pop(note_id, None)
        if note_id in self._ids:
            row = self._ids.index(note_id)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

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
        if column == 0:
            return note.refid
        if column == 1:
            return "whole cable" if note.ordinal is None else (
                f"¶{note.label}" if note.label else f"paragraph {note.ordinal}")
        if column == 2:
            text = self._text(note)
            return text if role == Qt.ItemDataRole.ToolTipRole else " ".join(text.split())[:200]
        if column == 3:
            return ", ".join(note.labels)
        return note.updated.replace("T", " ").rstrip("Z")

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
    """Filters over a lazy list of notes. Announces the note the user wants to go to."""

    note_activated = Signal(str)

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
        self.model = NotesListModel(store, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
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
        self.count.setText(f"{len(ids):,} of {total:,} notes" if len(ids) != total
                           else f"{total:,} notes")

    def on_note_changed(self, note_id: str) -> None:
        self.model.forget(note_id)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.note_activated.emit(self.model.note_id_at(index.row()))
