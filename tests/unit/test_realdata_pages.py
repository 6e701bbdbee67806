"""Every real page and CSV record imports, and its fields agree with what the source shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.archive.library import Library
from desktop.archive.parse import FLAG_TIME_UNVERIFIED, parse_cable
from desktop.archive.records import Cable, RawCable
from desktop.archive.sources import read_source
from desktop.archive.sources.cables_csv import read_cables_csv
from desktop.archive.sources.html_page import read_page
from desktop.archive.times import DTG
from tests.conftest import CSV_SAMPLE, EARLY_2011, FINAL_BUILD, REALDATA, cable_pages

PAGES = cable_pages()
_CELL_TEXT = re.compile(r"<td>\s*(?:<a [^>]*>)?(.*?)(?:</a>)?\s*</td>", re.S)


def _table(page: Path) -> list[str]:
    """The reference table's five cells, read independently of the reader under test."""
    html = page.read_text(encoding="utf-8", errors="replace")
    table = html[html.index("<table class='cable'>"):]
    return [c.strip() for c in _CELL_TEXT.findall(table)[:5]]


def _parse(page: Path) -> tuple[RawCable, Cable]:
    raw = read_page(page)
    return raw, parse_cable(raw)


def test_the_samples_are_all_here() -> None:
    assert len(PAGES) == 386
    assert len(list(FINAL_BUILD.rglob("*.html"))) == 10


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_fields_match_its_table(page: Path) -> None:
    refid, created, released, classification, origin = _table(page)
    raw, cable = _parse(page)
    assert cable.refid == refid == page.stem
    assert cable.classification == classification
    assert cable.origin == origin
    assert cable.released == released.replace(" ", "T")
    assert cable.created is not None
    if raw.times_exact:
        assert cable.created == created.replace(" ", "T")
    else:
        # Early builds: date and hour as shown; the minutes come from the header when it
        # confirms them, and the cable is flagged when it cannot.
        assert cable.created[:13] == created.replace(" ", "T")[:13]
        dtgs = {(m.group(1), m.group(2)): m.group(3) for m in DTG.finditer(raw.header)}
        key = (created[8:10], created[11:13])
        if key in dtgs:
            assert cable.created[14:] == dtgs[key]
        elif cable.created[14:] == created[14:]:
            assert FLAG_TIME_UNVERIFIED in cable.flags or "embedded-record" in cable.flags


def test_every_source_reads_without_problems() -> None:
    items = []
    for page in PAGES:
        items.extend(read_source(page))
    items.extend(read_source(CSV_SAMPLE))
    assert all(isinstance(i, RawCable) for i in items), [i for i in items
                                                          if not isinstance(i, RawCable)]
    assert len(items) == 386 + 12


@pytest.mark.parametrize("stem", ["07BERN881", "08BRASILIA93", "08REYKJAVIK195", "08TRIPOLI220",
                                  "10STATE284"])
def test_subject_matches_cablemap(stem: str) -> None:
    expected = (REALDATA / "expected" / "cablemap_subjects" / f"{stem}.txt").read_text().strip()
    _, cable = _parse(EARLY_2011 / f"{stem}.html")
    assert cable.subject == expected


def test_known_bogus_minutes_are_repaired() -> None:
    early = {p.stem: p for p in cable_pages() if "build_2010-12-10" in str(p)}
    expected = {"66BUENOSAIRES2481": "1966-12-28T18:48", "72TEHRAN1164": "1972-02-25T09:30",
                "75TEHRAN2069": "1975-03-04T11:25"}
    for refid, created in expected.items():
        raw, cable = _parse(early[refid])
        assert raw.created[11:] != created[11:]  # the page shows bogus minutes ...
        assert cable.created == created  # ... the header gives the real ones


def test_embedded_dump_line_is_unwrapped() -> None:
    raw, cable = _parse(EARLY_2011 / "07BERN881.html")
    assert raw.body.startswith("2007-09-11 09:44:00\t07BERN881")
    assert cable.created == "2007-09-11T09:44"
    assert cable.body.startswith("S E C R E T SECTION 01 OF 02 BERN 000881")
    assert "\\\n" not in cable.body
    assert "embedded-record" in cable.flags
    assert cable.tags == ("MNUC", "KNNP", "ETTC", "IR", "SZ")
    assert cable.references[:1] == ("07STATE124823",)


def test_corrupt_final_build_bodies_are_flagged() -> None:
    flags = {p.stem: _parse(p)[1].flags for p in FINAL_BUILD.rglob("*.html")}
    assert "corrupt" in flags["73TEHRAN2077"]
    assert "corrupt" in flags["73TEHRAN8233"]
    assert "truncated" in flags["7575LIBREVILLE1895"]
    clean = [s for s, f in flags.items() if not ({"corrupt", "truncated"} & set(f))]
    assert len(clean) == 7


def _normalise_body(body: str) -> str:
    """Same text modulo what the site changed: TAGS separators and trailing spaces."""
    lines = []
    for line in body.splitlines():
        line = line.rstrip()
        if line.startswith("TAGS:"):
            line = "TAGS: " + " ".join(line[5:].replace(",", " ").split())
        lines.append(line)
    return "\n".join(lines).strip()


def test_csv_sample_agrees_with_the_final_build_pages() -> None:
    csv_cables = {c.refid: parse_cable(c) for c in read_cables_csv(CSV_SAMPLE)
                  if isinstance(c, RawCable)}
    assert len(csv_cables) == 12
    pages = {p.stem: _parse(p)[1] for p in FINAL_BUILD.rglob("*.html")}
    assert set(pages) <= set(csv_cables)
    same_body = 0
    for refid, page in pages.items():
        row = csv_cables[refid]
        assert page.created == row.created, refid
        assert page.header == row.header, refid
        assert page.classification == row.classification
        assert page.origin == row.origin
        if "corrupt" in page.flags or "truncated" in page.flags:
            assert _normalise_body(page.body) != _normalise_body(row.body)
            continue
        assert _normalise_body(page.body) == _normalise_body(row.body), refid
        assert page.tags == row.tags
        assert page.subject == row.subject
        same_body += 1
    assert same_body == 7


def test_library_holds_every_sample(sample_library: Path) -> None:
    with Library(sample_library) as lib:
        refids = {p.stem for p in PAGES} | {"10DUSHANBE170"} | {
            c.refid for c in read_cables_csv(CSV_SAMPLE) if isinstance(c, RawCable)}
        assert lib.existing(refids) == refids
        assert lib.count() == len(refids)
        # The same cable from three sources is one cable; cables.csv wins the text.
        cable = lib.cable("66BUENOSAIRES2481")
        assert cable is not None
        assert {s.kind.value for s in cable.sources} == {"csv", "html"}
        assert len(cable.sources) == 3
        assert cable.sources[0].kind.value == "csv"
        assert cable.created == "1966-12-28T18:48"
        # The release date is not in cables.csv: it comes from the final build's page, and the
        # first publication from the December 2010 build.
        assert cable.released == "2011-08-30T01:44"
        assert lib.first_released("66BUENOSAIRES2481", ) is not None
