"""The opening lines of a body cut where a block keyword starts inside a re-flowed line."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: A block keyword that may start in the middle of a line whose line breaks were lost
#: (``SUBJECT: ENERGY TALKS REF: MOSCOW 1234 Classified By: ...``,
#: ``E.O. 12958: DECL: 1/3/2019 TAGS: PTER``, ``Tags: prel, mx Subject: minister visits``).
#: E.O. only with the colon or DECL of the head line, so a subject about "E.O. 13224" is
#: not cut.
_INLINE = re.compile(
    r"""(?<=\s)(?:
        (?:SUBJECT|SUBJ)\s*:
      | (?:REFS?|REF\(S\)|REFTELS?|REFERENCES?)\s*:
      | (?:\(\s*(?:U|C|S|SBU)\s*\)\s*)?CLASSIFIED\s+BY\b
      | TAGS?\s*:
      | E\.?\s?O\.?\s*1\d{4}\s*(?::|DECL\b)
      | ¶?\d{1,2}\.\s?\(\s*(?:U|C|S|SBU|TS)(?:\s*/{1,2}\s*[A-Z]+)*\s*\)
    )""",
    re.I | re.X,
)
#: The REF keyword glued to the end of a subject (``...ON THE NEW CABINETREF: A. PARIS 1212``):
#: upper case only, and only before something shaped like a reference item.
_GLUED_REF = re.compile(
    r"(?<=[A-Z])REFS?:\s*(?=[A-Z][.)]\s|\([A-Z1-9]\)|\d{2,4}\s+[A-Z]|[A-Z]{3,}\s+\d)"
)


class HeadLines:
    """Logical lines of a body's opening, made on demand.

    ``texts[k]`` is the text of logical line ``k`` and ``physical[k]`` the body line it
    comes from. A physical line is cut before every block keyword that starts inside it;
    lines past ``limit`` are not looked at. Cutting is lazy because the opening blocks
    usually end within a few lines, and a re-flowed paragraph may be thousands of characters.
    """

    def __init__(self, lines: list[str], limit: int):
        self._lines = lines
        self._limit = min(limit, len(lines))
        self.size = 0  # logical lines ready: the physical lines checked so far, cut up
        # Until a line needs cutting, the logical lines are the body's own lines.
        self.texts: list[str] = lines
        self.physical: Sequence[int] = range(len(lines))
        self._own_physical: list[int] = []
        self._owned = False
        self._checked = 0  # physical lines looked at so far

    def has(self, k: int) -> bool:
        """True when logical line ``k`` exists (checking and cutting lines as needed)."""
        if k < self.size:
            return True
        lines = self._lines
        while self.size <= k and self._checked < self._limit:
            index = self._checked
            self._checked += 1
            line = lines[index]
            # every inline keyword, or the block it runs on from, has a colon
            pieces = cut_line(line) if ":" in line and _worth_cutting(line) else None
            if pieces is not None and len(pieces) > 1 and not self._owned:
                self.texts, self._own_physical = lines[:index], list(range(index))
                self.physical = self._own_physical
                self._owned = True
            if self._owned:
                pieces = pieces or [line]
                self.texts.extend(pieces)
                self._own_physical.extend([index] * len(pieces))
                self.size += len(pieces)
            else:
                self.size += 1
        return k < self.size

    def text(self, k: int) -> str:
        """Logical line ``k``; empty past the end."""
        return self.texts[k] if k < self.size or self.has(k) else ""


#: What every inline keyword starts with, after a space (looked for in the upper-cased line:
#: much cheaper than the full patterns, which then run on the few lines it finds).
_HINT = re.compile(r"\s(?:SUBJ|REF|TAG|CLASSIFIED|\(\s*[UCS]|E\.?\s?O|¶?\d{1,2}\.\s?\()")
#: Words that, right before a colon, make it the colon of a block keyword.
_KEYWORD_WORDS = frozenset({"SUBJECT", "SUBJ", "REF", "REFS", "REF(S)", "REFTEL", "REFTELS",
                            "REFERENCE", "REFERENCES", "TAGS", "TAG", "BY"})
#: First words of openings that are more than one word (``CLASSIFIED BY:``, ``E.O. 12958:``,
#: ``EO 12958 DECL:``, ``REF A:``).
_LONG_OPENINGS = frozenset({"CLASSIFIED", "E.O", "EO", "E", "REF", "REFS"})


def _worth_cutting(line: str) -> bool:
    """A cheap first look: can a block keyword start inside this line (which holds a colon)?

    Every inline keyword but Classified By and a paragraph number brings its own colon, and
    the word before that colon says which: a line whose colons all follow other words
    (``SUBJECT: HARARE: ...``, ``E.O. 12958: DECL: ...``) needs no cutting, nor does a
    numbered paragraph, where the opening blocks end.
    """
    stripped = line.lstrip()
    if stripped[:1].isdigit() and _PARAGRAPH.match(stripped):
        return False
    colons = line.count(":")
    at = stripped.find(":")
    if colons == 1 and (" " not in stripped[:at].rstrip()
                        or stripped[:10].upper() == "CLASSIFIED"):
        pass  # the common case: one opening keyword with its colon
    elif colons == 2 and stripped[:1] in "Ee" and stripped.find(":", at + 1) - at < 8 and \
            "DECL" in stripped[at:at + 8].upper():
        at = stripped.find(":", at + 1)  # the E.O. line: "E.O. 12958: DECL: 01/04/2020"
    else:
        at = -1
    if at != -1:
        rest = stripped[at:]
        return "LASSIFIED" in rest or "lassified" in rest or ". (" in rest or ".(" in rest
    parts = stripped.split(":")
    opening = parts[0].split()
    if len(opening) > 1 and not (len(opening) <= 3 and opening[0].upper().rstrip(".")
                                 in _LONG_OPENINGS):
        parts[0] = " " + parts[0]  # the colon after it may be an inline keyword's
    else:
        parts[0] = ""
    for part in parts[:-1]:
        tail = part[-14:].split()
        if tail:
            word = tail[-1].upper()
            if (word in _KEYWORD_WORDS or word.endswith(("REF", "REFS"))
                    or (len(word) == 5 and word.isdigit())):  # "... E.O. 12958:"
                return True
    rest = stripped[len(opening[0]) if opening else 0:]
    return "LASSIFIED" in rest or "lassified" in rest or ". (" in rest or ".(" in rest


#: A numbered paragraph: the opening blocks end there, whatever the line holds further on.
_PARAGRAPH = re.compile(r"\d{1,3}\s*[.)]")


def _glued_ref_possible(line: str) -> bool:
    """``REF:`` (or ``REFS:``) right after a capital letter somewhere in the line."""
    at = line.find("REF", 1)
    while at != -1:
        after = line[at + 3 : at + 5]
        if line[at - 1].isupper() and (after[:1] == ":" or after == "S:"):
            return True
        at = line.find("REF", at + 3)
    return False


def cut_line(line: str) -> list[str]:
    """A physical line cut before each block keyword that starts inside it."""
    glued = _glued_ref_possible(line)
    if not glued and not _HINT.search(line.upper()):
        return [line]
    starts = [m.start() for m in _INLINE.finditer(line)]
    if glued:
        starts += [m.start() for m in _GLUED_REF.finditer(line)]
    if not starts:
        return [line]
    lead = len(line) - len(line.lstrip())
    cuts = sorted(s for s in set(starts) if s > lead)
    if not cuts:
        return [line]
    pieces = []
    begin = 0
    for cut in cuts:
        pieces.append(line[begin:cut].rstrip())
        begin = cut
    pieces.append(line[begin:])
    return [p for p in pieces if p.strip()] or [line]
