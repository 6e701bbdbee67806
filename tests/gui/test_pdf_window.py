"""Export and print from the window: the dialog, the background export and its cancel, the
context menus, printing through Qt's printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, QSettings, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLabel

from desktop.annotations.store import NotesStore
from desktop.archive.library import Library
from desktop.ui.cable_list_view import CableListView
from desktop.ui.main_window import MainWindow
from desktop.ui.pdf_export import ExportRequest, PdfExportDialog
from desktop.ui.session import Session

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, library_copy: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    session = Session(Library(library_copy), NotesStore(tmp_path / "notes.db"))
    win = MainWindow(session, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.restore_state()
    win.show()
    yield win
    win.close()
    session.close()


def _select_rows(window: MainWindow, rows: list[int]) -> None:
    view = window.list_view
    flags = (QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    view.selectionModel().clearSelection()
    for row in rows:
        view.selectionModel().select(window.list_model.index(row, 0), flags)


def _text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_the_dialog_offers_sizes_notes_and_one_file_per_cable(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = PdfExportDialog(3, "three cables", "cables-3.pdf", settings)
    qtbot.addWidget(dialog)
    assert dialog.page_size.currentText() in ("A4", "Letter")
    assert dialog.notes.isChecked() and dialog.one_file.isChecked()
    dialog.page_size.setCurrentText("Letter")
    dialog.notes.setChecked(False)
    dialog.path.setText(str(tmp_path / "out.pdf"))
    dialog.per_cable.setChecked(True)
    assert dialog.path.text() == str(tmp_path / "out")  # a folder, when split
    dialog.author.setText("J. Doe")
    request = dialog.request(["A", "B", "C"], "three cables")
    assert request == ExportRequest(("A", "B", "C"), "three cables", tmp_path / "out", True,
                                    "Letter", False, "", "J. Doe")
    again = PdfExportDialog(3, "three cables", "cables-3.pdf", settings)  # remembered
    qtbot.addWidget(again)
    assert again.page_size.currentText() == "Letter" and not again.notes.isChecked()
    assert again.per_cable.isChecked() and again.author.text() == "J. Doe"
    assert again.path.text().startswith(str(tmp_path))
    single = PdfExportDialog(1, "10DUSHANBE170", "10DUSHANBE170.pdf", settings)
    qtbot.addWidget(single)
    assert not single.per_cable.isEnabled() and single.one_file.isChecked()


def test_which_cables_an_export_is_about(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    refids, source = window.cables_to_export()
    assert len(refids) == window.list_model.rowCount() and "whole library" in source
    window.open_cable("10DUSHANBE170")
    assert window.cables_to_export() == (["10DUSHANBE170"], "10DUSHANBE170")
    with qtbot.waitSignal(window.browse.selection_changed):
        window.browse.select_facet("tag", "PREL")
    _select_rows(window, [0, 1, 2])
    refids, source = window.cables_to_export()
    assert refids == [window.list_model.refid_at(r) for r in range(3)]
    assert source == "3 cables selected from tag PREL"


def test_an_export_runs_in_the_background_and_reports(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    paragraphs = window.open_cable("10DUSHANBE170") and window.reader.paragraphs
    window.session.notes.add("10DUSHANBE170", paragraphs[1], paragraphs, "noted in the window")
    target = tmp_path / "three.pdf"
    request = ExportRequest(("10DUSHANBE170", "66BUENOSAIRES2481", "NOPE1"), "a test",
                            target, False, "A4", True)
    with qtbot.waitSignal(window.pdf.message, timeout=60000) as done:
        job = window.pdf.start(request)
    assert done.args[0] == f"Exported 2 cables to {target}."
    assert window.pdf.job is None
    dialog = window.pdf.progress_dialog
    assert dialog is not None and "Exported 2 cables" in dialog.label.text()
    assert "NOPE1" in dialog.label.text()  # left out, and said so
    assert dialog.open_button.isVisible() and dialog.folder_button.isVisible()
    text = _text(target)
    assert "a test" in text and "noted in the window" in text
    assert not job.list_file.exists()


def test_cancel_leaves_no_file(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    refids = window.cables_to_export()[0]
    assert len(refids) > 100
    target = tmp_path / "all.pdf"
    job = window.pdf.start(ExportRequest(tuple(refids), "everything", target, False, "A4",
                                         False))
    with qtbot.waitSignal(job.progress, timeout=60000):
        pass
    with qtbot.waitSignal(job.cancelled, timeout=60000):
        window.pdf.progress_dialog.cancel_button.click()  # type: ignore[union-attr]
    assert "cancelled" in window.pdf.progress_dialog.label.text()  # type: ignore[union-attr]
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*.part")) == []


def test_the_context_menus_offer_export_and_print(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = CableListView(window.list_model)  # a view of its own: the window's would open
    qtbot.addWidget(view)                      # the (modal) export dialog
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 1):
        view.selectionModel().select(window.list_model.index(row, 0), flags)
    menu = view.context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert "Export 2 cables to PDF…" in texts and "Print 2 cables…" in texts
    assert "Copy reference IDs" in texts
    with qtbot.waitSignal(view.export_pdf_requested):
        next(a for a in menu.actions() if a.text() == "Export 2 cables to PDF…").trigger()
    with qtbot.waitSignal(view.print_requested):
        next(a for a in menu.actions() if a.text() == "Print 2 cables…").trigger()
    assert view.copy_refids().count("\n") == 1
    window.open_cable("10DUSHANBE170")
    assert window.act_export_pdf.shortcut().toString() == "Ctrl+Shift+E"
    assert window.act_print.shortcut().toString() == "Ctrl+P"
    notes = window.session.notes
    paragraphs = window.reader.paragraphs
    note = notes.add("10DUSHANBE170", paragraphs[0], paragraphs, "x")
    panel = window.notes_ui.panel
    window.notes_dock.show()
    panel.table.selectRow(0)
    assert panel.selected_note_ids() == [note.id]
    seen: list[str] = []

    def answer() -> None:  # the export dialog opens, modal: note what it says, then close it
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PdfExportDialog)
        seen.append(dialog.findChild(QLabel).text())
        dialog.reject()

    QTimer.singleShot(0, answer)
    window.notes_ui.panel.export_pdf_requested.emit(["10DUSHANBE170"])  # its context menu
    assert seen == ["1 cable: annotated cables"]


def test_print_paints_the_same_pages(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert window.pdf.paint(printer, ["10DUSHANBE170", "66BUENOSAIRES2481"], "printed")
    reader = PdfReader(tmp_path / "printed.pdf")
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    total = len(pages)
    assert "printed" in pages[0]  # the cover
    assert all(f"Page {n + 1} of {total}" in text for n, text in enumerate(pages))
    assert any(t.startswith("UNCLASSIFIED//FOR OFFICIAL USE ONLY") for t in pages)
