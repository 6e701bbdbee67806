"""Citations in the window: the chosen style, "Copy citation", and File > Export citations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.archive.library import Library
from desktop.archive.records import Cable, Paragraph
from desktop.cite.text import CITATION_STYLES, FILE_FORMATS, SHORT, cite, cite_items, render
from desktop.export.notes import write_atomically
from desktop.ui.job_dialog import JobDialog
from desktop.ui.pdf_export import default_folder
from desktop.ui.workers import Job
from desktop.wording import plural

#: Up to this many cables "Copy citation" formats at once; more in the background (a CSL
#: style costs citeproc-py 2 to 50 ms a citation).
AT_ONCE = 20


class CitationsUi(QObject):
    """Owns the citation style (kept in the settings) and the citation actions.

    Signals:
        message: a sentence for the status bar.
    """

    message = Signal(str)

    def __init__(self, settings: QSettings, library_path: Callable[[], Path],
                 parent_widget: QWidget):
        super().__init__(parent_widget)
        self.settings = settings
        self.library_path = library_path
        self.parent_widget = parent_widget
        saved = settings.value("cite/style", SHORT)
        self.style = str(saved) if saved in CITATION_STYLES else SHORT
        self.style_actions = QActionGroup(self)
        for name, label in CITATION_STYLES.items():
            act = QAction(label, self, checkable=True)
            act.setData(name)
            act.setChecked(name == self.style)
            act.triggered.connect(lambda _=False, n=name: self.set_style(n))
            self.style_actions.addAction(act)
        self.act_export = QAction("Export &citations…", self)
        self.act_export.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.act_export.setStatusTip("Save the selected cables (or the open cable, or the list) "
                                     "as CSL-JSON, BibTeX, RIS or text for a reference manager")
        self.job: Job | None = None

    def set_style(self, name: str) -> None:
        """The style "Copy citation" uses, kept for the next start."""
        self.style = name if name in CITATION_STYLES else SHORT
        self.settings.setValue("cite/style", self.style)
        for act in self.style_actions.actions():
            act.setChecked(act.data() == self.style)

    def cite(self, cable: Cable, paragraph: Paragraph | None = None,
             paragraphs: Sequence[Paragraph] = ()) -> str:
        """A cable or a paragraph in the chosen style."""
        return cite(cable, paragraph, paragraphs, self.style)

    def copy(self, cables: Sequence[Cable]) -> list[str]:
        """The cables' citations on the clipboard, one a line (a paragraph apart in a CSL
        style); many cables in a CSL style are formatted in the background."""
        if not cables:
            return []
        if self.style != SHORT and len(cables) > AT_ONCE:
            refids = [c.refid for c in cables]
            style, path = self.style, self.library_path()

            def work(progress, cancelled):  # type: ignore[no-untyped-def]
                with Library(path, readonly=True) as lib:
                    items, _ = cite_items(lib, refids)
                return render(items, "text", style)

            job = Job(work, name="citations", parent=self)
            job.succeeded.connect(lambda text: self._on_copied(text, len(refids)))
            job.failed.connect(lambda error: self.message.emit(
                f"The citations could not be made: {error.splitlines()[0]}"))
            self.message.emit(f"Formatting {plural(len(cables), 'citation')}…")
            self.job = job
            job.start()
            return []
        lines = [self.cite(c) for c in cables]
        self._on_copied(("\n\n" if self.style != SHORT else "\n").join(lines), len(lines))
        return lines

    def _on_copied(self, text: str, count: int) -> None:
        QGuiApplication.clipboard().setText(text)
        self.message.emit(f"Copied {plural(count, 'citation')}.")

    def export(self, refids: list[str], source: str) -> Job | None:
        """Ask for a file and a format, then write the cables' citations there."""
        if not refids:
            self.message.emit("No cable to cite: select some in the list, or open one.")
            return None
        filters = {f"{label} (*{suffix})": name for name, (label, suffix) in FILE_FORMATS.items()}
        start = Path(default_folder(self.settings, "cite/folder")) / "citations.json"
        chosen, selected = QFileDialog.getSaveFileName(
            self.parent_widget, f"Export citations of {plural(len(refids), 'cable')}",
            str(start), ";;".join(filters))
        if not chosen:
            return None
        kind = filters.get(selected, "csl")
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(FILE_FORMATS[kind][1])
        self.settings.setValue("cite/folder", str(target.parent))
        return self.write(refids, kind, target, source)

    def write(self, refids: list[str], kind: str, target: Path, source: str) -> Job:
        """Write the citations in the background, with progress and Cancel."""
        style, path = self.style, self.library_path()
        dialog = JobDialog("Exporting citations", "Cancel", self.parent_widget)
        dialog.label.setText(f"Citing {plural(len(refids), 'cable')} of {source}…")
        dialog.bar.setRange(0, 0)  # busy: citeproc gives no progress

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            with Library(path, readonly=True) as lib:
                items, missing = cite_items(lib, refids)
            if cancelled():
                return None
            write_atomically(target, render(items, kind, style).encode("utf-8"))
            return len(items), missing

        job = Job(work, name="export-citations", parent=self)
        job.succeeded.connect(lambda result: self._on_written(dialog, target, result))
        job.failed.connect(lambda error: self._on_failed(dialog, error))
        dialog.cancel_requested.connect(job.cancel)
        self.job = job
        dialog.show()
        job.start()
        return job

    def _on_written(self, dialog: JobDialog, target: Path,
                    result: tuple[int, list[str]] | None) -> None:
        dialog.bar.setRange(0, 1)
        if result is None:
            dialog.label.setText("Cancelled: nothing was written.")
        else:
            count, missing = result
            text = f"Wrote {plural(count, 'citation')} to {target}."
            if missing:
                text += f" Not in the library: {', '.join(missing[:10])}."
            dialog.label.setText(text)
            self.message.emit(text)
        dialog.finished_job()

    def _on_failed(self, dialog: JobDialog, error: str) -> None:
        dialog.bar.setRange(0, 1)
        dialog.label.setText(f"The citations could not be written: {error.splitlines()[0]}")
        dialog.finished_job()
