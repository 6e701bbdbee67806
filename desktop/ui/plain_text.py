"""Text from cables, notes, files and error messages, shown by widgets that would otherwise
guess it is HTML (Qt renders a tooltip or a message that merely looks like HTML as HTML,
images and all)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.render.html import text


def tooltip(value: str) -> str:
    """Text as a tooltip Qt cannot mistake for rich text: escaped, lines kept, in ``<qt>``."""
    if not value:
        return ""
    return "<qt>" + text(value).replace("\n", "<br/>") + "</qt>"


def message(parent: QWidget | None, title: str, body: str,
            icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
            buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok
            ) -> QMessageBox.StandardButton:
    """A message box whose text is shown as plain text, whatever it holds; returns the
    button pressed."""
    box = QMessageBox(icon, title, body, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return QMessageBox.StandardButton(box.exec())


def warn(parent: QWidget | None, title: str, body: str) -> None:
    message(parent, title, body)


def ask(parent: QWidget | None, title: str, body: str) -> bool:
    """A yes/no question; True for yes."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return message(parent, title, body, QMessageBox.Icon.Question, yes | no) == yes
