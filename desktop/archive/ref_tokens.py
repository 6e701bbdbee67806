"""Cut the text of a REF block into tokens: words, serials, years, glued ids, item labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Where the references start: after a REF keyword at the start, after one inside the line
#: (``PROGRAM REF:``, ``...CABINETREF: A. PARIS 12``), or at the start of a continuation line.
_KEYWORD = re.compile(
    r"^\s*(?:¶\s*)?(?:REFS?|REF\(S\)|REFTELS?|REFERENCES?)(?![A-Z])\s*[:.]?"
    r"|(?<=\s)(?:REFS?|REF\(S\)|REFTELS?|REFERENCES?)\s*:"
    r"|(?<=[A-Z])REFS?:"
)
#: Where they stop: the next block of the head.
_END = re.compile(
    r"CLASSIFIED\s+BY|\bE\.?\s?O\.?\s*1\d{4}\s*(?::|DECL)|\bTAGS?\s*:|\bSUBJ(?:ECT)?\s*:", re.I
)
_TOKEN = re.compile(
    r"""
      (?P<glued>(?<![\w-])(?P<gy>(?:19|20)\d\d|\d\d)-?(?P<gst>[A-Z]{3,}(?:-[A-Z]+)*)-?(?P<gs>\d{1,7})(?![\w/]))
    | (?P<yst>(?<![\w-])(?P<yy>\d\d)(?P<yw>[A-Z]{3,})(?![\w-]))
    | (?P<stser>(?<![\w-])(?P<sw>[A-Z]{3,})(?P<ss>\d{1,7})(?![\w/-]))
    | (?P<pyear>\(\s*(?P<py>(?:19|20)?\d\d)\s*\))
    | (?P<mark>\(\s*(?:TS|SBU|S|C|U|LOU|NF)(?:\s*/{1,2}\s*[A-Z]+)*\s*\))
    | (?P<label>\([A-Z]\)|\(\d{1,2}\)|(?<![\w.])[A-Z][.)](?=\s|$))
    | (?P<num>(?<![\w.])\d{1,7}(?:[-/]\d{1,7})?)(?![\w])
    | (?P<word>[A-Z][A-Z']*)
    | (?P<join>[,;&])
    """,
    re.X,
)
_ASCII_UPPER = {c: c - 32 for c in range(ord("a"), ord("z") + 1)}
_ZERO_FOR_O = re.compile(r"(?<=[A-Z]{3})0(?=\s+\d)")  # "SANTIAG0 465"
_O_IN_YEAR = re.compile(r"(?<![\w])(?=[0-9O]*\d)(?=[0-9O]*O)(?:[0-9O]{2}|(?:19|20|2O)[0-9O]{2})"
                        r"(?=\s+[A-Z])")  # "O8 STATE 123": a letter O for a zero


@dataclass(frozen=True)
class Token:
    """A piece of a REF block. ``station`` holds a word's letters; ``serial`` a number's
    value; ``year`` the two-digit year a token states."""

    kind: str  # glued, yst, stser, pyear, mark, label, num, word, join
    text: str
    start: int
    end: int
    station: str = ""
    serial: int = 0
    year: str | None = None
    year_shaped: bool = False  # "06" or "2006": a number that may be a year
    year_after: str | None = None  # "3310-89", "00412/07": the year after the serial
    second_serial: int = 0  # "812/813": a second serial of the same station


def tokenize(text: str) -> list[Token]:
    """The tokens of the references in ``text`` (see ``_KEYWORD`` and ``_END``)."""
    upper = text.translate(_ASCII_UPPER)  # same length, so offsets stay valid
    upper = _ZERO_FOR_O.sub("O", upper)
    upper = _O_IN_YEAR.sub(lambda m: m.group(0).replace("O", "0"), upper)
    keyword = _KEYWORD.search(upper)
    begin = keyword.end() if keyword else 0
    end = _END.search(upper, begin)
    stop = end.start() if end else len(upper)
    return [_token(m) for m in _TOKEN.finditer(upper, begin, stop)]


def _token(m: re.Match[str]) -> Token:
    kind = m.lastgroup or ""
    text, start, end = m.group(0), m.start(), m.end()
    if kind == "glued":
        station = m.group("gst").replace("-", "")
        return Token(kind, text, start, end, station, int(m.group("gs")), m.group("gy")[-2:])
    if kind == "yst":
        return Token(kind, text, start, end, m.group("yw"), 0, m.group("yy"))
    if kind == "stser":
        return Token(kind, text, start, end, m.group("sw"), int(m.group("ss")))
    if kind == "pyear":
        return Token(kind, text, start, end, year=m.group("py")[-2:])
    if kind == "word":
        return Token(kind, text, start, end, text)
    if kind == "num":
        return _number(text, start, end)
    return Token(kind, text, start, end)


def _number(text: str, start: int, end: int) -> Token:
    head, sep, tail = text.partition("-") if "-" in text else text.partition("/")
    year_shaped = len(head) == 2 or (len(head) == 4 and head[:2] in {"19", "20"})
    year = head[-2:] if year_shaped else None
    year_after = tail if sep and len(tail) == 2 else None
    second = int(tail) if sep == "/" and len(tail) >= 3 else 0
    return Token("num", text, start, end, serial=int(head), year=year,
                 year_shaped=year_shaped, year_after=year_after, second_serial=second)
