"""Counts that follow the list: the timeline's months and the facet counts given a selection,
by SQL and by bitsets, against a brute-force count over the real sample cables."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.archive import bitsets, counts
from desktop.archive.index import transaction
from desktop.archive.library import Library
from desktop.archive.selection import Selection


@dataclass(frozen=True)
class Record:
    id: int
    tags: frozenset[str]
    origin: str
    classification: str
    created: str | None
    released: str | None


@pytest.fixture(scope="module")
def lib(sample_library: Path) -> Iterator[Library]:
    with Library(sample_library, readonly=True) as library:
        yield library


@pytest.fixture(scope="module")
def records(lib: Library) -> list[Record]:
    out = []
    for cid in lib.select_ids():
        cable = lib.cable_by_id(cid)
        assert cable is not None
        released = lib.conn.execute("SELECT released FROM cables WHERE id = ?", [cid]).fetchone()
        out.append(Record(cid, frozenset(cable.tags), cable.origin, cable.classification,
                          cable.created, released[0]))
    return out


@pytest.fixture(params=["default", "bitsets"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """As shipped (the small library is counted by SQL), or every count by bitsets, with
    both common (bitset) and rare (id array) tags."""
    if request.param == "bitsets":
        monkeypatch.setattr(counts, "SQL_LIMIT", -1)
        monkeypatch.setattr(bitsets, "DENSE_TAG", 5)
    bitsets._cache.clear()
    yield request.param
    bitsets._cache.clear()


def _in_range(value: str | None, wanted: str, tail: str) -> bool:
    """``selection._ranges`` spelled out: "" is unknown, else [wanted, wanted + tail + max]."""
    if wanted == "":
        return value is None
    return value is not None and wanted <= value <= wanted + tail + "\uffff"


def _keeps(r: Record, sel: Selection) -> bool:
    return ((not sel.tags or bool(r.tags & sel.tags))
            and (not sel.origins or r.origin in sel.origins)
            and (not sel.classifications or r.classification in sel.classifications)
            and (not (sel.years | sel.months)
                 or any(_in_range(r.created, d, "-") for d in sel.years | sel.months))
            and (not sel.released or any(_in_range(r.released, d, "T") for d in sel.released))
            and (sel.ids is None or r.id in sel.ids))


def _values(r: Record, facet: str) -> list[str]:
    return {"tag": sorted(r.tags), "origin": [r.origin], "classification": [r.classification],
            "year": [(r.created or "")[:4]], "month": [(r.created or "")[:7]],
            "released": [(r.released or "")[:10]]}[facet]


_OWN = {"tag": {"tags"}, "origin": {"origins"}, "classification": {"classifications"},
        "year": {"years", "months"}, "month": {"years", "months"}, "released": {"released"}}


def brute(records: list[Record], facet: str, sel: Selection, exclude: bool) -> dict[str, int]:
    if exclude:
        sel = Selection(**{name: (frozenset() if name in _OWN[facet] else getattr(sel, name))
                           for name in Selection.__dataclass_fields__})
    return dict(Counter(v for r in records if _keeps(r, sel) for v in _values(r, facet)))


def selections(records: list[Record]) -> dict[str, Selection]:
    tags = Counter(t for r in records for t in r.tags).most_common()
    origin = Counter(r.origin for r in records).most_common(1)[0][0]
    years = Counter((r.created or "")[:4] for r in records).most_common()
    day = Counter((r.released or "")[:10] for r in records if r.released).most_common(1)[0][0]
    other_month = next((r.created or "")[:7] for r in records
                       if (r.created or "")[:4] != years[0][0])
    some_ids = frozenset(r.id for r in records[::3])
    return {
        "nothing": Selection(),
        "one tag": Selection(tags=frozenset({tags[0][0]})),
        "two tags": Selection(tags=frozenset({tags[0][0], tags[1][0]})),
        "a rare tag": Selection(tags=frozenset({tags[-1][0]})),
        "an unknown tag": Selection(tags=frozenset({"NOSUCHTAG"})),
        "origin": Selection(origins=frozenset({origin})),
        "classifications": Selection(classifications=frozenset({"SECRET", "CONFIDENTIAL"})),
        "year": Selection(years=frozenset({years[0][0]})),
        "year and month": Selection(years=frozenset({years[0][0]}),
                                    months=frozenset({other_month})),
        "a day created": Selection(months=frozenset({str(records[0].created)[:10]})),
        "release day": Selection(released=frozenset({day})),
        "release month": Selection(released=frozenset({day[:7]})),
        "release unknown": Selection(released=frozenset({""})),
        "tag and origin": Selection(tags=frozenset({tags[0][0]}), origins=frozenset({origin})),
        "tag, year, classification": Selection(tags=frozenset({tags[1][0]}),
                                               years=frozenset({years[0][0]}),
                                               classifications=frozenset({"SECRET"})),
        "ids": Selection(ids=some_ids),
        "ids and tag": Selection(ids=some_ids, tags=frozenset({tags[0][0]})),
        "no ids": Selection(ids=frozenset()),
    }


SELECTIONS = ["nothing", "one tag", "two tags", "a rare tag", "an unknown tag", "origin",
              "classifications", "year", "year and month", "a day created", "release day",
              "release month", "release unknown", "tag and origin", "tag, year, classification",
              "ids", "ids and tag", "no ids"]


@pytest.mark.parametrize("name", SELECTIONS)
def test_facet_counts_given_match_a_brute_force_count(lib: Library, records: list[Record],
                                                      mode: str, name: str) -> None:
    sel = selections(records)[name]
    for facet in counts.FACETS:
        for exclude in (True, False):
            expected = brute(records, facet, sel, exclude)
            got = counts.facet_counts_given(lib.conn, facet, sel, exclude_facet=exclude)
            assert got == expected, (facet, exclude)


@pytest.mark.parametrize("name", SELECTIONS)
def test_sql_counts_match_a_brute_force_count(lib: Library, records: list[Record],
                                              name: str) -> None:
    sel = selections(records)[name]
    for facet in counts.FACETS:
        assert counts.facet_counts_sql(lib.conn, facet, sel) == brute(records, facet, sel,
                                                                      False)


def test_the_selection_without_its_own_facet(lib: Library, records: list[Record]) -> None:
    sel = selections(records)["tag, year, classification"]
    assert counts.without(sel, "month").years == frozenset()
    assert counts.without(sel, "year").tags == sel.tags
    assert counts.without(sel, "tag").tags == frozenset()
    assert bitsets.restricted_facets(sel) == 3
    assert bitsets.restricted_facets(selections(records)["year and month"]) == 1
    assert bitsets.restricted_facets(selections(records)["ids and tag"]) == 2
    with pytest.raises(ValueError, match="unknown facet"):
        counts.facet_counts_given(lib.conn, "colour", sel)


@pytest.mark.parametrize("name", SELECTIONS)
def test_the_estimate_is_an_upper_bound(lib: Library, records: list[Record], name: str) -> None:
    sel = selections(records)[name]
    assert counts.estimate(lib.conn, sel) >= sum(1 for r in records if _keeps(r, sel))


def _months(records: list[Record], ids: set[int] | None = None) -> list[tuple[str, int]]:
    found = Counter(r.created[:7] for r in records
                    if r.created and (ids is None or r.id in ids))
    return sorted(found.items())


def test_month_counts_of_every_cable(lib: Library, records: list[Record], mode: str) -> None:
    assert counts.month_counts(lib.conn, None) == _months(records)
    assert counts.month_counts(lib.conn, lib.select_ids()) == _months(records)


@pytest.mark.parametrize("name", ["one tag", "origin", "year and month", "ids", "no ids"])
def test_month_counts_of_a_list(lib: Library, records: list[Record], mode: str,
                                name: str) -> None:
    ids = list(lib.select_ids(selections(records)[name]))
    random.Random(9).shuffle(ids)
    assert counts.month_counts(lib.conn, ids) == _months(records, set(ids))


def test_month_counts_leave_out_ids_not_in_the_library(lib: Library, records: list[Record],
                                                       mode: str) -> None:
    ids = [records[0].id, records[1].id, 10**6]
    assert counts.month_counts(lib.conn, ids) == _months(records, set(ids))
    assert bitsets.bits_of([3, 10**6, 5], 8) == 0b101000
    assert bitsets.bits_of([], 0) == 0


def test_bitsets_are_read_again_after_a_change(library_copy: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A write on the same connection (total_changes) or by another (data_version) drops them."""
    monkeypatch.setattr(counts, "SQL_LIMIT", -1)
    bitsets._cache.clear()
    with Library(library_copy) as lib:
        tag = lib.facet("tag")[0][0]
        sel = Selection(tags=frozenset({tag}), classifications=frozenset({"SECRET"}))
        before = counts.facet_counts_given(lib.conn, "classification", sel)
        first = bitsets.bitset_index(lib.conn)
        assert bitsets.bitset_index(lib.conn) is first
        with transaction(lib.db) as conn:
            conn.execute("UPDATE cables SET classification = 'SECRET' WHERE id IN "
                         "(SELECT cable_id FROM cable_tags ct JOIN tags t ON t.id = ct.tag_id "
                         "WHERE t.code = ?)", [tag])
        after = counts.facet_counts_given(lib.conn, "classification", sel)
        assert bitsets.bitset_index(lib.conn) is not first
        assert after == {"SECRET": sum(before.values())}
        other = sqlite3.connect(library_copy)
        other.execute("UPDATE cables SET classification = 'UNCLASSIFIED'")
        other.commit()
        other.close()
        assert counts.facet_counts_given(lib.conn, "classification", sel) == {
            "UNCLASSIFIED": sum(before.values())}
    bitsets._cache.clear()


@pytest.mark.parametrize("name", ["one tag", "two tags", "a rare tag", "an unknown tag"])
def test_a_tag_restriction_is_the_same_read_or_from_the_tag_bitsets(
        lib: Library, records: list[Record], monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(counts, "SQL_LIMIT", -1)
    monkeypatch.setattr(bitsets, "DENSE_TAG", 5)
    bitsets._cache.clear()
    sel = dataclasses.replace(selections(records)[name], classifications=frozenset({"SECRET"}))
    expected = brute(records, "origin", sel, True)
    assert counts.facet_counts_given(lib.conn, "origin", sel) == expected  # read by SQL
    assert not bitsets.bitset_index(lib.conn).has("tag")
    counts.facet_counts_given(lib.conn, "tag", sel)
    assert counts.facet_counts_given(lib.conn, "origin", sel) == expected  # from the bitsets
    bitsets._cache.clear()
