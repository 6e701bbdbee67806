"""Parse the routing header: transmission id, precedence, date-time group, FM, TO and INFO."""

from __future__ import annotations

import re

from desktop.archive.records import Routing
from desktop.archive.text import is_page_break, split_lines

_PRECEDENCE_DTG = re.compile(
    r"^(?P<prec>(?:[OPRZ]{1,2}\s+){0,3})(?P<dtg>\d{6}Z\s*[A-Z]{3}\s*\d{2})\b"
)
_KEYWORD = re.compile(r"^(FM|TO|INFO|XMT|BT|ZEN|ZFF|ZEX)\b\s*(.*)$")


def parse_routing(header: str) -> Routing:
    """Pick the routing fields out of a header; missing parts stay empty."""
    transmission_id = precedence = dtg = sender = ""
    to: list[str] = []
    info: list[str] = []
    section: list[str] | None = None
    for raw in split_lines(header):
        line = raw.strip().rstrip("\\").strip()
        if not line or is_page_break(line):
            continue
        if not transmission_id and line.startswith("VZCZC"):
            transmission_id = line.split()[0]
            continue
        m = _PRECEDENCE_DTG.match(line)
        if m and not dtg:
            precedence = " ".join(m.group("prec").split())
            dtg = " ".join(m.group("dtg").split())
            continue
        k = _KEYWORD.match(line)
        if k:
            keyword, rest = k.groups()
            if keyword == "FM":
                sender = rest
                section = None
            elif keyword == "TO":
                section = to
                if rest and not rest.startswith("PAGE "):
                    to.append(rest)
            elif keyword == "INFO":
                section = info
                if rest:
                    info.append(rest)
            else:
                section = None
            continue
        if section is not None:
            section.append(line)
    return Routing(transmission_id, precedence, dtg, sender, tuple(to), tuple(info))

