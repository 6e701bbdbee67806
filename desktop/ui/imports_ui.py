"""Libraries and imports in the window: open a library, import files or a folder with
progress (a dialog, and a bar in the status bar that stays when the dialog is closed), the
import report, and the rebuild of a damaged library."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QProgressBar, QWidget

from desktop.archive.errors import StorageError
from desktop.archive.importer import INDEXING, ImportProgress, ImportReport
from desktop.archive.rebuild import RebuildReport, rebuild, recorded_sources
from desktop.ui.import_dialogs import ImportProgressDialog, ImportReportDialog
from desktop.ui.pdf_export import default_folder
from desktop.ui.plain_text import ask, tooltip, warn
from desktop.ui.session import Session
from desktop.ui.workers import Job
from desktop.wording import plural


class ImportsUi(QObject):
    """The library and import actions, and what they show while they run.

    Signals:
        message: a sentence for the status bar.
        started: an import began (the library says so when it ends).
    """

    message = Signal(str)
    started = Signal()

    def __init__(self, session: Session, settings: QSettings, parent_widget: QWidget):
        super().__init__(parent_widget)
        self.session = session
        self.settings = settings
        self.parent_widget = parent_widget
        self.import_dialog: ImportProgressDialog | None = None
        self.rebuild_job: Job | None = None
        self._rebuild_offered = False
        self._placeholder: Path | None = None
        self.damaged_path: Path | None = None  # a damaged library the window did not open
        self.last_progress: ImportProgress | None = None  # of the running import
        self.status_progress = QProgressBar()  # an import, while it runs, dialog or not
        self.status_progress.setRange(0, 1000)
        self.status_progress.setMaximumWidth(200)
        self.status_progress.setFormat("Importing %p%")
        self.status_progress.hide()
        k = QKeySequence.StandardKey
        self.act_open_library = self._action("&Open library…", self.on_open_library_requested,
                                             k.Open)
        self.act_import_files = self._action(
            "&Import files…", self.on_import_files_requested, "Ctrl+I",
            "Import cables.csv, cable pages or saved pages")
        self.act_import_folder = self._action(
            "Import &folder…", self.on_import_folder_requested, "Ctrl+Shift+I",
            "Import an extracted WikiLeaks torrent")
        self.act_report = self._action("Import &report", self.on_report_requested)
        self.act_rebuild = self._action(
            "Re&build library…", lambda: self.start_rebuild(), None,
            "Build the library again from the files it was imported from (for a damaged "
            "one; your notes are not touched)")

    def _action(self, text: str, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey
                | str | None = None, tip: str = "") -> QAction:
        act = QAction(text, self.parent_widget)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)  # type: ignore[arg-type]
        return act

    def busy(self) -> bool:
        """An import or a rebuild is running."""
        return self.session.import_job is not None or self.rebuild_job is not None

    def on_open_library_requested(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.parent_widget, "Open or create a library", str(self.session.path.parent),
            "Cable Reader libraries (*.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            try:
                self.session.open_library(Path(path))
            except StorageError as exc:
                warn(self.parent_widget, "Cannot open library", str(exc))

    def on_import_files_requested(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.parent_widget, "Import cables", self.last_folder(),
            "Cable sources (*.csv *.html *.htm *.txt);;All files (*)")
        if paths:
            self.remember_folder(Path(paths[0]).parent)
            self.start_import([Path(p) for p in paths])

    def on_import_folder_requested(self) -> None:
        path = QFileDialog.getExistingDirectory(self.parent_widget, "Import a folder of cables",
                                                self.last_folder())
        if path:
            self.remember_folder(Path(path).parent)
            self.start_import([Path(path)])

    def last_folder(self) -> str:
        """Where file dialogs start: the folder used last, else the user's documents."""
        return default_folder(self.settings, "files/folder")

    def remember_folder(self, folder: Path) -> None:
        self.settings.setValue("files/folder", str(folder))

    def start_import(self, paths: list[Path], dialog: bool = True) -> Job | None:
        """Import in the background: a progress dialog (``dialog``) and the status bar's
        bar, which stays when the dialog is closed."""
        if self.session.import_job is not None:
            self.message.emit("An import is already running.")
            return None
        job = self.session.start_import(paths, start=False)
        self.last_progress = None
        job.progress.connect(self.on_import_progress)
        job.succeeded.connect(self.on_import_succeeded)
        job.failed.connect(self.on_import_failed)
        self.status_progress.setValue(0)
        self.status_progress.setToolTip(tooltip("Importing…"))
        self.status_progress.show()
        self.import_dialog = ImportProgressDialog(self.parent_widget) if dialog else None
        if self.import_dialog is not None:
            job.progress.connect(self.import_dialog.show_progress)
            job.failed.connect(self.import_dialog.show_failed)
            self.import_dialog.cancel_requested.connect(job.cancel)
            self.import_dialog.report_requested.connect(self.on_report_requested)
            self.import_dialog.show()
        job.start()
        self.started.emit()
        return job

    def on_import_progress(self, progress: ImportProgress) -> None:
        """The status bar's bar, which stays when the dialog is closed."""
        self.last_progress = progress
        self.status_progress.setValue(int(progress.fraction * 1000))
        self.status_progress.setToolTip(tooltip(
            "Building the indexes…" if progress.phase == INDEXING else
            f"Importing: {plural(progress.cables, 'cable')} so far, file "
            f"{min(progress.files_done + 1, progress.files_total):,} of "
            f"{progress.files_total:,}"))

    def replacing(self) -> bool:
        """Whether the running import builds a new library file (a full import): stopping
        it leaves the library as it was, rather than with the cables read so far."""
        return self.last_progress is not None and self.last_progress.full

    def offer_rebuild(self, why: str, path: Path | None = None) -> None:
        """Say once that a library is damaged (``path``: one the window did not open), and
        offer to rebuild it from the files it was imported from."""
        if path is not None:
            self.damaged_path = path
        if self._rebuild_offered or self.rebuild_job is not None:
            return
        self._rebuild_offered = True
        target = self.damaged_path or self.session.path
        if ask(self.parent_widget, "The library is damaged",
               f"{target} is damaged: {why}\n\nRebuild it from the files it was imported "
               "from? The damaged file is kept beside the new one, and your notes are not "
               "touched."):
            self.start_rebuild()
        else:
            self.message.emit("The library is damaged: File > Rebuild library… mends it.")

    def start_rebuild(self, fallback: list[Path] | None = None) -> Job | None:
        """Rebuild the library in the background, the window on an empty one meanwhile;
        then reopen it."""
        if self.session.import_job is not None or self.rebuild_job is not None:
            self.message.emit("An import is already running.")
            return None
        target = self.damaged_path or self.session.path
        sources, unreadable = recorded_sources(target)
        if fallback is None:
            fallback = []
            if unreadable and not sources:
                folder = QFileDialog.getExistingDirectory(
                    self.parent_widget, "The library does not say what it was imported "
                    "from: choose the folder of cables", self.last_folder())
                if not folder:
                    return None
                fallback = [Path(folder)]
        self._placeholder = Path(tempfile.mkdtemp(prefix="cable-reader-")) / "rebuilding.db"
        self.session.open_library(self._placeholder)  # the window lets go of the old file
        dialog = ImportProgressDialog(self.parent_widget)
        dialog.setWindowTitle("Rebuilding the library")
        dialog.setModal(True)
        self.import_dialog = dialog
        job = Job(lambda progress, cancelled: rebuild(target, progress, cancelled, fallback),
                  name="rebuild", parent=self)
        job.progress.connect(dialog.show_progress)
        job.succeeded.connect(lambda result: self.on_rebuilt(target, result))
        job.failed.connect(dialog.show_failed)
        job.failed.connect(lambda message: self.on_rebuilt(target, None))
        dialog.cancel_requested.connect(job.cancel)
        dialog.report_requested.connect(self.on_report_requested)
        self.rebuild_job = job
        dialog.show()
        job.start()
        return job

    def on_rebuilt(self, path: Path, result: RebuildReport | None) -> None:
        """Reopen the library (rebuilt, or as it was), and say how it went."""
        self.rebuild_job = None
        self._rebuild_offered = False
        try:
            self.session.open_library(path)
        except StorageError as exc:
            warn(self.parent_widget, "Cannot open the library", str(exc))
            return
        finally:
            if self._placeholder is not None:
                shutil.rmtree(self._placeholder.parent, ignore_errors=True)
                self._placeholder = None
        if result is None:
            return
        if result.replaced:
            self.damaged_path = None
        if self.import_dialog is not None:
            self.import_dialog.show_done(result.report)
            self.import_dialog.detail.setText("\n".join(result.notes))
        self.message.emit(("Rebuilt: " if result.replaced else "Not rebuilt: ")
                          + result.report.summary())

    def on_import_failed(self, message: str) -> None:
        self.status_progress.hide()
        if self.import_dialog is None:  # a quiet import: the status bar says it
            self.message.emit(f"The import stopped: {message.splitlines()[0]}")

    def on_import_succeeded(self, report: ImportReport) -> None:
        self.status_progress.hide()
        if self.import_dialog is not None:
            self.import_dialog.show_done(report)
        self.message.emit(report.summary())

    def on_report_requested(self) -> None:
        ImportReportDialog(self.session.library, self.parent_widget).exec()
