"""Plain, immutable records of the notes layer: a note, a change to one, and where it sits."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from desktop.archive.records import Paragraph

#: The colours a note may take, by name, in the order the UI offers them. How each name is
#: painted is the render layer's business (``desktop.render.theme``).
COLOURS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "orange", "purple")
DEFAULT_COLOUR = "yellow"

ChangeKind = Literal["added", "updated", "deleted", "restored", "imported"]
Method = Literal["key", "label+hash", "hash", "quote", "cable", "orphan"]


@dataclass(frozen=True)
class Note:
    """A Markdown note on one paragraph of a cable (``ordinal`` None: on the whole cable).

    The locators are redundant on purpose, so the note can find its paragraph again after a
    re-import, a copy from another source or a renumbering: ``para_key`` (exact), ``label`` and
    ``text_hash`` (the paragraph's normalised text), ``quote`` with a little context on either
    side (fuzzy). ``deleted`` is a tombstone time: deleted notes stay in the database so the
    deletion can be undone and can travel in an export.
    """

    id: str
    refid: str
    ordinal: int | None
    label: str
    text_hash: str
    para_key: str
    quote: str
    context_before: str
    context_after: str
    text: str
    colour: str
    labels: tuple[str, ...]
    created: str
    updated: str
    deleted: str | None = None

    @property
    def is_cable_note(self) -> bool:
        return self.ordinal is None

    @property
    def is_deleted(self) -> bool:
        return self.deleted is not None

    @property
    def last_changed(self) -> str:
        """The latest of ``updated`` and ``deleted``: what a merge compares."""
        return max(self.updated, self.deleted or "")


@dataclass(frozen=True)
class NoteChange:
    """What one write did, for the views to refresh what they show.

    ``note`` is the note after the change, except for a deletion, where it is the live note
    just before it (``put(change.note)`` undoes the deletion). ``previous`` is the stored
    version before the write (None when the note is new): ``put(change.previous)`` undoes an edit.
    """

    kind: ChangeKind
    note_id: str
    refid: str
    note: Note
    previous: Note | None = None


@dataclass(frozen=True)
class NotesChanged:
    """What one operation did to the notes: a single edit, an import, a bulk delete.

    Views hear one of these per operation, never one per note, and refresh once.
    """

    changes: tuple[NoteChange, ...] = ()

    @classmethod
    def of(cls, *changes: NoteChange) -> NotesChanged:
        return cls(tuple(changes))

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    @property
    def refids(self) -> frozenset[str]:
        """The cables whose notes changed."""
        return frozenset(c.refid for c in self.changes)

    @property
    def note_ids(self) -> tuple[str, ...]:
        return tuple(c.note_id for c in self.changes)

    @property
    def kinds(self) -> frozenset[ChangeKind]:
        return frozenset(c.kind for c in self.changes)

    @property
    def changes_membership(self) -> bool:
        """True when a note appeared or disappeared (lists and counts must be redone)."""
        return bool(self.kinds - {"updated"})


@dataclass(frozen=True)
class Placement:
    """Where a note landed on a cable's current paragraphs, how, and how sure (0..1)."""

    note: Note
    paragraph: Paragraph | None
    method: Method
    score: float

    @property
    def is_orphan(self) -> bool:
        return self.method == "orphan"


def new_note_id() -> str:
    """A fresh, stable note id (uuid4, 32 hex digits)."""
    return uuid.uuid4().hex


def utc_now() -> str:
    """The current time as ISO 8601 UTC with seconds: ``2026-11-29T01:02:03Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_utc_time(value: str) -> bool:
    """True for a time written the way :func:`utc_now` writes it."""
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def normalise_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """Labels stripped and inner spaces collapsed, in the case they were typed ("EU",
    "Karzai"); unique regardless of case (the first spelling stays), sorted regardless of
    case; empty ones dropped."""
    kept: dict[str, str] = {}
    for label in labels:
        cleaned = " ".join(label.split())
        if cleaned:
            kept.setdefault(cleaned.casefold(), cleaned)
    return tuple(sorted(kept.values(), key=lambda label: (label.casefold(), label)))


def check_colour(colour: str) -> str:
    """The colour, if it is one of :data:`COLOURS`.

    Raises:
        ValueError: an unknown colour.
    """
    if colour not in COLOURS:
        raise ValueError(f"unknown note colour {colour!r} (use one of {', '.join(COLOURS)})")
    return colour
