"""Notes out and in: versioned JSON that round-trips and merges, with the reading lists and
saved searches (Markdown for people is written by ``desktop.export.notes``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from desktop.annotations.lists import ListEntry, ListInfo, ListRecord, ReadingLists
from desktop.annotations.models import (
    COLOURS,
    Note,
    NoteChange,
    is_utc_time,
    normalise_labels,
    utc_now,
)
from desktop.annotations.names import clean_name
from desktop.annotations.saved_searches import SavedInfo, SavedSearches
from desktop.annotations.store import NotesStore
from desktop.archive.saved import SearchFilters

EXPORT_TYPE = "cable-reader-notes"
EXPORT_VERSION = 1
_STRINGS = ("id", "refid", "label", "text_hash", "para_key", "quote", "context_before",
            "context_after", "text", "colour", "created", "updated")


@dataclass(frozen=True)
class MergeCounts:
    """What a merge did to the reading lists or the saved searches. ``renamed`` pairs the
    name in the file with the one given, when another already had it ("Name (2)")."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


@dataclass(frozen=True)
class ImportResult:
    """What a merge did: counts for the user, and the changes for the views (the notes'
    one by one; the lists and saved searches are few, and are reread when they changed)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0
    changes: tuple[NoteChange, ...] = ()
    lists: MergeCounts = MergeCounts()
    searches: MergeCounts = MergeCounts()


@dataclass(frozen=True)
class Exchange:
    """What an export file holds. An export made before lists existed has none."""

    notes: tuple[Note, ...] = ()
    lists: tuple[ListRecord, ...] = ()
    searches: tuple[SavedInfo, ...] = ()


# -- JSON ----------------------------------------------------------------------------------


def to_json(notes: Iterable[Note], *, lists: Iterable[ListRecord] | None = None,
            searches: Iterable[SavedInfo] | None = None) -> str:
    """A versioned JSON document of the notes, tombstones included (a deletion travels), and
    of the reading lists (entries in order) and saved searches when given.

    The lists and searches are optional members of the same version: an older Cable Reader
    imports the notes of such a file, and this one imports files without them.
    """
    document: dict[str, Any] = {
        "type": EXPORT_TYPE,
        "version": EXPORT_VERSION,
        "exported": utc_now(),
        "notes": [_note_dict(n) for n in notes],
    }
    if lists is not None:
        document["lists"] = [_list_dict(x) for x in lists]
    if searches is not None:
        document["saved_searches"] = [_search_dict(x) for x in searches]
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def export_json(store: NotesStore) -> str:
    """Everything in a notes database as one JSON document: every note, list and saved
    search, tombstones included (a backup, or a move to another computer)."""
    return to_json(store.all_notes(include_deleted=True), lists=ReadingLists(store).records(),
                   searches=SavedSearches(store).all(include_deleted=True))


def import_json(store: NotesStore, text: str) -> ImportResult:
    """Read an export and merge all it holds into the store, in one transaction.

    Raises:
        ValueError: not a notes export this program reads, or malformed (see :func:`read_json`).
        StorageError: the notes cannot be written.
    """
    exchange = read_json(text)
    return merge(store, exchange.notes, lists=exchange.lists, searches=exchange.searches)


def _list_dict(record: ListRecord) -> dict[str, Any]:
    return {"id": record.id, "name": record.name, "created": record.created,
            "updated": record.updated, "deleted": record.deleted,
            "entries": [{"refid": e.refid, "added": e.added} for e in record.entries]}


def _search_dict(search: SavedInfo) -> dict[str, Any]:
    return {"id": search.id, "name": search.name, "created": search.created,
            "updated": search.updated, "deleted": search.deleted,
            "filters": search.filters.to_dict()}


def _note_dict(note: Note) -> dict[str, Any]:
    return {f.name: (list(note.labels) if f.name == "labels" else getattr(note, f.name))
            for f in fields(Note)}


def from_json(text: str) -> list[Note]:
    """The notes in a JSON export (:func:`read_json` reads its lists and searches too).

    Raises:
        ValueError: the text is not a Cable Reader notes export of a version this program
            reads, or a note in it is malformed; the message says what and where.
    """
    return list(read_json(text).notes)


def read_json(text: str) -> Exchange:
    """The notes, reading lists and saved searches in a JSON export.

    Raises:
        ValueError: the text is not a Cable Reader notes export of a version this program
            reads, or an item in it is malformed; the message says what and where.
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
    lists = tuple(_parse_list(item, n + 1) for n, item in enumerate(_members(document, "lists")))
    searches = tuple(_parse_search(item, n + 1)
                     for n, item in enumerate(_members(document, "saved_searches")))
    _check_unique(lists, "list")
    _check_unique(searches, "saved search")
    return Exchange(tuple(notes), lists, searches)


def _members(document: Mapping[str, Any], name: str) -> list[Any]:
    raw = document.get(name, [])
    if not isinstance(raw, list):
        raise ValueError(f"Malformed notes file: '{name}' is not a list.")
    return raw


def _located(item: object, what: str, number: int, fields_: Iterable[str]
             ) -> tuple[Mapping[str, Any], str]:
    """The item as a mapping holding ``fields_``, and where it is, for messages
    ("Note 3 (id n-…)")."""
    if not isinstance(item, dict):
        raise ValueError(f"{what} {number} is not an object.")
    where = f"{what} {number}" + (f" (id {item['id']})" if isinstance(item.get("id"), str)
                                  else "")
    missing = [f for f in fields_ if f not in item]
    if missing:
        raise ValueError(f"{where} lacks the field(s) {', '.join(missing)}.")
    return item, where


def _check_times(item: Mapping[str, Any], where: str) -> None:
    """``created`` and ``updated`` are UTC times, and ``deleted`` one or null."""
    for name in ("created", "updated", "deleted"):
        value = item[name]
        if value is None and name == "deleted":
            continue
        if not isinstance(value, str) or not is_utc_time(value):
            raise ValueError(f"{where}: '{name}' must be a UTC time like "
                             f"2026-11-29T01:02:03Z, got {value!r}.")


def _named(item: object, what: str, number: int, fields_: tuple[str, ...]
           ) -> tuple[Mapping[str, Any], str]:
    """A list or saved search as a mapping with its fields, id and times checked, and where
    it is, for messages."""
    checked, where = _located(item, what, number, fields_)
    if not isinstance(checked["id"], str) or not checked["id"]:
        raise ValueError(f"{where}: 'id' must be text, not empty.")
    _check_times(checked, where)
    return checked, where


_NAMED_FIELDS = ("id", "name", "created", "updated", "deleted")


def _parse_list(raw: object, number: int) -> ListRecord:
    item, where = _named(raw, "List", number, (*_NAMED_FIELDS, "entries"))
    try:
        name = clean_name(item["name"], "list")
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    entries = item["entries"]
    if not isinstance(entries, list):
        raise ValueError(f"{where}: 'entries' must be a list.")
    parsed: dict[str, ListEntry] = {}
    for entry in entries:
        if (not isinstance(entry, dict) or not isinstance(entry.get("refid"), str)
                or not entry["refid"].strip() or not isinstance(entry.get("added"), str)
                or not is_utc_time(entry["added"])):
            raise ValueError(f"{where}: each entry must be {{\"refid\": text, \"added\": a "
                             f"UTC time}}, got {entry!r}.")
        refid = entry["refid"].strip()
        if refid in parsed:
            raise ValueError(f"{where}: the cable {refid} appears twice.")
        parsed[refid] = ListEntry(refid, entry["added"])
    return ListRecord(item["id"], name, item["created"], item["updated"], item["deleted"],
                      tuple(parsed.values()))


def _parse_search(raw: object, number: int) -> SavedInfo:
    item, where = _named(raw, "Saved search", number, (*_NAMED_FIELDS, "filters"))
    try:
        name = clean_name(item["name"], "saved search")
        filters = SearchFilters.from_dict(item["filters"])
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return SavedInfo(item["id"], name, filters, item["created"], item["updated"],
                     item["deleted"])


def _check_version(version: object) -> None:
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"Malformed notes file: 'version' must be a number, got {version!r}.")
    if version > EXPORT_VERSION:
        raise ValueError(f"This notes file is version {version}, written by a newer Cable "
                         f"Reader; this one reads version {EXPORT_VERSION}. Update to import it.")
    if version < 1:
        raise ValueError(f"Malformed notes file: unknown version {version}.")


def _parse_note(raw: object, number: int) -> Note:
    item, where = _located(raw, "Note", number, (f.name for f in fields(Note)))
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
    _check_times(item, where)


def _check_unique(items: Sequence[Note | ListRecord | SavedInfo], what: str = "note") -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"Malformed notes file: the {what} id {item.id} appears twice.")
        seen.add(item.id)


# -- merge ---------------------------------------------------------------------------------


def merge(store: NotesStore, notes: Iterable[Note], *, lists: Iterable[ListRecord] = (),
          searches: Iterable[SavedInfo] = ()) -> ImportResult:
    """Merge imported notes, reading lists and saved searches into the store by id, in one
    transaction: the newest wins.

    An item is newer when its latest change (``updated``, or ``deleted`` for a tombstone) is
    later than the stored copy's; on a tie the stored copy is kept. Unknown ids are added. A
    list wins or loses whole (its name and its entries in order); a live list or search
    whose name another already has takes the first free "Name (2)".
    """
    notes = list(notes)
    reading, saved = ReadingLists(store), SavedSearches(store)
    list_plan = _plan(list(lists), {r.id: r for r in reading.records()})
    search_plan = _plan(list(searches), {s.id: s for s in saved.all(include_deleted=True)})
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
    changes: list[NoteChange] = []
    list_counts, search_counts = MergeCounts(), MergeCounts()
    if added or newer or list_plan.writes or search_plan.writes:
        with store.writing():
            if added or newer:
                changes = store.put_many(added + newer, kind="imported")
            list_counts = list_plan.counts(reading.put_many(list_plan.writes))
            search_counts = search_plan.counts(saved.put_many(search_plan.writes))
    else:
        list_counts, search_counts = list_plan.counts([]), search_plan.counts([])
    return ImportResult(len(added), len(newer), unchanged, older, tuple(changes),
                        list_counts, search_counts)


_Item = TypeVar("_Item", ListRecord, SavedInfo)


@dataclass(frozen=True)
class _Plan(Generic[_Item]):
    """What a merge of lists (or searches) will write, and what it leaves."""

    writes: list[_Item]
    added: int
    unchanged: int
    older: int

    def counts(self, written: Sequence[ListInfo | SavedInfo]) -> MergeCounts:
        renamed = tuple((item.name, done.name) for item, done in zip(self.writes, written,
                                                                     strict=True)
                        if item.deleted is None and item.name != done.name)
        return MergeCounts(self.added, len(self.writes) - self.added, self.unchanged,
                           self.older, renamed)


def _plan(items: list[_Item], stored: Mapping[str, _Item]) -> _Plan[_Item]:
    """Which items to write: the unknown ones and the newer ones. One whose latest change is
    the stored copy's is the same version (even if a name clash renamed the stored copy)."""
    fresh = [i for i in items if i.id not in stored]
    newer = [i for i in items if i.id in stored and i.last_changed > stored[i.id].last_changed]
    same = sum(1 for i in items if i.id in stored
               and i.last_changed == stored[i.id].last_changed)
    return _Plan(fresh + newer, len(fresh), same, len(items) - len(fresh) - len(newer) - same)
