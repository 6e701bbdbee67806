"""The one citation record of a cable: a CSL-JSON item, the source of every citation format.

CSL-JSON is the data model of the Citation Style Language; Zotero, Pandoc and every CSL
processor read it. A cable becomes an item of type ``document`` (Zotero's Document) with
the fields those readers and the Chicago, APA and MLA styles use:

====================  ===========================================================
``id``                the refid; ``REFID-pN`` when paragraph N is cited
``author``            the origin as one literal institution ("Embassy Dushanbe"),
                      never split into given and family names
``title``             the subject, or "(no subject)"
``genre``, ``number`` "Diplomatic cable" and the refid: the styles print
                      "Diplomatic cable 10DUSHANBE170"
``issued``            the created date, as date-parts
``medium``            the classification: the one field all four styles print
                      for a document, where Chicago puts a document's description
``archive``           "WikiLeaks Cablegate release"
``URL``               the cable's page on wikileaks.org (text only: never opened)
``call-number``       the refid again (Zotero keeps it as the Call Number; a
                      Document has no number field)
``note``              "Classification: ..." and the release date, one a line
                      (Zotero's Extra field)
``archive_location``  the cited paragraph as the app writes it ("¶3")
``locator``           the same paragraph as a CSL pinpoint ("3"), for the styles
====================  ===========================================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from desktop.archive.records import Cable, Paragraph
from desktop.render.citation import paragraph_citation

#: A CSL-JSON item, as ``json.loads`` gives it.
CslItem = dict[str, Any]

GENRE = "Diplomatic cable"
RELEASE = "WikiLeaks Cablegate release"
NO_SUBJECT = "(no subject)"
CABLE_URL = "https://wikileaks.org/cable/{year:04d}/{month:02d}/{refid}.html"

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def csl_item(cable: Cable, paragraph: Paragraph | None = None,
             paragraphs: Sequence[Paragraph] = ()) -> CslItem:
    """The CSL-JSON item citing a cable, or one of its paragraphs.

    Args:
        paragraph: the paragraph cited; None cites the whole cable.
        paragraphs: the cable's paragraphs, to tell a repeated label apart (as
            :func:`desktop.render.citation.paragraph_citation` does); none given, the
            label is taken to name the paragraph alone.

    Returns:
        A dict ready for ``json.dumps``; every text is one line without control characters.
    """
    refid = clean_text(cable.refid)
    item: CslItem = {"id": refid, "type": "document",
                     "title": clean_text(cable.subject) or NO_SUBJECT}
    origin = clean_text(cable.origin)
    if origin:
        item["author"] = [{"literal": origin}]
    created = date_parts(cable.created)
    if created:
        item["issued"] = {"date-parts": [created]}
    item.update({"genre": GENRE, "number": refid, "call-number": refid})
    classification = clean_text(cable.classification)
    if classification:
        item["medium"] = classification
    item["archive"] = RELEASE
    released = date_parts(cable.released)
    note = [f"Classification: {classification}" if classification else "",
            f"{RELEASE}: {_iso(released)}" if released else ""]
    if any(note):
        item["note"] = "\n".join(line for line in note if line)
    if len(created) >= 2:
        item["URL"] = CABLE_URL.format(year=created[0], month=created[1],
                                       refid=quote(refid, safe=""))
    if paragraph is not None:
        known = paragraphs or (paragraph,)
        item["id"] = f"{refid}-p{paragraph.ordinal}"
        where = paragraph_citation(refid, paragraph, known)
        item["archive_location"] = where.removeprefix(refid).strip()
        item["locator"] = _locator(paragraph, known)
    return item


def _locator(paragraph: Paragraph, paragraphs: Sequence[Paragraph]) -> str:
    """The paragraph as a CSL locator: its label when the label names it alone, else its
    position ("B (no. 5)", "no. 5"): never two numbers, which a CSL processor reads as a
    range ("paras.")."""
    label = clean_text(paragraph.label)
    if label and sum(1 for p in paragraphs if p.label == paragraph.label) == 1:
        return label
    position = f"no. {paragraph.ordinal}"
    return f"{label} ({position})" if label else position


def date_parts(value: str | None) -> list[int]:
    """``[year, month, day]`` of an ISO date or time (``2010-02-10T12:22``), as far as it
    goes; ``[]`` when there is none."""
    match = _DATE.match(value or "")
    if match is None:
        return []
    parts = [int(g) for g in match.groups() if g is not None]
    while parts and parts[-1] == 0:
        parts.pop()
    return parts


def _iso(parts: list[int]) -> str:
    return "-".join(f"{p:02d}" for p in parts)


def clean_text(text: str | None) -> str:
    """One line of text: control characters (a cable may hold any) become spaces, runs of
    white space one space."""
    if not text:
        return ""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(text.split())


__all__ = ["CslItem", "clean_text", "csl_item", "date_parts"]
