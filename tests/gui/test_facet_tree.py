"""The browse tree: model tester, lazy children, counts, filter, selections and the pane."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop.archive import glossary
from desktop.archive.browse_tree import TOP_LABELS, NodeSpec, count_text
from desktop.archive.library import Library
from desktop.archive.records import CLASSIFICATIONS
from desktop.archive.selection import Selection
from desktop.ui.browse_pane import BrowsePane
from desktop.ui.models.facet_tree import COUNT_ROLE, FacetTreeModel
from desktop.ui.plain_text import tooltip

pytestmark = pytest.mark.gui


@pytest.fixture
def lib(sample_library: Path) -> Iterator[Library]:
    with Library(sample_library) as library:
        yield library


@pytest.fixture
def model(lib: Library) -> FacetTreeModel:
    return FacetTreeModel(lib)


def walk(model: FacetTreeModel, parent: QModelIndex | None = None) -> Iterator[QModelIndex]:
    """Every node under ``parent``, depth first, fetching children as it goes."""
    parent = parent or QModelIndex()
    if model.canFetchMore(parent):
        model.fetchMore(parent)
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from walk(model, index)


def top(model: FacetTreeModel, label: str) -> QModelIndex:
    return next(model.index(r, 0) for r in range(model.rowCount())
                if model.index(r, 0).data() == label)


def children(model: FacetTreeModel, parent: QModelIndex) -> list[QModelIndex]:
    if model.canFetchMore(parent):
        model.fetchMore(parent)
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def count(index: QModelIndex) -> int:
    value = index.siblingAtColumn(1).data(COUNT_ROLE)
    assert isinstance(value, int)
    return value


def leaves(model: FacetTreeModel) -> set[tuple[str, str]]:
    return {fv for i in walk(model) if (fv := model.facet_value(i)) is not None}


# Model tester ---------------------------------------------------------------------------------


def test_passes_the_model_tester_lazy_fetched_filtered_and_cleared(qtmodeltester, model):  # type: ignore[no-untyped-def]
    qtmodeltester.check(model)
    assert sum(1 for _ in walk(model)) > 300
    assert not any(model.canFetchMore(i) for i in walk(model))
    qtmodeltester.check(model)
    model.set_filter("teh")
    qtmodeltester.check(model)
    model.set_filter("")
    qtmodeltester.check(model)
    model.set_annotated(2, lambda: frozenset({1, 2}))
    model.set_annotated(3, lambda: frozenset({1, 2, 3}))
    qtmodeltester.check(model)
    model.set_annotated(None)
    qtmodeltester.check(model)


def test_without_a_library_the_model_is_empty(qtmodeltester, model):  # type: ignore[no-untyped-def]
    model.set_library(None)
    assert model.rowCount() == 0
    assert model.selection_for([]) == Selection()
    assert not model.index_for("tag", "PGOV").isValid()
    qtmodeltester.check(model)


# Shape and laziness ---------------------------------------------------------------------------


def test_top_nodes_in_order_with_their_counts(model: FacetTreeModel, lib: Library) -> None:
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels == list(TOP_LABELS.values())
    tags = top(model, "By tag")
    assert count(tags) == len(lib.facet("tag"))
    assert tags.siblingAtColumn(1).data() == f"{len(lib.facet('tag'))} tags"
    for label in labels[1:]:
        assert count(top(model, label)) == lib.count()


def test_children_are_read_when_a_node_is_first_expanded(lib: Library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[str, str | None]] = []
    real = lib.facet

    def spy(facet: str, prefix: str | None = None) -> list[tuple[str, int]]:
        calls.append((facet, prefix))
        return real(facet, prefix)

    monkeypatch.setattr(lib, "facet", spy)
    model = FacetTreeModel(lib)
    assert {facet for facet, _ in calls} == {"total", "tag"}
    dates = top(model, "By creation date")
    assert model.hasChildren(dates) and model.rowCount(dates) == 0 and model.canFetchMore(dates)
    year = next(i for i in children(model, dates) if i.data() == "2010")
    assert model.rowCount(year) == 0 and model.hasChildren(year)
    assert ("month", "2010-") not in calls
    assert [i.data() for i in children(model, year)] == ["2010-01 (January)",
                                                         "2010-02 (February)"]
    assert calls[-1] == ("month", "2010-")
    assert not model.canFetchMore(year)


def test_tag_kinds_count_tags_and_tags_show_glossary_names(model: FacetTreeModel) -> None:
    kinds = children(model, top(model, "By tag"))
    labels = [k.data() for k in kinds]
    assert labels == [glossary.TAG_KIND_LABELS[k] for k in glossary.TAG_KINDS
                      if glossary.TAG_KIND_LABELS[k] in labels]
    for kind in kinds:
        assert count(kind) == len(children(model, kind)) > 0
        codes = [model.facet_value(t)[1] for t in children(model, kind)]  # type: ignore[index]
        assert codes == sorted(codes, key=lambda c: (c.casefold(), c))
    pgov = model.index_for("tag", "PGOV")
    assert pgov.data().startswith("PGOV  ")
    assert "Internal Governmental Affairs" in pgov.data()
    assert pgov.data(Qt.ItemDataRole.ToolTipRole) == tooltip(
        f"{glossary.tag_label('PGOV')}\nSubject tag")  # plain text, escaped for Qt
    assert pgov.parent().data() == "Subject"


def test_counts_add_up(model: FacetTreeModel, lib: Library) -> None:
    total = lib.count()
    assert sum(map(count, children(model, top(model, "By classification")))) == total
    assert sum(map(count, children(model, top(model, "By origin")))) == total
    assert sum(map(count, children(model, top(model, "By release date")))) == total
    years = children(model, top(model, "By creation date"))
    assert sum(map(count, years)) == total
    for year in years:
        if year.data() != "Unknown":
            assert sum(map(count, children(model, year))) == count(year)
    for group in children(model, top(model, "By origin")):
        assert sum(map(count, children(model, group))) == count(group)


def test_order_and_wording_of_classifications_and_dates(model: FacetTreeModel) -> None:
    classes = [i.data() for i in children(model, top(model, "By classification"))]
    assert classes == [c for c in CLASSIFICATIONS if c in classes]
    released = [i.data() for i in children(model, top(model, "By release date"))]
    assert released[-1] == "Not in the source"
    assert released[:-1] == sorted(released[:-1], reverse=True)
    years = [i.data() for i in children(model, top(model, "By creation date"))]
    assert years == sorted(years)


def test_origins_have_groups_and_country_tooltips(model: FacetTreeModel) -> None:
    groups = [g.data() for g in children(model, top(model, "By origin"))]
    assert groups == [g for g in glossary.ORIGIN_GROUPS if g in groups]
    dushanbe = model.index_for("origin", "Embassy Dushanbe")
    assert dushanbe.parent().data() == "Embassies"
    assert "Tajikistan" in dushanbe.data(Qt.ItemDataRole.ToolTipRole)
    assert "DUSHANBE" in dushanbe.data(Qt.ItemDataRole.ToolTipRole)
    names = [i.data() for i in children(model, dushanbe.parent())]
    assert names == sorted(names, key=str.casefold)


def test_count_text_has_thousands_separators() -> None:
    assert count_text(NodeSpec(("top", "origin"), "By origin", 251287)) == "251,287"
    assert count_text(NodeSpec(("top", "tag"), "By tag", 3812, unit="tags")) == "3,812 tags"
    assert count_text(NodeSpec(("tag-kind", "other"), "Other", 1, unit="tags")) == "1 tag"


# Identity, index_for and selections -------------------------------------------------------------


def test_index_for_finds_nodes_and_fetches_only_their_ancestors(model: FacetTreeModel) -> None:
    ktip = model.index_for("tag", "KTIP")
    assert ktip.isValid() and model.facet_value(ktip) == ("tag", "KTIP")
    assert ktip.parent().data() == "Program (K-tags)"
    assert model.canFetchMore(top(model, "By origin"))  # untouched
    assert model.facet_value(model.index_for("month", "2010-02")) == ("month", "2010-02")
    assert model.facet_value(model.index_for("year", "2010")) == ("year", "2010")
    assert model.facet_value(model.index_for("released", "2011-08-30")) == ("released",
                                                                            "2011-08-30")
    assert model.facet_value(model.index_for("classification", "SECRET")) == ("classification",
                                                                               "SECRET")
    assert not model.index_for("tag", "NOSUCHTAG").isValid()
    assert model.facet_value(ktip.parent()) is None
    assert model.facet_value(top(model, "By tag")) is None


def test_selection_for_combines_nodes(model: FacetTreeModel) -> None:
    def sel(*pairs: tuple[str, str]) -> Selection:
        return model.selection_for([model.index_for(f, v) for f, v in pairs])

    assert sel(("tag", "PGOV"), ("tag", "PHUM")) == Selection(tags=frozenset({"PGOV", "PHUM"}))
    assert sel(("tag", "PGOV"), ("origin", "Embassy Dushanbe")) == Selection(
        tags=frozenset({"PGOV"}), origins=frozenset({"Embassy Dushanbe"}))
    assert sel(("year", "2010")) == Selection(years=frozenset({"2010"}))
    assert sel(("year", "2009"), ("month", "2010-02")) == Selection(
        years=frozenset({"2009"}), months=frozenset({"2010-02"}))
    assert sel(("released", ""), ("classification", "SECRET")) == Selection(
        released=frozenset({""}), classifications=frozenset({"SECRET"}))


def test_a_group_means_all_its_leaves_and_a_top_node_means_any(model: FacetTreeModel) -> None:
    embassies = model.index_for("origin", "Embassy Dushanbe").parent()
    expected = {model.facet_value(i)[1] for i in children(model, embassies)}  # type: ignore[index]
    assert model.selection_for([embassies]) == Selection(origins=frozenset(expected))
    program = model.index_for("tag", "KTIP").parent()
    tags = model.selection_for([program]).tags
    assert "KTIP" in tags and all(glossary.tag_kind(t) == "program" for t in tags)
    by_tag = top(model, "By tag")
    assert model.selection_for([by_tag, model.index_for("tag", "PGOV")]) == Selection()
    by_date = top(model, "By creation date")
    assert model.selection_for([by_date, model.index_for("tag", "PGOV")]) == Selection(
        tags=frozenset({"PGOV"}))


def test_a_group_selection_does_not_need_the_group_expanded(lib: Library) -> None:
    model = FacetTreeModel(lib)
    by_origin = top(model, "By origin")
    model.fetchMore(by_origin)
    consulates = next(i for i in children(model, by_origin) if i.data() == "Consulates")
    assert model.canFetchMore(consulates)
    names = model.selection_for([consulates]).origins
    assert names and all(glossary.origin_info(n).group == "Consulates" for n in names)
    assert lib.count_selection(Selection(origins=names)) == count(consulates)


def test_the_annotated_node(model: FacetTreeModel) -> None:
    model.set_annotated(2, lambda: frozenset({7, 9}))
    node = model.index_for("annotated", "")
    assert node.row() == model.rowCount() - 1 and node.data() == "Annotated" and count(node) == 2
    assert model.facet_value(node) == ("annotated", "")
    assert model.selection_for([node, model.index_for("tag", "PGOV")]) == Selection(
        tags=frozenset({"PGOV"}), ids=frozenset({7, 9}))
    model.set_annotated(None)
    assert not model.index_for("annotated", "").isValid()
    assert model.rowCount() == len(TOP_LABELS)


# Filter ---------------------------------------------------------------------------------------


def test_filter_keeps_matching_leaves_and_drops_empty_groups(model: FacetTreeModel) -> None:
    model.set_filter("TEH")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["By origin"]
    assert leaves(model) == {("origin", "Embassy Tehran")}
    model.set_filter("tajik")  # an origin's country, and a geographic tag's name
    assert leaves(model) == {("origin", "Embassy Dushanbe"), ("tag", "TI")}
    model.set_filter("trafficking")  # a tag's glossary name
    assert ("tag", "KTIP") in leaves(model)
    model.set_filter("february")
    months = leaves(model) - {fv for fv in leaves(model) if fv[0] == "year"}
    assert months and all(f == "month" and v[5:] == "02" for f, v in months)
    model.set_filter("zzzz-nothing")
    assert model.rowCount() == 0


def match_text(model: FacetTreeModel, index: QModelIndex) -> str:
    """What the filter should see for a leaf, worked out independently of the model."""
    facet, value = model.facet_value(index) or ("", "")
    if facet == "tag":
        return f"{value} {glossary.tag_name(value)}".casefold()
    if facet == "origin":
        return f"{value} {glossary.origin_info(value).country}".casefold()
    return str(index.data()).casefold()


@pytest.mark.parametrize("needle", ["teh", "PGOV", "2010", "emb", "secret", "nof", "-0", "k",
                                    "unknown", "not in"])
def test_filter_shows_exactly_the_matching_leaves(lib: Library, needle: str) -> None:
    full = FacetTreeModel(lib)
    expected = {fv for i in walk(full)
                if (fv := full.facet_value(i)) and needle.casefold() in match_text(full, i)}
    model = FacetTreeModel(lib)
    model.set_filter(needle)
    shown = leaves(model)
    assert expected <= shown
    for facet, value in shown - expected:  # a year shown for the sake of its months
        assert facet == "year" and any(m.startswith(f"{value}-") for f, m in expected
                                       if f == "month")


def test_clearing_the_filter_restores_the_lazy_tree(model: FacetTreeModel) -> None:
    model.set_filter("2010")
    assert not any(model.canFetchMore(i) for i in walk(model))
    model.set_filter("")
    assert model.rowCount() == len(TOP_LABELS)
    assert all(model.canFetchMore(model.index(r, 0)) for r in range(model.rowCount()))


# The pane -------------------------------------------------------------------------------------


@pytest.fixture
def pane(qtbot: QtBot, lib: Library) -> BrowsePane:
    widget = BrowsePane()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.selection_changed) as blocker:
        widget.set_library(lib)  # a new library: the list must be refilled
    assert blocker.args == [Selection()]
    widget.resize(400, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click(qtbot: QtBot, pane: BrowsePane, index: QModelIndex,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    tree = pane.tree()
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier,
                     tree.visualRect(index).center())


def test_clicking_nodes_announces_the_selection(qtbot: QtBot, pane: BrowsePane) -> None:
    model = pane.model()
    tree = pane.tree()
    by_class = top(model, "By classification")
    tree.expand(by_class)
    secret = model.index_for("classification", "SECRET")
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        click(qtbot, pane, secret)
    assert blocker.args == [Selection(classifications=frozenset({"SECRET"}))]
    tree.expand(top(model, "By creation date"))
    year = model.index_for("year", "2010")
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        click(qtbot, pane, year, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [Selection(classifications=frozenset({"SECRET"}),
                                      years=frozenset({"2010"}))]
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        pane.clear_selection()
    assert blocker.args == [Selection()]


def test_select_facet_selects_shows_and_announces(qtbot: QtBot, pane: BrowsePane) -> None:
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        assert pane.select_facet("tag", "PHUM")
    assert blocker.args == [Selection(tags=frozenset({"PHUM"}))]
    rows = pane.tree().selectionModel().selectedRows()
    assert [pane.model().facet_value(i) for i in rows] == [("tag", "PHUM")]
    assert pane.tree().isExpanded(rows[0].parent())
    assert pane.tree().isExpanded(rows[0].parent().parent())
    with qtbot.assertNotEmitted(pane.selection_changed):
        assert not pane.select_facet("tag", "NOSUCHTAG")


def test_typing_a_filter_narrows_and_expands_and_escape_clears(qtbot: QtBot, pane: BrowsePane
                                                               ) -> None:
    edit = pane.filter_edit()
    assert edit.placeholderText() == "Filter tags, origins, dates…"
    assert edit.isClearButtonEnabled()
    qtbot.keyClicks(edit, "teh")
    model = pane.model()
    tehran = model.index_for("origin", "Embassy Tehran")
    assert tehran.isValid() and pane.tree().isExpanded(tehran.parent())
    assert model.rowCount() == 1
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == "" and model.filter_text() == ""
    assert model.rowCount() == len(TOP_LABELS)
    assert not any(pane.tree().isExpanded(model.index(r, 0)) for r in range(model.rowCount()))


def test_a_filter_keeps_the_meaning_of_the_selection(qtbot: QtBot, pane: BrowsePane) -> None:
    with qtbot.waitSignal(pane.selection_changed):
        pane.select_facet("tag", "PHUM")
    with qtbot.assertNotEmitted(pane.selection_changed):
        pane.filter_edit().setText("teh")  # hides PHUM
        pane.filter_edit().setText("phu")  # shows it again, still selected
    rows = pane.tree().selectionModel().selectedRows()
    assert [pane.model().facet_value(i) for i in rows] == [("tag", "PHUM")]
    with qtbot.assertNotEmitted(pane.selection_changed):
        pane.filter_edit().setText("teh")
        pane.filter_edit().clear()
    rows = pane.tree().selectionModel().selectedRows()
    assert [pane.model().facet_value(i) for i in rows] == [("tag", "PHUM")]
    assert pane.selection() == Selection(tags=frozenset({"PHUM"}))


def test_select_facet_clears_a_filter_that_hides_the_node(qtbot: QtBot, pane: BrowsePane) -> None:
    pane.filter_edit().setText("teh")
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        pane.select_facet("tag", "KTIP")
    assert pane.filter_edit().text() == ""
    assert blocker.args == [Selection(tags=frozenset({"KTIP"}))]


def test_reloading_the_library_keeps_the_selection_another_clears_it(
        qtbot: QtBot, pane: BrowsePane, lib: Library, sample_library: Path) -> None:
    with qtbot.waitSignal(pane.selection_changed):
        pane.select_facet("origin", "Embassy Tehran")
    with qtbot.assertNotEmitted(pane.selection_changed), Library(sample_library) as again:
        pane.set_library(again)
        rows = pane.tree().selectionModel().selectedRows()
        assert [pane.model().facet_value(i) for i in rows] == [("origin", "Embassy Tehran")]
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        pane.set_library(None)
    assert blocker.args == [Selection()]
    assert pane.model().rowCount() == 0


def test_the_pane_offers_the_annotated_node(qtbot: QtBot, pane: BrowsePane) -> None:
    pane.set_annotated(2, lambda: frozenset({3, 4}))
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        pane.select_facet("annotated", "")
    assert blocker.args == [Selection(ids=frozenset({3, 4}))]
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        pane.set_annotated(3, lambda: frozenset({3, 4, 5}))
    assert blocker.args == [Selection(ids=frozenset({3, 4, 5}))]
    with qtbot.waitSignal(pane.selection_changed) as blocker:
        pane.set_annotated(None)
    assert blocker.args == [Selection()]


def test_the_tree_is_set_up_for_many_rows(pane: BrowsePane) -> None:
    tree = pane.tree()
    assert tree.selectionMode() == tree.SelectionMode.ExtendedSelection
    assert tree.uniformRowHeights()
    assert tree.model() is pane.model()
    assert tree.columnWidth(1) < tree.columnWidth(0)
