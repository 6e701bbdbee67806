"""Issue 8, point 5: import never stops on one bad path. A name that is not UTF-8, a file in
a folder that cannot be entered, a folder that cannot be read, a device: each becomes a
reported problem naming the path, the rest is imported, and the run is finished."""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.archive.fsnames import NOT_UTF8
from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from tests.conftest import FINAL_BUILD, SEED_PAGE
from tests.unit.restricted import run_restricted

posix_bytes_names = pytest.mark.skipif(
    sys.platform in {"win32", "darwin"}, reason="the file system must accept any bytes in names")

PAGES = sorted(FINAL_BUILD.rglob("*.html"))


def _import(lib_path: Path, *paths: Path):  # type: ignore[no-untyped-def]
    with Library(lib_path) as lib:
        return import_paths(lib.db, list(paths))


def _bytes_path(folder: Path, name: bytes) -> Path:
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))


@posix_bytes_names
def test_names_that_are_not_utf8_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    tree = tmp_path / "archive"
    tree.mkdir()
    shutil.copy(PAGES[0], tree / PAGES[0].name)
    latin1 = _bytes_path(tree, b"caf\xe9.html")  # "café" in Latin-1
    shutil.copy(PAGES[1], latin1)
    folder = _bytes_path(tree, b"d\xe9j\xe0")
    folder.mkdir()
    shutil.copy(PAGES[2], folder / PAGES[2].name)
    shutil.copy(PAGES[3], tree / PAGES[3].name)
    named = _bytes_path(tmp_path, b"\xff\xfe.txt")
    shutil.copy(SEED_PAGE, named)

    report = _import(tmp_path / "lib.db", tree, named)
    bad = {p.source: p.reason for p in report.problems}
    assert bad == {str(tree / "caf\ufffd.html"): NOT_UTF8,
                   str(tree / "d\ufffdj\ufffd"): NOT_UTF8,
                   str(tmp_path / "\ufffd\ufffd.txt"): NOT_UTF8}
    assert report.imported == 2  # the two pages with good names
    with Library(tmp_path / "lib.db") as lib:
        run = lib.import_runs()[0]
        assert run["status"] == "done"
        assert "\ufffd\ufffd.txt" in str(run["paths"])
        assert len(lib.import_problems(int(run["id"]))) == 3  # type: ignore[arg-type]


def test_a_device_or_a_pipe_is_refused_not_read(tmp_path: Path) -> None:
    tree = tmp_path / "archive"
    tree.mkdir()
    shutil.copy(PAGES[0], tree / PAGES[0].name)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tree / "cables.csv")  # reading it would wait for ever
    if Path("/dev/zero").exists():
        (tree / "zero.html").symlink_to("/dev/zero")  # reading it would never end
    report = _import(tmp_path / "lib.db", tree, Path("/dev/null"))
    assert report.imported == 1
    assert any(p.source == "/dev/null" and "not a file or folder" in p.reason
               for p in report.problems)
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    if hasattr(os, "mkfifo"):
        assert "not a regular file" in skipped["cables.csv"]
    if Path("/dev/zero").exists():
        assert "not a regular file" in skipped["zero.html"]


UNREADABLE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from desktop.archive.importer import import_paths
    from desktop.archive.library import Library

    with Library(Path(sys.argv[1])) as lib:
        report = import_paths(lib.db, [Path(p) for p in sys.argv[2:]])
    print(json.dumps({"imported": report.imported,
                      "problems": [[p.source, p.reason] for p in report.problems]}))
""")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_folders_and_files_in_them_are_reported(tmp_path: Path) -> None:
    tree = tmp_path / "archive"
    (tree / "locked").mkdir(parents=True)
    (tree / "shut").mkdir()
    shutil.copy(PAGES[0], tree / PAGES[0].name)
    shutil.copy(PAGES[1], tree / "locked" / PAGES[1].name)
    shutil.copy(PAGES[2], tree / "shut" / PAGES[2].name)
    shutil.copy(PAGES[3], tree / "unreadable.html")
    (tree / "locked").chmod(0o000)  # cannot be listed or entered
    (tree / "shut").chmod(0o600)  # can be listed, but nothing in it can be opened
    (tree / "unreadable.html").chmod(0o000)
    try:
        done = run_restricted(UNREADABLE, str(tmp_path / "lib.db"), str(tree),
                              str(tree / "shut" / PAGES[2].name))
    finally:
        for p in ("locked", "shut", "unreadable.html"):
            (tree / p).chmod(0o755)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    named = [r for s, r in result["problems"] if s == str(tree / "shut" / PAGES[2].name)]
    assert named == ["cannot read: Permission denied"] * 2  # named, and found in the walk
    problems = {Path(s).relative_to(tree).as_posix(): r for s, r in result["problems"]}
    assert problems["locked"] == "cannot read the folder: Permission denied"
    assert problems[f"shut/{PAGES[2].name}"] == "cannot read: Permission denied"
    assert problems["unreadable.html"] == "cannot read: Permission denied"
    assert result["imported"] == 1
    with Library(tmp_path / "lib.db") as lib:
        assert lib.import_runs()[0]["status"] == "done"
