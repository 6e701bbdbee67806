"""Notes against the real archive: they survive re-imports and a better source arriving."""

from __future__ import annotations

from pathlib import Path

from desktop.annotations.anchoring import place_all
from desktop.annotations.store import NotesStore
from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from tests.conftest import CSV_SAMPLE, DEC_2010


def _paragraphs(lib: Library, refid: str):  # type: ignore[no-untyped-def]
    cable = lib.cable(refid)
    assert cable is not None
    return cable, parse_paragraphs(cable.body)


def test_notes_follow_their_paragraphs_across_reimport_and_a_new_source(tmp_path: Path) -> None:
    page = next(DEC_2010.rglob("66BUENOSAIRES2481.html"))
    notes_path = tmp_path / "notes.db"
    with Library(tmp_path / "lib.db") as lib:
        import_paths(lib.db, [page])
        cable, paragraphs = _paragraphs(lib, "66BUENOSAIRES2481")
        assert cable.source is not None and cable.source.kind.value == "html"
        with NotesStore(notes_path) as store:
            for p in paragraphs:
                store.add(cable.refid, p, paragraphs, f"note on {p.label}: {p.text[:30]}")
        before = {p.label: p.text for p in paragraphs}
        notes_db_before = notes_path.read_bytes()

        import_paths(lib.db, [page])  # the same source again
        import_paths(lib.db, [CSV_SAMPLE])  # cables.csv now wins the text
        cable, paragraphs = _paragraphs(lib, "66BUENOSAIRES2481")
        assert cable.sources[0].kind.value == "csv"
        assert notes_path.read_bytes() == notes_db_before  # an import never touches notes
        with NotesStore(notes_path) as store:
            placed = place_all(store.for_cable("66BUENOSAIRES2481"), paragraphs)
    assert len(placed) == len(before)
    for placement in placed:
        assert placement.paragraph is not None, placement.note.quote
        label = placement.note.text.split(":")[0].removeprefix("note on ")
        assert placement.paragraph.label == label
        assert placement.paragraph.text.split()[:5] == before[label].split()[:5]
