"""The session: owns the open library, runs imports, and says what changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.annotations.store import NotesStore
from desktop.archive.importer import ImportProgress, ImportReport, import_paths
from desktop.archive.library import Library
from desktop.paths import default_notes
from desktop.ui.notes_controller import NotesController
from desktop.ui.workers import Job


class Session(QObject):
    """One open library. Widgets ask it to act; it emits what changed.

    Signals:
        library_opened: a (new) library is open; everything shown must be rebuilt.
        library_changed: the open library's content changed (an import finished).
    """

    library_opened = Signal(object)
    library_changed = Signal()

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
        """Import in the background, on a connection of its own.

        With ``start=False`` the job is returned unstarted, so callers can connect to its
        signals first.
        """
        library_path = self.library.path

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            with Library(library_path) as lib:
                return import_paths(lib.db, paths, progress=progress, cancel=cancelled)

        job = Job(work, name="import", parent=self)
        job.finished.connect(self._import_finished)
        self.import_job = job
        if start:
            job.start()
        return job

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
