"""The notes are never misdiagnosed: a read-only folder, a full disk or a busy file says so,
every read still works, and only a file that really is not a notes database is called one."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations.store import NotesStore
from desktop.archive.errors import StorageError, classify
from desktop.archive.paragraphs import parse_paragraphs
from tests.conftest import ROOT

PARAGRAPHS = parse_paragraphs("UNCLAS X\n\n1. (U) First paragraph.\n\n2. (U) Second one.\n")


def _store_with_notes(path: Path, count: int = 3) -> None:
    with NotesStore(path) as store:
        for n in range(count):
            store.add("10X1", PARAGRAPHS[n % 2], PARAGRAPHS, f"note {n}")


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make a folder and its files unwritable, even for root (the immutable attribute), or
    by permissions for other users."""
    files = [folder, *folder.iterdir()]
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a folder read-only")
        done = subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is not supported here: {done.stderr.decode()[:100]}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, files)], check=True)
    else:
        modes = {f: f.stat().st_mode for f in files}
        for f in files:
            f.chmod(0o555 if f.is_dir() else 0o444)
        try:
            yield
        finally:
            for f, mode in modes.items():
                f.chmod(mode)


def test_a_read_only_folder_opens_the_notes_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    path = folder / "notes.db"
    _store_with_notes(path)
    with read_only(folder), NotesStore(path) as store:
        assert store.readonly
        assert store.read_only_reason is not None
        assert "cannot be saved" in store.read_only_reason
        assert "not a Cable Reader notes database" not in store.read_only_reason
        assert store.count() == 3 and len(store.all_notes()) == 3  # every read works
        assert store.query_ids("note") and store.labels() == []
        with pytest.raises(StorageError) as refused:
            store.add("10X1", PARAGRAPHS[0], PARAGRAPHS, "new")
        assert "cannot be saved" in str(refused.value) and refused.value.kind == "readonly"
    with NotesStore(path) as store:  # writable again: nothing was lost
        assert store.count() == 3 and not store.readonly


def test_the_command_line_reads_read_only_notes(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    path = folder / "notes.db"
    _store_with_notes(path)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, CABLE_READER_HOME=str(tmp_path / "home"))
        return subprocess.run([sys.executable, "-m", "desktop", "notes", *args, "--notes",
                               str(path), "--library", str(tmp_path / "lib.db")], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=120)

    with read_only(folder):
        listed = cli("list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == 3
        exported = cli("export", "--format", "md")
        assert exported.returncode == 0 and "note 0" in exported.stdout
        added = cli("add", "10X1", "cable", "--text", "x")
        assert added.returncode != 0 and "cannot be saved" in added.stderr
        assert "not a Cable Reader notes database" not in added.stderr


def test_a_full_disk_is_called_a_full_disk(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    _store_with_notes(path)
    with NotesStore(path) as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # no room for another page
        with pytest.raises(StorageError) as full:
            store.add("10X1", PARAGRAPHS[0], PARAGRAPHS, "x" * 200_000)
        assert full.value.kind == "full" and "the disk is full" in str(full.value)
        assert "Cannot save your notes" in str(full.value)
        assert store.count() == 3  # reads work; nothing stored was lost


def test_a_busy_file_is_called_busy(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    _store_with_notes(path)
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with NotesStore(path) as store:
            store.db.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(StorageError) as busy:
                store.add("10X1", PARAGRAPHS[0], PARAGRAPHS, "x")
            assert busy.value.kind == "busy" and "in use by another program" in str(busy.value)
    finally:
        other.rollback()
        other.close()


def test_only_a_foreign_file_is_called_foreign(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    with pytest.raises(StorageError, match="not a Cable Reader notes database") as foreign:
        NotesStore(junk)
    assert foreign.value.kind == "notadb"
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(StorageError, match="an SQLite file, but not a Cable Reader notes"):
        NotesStore(other)


def test_a_damaged_file_is_called_damaged_never_foreign(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    _store_with_notes(path, count=200)
    with NotesStore(path) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for at in range(page * 2, len(data), page * 3):  # scribble over some pages
        data[at:at + page] = os.urandom(page)
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as damaged, NotesStore(path) as store:
        store.all_notes()
        store.query_ids("note")
    assert damaged.value.kind == "corrupt", damaged.value
    assert "not a Cable Reader notes database" not in str(damaged.value)


def test_errors_are_classified_by_code_not_by_wording(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("CREATE TABLE t(x)")
    conn.execute("PRAGMA max_page_count = 2")
    with pytest.raises(sqlite3.OperationalError) as full:
        conn.executemany("INSERT INTO t VALUES (?)", [("y" * 5000,)] * 10)
    assert classify(full.value) == "full"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"x" * 4096)
    with pytest.raises(sqlite3.DatabaseError) as notadb:
        sqlite3.connect(junk).execute("SELECT * FROM sqlite_master").fetchall()
    assert classify(notadb.value) == "notadb"
    error = sqlite3.OperationalError("database or disk is full")  # words alone decide nothing
    assert classify(error) == "other"


def test_a_damaged_library_does_not_block_the_notes(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    _store_with_notes(notes)
    library = tmp_path / "library.db"
    library.write_bytes(os.urandom(16384))
    env = dict(os.environ, CABLE_READER_HOME=str(tmp_path))
    for args in (["list", "--json"], ["export", "--format", "md"]):
        done = subprocess.run([sys.executable, "-m", "desktop", "notes", *args, "--notes",
                               str(notes), "--library", str(library)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "the library cannot be opened" in done.stderr and "note 0" in done.stdout
