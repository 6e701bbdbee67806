"""Stream the unofficial ``cables.csv`` (Sept 2011): no header row, backslash escapes."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.archive.records import Problem, RawCable, SourceKind, SourceRef, source_rank

FIELDS = 8
_BUILD = "cables.csv"


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
                yield Problem(str(path), f"record {record}, line {line}", f"unreadable CSV: {exc}")
                line = reader.line_num + 1
                continue
            record += 1
            where = f"record {record}, line {line}"
            line = reader.line_num + 1
            if position is not None and record % 512 == 0:
                position(raw_file.tell())
            if not row or row == [""]:
                record -= 1
                continue
            if len(row) != FIELDS:
                yield Problem(str(path), where, f"expected {FIELDS} fields, found {len(row)}")
                continue
            record_id, created, refid, origin, classification, refs, header, body = row
            if not refid.strip():
                yield Problem(str(path), where, "the reference id is empty")
                continue
            yield RawCable(
                refid=refid.strip(),
                created=created,
                released="",
                classification=classification,
                origin=origin,
                header=_lf(header),
                body=_lf(body),
                source=SourceRef(SourceKind.CSV, str(path), where, _BUILD, rank),
                references=tuple(r for r in refs.split("|") if r.strip()) or None,
                record_id=record_id.strip(),
            )
        if position is not None:
            position(raw_file.tell())


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n") if "\r" in text else text
