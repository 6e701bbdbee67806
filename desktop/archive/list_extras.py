"""What the cable list shows in its optional columns (release date, tags), for a page of ids."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from desktop.archive.errors import storage_errors
from desktop.archive.sqlutil import rows_in


@storage_errors
def list_extras(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, tuple[str | None, str]]:
    """(released, tags as written in order, space-separated) by cable id, one query a chunk."""
    sql = ("SELECT c.id, c.released, (SELECT group_concat(code, ' ') FROM (SELECT t.code "
           "FROM cable_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.cable_id = c.id "
           "ORDER BY ct.position)) FROM cables c WHERE c.id IN ({marks})")
    return {int(row[0]): (row[1], row[2] or "") for row in rows_in(conn, sql, ids)}
