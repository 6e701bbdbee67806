"""The main window: browse tree | cable list | viewer. Layout, actions and signal wiring."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QPoint, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.annotations.lists import ReadingLists
from desktop.annotations.models import NotesChanged
from desktop.annotations.saved_searches import SavedSearches
from desktop.archive.browse_tree import READING_LIST, Key, key_words
from desktop.archive.counts import ListCounts
from desktop.archive.errors import StorageError
from desktop.archive.refids import release_ids
from desktop.archive.saved import SearchFilters, list_cable_ids
from desktop.archive.selection import describe
from desktop.render.assemble import render_from_library
from desktop.ui import theme
from desktop.ui.browse_pane import BrowsePane
from desktop.ui.cable_list_view import CableListView
from desktop.ui.citations_ui import CitationsUi
from desktop.ui.empty_hint import EmptyHint
from desktop.ui.filter_chips import FilterChips
from desktop.ui.filters import Filters
from desktop.ui.find_bar import FindBar
from desktop.ui.help_dialogs import GuideDialog, ShortcutsDialog
from desktop.ui.history import History
from desktop.ui.imports_ui import ImportsUi
from desktop.ui.list_controller import ListController
from desktop.ui.live_counts import LiveCounts
from desktop.ui.models.cable_list import COLUMNS, CableListModel
from desktop.ui.notes_ui import NotesUi
from desktop.ui.pdf_actions import PdfActions
from desktop.ui.plain_text import ask, tooltip, warn
from desktop.ui.reader_view import ReaderView, welcome_html
from desktop.ui.reading_lists_ui import ListsChanged, ReadingListsUi
from desktop.ui.saved_counts import SavedCounts
from desktop.ui.search_box import SearchBox
from desktop.ui.session import Session
from desktop.ui.shown_list import ShownListActions
from desktop.ui.theme import viewer_theme
from desktop.ui.timeline import TimelineWidget, month_number
from desktop.ui.workers import Job
from desktop.wording import plural

COLUMN_KEYS = [c.key for c in COLUMNS]


def _loads(value: object, default: Any) -> Any:
    """A JSON setting, or the default when it is missing or not JSON (an older version's)."""
    if not isinstance(value, str):
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


class MainWindow(QMainWindow):
    """Three panes as in mail readers. Children announce intent; the window routes it.

    Signals:
        palette_applied: the viewer shows the current palette's colours (after a theme
            change, once the widgets have the new palette).
    """

    palette_applied = Signal()

    def __init__(self, session: Session, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.history = History()
        self._total = 0  # cables in the library, for "N of M cables"
        self._palette_stale = False  # the palette changed while the window was hidden
        self._welcome = False  # the viewer shows the first run's welcome while no cable is open
        self._palette_timer = QTimer(self, singleShot=True, interval=0)
        self._palette_timer.timeout.connect(self.on_palette_changed)
        self.setWindowTitle(APP_NAME)

        self.browse = BrowsePane()
        self.search = SearchBox()
        self.list_model = CableListModel(session.library)
        self.list_view = CableListView(self.list_model)
        self.list_hint = EmptyHint(self.list_view)
        self.lists = ListController(self.list_model, session, self)
        self.reader = ReaderView(note_tooltip=session.notes.tooltip)
        self.find_bar = FindBar(self.reader)
        self.live_counts = LiveCounts(self)

        middle = QWidget()
        middle.setMinimumWidth(160)  # not the chips' width: the tree keeps its share
        self.chips = FilterChips(middle)  # what narrows the list, each removable
        self.timeline = TimelineWidget(middle)  # the list's cables per month
        self.filters = Filters(self.browse, self.search, self.chips, self.timeline, self.lists,
                               self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.search)
        middle_layout.addWidget(self.chips)
        middle_layout.addWidget(self.list_view, 1)
        middle_layout.addWidget(self.timeline)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.reader)
        right_layout.addWidget(self.find_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.browse)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 5)
        self.notes_banner = QLabel()  # says why the notes cannot be saved, when they cannot
        self.notes_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_banner.setWordWrap(True)
        self.notes_banner.setStyleSheet(theme.banner_style())
        self.notes_banner.setVisible(session.notes.store.readonly)
        self.notes_banner.setText(session.notes.store.read_only_reason or "")
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.notes_banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.status_library = QLabel()
        self.status_list = QLabel()
        self.status_message = QLabel()
        for label in (self.status_library, self.status_list, self.status_message):
            label.setTextFormat(Qt.TextFormat.PlainText)  # refids, paths, errors: never markup
        self.status_zoom = QLabel()
        self.status_zoom.setToolTip(tooltip("Text size of the viewer (Ctrl++, Ctrl+-, Ctrl+0)"))
        self.statusBar().addWidget(self.status_library)
        self.statusBar().addWidget(self.status_message, 1)
        self.imports = ImportsUi(session, settings, self)
        self.statusBar().addPermanentWidget(self.imports.status_progress)
        self.statusBar().addPermanentWidget(self.status_list)
        self.statusBar().addPermanentWidget(self.status_zoom)

        self._make_actions()
        self.notes_ui = NotesUi(session.notes, self.reader, lambda: self.session.library,
                                self.open_cable, self)
        self.pdf = PdfActions(session, settings, self)
        self.citations = CitationsUi(settings, lambda: self.session.path, self)
        self.reader.cite = self.citations.cite
        store = session.notes.store
        self.collections = ReadingListsUi(ReadingLists(store), SavedSearches(store),
                                          session.notes.undo_stack, self.cables_for_lists,
                                          self.describe_key, self)
        self.saved_counts = SavedCounts(self.collections.searches, self.collections.lists,
                                        lambda: self.session.path,
                                        self.session.annotated_ids, self)
        self.shown_list = ShownListActions(self.collections, self.filters, self.list_view,
                                           lambda: self.session.library, self.show_message,
                                           self)
        self._warm_timer = QTimer(self, singleShot=True)
        self._warm_timer.timeout.connect(self._warm_up_library)
        self._follow_timer = QTimer(self, singleShot=True, interval=0)
        self._follow_timer.timeout.connect(self._follow_in_list)
        self.notes_dock = QDockWidget("Notes", self)
        self.notes_dock.setObjectName("notes-dock")
        self.notes_dock.setWidget(self.notes_ui.panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.notes_dock)
        self.notes_dock.hide()
        self.act_notes_panel = self.notes_dock.toggleViewAction()
        self.act_notes_panel.setText("&Notes panel")
        self.act_notes_panel.setShortcut(QKeySequence("F9"))
        self._make_menus()
        self._connect_signals()
        self._set_tab_order()
        self._warm_up_counts()
        self.browse.set_library(session.library)
        self.update_annotated()
        self.update_collections(count_after=2500)  # once the window is up
        self._update_library_status()

    # Layout and actions ---------------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(text: str, slot: object, shortcut: QKeySequence | str | None = None,
                   tip: str = "") -> QAction:
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcuts([QKeySequence(shortcut)] if not isinstance(shortcut, list)
                               else shortcut)
            if tip:
                a.setStatusTip(tip)
            a.triggered.connect(slot)  # type: ignore[arg-type]
            return a

        k = QKeySequence.StandardKey
        self.act_quit = action("&Quit", self.close, k.Quit)
        self.act_find = action("&Find in cable", self.find_bar.open_bar, k.Find)
        self.act_find_next = action("Find &next", self.find_bar.find_next, "F3")
        self.act_find_prev = action("Find &previous", self.find_bar.find_previous, "Shift+F3")
        self.act_search = action("&Search cables", self.focus_search, "Ctrl+K")
        self.act_zoom_in = action("Zoom &in", lambda: self.reader.zoom(1), k.ZoomIn)
        self.act_zoom_in.setShortcuts([QKeySequence(k.ZoomIn), QKeySequence("Ctrl+=")])
        self.act_zoom_out = action("Zoom &out", lambda: self.reader.zoom(-1), k.ZoomOut)
        self.act_zoom_reset = action("&Reset zoom", self.reader.reset_zoom, "Ctrl+0")
        self.act_back = action("&Back", self.go_back, "Alt+Left")
        self.act_forward = action("&Forward", self.go_forward, "Alt+Right")
        self.act_open_refid = action("Open by &reference id…", self.on_open_refid_requested,
                                     "Ctrl+L")
        self.act_about = action("&About", self.on_about_requested)
        self.act_shortcuts = action("&Keyboard shortcuts", self.on_shortcuts_requested,
                                    "Ctrl+/")
        self.act_guide = action("&Guide", self.on_guide_requested, k.HelpContents)
        self.act_next_pane = action("Next pane", lambda: self.cycle_pane(1), "F6")
        self.act_previous_pane = action("Previous pane", lambda: self.cycle_pane(-1),
                                        "Shift+F6")
        self.act_copy_citation = action("Copy &citation", self.on_copy_citations_requested,
                                        "Ctrl+Shift+C", "Copy a full reference to the "
                                        "selected cables, or the open cable")
        self.theme_actions = QActionGroup(self)
        for choice, label in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            act = QAction(label, self, checkable=True)
            act.setData(choice)
            act.triggered.connect(lambda _=False, c=choice: self.set_theme(c))
            self.theme_actions.addAction(act)
        self.act_export_pdf = action("&Export to PDF…", self.on_export_pdf_requested,
                                     "Ctrl+Shift+E", "Export the selected cables (or the open "
                                     "cable, or the whole list) to PDF")
        self.act_print = action("&Print…", self.on_print_requested, k.Print,
                                "Print the selected cables, or the open cable")
        self.act_print_preview = action("Print pre&view…", self.on_print_preview_requested)
        self.act_compare = action("&Compare sources…", lambda: self.reader.cable is not None
                                  and self.on_compare_requested(self.reader.cable.refid),
                                  tip="Show the open cable's copies side by side, with their "
                                      "differences marked")
        self.act_compare.setEnabled(False)
        self.act_rename_node = action("Rename", self.on_rename_node_requested, "F2")
        self.act_delete_node = action("Delete", self.on_delete_node_requested,
                                      QKeySequence.StandardKey.Delete)
        for act in (self.act_rename_node, self.act_delete_node):
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.browse.tree().addAction(act)  # F2 and Delete on a list or saved search

    def _make_menus(self) -> None:
        n = self.notes_ui
        bar = self.menuBar()
        self.menus: list[QMenu] = []
        for title, actions in (
            ("&File", [self.imports.act_open_library, None, self.imports.act_import_files,
                       self.imports.act_import_folder, self.imports.act_report,
                       self.imports.act_rebuild, None,
                       self.act_export_pdf,
                       self.act_print, self.act_print_preview, self.citations.act_export, None,
                       n.act_export_md,
                       n.act_export_json, n.act_import, None, self.act_quit]),
            ("&Edit", [n.act_undo, n.act_redo, None, self.act_copy_citation, None,
                       self.act_find, self.act_find_next, self.act_find_prev, None,
                       self.act_search]),
            ("&View", [self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset, None,
                       self.act_compare, None, self.act_notes_panel, None]),
            ("&Go", [self.act_back, self.act_forward, None, self.act_open_refid, None,
                     self.act_next_pane, self.act_previous_pane]),
            ("&Lists", [self.collections.act_add, self.collections.act_new, None,
                        self.shown_list.act_remove, self.shown_list.act_order, None,
                        self.collections.act_save_search]),
            ("&Notes", [n.act_annotate, n.act_cable_note, None, self.act_notes_panel, None,
                        n.act_export_annotated]),
            ("&Help", [self.act_guide, self.act_shortcuts, None, self.act_about]),
        ):
            menu = bar.addMenu(title)
            self.menus.append(menu)
            for a in actions:
                if a is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a)
            if title == "&View":
                themes = menu.addMenu("&Theme")
                themes.addActions(self.theme_actions.actions())
            if title == "&Edit":
                styles = QMenu("Citation st&yle", menu)
                styles.addActions(self.citations.style_actions.actions())
                menu.insertMenu(self.act_find, styles)
                menu.insertSeparator(self.act_find)
        self._update_history_actions()
        for act in (self.act_next_pane, self.act_previous_pane):
            self.addAction(act)

    def _focus_chain(self) -> list[QWidget]:
        """The panes' main widgets in Tab order: filter, tree, search, list, viewer."""
        return [self.browse.filter_edit(), self.browse.tree(), self.search.edit,
                self.list_view, self.reader]

    def _set_tab_order(self) -> None:
        chain = self._focus_chain()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def cycle_pane(self, step: int) -> None:
        """F6 / Shift+F6: to the next or previous pane (tree, list, viewer), as in mail
        readers."""
        panes: list[QWidget] = [self.browse.tree(), self.list_view, self.reader]
        focused = QApplication.focusWidget()
        at = next((n for n, pane in enumerate(panes)
                   if focused is not None and (focused is pane or pane.isAncestorOf(focused))),
                  -1)
        panes[(at + step) % len(panes)].setFocus(Qt.FocusReason.TabFocusReason)

    def _connect_signals(self) -> None:
        self.search.refid_requested.connect(self.open_cable)
        self.list_view.cable_activated.connect(lambda refid: self.open_cable(refid,
                                                                             from_list=True))
        self.list_view.selection_count_changed.connect(lambda _: self._update_list_status())
        self.list_model.ids_changed.connect(self._update_list_status)
        self.lists.search_failed.connect(self.search.show_error)
        self.reader.cable_requested.connect(self.open_cable)
        self.reader.tag_requested.connect(self.on_tag_requested)
        self.reader.citation_copied.connect(
            lambda text: self.show_message(f"Copied “{text}”"))
        self.reader.zoom_changed.connect(self.on_zoom_changed)
        self.reader.layout_changed.connect(lambda _: self.rerender())
        self.list_view.citations_requested.connect(self.on_copy_citations_requested)
        self.lists.list_ready.connect(self._show_order)
        self.lists.list_ready.connect(self.count_list)
        self.live_counts.counted.connect(self.on_counted)
        self.live_counts.failed.connect(lambda message: self.show_message(
            f"The counts cannot be read: {message}"))
        self.session.library_opened.connect(self.on_library_opened)
        self.session.library_changed.connect(self.on_library_changed)
        self.imports.started.connect(self._update_list_status)  # the empty list's line
        self.session.releasing.connect(self.release_library)
        self.session.notes.notes_changed.connect(self.on_notes_changed)
        self.session.notes.notes_changed.connect(self.notes_ui.on_notes_changed)
        self.session.notes.storage_failed.connect(self.on_storage_failed)
        self.session.notes.collections_changed.connect(self.refresh_collections)
        self.notes_ui.message.connect(self.show_message)
        self.notes_ui.export_pdf_requested.connect(
            lambda refids: self.pdf.export(refids, "annotated cables"))
        self.pdf.message.connect(self.show_message)
        self.citations.message.connect(self.show_message)
        self.imports.message.connect(self.show_message)
        self.citations.act_export.triggered.connect(self.on_export_citations_requested)
        self.list_view.export_pdf_requested.connect(self.on_export_pdf_requested)
        self.list_view.print_requested.connect(self.on_print_requested)
        self.list_view.refids_copied.connect(
            lambda n: self.show_message(f"Copied {plural(n, 'reference id')}."))
        self.reader.export_pdf_requested.connect(self.on_export_open_cable_requested)
        self.reader.print_requested.connect(self.on_print_open_cable_requested)
        c = self.collections
        c.changed.connect(self.on_collections_changed)
        c.message.connect(self.show_message)
        c.failed.connect(lambda title, text: warn(self, title, text))
        c.export_pdf_requested.connect(self.on_export_list_requested)
        c.export_citations_requested.connect(self.on_export_list_citations_requested)
        c.search_run_requested.connect(self.run_saved_search)
        c.search_update_requested.connect(
            lambda search_id: c.update_search(search_id, self.filters.current()))
        c.act_save_search.triggered.connect(
            lambda: c.ask_save_search(self.filters.current()))
        self.browse.saved_search_chosen.connect(self.run_saved_search)
        self.browse.node_menu_requested.connect(self.on_node_menu_requested)
        self.browse.model().cables_dropped.connect(c.add)
        self.reader.menu_extender = self.extend_reader_menu
        self.reader.list_requested.connect(lambda list_id: self.browse.select_facet(
            READING_LIST, list_id))
        self.reader.compare_requested.connect(self.on_compare_requested)
        self.saved_counts.counted.connect(self.update_saved_searches)

    # Opening cables ---------------------------------------------------------------------------

    def open_cable(self, refid: str, record: bool = True, keep_position: bool = False,
                   from_list: bool = False, scroll: int | None = None) -> bool:
        """Show a cable; returns False (with a message) when it is not in the library.

        Args:
            keep_position: stay where the viewer is (the same cable, re-rendered).
            scroll: where to scroll it to (going back to it); else its top.
        """
        refid = refid.strip()
        try:
            lib, notes = self.session.library, self.session.notes.store
            colours, layout = viewer_theme(self.palette()), self.reader.box_layout()
            found = (render_from_library(lib, refid, notes, theme=colours, layout=layout,
                                         lists=self.collections.lists)
                     or render_from_library(lib, refid.upper(), notes, theme=colours,
                                            layout=layout, lists=self.collections.lists))
        except StorageError as exc:
            self.show_message(str(exc))
            if exc.is_damage:
                self.imports.offer_rebuild(str(exc))
            return False
        if found is None:
            self.show_message(f"{refid} is not in this library.")
            return False
        cable, rendered = found
        current = self.reader.cable
        if current is not None and current.refid != cable.refid:
            self.history.remember(current.refid, self.reader.verticalScrollBar().value())
        if record:
            self.history.visit(cable.refid)
        self.reader.show_cable(cable, rendered, keep_position=keep_position, scroll=scroll)
        self._welcome = False
        self.timeline.set_marked_month(cable.created[:7] if cable.created else None)
        self.act_compare.setEnabled(len(cable.sources) > 1)
        if not from_list:  # (from the list: it shows it selected already)
            self._follow_timer.start()
        self.notes_ui.panel.set_current_cable(cable.refid)
        self.setWindowTitle(f"{cable.refid} — {APP_NAME}")
        self._update_history_actions()
        return True

    def _follow_in_list(self) -> None:
        """Make the open cable the list's current row, when the list holds it.

        It runs from a zero timer, which Qt serves after the paint it has posted: the cable
        is on screen first, and the list follows in the next turn of the event loop. On a
        far row of a long list, the list's repaint costs about as much as the open itself.
        """
        cable = self.reader.cable
        if cable is not None:
            cable_id = self.session.library.id_of(cable.refid)
            if cable_id is not None:
                self.list_view.select_cable(cable_id)

    def go_back(self) -> None:
        refid = self.history.back()
        if refid:
            self.open_cable(refid, record=False, scroll=self.history.position(refid))
        self._update_history_actions()

    def go_forward(self) -> None:
        refid = self.history.forward()
        if refid:
            self.open_cable(refid, record=False, scroll=self.history.position(refid))
        self._update_history_actions()

    def rerender(self) -> None:
        """Show the open cable again, where it is (a new width, palette or note)."""
        if self.reader.cable is not None:
            self.open_cable(self.reader.cable.refid, record=False, keep_position=True,
                            from_list=True)

    def _update_history_actions(self) -> None:
        self.act_back.setEnabled(self.history.can_go_back())
        self.act_forward.setEnabled(self.history.can_go_forward())

    def on_open_refid_requested(self) -> None:
        refid, ok = QInputDialog.getText(self, "Open cable", "Reference ID (e.g. 10DUSHANBE170):")
        if ok and refid.strip():
            self.open_cable(refid.strip().upper())

    # Filters: chips, timeline, live counts ----------------------------------------------------

    def _warm_up_counts(self) -> None:
        """Once the window is up, read what the live counts need (a second on the full
        archive, in the counts' own thread), the release's list of ids that links are
        checked against (80 ms, once: not in the first cable a user opens) and the places
        in the default order that a large tag's list is picked from (50 ms, at idle)."""
        path = self.session.path
        QTimer.singleShot(1500, self, lambda: self.live_counts.warm_up(path))
        QTimer.singleShot(1000, self, lambda: threading.Thread(
            target=release_ids, name="warm-up", daemon=True).start())
        self._warm_timer.start(1200)  # stopped when the window closes

    def _warm_up_library(self) -> None:
        with contextlib.suppress(StorageError, sqlite3.Error):  # the first large list reads
            self.session.library.warm_up()  # it again, and says why it cannot

    def count_list(self) -> None:
        """Ask for the counts of the list just shown (they come back in on_counted)."""
        everything = self.lists.query is None and self.lists.selection.is_empty()
        self.live_counts.request(self.session.path, self.lists.selection,
                                 None if everything else self.list_model.ids())

    def on_counted(self, counts: ListCounts) -> None:
        self.browse.model().set_live_counts(counts.facets)
        self.timeline.set_counts(counts.months)

    def _show_order(self) -> None:
        """The header's sort indicator says the list's real order (none when ranked)."""
        key, descending = self.list_model.sort_key
        self.list_view.show_order(key, descending)

    def on_tag_requested(self, code: str) -> None:
        self.browse.select_facet("tag", code)

    def focus_search(self) -> None:
        self.search.edit.setFocus()
        self.search.edit.selectAll()

    # Libraries and imports --------------------------------------------------------------------

    def start_sample_import(self, seeds: Path) -> Job | None:
        """The first run: the sample archive comes in quietly while the viewer says what it
        is and how to import the real archive (no dialog to dismiss)."""
        self._welcome = True
        job = self.imports.start_import([seeds], dialog=False)
        self.show_welcome()  # and again with the count once imported (on_library_changed)
        return job

    def show_welcome(self) -> None:
        """The welcome page, while no cable is open."""
        if not self._welcome or self.reader.cable is not None:
            return
        count = None if self.session.import_job is not None else self.session.library.count()
        native = QKeySequence.SequenceFormat.NativeText
        self.reader.clear_cable(welcome_html(
            count, self.imports.act_import_folder.shortcut().toString(native),
            self.imports.act_import_files.shortcut().toString(native)))

    def on_library_opened(self, library: object) -> None:
        self.history = History()
        self._update_history_actions()
        self.reader.clear_cable()
        self.list_model.set_library(self.session.library)
        self.filters.reset()  # a search of the old library means nothing here
        self._warm_up_counts()
        # One list refresh, whether or not the tree announces a new selection.
        self.browse.blockSignals(True)
        self.browse.set_library(self.session.library)
        self.browse.blockSignals(False)
        self.lists.set_selection(self.filters.selection())
        self.filters.update_chips()
        self.update_annotated()
        self.update_collections()
        self._update_library_status()

    def release_library(self) -> None:
        """A full import replaced the library's file: every worker lets go of the old one
        before the session opens the new one (then ``on_library_changed``)."""
        self.lists.shutdown()
        self.live_counts.release()
        self.saved_counts.shutdown()

    def on_library_changed(self) -> None:
        self.list_model.set_library(self.session.library)  # a new object after a full import
        self.browse.set_library(self.session.library)
        self.lists.refresh()
        self.update_annotated()
        self.update_collections()
        self._update_library_status()
        if self.reader.cable is None:
            self.restore_last_cable()
            self.show_welcome()

    # Theme ------------------------------------------------------------------------------------

    def set_theme(self, choice: str) -> None:
        """Light, dark or the system's, for the whole window and the open cable; kept.

        The widgets take the new palette a moment later (Qt delivers it as events); the
        viewer re-renders then, once (:meth:`changeEvent`)."""
        applied = theme.apply(choice)
        self.settings.setValue("view/theme", applied)
        for act in self.theme_actions.actions():
            act.setChecked(act.data() == applied)

    def on_palette_changed(self) -> None:
        """Re-render what shows colours: the open cable, the banner, the empty viewer."""
        self.notes_banner.setStyleSheet(theme.banner_style(self.palette()))
        if self.reader.cable is not None:
            self.rerender()
        elif self._welcome:
            self.show_welcome()
        else:
            self.reader.clear_cable()
        self.palette_applied.emit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "notes_banner"):
            if self.isVisible():
                self._palette_timer.start()  # a style and a palette change: one render
            else:  # hidden or closed (its library may be too): when it shows again
                self._palette_stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._palette_stale:
            self._palette_stale = False
            self._palette_timer.start()

    # PDF and print ----------------------------------------------------------------------------

    def cables_to_export(self) -> tuple[list[str], str]:
        """The cables an export or print is about, and how the cover names them: the list's
        selection when several rows are selected, else the open cable, else the whole list."""
        rows = self.list_view.selectionModel().selectedRows()
        lib = self.session.library
        if len(rows) > 1:
            ids = self.list_view.selected_ids()
            found = lib.list_rows(ids)
            return [found[i].refid for i in ids if i in found], \
                f"{len(ids):,} cables selected from {self.describe_list()}"
        if self.reader.cable is not None:
            return [self.reader.cable.refid], self.reader.cable.refid
        ids = self.list_model.ids()
        found = lib.list_rows(ids)
        return [found[i].refid for i in ids if i in found], self.describe_list()

    def describe_list(self) -> str:
        """What the list shows, in words, for a cover: its filters, or the whole library."""
        parts = describe(self.lists.selection)
        if self.search.edit.text().strip():
            parts.append(f"search “{self.search.edit.text().strip()}”")
        return "; ".join(parts) or f"the whole library ({self.session.library.path.name})"

    def on_export_pdf_requested(self) -> None:
        refids, source = self.cables_to_export()
        self.pdf.export(refids, source)

    def on_export_open_cable_requested(self) -> None:
        if self.reader.cable is not None:
            self.pdf.export([self.reader.cable.refid], self.reader.cable.refid)

    def on_print_open_cable_requested(self) -> None:
        if self.reader.cable is not None:
            self.pdf.print_cables([self.reader.cable.refid], self.reader.cable.refid)

    def on_print_requested(self) -> None:
        refids, source = self.cables_to_export()
        self.pdf.print_cables(refids, source)

    def on_print_preview_requested(self) -> None:
        refids, source = self.cables_to_export()
        self.pdf.preview(refids, source)

    # Notes ------------------------------------------------------------------------------------

    def on_notes_changed(self, changed: NotesChanged) -> None:
        """One refresh per operation: the open cable if its notes changed, the tree's
        Annotated node if a note came or went."""
        cable = self.reader.cable
        if cable is not None and changed.refids & {cable.refid, *cable.aliases}:
            self.rerender()
        if changed.changes_membership:
            self.update_annotated()
            if self.saved_counts.depend_on(annotated=True):
                self.saved_counts.schedule()

    def update_annotated(self) -> None:
        ids = self.session.annotated_ids()
        self.browse.set_annotated(len(ids) or None, self.session.annotated_ids)

    def on_storage_failed(self, message: str) -> None:
        warn(self, "Cannot save the notes", message)

    # Reading lists and saved searches ---------------------------------------------------------

    def update_collections(self, count_after: int = 300) -> None:
        """The tree's reading lists (with their cables, in order) and saved searches; their
        counts follow, worked out in the background ``count_after`` ms later."""
        self.browse.set_reading_lists(self.collections.list_specs(), self.list_members)
        self.update_saved_searches()
        self.saved_counts.schedule(count_after)

    def update_saved_searches(self) -> None:
        self.browse.set_saved_searches(self.collections.search_specs(self.saved_counts.counts))

    def describe_key(self, key: Key) -> str:
        """A tree node in words, for a saved search's description (cheap: no facet read)."""
        if key[0] == READING_LIST:
            info = self.collections.lists.get(key[1])
            return key_words(key, f"“{info.name}”" if info else "(deleted)")
        return key_words(key)

    def list_members(self, list_id: str) -> list[int]:
        """A reading list's cables in this library (library ids), in the list's order."""
        return list_cable_ids(self.session.library, self.collections.lists.refids(list_id))[0]

    def refresh_collections(self) -> None:
        """After a notes import (or its undo) changed lists and searches: read them all."""
        self.update_collections()  # announces the shown list's new content, if it changed
        self.rerender()

    def on_collections_changed(self, change: ListsChanged) -> None:
        """One refresh per operation: the tree's nodes, the list if it shows a changed
        reading list, the open cable's reference box if its lists changed, the counts of
        the saved searches that depend on what changed."""
        if change.lists or not change.searches:  # announces the list's new content, if shown
            self.browse.set_reading_lists(self.collections.list_specs(), self.list_members)
        if change.searches:
            self.update_saved_searches()
        if change.searches or self.saved_counts.depend_on(change.lists):
            self.saved_counts.schedule()
        cable = self.reader.cable
        if cable is not None and (change.refids & {cable.refid, *cable.aliases}
                                  or change.lists and not change.refids):
            self.rerender()  # its reference box names its lists

    def cables_for_lists(self) -> list[str]:
        """What Ctrl+D adds: the list's selected cables when the list has the focus or
        several are selected, else the open cable."""
        ids = self.list_view.selected_ids()
        if ids and (len(ids) > 1 or self.list_view.hasFocus() or self.reader.cable is None):
            rows = self.session.library.list_rows(ids)
            return [rows[i].refid for i in ids if i in rows]
        return [self.reader.cable.refid] if self.reader.cable is not None else []

    def extend_reader_menu(self, menu: QMenu) -> None:
        """The viewer's context menu: add the open cable to a reading list; compare its
        sources when it has several."""
        cable = self.reader.cable
        if cable is None:
            return
        menu.addSeparator()
        menu.addMenu(self.collections.add_menu(lambda: [cable.refid], menu))
        if len(cable.sources) > 1:
            menu.addAction("Compare sources…", lambda: self.on_compare_requested(cable.refid))

    def on_node_menu_requested(self, key: Key, pos: QPoint) -> None:
        menu = self.collections.node_menu(key, self)
        if menu is not None:
            menu.exec(pos)

    def on_rename_node_requested(self) -> None:
        key = self.browse.current_key()
        if key is not None:
            self.collections.rename_node(key)

    def on_delete_node_requested(self) -> None:
        key = self.browse.current_key()
        if key is not None:
            self.collections.delete_node(key)

    def run_saved_search(self, search_id: str) -> None:
        """Show what a saved search finds: its tree nodes, search and months become the
        window's filters (the chips show them), one new list."""
        info = self.collections.searches.get(search_id)
        if info is None:
            return
        self.filters.apply(info.filters)
        self.show_message(f"Saved search “{info.name}”.")

    def list_refids_in_library(self, list_id: str) -> tuple[list[str], str]:
        """A reading list's cables this library has, in its order, and its name."""
        info = self.collections.lists.get(list_id)
        ids = self.list_members(list_id)
        rows = self.session.library.list_rows(ids)
        return [rows[i].refid for i in ids if i in rows], info.name if info else ""

    def on_export_list_requested(self, list_id: str) -> None:
        refids, name = self.list_refids_in_library(list_id)
        self.pdf.export(refids, f"reading list “{name}”", title=name)

    def on_export_list_citations_requested(self, list_id: str) -> None:
        refids, name = self.list_refids_in_library(list_id)
        self.citations.export(refids, f"reading list “{name}”")

    def on_compare_requested(self, refid: str) -> None:
        from desktop.ui.compare_view import show_compare

        show_compare(self, self.session.library, refid)

    # Status and state -------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.status_message.setText(text)
        QTimer.singleShot(8000, self.status_message, lambda: self.status_message.text() == text
                          and self.status_message.clear())

    def _update_library_status(self) -> None:
        lib = self.session.library
        self._total = lib.count()
        self.status_library.setText(lib.path.name)
        self.status_library.setToolTip(tooltip(f"{lib.path}\n{plural(self._total, 'cable')}"))
        self._update_list_status()

    def _update_list_status(self) -> None:
        """"N of M cables", and how many are selected: what the filters leave of the library."""
        n = self.list_model.rowCount()
        selected = len(self.list_view.selectionModel().selectedRows())
        total = self._total
        text = f"{n:,} of {plural(total, 'cable')}"
        if self.lists.counting:
            text += " (counting…)"
        if selected > 1:
            text += f", {selected:,} selected"
        self.status_list.setText(text)
        self.list_hint.set_hint(self._empty_list_hint() if n == 0 and not self.lists.counting
                                else "")

    def _empty_list_hint(self) -> str:
        """Why the list is empty, and the way out."""
        if not self._total:
            if self.session.import_job is not None:
                return "Importing… the list shows the cables when the import is done."
            return ("This library holds no cables yet.\nImport cables.csv or WikiLeaks pages "
                    "with File > Import files (Ctrl+I) or Import folder (Ctrl+Shift+I).")
        now = self.filters.current()
        if now.text:
            narrowed = " with these filters" if now.keys or now.date_range else ""
            return (f"No cable matches “{now.text}”{narrowed}."
                    "\nTry fewer words or a prefix (nucl*), or remove a filter above.")
        list_id = self.filters.reading_list()
        info = self.collections.lists.get(list_id) if list_id is not None else None
        if info is not None:
            return (f"“{info.name}” holds no cable of this library yet.\nAdd the open or "
                    "the selected cables with Ctrl+D, or drop them here.")
        return "No cable matches these filters.\nRemove one above with its ×, or Clear all."

    def restore_state(self) -> None:
        """The window as it was left: theme, size, panes, columns, zoom."""
        choice = self.settings.value("view/theme", "system")
        self.set_theme(str(choice) if choice in theme.CHOICES else "system")
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(self.default_size())
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        sizes = self.settings.value("window/splitter")
        if not (isinstance(sizes, QByteArray) and self.splitter.restoreState(sizes)):
            self.splitter.setSizes(self.default_pane_sizes(self.width()))
        header = self.settings.value("list/header")
        if isinstance(header, QByteArray):
            self.list_view.horizontalHeader().restoreState(header)
        zoom = int(self.settings.value("reader/zoom", 0) or 0)
        if zoom:
            self.reader.zoom(zoom)
        else:
            self.on_zoom_changed(0)

    def default_size(self) -> QSize:
        """Most of the screen, up to what three panes need."""
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().size() if screen is not None else QSize(1400, 860)
        return QSize(min(1500, int(room.width() * 0.9)), min(940, int(room.height() * 0.9)))

    def default_pane_sizes(self, width: int) -> list[int]:
        """Tree, list and viewer for a window this wide: the tree as wide as its longer
        names (an embassy, a tag with its count), the viewer at least a cable's 70 columns
        when there is room, the list the rest."""
        metrics = self.fontMetrics()
        tree = metrics.horizontalAdvance("Embassy Addis Ababa  88,888") + 64  # + 2 indents
        mono = QFontMetrics(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        viewer = mono.horizontalAdvance("M" * 70) + self.reader.gutter.width_hint() + 48
        tree = min(tree, max(int(width * 0.2), 190))
        viewer = min(viewer, int(width * 0.5))
        return [tree, max(width - tree - viewer, int(width * 0.25)), viewer]

    def restore_session(self) -> None:
        """What the last run showed: the tree's selection, the search, the list's order and
        the last cable at its place. Anything the library no longer has is left out."""
        saved = self.settings.value("list/sort")
        key, descending = _loads(saved, ["created", True])
        if key in COLUMN_KEYS:
            self.list_model.set_sort(key, bool(descending))
        keys = [(str(k[0]), str(k[1])) for k in _loads(self.settings.value("list/tree_keys"), [])
                if isinstance(k, list) and len(k) == 2]
        dates = _loads(self.settings.value("list/dates"), None)
        if not (isinstance(dates, list) and len(dates) == 2
                and all(month_number(str(d)) is not None for d in dates)):
            dates = None
        text = self.settings.value("list/search")
        query = self.filters.apply(SearchFilters(
            tuple(keys), text.strip() if isinstance(text, str) else "",
            (str(dates[0]), str(dates[1])) if dates else None))
        if query is not None and key in COLUMN_KEYS:  # a search sorted by a column
            self.list_model.sort(COLUMN_KEYS.index(key), Qt.SortOrder.DescendingOrder
                                 if descending else Qt.SortOrder.AscendingOrder)
            self._show_order()
        self.restore_last_cable()

    def restore_last_cable(self) -> None:
        last = self.settings.value("reader/last_cable")
        if isinstance(last, str) and last and self.session.library.id_of(last) is not None:
            scroll = int(self.settings.value("reader/last_scroll", 0) or 0)
            self.open_cable(last, scroll=scroll)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("list/header", self.list_view.horizontalHeader().saveState())
        self.settings.setValue("list/sort", json.dumps(list(self.list_model.sort_key)))
        self.settings.setValue("list/tree_keys", json.dumps(self.browse.selected_keys()))
        self.settings.setValue("list/search", self.filters.search_text())
        self.settings.setValue("list/dates", json.dumps(self.filters.date_range))
        if self.reader.cable is not None:
            self.settings.setValue("reader/last_cable", self.reader.cable.refid)
            self.settings.setValue("reader/last_scroll", self.reader.verticalScrollBar().value())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.imports.busy() and not ask(
                self, "Quit during the import?",
                "An import is still running. Quit now and stop it? " + (
                    "The library stays as it was before this import; importing the same "
                    "files again does the job." if self.imports.replacing() else
                    "The cables imported so far are kept; importing the same files again "
                    "finishes the job.")):
            event.ignore()
            return
        self.save_state()
        self._warm_timer.stop()
        self._follow_timer.stop()
        self.lists.shutdown()
        self.live_counts.shutdown()
        self.saved_counts.shutdown()
        self.pdf.shutdown()
        super().closeEvent(event)

    def on_zoom_changed(self, steps: int) -> None:
        self.settings.setValue("reader/zoom", steps)
        self.status_zoom.setText(f"{100 + 10 * steps}%")

    def on_shortcuts_requested(self) -> None:
        ShortcutsDialog(self.menus, self).exec()

    def on_guide_requested(self) -> None:
        GuideDialog(self).exec()

    def on_copy_citations_requested(self) -> list[str]:
        """The selected cables (the open cable when none is) cited in the chosen style, on
        the clipboard."""
        lib = self.session.library
        ids = self.list_view.selected_ids()
        if ids:
            rows = lib.list_rows(ids[:1000])
            cables = [c for c in (lib.cable(rows[i].refid) for i in ids[:1000] if i in rows)
                      if c is not None]
        else:
            cables = [self.reader.cable] if self.reader.cable is not None else []
        return self.citations.copy(cables)

    def on_export_citations_requested(self) -> None:
        refids, source = self.cables_to_export()
        self.citations.export(refids, source)

    def on_about_requested(self) -> None:
        from desktop.ui.about import show_about

        show_about(self, self.session.path, self.session.notes.store.path)
