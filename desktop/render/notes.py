"""How notes are painted over a cable, the same way on screen and in print (no Qt)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from desktop.annotations.anchoring import place_all
from desktop.annotations.models import Note, Placement
from desktop.annotations.store import NotesStore
from desktop.archive.records import Paragraph
from desktop.render.html import Markup, el, join, raw
from desktop.render.markdown_safe import markdown_to_text, render_markdown
from desktop.render.theme import note_colour


@dataclass(frozen=True)
class CableNotes:
    """A cable's live notes, placed on its current paragraphs."""

    by_ordinal: Mapping[int, tuple[Note, ...]] = field(default_factory=dict)
    on_cable: tuple[Note, ...] = ()
    orphans: tuple[Note, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.by_ordinal or self.on_cable or self.orphans)

    def all_notes(self) -> list[Note]:
        return [*self.on_cable, *(n for o in sorted(self.by_ordinal)
                                  for n in self.by_ordinal[o]), *self.orphans]


NO_NOTES = CableNotes()


def arrange(placements: Iterable[Placement]) -> CableNotes:
    """Group placements: by paragraph ordinal (oldest note first), on the cable, orphans."""
    by_ordinal: dict[int, list[Note]] = {}
    on_cable: list[Note] = []
    orphans: list[Note] = []
    for p in placements:
        if p.note.is_deleted:
            continue
        if p.method == "cable":
            on_cable.append(p.note)
        elif p.paragraph is None:
            orphans.append(p.note)
        else:
            by_ordinal.setdefault(p.paragraph.ordinal, []).append(p.note)
    return CableNotes({o: tuple(sorted(ns, key=_created)) for o, ns in by_ordinal.items()},
                      tuple(sorted(on_cable, key=_created)), tuple(sorted(orphans, key=_created)))


def cable_notes(store: NotesStore | None, refid: str, paragraphs: Sequence[Paragraph],
                aliases: Sequence[str] = ()) -> CableNotes:
    """The notes on a cable (kept under its refid or one of its other ids), placed on these
    paragraphs; none without a store."""
    if store is None:
        return NO_NOTES
    notes = store.for_cables([refid, *aliases]) if aliases else store.for_cable(refid)
    return arrange(place_all(notes, paragraphs)) if notes else NO_NOTES


def _created(note: Note) -> tuple[str, str]:
    return note.created, note.id


@dataclass(frozen=True)
class ParagraphMark:
    """How an annotated paragraph is painted: the newest note's colour, every note's id."""

    colour: str
    note_ids: tuple[str, ...]


def mark_for(notes: Sequence[Note], colour: Callable[[str], str] = note_colour
             ) -> ParagraphMark:
    """The newest note's colour (as ``colour`` paints a colour name) and every note's id."""
    newest = max(notes, key=lambda n: (n.updated, n.created))
    return ParagraphMark(colour(newest.colour), tuple(n.id for n in notes))


def note_text(note: Note) -> str:
    """A note as plain text (tooltips, lists): its Markdown rendered, then flattened."""
    body = markdown_to_text(note.text) or "(empty note)"
    return body + (f"\n[{', '.join(note.labels)}]" if note.labels else "")


def notes_text(notes: Sequence[Note]) -> str:
    return "\n\n".join(note_text(n) for n in notes)


def note_html(note: Note) -> Markup:
    """A note as inert HTML: the rendered Markdown, then its labels."""
    body = raw(render_markdown(note.text)) if note.text.strip() else el("p", el("i", "(empty)"))
    if not note.labels:
        return body
    return join([body, el("p", el("i", ", ".join(note.labels)))])
