"""Notes in the window: the editor, markers in the viewer, the panel and its jump, undo/redo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QUrl

from desktop.annotations.store import NotesStore
from desktop.archive.library import Library
from desktop.render.theme import NOTE_COLOURS
from desktop.ui.main_window import MainWindow
from desktop.ui.session import Session
from tests.gui.modal import Seen, close_next_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, library_copy: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    session = Session(Library(library_copy), NotesStore(tmp_path / "notes.db"))
    win = MainWindow(session, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.restore_state()
    win.show()
    assert win.open_cable("10DUSHANBE170")
    yield win
    win.close()
    session.close()


def _write(qtbot, editor, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(editor.notes.notes_changed, timeout=5000):
        editor.text.setPlainText(text)


def test_clicking_a_pilcrow_opens_the_editor_and_typing_saves(qtbot, window: MainWindow) -> None:
    store = window.session.notes.store
    window.reader.anchorClicked.emit(QUrl("para:2"))
    editor = window.notes_ui.editor
    assert editor is not None and "10DUSHANBE170 ¶2" in editor.windowTitle()
    assert "Answers to questions from reftel" in editor.quote.text()
    _write(qtbot, editor, "Key *finding* here")  # no Save button: saved after a pause
    notes = store.for_cable("10DUSHANBE170")
    assert len(notes) == 1 and notes[0].text == "Key *finding* here" and notes[0].label == "2"
    assert editor.preview.toPlainText().strip() == "Key finding here"  # rendered Markdown
    editor.colours.buttons()[list(NOTE_COLOURS).index("blue")].click()
    assert store.get(notes[0].id).colour == "blue"  # type: ignore[union-attr]
    editor.labels.setText("tip, Evidence")
    editor.close()  # closing writes what is pending
    assert store.get(notes[0].id).labels == ("Evidence", "tip")  # type: ignore[union-attr]


def _gutter_notes(window: MainWindow) -> dict[int, tuple[str, ...]]:
    """The note ids the viewer's gutter shows, by paragraph ordinal."""
    return {i.ordinal: i.note_ids for i in window.reader.gutter.items if i.note_ids}


def test_marker_and_highlight_in_the_viewer(qtbot, window: MainWindow) -> None:
    notes = window.session.notes
    paragraph = window.reader.paragraphs[1]
    note = notes.add("10DUSHANBE170", paragraph, window.reader.paragraphs, "Marked", "green")
    assert _gutter_notes(window) == {paragraph.ordinal: (note.id,)}  # ✎ in the gutter
    item = next(i for i in window.reader.gutter.items if i.note_ids)
    assert item.colour == NOTE_COLOURS["green"] and "Marked" in item.note_text
    block = window.reader.document().findBlockByNumber(item.first_block)
    assert block.blockFormat().background().color().name() == NOTE_COLOURS["green"]
    assert "Marked" in window.session.notes.tooltip(note.id)
    window.reader.scroll_to_paragraph(paragraph.ordinal)
    rect = window.reader.gutter.marker_rect(paragraph.ordinal)
    assert rect is not None
    with qtbot.waitSignal(window.reader.note_requested):  # a click on ✎ opens the note
        qtbot.mouseClick(window.reader.gutter, Qt.MouseButton.LeftButton,
                         pos=QPoint(rect.right() + 6, rect.center().y()))
    assert window.notes_ui.editor is not None
    assert window.notes_ui.editor.note_id == note.id


def test_the_gutter_does_not_shift_the_text(qtbot, window: MainWindow) -> None:
    reader = window.reader
    body = reader.document().findBlockByNumber(reader.gutter.items[0].first_block)
    assert body.text().lstrip().startswith("1.")  # no ¶ or ✎ inside the text
    rect = reader.gutter.marker_rect(2)
    assert rect is not None
    with qtbot.waitSignal(reader.paragraph_activated) as clicked:  # a click on ¶ annotates
        qtbot.mouseClick(reader.gutter, Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == [2]


def test_context_menu_and_shortcut_paths(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.reader.cable_note_requested):
        window.reader.cable_note_requested.emit()
    editor = window.notes_ui.editor
    assert editor is not None and editor.paragraph is None
    _write(qtbot, editor, "About the whole cable")
    editor.close()
    assert "About the whole cable" in window.reader.toPlainText()
    cursor = window.reader.textCursor()
    cursor.setPosition(window.reader.document().toPlainText().index("What are the sources"))
    window.reader.setTextCursor(cursor)
    window.notes_ui.act_annotate.trigger()
    assert window.notes_ui.editor is not None
    assert window.notes_ui.editor.paragraph.label == "A"  # type: ignore[union-attr]


def test_undo_and_redo_of_edits_and_deletions(qtbot, window: MainWindow) -> None:
    notes = window.session.notes
    store = notes.store
    note = notes.add("10DUSHANBE170", window.reader.paragraphs[0], window.reader.paragraphs,
                     "first")
    notes.edit(note.id, text="second")
    notes.delete(note.id)
    assert store.get(note.id).is_deleted  # type: ignore[union-attr]
    window.notes_ui.act_undo.trigger()
    assert store.get(note.id).text == "second" and not store.get(note.id).is_deleted  # type: ignore[union-attr]
    window.notes_ui.act_undo.trigger()
    assert store.get(note.id).text == "first"  # type: ignore[union-attr]
    window.notes_ui.act_undo.trigger()
    assert store.get(note.id).is_deleted  # undoing the add removes the note  # type: ignore[union-attr]
    window.notes_ui.act_redo.trigger()
    window.notes_ui.act_redo.trigger()
    assert store.get(note.id).text == "second" and not store.get(note.id).is_deleted  # type: ignore[union-attr]
    assert window.notes_ui.act_undo.shortcut().toString() == "Ctrl+Z"
    assert window.notes_ui.act_redo.shortcut().toString() == "Ctrl+Shift+Z"


def test_panel_filters_and_jumps_to_the_paragraph(qtbot, qtmodeltester, window: MainWindow
                                                  ) -> None:
    notes = window.session.notes
    paragraphs = window.reader.paragraphs
    target = paragraphs[20]
    notes.add("10DUSHANBE170", target, paragraphs, "deep paragraph", "pink", ["later"])
    notes.add("10DUSHANBE170", paragraphs[0], paragraphs, "first paragraph", "yellow")
    window.open_cable("66BUENOSAIRES2481")
    panel = window.notes_ui.panel
    window.notes_dock.show()
    assert panel.model.rowCount() == 2
    qtmodeltester.check(panel.model)
    panel.search.setText("deep")
    panel.refresh()
    assert panel.model.rowCount() == 1
    panel.search.setText("")
    panel.colour.setCurrentIndex(panel.colour.findData("pink"))
    assert panel.model.rowCount() == 1
    panel.colour.setCurrentIndex(0)
    panel.label.setCurrentIndex(panel.label.findData("later"))
    assert panel.model.rowCount() == 1
    with qtbot.waitSignal(panel.note_activated):
        panel.table.clicked.emit(panel.model.index(0, 2))
    assert window.reader.cable.refid == "10DUSHANBE170"  # type: ignore[union-attr]
    top = window.reader.paragraph_at(window.reader.viewport().rect().topLeft())
    assert top is not None and abs(top.ordinal - target.ordinal) <= 1


def test_annotated_node_in_the_browse_tree(qtbot, window: MainWindow) -> None:
    model = window.browse.model()
    assert not model.has_node(("annotated", ""))
    notes = window.session.notes
    notes.add("10DUSHANBE170", window.reader.paragraphs[0], window.reader.paragraphs, "x")
    assert model.has_node(("annotated", ""))
    with qtbot.waitSignal(window.browse.selection_changed):
        window.browse.select_facet("annotated", "")
    assert [window.list_model.refid_at(r) for r in range(window.list_model.rowCount())] == [
        "10DUSHANBE170"]


def test_an_orphan_is_shown_not_lost(qtbot, window: MainWindow) -> None:
    import dataclasses

    notes = window.session.notes
    note = notes.add("10DUSHANBE170", window.reader.paragraphs[3], window.reader.paragraphs,
                     "about a paragraph that will vanish")
    gone = dataclasses.replace(note, para_key="99:Z:000000000000", label="Z",
                               text_hash="000000000000", quote="Text no copy of this cable has.",
                               context_before="", context_after="")
    notes.store.put(gone)
    window.open_cable("10DUSHANBE170", record=False)
    text = window.reader.toPlainText()
    assert "could not be found" in text and "Text no copy of this cable has." in text
    assert notes.store.get(note.id) is not None


def test_export_and_import_from_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:
    notes = window.session.notes
    notes.add("10DUSHANBE170", window.reader.paragraphs[1], window.reader.paragraphs, "exported")
    assert window.notes_ui.export_to(tmp_path / "n.json", "json") == 1
    assert window.notes_ui.export_to(tmp_path / "n.md", "md") == 1
    assert "10DUSHANBE170 ¶2" in (tmp_path / "n.md").read_text(encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"type": "<img src=x>"}', encoding="utf-8")
    seen = Seen()
    close_next_modal(seen)
    window.notes_ui.import_from(tmp_path / "bad.json")
    text, plain = seen.messages[0]
    assert "bad.json" in text and "<img src=x>" in text and plain  # shown as text, inert
    assert "unchanged" in window.notes_ui.import_from(tmp_path / "n.json")


def test_delete_from_the_editor_then_undo(qtbot, window: MainWindow) -> None:
    notes = window.session.notes
    note = notes.add("10DUSHANBE170", window.reader.paragraphs[1], window.reader.paragraphs,
                     "to be deleted")
    window.reader.anchorClicked.emit(QUrl("para:2"))
    editor = window.notes_ui.editor
    assert editor is not None and editor.note_id == note.id
    with qtbot.waitSignal(notes.notes_changed):
        editor.delete_button.click()
    assert notes.store.get(note.id).is_deleted  # type: ignore[union-attr]
    assert note.id not in str(_gutter_notes(window))
    window.notes_ui.act_undo.trigger()
    assert not notes.store.get(note.id).is_deleted  # type: ignore[union-attr]
    assert _gutter_notes(window) == {2: (note.id,)}


def test_an_import_of_many_notes_is_one_change_and_one_render(qtbot, window: MainWindow,
                                                              tmp_path: Path) -> None:
    from desktop.annotations.anchoring import new_note
    from desktop.annotations.exchange import to_json
    from desktop.annotations.models import new_note_id, utc_now

    paragraphs = window.reader.paragraphs
    now = utc_now()
    notes = [new_note("10DUSHANBE170", paragraphs[i % len(paragraphs)], paragraphs,
                      text=f"imported {i}", colour="blue", labels=(), now=now,
                      note_id=new_note_id()) for i in range(300)]
    (tmp_path / "many.json").write_text(to_json(notes), encoding="utf-8")
    heard: list[object] = []
    renders: list[object] = []
    window.session.notes.notes_changed.connect(heard.append)
    original = window.reader.show_cable
    window.reader.show_cable = lambda *a, **k: (renders.append(a), original(*a, **k))  # type: ignore[method-assign]
    try:
        assert "300 new" in window.notes_ui.import_from(tmp_path / "many.json")
    finally:
        window.reader.show_cable = original  # type: ignore[method-assign]
    assert len(heard) == 1 and len(heard[0]) == 300  # type: ignore[arg-type]
    assert len(renders) == 1  # the open cable is rendered once, not 300 times
    assert window.notes_ui.panel.model.rowCount() == 300
    window.notes_ui.act_undo.trigger()  # one undo takes the whole import back
    assert window.session.notes.store.count() == 0
    assert window.notes_ui.panel.model.rowCount() == 0


def test_bulk_delete_from_the_panel_is_one_step(qtbot, window: MainWindow) -> None:
    notes = window.session.notes
    paragraphs = window.reader.paragraphs
    for i in range(5):
        notes.add("10DUSHANBE170", paragraphs[i], paragraphs, f"note {i}")
    panel = window.notes_ui.panel
    window.notes_dock.show()
    panel.table.selectAll()
    with qtbot.waitSignal(notes.notes_changed) as blocker:
        panel.table.actions()[0].trigger()  # the Delete action (Del key)
    assert len(blocker.args[0]) == 5
    assert notes.store.count() == 0 and panel.model.rowCount() == 0
    assert notes.undo_stack.undoText() == "Delete 5 notes"
    notes.undo_stack.undo()
    assert notes.store.count() == 5 and panel.model.rowCount() == 5


def test_read_only_notes_are_read_and_say_why(qtbot, library_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.test_notes_storage_errors import read_only

    folder = tmp_path / "ro"
    folder.mkdir()
    with NotesStore(folder / "notes.db") as store, Library(library_copy) as lib:
        cable = lib.cable("10DUSHANBE170")
        assert cable is not None
        from desktop.archive.paragraphs import parse_paragraphs

        paragraphs = parse_paragraphs(cable.body)
        note = store.add("10DUSHANBE170", paragraphs[1], paragraphs, "kept safe").note
    with read_only(folder):
        session = Session(Library(library_copy), NotesStore(folder / "notes.db"))
        win = MainWindow(session, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(win)
        win.show()
        try:
            assert win.notes_banner.isVisible()
            assert "cannot be saved" in win.notes_banner.text()
            assert win.open_cable("10DUSHANBE170")
            assert _gutter_notes(win) == {2: (note.id,)}  # read as always
            win.notes_ui.open_note(note.id)
            editor = win.notes_ui.editor
            assert editor is not None and editor.text.isReadOnly()
            assert "cannot be saved" in editor.status.text()
            editor.close()
        finally:
            win.close()
            session.close()


def test_a_full_disk_keeps_the_text_in_the_editor(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.session.notes.store
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    window.reader.anchorClicked.emit(QUrl("para:2"))
    editor = window.notes_ui.editor
    assert editor is not None
    editor.text.setPlainText("x" * 200_000)
    editor.save()
    assert editor.status.text().startswith("Not saved:") and "disk is full" in editor.status.text()
    assert editor.text.toPlainText() == "x" * 200_000  # nothing typed is lost
    store.db.execute("PRAGMA max_page_count = 1073741823")
    editor.save()
    assert editor.status.text() == "Saved" and store.count() == 1
