"""A large selection in the default order comes out of the precomputed order exactly as SQL
would sort it (issue 11: the list for PREL without sorting 98k rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.archive import ordered
from desktop.archive.library import Library
from desktop.archive.selection import Selection, order_clause, where_clause


def _sql_order(lib: Library, sel: Selection, descending: bool) -> list[int]:
    where, params = where_clause(sel)
    return [r[0] for r in lib.conn.execute(
        f"SELECT c.id FROM cables c WHERE {where} ORDER BY {order_clause('created', descending)}",
        params)]


@pytest.mark.parametrize("sel", [
    Selection(tags=frozenset({"PREL"})),
    Selection(tags=frozenset({"PREL", "PGOV"})),  # cables with both tags count once
    Selection(classifications=frozenset({"CONFIDENTIAL", "SECRET"})),
    Selection(tags=frozenset({"PREL"}), classifications=frozenset({"CONFIDENTIAL"})),
    Selection(origins=frozenset({"Embassy Madrid", "Embassy Paris"})),
])
@pytest.mark.parametrize("descending", [True, False])
def test_the_precomputed_order_gives_what_sql_sorts(sample_library: Path, sel: Selection,
                                                    descending: bool) -> None:
    with Library(sample_library, readonly=True) as lib:
        order = lib._default_list()
        assert order is not None and ordered.suits(sel)
        picked = ordered.members_in_order(lib.conn, sel, order, ordered.places(order),
                                          reverse=not descending)
        assert list(picked) == _sql_order(lib, sel, descending)
        assert list(lib.select_ids(sel, "created", descending)) == list(picked)


def test_a_cable_missing_from_the_order_is_left_out() -> None:
    """An id the order does not hold (added since it was made) never lands in the list, nor
    does it mark another cable."""
    from array import array

    order = array("q", [5, 3, 9, 1])
    where = ordered.places(order)
    assert list(where[1:]) == [3, 4, 1, 4, 0, 4, 4, 4, 2]  # gaps point past the end

    import sqlite3

    conn = sqlite3.connect(":memory:")  # a tag's cables: 4 and 42 are not in the order
    conn.executescript("""
        CREATE TABLE tags (id INTEGER PRIMARY KEY, code TEXT);
        CREATE TABLE cable_tags (cable_id INTEGER, tag_id INTEGER);
        INSERT INTO tags VALUES (1, 'X');
        INSERT INTO cable_tags VALUES (9, 1), (4, 1), (1, 1), (42, 1);
    """)
    picked = ordered.members_in_order(conn, Selection(tags=frozenset({"X"})), order, where)
    assert list(picked) == [9, 1]


def test_dates_and_given_ids_keep_the_date_index() -> None:
    assert not ordered.suits(Selection(years=frozenset({"2009"})))
    assert not ordered.suits(Selection(created_range=("2009-01", "2009-03")))
    assert not ordered.suits(Selection(ids=frozenset({1, 2})))
    assert ordered.suits(Selection(tags=frozenset({"PREL"})))


def test_the_default_order_is_read_again_after_a_change(library_copy: Path) -> None:
    with Library(library_copy) as lib:
        before = lib._default_list()
        assert before is not None and lib._default_list() == before  # kept
        with lib.conn:
            lib.conn.execute("UPDATE meta SET value = ? WHERE key = 'list:created:desc'",
                             [b""])
        assert lib._default_list() is None  # the change is seen: stale, not used


def test_the_largest_values_keep_their_lists_ready_made(library_copy: Path) -> None:
    """An import keeps the list of each tag, origin and classification holding more than a
    tenth of the library, in the default order; the list reads it back whole (either way
    round), and works it out again when it no longer matches the count."""
    with Library(library_copy) as lib:
        total = lib.count()
        big = lib.conn.execute(
            "SELECT facet, value, count FROM facet_counts WHERE facet IN "
            "('tag', 'origin', 'classification') AND count > ?",
            [ordered.READY_SHARE * total]).fetchall()
        kept = {k for (k,) in lib.conn.execute(
            "SELECT key FROM meta WHERE key LIKE 'list:%:%:created:desc'")}
        assert {f"list:{f}:{v}:created:desc" for f, v, _ in big} == kept
        assert any(f == "tag" for f, _, _ in big) and any(f == "classification"
                                                          for f, _, _ in big)
        fields = ordered.READY_FACETS
        for facet, value, count in big:
            sel = Selection(**{fields[facet]: frozenset({value})})  # type: ignore[arg-type]
            made = lib._ready_list(sel, lib.estimate(sel))
            assert made is not None and len(made) == count
            for descending in (True, False):
                assert list(lib.select_ids(sel, "created", descending)) == \
                    _sql_order(lib, sel, descending)
        # Not for a small value, nor two values, nor a value with another filter.
        small = lib.conn.execute("SELECT code FROM tags ORDER BY code LIMIT 1").fetchone()[0]
        for sel in (Selection(tags=frozenset({small})),
                    Selection(tags=frozenset({"PREL", "PGOV"})),
                    Selection(tags=frozenset({"PREL"}), years=frozenset({"2009"}))):
            assert lib._ready_list(sel, lib.estimate(sel)) is None
        # A list that no longer matches its count is not used: the list is worked out.
        prel = Selection(tags=frozenset({"PREL"}))
        key = ordered.ready_key(prel)
        with lib.conn:
            lib.conn.execute("UPDATE meta SET value = substr(value, 9) WHERE key = ?", [key])
        assert lib._ready_list(prel, lib.estimate(prel)) is None
        assert list(lib.select_ids(prel, "created", True)) == _sql_order(lib, prel, True)


@pytest.mark.parametrize("sel", [
    Selection(years=frozenset({"2009"})),
    Selection(years=frozenset({"2009", "2006", "1972"})),  # runs apart, newest first
    Selection(months=frozenset({"2010-02", "2009-11"})),
    Selection(years=frozenset({"2010"}), months=frozenset({"2010-02"})),  # one inside another
    Selection(years=frozenset({""})),  # the unknown dates
    Selection(years=frozenset({"", "2010"})),
    Selection(created_range=("2008-01", "2009-06")),
    Selection(years=frozenset({"2009", "2008"}), created_range=("2008-07", "2009-03")),
    Selection(years=frozenset({""}), created_range=("2008-01", "2009-06")),  # nothing
    Selection(years=frozenset({"1850"})),  # nothing
])
@pytest.mark.parametrize("descending", [True, False])
def test_a_selection_by_dates_alone_is_runs_of_the_order(library_copy: Path, sel: Selection,
                                                         descending: bool) -> None:
    """Years, months and spans of months are runs of the default order (newest first, unknown
    dates last): the list found by bisection is what SQL sorts."""
    with Library(library_copy) as lib:
        with lib.conn:  # an unknown date, so that the run of unknown dates is not empty
            lib.conn.execute("UPDATE cables SET created = NULL WHERE id IN "
                             "(SELECT id FROM cables ORDER BY id LIMIT 2)")
            from desktop.archive.facets import rebuild_facets
            rebuild_facets(lib.conn)
        assert ordered.dates_only(sel)
        order = lib._default_list()
        assert order is not None
        runs = ordered.date_runs(lib.conn, sel, order, reverse=not descending)
        assert list(runs) == _sql_order(lib, sel, descending)
        assert list(lib.select_ids(sel, "created", descending)) == list(runs)
    assert not ordered.dates_only(Selection(years=frozenset({"2009"}),
                                            tags=frozenset({"PREL"})))
