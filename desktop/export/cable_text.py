"""A cable as plain data: the ``show --json`` object and the plain-text form of ``show``."""

from __future__ import annotations

from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.records import Cable
from desktop.archive.times import display_time


def cable_json(cable: Cable) -> dict[str, object]:
    """The ``show --json`` object."""
    details = cable.details
    return {
        "refid": cable.refid,
        "created": cable.created,
        "released": cable.released,
        "classification": cable.classification,
        "origin": cable.origin,
        "subject": cable.subject,
        "tags": list(cable.tags),
        "tags_raw": cable.tags_raw,
        "references": list(cable.references),
        "references_text": cable.references_text,
        "classified_by": details.classified_by,
        "signed_by": details.signed_by,
        "summary": details.summary,
        "nondisclosure_deadline": details.nondisclosure_deadline,
        "recipients": list(details.recipients),
        "info_recipients": list(details.info_recipients),
        "transmission_id": details.transmission_id,
        "header": cable.header,
        "body": cable.body,
        "paragraphs": [
            {"ordinal": p.ordinal, "label": p.label, "marking": p.marking, "key": p.key,
             "text": p.text}
            for p in parse_paragraphs(cable.body)
        ],
        "sources": [
            {"kind": s.kind.value, "build": s.build, "path": s.path, "position": s.position}
            for s in cable.sources
        ],
        "flags": list(cable.flags),
    }


def cable_text(cable: Cable) -> str:
    """A cable as plain text: the reference box, then the header and body boxes."""
    rule = "-" * 72
    meta = [
        f"Reference ID:   {cable.refid}",
        f"Created:        {display_time(cable.created)}",
        f"Released:       {display_time(cable.released)}",
        f"Classification: {cable.classification}",
        f"Origin:         {cable.origin}",
        f"Subject:        {cable.subject}",
        f"Tags:           {' '.join(cable.tags)}",
    ]
    if cable.references:
        meta.append(f"References:     {' '.join(cable.references)}")
    if cable.flags:
        meta.append(f"Flags:          {', '.join(cable.flags)}")
    return "\n".join([rule, *meta, rule, cable.header, rule, cable.body, rule, ""])
