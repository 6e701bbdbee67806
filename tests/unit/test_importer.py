"""Import: idempotent, merges copies by rank, reports bad input, survives a kill."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.archive.importer import ImportProgress, import_paths
from desktop.archive.library import Library
from tests.conftest import CSV_SAMPLE, DEC_2010, FINAL_BUILD, ROOT, SEED_PAGE
from tests.helpers import csv_record, many_rows, sample_rows, write_csv


def _import(lib_path: Path, *paths: Path, **kw: object):  # type: ignore[no-untyped-def]
    with Library(lib_path) as lib:
        return import_paths(lib.db, list(paths), **kw)  # type: ignore[arg-type]


def test_reimport_is_idempotent(tmp_path: Path) -> None:
    lib_path = tmp_path / "lib.db"
    first = _import(lib_path, FINAL_BUILD, SEED_PAGE)
    assert first.counts.added == 11 and not first.problems
    with Library(lib_path) as lib:
        before = lib.conn.execute(
            "SELECT refid, content_hash FROM cables ORDER BY refid").fetchall()
        fts_before = lib.conn.execute("SELECT count(*) FROM cables_fts").fetchone()
    second = _import(lib_path, FINAL_BUILD, SEED_PAGE)
    assert (second.counts.added, second.counts.updated, second.counts.unchanged) == (0, 0, 11)
    with Library(lib_path) as lib:
        assert lib.conn.execute(
            "SELECT refid, content_hash FROM cables ORDER BY refid").fetchall() == before
        assert lib.conn.execute("SELECT count(*) FROM cables_fts").fetchone() == fts_before
        assert lib.conn.execute("SELECT count(*) FROM cable_sources").fetchone()[0] == 11
        assert lib.conn.execute(
            "INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')") is not None


def test_csv_text_wins_over_pages_in_any_order(tmp_path: Path) -> None:
    page = FINAL_BUILD / "cable/1973/04/73TEHRAN2077.html"
    for order in ([page, CSV_SAMPLE], [CSV_SAMPLE, page]):
        lib_path = tmp_path / f"lib{order[0].suffix}.db"
        _import(lib_path, *order)
        with Library(lib_path) as lib:
            cable = lib.cable("73TEHRAN2077")
            assert cable is not None
            assert "corrupt" not in cable.flags  # the CSV's complete text, not the cut page
            assert "06THEHAGUE131" not in cable.body
            assert [s.kind.value for s in cable.sources] == ["csv", "html"]
            assert cable.released == "2011-08-30T01:44"  # only the page knows it
            hits = lib.conn.execute(
                "SELECT count(*) FROM cables_fts WHERE cables_fts MATCH 'HAGUE'").fetchone()[0]
            assert hits == 0  # the foreign text left the search index too
            lib.conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")


def test_final_build_wins_over_an_early_build(tmp_path: Path) -> None:
    early = next(DEC_2010.rglob("66BUENOSAIRES2481.html"))
    final = next(FINAL_BUILD.rglob("66BUENOSAIRES2481.html"))
    lib_path = tmp_path / "lib.db"
    _import(lib_path, final)
    report = _import(lib_path, early)
    assert report.counts.unchanged == 1
    with Library(lib_path) as lib:
        cable = lib.cable("66BUENOSAIRES2481")
        assert cable is not None and cable.source is not None
        assert cable.source.build == "final build (Aug 2011)"
        assert cable.released == "2011-08-30T01:44"
        assert lib.first_released("66BUENOSAIRES2481") < "2011"  # type: ignore[operator]


def test_bad_rows_and_files_are_reported_not_fatal(tmp_path: Path) -> None:
    rows = sample_rows()[:3]
    bad_date = list(sample_rows()[3])
    bad_date[1] = "13/45/2009 99:99"
    text = (csv_record(rows[0]) + csv_record(rows[1][:7]) + csv_record(rows[2] + ["extra"])
            + csv_record(bad_date) + csv_record(["99", "1/1/2001 1:00", "", "X", "SECRET",
                                                 "", "", ""]))
    bad_csv = tmp_path / "cables.csv"
    bad_csv.write_text(text, encoding="utf-8", newline="")
    broken_page = tmp_path / "cable" / "2009" / "01" / "09BROKEN1.html"
    broken_page.parent.mkdir(parents=True)
    broken_page.write_text("<table class='cable'><tr><th>Reference ID</th></tr>"
                           "<tr><td>x</td></tr></table>", encoding="utf-8")
    not_a_cable = tmp_path / "notes.txt"
    not_a_cable.write_text("shopping list", encoding="utf-8")
    report = _import(tmp_path / "lib.db", bad_csv, broken_page, not_a_cable,
                     tmp_path / "missing.csv")
    reasons = [(Path(p.source).name, p.position, p.reason, p.fatal) for p in report.problems]
    second_line = 1 + csv_record(rows[0]).count("\n")
    assert ("cables.csv", f"record 2, line {second_line}", "expected 8 fields, found 7",
            True) in reasons
    assert any(r[1].startswith("record 3") and "found 9" in r[2] for r in reasons)
    assert any(r[1].startswith("record 4") and "creation time" in r[2] and not r[3]
               for r in reasons)
    assert any(r[1].startswith("record 5") and "reference id is empty" in r[2] for r in reasons)
    assert any(r[0] == "09BROKEN1.html" for r in reasons)
    assert any(r[0] == "notes.txt" for r in reasons)
    assert any(r[0] == "missing.csv" and "no such" in r[2] for r in reasons)
    assert report.imported == 2  # the good row and the one with a bad date
    with Library(tmp_path / "lib.db") as lib:
        runs = lib.import_runs()
        assert runs[0]["status"] == "done"
        assert len(lib.import_problems(int(runs[0]["id"]))) == len(report.problems)  # type: ignore[arg-type]


def test_listing_pages_and_site_files_are_skipped_quietly(tmp_path: Path) -> None:
    report = _import(tmp_path / "lib.db", DEC_2010)
    assert not report.problems
    skipped = {Path(s.path).name for s in report.skipped}
    assert {"tag", "origin", "date", "reldate", "classification"} <= skipped
    assert "index.html" in skipped
    assert report.imported == 371


def test_progress_and_cancel(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "cables.csv", many_rows(3000))
    seen: list[ImportProgress] = []

    def cancel() -> bool:
        return len(seen) > 0 and seen[-1].cables >= 1000

    import desktop.archive.importer as importer

    old = importer.PROGRESS_EVERY_S
    importer.PROGRESS_EVERY_S = 0.0
    try:
        report = _import(tmp_path / "lib.db", csv_path, progress=seen.append, cancel=cancel)
    finally:
        importer.PROGRESS_EVERY_S = old
    assert report.cancelled
    assert seen[-1].bytes_total == csv_path.stat().st_size
    assert 0 < seen[-2].fraction < 1
    assert 1000 <= report.imported < 3000
    with Library(tmp_path / "lib.db") as lib:
        assert lib.count() == report.counts.added  # counts agree with what was committed
        assert lib.import_runs()[0]["status"] == "cancelled"


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from desktop.archive.importer import import_paths
    from desktop.archive.library import Library
    import desktop.archive.importer as importer
    importer.PROGRESS_EVERY_S = 0.0
    importer.BATCH_CABLES = 200

    def progress(p):
        if p.cables >= 1000:
            os.kill(os.getpid(), signal.SIGKILL)

    with Library(Path(sys.argv[1])) as lib:
        import_paths(lib.db, [Path(sys.argv[2])], progress=progress)
""")


def test_an_import_killed_half_way_leaves_a_usable_index(tmp_path: Path) -> None:
    lib_path = tmp_path / "lib.db"
    _import(lib_path, FINAL_BUILD)
    csv_path = write_csv(tmp_path / "cables.csv", many_rows(3000))
    proc = subprocess.run([sys.executable, "-c", KILLER, str(lib_path), str(csv_path)],
                          cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    with Library(lib_path) as lib:
        assert lib.repaired  # the facet counts were stale and have been recounted
        total = lib.conn.execute("SELECT count(*) FROM cables").fetchone()[0]
        assert 10 + 1000 <= total < 10 + 3000
        assert lib.count() == total
        assert lib.cable("66BUENOSAIRES2481") is not None
        lib.conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")
    report = _import(lib_path, csv_path)  # finishing the import later just works
    assert report.imported == 3000
    with Library(lib_path) as lib:
        assert lib.count() == 3010


def test_a_library_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    from desktop.archive.errors import StorageError

    lib_path = tmp_path / "lib.db"
    Library(lib_path).close()
    import sqlite3

    conn = sqlite3.connect(lib_path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('cable-reader-archive', 'm999_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="newer version"):
        Library(lib_path)


def test_a_file_that_is_not_a_library_is_refused(tmp_path: Path) -> None:
    from desktop.archive.errors import StorageError

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError):
        Library(junk)




