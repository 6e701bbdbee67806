"""Reading lists, saved searches and compare sources in the window: Ctrl+D, the tree's
nodes, the list in its order, drag to reorder, undo, and the sources side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt, QUrl
from PySide6.QtGui import QKeySequence

from desktop.annotations.store import NotesStore
from desktop.archive.browse_tree import READING_LIST, READING_LISTS, SAVED_SEARCH, SAVED_SEARCHES
from desktop.archive.library import Library
from desktop.archive.saved import SearchFilters
from desktop.ui import reading_lists_ui
from desktop.ui.compare_view import CompareDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.models.facet_tree import refids_mime
from desktop.ui.session import Session

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, library_copy: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    session = Session(Library(library_copy), NotesStore(tmp_path / "notes.db"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.restore_state()
    win.show()
    yield win
    win.close()
    session.close()


def answer(monkeypatch: pytest.MonkeyPatch, *names: str | None) -> list[tuple]:
    """The name dialogs answer ``names`` in turn; returns what they were asked."""
    asked: list[tuple] = []
    replies = list(names)

    def ask(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args)
        return replies.pop(0)

    monkeypatch.setattr(reading_lists_ui, "ask_name", ask)
    return asked


def refids_shown(window: MainWindow) -> list[str]:
    model = window.list_model
    return [model.refid_at(r) for r in range(model.rowCount())]


def some_refids(window: MainWindow, n: int) -> list[str]:
    rows = window.session.library.conn.execute(
        "SELECT refid FROM cables ORDER BY refid LIMIT ?", [n]).fetchall()
    return [r[0] for r in rows]


def list_node(window: MainWindow, name: str) -> QModelIndex:
    model = window.browse.model()
    top = model.index_for_key(READING_LISTS)
    model.fetchMore(top)
    for row in range(model.rowCount(top)):
        child = model.index(row, 0, top)
        if child.data() == name:
            return child
    return QModelIndex()


def test_ctrl_d_adds_the_open_cable_to_a_new_list_the_tree_and_the_box_show_it(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.open_cable("10DUSHANBE170")
    window.reader.setFocus()
    asked = answer(monkeypatch, "Central Asia")
    assert window.collections.act_add.shortcut() == QKeySequence("Ctrl+D")
    with qtbot.waitSignal(window.collections.changed):
        window.collections.act_add.trigger()
    assert asked and "1 cable" in asked[0][2]
    info = window.collections.lists.by_name("central asia")
    assert info is not None and window.collections.lists.refids(info.id) == ["10DUSHANBE170"]
    node = list_node(window, "Central Asia")
    assert node.isValid() and node.siblingAtColumn(1).data() == "1"
    assert window.browse.model().index_for_key(READING_LISTS).siblingAtColumn(1).data() == \
        "1 list"
    text = window.reader.toPlainText()
    assert "Reading lists" in text and "Central Asia" in text.split("Reading lists", 1)[1]
    # The name in the box is a link to the list.
    window.reader.anchorClicked.emit(QUrl(f"list:{info.id}"))
    assert window.browse.selected_keys() == [(READING_LIST, info.id)]
    assert refids_shown(window) == ["10DUSHANBE170"]


def test_a_list_shows_in_its_order_and_drag_reorders_it_with_undo(
        qtbot, window: MainWindow) -> None:
    refids = some_refids(window, 5)
    info = window.collections.create("Story", refids)
    assert info is not None
    window.browse.select_facet(READING_LIST, info.id)
    assert refids_shown(window) == refids  # the list's order, not the creation dates'
    assert window.list_model.reorderable
    assert any(chip.label == "Reading list “Story”" for chip in window.chips.chips())
    model = window.list_model
    # Drag the last two rows before the first: what a drop in the view calls.
    data = model.mimeData([model.index(3, 0), model.index(4, 0)])
    with qtbot.waitSignal(window.collections.changed):
        model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    moved = [refids[3], refids[4], refids[0], refids[1], refids[2]]
    assert window.collections.lists.refids(info.id) == moved
    assert refids_shown(window) == moved
    # Sorted by a column (its header) the list cannot be reordered; "list order" brings
    # it back.
    window.list_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert not model.reorderable
    window.shown_list.act_order.trigger()
    assert refids_shown(window) == moved and model.reorderable
    with qtbot.waitSignal(window.collections.changed):
        window.session.notes.undo_stack.undo()
    assert window.collections.lists.refids(info.id) == refids
    assert refids_shown(window) == refids


def test_remove_delete_and_undo(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
                                ) -> None:
    refids = some_refids(window, 3)
    info = window.collections.create("Brief", refids)
    assert info is not None
    window.browse.select_facet(READING_LIST, info.id)
    window.list_view.selectRow(1)
    window.list_view.setFocus()
    monkeypatch.setattr(reading_lists_ui, "ask_name", lambda *a, **k: None)
    with qtbot.waitSignal(window.collections.changed):
        window.shown_list.act_remove.trigger()
    assert window.collections.lists.refids(info.id) == [refids[0], refids[2]]
    assert refids_shown(window) == [refids[0], refids[2]]
    # Delete the list from the tree (its node's Delete), then undo.
    window.browse.tree().setCurrentIndex(list_node(window, "Brief"))
    with qtbot.waitSignal(window.collections.changed):
        window.act_delete_node.trigger()
    assert window.collections.lists.by_name("Brief") is None
    assert not list_node(window, "Brief").isValid()
    assert window.session.notes.undo_stack.undoText() == "Delete reading list"
    assert window.browse.selected_keys() == [] and window.list_model.rowCount() == \
        window.session.library.count()
    with qtbot.waitSignal(window.collections.changed):
        window.session.notes.undo_stack.undo()
    assert window.collections.lists.refids(info.id) == [refids[0], refids[2]]
    assert list_node(window, "Brief").isValid()


def test_cables_dropped_on_a_list_node_join_it(qtbot, window: MainWindow) -> None:
    info = window.collections.create("Drop")
    assert info is not None
    node = list_node(window, "Drop")
    refids = some_refids(window, 2)
    model = window.browse.model()
    assert model.flags(node) & Qt.ItemFlag.ItemIsDropEnabled
    with qtbot.waitSignal(window.collections.changed):
        assert model.dropMimeData(refids_mime(refids), Qt.DropAction.CopyAction, -1, 0, node)
    assert window.collections.lists.refids(info.id) == refids
    assert list_node(window, "Drop").siblingAtColumn(1).data() == "2"


def test_a_saved_search_runs_again_with_the_same_cables_and_its_count(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.browse.select_facet("tag", "PREL")
    window.filters.on_range_chosen("1966-01", "2009-12")
    window.search.edit.setText("embassy")
    window.search.submit()
    qtbot.waitUntil(lambda: not window.lists.counting)
    original = refids_shown(window)
    assert original
    answer(monkeypatch, "PREL to 2009")
    with qtbot.waitSignal(window.saved_counts.counted, timeout=20000):
        window.collections.act_save_search.trigger()
    info = window.collections.searches.by_name("PREL to 2009")
    assert info is not None
    assert info.filters == SearchFilters((("tag", "PREL"),), "embassy", ("1966-01", "2009-12"))
    model = window.browse.model()
    top = model.index_for_key(SAVED_SEARCHES)
    model.fetchMore(top)
    node = model.index(0, 0, top)
    assert node.data() == "PREL to 2009"
    assert node.siblingAtColumn(1).data() == f"{len(original):,}"
    window.chips.cleared.emit()
    assert window.list_model.rowCount() == window.session.library.count()
    # A click on the node runs it: the same filters, the same cables.
    flags = window.browse.tree().selectionModel().SelectionFlag
    window.browse.tree().selectionModel().select(node, flags.ClearAndSelect | flags.Rows)
    qtbot.waitUntil(lambda: not window.lists.counting)
    assert sorted(refids_shown(window)) == sorted(original)
    assert window.browse.selected_keys() == [("tag", "PREL")]
    assert window.filters.date_range == ("1966-01", "2009-12")
    assert window.search.edit.text() == "embassy"
    assert (SAVED_SEARCH, info.id) not in window.browse.selected_keys()
    stack = window.session.notes.undo_stack
    assert window.collections.delete_search(info.id)
    assert stack.undoText() == "Delete saved search"
    stack.undo()
    assert window.collections.searches.by_name("PREL to 2009") is not None


def test_compare_sources_shows_the_copies_side_by_side(qtbot, window: MainWindow) -> None:
    lib = window.session.library
    refid = lib.conn.execute(
        "SELECT c.refid FROM cable_sources s JOIN cables c ON c.id = s.cable_id "
        "GROUP BY s.cable_id HAVING count(*) > 1 ORDER BY c.refid LIMIT 1").fetchone()[0]
    assert window.open_cable(refid)
    assert "Compare the" in window.reader.toPlainText()
    window.reader.anchorClicked.emit(QUrl(f"compare:{refid}"))
    dialogs = window.findChildren(CompareDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitUntil(lambda: dialog.copies is not None, timeout=20000)
    assert dialog.copies and len(dialog.copies) >= 2
    shown = dialog.browser.toPlainText()
    assert refid in shown
    for copy in dialog.copies:
        assert copy.label in shown
    dialog.close()


def test_lists_travel_in_the_notes_export_and_an_import_is_one_undo(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    from desktop.annotations.exchange import export_json
    from desktop.annotations.lists import ReadingLists
    from desktop.annotations.saved_searches import SavedSearches
    from desktop.export.notes import notes_document

    refids = some_refids(window, 3)
    with NotesStore(tmp_path / "elsewhere.db") as other:
        lists = ReadingLists(other)
        lists.add(lists.create("From the laptop").id, refids[::-1])
        SavedSearches(other).save("Laptop search", SearchFilters((("tag", "PREL"),)))
        exported = tmp_path / "export.json"
        exported.write_text(export_json(other), encoding="utf-8")
    with qtbot.waitSignal(window.session.notes.collections_changed):
        text = window.notes_ui.import_from(exported)
    assert "1 reading list new" in text and "1 saved search new" in text
    info = window.collections.lists.by_name("From the laptop")
    assert info is not None and window.collections.lists.refids(info.id) == refids[::-1]
    assert list_node(window, "From the laptop").isValid()
    # The window's own JSON export carries it on.
    document, _ = notes_document("json", window.session.notes.store, None)
    assert "From the laptop" in document and "Laptop search" in document
    with qtbot.waitSignal(window.session.notes.collections_changed):
        window.session.notes.undo_stack.undo()
    assert window.collections.lists.by_name("From the laptop") is None
    assert window.collections.searches.by_name("Laptop search") is None
    assert not list_node(window, "From the laptop").isValid()
    with qtbot.waitSignal(window.session.notes.collections_changed):
        window.session.notes.undo_stack.redo()
    assert window.collections.lists.refids(info.id) == refids[::-1]


def test_a_refused_name_or_a_read_only_database_is_said_not_raised(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QWidget

    import desktop.ui.main_window as main_window
    from desktop.annotations.lists import ReadingLists
    from desktop.annotations.saved_searches import SavedSearches
    from desktop.ui.reading_lists_ui import ReadingListsUi

    warned: list[str] = []
    monkeypatch.setattr(main_window, "warn", lambda parent, title, text: warned.append(title))
    ui = window.collections
    first = ui.create("Alpha")
    assert first is not None and ui.create("Beta") is not None
    with qtbot.waitSignal(ui.failed) as said:
        assert not ui.rename(first.id, "BETA")  # taken, in any case
    assert said.args[0] == "Cannot rename the list" and "Beta" in said.args[1]
    with qtbot.waitSignal(ui.failed) as said:
        assert ui.create("alpha") is None
    assert said.args[0] == "Cannot create the list"
    assert warned == ["Cannot rename the list", "Cannot create the list"]  # the window says it
    # The same database opened read-only: every write is refused with the storage's reason.
    path = window.session.notes.store.path
    with NotesStore(path, readonly=True) as frozen:
        parent = QWidget()
        qtbot.addWidget(parent)
        ro = ReadingListsUi(ReadingLists(frozen), SavedSearches(frozen), QUndoStack(parent),
                            lambda: [], str, parent)
        for write, title in ((lambda: ro.create("Gamma"), "Cannot save the reading list"),
                             (lambda: ro.delete(first.id), "Cannot save the reading list"),
                             (lambda: ro.save_search("S", SearchFilters((("tag", "PREL"),))),
                              "Cannot save the search")):
            with qtbot.waitSignal(ro.failed) as said:
                assert not write()
            assert said.args[0] == title and "read-only" in said.args[1]
        assert ro.undo_stack.count() == 0
