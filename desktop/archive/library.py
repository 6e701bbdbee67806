"""The archive as the rest of the app sees it: open a library, read cables, counts and lists."""

from __future__ import annotations

import dataclasses
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from desktop.archive import ordered, search
from desktop.archive.errors import (
    DAMAGE,
    WRITE_PROBLEMS,
    StorageError,
    as_storage_error,
    classify,
    storage_errors,
)
from desktop.archive.facets import DEFAULT_LIST_KEY, DEFAULT_ORDER, rebuild_facets
from desktop.archive.index import get_meta, open_index, set_meta, transaction
from desktop.archive.query_syntax import CompiledQuery
from desktop.archive.records import Cable, SourceKind, SourceRef
from desktop.archive.refids import TWIN, alias_table
from desktop.archive.runs import mark_interrupted
from desktop.archive.search import Hit
from desktop.archive.selection import (
    ORDER_INDEXES,
    POSITION,
    Selection,
    order_clause,
    where_clause,
)
from desktop.archive.sqlutil import id_array, rows_in

_SQLITE_INTERRUPT = 9  # the result code of a query the progress handler stopped
#: A selection covering more than this share of the archive is read in index order.
LARGE_SELECTION = 0.1


@dataclass(frozen=True)
class ListRow:
    """What the cable list shows for one cable."""

    id: int
    refid: str
    subject: str
    created: str | None
    classification: str
    origin: str


@dataclass(frozen=True)
class CitingCable:
    refid: str
    subject: str
    created: str | None


@dataclass(frozen=True)
class LibraryCheck:
    """What ``Library.check`` found: ``sound``, or SQLite's findings (at most 20)."""

    sound: bool
    findings: tuple[str, ...] = ()
    cancelled: bool = False


class _Cancelled(Exception):
    pass


class Library:
    """An open archive index. Reads are cheap; imports go through ``desktop.archive.importer``.

    Args:
        path: the library file; created if missing.
        readonly: open without writing (no migration, no facet repair).
    """

    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = Path(path)
        self.db: sqlite_utils.Database = open_index(self.path, readonly=readonly)
        self.conn: sqlite3.Connection = self.db.conn
        self.repaired = False
        self.interrupted_runs = 0
        #: the default order of the whole library, with its largest id + 1, while unchanged
        self._default_cache: tuple[tuple[int, int], array[int] | None,
                                   array[int] | None] | None = None
        try:
            if not readonly:
                self._repair_on_open()
        except BaseException:
            self.conn.close()
            raise

    @storage_errors
    def _repair_on_open(self) -> None:
        """Finish what a killed import left: its run marked interrupted, facets recounted."""
        try:
            self.interrupted_runs = mark_interrupted(self.db)
        except sqlite3.OperationalError as exc:  # busy or read-only now: next time
            if classify(exc) not in WRITE_PROBLEMS:
                raise
        if get_meta(self.db, "facets_stale"):
            self.repair()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @storage_errors
    def repair(self) -> None:
        """Recount facets after an import that was killed before it finished."""
        with transaction(self.db) as conn:
            rebuild_facets(conn)
            set_meta(conn, "facets_stale", None)
        self.repaired = True

    def check(self, *, thorough: bool = False,
              cancel: Callable[[], bool] | None = None) -> LibraryCheck:
        """Whether the library file is damaged.

        The quick check (a few milliseconds) reads the first and last row of every table:
        it finds a damaged table root (the usual result of a torn write) but not every
        damaged page. ``thorough`` reads every page (SQLite's ``quick_check``): about 3 s for
        the full 3 GB archive, so run it in the background.

        Args:
            cancel: polled during a thorough check; when it returns True the check stops.

        Raises:
            StorageError: the file could not be read for another reason (busy, I/O error).
        """
        try:
            if not thorough:
                findings = self._probe()
            else:
                findings = self._quick_check(cancel or (lambda: False))
        except _Cancelled:
            return LibraryCheck(sound=False, cancelled=True)
        except sqlite3.DatabaseError as exc:
            if classify(exc) not in DAMAGE:
                raise as_storage_error(exc) from exc
            findings = (str(exc),)
        return LibraryCheck(sound=not findings, findings=findings)

    def _probe(self) -> tuple[str, ...]:
        tables = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0")]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            self.conn.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()
            without_rowid = self.conn.execute(
                "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?",
                [table]).fetchone()[0]
            if not without_rowid:
                self.conn.execute(
                    f"SELECT * FROM {quoted} ORDER BY rowid DESC LIMIT 1").fetchall()
        return ()

    def _quick_check(self, stop: Callable[[], bool]) -> tuple[str, ...]:
        if stop():
            raise _Cancelled
        self.conn.set_progress_handler(lambda: 1 if stop() else 0, 10_000)
        try:
            rows = self.conn.execute("PRAGMA quick_check(20)").fetchall()
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", None) == _SQLITE_INTERRUPT:
                raise _Cancelled from exc
            raise
        finally:
            self.conn.set_progress_handler(None, 0)
        return tuple(str(r[0]) for r in rows if r and r[0] != "ok")

    # Counts -------------------------------------------------------------------------------

    @storage_errors
    def count(self) -> int:
        row = self.conn.execute(
            "SELECT count FROM facet_counts WHERE facet = 'total'").fetchone()
        return int(row[0]) if row else 0

    @storage_errors
    def facet(self, facet: str, prefix: str | None = None) -> list[tuple[str, int]]:
        """Values of a facet with their counts, from the precomputed table.

        Args:
            facet: tag, origin, classification, year, month or released.
            prefix: only values starting with it (a year's months: ``prefix="2010-"``).
        """
        if prefix:
            rows = self.conn.execute(
                "SELECT value, count FROM facet_counts WHERE facet = ? AND value >= ? "
                "AND value < ? ORDER BY value", [facet, prefix, prefix + "\uffff"])
        else:
            rows = self.conn.execute(
                "SELECT value, count FROM facet_counts WHERE facet = ? ORDER BY value", [facet])
        return [(v, int(n)) for v, n in rows]

    @storage_errors
    def stats(self) -> dict[str, object]:
        counts = {f: len(self.facet(f)) for f in ("tag", "origin", "month")}
        first, last = self.conn.execute("SELECT min(created), max(created) FROM cables").fetchone()
        return {
            "library": str(self.path),
            "cables": self.count(),
            "by_classification": dict(self.facet("classification")),
            "tags": counts["tag"],
            "origins": counts["origin"],
            "months": counts["month"],
            "first_created": first,
            "last_created": last,
            "sources": [dict(zip(("path", "kind", "build", "cables"), r, strict=True)) for r in
                        self.conn.execute(
                            "SELECT f.path, f.kind, f.build, count(s.cable_id) FROM source_files f "
                            "LEFT JOIN cable_sources s ON s.file_id = f.id GROUP BY f.id "
                            "ORDER BY f.id")],
            "size_bytes": _file_size(self.path),
            "aliases": int(self.conn.execute("SELECT count(*) FROM cable_aliases").fetchone()[0]),
            "duplicates": self.duplicates(),
        }

    @storage_errors
    def duplicates(self) -> int:
        """Cables held twice: once under a malformed id of the release and once under its
        canonical id (0 once they are folded, as every import does)."""
        pairs = [(a.published, a.canonical) for a in alias_table().values() if a.kind == TWIN]
        present = {r[0] for r in rows_in(self.conn, "SELECT refid FROM cables WHERE refid IN "
                                         "({marks})", [r for pair in pairs for r in pair])}
        return sum(1 for published, canonical in pairs
                   if published in present and canonical in present)

    # Lists --------------------------------------------------------------------------------

    @storage_errors
    def select_ids(self, selection: Selection | None = None, order: str = "created",
                   descending: bool = False) -> array[int]:
        """The ids of the cables in a selection, in order: what a lazy list model holds.

        ``order`` is a key of ``selection.ORDERS``, or ``"position"``: the selection's own
        order (a reading list's; by creation date when it has none).
        """
        sel = selection or Selection()
        if order == POSITION:
            members = self.select_ids(dataclasses.replace(sel, order=None), DEFAULT_ORDER[0],
                                      DEFAULT_ORDER[1])
            if sel.order is None:
                return members
            keep = set(members)
            kept = [i for i in sel.order if i in keep]
            return array("q", reversed(kept) if descending else kept)
        if sel.is_empty() and (order, descending) == DEFAULT_ORDER:
            ready = self._default_list()
            if ready is not None:
                return ready
        reverse = descending != DEFAULT_ORDER[1]
        if order == DEFAULT_ORDER[0] and ordered.dates_only(sel):
            whole = self._default_order()  # a year, a month, a span of months: runs of it
            if whole is not None:
                return ordered.date_runs(self.conn, sel, whole, reverse=reverse)
        size = self.estimate(sel)
        large = size > LARGE_SELECTION * self.count()
        if large and order == DEFAULT_ORDER[0] and ordered.suits(sel):
            made = self._ready_list(sel, size)  # PREL, PGOV, CONFIDENTIAL...: kept by imports
            if made is not None:
                if reverse:
                    made.reverse()
                return made
            whole = self._default_order()  # another large selection by tag, origin...
            if whole is not None:
                return ordered.members_in_order(self.conn, sel, whole, self._default_places(),
                                                reverse=reverse)
        where, params = where_clause(sel)
        join = " JOIN origins o ON o.id = c.origin_id" if order == "origin" else ""
        hint = ""
        if order in ORDER_INDEXES and large:
            hint = f" INDEXED BY {ORDER_INDEXES[order]}"  # read in order, filter as we go
        sql = (f"SELECT c.id FROM cables c{hint}{join} WHERE {where} "
               f"ORDER BY {order_clause(order, descending)}")
        return id_array(self.conn, sql, params)

    def _default_list(self) -> array[int] | None:
        """The whole library in the default order (precomputed by imports): a copy, which
        the caller may change."""
        whole = self._default_order()
        return array("q", whole) if whole is not None else None

    def _default_order(self) -> array[int] | None:
        """The whole library in the default order, kept while the library is unchanged
        (reading the 2 MB blob costs more than some of its uses): read only."""
        stamp = (int(self.conn.execute("PRAGMA data_version").fetchone()[0]),
                 self.conn.total_changes)
        if self._default_cache is None or self._default_cache[0] != stamp:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?",
                                    [DEFAULT_LIST_KEY]).fetchone()
            ids: array[int] | None = None
            if row is not None and isinstance(row[0], bytes):
                ids = array("q")
                ids.frombytes(row[0])
                if len(ids) != self.count():
                    ids = None  # stale after a killed import
            self._default_cache = (stamp, ids, None)
        return self._default_cache[1]

    def _ready_list(self, selection: Selection, size: int) -> array[int] | None:
        """A single large value's list as the last import kept it (``ordered``), when it
        holds ``size`` cables, the value's count (else None: worked out instead)."""
        key = ordered.ready_key(selection)
        if key is None:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        if row is None or not isinstance(row[0], bytes):
            return None
        ids = array("q")
        ids.frombytes(row[0])
        return ids if len(ids) == size else None

    def warm_up(self) -> None:
        """Read what the first large list needs (the default order and each cable's place in
        it, about 50 ms on the full archive) before the first click on a large tag."""
        if self._default_order() is not None:
            self._default_places()

    def _default_places(self) -> array[int]:
        """Each cable's place in the default order (after ``_default_order``), made once."""
        assert self._default_cache is not None
        stamp, ids, found = self._default_cache
        assert ids is not None
        if found is None:
            found = ordered.places(ids)
            self._default_cache = (stamp, ids, found)
        return found

    def estimate(self, selection: Selection) -> int:
        """An upper bound of a selection's size, from the precomputed facet counts."""
        bounds = [self.count()]
        for facet, values in (("tag", selection.tags), ("origin", selection.origins),
                              ("classification", selection.classifications),
                              ("released", selection.released)):
            if values:
                bounds.append(self._facet_sum(facet, values))
        dates = selection.years | selection.months
        if dates:
            bounds.append(self._facet_sum("year", {d[:4] for d in dates}))
        if selection.ids is not None:
            bounds.append(len(selection.ids))
        return min(bounds)

    def _facet_sum(self, facet: str, values: frozenset[str] | set[str]) -> int:
        marks = ",".join("?" * len(values))
        row = self.conn.execute(
            f"SELECT sum(count) FROM facet_counts WHERE facet = ? AND value IN ({marks})",
            [facet, *values]).fetchone()
        return int(row[0] or 0)

    @storage_errors
    def count_selection(self, selection: Selection) -> int:
        where, params = where_clause(selection)
        return int(self.conn.execute(f"SELECT count(*) FROM cables c WHERE {where}",
                                     params).fetchone()[0])

    @storage_errors
    def list_rows(self, ids: Sequence[int]) -> dict[int, ListRow]:
        """Display rows for some ids (a page of the list), fetched in one query."""
        sql = ("SELECT c.id, c.refid, c.subject, c.created, c.classification, o.name "
               "FROM cables c JOIN origins o ON o.id = c.origin_id WHERE c.id IN ({marks})")
        return {row[0]: ListRow(*row) for row in rows_in(self.conn, sql, ids)}

    # Search -------------------------------------------------------------------------------

    def search(self, query: str | CompiledQuery, selection: Selection | None = None,
               limit: int = 100) -> list[Hit]:
        """The first matches with snippets (see ``desktop.archive.search``)."""
        return search.search(self.conn, query, selection, limit)

    def first_ids(self, query: str | CompiledQuery, selection: Selection | None = None,
                  limit: int = 100) -> list[int]:
        return search.first_ids(self.conn, query, selection, limit)

    def search_ids(self, query: str | CompiledQuery, selection: Selection | None = None,
                   order: str = "rank", descending: bool = False) -> array[int]:
        return search.search_ids(self.conn, query, selection, order, descending)

    def snippets(self, query: str | CompiledQuery, ids: list[int]) -> dict[int, str]:
        return search.snippets(self.conn, query, ids)

    # One cable ----------------------------------------------------------------------------

    @storage_errors
    def id_of(self, refid: str) -> int | None:
        """The cable kept under this reference id, or known by it (a malformed id it was
        also published under, or the corrected form of the one it is kept under)."""
        row = self.conn.execute("SELECT id FROM cables WHERE refid = ?", [refid]).fetchone()
        if row is None:
            row = self.conn.execute("SELECT cable_id FROM cable_aliases WHERE alias = ?",
                                    [refid]).fetchone()
        return int(row[0]) if row else None

    @storage_errors
    def ids_of(self, refids: Iterable[str]) -> list[int]:
        """The ids of those reference ids (or aliases) that are in the library."""
        return list(dict.fromkeys(cid for _, cid in self._resolve(refids)))

    def _resolve(self, refids: Iterable[str]) -> list[tuple[str, int]]:
        """``(refid as given, cable id)`` for those found by refid or by alias."""
        wanted = list(dict.fromkeys(refids))
        found = list(rows_in(self.conn, "SELECT refid, id FROM cables WHERE refid IN ({marks})",
                             wanted))
        known = {refid for refid, _ in found}
        found += rows_in(self.conn, "SELECT alias, cable_id FROM cable_aliases WHERE alias IN "
                         "({marks})", [r for r in wanted if r not in known])
        return [(refid, int(cid)) for refid, cid in found]

    @storage_errors
    def cable(self, refid: str) -> Cable | None:
        cid = self.id_of(refid)
        return self.cable_by_id(cid) if cid is not None else None

    @storage_errors
    def cable_by_id(self, cid: int) -> Cable | None:
        row = self.conn.execute(
            "SELECT c.refid, c.created, c.released, c.classification, o.name, c.subject, "
            "c.tags_raw, c.references_text, c.header, c.body, c.flags, c.record_id "
            "FROM cables c JOIN origins o ON o.id = c.origin_id WHERE c.id = ?", [cid]).fetchone()
        if row is None:
            return None
        (refid, created, released, classification, origin, subject, tags_raw, refs_text,
         header, body, flags, record_id) = row
        tags = tuple(r[0] for r in self.conn.execute(
            "SELECT t.code FROM cable_tags ct JOIN tags t ON t.id = ct.tag_id "
            "WHERE ct.cable_id = ? ORDER BY ct.position", [cid]))
        refs = tuple(r[0] for r in self.conn.execute(
            "SELECT target FROM cable_refs WHERE cable_id = ? ORDER BY position", [cid]))
        sources = tuple(
            SourceRef(SourceKind(kind), path, position, build, rank, published)
            for kind, path, position, build, rank, published in self.conn.execute(
                "SELECT f.kind, f.path, s.position, f.build, f.rank, s.refid FROM cable_sources s "
                "JOIN source_files f ON f.id = s.file_id WHERE s.cable_id = ? "
                "ORDER BY f.rank DESC, s.refid != '', f.path", [cid]))
        aliases = tuple(r[0] for r in self.conn.execute(
            "SELECT alias FROM cable_aliases WHERE cable_id = ? ORDER BY alias", [cid]))
        return Cable(
            refid=refid, created=created, released=released, classification=classification,
            origin=origin, subject=subject, tags=tags, tags_raw=tags_raw, references=refs,
            references_text=refs_text, header=header, body=body,
            flags=tuple(f for f in flags.split(",") if f), source=sources[0] if sources else None,
            record_id=record_id, sources=sources, aliases=aliases,
        )

    @storage_errors
    def first_released(self, refid: str) -> str | None:
        cid = self.id_of(refid)
        if cid is None:
            return None
        row = self.conn.execute("SELECT first_released FROM cables WHERE id = ?",
                                [cid]).fetchone()
        return row[0] if row else None

    @storage_errors
    def existing(self, refids: Iterable[str]) -> set[str]:
        """Which of these reference ids are in the library, under that id or as an alias
        (to link or mark unresolved)."""
        return {refid for refid, _ in self._resolve(refids)}

    @storage_errors
    def referenced_by(self, refid: str) -> list[CitingCable]:
        """Cables whose references name this one (by its id or an alias), oldest first."""
        cid = self.id_of(refid)
        names = [refid]
        if cid is not None:
            names += [r[0] for r in self.conn.execute(
                "SELECT refid FROM cables WHERE id = ? UNION "
                "SELECT alias FROM cable_aliases WHERE cable_id = ?", [cid, cid])]
        names = list(dict.fromkeys(names))
        marks = ",".join("?" * len(names))
        return [CitingCable(*r) for r in self.conn.execute(
            f"SELECT DISTINCT c.refid, c.subject, c.created FROM cable_refs r "
            f"JOIN cables c ON c.id = r.cable_id WHERE r.target IN ({marks}) "
            f"ORDER BY c.created, c.refid", names)]

    # Import history -----------------------------------------------------------------------

    @storage_errors
    def import_runs(self) -> list[dict[str, object]]:
        cur = self.conn.execute("SELECT * FROM import_runs ORDER BY id DESC")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    @storage_errors
    def import_problems(self, run_id: int) -> list[tuple[str, str, str, bool]]:
        """``(source, position, reason, fatal)`` of each problem of a run, in order; then each
        file or folder the run left out, as a non-fatal row whose reason starts with
        ``"skipped: "`` (``runs.SKIPPED_PREFIX``): "skipped: a folder of listing pages ..."."""
        return [(s, p, r, bool(f)) for s, p, r, f in self.conn.execute(
            "SELECT source, position, reason, fatal FROM import_problems WHERE run_id = ? "
            "ORDER BY rowid", [run_id])]


def _file_size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            total += p.stat().st_size
    return total


__all__ = ["CitingCable", "Library", "LibraryCheck", "ListRow", "Selection", "StorageError"]
