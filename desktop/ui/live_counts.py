"""Counts that follow the list (tree counts given the other facets, the timeline's months),
worked out off the GUI thread on a connection of their own."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.archive.counts import ListCounts, list_counts, prepare
from desktop.archive.errors import StorageError
from desktop.archive.library import Library
from desktop.archive.selection import Selection


class LiveCounts(QObject):
    """One worker thread keeps a read-only connection and the library's bitsets (read once,
    about a second on the full archive, then a few ms a count). Requests supersede each
    other: only the newest is worked out.

    Signals:
        counted: the counts of the newest request (a :class:`ListCounts`).
        failed: the counts could not be read (the message says why); the window keeps the
            tree's own counts.
    """

    counted = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-counts")
        self._lock = threading.Lock()
        self._latest = 0
        self._library: Library | None = None  # used by the worker thread only
        self._stopped = False

    def warm_up(self, path: Path) -> None:
        """Read a library's bitsets now, while the user looks at the window."""
        if not self._stopped:
            self._pool.submit(self._prepare, path)

    def request(self, path: Path, selection: Selection, ids: Sequence[int] | None) -> int:
        """Count for a list; returns the request's number (``counted`` follows)."""
        with self._lock:
            self._latest += 1
            number = self._latest
        if not self._stopped:
            self._pool.submit(self._count, number, path, selection, ids)
        return number

    def release(self) -> None:
        """Close the worker's connection now (the library file is being replaced); the next
        request opens the library again."""
        if not self._stopped:
            self._pool.submit(self._close).result()

    def shutdown(self) -> None:
        """Stop the worker (pending requests dropped) and close its connection; later
        requests are ignored."""
        if self._stopped:
            return
        self._stopped = True
        with self._lock:
            self._latest += 1
        self._pool.submit(self._close)
        self._pool.shutdown(wait=True, cancel_futures=False)

    # In the worker thread -------------------------------------------------------------------

    def _open(self, path: Path) -> Library:
        if self._library is None or self._library.path != path:
            self._close()
            self._library = Library(path, readonly=True)
        return self._library

    def _close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None

    def _prepare(self, path: Path) -> None:
        try:
            prepare(self._open(path).conn)
        except (StorageError, sqlite3.Error):
            self._close()  # the next request says why, if it still fails

    def _count(self, number: int, path: Path, selection: Selection,
               ids: Sequence[int] | None) -> None:
        if number != self._latest:
            return  # superseded before it started
        try:
            result: ListCounts = list_counts(self._open(path).conn, selection, ids)
        except (StorageError, sqlite3.Error) as exc:
            self._close()
            if number == self._latest:
                self.failed.emit(str(exc))
            return
        if number == self._latest:
            self.counted.emit(result)
