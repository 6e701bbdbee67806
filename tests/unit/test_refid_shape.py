"""Issue 8, point 1: a record whose reference id is not refid-shaped is refused at import,
with a problem naming its file, record and line and saying why; the odd-but-real ids of the
release still import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.archive.refids import alias_table, refid_problem, release_ids
from tests.conftest import FINAL_BUILD, SEED_PAGE
from tests.helpers import csv_record, sample_rows


def _import(lib_path: Path, *paths: Path):  # type: ignore[no-untyped-def]
    with Library(lib_path) as lib:
        return import_paths(lib.db, list(paths))


def test_every_id_of_the_release_is_refid_shaped() -> None:
    """All 251,287 ids, the malformed ones included (7575LIBREVILLE1895 ...)."""
    ids = release_ids() | {a.canonical for a in alias_table().values()}
    assert [r for r in ids if refid_problem(r) is not None] == []
    for odd in ("7575LIBREVILLE1895", "09SECTION01OF03BRUSSELS1234", "092OF5",
                "08ACCRA001382SUSPECTEDDUPLICATE1392"):
        assert odd in release_ids() and refid_problem(odd) is None
    assert refid_problem("07SECTION01OF02LIMA123") is None  # the shape of such ids


@pytest.mark.parametrize(("refid", "why"), [
    ("09STATE'1", "\"'\""),
    ("10X<img src=x>1", "'<'"),
    ("10STATE 1", "' '"),
    ("10state1", "'s'"),
    ("10STATE1\x00", "'\\x00'"),
    ("10ST\u0410TE1", "'\u0410'"),  # a Cyrillic A
    ("X" * 65, "65 characters long"),
    ("10S", "3 characters long"),
])
def test_refids_that_are_not_refid_shaped_are_explained(refid: str, why: str) -> None:
    reason = refid_problem(refid)
    assert reason is not None and why in reason


def test_a_csv_record_with_a_crafted_refid_is_refused_by_record_and_line(tmp_path: Path) -> None:
    rows = sample_rows()[:5]
    rows[1][2] = "72TEHRAN1164'><a href='file:///dev/zero'>"
    rows[3][2] = "7" * 5000
    real_odd = list(rows[4])
    real_odd[2] = "7575LIBREVILLE1895"  # malformed, but real: it imports
    records = [csv_record(r) for r in [*rows[:4], real_odd]]
    path = tmp_path / "cables.csv"
    path.write_text("".join(records), encoding="utf-8", newline="")
    lines = [1]
    for record in records:
        lines.append(lines[-1] + record.count("\n"))

    report = _import(tmp_path / "lib.db", path)
    refused = [(p.source, p.position, p.reason) for p in report.problems if p.fatal]
    assert len(refused) == 2
    assert refused[0][0] == str(path) and refused[0][1] == f"record 2, line {lines[1]}"
    assert "\"'\"" in refused[0][2] and "'<'" in refused[0][2]
    assert "not a reference id" in refused[0][2]
    assert refused[1][1] == f"record 4, line {lines[3]}"
    assert "5,000 characters long" in refused[1][2]
    assert len(refused[1][2]) < 300  # the id is clipped in the message
    assert report.imported == 3
    with Library(tmp_path / "lib.db") as lib:
        assert lib.cable("7575LIBREVILLE1895") is not None
        assert lib.conn.execute("SELECT count(*) FROM cables WHERE refid GLOB '*[^A-Z0-9]*'"
                                ).fetchone()[0] == 0


def test_a_cable_page_with_a_crafted_refid_is_refused_by_line(tmp_path: Path) -> None:
    page = (FINAL_BUILD / "cable/1966/12/66BUENOSAIRES2481.html").read_text(encoding="utf-8")
    crafted = page.replace(">66BUENOSAIRES2481</a>", ">66BUENOS'AIRES2481</a>")
    assert crafted != page
    path = tmp_path / "66BUENOSAIRES2481.html"
    path.write_text(crafted, encoding="utf-8")
    report = _import(tmp_path / "lib.db", path)
    [problem] = report.problems
    assert problem.source == str(path) and problem.fatal
    line = int(re.fullmatch(r"line (\d+)", problem.position).group(1))  # type: ignore[union-attr]
    near = crafted.splitlines()[line - 1 : line + 4]
    assert any("66BUENOS'AIRES2481" in ln for ln in near), (line, near)
    assert "\"'\"" in problem.reason
    assert report.imported == 0


def test_a_saved_text_page_with_a_crafted_refid_is_refused_by_line(tmp_path: Path) -> None:
    text = SEED_PAGE.read_text(encoding="utf-8")
    lines = text.splitlines()
    row = next(i for i, ln in enumerate(lines) if ln.strip().startswith("10DUSHANBE170 "))
    lines[row] = lines[row].replace("10DUSHANBE170", "10DUSHANBE170%00", 1)
    path = tmp_path / "seed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = _import(tmp_path / "lib.db", path)
    [problem] = report.problems
    assert problem.position == f"line {row + 1}" and "'%'" in problem.reason
    assert report.imported == 0


def test_crafted_references_are_left_out_with_a_warning(tmp_path: Path) -> None:
    row = list(sample_rows()[0])
    row[5] = "66STATE106206|66STATE1'><script>|66LIMA1"
    path = tmp_path / "cables.csv"
    path.write_text(csv_record(row), encoding="utf-8", newline="")
    report = _import(tmp_path / "lib.db", path)
    [warning] = report.problems
    assert not warning.fatal and "1 reference left out" in warning.reason
    with Library(tmp_path / "lib.db") as lib:
        cable = lib.cable(row[2])
        assert cable is not None and cable.references == ("66STATE106206", "66LIMA1")
