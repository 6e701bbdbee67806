"""How a paragraph is cited, everywhere: ``10DUSHANBE170 ¶3``.

One function for the viewer's "Copy citation", the note editor's title, the notes export
and the PDF, so a citation never reads two ways.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.annotations.models import Placement
from desktop.archive.records import Cable, Paragraph

WHOLE_CABLE = "(whole cable)"
ORPHANED = "(paragraph no longer found)"
NOT_IN_LIBRARY = "(cable not in this library)"


def paragraph_citation(refid: str, paragraph: Paragraph | None,
                       paragraphs: Sequence[Paragraph]) -> str:
    """``REFID ¶LABEL``; when the label repeats in the cable (lettered items under several
    headings) or is missing, the paragraph's position is added so the citation is exact.
    ``paragraph`` None cites the whole cable."""
    if paragraph is None:
        return f"{refid} {WHOLE_CABLE}"
    label = paragraph.label
    if label and sum(1 for p in paragraphs if p.label == label) == 1:
        return f"{refid} ¶{label}"
    position = f"paragraph {paragraph.ordinal} of {len(paragraphs)}"
    return f"{refid} ¶{label} ({position})" if label else f"{refid} ({position})"


def placement_citation(placement: Placement, paragraphs: Sequence[Paragraph] | None) -> str:
    """Where a note sits, cited: its paragraph, the whole cable, or why it has no place.

    Args:
        paragraphs: the cable's current paragraphs; None when the cable is not in the library.
    """
    note = placement.note
    if note.is_cable_note:
        return f"{note.refid} {WHOLE_CABLE}"
    if paragraphs is None:
        label = f" ¶{note.label}" if note.label else ""
        return f"{note.refid}{label} {NOT_IN_LIBRARY}"
    if placement.paragraph is None:
        return f"{note.refid} {ORPHANED}"
    return paragraph_citation(note.refid, placement.paragraph, paragraphs)


def full_citation(cable: Cable, paragraph: Paragraph | None = None,
                  paragraphs: Sequence[Paragraph] = ()) -> str:
    """A reference a reader can cite: ``10DUSHANBE170, ¶3, '2010 TRAFFICKING IN PERSONS
    REPORT FOR TAJIKISTAN', Embassy Dushanbe, 2010-02-10, UNCLASSIFIED//FOR OFFICIAL USE
    ONLY``; the paragraph part as :func:`paragraph_citation` writes it, without it for the
    whole cable."""
    parts = [cable.refid]
    if paragraph is not None:
        parts.append(paragraph_citation(cable.refid, paragraph, paragraphs)
                     .removeprefix(cable.refid).strip())
    if cable.subject:
        parts.append(f"'{cable.subject}'")
    parts += [p for p in (cable.origin, (cable.created or "")[:10], cable.classification) if p]
    return ", ".join(parts)
