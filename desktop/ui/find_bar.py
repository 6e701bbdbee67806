"""The find-in-cable bar (Ctrl+F, F3 / Shift+F3, Esc)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from desktop.ui.reader_view import ReaderView
from desktop.ui.theme import not_found_style


class FindBar(QWidget):
    """Finds text in the open cable; hidden until asked for."""

    closed = Signal()

    def __init__(self, reader: ReaderView, parent: QWidget | None = None):
        super().__init__(parent)
        self.reader = reader
        self.edit = QLineEdit(placeholderText="Find in cable")
        self.edit.setClearButtonEnabled(True)
        self.case = QCheckBox("Match case")
        self.status = QLabel()
        previous = QToolButton(text="▲", toolTip="Previous match (Shift+F3)")
        following = QToolButton(text="▼", toolTip="Next match (F3)")
        close = QToolButton(text="✕", toolTip="Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for w in (self.edit, previous, following, self.case, self.status):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(close)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.returnPressed.connect(self.find_next)
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        close.clicked.connect(self.close_bar)
        self.case.toggled.connect(lambda _: self._on_text_changed(self.edit.text()))
        self.hide()

    def open_bar(self) -> None:
        self.show()
        selected = self.reader.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.reader.setFocus()
        self.closed.emit()

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        text = self.edit.text()
        if not text:
            return False
        if self.isHidden():
            self.show()
        found = self.reader.find_text(text, backward=backward, case=self.case.isChecked())
        self._show_count(found)
        return found

    def _on_text_changed(self, text: str) -> None:
        cursor = self.reader.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self.reader.setTextCursor(cursor)
        self._show_count(self.reader.find_text(text, case=self.case.isChecked()) if text else None)

    def _show_count(self, found: bool | None) -> None:
        text = self.edit.text()
        if found is None or not text:
            self.status.clear()
            return
        n = self.reader.count_matches(text, self.case.isChecked())
        self.status.setText(f"{n:,} match{'es' if n != 1 else ''}" if n else "Not found")
        self.edit.setStyleSheet("" if n else not_found_style())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
