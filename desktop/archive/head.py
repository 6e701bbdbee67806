"""Find the opening blocks of a cable body: TAGS, SUBJECT and REF, with their line spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.archive.glossary import tag_vocabulary
from desktop.archive.head_lines import HeadLines
from desktop.archive.text import BANNER, MARKING, collapse_spaces, is_junk_line

#: How far into the body the opening blocks may lie (the header is sometimes repeated inside
#: the body, so this is generous; the first numbered paragraph usually ends the search sooner).
HEAD_SEARCH_LINES = 120

_TAGS = re.compile(
    r"^\s*(?:<[^>]*>\s*)?(?:TAGS|TAGES|TAGE|TABS|TAG|TGS|TAS|AGS)(?:\s*[:;,.]\s*|\s+)(?P<rest>.*)$",
    re.I,
)
# The keyword alone is accepted only in upper case or title case ("TAGS", "Tags"), and the
# short misspellings only with punctuation, so prose such as "tags along" is not a TAGS line.
_TAGS_STRICT = re.compile(r"^\s*(?:<[^>]*>\s*)?(?:TAGS|Tags|TAGES)\s+\S|^\s*\S+?\s*[:;,.]")
_SUBJECT = re.compile(r"^\s*(?:SUBJECT|SUBJ|UBJECT)\b\s*[:.;-]?\s*(?P<rest>.*)$", re.I)
_REF = re.compile(
    r"^\s*(?:¶\s*)?(?:REFS?|REF\(S\)|REFERENCES?|REFTELS?)\b\s*[:.;]?\s*(?P<rest>.*)$", re.I
)
_REF_ITEM = re.compile(r"^\s*(?:¶\s*)?(?:\(?[A-Z]\)|[A-Z]\.|\(\d{1,2}\))\s+\S")
#: A marking before a classifying line, which looks like an item letter: ``(U) Classified by``.
_NOT_AN_ITEM = re.compile(r"^\s*\(\s*[A-Z/]{1,6}\s*\)\s*(?:CLASSIFIED\s+BY|E\.?\s?O\.?\s*\d)", re.I)
#: A line that is one whole reference: ``STATE 5678``, ``2006 LIMA 345 (NOTAL)``.
_REF_ITEM_ALONE = re.compile(r"^\s*(?:\d{2,4}\s+)?[A-Z][A-Z'. -]{1,30}?\s+\d{1,7}\b[^a-z]{0,30}$")
_STOP = re.compile(
    r"^\s*(?:¶?\d{1,3}\s*[.)]|CLASSIFIED\s+BY|CLASSIFIED\s*:|DERIVED\s+FROM|E\.?\s?O\.?\s*\d|"
    r"EO\s+\d|SUMMARY|BEGIN\s+SUMMARY|SUBJECT|SUBJ\b|TAGS\b|REFS?\b|REF\(S\)|SIPDIS|"
    r"SENSITIVE\b|PASS\s+TO|FOR\s+[A-Z/]+\s*$|\(\s*(?:TS|SBU|S|C|U)\b[^)]{0,25}\)\s)",
    re.I,
)
_NUMBERED = re.compile(r"^\s*(?:¶\s*)?\d{1,3}\s*[.)]\s*(?:\S|$)")
#: The first characters a line matching _NUMBERED, _TAGS, _SUBJECT or _REF may have.
_NUMBER_STARTS = "0123456789¶"
_TAGS_STARTS = "TtAa<"
_SUBJECT_STARTS = "SsUu"
_REF_STARTS = "Rr¶"
_TAG_TOKEN = re.compile(r"^[A-Z][A-Z0-9/&'.()-]*,?$")
_REDACTED = re.compile(r"x{4,}", re.I)
_MARKING_ANY_CASE = re.compile(MARKING.pattern, re.I)
#: A subject line at least this long was probably wrapped (a short one ends the subject).
_WRAPPED_SUBJECT = 45


@dataclass(frozen=True)
class Span:
    """Lines ``first``..``last`` (inclusive) of the body, and the block's text.

    A block may start or end inside a line whose line breaks were lost; ``text`` then holds
    only the block's own part of it.
    """

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
    logical = HeadLines(lines, HEAD_SEARCH_LINES)
    tags = subject = refs = None
    end = 0
    k = 0
    while k < logical.size or logical.has(k):
        line = logical.texts[k]
        first = line.lstrip()[:1]  # each pattern below needs one of a few first characters
        if not first:
            k += 1
            continue
        if (first in _NUMBER_STARTS and _NUMBERED.match(line) and not _REF.match(line)
                and (tags or subject)):
            break
        block: Span | None = None
        if tags is None and first in _TAGS_STARTS and _TAGS.match(line) and \
                _TAGS_STRICT.match(line):
            tags, k = _tags_block(logical, k)
            block = tags
        elif subject is None and first in _SUBJECT_STARTS and _SUBJECT.match(line):
            subject, k = _subject_block(logical, k)
            block = subject
        elif refs is None and first in _REF_STARTS and _REF.match(line) and \
                _looks_like_ref_line(line):
            refs, k = _ref_block(logical, k)
            block = refs
        else:
            k += 1
        if block is not None:
            end = max(end, block.last + 1)
            if tags and subject and refs:
                break  # nothing more to find
    return Head(tags=tags, subject=subject, refs=refs, end=end)


def _looks_like_ref_line(line: str) -> bool:
    """``REF: STATE 2094``, ``REF. A. PARIS 12`` yes; ``REFERENCE LIBRARY STAFF`` no."""
    m = _REF.match(line)
    assert m
    keyword = line.strip().lstrip("¶").strip().split()[0].upper()
    bare = keyword.rstrip(":.;,")
    if bare in {"REF", "REFS", "REFTEL", "REFTELS"} or bare.startswith("REF("):
        return bool(m.group("rest").strip()) or keyword != bare
    return ":" in keyword


def _tags_block(logical: HeadLines, k: int) -> tuple[Span, int]:
    m = _TAGS.match(logical.text(k))
    assert m
    parts = [m.group("rest")]
    last = k
    j = k + 1
    while logical.has(j) and j <= k + 4:
        nxt = logical.text(j)
        if not nxt.strip() or _STOP.match(nxt):
            break
        ends_open = parts[-1].rstrip().rstrip("\\").rstrip().endswith(",")
        starts_code = re.match(r"^\s*[A-Za-z]{2,}\s*,", nxt) is not None
        if not (ends_open or starts_code or _more_tags(parts, nxt, logical, j)):
            break
        parts.append(nxt)
        last = j
        j += 1
    text = " ".join(p.strip().rstrip("\\").strip() for p in parts)
    return Span(logical.physical[k], logical.physical[last], text), last + 1


def _more_tags(parts: list[str], line: str, logical: HeadLines, j: int) -> bool:
    """A TAGS line wrapped without a comma: the next line holds only tag-shaped words in the
    same case, and is followed by a blank line or another block; either most of its words
    are codes, or a phrase (``COUNTRY`` / ``CLEARANCE``) runs on into it."""
    words = line.replace(",", " , ").split()
    so_far = " ".join(parts)
    if not words or len(words) > 10 or (line.strip().isupper() != so_far.strip().isupper()):
        return False
    upper = [w.upper() for w in words if w != ","]
    if not all(_TAG_TOKEN.match(w) for w in upper):
        return False
    after = logical.text(j + 1).strip() if logical.has(j + 1) else ""
    if after and not (_STOP.match(after) or _SUBJECT.match(after) or _REF.match(after)):
        return False
    vocabulary = tag_vocabulary()
    codes = sum(w.strip(",") in vocabulary for w in upper)
    previous = so_far.replace(",", " ").split()
    phrase_open = bool(previous) and previous[-1].upper() not in vocabulary
    return codes * 2 >= len(upper) or (phrase_open and len(upper) <= 3)


def _subject_block(logical: HeadLines, k: int) -> tuple[Span, int]:
    m = _SUBJECT.match(logical.text(k))
    assert m
    first_text = m.group("rest").strip().rstrip("\\").strip()
    parts = [first_text] if first_text else []
    last = k
    j = k + 1
    # The subject may start on the line after an empty "SUBJECT:".
    if not parts:
        while logical.has(j) and j <= k + 3 and not logical.text(j).strip().rstrip("\\").strip():
            j += 1
    while logical.has(j) and len(parts) < 6:
        raw = logical.text(j)
        nxt = raw.strip().rstrip("\\").strip()
        if is_junk_line(raw):
            j += 1
            continue
        if not nxt:
            resume = _resumes_after_blank(parts, logical, last, j)
            if resume is None:
                break
            j = resume
            continue
        if _STOP.match(nxt) or _NUMBERED.match(nxt) or _ends_subject(parts, nxt):
            break
        parts.append(nxt)
        last = j
        j += 1
    span = Span(logical.physical[k], logical.physical[last], clean_subject(" ".join(parts)))
    return span, last + 1


def _resumes_after_blank(parts: list[str], logical: HeadLines, last: int, j: int) -> int | None:
    """Where a wrapped subject goes on after a blank line the page put in, or None.

    Only a long (wrapped) subject line goes on, and only into a short line of the same case
    that stands alone: followed by a blank line or another block
    (``...FUNDS TO PROTECT THE`` / blank / ``ENVIRONMENT - MAKING REAL PROGRESS``).
    """
    if not parts or len(logical.text(last).rstrip().rstrip("\\").rstrip()) < _WRAPPED_SUBJECT:
        return None
    n = j
    while logical.has(n) and n <= j + 1 and not logical.text(n).strip().rstrip("\\").strip():
        n += 1
    if not logical.has(n):
        return None
    line = logical.text(n).strip().rstrip("\\").strip()
    if (not line or len(line) > 60 or len(line.split()) > 8 or is_junk_line(line)
            or _STOP.match(line) or _NUMBERED.match(line) or _ends_subject(parts, line)
            or _REF_ITEM.match(line) or " FOR " in f" {line.upper()} "
            or line.strip("-= ") == "" or _upper(line) != _upper(" ".join(parts))):
        return None
    after = logical.text(n + 1).strip().rstrip("\\").strip() if logical.has(n + 1) else ""
    if after and not (_STOP.match(after) or _NUMBERED.match(after)):
        return None
    return n


def _upper(text: str) -> bool:
    """True when the text (redaction marks aside) has no lower-case letter."""
    if text.upper() == text:
        return True
    if "xxxx" not in text.lower():
        return False
    text = _REDACTED.sub("", text)
    return text.upper() == text


def _ends_subject(parts: list[str], line: str) -> bool:
    """A line that cannot continue the subject: a cut mark, a banner, a change of case."""
    if line.strip(" .") == "" or BANNER.match(line):
        return True
    return bool(parts) and _upper(" ".join(parts)) and not _upper(line)


def clean_subject(text: str) -> str:
    """Join and tidy a subject: single spaces, no trailing backslash, no leading marking."""
    text = collapse_spaces(text.replace("\\", " "))
    m = _MARKING_ANY_CASE.match(text)
    if m:
        text = text[m.end() :].lstrip(" :-")
    return text.strip()


def _ref_block(logical: HeadLines, k: int) -> tuple[Span, int]:
    parts = [logical.text(k)]
    last = k
    j = k + 1
    while logical.has(j) and j <= k + 30:
        raw = logical.text(j)
        nxt = raw.strip().rstrip("\\").strip()
        if is_junk_line(raw):
            j += 1
            continue
        if not nxt:
            # A blank line ends the block unless the next text line is another item.
            n = j + 1
            while logical.has(n) and (not logical.text(n).strip().rstrip("\\").strip()
                                      or is_junk_line(logical.text(n))):
                n += 1
            if logical.has(n) and _is_ref_item(logical.text(n)):
                j = n
                continue
            break
        if _STOP.match(nxt) and not _REF_ITEM.match(raw):
            break
        parts.append(raw)
        last = j
        j += 1
    text = collapse_spaces(" ".join(p.strip().rstrip("\\") for p in parts))
    return Span(logical.physical[k], logical.physical[last], text), last + 1


def _is_ref_item(line: str) -> bool:
    """A line that carries on a REF list after a blank line: a lettered or ``(2)`` item, or a
    line holding just one reference (``STATE 5678``)."""
    if _NUMBERED.match(line) or (_STOP.match(line.strip()) and not _REF_ITEM.match(line)):
        return False
    if _NOT_AN_ITEM.match(line):
        return False  # "(U) Classified by ...": a marking, not an item "(U)"
    return bool(_REF_ITEM.match(line) or _REF_ITEM_ALONE.match(line.rstrip().rstrip("\\")))
