"""Read a WikiLeaks cable page saved as text (a browser's "Save as text", or a copy-paste)."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.archive.records import (
    CLASSIFICATIONS,
    FINAL_BUILD_COUNTER,
    RawCable,
    SourceKind,
    SourceRef,
    build_name,
    source_rank,
)
from desktop.archive.refids import refid_problem
from desktop.archive.sources.html_page import BadPage
from desktop.archive.text import BANNER, split_lines


class NotATextPage(Exception):
    """A text file that is not a saved cable page."""


_COUNTER = re.compile(r"Currently released so far\.\.\.\s*([\d,]+)\s*/")
_VIEWING = re.compile(r"^\s*Viewing cable\s+(?P<refid>[^,\s]+)\s*,?\s*(?P<subject>.*)$")
_TABLE_HEAD = re.compile(r"^\s*Reference ID\s+Created\s+Released\s+Classification\s+Origin\s*$")
_TABLE_ROW = re.compile(
    r"^\s*(?P<refid>\S+)\s+(?P<created>\d{4}-\d\d-\d\d \d\d:\d\d)\s+"
    r"(?P<released>\d{4}-\d\d-\d\d \d\d:\d\d)\s+(?P<rest>.+)$"  # rest: stripped after
)
#: The sidebar that follows the body; a saved page glues it to the signer's name.
_SIDEBAR = "Keep Us Strong WikiLeaks logo"
_HEADER_LINE = re.compile(
    r"^(?:VZCZC|[OPRZ]{1,2}(?:\s+[A-Z]{4,}|\s+[OPRZ]\b|\s+\d{6}Z)|DE\s|ZN[RY]\s|FM\s|TO\s|"
    r"INFO\s|XMT\s|\d{6}Z|[A-Z]{3,8}/)"
)
_BODY_START = re.compile(r"^\s*(?:E\.\s?O\.|TAGS\b|SUBJECT\b|SIPDIS\b|REF\b)")
_CLASSIFICATIONS_LONGEST_FIRST = sorted(CLASSIFICATIONS, key=len, reverse=True)


def read_text_page(path: Path, text: str | None = None) -> RawCable:
    """Read one saved page.

    Raises:
        NotATextPage: when the text has no "Viewing cable" title or no reference table.
        BadPage: when its reference id is not one (``position`` names the line).
    """
    if text is None:
        text = path.read_bytes().decode("utf-8", errors="replace")
    lines = split_lines(text)
    title = next((i for i, ln in enumerate(lines) if _VIEWING.match(ln)), None)
    table = next((i for i, ln in enumerate(lines) if _TABLE_HEAD.match(ln)), None)
    if title is None or table is None or table + 1 >= len(lines):
        raise NotATextPage("no 'Viewing cable' title and reference table")
    row = _TABLE_ROW.match(lines[table + 1])
    if not row:
        raise NotATextPage(f"line {table + 2}: the reference table row cannot be read")
    why_not = refid_problem(row.group("refid"))
    if why_not is not None:
        raise BadPage(why_not, f"line {table + 2}")
    classification, origin = _split_classification(row.group("rest").rstrip())
    rest = _skip_articles(lines, table + 2)
    header, body = _split_boxes(lines[rest:])
    counter_m = _COUNTER.search(text)
    counter = int(counter_m.group(1).replace(",", "")) if counter_m else None
    viewing = _VIEWING.match(lines[title])
    assert viewing
    return RawCable(
        refid=row.group("refid"),
        created=row.group("created"),
        released=row.group("released"),
        classification=classification,
        origin=origin,
        header=header,
        body=body,
        source=SourceRef(SourceKind.TEXT, str(path), build=build_name(counter),
                         rank=source_rank(SourceKind.TEXT, counter)),
        subject_hint=viewing.group("subject").strip(),
        times_exact=counter is not None and counter >= FINAL_BUILD_COUNTER,
    )


def _split_classification(rest: str) -> tuple[str, str]:
    for name in _CLASSIFICATIONS_LONGEST_FIRST:
        if rest.startswith(name + " ") or rest == name:
            return name, rest[len(name) :].strip()
    first, _, origin = rest.partition(" ")
    return first, origin.strip()


def _skip_articles(lines: list[str], i: int) -> int:
    """Skip the optional "Appears in these articles:" row and its links."""
    if i < len(lines) and lines[i].strip().startswith("Appears in these articles"):
        i += 1
        while i < len(lines) and lines[i].strip().startswith(("http://", "https://")):
            i += 1
    return i


def _split_boxes(lines: list[str]) -> tuple[str, str]:
    """Split the run of text after the table into the header box and the body box.

    The header is the run of upper-case routing lines (transmission id, DTG, FM, TO, INFO
    and addressees); the body starts at the classification banner, a blank line or the first
    line with lower-case letters. The sidebar text after the body is cut off.
    """
    n = 0
    while n < len(lines):
        line = lines[n].rstrip()
        if not line or BANNER.match(line) or _BODY_START.match(line) or line != line.upper():
            break
        if n == 0 and not _HEADER_LINE.match(line):
            break
        n += 1
    header_lines = lines[:n]
    if not any(_HEADER_LINE.match(ln) for ln in header_lines):
        header_lines, n = [], 0
    body = "\n".join(lines[n:])
    cut = body.find(_SIDEBAR)
    if cut >= 0:
        body = body[:cut]
    return "\n".join(header_lines), body.rstrip("\n")
