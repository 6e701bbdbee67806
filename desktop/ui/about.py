"""Help > About: the version, what it runs on, where its data lives, and its licence."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import APP_NAME, __license__, __version__
from desktop.paths import default_library, default_notes, user_data_dir
from desktop.render.html import Markup, el, join

NETWORK = "Nothing is ever fetched from the network."


def about_facts(library_path: Path | None = None,
                notes_path: Path | None = None) -> list[tuple[str, str]]:
    """What the About box says, as (label, value) pairs: also useful in a bug report."""
    build = "PyInstaller build" if getattr(sys, "frozen", False) else "Python source"
    return [
        ("Version", __version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", f"{platform.python_version()} ({build})"),
        ("System", platform.platform(terse=True)),
        ("Data folder", str(user_data_dir())),
        ("Library", str(library_path or default_library())),
        ("Notes", str(notes_path or default_notes())),
        ("Licence", __license__),
    ]


def about_html(facts: list[tuple[str, str]]) -> Markup:
    """The box's text: every value escaped (a path can hold anything)."""
    rows = [el("tr", el("td", label, style="padding-right:12px; color:#555"), el("td", value))
            for label, value in facts]
    return join([
        el("h3", f"{APP_NAME} {__version__}"),
        el("p", "An offline reader for archives of diplomatic cables."),
        el("p", NETWORK),
        el("table", *rows),
    ])


def build_about(parent: QWidget | None, library_path: Path | None,
                notes_path: Path | None) -> QMessageBox:
    """The About box, not yet shown; its text can be selected and copied."""
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html(about_facts(library_path, notes_path)))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    icon = box.windowIcon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(64, 64))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def show_about(parent: QWidget | None, library_path: Path | None,
               notes_path: Path | None) -> None:
    """Show the About box and wait until it is closed."""
    build_about(parent, library_path, notes_path).exec()
