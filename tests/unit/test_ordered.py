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
