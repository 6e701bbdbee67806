"""Issue 8, point 4: a damaged library gives a message, not a traceback, and can be rebuilt
from the sources it records (or from paths given when that record is unreadable), the new
index renamed into place only when complete, the damaged file kept, the notes untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop.annotations.store import NotesStore
from desktop.archive.errors import StorageError
from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.rebuild import rebuild, recorded_sources
from tests.conftest import CSV_SAMPLE, FINAL_BUILD, ROOT, SEED_PAGE

DAMAGED_PAGE = b"\xab" * 4096


def damage(path: Path, *tables: str) -> None:
    """Overwrite the root pages of these tables (in the middle of the file) with junk."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    marks = ",".join("?" * len(tables))
    roots = [r[0] for r in conn.execute(
        f"SELECT rootpage FROM sqlite_master WHERE name IN ({marks})", tables)]
    conn.close()
    assert len(roots) == len(tables) and all(r > 1 for r in roots)
    with path.open("r+b") as f:
        for root in roots:
            f.seek((root - 1) * page_size)
            f.write(DAMAGED_PAGE[:page_size])


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A small library of real cables (pages, the CSV sample and the seed page)."""
    path = tmp_path / "library.db"
    with Library(path) as lib:
        import_paths(lib.db, [FINAL_BUILD, CSV_SAMPLE, SEED_PAGE])
    return path


def cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CABLE_READER_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_search_and_show_all_on_a_damaged_library_say_so(library: Path, tmp_path: Path
                                                         ) -> None:
    damage(library, "cables", "cables_fts_data")
    for command in (["search", "trafficking"], ["show", "--all"], ["show", "10DUSHANBE170"]):
        done = cli(*command, "--library", str(library), home=tmp_path)
        assert done.returncode == 2, (command, done.stderr)
        assert "Traceback" not in done.stderr and "DatabaseError" not in done.stderr
        assert ("the library is damaged; rebuild it with `cable-reader import --rebuild "
                f"--library {library}`") in done.stderr, done.stderr


def test_a_sound_library_is_not_called_damaged(library: Path, tmp_path: Path) -> None:
    with Library(library) as lib:
        assert lib.check().sound and lib.check(thorough=True).sound
    done = cli("search", "trafficking", "--library", str(library), home=tmp_path)
    assert done.returncode == 0 and "damaged" not in done.stderr


def test_check_tells_a_damaged_library_apart(library: Path) -> None:
    damage(library, "cables")
    with Library(library, readonly=True) as lib:  # opening reads the schema only
        quick = lib.check()
        assert not quick.sound and quick.findings
        thorough = lib.check(thorough=True)
        assert not thorough.sound and any("Page" in f for f in thorough.findings)
        with pytest.raises(StorageError) as caught:
            lib.cable("10DUSHANBE170")
        assert caught.value.is_damage


def test_a_thorough_check_can_be_cancelled(library: Path) -> None:
    with Library(library) as lib:
        result = lib.check(thorough=True, cancel=lambda: True)
        assert result.cancelled and not result.sound


def test_rebuild_from_the_recorded_sources(library: Path, tmp_path: Path) -> None:
    with Library(library) as lib:
        before = lib.conn.execute("SELECT refid, content_hash FROM cables ORDER BY refid"
                                  ).fetchall()
    notes_path = tmp_path / "notes.db"
    paragraphs = parse_paragraphs("UNCLAS X\n\n1. (U) First paragraph.\n")
    with NotesStore(notes_path) as store:
        store.add("10DUSHANBE170", paragraphs[0], paragraphs, "my note")
    notes_before = digest(notes_path)
    damage(library, "cables", "cables_fts_data")

    result = rebuild(library)
    assert not result.from_fallback and result.replaced
    assert result.kept_as == library.with_name(f"library.db.damaged-{date.today().isoformat()}")
    assert result.kept_as.exists() and not library.with_name("library.db.rebuilding").exists()
    assert result.report.counts.added == len(before)
    with Library(library) as lib:
        assert lib.check(thorough=True).sound
        after = lib.conn.execute("SELECT refid, content_hash FROM cables ORDER BY refid"
                                 ).fetchall()
        assert after == before
        assert lib.search("trafficking")
        assert lib.import_runs()[0]["status"] == "done"
    assert digest(notes_path) == notes_before  # the notes were never opened


def test_rebuild_falls_back_to_the_paths_given_and_says_so(library: Path) -> None:
    damage(library, "cables", "source_files")
    sources, why = recorded_sources(library)
    assert sources == [] and why is not None and "cannot be read" in why

    nothing = rebuild(library)  # no list and no fallback: the file is left as it was
    assert not nothing.replaced and library.exists()
    assert any("No source files" in n for n in nothing.notes)

    result = rebuild(library, fallback=[SEED_PAGE])
    assert result.from_fallback and result.replaced
    assert any("cannot be read" in n for n in result.notes)
    assert any(str(SEED_PAGE) in n for n in result.notes)
    with Library(library) as lib:
        assert lib.count() == 1 and lib.cable("10DUSHANBE170") is not None


def test_a_cancelled_rebuild_leaves_the_library_as_it_was(library: Path) -> None:
    damage(library, "cables")
    before = digest(library)
    result = rebuild(library, cancel=lambda: True)
    assert result.report.cancelled and not result.replaced
    assert digest(library) == before
    assert [p.name for p in library.parent.iterdir() if "rebuilding" in p.name] == []


def test_a_library_whose_schema_is_damaged_is_called_damaged(library: Path) -> None:
    with library.open("r+b") as f:  # the schema's page, after its 100-byte file header
        f.seek(100)
        f.write(b"\xab" * 3000)
    with pytest.raises(StorageError) as caught:
        Library(library)
    assert caught.value.is_damage
    assert "not a Cable Reader library" not in str(caught.value)


def test_import_rebuild_on_the_command_line(library: Path, tmp_path: Path) -> None:
    damage(library, "cables", "cables_fts_data")
    done = cli("import", "--rebuild", "--library", str(library), "--quiet", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "The old file is kept as" in done.stderr
    found = cli("search", "trafficking", "--json", "--library", str(library), home=tmp_path)
    assert found.returncode == 0 and "10DUSHANBE170" in found.stdout
    missing = cli("import", "--library", str(library), home=tmp_path)  # no paths, no --rebuild
    assert missing.returncode == 2 and "--rebuild" in missing.stderr
