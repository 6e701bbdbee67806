"""The exporter's pages: banners, header and footer around the content (QtGui only).

While the document's page total is unknown the footer shows a placeholder image where it
goes; ``pdf_finish`` writes the total over it once the last page is painted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPainterPath,
    QPen,
)

from desktop.export import pdf_layout as lay
from desktop.export.pdf_finish import GLYPH_NAMES, Glyph, PageTotal
from desktop.render.theme import classification_colour

SANS = ["DejaVu Sans", "Helvetica", "Arial"]
FOOTER_COLOUR = "#555555"
#: The placeholder where the page total goes: a 3x1 image no page content ever has.
MARKER = (3, 1)


class Pages:
    """Paints pages onto a paged device: banners, header, footer, and the content between.

    While ``total`` is None the footer's page total is a placeholder image, replaced in the
    finished PDF (``pdf_finish``).
    """

    def __init__(self, device: QPagedPaintDevice, geometry: lay.Geometry,
                 options: lay.PdfOptions):
        self.device = device
        self.geometry = geometry
        self.total: int | None = None
        self.painted = 0
        self.painter = QPainter()
        self.k = device.logicalDpiY() / 72  # device pixels per point
        self.small = _footer_font()
        self.banner_font = QFont(SANS)
        self.banner_font.setPointSizeF(7.5)
        self.banner_font.setBold(True)
        self.banner_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.footer = lay.footer_left(options)
        self.metrics = QFontMetricsF(self.small, device)
        # The same on every page: measured once.
        self._block = self.metrics.horizontalAdvance("Page 99,999 of 99,999")
        width = geometry.content_width * self.k - self._block - 12 * self.k
        self._footer_text = self.metrics.elidedText(self.footer, Qt.TextElideMode.ElideRight,
                                                    width)
        self._elided: dict[tuple[str, str], str] = {}
        self.marker = QImage(*MARKER, QImage.Format.Format_RGB32)
        self.marker.fill(QColor("#ffffff"))

    def begin(self) -> None:
        if not self.painter.begin(self.device):
            raise OSError("the output cannot be opened for painting")
        self.painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)

    def end(self) -> None:
        if self.painter.isActive():
            self.painter.end()

    def page(self, number: int, classification: str, title: str, right: str,
             draw: Callable[[QPainter, QRectF], None]) -> None:
        if self.painted > 0 and not self.device.newPage():
            raise OSError("the output stopped accepting pages")
        self.painted += 1
        g, k = self.geometry, self.k
        self._banner(classification, g.banner_top)
        self._line(title, right, (g.banner_top + g.banner_height + 4) * k)
        self._rule(g.content_top - 6)
        draw(self.painter, QRectF(g.margin_x * k, g.content_top * k, g.content_width * k,
                                  g.content_height * k))
        self._banner(classification, g.height - g.banner_top - g.banner_height)
        self._rule(g.height - g.content_bottom + 6)
        self._footer(number, (g.height - g.content_bottom + 9) * k)

    def _banner(self, classification: str, top: float) -> None:
        g, k, p = self.geometry, self.k, self.painter
        rect = QRectF(g.margin_x * k, top * k, g.content_width * k, g.banner_height * k)
        p.fillRect(rect, QColor(classification_colour(classification)))
        p.setPen(QColor("#ffffff"))
        p.setFont(self.banner_font)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, classification or "CLASSIFICATION UNKNOWN")

    def _rule(self, y: float) -> None:
        g, k, p = self.geometry, self.k, self.painter
        p.setPen(QPen(QColor("#bbbbbb"), 0.5 * k))
        p.drawLine(QPointF(g.margin_x * k, y * k), QPointF((g.width - g.margin_x) * k, y * k))

    def _line(self, left: str, right: str, y: float) -> None:
        """A header line: a title on the left (elided), a note on the right."""
        g, k, p = self.geometry, self.k, self.painter
        p.setFont(self.small)
        p.setPen(QColor(FOOTER_COLOUR))
        width = g.content_width * k
        key = (left, right)
        shown = self._elided.get(key)
        if shown is None:  # the same on every page of a cable: measured once
            right_width = self.metrics.horizontalAdvance(right) + (12 * k if right else 0)
            shown = self.metrics.elidedText(left, Qt.TextElideMode.ElideRight,
                                            width - right_width)
            self._elided = {key: shown}
        rect = QRectF(g.margin_x * k, y, width, 12 * k)
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
        if right:
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, right)

    def _footer(self, number: int, y: float) -> None:
        """The export date on the left; "Page n of N" in a fixed block on the right, its total
        a placeholder while unknown."""
        g, k, p = self.geometry, self.k, self.painter
        p.setFont(self.small)
        p.setPen(QColor(FOOTER_COLOUR))
        block = self._block
        left = g.margin_x * k
        block_x = (g.width - g.margin_x) * k - block
        rect = QRectF(left, y, block_x - left - 12 * k, 12 * k)
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        p.drawText(rect, flags, self._footer_text)
        if self.total is not None:
            p.drawText(QRectF(block_x, y, block, 12 * k), flags,
                       lay.page_of(number, self.total))
            return
        lead = f"Page {number:,} of "
        p.drawText(QRectF(block_x, y, block, 12 * k), flags, lead)
        line = self.metrics.ascent() + self.metrics.descent()
        top = y + (12 * k - line) / 2
        x = block_x + self.metrics.horizontalAdvance(lead)
        p.drawImage(QRectF(x, top, self.metrics.horizontalAdvance("99,999"), line), self.marker)

    def page_total(self, text: str) -> PageTotal:
        """How ``pdf_finish`` must write the total over the placeholder: box, size, glyphs."""
        line = self.metrics.ascent() + self.metrics.descent()
        colour = QColor(FOOTER_COLOUR)
        return PageTotal(
            text=text, marker=MARKER,
            box=(self.metrics.horizontalAdvance("99,999") / self.k, line / self.k),
            size=self.small.pointSizeF(), baseline=self.metrics.descent() / self.k,
            colour=(colour.redF(), colour.greenF(), colour.blueF()),
            glyphs=_glyphs(self.small, set(text)))


def _footer_font() -> QFont:
    font = QFont(SANS)
    font.setPointSizeF(7.5)
    return font


def _glyphs(font: QFont, chars: set[str]) -> dict[str, Glyph]:
    """Outlines of the characters at 1000 units per em, y up, as PDF path operators."""
    big = QFont(font)
    big.setPixelSize(1000)
    metrics = QFontMetricsF(big)
    out: dict[str, Glyph] = {}
    for char in sorted(chars & set(GLYPH_NAMES)):
        path = QPainterPath()
        path.addText(0, 0, big, char)
        ops: list[str] = []
        i = 0
        while i < path.elementCount():
            e = path.elementAt(i)
            if e.isMoveTo():
                ops.append(f"{e.x:.1f} {-e.y:.1f} m")
            elif e.isLineTo():
                ops.append(f"{e.x:.1f} {-e.y:.1f} l")
            else:  # a curve: this element and the next two
                c1, c2 = path.elementAt(i + 1), path.elementAt(i + 2)
                ops.append(f"{e.x:.1f} {-e.y:.1f} {c1.x:.1f} {-c1.y:.1f} {c2.x:.1f} {-c2.y:.1f} c")
                i += 2
            i += 1
        box = path.boundingRect()
        out[char] = Glyph(metrics.horizontalAdvance(char),
                          (box.left(), -box.bottom(), box.right(), -box.top()), " ".join(ops))
    return out
