"""Reference ids: their parts, the ids of the release, and the malformed ids WikiLeaks used.

The data lives in ``resources/data`` (built by ``tools/build_reference_data.py``):

- ``cable2month.csv.gz``: every reference id of the release with its creation month;
- ``refid_aliases.csv``: ``published,canonical,kind`` for the malformed ids. ``twin``: the
  cable was published twice, under the malformed id and under the canonical one, and both
  copies are one cable stored under the canonical id. ``corrected``: the cable exists only
  under the malformed id, which it keeps (that is what people cite); the canonical form is
  an alias so that references written correctly still find it.
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from functools import lru_cache

from desktop.paths import resource_path

#: A well-formed reference id: two-digit year, station, serial (``10DUSHANBE170``).
REFID_SHAPE = re.compile(r"^(\d{2})([A-Z]+)(\d{1,7})$")

#: What every id of the release is made of: 251,287 ids of 6 to 35 capital letters and digits,
#: the odd-but-real ones included (``7575LIBREVILLE1895``, ``07SECTION01OF02LIMA123``).
#: Anything else in a source is not a reference id: it is refused at import.
REFID_CHARS = re.compile(r"[A-Z0-9]+")
REFID_MIN, REFID_MAX = 4, 64

TWIN = "twin"
CORRECTED = "corrected"


@dataclass(frozen=True)
class RefidAlias:
    """A malformed id the release holds and the canonical id of the same cable."""

    published: str
    canonical: str
    kind: str  # TWIN or CORRECTED


def split_refid(refid: str) -> tuple[str, str, int] | None:
    """``10DUSHANBE170`` -> ``("10", "DUSHANBE", 170)``; None for other shapes."""
    m = REFID_SHAPE.match(refid)
    return (m.group(1), m.group(2), int(m.group(3))) if m else None


def refid_problem(refid: str) -> str | None:
    """Why ``refid`` cannot be a reference id (characters other than A-Z and 0-9, or an
    absurd length), or None when it can. Only the alphabet and the length are checked:
    malformed ids of the release pass."""
    if REFID_MIN <= len(refid) <= REFID_MAX and REFID_CHARS.fullmatch(refid):
        return None
    if not refid:
        return "the reference id is empty"
    clipped = refid if len(refid) <= 40 else refid[:40] + "…"
    odd = sorted({ch for ch in refid[:10_000] if not ("A" <= ch <= "Z" or "0" <= ch <= "9")})
    if odd:
        chars = " ".join(repr(ch) for ch in odd[:8]) + (" …" if len(odd) > 8 else "")
        return (f"the reference id {clipped!r} is not a reference id: it holds {chars} "
                "(reference ids are capital letters A-Z and digits only)")
    return (f"the reference id {clipped!r} is not a reference id: it is {len(refid):,} "
            f"characters long (reference ids have {REFID_MIN} to {REFID_MAX})")


@lru_cache(maxsize=1)
def release_ids() -> frozenset[str]:
    """Every reference id of the release (``cable2month.csv.gz``: ``REFID,month`` lines)."""
    path = resource_path("data", "cable2month.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        cells = handle.read().replace(",", "\n").split()  # refid, month, refid, month ...
    return frozenset(cells[0::2])


def in_release(refid: str) -> bool:
    """True when WikiLeaks published a cable under this id."""
    return refid in release_ids()


def is_known(refid: str) -> bool:
    """True when the release holds the cable under this id or under a malformed id whose
    canonical form this is (``09LONDON2468`` is published as ``09EFTOLONDON2468``)."""
    return refid in release_ids() or refid in _corrected()


@lru_cache(maxsize=1)
def _corrected() -> frozenset[str]:
    return frozenset(a.canonical for a in alias_table().values() if a.kind == CORRECTED)


@lru_cache(maxsize=1)
def alias_table() -> dict[str, RefidAlias]:
    """The malformed ids of the release, keyed by the id as published."""
    path = resource_path("data", "refid_aliases.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["published"]: RefidAlias(row["published"], row["canonical"], row["kind"])
                for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def _aliases_by_stored() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for alias in alias_table().values():
        if alias.kind == TWIN:
            table.setdefault(alias.canonical, []).append(alias.published)
        else:
            table.setdefault(alias.published, []).append(alias.canonical)
    return {refid: tuple(sorted(ids)) for refid, ids in table.items()}


@lru_cache(maxsize=1)
def twin_ids() -> dict[str, str]:
    """Malformed twin ids and the canonical ids they fold into."""
    return {a.published: a.canonical for a in alias_table().values() if a.kind == TWIN}


def stored_refid(refid: str) -> str:
    """The id a cable published under ``refid`` is kept under: the canonical id of a twin,
    else the id itself."""
    return twin_ids().get(refid, refid)


def aliases_of(refid: str) -> tuple[str, ...]:
    """The other ids of the cable kept under ``refid`` (empty for almost every cable)."""
    return _aliases_by_stored().get(refid, ())

