"""A line of removable chips, one for each filter narrowing the list, and "Clear all"."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop.ui.plain_text import tooltip

#: The widest a chip's label is shown (it is elided; the tooltip has it whole).
LABEL_WIDTH = 260

FilterKey = tuple[str, str]


@dataclass(frozen=True)
class Chip:
    """One filter: ``key`` says which (("tag", "PREL"), ("search", ""), ("dates", "")),
    ``label`` what the chip shows, ``tooltip`` more about it (plain text, both)."""

    key: FilterKey
    label: str
    tooltip: str = ""


class FlowLayout(QLayout):
    """Items left to right, wrapping onto more lines when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(2, 2, 2, 2)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt override)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt override)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt override)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt override)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt override)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt override)
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items (or only measure); returns the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():  # a hidden widget
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class ChipWidget(QFrame):
    """"label ×": a rounded chip; × (reached by Tab) or Delete/Backspace asks to remove it."""

    remove_requested = Signal(tuple)

    def __init__(self, chip: Chip, parent: QWidget | None = None):
        super().__init__(parent)
        self.chip = chip
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setText(self.label.fontMetrics().elidedText(
            chip.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH))
        self.remove = QToolButton(text="×", autoRaise=True)
        self.remove.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.remove.setToolTip(tooltip(f"Remove this filter: {chip.label} (Delete)"))
        self.remove.setAccessibleName(f"Remove filter {chip.label}")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(chip.key))
        self.remove.installEventFilter(self)
        self.setToolTip(tooltip(chip.tooltip or chip.label))
        self.setAccessibleName(f"Filter: {chip.label}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.remove)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)):
            self.remove_requested.emit(self.chip.key)
            return True
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()  # the outline shows where the keyboard is
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        focused = self.remove.hasFocus()
        painter.setPen(pal.color(QPalette.ColorRole.Highlight if focused
                                 else QPalette.ColorRole.Mid))
        painter.setBrush(pal.color(QPalette.ColorRole.Button))
        box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)


class FilterChips(QWidget):
    """The filters narrowing the list as chips; hidden when there are none. It only announces:
    whoever owns the filters removes one and calls ``set_chips`` again.

    Signals:
        chip_removed: the key of the chip whose × was pressed (or Delete on it).
        cleared: "Clear all" was pressed.
    """

    chip_removed = Signal(tuple)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._chips: list[ChipWidget] = []
        self._layout = FlowLayout(self)
        self.clear_all = QPushButton("Clear all")
        self.clear_all.setFlat(True)
        self.clear_all.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_all.setToolTip("Remove every filter")
        self.clear_all.clicked.connect(lambda: self.cleared.emit())
        self._style_link()
        self._layout.addWidget(self.clear_all)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Filters")
        self.set_chips([])

    def set_chips(self, chips: list[Chip]) -> None:
        """Show these chips, in order; the focus stays on the chip at the same place."""
        focused = next((i for i, w in enumerate(self._chips) if w.remove.hasFocus()), None)
        for widget in self._chips:
            self._layout.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._layout.removeWidget(self.clear_all)
        self._chips = [ChipWidget(chip, self) for chip in chips]
        for widget in self._chips:
            self._layout.addWidget(widget)
            widget.remove_requested.connect(self.chip_removed)
            widget.show()
        self._layout.addWidget(self.clear_all)
        self.clear_all.setVisible(len(chips) >= 2)
        self.setVisible(bool(chips))
        self._layout.invalidate()
        if focused is not None and self._chips:
            self._chips[min(focused, len(self._chips) - 1)].remove.setFocus()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_link()
        super().changeEvent(event)

    def _style_link(self) -> None:
        """"Clear all" as a link: the palette's link colour, underlined, no frame."""
        pal = self.clear_all.palette()
        pal.setColor(QPalette.ColorRole.ButtonText, self.palette().color(QPalette.ColorRole.Link))
        self.clear_all.setPalette(pal)
        font = self.clear_all.font()
        font.setUnderline(True)
        self.clear_all.setFont(font)

    def chips(self) -> list[Chip]:
        return [w.chip for w in self._chips]

    def chip_widgets(self) -> list[ChipWidget]:
        return list(self._chips)
