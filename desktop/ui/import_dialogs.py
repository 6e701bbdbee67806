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
    """The problems of the latest imports, with where and why."""

    def __init__(self, library: Library, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(900, 500)
        runs = library.import_runs()
        layout = QVBoxLayout(self)
        if not runs:
            layout.addWidget(QLabel("Nothing has been imported into this library yet."))
        else:
            run = runs[0]
            summary = (f"Import of {run['started']} ({run['status']}): {run['added']:,} new, "
                       f"{run['updated']:,} updated, {run['unchanged']:,} unchanged, "
                       f"{run['skipped']:,} skipped, {run['problems']:,} problems.\n"
                       f"From: {str(run['paths']).replace(chr(10), ', ')}")
            label = QLabel(summary)
            label.setTextFormat(Qt.TextFormat.PlainText)  # paths come from the file system
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
            problems = library.import_problems(int(run["id"]))  # type: ignore[call-overload]
            self.table = QTableWidget(len(problems), 4)
            self.table.setHorizontalHeaderLabels(["", "File", "Where", "Why"])
            for r, (source, position, reason, fatal) in enumerate(problems):
                for c, text in enumerate(("Error" if fatal else "Warning", source, position,
                                          reason)):
                    item = QTableWidgetItem(text)
                    item.setToolTip(tooltip(text))
                    self.table.setItem(r, c, item)
            self.table.horizontalHeader().setSectionResizeMode(
                3, QHeaderView.ResizeMode.Stretch)
            self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            layout.addWidget(self.table)
            if not problems:
                layout.addWidget(QLabel("Every record was imported."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
