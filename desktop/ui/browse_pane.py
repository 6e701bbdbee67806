"""The browse pane: a filter box over the facet tree; announces the chosen Selection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.archive.browse_tree import SAVED_SEARCH, SAVED_SEARCHES, NodeSpec
from desktop.archive.library import Library
from desktop.archive.selection import Selection
from desktop.ui.models.facet_tree import (
    ANNOTATED,
    AnnotatedIds,
    FacetTreeModel,
    Key,
    ListMembers,
)

_SELECT = (QItemSelectionModel.SelectionFlag.ClearAndSelect
           | QItemSelectionModel.SelectionFlag.Rows)


class BrowsePane(QWidget):
    """Filter box and tree. Emits ``selection_changed(Selection)`` once per change.

    The pane remembers the selected nodes by key, so a filter that hides some of them, or a
    reload after an import, leaves the Selection as it was; clearing the filter shows them again.

    Signals:
        selection_changed: the Selection the chosen nodes mean.
        saved_search_chosen: a saved search's id: it was clicked, to be run (its node is
            not kept selected: its filters are, once run).
        node_menu_requested: (key, global position): the context menu of a node.
    """

    selection_changed = Signal(object)
    saved_search_chosen = Signal(str)
    node_menu_requested = Signal(object, QPoint)

    def __init__(self, library: Library | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._library = library
        self._model = FacetTreeModel(library, self)
        self._selection = Selection()
        self._keys: list[Key] = []  # what is selected, including nodes the filter hides
        self._quiet = False  # set while the pane itself changes the tree's selection
        self._edit = self._make_edit()
        self._tree = self._make_tree()
        self._hidden_note = QLabel(self)  # "2 selected nodes are hidden by the filter"
        self._hidden_note.setTextFormat(Qt.TextFormat.PlainText)
        self._hidden_note.setWordWrap(True)
        self._hidden_note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._edit)
        layout.addWidget(self._hidden_note)
        layout.addWidget(self._tree)
        self._edit.textChanged.connect(self.on_filter_text_changed)
        self._tree.selectionModel().selectionChanged.connect(self.on_tree_selection_changed)

    def _make_edit(self) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText("Filter tags, origins, dates…")
        edit.setClearButtonEnabled(True)
        edit.installEventFilter(self)
        return edit

    def _make_tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setModel(self._model)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setUniformRowHeights(True)
        tree.setAllColumnsShowFocus(True)
        tree.setAnimated(False)
        tree.setHeaderHidden(True)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, tree.fontMetrics().horizontalAdvance("88,888 tags") + 10)
        tree.setIndentation(14)  # four levels deep still leave room for the names
        tree.setAcceptDrops(True)  # cables dropped on a reading list join it
        tree.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        tree.setDropIndicatorShown(True)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._on_context_menu)
        return tree

    def _on_context_menu(self, pos: QPoint) -> None:
        key = self._model.node_key(self._tree.indexAt(pos))
        if key is not None:
            self.node_menu_requested.emit(key, self._tree.viewport().mapToGlobal(pos))

    def current_key(self) -> Key | None:
        """The key of the tree's current node (where the keyboard is)."""
        return self._model.node_key(self._tree.currentIndex())

    # Accessors ----------------------------------------------------------------------------

    def tree(self) -> QTreeView:
        return self._tree

    def filter_edit(self) -> QLineEdit:
        return self._edit

    def model(self) -> FacetTreeModel:
        return self._model

    def selection(self) -> Selection:
        return self._selection

    def selected_keys(self) -> list[Key]:
        """The selected nodes, including those the filter hides."""
        return list(self._keys)

    def hidden_keys(self) -> list[Key]:
        """The selected nodes the filter hides (they still narrow the list)."""
        return [k for k in self._keys if not self._model.index_for_key(k).isValid()]

    def label_for(self, key: Key) -> str:
        """What a node is called, for a chip: "Tag PREL", "Origin Embassy Paris"."""
        return self._model.label_for_key(key)

    def hidden_note(self) -> QLabel:
        return self._hidden_note

    # Commands -----------------------------------------------------------------------------

    def set_library(self, library: Library | None) -> None:
        """Show a library. The same library recounted after an import keeps its selection
        (announced only if some node is gone); another library starts from no selection,
        always announced, since the list must now show that library."""
        same = (library is not None and self._library is not None
                and library.path == self._library.path)
        self._library = library
        with self._quietly():
            self._model.set_library(library)
        self._keys = [k for k in self._keys if self._model.has_node(k)] if same else []
        self._refill()
        self._announce(force=not same)

    def select_facet(self, facet: str, value: str) -> bool:
        """Select one node (clearing a filter that hides it), show it and announce it.

        Returns False when the library has no such node.
        """
        index = self._model.index_for(facet, value)
        if not index.isValid() and self._model.filter_text():
            self._edit.clear()
            index = self._model.index_for(facet, value)
        if not index.isValid():
            return False
        self._keys = [(facet, value)]
        self._show_keys(self._keys)
        self._announce(force=True)
        return True

    def clear_selection(self) -> None:
        self._keys = []
        self._show_keys([])
        self._announce()

    def select_keys(self, keys: list[Key]) -> None:
        """Select these nodes (those the library has), e.g. the selection of the last run."""
        self._keys = [k for k in dict.fromkeys(keys) if self._model.has_node(k)]
        self._show_keys(self._keys)
        self._announce()

    def remove_key(self, key: Key) -> None:
        """Unselect one node (a chip's ×), shown or hidden by the filter."""
        if key in self._keys:
            self._keys = [k for k in self._keys if k != key]
            self._show_keys(self._keys)
            self._announce()

    def set_annotated(self, count: int | None, ids_callback: AnnotatedIds | None = None) -> None:
        """Show (or hide, with None) the "Annotated" node; re-announce if it is selected."""
        with self._quietly():
            self._model.set_annotated(count, ids_callback)
        if count is None:
            self._keys = [k for k in self._keys if k != ANNOTATED]
        if self._model.filter_text():
            self._refill()  # the filtered tree was rebuilt
        self._announce()

    def set_reading_lists(self, lists: Sequence[NodeSpec] | None,
                          members: ListMembers | None = None) -> None:
        """Show the reading lists (None: no node); a selected list that is gone falls off the
        selection, one that changed is announced again (its cables or order)."""
        with self._quietly():
            self._model.set_reading_lists(lists, members)
        self._refresh_collections()

    def set_saved_searches(self, searches: Sequence[NodeSpec] | None) -> None:
        """Show the saved searches (None: no node), with their last known counts. They are
        never part of the selection (a click runs one), so nothing is announced."""
        with self._quietly():
            self._model.set_saved_searches(searches)
        self._refill()

    def _refresh_collections(self) -> None:
        self._keys = [k for k in self._keys if self._model.has_node(k)]
        self._refill()
        self._announce()

    # Slots --------------------------------------------------------------------------------

    def on_filter_text_changed(self, text: str) -> None:
        with self._quietly():
            self._model.set_filter(text)
        self._refill()

    def on_tree_selection_changed(self, selected: QItemSelection, deselected: QItemSelection
                                  ) -> None:
        if self._quiet:
            return
        rows = self._tree.selectionModel().selectedRows(0)
        keys = [k for k in map(self._model.node_key, rows) if k is not None]
        chosen = [k for k in keys if k[0] == SAVED_SEARCH]
        self._keys = [k for k in keys if k[0] != SAVED_SEARCH and k != SAVED_SEARCHES]
        if chosen or SAVED_SEARCHES in keys:  # a saved search is run, not kept selected
            self._show_keys(self._keys)
        if chosen:
            self.saved_search_chosen.emit(chosen[-1][1])
            return
        self._announce()

    #: Below this width the tree drops its count column, so the names keep their room.
    NARROW = 230

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._tree.setColumnHidden(1, self.width() < self.NARROW)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
                and self._edit.text()):
            self._edit.clear()
            return True
        return super().eventFilter(watched, event)

    # Helpers ------------------------------------------------------------------------------

    def _refill(self) -> None:
        """After the model was rebuilt: expand a filtered tree, select the remembered nodes."""
        if self._model.filter_text():
            self._tree.expandAll()
        self._show_keys(self._keys)

    def _show_keys(self, keys: list[Key]) -> None:
        """Select the nodes of these keys that the tree shows, expanding their parents."""
        indexes = [i for i in map(self._model.index_for_key, keys) if i.isValid()]
        hidden = len(keys) - len(indexes)
        self._hidden_note.setText(
            f"{hidden} selected node{'s are' if hidden != 1 else ' is'} hidden by the filter "
            f"and still narrow{'' if hidden != 1 else 's'} the list (Esc clears the filter)."
            if hidden else "")
        self._hidden_note.setVisible(bool(hidden))
        chosen = QItemSelection()
        for index in indexes:
            chosen.select(index, index.siblingAtColumn(1))
            self._expand_parents(index)
        model = self._tree.selectionModel()
        with self._quietly():
            model.select(chosen, _SELECT)
            if indexes:
                model.setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)
                self._tree.scrollTo(indexes[0])

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """The pane changes the tree's selection itself: the slot must not take it as the
        user's choice."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def _expand_parents(self, index: QModelIndex) -> None:
        parent = index.parent()
        while parent.isValid():
            self._tree.expand(parent)
            parent = parent.parent()

    def _announce(self, force: bool = False) -> None:
        selection = self._model.selection_for_keys(self._keys)
        if force or selection != self._selection:
            self._selection = selection
            self.selection_changed.emit(selection)
