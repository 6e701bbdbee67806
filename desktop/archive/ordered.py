"""A large selection in the list's default order without sorting it: its members picked out of
the precomputed order of the whole library (``meta`` ``list:created:desc``).

Sorting 133,108 PREL cables by creation date in SQL costs about 150-250 ms on the full
archive (a row lookup for each cable of the date index); reading the members from an index
and keeping the precomputed order's ids that are members costs about a third of that. The
largest values of all (one tag, origin or classification holding more than a tenth of the
library: PREL, PGOV, CONFIDENTIAL...) keep their list ready-made, picked at the end of each
import (``meta`` ``list:<facet>:<value>:created:desc``), and read back as one blob.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Callable
from itertools import compress

from desktop.archive.selection import Selection, where_clause


def places(order: array[int]) -> array[int]:
    """Each cable's place in ``order``, by id (an id not in it: ``len(order)``, one past the
    end); made once per library state and kept (``Library``)."""
    end = len(order)
    found = array("l", [end]) * (max(order, default=-1) + 1)
    for n, cable_id in enumerate(order):
        found[cable_id] = n
    return found


def members_in_order(conn: sqlite3.Connection, selection: Selection, order: array[int],
                     where: array[int], reverse: bool = False) -> array[int]:
    """The ids of a selection in the order of ``order`` (the whole library's ids in the
    default order; ``where`` their places, from :func:`places`), or in the reverse order.

    The members mark their places in a byte mask, which ``compress`` reads in C: no Python
    step per cable of the library, one per member."""
    mask = bytearray(len(order) + 1)  # the last byte: ids not in ``order``
    members = _members(conn, selection)
    try:
        for cable_id in members:
            mask[where[cable_id]] = 1
    except IndexError:  # a cable added since ``order`` was made: not in it anyway
        size = len(where)
        for cable_id in members:
            if cable_id < size:
                mask[where[cable_id]] = 1
    picked = array("q", compress(order, mask))
    if reverse:
        picked.reverse()
    return picked


#: A facet value holding more than this share of the library keeps its list ready-made.
READY_SHARE = 0.1
#: The facets whose single values may keep a ready-made list, with their selection field.
READY_FACETS = {"tag": "tags", "origin": "origins", "classification": "classifications"}


def ready_key(selection: Selection) -> str | None:
    """Where a selection's ready-made list would be kept: for one tag, one origin or one
    classification and nothing else; None for any other selection."""
    if not suits(selection):
        return None
    chosen = [(facet, getattr(selection, field)) for facet, field in READY_FACETS.items()
              if getattr(selection, field)]
    if len(chosen) != 1 or len(chosen[0][1]) != 1:
        return None
    facet, (value,) = chosen[0]
    return f"list:{facet}:{value}:created:desc"


def store_ready_lists(conn: sqlite3.Connection, order: array[int]) -> int:
    """Keep the lists of the values holding more than ``READY_SHARE`` of the library, in the
    default order (``order``, the whole library's), replacing those kept before; inside the
    caller's transaction, after the facet counts. Returns how many were kept."""
    conn.execute("DELETE FROM meta WHERE key LIKE 'list:%:%:created:desc'")
    where = places(order)
    facets = ",".join("?" * len(READY_FACETS))
    values = conn.execute(
        f"SELECT facet, value FROM facet_counts WHERE facet IN ({facets}) AND count > ?",
        [*READY_FACETS, READY_SHARE * len(order)]).fetchall()
    for facet, value in values:
        one = frozenset({value})
        selection = Selection(tags=one if facet == "tag" else frozenset(),
                              origins=one if facet == "origin" else frozenset(),
                              classifications=one if facet == "classification" else frozenset())
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     [ready_key(selection),
                      members_in_order(conn, selection, order, where).tobytes()])
    return len(values)


def dates_only(selection: Selection) -> bool:
    """Whether a selection narrows by creation date alone: years, months, a span of months."""
    return bool(selection.years or selection.months or selection.created_range) and not (
        selection.tags or selection.origins or selection.classifications
        or selection.released or selection.ids is not None)


def date_runs(conn: sqlite3.Connection, selection: Selection, order: array[int],
              reverse: bool = False) -> array[int]:
    """A selection by creation date alone (:func:`dates_only`) in the default order: the
    order is by creation date, newest first (unknown dates last), so each year, month or
    span of months is a run of it, found by bisection (about 20 lookups of a date each).
    On the full archive, 2009 (56,786 cables) takes 0.3 ms, where reading the date index
    takes 26 ms (``bench/bench_ready_lists.py``)."""
    def created(position: int) -> str | None:
        row = conn.execute("SELECT created FROM cables WHERE id = ?",
                           [order[position]]).fetchone()
        return row[0] if row else None

    def first(below: Callable[[str | None], bool]) -> int:
        """The first place whose date is ``below`` (every later one is too)."""
        lo, hi = 0, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            if below(created(mid)):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def run(low: str, high: str) -> tuple[int, int]:  # low <= created <= high
        return (first(lambda c: c is None or c <= high), first(lambda c: c is None or c < low))

    known = [(v, v + "-\uffff") for v in sorted(selection.years | selection.months) if v]
    runs = [run(low, high) for low, high in known]
    if "" in selection.years or "" in selection.months:  # the unknown dates, last
        runs.append((first(lambda c: c is None), len(order)))
    if selection.created_range is not None:
        start, end = run(selection.created_range[0], selection.created_range[1] + "-\uffff")
        runs = [(max(a, start), min(b, end)) for a, b in runs] if runs else [(start, end)]
    picked = array("q")
    last = 0
    for a, b in sorted(runs):  # in the order's order, each place once
        a = max(a, last)
        if a < b:
            picked.extend(order[a:b])
            last = b
    if reverse:
        picked.reverse()
    return picked


def suits(selection: Selection) -> bool:
    """Whether :func:`members_in_order` is worth it for a selection: no date restriction
    (dates alone are :func:`date_runs`; mixed with other facets, the date index reads them
    in order), and not a handful of given ids."""
    return not (selection.years or selection.months or selection.released
                or selection.created_range) and selection.ids is None


def _members(conn: sqlite3.Connection, selection: Selection) -> list[int]:
    """The selection's ids in any order, each read from an index (tags from ``cable_tags``:
    through ``cables`` they would cost a row lookup each)."""
    if selection.tags and not (selection.origins or selection.classifications):
        codes = sorted(selection.tags)
        sql = ("SELECT group_concat(ct.cable_id) FROM cable_tags ct JOIN tags t ON "
               f"t.id = ct.tag_id WHERE t.code IN ({','.join('?' * len(codes))})")
        params: list[object] = [*codes]
    else:
        where, params = where_clause(selection)
        sql = f"SELECT group_concat(c.id) FROM cables c WHERE {where}"
    text = conn.execute(sql, params).fetchone()[0]
    return json.loads(f"[{text}]") if text else []
