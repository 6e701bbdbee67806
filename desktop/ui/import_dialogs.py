"""The import progress dialog (modeless, cancellable) and the import report."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.archive.importer import ImportProgress, ImportReport
from desktop.archive.library import Library
from desktop.archive.times import format_duration


class ImportProgressDialog(QDialog):
    """Shows an import's progress; the window behind it stays usable."""

    cancel_requested = Signal()
    report_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Importing cables")
        self.setModal(False)
        self.setMinimumWidth(460)
        self.label = QLabel("Preparing…")
        self.detail = QLabel()
        self.detail.setStyleSheet("color: #666")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton("Cancel import",
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.report_button = QPushButton("Show report")
        self.close_button = QPushButton("Close")
        for b in (self.report_button, self.close_button):
            b.hide()
            self.buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        for w in (self.label, self.bar, self.detail, self.buttons):
            layout.addWidget(w)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.report_button.clicked.connect(self.report_requested)
        self.close_button.clicked.connect(self.accept)

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling… (what is already imported is kept)")
        self.cancel_requested.emit()

    def show_progress(self, p: ImportProgress) -> None:
        self.bar.setValue(int(p.fraction * 1000))
        eta = f", about {format_duration(p.eta)} left" if p.eta is not None else ""
        self.label.setText(f"{p.cables:,} cables imported ({p.rate:,.0f} per second{eta})")
        problems = f" — {p.problems:,} problems so far" if p.problems else ""
        self.detail.setText(f"File {min(p.files_done + 1, p.files_total):,} of "
                            f"{p.files_total:,}{problems}\n{p.current[-90:]}")

    def show_done(self, report: ImportReport) -> None:
        self.bar.setValue(1000)
        self.label.setText(report.summary())
        self.label.setWordWrap(True)
        self.detail.setText("")
        self.cancel_button.hide()
        self.close_button.show()
        self.report_button.setVisible(bool(report.problems or report.skipped))

    def show_failed(self, message: str) -> None:
        self.label.setText(f"The import stopped: {message.splitlines()[0]}")
        self.cancel_button.hide()
        self.close_button.show()


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
                    item.setToolTip(text)
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
