"""The one notes export (window and command line): placed, cited one way, inert."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations.store import NotesStore
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.export.notes import (
    escape_markdown,
    inert_markdown,
    notes_document,
    write_notes,
)
from desktop.render.citation import paragraph_citation


@pytest.fixture
def library(sample_library: Path) -> Iterator[Library]:
    with Library(sample_library, readonly=True) as lib:
        yield lib


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    with NotesStore(tmp_path / "notes.db") as s:
        yield s


def _paragraphs(library: Library, refid: str):  # type: ignore[no-untyped-def]
    cable = library.cable(refid)
    assert cable is not None
    return parse_paragraphs(cable.body)


def test_markdown_groups_by_cable_and_paragraph(library: Library, store: NotesStore) -> None:
    seed = _paragraphs(library, "10DUSHANBE170")
    store.add("10DUSHANBE170", seed[1], seed, "Second *paragraph* note", labels=["tip"])
    store.add("10DUSHANBE170", None, seed, "The whole cable", colour="blue")
    store.add("10DUSHANBE170", seed[0], seed, "First paragraph note", colour="green",
              labels=["b", "a"])
    store.add("10DUSHANBE170", seed[2], seed, "On a lettered item")
    gone = store.add("10DUSHANBE170", seed[3], seed, "deleted one").note
    store.delete(gone.id)
    old = _paragraphs(library, "66BUENOSAIRES2481")
    store.add("66BUENOSAIRES2481", old[0], old, "Older cable")
    text, count = notes_document("md", store, library)
    assert count == 5 and text.startswith("# Notes from Cable Reader")
    assert "5 notes on 2 cables" in text and "deleted one" not in text
    older = text.index("## 66BUENOSAIRES2481: EXTENDED NATIONAL JURISDICTIONS")
    newer = text.index("## 10DUSHANBE170: 2010 TRAFFICKING IN PERSONS REPORT")
    assert older < newer  # cables by date
    assert "Embassy Dushanbe, 2010-02-10" in text
    lettered = paragraph_citation("10DUSHANBE170", seed[2], seed)
    assert lettered == "10DUSHANBE170 ¶A (paragraph 3 of 49)"  # the label A repeats
    order = [text.index(s) for s in ("### 10DUSHANBE170 (whole cable)", "### 10DUSHANBE170 ¶1",
                                     "### 10DUSHANBE170 ¶2", f"### {lettered}")]
    assert order == sorted(order)
    assert "> Enclosed is Embassy Dushanbe's submission for the 2010 Trafficking" in text
    assert "Second *paragraph* note" in text  # the note's own Markdown is kept
    assert "*Labels: a, b · Colour: green*" in text


def test_an_orphan_is_cited_as_such_with_its_quote(library: Library, store: NotesStore) -> None:
    import dataclasses

    seed = _paragraphs(library, "10DUSHANBE170")
    store.add("10DUSHANBE170", seed[0], seed, "kept")
    lost = store.add("10DUSHANBE170", seed[1], seed, "lost").note
    store.put(dataclasses.replace(lost, para_key="99:Z:0", label="Z", text_hash="0",
                                  quote="Words no copy of this cable has.", context_before="",
                                  context_after=""))
    text, _ = notes_document("md", store, library)
    assert "### 10DUSHANBE170 ¶1" in text
    assert "### 10DUSHANBE170 (paragraph no longer found)" in text
    assert "> Words no copy of this cable has." in text
    assert text.index("¶1") < text.index("no longer found")


def test_the_window_and_the_command_line_write_the_same_document(
        library: Library, store: NotesStore, tmp_path: Path) -> None:
    seed = _paragraphs(library, "10DUSHANBE170")
    store.add("10DUSHANBE170", seed[4], seed, "one")
    path = tmp_path / "n.md"
    assert write_notes(path, "md", store, library) == 1
    stream = io.StringIO()
    write_notes(stream, "md", store, library)
    strip = lambda t: [line for line in t.splitlines() if "exported" not in line]  # noqa: E731
    assert strip(path.read_text(encoding="utf-8")) == strip(stream.getvalue())


def test_notes_on_a_cable_missing_from_the_library(store: NotesStore, tmp_path: Path) -> None:
    paragraphs = parse_paragraphs("UNCLAS X\n\n1. (U) Text of a cable we do not have.\n")
    store.add("99NOWHERE1", paragraphs[0], paragraphs, "still exported")
    with Library(tmp_path / "empty.db") as empty:
        text, count = notes_document("md", store, empty)
    assert count == 1 and "### 99NOWHERE1 ¶1 (cable not in this library)" in text
    assert "still exported" in text


def test_cable_text_and_note_html_stay_inert() -> None:
    assert escape_markdown("Costs *rose* to <b>[5]</b> #1 per_cent ![x](y)") == (
        r"Costs \*rose\* to \<b\>\[5\]\</b\> \#1 per\_cent \!\[x\](y)")
    assert inert_markdown("**bold** <img src=x onerror=y> &amp; a < b") == (
        "**bold** &lt;img src=x onerror=y> &amp;amp; a < b")


def test_json_for_some_cables_holds_only_their_live_notes(library: Library,
                                                          store: NotesStore) -> None:
    seed = _paragraphs(library, "10DUSHANBE170")
    keep = store.add("10DUSHANBE170", seed[0], seed, "keep").note
    gone = store.add("10DUSHANBE170", seed[1], seed, "gone").note
    store.delete(gone.id)
    old = _paragraphs(library, "66BUENOSAIRES2481")
    store.add("66BUENOSAIRES2481", old[0], old, "other cable")
    text, count = notes_document("json", store, library, refids=["10DUSHANBE170"])
    ids = [n["id"] for n in json.loads(text)["notes"]]
    assert count == 1 and ids == [keep.id]
    everything, total = notes_document("json", store, library)
    assert total == 3 and gone.id in everything  # a full backup carries the tombstone


def test_a_failed_write_leaves_the_old_file(library: Library, store: NotesStore,
                                            tmp_path: Path) -> None:
    target = tmp_path / "n.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OSError):
        write_notes(tmp_path / "missing-folder" / "n.json", "json", store, library)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
