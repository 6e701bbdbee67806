"""What a reader looks for first: who classified and signed a cable, its summary, its dates.

Each field is read from the text only when it is plainly there; an absent or unreadable one
is None (or empty), never guessed.
"""

from __future__ import annotations

import datetime
import re

from desktop.archive.parse import corrupt_cut
from desktop.archive.records import Details, Routing
from desktop.archive.text import collapse_spaces, is_junk_line, split_lines

#: How far into the body the classifying line and the E.O. line are looked for.
HEAD_LINES = 80

_CLASSIFIED_BY = re.compile(r"(?:^|(?<=[\s.)]))CLASSIFIED\s+BY\s*:?\s*", re.I)
#: Where the reasons start after a classifier's name (the spaces and punctuation before
#: them are stripped from the name afterwards: a leading ``[\s.,;:]*`` here would rescan
#: every run of them).
_REASON = re.compile(
    r"\bFOR\s+REA[A-Z]*\b|\bREAS?ONS?\b|\bE\.?\s?O\.?\s*\d|\b1\.[4-6]\b|\bPER\s+1\.",
    re.I,
)
#: What may stand before the name a second time: ``Classified By: (U) CLASSIFIED BY ...``.
_NAME_LEAD = re.compile(r"^(?:\(\s*[A-Z/]{1,6}\s*\)\s*)?(?:CLASSIFIED\s+BY\s*:?\s*)?", re.I)
_DECL = re.compile(r"\bDECL\s*[:.]?\s*(?P<date>[0-9OIl/.-]{6,10})", re.I)
#: ``SUMMARY:``, ``Summary.``, ``BEGIN SUMMARY``, ``Summary and action request.``, a heading
#: ``SUMMARY`` on its own line, and the misspelling ``Summay``; not "a summary of".
_SUMMARY_START = re.compile(
    r"(?<![A-Za-z])(?<!END )(?<!End )(?<!end )"
    r"(?:BEGIN\s+SUMM?A?R?Y\b|SUMM?A?R?Y(?:\s+AND\s+(?:ACTION\s+REQUESTS?|COMMENTS?))?"
    r"\s*(?:[:.\-]|$))[\s:.\-]*",
    re.I | re.M,
)
_SUMMARY_END = re.compile(r"\bEND\s+(?:OF\s+)?SUMM?A?R?Y\b[\s.:-]*", re.I)
_LABEL = re.compile(r"^\s*(?:¶\s*)?\d{1,3}\s*\.\s*(?:\(\s*[A-Z/ ]{1,12}\))?\s*")
_SIGNER = re.compile(r"^[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*){0,2}$")
_NOT_A_SIGNER = {"END", "COMMENT", "SUMMARY", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "UNCLAS",
                 "NOFORN", "SIPDIS", "SENSITIVE", "BT", "NNNN", "LIMITED", "OFFICIAL", "USE",
                 "ONLY", "EXDIS", "NODIS", "ACTION", "REQUEST", "NOTE", "TEXT"}
_TRAILER = re.compile(
    r"^\W*$|^\s*(?:N{3,}|BT|#\d+|X{4,})\s*$|HTTP|WWW\.|SGOV|INTELINK|CLASSIFIED\s+WEB|SYSTEMATIC\s+REVIEW"
    r"|DECLASSIFIED|SELECT \* FROM|^\s*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|NOFORN"
    r"|LIMITED OFFICIAL USE)(?:\s*//?\s*\w+)?\s*$",
    re.I,
)


def parse_details(header: str, body: str, routing: Routing, corrupt: bool = False) -> Details:
    """The fields of ``Details`` for a cable's header and body.

    Args:
        corrupt: the body is cut off and another cable's text follows (that text's
            signature, summary and dates are not this cable's, so they are not read).
    """
    lines = split_lines(body)
    cut = corrupt_cut(lines) if corrupt else None
    if cut is not None:
        lines = lines[: cut + 1]
        body = "\n".join(lines)
    head = lines[:HEAD_LINES]
    return Details(
        classified_by=classified_by(head),
        signed_by=signed_by(lines) if cut is None else None,
        summary=summary(body),
        nondisclosure_deadline=nondisclosure_deadline(head),
        recipients=routing.to,
        info_recipients=routing.info,
        transmission_id=routing.transmission_id or None,
    )


def classified_by(lines: list[str]) -> str | None:
    """The name (and title) after ``Classified By:``, without the reasons that follow:
    ``Classified By: CDA Robert Deutsch; E.O. 12958, reasons 1.4 (b)`` -> ``CDA Robert Deutsch``."""
    for i, line in enumerate(lines):
        m = _CLASSIFIED_BY.search(line)
        if m is None:
            continue
        text = line[m.end():].strip().rstrip("\\")
        for nxt in lines[i + 1 : i + 3]:  # the name may run on to the next line
            if _REASON.search(text) or not nxt.strip() or _LABEL.match(nxt):
                break
            text += " " + nxt.strip().rstrip("\\")
        cut = _REASON.search(text)
        name = collapse_spaces(text[: cut.start()] if cut else text)
        name = _NAME_LEAD.sub("", name).strip(" .,;:-")
        return name or None
    return None


def signed_by(lines: list[str]) -> str | None:
    """The signature on a line of its own at the end (``CLINTON``, ``TIMKEN JR``), after
    transmission furniture, web-site notes and classification lines are set aside."""
    for line in reversed(lines):
        text = line.strip().rstrip("\\").strip()
        if _TRAILER.search(text) or is_junk_line(line) or text.startswith("*"):
            continue
        words = text.upper().replace(",", " ").split()
        sentence = text.endswith(".") and not text.upper().endswith((" JR.", " SR."))
        if _SIGNER.match(text) and not sentence and not (set(words) & _NOT_A_SIGNER):
            return text
        return None
    return None


def summary(body: str) -> str | None:
    """The text between ``SUMMARY:`` (or ``BEGIN SUMMARY``) and ``END SUMMARY``; None when
    the cable has no such pair."""
    end = _SUMMARY_END.search(body)
    if end is None:
        return None
    starts = list(_SUMMARY_START.finditer(body, 0, end.start()))
    if not starts:
        return None
    start = starts[-1]
    inner = [ln for ln in split_lines(body[start.end(): end.start()]) if not is_junk_line(ln)]
    text = collapse_spaces(" ".join(_LABEL.sub("", ln, count=1) for ln in inner))
    text = text.strip(" -:")
    return text or None


def nondisclosure_deadline(lines: list[str]) -> str | None:
    """The date of the E.O. line's ``DECL:`` as ``YYYY-MM-DD`` (``DECL: 01/04/2020``,
    ``DECL: 2019/12/08``, ``DECL: 1/3/19``); None for ``OADR``, ``N/A`` and the like."""
    for line in lines:
        m = _DECL.search(line)
        if m:
            return _iso_date(m.group("date").rstrip(".-/"))
    return None


def _iso_date(text: str) -> str | None:
    parts = re.split(r"[/.-]", text.replace("O", "0").replace("I", "1").replace("l", "1"))
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    if len(parts[0]) == 4:
        year, month, day = (int(p) for p in parts)
    else:
        month, day, year = (int(p) for p in parts)
        if len(parts[2]) == 2:
            year += 2000 if year < 66 else 1900
        elif len(parts[2]) != 4:
            return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
