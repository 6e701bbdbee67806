"""The lists kept ready in the library, against working them out: what an import pays for them,
and what a click gains.

    python bench/bench_ready_lists.py [--library FILE] [--rounds N]

On the full-size library (bench/.data/full.db), with warm caches (a first round untimed):

- the facet step at the end of every import (``facets.rebuild_facets``, in a transaction
  rolled back), with and without the ready-made lists of the largest values;
- ``Library.select_ids`` for tag PREL: the ready-made list, and picked out of the default
  order (``ordered.members_in_order``);
- ``Library.select_ids`` for the year 2009: runs of the default order (``ordered.date_runs``),
  and the SQL that reads the date index.

Prints the best of N rounds of each (the machine is noisy: the best is the work itself).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def best(work: Callable[[], object], rounds: int) -> float:
    work()  # warm
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=HERE / ".data" / "full.db")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    from desktop.archive import facets, ordered
    from desktop.archive.library import Library
    from desktop.archive.selection import Selection, order_clause, where_clause
    from desktop.archive.sqlutil import id_array

    def rebuild(with_lists: bool) -> Callable[[], None]:
        def run() -> None:
            keep = ordered.store_ready_lists
            if not with_lists:
                ordered.store_ready_lists = lambda conn, order: 0  # type: ignore[assignment]
            conn = sqlite3.connect(args.library)
            try:
                conn.execute("BEGIN")
                facets.rebuild_facets(conn)
                conn.execute("ROLLBACK")
            finally:
                conn.close()
                ordered.store_ready_lists = keep
        return run

    ms = 1000
    print(f"Library: {args.library}; best of {args.rounds} rounds, warm")
    without = best(rebuild(False), args.rounds)
    with_lists = best(rebuild(True), args.rounds)
    print(f"facet step of an import        {without * ms:8.1f} ms without the ready lists, "
          f"{with_lists * ms:8.1f} ms with them")
    with Library(args.library, readonly=True) as lib:
        kept = lib.conn.execute("SELECT count(*), sum(length(value)) / 8 FROM meta WHERE key "
                                "LIKE 'list:%:%:created:desc'").fetchone()
        print(f"ready lists in the library     {kept[0]} lists, {kept[1] or 0:,} ids")
        prel = Selection(tags=frozenset({"PREL"}))
        whole = lib._default_order()
        assert whole is not None
        places = lib._default_places()
        ready = best(lambda: lib.select_ids(prel, "created", True), args.rounds)
        picked = best(lambda: ordered.members_in_order(lib.conn, prel, whole, places),
                      args.rounds)
        print(f"PREL, newest first             {ready * ms:8.1f} ms ready-made, "
              f"{picked * ms:8.1f} ms picked out of the order")
        year = Selection(years=frozenset({"2009"}))
        where, params = where_clause(year)
        sql = (f"SELECT c.id FROM cables c WHERE {where} "
               f"ORDER BY {order_clause('created', True)}")
        runs = best(lambda: lib.select_ids(year, "created", True), args.rounds)
        index = best(lambda: id_array(lib.conn, sql, params), args.rounds)
        print(f"2009, newest first             {runs * ms:8.1f} ms runs of the order, "
              f"{index * ms:8.1f} ms from the date index")
    return 0


if __name__ == "__main__":
    sys.exit(main())
