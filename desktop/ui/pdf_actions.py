"""Export to PDF, print and print preview for the cables the window names."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.export.pdf_layout import PdfOptions
from desktop.ui.pdf_export import (
    CONFIRM_ABOVE,
    ExportProcess,
    ExportProgressDialog,
    PdfExportDialog,
)
from desktop.ui.plain_text import ask, warn
from desktop.ui.session import Session
from desktop.wording import plural


class PdfActions(QObject):
    """Runs exports (in a separate process) and prints (here), asking first when asked for
    many cables. Collaborators: the session (library and notes), the settings, the window
    that owns the dialogs.

    Signals:
        message: a line for the status bar.
    """

    message = Signal(str)

    def __init__(self, session: Session, settings: QSettings, parent: QWidget):
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.parent_widget = parent
        self.job: ExportProcess | None = None
        self.progress_dialog: ExportProgressDialog | None = None

    def confirm(self, count: int, verb: str) -> bool:
        if count <= CONFIRM_ABOVE:
            return True
        return ask(self.parent_widget, f"{verb} {count:,} cables?",
                   f"{verb} all {count:,} cables of the list? This can take a while.")

    # -- export --------------------------------------------------------------------------

    def export(self, refids: Sequence[str], source: str, title: str = ""
               ) -> ExportProcess | None:
        """Ask how, then export in the background; returns the running job (None if the
        user declined, or an export is already running). ``title``: the cover's, offered
        (a reading list's name)."""
        if not refids:
            self.message.emit("No cables to export.")
            return None
        if self.job is not None:
            self.message.emit("An export is already running.")
            return None
        if not self.confirm(len(refids), "Export"):
            return None
        from desktop.export.pdf import file_name  # the PDF machinery: when it is used

        suggested = (f"{file_name(refids[0])}.pdf" if len(refids) == 1
                     else f"cables-{len(refids)}.pdf")
        if title:
            suggested = f"{file_name(title)}.pdf"
        dialog = PdfExportDialog(len(refids), source, suggested, self.settings,
                                 self.parent_widget, title)
        if dialog.exec() != PdfExportDialog.DialogCode.Accepted:
            return None
        request = dialog.request(refids, source)
        if (not request.split and request.output.exists()
                and not ask(self.parent_widget, "Replace the file?",
                            f"{request.output} exists. Replace it?")):
            return None
        return self.start(request)

    def start(self, request) -> ExportProcess:  # type: ignore[no-untyped-def]
        """Run an export and show its progress (the dialog-free half, for tests too)."""
        job = ExportProcess(request, self.session.library.path, self.session.notes.store.path,
                            self)
        dialog = ExportProgressDialog(request, self.parent_widget)
        job.progress.connect(dialog.show_progress)
        job.succeeded.connect(dialog.show_done)
        job.failed.connect(dialog.show_failed)
        job.cancelled.connect(dialog.show_cancelled)
        dialog.cancel_requested.connect(job.cancel)
        job.succeeded.connect(self._on_succeeded)
        job.failed.connect(lambda m: self.message.emit(f"The export failed: {m}"))
        job.cancelled.connect(lambda: self.message.emit("Export cancelled."))
        for signal in (job.succeeded, job.failed, job.cancelled):
            signal.connect(self._on_done)
        self.job, self.progress_dialog = job, dialog
        dialog.show()
        job.start()
        return job

    def _on_succeeded(self, result: dict) -> None:  # type: ignore[type-arg]
        files = result.get("files", [])
        where = files[0] if len(files) == 1 else f"{len(files):,} files"
        self.message.emit(f"Exported {result.get('cables', 0):,} cables to {where}.")

    def _on_done(self, *_: object) -> None:
        self.job = None

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait(10000)

    # -- print -----------------------------------------------------------------------------

    def print_cables(self, refids: Sequence[str], source: str) -> bool:
        if not refids or not self.confirm(len(refids), "Print"):
            return False
        printer = self._printer()
        dialog = QPrintDialog(printer, self.parent_widget)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        return self.paint(printer, refids, source)

    def preview(self, refids: Sequence[str], source: str) -> None:
        if not refids or not self.confirm(len(refids), "Preview"):
            return
        dialog = QPrintPreviewDialog(self._printer(), self.parent_widget)
        dialog.paintRequested.connect(lambda printer: self.paint(printer, refids, source))
        dialog.exec()

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # our margins, our banners
        printer.setDocName("Cable Reader")
        return printer

    def paint(self, printer: QPrinter, refids: Sequence[str], source: str) -> bool:
        """The export's pages onto a printer, with a progress dialog that can cancel."""
        progress = QProgressDialog("Preparing the pages…", "Cancel", 0, len(refids),
                                   self.parent_widget)
        progress.setWindowTitle("Printing")
        progress.setMinimumDuration(500)
        notes = str(self.settings.value("export/notes", "true")) == "true"
        options = PdfOptions(notes=notes, source=source,
                             author=str(self.settings.value("export/author", "") or ""),
                             library=self.session.library.path.name)

        def report(p) -> None:  # type: ignore[no-untyped-def]
            progress.setValue(p.cables_done)
            progress.setLabelText(f"{p.cables_done:,} of {plural(p.cables_total, 'cable')}, "
                                  f"{plural(p.pages_done, 'page')}")

        from desktop.export.pdf import ExportCancelled, ExportError, print_cables

        try:
            result = print_cables(printer, self.session.library, refids, options,
                                  self.session.notes.store, progress=report,
                                  cancel=progress.wasCanceled)
        except ExportCancelled:
            self.message.emit("Printing cancelled.")
            return False
        except ExportError as exc:
            warn(self.parent_widget, "Cannot print", str(exc))
            return False
        finally:
            progress.close()
        where = printer.printerName() or "print"
        self.message.emit(f"Sent {plural(result.pages, 'page')} to {where}.")
        return True
