"""Full-text search over subjects and bodies (FTS5), ranked, combined with a browse selection."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from desktop.archive.errors import StorageError
from desktop.archive.query_syntax import CompiledQuery, QuerySyntaxError, compile_query
from desktop.archive.selection import Selection, where_clause

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


def search(conn: sqlite3.Connection, query: str | CompiledQuery, selection: Selection | None = None,
           limit: int = 100, offset: int = 0) -> list[Hit]:
    """The best-ranked matches (bm25, subject weighted above body).

    Raises:
        QuerySyntaxError: the query is malformed (the message is for the user).
    """
    compiled = compile_query(query) if isinstance(query, str) else query
    where, params = where_clause(selection or Selection())
    sql = (
        "SELECT c.id, c.refid, c.subject, c.created, "
        f"snippet(cables_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', {SNIPPET_WORDS}) "
        "FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid "
        f"WHERE cables_fts MATCH ? AND {where} "
        "ORDER BY bm25(cables_fts, 4.0, 1.0) LIMIT ? OFFSET ?"
    )
    rows = _run(conn, sql, [compiled.match, *params, limit, offset])
    return [Hit(*r) for r in rows]


def search_ids(conn: sqlite3.Connection, query: str | CompiledQuery,
               selection: Selection | None = None) -> list[int]:
    """Every matching id, in id order (cheap: no ranking, no snippets)."""
    compiled = compile_query(query) if isinstance(query, str) else query
    where, params = where_clause(selection or Selection())
    sql = (f"SELECT c.id FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid "
           f"WHERE cables_fts MATCH ? AND {where}")
    return [r[0] for r in _run(conn, sql, [compiled.match, *params])]


def _run(conn: sqlite3.Connection, sql: str, params: list[object]) -> list[tuple]:  # type: ignore[type-arg]
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "fts5" in text or "syntax" in text or "malformed MATCH" in text:
            raise QuerySyntaxError(f"The search engine could not read this query ({text}).") \
                from exc
        raise StorageError(text) from exc
