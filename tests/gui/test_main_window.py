"""The window end to end: tree -> list -> viewer, links, history, search, imports, state."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl

from desktop.archive.library import Library
from desktop.ui.main_window import MainWindow
from desktop.ui.models.cable_list import COLUMNS
from desktop.ui.session import Session
from tests.conftest import ROOT
from tests.helpers import many_rows, write_csv

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, library_copy: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    session = Session(Library(library_copy))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.restore_state()
    win.show()
    yield win
    win.close()
    session.close()


def _linked_pair(lib: Library) -> tuple[str, str]:
    """A cable and a cable it references, both in the library."""
    row = lib.conn.execute(
        "SELECT c.refid, r.target FROM cable_refs r JOIN cables c ON c.id = r.cable_id "
        "JOIN cables t ON t.refid = r.target ORDER BY c.refid LIMIT 1").fetchone()
    assert row, "the samples hold at least one resolvable reference"
    return row[0], row[1]


def test_status_bar_shows_library_and_counts(window: MainWindow) -> None:
    """The list says how much of the library it shows: "N of M cables"."""
    count = window.session.library.count()
    assert window.status_library.text() == window.session.library.path.name
    assert f"{count:,} of {count:,} cables" in window.status_list.text()
    window.browse.select_facet("tag", "KTIP")
    shown = window.list_model.rowCount()
    assert 0 < shown < count
    assert f"{shown:,} of {count:,} cables" in window.status_list.text()


def test_tree_selection_fills_the_list_and_the_list_opens_the_cable(qtbot, window: MainWindow
                                                                   ) -> None:
    lib = window.session.library
    with qtbot.waitSignal(window.browse.selection_changed):
        window.browse.select_facet("tag", "KTIP")
    model = window.list_model
    expected = lib.count_selection(window.lists.selection)
    assert model.rowCount() == expected > 0
    refids = {model.refid_at(r) for r in range(model.rowCount())}
    assert "10DUSHANBE170" in refids
    row = next(r for r in range(model.rowCount()) if model.refid_at(r) == "10DUSHANBE170")
    with qtbot.waitSignal(window.list_view.cable_activated):
        window.list_view.setCurrentIndex(model.index(row, 0))
    assert window.reader.cable is not None and window.reader.cable.refid == "10DUSHANBE170"
    assert "10DUSHANBE170" in window.windowTitle()


def test_links_referenced_by_and_history(qtbot, window: MainWindow) -> None:
    citing, cited = _linked_pair(window.session.library)
    assert window.open_cable(citing)
    window.reader.anchorClicked.emit(QUrl(f"cable:{cited}"))
    assert window.reader.cable.refid == cited  # type: ignore[union-attr]
    assert "Referenced by" in window.reader.toPlainText()
    assert citing in window.reader.toPlainText().split("Referenced by", 1)[1]
    window.act_back.trigger()
    assert window.reader.cable.refid == citing  # type: ignore[union-attr]
    assert window.act_forward.isEnabled()
    window.act_forward.trigger()
    assert window.reader.cable.refid == cited  # type: ignore[union-attr]
    assert not window.act_forward.isEnabled()


def test_the_list_follows_a_cable_opened_by_link_once_it_is_shown(qtbot, window: MainWindow
                                                                   ) -> None:
    """Following a link shows the cable at once; the list then makes it its current (and
    only selected) row, in the next turn of the event loop, without opening it again."""
    citing, cited = _linked_pair(window.session.library)
    window.list_view.selectRow(0)
    first = window.list_model.refid_at(0)
    assert window.reader.cable.refid == first  # type: ignore[union-attr]
    window.reader.anchorClicked.emit(QUrl(f"cable:{cited}"))
    assert window.reader.cable.refid == cited  # type: ignore[union-attr]
    assert window.list_model.refid_at(window.list_view.currentIndex().row()) == first
    qtbot.waitUntil(lambda: window.list_model.refid_at(
        window.list_view.currentIndex().row()) == cited)
    rows = window.list_view.selectionModel().selectedRows()
    assert [window.list_model.refid_at(i.row()) for i in rows] == [cited]
    assert window.reader.cable.refid == cited  # type: ignore[union-attr]
    window.act_back.trigger()  # back: the list follows again
    qtbot.waitUntil(lambda: window.list_model.refid_at(
        window.list_view.currentIndex().row()) == first)
    assert not window.act_back.isEnabled()  # one step back: the list opened nothing itself


def test_unknown_refid_is_a_message(window: MainWindow) -> None:
    assert not window.open_cable("99NOWHERE1")
    assert "not in this library" in window.status_message.text()


def test_tag_link_selects_the_tag_in_the_tree(qtbot, window: MainWindow) -> None:
    window.open_cable("10DUSHANBE170")
    with qtbot.waitSignal(window.browse.selection_changed):
        window.reader.anchorClicked.emit(QUrl("tag:KTIP"))
    assert window.lists.selection.tags == frozenset({"KTIP"})


def test_search_fills_the_list_and_a_bad_query_is_a_message(qtbot, window: MainWindow) -> None:
    window.search.edit.setText("trafficking")
    window.search.submit()
    model = window.list_model
    assert model.rowCount() > 0 and model.columnCount() == len(COLUMNS) + 1
    assert model.refid_at(0) == "10DUSHANBE170"
    window.search.edit.setText('"unbalanced')
    window.search.submit()
    assert "closing quote" in window.search.message.text()
    window.search.edit.setText("10dushanbe170")
    window.search.submit()
    assert window.reader.cable.refid == "10DUSHANBE170"  # type: ignore[union-attr]


def test_a_common_word_search_shows_a_first_page_then_the_rest(qtbot, window: MainWindow
                                                               ) -> None:
    with qtbot.waitSignal(window.lists.list_ready, timeout=20000):
        window.search.edit.setText("the")
        window.search.submit()
    total = window.session.library.count_selection(window.lists.selection)
    assert window.list_model.rowCount() > 100
    assert window.list_model.rowCount() <= total
    assert not window.lists.counting


def test_search_combines_with_the_tree_selection(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.browse.selection_changed):
        window.browse.select_facet("classification", "SECRET")
    window.search.edit.setText("nuclear")
    window.search.submit()
    lib = window.session.library
    for row in range(window.list_model.rowCount()):
        cable = lib.cable(window.list_model.refid_at(row))
        assert cable is not None and cable.classification == "SECRET"


def _cancel_midway(qtbot, window: MainWindow, csv_path: Path):  # type: ignore[no-untyped-def]
    import desktop.archive.importer as importer

    old_batch = importer.BATCH_CABLES
    importer.BATCH_CABLES = 100
    try:
        job = window.imports.start_import([csv_path])
        assert job is not None and window.imports.import_dialog is not None
        with qtbot.waitSignal(job.progress, timeout=30000):
            pass
        with qtbot.waitSignal(job.finished, timeout=60000):
            window.imports.import_dialog.cancel_button.click()
    finally:
        importer.BATCH_CABLES = old_batch
    report = job.result
    assert report is not None and report.cancelled
    assert "Cancelled" in window.imports.import_dialog.label.text()
    return report


def test_a_cancelled_import_in_place_keeps_what_was_done(qtbot, window: MainWindow,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from desktop.archive import bulk

    monkeypatch.setattr(bulk, "suits", lambda *args: False)  # an import into a big library
    before = window.session.library.count()
    _cancel_midway(qtbot, window, write_csv(tmp_path / "cables.csv", many_rows(6000)))
    with Library(window.session.path) as lib:
        after = lib.count()
        assert lib.import_runs()[0]["status"] == "cancelled"
    assert before <= after < before + 6000
    assert f"of {after:,} cables" in window.status_list.text()


def test_a_cancelled_full_import_leaves_the_library_as_it_was(qtbot, window: MainWindow,
                                                               tmp_path: Path) -> None:
    import hashlib

    path = window.session.path
    window.session.library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    before = window.session.library.count()
    runs = len(window.session.library.import_runs())
    # Larger than the library: built as a new file, renamed in only when complete.
    report = _cancel_midway(qtbot, window, write_csv(tmp_path / "cables.csv", many_rows(6000)))
    assert report.full and not report.replaced_file
    assert "left as it was" in report.summary()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not Path(str(path) + ".importing").exists()
    assert window.session.library.count() == before
    assert len(window.session.library.import_runs()) == runs


def test_a_full_import_reopens_the_new_file(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A full import renames a new file over the library: the window lets go of the old
    one (its workers too) and shows the new one, its selection kept."""
    old_library = window.session.library
    inode = window.session.path.stat().st_ino
    window.browse.select_facet("tag", "PREL")
    job = window.imports.start_import([write_csv(tmp_path / "cables.csv", many_rows(2000))])
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=120000):
        pass
    assert job.result is not None and job.result.replaced_file
    assert window.session.library is not old_library
    assert window.session.path.stat().st_ino != inode
    count = window.session.library.count()
    assert f"of {count:,} cables" in window.status_list.text()
    assert window.browse.selected_keys() == [("tag", "PREL")]
    assert window.list_model.rowCount() == window.session.library.count_selection(
        window.lists.selection)
    # The new file is whole: another connection sees it all, and it takes another import.
    with Library(window.session.path) as lib:
        assert lib.count() == count
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    job = window.imports.start_import([write_csv(tmp_path / "more.csv", many_rows(3))])
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    assert window.session.library.count() >= count


def test_state_is_restored_on_the_next_start(qtbot, library_copy: Path, tmp_path: Path) -> None:
    settings_path = str(tmp_path / "state.ini")
    session = Session(Library(library_copy))
    first = MainWindow(session, QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.restore_state()
    first.resize(711, 517)
    first.splitter.setSizes([200, 400, 500])
    first.open_cable("72TEHRAN1164")
    first.close()
    second = MainWindow(session, QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.restore_state()
    second.restore_last_cable()
    assert second.size().width() == 711
    assert second.reader.cable is not None and second.reader.cable.refid == "72TEHRAN1164"
    second.close()
    session.close()


def test_screenshot_command(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = dict(os.environ, CABLE_READER_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "desktop", "--screenshot", str(out), "--open",
                           "10DUSHANBE170"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 20000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_search_and_open_from_the_command_line(qtbot, window: MainWindow) -> None:
    """``--search`` fills the list with the matches (the Match column shown), ``--open``
    then opens a cable, which the list follows; a cable not there is refused."""
    from desktop.app import build_parser, show_start_options

    args = build_parser().parse_args(["--search", "trafficking", "--open", "10DUSHANBE170"])
    assert show_start_options(window, args)
    assert window.filters.search_text() == "trafficking"
    assert window.list_model.columnCount() == len(COLUMNS) + 1
    assert window.reader.cable is not None and window.reader.cable.refid == "10DUSHANBE170"
    qtbot.waitUntil(lambda: window.list_model.refid_at(
        window.list_view.currentIndex().row()) == "10DUSHANBE170")
    assert not show_start_options(window, build_parser().parse_args(["--open", "99NOWHERE1"]))
    assert "not in this library" in window.status_message.text()


def test_the_window_loads_no_network_module(window: MainWindow) -> None:
    window.open_cable("10DUSHANBE170")
    window.search.edit.setText("trafficking")
    window.search.submit()
    assert "PySide6.QtNetwork" not in sys.modules
    assert "PySide6.QtWebEngineCore" not in sys.modules


def test_opening_another_library_refreshes_the_list_once(qtbot, window: MainWindow,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.archive.importer import import_paths
    from tests.conftest import SEED_PAGE

    other = tmp_path / "other.db"
    with Library(other) as lib:
        import_paths(lib.db, [SEED_PAGE])
    window.search.edit.setText("trafficking")
    window.search.submit()
    queries: list[int] = []
    original = Library.select_ids
    monkeypatch.setattr(Library, "select_ids",
                        lambda self, *a, **k: queries.append(1) or original(self, *a, **k))
    window.session.open_library(other)
    assert len(queries) == 1
    assert window.search.edit.text() == "" and window.lists.query is None
    assert [window.list_model.refid_at(r) for r in range(window.list_model.rowCount())] == [
        "10DUSHANBE170"]
    assert window.status_library.text() == "other.db"
    assert "1 of 1 cable" in window.status_list.text()  # one cable, in the singular
