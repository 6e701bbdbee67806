"""Creation and release times: the sources' formats, and the real minutes behind bogus ones."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::\d{2})?\s*$")
_US = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*$")
#: Date-time group: ``101222Z FEB 10`` (day, hour, minute, Z, month, year).
DTG = re.compile(r"\b(\d{2})(\d{2})(\d{2})Z\s*([A-Z]{3})\s*(\d{2})\b")
#: ``DE RUEHDBU #0170/01 0411222``: Julian day 041, 12:22.
_DE_LINE = re.compile(
    r"^[^\S\n]*DE\s+\S+\s+#\s*\d+(?:/\d+)?\s+(\d{3})(\d{2})(\d{2})\s*$", re.M)
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def parse_time(text: str) -> str | None:
    """``YYYY-MM-DDTHH:MM`` from ``2010-02-10 12:22`` or ``2/10/2010 12:22``; None if invalid."""
    m = _ISO.match(text)
    if m:
        year, month, day, hour, minute = map(int, m.groups())
    else:
        m = _US.match(text)
        if not m:
            return None
        month, day, year, hour, minute = map(int, m.groups())
    try:
        datetime(year, month, day, hour, minute)  # a real date and time?
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"


def fix_minutes(created: str, header: str) -> str | None:
    """The creation time with its real minutes, or None when the header cannot confirm it.

    Page builds before the final one show the hour twice (``18:06`` for a cable sent at
    ``281848Z``). The header's date-time group, or failing that the Julian date-time on its
    ``DE`` line, gives the real minutes when its day and hour agree with the page.
    """
    stamp = datetime.strptime(created, "%Y-%m-%dT%H:%M")
    for m in DTG.finditer(header):
        day, hour, minute, month = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
        if (
            day == stamp.day
            and hour == stamp.hour
            and month in _MONTHS
            and _MONTHS.index(month) + 1 == stamp.month
            and minute < 60
        ):
            return stamp.replace(minute=minute).strftime("%Y-%m-%dT%H:%M")
    de = _DE_LINE.search(header)
    if de:
        julian, hour, minute = (int(g) for g in de.groups())
        if 1 <= julian <= 366 and minute < 60:
            sent = date(stamp.year, 1, 1) + timedelta(days=julian - 1)
            if sent == stamp.date() and hour == stamp.hour:
                return stamp.replace(minute=minute).strftime("%Y-%m-%dT%H:%M")
    return None


def display_time(iso: str | None) -> str:
    """``2010-02-10 12:22`` as the WikiLeaks page shows it."""
    return iso.replace("T", " ") if iso else ""


def format_duration(seconds: float | None) -> str:
    """``1m05s``, ``2h03m``; ``--`` when unknown."""
    if seconds is None:
        return "--"
    s = int(seconds)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"
