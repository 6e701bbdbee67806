"""Small SQLite helpers shared by the archive and notes code."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence


def id_array(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> array[int]:
    """The ``id`` column a query returns, in order, as a compact array.

    One ``group_concat`` row is much cheaper to hand to Python than 251,287 rows.
    """
    row = conn.execute(f"SELECT group_concat(id) FROM ({sql})", list(params)).fetchone()
    text = row[0] if row else None
    return array("q", map(int, text.split(","))) if text else array("q")


def rows_in(conn: sqlite3.Connection, sql: str, values: Iterable[object], chunk: int = 500
            ) -> Iterator[tuple]:  # type: ignore[type-arg]
    """Rows of ``sql`` whose ``{marks}`` placeholder takes the values, a chunk at a time
    (SQLite limits the number of parameters)."""
    wanted = list(dict.fromkeys(values))
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        yield from conn.execute(sql.format(marks=",".join("?" * len(part))), part)
