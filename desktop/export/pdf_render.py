"""The cables of an export as the PDF shows them: rendered to HTML by the viewer's own path,
in a helper process for large exports so this process only lays out and paints (no Qt)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.annotations.store import NotesStore
from desktop.archive.library import Library
from desktop.archive.procstream import WorkerStream, stream
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

    For a large export a helper process renders ahead while this one paints; until it has
    started, and whenever it falls behind, this process renders the next cable itself, so the
    helper only ever saves time. It starts at once: call this early, read later, and
    ``close()`` what this returns if it may not be read to its end.

    Args:
        refids: refids as the library spells them (see ``pdf.resolve``).
        in_worker: use a helper process; by default for large exports.
    """
    worker = len(refids) >= WORKER_MIN_CABLES if in_worker is None else in_worker
    if worker:
        return _RenderAhead(library, notes, list(refids), stop)
    return stream(render_for_print, (library, notes, list(refids)), in_worker=False, stop=stop)


class _RenderAhead:
    """Cables rendered by a helper process when it has them ready, here when it has not."""

    #: Rendered cables held here at most (the helper waits on a full queue beyond that).
    AHEAD = 12

    def __init__(self, library: Library, notes: NotesStore | None, refids: list[str],
                 stop: Callable[[], bool]):
        self.library, self.notes, self.refids, self.stop = library, notes, refids, stop
        notes_path = notes.path if notes is not None else None
        self.worker: WorkerStream[PrintedCable] = WorkerStream(
            _render_from_paths, (library.path, notes_path, refids), batch=2, depth=6)
        self.rendered_here = 0

    def __iter__(self) -> Iterator[PrintedCable]:
        ready: dict[int, PrintedCable] = {}
        local = _Renderer(self.library, self.notes, self.refids)
        try:
            for n in range(1, len(self.refids) + 1):
                while len(ready) < self.AHEAD:
                    batch = self.worker.take()
                    if not batch:
                        break
                    ready.update((c.entry.index, c) for c in batch if c.entry.index >= n)
                cable = ready.pop(n, None)
                if cable is None:
                    cable = local.render(n)
                    self.rendered_here += 1
                yield cable
                if self.stop():
                    return
        finally:
            self.close()

    def close(self) -> None:
        self.worker.close()


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
    renderer = _Renderer(library, notes, refids)
    for n in range(1, len(refids) + 1):
        yield renderer.render(n)


class _Renderer:
    """Renders the n-th cable of an export (1-based)."""

    def __init__(self, library: Library, notes: NotesStore | None, refids: list[str]):
        self.library, self.notes, self.refids = library, notes, refids
        self.index_of = {refid: n for n, refid in enumerate(refids, 1)}

    def link(self, refid: str) -> str | None:
        n = self.index_of.get(refid)
        return f"#{cable_anchor(n)}" if n is not None else None

    def render(self, n: int) -> PrintedCable:
        refid = self.refids[n - 1]
        anchor = cable_anchor(n)
        found = render_from_library(self.library, refid, self.notes, interactive=False,
                                    link=self.link, anchor=anchor)
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
        return PrintedCable(entry, rendered.html)
