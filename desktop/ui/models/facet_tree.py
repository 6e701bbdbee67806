"""The browse tree model: tags, origins, classifications and dates with counts, fetched lazily."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from desktop.archive.browse_tree import (
    ANNOTATED,
    LEAF_FACETS,
    READING_LIST,
    READING_LISTS,
    SAVED_SEARCH,
    SAVED_SEARCHES,
    AnnotatedIds,
    FacetCatalogue,
    Key,
    ListMembers,
    LiveCounts,
    NodeSpec,
    count_text,
    selection_for_keys,
)
from desktop.archive.library import Library
from desktop.archive.selection import Selection
from desktop.ui.plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex
COUNT_ROLE = Qt.ItemDataRole.UserRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# Worked out once: the view asks for flags of every row it lays out, and enum arithmetic is slow.
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS = _GROUP_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_LIST_FLAGS = _LEAF_FLAGS | Qt.ItemFlag.ItemIsDropEnabled  # cables dropped on it join it
#: The top nodes the model keeps itself (not the library's facets), in the order shown.
EXTRA_TOPS: tuple[Key, ...] = (ANNOTATED, READING_LISTS, SAVED_SEARCHES)


#: Cables dragged between views: their refids, one a line.
REFIDS_MIME = "application/x-cable-reader-refids"


def refids_mime(refids: Iterable[str]) -> QMimeData:
    data = QMimeData()
    data.setData(REFIDS_MIME, "\n".join(refids).encode())
    data.setText("\n".join(refids))
    return data


def refids_from_mime(data: QMimeData) -> list[str]:
    raw = bytes(data.data(REFIDS_MIME).data()).decode("utf-8", "replace")
    return [line.strip() for line in raw.splitlines() if line.strip()]


# --- the Qt model --------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class _Node:
    spec: NodeSpec
    id: int
    parent: _Node | None
    row: int
    children: list[_Node] = field(default_factory=list)
    fetched: bool = False


class FacetTreeModel(QAbstractItemModel):
    """Two columns (label, count). Children are made when a node is first expanded; while a
    filter is set the tree holds only matching leaves and their ancestors, all made at once.

    A group node means all its leaves, whatever the filter shows; a top node means any value.

    Signals:
        cables_dropped: (list id, refids): cables dragged from the list onto a reading list.
    """

    cables_dropped = Signal(str, list)

    def __init__(self, library: Library | None, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._nodes: dict[int, _Node] = {}
        self._root = _Node(NodeSpec(("root", ""), "", 0), 0, None, 0, fetched=True)
        self._catalogue: FacetCatalogue | None = None
        self._filter = ""
        self._annotated_ids: AnnotatedIds | None = None
        self._list_members: ListMembers | None = None
        #: the extra top nodes shown (by key) and their children
        self._extras: dict[Key, tuple[NodeSpec, list[NodeSpec]]] = {}
        self._signalling = False  # inside a change of ours: observers must see it end first
        self._live: LiveCounts = {}  # counts given the rest of the selection, by facet
        self._live_cache: dict[int, int | None] = {}  # node id -> its live count
        self._bold = QFont()
        self._bold.setBold(True)
        self.set_library(library)

    # Content ------------------------------------------------------------------------------

    def set_library(self, library: Library | None) -> None:
        """Show another library (or none); also after an import changed the counts."""
        self._catalogue = FacetCatalogue(library) if library is not None else None
        self._live = {}
        self._live_cache.clear()
        self._rebuild()

    def set_filter(self, text: str) -> None:
        """Keep only leaves whose label contains ``text`` (any case); empty: the lazy tree."""
        needle = text.strip().casefold()
        if needle != self._filter:
            self._filter = needle
            self._rebuild()

    def filter_text(self) -> str:
        return self._filter

    def set_live_counts(self, live: LiveCounts) -> None:
        """Show each node's count given the rest of the selection ({}: the nodes' own)."""
        self._live = live
        self._live_cache.clear()
        with self._change():
            for node in [self._root, *self._nodes.values()]:
                if node.children:  # the count column of each fetched level
                    self.dataChanged.emit(self.createIndex(0, 1, node.children[0].id),
                                          self.createIndex(len(node.children) - 1, 1,
                                                           node.children[-1].id))

    def count(self, index: Index) -> int | None:
        """The count a node shows: live when the selection says, else its own."""
        node = self._node(index)
        return None if node is None else self._count(node)

    def _count(self, node: _Node) -> int:
        if not self._live or self._catalogue is None:
            return node.spec.count
        if node.id not in self._live_cache:
            self._live_cache[node.id] = self._catalogue.live_count(node.spec, self._live)
        live = self._live_cache[node.id]
        return node.spec.count if live is None else live

    def set_annotated(self, count: int | None, annotated_ids: AnnotatedIds | None = None) -> None:
        """Show a top node "Annotated" (count: annotated cables), or hide it with None."""
        self._annotated_ids = annotated_ids
        self.set_extra(ANNOTATED, NodeSpec(ANNOTATED, "Annotated", count,
                                           "Cables you have annotated", text="annotated")
                       if count is not None else None)

    def set_reading_lists(self, lists: Sequence[NodeSpec] | None,
                          members: ListMembers | None = None) -> None:
        """Show the "Reading lists" node with a child per list (``("list", id)`` keys), or
        hide it with None. ``members`` gives a list's cables in its order."""
        self._list_members = members
        self.set_extra(READING_LISTS, None if lists is None else NodeSpec(
            READING_LISTS, "Reading lists", len(lists), "Your reading lists", unit="lists",
            expandable=True, text="reading lists"), lists or ())

    def set_saved_searches(self, searches: Sequence[NodeSpec] | None) -> None:
        """Show the "Saved searches" node with a child per search (``("saved", id)`` keys;
        a child's count is its last known number of cables), or hide it with None."""
        self.set_extra(SAVED_SEARCHES, None if searches is None else NodeSpec(
            SAVED_SEARCHES, "Saved searches", len(searches), "Searches you have saved",
            unit="searches", expandable=True, text="saved searches"), searches or ())

    def set_extra(self, key: Key, spec: NodeSpec | None, children: Iterable[NodeSpec] = ()
                  ) -> None:
        """Show, update or hide (None) one of the model's own top nodes (EXTRA_TOPS).

        The children are updated in place when they are the same nodes in the same order (a
        count or a name changed), else replaced; a selection of replaced nodes is the
        caller's to restore (``BrowsePane`` does, by key).
        """
        kids = list(children)
        if spec is None:
            self._extras.pop(key, None)
        else:
            self._extras[key] = (spec, kids)
        if self._filter or self._catalogue is None:
            self._rebuild()
            return
        node = next((n for n in self._root.children if n.spec.key == key), None)
        if spec is None:
            if node is not None:
                self._remove_top(node)
            return
        if node is None:
            self._insert_top(spec)
            return
        node.spec = spec
        with self._change():
            self.dataChanged.emit(self.createIndex(node.row, 0, node.id),
                                  self.createIndex(node.row, 1, node.id))
        if node.fetched:
            self._replace_children(node, kids)

    def _replace_children(self, node: _Node, specs: list[NodeSpec]) -> None:
        index = self._index_of(node)
        if [c.spec.key for c in node.children] == [s.key for s in specs]:
            for child, child_spec in zip(node.children, specs, strict=True):
                child.spec = child_spec
            if specs:
                with self._change():
                    self.dataChanged.emit(self.createIndex(0, 0, node.children[0].id),
                                          self.createIndex(len(specs) - 1, 1,
                                                           node.children[-1].id))
            return
        with self._change():
            if node.children:
                self.beginRemoveRows(index, 0, len(node.children) - 1)
                for child in node.children:
                    self._forget(child)
                node.children = []
                self.endRemoveRows()
            if specs:
                self.beginInsertRows(index, 0, len(specs) - 1)
                node.children = [self._new_node(s, node, row) for row, s in enumerate(specs)]
                self.endInsertRows()

    def _insert_top(self, spec: NodeSpec) -> None:
        """Add an extra top node in its place among the others."""
        rank = EXTRA_TOPS.index(spec.key)
        row = next((n.row for n in self._root.children
                    if n.spec.key in EXTRA_TOPS and EXTRA_TOPS.index(n.spec.key) > rank),
                   len(self._root.children))
        with self._change():
            self.beginInsertRows(QModelIndex(), row, row)
            self._root.children.insert(row, self._new_node(spec, self._root, row))
            for n, sibling in enumerate(self._root.children):
                sibling.row = n
            self.endInsertRows()

    # Identity and selection ---------------------------------------------------------------

    def node_key(self, index: Index) -> Key | None:
        node = self._node(index)
        return node.spec.key if node is not None else None

    def facet_value(self, index: Index) -> tuple[str, str] | None:
        """(facet, value) of a leaf, a year or the Annotated node; None for groups."""
        key = self.node_key(index)
        return key if key is not None and (key[0] in LEAF_FACETS or key == ANNOTATED) else None

    def selection_for(self, indexes: Iterable[Index]) -> Selection:
        """What some selected nodes mean: AND across facets, OR within one."""
        keys = [key for key in map(self.node_key, indexes) if key is not None]
        return self.selection_for_keys(keys)

    def selection_for_keys(self, keys: Iterable[Key]) -> Selection:
        def name(list_id: str) -> str:
            spec = self._extra_spec((READING_LIST, list_id))
            return spec.label if spec is not None else list_id

        return selection_for_keys(self._catalogue, keys, annotated=self._annotated_ids,
                                  members=self._list_members,
                                  all_lists=[k[1] for k in self.children_keys(READING_LISTS)],
                                  list_name=name)

    def label_for_key(self, key: Key) -> str:
        """A node's name with its facet: "Tag PREL (External Political Relations)"."""
        if key == ANNOTATED:
            return "Annotated"
        if key[0] in (READING_LIST, SAVED_SEARCH) or key in EXTRA_TOPS:
            spec = self._extra_spec(key)
            label = spec.label if spec is not None else key[1]
            return {READING_LIST: f"Reading list “{label}”",
                    SAVED_SEARCH: f"Saved search “{label}”"}.get(key[0], label)
        spec = self._catalogue.find(key) if self._catalogue is not None else None
        label = spec.label if spec is not None else key[1]
        kind = {"tag": "Tag", "origin": "Origin", "classification": "Classification",
                "year": "Created", "month": "Created", "released": "Released",
                "tag-kind": "Tags", "origin-group": "Origins"}.get(key[0])
        return f"{kind} {label}" if kind else label

    def has_node(self, key: Key) -> bool:
        """Whether the library has this node, shown or hidden by the filter."""
        if key[0] in (READING_LIST, SAVED_SEARCH) or key in EXTRA_TOPS:
            return self._catalogue is not None and self._extra_spec(key) is not None
        return self._catalogue is not None and self._catalogue.find(key) is not None

    def _extra_spec(self, key: Key) -> NodeSpec | None:
        """The spec of one of the model's own nodes (a top node or a child of one)."""
        if key in self._extras:
            return self._extras[key][0]
        parent = self._catalogue.parent_key(key) if self._catalogue is not None else None
        children = self._extras[parent][1] if parent in self._extras else []
        return next((s for s in children if s.key == key), None)

    def children_keys(self, key: Key) -> list[Key]:
        """The keys of an extra top node's children (the reading lists, say)."""
        return [s.key for s in self._extras.get(key, (None, []))[1]]

    def index_for(self, facet: str, value: str) -> QModelIndex:
        """The node of a facet value, fetching its ancestors' children as needed."""
        return self.index_for_key((facet, value))

    def index_for_key(self, key: Key) -> QModelIndex:
        if self._catalogue is None:
            return QModelIndex()
        chain = [key]
        while (parent := self._catalogue.parent_key(chain[-1])) is not None:
            chain.append(parent)
        node = self._root
        for step in reversed(chain):
            self._fetch(node)
            found = next((c for c in node.children if c.spec.key == step), None)
            if found is None:
                return QModelIndex()
            node = found
        return self._index_of(node)

    # Qt model -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        siblings = self._node_or_root(parent).children
        if not (0 <= row < len(siblings) and 0 <= column < 2) or parent.column() > 0:
            return QModelIndex()
        return self.createIndex(row, column, siblings[row].id)

    def parent(self, child: Index) -> QModelIndex:  # type: ignore[override]
        node = self._node(child)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self._node_or_root(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.column() > 0:
            return False
        node = self._node_or_root(parent)
        return bool(node.children) if node.fetched else node.spec.expandable

    def canFetchMore(self, parent: Index) -> bool:
        node = self._node(parent)
        return (node is not None and parent.column() == 0 and not node.fetched
                and not self._signalling)

    def fetchMore(self, parent: Index) -> None:
        node = self._node(parent)
        if node is not None and parent.column() == 0:
            self._fetch(node)

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self._node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        if node.spec.key[0] == READING_LIST:
            return _LIST_FLAGS
        return _GROUP_FLAGS if node.spec.expandable else _LEAF_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        spec = node.spec
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return spec.label
            count = self._count(node)
            return count_text(spec, count) if count >= 0 else "…"  # a saved search, counting
        if role == COUNT_ROLE and index.column() == 1:
            return self._count(node)
        if role == Qt.ItemDataRole.ForegroundRole and self._live and self._count(node) == 0:
            return QGuiApplication.palette().brush(QPalette.ColorGroup.Disabled,
                                                   QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(spec.tooltip) or None  # origins and tags come from cable text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and node.parent is self._root:
            return self._bold
        return None

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt override)
        return [REFIDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt override)
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: Index) -> bool:
        key = self.node_key(parent)
        return (key is not None and key[0] == READING_LIST and row == -1
                and data.hasFormat(REFIDS_MIME))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: Index) -> bool:
        """Cables dropped on a reading list join it (announced; the list is not changed here)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        key = self.node_key(parent)
        refids = refids_from_mime(data)
        if key is None or not refids:
            return False
        self.cables_dropped.emit(key[1], refids)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ("Browse", "Cables")[section] if section in (0, 1) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and section == 1:
            return _RIGHT
        return None

    # Tree building --------------------------------------------------------------------------

    def _rebuild(self) -> None:
        with self._change():
            self.beginResetModel()
            self._nodes.clear()
            self._root.children = []
            for spec in self._top_specs():
                node = self._filtered(spec, self._root) if self._filter else self._new_node(
                    spec, self._root, 0)
                if node is not None:
                    node.row = len(self._root.children)
                    self._root.children.append(node)
            self.endResetModel()

    def _top_specs(self) -> list[NodeSpec]:
        if self._catalogue is None:
            return []
        extra = [self._extras[k][0] for k in EXTRA_TOPS if k in self._extras]
        return self._catalogue.top_specs() + extra

    def _child_specs(self, key: Key) -> list[NodeSpec]:
        assert self._catalogue is not None
        if key in self._extras:
            return list(self._extras[key][1])
        return self._catalogue.children(key)

    def _filtered(self, spec: NodeSpec, parent: _Node) -> _Node | None:
        """A node with only its matching descendants, or None when nothing matches."""
        assert self._catalogue is not None
        node = self._new_node(spec, parent, 0, fetched=True)
        needle = self._filter
        if spec.expandable:
            for child_spec in self._child_specs(spec.key):
                if child_spec.expandable:
                    child = self._filtered(child_spec, node)
                elif needle in child_spec.text:
                    child = self._new_node(child_spec, node, 0, fetched=True)
                else:
                    continue
                if child is not None:
                    child.row = len(node.children)
                    node.children.append(child)
        if node.children or (spec.text and needle in spec.text):
            return node
        self._forget(node)
        return None

    def _fetch(self, node: _Node) -> None:
        """Make a node's children. Never while our own change signals are being delivered:
        a listener fetching then would insert rows before later listeners saw the change."""
        if node.fetched or self._catalogue is None or self._signalling:
            return
        node.fetched = True
        specs = self._child_specs(node.spec.key)
        if specs:
            with self._change():
                self.beginInsertRows(self._index_of(node), 0, len(specs) - 1)
                node.children = [self._new_node(s, node, row) for row, s in enumerate(specs)]
                self.endInsertRows()

    @contextmanager
    def _change(self) -> Iterator[None]:
        """Around a change and its signals: no fetching until every listener has seen it."""
        self._signalling = True
        try:
            yield
        finally:
            self._signalling = False

    def _new_node(self, spec: NodeSpec, parent: _Node, row: int, fetched: bool = False) -> _Node:
        node = _Node(spec, next(self._ids), parent, row, fetched=fetched or not spec.expandable)
        self._nodes[node.id] = node
        return node

    def _forget(self, node: _Node) -> None:
        self._nodes.pop(node.id, None)
        for child in node.children:
            self._forget(child)

    def _remove_top(self, node: _Node) -> None:
        with self._change():
            self.beginRemoveRows(QModelIndex(), node.row, node.row)
            self._root.children.pop(node.row)
            self._forget(node)
            self.endRemoveRows()

    def _node(self, index: Index) -> _Node | None:
        """The node of an index; None for the root or a stale index (ids are never reused)."""
        return self._nodes.get(index.internalId()) if index.isValid() else None

    def _node_or_root(self, index: Index) -> _Node:
        return self._node(index) or self._root

    def _index_of(self, node: _Node) -> QModelIndex:
        return QModelIndex() if node is self._root else self.createIndex(node.row, 0, node.id)
