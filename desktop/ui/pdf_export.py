"""Export to PDF from the window: the options dialog, and the export running as a separate
process (the command line's ``export``), so the window never waits on Qt's layout."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QLocale,
    QObject,
    QProcess,
    QProcessEnvironment,
    QSettings,
    QStandardPaths,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.archive.times import format_duration
from desktop.export.pdf_layout import default_page_size
from desktop.ui.job_dialog import JobDialog
from desktop.wording import plural

#: Above this many cables, exporting asks first.
CONFIRM_ABOVE = 500


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how: everything the export process needs."""

    refids: tuple[str, ...]
    source: str  # what the cover says was exported
    output: Path  # the PDF, or the folder when split
    split: bool
    page_size: str
    notes: bool
    title: str = ""
    author: str = ""


def default_folder(settings: QSettings, key: str = "export/folder") -> str:
    """Where file dialogs start: the last folder used (kept under ``key``), else the user's
    documents."""
    last = settings.value(key)
    if isinstance(last, str) and Path(last).is_dir():
        return last
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


class PdfExportDialog(QDialog):
    """Page size, notes, one file or one per cable, where, and the cover's title."""

    def __init__(self, count: int, source: str, suggested: str, settings: QSettings,
                 parent: QWidget | None = None, title: str = ""):
        super().__init__(parent)
        self.settings = settings
        self.count = count
        self.setWindowTitle("Export to PDF")
        self.setMinimumWidth(520)
        what = QLabel(f"{count:,} cable{'s' if count != 1 else ''}: {source}")
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        self.page_size = QComboBox()
        self.page_size.addItems(["A4", "Letter"])
        size = settings.value("export/page_size") or default_page_size(
            QLocale.system().name().partition("_")[2])
        self.page_size.setCurrentText(str(size))
        self.notes = QCheckBox("Include my notes (after their paragraphs, and attached)")
        self.notes.setChecked(str(settings.value("export/notes", "true")) == "true")
        self.one_file = QRadioButton("One PDF")
        self.per_cable = QRadioButton("One PDF per cable (REFID.pdf in a folder)")
        group = QButtonGroup(self)
        group.addButton(self.one_file)
        group.addButton(self.per_cable)
        (self.per_cable if count > 1 and settings.value("export/split") == "true"
         else self.one_file).setChecked(True)
        self.per_cable.setEnabled(count > 1)
        folder = default_folder(settings)
        self.path = QLineEdit(str(Path(folder) / suggested))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.title = QLineEdit(title)  # a reading list's name, say
        self.title.setPlaceholderText(f"{count:,} cables from Cable Reader" if count > 1
                                      else "the cable's reference id and subject")
        self.title.setEnabled(count > 1)
        self.author = QLineEdit(str(settings.value("export/author", "") or ""))
        self.author.setPlaceholderText("your name, in the PDF's properties (optional)")
        form = QFormLayout()
        form.addRow("Page size:", self.page_size)
        form.addRow("", self.notes)
        form.addRow("Write:", self.one_file)
        form.addRow("", self.per_cable)
        form.addRow("To:", where)
        form.addRow("Cover title:", self.title)
        form.addRow("Author:", self.author)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.per_cable.toggled.connect(self._on_mode)
        self._on_mode(self.per_cable.isChecked())

    def _on_mode(self, split: bool) -> None:
        path = Path(self.path.text())
        if split and path.suffix.lower() == ".pdf":
            self.path.setText(str(path.with_suffix("")))
        elif not split and path.suffix.lower() != ".pdf":
            self.path.setText(str(path) + ".pdf")

    def _choose(self) -> None:
        if self.per_cable.isChecked():
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder",
                                                      str(Path(self.path.text()).parent))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to PDF", self.path.text(),
                                                    "PDF documents (*.pdf)")
        if chosen:
            self.path.setText(chosen)

    def request(self, refids: Sequence[str], source: str) -> ExportRequest:
        """The choices made, remembered for next time."""
        split = self.per_cable.isChecked()
        output = Path(self.path.text()).expanduser()
        s = self.settings
        s.setValue("export/page_size", self.page_size.currentText())
        s.setValue("export/notes", "true" if self.notes.isChecked() else "false")
        s.setValue("export/split", "true" if split else "false")
        s.setValue("export/author", self.author.text().strip())
        s.setValue("export/folder", str(output.parent))
        return ExportRequest(tuple(refids), source, output, split,
                             self.page_size.currentText(), self.notes.isChecked(),
                             self.title.text().strip(), self.author.text().strip())


class ExportProcess(QObject):
    """Runs ``cable-reader export`` with the request and reports what it prints.

    Signals:
        progress: a dict (cables, total, pages, elapsed, eta).
        succeeded: a dict (files, cables, pages, missing, seconds).
        failed: the error message.
        cancelled: the user cancelled; nothing was written.
    """

    progress = Signal(dict)
    succeeded = Signal(dict)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, request: ExportRequest, library: Path, notes: Path,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.request = request
        self.process = QProcess(self)
        self._buffer = b""
        self._result: dict[str, Any] | None = None
        self._cancelling = False
        fd, name = tempfile.mkstemp(prefix="cable-reader-export-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(request.refids) + "\n")
        self.list_file = Path(name)
        args = ["export", "--from", str(self.list_file), "--library", str(library),
                "--notes", str(notes), "--page-size", request.page_size, "--force",
                "--progress", "json", "--source", request.source]
        args += ["--split", str(request.output)] if request.split else ["-o", str(request.output)]
        if not request.notes:
            args.append("--no-notes")
        if request.title:
            args += ["--title", request.title]
        if request.author:
            args += ["--author", request.author]
        program, prefix = command()
        self.process.setProgram(program)
        self.process.setArguments([*prefix, *args])
        env = QProcessEnvironment.systemEnvironment()
        env.insert("QT_QPA_PLATFORM", "offscreen")
        self.process.setProcessEnvironment(env)
        self.process.readyReadStandardOutput.connect(self._on_output)
        self.process.finished.connect(self._on_finished)

    def start(self) -> None:
        self.process.start()

    def cancel(self) -> None:
        """Ask the export to stop (it removes what it began); kill it if it does not."""
        if self.process.state() == QProcess.ProcessState.NotRunning:
            return
        self._cancelling = True
        self.process.write(b"cancel\n")
        self.process.closeWriteChannel()

    def wait(self, ms: int = 30000) -> bool:
        return self.process.waitForFinished(ms)

    def _on_output(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("done"):
                self._result = message
            else:
                self.progress.emit(message)

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._on_output()
        self.list_file.unlink(missing_ok=True)
        if self._result is not None and code == 0:
            self.succeeded.emit(self._result)
        elif self._cancelling or code == 130:
            self.cancelled.emit()
        else:
            error = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
            lines = [ln.removeprefix("cable-reader export: ") for ln in error.splitlines()
                     if ln.strip()]
            self.failed.emit(lines[-1] if lines else f"the export stopped (exit code {code})")


def command() -> tuple[str, list[str]]:
    """How to run this program's command line: the frozen executable, or this Python."""
    if getattr(sys, "frozen", False):
        return sys.executable, []
    return sys.executable, ["-m", "desktop"]


class ExportProgressDialog(JobDialog):
    """Cables and pages done, the rate and the time left, Cancel; at the end, Open and Show
    in folder. Modeless: the window stays usable."""

    def __init__(self, request: ExportRequest, parent: QWidget | None = None):
        super().__init__("Exporting to PDF", "Cancel", parent)
        self.request = request
        self.files: list[str] = []
        self.label.setText(f"Starting the export of {plural(len(request.refids), 'cable')}…")
        self.bar.setRange(0, max(1, len(request.refids)))
        self.open_button = self.end_button("Open")
        self.folder_button = self.end_button("Show in folder")
        self.open_button.clicked.connect(self.open_result)
        self.folder_button.clicked.connect(self.show_folder)

    def cancelling_text(self) -> str:
        return "Cancelling… (nothing will be written)"

    def show_progress(self, p: dict[str, Any]) -> None:
        self.bar.setValue(int(p.get("cables", 0)))
        elapsed = float(p.get("elapsed") or 0)
        rate = p.get("pages", 0) / elapsed if elapsed > 0 else 0
        eta = p.get("eta")
        left = f", about {format_duration(eta)} left" if eta is not None else ""
        self.label.setText(f"{p.get('cables', 0):,} of {p.get('total', 0):,} cables, "
                           f"{p.get('pages', 0):,} pages{left}")
        self.detail.setText(f"{rate:,.0f} pages per second")

    def show_done(self, result: dict[str, Any]) -> None:
        self.files = list(result.get("files", []))
        self.bar.setValue(self.bar.maximum())
        where = self.files[0] if len(self.files) == 1 else str(self.request.output)
        text = (f"Exported {result.get('cables', 0):,} cables ({result.get('pages', 0):,} "
                f"pages) to {where}.")
        missing = result.get("missing") or []
        if missing:
            text += f"\nNot in the library, left out: {', '.join(missing[:20])}"
        self.label.setText(text)
        self.detail.setText(f"{result.get('seconds', 0):.1f} s")
        self.finished_job()
        self.open_button.setVisible(len(self.files) == 1)
        self.folder_button.show()
        self.open_button.setDefault(True)

    def show_failed(self, message: str) -> None:
        self.label.setText(f"The export failed: {message}\nNo file was written.")
        self.detail.setText("")
        self.finished_job()

    def show_cancelled(self) -> None:
        self.label.setText("Export cancelled; no file was written.")
        self.detail.setText("")
        self.finished_job()

    def open_result(self) -> None:
        if self.files:  # the user's own new file, opened by their PDF viewer
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.files[0]))

    def show_folder(self) -> None:
        folder = Path(self.files[0]).parent if len(self.files) == 1 else self.request.output
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
