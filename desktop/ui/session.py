"""The session: owns the open library, runs imports, and says what changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.annotations.store import NotesStore
from desktop.archive.importer import ImportProgress, ImportReport, import_library
from desktop.archive.library import Library
from desktop.paths import default_notes
from desktop.ui.notes_controller import NotesController
from desktop.ui.workers import Job


class Session(QObject):
    """One open library. Widgets ask it to act; it emits what changed.

    Signals:
        library_opened: a (new) library is open; everything shown must be rebuilt.
        library_changed: the open library's content changed (an import finished); after a
            full import it is a new file under the same name, and ``library`` a new object.
        releasing: the library file was replaced: every connection on the old file must be
            closed now (workers included), before anything opens the new one (SQLite would
            otherwise delete the new file's -wal and -shm when the last old connection
            closes: it removes them by name).
    """

    library_opened = Signal(object)
    library_changed = Signal()
    releasing = Signal()

    def __init__(self, library: Library, notes: NotesStore | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.notes = NotesController(notes or NotesStore(default_notes()), self)
        self.import_job: Job | None = None

    @property
    def path(self) -> Path:
        return self.library.path

    def open_library(self, path: Path) -> None:
        """Switch to another library file (created if missing)."""
        new = Library(path)
        old, self.library = self.library, new
        old.close()
        self.library_opened.emit(new)

    def start_import(self, paths: list[Path], *, start: bool = True) -> Job:
        """Import in the background, on connections of its own: a full import (a new or
        small library) builds a new file and renames it over the old one, then the session
        reopens it (:meth:`reopen`) before saying the library changed.

        With ``start=False`` the job is returned unstarted, so callers can connect to its
        signals first (they are told after the session has reopened the file).
        """
        library_path = self.library.path

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            return import_library(library_path, paths, progress=progress, cancel=cancelled)

        job = Job(work, name="import", parent=self)
        job.succeeded.connect(self._import_succeeded)
        job.finished.connect(self._import_finished)
        self.import_job = job
        if start:
            job.start()
        return job

    def _import_succeeded(self, report: ImportReport) -> None:
        if report.replaced_file:
            self.reopen()

    def reopen(self) -> None:
        """The library's file was replaced by a new one: let go of the old file everywhere
        (``releasing``), then open the new one."""
        self.releasing.emit()
        self.library.close()
        self.library = Library(self.path)

    def _import_finished(self) -> None:
        self.import_job = None
        self.library_changed.emit()

    def close(self) -> None:
        if self.import_job is not None:
            self.import_job.cancel()
            self.import_job.wait()
        self.library.close()
        self.notes.store.close()

    def annotated_ids(self) -> frozenset[int]:
        """The library ids of the cables that have live notes."""
        refids = self.notes.store.annotated_refids()
        return frozenset(self.library.ids_of(refids))


__all__ = ["ImportProgress", "ImportReport", "Session"]
