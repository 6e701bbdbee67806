"""Split a cable body into labelled, marked paragraphs with stable keys."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.archive.head import Head, find_head
from desktop.archive.records import Paragraph
from desktop.archive.text import (
    INLINE_PAGE_BREAK,
    MARKING,
    is_junk_line,
    split_lines,
    text_hash,
)

# "1. (C) text", "1.(U)", "¶1. (SBU)", "12.  TEXT", "A. text", "(A) text", "B) text".
_LABEL = re.compile(
    r"""^(?:[ \t]{0,10}¶)?[ \t]*
    (?: (?P<num>\d{1,3})\.(?=[ \t(]|$)
      | (?P<let>[A-Z])\.(?=[ \t]|$)
      | \((?P<plabel>[A-Z]|\d{1,2})\)(?=[ \t])
      | (?P<rlet>[A-Z])\)(?=[ \t])
    )""",
    re.X,
)
# A marking that opens an unlabelled paragraph: "(U) Point of contact ..."
_MARK_START = re.compile(r"^(?:[ \t]{0,10}¶)?[ \t]*(?=\()")
# "1. C) Content": a marking that lost its opening parenthesis.
_BROKEN_MARKING = re.compile(r"(?P<m>TS|SBU|S|C|U)\)(?=\s)")
_FURNITURE = re.compile(
    r"^\s*(?:CLASSIFIED\s+BY|CLASSIFIED\s*:|DERIVED\s+FROM|REASONS?\b|E\.?\s?O\.?|EO\s|"
    r"DECLASSIFIED|SYSTEMATIC\s+REVIEW|SIPDIS|NOFORN|SENSITIVE|UNCLAS|C\s?O\s?N\s?F|"
    r"S\s?E\s?C\s?R\s?E\s?T|PASS\s|FOR\s|DEPT\s+FOR|DEPARTMENT\s+FOR|-{3,}|TAGS\b|SUBJECT\b|"
    r"(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY,|\d+\s+\d{4}-\d\d-\d\d|<<\d+>>)",
    re.I,
)
_EO_LINE = re.compile(r"^\s*(?:¶\s*)?E\.\s?O\.", re.I)
_MARKING_LETTERS = {"U", "C", "S"}


@dataclass(frozen=True)
class _Start:
    line: int
    label: str
    marking: str
    prefix_end: int  # offset in the line where the paragraph's own text begins
    numbered: bool
    needs_gap: bool  # letters and bare markings only count after a blank line


def parse_paragraphs(body: str, head: Head | None = None) -> tuple[Paragraph, ...]:
    """The body's paragraphs, in order.

    Numbered paragraphs (``1. (C)``) and, after the first of them, lettered sub-paragraphs
    and paragraphs opening with a bare marking each start a paragraph; lettered items before
    the first numbered paragraph belong to the opening (REF lists, ``E. O.`` lines). A body
    with no such starts (re-flowed media-partner texts) is split on blank lines after its
    opening blocks.
    """
    lines = split_lines(body)
    if head is None:
        head = find_head(lines)
    starts = _find_starts(lines, head)
    if not starts:
        return _blank_line_paragraphs(lines, head.end)
    lead = _lead(lines, head, starts[0].line)
    if lead is not None:
        starts.insert(0, lead)
    paragraphs = []
    for n, start in enumerate(starts):
        stop = starts[n + 1].line if n + 1 < len(starts) else len(lines)
        paragraphs.append(_make(n + 1, start, lines, stop))
    return tuple(paragraphs)


def _lead(lines: list[str], head: Head, first: int) -> _Start | None:
    """Text between the opening blocks and the first numbered paragraph (``SUMMARY: ...``).

    Header furniture there (``Classified By``, banners, short addressee lines) is skipped;
    what remains is an unlabelled paragraph of its own, so it can be cited and annotated.
    """
    if head.end == 0 or first <= head.end:
        return None
    block: list[int] = []
    for i in range(head.end, first + 1):
        if i < first and lines[i].strip().rstrip("\\").strip() and not is_junk_line(lines[i]):
            block.append(i)
            continue
        if block and not _FURNITURE.match(lines[block[0]]):
            text = " ".join(lines[j].strip() for j in block)
            if len(text) >= 60:
                return _Start(block[0], "", "", len(lines[block[0]]) - len(
                    lines[block[0]].lstrip()), numbered=False, needs_gap=False)
        block = []
    return None


def _find_starts(lines: list[str], head: Head) -> list[_Start]:
    ref_lines = range(head.refs.first, head.refs.last + 1) if head.refs else range(0)
    candidates: list[_Start] = []
    for i, line in enumerate(lines):
        if i in ref_lines or is_junk_line(line) or _EO_LINE.match(line):
            continue
        start = _classify(i, line)
        if start is not None:
            candidates.append(start)
    first_numbered = next((s.line for s in candidates if s.numbered), None)
    starts = []
    for s in candidates:
        if first_numbered is not None and s.line < first_numbered and not s.numbered:
            continue
        if first_numbered is None and s.line < head.end:
            continue
        if s.needs_gap and s.line != head.end and not _after_gap(lines, s.line):
            continue
        starts.append(s)
    return starts


def _classify(i: int, line: str) -> _Start | None:
    m = _LABEL.match(line)
    if m:
        num, let, plabel, rlet = m.group("num", "let", "plabel", "rlet")
        if plabel in _MARKING_LETTERS:
            return _marking_start(i, line)
        label = num or let or plabel or rlet or ""
        marking, end = _marking_after(line, m.end(), allow_broken=num is not None)
        numbered = num is not None or (plabel is not None and plabel.isdigit())
        return _Start(i, label, marking, end, numbered, needs_gap=not numbered)
    return _marking_start(i, line)


def _marking_start(i: int, line: str) -> _Start | None:
    m = _MARK_START.match(line)
    if not m:
        return None
    mk = MARKING.match(line, m.end())
    if not mk or not line[mk.end() : mk.end() + 1].isspace():
        return None
    return _Start(i, "", _tidy(mk.group("m")), mk.end(), numbered=False,
                  needs_gap=True)


def _marking_after(line: str, pos: int, *, allow_broken: bool) -> tuple[str, int]:
    rest = line[pos:]
    stripped = len(rest) - len(rest.lstrip())
    at = pos + stripped
    mk = MARKING.match(line, at)
    if mk:
        return _tidy(mk.group("m")), mk.end()
    if allow_broken:
        bm = _BROKEN_MARKING.match(line, at)
        if bm:
            return bm.group("m"), bm.end()
    return "", pos


def _tidy(marking: str) -> str:
    """``C/REL  LIBYA`` -> ``C/REL LIBYA``; ``S // NF`` -> ``S//NF``."""
    return re.sub(r"\s*/\s*", "/", " ".join(marking.split()))


def _after_gap(lines: list[str], i: int) -> bool:
    """True when the line follows a blank line (page breaks aside) or opens the body."""
    j = i - 1
    while j >= 0 and is_junk_line(lines[j]):
        j -= 1
    return j < 0 or not lines[j].strip().rstrip("\\").strip()


def _make(ordinal: int, start: _Start, lines: list[str], stop: int) -> Paragraph:
    first_text = lines[start.line][start.prefix_end :]
    body_lines = [first_text] + lines[start.line + 1 : stop]
    text = _clean_block(body_lines)
    last = start.line
    for j in range(stop - 1, start.line, -1):
        if lines[j].strip().rstrip("\\").strip() and not is_junk_line(lines[j]):
            last = j
            break
    return Paragraph(
        ordinal=ordinal,
        label=start.label,
        marking=start.marking,
        text=text,
        key=paragraph_key(ordinal, start.label, text),
        first_line=start.line,
        last_line=last,
    )


def paragraph_key(ordinal: int, label: str, text: str) -> str:
    """``ordinal:label:hash``: position, label and a hash of the normalised text."""
    return f"{ordinal}:{label}:{text_hash(text)}"


def _clean_block(block: list[str]) -> str:
    kept: list[str] = []
    for raw in block:
        if is_junk_line(raw):
            continue
        line = raw.rstrip()
        if line.endswith("\\"):
            line = line[:-1].rstrip()
        if "000" in line and " OF " in line:  # a page break re-flowed into the text
            line = INLINE_PAGE_BREAK.sub(" ", line).rstrip()
        if not line.strip():
            if kept and kept[-1] != "":
                kept.append("")
            continue
        kept.append(line.strip() if not kept else line.rstrip())
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept).strip()


def _blank_line_paragraphs(lines: list[str], begin: int) -> tuple[Paragraph, ...]:
    paragraphs: list[Paragraph] = []
    block_start: int | None = None
    for i in range(begin, len(lines) + 1):
        blank = i == len(lines) or not lines[i].strip().rstrip("\\").strip()
        if not blank and is_junk_line(lines[i]):
            continue
        if not blank and block_start is None:
            block_start = i
        elif blank and block_start is not None:
            start = _Start(block_start, "", "", 0, numbered=False, needs_gap=False)
            mk = MARKING.match(lines[block_start].lstrip())
            if mk:
                offset = len(lines[block_start]) - len(lines[block_start].lstrip())
                start = _Start(block_start, "", _tidy(mk.group("m")),
                               offset + mk.end(), numbered=False, needs_gap=False)
            paragraphs.append(_make(len(paragraphs) + 1, start, lines, i))
            block_start = None
    return tuple(paragraphs)
