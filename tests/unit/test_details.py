"""Class 6 of issue 10: classified by, signed by, summary, DECL date, recipients, ids."""

from __future__ import annotations

import pytest

from desktop.archive.details import (
    classified_by,
    nondisclosure_deadline,
    parse_details,
    signed_by,
    summary,
)
from desktop.archive.records import Routing
from desktop.export.cable_text import cable_json
from tests.unit.test_head_inline import real

# --- real excerpts ----------------------------------------------------------------------------


@pytest.mark.parametrize(("refid", "name"), [
    ("08BRASILIA504", "Deputy Chief of Mission Phil Chicola"),  # "... Chicola. Reasons 1.4 B"
    ("09PESHAWAR2", "Michael A. Via, Acting Principal Officer, Peshawar, Department of State"),
    ("10MOSCOW228", "ECONMINCOUNS Matthias Mitman"),  # inside a run-on subject line
    ("05ANKARA1730", "CDA Robert Deutsch"),  # "(U) Classified by CDA Robert Deutsch; E.O."
    ("09STATE30049", "Acting EAP A/S Alexander A. Arvizu"),  # "1. Classified by ..."
    ("08STATE50524", "ISN ACTING DAS ELIOT KANG"),  # "Classified By: CLASSIFIED BY ISN ..."
    ("07MADRID546", "DCM Hugo Llorens"),  # "... for reaons 1.4"
    ("66BUENOSAIRES2481", None),  # declassified by NARA: no classifier named
])
def test_classified_by(refid: str, name: str | None) -> None:
    assert real(refid).details.classified_by == name


@pytest.mark.parametrize(("refid", "signer"), [
    ("66BUENOSAIRES2481", "SACCIO"),
    ("09STATE40423", "CLINTON"),
    ("08BRASILIA1565", "KUBISKE"),  # after "END COMMENT."
    ("07TELAVIV1114", "JONES"),  # after a line of asterisks
    ("07ANKARA648", "WILSON"),  # after the post's web-site note
    ("09SAOPAULO663", "White"),
    ("09ISLAMABAD2295", None),  # prose, then "SECRET": no signature line
    ("73TEHRAN2077", None),  # cut off: the signature after the cut is another cable's
])
def test_signed_by(refid: str, signer: str | None) -> None:
    assert real(refid).details.signed_by == signer


@pytest.mark.parametrize(("refid", "start", "end"), [
    ("08BRASILIA504", "In November of last year", "will be an uphill climb."),
    ("90CAPETOWN97", "ATTORNEY ESSA MOOSA WHO SPOKE", "UPON HIS RETURN TO THE US."),  # heading
    ("10SHENYANG4", "On December 15, EAP DAS", "increasing levels of paranoia."),
])
def test_summary(refid: str, start: str, end: str) -> None:
    text = real(refid).details.summary
    assert text is not None and text.startswith(start) and text.endswith(end)
    assert "END SUMMARY" not in text.upper()


@pytest.mark.parametrize(("refid", "date"), [
    ("08BRASILIA504", "2018-03-18"),  # DECL: 03/18/2018
    ("09PESHAWAR2", "2019-01-03"),  # DECL: 1/3/2019
    ("09SAOPAULO663", "2019-12-08"),  # DECL: 2019/12/08
    ("10SHENYANG4", None),  # DECL: TEN YEARS AFTER KOREAN UNIFICATION
    ("66BUENOSAIRES2481", None),  # DECL: DECLASSIFIED BY NARA 09/02/2009
])
def test_nondisclosure_deadline(refid: str, date: str | None) -> None:
    assert real(refid).details.nondisclosure_deadline == date


def test_routing_fields_and_the_json() -> None:
    cable = real("10STATE284")
    data = cable_json(cable)
    assert data["transmission_id"] == "VZCZCXRO0379"
    assert data["recipients"] == ["RUEHTRO/AMEMBASSY TRIPOLI PRIORITY 1742"]
    assert data["info_recipients"] == ["RHMFISS/JOINT STAFF WASHINGTON DC",
                                       "RUEKJCS/SECDEF WASHINGTON DC",
                                       "RHMFISS/HQ USAFRICOM STUTTGART GE"]
    assert data["summary"] is None and data["signed_by"] is None
    assert real("66BUENOSAIRES2481").details.transmission_id is None  # no VZCZC line


# --- made-up shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("lines", "name"), [
    (["CLASSIFIED BY: Bodde Peter, Ambassador; REASON: 1.4(B)"], "Bodde Peter, Ambassador"),
    (["Classified By: Political Counselor Andrew K. Covington, Reasons 1.4 (b)", "and (d)"],
     "Political Counselor Andrew K. Covington"),
    (["Classified By: Ambassador Jane Doe", "for reasons 1.4 (b) and (d)"],
     "Ambassador Jane Doe"),
    (["DECLASSIFIED BY NARA 09/02/2009"], None),
    (["Nothing here"], None),
])
def test_classified_by_shapes(lines: list[str], name: str | None) -> None:
    assert classified_by(lines) == name


@pytest.mark.parametrize(("body", "signer"), [
    ("Text.\n\nTIMKEN JR\n", "TIMKEN JR"),
    ("Text.\n\nO'DONOHUE\nNNNN\n", "O'DONOHUE"),
    ("Text.\n\nSMITH\n\nCONFIDENTIAL\n", "SMITH"),
    ("Text.\n\nXXXXXXXXXXXX\n", None),
    ("Text ends with a sentence.\n", None),
    ("Text.\n\nEND COMMENT\n", None),
])
def test_signed_by_shapes(body: str, signer: str | None) -> None:
    assert signed_by(body.split("\n")) == signer


@pytest.mark.parametrize(("body", "text"), [
    ("1. (C) SUMMARY: The minister agreed. END SUMMARY.\n\n2. (C) More.", "The minister agreed."),
    ("1. (C) Summay: Misspelt marker. End Summary\n", "Misspelt marker."),
    ("BEGIN SUMMARY. One.\n2. Two. END SUMMARY.", "One. Two."),
    ("1. (C) Summary: no end marker.\n2. Text.", None),
    ("He gave a summary of the talks. END SUMMARY", None),
])
def test_summary_shapes(body: str, text: str | None) -> None:
    assert summary(body) == text


@pytest.mark.parametrize(("line", "date"), [
    ("E.O. 12958: DECL: 01/04/2020", "2020-01-04"),
    ("EO 12958 DECL: 3/24/19", "2019-03-24"),
    ("E.O. 12958: DECL: 2019-12-08", "2019-12-08"),
    ("E.O. 12356: DECL: OADR", None),
    ("E.O. 12958: N/A", None),
    ("E.O. 12958: DECL: 13/45/2019", None),
])
def test_deadline_shapes(line: str, date: str | None) -> None:
    assert nondisclosure_deadline([line]) == date


def test_absent_fields_are_empty() -> None:
    details = parse_details("", "", Routing())
    assert details.classified_by is None and details.signed_by is None
    assert details.summary is None and details.nondisclosure_deadline is None
    assert details.recipients == () and details.info_recipients == ()
    assert details.transmission_id is None
