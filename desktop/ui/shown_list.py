"""The cable list when it shows one reading list: its rows dragged into another order, the
selected cables taken out (Delete), its own order brought back after sorting by a column,
and those entries in the list's context menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desktop.archive.library import Library
from desktop.archive.selection import POSITION
from desktop.ui.cable_list_view import CableListView
from desktop.ui.filters import Filters
from desktop.ui.reading_lists_ui import ReadingListsUi


class ShownListActions(QObject):
    """What the list offers on a reading list it shows (``Filters.reading_list``).

    Args:
        collections: the reading lists' actions (their store, moves and removals).
        filters: the window's filters: which reading list the list shows, and the list.
        view: the cable list.
        library: the open library (another may be opened).
        say: a line for the status bar.
        parent: the window (the actions' owner).
    """

    def __init__(self, collections: ReadingListsUi, filters: Filters, view: CableListView,
                 library: Callable[[], Library], say: Callable[[str], None], parent: QWidget):
        super().__init__(parent)
        self.collections, self.filters, self.view = collections, filters, view
        self.library, self.say = library, say
        self.act_remove = QAction("&Remove from the reading list", parent)
        self.act_remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_remove.setStatusTip("Take the selected cables out of the reading list the "
                                     "list shows")
        self.act_remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_remove.triggered.connect(self.remove_selected)
        view.addAction(self.act_remove)  # Delete: only in the list
        self.act_order = QAction("Show in the list's &order", parent)
        self.act_order.setStatusTip("Sort the reading list the way you arranged it")
        self.act_order.triggered.connect(self.show_in_order)
        model = view.list_model()
        model.reorder_requested.connect(self.move)
        model.ids_changed.connect(self.update_reorderable)  # a new list, or a column's sort
        view.menu_extender = self.extend_menu

    def update_reorderable(self) -> None:
        """Rows can be dragged into another order when the list shows one reading list in
        its own order (not sorted by a column)."""
        model = self.view.list_model()
        model.set_reorderable(self.filters.reading_list() is not None
                              and model.sort_key == (POSITION, False))

    def move(self, refids: list[str], row: int) -> None:
        """Cables dropped before a row of the shown list (after the last: at its end)."""
        list_id = self.filters.reading_list()
        if list_id is None:
            return
        model = self.view.list_model()
        whole = self.collections.lists.refids(list_id)
        target = model.refid_at(row) if row < model.rowCount() else None
        before = whole.index(target) if target in whole else len(whole)
        self.collections.move(list_id, refids, before)

    def remove_selected(self) -> None:
        list_id = self.filters.reading_list()
        ids = self.view.selected_ids()
        if list_id is None or not ids:
            self.say("Show one reading list and select cables to remove them.")
            return
        rows = self.library().list_rows(ids)
        self.collections.remove(list_id, [rows[i].refid for i in ids if i in rows])

    def show_in_order(self) -> None:
        lists = self.filters.lists
        if lists.selection.order is None:
            self.say("The list shows no reading list.")
            return
        self.view.list_model().set_sort(POSITION, False)
        lists.refresh()

    def extend_menu(self, menu: QMenu) -> None:
        """The cable list's context menu: add to a reading list, remove from the one shown,
        show it in its order."""
        menu.addSeparator()
        selected = bool(self.view.selected_ids())
        add = self.collections.add_menu(self.collections.targets, menu)
        add.setEnabled(selected)
        menu.addMenu(add)
        list_id = self.filters.reading_list()
        if list_id is not None:
            info = self.collections.lists.get(list_id)
            remove = menu.addAction(f"Remove from “{info.name if info else ''}”",
                                    self.remove_selected)
            remove.setEnabled(selected)
        if (self.filters.lists.selection.order is not None
                and self.view.list_model().sort_key != (POSITION, False)):
            menu.addAction(self.act_order)
