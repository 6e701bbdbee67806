"""The notes database: edits, tombstones, search, filters, and refusing files it cannot use."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations.models import is_utc_time
from desktop.annotations.store import MIGRATION_SET, NotesStore, fts_query
from desktop.archive.errors import StorageError
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.records import Paragraph

REFID = "10TESTPOST1"
BODY = """UNCLAS TESTPOST 000001

SUBJECT: A TEST CABLE

1. (U) Fishing rights off the coast were discussed at length with the minister.

2. (SBU) The ambassador raised trafficking in persons and the new border guards law.

3. (C) Officials conceded that nothing would change before the elections in spring.
"""


@pytest.fixture
def paragraphs() -> tuple[Paragraph, ...]:
    paragraphs = parse_paragraphs(BODY)
    assert [p.label for p in paragraphs] == ["1", "2", "3"]
    return paragraphs


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    with NotesStore(tmp_path / "notes.db") as s:
        yield s


def test_add_fills_the_locators(store: NotesStore, paragraphs: tuple[Paragraph, ...]) -> None:
    change = store.add(REFID, paragraphs[1], paragraphs, "A *good* point", colour="green",
                       labels=["  Human Rights ", "tip", "TIP", ""])
    note = change.note
    assert (change.kind, change.note_id, change.refid, change.previous) == (
        "added", note.id, REFID, None)
    assert len(note.id) == 32 and int(note.id, 16) >= 0
    assert (note.ordinal, note.label, note.para_key) == (2, "2", paragraphs[1].key)
    assert note.text_hash == paragraphs[1].key.rsplit(":", 1)[1]
    assert note.quote.startswith("The ambassador raised trafficking")
    assert note.context_before.startswith("Fishing rights")
    assert note.context_after.startswith("Officials conceded")
    assert note.labels == ("Human Rights", "tip")  # as typed; "TIP" is the same label
    assert note.colour == "green" and note.deleted is None
    assert is_utc_time(note.created) and note.created == note.updated
    assert store.get(note.id) == note


def test_cable_note(store: NotesStore, paragraphs: tuple[Paragraph, ...]) -> None:
    note = store.add(REFID, None, paragraphs, "About the whole cable").note
    assert (note.ordinal, note.label, note.text_hash, note.para_key, note.quote) == (
        None, "", "", "", "")
    store.add(REFID, paragraphs[2], paragraphs, "on 3")
    store.add(REFID, paragraphs[0], paragraphs, "on 1")
    assert [n.ordinal for n in store.for_cable(REFID)] == [None, 1, 3]


def test_long_paragraph_quote_is_trimmed(store: NotesStore) -> None:
    body = "1. (U) " + "word " * 400 + "\n\n2. (U) next\n"
    paragraphs = parse_paragraphs(body)
    note = store.add(REFID, paragraphs[0], paragraphs, "x").note
    assert 550 <= len(note.quote) <= 610 and note.quote.endswith("…")


def test_update_bumps_updated_only_on_a_change(store: NotesStore,
                                               paragraphs: tuple[Paragraph, ...]) -> None:
    note = store.add(REFID, paragraphs[0], paragraphs, "first").note
    old = dataclasses.replace(note, updated="2000-01-01T00:00:00Z")
    store.put(old)
    change = store.update(note.id, text="second", colour="blue", labels=["B", "a"])
    assert change.kind == "updated" and change.previous == old
    assert (change.note.text, change.note.colour, change.note.labels) == (
        "second", "blue", ("a", "B"))
    assert change.note.updated > old.updated
    assert store.get(note.id) == change.note
    same = store.update(note.id, text="second")
    assert same.note == change.note  # nothing changed: nothing written


def test_update_rejects_unknown_colour_and_id(store: NotesStore,
                                              paragraphs: tuple[Paragraph, ...]) -> None:
    note = store.add(REFID, paragraphs[0], paragraphs, "x").note
    with pytest.raises(ValueError, match="colour"):
        store.update(note.id, colour="red")
    with pytest.raises(KeyError):
        store.update("nope", text="y")


def test_delete_is_a_tombstone_and_restore_clears_it(
        store: NotesStore, paragraphs: tuple[Paragraph, ...], tmp_path: Path) -> None:
    keep = store.add(REFID, paragraphs[0], paragraphs, "kept words").note
    gone = store.add(REFID, paragraphs[1], paragraphs, "doomed words", labels=["x"]).note
    change = store.delete(gone.id)
    assert change.kind == "deleted" and change.note == gone  # the note as it was
    stored = store.get(gone.id)
    assert stored is not None and stored.deleted is not None and stored.text == gone.text
    assert [n.id for n in store.for_cable(REFID)] == [keep.id]
    assert {n.id for n in store.for_cable(REFID, include_deleted=True)} == {keep.id, gone.id}
    assert store.query("doomed") == [] and store.query() == [keep]
    assert store.annotated_refids() == [REFID] and store.labels() == []
    assert (store.count(), store.count(include_deleted=True)) == (1, 2)
    raw = sqlite3.connect(tmp_path / "notes.db")
    assert raw.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
    raw.close()

    restored = store.restore(gone.id)
    assert restored.kind == "restored" and restored.note.deleted is None
    assert restored.note.updated >= stored.deleted
    assert {n.id for n in store.query("doomed")} == {gone.id}


def test_put_writes_the_note_as_given(store: NotesStore,
                                      paragraphs: tuple[Paragraph, ...]) -> None:
    change = store.add(REFID, paragraphs[0], paragraphs, "original")
    edited = store.update(change.note_id, text="edited")
    assert edited.previous is not None
    undo = store.put(edited.previous)
    assert undo.kind == "updated" and store.get(change.note_id) == change.note
    deleted = store.delete(change.note_id)
    assert store.put(deleted.note).kind == "restored"
    touched = store.put(change.note, touch=True).note
    assert touched.updated >= change.note.updated and touched.text == "original"
    fresh = dataclasses.replace(change.note, id="f" * 32, labels=("Zed", "zed", "a"))
    added = store.put(fresh)
    assert added.kind == "added" and added.note.labels == ("a", "Zed")
    assert store.get("f" * 32) == added.note


def test_annotated_refids_are_live_only(store: NotesStore,
                                        paragraphs: tuple[Paragraph, ...]) -> None:
    a = store.add("10B", paragraphs[0], paragraphs, "x").note
    store.add("10A", None, paragraphs, "y")
    assert store.annotated_refids() == ["10A", "10B"]
    store.delete(a.id)
    assert store.annotated_refids() == ["10A"]


def test_fts_finds_text_quote_and_labels(store: NotesStore,
                                         paragraphs: tuple[Paragraph, ...]) -> None:
    by_text = store.add(REFID, paragraphs[0], paragraphs, "Compare with the Ecuador case").note
    by_label = store.add(REFID, paragraphs[2], paragraphs, "x", labels=["elections"]).note
    assert store.query("ecuad") == [by_text]  # prefix, any case
    assert store.query("fishing") == [by_text]  # from the quote
    assert {n.id for n in store.query("election")} == {by_label.id}  # label and quote
    assert store.query("border guards") == []  # both words must match one note
    eu = store.add(REFID, paragraphs[1], paragraphs, "y", labels=["EU", "Karzai"]).note
    assert eu.labels == ("EU", "Karzai")  # labels keep their case
    assert [n.id for n in store.query(label="eu")] == [eu.id]  # and are found in any case
    store.add(REFID, paragraphs[1], paragraphs, "z", labels=["eu"])
    assert ("EU", 2) in store.labels()  # one label, counted once per note
    store.update(by_text.id, text="now about Peru")
    assert store.query("ecuador") == [] and store.query("peru")[0].id == by_text.id


@pytest.mark.parametrize("text", ['"', "AND OR NOT", "a*b", "(x", "NEAR(a b)", "col:x", "-",
                                  "'; DROP TABLE notes; --", "ünïcödé \"quoted\""])
def test_query_never_raises_on_user_input(store: NotesStore, paragraphs: tuple[Paragraph, ...],
                                          text: str) -> None:
    store.add(REFID, paragraphs[0], paragraphs, "not and or near")
    assert isinstance(store.query(text), list)


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('say "hi" OR bye') == '"say"* "hi"* "OR"* "bye"*'
    assert fts_query("-- !!") == ""


def test_filters_and_order(store: NotesStore, paragraphs: tuple[Paragraph, ...]) -> None:
    a = store.put(dataclasses.replace(
        store.add("10A", paragraphs[0], paragraphs, "one", colour="blue", labels=["x"]).note,
        updated="2020-01-01T00:00:00Z")).note
    b = store.put(dataclasses.replace(
        store.add("10B", paragraphs[1], paragraphs, "two", labels=["x", "y"]).note,
        updated="2021-01-01T00:00:00Z")).note
    c = store.put(dataclasses.replace(
        store.add("10B", None, paragraphs, "three", colour="blue").note,
        updated="2022-01-01T00:00:00Z")).note
    assert store.query() == [c, b, a]  # newest updated first
    assert store.query(colour="blue") == [c, a]
    assert store.query(label="X ") == [b, a]
    assert store.query(refid="10B") == [c, b]
    assert store.query(label="y", refid="10A") == []
    assert store.query(colour="blue", limit=1) == [c]
    assert store.labels() == [("x", 2), ("y", 1)]
    for filters in ({}, {"colour": "blue"}, {"label": "x"}, {"refid": "10B"}, {"text": "tw"},
                    {"colour": "blue", "limit": 1}):
        assert store.query_ids(**filters) == [n.id for n in store.query(**filters)]
    assert store.get_many([a.id, "missing", c.id]) == {a.id: a, c.id: c}


def test_pragmas_for_durability(store: NotesStore) -> None:
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_reopen_keeps_everything(tmp_path: Path, paragraphs: tuple[Paragraph, ...]) -> None:
    with NotesStore(tmp_path / "n.db") as s:
        note = s.add(REFID, paragraphs[0], paragraphs, "kept", labels=["l"]).note
    with NotesStore(tmp_path / "n.db") as s:
        assert s.get(note.id) == note and s.query("kept") == [note]


def test_version_guard_refuses_a_newer_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    NotesStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES (?, 'm999_from_the_future', '2030-01-01')", [MIGRATION_SET])
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="newer version"):
        NotesStore(path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not an SQLite file at all, just some text " * 100)
    with pytest.raises(StorageError, match="not a Cable Reader notes database|not a database"):
        NotesStore(path)


def test_another_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cables (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="not a Cable Reader notes database"):
        NotesStore(path)


def test_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError):
        NotesStore(blocker / "sub" / "notes.db")
