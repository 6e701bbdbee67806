"""Rich-text documents that can never load anything, laid out the same way on every machine.

QtGui only. A ``QTextDocument`` asks ``loadResource`` for every image or stylesheet its HTML
names; Qt's default reads files, and when the answer is empty Qt's image handler loads the
named file itself (a crafted ``<img src='/dev/zero'>`` would be opened and read). So
:func:`inert_resource` answers every image request with a blank 1x1 image and everything
else with nothing: no file is ever opened, whatever the URL. Cable text and notes are escaped
and never become an ``<img>`` (``desktop.render.html``); this is the second wall.
:func:`layout_device` gives print layouts a fixed 96 dpi, so a cable paginates identically on
a laptop at 2x and a server.
"""

from __future__ import annotations

from PySide6.QtCore import QSizeF, QUrl
from PySide6.QtGui import QFont, QImage, QPaintDevice, QTextDocument, QTextFormat, QTextTable

LAYOUT_DPI = 96
_device: QImage | None = None


_BLANK: QImage | None = None


def inert_resource(kind: int) -> object:
    """What a document gets for any resource: a blank image for an image, else nothing."""
    global _BLANK
    if kind == QTextDocument.ResourceType.ImageResource.value:
        if _BLANK is None:
            _BLANK = QImage(1, 1, QImage.Format.Format_ARGB32)
            _BLANK.fill(0)
        return _BLANK
    return None


class InertDocument(QTextDocument):
    """A text document that loads no resource: not from disk, not from the network."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt override)
        return inert_resource(kind)


def layout_device() -> QPaintDevice:
    """A paint device of exactly :data:`LAYOUT_DPI`, for layouts that must not depend on the
    screen (one per process; it is never painted on)."""
    global _device
    if _device is None:
        image = QImage(1, 1, QImage.Format.Format_RGB32)
        dots_per_metre = round(LAYOUT_DPI / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        _device = image
    return _device


def print_document(html: str, width: float, height: float, font: QFont) -> InertDocument:
    """Lay out HTML in pages of ``width`` x ``height`` layout pixels (1/96 inch); tables that
    fit on a page (a note, the reference box) are kept whole on one."""
    doc = InertDocument()
    doc.documentLayout().setPaintDevice(layout_device())
    doc.setUseDesignMetrics(True)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(width, height))
    doc.setHtml(html)
    keep_tables_together(doc, height)
    return doc


def keep_tables_together(doc: QTextDocument, page_height: float) -> int:
    """Move each table that a page break would cut, and that fits on a page, to the next
    page (Qt's rich text has no ``page-break-inside: avoid``). Returns how many moved."""
    layout = doc.documentLayout()
    moved = 0
    for frame in doc.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        box = layout.frameBoundingRect(frame)
        if box.height() >= page_height * 0.9:
            continue
        first_page = int(box.top() // page_height)
        if first_page != int((box.bottom() - 1) // page_height):
            fmt = frame.frameFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            frame.setFrameFormat(fmt)
            moved += 1
    return moved
