"""The cable list: sortable columns, keyboard navigation, multi-selection, search snippets."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QContextMenuEvent,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.archive.search import HIGHLIGHT_END, HIGHLIGHT_START
from desktop.export.qt_document import InertDocument
from desktop.render.html import Markup, el, join, text
from desktop.ui.models.cable_list import (
    COLUMNS,
    MATCH_TITLE,
    REFID_ROLE,
    SNIPPET_ROLE,
    CableListModel,
)
from desktop.ui.theme import viewer_theme


class CellDelegate(QStyledItemDelegate):
    """Paints the list's plain cells: the style's own way for the cells that show its look
    (selected, under the mouse, with the keyboard focus, disabled, mirrored), and for all
    the others the model's value, elided to the cell, in one ``drawText``.

    The style's way asks the model seven roles per cell through Qt and lays the text out
    twice; a whole list repainted (following a link to a far row, paging down) spent most of
    its time in it. The text sits where the style puts it: inside the style's focus-frame
    margin, vertically centred, cut at the right. Qt's enums are slow to combine from
    Python, so the state is tested as an integer.
    """

    def __init__(self, model: CableListModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._margin: tuple[QStyle | None, int] = (None, 0)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        state = option.state.value
        column = index.column()
        if (state & _STYLED_STATES or not state & _ENABLED or column >= len(COLUMNS)
                or option.direction == _RTL):  # mirrored (-reverse): as the style elides
            super().paint(painter, option, index)
            return
        text, colour = self._model.cell(index.row(), column)
        if not text:
            return
        rect = option.rect
        margin = self._text_margin(option.widget)
        width = rect.width() - 2 * margin
        painter.setPen(colour or option.palette.color(
            _NORMAL if state & _ACTIVE else _INACTIVE, _TEXT))
        painter.drawText(rect.x() + margin, rect.y(), width, rect.height(), _CELL_FLAGS,
                         option.fontMetrics.elidedText(text, _ELIDE, width))

    def _text_margin(self, widget: QWidget | None) -> int:
        """The style's margin beside an item's text (as QCommonStyle lays it out)."""
        style = widget.style() if widget is not None else QApplication.style()
        if self._margin[0] is not style:
            self._margin = (style, style.pixelMetric(_FOCUS_MARGIN, None, widget) + 1)
        return self._margin[1]


_STYLED_STATES = (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver
                  | QStyle.StateFlag.State_HasFocus).value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_NORMAL, _INACTIVE = QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive
_TEXT = QPalette.ColorRole.Text
_FOCUS_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin
_ELIDE = Qt.TextElideMode.ElideRight
_CELL_FLAGS = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
               | Qt.TextFlag.TextSingleLine).value
_RTL = Qt.LayoutDirection.RightToLeft


class SnippetDelegate(QStyledItemDelegate):
    """Paints a search snippet with its matches in bold on a highlight, in the palette's
    colours (the selected row's too), cut before its first match so that a narrow column
    still shows the match. The laid-out snippets of the last rows painted are kept: a
    repaint of the same rows (a selection moving, the window regaining focus) lays none
    out again."""

    CACHED = 300  # documents: a few screens of rows

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._docs: OrderedDict[tuple[str, str], InertDocument] = OrderedDict()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        snippet = index.data(SNIPPET_ROLE) or ""
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        chars = option.rect.width() / max(1, option.fontMetrics.averageCharWidth())
        lead = max(8, int(0.3 * chars))  # the match starts within the first third
        theme = viewer_theme(option.palette)
        doc = self._document(snippet_html(snippet, theme.highlight, lead, theme.text), option)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        context.clip = QRectF(0, 0, option.rect.width(), option.rect.height())
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(context.clip)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def _document(self, html: str, option: QStyleOptionViewItem) -> InertDocument:
        key = (html, option.font.key())
        doc = self._docs.get(key)
        if doc is None:
            doc = InertDocument()
            doc.setDefaultFont(option.font)
            doc.setDocumentMargin(2)
            doc.setHtml(html)
            self._docs[key] = doc
            if len(self._docs) > self.CACHED:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(key)
        return doc

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(400, super().sizeHint(option, index).height())


def snippet_html(snippet: str, highlight: str = "#fff2a8", lead: int | None = None,
                 marked: str = "#000000") -> Markup:
    """A search snippet as HTML: the cable's text escaped by the one helper, its matches in
    bold, in ``marked`` on the ``highlight`` colour (as a marker pen: readable on a
    selected row too, whose other text takes the selection's colour).

    Args:
        lead: keep at most about this many characters before the first match (cut at a
            word, after an ellipsis), so that the match shows in a narrow column.
    """
    flat = " ".join(snippet.split())
    first = flat.find(HIGHLIGHT_START)
    if lead is not None and first > lead:
        space = flat.find(" ", first - lead, first)
        flat = "…" + flat[space + 1 if space != -1 else first - lead:]
    parts: list[str] = []
    rest = flat
    while HIGHLIGHT_START in rest:
        before, _, after = rest.partition(HIGHLIGHT_START)
        match, _, rest = after.partition(HIGHLIGHT_END)
        parts += [text(before),
                  el("b", match, style=f"background-color:{highlight};color:{marked}")]
    parts.append(text(rest))
    return join(parts)


class CableListView(QTableView):
    """Announces the cable the user moves to, and what the context menu asks for; knows
    which cables are selected."""

    cable_activated = Signal(str)
    selection_count_changed = Signal(int)
    export_pdf_requested = Signal()
    print_requested = Signal()
    refids_copied = Signal(int)
    citations_requested = Signal()  # "Copy citations" of the selected cables

    #: Columns shown until the user chooses (Reference ID, Subject, Created, Classification).
    #: What a new list shows (the header's menu adds the rest): room for the subject in a
    #: pane a third of a laptop screen wide; the classification is in the reference box.
    DEFAULT_VISIBLE = frozenset({"refid", "subject", "created", "match"})

    def __init__(self, model: CableListModel, parent: QWidget | None = None):
        super().__init__(parent)
        #: adds the window's entries to the context menu (reading lists)
        self.menu_extender: Callable[[QMenu], None] | None = None
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.setDragEnabled(True)  # onto a reading list in the tree, or within one to reorder
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setSortingEnabled(True)
        self.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        em = self.fontMetrics().horizontalAdvance("M")
        fits = self.fontMetrics().horizontalAdvance
        pad = em + 8  # the cell's margins and the header's sort arrow
        widths = {"refid": fits("09ISLAMABAD2914") + pad, "created": fits("2010-02-10") + pad,
                  "classification": fits("CONFIDENTIAL") + pad, "origin": 12 * em,
                  "released": fits("2010-02-10") + pad, "tags": 10 * em}
        for n, column in enumerate(COLUMNS):
            self.setColumnWidth(n, widths.get(column.key, 20 * em))
            self.setColumnHidden(n, column.key not in self.DEFAULT_VISIBLE)
        header.setSectionResizeMode(_column("subject"), QHeaderView.ResizeMode.Stretch)
        header.sectionCountChanged.connect(self._on_section_count)
        self.setItemDelegate(CellDelegate(model, self))
        self.setItemDelegateForColumn(len(COLUMNS), SnippetDelegate(self))
        copy = QAction("Copy reference IDs", self, shortcut=QKeySequence.StandardKey.Copy,
                       shortcutContext=Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_refids)
        self.addAction(copy)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_count_changed.emit(len(self.selected_ids())))

    def _on_section_count(self, _old: int, count: int) -> None:
        """A search's Match column shares the room left with the subject: a snippet cut
        to a hundred pixels rarely showed its match."""
        if count > len(COLUMNS):
            self.horizontalHeader().setSectionResizeMode(len(COLUMNS),
                                                         QHeaderView.ResizeMode.Stretch)

    def list_model(self) -> CableListModel:
        model = self.model()
        assert isinstance(model, CableListModel)
        return model

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            refid = current.data(REFID_ROLE)
            if refid:
                self.cable_activated.emit(refid)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        self.context_menu().exec(event.globalPos())

    def context_menu(self) -> QMenu:
        """Open, copy the reference ids, export or print the selected cables."""
        menu = QMenu(self)
        count = len(self.selectionModel().selectedRows())
        current = self.currentIndex()
        if current.isValid():
            refid = current.data(REFID_ROLE)
            menu.addAction(f"Open {refid}", lambda: self.cable_activated.emit(refid))
        noun = f"{count:,} cables" if count > 1 else "cable"
        copy = menu.addAction("Copy reference ID" + ("s" if count > 1 else ""),
                              self.copy_refids)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        menu.addAction("Copy citation" + ("s" if count > 1 else ""),
                       self.citations_requested.emit)
        menu.addSeparator()
        menu.addAction(f"Export {noun} to PDF…", self.export_pdf_requested.emit)
        menu.addAction(f"Print {noun}…", self.print_requested.emit)
        for action in menu.actions():
            action.setEnabled(count > 0 or action.text().startswith("Open"))
        if self.menu_extender is not None:
            self.menu_extender(menu)
        return menu

    # Columns and order ---------------------------------------------------------------------

    def column_menu(self) -> QMenu:
        """Which columns show (the header's context menu)."""
        menu = QMenu(self)
        titles = [c.title for c in COLUMNS] + [MATCH_TITLE + " (search snippet)"]
        for n, title in enumerate(titles):
            act = menu.addAction(title)
            act.setCheckable(True)
            act.setChecked(not self.isColumnHidden(n))
            act.setEnabled(n != _column("subject"))  # the list without subjects says nothing
            act.toggled.connect(lambda on, n=n: self.setColumnHidden(n, not on))
        return menu

    def _on_header_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().viewport().mapToGlobal(pos))

    def show_order(self, key: str, descending: bool) -> None:
        """Put the sort indicator where the list's real order is (none for relevance)."""
        header = self.horizontalHeader()
        blocked = header.blockSignals(True)
        try:
            keys = [c.key for c in COLUMNS]
            if key in keys:
                header.setSortIndicatorShown(True)
                header.setSortIndicator(keys.index(key), Qt.SortOrder.DescendingOrder
                                        if descending else Qt.SortOrder.AscendingOrder)
            else:
                header.setSortIndicatorShown(False)
        finally:
            header.blockSignals(blocked)

    def copy_refids(self) -> str:
        """Put the selected cables' reference ids on the clipboard, one a line."""
        model = self.list_model()
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        text = "\n".join(model.refid_at(r) for r in rows)
        if text:
            QGuiApplication.clipboard().setText(text)
            self.refids_copied.emit(len(rows))
        return text

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        model = self.list_model()
        return [model.id_at(r) for r in rows]

    def select_cable(self, cable_id: int) -> bool:
        """Make a cable current (without re-announcing it) when it is in the list."""
        row = self.list_model().row_of(cable_id)
        if row is None:
            return False
        index = self.list_model().index(row, 0)
        selection = self.selectionModel()
        # The view is not told (the signals are blocked): repaint the rows that change
        # (a far row repaints the whole list anyway, when it scrolls there).
        dirty = self.visualRegionForSelection(selection.selection())
        dirty += self.visualRect(self.currentIndex())
        blocked = selection.blockSignals(True)
        try:
            selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect
                                      | selection.SelectionFlag.Rows)
        finally:
            selection.blockSignals(blocked)
        self.viewport().update(dirty + self.visualRegionForSelection(selection.selection()))
        self.scrollTo(index)
        return True


def _column(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS) if c.key == key)
