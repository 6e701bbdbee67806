"""The seed page (10DUSHANBE170 saved as text), field by field."""

from __future__ import annotations

import pytest

from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.parse import parse_cable
from desktop.archive.records import Cable, SourceKind
from desktop.archive.sources import read_source
from desktop.archive.text import is_page_break
from tests.conftest import SEED_PAGE


@pytest.fixture(scope="module")
def seed() -> Cable:
    items = list(read_source(SEED_PAGE))
    assert len(items) == 1
    return parse_cable(items[0])  # type: ignore[arg-type]


def test_reference_fields(seed: Cable) -> None:
    assert seed.refid == "10DUSHANBE170"
    assert seed.created == "2010-02-10T12:22"
    assert seed.released == "2011-08-30T01:44"
    assert seed.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert seed.origin == "Embassy Dushanbe"
    assert seed.source is not None and seed.source.kind is SourceKind.TEXT
    assert seed.source.build == "final build (Aug 2011)"


def test_subject_tags_references(seed: Cable) -> None:
    assert seed.subject == "2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN"
    assert seed.tags == ("PGOV", "PHUM", "KTIP", "TI")
    assert seed.tags_raw == "PGOV PHUM KTIP TI"
    assert seed.references == ("10STATE2094",)
    assert seed.references_text == "REF: STATE 2094"
    assert seed.flags == ()


def test_routing_header(seed: Cable) -> None:
    assert seed.header.splitlines()[0] == "VZCZCXRO0454"
    assert seed.header.splitlines()[-1] == "RUEHDBU/AMEMBASSY DUSHANBE 2683"
    assert seed.routing.precedence == "P R"
    assert seed.routing.dtg == "101222Z FEB 10"
    assert seed.routing.sender == "AMEMBASSY DUSHANBE"
    assert seed.routing.to == ("RUEHC/SECSTATE WASHDC PRIORITY 1231",)
    assert len(seed.routing.info) == 9


def test_body_box_is_the_cable_only(seed: Cable) -> None:
    assert seed.body.startswith("UNCLAS SECTION 01 OF 12 DUSHANBE 000170")
    assert seed.body.rstrip().endswith("QUAST")  # the signer; the sidebar after it is cut
    assert "Keep Us Strong" not in seed.body
    assert "Browse by tag" not in seed.body


def test_paragraphs(seed: Cable) -> None:
    paragraphs = parse_paragraphs(seed.body)
    first, second = paragraphs[0], paragraphs[1]
    assert (first.ordinal, first.label, first.marking) == (1, "1", "U")
    assert first.text.startswith("Enclosed is Embassy Dushanbe's submission for the 2010")
    assert (second.ordinal, second.label, second.marking) == (2, "2", "SBU")
    assert second.text.startswith("Answers to questions from reftel:")
    assert [p.ordinal for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert len({p.key for p in paragraphs}) == len(paragraphs)
    # Labels repeat in this cable (A, B, C ... under several headings): keys stay unique.
    labels = [p.label for p in paragraphs]
    assert labels.count("A") > 1
    last = paragraphs[-1]
    assert (last.label, last.marking) == ("4", "U")


def test_no_page_break_inside_any_paragraph(seed: Cable) -> None:
    assert "DUSHANBE 00000170  002.2 OF 012" in seed.body  # kept in the raw body
    for p in parse_paragraphs(seed.body):
        for line in p.text.splitlines():
            assert not is_page_break(line), (p.label, line)
        assert "00000170" not in p.text
