"""Issue 8, point 8: paths are paths. A library, a notes database and imported files in
folders whose names hold ``#``, ``?``, ``%``, spaces and non-ASCII letters work read-write
and read-only (SQLite gets them as escaped URIs where it takes URIs), and a rebuild finds
the imported files again."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from desktop.annotations.store import NotesStore
from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.rebuild import rebuild
from tests.conftest import CSV_SAMPLE, FINAL_BUILD, SEED_PAGE
from tests.unit.restricted import run_restricted

NAMES = ["home #1", "what?", "100%", "%41%2F%00 x", "two  spaces ", "Größe ñ 東京", "#?%"]
PARAGRAPHS = parse_paragraphs("UNCLAS X\n\n1. (U) First paragraph.\n")


def _archive(folder: Path) -> list[Path]:
    """Copies of real sources under odd names of their own."""
    folder.mkdir(parents=True)
    files = [folder / "cables #1?%.csv", folder / "66BUENOS AIRES #?%25.html",
             folder / "seed ä%20?.txt"]
    shutil.copy(CSV_SAMPLE, files[0])
    shutil.copy(next(FINAL_BUILD.rglob("66BUENOSAIRES2481.html")), files[1])
    shutil.copy(SEED_PAGE, files[2])
    return files


@pytest.mark.parametrize("name", NAMES)
def test_odd_folder_and_file_names_read_write_and_read_only(tmp_path: Path, name: str
                                                            ) -> None:
    home = tmp_path / name / "sub #2?"
    files = _archive(home / "sources ?#")
    lib_path = home / "library #?%.db"
    notes_path = home / "notes #?%.db"

    with Library(lib_path) as lib:
        report = import_paths(lib.db, [home / "sources ?#"])
        assert report.problems == [] and report.counts.added == 13
        recorded = sorted(Path(r[0]) for r in lib.conn.execute("SELECT path FROM source_files"))
        assert recorded == sorted(files)
    with NotesStore(notes_path) as notes:
        notes.add("10DUSHANBE170", PARAGRAPHS[0], PARAGRAPHS, "a note")

    with Library(lib_path, readonly=True) as lib:
        assert lib.count() == 13 and lib.cable("10DUSHANBE170") is not None
    with NotesStore(notes_path, readonly=True) as notes:
        assert [n.text for n in notes.all_notes()] == ["a note"]

    result = rebuild(lib_path)  # the recorded paths are found again
    assert result.replaced and result.report.problems == [], result.notes
    with Library(lib_path) as lib:
        assert lib.count() == 13
    # Nothing was opened or created under a name cut short at "#", "?" or "%".
    assert os.listdir(tmp_path) == [name]
    assert sorted(os.listdir(tmp_path / name)) == ["sub #2?"]


READ_ONLY = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from desktop.annotations.store import NotesStore
    from desktop.archive.library import Library

    folder = Path(sys.argv[1])
    with Library(folder / "library #?%.db", readonly=True) as lib:
        cables = lib.count()
    with NotesStore(folder / "notes #?%.db", readonly=True) as notes:
        texts = [n.text for n in notes.all_notes()]
    print(json.dumps({"cables": cables, "notes": texts}))
""")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_odd_names_in_a_read_only_folder(tmp_path: Path) -> None:
    """Where SQLite cannot create a WAL index, the files are read as immutable, through the
    same escaped URI."""
    home = tmp_path / "read only #1?%"
    _archive(home / "sources")
    with Library(home / "library #?%.db") as lib:
        import_paths(lib.db, [home / "sources"])
    with NotesStore(home / "notes #?%.db") as notes:
        notes.add("10DUSHANBE170", PARAGRAPHS[0], PARAGRAPHS, "a note")
    home.chmod(0o555)
    try:
        done = run_restricted(READ_ONLY, str(home))
    finally:
        home.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"cables": 13, "notes": ["a note"]}
