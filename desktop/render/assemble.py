"""Gather what the archive knows around a cable and render it (viewer and PDF alike)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.archive.glossary import tag_label
from desktop.archive.library import Library
from desktop.archive.records import Cable
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


def render_from_library(library: Library, refid: str, **kw: object
                        ) -> tuple[Cable, Rendered] | None:
    cable = library.cable(refid)
    if cable is None:
        return None
    return cable, render_cable(cable, context_for(library, cable, **kw))  # type: ignore[arg-type]
