"""Class 3 of issue 10: REF items in every real form, and nothing invented."""

from __future__ import annotations

import pytest

from desktop.archive.head import find_head
from desktop.archive.refs import parse_references, reference_spans
from tests.unit.test_head_inline import real

# --- real excerpts ----------------------------------------------------------------------------


@pytest.mark.parametrize(("refid", "references"), [
    # "(08)" between two items: it opens the second one, as the release confirms
    # (09BRASILIA709 and 08SAOPAULO542 are in it; 08BRASILIA709 and 09SAOPAULO542 are not)
    ("09SAOPAULO663", ("09SAOPAULO653", "09SAOPAULO433", "09SAOPAULO421", "09BRASILIA709",
                       "08SAOPAULO542")),
    # a station glued to its serial: "B) BELGRADE743"
    ("09BELGRADE765", ("09BELGRADE725", "09BELGRADE743")),
    # the year glued to the station: "A. 10SHENYANG 003 B. 09SHENYANG 167"
    ("10SHENYANG5", ("10SHENYANG3", "09SHENYANG167")),
    # an item after a blank line: "C) SAINZ E-MAIL OF 10/6" / blank / "D) STATE 215870"
    ("04MADRID3914", ("04MADRID3552", "04BRUSSELS4080", "04STATE215870")),
    # dates after serials are not years: "08 KIGALI 00830--05/DEC/2008"
    ("09STATE37561", ("08KIGALI830", "08STATE122706", "04STATE101403")),
    # "REF A:" keyword form; "(A)" item letters that look like markings
    ("10STATE9124", ("10STATE120288",)),
    ("08RIYADH1541", ("08ISLAMABAD3249", "08RIYADH1510", "08RIYADH1175", "08ISLAMABAD2405")),
])
def test_real_ref_blocks(refid: str, references: tuple[str, ...]) -> None:
    assert real(refid).references == references


@pytest.mark.parametrize("refid", ["08BAGHDAD293", "06CARACAS219", "10TELAVIV414"])
def test_dates_and_report_numbers_are_not_references(refid: str) -> None:
    # "08 JAN 08 BAGHDAD O/I ...", "IIR 6 902 9698 06", "IIR 6-849-9075-10"
    cable = real(refid)
    assert not [r for r in cable.references if not r.startswith(("06HAVANA",))]


# --- made-up shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("REF: QUITO 455 (07)", "08", ("07QUITO455",)),
    ("REF: A. STATE 3310-89 B. LIMA 00412/07", "90", ("89STATE3310", "90LIMA412")),
    ("REF: LIMA 00412/07", "08", ("07LIMA412",)),
    ("REF: STATE 1234, 5678", "08", ("08STATE1234", "08STATE5678")),
    ("REF: STATE 1234, 5678 AND 9012", "08", ("08STATE1234", "08STATE5678", "08STATE9012")),
    ("REF: STATE 812/813", "08", ("08STATE812", "08STATE813")),
    ("REF: 412 DHAKA", "08", ("08DHAKA412",)),
    ("REF: 08LIMA0412", "09", ("08LIMA412",)),
    ("REF: 2006LAGOS1234", "09", ("06LAGOS1234",)),
    ("REF: 07-RABAT-88", "09", ("07RABAT88",)),
    ("REF: AMMAN (C) 01187", "09", ("09AMMAN1187",)),
    ("PROGRAM REF: STATE 1234", "09", ("09STATE1234",)),
    ("REF. STATE 1234", "09", ("09STATE1234",)),
    ("REF: O8 STATE 1234", "09", ("08STATE1234",)),  # a letter O for a zero in the year
    ("REF: 10 CARACAS 39 10 CARACAS 35", "10", ("10CARACAS39", "10CARACAS35")),
    ("SUBJECT: TALKS REF: MOSCOW 00079 Classified By: X for reasons 1.4(b)", "10",
     ("10MOSCOW79",)),
])
def test_ref_forms(text: str, year: str, expected: tuple[str, ...]) -> None:
    assert parse_references(text, "00X1", year) == expected


@pytest.mark.parametrize(("text", "year", "expected"), [
    # an item number and a year are never a serial
    ("REF: (1) STATE 12 (2) 2006 LIMA 345", "09", ("09STATE12", "06LIMA345")),
    ("REF: A. MOSCOW 20 B. 06 TBILISI 2601", "07", ("07MOSCOW20", "06TBILISI2601")),
    ("REF: 06 TBILISI", "07", ()),
    ("REF: STATE 1234, 2 MAY 2008", "08", ("08STATE1234",)),
    ("REF: LAKHDHIR E-MAIL 12/01/09", "09", ()),
    # a year after the serial later than the citing cable is no year
    ("REF: STATE 3310-89", "85", ("85STATE3310",)),
])
def test_nothing_is_invented(text: str, year: str, expected: tuple[str, ...]) -> None:
    assert parse_references(text, "00X1", year) == expected


def test_items_separated_by_blank_lines_stay_in_the_block() -> None:
    body = "REF: A. STATE 1234\n\nB. PARIS 56\n\n(3) 2006 LIMA 345\n\nSTATE 77\n\n1. (C) Text"
    head = find_head(body.split("\n"))
    assert head.refs is not None
    assert head.refs.text == "REF: A. STATE 1234 B. PARIS 56 (3) 2006 LIMA 345 STATE 77"
    assert parse_references(head.refs.text, "09X1", "09") == (
        "09STATE1234", "09PARIS56", "06LIMA345", "09STATE77")


def test_spans_cover_what_is_linked() -> None:
    text = "REF: A. 08LIMA0412 B. STATE 1234, 5678"
    spans = reference_spans(text, "09")
    assert [(text[a:b], refid) for a, b, refid in spans] == [
        ("08LIMA0412", "08LIMA412"), ("STATE 1234", "09STATE1234"), ("5678", "09STATE5678")]
