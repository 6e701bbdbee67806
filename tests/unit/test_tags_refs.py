"""TAGS normalisation, REF parsing and subjects on the quirks real parsers met."""

from __future__ import annotations

import pytest

from desktop.archive.head import find_head
from desktop.archive.refs import parse_references
from desktop.archive.tags import normalise_tags, split_glued


@pytest.mark.parametrize(("raw", "expected"), [
    ("PGOV PHUM KTIP TI", ("PGOV", "PHUM", "KTIP", "TI")),
    ("EFIS, PBTS, AR", ("EFIS", "PBTS", "AR")),
    ("prel, pgov, pins, tu", ("PREL", "PGOV", "PINS", "TU")),
    ("MASSMNUC NPT PARM PREL", ("MASS", "MNUC", "NPT", "PARM", "PREL")),
    ("KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG",
     ("KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG")),
    ("PINT IR PINT IR", ("PINT", "IR")),
    ("MOPPS, POGOV, SYR", ("MOPS", "PGOV", "SY")),
    ("PREL, PGOV, SIPDIS, IR", ("PREL", "PGOV", "IR")),
    ("OVIP (steinberg, james b.) PREL", ("OVIP", "STEINBERG, JAMES B.", "PREL")),
    ("OVIP CLINTON HILLARY PREL KPAL FR IR RS NATO, UK, CN",
     ("OVIP", "CLINTON HILLARY", "PREL", "KPAL", "FR", "IR", "RS", "NATO", "UK", "CN")),
    ("PREL, TBIO, UNCLASSIFIED    PAGE 02        VATICA  00283  01 OF 05  241033Z PGOV",
     ("PREL", "TBIO", "PGOV")),
    ("", ()),
])
def test_normalise_tags(raw: str, expected: tuple[str, ...]) -> None:
    assert normalise_tags(raw) == expected


@pytest.mark.parametrize("word", ["AGENDA", "ALEXANDER", "ELECTIONS", "AFGHANISTAN"])
def test_words_are_not_split_into_codes(word: str) -> None:
    assert split_glued(word) is None


@pytest.mark.parametrize(("body", "expected"), [
    ("TAGS: PGOV PREL KPAL FR IR RS\nNATO, UK, CN\nSUBJECT: X",
     "PGOV PREL KPAL FR IR RS NATO, UK, CN"),
    ("TAGS PGOV, PREL, LY\nSUBJECT: X", "PGOV, PREL, LY"),
    ("TAS: PREL, PGOV\n", "PREL, PGOV"),
    ("TAGS; PREL\n", "PREL"),
    ("TAGS: PREL, PGOV, KPAL,\nSCUL, IS\n\nSUBJECT: X", "PREL, PGOV, KPAL, SCUL, IS"),
])
def test_tags_line_variants(body: str, expected: str) -> None:
    head = find_head(body.split("\n"))
    assert head.tags is not None and head.tags.text == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("SUBJECT: ICELAND: PEACEKEEPING TAKES ON A MORE CIVILIAN LOOK AFTER \n"
     "REPORT ON 2004 \"CHICKEN STREET INCIDENT\" \n \nRef:  06 REYKJAVIK 431",
     'ICELAND: PEACEKEEPING TAKES ON A MORE CIVILIAN LOOK AFTER REPORT ON 2004 '
     '"CHICKEN STREET INCIDENT"'),
    ("SUBJECT: (S) GERMANY TAKING ACTION\n\n1. (S) text", "GERMANY TAKING ACTION"),
    ("SUBJ: SHORT ONE\n", "SHORT ONE"),
    ("UBJECT: TYPO IN KEYWORD\n", "TYPO IN KEYWORD"),
    ("SUBJECT:\nON THE NEXT LINE\n\n1. (C) x", "ON THE NEXT LINE"),
    ("SUBJECT: SOUTH AFRICA'S \nPRETORIA 00000954  001.2 OF 004\nNEW PRESIDENT\n\n",
     "SOUTH AFRICA'S NEW PRESIDENT"),
    ("SUBJECT: LINE ENDS \\\nWITH BACKSLASHES \\\n \\\n", "LINE ENDS WITH BACKSLASHES"),
])
def test_subject_variants(body: str, expected: str) -> None:
    head = find_head(body.split("\n"))
    assert head.subject is not None and head.subject.text == expected


@pytest.mark.parametrize(("text", "own", "year", "expected"), [
    ("REF: STATE 2094", "10DUSHANBE170", "10", ("10STATE2094",)),
    ("REF: A. 06 TBILISI 0619 B. 2007 MANAGUA 2135", "07X1", "07",
     ("06TBILISI619", "07MANAGUA2135")),
    ("REF: BA 1485", "06BUENOSAIRES1439", "06", ("06BUENOSAIRES1485",)),
    ("REF: SECSTATE 74879", "08X1", "08", ("08STATE74879",)),
    ("REF: 05 SANTIAG0 465", "06SANTIAGO439", "06", ("05SANTIAGO465",)),
    ("REF: BRASILIA 2799 AND 2764", "04BRASILIA2863", "04", ("04BRASILIA2799", "04BRASILIA2764")),
    ("REF: 08 RIO DE JAN 138", "08X1", "08", ("08RIODEJANEIRO138",)),
    ("REF: A. STATE 124823 B. GUHA-CARTER E-MAIL (07SEP07) C. BERN 860", "07BERN881", "07",
     ("07STATE124823", "07BERN860")),
    ("REF: LAKHDHIR E-MAIL 12/01/09", "09X1", "09", ()),
    ("REF: OSC EUP20080707950031", "09MADRID869", "09", ()),
    ("REF: 9 FAM Appendix K, 406 (6)", "09X1", "09", ()),
    ("REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966", "66BUENOSAIRES2481", "66",
     ("66STATE106206",)),
    ("REF: TRIPOLI 402", "08TRIPOLI402", "08", ()),  # a self-reference is dropped
    ("REF: STATE 272523; USUN 6028", "7575LIBREVILLE1895", "75",
     ("75STATE272523", "75USUNNEWYORK6028")),
])
def test_references(text: str, own: str, year: str, expected: tuple[str, ...]) -> None:
    assert parse_references(text, own, year) == expected


def test_ref_block_with_lettered_items_on_their_own_lines() -> None:
    body = ("REF: A. STATE 124823 \\\n \\\n     B. GUHA-CARTER E-MAIL (07SEP07) \\\n"
            "     C. BERN 860 \\\n \\\nClassified By: CDA\n\n1. (S) Text").replace("\\\n", "\n")
    head = find_head(body.split("\n"))
    assert head.refs is not None
    assert head.refs.text == "REF: A. STATE 124823 B. GUHA-CARTER E-MAIL (07SEP07) C. BERN 860"
