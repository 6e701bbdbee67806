"""Class 1 of issue 10: opening blocks run together on one line (re-flowed text)."""

from __future__ import annotations

from functools import cache

import pytest

from desktop.archive.head import find_head
from desktop.archive.head_lines import cut_line
from desktop.archive.parse import parse_cable
from desktop.archive.records import Cable, RawCable
from desktop.archive.sources import read_source
from tests.conftest import HTML


@cache
def real(refid: str) -> Cable:
    """A real cable page of the samples, parsed."""
    page = next(HTML.rglob(f"{refid}.html"))
    raw = next(i for i in read_source(page) if isinstance(i, RawCable))
    return parse_cable(raw)


def head_of(body: str) -> tuple[str | None, str | None, str | None]:
    head = find_head(body.split("\n"))
    return (head.tags.text if head.tags else None, head.subject.text if head.subject else None,
            head.refs.text if head.refs else None)


# --- real excerpts ----------------------------------------------------------------------------


def test_subject_ref_and_classified_by_on_one_line() -> None:
    # 10MOSCOW228: "SUBJECT: ... PROCESSING  REF: MOSCOW 00079  Classified By: ECONMINCOUNS ..."
    cable = real("10MOSCOW228")
    assert cable.subject == "RUSSIAN DRAFT BILL WOULD REQUIRE ON-SHORE CREDIT CARD PROCESSING"
    assert cable.references_text == "REF: MOSCOW 00079"
    assert cable.references == ("10MOSCOW79",)
    assert cable.tags == ("EINV", "ETRD", "RS")


@pytest.mark.parametrize(("refid", "subject", "refs_text", "refs"), [
    ("08TEGUCIGALPA459", "PRESIDENT JOSE MANUEL ZELAYA ROSALES: PERSONAL REFLECTIONS OF "
     "AMBASSADOR FORD", "REF: OFFICIAL BIOS ON FILE", ()),
    ("10BRASILIA49", "BRAZIL'S PRESIDENTIAL ELECTIONS: DILMA ROUSSEFF COMES UP FAST BEHIND "
     "JOSE SERRA", "REF: RIO DE JANEIRO 32", ("10RIODEJANEIRO32",)),
])
def test_subject_stops_at_a_ref_on_its_line(refid: str, subject: str, refs_text: str,
                                            refs: tuple[str, ...]) -> None:
    cable = real(refid)
    assert cable.subject == subject
    assert cable.references_text == refs_text
    assert cable.references == refs


def test_tags_after_decl_on_the_e_o_line() -> None:
    # 09PESHAWAR2: "E.O. 12958: DECL: 1/3/2019 TAGS: PTER MOPS ASEC PGOV PK"
    cable = real("09PESHAWAR2")
    assert cable.tags_raw == "PTER MOPS ASEC PGOV PK"
    assert cable.tags == ("PTER", "MOPS", "ASEC", "PGOV", "PK")


@pytest.mark.parametrize(("refid", "subject"), [
    # the second line holds a redaction in lower case: not a change of case
    ("09BAKU687", "IRAN: NINJA BLACK BELT MASTER DETAILS USE OF MARTIAL ARTS CLUBS FOR "
                  "REPRESSION; xxxxxxxxxxxx"),
    # a wrapped subject the page broke with a blank line
    ("09BRASILIA1460", "BRAZIL: AMAZON FUND AND OTHER FUNDS TO PROTECT THE ENVIRONMENT - "
                       "MAKING REAL PROGRESS"),
    ("10SHENYANG4", "WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY REFORM"),
    # a lower-case marking before the subject
    ("08BERLIN1068", "germany requests release of xxxxxxxxxxxx nonpaper to the german "
                     "criminal customs office (zka)"),
])
def test_subjects_that_stop_in_the_right_place(refid: str, subject: str) -> None:
    assert real(refid).subject == subject


def test_a_ref_block_stops_at_classified_by() -> None:
    # 09STATE15113: "REF: STATE 6461 PLEASE PASS TO ... (GSO and IT). Classified by S/CT DAS"
    cable = real("09STATE15113")
    assert cable.references_text.endswith("(GSO and IT).")
    assert "Classified" not in cable.references_text
    # 05ANKARA1730: "G. ANKARA 1102" / blank / "(U) Classified by CDA Robert Deutsch; E.O. ..."
    # ("(U)" is a marking there, not an item letter)
    assert real("05ANKARA1730").references_text.endswith("G. ANKARA 1102")


# --- made-up shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    ("SUBJECT: ENERGY TALKS REF: MOSCOW 1234 Classified By: Amb. X for reasons 1.4\n\n1. (C) Y",
     (None, "ENERGY TALKS", "REF: MOSCOW 1234")),
    ("SUBJECT: CHANGES ON THE NEW CABINETREF: A. PARIS 1212 B. PARIS 1213\n\n1. (C) Y",
     (None, "CHANGES ON THE NEW CABINET", "REF: A. PARIS 1212 B. PARIS 1213")),
    ("Tags: prel, econ, mx Subject: mexican minister visits the north\n\n1. Text",
     ("prel, econ, mx", "mexican minister visits the north", None)),
    ("TAGS: PREL SUBJECT: TALKS\nREF: STATE 1\n\n1. (C) Y", ("PREL", "TALKS", "REF: STATE 1")),
    ("SUBJECT: TALKS TAGS: PGOV, PREL\n\n1. (U) Y", ("PGOV, PREL", "TALKS", None)),
    ("SUBJECT: TALKS E.O. 12958: DECL: 01/01/2019\n\n1. (U) Y", (None, "TALKS", None)),
    ("SUBJECT: TALKS ON THE BUDGET 1. (C) SUMMARY: THE MINISTER SAID", (None, "TALKS ON THE BUDGET",
                                                                        None)),
    ("SUBJECT: X\nPROGRAM REF: STATE 1234\n\n1. (C) Y", (None, "X PROGRAM", "REF: STATE 1234")),
    ("SUBJECT: X\nREF. STATE 1234\n\n1. (C) Y", (None, "X", "REF. STATE 1234")),
    # what must not be cut: a subject about an executive order, a word ending in REF
    ("SUBJECT: DESIGNATIONS UNDER E.O. 13224 OF MORE FINANCIERS\n\n1. (U) Y",
     (None, "DESIGNATIONS UNDER E.O. 13224 OF MORE FINANCIERS", None)),
    ("SUBJECT: PREF: REFUGEE MATTERS\n\n1. (U) Y", (None, "PREF: REFUGEE MATTERS", None)),
])
def test_made_up_run_on_heads(body: str, expected: tuple[str | None, ...]) -> None:
    assert head_of(body) == expected


def test_spans_name_the_physical_lines() -> None:
    lines = ["UNCLAS", "", "SUBJECT: TALKS REF: STATE 1", "B. STATE 2", "", "1. (U) Text"]
    head = find_head(lines)
    assert head.subject is not None and head.refs is not None
    assert (head.subject.first, head.subject.last) == (2, 2)
    assert (head.refs.first, head.refs.last) == (2, 3)
    assert head.end == 4


@pytest.mark.parametrize(("line", "pieces"), [
    ("TAGS: PREL, PGOV", ["TAGS: PREL, PGOV"]),
    ("E.O. 12958: DECL: 01/04/2020", ["E.O. 12958: DECL: 01/04/2020"]),
    ("E.O. 12958: DECL: 1/3/2019 TAGS: PTER", ["E.O. 12958: DECL: 1/3/2019", "TAGS: PTER"]),
    ("SUBJECT: X (U) Classified by Y", ["SUBJECT: X", "(U) Classified by Y"]),
])
def test_cut_line(line: str, pieces: list[str]) -> None:
    assert cut_line(line) == pieces
