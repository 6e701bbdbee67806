"""Sources side by side: every copy of a cable re-read from its file, on real cables that
WikiLeaks published in two builds (and in cables.csv), with their real differences."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.archive.compare import (
    NOT_GIVEN,
    Copy,
    copies,
    diff_rows,
    field_differences,
    source_count,
    unified_diff,
    word_diff,
)
from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.cli import run
from desktop.render.compare_html import CHANGED, DELETED, SPACING, render_compare
from desktop.render.theme import Theme
from tests.conftest import CSV_SAMPLE, DEC_2010, FINAL_BUILD
from tests.helpers import sample_rows, write_csv

#: 72TEHRAN5055 is in the Dec-2010 build and the final build (realdata README).
TEHRAN = "cable/1972/08/72TEHRAN5055.html"
BUENOS_AIRES = "cable/1966/12/66BUENOSAIRES2481.html"
#: In the final build, cut off with "..." and followed by 06THEHAGUE131 (FORMATS.md 1.4).
CORRUPT = "cable/1973/04/73TEHRAN2077.html"
#: In the final build only.
ONE_SOURCE = "cable/1972/08/72TEHRAN4789.html"


def _copy_page(build: Path, rel: str, to: Path) -> Path:
    target = to / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(build / rel, target)
    return target


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """Private copies of the real pages and the CSV sample (tests delete and change them)."""
    root = tmp_path / "sources"
    for rel in (TEHRAN, BUENOS_AIRES):
        _copy_page(DEC_2010, rel, root / "dec2010")
    for rel in (TEHRAN, BUENOS_AIRES, CORRUPT, ONE_SOURCE):
        _copy_page(FINAL_BUILD, rel, root / "final")
    shutil.copyfile(CSV_SAMPLE, root / "cables.csv")
    return root


@pytest.fixture
def two_builds(sources: Path, tmp_path: Path) -> Iterator[Library]:
    """The Dec-2010 and final builds' pages, without cables.csv."""
    with Library(tmp_path / "builds.db") as lib:
        import_paths(lib.db, [sources / "dec2010", sources / "final"])
        yield lib


@pytest.fixture
def with_csv(sources: Path, tmp_path: Path) -> Iterator[Library]:
    """Both builds and cables.csv."""
    with Library(tmp_path / "all.db") as lib:
        import_paths(lib.db, [sources / "dec2010", sources / "final", sources / "cables.csv"])
        yield lib


def _changes(a: str, b: str) -> list[tuple[int, str, str, str]]:
    """(line of a, op, a, b) of each difference."""
    out, line = [], 1
    for seg in word_diff(a, b):
        if seg.op != "equal":
            out.append((line, seg.op, seg.a, seg.b))
        line += seg.a.count("\n")
    return out


def test_two_builds_show_their_real_differences(two_builds: Library) -> None:
    assert source_count(two_builds, "72TEHRAN5055") == 2
    final, early = copies(two_builds, "72TEHRAN5055")
    assert final.preferred and not early.preferred
    assert final.label == f"WikiLeaks final build (Aug 2011), {TEHRAN}"
    assert early.label == f"WikiLeaks early build (1,295 released), {TEHRAN}"
    assert (final.order, early.order) == (1, 2) and final.rank > early.rank
    assert final.why == ("Preferred: the final build (Aug 2011) is the latest WikiLeaks build "
                         "among the copies.")
    assert early.why == ("Not preferred: the final build (Aug 2011) is a later WikiLeaks build "
                         "than the early build (1,295 released).")
    # The Dec-2010 page shows the hour twice (09:09); the final build the real time, 09:27.
    assert (early.created_shown, early.created) == ("1972-08-22T09:09", "1972-08-22T09:27")
    differ = {d.name: (d.a, d.b) for d in field_differences(final, early) if d.differs}
    assert differ == {
        "Created": ("1972-08-22 09:27", "1972-08-22 09:09 (read as 09:27 from the header)"),
        "Released": ("2011-08-30 01:44", "2010-11-30 16:04"),
    }
    assert final.subject == early.subject == "CONTINUING TERRORIST VIOLENCE"
    assert final.tags == early.tags == ("IR", "PTER")
    # The bodies differ in spacing only: the final build's blank lines hold one space.
    assert final.body is not None and early.body is not None
    changes = _changes(final.body, early.body)
    assert [(line, op, a, b) for line, op, a, b in changes] == [
        (n, "delete", " ", "") for n in (2, 6, 8, 11, 13, 15, 17, 19, 21, 23)]
    assert all(s.spacing_only for s in word_diff(final.body, early.body) if s.op != "equal")


def test_cables_csv_keeps_the_commas_the_pages_drop(with_csv: Library) -> None:
    assert source_count(with_csv, "66BUENOSAIRES2481") == 3
    found = copies(with_csv, "66BUENOSAIRES2481")
    assert [c.label for c in found] == [
        "cables.csv, record 1",
        f"WikiLeaks final build (Aug 2011), {BUENOS_AIRES}",
        f"WikiLeaks early build (1,295 released), {BUENOS_AIRES}"]
    csv, final, early = found
    assert csv.preferred and csv.why == ("Preferred: cables.csv ranks above every page of "
                                         "the WikiLeaks site.")
    assert final.why == early.why == ("Not preferred: cables.csv ranks above every page of "
                                      "the WikiLeaks site.")
    assert csv.released is None and final.released == "2011-08-30T01:44"
    fields = {d.name: (d.a, d.b) for d in field_differences(csv, early)}
    assert fields["Created"] == ("1966-12-28 18:48",
                                 "1966-12-28 18:06 (read as 18:48 from the header)")
    assert fields["Released"] == (NOT_GIVEN, "2010-11-28 18:06")
    # "TAGS: EFIS, PBTS, AR " in cables.csv; the pages made the tags links, separated by
    # single spaces: "TAGS: EFIS PBTS AR". And cables.csv ends "SACCIO \n".
    assert csv.body is not None and final.body is not None
    assert csv.body.split("\n")[13] == "TAGS: EFIS, PBTS, AR "
    assert final.body.split("\n")[13] == "TAGS: EFIS PBTS AR"
    assert _changes(csv.body, final.body) == [
        (14, "delete", ",", ""), (14, "delete", ",", ""), (14, "delete", " ", ""),
        (101, "delete", " \n", "")]
    html = render_compare(found, refid="66BUENOSAIRES2481")
    assert "66BUENOSAIRES2481: 3 sources" in html
    assert html.count(f"<span class='{DELETED}'>,</span>") == 4  # two commas, two pairs
    assert f"class='{SPACING}'" in html
    assert html.count("The preferred copy and copy") == 2


def test_a_corrupt_copy_says_why_it_lost(with_csv: Library) -> None:
    csv, final = copies(with_csv, "73TEHRAN2077")
    assert final.flags == ("corrupt",)
    assert final.why.startswith("Not preferred: cables.csv ranks above every page")
    assert "flagged as damaged: The body is cut off with “...” and another cable's text" \
        in final.why
    assert csv.body is not None and final.body is not None
    diff = unified_diff([csv, final])
    assert "-REF: STATE 053670 " in diff  # the cable's own text, only in cables.csv
    assert "06THEHAGUE131" in diff and "+SUBJECT: NETHERLANDS/ISAF" in diff  # the host's
    html = render_compare([csv, final])
    assert f"<span class='{CHANGED}'>REF: STATE 053670 </span>" in html
    assert "Flags: <span title=" in html


def test_a_damaged_preferred_copy_says_so(sources: Path, tmp_path: Path) -> None:
    _copy_page(FINAL_BUILD, CORRUPT, tmp_path / "again")  # the same page in a second folder
    with Library(tmp_path / "lib.db") as lib:
        import_paths(lib.db, [sources / "final" / CORRUPT, tmp_path / "again"])
        kept, other = copies(lib, "73TEHRAN2077")
    assert kept.preferred and kept.flags == other.flags == ("corrupt",)
    assert kept.why.startswith("Preferred: the copies come from sources of equal rank")
    assert "flagged as damaged, but the import ranks copies by source, not by damage" \
        in kept.why
    assert other.why.startswith("Not preferred: the same source as the preferred copy")


def test_a_cable_with_one_source(two_builds: Library) -> None:
    assert source_count(two_builds, "72TEHRAN4789") == 1
    (only,) = copies(two_builds, "72TEHRAN4789")
    assert only.preferred and only.why == "The only source of this cable."
    assert unified_diff([only]) == ""
    assert "This cable has one source" in render_compare([only])
    assert source_count(two_builds, "99NOWHERE1") == 0 and copies(two_builds, "99NOWHERE1") == []


def test_a_deleted_source_file_is_a_message_not_an_exception(
        two_builds: Library, sources: Path) -> None:
    (sources / "dec2010" / TEHRAN).unlink()
    final, early = copies(two_builds, "72TEHRAN5055")
    assert early.body is None and early.error is not None
    assert early.error.startswith("The source file is gone (moved or deleted since the "
                                  "import): ")
    assert early.why.startswith("Not preferred: ")
    html = render_compare([final, early])
    assert "The source file is gone" in html
    assert unified_diff([final, early]).startswith(f"!!! {early.label}: The source file is gone")
    # The preferred copy's file gone: the library still has its text, and says so.
    (sources / "final" / TEHRAN).unlink()
    final, early = copies(two_builds, "72TEHRAN5055")
    assert final.preferred and final.body and final.error and "is gone" in final.error


def test_a_page_that_now_holds_another_cable(two_builds: Library, sources: Path) -> None:
    shutil.copyfile(FINAL_BUILD / ONE_SOURCE, sources / "dec2010" / TEHRAN)
    _, early = copies(two_builds, "72TEHRAN5055")
    assert early.body is None and early.error == (
        "The source file has changed since the import: it holds 72TEHRAN4789 there, not "
        "72TEHRAN5055.")


def test_a_copy_published_under_a_malformed_id(tmp_path: Path) -> None:
    rows = sample_rows()[:1]
    good, bad = list(rows[0]), list(rows[0])
    good[2], bad[2] = "08SAOPAULO335", "08SCTION02OF02SAOPAULO335"
    bad[0] = "2"
    path = write_csv(tmp_path / "cables.csv", [bad, good])
    with Library(tmp_path / "lib.db") as lib:
        import_paths(lib.db, [path])
        assert source_count(lib, "08SAOPAULO335") == 2
        assert source_count(lib, "08SCTION02OF02SAOPAULO335") == 2  # by its alias
        kept, twin = copies(lib, "08SCTION02OF02SAOPAULO335")
    assert kept.preferred and kept.label == "cables.csv, record 2" and not kept.published_as
    assert kept.why == ("Preferred: the copies come from sources of equal rank; the import "
                        "kept this one (the others carry a malformed id).")
    assert twin.published_as == "08SCTION02OF02SAOPAULO335" and twin.error is None
    assert twin.why == ("Not preferred: published under the malformed id "
                        "08SCTION02OF02SAOPAULO335; the copy under the correct id is kept.")


def test_a_changed_cables_csv_is_noticed(with_csv: Library, sources: Path) -> None:
    rows = sample_rows()
    edited = [list(r) for r in rows]
    edited[4][7] = edited[4][7].replace("FARLAND", "FARLAND (EDITED)")
    write_csv(sources / "cables.csv", edited)  # record 5's text changed, nothing moved
    csv, final, early = copies(with_csv, "72TEHRAN5055")
    assert csv.preferred and csv.label == "cables.csv, record 5"
    assert csv.error == ("The source file has changed since the import; this is the text the "
                         "library kept.")
    assert csv.body is not None and "(EDITED)" not in csv.body
    assert final.error is None and early.error is None

    write_csv(sources / "cables.csv", rows[1:] + rows[:1])  # the same records, moved
    csv, final, early = copies(with_csv, "72TEHRAN5055")
    assert csv.error is not None and csv.body is not None
    assert csv.error.startswith("The source file has changed since the import: it holds ")
    assert csv.error.endswith(" there, not 72TEHRAN5055.")


def test_a_cables_csv_record_is_found_again_on_its_line(tmp_path: Path) -> None:
    """Records after multi-line ones, in a file with CR, LF and CRLF line ends."""
    rows = sample_rows()
    rows[0][7] = "FIRST\rLINE\nSECOND\r\nTHIRD"
    path = write_csv(tmp_path / "cables.csv", rows)
    with Library(tmp_path / "lib.db") as lib:
        import_paths(lib.db, [path])
        for row in rows:
            (copy,) = copies(lib, row[2])
            assert copy.error is None, copy.error
            assert copy.label == f"cables.csv, record {row[0]}"


HOSTILE = "<img src='/dev/zero'> \"quoted\" & <script>alert(1)</script>"


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    copy = Copy(label=f"cables.csv {HOSTILE}", kind="csv", build="cables.csv", rank=1,
                order=1, path=f"/tmp/{HOSTILE}", position="", published_as="",
                preferred=True, why=HOSTILE, flags=(HOSTILE,), subject=HOSTILE,
                created="2010-01-01T00:00", created_shown="2010-01-01T00:00",
                classification=HOSTILE, origin=HOSTILE, tags=(HOSTILE,),
                body=f"line one\n{HOSTILE}\n")
    other = Copy(**{**copy.__dict__, "preferred": False, "order": 2,
                    "body": f"line one\n{HOSTILE} <img src=\"x\">\n", "error": HOSTILE})
    for html in (render_compare([copy, other], refid=HOSTILE),
                 render_compare([copy, other], Theme.dark(diff_changed="red;}<img src=x>"))):
        assert "<img" not in html and "<script" not in html
        assert "&lt;img src=&#x27;/dev/zero&#x27;&gt;" in html
        assert "&quot;quoted&quot;" in html


def test_hostile_cable_text_from_real_files_stays_text(tmp_path: Path) -> None:
    rows = sample_rows()[:1]
    hostile = [list(rows[0])]
    hostile[0][7] = rows[0][7].replace("SACCIO", f"SACCIO {HOSTILE}")
    a = write_csv(tmp_path / "a.csv", rows)
    b = write_csv(tmp_path / "b.csv", hostile)
    with Library(tmp_path / "lib.db") as lib:
        import_paths(lib.db, [a, b])
        found = copies(lib, "66BUENOSAIRES2481")
    assert len(found) == 2 and found[1].why.startswith("Not preferred: the same source")
    assert found[0].why == ("Preferred: the copies come from sources of equal rank; the import "
                            "kept this one.")
    html = render_compare(found)
    assert "<img" not in html and "<script" not in html and "&lt;img src=" in html


def test_word_diff_keeps_lines() -> None:
    a = "TAGS: EFIS, PBTS, AR \nSUBJECT:  HIGH SEAS\n\n1. TEXT\n"
    b = "TAGS: EFIS PBTS AR\nSUBJECT:  HIGH  SEAS\n \n1. TEXT"
    segments = word_diff(a, b)
    assert "".join(s.a for s in segments) == a and "".join(s.b for s in segments) == b
    rows = list(diff_rows(segments))
    for row in rows:  # every row starts on a new line on both sides
        for side in ("".join(s.a for s in row), "".join(s.b for s in row)):
            assert side == "" or side.endswith("\n") or row is rows[-1]
    assert [(s.op, s.a, s.b) for s in segments if s.op != "equal"] == [
        ("delete", ",", ""), ("delete", ",", ""), ("delete", " ", ""),
        ("replace", " ", "  "), ("insert", "", " "), ("delete", "\n", "")]


_LINES = st.lists(st.sampled_from(["", " ", "TAGS: PREL, PGOV", "1. (C) TEXT", "XX  YY",
                                   "SUBJECT: A B", "¶ Ünïcode"]), max_size=12)


@given(_LINES, _LINES)
def test_word_diff_gives_back_both_texts_row_by_row(a_lines: list[str],
                                                   b_lines: list[str]) -> None:
    a, b = "\n".join(a_lines), "\n".join(b_lines)
    segments = word_diff(a, b)
    assert "".join(s.a for s in segments) == a and "".join(s.b for s in segments) == b
    rows = list(diff_rows(segments))
    assert sum(len(r) for r in rows) == len(segments)
    for row in rows[:-1]:
        for side in ("".join(s.a for s in row), "".join(s.b for s in row)):
            assert side == "" or side.endswith("\n")
    html = render_compare([_plain(a, True), _plain(b, False)])
    assert html.count("<tr>") >= len(rows) or a == b


def _plain(body: str, preferred: bool) -> Copy:
    return Copy(label="x", kind="html", build="b", rank=1, order=1 if preferred else 2,
                path="x", position="", published_as="", preferred=preferred, why="", body=body)


def test_show_sources_on_the_command_line(two_builds: Library,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    library = str(two_builds.path)
    assert run(["show", "--library", library, "--sources", "72TEHRAN5055"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("72TEHRAN5055: 2 sources\n"
                          f"1. WikiLeaks final build (Aug 2011), {TEHRAN} (preferred)\n"
                          "   Preferred: the final build (Aug 2011) is the latest")
    assert f"2. WikiLeaks early build (1,295 released), {TEHRAN}\n   Not preferred: " in out
    assert ("   Created: 1972-08-22 09:27 | 1972-08-22 09:09 (read as 09:27 from the header)"
            in out)
    assert f"--- WikiLeaks final build (Aug 2011), {TEHRAN} (preferred)\n" in out
    assert f"+++ WikiLeaks early build (1,295 released), {TEHRAN}\n" in out
    assert "\n UNCLASSIFIED TEHRAN 5055 \n- \n+\n E.O. 12958" in out

    assert run(["show", "--library", library, "--sources", "72TEHRAN4789"]) == 0
    out = capsys.readouterr().out
    assert out == ("72TEHRAN4789: one source, nothing to compare\n"
                   f"1. WikiLeaks final build (Aug 2011), {ONE_SOURCE} (preferred)\n"
                   "   The only source of this cable.\n")

    assert run(["show", "--library", library, "--sources", "99NOWHERE1"]) == 1
    assert "99NOWHERE1 is not in the library" in capsys.readouterr().err
