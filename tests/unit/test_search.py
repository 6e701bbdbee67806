"""Search: the query language, safety of MATCH input, ranking policy, selection combination."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.archive.library import Library
from desktop.archive.query_syntax import QuerySyntaxError, compile_query, refid_in
from desktop.archive.search import RANK_LIMIT, estimate_matches
from desktop.archive.selection import Selection


@pytest.mark.parametrize(("text", "match"), [
    ("nuclear", '"nuclear"'),
    ("nuclear submarine", '"nuclear" AND "submarine"'),
    ('"nuclear submarine"', '"nuclear submarine"'),
    ("iran OR iraq", '"iran" OR "iraq"'),
    ("iran NOT nuclear", '"iran" NOT "nuclear"'),
    ("(iran OR iraq) AND oil", '( "iran" OR "iraq" ) AND "oil"'),
    ("nucl*", '"nucl"*'),
    ("subject:tajikistan", 'subject : "tajikistan"'),
    ("u.s. policy", '"u s" AND "policy"'),
    ('embassy\'s "" -- ;', '"embassy\'s"'),
    ("column:x NEAR/3", '"column x" AND "NEAR 3"'),
])
def test_compile(text: str, match: str) -> None:
    assert compile_query(text).match == match


@pytest.mark.parametrize(("text", "message"), [
    ('"unclosed phrase', "closing quote"),
    ("(iran OR iraq", "never closed"),
    ("iran)", "no matching"),
    ("AND iran", "needs a word before"),
    ("iran OR", "needs a word after"),
    ("a*", "at least 3 letters"),
    ("   ", "Type something"),
    ("*** ---", "no words"),
])
def test_malformed_queries_get_a_short_message(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        compile_query(text)


def test_refid_in_the_search_box() -> None:
    assert refid_in("10dushanbe170") == "10DUSHANBE170"
    assert refid_in(" 06STATE12345 ") == "06STATE12345"
    assert refid_in("nuclear 10DUSHANBE170") is None


@pytest.fixture
def lib(sample_library: Path):  # type: ignore[no-untyped-def]
    with Library(sample_library) as library:
        yield library


def test_search_finds_and_snippets_highlight(lib: Library) -> None:
    hits = lib.search("trafficking")
    assert hits[0].refid == "10DUSHANBE170"
    assert "\x02" in hits[0].snippet
    assert lib.first_ids("trafficking")[0] == hits[0].id


def test_search_combines_with_a_selection(lib: Library) -> None:
    secret = Selection(classifications=frozenset({"SECRET"}))
    ids = lib.search_ids("iran", secret)
    assert ids
    for cable_id in ids:
        cable = lib.cable_by_id(cable_id)
        assert cable is not None and cable.classification == "SECRET"
    assert set(lib.first_ids("iran", secret)) <= set(ids)


def test_every_order_lists_the_same_matches(lib: Library) -> None:
    expected = set(lib.search_ids("iran"))
    for order in ("refid", "subject", "created", "classification", "origin", "released"):
        assert set(lib.search_ids("iran", None, order)) == expected
        assert set(lib.search_ids("iran", None, order, descending=True)) == expected


def test_estimates_are_in_the_right_range(lib: Library) -> None:
    the = compile_query("the")
    assert estimate_matches(lib.conn, the) > 0.8 * lib.count()
    assert estimate_matches(lib.conn, compile_query("qqqzzzxxx")) == 0
    assert RANK_LIMIT > 1000


def test_a_bad_match_from_sqlite_is_a_syntax_error(lib: Library) -> None:
    from desktop.archive.query_syntax import CompiledQuery
    from desktop.archive.search import search

    with pytest.raises(QuerySyntaxError):
        search(lib.conn, CompiledQuery('"unbalanced', ("x",)))
