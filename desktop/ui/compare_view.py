"""Compare sources: the copies of one cable side by side, their differences marked.

The copies are read again from their source files (a cables.csv is scanned up to the
record) in the background; the comparison is the Qt-free HTML of
``desktop.render.compare_html``, shown inert (no link opens, no resource loads).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.archive.compare import Copy, copies
from desktop.archive.library import Library
from desktop.export.qt_document import InertDocument
from desktop.render.compare_html import render_compare
from desktop.render.html import el
from desktop.ui.theme import viewer_theme
from desktop.ui.workers import Job


class CompareDialog(QDialog):
    """One cable's sources side by side; not modal, so the window stays usable.

    ``job`` reads the copies; ``copies`` holds them once read (None before, [] for a cable
    the library no longer has).
    """

    def __init__(self, library_path: Path, refid: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.refid = refid
        self.copies: list[Copy] | None = None
        self.setWindowTitle(f"Compare sources — {refid}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.browser = QTextBrowser(self)
        self.browser.setDocument(InertDocument(self.browser))  # cable text opens nothing
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        screen = parent.screen().availableGeometry() if parent is not None else None
        self.resize(min(1400, int(screen.width() * 0.9)) if screen else 1200,
                    min(900, int(screen.height() * 0.85)) if screen else 800)
        self._show_html(_message(f"Reading the sources of {refid}…"))

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            with Library(library_path, readonly=True) as lib:
                return copies(lib, refid)

        self.job = Job(work, name="compare", parent=self)
        self.job.succeeded.connect(self._on_read)
        self.job.failed.connect(lambda message: self._show_html(_message(
            f"The sources of {refid} cannot be read: {message.splitlines()[0]}")))
        self.job.start()

    def _on_read(self, found: list[Copy]) -> None:
        self.copies = found
        self._render()

    def _render(self) -> None:
        if self.copies is None:
            return
        if not self.copies:
            self._show_html(_message(f"{self.refid} is not in this library."))
            return
        self._show_html(render_compare(self.copies, viewer_theme(self.palette()),
                                       refid=self.refid))

    def _show_html(self, html: str) -> None:
        self.browser.setHtml(html)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()  # the marks' colours follow the theme

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.job.cancel()
        self.job.wait(10000)
        super().closeEvent(event)


def _message(line: str) -> str:
    return str(el("p", line))


def show_compare(parent: QWidget, library: Library, refid: str) -> CompareDialog:
    """Open a Compare sources window for a cable (it reads the copies in the background)."""
    dialog = CompareDialog(library.path, refid, parent)
    dialog.show()
    return dialog
