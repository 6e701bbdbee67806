"""A library's facets as bitsets (Python ints, bit i for cable i), for counts on large sets."""

from __future__ import annotations

import json
import sqlite3
import sys
from array import array
from collections.abc import Callable, Iterable
from operator import itemgetter

from desktop.archive.selection import Selection, where_clause

#: Tags with at least this many cables are kept as a bitset (31 KB each on the full archive),
#: rarer ones as an array of ids.
DENSE_TAG = 1_000
#: Restrictions (one facet's chosen values) whose bitsets are kept.
KEPT_RESTRICTIONS = 32
_LOAD = {  # value, the ids of its cables (each read from a covering index)
    "origin": "SELECT o.name, r.ids FROM (SELECT origin_id, group_concat(id) AS ids FROM cables "
              "GROUP BY origin_id) r JOIN origins o ON o.id = r.origin_id",
    "classification": "SELECT classification, group_concat(id) FROM cables GROUP BY 1",
    "month": "SELECT coalesce(substr(created, 1, 7), ''), group_concat(id) FROM cables GROUP BY 1",
    "released": "SELECT coalesce(substr(released, 1, 10), ''), group_concat(id) FROM cables "
                "GROUP BY 1",
    "tag": "SELECT t.code, r.ids FROM (SELECT tag_id, group_concat(cable_id) AS ids "
           "FROM cable_tags GROUP BY tag_id) r JOIN tags t ON t.id = r.tag_id",
}
#: Selection fields whose values are a single-valued facet's values.
_EXACT = {"origins": "origin", "classifications": "classification"}
#: Selection fields that restrict separately (years and months are one date restriction).
_RESTRICTIONS = (("tags",), ("origins",), ("classifications",), ("years", "months"),
                 ("released",), ("created_range",))


def bits_of(ids: Iterable[int], size: int) -> int:
    """The bitset of some cable ids; ids from ``size`` on are left out."""
    mask = bytearray(b"0") * size
    try:
        for i in ids:
            mask[i] = 49
    except IndexError:  # ids that are not (or no longer) in the library
        return bits_of([i for i in ids if 0 <= i < size], size)
    return int(mask[::-1], 2) if size else 0


class Planes:
    """A single-valued facet: bit k of each cable's value number, one bitset per k (9 for 300
    origins); counting a set splits it plane by plane."""

    def __init__(self, rows: Iterable[tuple[str, str | None]], size: int):
        self.values: list[str] = []
        codes = array("H", bytes(2 * size))
        for value, text in rows:
            self.values.append(str(value))
            for i in _parse(text, size):
                codes[i] = len(self.values)
        raw = codes.tobytes()
        low, high = (raw[0::2], raw[1::2]) if sys.byteorder == "little" else (raw[1::2], raw[0::2])
        self.planes = [_plane(low if k < 8 else high, _has_bit(k % 8))
                       for k in range(len(self.values).bit_length())]
        self.present = _plane(low, bool) | _plane(high, bool)

    def union(self, values: frozenset[str]) -> int:
        """The cables having any of these values."""
        out = 0
        for code, value in enumerate(self.values, 1):
            if value in values:
                bits = self.present
                for k, plane in enumerate(self.planes):
                    bits = bits & plane if code >> k & 1 else bits & ~plane
                out |= bits
        return out

    def counts(self, s: int) -> dict[str, int]:
        """``{value: its cables in s}`` (a walk down a binary trie of the value numbers)."""
        out: dict[str, int] = {}
        stack = [(s & self.present, len(self.planes) - 1, 0)]
        while stack:
            part, k, code = stack.pop()
            if not part:
                continue
            if k < 0:
                out[self.values[code - 1]] = part.bit_count()
                continue
            one = part & self.planes[k]
            stack += [(one, k - 1, code | 1 << k), (part ^ one, k - 1, code)]
        return out


class Tags:
    """Each common tag's cables as a bitset; the rare tags' ids in one array."""

    def __init__(self, rows: Iterable[tuple[str, str | None]], size: int):
        self.size = size
        self.dense: dict[str, int] = {}
        self.rare: dict[str, tuple[int, int]] = {}
        self.rare_ids = array("i")
        for code, text in rows:
            ids = _parse(text, size)
            if len(ids) >= DENSE_TAG:
                self.dense[str(code)] = bits_of(ids, size)
            else:
                self.rare[str(code)] = (len(self.rare_ids), len(self.rare_ids) + len(ids))
                self.rare_ids.extend(ids)

    def union(self, codes: frozenset[str]) -> int:
        """The cables having any of these tags."""
        out = 0
        for code in codes:
            start, end = self.rare.get(code, (0, 0))
            out |= self.dense.get(code) or bits_of(self.rare_ids[start:end], self.size)
        return out

    def counts(self, s: int) -> dict[str, int]:
        """``{tag: its cables in s}``: ANDs for the common tags, one gather for the rare."""
        s &= (1 << self.size) - 1
        out = {code: n for code, bits in self.dense.items() if (n := (s & bits).bit_count())}
        if self.rare_ids:
            mask = format(s | 1 << self.size, "b")[::-1]  # mask[i] == "1": cable i is in s
            picked = itemgetter(*self.rare_ids)(mask)  # a str when there is one id, else a tuple
            hits = "".join(picked)
            out.update((code, n) for code, (start, end) in self.rare.items()
                       if (n := hits.count("1", start, end)))
        return out


class BitsetIndex:
    """A library's bitsets, each read on first use (on the full archive 0.1 to 0.25 s a
    single-valued facet, 0.6 s the tags, 0.05 s a restriction); not thread-safe."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.size = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM cables").fetchone()[0])
        self._single: dict[str, Planes] = {}
        self._tags: Tags | None = None
        self._restrictions: dict[Selection, int] = {}

    def single(self, facet: str) -> Planes:
        """origin, classification, month or released (years are counted by month)."""
        if facet not in self._single:
            self._single[facet] = Planes(self._conn.execute(_LOAD[facet]), self.size)
        return self._single[facet]

    def has(self, facet: str) -> bool:
        """Whether counting this facet needs no more reading."""
        return (self._tags is not None if facet == "tag"
                else ("month" if facet == "year" else facet) in self._single)

    def tags(self) -> Tags:
        if self._tags is None:
            self._tags = Tags(self._conn.execute(_LOAD["tag"]), self.size)
        return self._tags

    def restrict(self, sel: Selection) -> int:
        """The bitset of a selection: the AND of each facet's restriction, from the bitsets
        read already or else by SQL (``where_clause``, the same rules) and kept; -1 (every
        bit) when nothing is chosen."""
        out = -1
        for fields in _RESTRICTIONS:
            part = Selection(**{f: getattr(sel, f) for f in fields})
            if part.is_empty():
                continue
            read = self._tags if fields[0] == "tags" else self._single.get(
                _EXACT.get(fields[0], ""))
            if read is None:
                out &= self._restriction(part)
            else:  # values already read as bitsets need no query (dates, by range, do)
                out &= read.union(getattr(sel, fields[0]))
        if sel.ids is not None:
            out &= bits_of(sel.ids, self.size)
        return out

    def _restriction(self, part: Selection) -> int:
        if part not in self._restrictions:
            sql, params = _restriction_sql(part)
            text = self._conn.execute(sql, params).fetchone()[0]
            if len(self._restrictions) >= KEPT_RESTRICTIONS:
                del self._restrictions[next(iter(self._restrictions))]
            self._restrictions[part] = bits_of(_parse(text, self.size), self.size)
        return self._restrictions[part]


def _restriction_sql(part: Selection) -> tuple[str, list[object]]:
    """The ids of one facet's restriction, each read from an index: tags from ``cable_tags``
    (through ``cables`` they cost a row lookup each, 0.35 s for PREL instead of 0.05 s)."""
    if part.tags:
        tags = sorted(part.tags)
        return ("SELECT group_concat(ct.cable_id) FROM cable_tags ct JOIN tags t "
                f"ON t.id = ct.tag_id WHERE t.code IN ({','.join('?' * len(tags))})", [*tags])
    where, params = where_clause(part)
    return f"SELECT group_concat(c.id) FROM cables c WHERE {where}", params


def restricted_facets(sel: Selection) -> int:
    """How many separate restrictions a selection makes (the dates count once)."""
    return sum(1 for fields in _RESTRICTIONS if any(getattr(sel, f) for f in fields)) + (
        sel.ids is not None)


def _parse(text: str | None, size: int) -> list[int]:
    """A ``group_concat`` of ids, without those from ``size`` on (added since the index was
    opened: they are counted when the change is seen and the bitsets are read again)."""
    return [i for i in json.loads(f"[{text}]") if i < size] if text else []


def _has_bit(k: int) -> Callable[[int], bool]:
    return lambda b: b >> k & 1 == 1


def _plane(codes: bytes, test: Callable[[int], bool]) -> int:
    """The bitset of the positions whose byte passes ``test`` (translate, reverse, parse)."""
    table = bytes(49 if test(b) else 48 for b in range(256))
    return int(codes.translate(table)[::-1], 2) if codes else 0


_cache: list[tuple[sqlite3.Connection, tuple[int, int], BitsetIndex]] = []


def bitset_index(conn: sqlite3.Connection) -> BitsetIndex:
    """The bitsets of the library on this connection, kept while it is unchanged (one library
    at a time: asking for another connection's drops them)."""
    stamp = (int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes)
    if not (_cache and _cache[0][0] is conn and _cache[0][1] == stamp):
        _cache[:] = [(conn, stamp, BitsetIndex(conn))]
    return _cache[0][2]


def prepare(conn: sqlite3.Connection) -> BitsetIndex:
    """Read every facet's bitsets now (1.3 s on the full archive) rather than on the first
    large selection."""
    index = bitset_index(conn)
    for facet in ("origin", "classification", "month", "released"):
        index.single(facet)
    index.tags()
    return index


__all__ = ["BitsetIndex", "bits_of", "bitset_index", "prepare", "restricted_facets"]
