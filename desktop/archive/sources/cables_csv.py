"""Stream the unofficial ``cables.csv`` (Sept 2011): no header row, backslash escapes."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.archive.fsnames import shown
from desktop.archive.records import Problem, RawCable, SourceKind, SourceRef, source_rank
from desktop.archive.refids import refid_problem

FIELDS = 8
_BUILD = "cables.csv"
_SEP = "\x00"
#: The start of a record (id, created, refid) inside a row that ran on past its end: an
#: unterminated quote makes the reader take the next record's fields as this one's. The
#: fields are joined with _SEP, so whether the reader split them or kept them as text, the
#: record's start looks alike.
#: A references column of refid-shaped ids only (checked one by one when this fails).
_REFERENCES = re.compile(r"[A-Z0-9]{4,64}(?:\|[A-Z0-9]{4,64})*")
_SWALLOWED = re.compile(
    r'(?<=\n)"?(\d{1,9})"?[,\x00]"?(\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d)"?[,\x00]"?'
    r'([^"\x00,\n]{0,80})'
)


def looks_like_cables_csv(path: Path) -> bool:
    """True when the file opens like cables.csv: a quoted numeric id, then a quoted date."""
    with path.open("rb") as f:
        start = f.read(64).lstrip(b"\xef\xbb\xbf")
    return start.startswith(b'"') and b'","' in start and start[1:2].isdigit()


def read_cables_csv(
    path: Path, position: Callable[[int], None] | None = None
) -> Iterator[RawCable | Problem]:
    """Yield each record as a RawCable, or a Problem naming its record, line and reason.

    Args:
        path: the CSV file; it is streamed, never loaded whole.
        position: called now and then with the number of bytes read so far.
    """
    csv.field_size_limit(sys.maxsize)
    rank = source_rank(SourceKind.CSV)
    with path.open("rb") as raw_file:
        text = io.TextIOWrapper(raw_file, encoding="utf-8", errors="replace", newline="")
        reader = csv.reader(text, delimiter=",", quotechar='"', escapechar="\\",
                            doublequote=False, strict=False)
        line = 1
        record = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                record += 1
                yield Problem(shown(path), f"record {record}, line {line}",
                              f"unreadable CSV: {exc}")
                line = reader.line_num + 1
                continue
            record += 1
            where = f"record {record}, line {line}"
            line_start, line = line, reader.line_num + 1
            if position is not None and record % 512 == 0:
                position(raw_file.tell())
            if not row or row == [""]:
                record -= 1
                continue
            if len(row) != FIELDS:
                lost = list(_swallowed(row, line_start))
                why = f"expected {FIELDS} fields, found {len(row)}"
                if lost:
                    own = f" ({row[2].strip()[:40]})" if len(row) > 2 and row[2].strip() else ""
                    why += (f"; an unterminated quote in this record{own} ran on into the "
                            f"next {len(lost)} record{'s' if len(lost) > 1 else ''}, lost "
                            "with it")
                yield Problem(shown(path), where, why)
                for number, refid, at in lost:
                    yield Problem(shown(path), f"line {at}",
                                  f"record {number} ({refid}) is lost: an unterminated quote "
                                  f"in the record of line {line_start} swallowed it; fix "
                                  "the quote and import the file again")
                continue
            record_id, created, refid, origin, classification, refs, header, body = row
            refid = refid.strip()
            if not refid:
                yield Problem(shown(path), where, "the reference id is empty")
                continue
            why_not = refid_problem(refid)
            if why_not is not None:
                yield Problem(shown(path), where, why_not)
                continue
            references = tuple(r.strip() for r in refs.split("|") if r.strip())
            if references and not _REFERENCES.fullmatch(refs):
                odd = [r for r in references if refid_problem(r)]
                if odd:
                    references = tuple(r for r in references if not refid_problem(r))
                    yield Problem(shown(path), where,
                                  f"{len(odd)} reference{'s' if len(odd) > 1 else ''} left "
                                  f"out: {refid_problem(odd[0])}", fatal=False)
            yield RawCable(
                refid=refid,
                created=created,
                released="",
                classification=classification,
                origin=origin,
                header=_lf(header),
                body=_lf(body),
                source=SourceRef(SourceKind.CSV, str(path), where, _BUILD, rank),
                references=references or None,
                record_id=record_id.strip(),
            )
        if position is not None:
            position(raw_file.tell())


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n") if "\r" in text else text


def _swallowed(row: list[str], line: int) -> Iterator[tuple[str, str, int]]:
    """``(record id, refid, line)`` of each record that a row starting on ``line`` ran into."""
    joined = _SEP.join(row)
    done = 0
    for m in _SWALLOWED.finditer(joined):
        line += joined.count("\n", done, m.start())
        done = m.start()
        yield m.group(1), m.group(3).strip() or "no reference id", line
