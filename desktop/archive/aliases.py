"""Keep one cable per malformed-id pair in an index an older version wrote, with its aliases."""

from __future__ import annotations

import sqlite3

from desktop.archive.parse import FLAG_MALFORMED_COPY
from desktop.archive.refids import CORRECTED, alias_table
from desktop.archive.sqlutil import rows_in


def fold_malformed_ids(conn: sqlite3.Connection) -> bool:
    """Fold every cable stored under a malformed twin id into the cable it duplicates, and
    record the aliases of the cables present, inside the caller's transaction.

    The copy under the canonical id keeps its text; the other copy's sources move to it,
    marked with the id they were published under. A malformed copy alone becomes the cable,
    under the canonical id. Returns True when cables were removed or renamed (the facet
    counts must then be recounted).
    """
    table = alias_table()
    ids = _ids(conn, list(table))
    canonical = _ids(conn, {a.canonical for a in table.values()})
    changed = False
    for alias in table.values():
        if alias.kind == CORRECTED:
            if alias.published in ids:
                _alias(conn, alias.canonical, ids[alias.published])
            continue
        target = canonical.get(alias.canonical)
        copy = ids.get(alias.published)
        if copy is not None:
            conn.execute("UPDATE cable_sources SET refid = ? WHERE cable_id = ?",
                         [alias.published, copy])
            if target is None:
                conn.execute(
                    "UPDATE cables SET refid = ?, flags = CASE WHEN flags = '' THEN ? "
                    "ELSE flags || ',' || ? END WHERE id = ?",
                    [alias.canonical, FLAG_MALFORMED_COPY, FLAG_MALFORMED_COPY, copy])
                target = canonical[alias.canonical] = copy
            else:
                conn.execute("UPDATE OR REPLACE cable_sources SET cable_id = ? WHERE cable_id = ?",
                             [target, copy])
                _delete_cable(conn, copy)
            conn.execute("UPDATE OR IGNORE cable_refs SET target = ? WHERE target = ?",
                         [alias.canonical, alias.published])
            changed = True
        if target is not None:
            _alias(conn, alias.published, target)
    return changed


def _ids(conn: sqlite3.Connection, refids: list[str] | set[str]) -> dict[str, int]:
    return {refid: int(cid) for cid, refid in
            rows_in(conn, "SELECT id, refid FROM cables WHERE refid IN ({marks})", refids)}


def _alias(conn: sqlite3.Connection, alias: str, cable_id: int) -> None:
    conn.execute("INSERT OR REPLACE INTO cable_aliases(alias, cable_id) VALUES (?, ?)",
                 [alias, cable_id])


def _delete_cable(conn: sqlite3.Connection, cable_id: int) -> None:
    subject, body = conn.execute("SELECT subject, body FROM cables WHERE id = ?",
                                 [cable_id]).fetchone()
    conn.execute("INSERT INTO cables_fts(cables_fts, rowid, subject, body) "
                 "VALUES ('delete', ?, ?, ?)", [cable_id, subject, body])
    for table in ("cable_tags", "cable_refs", "cable_aliases"):
        conn.execute(f"DELETE FROM {table} WHERE cable_id = ?", [cable_id])
    conn.execute("DELETE FROM cables WHERE id = ?", [cable_id])
