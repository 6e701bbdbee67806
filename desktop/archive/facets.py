"""Precomputed facet counts (tag, origin, classification, month, year, release date)."""

from __future__ import annotations

import sqlite3

from desktop.archive import ordered
from desktop.archive.selection import order_clause
from desktop.archive.sqlutil import id_array

_COUNT_QUERIES = {
    "tag": "SELECT t.code, count(*) FROM cable_tags ct JOIN tags t ON t.id = ct.tag_id "
           "GROUP BY ct.tag_id",
    "origin": "SELECT o.name, n FROM (SELECT origin_id, count(*) AS n FROM cables "
              "GROUP BY origin_id) JOIN origins o ON o.id = origin_id",
    "classification": "SELECT classification, count(*) FROM cables GROUP BY classification",
    "year": "SELECT coalesce(substr(created, 1, 4), ''), count(*) FROM cables GROUP BY 1",
    "month": "SELECT coalesce(substr(created, 1, 7), ''), count(*) FROM cables GROUP BY 1",
    "released": "SELECT coalesce(substr(released, 1, 10), ''), count(*) FROM cables GROUP BY 1",
    "total": "SELECT '', count(*) FROM cables",
}


def rebuild_facets(conn: sqlite3.Connection) -> None:
    """Recount every facet with GROUP BY, refresh the query planner's statistics, and make the
    lists kept ready (the whole library's, the largest values'), inside the caller's
    transaction."""
    conn.execute("DELETE FROM facet_counts")
    conn.execute("PRAGMA analysis_limit = 400")
    conn.execute("ANALYZE")
    for facet, sql in _COUNT_QUERIES.items():
        conn.execute(
            f"INSERT INTO facet_counts(facet, value, count) SELECT ?, * FROM ({sql})", [facet]
        )
    ids = id_array(conn, f"SELECT c.id FROM cables c ORDER BY {order_clause(*DEFAULT_ORDER)}")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                 [DEFAULT_LIST_KEY, ids.tobytes()])
    ordered.store_ready_lists(conn, ids)  # the largest tags' and classifications' lists


#: The list every session opens on (every cable, newest first) is kept ready-made, so the
#: window does not sort 251,287 cables while it starts.
DEFAULT_ORDER = ("created", True)
DEFAULT_LIST_KEY = "list:created:desc"
