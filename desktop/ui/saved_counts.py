"""The saved searches' counts in the tree: each search run again, off the GUI thread, on a
connection of its own, whenever the searches, the lists or the library change."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.annotations.lists import ReadingLists
from desktop.annotations.saved_searches import SavedInfo, SavedSearches
from desktop.archive.browse_tree import (
    ANNOTATED,
    READING_LIST,
    READING_LISTS,
    FacetCatalogue,
)
from desktop.archive.library import Library
from desktop.archive.query_syntax import QuerySyntaxError
from desktop.archive.saved import count_search
from desktop.ui.workers import Job


class SavedCounts(QObject):
    """How many cables each saved search finds now. Requests supersede each other.

    ``counts`` maps a search's id to its count, or None when it cannot run (its text is no
    longer a valid query); a search not yet counted is missing.

    ``schedule`` counts all the saved searches a moment later, so that a burst of changes
    counts once; what they need (the reading lists they name, the annotated cables) is read
    then, from the collaborators given.

    Signals:
        counted: the counts of the newest request are in ``counts``.
    """

    counted = Signal()

    def __init__(self, searches: SavedSearches, lists: ReadingLists,
                 library_path: Callable[[], Path],
                 annotated_ids: Callable[[], frozenset[int]], parent: QObject | None = None):
        super().__init__(parent)
        self.counts: dict[str, int | None] = {}
        self._job: Job | None = None
        self._searches = searches
        self._lists = lists
        self._library_path = library_path
        self._annotated_ids = annotated_ids
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.count_now)

    def schedule(self, delay: int = 300) -> None:
        """Count the saved searches again ``delay`` ms from now, or when already planned,
        whichever is later (the first count waits until the window is up)."""
        self._timer.start(max(delay, self._timer.remainingTime()))

    def count_now(self) -> Job | None:
        """Count every saved search, with the reading lists and notes they name."""
        self._timer.stop()
        searches = self._searches.all()
        keys = {k for info in searches for k in info.filters.keys}
        wanted = {info.id: self._lists.refids(info.id) for info in self._lists.all()
                  if READING_LISTS in keys or (READING_LIST, info.id) in keys}
        annotated = self._annotated_ids() if ANNOTATED in keys else frozenset()
        return self.request(self._library_path(), searches, annotated, wanted)

    def depend_on(self, lists: frozenset[str] = frozenset(), annotated: bool = False) -> bool:
        """Whether a saved search names one of these reading lists (or all of them), or
        (``annotated``) the annotated cables."""
        keys = {k for info in self._searches.all() for k in info.filters.keys}
        return (annotated and ANNOTATED in keys or READING_LISTS in keys and bool(lists)
                or any((READING_LIST, list_id) in keys for list_id in lists))

    def request(self, path: Path, searches: Sequence[SavedInfo], annotated: frozenset[int],
                lists: Mapping[str, Sequence[str]]) -> Job | None:
        """Count these searches in the library at ``path`` (``annotated``: the annotated
        cables' ids; ``lists``: each reading list's refids, for searches that name one)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if not searches:
            self.counts = {}
            self.counted.emit()
            return None
        wanted = [(s.id, s.filters) for s in searches]

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            out: dict[str, int | None] = {}
            with Library(path, readonly=True) as lib:
                catalogue = FacetCatalogue(lib)
                for search_id, filters in wanted:
                    if cancelled():
                        break
                    try:
                        out[search_id] = count_search(lib, filters, lambda: annotated,
                                                      catalogue=catalogue, lists=lists)
                    except QuerySyntaxError:
                        out[search_id] = None
            return out

        job = Job(work, name="saved-counts", parent=self)
        job.succeeded.connect(lambda counts, j=job: self._on_counted(j, counts))
        job.failed.connect(lambda _message, j=job: self._on_failed(j))
        self._job = job
        job.start()
        job.delete_when_done()
        return job

    def _on_counted(self, job: Job, counts: dict[str, int | None]) -> None:
        if job is self._job:
            self._job = None
            self.counts = counts
            self.counted.emit()

    def _on_failed(self, job: Job) -> None:
        if job is self._job:  # the tree keeps the last counts (a library being replaced)
            self._job = None

    def shutdown(self) -> None:
        """Stop counting and wait for the job to let go of the library."""
        self._timer.stop()
        self._job = None
        for job in self.findChildren(Job):
            job.cancel()
            job.wait(5000)

