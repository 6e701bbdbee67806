"""Every copy of a cable its sources hold, re-read from their files, and how they differ.

The library keeps one copy of each cable (the preferred one: cables.csv, then the latest
site build) and records where every other copy came from (``cable_sources``: file and
position). ``copies`` reads each again from its file, so a copy whose file is gone or has
changed since the import carries an ``error`` instead of a body; it never raises for that.
``word_diff`` and ``unified_diff`` show the differences, line structure kept.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Literal

from desktop.archive.errors import storage_errors
from desktop.archive.fsnames import safe_text
from desktop.archive.library import Library
from desktop.archive.parse import FLAG_CORRUPT, FLAG_TEXT, FLAG_TRUNCATED, parse_cable
from desktop.archive.records import Cable, Problem, RawCable, SourceKind, SourceRef
from desktop.archive.sources import read_source
from desktop.archive.sources.cables_csv import FIELDS
from desktop.archive.times import display_time, parse_time
from desktop.archive.writer import content_hash

#: Flags that say a body is damaged: named in ``why`` (the import ranks by source only).
DAMAGE_FLAGS = (FLAG_CORRUPT, FLAG_TRUNCATED)
#: Up to this many token (or line) pairs two texts are compared exactly; above it difflib's
#: "autojunk" heuristic keeps it fast (a re-flowed 80 KB body: 3 s instead of minutes).
EXACT_LIMIT = 1_000_000
#: Above this many tokens (both sides) a changed block is marked as a whole.
WORD_DIFF_LIMIT = 60_000
#: The share of matching words below which two blocks are shown as different texts.
SIMILAR = 0.5

#: A field a copy lacks, as ``field_differences`` shows it.
NOT_GIVEN = "—"

Op = Literal["equal", "delete", "insert", "replace"]


@dataclass(frozen=True)
class Copy:
    """One source's copy of a cable.

    ``body`` is None exactly when the copy could not be read again (``error`` says why).
    The preferred copy always has a body, the text the library keeps; its ``error`` may
    still say that its file is gone or has changed since the import.

    Attributes:
        label: where it came from, for people: "cables.csv, record 1",
            "WikiLeaks final build (Aug 2011), cable/2010/02/10DUSHANBE170.html".
        kind: "csv", "html" or "text"; ``build`` the build's name ("cables.csv",
            "final build (Aug 2011)", "early build (1,295 released)").
        rank: the import's rank (the higher wins); ``order`` 1 for the preferred copy, then
            2, 3 ... by rank.
        published_as: the malformed id this copy was published under, or "".
        created: the creation time as the import reads it (``YYYY-MM-DDTHH:MM``; early
            builds' bogus minutes mended from the header); ``created_shown`` as the source
            shows it.
        released: when this copy was published (pages only).
        why: one or two sentences: why this copy was preferred, or why it was not.
    """

    label: str
    kind: str
    build: str
    rank: int
    order: int
    path: str
    position: str
    published_as: str
    preferred: bool
    why: str
    flags: tuple[str, ...] = ()
    subject: str | None = None
    created: str | None = None
    created_shown: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    tags: tuple[str, ...] = ()
    header: str | None = None
    body: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class FieldDifference:
    """A field of the reference box as two copies give it (shown as people read it)."""

    name: str
    a: str
    b: str

    @property
    def differs(self) -> bool:
        return self.a != self.b


@dataclass(frozen=True)
class Segment:
    """A run of two texts: ``equal``, only in the first (``delete``), only in the second
    (``insert``) or different (``replace``). ``a`` and ``b`` keep their newlines, so the
    segments of each side joined give that text back exactly."""

    op: Op
    a: str
    b: str

    @property
    def spacing_only(self) -> bool:
        """A difference in spaces or blank lines only (invisible unless marked)."""
        return self.op != "equal" and self.a.split() == self.b.split()


# Reading -----------------------------------------------------------------------------------


@storage_errors
def source_count(lib: Library, refid: str) -> int:
    """How many sources hold the cable kept under ``refid`` (or known by that alias); 0 for
    a cable not in the library. One query: cheap enough for the reference box."""
    row = lib.conn.execute(
        "SELECT count(*) FROM cable_sources WHERE cable_id = coalesce("
        "(SELECT id FROM cables WHERE refid = ?), "
        "(SELECT cable_id FROM cable_aliases WHERE alias = ?))", [refid, refid]).fetchone()
    return int(row[0])


@storage_errors
def copies(lib: Library, refid: str) -> list[Copy]:
    """Every copy of the cable, the preferred one first, then by rank; [] when the cable is
    not in the library. Reads each source file again (a cables.csv is scanned up to the
    record, about a second per GB)."""
    cid = lib.id_of(refid)
    cable = lib.cable_by_id(cid) if cid is not None else None
    if cid is None or cable is None:
        return []
    stored_rank, stored_hash = lib.conn.execute(
        "SELECT source_rank, content_hash FROM cables WHERE id = ?", [cid]).fetchone()
    rows = lib.conn.execute(
        "SELECT f.kind, f.path, s.position, f.build, f.rank, s.refid, s.released "
        "FROM cable_sources s JOIN source_files f ON f.id = s.file_id WHERE s.cable_id = ? "
        "ORDER BY f.rank DESC, s.refid != '', f.path, s.position", [cid]).fetchall()
    sources = [(SourceRef(SourceKind(kind), path, position, build, rank, published), released)
               for kind, path, position, build, rank, published, released in rows]
    read = [_reread(source, cable.refid) for source, _ in sources]
    best = _preferred_index(sources, read, stored_rank, stored_hash, cable.body)
    out: list[Copy] = []
    order = [best] + [i for i in range(len(sources)) if i != best]
    for n, i in enumerate(order, start=1):
        source, released = sources[i]
        parsed, raw, error = read[i]
        preferred = i == best
        if preferred and error is None and parsed is not None and parsed.body != cable.body:
            error = ("The source file has changed since the import; this is the text the "
                     "library kept.")
        if preferred and error is not None:
            raw = None  # what the file holds now is not the copy the library kept
        shown = cable if preferred else parsed
        why = _why(source, [s for s, _ in sources], best, preferred,
                   shown.flags if shown is not None else ())
        out.append(_copy(source, n, preferred, why, released, shown, raw, error))
    return out


def _copy(source: SourceRef, order: int, preferred: bool, why: str, released: str | None,
          cable: Cable | None, raw: RawCable | None, error: str | None) -> Copy:
    base = Copy(label=source_label(source), kind=source.kind.value, build=source.build,
                rank=source.rank, order=order, path=source.path, position=source.position,
                published_as=source.refid, preferred=preferred, why=why, released=released,
                error=error)
    if cable is None:
        return base
    shown = parse_time(raw.created) if raw is not None and raw.created else None
    return replace(base, flags=cable.flags, subject=cable.subject, created=cable.created,
                   created_shown=shown or cable.created, classification=cable.classification,
                   origin=cable.origin, tags=cable.tags, header=cable.header, body=cable.body)


def source_label(source: SourceRef) -> str:
    """Where a copy came from, for people: the file's name (a page's path from its
    ``cable/`` folder on), the record of a cables.csv, the build of a page."""
    parts = PurePath(source.path).parts
    if source.kind is SourceKind.CSV:
        record = re.match(r"record (\d+)", source.position)
        where = f", record {record.group(1)}" if record else ""
        return safe_text(f"{parts[-1] if parts else source.path}{where}")
    cut = max((i for i, p in enumerate(parts[:-1]) if p == "cable"), default=len(parts) - 1)
    name = "/".join(parts[cut:]) or source.path
    if source.kind is SourceKind.TEXT:
        return safe_text(f"Saved WikiLeaks page ({source.build}), {name}")
    return safe_text(f"WikiLeaks {source.build}, {name}")


_Read = tuple[Cable | None, RawCable | None, str | None]


def _reread(source: SourceRef, refid: str) -> _Read:
    """The copy as its file holds it now: (parsed, raw, None) or (None, None, error)."""
    path = Path(source.path)
    try:
        if not path.is_file():
            return None, None, (f"The source file is gone (moved or deleted since the "
                                f"import): {safe_text(source.path)}")
        if source.kind is SourceKind.CSV:
            raw = _csv_record(path, source)
        else:
            items = list(read_source(path))
            raw = next((i for i in items if isinstance(i, RawCable)), None)
            problem = next((i for i in items if isinstance(i, Problem)), None)
            if raw is None and problem is not None and problem.reason.startswith("cannot read"):
                return None, None, f"The source file {problem.reason}."  # e.g. no permission
    except OSError as exc:
        return None, None, f"The source file cannot be read: {safe_text(str(exc))}"
    published = source.refid or refid
    if raw is None or raw.refid != published:
        what = f"holds {raw.refid} there" if raw is not None else "holds no cable there"
        return None, None, (f"The source file has changed since the import: it {what}, "
                            f"not {published}.")
    return parse_cable(raw), raw, None


def _preferred_index(sources: Sequence[tuple[SourceRef, str | None]], read: Sequence[_Read],
                     rank: int, digest: str, body: str) -> int:
    """The copy the library keeps: of those of its rank, the one whose text it holds (by its
    hash, else by its body: a newer parser may hash alike texts differently); the first of
    them when none can tell (their files are gone or changed)."""
    tied = [i for i, (s, _) in enumerate(sources) if s.rank == rank] or [0]
    for same in (lambda c: content_hash(c) == digest, lambda c: c.body == body):
        for i in tied:
            parsed = read[i][0]
            if parsed is not None and same(parsed):
                return i
    return tied[0]


def _csv_record(path: Path, source: SourceRef) -> RawCable | None:
    """The record at ``source.position`` ("record N, line L") of a cables.csv, read as
    ``read_cables_csv`` reads it; None when no record of eight fields starts there."""
    m = re.match(r"record (\d+), line (\d+)$", source.position)
    if m is None:
        return None
    offset = _line_offset(path, int(m.group(2)))
    if offset is None:
        return None
    csv.field_size_limit(sys.maxsize)
    with path.open("rb") as f:
        f.seek(offset)
        text = io.TextIOWrapper(f, encoding="utf-8", errors="replace", newline="")
        reader = csv.reader(text, delimiter=",", quotechar='"', escapechar="\\",
                            doublequote=False, strict=False)
        try:
            row = next(reader)
        except (StopIteration, csv.Error):
            return None
    if len(row) != FIELDS:
        return None
    record_id, created, refid, origin, classification, refs, header, body = row
    references = tuple(r.strip() for r in refs.split("|") if r.strip())
    return RawCable(refid=refid.strip(), created=created, released="",
                    classification=classification, origin=origin,
                    header=header.replace("\r\n", "\n"), body=body.replace("\r\n", "\n"),
                    source=source, references=references or None,
                    record_id=record_id.strip())


def _line_offset(path: Path, line: int, chunk: int = 1 << 20) -> int | None:
    """The byte offset where line ``line`` (1-based) starts, counting line ends as the CSV
    reader does (LF, CRLF or a lone CR); None past the end of the file."""
    if line <= 1:
        return 0
    wanted = line - 1  # line ends to pass
    seen = 0
    base = 0
    prev_cr = False
    with path.open("rb") as f:
        while block := f.read(chunk):
            ends = block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
            if prev_cr and block.startswith(b"\n"):
                ends -= 1  # the CRLF split between two blocks counted twice
            if seen + ends >= wanted:
                for m in re.finditer(rb"\r\n|\r|\n", block):
                    if prev_cr and m.start() == 0 and m.group() == b"\n":
                        continue
                    seen += 1
                    if seen == wanted:
                        end = base + m.end()
                        if m.group() == b"\r" and m.end() == len(block):
                            f.seek(end)
                            if f.read(1) == b"\n":  # a CRLF split between two blocks
                                end += 1
                        return end
            seen += ends
            prev_cr = block.endswith(b"\r")
            base += len(block)
    return None


def _why(source: SourceRef, every: Sequence[SourceRef], best_index: int, preferred: bool,
         flags: Sequence[str]) -> str:
    """Why a copy was preferred, or why it was not, in a plain sentence or two."""
    best = every[best_index]
    if len(every) == 1:
        sentence = "The only source of this cable."
    elif preferred and any(s.rank < best.rank for s in every):
        sentence = _why_preferred(source)
    elif preferred:
        sentence = ("Preferred: the copies come from sources of equal rank; the import kept "
                    "this one" + (" (the others carry a malformed id)." if not best.refid and
                                  all(s.refid for s in every if s is not best) else "."))
    elif source.rank != best.rank:
        sentence = "Not preferred: " + _ranks_above(best, source)
    elif source.refid and not best.refid:
        sentence = (f"Not preferred: published under the malformed id {source.refid}; the "
                    "copy under the correct id is kept.")
    else:
        sentence = ("Not preferred: the same source as the preferred copy, read from another "
                    "file or place; the import kept the other.")
    damage = [FLAG_TEXT[f] for f in flags if f in DAMAGE_FLAGS]
    if damage and preferred and len(every) > 1:
        sentence += (" Its body is flagged as damaged, but the import ranks copies by "
                     "source, not by damage: " + " ".join(damage))
    elif damage:
        sentence += " This copy is flagged as damaged: " + " ".join(damage)
    return sentence


def _why_preferred(source: SourceRef) -> str:
    if source.kind is SourceKind.CSV:
        return "Preferred: cables.csv ranks above every page of the WikiLeaks site."
    return f"Preferred: the {source.build} is the latest WikiLeaks build among the copies."


def _ranks_above(best: SourceRef, source: SourceRef) -> str:
    if best.kind is SourceKind.CSV:
        return "cables.csv ranks above every page of the WikiLeaks site."
    if best.build == source.build and source.kind is SourceKind.TEXT:
        return "a page saved as text ranks below the HTML page of the same build."
    if source.rank > best.rank:  # the kept copy ranks lower: its file was read again
        return "the library kept another copy when it was imported."
    return f"the {best.build} is a later WikiLeaks build than the {source.build}."


# Differences -------------------------------------------------------------------------------


def field_differences(a: Copy, b: Copy) -> list[FieldDifference]:
    """The reference-box fields of two copies, as shown (differing or not), in order:
    subject, created, released, classification, origin, tags; ``NOT_GIVEN`` for a field a
    copy lacks (cables.csv gives no release time)."""
    return [FieldDifference(name, x or NOT_GIVEN, y or NOT_GIVEN) for name, x, y in (
        ("Subject", a.subject or "", b.subject or ""),
        ("Created", _created_text(a), _created_text(b)),
        ("Released", display_time(a.released), display_time(b.released)),
        ("Classification", a.classification or "", b.classification or ""),
        ("Origin", a.origin or "", b.origin or ""),
        ("Tags", " ".join(a.tags), " ".join(b.tags)),
    )]


def _created_text(copy: Copy) -> str:
    shown = display_time(copy.created_shown)
    if copy.created and copy.created_shown and copy.created != copy.created_shown:
        return f"{shown} (read as {display_time(copy.created)[11:]} from the header)"
    return shown


_LINE = re.compile(r"[^\n]*\n|[^\n]+")
#: A line end, a run of other spaces, a word, or one mark of punctuation ("IR," -> "IR" ",").
_TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")


def word_diff(a: str, b: str) -> list[Segment]:
    """The differences of two texts word by word, every space and line end kept.

    Lines are matched first; a run of changed lines is then compared word by word (spaces
    and line ends are tokens of their own, so a segment never joins two lines that are not
    joined in the text). Joined, the ``a`` of the segments gives ``a`` and their ``b``
    gives ``b``.
    """
    la, lb = _LINE.findall(a), _LINE.findall(b)
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, la, lb, autojunk=len(la) * len(lb) > EXACT_LIMIT)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        x, y = "".join(la[i1:i2]), "".join(lb[j1:j2])
        if op == "replace":
            out.extend(_words(x, y))
        else:
            out.append(Segment(op, x, y))
    return _merged(out)


def _words(a: str, b: str) -> list[Segment]:
    """A block of changed lines word by word; as one change when it is too long, or when
    fewer than half its words match (two different texts share only "THE" and commas)."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if len(ta) + len(tb) > WORD_DIFF_LIMIT:
        return [Segment("replace", a, b)]
    quick = len(ta) * len(tb) > EXACT_LIMIT
    codes = difflib.SequenceMatcher(None, ta, tb, autojunk=quick).get_opcodes()
    words = sum(1 for t in ta + tb if not t.isspace())
    same = sum(1 for op, i1, i2, _, _ in codes if op == "equal"
               for t in ta[i1:i2] if not t.isspace())
    if words and 2 * same < SIMILAR * words:
        return [Segment("replace", a, b)]
    return [Segment(op, "".join(ta[i1:i2]), "".join(tb[j1:j2]))
            for op, i1, i2, j1, j2 in codes]


def _merged(segments: list[Segment]) -> list[Segment]:
    """Adjacent runs of one kind joined; a lone space between two changes joins them."""
    out: list[Segment] = []
    for seg in segments:
        if not seg.a and not seg.b:
            continue
        if (len(out) >= 2 and out[-1].op == "equal" and out[-2].op != "equal"
                and seg.op != "equal" and out[-1].a.strip(" ") == "" and out[-1].a):
            space, before = out.pop(), out.pop()
            seg = Segment("replace", before.a + space.a + seg.a, before.b + space.b + seg.b)
        if out and out[-1].op == seg.op:
            last = out.pop()
            seg = Segment(seg.op, last.a + seg.a, last.b + seg.b)
        elif out and out[-1].op != "equal" and seg.op != "equal":
            last = out.pop()
            seg = Segment("replace", last.a + seg.a, last.b + seg.b)
        out.append(seg)
    return out


def diff_rows(segments: Sequence[Segment]) -> Iterator[list[Segment]]:
    """The segments in rows that start on a new line on both sides: what a side-by-side
    view puts in one table row so its two columns stay level."""
    row: list[Segment] = []
    a_open = b_open = False  # a side's row text does not end with a line end
    for seg in segments:
        row.append(seg)
        if seg.a:
            a_open = not seg.a.endswith("\n")
        if seg.b:
            b_open = not seg.b.endswith("\n")
        if not a_open and not b_open:
            yield row
            row = []
    if row:
        yield row


def unified_diff(found: Sequence[Copy], context: int = 3) -> str:
    """Each copy's body against the preferred copy's, as a unified diff (what
    ``cable-reader show REFID --sources`` prints after the list of copies)."""
    preferred = next((c for c in found if c.preferred), None)
    if preferred is None or preferred.body is None:
        return ""
    out: list[str] = []
    mine = preferred.body.split("\n")
    for other in found:
        if other is preferred:
            continue
        if other.body is None:
            out.append(f"!!! {other.label}: {other.error}")
            continue
        if other.body == preferred.body:
            out.append(f"=== {other.label}: the same body as the preferred copy")
            continue
        out.extend(difflib.unified_diff(
            mine, other.body.split("\n"), fromfile=f"{preferred.label} (preferred)",
            tofile=other.label, lineterm="", n=context))
    return "\n".join(out) + ("\n" if out else "")


__all__ = ["NOT_GIVEN", "Copy", "FieldDifference", "Segment", "copies", "diff_rows",
           "field_differences", "source_count", "source_label", "unified_diff", "word_diff"]
