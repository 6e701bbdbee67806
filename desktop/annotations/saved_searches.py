"""Saved searches: the window's filters (tree nodes, search text, months) under a name, kept in
the user's notes database beside the reading lists; ``desktop.archive.saved`` runs them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.annotations.models import utc_now
from desktop.annotations.names import NamedRows, free_name, name_key
from desktop.archive.errors import storage_errors
from desktop.archive.saved import SearchFilters

_SELECT = "SELECT id, name, filters, created, updated, deleted FROM saved_searches"


@dataclass(frozen=True)
class SavedInfo:
    """A saved search; ``deleted`` is its tombstone time (None while it is live)."""

    id: str
    name: str
    filters: SearchFilters
    created: str
    updated: str
    deleted: str | None = None

    @property
    def last_changed(self) -> str:
        """The latest of ``updated`` and ``deleted``: what a merge compares."""
        return max(self.updated, self.deleted or "")


def filters_json(filters: SearchFilters) -> str:
    """The filters as stored: compact JSON with sorted keys (equal filters, equal text)."""
    return json.dumps(filters.to_dict(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def _info(row: Sequence[Any]) -> SavedInfo:
    row_id, name, filters, created, updated, deleted = row
    return SavedInfo(row_id, name, SearchFilters.from_dict(json.loads(filters)), created,
                     updated, deleted)


class SavedSearches(NamedRows):
    """The saved searches of one notes database; each write is one transaction.

    Storage failures raise ``StorageError``; an unknown or deleted id raises ``KeyError``;
    a bad or taken name raises ``ValueError``.
    """

    table = "saved_searches"
    what = "saved search"

    @storage_errors
    def all(self, include_deleted: bool = False) -> list[SavedInfo]:
        """The live saved searches by name in any case (with tombstones if asked: oldest
        first, for an export)."""
        if not self.present():
            return []
        if include_deleted:
            return [_info(r) for r in self.conn.execute(f"{_SELECT} ORDER BY seq")]
        return [_info(r) for r in self.conn.execute(
            f"{_SELECT} WHERE deleted IS NULL ORDER BY name_key, name, seq")]

    @storage_errors
    def get(self, search_id: str) -> SavedInfo | None:
        """The saved search with this id, deleted or not."""
        if not self.present():
            return None
        row = self.conn.execute(f"{_SELECT} WHERE id = ?", [search_id]).fetchone()
        return _info(row) if row else None

    @storage_errors
    def by_name(self, name: str) -> SavedInfo | None:
        """The live saved search with this name, in any case and spacing."""
        if not self.present():
            return None
        row = self.conn.execute(f"{_SELECT} WHERE name_key = ? AND deleted IS NULL",
                                [name_key(" ".join(name.split()))]).fetchone()
        return _info(row) if row else None

    @storage_errors
    def save(self, name: str, filters: SearchFilters) -> SavedInfo:
        """Save filters under a new name.

        Raises:
            ValueError: the name is empty, too long, or another saved search's in any case.
        """
        with self.store.writing() as conn:
            search_id = self._insert(conn, name, filters=filters_json(filters))
        return self._require(search_id)

    @storage_errors
    def update(self, search_id: str, filters: SearchFilters) -> SavedInfo:
        """Replace a saved search's filters (``updated`` moves on only if they differ)."""
        with self.store.writing() as conn:
            seq = self._seq(conn, search_id)
            conn.execute("UPDATE saved_searches SET filters = ?, updated = ? "
                         "WHERE seq = ? AND filters != ?",
                         [filters_json(filters), utc_now(), seq, filters_json(filters)])
        return self._require(search_id)

    @storage_errors
    def rename(self, search_id: str, name: str) -> SavedInfo:
        """Give a saved search another name.

        Raises:
            ValueError: the name is empty, too long, or another saved search's in any case.
        """
        self._rename(search_id, name)
        return self._require(search_id)

    @storage_errors
    def delete(self, search_id: str) -> SavedInfo:
        """Set the tombstone; :meth:`restore` undoes it."""
        self._delete(search_id)
        return self._require(search_id)

    @storage_errors
    def restore(self, search_id: str) -> SavedInfo:
        """Undo :meth:`delete`; a name taken meanwhile becomes "name (2)"."""
        self._restore(search_id)
        return self._require(search_id)

    @storage_errors
    def put_many(self, searches: Iterable[SavedInfo]) -> list[SavedInfo]:
        """Write whole saved searches as given (an import, an undo), adding or replacing them
        by id, in one transaction; a live one whose name is taken gets "name (2)"."""
        searches = list(searches)
        with self.store.writing() as conn:
            for search in searches:
                self._put(conn, search)
        return [self._require(s.id) for s in searches]

    def _put(self, conn: sqlite3.Connection, search: SavedInfo) -> None:
        name = search.name
        if search.deleted is None:
            name = free_name(conn, "saved_searches", name, search.id)
        conn.execute(
            "INSERT INTO saved_searches (id, name, name_key, filters, created, updated, deleted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "name_key = excluded.name_key, filters = excluded.filters, "
            "created = excluded.created, updated = excluded.updated, deleted = excluded.deleted",
            [search.id, name, name_key(name), filters_json(search.filters), search.created,
             search.updated, search.deleted])

    def _require(self, search_id: str) -> SavedInfo:
        info = self.get(search_id)
        if info is None:
            raise KeyError(f"no saved search with id {search_id!r}")
        return info
