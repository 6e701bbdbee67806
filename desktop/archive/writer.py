"""Write parsed cables into the index: merge copies of one cable, keep FTS and facets in step."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.archive.glossary import tag_kind
from desktop.archive.parse import FLAG_MALFORMED_COPY
from desktop.archive.records import Cable, SourceRef

if TYPE_CHECKING:  # the parsing helper process imports content_hash: keep it light
    import sqlite_utils


@dataclass(frozen=True)
class WriteCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(self.added + other.added, self.updated + other.updated,
                           self.unchanged + other.unchanged)


@dataclass
class _Existing:
    id: int
    rank: int
    content_hash: str
    released: str | None
    first_released: str | None
    file_ids: set[int]
    pending: bool = False  # added in this batch, not yet written
    malformed: bool = False  # the stored text is a copy published under a malformed id


_CABLE_COLUMNS = (
    "id, refid, created, released, first_released, classification, origin_id, subject, "
    "tags_raw, references_text, header, body, flags, record_id, source_rank, content_hash"
)


def content_hash(cable: Cable) -> str:
    """A hash of everything a copy contributes; equal hashes mean nothing to update."""
    h = hashlib.blake2b(digest_size=10)
    for part in (cable.refid, cable.created or "", cable.released or "", cable.classification,
                 cable.origin, cable.header, cable.body, "|".join(cable.references),
                 cable.subject, cable.tags_raw, ",".join(cable.flags)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class CableWriter:
    """Keeps id caches (origins, tags, source files) across the batches of one import."""

    def __init__(self, db: sqlite_utils.Database):
        conn = db.conn
        self._origins = dict(conn.execute("SELECT name, id FROM origins").fetchall())
        self._tags = dict(conn.execute("SELECT code, id FROM tags").fetchall())
        self._files = {path: (fid, rank) for fid, path, rank in
                       conn.execute("SELECT id, path, rank FROM source_files").fetchall()}
        self._next_id = (conn.execute("SELECT max(id) FROM cables").fetchone()[0] or 0) + 1

    def write(self, conn: sqlite3.Connection, cables: list[Cable],
              digests: Sequence[str] | None = None) -> WriteCounts:
        """Write one batch inside the caller's transaction.

        Args:
            digests: each cable's ``content_hash``, when it was computed already (by the
                process that parsed it).
        """
        existing = self._existing(conn, [c.refid for c in cables])
        added: list[tuple[Cable, _Existing, str]] = []
        replaced: list[tuple[Cable, _Existing, str]] = []
        sources: list[tuple[int, int, str, str | None, str]] = []
        unchanged = 0
        for n, cable in enumerate(cables):
            assert cable.source is not None
            file_id = self._file_id(conn, cable.source)
            digest = digests[n] if digests is not None else content_hash(cable)
            malformed = FLAG_MALFORMED_COPY in cable.flags
            old = existing.get(cable.refid)
            if old is None:
                cable_id = self._next_id
                self._next_id += 1
                new = _Existing(cable_id, cable.source.rank, digest, cable.released,
                                cable.released, {file_id}, pending=True, malformed=malformed)
                existing[cable.refid] = new
                added.append((cable, new, digest))
                sources.append((cable_id, file_id, cable.source.position, cable.released,
                                cable.source.refid))
                continue
            sources.append((old.id, file_id, cable.source.position, cable.released,
                            cable.source.refid))
            wins = _wins(cable.source.rank, malformed, file_id, old)
            if wins and digest != old.content_hash and old.pending:
                # Two copies in one batch: the better one simply takes the pending insert.
                index = next(i for i, (_, e, _) in enumerate(added) if e is old)
                added[index] = (cable, old, digest)
                old.rank, old.content_hash, old.malformed = cable.source.rank, digest, malformed
                old.released = cable.released or old.released
                old.first_released = _earliest(old.first_released, cable.released)
            elif wins and digest != old.content_hash:
                replaced.append((cable, old, digest))
                old.rank, old.content_hash, old.malformed = cable.source.rank, digest, malformed
            else:
                unchanged += 1
                self._merge_release(conn, old, cable.released)
            old.file_ids.add(file_id)
        self._insert(conn, added)
        self._replace(conn, replaced)
        conn.executemany(
            "INSERT OR REPLACE INTO cable_sources(cable_id, file_id, position, released, refid) "
            "VALUES (?, ?, ?, ?, ?)", sources)
        return WriteCounts(len(added), len(replaced), unchanged)

    def _existing(self, conn: sqlite3.Connection, refids: list[str]) -> dict[str, _Existing]:
        found: dict[str, _Existing] = {}
        for start in range(0, len(refids), 500):
            chunk = refids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT id, refid, source_rank, content_hash, released, first_released, flags "
                f"FROM cables WHERE refid IN ({marks})", chunk).fetchall()
            for cid, refid, rank, digest, released, first, flags in rows:
                found[refid] = _Existing(cid, rank, digest, released, first, set(),
                                         malformed=FLAG_MALFORMED_COPY in flags.split(","))
        if found:
            by_id = {e.id: e for e in found.values()}
            cable_ids = list(by_id)
            for start in range(0, len(cable_ids), 500):
                id_chunk = cable_ids[start : start + 500]
                marks = ",".join("?" * len(id_chunk))
                for cid, fid in conn.execute(
                        f"SELECT cable_id, file_id FROM cable_sources WHERE cable_id IN ({marks})",
                        id_chunk):
                    by_id[cid].file_ids.add(fid)
        return found

    def _insert(self, conn: sqlite3.Connection, rows: list[tuple[Cable, _Existing, str]]) -> None:
        if not rows:
            return
        conn.executemany(
            f"INSERT INTO cables({_CABLE_COLUMNS}) VALUES ({','.join('?' * 16)})",
            [self._row(conn, c, e.id, digest, e.released, e.first_released)
             for c, e, digest in rows],
        )
        conn.executemany(
            "INSERT INTO cables_fts(rowid, subject, body) VALUES (?, ?, ?)",
            [(e.id, c.subject, c.body) for c, e, _ in rows],
        )
        self._links(conn, [(c, e.id) for c, e, _ in rows])
        for _, e, _ in rows:
            e.pending = False

    def _replace(self, conn: sqlite3.Connection, rows: list[tuple[Cable, _Existing, str]]) -> None:
        for cable, old, digest in rows:
            subject, body = conn.execute(
                "SELECT subject, body FROM cables WHERE id = ?", [old.id]).fetchone()
            conn.execute(
                "INSERT INTO cables_fts(cables_fts, rowid, subject, body) "
                "VALUES ('delete', ?, ?, ?)", [old.id, subject, body])
            released = cable.released or old.released
            first = _earliest(old.first_released, cable.released)
            conn.execute(f"REPLACE INTO cables({_CABLE_COLUMNS}) VALUES ({','.join('?' * 16)})",
                         self._row(conn, cable, old.id, digest, released, first))
            conn.execute("INSERT INTO cables_fts(rowid, subject, body) VALUES (?, ?, ?)",
                         [old.id, cable.subject, cable.body])
            conn.execute("DELETE FROM cable_tags WHERE cable_id = ?", [old.id])
            conn.execute("DELETE FROM cable_refs WHERE cable_id = ?", [old.id])
            old.released, old.first_released = released, first
        self._links(conn, [(c, old.id) for c, old, _ in rows])

    def _merge_release(self, conn: sqlite3.Connection, old: _Existing,
                       released: str | None) -> None:
        """A losing copy can still tell when the cable was first published."""
        if released is None:
            return
        first = _earliest(old.first_released, released)
        current = old.released or released
        if first != old.first_released or current != old.released:
            if not old.pending:
                conn.execute("UPDATE cables SET released = ?, first_released = ? WHERE id = ?",
                             [current, first, old.id])
            old.released, old.first_released = current, first

    def _links(self, conn: sqlite3.Connection, rows: list[tuple[Cable, int]]) -> None:
        tag_rows = []
        ref_rows = []
        alias_rows: list[tuple[str, int]] = []
        for cable, cid in rows:
            for pos, code in enumerate(cable.tags):
                tag_rows.append((self._tag_id(conn, code), cid, pos))
            for pos, target in enumerate(cable.references):
                ref_rows.append((cid, target, pos))
            alias_rows.extend((alias, cid) for alias in cable.aliases)
        conn.executemany(
            "INSERT OR IGNORE INTO cable_tags(tag_id, cable_id, position) VALUES (?, ?, ?)",
            tag_rows)
        conn.executemany(
            "INSERT OR IGNORE INTO cable_refs(cable_id, target, position) VALUES (?, ?, ?)",
            ref_rows)
        if alias_rows:
            conn.executemany(
                "INSERT OR REPLACE INTO cable_aliases(alias, cable_id) VALUES (?, ?)", alias_rows)

    def _row(self, conn: sqlite3.Connection, c: Cable, cid: int, digest: str,
             released: str | None, first: str | None) -> tuple[object, ...]:
        assert c.source is not None
        return (cid, c.refid, c.created, released, first, c.classification,
                self._origin_id(conn, c.origin), c.subject, c.tags_raw, c.references_text,
                c.header, c.body, ",".join(c.flags), c.record_id, c.source.rank, digest)

    def _origin_id(self, conn: sqlite3.Connection, name: str) -> int:
        oid = self._origins.get(name)
        if oid is None:
            oid = int(conn.execute("INSERT INTO origins(name) VALUES (?)", [name]).lastrowid or 0)
            self._origins[name] = oid
        return oid

    def _tag_id(self, conn: sqlite3.Connection, code: str) -> int:
        tid = self._tags.get(code)
        if tid is None:
            tid = int(conn.execute("INSERT INTO tags(code, kind) VALUES (?, ?)",
                                   [code, tag_kind(code)]).lastrowid or 0)
            self._tags[code] = tid
        return tid

    def _file_id(self, conn: sqlite3.Connection, source: SourceRef) -> int:
        known = self._files.get(source.path)
        if known is not None:
            return int(known[0])
        fid = int(conn.execute(
            "INSERT INTO source_files(path, kind, build, rank) VALUES (?, ?, ?, ?)",
            [source.path, source.kind.value, source.build, source.rank]).lastrowid or 0)
        self._files[source.path] = (fid, source.rank)
        return fid


def _wins(rank: int, malformed: bool, file_id: int, old: _Existing) -> bool:
    """Whether a copy replaces the stored text: a better source wins; among equal ones a
    re-read of the same file does, and a copy under the canonical id beats one published
    under a malformed id (never the reverse)."""
    if rank != old.rank:
        return rank > old.rank
    if malformed != old.malformed:
        return old.malformed
    return file_id in old.file_ids


def _earliest(a: str | None, b: str | None) -> str | None:
    values = [v for v in (a, b) if v]
    return min(values) if values else None
