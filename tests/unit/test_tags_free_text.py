"""Class 2 of issue 10: free-text tags, glued codes, wrapped TAGS lines, keyword forms."""

from __future__ import annotations

import pytest

from desktop.archive.head import find_head
from desktop.archive.tags import normalise_tags, split_glued
from tests.unit.test_head_inline import real

# --- real excerpts ----------------------------------------------------------------------------


@pytest.mark.parametrize(("refid", "tags"), [
    # a phrase at the end of the line (04SANAA2346)
    ("04SANAA2346", ("MASS", "MOPS", "OVIP", "PARM", "PINR", "PREL", "PTER", "YM",
                     "COUNTER TERRORISM")),
    # a person written surname first, kept in that order (09SANTIAGO324); the line wraps
    # onto the next without a comma: "... UK PK" / "AF"
    ("09SANTIAGO324", ("OVIP", "BIDEN JOSEPH", "PREL", "ECON", "PGOV", "SOCI", "UK", "PK",
                       "AF")),
    ("10BOGOTA201", ("PREL", "OVIP", "EAID", "KJUS", "PGOV", "PTER", "SNAR", "ETRD", "SENV",
                     "CO", "VE", "EC")),
    # a person in parentheses, and a line ending in a comma (09STATE30049, "TAGS" alone)
    ("09STATE30049", ("OVIP", "CLINTON, HILLARY", "PREL", "AS", "PK", "AF", "CH", "RS", "JA",
                      "KS", "ASEAN")),
    # keyword forms: "TAGS" without a colon (10LONDON450), "Tags:" in lower case
    # (09ULAANBAATAR234), TAGS after "DECL:" on the E.O. line (09PESHAWAR2)
    ("10LONDON450", ("PGOV", "PREL", "LY")),
    ("09ULAANBAATAR234", ("PREL", "PGOV", "MOPS", "KNNP", "MG")),
    ("09PESHAWAR2", ("PTER", "MOPS", "ASEC", "PGOV", "PK")),
    # the next line starts with a code and a comma (08TEGUCIGALPA459)
    ("08TEGUCIGALPA459", ("PGOV", "PINR", "PREL", "KDEM", "ECON", "SOCI", "KCRM", "ENRG", "EFIN",
                          "SNAR", "SMIG", "MARR", "MASS", "MOPS", "HO")),
])
def test_real_tags_lines(refid: str, tags: tuple[str, ...]) -> None:
    assert real(refid).tags == tags


# --- made-up shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("OVIP JONES MARY PREL", ("OVIP", "JONES MARY", "PREL")),
    ("PHUM, HUMAN RIGHTS, PREL", ("PHUM", "HUMAN RIGHTS", "PREL")),
    ("ENRG ENERGY SECURITY EU", ("ENRG", "ENERGY SECURITY", "EU")),
    ("HUMAN RIGHTS AND DEMOCRACY PREL", ("HUMAN RIGHTS AND DEMOCRACY", "PREL")),
    ("PREL AND PGOV", ("PREL", "PGOV")),  # "AND" between codes is no tag
    ("OVIP RICE CONDOLEEZZA PREL", ("OVIP", "RICE CONDOLEEZZA", "PREL")),
    ("MASSMNUC PARM", ("MASS", "MNUC", "PARM")),
    ("PGOVPRELKDEM", ("PGOV", "PREL", "KDEM")),
    ("COUNTRY CLEARANCE", ("COUNTRY CLEARANCE",)),
])
def test_free_text_kept_whole(raw: str, expected: tuple[str, ...]) -> None:
    assert normalise_tags(raw) == expected


@pytest.mark.parametrize("word", ["ENERGY", "AGENDA", "ALEXANDER", "ELECTIONS", "SECURITY",
                                  "TERRORISM", "AFGHANISTAN"])
def test_known_words_are_never_split(word: str) -> None:
    assert split_glued(word) is None


def test_a_glued_word_splits_only_into_well_attested_codes() -> None:
    # ENER and GY are both in the final build's noisy tag list, but ENER is vouched for by
    # nothing else: "ENERGY" (a known word anyway) must not become ENER + GY.
    assert normalise_tags("ENERGY") == ("ENERGY",)
    assert split_glued("KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG") == (
        "KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG")


@pytest.mark.parametrize(("body", "expected"), [
    # wrapped without a trailing comma: the next line holds only codes
    ("TAGS: PREL PGOV KDEM ECON\nETRD EINV MX\n\nSUBJECT: X", "PREL PGOV KDEM ECON ETRD EINV MX"),
    # a phrase running on to the next line
    ("TAGS: AMGT, ASEC, OTRA, COUNTRY\nCLEARANCE\nSUBJECT: X",
     "AMGT, ASEC, OTRA, COUNTRY CLEARANCE"),
    # the keyword in other forms
    ("TAG: PREL, PGOV\n", "PREL, PGOV"),
    ("TAGS. PREL, PGOV\n", "PREL, PGOV"),
    ("E.O. 12958: DECL: 01/01/2019 TAGS: PREL, PGOV\nSUBJECT: X", "PREL, PGOV"),
    ("Tags: prel, econ, mx Subject: mexican minister visits\n", "prel, econ, mx"),
])
def test_tags_line_forms(body: str, expected: str) -> None:
    head = find_head(body.split("\n"))
    assert head.tags is not None and head.tags.text == expected


def test_prose_after_a_tags_line_is_not_taken_for_tags() -> None:
    body = "TAGS: PREL, PGOV\nThe minister said that\nSUBJECT: X"
    head = find_head(body.split("\n"))
    assert head.tags is not None and head.tags.text == "PREL, PGOV"
