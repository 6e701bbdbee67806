"""Notes out and in: versioned JSON that round-trips and merges (Markdown for people is
written by ``desktop.export.notes``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from desktop.annotations.models import (
    COLOURS,
    Note,
    NoteChange,
    is_utc_time,
    normalise_labels,
    utc_now,
)
from desktop.annotations.store import NotesStore

EXPORT_TYPE = "cable-reader-notes"
EXPORT_VERSION = 1
_STRINGS = ("id", "refid", "label", "text_hash", "para_key", "quote", "context_before",
            "context_after", "text", "colour", "created", "updated")


@dataclass(frozen=True)
class ImportResult:
    """What a merge did: counts for the user, and the changes for the views."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0
    changes: tuple[NoteChange, ...] = ()


# -- JSON ----------------------------------------------------------------------------------


def to_json(notes: Iterable[Note]) -> str:
    """A versioned JSON document of the notes, tombstones included (a deletion travels)."""
    document = {
        "type": EXPORT_TYPE,
        "version": EXPORT_VERSION,
        "exported": utc_now(),
        "notes": [_note_dict(n) for n in notes],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _note_dict(note: Note) -> dict[str, Any]:
    return {f.name: (list(note.labels) if f.name == "labels" else getattr(note, f.name))
            for f in fields(Note)}


def from_json(text: str) -> list[Note]:
    """The notes in a JSON export.

    Raises:
        ValueError: the text is not a Cable Reader notes export of a version this program
            reads, or a note in it is malformed; the message says what and where.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"Not a JSON file: {exc.msg} at line {exc.lineno}, "
                         f"column {exc.colno}.") from None
    except RecursionError:
        raise ValueError("Not a Cable Reader notes file: the JSON is nested too deeply.") from None
    if not isinstance(document, dict):
        raise ValueError("Not a Cable Reader notes file: the JSON is not an object.")
    if document.get("type") != EXPORT_TYPE:
        raise ValueError(f"Not a Cable Reader notes file: its type is "
                         f"{document.get('type')!r}, not {EXPORT_TYPE!r}.")
    _check_version(document.get("version"))
    raw = document.get("notes")
    if not isinstance(raw, list):
        raise ValueError("Malformed notes file: 'notes' is missing or is not a list.")
    notes = [_parse_note(item, n + 1) for n, item in enumerate(raw)]
    _check_unique(notes)
    return notes


def _check_version(version: object) -> None:
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"Malformed notes file: 'version' must be a number, got {version!r}.")
    if version > EXPORT_VERSION:
        raise ValueError(f"This notes file is version {version}, written by a newer Cable "
                         f"Reader; this one reads version {EXPORT_VERSION}. Update to import it.")
    if version < 1:
        raise ValueError(f"Malformed notes file: unknown version {version}.")


def _parse_note(item: object, number: int) -> Note:
    if not isinstance(item, dict):
        raise ValueError(f"Note {number} is not an object.")
    where = f"Note {number}" + (f" (id {item['id']})" if isinstance(item.get("id"), str) else "")
    missing = [f.name for f in fields(Note) if f.name not in item]
    if missing:
        raise ValueError(f"{where} lacks the field(s) {', '.join(missing)}.")
    for name in _STRINGS:
        if not isinstance(item[name], str):
            raise ValueError(f"{where}: '{name}' must be text, got {item[name]!r}.")
    _check_fields(item, where)
    return Note(**{**{f.name: item[f.name] for f in fields(Note)},
                   "labels": normalise_labels(item["labels"])})


def _check_fields(item: Mapping[str, Any], where: str) -> None:
    if not item["id"] or not item["refid"]:
        raise ValueError(f"{where}: 'id' and 'refid' must not be empty.")
    ordinal = item["ordinal"]
    if ordinal is not None and (not isinstance(ordinal, int) or isinstance(ordinal, bool)
                                or ordinal < 1):
        raise ValueError(f"{where}: 'ordinal' must be a positive number or null, "
                         f"got {ordinal!r}.")
    if item["colour"] not in COLOURS:
        raise ValueError(f"{where}: 'colour' must be one of {', '.join(COLOURS)}, "
                         f"got {item['colour']!r}.")
    labels = item["labels"]
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ValueError(f"{where}: 'labels' must be a list of text.")
    for name in ("created", "updated", "deleted"):
        value = item[name]
        if value is None and name == "deleted":
            continue
        if not isinstance(value, str) or not is_utc_time(value):
            raise ValueError(f"{where}: '{name}' must be a UTC time like "
                             f"2026-11-29T01:02:03Z, got {value!r}.")


def _check_unique(notes: Sequence[Note]) -> None:
    seen: set[str] = set()
    for note in notes:
        if note.id in seen:
            raise ValueError(f"Malformed notes file: the note id {note.id} appears twice.")
        seen.add(note.id)


# -- merge ---------------------------------------------------------------------------------


def merge(store: NotesStore, notes: Iterable[Note]) -> ImportResult:
    """Merge imported notes into the store by id, in one transaction: the newest wins.

    A note is newer when its latest change (``updated``, or ``deleted`` for a tombstone) is
    later than the stored copy's; on a tie the stored copy is kept. Unknown ids are added.
    """
    notes = list(notes)
    stored = store.get_many(n.id for n in notes)
    added: list[Note] = []
    newer: list[Note] = []
    unchanged = older = 0
    for note in notes:
        mine = stored.get(note.id)
        if mine is None:
            added.append(note)
        elif mine == note:
            unchanged += 1
        elif note.last_changed > mine.last_changed:
            newer.append(note)
        else:
            older += 1
    changes = store.put_many(added + newer, kind="imported") if added or newer else []
    return ImportResult(len(added), len(newer), unchanged, older, tuple(changes))
