"""The tables of reading lists and saved searches in the notes database (its migrations
``m002_lists`` and ``m003_saved_searches``; like every migration, never edited once shipped)."""

from __future__ import annotations

import sqlite3

#: Lists by stable id; ``name_key`` is the name as compared (any case), unique among live
#: lists; ``deleted`` is a tombstone time, as for notes (undo, and a deletion that travels).
#: ``size`` is how many entries the list has, kept by triggers: the tree's counts of 100 lists
#: of 1,000 cables are read in well under a millisecond, where a GROUP BY over the 100,000
#: entries takes 15 to 40 ms.
#: Entries are by refid, never by library id: they outlive any re-import or rebuild. Their
#: ``position`` orders them; positions leave gaps, so an insertion or a move writes only the
#: entries that move.
LISTS: tuple[str, ...] = (
    """CREATE TABLE lists (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        deleted TEXT
    )""",
    "CREATE UNIQUE INDEX lists_live_name ON lists(name_key) WHERE deleted IS NULL",
    """CREATE TABLE list_entries (
        list_seq INTEGER NOT NULL REFERENCES lists(seq),
        refid TEXT NOT NULL,
        position INTEGER NOT NULL,
        added TEXT NOT NULL,
        PRIMARY KEY (list_seq, refid)
    ) WITHOUT ROWID""",
    # A list in order, read from the index alone (it carries the key: list_seq, refid).
    "CREATE INDEX list_entries_order ON list_entries(list_seq, position)",
    # The lists a cable is in (the viewer's reference box).
    "CREATE INDEX list_entries_refid ON list_entries(refid)",
    """CREATE TRIGGER list_entries_added AFTER INSERT ON list_entries BEGIN
        UPDATE lists SET size = size + 1 WHERE seq = new.list_seq;
    END""",
    """CREATE TRIGGER list_entries_removed AFTER DELETE ON list_entries BEGIN
        UPDATE lists SET size = size - 1 WHERE seq = old.list_seq;
    END""",
)

#: Saved searches: the filters are JSON (``desktop.archive.saved.SearchFilters``).
SAVED_SEARCHES: tuple[str, ...] = (
    """CREATE TABLE saved_searches (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        filters TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        deleted TEXT
    )""",
    "CREATE UNIQUE INDEX saved_searches_live_name ON saved_searches(name_key) "
    "WHERE deleted IS NULL",
)


def create(conn: sqlite3.Connection, statements: tuple[str, ...]) -> None:
    """Run a migration's statements one by one, inside the migration's transaction
    (``executescript`` would commit first, leaving a half-applied migration possible)."""
    for statement in statements:
        conn.execute(statement)
