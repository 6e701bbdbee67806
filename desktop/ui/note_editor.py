"""The note editor: Markdown with a rendered preview, a colour, labels. Saved as you type."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.annotations.models import DEFAULT_COLOUR, Note
from desktop.archive.errors import StorageError
from desktop.archive.records import Paragraph
from desktop.export.qt_document import InertDocument, inert_resource
from desktop.render.markdown_safe import render_markdown
from desktop.render.theme import NOTE_COLOURS
from desktop.ui.notes_controller import NotesController
from desktop.ui.theme import dim_colour

SAVE_AFTER_MS = 400


class InertBrowser(QTextBrowser):
    """A text browser that never loads anything (for rendered notes)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDocument(InertDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt override)
        return inert_resource(kind)


class NoteEditor(QDialog):
    """Edits one note, or creates it on the first edit. There is no Save button: changes are
    written a moment after typing stops, and when the editor closes.

    Signals:
        note_created: the id of a note this editor created.
    """

    note_created = Signal(str)

    def __init__(self, notes: NotesController, refid: str, paragraph: Paragraph | None,
                 paragraphs: Sequence[Paragraph], citation: str, note: Note | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.notes = notes
        self.refid = refid
        self.paragraph = paragraph
        self.paragraphs = list(paragraphs)
        self.note_id = note.id if note is not None else None
        self.setWindowTitle(f"Note — {citation}")
        self.resize(760, 520)

        quote_text = (paragraph.text if paragraph is not None else "The whole cable.")
        self.quote = QLabel(_shorten(quote_text, 400))
        self.quote.setTextFormat(Qt.TextFormat.PlainText)  # cable text, never markup
        self.quote.setWordWrap(True)
        self.quote.setStyleSheet(f"color:{dim_colour()}; border-left:3px solid {dim_colour()}; "
                                 "padding-left:6px")
        self.text = QPlainTextEdit(note.text if note else "")
        self.text.setPlaceholderText("Write your note in Markdown: *emphasis*, **strong**, "
                                     "- lists, > quotes, `code`…")
        self.preview = InertBrowser()
        split = QSplitter()
        split.addWidget(self.text)
        split.addWidget(self.preview)
        self.colours = QButtonGroup(self)
        colour_row = QHBoxLayout()
        colour_row.addWidget(QLabel("Colour:"))
        current = note.colour if note else DEFAULT_COLOUR
        for name, hex_colour in NOTE_COLOURS.items():
            button = QToolButton(toolTip=name.capitalize(), checkable=True)
            button.setObjectName(f"colour-{name}")
            button.setStyleSheet(f"QToolButton {{ background:{hex_colour}; min-width:22px; "
                                 "min-height:22px; border:1px solid #999 } "
                                 "QToolButton:checked { border:2px solid #222 }")
            button.setChecked(name == current)
            self.colours.addButton(button)
            colour_row.addWidget(button)
        colour_row.addStretch(1)
        self.labels = QLineEdit(", ".join(note.labels) if note else "")
        self.labels.setPlaceholderText("labels, separated by commas")
        colour_row.addWidget(QLabel("Labels:"))
        colour_row.addWidget(self.labels, 2)
        self.delete_button = QPushButton("Delete note")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color:{dim_colour()}")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.delete_button)
        close = QPushButton("Close")
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote)
        layout.addWidget(split, 1)
        layout.addLayout(colour_row)
        layout.addLayout(bottom)

        self._deleted = False
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save)
        self.text.textChanged.connect(self._on_edited)
        self.labels.textChanged.connect(lambda _: self._timer.start())
        self.colours.buttonClicked.connect(lambda _: self.save())
        self.delete_button.clicked.connect(self.delete)
        close.clicked.connect(self.close)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.close)
        self.delete_button.setEnabled(self.note_id is not None)
        self._update_preview()
        if notes.store.readonly:  # read it, but nothing can be saved: say so, allow nothing
            self.text.setReadOnly(True)
            self.labels.setReadOnly(True)
            for button in self.colours.buttons():
                button.setEnabled(False)
            self.delete_button.setEnabled(False)
            self.status.setText(notes.store.read_only_reason or "Your notes are read-only.")

    def colour(self) -> str:
        checked = self.colours.checkedButton()
        return checked.objectName().removeprefix("colour-") if checked else DEFAULT_COLOUR

    def label_list(self) -> list[str]:
        return [x.strip() for x in self.labels.text().split(",") if x.strip()]

    def _on_edited(self) -> None:
        self._update_preview()
        self._timer.start()

    def _update_preview(self) -> None:
        self.preview.setHtml(render_markdown(self.text.toPlainText()))

    def save(self) -> None:
        """Write what is in the editor now (called after a pause, and on close). A failed
        write (a full disk) keeps the text here and says why; the next pause tries again."""
        self._timer.stop()
        if self._deleted or self.notes.store.readonly:
            return
        try:
            self._save()
        except StorageError as exc:
            self.status.setText(f"Not saved: {exc}")

    def _save(self) -> None:
        text = self.text.toPlainText()
        if self.note_id is None:
            if not text.strip() and not self.label_list():
                return  # nothing written yet: no empty note
            note = self.notes.add(self.refid, self.paragraph, self.paragraphs, text,
                                  self.colour(), self.label_list())
            self.note_id = note.id
            self.delete_button.setEnabled(True)
            self.note_created.emit(note.id)
        else:
            self.notes.edit(self.note_id, text=text, colour=self.colour(),
                            labels=self.label_list())
        self.status.setText("Saved")

    def delete(self) -> None:
        self._timer.stop()
        if self.note_id is not None:
            try:
                self.notes.delete(self.note_id)
            except StorageError as exc:
                self.status.setText(f"Not deleted: {exc}")
                return
        self._deleted = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save()  # writes nothing when nothing changed
        super().closeEvent(event)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
