"""Turn REF lines into canonical reference ids (``REF: STATE 2094`` in 2010 is ``10STATE2094``)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.archive.ref_tokens import Token, tokenize
from desktop.archive.refids import is_known
from desktop.archive.stations import POST_WORDS, StationMatch, match_station

_MAX_STATION_WORDS = 4
_MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV",
           "DEC", "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST",
           "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"}
_JOINERS = {",", ";", "&", "AND"}


@dataclass
class _Item:
    """One reference found in the text, before its year is settled."""

    start: int  # character offsets of the span shown as a link
    end: int
    station: StationMatch
    serial: int
    year: str | None  # written before the station (or inside a glued id)
    year_token: int | None  # the token that gave ``year``
    after_year: str | None  # written after the serial: "455 (07)", "3310-89", "00412/07"
    after_token: int | None  # the "(07)" token, when that is how it was written
    last_token: int  # the item's last token (for "1234, 5678" lists)


def parse_references(text: str, own_refid: str, year: str) -> tuple[str, ...]:
    """Cable reference ids named in a REF block.

    Args:
        text: the REF block (``REF: A. 06 TBILISI 0619 B. SMITH E-MAIL 12/01/09``).
        own_refid: the citing cable, whose self-references are dropped.
        year: the citing cable's two-digit year, used when a reference gives none.

    Returns:
        Canonical ids in order of appearance, without duplicates. Non-cable references
        (e-mails, calls, reports) yield nothing: they stay in the text.
    """
    found: list[str] = []
    for _, _, refid in reference_spans(text, year):
        if refid != own_refid and refid not in found:
            found.append(refid)
    return tuple(found)


def reference_spans(text: str, year: str) -> list[tuple[int, int, str]]:
    """Where each cable reference sits in the text: ``(start, end, refid)``.

    The span runs from the station name to the serial (``STATE 2094``), covers a glued id
    (``08LIMA0412``), or just the serial of a reference that shares its station
    (``... 2799 AND 2764``). Text before a REF keyword inside the line (a subject run on
    into it) and from ``Classified By`` or ``E.O.`` on is not read.

    A misspelt or cut-off station (``BRASLIA``, ``KUALA LUMPU``) is accepted only when the
    id it yields is in the release; where a station may be written two ways (``BRUSSELS``:
    the embassy or the EU mission) the form the release holds wins.
    """
    tokens = tokenize(text)
    items = _items(tokens, year)
    _settle_shared_years(items, tokens, year)
    spans = []
    for item in items:
        refid = _resolve(item, item.year or item.after_year or year)
        if refid:
            spans.append((item.start, item.end, refid))
    return spans


def _items(tokens: list[Token], year: str) -> list[_Item]:
    items: list[_Item] = []
    for k, tok in enumerate(tokens):
        if tok.kind == "glued":
            match = match_station([tok.station])
            if match is not None and tok.serial:
                items.append(_Item(tok.start, tok.end, match, tok.serial, tok.year, k, None,
                                   None, k))
            continue
        if tok.kind not in {"num", "stser"} or not tok.serial:
            continue
        item = _with_station_before(tokens, k, year, items)
        if item is None and tok.kind == "num":
            item = _continued(tokens, k, items) or _with_station_after(tokens, k)
        if item is None:
            continue
        items.append(item)
        second = tok.second_serial
        if second:
            items.append(_Item(tok.start, tok.end, item.station, second, item.year,
                               item.year_token, item.after_year, item.after_token, k))
    return items


def _with_station_before(tokens: list[Token], k: int, year: str,
                         items: list[_Item]) -> _Item | None:
    """``STATE 1234``, ``06 TBILISI 0619``, ``AMMAN (C) 01187``, ``BELGRADE743``."""
    tok = tokens[k]
    if tok.kind == "stser":
        match = match_station([tok.station])
        first = k
    else:
        j = k - 1
        while j >= 0 and tokens[j].kind == "mark":
            j -= 1
        found = _station_ending_at(tokens, j)
        if found is None:
            return None
        match, first = found
    if match is None:
        return None
    written_year, year_token = _year_before(tokens, first)
    taken = items[-1].last_token if items else -1
    if year_token is not None and (
            (year_token == taken and tokens[year_token].kind == "num")
            or not _plausible(written_year or "", year)):
        written_year, year_token = None, None  # the previous reference's serial, not a year
    if tokens[first].kind == "yst":
        written_year, year_token = tokens[first].year, first
    after_year, after_token, last = _year_after(tokens, k, year)
    return _Item(tokens[first].start, tok.end, match, tok.serial, written_year, year_token,
                 after_year, after_token, last)


def _station_ending_at(tokens: list[Token], j: int) -> tuple[StationMatch, int] | None:
    """The station whose last word is token ``j``, and the index of its first word: exact
    names and aliases first (longest first), then a fuzzy guess (shortest first)."""
    words: list[int] = []
    while j >= 0 and len(words) < _MAX_STATION_WORDS and tokens[j].kind in {"word", "yst"}:
        words.insert(0, j)
        if tokens[j].kind == "yst":
            break
        j -= 1
    windows = [words[n:] for n in range(len(words))]
    windows = [w for w in windows if tokens[w[0]].station not in POST_WORDS]
    guess: tuple[StationMatch, int] | None = None
    for window in windows:  # longest first
        match = match_station([tokens[i].station for i in window])
        if match is not None and match.exact:
            return match, window[0]
    for window in reversed(windows):  # shortest first
        match = match_station([tokens[i].station for i in window])
        if match is not None:
            guess = match, window[0]
            break
    return guess


def _year_before(tokens: list[Token], first: int) -> tuple[str | None, int | None]:
    """A year written before the station: ``06 TBILISI``, ``2007 MANAGUA``, ``(08) SAO PAULO``."""
    if first == 0:
        return None, None
    before = tokens[first - 1]
    if before.kind == "pyear" or (before.kind == "num" and before.year_shaped):
        return before.year, first - 1
    return None, None


def _year_after(tokens: list[Token], k: int, year: str) -> tuple[str | None, int | None, int]:
    """A year written after the serial: ``455 (07)``, ``3310-89``, ``00412/07``."""
    tok = tokens[k]
    if tok.kind == "num" and tok.year_after and _plausible(tok.year_after, year):
        return tok.year_after, None, k
    if k + 1 < len(tokens) and tokens[k + 1].kind == "pyear":
        after = tokens[k + 1]
        if after.year and _plausible(after.year, year):
            return after.year, k + 1, k + 1
    return None, None, k


def _continued(tokens: list[Token], k: int, items: list[_Item]) -> _Item | None:
    """``BRASILIA 2799 AND 2764``, ``STATE 1234, 5678``: a bare serial sharing the station of
    the reference just before it."""
    if not items or k < 2 or tokens[k - 1].text not in _JOINERS:
        return None
    previous = items[-1]
    if previous.last_token != k - 2:
        return None
    tok = tokens[k]
    if tok.year_shaped and len(tok.text) == 4:
        return None
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is not None and (nxt.text in _MONTHS or _station_follows(tokens, k + 1)):
        return None
    after_year, after_token, last = _year_after(tokens, k, "")
    return _Item(tok.start, tok.end, previous.station, tok.serial, previous.year,
                 previous.year_token, after_year or previous.after_year, after_token, last)


def _with_station_after(tokens: list[Token], k: int) -> _Item | None:
    """``412 DHAKA``: the serial written before the station (and no serial after it)."""
    tok = tokens[k]
    if len(tok.text) < 3 or (tok.year_shaped and len(tok.text) == 4):
        return None
    if k > 0 and tokens[k - 1].kind in {"word", "pyear"}:
        return None
    words: list[int] = []
    j = k + 1
    while j < len(tokens) and len(words) < _MAX_STATION_WORDS and tokens[j].kind == "word":
        words.append(j)
        j += 1
    for n in range(len(words), 0, -1):
        window = words[:n]
        match = match_station([tokens[i].station for i in window])
        if match is None or not match.exact:
            continue
        if _serial_at(tokens, window[-1] + 1):
            return None  # "06 TBILISI 2601": the number is the next reference's year
        return _Item(tok.start, tokens[window[-1]].end, match, tok.serial, None, None,
                     None, None, window[-1])
    return None


def _station_follows(tokens: list[Token], j: int) -> bool:
    """True when tokens from ``j`` name a station followed by a serial."""
    end = j
    while end < len(tokens) and end < j + _MAX_STATION_WORDS and tokens[end].kind == "word":
        end += 1
    return end > j and _serial_at(tokens, end) and any(
        match_station([t.station for t in tokens[j:stop]]) is not None
        for stop in range(end, j, -1))


def _serial_at(tokens: list[Token], j: int) -> bool:
    while j < len(tokens) and tokens[j].kind == "mark":
        j += 1
    return j < len(tokens) and tokens[j].kind == "num"


def _settle_shared_years(items: list[_Item], tokens: list[Token], year: str) -> None:
    """``BRASILIA 709 (08) SAO PAULO 542``: does "(08)" close the first reference or open
    the second? As written after a serial it closes it, unless reading it the other way
    yields more ids of the release."""
    for a, b in zip(items, items[1:], strict=False):
        if a.after_token is None or b.year_token != a.after_token:
            continue
        after = _hits(a, a.after_year, year) + _hits(b, None, year)
        before = _hits(a, None, year) + _hits(b, b.year, year)
        if before > after:
            a.after_year = a.after_token = None
        else:
            b.year = b.year_token = None


def _hits(item: _Item, written: str | None, year: str) -> int:
    refid = _resolve(item, written or year)
    return int(refid is not None and is_known(refid))


def _resolve(item: _Item, year: str) -> str | None:
    """The reference id: the first station whose id is in the release, else (for a name
    written as a known station) the first one; a fuzzy guess needs the release."""
    if not year:
        return None
    candidates = [f"{year}{station}{item.serial}" for station in item.station.stations]
    for refid in candidates:
        if is_known(refid):
            return refid
    return candidates[0] if item.station.exact else None


def _plausible(written: str, year: str) -> bool:
    """A two-digit year no later than the citing cable's (1966 to 2010)."""
    if not year:
        return True
    return _full(written) <= _full(year)


def _full(two_digits: str) -> int:
    n = int(two_digits)
    return 1900 + n if n >= 66 else 2000 + n

