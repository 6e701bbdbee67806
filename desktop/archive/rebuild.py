"""Rebuild a library from the source files it records: a damaged index is replaced by a new
one, built beside it and renamed into place only when complete; the damaged file is kept.

The notes live in their own database and are never touched: they re-attach to the cables
of the new index by reference id and paragraph, as after any import.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.archive.dbfiles import SIDECARS, move_db, remove_db
from desktop.archive.errors import DAMAGE, StorageError, classify
from desktop.archive.fsnames import shown
from desktop.archive.importer import CancelFn, ImportReport, ProgressFn, import_paths
from desktop.archive.library import Library
from desktop.archive.records import Problem
from desktop.archive.sqlutil import connect_read_only


@dataclass
class RebuildReport:
    """What a rebuild did.

    Attributes:
        report: the import into the new index (its problems name every source file that
            could not be read again).
        sources: the files and folders the new index was built from.
        from_fallback: the damaged file's list of sources could not be read (in whole or in
            part), so the caller's list was used; ``notes`` says why.
        kept_as: where the old file now is (None when nothing was replaced: cancelled, or
            no source could be read).
        notes: sentences for the user about how the rebuild went.
    """

    report: ImportReport
    sources: list[Path] = field(default_factory=list)
    from_fallback: bool = False
    kept_as: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def replaced(self) -> bool:
        return self.kept_as is not None


def recorded_sources(library_path: Path) -> tuple[list[Path], str | None]:
    """The source files a library records (``source_files``), read as far as the file
    allows; with None, or a sentence saying what could not be read."""
    try:
        conn = connect_read_only(library_path)
    except sqlite3.Error as exc:
        return [], f"the library cannot be opened ({exc})"
    found: list[Path] = []
    try:
        for (path,) in conn.execute("SELECT path FROM source_files ORDER BY id"):
            found.append(Path(path))
    except sqlite3.Error as exc:
        what = "its list of source files" if not found else (
            f"its list of source files past the first {len(found):,}")
        return found, f"{what} cannot be read ({exc})"
    finally:
        conn.close()
    return found, None


def rebuild(library_path: Path, progress: ProgressFn | None = None,
            cancel: CancelFn | None = None, fallback: Sequence[Path] = ()) -> RebuildReport:
    """Build a new index from the sources the library at ``library_path`` records, and put
    it in that file's place; the old file is kept as ``<name>.damaged-<date>`` (or
    ``<name>.replaced-<date>`` when ``Library.check`` finds it sound).

    The library must not be open (close the window's ``Library`` first: Windows cannot
    rename an open file, and a connection to the old file would go on using it). The new
    index is written beside the old one as ``<name>.rebuilding`` and renamed into place only
    when the import is complete; a cancelled or failed rebuild, or one that could read no
    cable at all, leaves the old file as it was and removes the new one.

    Args:
        progress, cancel: as for ``import_paths``.
        fallback: files and folders to import when the damaged file's list of sources
            cannot be read at all (the folders the user imported, say); also added when it
            can only be read in part.

    Raises:
        StorageError: the new index cannot be written (a read-only folder, a full disk).
    """
    library_path = Path(library_path)
    sources, unreadable = recorded_sources(library_path)
    result = RebuildReport(report=ImportReport())
    if unreadable:
        result.notes.append(f"The library's record of its sources: {unreadable}.")
        if fallback:
            known = set(sources)
            result.notes.append(("Also rebuilt" if sources else "Rebuilt instead")
                                + " from the files and folders given: "
                                + ", ".join(shown(p) for p in fallback) + ".")
            sources += [Path(p) for p in fallback if Path(p) not in known]
            result.from_fallback = True
    if not sources:
        result.notes.append("No source files to rebuild from: the library was left as it "
                            "was. Import the archive again, or give its files.")
        result.report.problems.append(Problem(shown(library_path), "", result.notes[-1]))
        return result
    result.sources = sources
    label = "damaged" if is_damaged(library_path) else "replaced"
    fresh = library_path.with_name(library_path.name + ".rebuilding")
    remove_db(fresh)
    try:
        with Library(fresh) as lib:
            result.report = import_paths(lib.db, sources, progress=progress, cancel=cancel)
            lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        remove_db(fresh)
        raise
    if result.report.cancelled or result.report.imported == 0:
        remove_db(fresh)
        result.notes.append("Cancelled: the library was left as it was." if
                            result.report.cancelled else
                            "No cable could be read from its sources: the library was left "
                            "as it was.")
        return result
    result.kept_as = _swap(library_path, fresh, label)
    if result.report.fatal_problems:
        result.notes.append(f"{len(result.report.fatal_problems):,} problems: some sources "
                            "could not be read again (see the import report).")
    if result.kept_as is not None:
        result.notes.append(f"The old file is kept as {shown(result.kept_as)}.")
    return result


def is_damaged(path: Path) -> bool:
    """Whether the library file is damaged (or no database at all), as ``Library.check``
    tells (it reads every page: about 3 s for the full archive)."""
    try:
        with Library(path, readonly=True) as lib:
            return not lib.check(thorough=True).sound
    except StorageError as exc:
        return exc.is_damage
    except sqlite3.DatabaseError as exc:
        return classify(exc) in DAMAGE


def _swap(path: Path, fresh: Path, label: str) -> Path | None:
    """Put ``fresh`` in the place of ``path``; returns where the old file went."""
    kept = _set_aside(path, label)
    try:
        os.replace(fresh, path)
    except BaseException:
        if kept is not None:  # put the old file back rather than leave no library
            _put_back(kept, path)
        remove_db(fresh)
        raise
    return kept


def _set_aside(path: Path, label: str) -> Path | None:
    """Rename the old file (and its WAL files, which must never meet the new index) to
    ``<name>.<label>-<date>``; None when there was no old file."""
    if not path.exists():
        return None
    stem = f"{path.name}.{label}-{date.today().isoformat()}"
    target = path.with_name(stem)
    n = 2
    while any(Path(str(target) + s).exists() for s in ("", *SIDECARS)):
        target = path.with_name(f"{stem}-{n}")
        n += 1
    move_db(path, target)
    return target


def _put_back(kept: Path, path: Path) -> None:
    with contextlib.suppress(OSError):
        move_db(kept, path)


__all__ = ["RebuildReport", "StorageError", "is_damaged", "rebuild", "recorded_sources"]
