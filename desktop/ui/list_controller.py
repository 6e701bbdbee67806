"""What the cable list shows: the browse selection, narrowed by a search when there is one.

A search shows its first page at once (ranked, with snippets); the full list of matches is
gathered on a connection of its own in the background and appended when it arrives.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.archive.errors import StorageError
from desktop.archive.library import Library
from desktop.archive.query_syntax import CompiledQuery, QuerySyntaxError
from desktop.archive.selection import POSITION, Selection
from desktop.ui.models.cable_list import CableListModel
from desktop.ui.session import Session
from desktop.ui.workers import Job

FIRST_PAGE = 100


class ListController(QObject):
    search_failed = Signal(str)
    list_ready = Signal()  # the list (or a search's full set of matches) is complete

    def __init__(self, model: CableListModel, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.session = session
        self.selection = Selection()
        self.query: CompiledQuery | None = None
        self.counting = False
        self._generation = 0
        self._job: Job | None = None

    @property
    def library(self) -> Library:
        return self.session.library

    def set_selection(self, selection: Selection) -> None:
        """Show a selection; a reading list newly chosen shows in its own order."""
        if selection.order is not None and (self.selection.order is None
                                            or selection.collection != self.selection.collection):
            self.model.set_sort(POSITION, False)
        self.selection = selection
        self.refresh()

    def set_search(self, query: CompiledQuery | None) -> None:
        self.query = query
        self.refresh()

    def refresh(self) -> None:
        self._generation += 1
        self._stop_job()
        try:
            if self.query is None:
                self._show_browse()
            else:
                self._show_search(self.query)
        except QuerySyntaxError as exc:
            self.search_failed.emit(str(exc))
        except StorageError as exc:
            self.search_failed.emit(str(exc))

    def _show_browse(self) -> None:
        selection = self.selection
        library = self.library
        self.counting = False
        if self.model.sort_key[0] == "rank" or (self.model.sort_key[0] == POSITION
                                                 and selection.order is None):
            self.model.set_sort("created", True)
        self.model.set_list(lambda key, desc: library.select_ids(selection, key, desc))
        self.list_ready.emit()

    def _show_search(self, query: CompiledQuery) -> None:
        selection = self.selection
        library = self.library
        first = library.first_ids(query, selection, limit=FIRST_PAGE)

        def orderer(key: str, descending: bool) -> list[int]:
            return library.search_ids(query, selection, key, descending)

        self.model.set_sort("rank", False)
        self.model.set_list(orderer, first, snippeter=lambda ids: library.snippets(query, ids))
        if len(first) < FIRST_PAGE:
            self.counting = False
            self.list_ready.emit()
            return
        self.counting = True
        self._gather_rest(query, selection)

    def _gather_rest(self, query: CompiledQuery, selection: Selection) -> None:
        generation = self._generation
        path = self.library.path

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            with Library(path, readonly=True) as lib:
                return lib.search_ids(query, selection, "rank")

        job = Job(work, name="search", parent=self)
        job.succeeded.connect(lambda ids: self._on_rest(generation, ids))
        job.failed.connect(lambda msg: self._on_rest_failed(generation, msg))
        self._job = job
        job.start()
        job.delete_when_done()

    def _on_rest(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return
        self.counting = False
        self.model.extend(ids)
        self.list_ready.emit()

    def _on_rest_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.counting = False
            self.search_failed.emit(message.splitlines()[0])

    def _stop_job(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def shutdown(self) -> None:
        for job in self.findChildren(Job):
            job.cancel()
            job.wait(5000)
