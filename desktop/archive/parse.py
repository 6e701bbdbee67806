"""One parser for every source: a RawCable's header and body become a structured Cable."""

from __future__ import annotations

import re
from dataclasses import replace

from desktop.archive.head import HEAD_SEARCH_LINES, clean_subject, find_head
from desktop.archive.records import CLASSIFICATIONS, Cable, RawCable
from desktop.archive.refids import aliases_of, stored_refid, twin_ids
from desktop.archive.refs import parse_references
from desktop.archive.tags import normalise_tags
from desktop.archive.text import collapse_spaces, split_lines, split_top
from desktop.archive.times import fix_minutes, parse_time

# Flags a cable can carry; the viewer explains each.
FLAG_CORRUPT = "corrupt"  # cut off with "..." and followed by another cable's text
FLAG_TRUNCATED = "truncated"  # the text stops at "..."
FLAG_EMBEDDED_RECORD = "embedded-record"  # a raw database record leaked into the body
FLAG_FOREIGN_REMOVED = "foreign-record-removed"  # a second dumped record was left out
FLAG_TIME_UNVERIFIED = "created-minutes-unverified"  # early build, and no header to fix it
FLAG_PARTIAL = "partial"  # "This record is a partial extract of the original cable"
FLAG_REDACTED = "redacted"  # XXXXXXXXXXXX in place of names
FLAG_BAD_BYTES = "bad-bytes"  # undecodable bytes were replaced
FLAG_UNKNOWN_CLASSIFICATION = "unknown-classification"
FLAG_MALFORMED_COPY = "malformed-id-copy"  # this copy was published under a malformed id

FLAG_TEXT: dict[str, str] = {
    FLAG_CORRUPT: "The body is cut off with “...” and another cable's text follows it.",
    FLAG_TRUNCATED: "The body stops short at “...”: the rest of the cable is missing.",
    FLAG_EMBEDDED_RECORD: "A raw database record leaked into the body.",
    FLAG_FOREIGN_REMOVED: "The page ran another cable's database record on after this one; "
                          "it was left out of this cable's body.",
    FLAG_TIME_UNVERIFIED: "Early site build: the minutes of Created could not be verified.",
    FLAG_PARTIAL: "The header says this is a partial extract of the original cable.",
    FLAG_REDACTED: "Names are redacted (XXXXXXXXXXXX) in this version.",
    FLAG_BAD_BYTES: "Some bytes could not be decoded and were replaced.",
    FLAG_UNKNOWN_CLASSIFICATION: "The classification is not one of the six known values.",
    FLAG_MALFORMED_COPY: "This text is the copy WikiLeaks published under a malformed "
                         "reference id; the cable is kept under its correct id.",
}

_DUMP_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?)\t([^\t\n]+)\t")
_NEXT_RECORD = re.compile(r"^\d+\t\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?\t", re.M)
_RECORD_MARK = re.compile(r"^\s*<<(\d+)>>\s*$")
_FOREIGN_RECORD = re.compile(
    r"^\s*(?:\d+\s+\d{4}-\d\d-\d\d\s+\d{2}[A-Z]|\d{2}[A-Z]{3,}\d+\s*$|<<\d+>>)"
)
_CUT = re.compile(r"\.\.\.(?:\s*\\)?\s*$")
_CUT_AT_END = re.compile(r"\.\.\.\s*$")
_INLINE_TAGS = re.compile(r"\bTAGS\s*:\s*(?P<rest>.*)$", re.I)


def parse_cable(raw: RawCable) -> Cable:
    """Parse a source's copy of a cable. Never raises on odd text: oddities become flags."""
    flags: list[str] = []
    published = raw.refid.strip()
    refid = stored_refid(published)  # a malformed twin joins the cable it duplicates
    source = raw.source
    if refid != published:
        flags.append(FLAG_MALFORMED_COPY)
        source = replace(source, refid=published)
    body, dump_time, foreign = _unwrap_dump(raw.body)
    if foreign:
        flags.append(FLAG_FOREIGN_REMOVED)
    if dump_time or _record_mark_near_top(body):
        flags.append(FLAG_EMBEDDED_RECORD)
    created = _created(raw, body, dump_time, flags)
    lines = split_top(body, HEAD_SEARCH_LINES)  # the opening is all the parser reads line by line
    head = find_head(lines)
    tags_raw = head.tags.text if head.tags else _inline_tags(lines)
    subject = head.subject.text if head.subject else clean_subject(raw.subject_hint)
    refs_text = head.refs.text if head.refs else ""
    year = _year(published, created)
    found = raw.references or (
        parse_references(refs_text, refid, year) if refs_text and year else ()
    )
    twins = twin_ids()
    references = tuple(r for r in dict.fromkeys(twins.get(r, r) for r in found)
                       if r != refid and r != published)
    flags.extend(body_flags(body, None, raw.header))
    if "\ufffd" in body or "\ufffd" in raw.header:
        flags.append(FLAG_BAD_BYTES)
    classification = collapse_spaces(raw.classification).upper()
    if classification not in CLASSIFICATIONS:
        flags.append(FLAG_UNKNOWN_CLASSIFICATION)
    return Cable(
        refid=refid,
        created=created,
        released=parse_time(raw.released) if raw.released else None,
        classification=classification,
        origin=collapse_spaces(raw.origin),
        subject=subject,
        tags=normalise_tags(tags_raw),
        tags_raw=tags_raw,
        references=references,
        references_text=refs_text,
        header=_tidy_header(raw.header),
        body=body,
        flags=tuple(dict.fromkeys(flags)),
        source=source,
        record_id=raw.record_id,
        sources=(source,),
        aliases=aliases_of(refid),
    )


def body_flags(body: str, lines: list[str] | None = None, header: str = "") -> list[str]:
    """Flags read from the body: corruption, truncation, redaction, partial extracts.

    Args:
        lines: the body's lines, when the caller has them (split here when needed).
    """
    flags = []
    if "..." in body:
        lines = split_lines(body) if lines is None else lines
        if _is_corrupt(lines):
            flags.append(FLAG_CORRUPT)
        else:
            last = next((ln for ln in reversed(lines) if ln.strip().rstrip("\\").strip()), "")
            if _CUT_AT_END.search(last.rstrip().rstrip("\\")):
                flags.append(FLAG_TRUNCATED)
    if "XXXXXXXX" in body or "xxxxxxxx" in body:
        flags.append(FLAG_REDACTED)
    if "partial extract" in header or "partial extract" in body[:3000]:
        flags.append(FLAG_PARTIAL)
    return flags


def _is_corrupt(lines: list[str]) -> bool:
    return corrupt_cut(lines) is not None


def corrupt_cut(lines: list[str]) -> int | None:
    """The line ending in "..." after which, past blank lines, another cable's record
    follows; None when the body is not cut so."""
    for i, line in enumerate(lines):
        if "..." not in line or not _CUT.search(line):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j > i + 1 and j < len(lines) and _FOREIGN_RECORD.match(lines[j]):
            return i
    return None


def _unwrap_dump(body: str) -> tuple[str, str | None, bool]:
    """Undo tab-separated database records leaked into a body (07BERN881, Mar 2011).

    A record holds: [record id,] time, refid, origin, classification, references, header,
    body, each line ending in a backslash. Returns the cable's own body, the record's exact
    time, and whether another record followed (it is left out).
    """
    m = _DUMP_LINE.match(body)
    if not m:
        return body, None, False
    fields = body.split("\t", 6)
    if len(fields) < 7:
        return body, None, False
    own = fields[6]
    foreign = False
    nxt = _NEXT_RECORD.search(own)
    if nxt:
        own, foreign = own[: nxt.start()], True
    own = "\n".join(line[:-1].rstrip() if line.endswith("\\") else line
                    for line in own.split("\n"))
    return own.rstrip("\n"), parse_time(m.group(1)), foreign


def _created(raw: RawCable, body: str, dump_time: str | None, flags: list[str]) -> str | None:
    created = parse_time(raw.created) if raw.created else None
    if raw.times_exact or created is None:
        return created
    if dump_time and dump_time[:13] == created[:13]:
        return dump_time
    record = _record_time(body)
    if record and record[:13] == created[:13]:
        return record
    fixed = fix_minutes(created, raw.header)
    if fixed:
        return fixed
    flags.append(FLAG_TIME_UNVERIFIED)
    return created


def _record_mark_near_top(body: str) -> bool:
    """A ``<<220571>>`` record mark on one of the first twelve lines."""
    if "<<" not in body:
        return False
    end = -1
    for _ in range(12):
        end = body.find("\n", end + 1)
        if end == -1:
            end = len(body)
            break
    top = body[:end]
    return any(_RECORD_MARK.match(line) for line in top.split("\n"))


def _record_time(body: str) -> str | None:
    """The time on the line after a ``<<220571>>`` record mark."""
    lines = body.split("\n", 6)
    for i, line in enumerate(lines[:-1]):
        if _RECORD_MARK.match(line):
            return parse_time(lines[i + 1])
    return None


def _inline_tags(lines: list[str]) -> str:
    """TAGS run into a re-flowed opening line (``... E.O. 12958: DECL: ... TAGS: MASS MARR``)."""
    for line in lines[:10]:
        m = _INLINE_TAGS.search(line)
        if m:
            rest = re.split(r"\bSUBJ(?:ECT)?\b|\bREFS?\b", m.group("rest"), maxsplit=1,
                            flags=re.I)[0]
            return collapse_spaces(rest)
    return ""


def _tidy_header(header: str) -> str:
    """The header box without trailing spaces (sources differ only there)."""
    return "\n".join(line.rstrip() for line in split_lines(header)).strip("\n")


def _year(refid: str, created: str | None) -> str:
    if refid[:2].isdigit():
        return refid[:2]
    return created[2:4] if created else ""
