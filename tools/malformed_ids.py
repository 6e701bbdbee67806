"""Find the malformed reference ids of the release, their canonical forms, and real stations.

Used by ``tools/build_reference_data.py``. Everything is derived from the list of reference
ids of the release (``cable2month.csv.gz``) and the origin table; nothing is copied from
another parser's tables.

- A station token is *garbled* when it is rare (at most two cables), is not the station of a
  WikiLeaks origin, and lies one or two edits from a station with fifty or more cables
  (``BRASIIA``, ``THEHAGU``); or when it carries leaked header words (``EFTOLONDON``,
  ``AMEMBASSYHANOI``, ``NOFORNMOGADISHU``, ``SIFIEDABUJA``). The real stations are the rest.
- An id is malformed when its station is garbled or its shape is not year-station-serial:
  section words pulled into the id (``08SCTION02OF02SAOPAULO335``), a doubled year
  (``7575LIBREVILLE1895``), a tail after the serial (``06MADRID002583ZFR2585``,
  ``90STATE255195TOSEC140301``).
- Its canonical form is read with the real stations. When that id is in the release too,
  created in the same month, the two are *twins* (one cable published twice; a station two
  edits away counts only then). Otherwise the canonical form is a *correction*, kept as an
  alias: a station one edit from a station with many cables, or two edits from a long one.
  An id with no single reading gets no alias (``06ASTANA``, ``092OF5``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.archive.refids import CORRECTED, TWIN, split_refid

JUNK_PREFIXES = ("EFTO", "AMEMBASSY", "NOFORN", "SIFIED")
#: A station with this many cables is real beyond doubt: the target of corrections.
BIG_STATION = 50
RARE_STATION = 2

_SECTION = re.compile(r"^(\d{2})[A-Z]{0,10}\d{1,2}[A-Z]{1,3}\d{1,2}([A-Z]+)(\d{1,7})$")
_DOUBLED_YEAR = re.compile(r"^(\d{2})\1([A-Z]+)(\d{1,7})$")
_TAIL = re.compile(r"^(\d{2})([A-Z]+)(0\d{1,6})[A-Z]+(\d{1,7})$")
_TOSEC = re.compile(r"^(\d{2})([A-Z]+)(\d{1,7})TOSEC\d+$")  # a message to the Secretary's party
#: A garbled station this long may be corrected two edits away without the release's word.
LONG_TOKEN = 8


@dataclass(frozen=True)
class ReleaseIds:
    """The release's ids with their months, and the station counts of the well-formed ones."""

    months: dict[str, str]
    counts: Counter[str]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> ReleaseIds:
        months = dict(rows)
        counts: Counter[str] = Counter()
        for refid in months:
            parts = split_refid(refid)
            if parts:
                counts[parts[1]] += 1
        return cls(months, counts)


def edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), at most ``cap + 1``."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], before[j - 2] + 1)
        before, prev = prev, cur
    return prev[-1]


def garbled_stations(release: ReleaseIds, origin_stations: set[str]) -> set[str]:
    """Station tokens that are not real stations (see the module docstring)."""
    big = [s for s, n in release.counts.items() if n >= BIG_STATION]
    garbled = {s for s in release.counts if s.startswith(JUNK_PREFIXES)}
    for token, n in release.counts.items():
        if n > RARE_STATION or token in origin_stations or token in garbled:
            continue
        if any(edit_distance(token, s, 2) <= 2 for s in big if s != token):
            garbled.add(token)
    return garbled


def readings(refid: str) -> list[tuple[str, str, int]]:
    """Every (year, station token, serial) an id may be read as."""
    found = []
    for pattern in (_SECTION, _DOUBLED_YEAR, _TOSEC):
        m = pattern.match(refid)
        if m:
            found.append((m.group(1), m.group(2), int(m.group(3))))
    m = _TAIL.match(refid)
    if m:
        found += [(m.group(1), m.group(2), int(m.group(3))),
                  (m.group(1), m.group(2), int(m.group(4)))]
    parts = split_refid(refid)
    if parts:
        found.append(parts)
    return found


def canonical_candidates(refid: str, real: set[str], release: ReleaseIds,
                         max_edits: int) -> list[str]:
    """Canonical ids the malformed ``refid`` may stand for. A garbled station is replaced by
    a real one at most ``max_edits`` edits away: with one edit only stations with many
    cables qualify; with two, any real station (the release must then confirm the id)."""
    pool = real if max_edits > 1 else {s for s in real if release.counts[s] >= BIG_STATION}
    found: list[str] = []
    for year, token, serial in readings(refid):
        for prefix in JUNK_PREFIXES:
            if token.startswith(prefix) and token[len(prefix):] in real:
                token = token[len(prefix):]
        if token in real:
            stations = [token]
        elif len(token) >= 3:
            stations = sorted(s for s in pool if edit_distance(token, s, max_edits) <= max_edits)
        else:
            stations = []
        for station in stations:
            candidate = f"{year}{station}{serial}"
            if candidate != refid and candidate not in found:
                found.append(candidate)
    return found


def _long_station(refid: str) -> bool:
    parts = split_refid(refid)
    return parts is not None and len(parts[1]) >= LONG_TOKEN


def malformed_aliases(release: ReleaseIds, real: set[str]) -> list[tuple[str, str, str]]:
    """``(published, canonical, kind)`` for every malformed id that has a single reading."""
    rows = []
    for refid, month in sorted(release.months.items()):
        parts = split_refid(refid)
        if parts and parts[1] in real:
            continue
        twins = [c for c in canonical_candidates(refid, real, release, 2)
                 if release.months.get(c) == month]
        if len(twins) == 1:
            rows.append((refid, twins[0], TWIN))
            continue
        corrections = [c for c in canonical_candidates(refid, real, release, 1)
                       if c not in release.months]
        if not corrections:
            corrections = [c for c in canonical_candidates(refid, real, release, 2)
                           if c not in release.months and _long_station(c)]
        if not twins and len(corrections) == 1:
            rows.append((refid, corrections[0], CORRECTED))
    return rows
