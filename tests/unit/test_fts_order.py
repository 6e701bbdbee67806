"""The search index's column order: body first in a new library (a smaller index), subject
first in a library made before; search, ranking and snippets are the same either way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.archive.search import HIGHLIGHT_START, fts_columns, search
from tests.helpers import many_rows, write_csv


def _library(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    with Library(path) as lib:
        import_paths(lib.db, [write_csv(tmp_path / "cables.csv", many_rows(60))])
    return path


def _subject_first(path: Path) -> None:
    """Make the index as libraries made before migration m004 have it."""
    conn = sqlite3.connect(path)
    conn.executescript("""
        DROP TABLE cables_vocab; DROP TABLE cables_fts;
        CREATE VIRTUAL TABLE cables_fts USING fts5(subject, body, content='cables',
            content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE cables_vocab USING fts5vocab(cables_fts, 'row');
        INSERT INTO cables_fts(cables_fts) VALUES ('rebuild');
    """)
    conn.close()


def test_a_new_library_keeps_the_body_first_an_old_one_its_order(tmp_path: Path) -> None:
    new = _library(tmp_path, "new.db")
    old = _library(tmp_path, "old.db")
    _subject_first(old)
    with Library(new) as a, Library(old) as b:
        assert fts_columns(a.conn) == ("body", "subject")
        assert fts_columns(b.conn) == ("subject", "body")  # an open does not rebuild it
        subject_word = a.conn.execute("SELECT subject FROM cables WHERE subject != '' "
                                      "LIMIT 1").fetchone()[0].split()[0]
        for query in (subject_word, "embassy", f"subject:{subject_word}"):
            hits_a = [(h.refid, h.snippet) for h in search(a.conn, query, limit=20)]
            hits_b = [(h.refid, h.snippet) for h in search(b.conn, query, limit=20)]
            assert hits_a == hits_b, query
        # The snippet is taken from the body in both orders: a word only the body has is
        # highlighted in it (from the subject column it would come back unmarked).
        subject, body = a.conn.execute("SELECT subject, body FROM cables WHERE subject != '' "
                                       "LIMIT 1").fetchone()
        in_subject = {w.casefold() for w in subject.split()}
        word = next(w for w in body.split() if w.isalpha() and len(w) > 5
                    and w.casefold() not in in_subject)
        for lib in (a, b):
            hits = search(lib.conn, word, limit=500)
            assert hits and all(HIGHLIGHT_START in h.snippet for h in hits), word
