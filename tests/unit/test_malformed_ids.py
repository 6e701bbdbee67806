"""Class 5 of issue 10: cables WikiLeaks published under malformed reference ids."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from desktop.archive.importer import import_paths
from desktop.archive.index import migrations
from desktop.archive.library import Library
from desktop.archive.parse import FLAG_MALFORMED_COPY, parse_cable
from desktop.archive.query_syntax import refid_in
from desktop.archive.records import RawCable, SourceKind, SourceRef
from desktop.archive.refids import (
    CORRECTED,
    TWIN,
    alias_table,
    aliases_of,
    in_release,
    stored_refid,
)
from desktop.archive.search import search
from tests.conftest import CSV_SAMPLE
from tests.helpers import sample_rows, write_csv

# --- the table of malformed ids, one test per kind of pair -----------------------------------


def test_the_table_covers_the_release() -> None:
    table = alias_table()
    kinds = [a.kind for a in table.values()]
    assert kinds.count(TWIN) == 76 and kinds.count(CORRECTED) == 123
    for alias in table.values():
        assert in_release(alias.published)
        assert in_release(alias.canonical) is (alias.kind == TWIN)


@pytest.mark.parametrize(("published", "canonical"), [
    ("08SCTION02OF02SAOPAULO335", "08SAOPAULO335"),  # section words pulled into the id
    ("09SECTION0QF05HANOI297", "09HANOI297"),  # ... themselves garbled
    ("0901OF02RPODUBAI288", "09RPODUBAI288"),  # ... without the word
    ("06BRAILIA1079", "06BRASILIA1079"),  # a letter of the station lost
    ("09BEIRT96", "09BEIRUT96"),
    ("07SOIA828", "07SOFIA828"),
    ("07QXICO3307", "07MEXICO3307"),  # two letters garbled, the release confirms it
    ("09SIFIEDABUJA1673", "09ABUJA1673"),  # header words leaked into the id
    ("85NOFORNMOGADISHU1643", "85MOGADISHU1643"),
    ("09EFTORIYADH1110", "09RIYADH1110"),
    ("06MADRID002583ZFR2585", "06MADRID2583"),  # a tail after the serial
])
def test_twins(published: str, canonical: str) -> None:
    alias = alias_table()[published]
    assert (alias.canonical, alias.kind) == (canonical, TWIN)
    assert stored_refid(published) == canonical
    assert published in aliases_of(canonical)


@pytest.mark.parametrize(("published", "canonical"), [
    ("09EFTOLONDON2468", "09LONDON2468"),
    ("09AMEMBASSYHANOI1284", "09HANOI1284"),
    ("7575LIBREVILLE1895", "75LIBREVILLE1895"),  # a real page of the final build
    ("90STATE255195TOSEC140301", "90STATE255195"),
    ("08AITTAIPIE1698", "08AITTAIPEI1698"),
    ("07BUENOSQRES633", "07BUENOSAIRES633"),
])
def test_corrections(published: str, canonical: str) -> None:
    alias = alias_table()[published]
    assert (alias.canonical, alias.kind) == (canonical, CORRECTED)
    assert stored_refid(published) == published  # the id people cite stays
    assert aliases_of(published) == (canonical,)


@pytest.mark.parametrize("refid", ["06ASTANA", "092OF5", "08ACCRA001382SUSPECTEDDUPLICATE1392",
                                   "91LENINGRAD4146", "88BONN31258"])
def test_ids_left_alone(refid: str) -> None:
    # no serial, no station, two readings neither of which the release has; or real
    # stations with few cables
    assert refid not in alias_table()
    assert stored_refid(refid) == refid and aliases_of(refid) == ()


# --- parsing and importing --------------------------------------------------------------------


def _raw(refid: str, body: str, position: str = "") -> RawCable:
    return RawCable(refid=refid, created="2008-02-20 10:00", released="", classification="SECRET",
                    origin="Consulate Sao Paulo", header="R 201000Z FEB 08", body=body,
                    source=SourceRef(SourceKind.CSV, "x.csv", position))


def test_a_malformed_copy_parses_under_the_canonical_id() -> None:
    cable = parse_cable(_raw("08SCTION02OF02SAOPAULO335", "TAGS: PREL\nSUBJECT: X\n"))
    assert cable.refid == "08SAOPAULO335"
    assert cable.aliases == ("08SCTION02OF02SAOPAULO335",)
    assert FLAG_MALFORMED_COPY in cable.flags
    assert cable.source is not None and cable.source.refid == "08SCTION02OF02SAOPAULO335"
    canonical = parse_cable(_raw("08SAOPAULO335", "TAGS: PREL\nSUBJECT: X\n"))
    assert canonical.aliases == ("08SCTION02OF02SAOPAULO335",) and not canonical.flags


def _twin_rows() -> list[list[str]]:
    base = sample_rows()[0]
    good = list(base)
    good[0], good[2] = "1", "08SAOPAULO335"
    good[7] = "UNCLAS SAO PAULO 000335\n\nTAGS: PREL\nSUBJECT: THE CANONICAL COPY\n\n1. Text."
    bad = list(good)
    bad[0], bad[2] = "2", "08SCTION02OF02SAOPAULO335"
    bad[7] = good[7].replace("CANONICAL", "MALFORMED")
    return [good, bad]


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_both_copies_become_one_cable(tmp_path: Path, order: tuple[int, int]) -> None:
    rows = _twin_rows()
    path = write_csv(tmp_path / "cables.csv", [rows[i] for i in order])
    with Library(tmp_path / "lib.db") as lib:
        report = import_paths(lib.db, [path])
        assert report.counts.added == 1 and not report.problems
        assert lib.count() == 1 and lib.duplicates() == 0
        cable = lib.cable("08SCTION02OF02SAOPAULO335")
        assert cable is not None and cable.refid == "08SAOPAULO335"
        assert cable.subject == "THE CANONICAL COPY"  # the copy under the right id wins
        assert cable.aliases == ("08SCTION02OF02SAOPAULO335",)
        assert sorted(s.refid for s in cable.sources) == ["", "08SCTION02OF02SAOPAULO335"]
        assert lib.id_of("08SCTION02OF02SAOPAULO335") == lib.id_of("08SAOPAULO335")
        assert lib.existing(["08SCTION02OF02SAOPAULO335", "08SAOPAULO335", "08X1"]) == {
            "08SCTION02OF02SAOPAULO335", "08SAOPAULO335"}
        hits = search(lib.conn, "08SCTION02OF02SAOPAULO335")
        assert [h.refid for h in hits] == ["08SAOPAULO335"]
        assert lib.stats()["duplicates"] == 0
    with Library(tmp_path / "lib.db") as lib:  # re-importing changes nothing
        again = import_paths(lib.db, [path])
        assert again.counts.added == 0 and again.counts.updated == 0 and lib.count() == 1


def test_a_malformed_copy_alone_is_kept_under_the_canonical_id(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cables.csv", [_twin_rows()[1]])
    with Library(tmp_path / "lib.db") as lib:
        import_paths(lib.db, [path])
        cable = lib.cable("08SAOPAULO335")
        assert cable is not None and FLAG_MALFORMED_COPY in cable.flags
        assert lib.cable("08SCTION02OF02SAOPAULO335") == cable


def test_a_cable_known_only_by_a_malformed_id_keeps_it(tmp_path: Path) -> None:
    citing = list(sample_rows()[0])
    citing[0], citing[2], citing[5] = "99", "75STATE1", "75LIBREVILLE1895"
    path = write_csv(tmp_path / "citing.csv", [citing])
    with Library(tmp_path / "lib.db") as lib:
        import_paths(lib.db, [CSV_SAMPLE, path])
        cable = lib.cable("75LIBREVILLE1895")  # the corrected form finds the published id
        assert cable is not None and cable.refid == "7575LIBREVILLE1895"
        assert cable.aliases == ("75LIBREVILLE1895",)
        assert [c.refid for c in lib.referenced_by("7575LIBREVILLE1895")] == ["75STATE1"]
        assert lib.existing(["75LIBREVILLE1895"]) == {"75LIBREVILLE1895"}


# --- an index an older version wrote ----------------------------------------------------------


def test_the_migration_folds_twins_kept_apart(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m003_aliases")
    conn = db.conn
    conn.execute("INSERT INTO origins(id, name) VALUES (1, 'Consulate Sao Paulo')")
    conn.execute("INSERT INTO source_files(id, path, kind, rank) VALUES (1, 'c.csv', 'csv', 9)")
    for cid, refid, subject in ((1, "08SAOPAULO335", "CANONICAL"),
                                (2, "08SCTION02OF02SAOPAULO335", "MALFORMED"),
                                (3, "09AMEMBASSYHANOI1284", "LONE")):
        conn.execute("INSERT INTO cables(id, refid, classification, origin_id, subject, body) "
                     "VALUES (?, ?, 'SECRET', 1, ?, 'text')", [cid, refid, subject])
        conn.execute("INSERT INTO cables_fts(rowid, subject, body) VALUES (?, ?, 'text')",
                     [cid, subject])
        conn.execute("INSERT INTO cable_sources(cable_id, file_id, position) VALUES (?, 1, ?)",
                     [cid, str(cid)])
    conn.execute("INSERT INTO cable_refs(cable_id, target, position) "
                 "VALUES (3, '08SCTION02OF02SAOPAULO335', 0)")
    conn.commit()
    conn.close()
    with Library(path) as lib:
        assert lib.repaired  # facet counts were recounted after the fold
        assert lib.count() == 2 and lib.duplicates() == 0
        cable = lib.cable("08SCTION02OF02SAOPAULO335")
        assert cable is not None and cable.refid == "08SAOPAULO335"
        assert cable.subject == "CANONICAL"
        assert [(s.position, s.refid) for s in cable.sources] == [
            ("1", ""), ("2", "08SCTION02OF02SAOPAULO335")]
        assert lib.cable("09HANOI1284") is not None
        assert [c.refid for c in lib.referenced_by("08SAOPAULO335")] == ["09AMEMBASSYHANOI1284"]
        lib.conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")


@pytest.mark.parametrize("text", ["7575LIBREVILLE1895", "0901OF02RPODUBAI288", "092OF5",
                                  "08SCTION02OF02SAOPAULO335", "10dushanbe170"])
def test_malformed_ids_typed_in_the_search_box_are_ids(text: str) -> None:
    assert refid_in(text) == text.upper()


@pytest.mark.parametrize("text", ["1980s", "2010", "human rights", "06ASTANA"])
def test_other_queries_are_not_ids(text: str) -> None:
    assert refid_in(text) is None


def test_show_search_and_stats_on_the_command_line(tmp_path: Path) -> None:
    from tests.unit.test_cli import cli

    csv_path = write_csv(tmp_path / "cables.csv", _twin_rows())
    lib = str(tmp_path / "lib.db")
    assert cli("import", str(csv_path), "--library", lib, home=tmp_path).returncode == 0
    shown = cli("show", "08SCTION02OF02SAOPAULO335", "--json", "--library", lib, home=tmp_path)
    assert shown.returncode == 0 and '"refid": "08SAOPAULO335"' in shown.stdout
    found = cli("search", "08sction02of02saopaulo335", "--library", lib, home=tmp_path)
    assert found.stdout.startswith("08SAOPAULO335")
    stats = cli("stats", "--library", lib, home=tmp_path)
    assert "Duplicates: 0" in stats.stdout and "Aliases: 1" in stats.stdout
