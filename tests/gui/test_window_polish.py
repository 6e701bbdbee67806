"""Issue 9, point by point: themes, keyboard, layout, visible filters, position kept, copy and
cite, the gutter, small things. Each test drives the real window over a real library copy."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication

from desktop.archive.library import Library
from desktop.ui import theme
from desktop.ui.help_dialogs import ShortcutsDialog, shortcut_rows
from desktop.ui.main_window import MainWindow
from desktop.ui.models.cable_list import COLUMNS
from desktop.ui.session import Session
from desktop.ui.timeline import month_number

pytestmark = pytest.mark.gui

LONG = "72TEHRAN1164"  # long enough to scroll


@pytest.fixture
def settings_path(tmp_path: Path) -> str:
    return str(tmp_path / "settings.ini")


@pytest.fixture
def session(library_copy: Path) -> Iterator[Session]:
    s = Session(Library(library_copy))
    yield s
    s.close()


def _window(qtbot, session: Session, settings_path: str, size: tuple[int, int] = (1280, 800)
            ) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(session, QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.restore_state()
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot, session: Session, settings_path: str) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = _window(qtbot, session, settings_path)
    yield win
    win.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the layout tests leave their PNGs (CABLE_READER_SCREENSHOTS keeps them)."""
    folder = Path(os.environ.get("CABLE_READER_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def _system_theme_after() -> Iterator[None]:
    yield
    theme.apply("system")


# 1. Themes -------------------------------------------------------------------------------


def _page_colours(window: MainWindow) -> tuple[str, str]:
    """The viewer's text and background colours as rendered."""
    doc: QTextDocument = window.reader.document()
    fmt = doc.begin().charFormat()
    return fmt.foreground().color().name(), window.reader.palette().color(
        QPalette.ColorRole.Base).name()


def test_theme_switch_renders_the_viewer_with_the_palette(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_cable("10DUSHANBE170")
    with qtbot.waitSignal(window.palette_applied):
        window.set_theme("dark")
    assert theme.is_dark(QGuiApplication.palette())
    dark_text = QGuiApplication.palette().color(QPalette.ColorRole.Text).name()
    html = window.reader.toHtml()
    assert dark_text in html  # the cable's text takes the palette's colour
    assert "#ffffff" not in html.lower()  # no glaring white box
    assert window.reader.palette().color(QPalette.ColorRole.Base).lightness() < 128
    assert window.settings.value("view/theme") == "dark"
    assert [a.data() for a in window.theme_actions.actions() if a.isChecked()] == ["dark"]
    with qtbot.waitSignal(window.palette_applied):
        window.set_theme("light")
    assert not theme.is_dark(QGuiApplication.palette())
    light_text = QGuiApplication.palette().color(QPalette.ColorRole.Text).name()
    assert light_text in window.reader.toHtml() and dark_text != light_text


def test_classification_colours_are_legible_on_both_themes() -> None:
    from desktop.render.theme import Theme

    def luminance(colour: str) -> float:
        r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    for th, page in ((Theme(), "#ffffff"), (Theme.dark(), "#1e1e1e")):
        for name, colour in th.classifications.items():
            for ground in (page, th.box_bg):  # WCAG AA for normal text
                assert contrast(colour, ground) >= 4.5, (name, colour, ground)


def test_the_theme_choice_persists(qtbot, session: Session, settings_path: str) -> None:  # type: ignore[no-untyped-def]
    first = _window(qtbot, session, settings_path)
    first.set_theme("dark")
    first.close()
    theme.apply("system")
    second = _window(qtbot, session, settings_path)
    assert theme.is_dark(QGuiApplication.palette())
    second.close()


# 2. Keyboard ------------------------------------------------------------------------------


def _focus(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: widget.hasFocus())


def test_tab_moves_between_panes_never_cell_by_cell(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    chain = [window.browse.filter_edit(), window.browse.tree(), window.search.edit,
             window.list_view, window.reader]
    _focus(qtbot, chain[0])
    for here, there in zip(chain, chain[1:], strict=False):
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda there=there: there.hasFocus())
    assert window.list_model.rowCount() > 1 and not window.list_view.tabKeyNavigation()
    _focus(qtbot, window.list_view)
    opened = window.reader.cable
    qtbot.keyClick(window.list_view, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: window.reader.hasFocus())
    assert window.reader.cable is opened  # Tab opened nothing on its way
    qtbot.keyClick(window.reader, Qt.Key.Key_Backtab)
    qtbot.waitUntil(lambda: window.list_view.hasFocus())


def test_links_in_the_viewer_by_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.open_cable("10DUSHANBE170")
    _focus(qtbot, window.reader)
    qtbot.keyClick(window.reader, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.reader.hasFocus() and window.reader.textCursor().hasSelection()
    href = window.reader.textCursor().charFormat().anchorHref()
    assert href.startswith(("tag:", "cable:", "para:", "source:")), href
    with qtbot.waitSignal(window.reader.anchorClicked) as clicked:
        qtbot.keyClick(window.reader, Qt.Key.Key_Return)
    assert clicked.args[0].toString() == href


def test_f6_cycles_the_panes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    _focus(qtbot, window.browse.tree())
    for pane in (window.list_view, window.reader, window.browse.tree()):
        window.act_next_pane.trigger()
        qtbot.waitUntil(lambda pane=pane: pane.hasFocus())
    window.act_previous_pane.trigger()
    qtbot.waitUntil(lambda: window.reader.hasFocus())
    assert window.act_next_pane.shortcut().toString() == "F6"


def test_viewer_keys_page_and_jump(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_cable(LONG)
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > bar.pageStep())
    qtbot.keyClick(window.reader, Qt.Key.Key_Space)
    assert bar.value() > 0
    paged = bar.value()
    qtbot.keyClick(window.reader, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert bar.value() < paged
    qtbot.keyClick(window.reader, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == bar.maximum()
    qtbot.keyClick(window.reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == 0


def test_the_shortcuts_list_comes_from_the_actions(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    rows = shortcut_rows(window.menus)
    listed = {(what, keys) for _, what, keys in rows}
    assert ("Export to PDF", "Ctrl+Shift+E") in listed
    assert ("Next pane", "F6") in listed
    window.act_export_pdf.setShortcut("Ctrl+Alt+P")  # a changed shortcut shows at once
    assert ("Export to PDF", "Ctrl+Alt+P") in {(w, k) for _, w, k in shortcut_rows(window.menus)}
    dialog = ShortcutsDialog(window.menus, window)
    qtbot.addWidget(dialog)
    texts = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"Find in cable", "Copy citation", "Keyboard shortcuts"} <= texts
    assert any("page" in t.lower() for t in texts)  # the viewer's own keys too
    # every action of the menus is reachable without a mouse: a shortcut or a mnemonic
    for menu in window.menus:
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            assert action.shortcut().toString() or "&" in action.text(), action.text()


# 3. Layout --------------------------------------------------------------------------------


def _broken_words(doc: QTextDocument, last_block: int) -> list[str]:
    """Words split across two lines in blocks up to ``last_block``."""
    broken = []
    block = doc.begin()
    while block.isValid() and block.blockNumber() < last_block:
        layout, text = block.layout(), block.text()
        for n in range(1, layout.lineCount()):
            start = layout.lineAt(n).textStart()
            if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
                broken.append(text)
        block = block.next()
    return broken


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (1920, 1080)])
@pytest.mark.parametrize("choice", ["light", "dark"])
def test_layout_fits_at_every_size(qtbot, session: Session, settings_path: str,  # type: ignore[no-untyped-def]
                                   screenshots: Path, size: tuple[int, int], choice: str) -> None:
    win = _window(qtbot, session, settings_path, size)
    with qtbot.waitSignal(win.palette_applied):
        win.set_theme("dark" if choice == "light" else "light")
    with qtbot.waitSignal(win.palette_applied):
        win.set_theme(choice)
    win.splitter.setSizes(win.default_pane_sizes(size[0]))
    win.open_cable("10DUSHANBE170")
    tree, _, viewer = win.splitter.sizes()
    metrics = win.browse.tree().fontMetrics()
    assert tree >= min(metrics.horizontalAdvance("Embassy Addis Ababa") + 40, size[0] // 4)
    assert win.reader.is_narrow() == (win.reader.viewport().width()
                                      < win.reader.NARROW_CHARS
                                      * win.reader.fontMetrics().averageCharWidth())
    assert _broken_words(win.reader.document(), win.reader._body_block) == []
    header = win.list_view.horizontalHeader()
    subject = [c.key for c in COLUMNS].index("subject")
    assert header.sectionResizeMode(subject) == header.ResizeMode.Stretch
    win.grab().save(str(screenshots / f"window-{choice}-{size[0]}x{size[1]}.png"))
    win.close()


def test_a_narrow_viewer_reflows_the_reference_table(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_cable("10DUSHANBE170")
    window.splitter.setSizes([300, 700, 280])
    qtbot.waitUntil(lambda: window.reader.is_narrow())
    qtbot.waitUntil(lambda: "Reference ID" in window.reader.document().toPlainText())
    text = window.reader.document().toPlainText()
    # label and value on one row each: the label is directly followed by its value
    assert "Reference ID\n10DUSHANBE170" in text or "Reference ID\t10DUSHANBE170" in text
    assert _broken_words(window.reader.document(), window.reader._body_block) == []
    window.splitter.setSizes([200, 300, 780])
    qtbot.waitUntil(lambda: not window.reader.is_narrow())


def test_the_header_menu_chooses_columns(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    menu = window.list_view.column_menu()
    titles = [a.text() for a in menu.actions()]
    for wanted in ("Reference ID", "Subject", "Created", "Released", "Classification",
                   "Origin", "Tags"):
        assert wanted in titles
    assert any(t.startswith("Match") for t in titles)
    tags = [c.key for c in COLUMNS].index("tags")
    action = menu.actions()[tags]
    action.setChecked(not action.isChecked())
    assert window.list_view.isColumnHidden(tags) != action.isChecked() or True
    assert window.list_view.isColumnHidden(tags) == (not action.isChecked())
    subject = [c.key for c in COLUMNS].index("subject")
    assert not menu.actions()[subject].isEnabled()  # the subject always shows


# 5. Position kept -------------------------------------------------------------------------


def test_back_and_forward_return_to_the_scroll_position(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_cable(LONG)
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 400)
    bar.setValue(400)
    window.open_cable("10DUSHANBE170")
    assert bar.value() == 0  # a new cable opens at its top
    bar.setValue(120)
    window.go_back()
    qtbot.waitUntil(lambda: bar.value() == 400)
    window.go_forward()
    qtbot.waitUntil(lambda: window.reader.cable.refid == "10DUSHANBE170" and bar.value() == 120)


def test_a_restart_restores_cable_position_tree_search_and_sort(  # type: ignore[no-untyped-def]
        qtbot, session: Session, settings_path: str) -> None:
    first = _window(qtbot, session, settings_path)
    first.restore_session()
    first.browse.select_facet("classification", "CONFIDENTIAL")
    first.search.edit.setText("government")
    first.search.submit()
    qtbot.waitUntil(lambda: not first.lists.counting)
    created = [c.key for c in COLUMNS].index("created")
    first.list_view.sortByColumn(created, Qt.SortOrder.AscendingOrder)
    order = first.list_model.ids()
    first.open_cable(LONG)
    bar = first.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 300)
    bar.setValue(300)
    first.close()

    second = _window(qtbot, session, settings_path)
    second.restore_session()
    assert second.browse.selected_keys() == [("classification", "CONFIDENTIAL")]
    assert second.search.edit.text() == "government"
    qtbot.waitUntil(lambda: not second.lists.counting)
    assert second.list_model.sort_key == ("created", False)
    assert second.list_model.ids() == order
    header = second.list_view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        created, Qt.SortOrder.AscendingOrder)
    assert second.reader.cable is not None and second.reader.cable.refid == LONG
    qtbot.waitUntil(lambda: second.reader.verticalScrollBar().value() == 300)
    second.close()


def test_restoring_ignores_what_the_library_no_longer_has(qtbot, session: Session,  # type: ignore[no-untyped-def]
                                                         settings_path: str) -> None:
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    settings.setValue("list/tree_keys", json.dumps([["tag", "NOSUCHTAG"], ["tag", "KTIP"]]))
    settings.setValue("list/sort", "not json")
    settings.setValue("list/search", "(unbalanced")
    settings.setValue("reader/last_cable", "99NOWHERE1")
    settings.sync()
    win = _window(qtbot, session, settings_path)
    win.restore_session()
    assert win.browse.selected_keys() == [("tag", "KTIP")]
    assert win.search.message.text()  # the bad query says what is wrong
    assert win.reader.cable is None
    win.close()


def test_the_sort_indicator_matches_the_real_order(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    header = window.list_view.horizontalHeader()
    subject = [c.key for c in COLUMNS].index("subject")
    window.list_view.sortByColumn(subject, Qt.SortOrder.AscendingOrder)
    assert window.list_model.sort_key == ("subject", False)
    window.search.edit.setText("trafficking")
    window.search.submit()
    qtbot.waitUntil(lambda: not window.lists.counting)
    assert window.list_model.sort_key[0] == "rank"
    assert not header.isSortIndicatorShown()  # ranked: no column claims the order
    window.search.edit.clear()
    window.search.submit()
    key, descending = window.list_model.sort_key
    assert header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == [c.key for c in COLUMNS].index(key)
    assert (header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder) == descending


# 6. Copy and cite -------------------------------------------------------------------------


def test_ctrl_c_copies_the_selected_refids(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.list_view
    view.selectRow(0)
    view.selectionModel().select(window.list_model.index(1, 0), view.selectionModel()
                                 .SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows)
    _focus(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    expected = "\n".join(window.list_model.refid_at(r) for r in (0, 1))
    assert QApplication.clipboard().text() == expected
    menu = view.context_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0].startswith("Open ")
    assert "Copy reference IDs" in texts and "Copy citations" in texts
    assert any(t.startswith("Export 2 cables to PDF") for t in texts)


def test_copy_citation_gives_a_full_reference(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_cable("10DUSHANBE170")
    window.list_view.clearSelection()
    lines = window.on_copy_citations_requested()
    assert lines == ["10DUSHANBE170, '2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN', "
                     "Embassy Dushanbe, 2010-02-10, UNCLASSIFIED//FOR OFFICIAL USE ONLY"]
    assert QApplication.clipboard().text() == lines[0]
    assert "1 citation." in window.status_message.text()


# 9. Small things --------------------------------------------------------------------------


def test_find_scrolls_the_match_to_the_middle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_cable(LONG)
    text = window.reader.document().toPlainText()
    words = [w for w in text.split() if len(w) > 8 and w.isalpha()]
    target = next(w for w in words[len(words) // 2:] if text.count(w) == 1)  # mid-cable
    window.find_bar.open_bar()
    window.find_bar.edit.setText(target)
    window.find_bar.find_next()
    rect = window.reader.cursorRect()
    middle = window.reader.viewport().height() / 2
    assert abs(rect.center().y() - middle) < window.reader.viewport().height() / 4


def test_a_cable_without_subject_says_so_in_the_list(window: MainWindow) -> None:
    lib = window.session.library
    lib.conn.execute("UPDATE cables SET subject = '' WHERE refid = '10DUSHANBE170'")
    window.browse.select_facet("origin", "Embassy Dushanbe")
    model = window.list_model
    subject = [c.key for c in COLUMNS].index("subject")
    shown = {model.index(r, 0).data(): model.index(r, subject).data()
             for r in range(model.rowCount())}
    assert shown["10DUSHANBE170"] == "(no subject)"


def test_the_zoom_indicator_follows_the_zoom(window: MainWindow) -> None:
    window.act_zoom_in.trigger()
    window.act_zoom_in.trigger()
    assert window.status_zoom.text() == "120%"
    window.act_zoom_reset.trigger()
    assert window.status_zoom.text() == "100%"


def test_file_dialogs_start_in_documents_then_the_last_folder(window: MainWindow,
                                                              tmp_path: Path) -> None:
    from PySide6.QtCore import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert window.imports.last_folder() == documents
    window.imports.remember_folder(tmp_path)
    assert window.imports.last_folder() == str(tmp_path)


def test_deleting_a_note_names_the_undo_shortcut(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_cable("10DUSHANBE170")
    notes = window.session.notes
    paragraphs = window.reader.paragraphs
    note = notes.add("10DUSHANBE170", paragraphs[1], paragraphs, "to delete")
    window.notes_ui.act_undo.setShortcut("Ctrl+Alt+U")
    notes.delete(note.id)
    assert "Ctrl+Alt+U brings it back" in window.status_message.text()


# 8. Imports a newcomer understands --------------------------------------------------------


def test_the_first_run_says_in_the_window_what_is_loaded(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT

    session = Session(Library(tmp_path / "first.db"))
    win = _window(qtbot, session, str(tmp_path / "first.ini"))
    assert win.list_hint.isVisible() and "holds no cables yet" in win.list_hint.text()
    job = win.start_sample_import(ROOT / "seeds")
    assert job is not None and win.imports.import_dialog is None  # no dialog to dismiss
    assert "being loaded" in win.reader.toPlainText()
    assert win.imports.status_progress.isVisible()
    assert win.list_hint.isVisible() and win.list_hint.text().startswith("Importing…")
    with qtbot.waitSignal(job.finished, timeout=120000):
        pass
    qtbot.waitUntil(lambda: "real cables is loaded" in win.reader.toPlainText())
    assert not win.list_hint.isVisible()
    count = session.library.count()
    text = win.reader.toPlainText()
    assert f"sample archive of {count:,} real cables" in text
    assert "Import folder… (Ctrl+Shift+I)" in text and "Import files… (Ctrl+I)" in text
    assert not win.imports.status_progress.isVisible()
    with qtbot.waitSignal(win.palette_applied):  # the welcome follows the theme
        win.set_theme("dark")
    assert "Welcome to Cable Reader" in win.reader.toPlainText()
    win.open_cable("10DUSHANBE170")
    assert "Welcome" not in win.reader.toPlainText()
    win.close()
    session.close()


def test_quitting_during_an_import_asks_first(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.ui.main_window as main_window
    from tests.helpers import many_rows, write_csv

    questions: list[str] = []
    monkeypatch.setattr(main_window, "ask",
                        lambda parent, title, body: questions.append(title) or False)
    job = window.imports.start_import([write_csv(tmp_path / "cables.csv", many_rows(3000))])
    assert job is not None
    window.imports.import_dialog.close()  # closing the dialog leaves the status bar's bar
    assert window.imports.status_progress.isVisible()
    assert not window.close()  # "no": the window stays
    assert questions == ["Quit during the import?"] and window.isVisible()
    with qtbot.waitSignal(job.finished, timeout=120000):
        pass
    assert window.close()  # nothing running: no question
    assert questions == ["Quit during the import?"]


def test_the_import_dialog_never_contradicts_itself(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.archive.importer import ImportProgress, ImportReport
    from desktop.ui.import_dialogs import ImportProgressDialog

    dialog = ImportProgressDialog()
    qtbot.addWidget(dialog)
    dialog.resize(480, 200)
    dialog.show()
    deep = "/data/" + "/".join(f"folder{n}" for n in range(40)) + "/10DUSHANBE170.html"
    dialog.show_progress(ImportProgress(500, 1000, 0, 1, 1, 1, 2.0, deep))
    assert dialog.label.text().startswith("1 cable imported so far")  # the singular
    assert "1 problem so far" in dialog.detail.text()
    shown = dialog.file_label.text()
    assert shown.startswith("/data/") and shown.endswith("10DUSHANBE170.html") and "…" in shown
    assert dialog.file_label.toolTip()  # the whole path
    dialog.show_progress(ImportProgress(1000, 1000, 1, 1, 0, 0, 2.0, deep))
    assert dialog.bar.value() < dialog.bar.maximum()  # not 100% with nothing written yet
    assert "Writing the last cables" in dialog.label.text()
    dialog.show_done(ImportReport(cancelled=True))
    assert dialog.bar.value() < dialog.bar.maximum()  # a cancel does not jump to 100%
    assert dialog.label.text().startswith("Cancelled")


# 4. Visible filters and 10. the timeline ------------------------------------------------------


def _chip_labels(window: MainWindow) -> list[str]:
    return [c.label for c in window.chips.chips()]


def test_chips_show_and_remove_every_filter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    lib = window.session.library
    total = lib.count()
    assert window.chips.isHidden()  # nothing narrows the list
    window.browse.select_facet("tag", "KTIP")
    assert _chip_labels(window)[0].startswith("Tag KTIP")
    window.search.edit.setText("trafficking")
    window.search.submit()
    qtbot.waitUntil(lambda: not window.lists.counting)
    assert "Search: trafficking" in _chip_labels(window)
    narrowed = window.list_model.rowCount()
    assert 0 < narrowed < total
    # the search chip's × clears the search and nothing else
    search_chip = next(w for w in window.chips.chip_widgets() if w.chip.key == ("search", ""))
    search_chip.remove.click()
    assert window.search.edit.text() == "" and window.lists.query is None
    assert window.list_model.rowCount() == lib.count_selection(window.browse.selection())
    # a chip stays for a node the tree's filter hides, and says so
    window.browse.filter_edit().setText("zzzz-matches-nothing")
    assert window.browse.hidden_keys() == [("tag", "KTIP")]
    assert window.browse.hidden_note().isVisibleTo(window)
    window.filters.update_chips()
    assert "Hidden by the tree's filter" in window.chips.chips()[0].tooltip
    window.browse.filter_edit().clear()
    # Clear all: one new list, every filter off
    window.browse.select_facet("classification", "CONFIDENTIAL")
    window.search.edit.setText("government")
    window.search.submit()
    qtbot.waitUntil(lambda: not window.lists.counting)
    assert len(window.chips.chips()) == 2 and window.chips.clear_all.isVisibleTo(window)
    window.chips.clear_all.click()
    assert window.browse.selected_keys() == [] and window.search.edit.text() == ""
    assert window.list_model.rowCount() == total and window.chips.isHidden()
    assert f"{total:,} of {total:,} cables" in window.status_list.text()


def test_tree_counts_follow_the_other_facets(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    lib = window.session.library
    model = window.browse.model()
    confidential = model.index_for("classification", "CONFIDENTIAL")
    own = model.count(confidential)
    assert own == model.data(confidential.siblingAtColumn(1), Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(window.live_counts.counted, timeout=30000):
        window.browse.select_facet("tag", "KTIP")
    from desktop.archive.selection import Selection

    # CONFIDENTIAL now counts the KTIP cables that are CONFIDENTIAL, as SQL counts them
    expected = lib.count_selection(Selection(tags=frozenset({"KTIP"}),
                                             classifications=frozenset({"CONFIDENTIAL"})))
    assert model.count(confidential) == expected < own
    assert model.data(confidential.siblingAtColumn(1)) == f"{expected:,}"
    # the facet of the selection itself keeps counting its own values (other tags stay)
    prel = model.index_for("tag", "PREL")
    assert model.count(prel) == lib.count_selection(Selection(tags=frozenset({"PREL"})))
    with qtbot.waitSignal(window.live_counts.counted, timeout=30000):
        window.browse.clear_selection()
    assert model.count(confidential) == own  # nothing selected: the tree's own counts


def test_the_timeline_counts_the_list_and_narrows_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    lib = window.session.library
    with qtbot.waitSignal(window.live_counts.counted, timeout=30000):
        window.browse.select_facet("origin", "Embassy Dushanbe")
    months = dict(window.timeline.months())
    rows = lib.conn.execute(
        "SELECT substr(c.created, 1, 7), count(*) FROM cables c JOIN origins o ON "
        "o.id = c.origin_id WHERE o.name = 'Embassy Dushanbe' GROUP BY 1").fetchall()
    assert {m: n for m, n in rows} == {m: n for m, n in months.items() if n}
    window.open_cable("10DUSHANBE170")
    assert window.timeline._marked == month_number("2010-02")  # the open cable's month
    # choosing a range narrows the list, adds a chip, and the chip's × takes it away
    with qtbot.waitSignal(window.live_counts.counted, timeout=30000):
        window.timeline.range_chosen.emit("2010-01", "2010-03")
    created = [lib.cable(window.list_model.refid_at(r)).created[:7]
               for r in range(window.list_model.rowCount())]
    assert created and all("2010-01" <= m <= "2010-03" for m in created)
    assert "Created 2010-01 – 2010-03" in _chip_labels(window)
    chip = next(w for w in window.chips.chip_widgets() if w.chip.key == ("dates", ""))
    chip.remove.click()
    assert window.filters.date_range is None
    assert window.list_model.rowCount() == sum(n for _, n in rows)


def test_a_drag_on_the_timeline_chooses_months(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.live_counts.counted, timeout=30000):
        window.browse.select_facet("origin", "Embassy Dushanbe")
    months = [m for m, n in window.timeline.months() if n]
    first, last = months[0], months[-1]
    start = window.timeline.bar_rect(first).center().toPoint()
    end = window.timeline.bar_rect(last).center().toPoint()
    with qtbot.waitSignal(window.timeline.range_chosen) as chosen:
        qtbot.mousePress(window.timeline, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(window.timeline, end)
        qtbot.mouseRelease(window.timeline, Qt.MouseButton.LeftButton, pos=end)
    assert chosen.args == [first, last]
    assert window.filters.date_range == (first, last)


# The README's pictures, and 2x scale ------------------------------------------------------


def test_screenshot_command_with_theme_size_and_double_scale(tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              screenshots: Path) -> None:
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    from tests.conftest import ROOT

    out = screenshots / "window-dark-800x600-2x.png"
    env = dict(os.environ, CABLE_READER_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               QT_SCALE_FACTOR="2")
    done = subprocess.run([sys.executable, "-m", "desktop", "--screenshot", str(out), "--theme",
                           "dark", "--size", "800x600", "--open", "10DUSHANBE170"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1200)  # every pixel doubled
    corner = image.pixelColor(image.width() * 3 // 4, image.height() // 2)
    assert corner.lightness() < 128  # the viewer is dark too
    bad = subprocess.run([sys.executable, "-m", "desktop", "--size", "huge"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "not a size like 1280x800" in bad.stderr


# A damaged library (issue 8, the window's side) ------------------------------------------


def test_a_damaged_library_is_offered_a_rebuild_and_comes_back(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.ui.imports_ui as imports_ui
    from desktop.annotations.store import NotesStore
    from desktop.archive.importer import import_paths
    from tests.conftest import SEED_PAGE
    from tests.unit.test_damaged_library import damage

    path = tmp_path / "library.db"
    with Library(path) as lib:
        import_paths(lib.db, [SEED_PAGE])
        count = lib.count()
    damage(path, "cables")
    with Library(path) as damaged:
        assert not damaged.check().sound
    # as the app starts on a damaged library: the window on an empty one, then the offer
    session = Session(Library(tmp_path / "placeholder.db"), NotesStore(tmp_path / "notes.db"))
    win = _window(qtbot, session, str(tmp_path / "s.ini"))
    asked: list[str] = []
    monkeypatch.setattr(imports_ui, "ask", lambda parent, title, body: asked.append(body) or True)
    with qtbot.waitSignal(session.library_opened, timeout=60000):  # the window lets go first
        win.imports.offer_rebuild("a table's root page is damaged", path)
    job = win.imports.rebuild_job
    assert job is not None and asked and "library.db is damaged" in asked[0]
    assert "your notes are not" in asked[0]
    with qtbot.waitSignal(job.finished, timeout=120000):
        pass
    qtbot.waitUntil(lambda: win.session.path == path)
    assert win.session.library.check().sound and win.session.library.count() == count
    assert win.imports.damaged_path is None
    assert list(tmp_path.glob("library.db.damaged-*"))  # the damaged file is kept
    assert win.open_cable("10DUSHANBE170")
    win.close()
    session.close()


def test_the_screenshot_command_refuses_a_junk_library_without_hanging(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a library" * 100)
    env = dict(os.environ, CABLE_READER_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "desktop", "--library", str(junk),
                           "--screenshot", str(tmp_path / "x.png")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "junk.db" in done.stderr and not (tmp_path / "x.png").exists()


def test_the_import_report_lists_skipped_files_with_their_reason(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.archive.importer import import_paths
    from desktop.ui.import_dialogs import ImportReportDialog
    from tests.conftest import ROOT

    with Library(tmp_path / "lib.db") as lib:
        import_paths(lib.db, [ROOT / "seeds"])
        dialog = ImportReportDialog(lib)
        qtbot.addWidget(dialog)
        table = dialog.table
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert headers == ["Kind", "File", "Where", "Why"]
        rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
        skipped = [row for row in rows if row[0] == "Skipped"]
        assert any(row[1].endswith("index.html") for row in skipped)  # the site's front page
        assert all(row[3] and row[3][0].isupper() for row in skipped)  # each says why
        assert table.wordWrap()
        assert "left out" in dialog.summary.text() and "1 problems" not in dialog.summary.text()


# Citations in a style (issue 13) ----------------------------------------------------------


def test_copy_citation_follows_the_chosen_style(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_cable("10DUSHANBE170")
    window.list_view.clearSelection()
    assert window.citations.style == "short"
    chicago = next(a for a in window.citations.style_actions.actions()
                   if a.data() == "chicago-notes-bibliography")
    chicago.trigger()
    assert window.settings.value("cite/style") == "chicago-notes-bibliography"
    lines = window.on_copy_citations_requested()
    assert len(lines) == 1 and "Embassy Dushanbe" in lines[0]
    assert "“2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN”" in lines[0]
    assert QApplication.clipboard().text() == lines[0]
    paragraph = window.reader.paragraphs[1]
    assert "para. 2" in window.reader.citation_for(paragraph)  # the paragraph as a pinpoint
    menu_titles = [a.text() for a in window.menus[1].actions()]
    assert "Citation st&yle" in menu_titles


def test_export_citations_writes_a_file_zotero_reads(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    target = tmp_path / "cites.json"
    window.browse.select_facet("classification", "CONFIDENTIAL")
    refids = [window.list_model.refid_at(r) for r in range(window.list_model.rowCount())]
    assert len(refids) > 5
    job = window.citations.write(refids, "csl", target, "CONFIDENTIAL cables")
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    items = json.loads(target.read_text(encoding="utf-8"))
    assert [i["number"] for i in items] == refids
    assert all(i["type"] == "document" for i in items)
    assert f"Wrote {len(refids)} citations to" in window.status_message.text()


def test_an_empty_list_says_why_and_the_way_out(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The cable list and the notes panel, when empty, say why in their middle (plain
    text: a search is in it), and the line goes once they have rows."""
    hint = window.list_hint
    assert not hint.isVisible()
    window.search.edit.setText("zzqqxx")
    window.search.submit()
    qtbot.waitUntil(lambda: not window.lists.counting)
    assert window.list_model.rowCount() == 0
    assert hint.isVisible() and "No cable matches “zzqqxx”." in hint.text()
    assert hint.textFormat() == Qt.TextFormat.PlainText
    assert window.list_view.viewport().rect().contains(hint.geometry())
    window.chips.cleared.emit()
    qtbot.waitUntil(lambda: window.list_model.rowCount() > 0)
    assert not hint.isVisible()
    info = window.collections.lists.create("Empty for now")
    window.update_collections()
    window.browse.select_keys([("list", info.id)])
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 0)
    assert hint.isVisible() and "“Empty for now” holds no cable" in hint.text()
    panel = window.notes_ui.panel
    window.notes_dock.show()
    assert panel.hint.isVisible() and panel.hint.text().startswith("No notes yet.")
    assert window.open_cable("10DUSHANBE170")
    paragraphs = window.reader.paragraphs
    window.session.notes.add("10DUSHANBE170", paragraphs[0], paragraphs, "A note")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert not panel.hint.isVisible()
    panel.search.setText("nothing like it")
    panel.refresh()
    assert panel.hint.isVisible() and panel.hint.text() == "No note matches these filters."


def test_the_guide_names_the_shortcuts_the_actions_have(window: MainWindow) -> None:
    """Help > Guide quotes shortcuts: each is the one its action really has."""
    from desktop.ui.help_dialogs import guide_html

    doc = QTextDocument()
    doc.setHtml(guide_html())
    guide = doc.toPlainText()
    quoted = {
        "Ctrl+K": window.act_search, "Ctrl+D": window.collections.act_add,
        "Ctrl+Shift+S": window.collections.act_save_search,
        "Ctrl+Shift+B": window.citations.act_export, "Ctrl+Shift+E": window.act_export_pdf,
        "Ctrl+P": window.act_print, "F9": window.act_notes_panel,
    }
    for keys, action in quoted.items():
        assert keys in guide
        assert keys in [s.toString() for s in action.shortcuts()], keys
    for words in ("reading list", "Save search", "Compare sources", "Citation style"):
        assert words in guide
