"""The one HTML helper: every text and attribute value escaped by construction."""

from __future__ import annotations

from desktop.render.html import Markup, attr, el, join, text, visible, void


def test_text_and_attributes_are_escaped() -> None:
    crafted = "06X1' onmouseover='x'><img src='/dev/zero'>"
    html = el("a", crafted, href=f"cable:{crafted}", title=f"Open {crafted}")
    assert "<img" not in html and "'/dev/zero'" not in html
    assert html.count("<") == 2 and html.count(">") == 2  # one element, no injected tags
    assert attr('"&<>\'') == "&quot;&amp;&lt;&gt;&#x27;"


def test_markup_passes_once_and_plain_text_never() -> None:
    inner = el("b", "<i>")
    assert el("p", inner) == "<p><b>&lt;i&gt;</b></p>"
    assert join(["<x>", inner], void("br")) == "&lt;x&gt;<br/><b>&lt;i&gt;</b>"
    assert isinstance(inner + "<y>", Markup) and (inner + "<y>").endswith("&lt;y&gt;")
    assert text(inner) is inner


def test_none_and_false_attributes_are_left_out() -> None:
    assert el("td", "x", width=None, nowrap=False, class_="c") == "<td class='c'>x</td>"


def test_control_characters_are_shown_in_caret_notation() -> None:
    assert visible("a\x07b\x1b[2J\x00\x7f\tc\n") == "a^Gb^[[2J^@^?\tc\n"
    assert text("\x1b]0;title\x07") == "^[]0;title^G"
