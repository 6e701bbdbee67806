"""A modeless dialog for a long job: what it is doing, a bar, a detail line, Cancel, and the
buttons that matter once it is done."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class JobDialog(QDialog):
    """The window behind stays usable. Subclasses add their end buttons with
    :meth:`end_button` and call :meth:`finished_job` when the job is over.

    Signals:
        cancel_requested: the user asked to cancel (the button is disabled meanwhile).
    """

    cancel_requested = Signal()

    def __init__(self, title: str, cancel_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(False)
        self.setMinimumWidth(480)
        self.label = QLabel("Preparing…")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(cancel_text,
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = self.end_button("Close")
        layout = QVBoxLayout(self)
        for w in (self.label, self.bar, self.detail, self.buttons):
            layout.addWidget(w)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.close_button.clicked.connect(self.accept)

    def end_button(self, text: str) -> QPushButton:
        """A button shown once the job is over (hidden until then)."""
        button = QPushButton(text)
        button.hide()
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    def cancelling_text(self) -> str:
        return "Cancelling…"

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.cancelling_text())
        self.cancel_requested.emit()

    def finished_job(self) -> None:
        self.cancel_button.hide()
        self.close_button.show()
