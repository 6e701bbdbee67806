"""The search box: FTS queries, refids that open a cable, short messages for bad queries."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.archive.query_syntax import CompiledQuery, QuerySyntaxError, compile_query, refid_in
from desktop.ui.plain_text import tooltip
from desktop.ui.theme import error_colour

HELP = ('Words, "a phrase", AND / OR / NOT, (groups), prefix*, subject:word. '
        "A reference id opens that cable.")


class SearchBox(QWidget):
    """Announces a compiled query, a cleared search, or a refid to open."""

    search_requested = Signal(object)  # CompiledQuery
    search_cleared = Signal()
    refid_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(placeholderText="Search cables…  (Ctrl+K)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(HELP)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the user's query
        self.message.setStyleSheet(f"color: {error_colour()}")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 3)
        layout.addWidget(self.message, 2)
        self._timer = QTimer(self, singleShot=True, interval=350)
        self._timer.timeout.connect(self.submit)
        self.edit.textEdited.connect(lambda _: self._timer.start())
        self.edit.returnPressed.connect(self.submit)
        self.edit.textChanged.connect(self._on_changed)

    def submit(self) -> None:
        """Run the query now (Enter, or a pause in typing)."""
        self._timer.stop()
        text = self.edit.text().strip()
        if not text:
            self.message.clear()
            self.search_cleared.emit()
            return
        refid = refid_in(text)
        if refid is not None:
            self.message.clear()
            self.refid_requested.emit(refid)
            return
        try:
            compiled: CompiledQuery = compile_query(text)
        except QuerySyntaxError as exc:
            self.show_error(str(exc))
            return
        self.message.clear()
        self.search_requested.emit(compiled)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setToolTip(tooltip(text))

    def _on_changed(self, text: str) -> None:
        if not text:
            self._timer.stop()
            self.message.clear()
            self.search_cleared.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.edit.clear()
            return
        super().keyPressEvent(event)
