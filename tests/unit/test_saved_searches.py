"""Saved searches: stored by name in the notes database, exported with the lists, and re-run
to exactly the cables the window's list showed for the same filters."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from desktop.annotations.exchange import MergeCounts, export_json, import_json, read_json
from desktop.annotations.saved_searches import SavedSearches
from desktop.annotations.store import NotesStore, migrations
from desktop.archive.browse_tree import ANNOTATED, Key
from desktop.archive.errors import StorageError
from desktop.archive.facets import DEFAULT_ORDER
from desktop.archive.library import Library
from desktop.archive.query_syntax import QuerySyntaxError, compile_query
from desktop.archive.saved import SearchFilters, count_search, run_search
from desktop.archive.selection import Selection

PREL = SearchFilters((("tag", "PREL"),), "nuclear", ("2009-01", "2010-02"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    with NotesStore(tmp_path / "notes.db") as s:
        yield s


@pytest.fixture
def saved(store: NotesStore) -> SavedSearches:
    return SavedSearches(store)


@pytest.fixture
def lib(sample_library: Path) -> Iterator[Library]:
    with Library(sample_library, readonly=True) as library:
        yield library


# -- the filters ---------------------------------------------------------------------------


def test_filters_round_trip_through_json() -> None:
    for filters in (PREL, SearchFilters(), SearchFilters((ANNOTATED, ("origin-group", "Embassies"),
                                                          ("top", "created")))):
        assert SearchFilters.from_dict(json.loads(json.dumps(filters.to_dict()))) == filters
    built = SearchFilters([["tag", "PREL"], ("tag", "PREL")], "  nuclear ",  # type: ignore[arg-type]
                          ["2009-01", "2010-02"])  # type: ignore[arg-type]
    assert built == PREL and hash(built) == hash(PREL)


@pytest.mark.parametrize(("data", "message"), [
    ([], "must be an object"),
    ({"keys": [["tag"]]}, "pairs"),
    ({"keys": [["planet", "Mars"]]}, "unknown kind of tree node: planet"),
    ({"text": 3}, "'text' must be text"),
    ({"date_range": ["2010-02", "2009-01"]}, "the first not after the second"),
    ({"date_range": ["2010-13", "2010-14"]}, "two months"),
])
def test_malformed_filters_are_refused(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SearchFilters.from_dict(data)


# -- the store -----------------------------------------------------------------------------


def test_save_update_rename_delete_restore(saved: SavedSearches) -> None:
    info = saved.save("  Nuclear  PREL ", PREL)
    assert (info.name, info.filters, info.deleted) == ("Nuclear PREL", PREL, None)
    assert saved.get(info.id) == info and saved.by_name("nuclear prel") == info
    with pytest.raises(ValueError, match="already a saved search named “Nuclear PREL”"):
        saved.save("NUCLEAR prel", SearchFilters())
    other = saved.save("all", SearchFilters())
    assert [s.name for s in saved.all()] == ["all", "Nuclear PREL"]
    with pytest.raises(ValueError, match="already"):
        saved.rename(other.id, "nuclear PREL")
    wider = dataclasses.replace(PREL, date_range=None)
    assert saved.update(info.id, wider).filters == wider
    assert saved.rename(info.id, "Nuclear, any date").name == "Nuclear, any date"
    gone = saved.delete(info.id)
    assert gone.deleted is not None and [s.name for s in saved.all()] == ["all"]
    with pytest.raises(KeyError, match="deleted"):
        saved.update(info.id, PREL)
    saved.save("NUCLEAR, ANY DATE", SearchFilters())  # takes the name meanwhile
    back = saved.restore(info.id)
    assert back.deleted is None and back.name == "Nuclear, any date (2)"
    assert back.filters == wider
    assert len(saved.all(include_deleted=True)) == 3


def test_saved_searches_travel_with_the_notes_export(store: NotesStore, saved: SavedSearches,
                                                     tmp_path: Path) -> None:
    kept = saved.save("Nuclear", PREL)
    gone = saved.save("Gone", SearchFilters(text="x"))
    saved.delete(gone.id)
    text = export_json(store)
    assert [s["filters"] for s in json.loads(text)["saved_searches"]][0] == PREL.to_dict()
    with NotesStore(tmp_path / "mine.db") as mine:
        SavedSearches(mine).save("NUCLEAR", SearchFilters())
        result = import_json(mine, text)
        assert result.searches == MergeCounts(added=2, renamed=(("Nuclear", "Nuclear (2)"),))
        theirs = SavedSearches(mine)
        assert theirs.get(kept.id) == dataclasses.replace(kept, name="Nuclear (2)")
        assert theirs.get(gone.id).deleted is not None  # type: ignore[union-attr]
        assert import_json(mine, text).searches.unchanged == 2


def test_a_malformed_saved_search_is_refused(store: NotesStore, saved: SavedSearches) -> None:
    saved.save("Nuclear", PREL)
    document = json.loads(export_json(store))
    document["saved_searches"][0]["filters"]["keys"] = [["planet", "Mars"]]
    with pytest.raises(ValueError, match=r"Saved search 1 \(id .*\): unknown kind of tree node"):
        read_json(json.dumps(document))


def test_read_only_and_old_notes(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as store:
        info = SavedSearches(store).save("kept", PREL)
    with NotesStore(path, readonly=True) as store:
        searches = SavedSearches(store)
        assert searches.all() == [searches.get(info.id)]
        for write in (lambda: searches.save("x", PREL), lambda: searches.update(info.id, PREL),
                      lambda: searches.rename(info.id, "y"), lambda: searches.delete(info.id)):
            with pytest.raises(StorageError) as refused:
                write()
            assert refused.value.kind == "readonly"
    old = tmp_path / "old.db"
    db = sqlite_utils.Database(old)
    migrations.apply(db, stop_before="m003_saved_searches")  # lists, but no saved searches
    db.close()
    with NotesStore(old, readonly=True) as store:
        assert SavedSearches(store).all() == [] and SavedSearches(store).by_name("x") is None
    with NotesStore(old) as store:
        assert SavedSearches(store).save("new", PREL).filters == PREL


# -- re-running ----------------------------------------------------------------------------

#: Filters and the selection the window builds for their nodes (``Selection`` by hand).
CASES: list[tuple[SearchFilters, Selection]] = [
    (SearchFilters((("tag", "PREL"),)), Selection(tags=frozenset({"PREL"}))),
    (SearchFilters((("tag", "PREL"), ("tag", "PGOV"))),
     Selection(tags=frozenset({"PREL", "PGOV"}))),
    (SearchFilters((("tag", "PREL"), ("classification", "SECRET"))),
     Selection(tags=frozenset({"PREL"}), classifications=frozenset({"SECRET"}))),
    (SearchFilters((("year", "2009"), ("month", "2010-02"))),
     Selection(years=frozenset({"2009"}), months=frozenset({"2010-02"}))),
    (SearchFilters((("tag", "PGOV"),), "", ("2009-03", "2010-01")),
     Selection(tags=frozenset({"PGOV"}), created_range=("2009-03", "2010-01"))),
    (SearchFilters((), "nuclear"), Selection()),
    (SearchFilters((("classification", "SECRET"),), "iran OR afghanistan", ("2008-01", "2010-12")),
     Selection(classifications=frozenset({"SECRET"}), created_range=("2008-01", "2010-12"))),
    (SearchFilters((("tag", "NOSUCHTAG"),)), Selection(tags=frozenset({"NOSUCHTAG"}))),
    (SearchFilters(), Selection()),
]


def window_ids(lib: Library, filters: SearchFilters, selection: Selection) -> list[int]:
    """What the window's list controller asks the library for (``ui/list_controller``)."""
    if filters.text:
        return list(lib.search_ids(compile_query(filters.text), selection, "rank"))
    return list(lib.select_ids(selection, *DEFAULT_ORDER))


@pytest.mark.parametrize(("filters", "selection"), CASES)
def test_a_saved_search_reruns_to_the_same_ids(lib: Library, saved: SavedSearches,
                                               filters: SearchFilters,
                                               selection: Selection) -> None:
    stored = saved.save("s", filters)
    ids = list(run_search(lib, stored.filters))
    assert ids == window_ids(lib, filters, selection)
    assert count_search(lib, stored.filters) == len(ids)
    if filters.keys and filters.keys[0][1] != "NOSUCHTAG" or filters.text:
        assert 0 < len(ids) < lib.count()


def test_groups_tops_and_annotated(lib: Library) -> None:
    embassies = run_search(lib, SearchFilters((("origin-group", "Embassies"),)))
    origins = {r.origin for r in lib.list_rows(list(embassies)).values()}
    assert origins and all(o.startswith("Embassy") for o in origins)
    assert list(run_search(lib, SearchFilters((("top", "created"),)))) == list(
        lib.select_ids(Selection(), *DEFAULT_ORDER))
    some = frozenset(list(embassies)[:3])
    annotated = SearchFilters((ANNOTATED, ("top", "tag")))
    assert sorted(run_search(lib, annotated, lambda: some)) == sorted(some)
    assert list(run_search(lib, annotated)) == []  # no notes: no annotated cable


def test_a_search_that_names_reading_lists(lib: Library, store: NotesStore,
                                          saved: SavedSearches) -> None:
    """A list node means its cables in its order (the window shows it so); with other nodes
    it is ANDed with them; the Reading lists node means every list, one after the other."""
    from desktop.annotations.lists import ReadingLists
    from desktop.archive.browse_tree import READING_LISTS

    lists = ReadingLists(store)
    newest = [lib.list_rows([i])[i].refid for i in list(lib.select_ids(Selection(), "created",
                                                                        True))[:6]]
    first, second = lists.create("First"), lists.create("Second")
    lists.add(first.id, [newest[4], "99NOWHERE1", newest[1], newest[3]])
    lists.add(second.id, [newest[0], newest[1]])
    refids = {info.id: lists.refids(info.id) for info in lists.all()}

    def shown(*keys: Key, text: str = "") -> list[str]:
        filters = saved.get(saved.save(f"s{len(saved.all())}", SearchFilters(keys, text)).id)
        assert filters is not None
        ids = list(run_search(lib, filters.filters, lists=refids))
        assert count_search(lib, filters.filters, lists=refids) == len(ids)
        rows = lib.list_rows(ids)
        return [rows[i].refid for i in ids]

    assert shown(("list", first.id)) == [newest[4], newest[1], newest[3]]
    assert shown(("list", first.id), ("list", second.id)) == [
        newest[4], newest[1], newest[3], newest[0]]
    assert shown(READING_LISTS) == shown(("list", first.id), ("list", second.id))
    tag = lib.cable(newest[1]).tags[0]  # type: ignore[union-attr]
    assert newest[1] in shown(("list", first.id), ("tag", tag))
    assert set(shown(("list", first.id), ("tag", tag))) <= {newest[4], newest[1], newest[3]}
    assert shown(("list", "deleted-or-unknown")) == []
    assert list(run_search(lib, SearchFilters((("list", first.id),)))) == []  # no lists given


def test_a_saved_text_that_no_longer_parses_says_so(lib: Library) -> None:
    with pytest.raises(QuerySyntaxError):
        run_search(lib, SearchFilters(text='"unclosed'))


@pytest.mark.gui
@pytest.mark.parametrize("keys", [
    (("tag", "PREL"), ("origin-group", "Embassies")),
    (("tag-kind", "geographic"), ("year", "2009")),
    (("top", "released"), ("classification", "SECRET"), ("classification", "CONFIDENTIAL")),
    (ANNOTATED, ("tag", "PGOV")),
])
def test_the_same_ids_as_the_window_tree(qapp: object, lib: Library, saved: SavedSearches,
                                         keys: tuple[Key, ...]) -> None:
    """Against the window's own tree model: its selection for the same nodes."""
    from desktop.ui.models.facet_tree import FacetTreeModel

    annotated = frozenset(list(lib.select_ids(Selection(tags=frozenset({"PGOV"}))))[::2])
    model = FacetTreeModel(lib)
    model.set_annotated(len(annotated), lambda: annotated)
    for text, dates in (("", None), ("government", ("2008-01", "2010-12"))):
        filters = saved.get(saved.save(f"s {text}", SearchFilters(keys, text, dates)).id).filters
        selection = dataclasses.replace(model.selection_for_keys(keys), created_range=dates)
        assert list(run_search(lib, filters, lambda: annotated)) == window_ids(
            lib, filters, selection)
