"""A line in the middle of an empty list: why it is empty, and what to do about it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QLabel):
    """Shows its text over a view's empty viewport, in the palette's placeholder colour;
    hidden while the view has rows or the text is empty. The text is plain text (a search
    or a list name may be in it)."""

    MARGIN = 16

    def __init__(self, view: QAbstractItemView):
        super().__init__(view.viewport())
        self._view = view
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self._update)
        self._place()
        self._update()

    def set_hint(self, text: str) -> None:
        """What the view says when it is empty ('' for nothing)."""
        self.setText(text)
        self._update()

    def _update(self, *_args: object) -> None:
        self.setVisible(bool(self.text()) and self._view.model().rowCount() == 0)

    def _place(self) -> None:
        self.setGeometry(self._view.viewport().rect().adjusted(
            self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
