"""Reading lists and saved searches in the window: the actions, menus and name dialogs.

Every change is one write, one undoable step on the notes' undo stack (Ctrl+Z undoes a
deleted list as it undoes a deleted note) and one change notice, whatever its size. The
lists and searches themselves live in the notes database (``desktop.annotations.lists``,
``desktop.annotations.saved_searches``); this is only their Qt shell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QWidget

from desktop.annotations.lists import ListInfo, ReadingLists
from desktop.annotations.saved_searches import SavedInfo, SavedSearches
from desktop.archive.browse_tree import (
    READING_LIST,
    READING_LISTS,
    SAVED_SEARCH,
    SAVED_SEARCHES,
    Key,
    NodeSpec,
)
from desktop.archive.errors import StorageError
from desktop.archive.saved import SearchFilters
from desktop.wording import plural

_T = TypeVar("_T")


@dataclass(frozen=True)
class ListsChanged:
    """What one operation changed: the lists touched, the cables whose lists changed (their
    reference box names the lists), and whether saved searches changed."""

    lists: frozenset[str] = frozenset()
    refids: frozenset[str] = frozenset()
    searches: bool = False


def ask_name(parent: QWidget | None, title: str, label: str, names: Sequence[str] = (),
             current: str = "") -> str | None:
    """A name typed or picked (an editable list of ``names``); None when cancelled. The one
    dialog of this module, so tests can answer it."""
    if names:
        items = list(names)
        at = items.index(current) if current in items else 0
        text, ok = QInputDialog.getItem(parent, title, label, items, at, True)
    else:
        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal,
                                        current)
    return " ".join(text.split()) if ok and text.strip() else None


class ReadingListsUi(QObject):
    """The reading lists' and saved searches' actions and menus.

    Args:
        lists, searches: the stores, over the notes database.
        undo_stack: the notes' undo stack (one Undo for every kind of change).
        targets: the cables an "Add to reading list" applies to (the list's selected rows,
            else the open cable), as refids.
        label_for: a tree node's name, for the saved searches' descriptions.
        parent: the window, for dialogs.

    Signals:
        changed: a :class:`ListsChanged`, once per operation (and per undo or redo).
        message: a line for the status bar.
        failed: (title, message): a change could not be saved.
        export_pdf_requested, export_citations_requested: a list's id: export it (the
            window knows how).
        search_run_requested, search_update_requested: a saved search's id: run it, or
            give it the window's filters.
    """

    changed = Signal(object)
    message = Signal(str)
    failed = Signal(str, str)
    export_pdf_requested = Signal(str)
    export_citations_requested = Signal(str)
    search_run_requested = Signal(str)
    search_update_requested = Signal(str)

    def __init__(self, lists: ReadingLists, searches: SavedSearches, undo_stack: QUndoStack,
                 targets: Callable[[], list[str]], label_for: Callable[[Key], str],
                 parent: QWidget):
        super().__init__(parent)
        self.label_for = label_for
        self.lists = lists
        self.searches = searches
        self.undo_stack = undo_stack
        self.targets = targets
        self.parent_widget = parent
        self.last_list: str | None = None  # the list Ctrl+D offers first
        self.act_add = QAction("&Add to reading list…", parent)
        self.act_add.setShortcut(QKeySequence("Ctrl+D"))
        self.act_add.setStatusTip("Add the selected cables, or the open cable, to a reading list")
        self.act_add.triggered.connect(lambda: self.ask_add(self.targets()))
        self.act_new = QAction("&New reading list…", parent)
        self.act_new.triggered.connect(lambda: self.ask_new([]))
        self.act_save_search = QAction("&Save search…", parent)
        self.act_save_search.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.act_save_search.setStatusTip("Save what narrows the list (tree nodes, search, "
                                          "months) under a name")

    # Reads ---------------------------------------------------------------------------------

    def list_specs(self) -> list[NodeSpec]:
        """The tree's reading-list nodes: name and number of cables, by name."""
        return [NodeSpec((READING_LIST, info.id), info.name, info.count,
                         f"Reading list “{info.name}”: {plural(info.count, 'cable')}",
                         text=info.name.casefold())
                for info in self.lists.all()]

    def search_specs(self, counts: dict[str, int | None] | None = None) -> list[NodeSpec]:
        """The tree's saved-search nodes, with their last counts (-1 while unknown)."""
        counts = counts or {}
        specs = []
        for info in self.searches.all():
            count = counts.get(info.id)
            what = describe_filters(info.filters, self.label_for)
            tip = f"Saved search “{info.name}”: {what}" + (
                f"\n{plural(count, 'cable')} now" if count is not None and count >= 0 else "")
            specs.append(NodeSpec((SAVED_SEARCH, info.id), info.name,
                                  count if count is not None else -1, tip,
                                  text=info.name.casefold()))
        return specs

    def names(self) -> list[str]:
        return [info.name for info in self.lists.all()]

    def node_menu(self, key: Key, parent: QWidget) -> QMenu | None:
        """The context menu of a tree node of ours (None for the library's own nodes)."""
        kind, value = key
        menu = QMenu(parent)
        if key == READING_LISTS:
            menu.addAction("New reading list…", lambda: self.ask_new([]))
        elif kind == READING_LIST:
            menu.addAction("Export to PDF…", lambda: self.export_pdf_requested.emit(value))
            menu.addAction("Export citations…",
                           lambda: self.export_citations_requested.emit(value))
            menu.addSeparator()
            menu.addAction("Rename…", lambda: self.ask_rename(value))
            menu.addAction("Delete", lambda: self.delete(value))
        elif key == SAVED_SEARCHES:
            menu.addAction("Save the current search…", self.act_save_search.trigger)
        elif kind == SAVED_SEARCH:
            menu.addAction("Run", lambda: self.search_run_requested.emit(value))
            menu.addAction("Update with the current filters",
                           lambda: self.search_update_requested.emit(value))
            menu.addSeparator()
            menu.addAction("Rename…", lambda: self.ask_rename_search(value))
            menu.addAction("Delete", lambda: self.delete_search(value))
        else:
            return None
        return menu

    def rename_node(self, key: Key) -> bool:
        """F2 on a tree node: rename the list or saved search."""
        if key[0] == READING_LIST:
            return self.ask_rename(key[1])
        return key[0] == SAVED_SEARCH and self.ask_rename_search(key[1])

    def delete_node(self, key: Key) -> bool:
        """Delete on a tree node: delete the list or saved search (Undo brings it back)."""
        if key[0] == READING_LIST:
            return self.delete(key[1])
        return key[0] == SAVED_SEARCH and self.delete_search(key[1])

    # Reading lists -------------------------------------------------------------------------

    def ask_add(self, refids: Sequence[str]) -> ListInfo | None:
        """Ctrl+D: pick a list, or type a new name, and add the cables to it."""
        if not refids:
            self.message.emit("Select cables, or open one, to add to a reading list.")
            return None
        infos = self.lists.all()
        last = next((i.name for i in infos if i.id == self.last_list), "")
        name = ask_name(self.parent_widget, "Add to reading list",
                        f"Add {plural(len(refids), 'cable')} to the list (pick one or type a "
                        f"new name):", [i.name for i in infos], last)
        if name is None:
            return None
        found = self.lists.by_name(name)
        return self.add(found.id, refids) if found is not None else self.create(name, refids)

    def ask_new(self, refids: Sequence[str]) -> ListInfo | None:
        name = ask_name(self.parent_widget, "New reading list", "Name of the new list:")
        return self.create(name, refids) if name is not None else None

    def add_menu(self, refids: Callable[[], list[str]], parent: QWidget) -> QMenu:
        """"Add to reading list ▸": each list, then "New reading list…"."""
        menu = QMenu("Add to &reading list", parent)
        for info in self.lists.all():
            act = menu.addAction(info.name.replace("&", "&&"))
            act.triggered.connect(lambda _=False, i=info.id: self.add(i, refids()))
        if menu.actions():
            menu.addSeparator()
        menu.addAction("New reading list…", lambda: self.ask_new(refids()))
        return menu

    def create(self, name: str, refids: Sequence[str] = ()) -> ListInfo | None:
        """A new list, holding ``refids``: one step to undo."""
        def write() -> ListInfo:
            made = self.lists.create(name)
            if refids:
                self.lists.add(made.id, refids)
            return made

        info = self._attempt(write, "Cannot create the list")
        if info is None:
            return None
        self.last_list = info.id
        self._push(_Created(self, info.id, tuple(refids)))
        self.message.emit(f"Created the reading list “{info.name}”" + (
            f" with {plural(len(refids), 'cable')}." if refids else "."))
        return self.lists.get(info.id)

    def add(self, list_id: str, refids: Sequence[str]) -> ListInfo | None:
        before = self._refids(list_id)
        if before is None:
            return None
        added = self._attempt(lambda: self.lists.add(list_id, refids), "Cannot add to the list")
        if added is None:
            return None
        info = self.lists.get(list_id)
        name = info.name if info else ""
        self.last_list = list_id
        if added:
            self._push(_Order(self, f"Add to “{name}”", list_id, before, refids))
        already = len(refids) - added
        self.message.emit(f"Added {plural(added, 'cable')} to “{name}”" + (
            f" ({already:,} already in it)." if already else "."))
        return info

    def remove(self, list_id: str, refids: Sequence[str]) -> int:
        before = self._refids(list_id)
        if before is None:
            return 0
        removed = self._attempt(lambda: self.lists.remove(list_id, refids),
                                "Cannot remove from the list")
        if removed:
            info = self.lists.get(list_id)
            self._push(_Order(self, "Remove from reading list", list_id, before, refids))
            self.message.emit(f"Removed {plural(removed, 'cable')} from “"
                              f"{info.name if info else ''}” ({self.undo_keys()} puts "
                              f"{'it' if removed == 1 else 'them'} back).")
        return removed or 0

    def move(self, list_id: str, refids: Sequence[str], before: int) -> bool:
        """Reorder: these cables before the entry at index ``before`` of the whole list."""
        old = self._refids(list_id)
        if old is None:
            return False
        moved = self._attempt(lambda: self.lists.move(list_id, refids, before),
                              "Cannot reorder the reading list", "Cannot reorder the reading list")
        if moved:
            self._push(_Order(self, "Reorder reading list", list_id, old, refids))
        return bool(moved)

    def rename(self, list_id: str, name: str) -> bool:
        info = self.lists.get(list_id)
        if info is None or name == info.name:
            return False
        if self._attempt(lambda: self.lists.rename(list_id, name),
                         "Cannot rename the list") is None:
            return False
        self._push(_Renamed(self, list_id, info.name, name, searches=False))
        return True

    def ask_rename(self, list_id: str) -> bool:
        info = self.lists.get(list_id)
        if info is None:
            return False
        name = ask_name(self.parent_widget, "Rename reading list", "New name:", current=info.name)
        return name is not None and self.rename(list_id, name)

    def delete(self, list_id: str) -> bool:
        info = self.lists.get(list_id)
        if info is None:
            return False
        if self._attempt(lambda: self.lists.delete(list_id), "Cannot delete the list") is None:
            return False
        self._push(_Deleted(self, list_id, tuple(self.lists.refids(list_id))))
        self.message.emit(f"Deleted the reading list “{info.name}” ({self.undo_keys()} brings "
                          f"it back).")
        return True

    def _refids(self, list_id: str) -> list[str] | None:
        try:
            return self.lists.refids(list_id)
        except (StorageError, KeyError) as exc:
            self.failed.emit("Cannot read the reading list", str(exc))
            return None

    # Saved searches ------------------------------------------------------------------------

    def ask_save_search(self, filters: SearchFilters) -> SavedInfo | None:
        """Save the window's filters under a name (an existing name: replace that search's
        filters)."""
        if filters.is_empty():
            self.message.emit("Nothing to save: choose tree nodes, a search or months first.")
            return None
        infos = self.searches.all()
        name = ask_name(self.parent_widget, "Save search",
                        f"Save “{describe_filters(filters, self.label_for)}” as:",
                        [i.name for i in infos])
        return self.save_search(name, filters) if name is not None else None

    def save_search(self, name: str, filters: SearchFilters) -> SavedInfo | None:
        """Save filters under a name; an existing name (in any case) gets them instead."""
        def write() -> tuple[SavedInfo | None, SavedInfo]:
            found = self.searches.by_name(name)
            if found is not None:
                return found, self.searches.update(found.id, filters)
            return None, self.searches.save(name, filters)

        done = self._attempt(write, "Cannot save the search", "Cannot save the search")
        if done is None:
            return None
        before, info = done
        self._push(_SearchEdited(self, before, info) if before is not None
                   else _SearchCreated(self, info.id))
        self.message.emit(f"Saved the search “{info.name}”.")
        return info

    def rename_search(self, search_id: str, name: str) -> bool:
        info = self.searches.get(search_id)
        if info is None or name == info.name:
            return False
        if self._attempt(lambda: self.searches.rename(search_id, name),
                         "Cannot rename the saved search",
                         "Cannot rename the saved search") is None:
            return False
        self._push(_Renamed(self, search_id, info.name, name, searches=True))
        return True

    def ask_rename_search(self, search_id: str) -> bool:
        info = self.searches.get(search_id)
        if info is None:
            return False
        name = ask_name(self.parent_widget, "Rename saved search", "New name:",
                        current=info.name)
        return name is not None and self.rename_search(search_id, name)

    def delete_search(self, search_id: str) -> bool:
        info = self.searches.get(search_id)
        if info is None:
            return False
        if self._attempt(lambda: self.searches.delete(search_id), "Cannot delete the search",
                         "Cannot save the search") is None:
            return False
        self._push(_SearchDeleted(self, search_id))
        self.message.emit(f"Deleted the saved search “{info.name}” ({self.undo_keys()} brings "
                          f"it back).")
        return True

    def update_search(self, search_id: str, filters: SearchFilters) -> bool:
        """Give a saved search the window's current filters."""
        before = self.searches.get(search_id)
        if before is None or filters.is_empty():
            return False
        after = self._attempt(lambda: self.searches.update(search_id, filters),
                              "Cannot save the search", "Cannot save the search")
        if after is None:
            return False
        self._push(_SearchEdited(self, before, after))
        self.message.emit(f"The saved search “{after.name}” now has the current filters.")
        return True

    def _attempt(self, write: Callable[[], _T], refused: str,
                 failed: str = "Cannot save the reading list") -> _T | None:
        """Do one write; a refused name or id (``refused``) or a save that failed
        (``failed``: the disk, a read-only database) is said, not raised: None then."""
        try:
            return write()
        except ValueError as exc:
            self.failed.emit(refused, str(exc))
        except StorageError as exc:
            self.failed.emit(failed, str(exc))
        return None

    # Undo ----------------------------------------------------------------------------------

    @staticmethod
    def undo_keys() -> str:
        """The keys of Edit > Undo (the notes' undo stack's, shared with the lists)."""
        return QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText)

    def _push(self, command: _Command) -> None:
        self.undo_stack.push(command)

    def announce(self, change: ListsChanged) -> None:
        self.changed.emit(change)


def describe_filters(filters: SearchFilters,
                     label_for: Callable[[Key], str] | None = None) -> str:
    """A saved search's filters in words, for its tooltip and the save dialog (``label_for``
    names a tree node: "Tag PREL (External Political Relations)")."""
    parts = [label_for(k) if label_for is not None else f"{k[0]} {k[1]}".strip()
             for k in filters.keys]
    if filters.text:
        parts.append(f"search “{filters.text}”")
    if filters.date_range is not None:
        first, last = filters.date_range
        parts.append(f"created {first}" if first == last else f"created {first} to {last}")
    return "; ".join(parts) or "everything"


# --- undo commands ------------------------------------------------------------------------


class _Command(QUndoCommand):
    """An operation already done once: its first redo (at push) only announces it; later
    undos and redos write, and report a storage failure instead of raising into Qt."""

    def __init__(self, ui: ReadingListsUi, text: str, change: ListsChanged):
        super().__init__(text)
        self.ui = ui
        self.change = change
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
        else:
            self._write(self.do)
            return
        self.ui.announce(self.change)

    def undo(self) -> None:
        self._write(self.undo_write)

    def _write(self, write: Callable[[], object]) -> None:
        try:
            write()
        except (StorageError, KeyError, ValueError) as exc:
            self.ui.failed.emit("Cannot save the reading list", str(exc))
            return
        self.ui.announce(self.change)

    def do(self) -> object:
        raise NotImplementedError

    def undo_write(self) -> object:
        raise NotImplementedError


class _Created(_Command):
    """A new list: undone by deleting it (a tombstone), redone by restoring it."""

    title = "New reading list"

    def __init__(self, ui: ReadingListsUi, list_id: str, refids: tuple[str, ...]):
        super().__init__(ui, self.title, ListsChanged(frozenset({list_id}), frozenset(refids)))
        self.list_id = list_id

    def do(self) -> object:
        return self.ui.lists.restore(self.list_id)

    def undo_write(self) -> object:
        return self.ui.lists.delete(self.list_id)


class _Deleted(_Created):
    """A deleted list: the same two writes the other way round."""

    title = "Delete reading list"

    def do(self) -> object:
        return super().undo_write()

    def undo_write(self) -> object:
        return super().do()


class _Order(_Command):
    """An add, a removal or a move: undone by giving back the list's whole order."""

    def __init__(self, ui: ReadingListsUi, text: str, list_id: str, before: Sequence[str],
                 touched: Sequence[str]):
        self.list_id = list_id
        self.before = list(before)
        self.after = ui.lists.refids(list_id)
        changed = (set(self.before) ^ set(self.after)) | set(touched)
        super().__init__(ui, text, ListsChanged(frozenset({list_id}), frozenset(changed)))

    def do(self) -> object:
        return self.ui.lists.replace(self.list_id, self.after)

    def undo_write(self) -> object:
        return self.ui.lists.replace(self.list_id, self.before)


class _Renamed(_Command):
    def __init__(self, ui: ReadingListsUi, row_id: str, old: str, new: str, *, searches: bool):
        super().__init__(ui, "Rename", ListsChanged(frozenset() if searches
                                                    else frozenset({row_id}),
                                                    searches=searches))
        self.row_id, self.old, self.new, self.searches = row_id, old, new, searches

    def _rename(self, name: str) -> object:
        if self.searches:
            return self.ui.searches.rename(self.row_id, name)
        return self.ui.lists.rename(self.row_id, name)

    def do(self) -> object:
        return self._rename(self.new)

    def undo_write(self) -> object:
        return self._rename(self.old)


class _SearchCreated(_Command):
    """A saved search: undone by deleting it (a tombstone), redone by restoring it."""

    title = "Save search"

    def __init__(self, ui: ReadingListsUi, search_id: str):
        super().__init__(ui, self.title, ListsChanged(searches=True))
        self.search_id = search_id

    def do(self) -> object:
        return self.ui.searches.restore(self.search_id)

    def undo_write(self) -> object:
        return self.ui.searches.delete(self.search_id)


class _SearchDeleted(_SearchCreated):
    """A deleted saved search: the same two writes the other way round (its own name in
    Edit > Undo, where it said "Save search")."""

    title = "Delete saved search"

    def do(self) -> object:
        return super().undo_write()

    def undo_write(self) -> object:
        return super().do()


class _SearchEdited(_Command):
    def __init__(self, ui: ReadingListsUi, before: SavedInfo, after: SavedInfo):
        super().__init__(ui, "Update saved search", ListsChanged(searches=True))
        self.before, self.after = before, after

    def do(self) -> object:
        return self.ui.searches.update(self.after.id, self.after.filters)

    def undo_write(self) -> object:
        return self.ui.searches.update(self.before.id, self.before.filters)
