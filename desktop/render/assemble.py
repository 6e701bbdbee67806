"""Gather what the archive knows around a cable and render it (viewer and PDF alike)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from desktop.archive.glossary import tag_label
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.records import Cable, Paragraph
from desktop.render.cable_html import (
    INLINE_REFID,
    ParagraphMark,
    RenderContext,
    Rendered,
    render_cable,
)


def context_for(library: Library, cable: Cable, *, interactive: bool = True,
                marks: Mapping[int, ParagraphMark] | None = None,
                cable_note: ParagraphMark | None = None,
                orphans: Sequence[tuple[str, str]] = ()) -> RenderContext:
    """Links that resolve, the cables citing this one, the first publication date."""
    candidates = set(cable.references) | set(INLINE_REFID.findall(cable.body))
    candidates |= set(_ref_line_ids(cable))
    return RenderContext(
        in_library=frozenset(library.existing(candidates)),
        cited_by=library.referenced_by(cable.refid),
        first_released=library.first_released(cable.refid),
        tag_label=tag_label,
        marks=dict(marks or {}),
        cable_note=cable_note,
        orphans=tuple(orphans),
        interactive=interactive,
    )


def _ref_line_ids(cable: Cable) -> list[str]:
    from desktop.archive.refs import reference_spans

    if not cable.references_text:
        return []
    return [refid for _, _, refid in reference_spans(cable.references_text, cable.refid[:2])]


#: Gives a cable's note marks from its paragraphs: (marks by ordinal, cable note, orphans).
MarksFn = Callable[[str, Sequence[Paragraph]],
                   tuple[Mapping[int, ParagraphMark], ParagraphMark | None,
                         Sequence[tuple[str, str]]]]


def render_from_library(library: Library, refid: str, marks: MarksFn | None = None,
                        interactive: bool = True) -> tuple[Cable, Rendered] | None:
    """Fetch, annotate and render a cable; None when it is not in the library."""
    cable = library.cable(refid)
    if cable is None:
        return None
    paragraphs = parse_paragraphs(cable.body)
    by_ordinal, cable_note, orphans = marks(cable.refid, paragraphs) if marks else ({}, None, ())
    context = context_for(library, cable, interactive=interactive, marks=by_ordinal,
                          cable_note=cable_note, orphans=orphans)
    return cable, render_cable(cable, context, paragraphs=paragraphs)
