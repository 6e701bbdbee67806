"""Line-level patterns of cable text: page breaks, markings, banners, and text normalisation."""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: A page-break line: ``DUSHANBE 00000170  002.2 OF 012``, ``TALLINN 00000114 003 OF 003``,
#: ``BLA 0000001 003.2 OF 39`` or the older ``PAGE 02 ROME 01196 01 OF 02 082030Z``.
PAGE_BREAK = re.compile(
    r"""^\s*(?:
        [A-Z][A-Z .'-]{1,40}?\s+\d{5,8}\s+\d{2,3}(?:\.\d)?\s+OF\s+\d{2,3}
      | (?:(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED\ OFFICIAL\ USE)\s+)?
        PAGE\s+\d{2,3}\s+.*?\d{6}Z
    )\s*\\?\s*$""",
    re.X,
)

#: The same markers when a media partner re-flowed them into running text.
INLINE_PAGE_BREAK = re.compile(
    r" ?\b[A-Z][A-Z]{2,}(?: [A-Z]+){0,2} 0{2,}\d{1,6} {1,2}\d{3}(?:\.\d)? OF \d{3}\b ?"
)

SIPDIS_LINE = re.compile(r"^\s*(?:SIPDIS\s*)+\\?\s*$")

#: A paragraph classification marking: (U) (C) (S) (TS) (SBU) (SBU/N) (S//NF) (C/REL LIBYA) ...
MARKING = re.compile(
    r"\(\s*(?P<m>(?:TS|SBU|S|C|U)(?:\s*/{1,2}\s*[A-Z][A-Z ,/-]{0,24}?)?)\s*\)"
)

#: The letter-spaced or plain classification banner that opens a body.
BANNER = re.compile(
    r"^\s*(?:UNCLAS\b|UNCLASSIFIED\b|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L\b"
    r"|S\s?E\s?C\s?R\s?E\s?T\b|LIMITED OFFICIAL USE\b|TOP SECRET\b)",
    re.I,
)

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ASCII_NON_WORD = {c: None for c in range(128) if not chr(c).isalnum()}
_SPACES = re.compile(r"\s+")


def split_lines(text: str) -> list[str]:
    """The text's lines, whatever the line ends (CRLF, CR or LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def split_top(text: str, count: int) -> list[str]:
    """The text's first ``count`` lines, as ``split_lines`` gives them; one more item may
    follow, holding the rest of the text unsplit (cheap for a long body)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n", count)


#: Every page break has a run of 5+ digits or the word PAGE; SIPDIS lines say SIPDIS. One
#: C-level search rules most lines out before the full patterns run (this runs on every line
#: of every cable shown).
_JUNK_HINT = re.compile(r"\d{5}|PAGE|SIPDIS")


def is_page_break(line: str) -> bool:
    return _JUNK_HINT.search(line) is not None and bool(PAGE_BREAK.match(line))


def is_sipdis(line: str) -> bool:
    return "SIPDIS" in line and bool(SIPDIS_LINE.match(line))


def is_junk_line(line: str) -> bool:
    """A line that is transmission furniture rather than text: page breaks and SIPDIS."""
    if _JUNK_HINT.search(line) is None:
        return False
    return bool(PAGE_BREAK.match(line)) or bool(SIPDIS_LINE.match(line))


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as single spaces, none at the ends."""
    if "  " not in text and text.isprintable():  # no whitespace but single spaces: as is
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def normalise_for_hash(text: str) -> str:
    """Text reduced to its letters and digits, case-folded: immune to spacing, wrapping and
    punctuation noise, so the same paragraph from two sources hashes the same."""
    if text.isascii():
        return text.lower().translate(_ASCII_NON_WORD)
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def text_hash(text: str) -> str:
    """A short, stable hash of a paragraph's normalised text (12 hex digits)."""
    return hashlib.blake2b(normalise_for_hash(text).encode("utf-8"), digest_size=6).hexdigest()
