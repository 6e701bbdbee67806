"""The viewer's left gutter: ¶ beside each paragraph, ✎ and a bar in the note's colour beside
an annotated one. Clicks and tooltips announce a paragraph or a note; the text never shifts."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from desktop.ui.plain_text import tooltip

BAR = 4  # px, the note's colour bar


@dataclass(frozen=True)
class GutterItem:
    """One paragraph in the gutter: its blocks in the document, and its note mark if any."""

    ordinal: int
    label: str
    first_block: int
    last_block: int
    colour: str | None = None  # the newest note's colour; None: not annotated
    bar: str | None = None  # its stronger tone, for the bar
    note_ids: tuple[str, ...] = ()
    note_text: str = ""  # the notes as plain text, for the tooltip
    ink: str = "#1b1b1b"  # the text colour on the note's colour


class Gutter(QWidget):
    """Paints beside a QTextEdit's viewport (its left viewport margin).

    Signals:
        paragraph_clicked: a ¶ was clicked (the paragraph's ordinal).
        note_clicked: a ✎ was clicked (the first note's id).
    """

    paragraph_clicked = Signal(int)
    note_clicked = Signal(str)

    def __init__(self, editor: QTextEdit):
        super().__init__(editor)
        self.editor = editor
        self.items: list[GutterItem] = []
        self._tops: list[int] = []  # first block of each item, for bisect
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        editor.verticalScrollBar().valueChanged.connect(lambda _: self.update())
        editor.document().documentLayout().documentSizeChanged.connect(lambda _: self.update())

    def set_items(self, items: list[GutterItem]) -> None:
        self.items = items
        self._tops = [i.first_block for i in items]
        self.update()

    def width_hint(self) -> int:
        metrics = self.editor.fontMetrics()
        return metrics.horizontalAdvance("¶ ✎9") + BAR + 10

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.width_hint(), 0)

    # Geometry -----------------------------------------------------------------------------

    def _span(self, item: GutterItem) -> tuple[float, float, float] | None:
        """(top of the first line, its height, bottom of the last) in gutter coordinates;
        None when the paragraph's blocks are not in the document."""
        doc = self.editor.document()
        first = doc.findBlockByNumber(item.first_block)
        last = doc.findBlockByNumber(item.last_block)
        if not first.isValid() or not last.isValid():
            return None
        layout = doc.documentLayout()
        offset = self.editor.verticalScrollBar().value() - self.editor.viewport().y() \
            + self.y()
        top_rect = layout.blockBoundingRect(first)
        bottom = layout.blockBoundingRect(last).bottom() - offset
        line = first.layout().lineAt(0) if first.layout() and first.layout().lineCount() else None
        height = line.height() if line is not None else top_rect.height()
        return top_rect.top() - offset, height, bottom

    def item_at(self, pos: QPoint) -> tuple[GutterItem, bool] | None:
        """The paragraph whose marker line is at a point, and whether the point is on its ✎."""
        for item in self._visible():
            span = self._span(item)
            if span is None:
                continue
            top, height, _ = span
            if top - 2 <= pos.y() <= top + height + 2:
                on_note = bool(item.note_ids) and pos.x() >= self._note_x()
                return item, on_note
        return None

    def marker_rect(self, ordinal: int) -> QRect | None:
        """Where a paragraph's ¶ is painted (for tests and accessibility)."""
        for item in self.items:
            if item.ordinal == ordinal:
                span = self._span(item)
                if span is None:
                    return None
                top, height, _ = span
                return QRect(2, int(top), self._note_x() - 2, int(height))
        return None

    def _note_x(self) -> int:
        return 2 + self.editor.fontMetrics().horizontalAdvance("¶ ")

    def _visible(self) -> list[GutterItem]:
        """The items that may be on screen (all of them for short cables)."""
        if len(self.items) < 200:
            return self.items
        doc = self.editor.document()
        top = self.editor.cursorForPosition(QPoint(0, 0)).block().blockNumber()
        bottom = self.editor.cursorForPosition(
            QPoint(0, self.editor.viewport().height())).block().blockNumber()
        start = max(0, bisect.bisect_right(self._tops, top) - 1)
        end = bisect.bisect_right(self._tops, bottom) + 1
        del doc
        return self.items[start:end]

    # Painting and input -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Base))
        font = QFont(self.editor.font())
        painter.setFont(font)
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        note_x = self._note_x()
        for item in self._visible():
            span = self._span(item)
            if span is None:
                continue
            top, height, bottom = span
            if bottom < 0 or top > self.height():
                continue
            line = QRectF(2, top, self.width() - BAR - 4, height)
            painter.setPen(dim)
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             "¶")
            if item.colour is not None:
                painter.fillRect(QRectF(self.width() - BAR - 1, top, BAR, bottom - top),
                                 QColor(item.bar or item.colour))
                mark = "✎" if len(item.note_ids) == 1 else f"✎{len(item.note_ids)}"
                box = QRectF(note_x - 1, top, self.width() - note_x - BAR - 2, height)
                painter.fillRect(box, QColor(item.colour))
                painter.setPen(QColor(item.ink))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, mark)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        hit = self.item_at(event.position().toPoint())
        if hit is None:
            super().mousePressEvent(event)
            return
        item, on_note = hit
        if on_note:
            self.note_clicked.emit(item.note_ids[0])
        else:
            self.paragraph_clicked.emit(item.ordinal)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            hit = self.item_at(e.pos())  # type: ignore[attr-defined]
            if hit is None:
                QToolTip.hideText()
                return True
            item, on_note = hit
            label = item.label or str(item.ordinal)
            text = (item.note_text if on_note and item.note_text else
                    f"Paragraph {label}: click to annotate" if not item.note_ids else
                    f"Paragraph {label}: click to add a note; click ✎ to open its note")
            QToolTip.showText(e.globalPos(), tooltip(text), self)  # type: ignore[attr-defined]
            return True
        return super().event(e)
