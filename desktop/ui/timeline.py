"""The timeline: cables per month of the list as small bars; drag or keys choose a date range."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.ui.plain_text import tooltip

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
HELP = ("Cables per month of the list. Drag across the bars, or click one, to narrow the list to "
        "those months; Left/Right move, Shift extends, Enter chooses; Escape or a double click "
        "clears.")


def month_number(month: str) -> int | None:
    """``"2009-03"`` as a number of months (year * 12 + month - 1); None if it is not one."""
    found = _MONTH.fullmatch(month)
    return int(found[1]) * 12 + int(found[2]) - 1 if found else None


def month_name(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


class TimelineWidget(QWidget):
    """A bar per month from the first month of the data to the last (empty months left as
    gaps), years along a light axis; the chosen range highlighted, the open cable's month
    marked. It only announces a choice; whoever narrows the list calls ``set_range``.

    Signals:
        range_chosen: first and last month ("YYYY-MM") of a drag, a click or Enter.
        range_cleared: Escape or a double click.
    """

    range_chosen = Signal(str, str)
    range_cleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._first = 0  # the month number of bar 0
        self._counts: list[int] = []
        self._top = 0
        self._marked: int | None = None
        self._range: tuple[int, int] | None = None  # month numbers, shown highlighted
        self._drag: tuple[int, int] | None = None  # anchor and current bar, while choosing
        self._cursor: int | None = None  # the keyboard's bar
        self._version = 0  # of the counts, for the kept picture of the bars
        self._picture: QPixmap | None = None
        self._picture_key: tuple[object, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setToolTip(tooltip(HELP))
        self.setAccessibleName("Timeline: cables per month")
        self.setAccessibleDescription(HELP)

    # What it shows ------------------------------------------------------------------------

    def set_counts(self, counts: list[tuple[str, int]]) -> None:
        """``[("2009-03", 1234), ...]`` in any order; values that are not months are ignored."""
        numbers = {n: c for m, c in counts if (n := month_number(m)) is not None and c > 0}
        self._first = min(numbers, default=0)
        self._counts = [numbers.get(self._first + i, 0)
                        for i in range(max(numbers, default=-1) - self._first + 1)]
        self._top = max(self._counts, default=0)
        self._version += 1  # the kept picture of the bars is stale
        self._drag = None
        self._cursor = None
        self.update()

    def set_marked_month(self, month: str | None) -> None:
        """Mark the open cable's month (None: none); the keyboard starts there."""
        self._marked = month_number(month) if month else None
        if not self.hasFocus():
            self._cursor = None
        self.update()

    def set_range(self, first: str | None, last: str | None = None) -> None:
        """Show a chosen range (``last`` None: the one month); ``first`` None clears it."""
        start = month_number(first) if first else None
        end = month_number(last) if last else start
        self._range = None if start is None or end is None else (min(start, end),
                                                                 max(start, end))
        self.update()

    def months(self) -> list[tuple[str, int]]:
        """Every bar, gaps included: ``[(month, count), ...]``."""
        return [(month_name(self._first + i), n) for i, n in enumerate(self._counts)]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(400, 60)

    # Geometry -----------------------------------------------------------------------------

    def _plot(self) -> QRectF:
        """The bars' area: the widget less a margin and the year labels' line."""
        label = self.fontMetrics().height()
        return QRectF(4, 3, max(1, self.width() - 8), max(1, self.height() - label - 6))

    def bar_rect(self, month: str) -> QRectF:
        """The column of a month's bar (full height of the plot), in widget coordinates."""
        return self._columns((month_number(month) or 0) - self._first)

    def _columns(self, index: int, count: int = 1) -> QRectF:
        plot, width = self._plot(), self._bar_width()
        return QRectF(plot.left() + index * width, plot.top(), count * width, plot.height())

    def month_at(self, x: float) -> str | None:
        index = self._index_at(x, clamp=False)
        return None if index is None else month_name(self._first + index)

    def _bar_width(self) -> float:
        return self._plot().width() / max(1, len(self._counts))

    def _index_at(self, x: float, clamp: bool = True) -> int | None:
        if not self._counts:
            return None
        index = int((x - self._plot().left()) // self._bar_width())
        if clamp:
            return min(max(index, 0), len(self._counts) - 1)
        return index if 0 <= index < len(self._counts) else None

    # Painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """The bars, the band and the axis from a picture kept while they are unchanged
        (a cable opened moves only the mark), then the mark and the keyboard's bar."""
        painter = QPainter(self)
        pal = self.palette()
        plot, width = self._plot(), self._bar_width()
        if not self._counts:
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated cables")
            return
        text = pal.color(QPalette.ColorRole.Text)
        chosen = self._range
        if self._drag is not None:
            a, b = (self._first + i for i in self._drag)
            chosen = min(a, b), max(a, b)
        ratio = self.devicePixelRatioF()
        key = (self.size().toTuple(), ratio, self._version, chosen, pal.cacheKey())
        if self._picture is None or self._picture_key != key:
            picture = QPixmap(self.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            plot_painter = QPainter(picture)
            self._paint_plot(plot_painter, plot, width, chosen)
            plot_painter.end()
            self._picture, self._picture_key = picture, key
        painter.drawPixmap(0, 0, self._picture)
        if self._marked is not None and 0 <= self._marked - self._first < len(self._counts):
            x = plot.left() + (self._marked - self._first + 0.5) * width
            painter.fillRect(QRectF(x - 1, plot.top(), 2, plot.height()), text)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(text)
            painter.drawPolygon(QPolygonF([QPointF(x - 4, 0), QPointF(x + 4, 0),
                                           QPointF(x, plot.top() + 3)]))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self.hasFocus() and self._cursor is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(text, 1, Qt.PenStyle.DotLine))
            painter.drawRect(self._columns(self._cursor).adjusted(0, 0, -1, -1))

    def _paint_plot(self, painter: QPainter, plot: QRectF, width: float,
                    chosen: tuple[int, int] | None) -> None:
        pal = self.palette()
        highlight, text = (pal.color(QPalette.ColorRole.Highlight),
                           pal.color(QPalette.ColorRole.Text))
        if chosen is not None:
            band = QColor(highlight)
            band.setAlpha(70)
            painter.fillRect(self._columns(chosen[0] - self._first, chosen[1] - chosen[0] + 1),
                             band)
        bar = QColor(text)
        bar.setAlpha(150)
        gap = 1.0 if width >= 4 else 0.0
        for i, count in enumerate(self._counts):
            if not count:
                continue
            height = max(1.0, plot.height() * count / self._top)
            inside = chosen is not None and chosen[0] <= self._first + i <= chosen[1]
            painter.fillRect(QRectF(plot.left() + i * width, plot.bottom() - height,
                                    max(1.0, width - gap), height), highlight if inside else bar)
        self._paint_axis(painter, plot, width)

    def _paint_axis(self, painter: QPainter, plot: QRectF, width: float) -> None:
        pal = self.palette()
        painter.fillRect(QRectF(plot.left(), plot.bottom(), plot.width(), 1),
                         pal.color(QPalette.ColorRole.Mid))
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        metrics = self.fontMetrics()
        free_from = plot.left() - 1  # labels never overlap
        for i in range(len(self._counts)):
            number = self._first + i
            if number % 12 and i:
                continue
            x = plot.left() + i * width
            painter.fillRect(QRectF(x, plot.bottom(), 1, 3), pal.color(QPalette.ColorRole.Mid))
            year = str(number // 12)
            if x >= free_from and x + metrics.horizontalAdvance(year) <= self.width():
                painter.drawText(int(x) + 2, int(plot.bottom()) + 2 + metrics.ascent(), year)
                free_from = x + metrics.horizontalAdvance(year) + 6

    # Mouse, keys, tooltips ----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        index = self._index_at(event.position().x())
        if event.button() != Qt.MouseButton.LeftButton or index is None:
            return super().mousePressEvent(event)
        self._drag = (index, index)
        self._cursor = index
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        index = self._index_at(event.position().x())
        if self._drag is not None and index is not None:
            self._drag = (self._drag[0], index)
            self._cursor = index
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        self._choose(*self._drag)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Home: -len(self._counts),
                 Qt.Key.Key_End: len(self._counts)}
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None  # a choice under way is dropped
            self.update()
        elif key == Qt.Key.Key_Escape and self._range is not None:
            self._clear()
        elif key in steps and self._counts:
            before = self._start_cursor()
            cursor = min(max(before + steps[key], 0), len(self._counts) - 1)
            anchor = (self._drag[0] if self._drag is not None else before) if shift else None
            self._cursor = cursor
            self._drag = None if anchor is None else (anchor, cursor)
            self.setAccessibleDescription(_count_text(*self.months()[cursor]))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._counts:
            self._choose(*(self._drag or (self._start_cursor(),) * 2))
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        self._start_cursor()
        self.update()  # the keyboard's bar is outlined while the timeline has the focus
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        self.update()
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos().x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
                return True
        return super().event(event)

    def tooltip_at(self, x: float) -> str:
        """"2009-03: 1,234 cables" for the bar at x (as a plain-text tooltip); "" off the bars."""
        index = self._index_at(x, clamp=False)
        return "" if index is None else tooltip(_count_text(*self.months()[index]))

    def _start_cursor(self) -> int:
        if self._cursor is None and self._counts:
            start = self._range[0] if self._range else self._marked
            index = (start - self._first) if start is not None else len(self._counts) - 1
            self._cursor = min(max(index, 0), len(self._counts) - 1)
        return self._cursor or 0

    def _choose(self, a: int, b: int) -> None:
        first, last = self._first + min(a, b), self._first + max(a, b)
        self._drag = None
        self._range = (first, last)
        self.update()
        self.range_chosen.emit(month_name(first), month_name(last))

    def _clear(self) -> None:
        self._range = self._drag = None
        self.update()
        self.range_cleared.emit()


def _count_text(month: str, count: int) -> str:
    return f"{month}: {count:,} cable{'' if count == 1 else 's'}"
