"""The viewer: three boxes, internal links only, inert cable text, find, zoom, citations."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

from desktop.archive.library import Library
from desktop.archive.records import Cable, SourceKind, SourceRef
from desktop.render.assemble import render_from_library
from desktop.render.cable_html import RenderContext, render_cable
from desktop.ui.reader_view import INTERNAL_SCHEMES, ReaderView

pytestmark = pytest.mark.gui


@pytest.fixture
def reader(qtbot) -> ReaderView:  # type: ignore[no-untyped-def]
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    return view


@pytest.fixture
def seed(sample_library: Path):  # type: ignore[no-untyped-def]
    with Library(sample_library) as lib:
        found = render_from_library(lib, "10DUSHANBE170")
    assert found is not None
    return found


def _anchors(view: ReaderView) -> list[str]:
    hrefs = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                hrefs.append(fmt.anchorHref())
            it += 1
        block = block.next()
    return hrefs


def test_three_boxes(reader: ReaderView, seed) -> None:  # type: ignore[no-untyped-def]
    cable, rendered = seed
    reader.show_cable(cable, rendered)
    text = reader.toPlainText()
    for label in ("Reference ID", "Created", "Released", "Classification", "Origin",
                  "Header", "Body"):
        assert label in text
    assert "2010-02-10 12:22" in text and "UNCLASSIFIED//\nFOR OFFICIAL USE ONLY" in text
    assert text.index("VZCZCXRO0454") < text.index("UNCLAS SECTION 01 OF 12")
    assert "Keep Us Strong" not in text


def test_links_are_internal_and_announce_intent(qtbot, reader: ReaderView, seed) -> None:  # type: ignore[no-untyped-def]
    cable, rendered = seed
    reader.show_cable(cable, rendered)
    hrefs = _anchors(reader)
    assert "tag:KTIP" in hrefs
    assert {h.partition(":")[0] for h in hrefs} <= INTERNAL_SCHEMES
    with qtbot.waitSignal(reader.tag_requested) as tag:
        reader.anchorClicked.emit(QUrl("tag:KTIP"))
    assert tag.args == ["KTIP"]
    with qtbot.waitSignal(reader.cable_requested) as opened:
        reader.anchorClicked.emit(QUrl("cable:66BUENOSAIRES2481"))
    assert opened.args == ["66BUENOSAIRES2481"]
    with qtbot.waitSignal(reader.paragraph_activated) as para:
        reader.anchorClicked.emit(QUrl("para:2"))
    assert para.args == [2]


def test_remote_content_in_cable_text_stays_inert(reader: ReaderView) -> None:
    asked: list[str] = []
    original = reader.loadResource
    reader.loadResource = lambda kind, url: asked.append(str(url)) or original(kind, url)  # type: ignore[method-assign]
    body = ("UNCLAS\nTAGS: PREL\nSUBJECT: TEST\n\n1. (U) See <img src=\"http://example.com/x.png\">"
            " and <script>alert('x')</script> at <a href=\"http://evil.example/\">here</a>"
            " &lt;b&gt; http://www.spiegel.de/\n")
    cable = Cable("10TEST1", "2010-01-01T00:00", None, "UNCLASSIFIED", "Embassy Test", "TEST",
                  ("PREL",), "PREL", (), "", "", body,
                  source=SourceRef(SourceKind.HTML, "x.html"))
    reader.show_cable(cable, render_cable(cable, RenderContext()))
    text = reader.toPlainText()
    assert '<img src="http://example.com/x.png">' in text
    assert "<script>alert('x')</script>" in text
    assert '<a href="http://evil.example/">here</a>' in text
    assert not [h for h in _anchors(reader) if "http" in h]
    assert not [u for u in asked if u.startswith(("http", "file", "ftp"))]
    block = reader.document().begin()
    while block.isValid():  # no image made it into the document
        it = block.begin()
        while not it.atEnd():
            assert not it.fragment().charFormat().isImageFormat()
            it += 1
        block = block.next()


def test_paragraph_under_the_cursor_and_citation(reader: ReaderView, seed) -> None:  # type: ignore[no-untyped-def]
    cable, rendered = seed
    reader.show_cable(cable, rendered)
    doc_text = reader.document().toPlainText()
    pos = doc_text.index("Answers to questions from reftel")
    paragraph = reader.paragraph_at_position(pos)
    assert paragraph is not None and paragraph.label == "2"
    full = ("10DUSHANBE170, ¶2, '2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN', "
            "Embassy Dushanbe, 2010-02-10, UNCLASSIFIED//FOR OFFICIAL USE ONLY")
    assert reader.copy_citation(paragraph) == full  # the issue's own example, word for word
    assert QGuiApplication.clipboard().text() == full
    lettered = reader.paragraph_at_position(doc_text.index("What are the sources of information"))
    assert lettered is not None and lettered.label == "A"
    assert reader.citation_for(lettered).startswith("10DUSHANBE170, ¶A (paragraph 3 of ")
    assert reader.paragraph_at_position(doc_text.index("VZCZCXRO0454")) is None


def test_find_and_zoom(reader: ReaderView, seed) -> None:  # type: ignore[no-untyped-def]
    cable, rendered = seed
    reader.show_cable(cable, rendered)
    assert reader.find_text("Tajikistan")
    assert reader.textCursor().selectedText().lower() == "tajikistan"
    assert reader.count_matches("Tajikistan") > 10
    assert not reader.find_text("no such words here")
    size = reader.font().pointSizeF()
    reader.zoom(2)
    assert reader.zoom_level == 2 and reader.font().pointSizeF() > size
    reader.reset_zoom()
    assert reader.zoom_level == 0


def test_aliases_details_and_notes_kept_under_another_id(qapp, sample_library: Path,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    """7575LIBREVILLE1895 is published under a malformed id; its corrected form is an alias.
    The reference box says so, and a note kept under the alias shows on the cable."""
    from desktop.annotations.store import NotesStore
    from desktop.archive.paragraphs import parse_paragraphs

    with Library(sample_library, readonly=True) as lib, NotesStore(tmp_path / "n.db") as notes:
        cable = lib.cable("75LIBREVILLE1895")  # found by its alias
        assert cable is not None and cable.refid == "7575LIBREVILLE1895"
        paragraphs = parse_paragraphs(cable.body)
        notes.add("75LIBREVILLE1895", paragraphs[0], paragraphs, "kept under the alias")
        found = render_from_library(lib, "7575LIBREVILLE1895", notes)
        assert found is not None
        html = found[1].html
        assert "Also published as" in html and "75LIBREVILLE1895" in html
        assert len(found[1].notes.by_ordinal) == 1
        seed = render_from_library(lib, "10DUSHANBE170")
        assert seed is not None and "Signed: </b>QUAST" in seed[1].html.replace("'", "")
