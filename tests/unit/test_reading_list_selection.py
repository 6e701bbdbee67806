"""Reading lists as tree nodes: what they select, and the list's own order ("position")."""

from __future__ import annotations

from pathlib import Path

from desktop.archive.browse_tree import (
    ANNOTATED,
    READING_LIST,
    READING_LISTS,
    SAVED_SEARCH,
    FacetCatalogue,
    selection_for_keys,
)
from desktop.archive.library import Library
from desktop.archive.selection import POSITION, describe


def _ids(lib: Library, n: int) -> list[int]:
    return [r[0] for r in lib.conn.execute("SELECT id FROM cables ORDER BY refid DESC LIMIT ?",
                                           [n])]


def test_a_list_selects_its_cables_in_its_order(sample_library: Path) -> None:
    with Library(sample_library, readonly=True) as lib:
        first, second = _ids(lib, 4)[:3], _ids(lib, 6)[3:]
        members = {"a": first, "b": second + first[:1]}
        catalogue = FacetCatalogue(lib)
        sel = selection_for_keys(catalogue, [(READING_LIST, "a")], members=members.get,
                                 list_name={"a": "Iran", "b": "Iraq"}.get)
        assert sel.order == tuple(first) and sel.ids == frozenset(first)
        assert list(lib.select_ids(sel, POSITION)) == first
        assert list(lib.select_ids(sel, POSITION, descending=True)) == first[::-1]
        assert sorted(lib.select_ids(sel, "created")) == sorted(first)
        assert describe(sel) == ["reading list “Iran”"]
        # OR within lists, one after the other, each cable once.
        both = selection_for_keys(catalogue, [(READING_LIST, "a"), (READING_LIST, "b")],
                                  members=members.get)
        assert list(lib.select_ids(both, POSITION)) == first + second
        # The top node means every list.
        every = selection_for_keys(catalogue, [READING_LISTS], members=members.get,
                                   all_lists=["b", "a"])
        assert list(lib.select_ids(every, POSITION)) == second + first
        # AND with a facet: the list's order kept, only the cables that have the tag.
        cable_tags = dict(lib.conn.execute(
            "SELECT ct.cable_id, t.code FROM cable_tags ct JOIN tags t ON t.id = ct.tag_id "
            f"WHERE ct.cable_id IN ({','.join(map(str, first))})").fetchall())
        tag = cable_tags[first[1]]
        narrowed = selection_for_keys(catalogue, [(READING_LIST, "a"), ("tag", tag)],
                                      members=members.get)
        shown = list(lib.select_ids(narrowed, POSITION))
        assert first[1] in shown and shown == [i for i in first if i in shown]


def test_annotated_and_a_list_intersect_and_saved_searches_restrict_nothing(
        sample_library: Path) -> None:
    with Library(sample_library, readonly=True) as lib:
        ids = _ids(lib, 3)
        catalogue = FacetCatalogue(lib)
        sel = selection_for_keys(catalogue, [(READING_LIST, "a"), ANNOTATED],
                                 annotated=lambda: frozenset(ids[1:]),
                                 members={"a": ids[:2]}.get)
        assert sel.ids == frozenset({ids[1]}) and sel.order == tuple(ids[:2])
        assert list(lib.select_ids(sel, POSITION)) == [ids[1]]
        assert describe(sel) == ["annotated cables in reading list “a”"]
        assert selection_for_keys(catalogue, [(SAVED_SEARCH, "x")]).is_empty()
        # A list the library holds none of selects nothing (not everything).
        empty = selection_for_keys(catalogue, [(READING_LIST, "gone")], members=lambda _: [])
        assert list(lib.select_ids(empty, POSITION)) == []
        assert list(lib.select_ids(empty, "created")) == []
