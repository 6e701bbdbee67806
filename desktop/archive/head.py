"""Find the opening blocks of a cable body: TAGS, SUBJECT and REF, with their line spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.archive.text import BANNER, MARKING, collapse_spaces, is_junk_line

#: How far into the body the opening blocks may lie (the header is sometimes repeated inside
#: the body, so this is generous; the first numbered paragraph usually ends the search sooner).
HEAD_SEARCH_LINES = 120

_TAGS = re.compile(
    r"^\s*(?:<[^>]*>\s*)?(?:TAGS|TAGES|TAGE|TABS|TGS|TAS|AGS)(?:\s*[:;,.]\s*|\s+)(?P<rest>.*)$",
    re.I,
)
# The keyword alone is accepted only in upper case or title case ("TAGS", "Tags"), and the
# short misspellings only with punctuation, so prose such as "tags along" is not a TAGS line.
_TAGS_STRICT = re.compile(r"^\s*(?:<[^>]*>\s*)?(?:TAGS|Tags|TAGES)\s+\S|^\s*\S+\s*[:;,]")
_SUBJECT = re.compile(r"^\s*(?:SUBJECT|SUBJ|UBJECT)\b\s*[:.;-]?\s*(?P<rest>.*)$", re.I)
_REF = re.compile(
    r"^\s*¶?\s*(?:REFS?|REF\(S\)|REFERENCES?|REFTELS?)\b\s*[:.;]?\s*(?P<rest>.*)$", re.I
)
_REF_ITEM = re.compile(r"^\s*¶?\s*(?:\(?[A-Z]\)|[A-Z]\.)\s+\S")
_STOP = re.compile(
    r"^\s*(?:¶?\d{1,3}\s*[.)]|CLASSIFIED\s+BY|CLASSIFIED\s*:|DERIVED\s+FROM|E\.?\s?O\.?\s*\d|"
    r"EO\s+\d|SUMMARY|BEGIN\s+SUMMARY|SUBJECT|SUBJ\b|TAGS\b|REFS?\b|REF\(S\)|SIPDIS|"
    r"SENSITIVE\b|PASS\s+TO|FOR\s+[A-Z/]+\s*$|\(\s*(?:TS|SBU|S|C|U)\b[^)]{0,25}\)\s)",
    re.I,
)
_NUMBERED = re.compile(r"^\s*¶?\s*\d{1,3}\s*[.)]\s*(?:\S|$)")


@dataclass(frozen=True)
class Span:
    """Lines ``first``..``last`` (inclusive) of the body, and the block's text."""

    first: int
    last: int
    text: str


@dataclass(frozen=True)
class Head:
    """The opening blocks found in a body; a missing block is None."""

    tags: Span | None
    subject: Span | None
    refs: Span | None
    end: int  # first line after the opening blocks


def find_head(lines: list[str]) -> Head:
    """Locate the TAGS, SUBJECT and REF blocks near the top of a body."""
    limit = min(len(lines), HEAD_SEARCH_LINES)
    tags = subject = refs = None
    end = 0
    i = 0
    while i < limit:
        line = lines[i]
        if _NUMBERED.match(line) and not _REF.match(line) and (tags or subject):
            break
        if tags is None and _TAGS.match(line) and _TAGS_STRICT.match(line):
            tags = _tags_block(lines, i)
            end = max(end, tags.last + 1)
            i = tags.last + 1
            continue
        if subject is None and _SUBJECT.match(line):
            subject = _subject_block(lines, i)
            end = max(end, subject.last + 1)
            i = subject.last + 1
            continue
        if refs is None and _REF.match(line) and _looks_like_ref_line(line):
            refs = _ref_block(lines, i)
            end = max(end, refs.last + 1)
            i = refs.last + 1
            continue
        i += 1
    return Head(tags=tags, subject=subject, refs=refs, end=end)


def _looks_like_ref_line(line: str) -> bool:
    """``REF: STATE 2094`` yes; ``REFERENCE LIBRARY STAFF`` no."""
    m = _REF.match(line)
    assert m
    keyword = line.strip().lstrip("¶").strip().split()[0].upper()
    rest = m.group("rest")
    if ":" in keyword or keyword.startswith("REF(") or keyword in {"REF", "REFS", "REFTEL"}:
        return bool(rest.strip()) or keyword.endswith(":")
    return False


def _tags_block(lines: list[str], i: int) -> Span:
    m = _TAGS.match(lines[i])
    assert m
    parts = [m.group("rest")]
    last = i
    j = i + 1
    while j < len(lines) and j <= i + 4:
        nxt = lines[j]
        if not nxt.strip() or _STOP.match(nxt):
            break
        ends_open = parts[-1].rstrip().rstrip("\\").rstrip().endswith(",")
        starts_code = re.match(r"^\s*[A-Z][A-Z]{1,}\s*,", nxt) is not None
        if not (ends_open or starts_code):
            break
        parts.append(nxt)
        last = j
        j += 1
    return Span(i, last, " ".join(p.strip().rstrip("\\").strip() for p in parts))


def _subject_block(lines: list[str], i: int) -> Span:
    m = _SUBJECT.match(lines[i])
    assert m
    first_text = m.group("rest").strip().rstrip("\\").strip()
    parts = [first_text] if first_text else []
    last = i
    j = i + 1
    # The subject may start on the line after an empty "SUBJECT:".
    if not parts:
        while j < len(lines) and j <= i + 3 and not lines[j].strip().rstrip("\\").strip():
            j += 1
    while j < len(lines) and len(parts) < 6:
        nxt = lines[j].strip().rstrip("\\").strip()
        if is_junk_line(lines[j]):
            j += 1
            continue
        if not nxt or _STOP.match(nxt) or _NUMBERED.match(nxt) or _ends_subject(parts, nxt):
            break
        parts.append(nxt)
        last = j
        j += 1
    return Span(i, last, clean_subject(" ".join(parts)))


def _ends_subject(parts: list[str], line: str) -> bool:
    """A line that cannot continue the subject: a cut mark, a banner, a change of case."""
    if line.strip(" .") == "" or BANNER.match(line):
        return True
    upper_so_far = bool(parts) and not any(c.islower() for c in " ".join(parts))
    return upper_so_far and any(c.islower() for c in line)


def clean_subject(text: str) -> str:
    """Join and tidy a subject: single spaces, no trailing backslash, no leading marking."""
    text = collapse_spaces(text.replace("\\", " "))
    m = MARKING.match(text)
    if m:
        text = text[m.end() :].lstrip(" :-")
    return text.strip()


def _ref_block(lines: list[str], i: int) -> Span:
    parts = [lines[i]]
    last = i
    j = i + 1
    while j < len(lines) and j <= i + 30:
        raw = lines[j]
        nxt = raw.strip().rstrip("\\").strip()
        if is_junk_line(raw):
            j += 1
            continue
        if not nxt:
            # A blank line ends the block unless the next text line is another lettered item.
            k = j + 1
            while k < len(lines) and (not lines[k].strip().rstrip("\\").strip()
                                      or is_junk_line(lines[k])):
                k += 1
            if k < len(lines) and _REF_ITEM.match(lines[k]) and not _NUMBERED.match(lines[k]):
                j = k
                continue
            break
        if _STOP.match(nxt) and not _REF_ITEM.match(raw):
            break
        parts.append(raw)
        last = j
        j += 1
    text = collapse_spaces(" ".join(p.strip().rstrip("\\") for p in parts))
    return Span(i, last, text)
