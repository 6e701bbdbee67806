"""The viewer: a cable in its three boxes, with internal links, find, zoom and citations."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from urllib.parse import unquote

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit, QToolTip, QWidget

from desktop.archive.records import Cable, Paragraph
from desktop.export.qt_document import InertDocument, inert_resource
from desktop.render.cable_html import BoxLayout, Rendered
from desktop.render.citation import full_citation, paragraph_citation
from desktop.render.html import el, join
from desktop.render.notes import CableNotes, mark_for, notes_text
from desktop.render.theme import Theme, note_bar_colour
from desktop.ui.gutter import Gutter, GutterItem
from desktop.ui.plain_text import tooltip
from desktop.ui.theme import viewer_theme

INTERNAL_SCHEMES = {"cable", "tag", "para", "note"}
MIN_ZOOM, MAX_ZOOM = -6, 12

def empty_html() -> str:
    """What the viewer shows with no cable open, in the palette's colours."""
    dim = viewer_theme().dim
    return str(el("html", el("body", join([
        el("h2", "No cable open"),
        el("p", join(["Choose a node in the browse tree, search, or press ", el("b", "Ctrl+L"),
                      " to open a cable by its reference id."]))]),
        style=f"font-family:sans-serif;color:{dim}")))


def welcome_html(count: int | None, import_folder_keys: str, import_files_keys: str) -> str:
    """The first run's page: a sample archive is (being) loaded, and how to import the real
    one. ``count``: the sample's cables, None while it is still being imported."""
    th = viewer_theme()
    loaded = (f"A sample archive of {count:,} real cables is loaded: the tree on the left "
              "browses it, the search box above the list searches it."
              if count is not None else "A sample archive of real cables is being loaded…")
    return str(el("html", el("body", join([
        el("h2", "Welcome to Cable Reader"),
        el("p", loaded),
        el("h3", "To read the whole archive"),
        el("p", join(["Download the WikiLeaks cablegate torrent or the ", el("i", "cables.csv"),
                      " file once, keep it on this computer, then choose ",
                      el("b", f"File › Import folder… ({import_folder_keys})"),
                      " for an extracted torrent, or ",
                      el("b", f"File › Import files… ({import_files_keys})"),
                      " for cables.csv or saved cable pages. The 251,287 cables take a few "
                      "minutes; the window stays usable meanwhile."])),
        el("p", "Your notes are kept in their own database: importing or re-importing cables "
                "never changes them. Nothing is ever fetched from the network."),
        el("p", "Help › Guide and Help › Keyboard shortcuts say the rest.",
           style=f"color:{th.dim}")]),
        style=f"font-family:sans-serif;color:{th.text}")))


class ReaderView(QTextBrowser):
    """Shows one rendered cable. Announces what the user asks for; never loads anything.

    Signals carry plain values: a refid, a tag code, a paragraph ordinal, a note id.
    """

    cable_requested = Signal(str)
    tag_requested = Signal(str)
    paragraph_activated = Signal(int)  # its ¶ was clicked, or "Annotate" chosen
    cable_note_requested = Signal()
    note_requested = Signal(str)
    citation_copied = Signal(str)
    zoom_changed = Signal(int)
    export_pdf_requested = Signal()
    print_requested = Signal()
    layout_changed = Signal(str)  # the reference box should reflow: see box_layout()
    list_requested = Signal(str)  # a reading list's id: its link in the reference box
    compare_requested = Signal(str)  # a refid: "Compare the sources" in the reference box

    #: Below this width (in average characters) the reference box's five columns cramp.
    NARROW_CHARS = 78  # below, the reference box in label and value rows
    STACKED_CHARS = 44  # below, each label above its value

    def __init__(self, note_tooltip: Callable[[str], str] | None = None,
                 parent: QWidget | None = None):
        """Args:
            note_tooltip: gives a note's text by id, for its marker's tooltip.
        """
        super().__init__(parent)
        #: adds the window's entries to the context menu (reading lists, compare sources)
        self.menu_extender: Callable[[QMenu], None] | None = None
        # Lines break between words only: a word too long for a narrow column scrolls, it is
        # never cut letter by letter (the reference box reflows before that, box_layout()).
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        # The scroll bar stays: a new cable would otherwise hide it (the empty document)
        # and show it again, laying the whole cable out twice at every open.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setDocument(InertDocument(self))  # cable text can never make Qt open a file
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor)
        self.document().setUndoRedoEnabled(False)
        self.cable: Cable | None = None
        self.paragraphs: tuple[Paragraph, ...] = ()
        self._firsts: list[int] = []  # each paragraph's first line in the body
        self._body_block = -1  # the document block of the body's first line
        self._zoom = 0
        self._layout: BoxLayout = "columns"
        self._note_tooltip = note_tooltip
        self.gutter = Gutter(self)
        self.gutter.paragraph_clicked.connect(self.paragraph_activated)
        self.gutter.note_clicked.connect(self.note_requested)
        self._pending_scroll: int | None = None  # a position the layout has not reached yet
        #: How a paragraph is cited: the short reference unless the window sets its style.
        self.cite: Callable[[Cable, Paragraph | None, Sequence[Paragraph]], str] = full_citation
        self.verticalScrollBar().rangeChanged.connect(self._on_scroll_range)
        self.verticalScrollBar().actionTriggered.connect(self._forget_pending_scroll)
        self._fit_gutter()
        self.setHtml(empty_html())

    # Content --------------------------------------------------------------------------------

    def show_cable(self, cable: Cable, rendered: Rendered, keep_position: bool = False,
                   scroll: int | None = None) -> None:
        """Show a rendered cable at the top, where it was (``keep_position``), or at a
        given scroll position."""
        if scroll is None:
            scroll = self.verticalScrollBar().value() if keep_position else 0
        self.cable = cable
        self.paragraphs = rendered.paragraphs
        self._firsts = [p.first_line for p in self.paragraphs]
        self.setHtml(rendered.html)
        self._body_block = self._find_body()
        self._mark_paragraphs(rendered.notes, rendered.theme)
        self.scroll_to(scroll)

    def scroll_to(self, position: int) -> None:
        """Scroll to a position, now or, while the window is still being laid out, as soon
        as the document is that long."""
        bar = self.verticalScrollBar()
        bar.setValue(position)
        self._pending_scroll = position if bar.value() < position else None

    def _forget_pending_scroll(self, _action: int = 0) -> None:
        self._pending_scroll = None  # the reader scrolled: their place wins

    def _on_scroll_range(self, _minimum: int, maximum: int) -> None:
        if self._pending_scroll is not None:
            position = self._pending_scroll
            if maximum >= position:
                self._pending_scroll = None
            self.verticalScrollBar().setValue(min(position, maximum))

    def clear_cable(self, page: str | None = None) -> None:
        """No cable: the "no cable open" page, or another (the welcome)."""
        self._pending_scroll = None
        self.cable = None
        self.paragraphs = ()
        self._firsts = []
        self._body_block = -1
        self.setHtml(page or empty_html())
        self.gutter.set_items([])

    def _find_body(self) -> int:
        """The block of the body's first line (its ``body`` anchor, after a few boxes)."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                if "body" in it.fragment().charFormat().anchorNames():
                    return block.blockNumber()
                it += 1
            block = block.next()
        return -1

    def _mark_paragraphs(self, notes: CableNotes, theme: Theme) -> None:
        """The gutter's ¶ for every paragraph, ✎ and a bar for annotated ones (their solid
        tint is in the HTML)."""
        if self._body_block < 0:
            self.gutter.set_items([])
            return
        items = []
        for p in self.paragraphs:
            first, last = self._body_block + p.first_line, self._body_block + p.last_line
            marked = notes.by_ordinal.get(p.ordinal)
            if not marked:
                items.append(GutterItem(p.ordinal, p.label, first, last))
                continue
            mark = mark_for(marked, theme.note_colour)
            newest = max(marked, key=lambda n: (n.updated, n.created))
            items.append(GutterItem(p.ordinal, p.label, first, last, mark.colour,
                                    note_bar_colour(newest.colour), mark.note_ids,
                                    notes_text(marked), theme.text))
        self.gutter.set_items(items)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place_gutter()
        layout = self.box_layout()
        if layout != self._layout:
            self._layout = layout
            self.layout_changed.emit(layout)

    def box_layout(self) -> BoxLayout:
        """How the reference box fits this width at the current zoom: its five columns, label
        and value rows when narrow, each label above its value when very narrow."""
        chars = self.viewport().width() / max(1, self.fontMetrics().averageCharWidth())
        if chars >= self.NARROW_CHARS:
            return "columns"
        return "rows" if chars >= self.STACKED_CHARS else "stacked"

    def is_narrow(self) -> bool:
        return self.box_layout() != "columns"

    def _fit_gutter(self) -> None:
        self.setViewportMargins(self.gutter.width_hint(), 0, 0, 0)
        self._place_gutter()

    def _place_gutter(self) -> None:
        area = self.contentsRect()
        self.gutter.setGeometry(area.left(), area.top(), self.gutter.width_hint(),
                                area.height())

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt override)
        """Nothing is ever fetched: not images, not stylesheets, not from disk or network."""
        return inert_resource(kind)

    # Paragraphs -----------------------------------------------------------------------------

    def paragraph_at(self, pos: QPoint) -> Paragraph | None:
        """The paragraph under a point of the viewport."""
        return self.paragraph_at_position(self.cursorForPosition(pos).position())

    def paragraph_at_position(self, position: int) -> Paragraph | None:
        """The paragraph a document position is in (each body line is one block)."""
        if self._body_block < 0 or not self.paragraphs:
            return None
        line = self.document().findBlock(position).blockNumber() - self._body_block
        i = bisect.bisect_right(self._firsts, line) - 1
        return self.paragraphs[i] if i >= 0 else None  # a blank line: the one above

    def scroll_to_paragraph(self, ordinal: int) -> None:
        self.scrollToAnchor(f"p{ordinal}")

    def citation_for(self, paragraph: Paragraph) -> str:
        """One paragraph cited, in the window's citation style (``cite``)."""
        assert self.cable is not None
        return self.cite(self.cable, paragraph, self.paragraphs)

    def copy_citation(self, paragraph: Paragraph) -> str:
        text = self.citation_for(paragraph)
        QGuiApplication.clipboard().setText(text)
        self.citation_copied.emit(text)
        return text

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        paragraph = self.paragraph_at(event.pos()) if self.cable else None
        if paragraph is not None:
            menu.addSeparator()
            where = paragraph_citation(self.cable.refid, paragraph, self.paragraphs)
            cite = QAction(f"Copy citation of {where.removeprefix(self.cable.refid).strip()}",
                           menu)
            cite.triggered.connect(lambda: self.copy_citation(paragraph))
            menu.addAction(cite)
            annotate = QAction("Annotate this paragraph…", menu)
            annotate.triggered.connect(lambda: self.paragraph_activated.emit(paragraph.ordinal))
            menu.addAction(annotate)
        if self.cable is not None:
            whole = QAction("Add a note on the whole cable…", menu)
            whole.triggered.connect(self.cable_note_requested.emit)
            menu.addAction(whole)
            menu.addSeparator()
            menu.addAction("Export this cable to PDF…", self.export_pdf_requested.emit)
            menu.addAction("Print this cable…", self.print_requested.emit)
        if self.menu_extender is not None:
            self.menu_extender(menu)
        menu.exec(event.globalPos())

    def paragraph_near_cursor(self) -> Paragraph | None:
        """The paragraph of the text cursor, else the first one on screen (for shortcuts)."""
        return (self.paragraph_at_position(self.textCursor().position())
                or self.paragraph_at(QPoint(10, 10)))

    def event(self, e: QEvent) -> bool:
        """Tooltips are plain text, always: a note marker shows the note, anything else the
        ``title`` of the text under the pointer (Qt would render a title that looks like HTML
        as HTML)."""
        if e.type() == QEvent.Type.ToolTip:
            QToolTip.showText(e.globalPos(), tooltip(self.tooltip_at(e.pos())), self)  # type: ignore[attr-defined]
            return True
        return super().event(e)

    def tooltip_at(self, pos: QPoint) -> str:
        """The tooltip text for a point of the viewport (plain text; '' for none)."""
        anchor = self.anchorAt(pos)
        if anchor.startswith("note:") and self._note_tooltip is not None:
            return self._note_tooltip(unquote(anchor[5:]))
        return self.cursorForPosition(pos).charFormat().toolTip()

    # Links ----------------------------------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        value = unquote(url.path() or url.toString().partition(":")[2])
        if scheme == "cable":
            self.cable_requested.emit(value)
        elif scheme == "tag":
            self.tag_requested.emit(value)
        elif scheme == "para" and value.isdigit():
            self.paragraph_activated.emit(int(value))
        elif scheme == "note":
            self.note_requested.emit(value)
        elif scheme == "list":
            self.list_requested.emit(value)
        elif scheme == "compare":
            self.compare_requested.emit(value)
        # Anything else (it cannot come from cable text, which is escaped) is ignored.

    # Find and zoom --------------------------------------------------------------------------

    def find_text(self, text: str, backward: bool = False, case: bool = False) -> bool:
        """Find the next match, wrapping around once."""
        if not text:
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if case:
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        found = self.find(text, flags)
        if not found:
            cursor = self.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward
                                else QTextCursor.MoveOperation.Start)
            self.setTextCursor(cursor)
            found = self.find(text, flags)
        if found:
            self.center_cursor()
        return found

    def center_cursor(self) -> None:
        """Scroll so that the text cursor (a match) sits in the middle of the view."""
        rect = self.cursorRect()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 2)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt override)
        """Tab and Shift+Tab leave the viewer for the next pane, as everywhere in the window
        (QTextBrowser would walk its links first: Alt+Down and Alt+Up do that here)."""
        return QTextEdit.focusNextPrevChild(self, next)

    def focus_link(self, forward: bool = True) -> bool:
        """Move the keyboard focus to the next or previous link (Enter follows it); False
        past the last one, where the viewer keeps the focus."""
        before = QTextCursor(self.textCursor())
        QTextBrowser.focusNextPrevChild(self, forward)
        if not self.hasFocus():
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            self.setTextCursor(before)
            return False
        return self.textCursor() != before

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Space and Shift+Space page down and up; Ctrl+Home and Ctrl+End go to the ends;
        Alt+Down and Alt+Up step through the links."""
        bar = self.verticalScrollBar()
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        if alt and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.focus_link(key == Qt.Key.Key_Down)
        elif key == Qt.Key.Key_Space and not ctrl:
            bar.triggerAction(bar.SliderAction.SliderPageStepSub
                              if mods & Qt.KeyboardModifier.ShiftModifier
                              else bar.SliderAction.SliderPageStepAdd)
        elif key == Qt.Key.Key_Home and ctrl:
            bar.setValue(bar.minimum())
        elif key == Qt.Key.Key_End and ctrl:
            bar.setValue(bar.maximum())
        else:
            super().keyPressEvent(event)

    def count_matches(self, text: str, case: bool = False) -> int:
        if not text:
            return 0
        flags = QTextDocument.FindFlag.FindCaseSensitively if case else QTextDocument.FindFlag(0)
        doc = self.document()
        cursor = doc.find(text, 0, flags)
        n = 0
        while not cursor.isNull():
            n += 1
            cursor = doc.find(text, cursor, flags)
        return n

    def zoom(self, steps: int) -> None:
        target = max(MIN_ZOOM, min(MAX_ZOOM, self._zoom + steps))
        delta = target - self._zoom
        if delta > 0:
            self.zoomIn(delta)
        elif delta < 0:
            self.zoomOut(-delta)
        self._zoom = target
        self._fit_gutter()
        self.zoom_changed.emit(target)

    def reset_zoom(self) -> None:
        self.zoom(-self._zoom)

    @property
    def zoom_level(self) -> int:
        return self._zoom
