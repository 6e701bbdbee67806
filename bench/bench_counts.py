"""Counts benchmark on the full-size library: the timeline's months and the facet counts.

    python bench/bench_counts.py [--library FILE] [--runs N]

Opens bench/.data/full.db read-only (see bench_window.py to build it). Each figure is the best
of N runs after one warm-up run (the first, cold figure is shown as "first"). Compares the ways
to count that were tried and marks what ``desktop.archive.counts`` does ("<- used").
Target: 50 ms for the timeline of any list and for one facet's counts.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from operator import itemgetter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from desktop.archive import bitsets, counts  # noqa: E402
from desktop.archive.library import Library  # noqa: E402
from desktop.archive.selection import Selection  # noqa: E402

DEFAULT_LIBRARY = HERE / ".data" / "full.db"
_SCRATCH: dict[str, sqlite3.Connection] = {}
TARGET_MS = 50.0
RUNS = 5


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """(first, best of the other runs) in ms, and the last result."""
    start = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - start) * 1000
    best = first
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return first, best, result


def line(label: str, first: float, best: float, note: str = "") -> None:
    flag = "" if best <= TARGET_MS else "  (over 50 ms)"
    print(f"  {label:<44} {best:8.1f} ms   first {first:8.1f} ms{flag}  {note}")


def once(label: str, fn: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = fn()
    print(f"  {label:<44} {(time.perf_counter() - start) * 1000:8.1f} ms   (once per library)")
    return result


# Timeline: ways to count the months of a list of ids --------------------------------------

def months_json_each(lib: Library, ids: Sequence[int]) -> object:
    return lib.conn.execute(
        "SELECT substr(created, 1, 7), count(*) FROM cables WHERE created IS NOT NULL AND id IN "
        "(SELECT value FROM json_each(?)) GROUP BY 1", [json.dumps(list(ids))]).fetchall()


def months_literal(lib: Library, ids: Sequence[int]) -> object:
    return lib.conn.execute(
        "SELECT substr(created, 1, 7), count(*) FROM cables WHERE created IS NOT NULL AND id IN "
        f"({','.join(map(str, ids))}) GROUP BY 1").fetchall()


def months_temp_table(lib: Library, ids: Sequence[int]) -> object:
    """On a connection of its own: writing a temp table counts as a change of ``lib.conn``
    (``total_changes``), which would drop the bitsets."""
    conn = _SCRATCH.setdefault("conn", sqlite3.connect(f"{lib.path.resolve().as_uri()}?mode=ro",
                                                       uri=True))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS bench_ids (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM bench_ids")
    conn.executemany("INSERT INTO bench_ids VALUES (?)", ((i,) for i in ids))
    return conn.execute("SELECT substr(c.created, 1, 7), count(*) FROM bench_ids b JOIN cables c "
                        "ON c.id = b.id WHERE c.created IS NOT NULL GROUP BY 1").fetchall()


def month_array(lib: Library) -> array[int]:
    """id -> month number (0: undated), from the created index."""
    size = int(lib.conn.execute("SELECT max(id) + 1 FROM cables").fetchone()[0])
    out = array("H", bytes(2 * size))
    for month, text in lib.conn.execute(
            "SELECT substr(created, 1, 7), group_concat(id) FROM cables "
            "WHERE created IS NOT NULL GROUP BY 1"):
        number = int(month[:4]) * 12 + int(month[5:7])
        for i in json.loads(f"[{text}]"):
            out[i] = number
    return out


def timeline(lib: Library, runs: int) -> None:
    print("Timeline: cables per month of a list (month_counts)")
    by_month: array[int] = once("load id->month array (option d)",  # type: ignore[assignment]
                                lambda: month_array(lib))
    index = bitsets.bitset_index(lib.conn)
    once("load month bitsets (option e)", lambda: index.single("month"))
    lists = [("every cable, newest first", None),
             ("tag PREL", Selection(tags=frozenset({"PREL"}))),
             ("year 2009", Selection(years=frozenset({"2009"}))),
             ("classification SECRET", Selection(classifications=frozenset({"SECRET"}))),
             ("origin Embassy Ankara", Selection(origins=frozenset({"Embassy Ankara"}))),
             ("search 'nuclear'", "nuclear")]
    for name, what in lists:
        if isinstance(what, str):
            ids = lib.search_ids(what)
        else:
            ids = lib.select_ids(what, "created", True) if what else lib.select_ids(None,
                                                                                    "created", True)
        print(f" list: {name} ({len(ids):,} cables)")
        ways: list[tuple[str, Callable[[], object]]] = [
            ("a. SQL, ids through json_each", lambda ids=ids: months_json_each(lib, ids)),
            ("b. SQL, ids in a temp table", lambda ids=ids: months_temp_table(lib, ids)),
            ("c. SQL, ids as a literal IN list", lambda ids=ids: months_literal(lib, ids)),
            ("d. Python Counter over id->month array",
             lambda ids=ids: Counter(itemgetter(*ids)(by_month))),
            ("e. bitset of the ids, month bitsets",
             lambda ids=ids: index.single("month").counts(bitsets.bits_of(ids, index.size))),
            ("=> month_counts(conn, ids)", lambda ids=ids: counts.month_counts(lib.conn, ids)),
        ]
        for label, fn in ways:
            if label.startswith("b") and len(ids) > 60_000:
                continue  # minutes of inserts: not a contender
            first, best, _ = timed(fn, runs)
            line(label, first, best)
    first, best, _ = timed(lambda: counts.month_counts(lib.conn, None), runs)
    line("=> month_counts(conn, None) (facet table)", first, best)


# Facet counts given the other facets -------------------------------------------------------

CASES = [
    ("nothing selected", Selection(), counts.FACETS),
    ("tag PREL (133k)", Selection(tags=frozenset({"PREL"})), counts.FACETS),
    ("origin Embassy Ankara (7.9k)", Selection(origins=frozenset({"Embassy Ankara"})),
     counts.FACETS),
    ("origin Secretary of State (8.0k)", Selection(origins=frozenset({"Secretary of State"})),
     ("tag", "year")),
    ("tag PREL + year 2009", Selection(tags=frozenset({"PREL"}), years=frozenset({"2009"})),
     counts.FACETS),
    ("tag PREL + origin Ankara", Selection(tags=frozenset({"PREL"}),
                                            origins=frozenset({"Embassy Ankara"})), counts.FACETS),
    ("SECRET + CONFIDENTIAL + 2008-03 + 2009",
     Selection(classifications=frozenset({"SECRET", "CONFIDENTIAL"}),
               months=frozenset({"2008-03", "2009"})), counts.FACETS),
    ("tags PREL, PGOV, ECON + origin Baghdad",
     Selection(tags=frozenset({"PREL", "PGOV", "ECON"}), origins=frozenset({"Embassy Baghdad"})),
     ("tag", "origin", "month")),
]


def path_of(lib: Library, facet: str, sel: Selection) -> str:
    rest = counts.without(sel, facet)
    if rest.is_empty():
        return "facet table"
    size = counts.estimate(lib.conn, rest)
    if (bitsets.restricted_facets(rest) == 1 and size <= counts.SQL_LIMIT
            and not bitsets.bitset_index(lib.conn).has(facet)):
        return f"SQL (<= {size:,})"
    return f"bitsets (<= {size:,})"


def first_selection(lib: Library) -> None:
    """The first large selection after opening: each facet pays for reading its bitsets."""
    bitsets._cache.clear()
    sel = Selection(tags=frozenset({"PREL"}))
    print(" first selection after opening the library (tag PREL), bitsets read on the way:")
    for facet in counts.FACETS:
        start = time.perf_counter()
        counts.facet_counts_given(lib.conn, facet, sel)
        print(f"  {facet:<44} {(time.perf_counter() - start) * 1000:8.1f} ms   (once)")
    start = time.perf_counter()
    counts.facet_counts_given(lib.conn, "tag", Selection(origins=frozenset({"Embassy Tokyo"}),
                                                         years=frozenset({"2009"})))
    print(f"  {'then tags given origin Tokyo + 2009':<44} "
          f"{(time.perf_counter() - start) * 1000:8.1f} ms   (once: reads the tags)")


def facet_counts(lib: Library, runs: int) -> None:
    print("Facet counts given the other facets' selection (facet_counts_given)")
    first_selection(lib)
    index = bitsets.bitset_index(lib.conn)
    print(f"  memory of the bitsets: {memory(index) / 2**20:.1f} MiB "
          f"(tags of {bitsets.DENSE_TAG:,}+ cables as bitsets: {len(index.tags().dense)})")
    for name, sel, facets in CASES:
        print(f" selected: {name}")
        for facet in facets:
            rest = counts.without(sel, facet)
            if not rest.is_empty():
                first, best, _ = timed(lambda f=facet, r=rest: counts.facet_counts_sql(
                    lib.conn, f, r), min(runs, 2))
                line(f"{facet}: SQL GROUP BY", first, best)
            first, best, _ = timed(
                lambda f=facet, s=sel: counts.facet_counts_given(lib.conn, f, s), runs)
            line(f"{facet}: => facet_counts_given", first, best, path_of(lib, facet, sel))


def sql_by_size(lib: Library, runs: int) -> None:
    """How SQL's cost grows with the selection: where SQL_LIMIT comes from."""
    print(f"SQL GROUP BY by selection size (SQL_LIMIT = {counts.SQL_LIMIT:,})")
    origins = lib.conn.execute("SELECT value, count FROM facet_counts WHERE facet = 'origin' "
                               "ORDER BY count DESC").fetchall()
    for size in (2_000, 4_000, 6_000, 8_000):
        value, n = min(origins, key=lambda row: abs(row[1] - size))
        sel = Selection(origins=frozenset({value}))
        for facet in ("tag", "year"):
            first, best, _ = timed(lambda f=facet, s=sel: counts.facet_counts_sql(lib.conn, f, s),
                                   runs)
            line(f"{facet} of origin {value} ({n:,})", first, best)


def memory(index: bitsets.BitsetIndex) -> int:
    total = 0
    for planes in index._single.values():
        total += sum(sys.getsizeof(p) for p in planes.planes) + sys.getsizeof(planes.present)
    tags = index.tags()
    total += sum(sys.getsizeof(b) for b in tags.dense.values()) + sys.getsizeof(tags.rare_ids)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=DEFAULT_LIBRARY)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    if not args.library.exists():
        print(f"No library at {args.library}: build it with bench/bench_window.py first.")
        return 1
    with Library(args.library, readonly=True) as lib:
        print(f"Library: {args.library} ({lib.count():,} cables); best of {args.runs} runs")
        facet_counts(lib, args.runs)
        timeline(lib, args.runs)
        sql_by_size(lib, args.runs)
        bitsets._cache.clear()
        index = bitsets.bitset_index(lib.conn)
        print("Reading the bitsets (once per library, and again after an import)")
        for facet in ("origin", "classification", "month", "released"):
            once(facet, lambda facet=facet: index.single(facet))
        once("tag", index.tags)
        bitsets._cache.clear()
        once("prepare(conn): all of them", lambda: bitsets.prepare(lib.conn))
    return 0


if __name__ == "__main__":
    sys.exit(main())
