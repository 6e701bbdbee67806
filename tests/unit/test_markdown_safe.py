"""Notes render as inert HTML: no scripts, no loads, no links, no styles; Markdown still works."""

from __future__ import annotations

import re

import pytest

from desktop.render.markdown_safe import (
    ALLOWED_TAGS,
    markdown_to_text,
    render_markdown,
    sanitise_html,
)

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="http://example.com/x.png">',
    '<img src=x onerror="alert(1)">',
    '<iframe src="http://example.com/"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "<style>body { background: url(http://example.com/x) }</style>",
    '<div style="color:red" onclick="alert(1)">hi</div>',
    "<svg onload=alert(1)>",
    "<object data='x.swf'></object><embed src='x'>",
    '<link rel="stylesheet" href="http://example.com/s.css">',
    "<meta http-equiv='refresh' content='0;url=http://example.com'>",
    "<form action='http://example.com'><input name=x></form>",
    "<base href='http://example.com/'>",
    "&lt;script&gt; and &#60;img src=x&#62;",
    "<!-- <script>alert(1)</script> -->",
    "<scr<script>ipt>alert(1)</script>",
    "`<script>` in code and\n\n```\n<img src=http://example.com/y>\n```",
    "[link](javascript:alert(1))",
    '[link](http://example.com/ "title onmouseover=alert(1)")',
    "![x](http://example.com/tracker.png)",
    "<http://example.com/auto>",
    "[ref][1]\n\n[1]: http://example.com/ref",
    "* <b onmouseover=alert(1)>item</b>",
]
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_inert(text: str) -> None:
    out = render_markdown(text)
    lowered = out.lower()
    for needle in ("<script", "<img", "<iframe", "<a ", "<a>", "<style", "<svg", "<object",
                   "<embed", "<link", "<meta", "<form", "<input", "<base", "<div", "<span"):
        assert needle not in lowered, (needle, out)
    for needle in ("href", "src=", "style=", "onerror", "onclick", "onload", "onmouseover="):
        assert not re.search(rf"<[^>]*{needle}", lowered), (needle, out)
    for tag, attributes in _TAG.findall(out):
        assert tag in ALLOWED_TAGS and attributes.strip() in ("", "/"), out


def test_raw_html_shows_as_literal_text() -> None:
    out = render_markdown("Beware <script>alert(1)</script> here")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # Raw tags stay the author's literal text: "href" may be read, never followed.
    assert render_markdown('<a href="javascript:alert(1)">x</a>') == (
        '<p>&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</p>')
    assert render_markdown('<img src="http://example.com/x.png">') == (
        '<p>&lt;img src="http://example.com/x.png"&gt;</p>')
    assert markdown_to_text("<script>alert(1)</script>") == "<script>alert(1)</script>"


@pytest.mark.parametrize("text", [
    "![x](http://example.com/tracker.png)", "[link](javascript:alert(1))",
    '[link](http://example.com/ "title")', "<http://example.com/auto>",
    "[ref][1]\n\n[1]: http://example.com/ref", "![a][i]\n\n[i]: http://example.com/i.png",
])
def test_markdown_links_and_images_leave_no_address_attribute(text: str) -> None:
    out = render_markdown(text)
    for needle in ("<a", "<img", "href", "src=", "title="):
        assert needle not in out, (needle, out)


def test_images_become_alt_text_and_address() -> None:
    out = render_markdown("See ![the chart](http://example.com/chart.png) here")
    assert out == "<p>See the chart (http://example.com/chart.png) here</p>"


def test_links_become_text_and_address() -> None:
    assert render_markdown("[the report](http://example.com/r?a=1&b=2)") == (
        "<p>the report (http://example.com/r?a=1&amp;b=2)</p>")
    assert render_markdown("<http://example.com/auto>") == "<p>http://example.com/auto</p>"
    assert render_markdown("[**bold** link](http://x.org)") == (
        "<p><strong>bold</strong> link (http://x.org)</p>")
    assert markdown_to_text("[ref][1]\n\n[1]: http://example.com/ref") == (
        "ref (http://example.com/ref)")


def test_normal_markdown_renders() -> None:
    out = render_markdown("*em* and **strong** and `code <x>`\n\n- one\n- two\n\n1. first\n"
                          "2. second\n\n> quoted\n\n## Heading\n\n---\n\n```\nblock\n```")
    for fragment in ("<em>em</em>", "<strong>strong</strong>", "<code>code &lt;x&gt;</code>",
                     "<ul>", "<li>one</li>", "<ol>", "<li>first</li>", "<blockquote>",
                     "<h2>Heading</h2>", "<hr>", "<pre><code>block"):
        assert fragment in out, fragment


def test_tables_and_line_breaks() -> None:
    out = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\nline one\nline two")
    assert "<table>" in out and "<th>a</th>" in out and "<td>2</td>" in out
    assert "line one<br>" in out
    assert "style" not in out and "align" not in out


def test_small_headings_map_to_h4() -> None:
    assert render_markdown("###### tiny") == "<h4>tiny</h4>"


def test_markdown_to_text() -> None:
    text = markdown_to_text("# Title\n\nSome *emphasis* and a [link](http://x.org).\n\n"
                            "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert text == ("Title\n\nSome emphasis and a link (http://x.org).\n\n• one\n• two\n\n"
                    "a | b\n1 | 2")
    assert markdown_to_text("") == ""
    assert markdown_to_text("a < b & c") == "a < b & c"


def test_sanitiser_alone() -> None:
    dirty = ('<p style="x" onclick="y">keep <b>bold</b><script>drop()</script>'
             '<img src=x><em>open')
    assert sanitise_html(dirty) == "<p>keep <strong>bold</strong><em>open</em></p>"
    assert sanitise_html("</p>stray</li><br/><hr />") == "stray<br><hr>"
