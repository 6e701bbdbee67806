"""Small builders shared by tests: CSV files in the real format, libraries from samples."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import CSV_SAMPLE


def sample_rows() -> list[list[str]]:
    """The 12 real records of the cables.csv sample."""
    with CSV_SAMPLE.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f, escapechar="\\", doublequote=False))


def csv_record(fields: list[str]) -> str:
    """One record as cables.csv writes it: all quoted, backslash escapes, CRLF."""
    out = []
    for field in fields:
        escaped = field.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
        out.append(f'"{escaped}"')
    return ",".join(out) + "\r\n"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    for row in rows:
        buf.write(row if isinstance(row, str) else csv_record(row))
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def many_rows(count: int, start: int = 1) -> list[list[str]]:
    """``count`` records made from the real ones, each under its own reference id."""
    base = sample_rows()
    rows = []
    for n in range(start, start + count):
        row = list(base[n % len(base)])
        row[0] = str(n)
        row[2] = f"{row[2][:2]}TESTPOST{n}"
        rows.append(row)
    return rows
