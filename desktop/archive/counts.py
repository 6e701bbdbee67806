"""Counts that follow the list: cables per month of a list, facet counts given a selection."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from desktop.archive.bitsets import bits_of, bitset_index, prepare, restricted_facets
from desktop.archive.errors import storage_errors
from desktop.archive.selection import Selection, where_clause

FACETS = ("tag", "origin", "classification", "year", "month", "released")
#: Up to this many cables, a one-facet selection is counted by SQL within the 50 ms budget
#: (tags cost 4 to 7 us a cable), sparing the first reading of the bitsets.
SQL_LIMIT = 4_000
#: The Selection fields that restrict each facet (year and month are one date facet).
_FIELDS: dict[str, tuple[str, ...]] = {
    "tag": ("tags",), "origin": ("origins",), "classification": ("classifications",),
    "year": ("years", "months", "created_range"), "month": ("years", "months", "created_range"),
    "released": ("released",)}
_SQL = {  # value, count over the cables of ``{where}``
    "tag": "SELECT t.code, count(*) FROM cable_tags ct JOIN tags t ON t.id = ct.tag_id WHERE "
           "ct.cable_id IN (SELECT c.id FROM cables c WHERE {where}) GROUP BY ct.tag_id",
    "origin": "SELECT o.name, n FROM (SELECT c.origin_id, count(*) AS n FROM cables c "
              "WHERE {where} GROUP BY c.origin_id) JOIN origins o ON o.id = origin_id",
    "classification": "SELECT c.classification, count(*) FROM cables c WHERE {where} GROUP BY 1",
    "year": "SELECT coalesce(substr(c.created, 1, 4), ''), count(*) FROM cables c "
            "WHERE {where} GROUP BY 1",
    "month": "SELECT coalesce(substr(c.created, 1, 7), ''), count(*) FROM cables c "
             "WHERE {where} GROUP BY 1",
    "released": "SELECT coalesce(substr(c.released, 1, 10), ''), count(*) FROM cables c "
                "WHERE {where} GROUP BY 1",
}


@storage_errors
def month_counts(conn: sqlite3.Connection, ids: Sequence[int] | None = None
                 ) -> list[tuple[str, int]]:
    """Cables per month ``("YYYY-MM", count)``, oldest first; undated cables left out.

    Every cable: the precomputed table. A short list, the month bitsets not read yet: SQL.
    Otherwise the bitset of the ids split by the month bitsets (read once, 0.25 s).

    Args:
        ids: the cables of a list (distinct, in any order); None for every cable.
    """
    if ids is None or len(ids) == _total(conn):
        return [(v, n) for v, n in sorted(_table(conn, "month").items()) if v and n]
    index = bitset_index(conn)
    if len(ids) <= SQL_LIMIT and not index.has("month"):
        rows = conn.execute(
            "SELECT substr(created, 1, 7), count(*) FROM cables WHERE created IS NOT NULL AND "
            "id IN (SELECT value FROM json_each(?)) GROUP BY 1", [json.dumps(list(ids))])
        return sorted((str(v), int(n)) for v, n in rows)
    counts = index.single("month").counts(bits_of(ids, index.size))
    return sorted((v, n) for v, n in counts.items() if v)


@storage_errors
def facet_counts_given(conn: sqlite3.Connection, facet: str, selection: Selection,
                       exclude_facet: bool = True) -> dict[str, int]:
    """How many cables of a selection each value of a facet would leave, ``{value: count}``;
    values that would leave none are left out.

    Nothing selected: the precomputed table. One facet restricted to at most ``SQL_LIMIT``
    cables, and this facet's bitsets not read yet: SQL ``GROUP BY``. Otherwise the library's
    bitsets (``desktop.archive.bitsets``), each read once.

    Args:
        facet: tag, origin, classification, year, month or released.
        exclude_facet: ignore the selection's own restriction on this facet (year and month
            are one facet), the usual rule of faceted search.
    """
    if facet not in _SQL:
        raise ValueError(f"unknown facet {facet!r}")
    sel = without(selection, facet) if exclude_facet else selection
    if sel.is_empty():
        return {v: n for v, n in _table(conn, facet).items() if n}
    index = bitset_index(conn)
    if (restricted_facets(sel) == 1 and not index.has(facet)
            and estimate(conn, sel) <= SQL_LIMIT):
        return facet_counts_sql(conn, facet, sel)  # one index serves it; nothing to read
    s = index.restrict(sel)
    if facet == "tag":
        return index.tags().counts(s)
    counts = index.single("month" if facet == "year" else facet).counts(s)
    if facet != "year":
        return counts
    years: dict[str, int] = {}
    for month, n in counts.items():
        years[month[:4]] = years.get(month[:4], 0) + n
    return years


@dataclasses.dataclass(frozen=True)
class ListCounts:
    """What the window shows around a list: each facet's counts given the rest of the
    selection (empty when nothing is selected: the tree's own counts are right), and the
    list's cables per month (the timeline)."""

    facets: dict[str, dict[str, int]]
    months: list[tuple[str, int]]


def list_counts(conn: sqlite3.Connection, selection: Selection, ids: Sequence[int] | None
                ) -> ListCounts:
    """The counts for a list: :func:`facet_counts_given` for every facet, and
    :func:`month_counts` of the list's ids (None: every cable)."""
    facets = {} if selection.is_empty() else {
        facet: facet_counts_given(conn, facet, selection) for facet in FACETS}
    return ListCounts(facets, month_counts(conn, ids))


def facet_counts_sql(conn: sqlite3.Connection, facet: str, selection: Selection
                     ) -> dict[str, int]:
    """The same counts by SQL ``GROUP BY`` over the selection as it is (no exclusion)."""
    where, params = where_clause(selection)
    return {str(v): int(n) for v, n in conn.execute(_SQL[facet].format(where=where), params)}


def without(selection: Selection, facet: str) -> Selection:
    """The selection without its restriction on a facet."""
    cleared: dict[str, Any] = {f: None if f == "created_range" else frozenset()
                               for f in _FIELDS[facet]}
    return dataclasses.replace(selection, **cleared)


def estimate(conn: sqlite3.Connection, sel: Selection) -> int:
    """An upper bound of a selection's size, from the precomputed facet counts."""
    bounds = [_total(conn)]
    for facet, values in (("tag", sel.tags), ("origin", sel.origins),
                          ("classification", sel.classifications)):
        if values:
            bounds.append(sum(_table(conn, facet, values).values()))
    for facet, values in (("year", sel.years | sel.months), ("released", sel.released)):
        if values:  # a date's year: an upper bound
            bounds.append(sum(n for v, n in _table(conn, facet).items()
                              if any(v.startswith(w[:4]) for w in values)))
    if sel.ids is not None:
        bounds.append(len(sel.ids))
    return min(bounds)


def _table(conn: sqlite3.Connection, facet: str, values: Iterable[str] | None = None
           ) -> dict[str, int]:
    sql, params = "SELECT value, count FROM facet_counts WHERE facet = ?", [facet]
    if values is not None:
        wanted = sorted(values)
        sql += f" AND value IN ({','.join('?' * len(wanted))})"
        params += wanted
    return {str(v): int(n) for v, n in conn.execute(sql, params)}


def _total(conn: sqlite3.Connection) -> int:
    return sum(_table(conn, "total").values())


__all__ = ["FACETS", "ListCounts", "estimate", "facet_counts_given", "facet_counts_sql",
           "list_counts", "month_counts", "prepare", "without"]
