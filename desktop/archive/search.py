"""Full-text search over subjects and bodies (FTS5), ranked, combined with a browse selection."""

from __future__ import annotations

import sqlite3
from array import array
from dataclasses import dataclass

from desktop.archive.errors import StorageError
from desktop.archive.query_syntax import CompiledQuery, QuerySyntaxError, compile_query
from desktop.archive.selection import Selection, order_clause, where_clause
from desktop.archive.sqlutil import id_array

#: Snippet highlight marks: control characters that never occur in cable text, so a view
#: can escape the text first and then turn them into markup.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
SNIPPET_WORDS = 14


@dataclass(frozen=True)
class Hit:
    id: int
    refid: str
    subject: str
    created: str | None
    snippet: str


#: Queries matching more cables than this are listed newest first instead of by relevance:
#: ranking costs a few microseconds a match (a word in every cable would take about a
#: second), and a ranking of 100,000 matches tells a reader little.
RANK_LIMIT = 20_000
SAMPLE_WINDOWS = 4
SAMPLE_SIZE = 1000


def search(conn: sqlite3.Connection, query: str | CompiledQuery, selection: Selection | None = None,
           limit: int = 100, offset: int = 0) -> list[Hit]:
    """The first matches, best first (bm25, subject weighted above body), with snippets.

    Raises:
        QuerySyntaxError: the query is malformed (the message is for the user).
    """
    compiled = compile_query(query) if isinstance(query, str) else query
    where, params = where_clause(selection or Selection())
    order = _ranking(conn, compiled)
    sql = (
        "SELECT c.id, c.refid, c.subject, c.created, "
        f"snippet(cables_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', {SNIPPET_WORDS}) "
        "FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid "
        f"WHERE cables_fts MATCH ? AND {where} ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = _run(conn, sql, [compiled.match, *params, limit, offset])
    return [Hit(*r) for r in rows]


def first_ids(conn: sqlite3.Connection, query: str | CompiledQuery,
              selection: Selection | None = None, limit: int = 100) -> list[int]:
    """The first page of matches, best first, without snippets (the list fetches those for
    the rows it shows). Without a browse selection the FTS table answers alone."""
    compiled = compile_query(query) if isinstance(query, str) else query
    sel = selection or Selection()
    ordering = _ranking(conn, compiled)
    if sel.is_empty():
        sql = f"SELECT rowid FROM cables_fts WHERE cables_fts MATCH ? ORDER BY {ordering} LIMIT ?"
        return [r[0] for r in _run(conn, sql, [compiled.match, limit])]
    where, params = where_clause(sel)
    sql = (f"SELECT c.id FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid "
           f"WHERE cables_fts MATCH ? AND {where} ORDER BY {ordering} LIMIT ?")
    return [r[0] for r in _run(conn, sql, [compiled.match, *params, limit])]


def search_ids(conn: sqlite3.Connection, query: str | CompiledQuery,
               selection: Selection | None = None, order: str = "rank",
               descending: bool = False) -> array[int]:
    """Every matching id: by relevance (``order="rank"``) or by a list column."""
    compiled = compile_query(query) if isinstance(query, str) else query
    where, params = where_clause(selection or Selection())
    join = ""
    if order == "rank":
        ordering = _ranking(conn, compiled)
    else:
        ordering = order_clause(order, descending)
        join = " JOIN origins o ON o.id = c.origin_id" if order == "origin" else ""
    sql = (f"SELECT c.id AS id FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid{join} "
           f"WHERE cables_fts MATCH ? AND {where} ORDER BY {ordering}")
    try:
        return id_array(conn, sql, [compiled.match, *params])
    except sqlite3.OperationalError as exc:
        raise _translate(exc) from exc


def snippets(conn: sqlite3.Connection, query: str | CompiledQuery, ids: list[int]
             ) -> dict[int, str]:
    """Highlighted snippets for some matching ids (a page of the list)."""
    if not ids:
        return {}
    compiled = compile_query(query) if isinstance(query, str) else query
    marks = ",".join("?" * len(ids))
    sql = (f"SELECT rowid, snippet(cables_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', "
           f"{SNIPPET_WORDS}) FROM cables_fts WHERE cables_fts MATCH ? AND rowid IN ({marks})")
    return dict(_run(conn, sql, [compiled.match, *ids]))


def _ranking(conn: sqlite3.Connection, compiled: CompiledQuery) -> str:
    if estimate_matches(conn, compiled) <= RANK_LIMIT:
        return "bm25(cables_fts, 4.0, 1.0), cables_fts.rowid DESC"
    return "cables_fts.rowid DESC"


def is_ranked(conn: sqlite3.Connection, compiled: CompiledQuery) -> bool:
    """True when the query's matches are few enough to be ordered by relevance."""
    return estimate_matches(conn, compiled) <= RANK_LIMIT


def estimate_matches(conn: sqlite3.Connection, compiled: CompiledQuery) -> int:
    """How many cables the query matches, estimated from a few windows of the archive.

    Counting exactly means reading every match; counting the matches among a few thousand
    cables spread over the archive costs a millisecond or two and is plenty to decide.
    """
    # Two queries: min() and max() together would scan the table; alone each is a lookup.
    first = conn.execute("SELECT min(id) FROM cables").fetchone()[0]
    last = conn.execute("SELECT max(id) FROM cables").fetchone()[0]
    if first is None:
        return 0
    low, high = int(first), int(last)
    span = high - low + 1
    if span <= SAMPLE_WINDOWS * SAMPLE_SIZE:
        windows = [(low, high)]
    else:
        step = span // SAMPLE_WINDOWS
        starts = [low + i * step + (step - SAMPLE_SIZE) // 2 for i in range(SAMPLE_WINDOWS)]
        windows = [(a, a + SAMPLE_SIZE - 1) for a in starts]
    sampled = sum(b - a + 1 for a, b in windows)
    found = 0
    for a, b in windows:
        found += int(_run(conn, "SELECT count(*) FROM cables_fts WHERE cables_fts MATCH ? "
                            "AND rowid BETWEEN ? AND ?", [compiled.match, a, b])[0][0])
    return round(found * span / sampled)


def _run(conn: sqlite3.Connection, sql: str, params: list[object]) -> list[tuple]:  # type: ignore[type-arg]
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise _translate(exc) from exc


def _translate(exc: sqlite3.OperationalError) -> Exception:
    text = str(exc)
    if any(k in text for k in ("fts5", "syntax", "malformed MATCH", "unterminated",
                               "no such column", "unknown special query")):
        return QuerySyntaxError(f"The search engine could not read this query ({text}).")
    return StorageError(text)
