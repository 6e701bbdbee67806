"""Light, dark or the system's: the application palette, and the viewer's colours from it."""

from __future__ import annotations

from typing import Literal

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop.render.theme import Theme

Choice = Literal["system", "light", "dark"]
CHOICES: tuple[Choice, ...] = ("system", "light", "dark")

_system_palette: QPalette | None = None
_system_style: str | None = None


def apply(choice: str) -> Choice:
    """Set the application's palette for a choice (an unknown choice means "system");
    returns the choice applied."""
    global _system_palette, _system_style
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
        _system_style = app.style().name()
    if choice == "dark":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())
        return "dark"
    if choice == "light":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(light_palette())
        return "light"
    if _system_style:
        app.setStyle(QStyleFactory.create(_system_style))
    app.setPalette(_system_palette)
    return "system"


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def viewer_theme(palette: QPalette | None = None) -> Theme:
    """The rendered cable's colours, following a palette (the application's by default)."""
    pal = palette or QGuiApplication.palette()
    text = pal.color(QPalette.ColorRole.Text).name()
    link = pal.color(QPalette.ColorRole.Link).name()
    if is_dark(pal):
        base = pal.color(QPalette.ColorRole.Base)
        return Theme.dark(text=text, link=link, box_bg=base.lighter(125).name(),
                          header_bg=base.lighter(150).name())
    return Theme(text=text, link=link)


def light_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#efefef"),
                         (QPalette.ColorRole.WindowText, "#1b1b1b"),
                         (QPalette.ColorRole.Base, "#ffffff"),
                         (QPalette.ColorRole.AlternateBase, "#f5f5f3"),
                         (QPalette.ColorRole.Text, "#1b1b1b"),
                         (QPalette.ColorRole.Button, "#efefef"),
                         (QPalette.ColorRole.ButtonText, "#1b1b1b"),
                         (QPalette.ColorRole.ToolTipBase, "#ffffdc"),
                         (QPalette.ColorRole.ToolTipText, "#1b1b1b"),
                         (QPalette.ColorRole.PlaceholderText, "#8a8a8a"),
                         (QPalette.ColorRole.Highlight, "#3874d8"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"),
                         (QPalette.ColorRole.Link, "#1a55c4"),
                         (QPalette.ColorRole.Mid, "#b8b8b8")):
        p.setColor(role, QColor(colour))
    return p


def dark_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"),
                         (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.Button, "#353535"),
                         (QPalette.ColorRole.ButtonText, "#e6e6e6"),
                         (QPalette.ColorRole.BrightText, "#ff6b6b"),
                         (QPalette.ColorRole.ToolTipBase, "#3a3a3a"),
                         (QPalette.ColorRole.ToolTipText, "#e6e6e6"),
                         (QPalette.ColorRole.PlaceholderText, "#8f8f8f"),
                         (QPalette.ColorRole.Highlight, "#3d6fc4"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"),
                         (QPalette.ColorRole.Link, "#8ab4ff"),
                         (QPalette.ColorRole.LinkVisited, "#c39bff"),
                         (QPalette.ColorRole.Mid, "#555555"),
                         (QPalette.ColorRole.Dark, "#1a1a1a"),
                         (QPalette.ColorRole.Light, "#4a4a4a")):
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return p


def dim_colour(palette: QPalette | None = None) -> str:
    """Secondary text (details, counts), readable on the palette's window colour."""
    pal = palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.PlaceholderText).name()


def error_colour(palette: QPalette | None = None) -> str:
    return "#ff8a8a" if is_dark(palette or QGuiApplication.palette()) else "#a33333"


def banner_style(palette: QPalette | None = None) -> str:
    """A warning banner: warm yellow on a light window, dark amber on a dark one."""
    if is_dark(palette or QGuiApplication.palette()):
        return ("background:#4a3d12; color:#f3e3a8; padding:6px; "
                "border-bottom:1px solid #a88a2c")
    return "background:#fff4d6; color:#5a4300; padding:6px; border-bottom:1px solid #e0b84c"


def not_found_style(palette: QPalette | None = None) -> str:
    return ("background-color: #5a2a2a" if is_dark(palette or QGuiApplication.palette())
            else "background-color: #ffe0e0")
