"""Filter chips: one per filter, removable by × or Delete, "Clear all" from two chips on,
hidden when empty, plain-text labels, wrapping, colours from the palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.filter_chips import Chip, FilterChips
from desktop.ui.plain_text import tooltip

pytestmark = pytest.mark.gui

CHIPS = [Chip(("tag", "PREL"), "tag PREL", "External Political Relations"),
         Chip(("origin", "Embassy Paris"), "origin Embassy Paris"),
         Chip(("search", ""), 'search "<b>nuclear</b> <img src=x>"'),
         Chip(("dates", ""), "2009-03 to 2010-02")]


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    layout = QVBoxLayout(widget)
    layout.addWidget(FilterChips())
    layout.addStretch(1)
    widget.resize(700, 120)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def chips_of(host: QWidget) -> FilterChips:
    found = host.findChild(FilterChips)
    assert isinstance(found, FilterChips)
    return found


def test_hidden_when_empty_clear_all_from_two_chips(host: QWidget) -> None:
    chips = chips_of(host)
    assert chips.isHidden()
    chips.set_chips(CHIPS[:1])
    assert not chips.isHidden() and chips.clear_all.isHidden()
    chips.set_chips(CHIPS[:2])
    assert not chips.clear_all.isHidden()
    assert chips.chips() == CHIPS[:2]
    chips.set_chips([])
    assert chips.isHidden()


def test_labels_and_tooltips_are_plain_text(host: QWidget) -> None:
    chips = chips_of(host)
    chips.set_chips(CHIPS)
    search = chips.chip_widgets()[2]
    assert search.label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>nuclear</b>" in search.label.text()
    assert search.toolTip() == tooltip(CHIPS[2].label)
    assert search.remove.toolTip() == tooltip(f"Remove this filter: {CHIPS[2].label} (Delete)")
    assert chips.chip_widgets()[0].toolTip() == tooltip("External Political Relations")


def test_long_labels_are_elided(host: QWidget) -> None:
    chips = chips_of(host)
    chips.set_chips([Chip(("search", ""), "search " + "word " * 80)])
    widget = chips.chip_widgets()[0]
    assert widget.label.text().endswith("…") and widget.width() < 400


def test_the_cross_and_clear_all_announce(qtbot: QtBot, host: QWidget) -> None:
    chips = chips_of(host)
    chips.set_chips(CHIPS)
    with qtbot.waitSignal(chips.chip_removed) as blocker:
        qtbot.mouseClick(chips.chip_widgets()[1].remove, Qt.MouseButton.LeftButton)
    assert blocker.args == [("origin", "Embassy Paris")]
    assert len(chips.chips()) == 4  # it only announces; the owner calls set_chips
    with qtbot.waitSignal(chips.cleared):
        qtbot.mouseClick(chips.clear_all, Qt.MouseButton.LeftButton)


def test_tab_reaches_each_cross_and_delete_removes(qtbot: QtBot, host: QWidget) -> None:
    chips = chips_of(host)
    chips.set_chips(CHIPS)
    widgets = chips.chip_widgets()
    widgets[0].remove.setFocus()
    qtbot.waitUntil(widgets[0].remove.hasFocus)
    qtbot.keyClick(widgets[0].remove, Qt.Key.Key_Tab)
    qtbot.waitUntil(widgets[1].remove.hasFocus)
    with qtbot.waitSignal(chips.chip_removed) as blocker:
        qtbot.keyClick(widgets[1].remove, Qt.Key.Key_Delete)
    assert blocker.args == [("origin", "Embassy Paris")]
    chips.set_chips([c for c in CHIPS if c.key != ("origin", "Embassy Paris")])
    following = chips.chip_widgets()[1]  # the focus stays at the same place
    qtbot.waitUntil(following.remove.hasFocus)
    with qtbot.waitSignal(chips.chip_removed) as blocker:
        qtbot.keyClick(following.remove, Qt.Key.Key_Backspace)
    assert blocker.args == [("search", "")]


def test_chips_wrap_when_narrow(qtbot: QtBot, host: QWidget) -> None:
    chips = chips_of(host)
    chips.set_chips(CHIPS)
    host.resize(900, 120)
    qtbot.waitUntil(lambda: len({w.y() for w in chips.chip_widgets()}) == 1)
    wide = chips.height()
    host.resize(260, 200)
    qtbot.waitUntil(lambda: len({w.y() for w in chips.chip_widgets()}) >= 3)
    assert chips.height() > wide
    assert all(w.geometry().right() <= chips.width() for w in chips.chip_widgets())


def test_chips_take_the_palette_colours(host: QWidget) -> None:
    chips = chips_of(host)
    chips.set_chips(CHIPS[:2])
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202020"),
                         (QPalette.ColorRole.WindowText, "#eeeeee"),
                         (QPalette.ColorRole.Button, "#333333"),
                         (QPalette.ColorRole.ButtonText, "#eeeeee"),
                         (QPalette.ColorRole.Mid, "#555555"),
                         (QPalette.ColorRole.Link, "#8ab4ff")):
        dark.setColor(role, QColor(colour))
    host.setPalette(dark)
    chip = chips.chip_widgets()[0]
    image = chip.grab().toImage()
    inside = QPoint(6, chip.height() // 2)
    assert image.pixelColor(inside) == QColor("#333333")  # not the light default
    link = chips.clear_all.palette().color(QPalette.ColorRole.ButtonText)
    assert link == QColor("#8ab4ff")  # "Clear all" follows the palette's link colour
