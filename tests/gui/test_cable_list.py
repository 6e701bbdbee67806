"""The lazy cable list model: model tester, laziness, sorting, search snippets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate

from desktop.archive.library import Library
from desktop.archive.query_syntax import compile_query
from desktop.archive.selection import Selection
from desktop.ui import theme
from desktop.ui.cable_list_view import (
    CableListView,
    CellDelegate,
    SnippetDelegate,
    snippet_html,
)
from desktop.ui.models.cable_list import CACHE_ROWS, COLUMNS, SNIPPET_ROLE, CableListModel

pytestmark = pytest.mark.gui


@pytest.fixture
def lib(sample_library: Path):  # type: ignore[no-untyped-def]
    with Library(sample_library) as library:
        yield library


def test_browse_list_passes_the_model_tester(qtmodeltester, lib: Library) -> None:  # type: ignore[no-untyped-def]
    model = CableListModel(lib)
    model.set_list(lambda key, desc: lib.select_ids(Selection(), key, desc))
    assert model.rowCount() == lib.count()
    qtmodeltester.check(model)


def test_rows_are_fetched_a_page_at_a_time(lib: Library) -> None:
    model = CableListModel(lib)
    model.set_list(lambda key, desc: lib.select_ids(Selection(), key, desc))
    assert len(model._rows) == 0  # nothing fetched before a row is shown
    model.index(0, 0).data()
    assert 0 < len(model._rows) <= 200 < model.rowCount()
    assert len(model._rows) <= CACHE_ROWS


def test_sorting_asks_the_library_again(lib: Library) -> None:
    model = CableListModel(lib)
    model.set_list(lambda key, desc: lib.select_ids(Selection(), key, desc))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    refids = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert refids == sorted(refids)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    created = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert created == sorted(created, reverse=True)


def test_a_selection_narrows_the_list(lib: Library) -> None:
    model = CableListModel(lib)
    selection = Selection(tags=frozenset({"KTIP"}))
    model.set_list(lambda key, desc: lib.select_ids(selection, key, desc))
    refids = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert "10DUSHANBE170" in refids
    assert len(refids) == lib.count_selection(selection)


def test_search_results_have_snippets(qtmodeltester, lib: Library) -> None:  # type: ignore[no-untyped-def]
    query = compile_query("trafficking")
    hits = lib.search(query)
    model = CableListModel(lib)
    model.set_list(lambda key, desc: lib.search_ids(query, None, key, desc),
                   [h.id for h in hits], snippeter=lambda ids: lib.snippets(query, ids),
                   snippets={h.id: h.snippet for h in hits})
    assert model.columnCount() == len(COLUMNS) + 1  # the match snippet last
    snippet = model.index(0, len(COLUMNS)).data(SNIPPET_ROLE)
    assert "\x02" in snippet and "\x03" in snippet
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)  # sorting search results by a column
    assert model.index(model.rowCount() - 1, len(COLUMNS)).data(SNIPPET_ROLE)


@pytest.fixture
def _system_theme_after() -> Iterator[None]:
    yield
    theme.apply("system")


@pytest.mark.usefixtures("_system_theme_after")
@pytest.mark.parametrize(("choice", "direction"), [
    ("light", Qt.LayoutDirection.LeftToRight), ("dark", Qt.LayoutDirection.LeftToRight),
    ("light", Qt.LayoutDirection.RightToLeft)])
def test_cells_are_painted_exactly_as_the_style_paints_them(qtbot, lib: Library,  # type: ignore[no-untyped-def]
                                                            choice: str,
                                                            direction: Qt.LayoutDirection
                                                            ) -> None:
    """The list's own painter (one drawText a cell) leaves the same pixels as the style's:
    every column shown, the classification in its colour, long values cut with an
    ellipsis, one row selected (which the style paints), left to right and mirrored
    (``-reverse``)."""
    theme.apply(choice)
    model = CableListModel(lib)
    model.set_list(lambda key, desc: lib.select_ids(Selection(), key, desc))
    view = CableListView(model)
    view.setLayoutDirection(direction)
    qtbot.addWidget(view)
    for column in range(len(COLUMNS)):
        view.setColumnHidden(column, False)
    view.resize(640, 360)
    view.show()
    qtbot.waitExposed(view)
    view.selectRow(2)
    assert isinstance(view.itemDelegate(), CellDelegate)
    ours = view.viewport().grab().toImage()
    view.setItemDelegate(QStyledItemDelegate(view))
    styles = view.viewport().grab().toImage()
    assert ours == styles
    assert any("…" in view.fontMetrics().elidedText(model.cell(row, 1)[0],
                                                     Qt.TextElideMode.ElideRight,
                                                     view.columnWidth(1) - 8)
               for row in range(5))  # some subjects are cut, so eliding is compared too


def test_a_snippet_is_escaped_and_cut_to_show_its_match() -> None:
    """Cable text in a snippet never becomes markup (the one HTML helper escapes it, control
    characters shown in caret notation); a long lead before the match is cut at a word."""
    crafted = "<img src='file:///etc/passwd'> a\x07b \x02<b>x</b>\x03 tail"
    html = snippet_html(crafted, "#ff0")
    assert "<img" not in html and "&lt;img" in html and "^G" in html
    assert html.count("<b ") == 1 and "&lt;b&gt;x&lt;/b&gt;" in html
    lead = "one two three four five six seven eight nine ten " * 3
    cut = snippet_html(f"…{lead}\x02nuclear\x03 after", lead=20)
    before = cut.split("<b ", 1)[0]
    assert before.startswith("…") and len(before) <= 21 and not before.startswith("… ")
    assert "nuclear</b> after" in cut
    assert snippet_html("short \x02match\x03", lead=20).startswith("short ")


def test_the_match_column_shares_the_room_with_the_subject(qtbot, lib: Library) -> None:  # type: ignore[no-untyped-def]
    query = compile_query("trafficking")
    model = CableListModel(lib)
    view = CableListView(model)
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    hits = lib.search(query)
    model.set_list(lambda key, desc: lib.search_ids(query, None, key, desc),
                   [h.id for h in hits], snippeter=lambda ids: lib.snippets(query, ids),
                   snippets={h.id: h.snippet for h in hits})
    qtbot.waitUntil(lambda: view.columnWidth(len(COLUMNS)) > 150)
    assert abs(view.columnWidth(len(COLUMNS)) - view.columnWidth(1)) <= 1
    shot = view.viewport().grab()  # the snippets paint, then come from the cache again
    delegate = view.itemDelegateForColumn(len(COLUMNS))
    assert isinstance(delegate, SnippetDelegate)
    laid_out = list(delegate._docs.values())
    assert laid_out  # the rows on screen have their snippets laid out
    assert not shot.isNull() and view.viewport().grab().toImage() == shot.toImage()
    assert list(delegate._docs.values()) == laid_out  # the same documents: none laid out again
