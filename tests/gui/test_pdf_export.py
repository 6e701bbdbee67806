"""The PDF export, read back with pypdf: pages, banners, headers and footers, notes, links,
bookmarks, metadata, the attached notes, atomic writes, hostile input."""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from desktop import __version__
from desktop.annotations.exchange import from_json, merge
from desktop.annotations.store import NotesStore
from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.export.pdf import (
    ExportCancelled,
    ExportError,
    TargetExists,
    export_pdf,
    export_pdf_split,
)
from desktop.export.pdf_layout import PdfOptions
from tests.helpers import csv_record

pytestmark = pytest.mark.gui

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "pdf_10DUSHANBE170.txt"
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
HOSTILE_NOTE = ("**Key** finding <img src='file:///etc/passwd'> <script>alert(1)</script> "
                "[see](http://evil.example/x) [run](javascript:alert(1)) ![i](file:///dev/zero)")
HEADER = ("VZCZCXRO1234\nRR RUEHWEB\nDE RUEHTH #0001 0411200\nZNY CCCCC ZZH\n"
          "R 101200Z FEB 10\nFM AMEMBASSY ATHENS\nTO RUEHC/SECSTATE WASHDC 0001\nBT")
SCRIPTS_BODY = (
    "C O N F I D E N T I A L ATHENS 000001\n\nSIPDIS\n\nE.O. 12958: DECL: 02/10/2020\n"
    "TAGS: PREL, GR\nSUBJECT: NAMES IN THREE SCRIPTS\n\nREF: 10DUSHANBE170\n\n"
    "1. (C) Officials met in Αθήνα, Москва and القاهرة.\n\n"
    "2. (C) A bell \x07 and an escape \x1b[2J sit in this text.\n\n"
    "3. (U) Third paragraph ends here.\n")


def _huge_body() -> str:
    line = "THE DELEGATION DISCUSSED THE MATTER AT LENGTH AND AGREED TO MEET AGAIN.\n"
    paragraphs = [f"{n}. (U) " + line * 40 for n in range(1, 140)]
    return ("UNCLAS LONDON 000002\n\nSUBJECT: A VERY LONG CABLE\n\n" + "\n".join(paragraphs))


@pytest.fixture(scope="module")
def library_path(sample_library: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample library plus crafted cables: three scripts and control characters, and a
    400 KB body."""
    import shutil

    folder = tmp_path_factory.mktemp("pdflib")
    path = folder / "library.db"
    shutil.copy(sample_library, path)
    rows = [
        ["900001", "02/10/2010 12:00", "10ATHENS1", "Embassy Athens", "CONFIDENTIAL",
         "10DUSHANBE170", HEADER, SCRIPTS_BODY],
        ["900002", "02/11/2010 12:00", "10LONDON2", "Embassy London", "UNCLASSIFIED", "",
         "", _huge_body()],
    ]
    csv_path = folder / "crafted.csv"
    csv_path.write_text("".join(csv_record(r) for r in rows), encoding="utf-8", newline="")
    with Library(path) as lib:
        report = import_paths(lib.db, [csv_path])
    assert report.imported == 2
    return path


@pytest.fixture(scope="module")
def library(library_path: Path) -> Iterator[Library]:
    with Library(library_path, readonly=True) as lib:
        yield lib


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Iterator[NotesStore]:
    with NotesStore(tmp_path_factory.mktemp("notes") / "notes.db") as store:
        seed = library.cable("10DUSHANBE170")
        assert seed is not None
        paragraphs = parse_paragraphs(seed.body)
        store.add("10DUSHANBE170", paragraphs[1], paragraphs, HOSTILE_NOTE, "green",
                  ["evidence"])
        store.add("10DUSHANBE170", None, paragraphs, "About the *whole* cable.", "blue")
        athens = library.cable("10ATHENS1")
        assert athens is not None
        ath = parse_paragraphs(athens.body)
        store.add("10ATHENS1", ath[0], ath, "Names: Αθήνα, Москва, القاهرة", "pink")
        gone = store.add("10ATHENS1", ath[2], ath, "a deleted note never travels").note
        store.delete(gone.id)
        yield store


def _flat(text: str) -> str:
    """Text without any whitespace: pypdf's extraction puts spaces inside some words of Qt's
    PDFs ("Answer s"), which pdftotext does not; needles are compared flattened."""
    return "".join(text.split())


def _has(haystack: str, needle: str) -> bool:
    return _flat(needle) in _flat(haystack)


def _pages(reader: PdfReader) -> list[str]:
    """Each page's text, whitespace collapsed, ligatures (ﬁ) and presentation forms
    (Arabic) unfolded."""
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
            for page in reader.pages]


def _outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, page index, children) of each top-level bookmark."""
    out: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            parent = out[-1]
            parent[2].extend((c.title, reader.get_destination_page_number(c)) for c in item)
        else:
            assert isinstance(item, Destination)
            out.append((item.title, reader.get_destination_page_number(item), []))
    return out


def _options(**kw: object) -> PdfOptions:
    return PdfOptions(now=NOW, **kw)  # type: ignore[arg-type]


MULTI = ["66BUENOSAIRES2481", "10DUSHANBE170", "10ATHENS1", "72TEHRAN1164"]


class Exported(tuple):  # type: ignore[type-arg]
    """(path, reader) of an export, with its pages' text extracted once."""

    @property
    def texts(self) -> list[str]:
        cached: list[str] | None = getattr(self, "_texts", None)
        if cached is None:
            cached = _pages(self[1])
            self._texts = cached
        return cached


@pytest.fixture(scope="module")
def multi(qapp, library: Library, notes: NotesStore,  # type: ignore[no-untyped-def]
          tmp_path_factory: pytest.TempPathFactory) -> Exported:
    target = tmp_path_factory.mktemp("multi") / "four.pdf"
    result = export_pdf(library, MULTI, target, _options(author="A. Researcher",
                                                         source="the selection"), notes)
    assert result.files == (target,) and result.cables == 4 and result.missing == ()
    reader = PdfReader(target)
    assert len(reader.pages) == result.pages
    return Exported((target, reader))


def test_pages_carry_banners_headers_and_footers(multi: Exported,
                                                 library: Library) -> None:
    _, reader = multi
    texts = multi.texts
    total = len(texts)
    outline = _outline(reader)
    assert [title.split(" — ")[0] for title, _, _ in outline] == ["Contents", *MULTI]
    starts = [page for _, page, _ in outline[1:]] + [total]
    assert starts[0] == 2  # cover, contents, then the cables
    for n, text in enumerate(texts):
        assert f"Page {n + 1} of {total}" in text
        assert "Exported 2026-12-01 09:30 UTC · Cable Reader " + __version__ in text
    for refid, first, end in zip(MULTI, starts, starts[1:], strict=False):
        cable = library.cable(refid)
        assert cable is not None
        for i, page in enumerate(range(first, end)):
            text = texts[page]
            assert text.startswith(cable.classification)  # the banner, on top...
            assert text.count(cable.classification) >= 2  # ...and at the bottom
            assert f"{refid} — {cable.subject[:20]}" in text
            assert f"Cable page {i + 1} of {end - first}" in text
    assert "— contents" in texts[1] and "Page 1 of" in texts[0]
    assert "CONFIDENTIAL" in texts[0]  # the cover's banner: the highest classification


def test_cover_says_what_was_exported(multi: Exported) -> None:
    cover = _flat(multi.texts[0])
    for fact in ("4 cables", "the selection", "2026-12-01 09:30 UTC", "Prepared by A. Researcher",
                 "Highest classification CONFIDENTIAL", "included after their paragraphs"):
        assert _flat(fact) in cover, fact


def test_contents_list_each_cable_with_its_first_page(multi: Exported) -> None:
    _, reader = multi
    contents = multi.texts[1]
    for _title, page, _children in _outline(reader)[1:]:
        refid = _title.split(" — ")[0]
        assert re.search(rf"{refid} .*? {page + 1}\b", contents), refid


def test_bookmarks_reach_cables_and_annotated_paragraphs(multi: Exported) -> None:
    _, reader = multi
    outline = {title.split(" — ")[0]: (page, children) for title, page, children
               in _outline(reader)}
    page, children = outline["10DUSHANBE170"]
    titles = [t for t, _ in children]
    assert titles[0] == "✎ Note on the whole cable"
    assert titles[1].startswith("¶2: **Key** finding")
    texts = multi.texts
    note_page = children[1][1]
    assert page <= note_page and _has(texts[note_page], "Answers to questions")
    assert outline["10ATHENS1"][1][0][0].startswith("¶1: Names: Αθήνα")
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_links_between_exported_cables_are_internal(multi: Exported) -> None:
    _, reader = multi
    starts = {title.split(" — ")[0]: page for title, page, _ in _outline(reader)}
    dests = reader.named_destinations
    found = []
    for n, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            link = annot.get_object()
            assert "/A" not in link, link  # no actions at all: no URI, no launch
            target = reader.get_destination_page_number(dests[str(link["/Dest"])])
            found.append((n, target))
    athens_start = starts["10ATHENS1"]
    # 10ATHENS1's REF to 10DUSHANBE170 points at that cable's first page
    assert any(athens_start <= n < athens_start + 3 and t == starts["10DUSHANBE170"]
               for n, t in found)
    # the contents link to every cable
    assert {t for n, t in found if n == 1} >= {starts[r] for r in MULTI}


def test_notes_follow_their_paragraph_and_stay_inert(multi: Exported) -> None:
    path, reader = multi
    text = _flat(" ".join(multi.texts))
    para2 = text.index(_flat("Answers to questions from reftel"))
    note = text.index(_flat("Key finding"))
    para3 = text.index(_flat("What are the sources"), para2)
    assert para2 < note < para3
    assert _flat("labels: evidence") in text
    assert _flat("About the whole cable.") in text
    assert _flat("a deleted note never travels") not in text
    raw = path.read_bytes()
    for action in (b"/URI", b"/Launch", b"/JavaScript", b"/JS", b"/SubmitForm"):
        assert action not in raw, action
    assert _flat("see (http://evil.example/x)") in text  # a link's address is shown as text


def test_non_latin_text_and_control_characters(multi: Exported) -> None:
    text = _flat(" ".join(multi.texts))
    assert "Αθήνα" in text and "Москва" in text
    assert "القاهرة" in text or "ةرهاقلا" in text  # extraction order of RTL text varies
    assert _flat("A bell ^G and an escape ^[[2J sit") in text  # caret notation
    fonts = set()
    for page in multi[1].pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(font.get_object().get("/BaseFont"))
            descendant = font.get_object().get("/DescendantFonts")
            if descendant:
                descriptor = descendant[0].get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
    assert fonts


def test_metadata(multi: Exported) -> None:
    meta = multi[1].metadata
    assert meta is not None
    assert meta.title == "4 cables from Cable Reader"
    assert meta.author == "A. Researcher"
    assert meta.creator == f"Cable Reader {__version__}"
    assert meta.subject == ("4 diplomatic cables (the selection), exported with "
                            f"Cable Reader {__version__}")
    assert "KTIP" in (meta.get("/Keywords") or "") and "PREL" in meta["/Keywords"]
    xmp = multi[1].xmp_metadata
    assert xmp is not None and xmp.dc_title["x-default"] == "4 cables from Cable Reader"


def test_attached_notes_import_into_an_empty_database(multi: Exported,
                                                      notes: NotesStore,
                                                      tmp_path: Path) -> None:
    attached = multi[1].attachments["cable-reader-notes.json"][0]
    imported = from_json(attached.decode("utf-8"))
    assert json.loads(attached)["type"] == "cable-reader-notes"
    with NotesStore(tmp_path / "recipient.db") as recipient:
        result = merge(recipient, imported)
        assert result.added == 3
        mine = {n.id: n for n in notes.for_cables(MULTI)}
        theirs = {n.id: n for n in recipient.all_notes()}
    assert theirs == mine  # the live notes, not the deleted one


def test_no_notes_leaves_them_out(qapp, library: Library, notes: NotesStore,  # type: ignore[no-untyped-def]
                                  tmp_path: Path) -> None:
    target = tmp_path / "plain.pdf"
    export_pdf(library, ["10DUSHANBE170"], target, _options(notes=False), notes)
    reader = PdfReader(target)
    text = _flat(" ".join(_pages(reader)))
    assert _flat("Key finding") not in text and _flat("whole cable") not in text
    assert not reader.attachments
    assert [t for t, _, _ in _outline(reader)] == [
        "10DUSHANBE170 — 2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN"]


def test_single_cable_golden_text(qapp, library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The seed cable's PDF, as text. After a deliberate change, rewrite it with
    ``UPDATE_GOLDEN=1 make test`` and review the diff."""
    target = tmp_path / "seed.pdf"
    export_pdf(library, ["10DUSHANBE170"], target, _options())
    pages = [f"--- page {n + 1}\n{text}" for n, text in enumerate(_pages(PdfReader(target)))]
    actual = "\n".join(pages) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_page_sizes(qapp, library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for size, (width, height) in (("A4", (595, 842)), ("Letter", (612, 792))):
        target = tmp_path / f"{size}.pdf"
        export_pdf(library, ["10DUSHANBE170"], target, _options(page_size=size))
        box = PdfReader(target).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (width, height)


def test_a_400_kb_cable(qapp, library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cable = library.cable("10LONDON2")
    assert cable is not None and len(cable.body) > 400_000
    target = tmp_path / "huge.pdf"
    result = export_pdf(library, ["10LONDON2"], target, _options())
    reader = PdfReader(target)
    pages = len(reader.pages)
    assert result.pages == pages > 90
    last = " ".join(reader.pages[-1].extract_text().split())
    assert f"Page {pages} of {pages}" in last and _has(last, "139. (U) THE DELEGATION")


def test_unknown_refids_are_reported_and_the_rest_exported(qapp, library: Library,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    target = tmp_path / "some.pdf"
    result = export_pdf(library, ["NOPE1", "10dushanbe170", "10DUSHANBE170"], target,
                        _options())
    assert result.missing == ("NOPE1",) and result.cables == 1  # lower case found, once
    with pytest.raises(ExportError, match="NOPE1, NOPE2"):
        export_pdf(library, ["NOPE1", "NOPE2"], tmp_path / "none.pdf", _options())
    assert not (tmp_path / "none.pdf").exists()


def test_an_existing_file_is_kept_unless_replacing_is_allowed(qapp, library: Library,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"mine")
    with pytest.raises(TargetExists):
        export_pdf(library, ["10DUSHANBE170"], target, _options())
    assert target.read_bytes() == b"mine"
    export_pdf(library, ["10DUSHANBE170"], target, _options(), overwrite=True)
    assert target.read_bytes().startswith(b"%PDF")


def test_a_cancelled_export_leaves_nothing(qapp, library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "cancelled.pdf"
    target.write_bytes(b"old")
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        export_pdf(library, MULTI, target, _options(), overwrite=True,
                   progress=lambda p: seen.append(p.cables_done), cancel=lambda: bool(seen))
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cancelled.pdf"]


def test_an_unwritable_folder_is_a_clear_error(qapp, library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExportError, match="Cannot write to"):
        export_pdf(library, ["10DUSHANBE170"], tmp_path / "missing" / "x.pdf", _options())


def test_split_writes_one_file_per_cable(qapp, library: Library, notes: NotesStore,  # type: ignore[no-untyped-def]
                                         tmp_path: Path) -> None:
    folder = tmp_path / "split"
    result = export_pdf_split(library, MULTI[:3], folder, _options(), notes)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{r}.pdf" for r in MULTI[:3])
    assert result.cables == 3
    reader = PdfReader(folder / "10DUSHANBE170.pdf")
    assert _has(" ".join(_pages(reader)), "Key finding")
    with pytest.raises(TargetExists):
        export_pdf_split(library, MULTI[:3], folder, _options(), notes)
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        export_pdf_split(library, [MULTI[3], "10ATHENS1"], folder, _options(), overwrite=True,
                         progress=lambda p: seen.append(1), cancel=lambda: bool(seen))
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{r}.pdf" for r in MULTI[:3])


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_a_full_disk_leaves_no_partial_file(library_path: Path, tmp_path: Path) -> None:
    """Writes beyond a file-size limit fail as on a full disk; the export says so."""
    import subprocess

    script = f"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))
from desktop.__main__ import main
sys.exit(main(["export", "66BUENOSAIRES2481", "10DUSHANBE170", "10LONDON2", "-o",
               {str(tmp_path / 'full.pdf')!r}, "--library", {str(library_path)!r}, "--quiet"]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1, done.stderr
    assert "cable-reader export: Cannot write" in done.stderr
    assert list(tmp_path.iterdir()) == []
