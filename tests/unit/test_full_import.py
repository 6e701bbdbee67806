"""A full import builds the library beside the old one and renames it into place: killed at
any point it leaves the old library byte-identical and usable, and its cables are the same as
an import in place would make."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations.store import NotesStore
from desktop.archive.bulk import SUFFIX
from desktop.archive.errors import StorageError
from desktop.archive.importer import import_library, import_paths
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.paths import default_notes
from tests.conftest import CSV_SAMPLE, DEC_2010, FINAL_BUILD, ROOT, SEED_PAGE
from tests.helpers import many_rows, write_csv
from tests.unit.restricted import run_restricted

#: Runs a full import of the sources into the library and stops it at a point: prints the
#: point's name, then waits on its standard input to be killed. It parses in the helper
#: process, as a large import does (so the script needs its ``__main__`` guard: the helper
#: is spawned and imports it again).
PROBE = textwrap.dedent("""
    import os, sys
    from pathlib import Path

    def main():
        import desktop.archive.importer as importer
        import desktop.archive.pipeline as pipeline
        from desktop.archive import bulk, dbfiles

        point, library, *sources = sys.argv[1:]
        importer.PROGRESS_EVERY_S = 0.0
        importer.BATCH_CABLES = 100
        pipeline.WORKER_MIN_BYTES = 0
        bulk.CANCEL_CHECK_STEPS = 1000
        phase = []

        def halt():
            print(point, flush=True)
            sys.stdin.readline()
            os._exit(3)

        def progress(p):
            phase.append(p.phase)
            if point == "reading" and p.cables >= 500:
                halt()

        def cancel():
            # Polled by SQLite's progress handler while the indexes are built.
            if (point == "indexing" and phase[-1:] == [importer.INDEXING]
                    and sys._getframe(1).f_code.co_name == "<lambda>"):
                halt()
            return False

        if point in ("rename", "renamed"):  # after the old WAL is emptied / after the rename
            name = "checkpoint_old" if point == "rename" else "sync_folder"
            real = getattr(dbfiles, name)

            def paused(path):
                real(path)
                halt()

            setattr(dbfiles, name, paused)
        report = importer.import_library(Path(library), [Path(s) for s in sources],
                                         progress, cancel, fresh=True)
        print("finished", report.replaced_file, flush=True)

    if __name__ == "__main__":
        main()
""")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 cables in the cables.csv format (about 9 MB)."""
    return write_csv(tmp_path_factory.mktemp("csv") / "cables.csv", many_rows(3000))


@pytest.fixture
def notes() -> Iterator[Path]:
    """The user's notes database with one note, where the app keeps it."""
    path = default_notes()
    path.parent.mkdir(parents=True, exist_ok=True)
    page = next(DEC_2010.rglob("66BUENOSAIRES2481.html"))
    with Library(path.parent / "scratch.db") as lib:
        import_paths(lib.db, [page])
        cable = lib.cable("66BUENOSAIRES2481")
    assert cable is not None
    paragraphs = parse_paragraphs(cable.body)
    with NotesStore(path) as store:
        store.add(cable.refid, paragraphs[0], paragraphs, "a note")
    yield path


def _old_library(folder: Path) -> Path:
    """A library of the ten real cables of the final build, as a previous import left it."""
    path = folder / "library.db"
    with Library(path) as lib:
        import_paths(lib.db, [FINAL_BUILD])
    return path


def _start(tmp_path: Path, point: str, library: Path, *sources: Path
           ) -> subprocess.Popen[str]:
    """The probe, started towards ``point``."""
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), point, str(library),
                             *map(str, sources)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _probe(tmp_path: Path, point: str, library: Path, *sources: Path) -> None:
    """Run the probe to ``point`` and SIGKILL it there."""
    proc = _start(tmp_path, point, library, *sources)
    assert proc.stdout is not None
    try:
        line = proc.stdout.readline().strip()  # the probe blocks after printing it
        if line != point:
            proc.kill()
            _, err = proc.communicate(timeout=60)
            pytest.fail(f"the import did not stop at {point!r}: {line!r}\n{err}")
        proc.kill()
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -9


def _usable(path: Path) -> int:
    """Open the library as the app does; returns how many cables it holds."""
    with Library(path) as lib:
        total = lib.conn.execute("SELECT count(*) FROM cables").fetchone()[0]
        assert lib.count() == total
        assert lib.cable("66BUENOSAIRES2481") is not None
        lib.conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")
        assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        return int(total)


@pytest.mark.parametrize("point", ["reading", "indexing", "rename"])
def test_a_killed_full_import_leaves_the_old_library_as_it_was(
        tmp_path: Path, big_csv: Path, notes: Path, point: str) -> None:
    library = _old_library(tmp_path)
    before, notes_before = _sha256(library), _sha256(notes)
    _probe(tmp_path, point, library, big_csv)
    assert _sha256(library) == before
    assert _usable(library) == 10
    assert _sha256(library) == before  # opening it changed nothing either
    if point != "rename":
        assert library.with_name(library.name + SUFFIX).exists()  # killed half-way
    # The next full import clears what the killed one left, and replaces the library.
    report = import_library(library, [big_csv], fresh=True)
    assert report.replaced_file and report.counts.added == 3000
    assert not library.with_name(library.name + SUFFIX).exists()
    assert _usable(library) == 3010
    assert _sha256(notes) == notes_before


def test_a_full_import_killed_after_the_rename_leaves_the_new_library(
        tmp_path: Path, big_csv: Path) -> None:
    library = _old_library(tmp_path)
    _probe(tmp_path, "renamed", library, big_csv)
    assert _usable(library) == 3010
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db", "probe.py"]


def test_a_full_import_while_another_builds_the_file_is_refused(
        tmp_path: Path, big_csv: Path) -> None:
    library = _old_library(tmp_path)
    proc = _start(tmp_path, "reading", library, big_csv)
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "reading"
        with pytest.raises(StorageError, match="Another import") as caught:
            import_library(library, [SEED_PAGE], fresh=True)
        assert caught.value.kind == "busy"
        assert library.with_name(library.name + SUFFIX).exists()  # not removed under it
    finally:
        proc.kill()
        proc.communicate(timeout=60)
    assert _usable(library) == 10


def test_a_stale_file_beside_the_library_is_replaced(tmp_path: Path) -> None:
    library = tmp_path / "library.db"
    stale = library.with_name(library.name + SUFFIX)
    stale.write_bytes(b"half a library" * 1000)
    Path(f"{stale}-journal").write_bytes(b"junk")
    report = import_library(library, [FINAL_BUILD], fresh=True)
    assert report.replaced_file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]
    assert _usable(library) == 10


#: Everything a cable is, without the ids a library gives it.
_DUMP = {
    "cables": "SELECT c.refid, created, released, first_released, classification, o.name, "
              "subject, tags_raw, references_text, header, body, flags, record_id, "
              "source_rank, content_hash FROM cables c JOIN origins o ON o.id = c.origin_id "
              "ORDER BY refid",
    "tags": "SELECT c.refid, t.code, t.kind, ct.position FROM cable_tags ct "
            "JOIN tags t ON t.id = ct.tag_id JOIN cables c ON c.id = ct.cable_id ORDER BY 1, 2",
    "refs": "SELECT c.refid, target, position FROM cable_refs r "
            "JOIN cables c ON c.id = r.cable_id ORDER BY 1, 2",
    "sources": "SELECT c.refid, f.path, f.kind, f.build, f.rank, s.position, s.released, "
               "s.refid FROM cable_sources s JOIN cables c ON c.id = s.cable_id "
               "JOIN source_files f ON f.id = s.file_id ORDER BY 1, 2, 8",
    "aliases": "SELECT alias, c.refid FROM cable_aliases a JOIN cables c ON c.id = a.cable_id "
               "ORDER BY 1",
    "facets": "SELECT facet, value, count FROM facet_counts ORDER BY 1, 2",
    "search": "SELECT c.refid FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid "
              "WHERE cables_fts MATCH 'embassy OR minister' ORDER BY 1",
    "indexes": "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY 1",
}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")
        return {name: conn.execute(sql).fetchall() for name, sql in _DUMP.items()}
    finally:
        conn.close()


def test_a_full_import_makes_the_same_cables_as_an_import_in_place(
        tmp_path: Path, notes: Path) -> None:
    """Into a new library, then over it (its cables copied, the copies merged by rank)."""
    notes_before = _sha256(notes)
    first, then = [FINAL_BUILD], [CSV_SAMPLE, DEC_2010, SEED_PAGE]
    in_place, full = tmp_path / "in-place.db", tmp_path / "full.db"
    with Library(in_place) as lib:
        import_paths(lib.db, first)
        expected_first = _dump(in_place)
        second = import_paths(lib.db, then)
    assert import_library(full, first, fresh=True).replaced_file
    assert _dump(full) == expected_first
    report = import_library(full, then, fresh=True)
    assert report.replaced_file
    assert report.counts == second.counts
    assert _dump(full) == _dump(in_place)
    with Library(full) as lib:
        runs = lib.import_runs()
    assert [r["status"] for r in runs] == ["done", "done"]
    assert _sha256(notes) == notes_before


def test_the_full_import_is_chosen_for_a_new_library_only(tmp_path: Path, big_csv: Path) -> None:
    library = tmp_path / "library.db"
    assert import_library(library, [big_csv]).replaced_file  # missing: built beside
    small = import_library(library, [SEED_PAGE])  # far smaller than the library: in place
    assert not small.replaced_file and small.counts.added == 1
    assert not library.with_name(library.name + SUFFIX).exists()
    with Library(library) as lib:
        assert lib.count() == 3001


def test_the_command_line_import_builds_beside(tmp_path: Path) -> None:
    library = _old_library(tmp_path)
    inode = library.stat().st_ino
    done = subprocess.run([sys.executable, "-m", "desktop", "import", "--fresh", "--quiet",
                           "--library", str(library), str(CSV_SAMPLE)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert library.stat().st_ino != inode  # a new file, renamed into place
    assert _usable(library) == 12  # 10 + the sample's 12, 10 of them the same cables


READ_ONLY = textwrap.dedent("""
    import sys
    from pathlib import Path
    from desktop.archive.errors import StorageError
    from desktop.archive.importer import import_library

    folder = Path(sys.argv[1])
    for name in ("library.db", "new.db"):
        try:
            import_library(folder / name, [Path(sys.argv[2])], fresh=True)
        except StorageError as exc:
            print(exc.kind, exc)
""")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_full_import_in_a_read_only_folder_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    library = _old_library(folder)
    before = _sha256(library)
    folder.chmod(0o555)
    try:
        done = run_restricted(READ_ONLY, str(folder), str(CSV_SAMPLE))
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    existing, new = done.stdout.splitlines()
    assert existing.startswith("readonly ") and "read-only" in existing
    assert str(library) in existing
    assert new.startswith(("readonly ", "cantopen ")) and "read-only" in new
    assert str(folder) in new
    assert sorted(p.name for p in folder.iterdir()) == ["library.db"]
    assert _sha256(library) == before
