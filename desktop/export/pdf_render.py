"""The cables of an export as the PDF shows them: rendered to HTML by the viewer's own path,
in a helper process for large exports so this process only lays out and paints (no Qt)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.annotations.store import NotesStore
from desktop.archive.library import Library
from desktop.archive.procstream import stream
from desktop.export.pdf_layout import CableEntry, cable_anchor
from desktop.render.assemble import render_from_library

#: Exports of fewer cables render in this process (starting a helper costs ~0.3 s).
WORKER_MIN_CABLES = 24
OUTLINE_WORDS = 70


@dataclass(frozen=True)
class PrintedCable:
    """One cable of an export: what the contents and outline need, and its HTML."""

    entry: CableEntry
    html: str


def printed_cables(library: Library, notes: NotesStore | None, refids: Sequence[str], *,
                   stop: Callable[[], bool] = lambda: False,
                   in_worker: bool | None = None) -> Iterable[PrintedCable]:
    """The cables in order, rendered for print (notes written out when ``notes`` is given).

    A helper process, when used, starts at once: call this early, read later, and
    ``close()`` what this returns if it may not be read to its end.

    Args:
        refids: refids as the library spells them (see ``pdf.resolve``).
        in_worker: render in a helper process; by default for large exports.
    """
    worker = len(refids) >= WORKER_MIN_CABLES if in_worker is None else in_worker
    if worker:
        notes_path = notes.path if notes is not None else None
        return stream(_render_from_paths, (library.path, notes_path, list(refids)),
                      in_worker=True, stop=stop, batch=4, depth=4)
    return stream(render_for_print, (library, notes, list(refids)), in_worker=False, stop=stop)


def _render_from_paths(library_path: Path, notes_path: Path | None,
                       refids: list[str]) -> Iterator[PrintedCable]:
    """The helper process's side: its own read-only connections."""
    with Library(library_path, readonly=True) as library:
        notes = NotesStore(notes_path, readonly=True) if notes_path is not None else None
        try:
            yield from render_for_print(library, notes, refids)
        finally:
            if notes is not None:
                notes.close()


def render_for_print(library: Library, notes: NotesStore | None,
                     refids: list[str]) -> Iterator[PrintedCable]:
    """Render each cable with links to the others (``#cN``) and a named destination for
    itself and for each annotated paragraph."""
    index_of = {refid: n for n, refid in enumerate(refids, 1)}

    def link(refid: str) -> str | None:
        n = index_of.get(refid)
        return f"#{cable_anchor(n)}" if n is not None else None

    for n, refid in enumerate(refids, 1):
        anchor = cable_anchor(n)
        found = render_from_library(library, refid, notes, interactive=False, link=link,
                                    anchor=anchor)
        if found is None:
            raise LookupError(f"{refid} is no longer in the library")
        cable, rendered = found
        labels = {p.ordinal: p.label for p in rendered.paragraphs}
        annotated: list[tuple[str, str]] = []
        if rendered.notes.on_cable:
            annotated.append((anchor, "✎ Note on the whole cable"))
        for ordinal in sorted(rendered.notes.by_ordinal):
            words = " ".join(rendered.notes.by_ordinal[ordinal][0].text.split())
            if len(words) > OUTLINE_WORDS:
                words = words[:OUTLINE_WORDS - 1] + "…"
            label = f"¶{labels.get(ordinal) or ordinal}"
            annotated.append((f"{anchor}p{ordinal}", f"{label}: {words}" if words else label))
        entry = CableEntry(n, cable.refid, cable.subject, cable.classification, cable.created,
                           cable.origin, cable.tags, annotated=annotated)
        yield PrintedCable(entry, rendered.html)
