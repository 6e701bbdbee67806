"""The timeline: bars per month with gaps, drag / click / keys to choose months, Escape or a
double click to clear, plain-text tooltips, colours from the palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from desktop.ui.plain_text import tooltip
from desktop.ui.timeline import HELP, TimelineWidget, month_name, month_number

pytestmark = pytest.mark.gui

COUNTS = [("2009-03", 1234), ("2009-01", 5), ("2009-04", 40), ("2010-02", 300),
          ("not a month", 9), ("2009-13", 9), ("2009-07", 0)]


@pytest.fixture
def timeline(qtbot: QtBot) -> TimelineWidget:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(560, 60)
    widget.set_counts(COUNTS)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def at(widget: TimelineWidget, month: str) -> QPoint:
    return widget.bar_rect(month).center().toPoint()


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202020"),
                         (QPalette.ColorRole.WindowText, "#eeeeee"),
                         (QPalette.ColorRole.Base, "#181818"),
                         (QPalette.ColorRole.Text, "#eeeeee"),
                         (QPalette.ColorRole.Button, "#333333"),
                         (QPalette.ColorRole.ButtonText, "#eeeeee"),
                         (QPalette.ColorRole.Mid, "#555555"),
                         (QPalette.ColorRole.Highlight, "#2a6fdb"),
                         (QPalette.ColorRole.Link, "#8ab4ff"),
                         (QPalette.ColorRole.PlaceholderText, "#999999")):
        pal.setColor(role, QColor(colour))
    return pal


def test_months_span_the_data_with_gaps() -> None:
    assert month_number("2009-03") == 2009 * 12 + 2
    assert month_name(month_number("1999-12") or 0) == "1999-12"
    assert month_number("2009-13") is None and month_number("2009-3") is None


def test_bars_from_first_to_last_month(timeline: TimelineWidget) -> None:
    months = timeline.months()
    assert months[0] == ("2009-01", 5) and months[-1] == ("2010-02", 300)
    assert len(months) == 14  # 2009-01 .. 2010-02, empty months kept as gaps
    assert dict(months)["2009-02"] == 0 and dict(months)["2009-03"] == 1234
    assert timeline.month_at(at(timeline, "2009-04").x()) == "2009-04"
    assert timeline.month_at(-50) is None


def test_dragging_chooses_a_range(qtbot: QtBot, timeline: TimelineWidget) -> None:
    left = Qt.MouseButton.LeftButton
    with qtbot.waitSignal(timeline.range_chosen) as blocker:
        qtbot.mousePress(timeline, left, pos=at(timeline, "2009-09"))
        qtbot.mouseMove(timeline, at(timeline, "2009-06"))
        qtbot.mouseMove(timeline, at(timeline, "2009-03"))
        qtbot.mouseRelease(timeline, left, pos=at(timeline, "2009-03"))
    assert blocker.args == ["2009-03", "2009-09"]  # in order, whichever way it was dragged


def test_a_click_chooses_its_month_and_a_double_click_clears(qtbot: QtBot,
                                                              timeline: TimelineWidget) -> None:
    with qtbot.waitSignal(timeline.range_chosen) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=at(timeline, "2010-02"))
    assert blocker.args == ["2010-02", "2010-02"]
    with qtbot.waitSignal(timeline.range_cleared):
        qtbot.mouseDClick(timeline, Qt.MouseButton.LeftButton, pos=at(timeline, "2010-02"))


def test_escape_clears_a_range_and_is_left_alone_without_one(qtbot: QtBot,
                                                             timeline: TimelineWidget) -> None:
    with qtbot.assertNotEmitted(timeline.range_cleared):
        qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    timeline.set_range("2009-04", "2009-02")
    with qtbot.waitSignal(timeline.range_cleared):
        qtbot.keyClick(timeline, Qt.Key.Key_Escape)


def test_keys_move_extend_and_choose(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.clearFocus()
    timeline.set_marked_month("2009-03")
    timeline.setFocus()
    qtbot.waitUntil(timeline.hasFocus)
    assert timeline.focusPolicy() == Qt.FocusPolicy.StrongFocus
    with qtbot.waitSignal(timeline.range_chosen) as blocker:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)  # the keyboard starts at the marked month
    assert blocker.args == ["2009-03", "2009-03"]
    qtbot.keyClick(timeline, Qt.Key.Key_Left)
    qtbot.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert "2009-04" in timeline.accessibleDescription()
    with qtbot.waitSignal(timeline.range_chosen) as blocker:
        qtbot.keyClick(timeline, Qt.Key.Key_Enter)
    assert blocker.args == ["2009-02", "2009-04"]
    qtbot.keyClick(timeline, Qt.Key.Key_End)
    with qtbot.waitSignal(timeline.range_chosen) as blocker:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert blocker.args == ["2010-02", "2010-02"]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen, showing a tooltip
def test_tooltips_are_plain_text(qtbot: QtBot, timeline: TimelineWidget) -> None:
    assert timeline.toolTip() == tooltip(HELP)
    assert timeline.accessibleName()
    timeline.set_counts([("2009-03", 1234), ("2009-04", 1)])
    assert timeline.tooltip_at(at(timeline, "2009-04").x()) == tooltip("2009-04: 1 cable")
    assert timeline.tooltip_at(-5) == ""
    pos = at(timeline, "2009-03")
    event = QHelpEvent(QEvent.Type.ToolTip, pos, timeline.mapToGlobal(pos))
    QApplication.sendEvent(timeline, event)
    qtbot.waitUntil(lambda: QToolTip.text() != "")
    assert QToolTip.text() == tooltip("2009-03: 1,234 cables")
    QToolTip.hideText()


def test_a_chosen_range_and_the_bars_take_the_palette_colours(timeline: TimelineWidget) -> None:
    timeline.setPalette(dark_palette())
    timeline.set_range("2009-03", "2009-04")
    image = timeline.grab().toImage()
    bar = timeline.bar_rect("2009-03")
    chosen = image.pixelColor(int(bar.center().x()), int(bar.bottom()) - 2)
    assert chosen == dark_palette().color(QPalette.ColorRole.Highlight)
    plain = timeline.bar_rect("2010-02")
    other = image.pixelColor(int(plain.center().x()), int(plain.bottom()) - 2)
    assert other.lightness() > 128  # light bars on a dark window
    empty = timeline.bar_rect("2009-08")
    background = image.pixelColor(int(empty.center().x()), int(empty.top()) + 2)
    assert background.lightness() < 64  # not the light default


def test_set_range_orders_and_clears(timeline: TimelineWidget) -> None:
    timeline.set_range("2009-05", "2009-02")
    image = timeline.grab().toImage()
    bar = timeline.bar_rect("2009-03")
    assert image.pixelColor(int(bar.center().x()), int(bar.bottom()) - 2) == \
        timeline.palette().color(QPalette.ColorRole.Highlight)
    timeline.set_range(None)
    image = timeline.grab().toImage()
    assert image.pixelColor(int(bar.center().x()), int(bar.bottom()) - 2) != \
        timeline.palette().color(QPalette.ColorRole.Highlight)


def test_no_counts_no_choice(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_counts([])
    widget.grab()
    assert widget.months() == [] and widget.month_at(10) is None
    with qtbot.assertNotEmitted(widget.range_chosen):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
        qtbot.keyClick(widget, Qt.Key.Key_Right)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
