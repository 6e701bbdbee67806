"""Read a WikiLeaks cable page (``cable/YYYY/MM/REFID.html``) from any build of the site."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.archive.records import (
    FINAL_BUILD_COUNTER,
    RawCable,
    SourceKind,
    SourceRef,
    build_name,
    source_rank,
)


class NotACablePage(Exception):
    """A page of the site that is not a cable (a listing, an article, the front page)."""


class BadPage(Exception):
    """A cable page whose structure cannot be read."""


_COUNTER = re.compile(r"Currently released so far\.\.\.\s*([\d,]+)\s*/")
_TABLE = re.compile(r"<table class=['\"]cable['\"]>(.*?)</table>", re.S | re.I)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S | re.I)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S | re.I)
_HEADER_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S | re.I)
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S | re.I)
_PRE = re.compile(r"<code><pre>(.*?)</pre></code>", re.S | re.I)
_H3 = re.compile(r"<h3>\s*Viewing cable\s+([^,<]*),?(.*?)</h3>", re.S | re.I)
_ANCHOR = re.compile(r"<a id=['\"]par[^'\"]*['\"] href=['\"]#par[^'\"]*['\"]>¶</a>")
_BR = re.compile(r"<br\s*/?>", re.I)
# Only markup the site or media partners really put in a body; bare "<" and ">" stay text.
_MARKUP = re.compile(
    r"</?(?:a|strong|em|b|i|u|p|span|div|font|table|thead|tbody|tr|td|th|sup|sub)\b[^<>]*>",
    re.I,
)
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos|nbsp);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'", "nbsp": " "}


def read_page(path: Path, data: bytes | None = None) -> RawCable:
    """Read one cable page.

    Raises:
        NotACablePage: for listing pages, articles and other pages of the site.
        BadPage: when the page looks like a cable page but its parts are missing.
    """
    raw = path.read_bytes() if data is None else data
    html = raw.decode("utf-8", errors="replace")
    table = _TABLE.search(html)
    pres = _PRE.findall(html)
    if not table:
        raise NotACablePage("no cable table")
    heads = [_strip(h) for h in _HEADER_CELL.findall(table.group(1))]
    if heads[:1] != ["Reference ID"] or "Subject" in heads:
        raise NotACablePage("a listing page")
    if len(pres) < 2:
        raise BadPage("the header and body boxes are missing")
    rows = _ROW.findall(table.group(1))
    cells = [_CELL.findall(r) for r in rows]
    data_rows = [c for c in cells if len(c) >= 5]
    if not data_rows:
        raise BadPage("the reference table has no row of five cells")
    refid, created, released, classification, origin = (_strip(c) for c in data_rows[0][:5])
    if not refid:
        raise BadPage("the reference table has no reference id")
    counter = _counter(html)
    h3 = _H3.search(html)
    return RawCable(
        refid=refid,
        created=created,
        released=released,
        classification=classification,
        origin=origin,
        header=decode_pre(pres[-2]),
        body=decode_pre(pres[-1]),
        source=SourceRef(
            kind=SourceKind.HTML,
            path=str(path),
            build=build_name(counter),
            rank=source_rank(SourceKind.HTML, counter),
        ),
        subject_hint=_strip(h3.group(2)) if h3 else "",
        times_exact=counter is not None and counter >= FINAL_BUILD_COUNTER,
    )


def decode_pre(block: str) -> str:
    """A ``<pre>`` block as plain text: line entities decoded, ¶ anchors and links removed."""
    text = block.replace("&#x000A;", "\n")
    text = _ANCHOR.sub("", text)
    text = _BR.sub("\n", text)
    text = _MARKUP.sub("", text)
    return _unescape(text)


def _unescape(text: str) -> str:
    """Decode real entities only: bare ``&`` (``B & D``) and ``&levers`` stay as they are."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("#x"):
            return _char(int(name[2:], 16), m.group(0))
        if name.startswith("#"):
            return _char(int(name[1:]), m.group(0))
        return _NAMED[name]

    return _ENTITY.sub(one, text) if "&" in text else text


def _char(code: int, fallback: str) -> str:
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return fallback


def _strip(cell: str) -> str:
    link = _LINK_TEXT.search(cell)
    text = link.group(1) if link else cell
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(_unescape(text).split())


def _counter(html: str) -> int | None:
    m = _COUNTER.search(html, 0, 20000)
    return int(m.group(1).replace(",", "")) if m else None
