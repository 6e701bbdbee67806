"""Full-text search over subjects and bodies (FTS5), ranked, combined with a browse selection."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from array import array
from dataclasses import dataclass

from desktop.archive.errors import StorageError
from desktop.archive.query_syntax import REFID, CompiledQuery, QuerySyntaxError, compile_query
from desktop.archive.selection import Selection, order_clause, where_clause
from desktop.archive.sqlutil import id_array, rows_in

#: Snippet highlight marks: control characters that never occur in cable text, so a view
#: can escape the text first and then turn them into markup.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
SNIPPET_WORDS = 14
#: How much more a match in the subject counts than one in the body (bm25's column weight).
SUBJECT_WEIGHT = 4.0


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
    sel = selection or Selection()
    named = by_refid(conn, query) if isinstance(query, str) and sel.is_empty() and not offset \
        else []
    where, params = where_clause(sel)
    order = _ranking(conn, compiled)
    sql = (
        "SELECT c.id, c.refid, c.subject, c.created, "
        f"snippet(cables_fts, {fts_columns(conn).index('body')}, '{HIGHLIGHT_START}', "
        f"'{HIGHLIGHT_END}', '…', {SNIPPET_WORDS}) "
        "FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid "
        f"WHERE cables_fts MATCH ? AND {where} ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = _run(conn, sql, [compiled.match, *params, limit, offset])
    hits = named + [Hit(*r) for r in rows if all(r[0] != h.id for h in named)]
    return hits[:limit]


def by_refid(conn: sqlite3.Connection, text: str) -> list[Hit]:
    """The cable a query that is a reference id names, by its id or an alias (a malformed
    id it was also published under): found even where its text does not hold that id."""
    m = REFID.match(text)
    if m is None:
        return []
    refid = m.group(1).upper()
    row = conn.execute(
        "SELECT c.id, c.refid, c.subject, c.created FROM cables c WHERE c.refid = ? UNION ALL "
        "SELECT c.id, c.refid, c.subject, c.created FROM cable_aliases a "
        "JOIN cables c ON c.id = a.cable_id WHERE a.alias = ? LIMIT 1", [refid, refid]).fetchone()
    return [Hit(int(row[0]), row[1], row[2], row[3], "")] if row else []


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


def count_matches(conn: sqlite3.Connection, query: str | CompiledQuery,
                  selection: Selection | None = None) -> int:
    """How many cables match, counted by SQLite alone (no id list is built in Python: a
    saved search's count in the background leaves the interpreter to the window)."""
    compiled = compile_query(query) if isinstance(query, str) else query
    where, params = where_clause(selection or Selection())
    sql = (f"SELECT count(*) FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid "
           f"WHERE cables_fts MATCH ? AND {where}")
    return int(_run(conn, sql, [compiled.match, *params])[0][0])


def snippets(conn: sqlite3.Connection, query: str | CompiledQuery, ids: list[int]
             ) -> dict[int, str]:
    """Highlighted snippets for some matching ids (the rows of the list on screen).

    Made here from the stored text rather than by FTS5's snippet(): asking FTS5 for a few
    given rowids re-evaluates the whole query once per rowid, which for a prefix query costs
    tens of milliseconds each.
    """
    if not ids:
        return {}
    compiled = compile_query(query) if isinstance(query, str) else query
    matcher = TermMatcher(compiled.terms)
    sql = "SELECT id, subject, body FROM cables WHERE id IN ({marks})"
    return {cid: make_snippet(body, matcher) or make_snippet(subject, matcher)
            for cid, subject, body in rows_in(conn, sql, ids)}


class TermMatcher:
    """Says whether a word is one of the query's terms, as the FTS5 tokenizer would."""

    def __init__(self, terms: tuple[str, ...]):
        self.exact = {fold(t) for t in terms if not t.endswith("*")}
        self.prefixes = tuple(fold(t[:-1]) for t in terms if t.endswith("*"))
        alternatives = [re.escape(t) + r"\b" for t in self.exact]
        alternatives += [re.escape(p) + r"\w*" for p in self.prefixes]
        #: Finds the first match fast (regex engine); diacritics are checked word by word.
        self.first = re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.I) \
            if alternatives else None

    def __call__(self, word: str) -> bool:
        folded = fold(word)
        return folded in self.exact or (bool(self.prefixes) and folded.startswith(self.prefixes))


def fold(word: str) -> str:
    """Lower case without diacritics (the unicode61 tokenizer's view of a word)."""
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_WORD = re.compile(r"\w+")


def make_snippet(text: str, matcher: TermMatcher, words: int = SNIPPET_WORDS) -> str:
    """About ``words`` words around the first match, the matches wrapped in highlight marks."""
    if matcher.first is not None:
        hit = matcher.first.search(text)
        if hit is not None:  # tokenise only around it
            lead = max(0, hit.start() - 80)
            while lead > 0 and text[lead - 1].isalnum():
                lead -= 1
            piece = _snippet_in(text[lead : hit.end() + 40 * words], matcher, words)
            return ("…" + piece.lstrip("…") if lead > 0 else piece) if piece else ""
    return _snippet_in(text, matcher, words)


def _snippet_in(text: str, matcher: TermMatcher, words: int) -> str:
    before: list[re.Match[str]] = []
    window: list[re.Match[str]] = []
    for m in _WORD.finditer(text):
        if not window:
            if matcher(m.group(0)):
                window = before[-3:] + [m]
            else:
                before.append(m)
                if len(before) > 8:
                    del before[:4]
            continue
        window.append(m)
        if len(window) >= words:
            break
    if not window:
        return ""
    start, end = window[0].start(), window[-1].end()
    parts = ["…" if start > 0 else ""]
    pos = start
    for m in window:
        parts.append(text[pos : m.start()])
        if matcher(m.group(0)):
            parts.append(f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_END}")
        else:
            parts.append(m.group(0))
        pos = m.end()
    parts.append("…" if end < len(text) else "")
    return " ".join("".join(parts).split())


def _ranking(conn: sqlite3.Connection, compiled: CompiledQuery) -> str:
    if is_ranked(conn, compiled):
        weights = ", ".join(str(SUBJECT_WEIGHT if name == "subject" else 1.0)
                            for name in fts_columns(conn))
        return f"bm25(cables_fts, {weights}), cables_fts.rowid DESC"
    return "cables_fts.rowid DESC"


def fts_columns(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The search index's columns in their order: ``("body", "subject")`` in a library made
    since migration m004, ``("subject", "body")`` before."""
    return tuple(row[1] for row in conn.execute("PRAGMA table_info(cables_fts)"))


def is_ranked(conn: sqlite3.Connection, compiled: CompiledQuery) -> bool:
    """True when the query's matches are few enough to be ordered by relevance.

    Prefix queries are listed newest first: without a prefix index every evaluation merges
    the lists of all the words they expand to, so even estimating their size is slow.
    """
    return not compiled.has_prefix and estimate_matches(conn, compiled) <= RANK_LIMIT


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
