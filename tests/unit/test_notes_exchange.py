"""The JSON exchange: it round-trips, merges by time and refuses bad files."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations.exchange import (
    EXPORT_TYPE,
    ImportResult,
    from_json,
    merge,
    to_json,
)
from desktop.annotations.models import Note
from desktop.annotations.store import NotesStore
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.parse import parse_cable
from desktop.archive.records import Paragraph
from desktop.archive.sources import read_source
from tests.conftest import SEED_PAGE

SEED = parse_paragraphs(parse_cable(next(iter(read_source(SEED_PAGE)))).body)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    with NotesStore(tmp_path / "notes.db") as s:
        yield s


@pytest.fixture
def filled(store: NotesStore) -> NotesStore:
    store.add("10DUSHANBE170", SEED[1], SEED, "Second *paragraph* note", labels=["tip"])
    store.add("10DUSHANBE170", None, SEED, "The whole cable", colour="blue")
    store.add("10DUSHANBE170", SEED[0], SEED, "First paragraph note", colour="green",
              labels=["b", "a"])
    store.add("10DUSHANBE170", SEED[2], SEED, "On a lettered item")
    gone = store.add("10DUSHANBE170", SEED[3], SEED, "deleted one").note
    store.delete(gone.id)
    other = parse_paragraphs("UNCLAS X\n\n1. (U) Old cable text for the test.\n")
    store.add("66BUENOSAIRES2481", other[0], other, "Older cable")
    return store


def test_json_round_trip(filled: NotesStore, tmp_path: Path) -> None:
    notes = filled.all_notes(include_deleted=True)
    document = json.loads(to_json(notes))
    assert (document["type"], document["version"]) == (EXPORT_TYPE, 1)
    assert document["exported"].endswith("Z")
    assert len(document["notes"]) == 6 and any(n["deleted"] for n in document["notes"])
    with NotesStore(tmp_path / "other.db") as other:
        result = merge(other, from_json(to_json(notes)))
        assert (result.added, result.updated, result.unchanged, result.skipped_older) == (
            6, 0, 0, 0)
        assert {c.kind for c in result.changes} == {"imported"}
        assert sorted(other.all_notes(include_deleted=True), key=_id) == sorted(notes, key=_id)
        again = merge(other, from_json(to_json(notes)))
        assert again == ImportResult(0, 0, 6, 0, ())


def test_merge_keeps_the_newest(store: NotesStore) -> None:
    note = store.add("10DUSHANBE170", SEED[0], SEED, "mine").note
    stored = store.put(dataclasses.replace(note, updated="2024-01-01T00:00:00Z")).note
    newer = dataclasses.replace(stored, text="theirs, newer", updated="2025-01-01T00:00:00Z")
    older = dataclasses.replace(stored, text="theirs, older", updated="2023-01-01T00:00:00Z")
    tie = dataclasses.replace(stored, text="theirs, same time")
    assert merge(store, [older]) == ImportResult(0, 0, 0, 1, ())
    assert merge(store, [tie]).skipped_older == 1  # a tie keeps what is here
    result = merge(store, [newer])
    assert (result.updated, result.changes[0].kind) == (1, "imported")
    assert store.get(note.id) == newer


def test_a_tombstone_travels_and_a_newer_edit_beats_it(store: NotesStore, tmp_path: Path) -> None:
    note = store.add("10DUSHANBE170", SEED[0], SEED, "shared").note
    store.put(dataclasses.replace(note, updated="2024-01-01T00:00:00Z"))
    with NotesStore(tmp_path / "elsewhere.db") as elsewhere:
        merge(elsewhere, store.all_notes(include_deleted=True))
        theirs = elsewhere.get(note.id)
        assert theirs is not None
        elsewhere.put(dataclasses.replace(theirs, deleted="2024-06-01T00:00:00Z"))
        exported = to_json(elsewhere.all_notes(include_deleted=True))
    result = merge(store, from_json(exported))
    assert result.updated == 1
    assert store.query() == [] and store.get(note.id).deleted == "2024-06-01T00:00:00Z"  # type: ignore[union-attr]
    # Restored here later: the restoration is newer than the tombstone and wins back.
    store.restore(note.id)
    assert merge(store, from_json(exported)).skipped_older == 1
    assert [n.id for n in store.query()] == [note.id]


def _good_document() -> dict[str, object]:
    notes = [_note(SEED, SEED[0])]
    return json.loads(to_json(notes))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: "{not json", "Not a JSON file"),
    (lambda d: "[]", "not an object"),
    (lambda d: "[" * 100_000, "nested too deeply"),
    (lambda d: {**d, "type": "something-else"}, "Not a Cable Reader notes file"),
    (lambda d: {k: v for k, v in d.items() if k != "type"}, "Not a Cable Reader notes file"),
    (lambda d: {**d, "version": 2}, "newer Cable Reader"),
    (lambda d: {**d, "version": "1"}, "'version' must be a number"),
    (lambda d: {**d, "version": 0}, "unknown version"),
    (lambda d: {**d, "notes": {}}, "'notes' is missing or is not a list"),
    (lambda d: {**d, "notes": [1]}, "Note 1 is not an object"),
    (lambda d: _with(d, drop="quote"), "lacks the field(s) quote"),
    (lambda d: _with(d, drop="updated"), "lacks the field(s) updated"),
    (lambda d: _with(d, colour="red"), "'colour' must be one of"),
    (lambda d: _with(d, text=5), "'text' must be text"),
    (lambda d: _with(d, ordinal="2"), "'ordinal' must be a positive number"),
    (lambda d: _with(d, labels="a,b"), "'labels' must be a list"),
    (lambda d: _with(d, updated="yesterday"), "'updated' must be a UTC time"),
    (lambda d: _with(d, deleted=5), "'deleted' must be a UTC time"),
    (lambda d: _with(d, id=""), "must not be empty"),
    (lambda d: {**d, "notes": d["notes"] * 2}, "appears twice"),
])
def test_malformed_files_are_explained(mutate: object, message: str) -> None:
    document = mutate(_good_document())  # type: ignore[operator]
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(ValueError, match=None) as info:
        from_json(text)
    assert message in str(info.value)
    assert info.value.__cause__ is None or not isinstance(info.value.__cause__, KeyError)


def test_bad_notes_are_named(tmp_path: Path) -> None:
    document = _good_document()
    second = dict(document["notes"][0])  # type: ignore[index]
    second.update(id="abc", colour="teal")
    document["notes"] = [document["notes"][0], second]  # type: ignore[index]
    with pytest.raises(ValueError, match=r"Note 2 \(id abc\): 'colour'"):
        from_json(json.dumps(document))


def _with(document: dict[str, object], drop: str = "", **changes: object) -> dict[str, object]:
    note = dict(document["notes"][0])  # type: ignore[index]
    note.pop(drop, None)
    note.update(changes)
    return {**document, "notes": [note]}


def _note(paragraphs: tuple[Paragraph, ...], paragraph: Paragraph) -> Note:
    from desktop.annotations.anchoring import new_note

    return new_note("10DUSHANBE170", paragraph, paragraphs, text="t", colour="yellow",
                    labels=(), now="2026-11-29T01:02:03Z")


def _id(note: Note) -> str:
    return note.id
