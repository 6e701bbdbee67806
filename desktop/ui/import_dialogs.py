"""The import progress dialog (modeless, cancellable) and the import report."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.archive.importer import ImportProgress, ImportReport
from desktop.archive.library import Library
from desktop.archive.runs import SKIPPED_PREFIX
from desktop.archive.times import format_duration
from desktop.ui.job_dialog import JobDialog
from desktop.ui.plain_text import tooltip
from desktop.wording import plural


class ImportProgressDialog(JobDialog):
    """Shows an import's progress; the window behind it stays usable."""

    report_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Importing cables", "Cancel import", parent)
        self.setMinimumWidth(460)
        self.bar.setRange(0, 1000)
        self.file_label = QLabel()  # the file being read, elided in the middle
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.layout().insertWidget(3, self.file_label)
        self._current = ""
        self.report_button = self.end_button("Show report")
        self.report_button.clicked.connect(self.report_requested)

    def cancelling_text(self) -> str:
        return "Cancelling… (what is already imported is kept)"

    def show_progress(self, p: ImportProgress) -> None:
        """Cables written and files read so far; the bar stops short of the end until the
        import says it is done (the last cables are written after the last byte is read)."""
        self.bar.setValue(int(min(p.fraction, 0.99) * 1000))
        if p.fraction >= 1:
            self.label.setText(f"Writing the last cables… {plural(p.cables, 'cable')} so far")
        else:
            eta = f", about {format_duration(p.eta)} left" if p.eta is not None else ""
            self.label.setText(f"{plural(p.cables, 'cable')} imported so far "
                               f"({p.rate:,.0f} a second{eta})")
        problems = f" · {plural(p.problems, 'problem')} so far" if p.problems else ""
        self.detail.setText(f"File {min(p.files_done + 1, p.files_total):,} of "
                            f"{p.files_total:,}{problems}")
        self._current = p.current
        self._show_current()

    def _show_current(self) -> None:
        width = max(200, self.file_label.width())
        metrics = self.file_label.fontMetrics()
        self.file_label.setText(metrics.elidedText(self._current, Qt.TextElideMode.ElideMiddle,
                                                   width))
        self.file_label.setToolTip(tooltip(self._current))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._show_current()

    def show_done(self, report: ImportReport) -> None:
        """The summary; a cancelled import's bar stays where it stopped."""
        if not report.cancelled:
            self.bar.setValue(1000)
        self.label.setText(report.summary())
        self.detail.setText("")
        self._current = ""
        self._show_current()
        self.finished_job()
        self.report_button.setVisible(bool(report.problems or report.skipped))

    def show_failed(self, message: str) -> None:
        self.label.setText(f"The import stopped: {message.splitlines()[0]}")
        self.finished_job()


class ImportReportDialog(QDialog):
    """The latest import: what it did, then every problem and every file it left out, each
    with where and why."""

    def __init__(self, library: Library, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(960, 540)
        runs = library.import_runs()
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # paths come from the file system
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Kind", "File", "Where", "Why"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)  # long paths wrap inside their cell
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        if not runs:
            self.summary.setText("Nothing has been imported into this library yet.")
            self.table.hide()
        else:
            self._show_run(library, runs[0])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_run(self, library: Library, run: dict[str, object]) -> None:
        rows = library.import_problems(int(run["id"]))  # type: ignore[call-overload]
        skipped = [r for r in rows if r[2].startswith(SKIPPED_PREFIX)]
        problems = [r for r in rows if not r[2].startswith(SKIPPED_PREFIX)]
        sources = str(run["paths"]).splitlines()
        counts = ", ".join([
            f"{int(run['added']):,} new", f"{int(run['updated']):,} updated",  # type: ignore[call-overload]
            f"{int(run['unchanged']):,} unchanged",  # type: ignore[call-overload]
            plural(len(problems), "problem"), plural(len(skipped), "file or folder",
                                                     "files or folders") + " left out"])
        self.summary.setText(f"Import of {run['started']} ({run['status']}): {counts}.\n"
                             f"From: {', '.join(sources)}"
                             + ("" if rows else "\nEvery record was imported."))
        self.table.setRowCount(len(rows))
        for r, (source, position, reason, fatal) in enumerate(problems + skipped):
            kind = ("Skipped" if reason.startswith(SKIPPED_PREFIX)
                    else "Error" if fatal else "Warning")
            why = reason.removeprefix(SKIPPED_PREFIX)
            why = why[:1].upper() + why[1:]
            for c, value in enumerate((kind, source, position, why)):
                item = QTableWidgetItem(value)
                item.setToolTip(tooltip(value))
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(rows))
        self.table.resizeRowsToContents()
