"""The viewer: a cable in its three boxes, with internal links, find, zoom and citations."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from urllib.parse import unquote

from PySide6.QtCore import QEvent, QPoint, QUrl, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from desktop.archive.records import Cable, Paragraph
from desktop.export.qt_document import InertDocument, inert_resource
from desktop.render.cable_html import Rendered
from desktop.render.citation import paragraph_citation
from desktop.ui.plain_text import tooltip

INTERNAL_SCHEMES = {"cable", "tag", "para", "note"}
MIN_ZOOM, MAX_ZOOM = -6, 12

EMPTY_HTML = (
    "<html><body style='font-family:sans-serif;color:#777'><h2>No cable open</h2>"
    "<p>Choose a node in the browse tree, search, or press <b>Ctrl+L</b> to open a cable by "
    "its reference id.</p></body></html>"
)


class ReaderView(QTextBrowser):
    """Shows one rendered cable. Announces what the user asks for; never loads anything.

    Signals carry plain values: a refid, a tag code, a paragraph ordinal, a note id.
    """

    cable_requested = Signal(str)
    tag_requested = Signal(str)
    paragraph_activated = Signal(int)  # its ¶ was clicked, or "Annotate" chosen
    cable_note_requested = Signal()
    note_requested = Signal(str)
    citation_copied = Signal(str)
    zoom_changed = Signal(int)
    export_pdf_requested = Signal()
    print_requested = Signal()

    def __init__(self, note_tooltip: Callable[[str], str] | None = None,
                 parent: QWidget | None = None):
        """Args:
            note_tooltip: gives a note's text by id, for its marker's tooltip.
        """
        super().__init__(parent)
        self.setDocument(InertDocument(self))  # cable text can never make Qt open a file
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor)
        self.cable: Cable | None = None
        self.paragraphs: tuple[Paragraph, ...] = ()
        self._starts: list[int] | None = []  # document position of each ¶; None: not yet
        self._zoom = 0
        self._note_tooltip = note_tooltip
        self.setHtml(EMPTY_HTML)

    # Content --------------------------------------------------------------------------------

    def show_cable(self, cable: Cable, rendered: Rendered, keep_position: bool = False) -> None:
        scroll = self.verticalScrollBar().value() if keep_position else 0
        self.cable = cable
        self.paragraphs = rendered.paragraphs
        self.setHtml(rendered.html)
        self._starts = None
        self.verticalScrollBar().setValue(scroll)

    def clear_cable(self) -> None:
        self.cable = None
        self.paragraphs = ()
        self._starts = []
        self.setHtml(EMPTY_HTML)

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt override)
        """Nothing is ever fetched: not images, not stylesheets, not from disk or network."""
        return inert_resource(kind)

    # Paragraphs -----------------------------------------------------------------------------

    def _paragraph_positions(self) -> list[int]:
        """Where each paragraph's ¶ anchor sits in the document (found on first use: a
        context menu or a click needs it, showing a cable does not)."""
        positions: dict[int, int] = {}
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                for name in fragment.charFormat().anchorNames():
                    if name.startswith("p") and name[1:].isdigit():
                        positions[int(name[1:])] = fragment.position()
                it += 1
            block = block.next()
        return [positions[p.ordinal] for p in self.paragraphs if p.ordinal in positions]

    def paragraph_at(self, pos: QPoint) -> Paragraph | None:
        """The paragraph under a point of the viewport."""
        return self.paragraph_at_position(self.cursorForPosition(pos).position())

    def paragraph_at_position(self, position: int) -> Paragraph | None:
        if self._starts is None:
            self._starts = self._paragraph_positions()
        if not self._starts or len(self._starts) != len(self.paragraphs):
            return None
        i = bisect.bisect_right(self._starts, position) - 1
        return self.paragraphs[i] if i >= 0 else None

    def scroll_to_paragraph(self, ordinal: int) -> None:
        self.scrollToAnchor(f"p{ordinal}")

    def citation_for(self, paragraph: Paragraph) -> str:
        assert self.cable is not None
        return paragraph_citation(self.cable.refid, paragraph, self.paragraphs)

    def copy_citation(self, paragraph: Paragraph) -> str:
        text = self.citation_for(paragraph)
        QGuiApplication.clipboard().setText(text)
        self.citation_copied.emit(text)
        return text

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        paragraph = self.paragraph_at(event.pos()) if self.cable else None
        if paragraph is not None:
            menu.addSeparator()
            cite = QAction(f"Copy citation “{self.citation_for(paragraph)}”", menu)
            cite.triggered.connect(lambda: self.copy_citation(paragraph))
            menu.addAction(cite)
            annotate = QAction("Annotate this paragraph…", menu)
            annotate.triggered.connect(lambda: self.paragraph_activated.emit(paragraph.ordinal))
            menu.addAction(annotate)
        if self.cable is not None:
            whole = QAction("Add a note on the whole cable…", menu)
            whole.triggered.connect(self.cable_note_requested.emit)
            menu.addAction(whole)
            menu.addSeparator()
            menu.addAction("Export this cable to PDF…", self.export_pdf_requested.emit)
            menu.addAction("Print this cable…", self.print_requested.emit)
        menu.exec(event.globalPos())

    def paragraph_near_cursor(self) -> Paragraph | None:
        """The paragraph of the text cursor, else the first one on screen (for shortcuts)."""
        return (self.paragraph_at_position(self.textCursor().position())
                or self.paragraph_at(QPoint(10, 10)))

    def event(self, e: QEvent) -> bool:
        """Tooltips are plain text, always: a note marker shows the note, anything else the
        ``title`` of the text under the pointer (Qt would render a title that looks like HTML
        as HTML)."""
        if e.type() == QEvent.Type.ToolTip:
            QToolTip.showText(e.globalPos(), tooltip(self.tooltip_at(e.pos())), self)  # type: ignore[attr-defined]
            return True
        return super().event(e)

    def tooltip_at(self, pos: QPoint) -> str:
        """The tooltip text for a point of the viewport (plain text; '' for none)."""
        anchor = self.anchorAt(pos)
        if anchor.startswith("note:") and self._note_tooltip is not None:
            return self._note_tooltip(unquote(anchor[5:]))
        return self.cursorForPosition(pos).charFormat().toolTip()

    # Links ----------------------------------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        value = unquote(url.path() or url.toString().partition(":")[2])
        if scheme == "cable":
            self.cable_requested.emit(value)
        elif scheme == "tag":
            self.tag_requested.emit(value)
        elif scheme == "para" and value.isdigit():
            self.paragraph_activated.emit(int(value))
        elif scheme == "note":
            self.note_requested.emit(value)
        # Anything else (it cannot come from cable text, which is escaped) is ignored.

    # Find and zoom --------------------------------------------------------------------------

    def find_text(self, text: str, backward: bool = False, case: bool = False) -> bool:
        """Find the next match, wrapping around once."""
        if not text:
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if case:
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if self.find(text, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backward
                            else QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)
        return self.find(text, flags)

    def count_matches(self, text: str, case: bool = False) -> int:
        if not text:
            return 0
        flags = QTextDocument.FindFlag.FindCaseSensitively if case else QTextDocument.FindFlag(0)
        doc = self.document()
        cursor = doc.find(text, 0, flags)
        n = 0
        while not cursor.isNull():
            n += 1
            cursor = doc.find(text, cursor, flags)
        return n

    def zoom(self, steps: int) -> None:
        target = max(MIN_ZOOM, min(MAX_ZOOM, self._zoom + steps))
        delta = target - self._zoom
        if delta > 0:
            self.zoomIn(delta)
        elif delta < 0:
            self.zoomOut(-delta)
        self._zoom = target
        self.zoom_changed.emit(target)

    def reset_zoom(self) -> None:
        self.zoom(-self._zoom)

    @property
    def zoom_level(self) -> int:
        return self._zoom
