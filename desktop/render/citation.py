"""How a paragraph is cited: ``10DUSHANBE170 ¶3``."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.archive.records import Paragraph


def paragraph_citation(refid: str, paragraph: Paragraph, paragraphs: Sequence[Paragraph]) -> str:
    """``REFID ¶LABEL``; when the label repeats in the cable (lettered items under several
    headings) or is missing, the paragraph's position is added so the citation is exact."""
    label = paragraph.label
    if label and sum(1 for p in paragraphs if p.label == label) == 1:
        return f"{refid} ¶{label}"
    position = f"paragraph {paragraph.ordinal} of {len(paragraphs)}"
    return f"{refid} ¶{label} ({position})" if label else f"{refid} ({position})"

