"""Write a full-size synthetic cables.csv in the unofficial Sept-2011 format (FORMATS.md §2)."""

from __future__ import annotations

import argparse
import bisect
import calendar
import csv
import datetime
import gzip
import html
import json
import math
import multiprocessing as mp
import os
import random
import re
import sys
import time
import zlib
from array import array
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

REAL_ROWS = 251_287
REAL_BYTES = 1_730_507_223  # size of the real cables.csv (FORMATS.md §2)
DEFAULT_BAD_ROWS = 25
DEFAULT_SEED = 20110901
CHUNK_ROWS = 250
GENERATOR_VERSION = 1

# Real Cablegate classification figures; they add up to 251,287.
CLASS_COUNTS: dict[str, int] = {
    "UNCLASSIFIED": 75_792,
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY": 58_095,
    "CONFIDENTIAL": 97_070,
    "CONFIDENTIAL//NOFORN": 4_678,
    "SECRET": 11_322,
    "SECRET//NOFORN": 4_330,
}
CLASSES: tuple[str, ...] = tuple(CLASS_COUNTS)

# Calibrated on 20,000-row and full-size runs: non-body bytes of an average row (quotes,
# metadata, header), and body bytes written per character of log-normal target.
ROW_OVERHEAD_BYTES = 424
BODY_YIELD = 1.020
BODY_SIGMA = 0.85
BODY_MIN_CHARS = 500
BODY_MAX_CHARS = 450_000
HUGE_BODY_MIN = 200_000
HUGE_BODY_RATE = 1 / 20_000  # about a dozen bodies of a few hundred KB at full size
PROSE_SHARE = 0.95  # the rest of a body is paragraph numbers, wrapping, blank lines, headings

POOL_SIZE = 1 << 16  # word pools are indexed with 16-bit random numbers
HEAD_SENTINEL = "\x00"  # a head-pool slot meaning "draw from the mid pool"
TAIL_MARK = "\x01"  # a mid-pool slot meaning "generate a rare name"
TAIL_SHARE = 0.015  # share of all tokens that are generated rare names
TAIL_IDS = 2_000_000  # rare names are drawn log-uniformly (Zipf, s=1) from this many

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
HOUR_WEIGHTS = (2, 2, 2, 2, 3, 5, 7, 9, 11, 12, 12, 12, 12, 12, 11, 10, 9, 7, 6, 5, 4, 3, 3, 2)
BAD_DATE = "13/45/2009 99:99"

# ---------------------------------------------------------------------------------------------
# Reference lists and static vocabularies
# ---------------------------------------------------------------------------------------------

ORIGIN_ALIASES: dict[str, str] = {
    "STATE": "Secretary of State", "SECSTATE": "Secretary of State",
    "WASHDC": "Department of State",
    "TAIPEI": "American Institute Taiwan, Taipei", "AITTAIPEI": "American Institute Taiwan, Taipei",
    "AITTAIPIE": "American Institute Taiwan, Taipei",
    "UNVIEVIENNA": "UNVIE", "HAVANA": "US Interests Section Havana", "ALMATY": "US Office Almaty",
    "BASRAH": "REO Basrah", "HILLAH": "REO Hillah", "KIRKUK": "REO Kirkuk", "MOSUL": "REO Mosul",
    "RPODUBAI": "Iran RPO Dubai", "KIEV": "Embassy Kyiv", "CALCUTTA": "Consulate Kolkata",
    "MADRAS": "Consulate Chennai", "BELIZE": "Embassy Belmopan", "PARISFR": "Mission UNESCO",
    "UNESCOPARISFR": "Mission UNESCO", "UNESCOPARIS": "Mission UNESCO",
    "CDGENEVA": "US Mission CD Geneva", "FESTTWO": "US Delegation FEST TWO",
    "PARTO": "US Delegation, Secretary", "USTRGENEVA": "USMISSION USTR GENEVA",
    "LENINGRAD": "Consulate St Petersburg", "BOMBAY": "Consulate Mumbai",
}
JUNK_PREFIXES = ("EFTO", "NOFORN", "AMEMBASSY")
STATION_PREFIX_JUNK = re.compile(r"^(?:EFTO|NOFORN|AMEMBASSY)(?=[A-Z]{4})")
REFID_STATION = re.compile(r"^\d\d\d*(?:S[A-Z]*?\d\dO?F?\d\d)?([A-Z]+)")
REFID_SERIAL = re.compile(r"(\d+)$")
CLEAN_REFID = re.compile(r"^(\d\d)([A-Z]+)(\d+)$")

# State Department TAGS geographic codes for the busiest stations (mostly FIPS 10-4).
STATION_GEO: dict[str, str] = {
    "ANKARA": "TU", "ISTANBUL": "TU", "ADANA": "TU", "IZMIR": "TU", "BAGHDAD": "IZ",
    "BASRAH": "IZ", "HILLAH": "IZ", "KIRKUK": "IZ", "MOSUL": "IZ", "TOKYO": "JA", "NAHA": "JA",
    "OSAKAKOBE": "JA", "SAPPORO": "JA", "FUKUOKA": "JA", "NAGOYA": "JA", "AMMAN": "JO",
    "PARIS": "FR", "MARSEILLE": "FR", "STRASBOURG": "FR", "KUWAIT": "KU", "MADRID": "SP",
    "BARCELONA": "SP", "MOSCOW": "RS", "STPETERSBURG": "RS", "VLADIVOSTOK": "RS",
    "YEKATERINBURG": "RS", "COLOMBO": "CE", "BEIJING": "CH", "SHANGHAI": "CH", "GUANGZHOU": "CH",
    "CHENGDU": "CH", "SHENYANG": "CH", "TELAVIV": "IS", "JERUSALEM": "IS", "KHARTOUM": "SU",
    "JAKARTA": "ID", "SURABAYA": "ID", "NEWDELHI": "IN", "MUMBAI": "IN", "CHENNAI": "IN",
    "KOLKATA": "IN", "CALCUTTA": "IN", "HYDERABAD": "IN", "ABUJA": "NI", "LAGOS": "NI",
    "KADUNA": "NI", "THEHAGUE": "NL", "AMSTERDAM": "NL", "HARARE": "ZI", "KABUL": "AF",
    "BANGKOK": "TH", "CHIANGMAI": "TH", "ROME": "IT", "MILAN": "IT", "NAPLES": "IT",
    "FLORENCE": "IT", "CAIRO": "EG", "ALEXANDRIA": "EG", "KINSHASA": "CG", "ABUDHABI": "AE",
    "DUBAI": "AE", "ASHGABAT": "TX", "BOGOTA": "CO", "BEIRUT": "LE", "CARACAS": "VE",
    "HANOI": "VM", "HOCHIMINHCITY": "VM", "TAIPEI": "TW", "AITTAIPEI": "TW", "MEXICO": "MX",
    "MONTERREY": "MX", "TIJUANA": "MX", "GUADALAJARA": "MX", "CIUDADJUAREZ": "MX",
    "KATHMANDU": "NP", "BUENOSAIRES": "AR", "ISLAMABAD": "PK", "KARACHI": "PK", "LAHORE": "PK",
    "PESHAWAR": "PK", "DHAKA": "BG", "SEOUL": "KS", "BRUSSELS": "BE", "TEGUCIGALPA": "HO",
    "OTTAWA": "CA", "TORONTO": "CA", "MONTREAL": "CA", "VANCOUVER": "CA", "CALGARY": "CA",
    "HALIFAX": "CA", "QUEBEC": "CA", "BRASILIA": "BR", "SAOPAULO": "BR", "RIODEJANEIRO": "BR",
    "RECIFE": "BR", "RANGOON": "BM", "NAIROBI": "KE", "MANILA": "RP", "YEREVAN": "AM",
    "VIENNA": "AU", "BERLIN": "GM", "FRANKFURT": "GM", "MUNICH": "GM", "HAMBURG": "GM",
    "DUSSELDORF": "GM", "LEIPZIG": "GM", "BONN": "GM", "ZAGREB": "HR", "SANTODOMINGO": "DR",
    "MUSCAT": "MU", "MANAMA": "BA", "SANAA": "YM", "PRETORIA": "SF", "CAPETOWN": "SF",
    "JOHANNESBURG": "SF", "DURBAN": "SF", "BAKU": "AJ", "WELLINGTON": "NZ", "AUCKLAND": "NZ",
    "SANTIAGO": "CI", "QUITO": "EC", "GUAYAQUIL": "EC", "DAMASCUS": "SY", "ADDISABABA": "ET",
    "ASTANA": "KZ", "ALMATY": "KZ", "LIMA": "PE", "RABAT": "MO", "CASABLANCA": "MO",
    "ATHENS": "GR", "THESSALONIKI": "GR", "LAPAZ": "BL", "TASHKENT": "UZ", "PRAGUE": "EZ",
    "MANAGUA": "NU", "GUATEMALA": "GT", "RIYADH": "SA", "JEDDAH": "SA", "DHAHRAN": "SA",
    "PORTAUPRINCE": "HA", "BRIDGETOWN": "BB", "BRATISLAVA": "LO", "TBILISI": "GG",
    "ASUNCION": "PA", "KINGSTON": "JM", "SANSALVADOR": "ES", "LONDON": "UK", "BELFAST": "UK",
    "TUNIS": "TS", "MINSK": "BO", "KUALALUMPUR": "MY", "BELGRADE": "SR", "DUSHANBE": "TI",
    "SOFIA": "BU", "BISHKEK": "KG", "WARSAW": "PL", "KRAKOW": "PL", "MAPUTO": "MZ",
    "GENEVA": "SZ", "BERN": "SZ", "DJIBOUTI": "DJ", "HONGKONG": "HK", "NDJAMENA": "CD",
    "CANBERRA": "AS", "SYDNEY": "AS", "MELBOURNE": "AS", "PERTH": "AS", "KYIV": "UP",
    "KIEV": "UP", "PANAMA": "PM", "DUBLIN": "EI", "VILNIUS": "LH", "SARAJEVO": "BK",
    "ACCRA": "GH", "NICOSIA": "CY", "CONAKRY": "GV", "LJUBLJANA": "SI", "BUCHAREST": "RO",
    "ALGIERS": "AG", "HAVANA": "CU", "PHNOMPENH": "CB", "SANJOSE": "CS", "OSLO": "NO",
    "BUDAPEST": "HU", "VATICAN": "VT", "LISBON": "PO", "PONTADELGADA": "PO", "LILONGWE": "MI",
    "SINGAPORE": "SN", "DAKAR": "SG", "STOCKHOLM": "SW", "PRISTINA": "KV", "DARESSALAAM": "TZ",
    "KIGALI": "RW", "DOHA": "QA", "RIGA": "LG", "TALLINN": "EN", "MASERU": "LT",
    "HELSINKI": "FI", "TRIPOLI": "LY", "ASMARA": "ER", "PARAMARIBO": "NS", "ABIDJAN": "IV",
    "ANTANANARIVO": "MA", "SKOPJE": "MK", "NOUAKCHOTT": "MR", "NIAMEY": "NG", "FREETOWN": "SL",
    "TIRANA": "AL", "MONTEVIDEO": "UY", "ULAANBAATAR": "MG", "CHISINAU": "MD", "KAMPALA": "UG",
    "BAMAKO": "ML", "GEORGETOWN": "GY", "NASSAU": "BF", "SUVA": "FJ", "DILI": "TT",
    "PORTOFSPAIN": "TD", "YAOUNDE": "CM", "COTONOU": "BN", "LUANDA": "AO", "MONROVIA": "LI",
    "COPENHAGEN": "DA", "LUSAKA": "ZA", "REYKJAVIK": "IC", "VIENTIANE": "LA", "GABORONE": "BC",
    "BANJUL": "GA", "BANDARSERIBEGAWAN": "BX", "LIBREVILLE": "GB", "RPODUBAI": "IR",
    "IRANRPODUBAI": "IR", "TEHRAN": "IR", "PORTLOUIS": "MP", "OUAGADOUGOU": "UV",
    "BELMOPAN": "BH", "BUJUMBURA": "BY", "LUXEMBOURG": "LU", "PODGORICA": "MW", "WINDHOEK": "WA",
    "GRENADA": "GJ", "LOME": "TO", "BANGUI": "CT", "VALLETTA": "MT", "MBABANE": "WZ",
    "BRAZZAVILLE": "CF", "PORTMORESBY": "PP", "PRAIA": "CV", "MOGADISHU": "SO", "CURACAO": "NT",
    "USNATO": "NATO", "USEUBRUSSELS": "EUN", "USOSCE": "OSCE", "UNVIEVIENNA": "IAEA",
    "USUNNEWYORK": "UNSC",
}
OTHER_GEO_HEAD = ("US", "IR", "IZ", "AF", "RS", "CH", "KN", "IS", "PK", "UK", "FR", "GM",
                  "XF", "KS", "JA", "TU", "SY", "LE", "IN", "EG", "SA", "VE", "CU", "SU",
                  "XA", "XM", "XG", "XL", "EU", "UP", "GG", "AS", "BR", "MX", "CO")
SUBJECT_TAG_HEAD = ("PREL", "PGOV", "ECON", "PHUM", "ETRD", "PTER", "MARR", "EFIN", "PINR",
                    "EAID", "SNAR", "ENRG", "PARM", "SOCI", "EINV", "MOPS", "ASEC", "CVIS",
                    "PINS", "ELAB", "SENV", "OVIP", "EAGR", "CASC", "PREF", "OTRA", "TBIO",
                    "MASS", "AMGT", "EPET", "SMIG", "OEXC", "TSPA", "ECPS", "EAIR", "ETTC")
K_TAG_HEAD = ("KDEM", "KPAO", "KTIP", "KCRM", "KJUS", "KISL", "KNNP", "KWMN", "KIRF", "KPAL",
              "KTFN", "KFRD", "KCOR", "KMDR", "KHIV", "KSUM", "KPKO", "KFLO", "KIPR", "KSCA",
              "KHLS", "KWBG", "KGHG", "KOMC", "KTEX", "KFLU", "KPRP", "KOLY", "KMCA", "KCIP")
ORG_TAG_HEAD = ("UNSC", "NATO", "UNGA", "IAEA", "EUN", "OSCE", "OAS", "AU", "ASEAN", "WTO",
                "IMF", "OPEC", "UNHRC", "ICRC", "APEC", "UNESCO", "WHO", "OECD", "ECOWAS",
                "SADC", "UNHCR", "IBRD", "G8", "OIC", "GCC", "ICC", "CSTO", "SCO")
TAG_KEYWORD_TYPOS = ("TAS:", "TAGS;", "TAGES:", "TAGS", "TABS:", "TGS:", "TAGS,", "AGS:")

FIRST_NAMES = ("John", "Michael", "Robert", "James", "William", "David", "Richard", "Thomas",
               "Mary", "Patricia", "Susan", "Karen", "Nancy", "Elizabeth", "Anne", "Margaret",
               "Christopher", "Daniel", "Mark", "Paul", "Steven", "Peter", "Gregory", "Eric",
               "Laura", "Deborah", "Janet", "Catherine", "Linda", "Barbara", "Gary", "Kevin",
               "Alan", "Douglas", "Frank", "Gordon", "Howard", "Joseph", "Kenneth", "Lawrence")
SYLLABLES = ("ka", "ro", "vin", "dze", "shan", "mar", "tel", "bu", "lo", "ev", "ski", "ov",
             "ian", "ez", "ra", "ha", "mi", "nu", "tar", "gul", "bek", "za", "de", "li",
             "an", "son", "ber", "ga", "no", "ri", "ko", "sa", "di", "ma", "ne", "to",
             "al", "el", "ur", "os", "hu", "ja", "ve", "ni", "qu", "be", "pe", "fa",
             "ch", "ta", "ba", "wa", "yo", "zi", "mo", "ru", "ke", "la", "sh", "ir",
             "am", "em", "on", "ut", "ram", "lin", "dor", "vic", "hel", "gor", "sun", "kel",
             "mus", "tan", "per", "rad", "zan", "fel", "wen", "hol", "dar", "kov", "nik", "sim",
             "pol", "bar", "dal", "gan", "hir", "jam", "kar", "lam", "mon", "nor", "pan", "qas",
             "rez", "sol", "tov", "ul", "vel", "wal", "xen", "yan", "zor", "bel", "cas", "dim",
             "fer", "gil", "har", "ish", "jor", "kam", "lev", "mir", "nas", "orn", "pet", "rin",
             "sav", "tim", "ugo", "vas", "wil", "yev", "zak", "ab")
SECRETARIES = ((1961, 1968, "RUSK"), (1969, 1973, "ROGERS"), (1974, 1976, "KISSINGER"),
               (1977, 1980, "VANCE"), (1981, 1982, "HAIG"), (1983, 1988, "SHULTZ"),
               (1989, 1992, "BAKER"), (1993, 1996, "CHRISTOPHER"), (1997, 2000, "ALBRIGHT"),
               (2001, 2004, "POWELL"), (2005, 2008, "RICE"), (2009, 2010, "CLINTON"))
OFFICE_LINES = ("DEPT FOR EUR/CARC", "STATE FOR INL/AAE", "DEPARTMENT FOR G/TIP, INL, DRL, PRM",
                "DEPT FOR NEA/ELA", "STATE FOR EAP/CM", "DEPT FOR WHA/BSC",
                "NSC FOR SENIOR DIRECTOR",
                "DEPT FOR AF/W", "STATE FOR ISN/MNSA", "TREASURY FOR OFAC", "USDOC FOR 4430/ITA",
                "DEPT FOR SCA/CEN", "DEPT ALSO FOR EEB/TPP", "STATE PASS USTR", "PASS TO USAID")
CLASSIFIER_TITLES = ("Ambassador", "CDA", "Charge d'Affaires", "DCM", "Political Counselor",
                     "PolOff", "Economic Counselor", "A/DCM", "Consul General", "Pol/Econ Chief",
                     "Deputy Chief of Mission", "Principal Officer", "POLITICAL COUNSELOR")
COLLECTIVES = ("RUEHZL/EUROPEAN POLITICAL COLLECTIVE", "RUCNCIS/CIS COLLECTIVE",
               "RUCNAFG/AFGHANISTAN COLLECTIVE", "RUEHXD/MOSCOW POLITICAL COLLECTIVE",
               "RHMFISS/JOINT STAFF WASHINGTON DC", "RUEKJCS/SECDEF WASHINGTON DC",
               "RHEHNSC/NSC WASHINGTON DC", "RUEAIIA/CIA WASHINGTON DC", "RUEHC/USAID WASHDC",
               "RUCNMEM/EU MEMBER STATES COLLECTIVE", "RUEHEE/ARAB LEAGUE COLLECTIVE",
               "RUCNDT/USMISSION USUN NEW YORK", "RHMFISS/HQ USAFRICOM STUTTGART GE",
               "RUEATRS/DEPT OF TREASURY WASHINGTON DC", "RUEHGV/USMISSION GENEVA",
               "RUEKDIA/DIA WASHINGTON DC", "RUEHNO/USMISSION USNATO")
OLD_INFO = ("SECDEF", "EUCOM", "USCINCEUR", "CINCLANT", "USCINCSO", "DIA WASHDC", "USIA WASHDC",
            "CINCPAC", "JCS WASHDC", "CIA", "NSC", "USUN NEW YORK", "USNATO", "CSAF")
NON_CABLE_REFS = ("{name} E-MAIL {date}", "TELCON {date}", "{name}-{name2} TELCON {date}",
                  "OSC {osc}", "MEETING WITH {name} {date}", "9 FAM APPENDIX K, 406 (6)")
SUMMARY_OPENERS = ("Summary: ", "SUMMARY: ", "Summary and comment: ", "BEGIN SUMMARY: ",
                   "Summary. ", "Summary and action request: ")
HEADINGS = ("Background", "Comment", "Next Steps", "Discussion", "Economic Outlook",
            "Political Reaction", "Security Situation", "The View from the Ground",
            "Meeting with the Minister", "Press Reaction", "Action Request", "Analysis")

_QUOTE_FIX = (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'"),
              ("\u2013", "-"), ("\u2014", "--"), ("\u00a0", " "), ("\u00b6", ""))
_STRUCT_LINE = re.compile(
    r"^[ \t]*(?:TAGS?\b|TAS:|SUBJ|UBJECT|E\.?\s?O\.?\s|EO\s|REFS?\b|CLASSIFIED BY|C O N F|"
    r"S E C R E T|UNCLAS|SIPDIS|SENSITIVE|NOFORN|CONFIDENTIAL[ \t]*$|SECRET[ \t]*$|"
    r"[A-Z .]+ 0{3,}\d+\s+\d{3}).*$", re.I | re.M)
_DROP_TOKEN = re.compile(r"\(?[A-Z]{1,4}(?:/{1,2}[A-Z]{1,4})*\)|\d{1,3}[.)]|[A-Z][.)]|\([CSU]/.*|"
                         r".*[Xx]{4}.*|.*---.*|[-*=_~#]+|.*\\.*")
_MONTH_LINE = re.compile(r"^((\d\d)([^,]*?)\d*),(\d+)\r?$", re.M)
_NOT_LOWER = re.compile(r"[^a-z]+")
_QUOTED = re.compile(r'"([^"\r\n]{1,80})"')


# ---------------------------------------------------------------------------------------------
# Configuration, plan and worker context
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """Everything that determines the output bytes."""

    rows: int
    seed: int
    bad_rows: int
    crlf: bool
    target_bytes: int
    realdata: str


@dataclass(frozen=True)
class Station:
    """Display forms of one refid station."""

    origin: str
    city: str  # as in banners and REF lines, e.g. "BUENOS AIRES"
    sender: str  # FM line, e.g. "AMEMBASSY BUENOS AIRES"
    ri: str  # routing indicator, e.g. "RUEHBU"
    geo: str  # geographic TAGS code


@dataclass
class Plan:
    """The real refids (see RefidTable) and the rows chosen from them."""

    refids: list[str]  # all real refids, ordered by creation month
    stations: list[str]
    when: list[tuple[int, int, int, int, int]]  # creation time per valid row
    selected: list[int]  # indices into the full lists, one per valid row
    classes: bytearray  # classification index per valid row
    bad_before: list[int]  # sorted valid-row indices that a bad row is inserted before
    bad_kinds: list[str]
    by_station: dict[str, array[int]]  # full indices per station, chronological
    clean: bytearray  # 1 if the refid is well formed (usable in REF lines)


@dataclass
class Vocab:
    """Quantised word pools: 65,536 slots each, filled in proportion to real word counts."""

    head: tuple[str, ...]
    mid: tuple[str, ...]
    distinct_words: int
    chars_per_token: float  # mean word length + 1 space, for sizing


@dataclass
class TagPools:
    """Weighted pools for the TAGS line."""

    subject: list[str]
    subject_cum: list[float]
    ktags: list[str]
    ktags_cum: list[float]
    orgs: list[str]
    orgs_cum: list[float]
    geo_other: list[str]
    geo_other_cum: list[float]
    geo_all: list[str]


@dataclass
class Context:
    """Read-only state shared by the chunk workers."""

    cfg: Config
    plan: Plan
    vocab: Vocab
    tags: TagPools
    routes: dict[str, str]  # sender name -> routing indicator
    info_pool: list[str]
    origin_index: dict[str, str]  # squashed origin name -> display name
    stations: dict[str, Station] = field(default_factory=dict)
    body_mu: float = 0.0


_CTX: Context | None = None


def default_realdata() -> Path:
    """The repository's copy of the real data, else the shared one."""
    here = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "realdata"
    return here if here.is_dir() else Path("/work/shared/realdata")


def default_bad_rows(rows: int) -> int:
    """25 at full size, scaled down; at least 3 once there are 100 rows."""
    scaled = round(DEFAULT_BAD_ROWS * rows / REAL_ROWS)
    return max(3, scaled) if rows >= 100 else scaled


def zipf_cum(n: int, s: float = 1.1) -> list[float]:
    """Cumulative Zipf weights for ranks 1..n."""
    out, acc = [], 0.0
    for rank in range(1, n + 1):
        acc += rank ** -s
        out.append(acc)
    return out


# ---------------------------------------------------------------------------------------------
# Plan: real refids, months, stations, classifications and bad-row slots
# ---------------------------------------------------------------------------------------------


def year_of(refid: str) -> int:
    """66..99 -> 19xx, 00..10 -> 20xx."""
    yy = int(refid[:2])
    return 1900 + yy if yy >= 66 else 2000 + yy


def station_of(refid: str) -> tuple[str, bool]:
    """Station token of a refid (leaked section text, EFTO/AMEMBASSY removed) and whether the
    refid is well formed (2-digit year, letters, serial)."""
    rest = refid[2:]
    station = rest.rstrip("0123456789")
    if station.isalpha() and station.isupper() and refid[:2].isdigit():
        clean = len(station) < len(rest)
    else:
        m = REFID_STATION.match(refid)
        station, clean = (m.group(1) if m else "STATE"), False
    if station.startswith(JUNK_PREFIXES):
        station = STATION_PREFIX_JUNK.sub("", station)
    return station, clean


def serial_of(refid: str) -> int:
    """The trailing serial number of a refid (0 when it has none)."""
    m = REFID_SERIAL.search(refid)
    return int(m.group(1)[-7:]) if m else 0


def draw_times(refids: list[str], months: list[int], rng: random.Random
               ) -> list[tuple[int, int, int, int, int]]:
    """A random day, hour and minute inside each cable's real creation month, in time order
    within each month (the input is already sorted by month)."""
    hours = rng.choices(range(24), weights=HOUR_WEIGHTS, k=len(refids))
    days_in: dict[tuple[int, int], int] = {}
    out = []
    rand = rng.random
    for refid, month, hour in zip(refids, months, hours, strict=True):
        year = year_of(refid)
        days = days_in.get((year, month))
        if days is None:
            days = days_in[(year, month)] = calendar.monthrange(year, month)[1]
        out.append((year, month, 1 + int(rand() * days), hour, int(rand() * 60)))
    out.sort()  # only reorders inside a month: (year, month) already ascend
    return out


def exact_counts(total: int, weights: dict[str, int]) -> list[int]:
    """Split total in proportion to weights (largest remainder)."""
    whole = sum(weights.values())
    raw = [total * w / whole for w in weights.values()]
    counts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def bad_kinds_for(k: int) -> list[str]:
    """Malformed-row kinds: one empty refid (k >= 4), the rest 7-field, 9-field and bad date."""
    cycle = ("fields_7", "fields_9", "bad_date")
    kinds = ["empty_refid"] if k >= 4 else []
    kinds += [cycle[i % 3] for i in range(k - len(kinds))]
    return kinds


@dataclass(frozen=True)
class RefidTable:
    """All real refids ordered by creation month (file order inside a month); seed-free."""

    refids: list[str]
    months: list[int]
    stations: list[str]
    clean: bytearray  # 1 if the refid is well formed (usable in REF lines)
    by_station: dict[str, array[int]]  # indices per station, in order


@lru_cache(maxsize=2)
def refid_table(realdata: Path) -> RefidTable:
    """Sort the 251,287 real refids by creation month and index them by station."""
    with gzip.open(realdata / "reference_lists" / "cable2month.csv.gz", "rt") as f:
        parsed = _MONTH_LINE.findall(f.read())  # (refid, yy, middle, month)
    keys = [(int(yy) + (1900 if yy >= "66" else 2000)) * 13 + int(m) for _, yy, _, m in parsed]
    order = sorted(range(len(parsed)), key=keys.__getitem__)  # stable
    rows = [parsed[i] for i in order]
    refids = [r[0] for r in rows]
    plain = [mid.isalpha() and not mid.startswith(JUNK_PREFIXES) for _, _, mid, _ in rows]
    pairs = list(zip(plain, rows, strict=True))
    stations = [mid if ok else station_of(ref)[0] for ok, (ref, _, mid, _) in pairs]
    clean = bytearray(ok and len(ref) > len(mid) + 2 for ok, (ref, _, mid, _) in pairs)
    by_station: dict[str, array[int]] = {}
    for i, station in enumerate(stations):
        by_station.setdefault(station, array("i")).append(i)
    return RefidTable(refids, [int(r[3]) for r in rows], stations, clean, by_station)


def build_plan(cfg: Config) -> Plan:
    """An evenly spaced subset of the real refids with creation times, classifications and
    bad-row slots."""
    table = refid_table(Path(cfg.realdata))
    total = len(table.refids)
    rows = min(cfg.rows, total)
    selected = [i * total // rows for i in range(rows)]
    when = draw_times([table.refids[i] for i in selected], [table.months[i] for i in selected],
                      random.Random(cfg.seed))
    classes = bytearray(b"".join(bytes([i]) * n
                                 for i, n in enumerate(exact_counts(rows, CLASS_COUNTS))))
    random.Random(cfg.seed + 1).shuffle(classes)
    bad_rng = random.Random(cfg.seed + 2)
    kinds = bad_kinds_for(cfg.bad_rows)
    bad_rng.shuffle(kinds)
    bad_before = sorted(bad_rng.sample(range(rows), min(cfg.bad_rows, rows)))
    return Plan(table.refids, table.stations, when, selected, classes, bad_before,
                kinds[: len(bad_before)], table.by_station, table.clean)


# ---------------------------------------------------------------------------------------------
# Origins, routing indicators and tag pools
# ---------------------------------------------------------------------------------------------


def origin_key(name: str) -> str:
    """Squash an origin display name to compare it with a refid station."""
    up = re.sub(r"\b(?:EMBASSY|EMBASY|CONSULATE|AMERICAN|MISSION)\b", " ", name.upper())
    return re.sub(r"[^A-Z]", "", up)


@lru_cache(maxsize=2)
def load_origin_index(realdata: Path) -> dict[str, str]:
    """Squashed key -> origin display name for all 274 final-build origins."""
    doc = json.loads((realdata / "reference_lists" / "wikileaks_final_build_browse_lists.json")
                     .read_text(encoding="utf-8"))
    index: dict[str, str] = {}
    for entry in doc["origins"]:
        index.setdefault(origin_key(entry["name"]), entry["name"])
        index.setdefault(re.sub(r"[^A-Z]", "", entry["name"].upper()), entry["name"])
    return index


def origin_for(station: str, index: dict[str, str]) -> str:
    """Display name for a station; "Embassy <Station>" when unknown."""
    if station in ORIGIN_ALIASES:
        return ORIGIN_ALIASES[station]
    return index.get(station) or f"Embassy {station.title()}"


def city_and_sender(origin: str) -> tuple[str, str]:
    """Banner city and FM line for an origin display name."""
    special = {"Secretary of State": ("STATE", "SECSTATE WASHDC"),
               "Department of State": ("STATE", "SECSTATE WASHDC"),
               "American Institute Taiwan, Taipei": ("TAIPEI", "AIT TAIPEI"),
               "US Interests Section Havana": ("HAVANA", "USINT HAVANA"),
               "Iran RPO Dubai": ("RPO DUBAI", "AMCONSUL DUBAI"),
               "UNVIE": ("UNVIE VIENNA", "USMISSION UNVIE VIENNA"),
               "USUN New York": ("USUN NEW YORK", "USMISSION USUN NEW YORK"),
               "USEU Brussels": ("USEU BRUSSELS", "USEU BRUSSELS")}
    if origin in special:
        return special[origin]
    prefixes = (("Embassy ", "AMEMBASSY "), ("Embasy ", "AMEMBASSY "),
                ("American Consulate ", "AMCONSUL "), ("Consulate ", "AMCONSUL "),
                ("US Mission ", "USMISSION "), ("Mission ", "USMISSION "),
                ("US Office ", "USOFFICE "), ("REO ", "REO "))
    for prefix, sender in prefixes:
        if origin.startswith(prefix):
            city = origin[len(prefix):].upper()
            return city, sender + city
    return origin.upper(), origin.upper()


@lru_cache(maxsize=2)
def load_routes(realdata: Path) -> dict[str, str]:
    """Station name (e.g. "AMEMBASSY TALLINN") -> routing indicator."""
    routes: dict[str, str] = {}
    with open(realdata / "reference_lists" / "route2name.csv", newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) >= 2 and row[0].startswith("RUEH"):
                routes.setdefault(row[1].strip(), row[0].strip())
    return routes


def build_info_pool(routes: dict[str, str]) -> list[str]:
    """Addressee lines for INFO blocks: posts with an RI prefix, plus the usual collectives."""
    posts = [f"{ri}/{name}" for name, ri in routes.items()
             if name.startswith(("AMEMBASSY ", "AMCONSUL ", "USMISSION "))]
    return sorted(posts) + list(COLLECTIVES) * 8


def station_info(ctx: Context, station: str) -> Station:
    """Cached display forms of a station."""
    info = ctx.stations.get(station)
    if info is None:
        origin = origin_for(station, ctx.origin_index)
        city, sender = city_and_sender(origin)
        ri = ctx.routes.get(sender) or "RUEH" + re.sub(r"[^A-Z]", "", city)[:2]
        if station in ("STATE", "SECSTATE", "WASHDC"):
            ri = "RUEHC"
        geo = STATION_GEO.get(station) or ctx.tags.geo_all[zlib.crc32(station.encode())
                                                           % len(ctx.tags.geo_all)]
        info = Station(origin, city, sender, ri, geo)
        ctx.stations[station] = info
    return info


def weighted(head: Sequence[str], rest: Sequence[str], s: float) -> tuple[list[str], list[float]]:
    """A head list in rank order followed by the rest, with Zipf cumulative weights."""
    seen = set(head)
    items = list(head) + [x for x in rest if x not in seen]
    return items, zipf_cum(len(items), s)


@lru_cache(maxsize=2)
def build_tag_pools(realdata: Path) -> TagPools:
    """Subject, K, organisation and geographic tag pools from the real code lists."""
    lists = realdata / "reference_lists"
    subject = (lists / "subject-tags.txt").read_text(encoding="utf-8").split()
    orgs = [t.strip() for t in (lists / "organization-tags.txt").read_text(encoding="utf-8")
            .splitlines() if re.fullmatch(r"[A-Z0-9]{2,8}", t.strip())]
    browse = json.loads((lists / "wikileaks_final_build_browse_lists.json")
                        .read_text(encoding="utf-8"))["tags"]
    ktags = [t for t in browse if re.fullmatch(r"K[A-Z]{3}", t)]
    geo = [t for t in browse if re.fullmatch(r"[A-Z]{2}", t)]
    s_items, s_cum = weighted(SUBJECT_TAG_HEAD, subject, 1.15)
    k_items, k_cum = weighted(K_TAG_HEAD, ktags[:120], 1.2)
    o_items, o_cum = weighted(ORG_TAG_HEAD, orgs, 1.1)
    g_items, g_cum = weighted(OTHER_GEO_HEAD, geo, 1.0)
    return TagPools(s_items, s_cum, k_items, k_cum, o_items, o_cum, g_items, g_cum, geo)


# ---------------------------------------------------------------------------------------------
# Vocabulary from the real cable bodies
# ---------------------------------------------------------------------------------------------


def real_bodies(realdata: Path) -> dict[str, str]:
    """Body text of every real cable sample (HTML body <pre> and CSV column 8), by refid."""
    bodies: dict[str, str] = {}
    for page in sorted((realdata / "wikileaks_html").rglob("*.html")):
        pres = re.findall(r"<pre[^>]*>(.*?)</pre>", page.read_text("utf-8", "replace"), re.S)
        if len(pres) >= 2:
            text = re.sub(r"<br\s*/?>", "\n", pres[-1])
            bodies[page.stem] = html.unescape(re.sub(r"<[^>]+>", "", text))
    sample = realdata / "cables_csv" / "cables_first12_sample.csv"
    with open(sample, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f, escapechar="\\", doublequote=False):
            if len(row) == 8:
                bodies[row[2]] = row[7]
    return bodies


def mixed_case(text: str) -> bool:
    """True for normally written text (the all-caps cables are upper-cased later anyway)."""
    head = text[:3000]
    return len(_NOT_LOWER.sub("", head)) > len(head) * 0.2


def word_counts(bodies: dict[str, str]) -> Counter[str]:
    """Prose word frequencies: structural lines and paragraph markers left out."""
    text = "\n".join(bodies.values())
    for bad, good in _QUOTE_FIX:
        text = text.replace(bad, good)
    counts = Counter(_STRUCT_LINE.sub("", text).split())
    for token in [t for t in counts if _DROP_TOKEN.fullmatch(t)]:
        del counts[token]
    for token, n in (("&", 40), ("Q&A", 6), ("S&T", 4), ("R&D", 6), ("AT&T", 2), ("O'Brien", 3),
                     ("GOI's", 8), ("Post's", 10), ('"the', 10), ('problem."', 4)):
        counts[token] += n
    return counts


def systematic_fill(items: list[str], weights: list[float], slots: int) -> list[str]:
    """Deterministic proportional allocation of slots to items (systematic sampling)."""
    total = sum(weights)
    step = total / slots
    out: list[str] = []
    acc, pos, i = 0.0, step / 2, 0
    for item, w in zip(items, weights, strict=True):
        acc += w
        while pos < acc and i < slots:
            out.append(item)
            pos += step
            i += 1
    out += [items[-1]] * (slots - len(out))
    return out


def mean_len(pool: list[str]) -> float:
    """Mean length + 1 of the words in a pool (tail marks count as a 10-letter name)."""
    return sum(len(w) + 1 if w != TAIL_MARK else 11 for w in pool) / len(pool)


@lru_cache(maxsize=2)
def build_vocab(realdata: Path) -> Vocab:
    """Head pool (common words + sentinels) and mid pool (rare words + tail marks)."""
    bodies = {k: v for k, v in real_bodies(realdata).items() if mixed_case(v)}
    counts = word_counts(bodies)
    ranked = counts.most_common()
    total = sum(counts.values())
    scale = POOL_SIZE / total
    head: list[str] = []
    residual_words, residual = [], []
    for word, n in ranked:
        slots = int(n * scale)
        head += [word] * slots
        rest = n * scale - slots
        if rest > 0:
            residual_words.append(word)
            residual.append(rest)
    sentinel_slots = POOL_SIZE - len(head)
    head += [HEAD_SENTINEL] * sentinel_slots
    tail_slots = min(POOL_SIZE // 2, round(TAIL_SHARE * POOL_SIZE * POOL_SIZE / sentinel_slots))
    mid = systematic_fill(residual_words, residual, POOL_SIZE - tail_slots)
    mid += [TAIL_MARK] * tail_slots
    head_chars = sum(len(w) + 1 for w in head if w != HEAD_SENTINEL)
    per_token = (head_chars + sentinel_slots * mean_len(mid)) / POOL_SIZE
    return Vocab(tuple(head), tuple(mid), len(counts), per_token)


# ---------------------------------------------------------------------------------------------
# Text primitives
# ---------------------------------------------------------------------------------------------


def rand_indices(rng: random.Random, n: int) -> array[int]:
    """n uniform 16-bit indices, independent of the machine's byte order."""
    idx = array("H", rng.randbytes(2 * n))
    if sys.byteorder == "big":
        idx.byteswap()
    return idx


def pick(pool: tuple[str, ...], idx: array[int]) -> list[str]:
    """pool[i] for every index, done in C."""
    if len(idx) == 1:
        return [pool[idx[0]]]
    return list(itemgetter(*idx)(pool))


def tail_name(i: int) -> str:
    """A pronounceable rare name for tail id i (distinct ids give distinct syllable triples)."""
    x = (i * 0x9E3779B1) & 0x1FFFFF
    n = len(SYLLABLES)
    name = SYLLABLES[x % n] + SYLLABLES[(x // n) % n] + SYLLABLES[(x // (n * n)) % n]
    return name.capitalize()


def draw_tail(rng: random.Random) -> str:
    """A rare name, Zipf-distributed (log-uniform ids) over TAIL_IDS names."""
    return tail_name(int(TAIL_IDS ** rng.random()))


def words(rng: random.Random, vocab: Vocab, n: int, redact: bool = False) -> str:
    """n space-separated words following the real frequencies plus a long tail of names."""
    text = " ".join(pick(vocab.head, rand_indices(rng, max(n, 2))))
    parts = text.split(HEAD_SENTINEL)
    if len(parts) == 1:
        return text
    mids = pick(vocab.mid, rand_indices(rng, len(parts) - 1))
    for i, w in enumerate(mids):
        if w is TAIL_MARK or w == TAIL_MARK:
            mids[i] = "XXXXXXXXXXXX" if redact and rng.random() < 0.4 else draw_tail(rng)
    mids.append("")
    return "".join(chain.from_iterable(zip(parts, mids, strict=True)))


_WRAP_CACHE: dict[int, re.Pattern[str]] = {}


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap at width; every line keeps its trailing space like the real cables."""
    pattern = _WRAP_CACHE.get(width)
    if pattern is None:
        pattern = re.compile(rf".{{1,{width - 1}}}(?: |$)|\S+ ?")
        _WRAP_CACHE[width] = pattern
    return pattern.findall(text + " ")


def cp1252_damage(text: str) -> str:
    """The cp1252 quote damage seen in many cables: &quoted8 and aren,t."""
    return _QUOTED.sub(r"&\g<1>8", text).replace("'", ",")


def escape(value: str) -> str:
    """Backslash escaping of cables.csv: \\\\, \\" and \\'."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


# ---------------------------------------------------------------------------------------------
# One cable
# ---------------------------------------------------------------------------------------------


@dataclass
class Cable:
    """Per-cable facts shared by the header and body builders."""

    refid: str
    when: tuple[int, int, int, int, int]
    station: Station
    station_token: str
    classification: str
    full_index: int
    upper: bool = True
    sp: str = " "  # "" when this cable's lines have no trailing spaces
    width: int = 64
    pages: int = 1
    refs: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.when[0]

    @property
    def serial(self) -> int:
        return serial_of(self.refid)

    @property
    def modern(self) -> bool:
        return self.year >= 1995


def created_text(when: tuple[int, int, int, int, int]) -> str:
    """M/D/YYYY H:MM, no zero padding, 24-hour clock."""
    y, m, d, hh, mm = when
    return f"{m}/{d}/{y} {hh}:{mm:02d}"


def dtg(when: tuple[int, int, int, int, int]) -> str:
    """Date-time group such as 101222Z FEB 10."""
    y, m, d, hh, mm = when
    return f"{d:02d}{hh:02d}{mm:02d}Z {MONTHS[m - 1]} {y % 100:02d}"


def choose(rng: random.Random, items: list[str], cum: list[float], k: int) -> list[str]:
    """k weighted draws with precomputed cumulative weights."""
    return rng.choices(items, cum_weights=cum, k=k) if k > 0 else []


def make_tags(rng: random.Random, ctx: Context, cable: Cable) -> list[str]:
    """Tag codes: subject tags, K-tags, the origin's country code, sometimes orgs and people."""
    if rng.random() < 0.05:
        return []
    n = max(2, min(8, round(rng.gauss(5, 1.5))))
    if rng.random() < 0.01:
        n = rng.randint(9, 14)
    pools = ctx.tags
    n_k = (rng.random() < 0.45) + (rng.random() < 0.12)
    n_org = int(rng.random() < 0.14)
    n_geo_other = int(rng.random() < 0.35) + int(rng.random() < 0.1)
    n_subject = max(1, n - 1 - n_k - n_org - n_geo_other)
    codes = list(dict.fromkeys(choose(rng, pools.subject, pools.subject_cum, n_subject + 1)))
    codes = codes[:n_subject] + choose(rng, pools.ktags, pools.ktags_cum, n_k)
    rng.shuffle(codes)
    if cable.station.city == "STATE":  # Washington writes about everywhere
        codes += choose(rng, pools.geo_other, pools.geo_other_cum, 1)
    elif rng.random() < 0.95:
        codes.append(cable.station.geo)
    codes += choose(rng, pools.geo_other, pools.geo_other_cum, n_geo_other)
    codes += choose(rng, pools.orgs, pools.orgs_cum, n_org)
    if rng.random() < 0.006:
        codes.append(f"{draw_tail(rng).upper()}, {rng.choice(FIRST_NAMES).upper()}")
    return list(dict.fromkeys(codes))


def tags_lines(rng: random.Random, codes: list[str], cable: Cable) -> list[str]:
    """The TAGS line with the real quirks at low rates."""
    if not codes:
        return [] if rng.random() < 0.6 else ["TAGS: "]
    keyword = "TAGS:"
    sep = ", " if (not cable.modern or rng.random() < 0.25) else " "
    r = rng.random()
    if r < 0.015:
        keyword = rng.choice(TAG_KEYWORD_TYPOS)
    elif r < 0.03 and len(codes) >= 2:
        i = rng.randrange(len(codes) - 1)
        codes = codes[:i] + [codes[i] + codes[i + 1]] + codes[i + 2:]  # glued: PGOVPREL
    elif r < 0.045:
        codes = codes + codes[: rng.randint(1, min(2, len(codes)))]  # duplicates
    elif r < 0.06:
        keyword, codes = "Tags:", [c.lower() for c in codes]
    if rng.random() < 0.015 and len(codes) >= 3:
        text = " ".join(c + ("," if rng.random() < 0.5 else "") for c in codes).rstrip(",")
    else:
        text = sep.join(codes)
    line = f"{keyword} {text}"
    if rng.random() < 0.015 and len(codes) >= 3:
        cut = line.rfind(" ", 0, len(line) * 2 // 3)
        return [line[:cut], line[cut + 1:]]
    return [line]


def subject_lines(rng: random.Random, ctx: Context, cable: Cable) -> list[str]:
    """SUBJECT (or SUBJ) line, sometimes with a (C) marker, wrapped after ~60 characters."""
    if rng.random() < 0.005:
        return []
    text = words(rng, ctx.vocab, rng.randint(4, 15)).upper().rstrip(".,;:")
    if rng.random() < 0.35 and cable.station.city != "STATE":
        text = f"{cable.station.city}: {text}"
    if cable.classification != "UNCLASSIFIED" and cable.modern and rng.random() < 0.08:
        text = f"{marker_for(rng, cable.classification)} {text}"
    keyword = "SUBJ:" if (not cable.modern and rng.random() < 0.6) else "SUBJECT:"
    if rng.random() < 0.004:
        keyword = rng.choice(("SUBJECT", "UBJECT:", "SUBJ"))
    return wrap(f"{keyword} {text}", 62 + rng.randint(0, 6))


def marker_for(rng: random.Random, classification: str) -> str:
    """A paragraph classification marker consistent with the cable's classification."""
    r = rng.random()
    if classification == "UNCLASSIFIED":
        return "(U)"
    if classification.startswith("UNCLASSIFIED//"):
        return "(SBU)" if r < 0.7 else "(U)"
    if classification == "CONFIDENTIAL":
        return "(C)" if r < 0.75 else ("(U)" if r < 0.9 else "(SBU)")
    if classification == "CONFIDENTIAL//NOFORN":
        return "(C/NF)" if r < 0.4 else ("(C//NF)" if r < 0.6 else ("(C)" if r < 0.9 else "(U)"))
    if classification == "SECRET":
        return "(S)" if r < 0.6 else ("(C)" if r < 0.9 else "(U)")
    return "(S//NF)" if r < 0.4 else ("(S/NF)" if r < 0.55 else ("(S)" if r < 0.8 else "(C)"))


def pick_refs(rng: random.Random, ctx: Context, cable: Cable) -> list[int]:
    """Earlier real cables to cite: mostly the same station and STATE."""
    plan, p = ctx.plan, cable.full_index
    out: list[int] = []
    wanted = 1 + int(rng.random() < 0.45) + int(rng.random() < 0.25) + int(rng.random() < 0.1)
    for _ in range(wanted):
        r = rng.random()
        pool = plan.by_station.get(cable.station_token if r < 0.6 else "STATE")
        if r >= 0.9 or not pool:
            q = int(rng.random() * p)
        else:
            j = bisect.bisect_left(pool, p)
            if j == 0:
                continue
            q = pool[max(0, j - 1 - int(rng.random() * min(j, 300)))]
        if q < p and plan.clean[q] and q not in out:
            out.append(q)
    return out


def ref_text(ctx: Context, cable: Cable, q: int, rng: random.Random) -> str:
    """How a REF line names cable q: STATE 2094, 08 TBILISI 1605, 2007 MANAGUA 002135."""
    refid = ctx.plan.refids[q]
    m = CLEAN_REFID.match(refid)
    assert m
    yy, token, serial = m.groups()
    city = station_info(ctx, token).city
    if city == "STATE" and rng.random() < 0.1:
        city = "SECSTATE"
    number = serial.zfill(6) if rng.random() < 0.15 else serial
    if int(yy) == cable.year % 100:
        return f"{city} {number}"
    return f"{'20' + yy if rng.random() < 0.2 and int(yy) <= 10 else yy} {city} {number}"


def non_cable_ref(rng: random.Random, cable: Cable) -> str:
    """A REF item that is not a cable: e-mails, telcons, OSC reports."""
    y, m, d = cable.when[:3]
    date = f"{m:02d}/{max(1, d - rng.randint(0, 9)):02d}/{y % 100:02d}"
    template = rng.choice(NON_CABLE_REFS)
    return template.format(name=draw_tail(rng).upper(), name2=draw_tail(rng).upper(), date=date,
                           osc=f"EUP{y}{m:02d}{d:02d}{rng.randint(10**6, 10**7 - 1)}")


def ref_lines(rng: random.Random, ctx: Context, cable: Cable) -> list[str]:
    """The REF block; fills cable.refs with the canonical refids it cites."""
    if rng.random() > (0.42 if cable.modern else 0.3):
        return []
    cited = pick_refs(rng, ctx, cable)
    items = [ref_text(ctx, cable, q, rng) for q in cited]
    cable.refs = sorted({ctx.plan.refids[q] for q in cited})
    if rng.random() < 0.07:
        items.insert(rng.randint(0, len(items)), non_cable_ref(rng, cable))
    if not items:
        return []
    if len(items) == 1:
        return [f"REF: {items[0]}"]
    lettered = [f"{chr(65 + i)}. {t}" for i, t in enumerate(items)]
    if rng.random() < 0.45:
        return wrap("REF: " + "  ".join(lettered), 66)
    return [f"REF: {lettered[0]}"] + [("     " if rng.random() < 0.3 else "") + t
                                      for t in lettered[1:]]


def eo_line(rng: random.Random, cable: Cable) -> str:
    """Executive-order line matching the era and classification."""
    y, m, d = cable.when[:3]
    if y < 1978:
        return "E.O. 11652: " + rng.choice(("GDS", "XGDS-1", "N/A", "NGDS", "XGDS-2"))
    if y < 1982:
        return f"E.O. 12065: GDS {m}/{d}/{(y + 6) % 100:02d}"
    if y < 1995:
        return "E.O. 12356: " + ("DECL: OADR" if cable.classification != "UNCLASSIFIED" else "N/A")
    if cable.classification.startswith("UNCLASSIFIED"):
        return "E.O. 12958: N/A"
    keyword = rng.choice(("E.O. 12958: DECL:", "E.O. 12958: DECL:", "E.O. 12958: DECL:",
                          "E.O. 12958  DECL:", "EO 12958 DECL:"))
    return f"{keyword} {m:02d}/{d:02d}/{y + rng.choice((10, 10, 10, 5, 15, 20, 25))}"


def classified_by(rng: random.Random, cable: Cable) -> str:
    """Classified By: line with a generated official and the 1.4 reasons."""
    who = f"{rng.choice(CLASSIFIER_TITLES)} {rng.choice(FIRST_NAMES)} {draw_tail(rng)}"
    reasons = rng.choice(("1.4 (b) and (d)", "1.4 (d)", "1.4(b)", "1.4 (b), (d)", "1.4 (c)"))
    line = rng.choice((f"Classified By: {who}. Reason: {reasons}.",
                       f"Classified By: {who}, for reasons {reasons}",
                       f"CLASSIFIED BY: {who.upper()}, REASONS {reasons.upper()}"))
    return line.upper() if cable.upper else line


def banner_word(cable: Cable, rng: random.Random) -> str:
    """Classification banner word(s), letter-spaced for modern classified cables."""
    c = cable.classification
    if c.startswith("UNCLASSIFIED"):
        if not cable.modern and c.endswith("ONLY"):
            return "LIMITED OFFICIAL USE"
        return "UNCLAS" if cable.modern or rng.random() < 0.5 else "UNCLASSIFIED"
    word = "CONFIDENTIAL" if c.startswith("CONFIDENTIAL") else "SECRET"
    return " ".join(word) if (cable.modern or rng.random() < 0.3) else word


def signer(cable: Cable) -> str:
    """Signer surname: the Secretary for STATE cables, else a stable chief of mission."""
    if cable.station.city == "STATE":
        for start, end, name in SECRETARIES:
            if start <= cable.year <= end:
                return name
    return tail_name(zlib.crc32(f"{cable.station_token}{cable.year // 3}".encode())).upper()


def prose(rng: random.Random, ctx: Context, cable: Cable, chars: int) -> str:
    """All running text of one cable in a single string (case, damage and redaction applied)."""
    redact = rng.random() < 0.04
    text = words(rng, ctx.vocab, max(8, int(chars / ctx.vocab.chars_per_token)), redact)
    if cable.upper:
        text = text.upper()
    if rng.random() < 0.03:
        text = cp1252_damage(text)
    return text


def cut(text: str, pos: int, chars: int) -> int:
    """End of a piece of about chars characters starting at pos, on a word boundary."""
    end = text.find(" ", pos + chars)
    return len(text) if end < 0 or len(text) - end < 80 else end


def add_para(out: list[str], cable: Cable, text: str) -> None:
    """Wrap a paragraph into out, followed by an empty line."""
    out += wrap(text, cable.width)
    out.append(cable.sp)


def add_lettered(rng: random.Random, out: list[str], cable: Cable, text: str) -> None:
    """Split a paragraph into lettered sub-paragraphs A., B., ..."""
    pos = 0
    for k in range(rng.randint(2, 4)):
        end = cut(text, pos, rng.randint(80, 400)) if k < 3 else len(text)
        add_para(out, cable, f"{chr(65 + k)}. {text[pos:end]}")
        pos = end + 1
        if pos >= len(text):
            return
    if pos < len(text):
        add_para(out, cable, text[pos:])


def heading(rng: random.Random, out: list[str], cable: Cable) -> None:
    """A heading underlined with dashes, as in many post-2005 cables."""
    head = rng.choice(HEADINGS)
    head = head.upper() if cable.upper else head
    out += [head + cable.sp, "-" * len(head) + cable.sp, cable.sp]


def framed(text: str, cable: Cable, opener: str, closer: str) -> str:
    """Wrap text in SUMMARY/COMMENT markers in the cable's case."""
    if cable.upper:
        return f"{opener.upper()}{text} {closer.upper()}"
    return f"{opener}{text} {closer}"


def body_paragraphs(rng: random.Random, ctx: Context, cable: Cable, out: list[str],
                    target: int) -> None:
    """Numbered paragraphs with markers, headings, summary, lettered items and comment."""
    budget = max(120, target - sum(len(x) + 1 for x in out))
    text = prose(rng, ctx, cable, int(budget * PROSE_SHARE))
    markers = cable.modern or (cable.year >= 1985 and rng.random() < 0.5)
    num_fmt = rng.choice(("{n}. {m} ", "{n}.{m} ", "{n}.  {m}  ", "{n}. {m} "))
    p_heading = 0.05 if cable.upper else 0.12
    pos, n = 0, 1
    while pos < len(text):
        end = cut(text, pos, max(40, min(5000, int(rng.lognormvariate(6.25, 0.55)))))
        para = text[pos:end]
        para = para[:1].upper() + para[1:]
        pos = end + 1
        if n > 2 and rng.random() < p_heading:
            heading(rng, out, cable)
        if n == 1 and rng.random() < 0.4:
            para = framed(para, cable, rng.choice(SUMMARY_OPENERS), "End Summary.")
        elif pos >= len(text) and n > 2 and rng.random() < 0.35:
            para = framed(para, cable, "Comment: ", "End Comment.")
        elif n > 1 and rng.random() < 0.07:
            add_lettered(rng, out, cable, para)
            continue
        marker = marker_for(rng, cable.classification) if markers else ""
        prefix = num_fmt.format(n=n, m=marker) if markers else f"{n}.  "
        add_para(out, cable, prefix + para)
        n += 1


def body_text(rng: random.Random, ctx: Context, cable: Cable, target: int, nl: str) -> str:
    """The full body: banner, SIPDIS, E.O., TAGS, SUBJECT, REF, Classified By, text, signer."""
    sp = cable.sp
    out: list[str] = ["", sp]  # out[0] is the banner, set once the page count is known
    sipdis = cable.year >= 2003 and rng.random() < 0.85
    if cable.classification.endswith("NOFORN"):
        out += ["NOFORN" + sp]
    if cable.classification.endswith("ONLY") and cable.modern:
        out += ["SENSITIVE" + sp]
    if sipdis:
        out += [("SIPDIS SIPDIS" if rng.random() < 0.05 else "SIPDIS") + sp, sp]
    if cable.modern and rng.random() < 0.3:
        out += [rng.choice(OFFICE_LINES) + sp, sp]
    out.append(eo_line(rng, cable) + sp)
    out += [x + sp for x in tags_lines(rng, make_tags(rng, ctx, cable), cable)]
    out += [x.rstrip() + sp for x in subject_lines(rng, ctx, cable)]
    out.append(sp)
    refs = ref_lines(rng, ctx, cable)
    if refs:
        out += [x.rstrip() + sp for x in refs] + [sp]
    if cable.modern and not cable.classification.startswith("UNCLASSIFIED") and rng.random() < 0.9:
        out += [classified_by(rng, cable) + sp, sp]
    body_paragraphs(rng, ctx, cable, out, target)
    out.append(signer(cable) + sp)
    if not cable.modern and rng.random() < 0.3:
        out.append(rng.choice(("NNNN", cable.classification.split("//")[0], "GP-3")) + sp)
    return finish_body(rng, cable, out, nl)


def finish_body(rng: random.Random, cable: Cable, out: list[str], nl: str) -> str:
    """Set the banner, add page-break lines every ~60 lines and join."""
    per_page = 58 + rng.randint(0, 6)
    cable.pages = max(1, math.ceil(len(out) / per_page)) if cable.year >= 2000 else 1
    word = banner_word(cable, rng)
    serial = f"{cable.serial:06d}" if cable.modern else str(cable.serial)
    section = f" SECTION 01 OF {cable.pages:02d}" if cable.pages > 1 else ""
    out[0] = f"{word}{section} {cable.station.city} {serial}" + cable.sp
    if cable.pages > 1:
        paged: list[str] = []
        for page in range(cable.pages):
            paged += out[page * per_page:(page + 1) * per_page]
            if page + 1 < cable.pages:
                dot = ".2" if rng.random() < 0.15 else ""
                pb = (f"{cable.station.city} {cable.serial:08d}  "
                      f"{page + 2:03d}{dot} OF {cable.pages:03d}{cable.sp}")
                paged += [cable.sp, pb, cable.sp, cable.sp]
        out = paged
    text = nl.join(out) + nl
    if not cable.sp:
        text = text.replace(" " + nl, nl)
    return text


def precedence(rng: random.Random) -> tuple[str, str]:
    """Precedence letter and the word used on TO lines."""
    r = rng.random()
    if r < 0.55:
        return "P", "PRIORITY"
    if r < 0.77:
        return "O", "NIACT IMMEDIATE" if rng.random() < 0.03 else "IMMEDIATE"
    if r < 0.995:
        return "R", "ROUTINE" if rng.random() < 0.3 else ""
    return "Z", "FLASH"


def info_count(rng: random.Random) -> int:
    """Number of INFO addressees: usually a handful, sometimes a long collective list."""
    if rng.random() < 0.02:
        return rng.randint(20, 120)
    return min(40, int(rng.expovariate(1 / 3.5)))


def addressee(rng: random.Random, ctx: Context, word: str) -> str:
    """One INFO line, with a message continuity number or precedence."""
    line = rng.choice(ctx.info_pool)
    r = rng.random()
    if r < 0.5 and "/AM" in line:
        return f"{line} {rng.randint(1, 9999):04d}"
    return f"{line} {word}" if r < 0.7 and word else line


def modern_header(rng: random.Random, ctx: Context, cable: Cable, nl: str) -> str:
    """VZCZC header: transmission id, routing, DE line, ZNY, DTG, FM, TO, INFO."""
    letter, word = precedence(rng)
    y, m, d, hh, mm = cable.when
    julian = datetime.date(y, m, d).timetuple().tm_yday
    section = "/01" if cable.pages > 1 else ""
    de_min = min(59, mm + rng.randint(0, 8))
    cls = cable.classification
    zny = "ZNR UUUUU ZZH" if cls.startswith("UNCLASSIFIED") else f"ZNY {cls[0] * 5} ZZH"
    relays = " ".join(rng.choice(ctx.info_pool).split("/")[0] for _ in range(rng.randint(1, 6)))
    tid = f"VZCZCXRO{rng.randint(0, 9999):04d}" if rng.random() < 0.8 else "VZCZCXYZ0000"
    lines = [tid, f"{letter}{letter} {relays}",
             f"DE {cable.station.ri} #{cable.serial % 10000:04d}{section} "
             f"{julian:03d}{hh:02d}{de_min:02d}",
             zny, f"{letter} {'R ' if rng.random() < 0.3 else ''}{dtg(cable.when)}",
             f"FM {cable.station.sender}"]
    lines += to_lines(rng, ctx, cable, word)
    n_info = info_count(rng)
    if n_info:
        lines.append("INFO " + addressee(rng, ctx, word))
        lines += [addressee(rng, ctx, word) for _ in range(n_info - 1)]
    return nl.join(lines) + (nl if rng.random() < 0.3 else "")


def to_lines(rng: random.Random, ctx: Context, cable: Cable, word: str) -> list[str]:
    """TO block: SECSTATE for posts; one or more posts for STATE cables."""
    number = f"{rng.randint(1, 9999):04d}"
    if cable.station.city != "STATE":
        return [" ".join(x for x in ("TO RUEHC/SECSTATE WASHDC", word, number) if x)]
    posts = [x for x in (rng.choice(ctx.info_pool) for _ in range(rng.randint(1, 3)))]
    first = " ".join(x for x in (f"TO {posts[0]}", word, number) if x)
    return [first] + [" ".join(x for x in (p, word, f"{rng.randint(1, 9999):04d}") if x)
                      for p in posts[1:]]


def old_header(rng: random.Random, ctx: Context, cable: Cable, nl: str) -> str:
    """Pre-VZCZC header: DTG line, FM, TO and a short INFO list."""
    letter, word = precedence(rng)
    r = rng.random()
    first = dtg(cable.when) if r < 0.1 else f"{letter} {'R ' if r < 0.4 else ''}{dtg(cable.when)}"
    to = "TO SECSTATE WASHDC" if cable.station.city != "STATE" else \
        "TO " + rng.choice(ctx.info_pool).split("/", 1)[-1]
    to += f" {word}" if word and rng.random() < 0.5 else ""
    to += f" {rng.randint(100, 9999)}" if rng.random() < 0.7 else ""
    lines = [first + (" " if rng.random() < 0.4 else ""), f"FM {cable.station.sender}", to]
    n_info = min(12, info_count(rng))
    pool = [p.split("/", 1)[-1] for p in rng.sample(ctx.info_pool, n_info)] + list(OLD_INFO)
    infos = [rng.choice(pool) for _ in range(n_info)]
    if infos:
        lines += ["INFO " + infos[0]] + infos[1:]
    return nl.join(lines) + (nl if rng.random() < 0.8 else "")


def make_cable(ctx: Context, full_index: int, when: tuple[int, int, int, int, int],
               class_index: int, rng: random.Random) -> Cable:
    """Per-cable facts; text style (case, trailing spaces, wrap width) is drawn here."""
    plan = ctx.plan
    token = plan.stations[full_index]
    cable = Cable(plan.refids[full_index], when, station_info(ctx, token), token,
                  CLASSES[class_index], full_index)
    y = cable.year
    p_upper = 1.0 if y < 1995 else (0.8 if y < 2003 else (0.5 if y < 2006 else 0.3))
    cable.upper = rng.random() < p_upper
    cable.sp = " " if rng.random() < 0.7 else ""
    cable.width = rng.randint(60, 69)
    return cable


def body_target(rng: random.Random, ctx: Context) -> int:
    """Log-normal body size in characters, plus a rare explicit tail of 200-450 KB bodies."""
    if rng.random() < HUGE_BODY_RATE:
        return int(HUGE_BODY_MIN * (BODY_MAX_CHARS / HUGE_BODY_MIN) ** rng.random())
    size = int(rng.lognormvariate(ctx.body_mu, BODY_SIGMA))
    return max(BODY_MIN_CHARS, min(BODY_MAX_CHARS, size))


def cable_fields(ctx: Context, v: int, record: int, salt: int = 0) -> list[str]:
    """The 8 unescaped fields of valid row v (salt > 0: a different text for a bad row)."""
    plan = ctx.plan
    full_index = plan.selected[v]
    rng = random.Random((ctx.cfg.seed << 40) ^ (salt << 32) ^ full_index)
    nl = "\r\n" if ctx.cfg.crlf else "\n"
    cls = plan.classes[v] if not salt else salt % len(CLASSES)
    cable = make_cable(ctx, full_index, plan.when[v], cls, rng)
    body = body_text(rng, ctx, cable, body_target(rng, ctx), nl)
    modern = cable.year >= 2003 and rng.random() < 0.97
    header = (modern_header if modern else old_header)(rng, ctx, cable, nl)
    return [str(record), created_text(cable.when), cable.refid, cable.station.origin,
            cable.classification, "|".join(cable.refs), header, body]


def bad_fields(ctx: Context, kind: str, number: int, v: int, record: int
               ) -> tuple[list[str], str]:
    """Malformed record number `number`, placed before valid row v (still a complete, correctly
    escaped CSV record) and why it is bad."""
    fields = cable_fields(ctx, v, record, salt=number + 1)
    m = CLEAN_REFID.match(fields[2])
    yy, token = (m.group(1), m.group(2)) if m else (fields[2][:2], "STATE")
    fields[2] = f"{yy}{token}{9_000_000 + number}"
    if kind == "fields_7":
        del fields[5]
        return fields, "7 fields: the references column is missing"
    if kind == "fields_9":
        fields.insert(5, fields[4])
        return fields, "9 fields: the classification column is repeated"
    if kind == "bad_date":
        fields[1] = BAD_DATE
        return fields, f"unparseable created date {BAD_DATE!r}"
    fields[2] = ""
    return fields, "empty refid"


def record_text(fields: list[str], nl: str) -> str:
    """One CSV record: every field quoted, backslash escaping, record separator."""
    return '"' + '","'.join(escape(f) for f in fields) + '"' + nl


# ---------------------------------------------------------------------------------------------
# Chunks, workers and the writer
# ---------------------------------------------------------------------------------------------


def build_context(cfg: Config) -> Context:
    """Load every reference list once (about two seconds)."""
    realdata = Path(cfg.realdata)
    routes = load_routes(realdata)
    ctx = Context(cfg, build_plan(cfg), build_vocab(realdata), build_tag_pools(realdata), routes,
                  build_info_pool(routes), load_origin_index(realdata))
    mean_body = max(BODY_MIN_CHARS, cfg.target_bytes / max(1, cfg.rows) - ROW_OVERHEAD_BYTES)
    ctx.body_mu = math.log(mean_body / BODY_YIELD) - BODY_SIGMA ** 2 / 2
    return ctx


def _init_worker(cfg: Config) -> None:
    """Pool initializer: reuse the forked context, or build it (spawn start method)."""
    global _CTX
    if _CTX is None or _CTX.cfg != cfg:
        _CTX = build_context(cfg)


def gen_chunk(chunk: int) -> dict[str, Any]:
    """Valid rows [chunk*CHUNK_ROWS, ...) plus the bad rows inserted before them, as bytes."""
    ctx = _CTX
    assert ctx is not None
    plan, nl = ctx.plan, ("\r\n" if ctx.cfg.crlf else "\n")
    start = chunk * CHUNK_ROWS
    stop = min(len(plan.selected), start + CHUNK_ROWS)
    b = bisect.bisect_left(plan.bad_before, start)
    record = start + b + 1
    parts: list[str] = []
    bad: list[dict[str, Any]] = []
    counts = [0] * len(CLASSES)
    lines = 0
    big, longest = 0, 0
    for v in range(start, stop):
        while b < len(plan.bad_before) and plan.bad_before[b] == v:
            fields, why = bad_fields(ctx, plan.bad_kinds[b], b, v, record)
            text = record_text(fields, nl)
            bad.append({"record": record, "line_offset": lines, "kind": plan.bad_kinds[b],
                        "reason": why, "fields": len(fields), "refid": fields[2]})
            parts.append(text)
            lines += text.count("\n")
            record += 1
            b += 1
        fields = cable_fields(ctx, v, record)
        counts[plan.classes[v]] += 1
        big += len(fields[7]) > 65_536
        longest = max(longest, len(fields[7]))
        text = record_text(fields, nl)
        parts.append(text)
        lines += text.count("\n")
        record += 1
    data = "".join(parts).encode("utf-8")
    return {"data": data, "lines": lines, "counts": counts, "bad": bad, "big": big,
            "longest": longest}


def run_chunks(n_chunks: int, jobs: int, cfg: Config) -> Iterator[dict[str, Any]]:
    """Yield chunk results in order; with jobs > 1 a bounded window of pool tasks."""
    if jobs <= 1 or n_chunks < 4:
        for i in range(n_chunks):
            yield gen_chunk(i)
        return
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(jobs, initializer=_init_worker, initargs=(cfg,)) as pool:
        pending: deque[Any] = deque()
        nxt = 0
        while nxt < n_chunks or pending:
            while nxt < n_chunks and len(pending) < 3 * jobs:
                pending.append(pool.apply_async(gen_chunk, (nxt,)))
                nxt += 1
            yield pending.popleft().get()


def generate(path: str | os.PathLike[str], rows: int = REAL_ROWS, seed: int = DEFAULT_SEED,
             bad_rows: int | None = None, crlf: bool = True, target_bytes: int | None = None,
             jobs: int | None = None, realdata: str | os.PathLike[str] | None = None,
             progress: bool = False) -> dict[str, Any]:
    """Write the CSV (streaming) and <path>.manifest.json; return the manifest."""
    global _CTX
    t0 = time.perf_counter()
    rows = max(1, min(rows, REAL_ROWS))
    cfg = Config(rows, seed, default_bad_rows(rows) if bad_rows is None else bad_rows, crlf,
                 target_bytes or round(REAL_BYTES * rows / REAL_ROWS),
                 str(realdata or default_realdata()))
    _CTX = build_context(cfg)
    jobs = jobs or min(2, os.cpu_count() or 1)
    n_chunks = math.ceil(rows / CHUNK_ROWS)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = [0] * len(CLASSES)
    bad: list[dict[str, Any]] = []
    size = lines = big = longest = 0
    with open(out, "wb", buffering=1 << 22) as f:
        for i, res in enumerate(run_chunks(n_chunks, jobs, cfg)):
            for entry in res["bad"]:
                entry["line"] = lines + entry.pop("line_offset") + 1
                bad.append(entry)
            f.write(res["data"])
            size += len(res["data"])
            lines += res["lines"]
            counts = [a + b for a, b in zip(counts, res["counts"], strict=True)]
            big += res["big"]
            longest = max(longest, res["longest"])
            if progress and i % 40 == 0:
                print(f"\r{(i + 1) * 100 // n_chunks:3d}%  {size / 1e6:,.0f} MB", end="",
                      file=sys.stderr, flush=True)
    manifest = {
        "generator": "bench/gen_cables_csv.py", "version": GENERATOR_VERSION,
        "output": out.name, "seed": seed, "newline": "CRLF" if crlf else "LF",
        "rows_written": rows + len(bad), "valid_rows": rows, "bad_row_count": len(bad),
        "bad_rows": bad, "bytes": size, "physical_lines": lines, "target_bytes": cfg.target_bytes,
        "classification_counts": dict(zip(CLASSES, counts, strict=True)),
        "bodies_over_65536_chars": big, "longest_body_chars": longest,
        "vocabulary_words_from_real_bodies": _CTX.vocab.distinct_words,
        "seconds": round(time.perf_counter() - t0, 2), "jobs": jobs,
    }
    if progress:
        print(file=sys.stderr)
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    _CTX = None
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: gen_cables_csv.py OUTPUT.csv [--rows N] [--seed S] [--bad-rows K] [--lf] ..."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("output")
    ap.add_argument("--rows", type=int, default=REAL_ROWS, help="valid rows (default 251,287)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--bad-rows", type=int, default=None,
                    help="malformed records to insert (default 25 at full size, scaled)")
    ap.add_argument("--lf", action="store_true", help="LF line ends instead of CRLF")
    ap.add_argument("--target-bytes", type=int, default=None,
                    help="approximate file size (rescales the mean body size)")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default 2)")
    ap.add_argument("--realdata", default=None, help="folder holding reference_lists/ etc.")
    args = ap.parse_args(argv)
    m = generate(args.output, rows=args.rows, seed=args.seed, bad_rows=args.bad_rows,
                 crlf=not args.lf, target_bytes=args.target_bytes, jobs=args.jobs,
                 realdata=args.realdata, progress=sys.stderr.isatty())
    print(f"{m['rows_written']:,} records ({m['valid_rows']:,} valid, {m['bad_row_count']} bad), "
          f"{m['bytes']:,} bytes in {m['seconds']:.1f} s -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
