"""The one notes export, for the window and the command line: Markdown or versioned JSON.

Notes are always placed on their cable's current paragraphs before they are written, so a
note is cited where it sits today, and one whose paragraph is gone says so.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

from desktop.annotations.anchoring import place_all
from desktop.annotations.exchange import export_json, to_json
from desktop.annotations.models import Note, Placement, utc_now
from desktop.annotations.store import NotesStore
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.records import Cable, Paragraph
from desktop.render.citation import full_citation, placement_citation

NotesFormat = Literal["md", "json"]

#: Characters that Markdown would read as markup, and the start of a raw-HTML tag or entity.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)")


@dataclass(frozen=True)
class CableNotesPlaced:
    """One cable's notes, placed: the cable (None when the library lacks it) and where each
    note sits on its current paragraphs."""

    refid: str
    cable: Cable | None
    paragraphs: tuple[Paragraph, ...] | None
    placements: tuple[Placement, ...]


def place_notes(notes: Iterable[Note], library: Library | None) -> list[CableNotesPlaced]:
    """Live notes grouped by cable and placed, cables in order of creation date then refid."""
    by_cable: dict[str, list[Note]] = {}
    for note in notes:
        if not note.is_deleted:
            by_cable.setdefault(note.refid, []).append(note)
    out: list[CableNotesPlaced] = []
    for refid, group in by_cable.items():
        cable = library.cable(refid) if library is not None else None
        if cable is None:
            placed = tuple(Placement(n, None, "cable" if n.is_cable_note else "orphan", 0.0)
                           for n in group)
            out.append(CableNotesPlaced(refid, None, None, placed))
            continue
        paragraphs = parse_paragraphs(cable.body)
        out.append(CableNotesPlaced(refid, cable, paragraphs,
                                    tuple(place_all(group, paragraphs))))
    out.sort(key=lambda c: ((c.cable.created or "") if c.cable else "~", c.refid))
    return out


def notes_markdown(placed: Sequence[CableNotesPlaced], exported: str | None = None) -> str:
    """A Markdown document of placed notes: by cable, then in paragraph order.

    Everything that came from a cable is escaped; a note's own Markdown is kept, but any raw
    HTML in it is escaped, so no Markdown viewer turns a stranger's note into markup.
    """
    count = sum(len(c.placements) for c in placed)
    out = ["# Notes from Cable Reader", "",
           f"{_plural(count, 'note')} on {_plural(len(placed), 'cable')}, "
           f"exported {exported or utc_now()}.", ""]
    for cable_notes in placed:
        out += _cable_section(cable_notes)
    return "\n".join(out).rstrip() + "\n"


def _cable_section(c: CableNotesPlaced) -> list[str]:
    subject = c.cable.subject if c.cable else ""
    out = [f"## {escape_markdown(c.refid)}" + (f": {escape_markdown(subject)}" if subject else ""),
           ""]
    if c.cable is not None:
        facts = [f for f in (c.cable.origin, (c.cable.created or "")[:10]) if f]
        if facts:
            out += [escape_markdown(", ".join(facts)), ""]
    else:
        out += ["*This cable is not in the library; its notes are listed as written.*", ""]
    if c.cable is not None:
        out += [f"Cite as: {escape_markdown(full_citation(c.cable))}", ""]
    for p in sorted(c.placements, key=_paragraph_order):
        out += _note_section(p, placement_citation(p, c.paragraphs))
    return out


def _paragraph_order(p: Placement) -> tuple[int, int, str, str]:
    group = 0 if p.method == "cable" else 2 if p.paragraph is None else 1
    ordinal = p.paragraph.ordinal if p.paragraph is not None else (p.note.ordinal or 0)
    return group, ordinal, p.note.created, p.note.id


def _note_section(p: Placement, citation: str) -> list[str]:
    note = p.note
    out = [f"### {escape_markdown(citation)}", ""]
    if note.quote:
        out += ["> " + escape_markdown(line) if line else ">" for line in note.quote.splitlines()]
        out.append("")
    if note.text.strip():
        out += [inert_markdown(note.text.strip()), ""]
    facts = [f"Colour: {note.colour}"]
    if note.labels:
        facts.insert(0, "Labels: " + ", ".join(note.labels))
    out += ["*" + escape_markdown(" · ".join(facts)) + "*", ""]
    return out


def escape_markdown(text: str) -> str:
    """Text as literal Markdown: no emphasis, links, images, headings or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def inert_markdown(text: str) -> str:
    """A note's Markdown with raw HTML tags and entities escaped: the formatting stays, no
    viewer can turn it into HTML."""
    return _HTML_START.sub(lambda m: "&lt;" if m.group(0) == "<" else "&amp;", text)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def notes_document(kind: NotesFormat, store: NotesStore, library: Library | None,
                   refids: Iterable[str] | None = None) -> tuple[str, int]:
    """The export as text, and how many notes it holds.

    JSON carries every note, reading list and saved search, tombstones included (a deletion
    travels between your own copies), unless ``refids`` limits it to some cables: then only
    their live notes, as for a PDF sent to someone else. Markdown carries live notes.
    """
    if kind == "json":
        if refids is None:
            return export_json(store), store.count(include_deleted=True)
        notes = store.for_cables(refids)
        return to_json(notes), len(notes)
    notes = store.all_notes() if refids is None else store.for_cables(refids)
    placed = place_notes(notes, library)
    return notes_markdown(placed), sum(len(c.placements) for c in placed)


def write_notes(target: Path | TextIO, kind: NotesFormat, store: NotesStore,
                library: Library | None, refids: Iterable[str] | None = None) -> int:
    """Write the export to a file (atomically: all or nothing) or a stream; returns the count.

    Raises:
        OSError: the file cannot be written (the old file, if any, is left as it was).
    """
    document, count = notes_document(kind, store, library, refids)
    if isinstance(target, io.TextIOBase) or not isinstance(target, Path):
        target.write(document)
        return count
    write_atomically(target, document.encode("utf-8"))
    return count


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file through a temporary file beside it, renamed into place at the end."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
