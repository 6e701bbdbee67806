"""Help: every keyboard shortcut (read from the actions, so the list cannot go stale), and a
short guide."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.export.qt_document import InertDocument
from desktop.render.html import Markup, el, join

#: Keys that are not actions of a menu (the views handle them), listed with the rest.
VIEW_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Window", "Next pane / previous pane", "F6 / Shift+F6"),
    ("Window", "Move between the filter, tree, search, list and viewer", "Tab / Shift+Tab"),
    ("Cable list", "Move through the list", "Up / Down / Page Up / Page Down"),
    ("Cable list", "Copy the selected reference ids", "Ctrl+C"),
    ("Cable list", "Open the context menu", "Menu / Shift+F10"),
    ("Viewer", "Page down / page up", "Space / Shift+Space"),
    ("Viewer", "Top / end of the cable", "Ctrl+Home / Ctrl+End"),
    ("Viewer", "Next / previous link (Enter follows it)", "Alt+Down / Alt+Up"),
    ("Viewer", "Annotate the paragraph under the cursor", "Ctrl+Shift+N"),
    ("Search and filters", "Clear the search box or the tree filter", "Esc"),
)


def shortcut_rows(menus: Sequence[QMenu]) -> list[tuple[str, str, str]]:
    """(menu, action, shortcut) for every action of these menus that has a shortcut."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), title)  # type: ignore[arg-type]
            elif _keys(action):
                rows.append((title, action.text().replace("&", "").rstrip("…"), _keys(action)))

    for menu in menus:
        walk(menu, menu.title().replace("&", ""))
    return rows


def _keys(action: QAction) -> str:
    return " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                      for s in action.shortcuts() if not s.isEmpty())


class ShortcutsDialog(QDialog):
    """Every shortcut of the window's menus and views."""

    def __init__(self, menus: Sequence[QMenu], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(640, 560)
        rows = shortcut_rows(menus) + list(VIEW_KEYS)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Where", "What", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


def guide_html() -> Markup:
    """A short guide to the window."""
    sections = (
        ("Find cables", [
            "The tree on the left narrows the list: by tag, origin, classification, creation "
            "or release date. Ctrl+click chooses several values; values of one kind add up, "
            "kinds narrow each other. The counts say how many cables each value would leave.",
            "The search box (Ctrl+K) takes words, \"phrases\", AND / OR / NOT, prefix* and "
            "subject:word. Type a reference id to open that cable. The Match column shows "
            "where each cable matches.",
            "What narrows the list shows above it as chips: remove one with its ×, or all. "
            "The timeline under the list narrows it to the months you drag across.",
        ]),
        ("Collect", [
            "Ctrl+D adds the selected cables, or the open one, to a reading list; drag rows "
            "to order a list, Delete takes cables out. Lists > Save search (Ctrl+Shift+S) "
            "keeps what narrows the list under a name. Both are in the tree, below the facets.",
            "A cable that came from several sources can be compared with them side by side "
            "(View > Compare sources).",
        ]),
        ("Read", [
            "The viewer shows the three boxes of the WikiLeaks page. References and "
            "\"Referenced by\" open other cables; Alt+Left and Alt+Right go back and forward.",
            "¶ in the left margin marks each paragraph: click it to annotate the paragraph.",
        ]),
        ("Annotate", [
            "A note is Markdown with a colour and labels, saved as you type; Ctrl+Z undoes. "
            "✎ and a bar in the margin mark an annotated paragraph. The Notes panel (F9) lists "
            "every note.",
        ]),
        ("Cite, export and print", [
            "Right-click a paragraph to copy its citation; Edit > Citation style chooses the "
            "style, File > Export citations (Ctrl+Shift+B) writes them for Zotero and other "
            "reference managers. File > Export to PDF (Ctrl+Shift+E) writes the selected "
            "cables, with your notes, bookmarks and the classification on every page; "
            "File > Print (Ctrl+P) prints the same pages.",
        ]),
        ("Your data", [
            "Your notes, reading lists and saved searches live in their own database, apart "
            "from the library, which is only an index of the source files and can be "
            "rebuilt. Nothing is ever fetched from the network.",
        ]),
    )
    return join([el("h2", "A short guide to Cable Reader"),
                 *(join([el("h3", title), *(el("p", p) for p in paragraphs)])
                   for title, paragraphs in sections)])


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Guide")
        self.resize(620, 560)
        self.browser = QTextBrowser(self)
        self.browser.setDocument(InertDocument(self.browser))
        self.browser.setOpenLinks(False)
        self.browser.setHtml(str(guide_html()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
