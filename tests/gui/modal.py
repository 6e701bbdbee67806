"""Answer the modal dialog a step opens, the way a user would, and note what it said."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox


@dataclass
class Seen:
    """What the modal dialogs said: (text, plain?) of each message box."""

    messages: list[tuple[str, bool]] = field(default_factory=list)


def close_next_modal(seen: Seen, accept: bool = False, tries: int = 200) -> None:
    """When the next modal dialog opens, record it and close it (Yes/accept or reject)."""

    def check(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            seen.messages.append((dialog.text(),
                                  dialog.textFormat() == Qt.TextFormat.PlainText))
            dialog.done(QMessageBox.StandardButton.Yes if accept else 0)
        elif isinstance(dialog, QDialog):
            dialog.accept() if accept else dialog.reject()
        elif left > 0:
            QTimer.singleShot(10, lambda: check(left - 1))

    QTimer.singleShot(0, lambda: check(tries))
