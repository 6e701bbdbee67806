"""Turn REF lines into canonical reference ids (``REF: STATE 2094`` in 2010 is ``10STATE2094``)."""

from __future__ import annotations

import re

from desktop.archive.glossary import known_stations

#: Station spellings seen in REF lines, mapped to the station of the reference id
#: (heuer/cablemap ``c14n.py``).
STATION_FIXES: dict[str, str] = {
    "SECSTATE": "STATE",
    "SECTSTATE": "STATE",
    "STAT": "STATE",
    "USUN": "USUNNEWYORK",
    "USUNNY": "USUNNEWYORK",
    "USEU": "USEUBRUSSELS",
    "UNVIE": "UNVIEVIENNA",
    "BA": "BUENOSAIRES",
    "RIO": "RIODEJANEIRO",
    "RIODEJAN": "RIODEJANEIRO",
    "PAP": "PORTAUPRINCE",
    "HAGUE": "THEHAGUE",
    "MEXICOCITY": "MEXICO",
    "EMBASSYVIENNA": "VIENNA",
}

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z]+)*|&|,|;")
_REF_KEYWORD = re.compile(r"^\s*¶?\s*(?:REFS?|REF\(S\)|REFERENCES?|REFTELS?)\b\s*[:.;]?", re.I)
_MAX_STATION_WORDS = 4


def canonical_station(words: list[str]) -> str | None:
    """The known station the words name (``RIO DE JAN`` -> ``RIODEJANEIRO``), or None."""
    joined = "".join(words).upper().replace("-", "")
    if any(c.isalpha() for c in joined):
        joined = joined.replace("0", "O")  # "SANTIAG0": an O typed as a zero
    if not joined.isalpha():
        return None
    joined = STATION_FIXES.get(joined, joined)
    return joined if joined in known_stations() else None


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

    The span runs from the station name to the serial (``STATE 2094``), or covers just the
    serial of a reference that shares its station (``... 2799 AND 2764``).
    """
    keyword = _REF_KEYWORD.match(text)
    begin = keyword.end() if keyword else 0
    matches = list(_TOKEN.finditer(text, begin))
    tokens = [m.group(0) for m in matches]
    spans: list[tuple[int, int, str]] = []
    last: tuple[str, str] | None = None  # (year, station) of the previous reference
    for k, tok in enumerate(tokens):
        if not tok.isdigit() or len(tok) > 7:
            continue
        ref = _reference_at(tokens, k, year)
        words = ref[2] if ref else 0
        if ref is None and last is not None and k >= 2 and _continues(tokens, k):
            ref = (*last, 0)
        if ref is None:
            last = None
            continue
        last = (ref[0], ref[1])
        start = matches[k - words].start()
        spans.append((start, matches[k].end(), f"{ref[0]}{ref[1]}{int(tok)}"))
    return spans


def _reference_at(tokens: list[str], k: int, default_year: str
                  ) -> tuple[str, str, int] | None:
    """(year, station, words in the station name) when the digits at ``k`` follow a station."""
    for n in range(min(_MAX_STATION_WORDS, k), 0, -1):
        words = tokens[k - n : k]
        if any(not w[0].isalpha() for w in words[1:]) or words[0] in {",", ";", "&"}:
            continue
        station = canonical_station(words)
        if station is None:
            continue
        year = default_year
        if k - n - 1 >= 0:
            before = tokens[k - n - 1]
            if before.isdigit() and len(before) == 2:
                year = before
            elif before.isdigit() and len(before) == 4 and before[:2] in {"19", "20"}:
                year = before[2:]
        return year, station, n
    return None


def _continues(tokens: list[str], k: int) -> bool:
    """``BRASILIA 2799 AND 2764``: a bare serial joined to the previous reference."""
    joiner = tokens[k - 1].upper()
    return joiner in {"AND", "&", ","} and tokens[k - 2].isdigit()
