"""Gather what the archive knows around a cable and render it (viewer and PDF alike)."""

from __future__ import annotations

from desktop.annotations.lists import ReadingLists
from desktop.annotations.store import NotesStore
from desktop.archive.glossary import tag_label
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.records import Cable
from desktop.archive.refs import reference_spans
from desktop.render.cable_html import (
    INLINE_REFID,
    BoxLayout,
    LinkFn,
    RenderContext,
    Rendered,
    render_cable,
)
from desktop.render.notes import cable_notes
from desktop.render.theme import Theme


def render_from_library(library: Library, refid: str, notes: NotesStore | None = None, *,
                        interactive: bool = True, link: LinkFn | None = None,
                        anchor: str = "", theme: Theme | None = None,
                        layout: BoxLayout = "columns", lists: ReadingLists | None = None
                        ) -> tuple[Cable, Rendered] | None:
    """Fetch a cable, place its notes and render it; None when it is not in the library.

    The one path from the archive to HTML: the viewer calls it with ``interactive=True``,
    the PDF export with ``interactive=False`` (notes written out, links only inside the PDF).

    Args:
        notes: the notes store, or None to show no notes.
        lists: the reading lists, to name those that hold the cable (on screen only).
        link, anchor, layout: see :class:`RenderContext`.
    """
    cable = library.cable(refid)
    if cable is None:
        return None
    paragraphs = parse_paragraphs(cable.body)
    context = RenderContext(
        in_library=frozenset(library.existing(_mentioned(cable))),
        cited_by=library.referenced_by(cable.refid),
        first_released=library.first_released(cable.refid),
        tag_label=tag_label,
        notes=cable_notes(notes, cable.refid, paragraphs, cable.aliases),
        interactive=interactive,
        link=link,
        anchor=anchor,
        layout=layout,
        lists=tuple((info.id, info.name) for info in lists.lists_of(cable.refid))
        if lists is not None and interactive else (),
    )
    return cable, render_cable(cable, context, theme, paragraphs=paragraphs)


def _mentioned(cable: Cable) -> set[str]:
    """Every refid the cable names: its references, its REF lines, refids in running text."""
    candidates = set(cable.references) | set(INLINE_REFID.findall(cable.body))
    if cable.references_text:
        year = cable.refid[:2]
        candidates.update(refid for _, _, refid in reference_spans(cable.references_text, year))
    return candidates
