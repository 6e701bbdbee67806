"""Precomputed facet counts (tag, origin, classification, month, year, release date)."""

from __future__ import annotations

import sqlite3

FACETS = ("tag", "origin", "classification", "year", "month", "released", "total")

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
    """Recount every facet with GROUP BY, and refresh the query planner's statistics, inside
    the caller's transaction."""
    conn.execute("DELETE FROM facet_counts")
    conn.execute("PRAGMA analysis_limit = 400")
    conn.execute("ANALYZE")
    for facet, sql in _COUNT_QUERIES.items():
        conn.execute(
            f"INSERT INTO facet_counts(facet, value, count) SELECT ?, * FROM ({sql})", [facet]
        )
