"""The TAGS glossary and the origin table: names, kinds and groups for the browse tree.

The data lives in ``resources/data`` (built by ``tools/build_reference_data.py``):

- ``tag_glossary.csv``: ``code,name,kind,source``, one row per known TAGS code;
- ``tag_vocabulary.txt``: the codes the TAGS normaliser treats as known single codes;
- ``tag_core.txt``: the codes a source other than the final build's tag list vouches for;
- ``known_words.txt``: words and names met in real cable texts (never split into codes);
- ``stations.txt``: the real station tokens of the reference ids (``10DUSHANBE170`` -> DUSHANBE);
- ``origins.csv``: ``origin,group,country,station`` for the 274 WikiLeaks origin names.

Everything is loaded once and cached. Unknown codes and origin names still get a kind or a
group, inferred from their shape.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop.paths import resource_path

#: Tag kinds, in the order the browse tree shows them.
TAG_KINDS: tuple[str, ...] = ("subject", "program", "geographic", "organisation", "person", "other")

#: Display labels for the tag kinds.
TAG_KIND_LABELS: dict[str, str] = {
    "subject": "Subject",
    "program": "Program (K-tags)",
    "geographic": "Geographic",
    "organisation": "Organisation",
    "person": "Person",
    "other": "Other",
}

#: Origin groups, in the order the browse tree shows them.
ORIGIN_GROUPS: tuple[str, ...] = ("Embassies", "Consulates", "Missions", "Washington", "Other")

#: Kinds whose codes are real TAGS codes (the normaliser's vocabulary); persons are not.
VOCABULARY_KINDS: frozenset[str] = frozenset({"subject", "program", "geographic", "organisation"})


@dataclass(frozen=True)
class TagInfo:
    """One glossary row. ``name`` is empty when no reliable name is known."""

    code: str
    name: str
    kind: str
    source: str


@dataclass(frozen=True)
class OriginInfo:
    """Where an origin belongs in the tree, and the station token of its reference ids."""

    name: str
    group: str
    country: str
    station: str


# --- loading -------------------------------------------------------------------------------


def _data_file(name: str) -> Path:
    return resource_path("data", name)


def _read_rows(name: str) -> list[dict[str, str]]:
    with _data_file(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_lines(name: str) -> list[str]:
    text = _data_file(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def tag_glossary() -> dict[str, TagInfo]:
    """Every known TAGS code, keyed by code as written in the glossary."""
    rows = _read_rows("tag_glossary.csv")
    return {
        row["code"]: TagInfo(row["code"], row["name"], row["kind"], row["source"]) for row in rows
    }


@lru_cache(maxsize=1)
def _glossary_by_upper() -> dict[str, TagInfo]:
    """The glossary keyed by upper-case code (``Alitalia`` is met as ``ALITALIA``)."""
    table: dict[str, TagInfo] = {}
    for code, info in sorted(tag_glossary().items()):
        table.setdefault(code.upper(), info)
    return table


@lru_cache(maxsize=1)
def tag_vocabulary() -> frozenset[str]:
    """Known single codes, as written and in upper case (the normaliser upper-cases words)."""
    codes = _read_lines("tag_vocabulary.txt")
    return frozenset(codes) | frozenset(code.upper() for code in codes)


@lru_cache(maxsize=1)
def tag_core() -> frozenset[str]:
    """Codes vouched for by a source other than the final build's noisy tag list."""
    return frozenset(_read_lines("tag_core.txt"))


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Upper-case words and names of five letters or more met in real cable texts."""
    return frozenset(_read_lines("known_words.txt"))


@lru_cache(maxsize=1)
def known_stations() -> frozenset[str]:
    """The real station tokens of the reference ids (DUSHANBE, STATE, USUNNEWYORK ...);
    garbled ones of malformed ids (BRASIIA, EFTOLONDON) are left out."""
    return frozenset(_read_lines("stations.txt"))


@lru_cache(maxsize=1)
def origin_table() -> dict[str, OriginInfo]:
    """The known origins, keyed by their WikiLeaks display name."""
    return {
        row["origin"]: OriginInfo(row["origin"], row["group"], row["country"], row["station"])
        for row in _read_rows("origins.csv")
    }


@lru_cache(maxsize=1)
def _origins_by_key() -> dict[str, OriginInfo]:
    return {_origin_key(name): info for name, info in sorted(origin_table().items())}


# --- tags ----------------------------------------------------------------------------------


def tag_info(code: str) -> TagInfo | None:
    """The glossary row for a code (case-insensitive), or None."""
    found = tag_glossary().get(code)
    if found is None:
        found = _glossary_by_upper().get(code.upper())
    return found


_UPPER4 = re.compile(r"^[A-Z]{4}$")
_LETTERS4 = re.compile(r"^[A-Za-z]{4}$")
_LETTERS2 = re.compile(r"^[A-Za-z]{2}$")


def kind_by_shape(code: str) -> str:
    """The kind a code's shape suggests, without the glossary.

    Four upper-case letters starting with K are a program tag, other four-letter codes a
    subject tag, two letters a geographic tag; a space, a comma or a lower-case letter marks a
    person's name; anything else is "other".
    """
    if _UPPER4.match(code) and code.startswith("K"):
        return "program"
    if _LETTERS4.match(code):
        return "subject"
    if _LETTERS2.match(code):
        return "geographic"
    if " " in code or "," in code or any(c.islower() for c in code):
        return "person"
    return "other"


def tag_kind(code: str) -> str:
    """The glossary kind of a code, or the kind its shape suggests."""
    info = tag_info(code)
    return info.kind if info is not None else kind_by_shape(code)


def tag_name(code: str) -> str:
    """The glossary name of a code, or an empty string."""
    info = tag_info(code)
    return info.name if info is not None else ""


def tag_label(code: str) -> str:
    """``PGOV - Political Affairs--Government; Internal Governmental Affairs``, or the code."""
    name = tag_name(code)
    return f"{code} - {name}" if name else code


# --- origins -------------------------------------------------------------------------------

_WASHINGTON = re.compile(
    r"\b(?:WASHINGTON|WASHDC|SECSTATE|SECRETARY OF STATE|DEPARTMENT OF STATE|FSINFATC"
    r"|FSC CHARLESTON)\b",
    re.I,
)
_GROUP_PREFIXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Embassies", re.compile(r"^(?:EMBASSY|EMBASY|AMEMBASSY|AMERICAN EMBASSY|US EMBASSY)\b", re.I)),
    ("Consulates", re.compile(
        r"^(?:CONSULATE|AMCONSUL|AMCONSULATE|AMERICAN CONSULATE|US CONSULATE|CONSULATE GENERAL)\b",
        re.I)),
    ("Missions", re.compile(
        r"^(?:MISSION|USMISSION|US MISSION|USUN|USEU|USNATO|USOSCE|USOECD|UNVIE|UN\b|USDEL"
        r"|US DELEGATION|DELEGATION|REO|RPO|IRAN RPO|US INTERESTS SECTION|INTERESTS SECTION"
        r"|AMERICAN INSTITUTE|AIT|US OFFICE|USLO|US LIAISON)\b", re.I)),
)
_ORIGIN_PREFIX = re.compile(
    r"^(?:EMBASSY|EMBASY|AMEMBASSY|CONSULATE|AMCONSUL|AMERICAN CONSULATE|REO)\s+", re.I
)


def infer_origin_group(name: str) -> str:
    """The tree group for an origin name, from its wording alone.

    Washington and other US domestic offices first (so "US OFFICE FSC CHARLESTON" is
    Washington, not a mission), then Embassy / Consulate / Mission-like first words.
    """
    text = " ".join(name.replace(",", " ").split())
    if _WASHINGTON.search(text):
        return "Washington"
    for group, pattern in _GROUP_PREFIXES:
        if pattern.match(text):
            return group
    return "Other"


def station_guess(name: str) -> str:
    """The station token an origin name suggests (``Embassy Buenos Aires`` -> BUENOSAIRES).

    Returns an empty string unless the token is a known station.
    """
    token = re.sub(r"[^A-Za-z]", "", _ORIGIN_PREFIX.sub("", name.strip())).upper()
    return token if token in known_stations() else ""


def _origin_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def origin_info(name: str) -> OriginInfo:
    """Group, country and station of an origin; unknown names get an inferred group."""
    known = origin_table().get(name) or _origins_by_key().get(_origin_key(name))
    if known is not None:
        return known
    return OriginInfo(name, infer_origin_group(name), "", station_guess(name))
