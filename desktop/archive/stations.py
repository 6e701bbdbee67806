"""Station names as REF lines write them: aliases, misspellings, and a cautious fuzzy match."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from desktop.archive.glossary import known_stations

#: Written forms (letters only, upper case, spaces removed) and the stations they stand for,
#: best first. A second station is an alternative the release may hold the cable under
#: (``BRUSSELS 1234`` may be the embassy's or the EU mission's): the caller takes the first
#: that yields a reference id of the release. Forms from heuer/cablemap ``c14n.py`` and from
#: real REF lines (``BA 1485``, ``DUBAI RPO 378``, ``EMBASSY VIENNA 1450``).
STATION_ALIASES: dict[str, tuple[str, ...]] = {
    "SECSTATE": ("STATE",),
    "SECTSTATE": ("STATE",),
    "SECSTATEWASHDC": ("STATE",),
    "STAT": ("STATE",),
    "USUN": ("USUNNEWYORK",),
    "USUNNY": ("USUNNEWYORK",),
    "USUNNEWYORKCITY": ("USUNNEWYORK",),
    "USEU": ("USEUBRUSSELS",),
    "USEUBRUSSELS": ("USEUBRUSSELS",),
    "UNVIE": ("UNVIEVIENNA",),
    "UNVIEVIENNA": ("UNVIEVIENNA",),
    "USMISSIONGENEVA": ("GENEVA",),
    "BA": ("BUENOSAIRES",),
    "RIO": ("RIODEJANEIRO",),
    "RIODEJAN": ("RIODEJANEIRO",),
    "RIODEJ": ("RIODEJANEIRO",),
    "PAP": ("PORTAUPRINCE",),
    "PORTAU": ("PORTAUPRINCE",),
    "HAGUE": ("THEHAGUE",),
    "MEXICOCITY": ("MEXICO",),
    "GUATEMALACITY": ("GUATEMALA",),
    "PANAMACITY": ("PANAMA",),
    "KUWAITCITY": ("KUWAIT",),
    "KL": ("KUALALUMPUR",),
    "HCMC": ("HOCHIMINHCITY",),
    "HCMCITY": ("HOCHIMINHCITY",),
    "HOCHIMINH": ("HOCHIMINHCITY",),
    "SAIGON": ("HOCHIMINHCITY",),
    "HOLYSEE": ("VATICAN",),
    "DELHI": ("NEWDELHI",),
    "SAINTPETERSBURG": ("STPETERSBURG",),
    "DUBAIRPO": ("RPODUBAI", "IRANRPODUBAI"),
    "RPODUBAI": ("RPODUBAI", "IRANRPODUBAI"),
    "IRANRPODUBAI": ("IRANRPODUBAI", "RPODUBAI"),
    "AITTAIPEI": ("AITTAIPEI", "TAIPEI"),
    "TAIPEI": ("TAIPEI", "AITTAIPEI"),
    "BRUSSELS": ("BRUSSELS", "USEUBRUSSELS"),
    "PARIS": ("PARIS", "PARISFR"),
    "UNESCOPARIS": ("UNESCOPARISFR",),
    "KIEV": ("KIEV", "KYIV"),
    "KYIV": ("KYIV", "KIEV"),
    "CALCUTTA": ("CALCUTTA", "KOLKATA"),
    "KOLKATA": ("KOLKATA", "CALCUTTA"),
    "MADRAS": ("MADRAS", "CHENNAI"),
    "CHENNAI": ("CHENNAI", "MADRAS"),
    "BOMBAY": ("MUMBAI",),
}

#: Words that may stand before a station name and are not part of it.
POST_WORDS = frozenset({"EMBASSY", "AMEMBASSY", "AMCONSUL", "CONSULATE", "USMISSION", "AMEMB"})

#: Fuzzy matching only for written forms at least this long (shorter ones are too often
#: ordinary words: ``ROLE`` is one letter from ROME).
FUZZY_MIN = 5
#: A cut-off name (``KUALA LUMPU``) must keep at least this many letters.
PREFIX_MIN = 6


@dataclass(frozen=True)
class StationMatch:
    """The stations some words may name, best first; ``exact`` is False for a fuzzy guess,
    which the caller must confirm against the release."""

    stations: tuple[str, ...]
    exact: bool


def joined_form(words: Sequence[str]) -> str:
    """``Rio de Jan`` -> ``RIODEJAN``; ``SANTIAG0`` -> ``SANTIAGO``; apostrophes dropped."""
    text = "".join(words).upper().replace("-", "").replace("'", "").replace(".", "")
    if any(c.isalpha() for c in text):
        text = text.replace("0", "O")  # "SANTIAG0": an O typed as a zero
    return text


def match_station(words: Sequence[str]) -> StationMatch | None:
    """What station the words name, if any (see ``match_form``)."""
    return match_form(joined_form(words))


@lru_cache(maxsize=8192)
def match_form(form: str) -> StationMatch | None:
    """The station(s) a joined written form names: itself, an alias, or (fuzzy) a known
    station one edit away or cut short. None when the form is not a station name."""
    if not form.isalpha():
        return None
    stations = known_stations()
    if form in STATION_ALIASES:
        return StationMatch(STATION_ALIASES[form], True)
    if form in stations:
        return StationMatch((form,), True)
    near = near_stations(form, stations)
    return StationMatch(near, False) if near else None


def near_stations(form: str, stations: Iterable[str] | None = None) -> tuple[str, ...]:
    """Known stations one edit (a letter left out, added, changed or two swapped) away from
    ``form``, or of which ``form`` is a cut-off start; sorted, empty when none."""
    if len(form) < FUZZY_MIN:
        return ()
    index = _index(frozenset(stations) if stations is not None else known_stations())
    found: set[str] = set()
    for key in (form, *_deletions(form)):
        found.update(index.deletes.get(key, ()))
    found = {s for s in found if damerau_one(form, s)}
    if len(form) >= PREFIX_MIN:
        found.update(index.prefixes.get(form, ()))
    found.discard(form)
    return tuple(sorted(found))


def damerau_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one edit (Damerau: a swap is one edit)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@dataclass(frozen=True)
class _Index:
    deletes: dict[str, tuple[str, ...]]  # a station, or a station with one letter deleted
    prefixes: dict[str, tuple[str, ...]]  # a station cut short by one to three letters


@lru_cache(maxsize=4)
def _index(stations: frozenset[str]) -> _Index:
    deletes: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}
    for station in stations:
        for key in (station, *_deletions(station)):
            deletes.setdefault(key, set()).add(station)
        for cut in range(1, 4):
            if len(station) - cut >= PREFIX_MIN:
                prefixes.setdefault(station[:-cut], set()).add(station)
    return _Index({k: tuple(sorted(v)) for k, v in deletes.items()},
                  {k: tuple(sorted(v)) for k, v in prefixes.items()})


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}
