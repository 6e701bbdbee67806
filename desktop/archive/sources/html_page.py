"""Read a WikiLeaks cable page (``cable/YYYY/MM/REFID.html``) from any build of the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from desktop.archive.records import (
    FINAL_BUILD_COUNTER,
    RawCable,
    SourceKind,
    SourceRef,
    build_name,
    source_rank,
)
from desktop.archive.refids import refid_problem


class NotACablePage(Exception):
    """A page of the site that is not a cable (a listing, an article, the front page)."""


class BadPage(Exception):
    """A cable page whose structure cannot be read (``position``: where, when known)."""

    def __init__(self, reason: str, position: str = ""):
        super().__init__(reason)
        self.position = position


_COUNTER = re.compile(r"Currently released so far\.\.\.\s*([\d,]+)\s*/")
# Every block is found as an opening, then the first closing after it, with one search each:
# a lazy ``(.*?)</table>`` would rescan to the end of the file from every unclosed opening
# (a file of repeated "<table class='cable'>" took minutes). See ``_blocks``.
_TABLE = re.compile(r"<table class=['\"]cable['\"]>", re.I)
_TABLE_END = re.compile(r"</table>", re.I)
_ROW = re.compile(r"<tr>", re.I)
_ROW_END = re.compile(r"</tr>", re.I)
_CELL = re.compile(r"<td[^<>]*>", re.I)
_CELL_END = re.compile(r"</td>", re.I)
_HEADER_CELL = re.compile(r"<th[^<>]*>", re.I)
_HEADER_CELL_END = re.compile(r"</th>", re.I)
_LINK = re.compile(r"<a\b[^<>]*>", re.I)
_LINK_END = re.compile(r"</a>", re.I)
_PRE = re.compile(r"<code><pre>", re.I)
_PRE_END = re.compile(r"</pre></code>", re.I)
_H3 = re.compile(r"<h3>\s*Viewing cable\s", re.I)
_H3_END = re.compile(r"</h3>", re.I)
_ANCHOR = re.compile(r"<a id=['\"]par[^'\"]*['\"] href=['\"]#par[^'\"]*['\"]>¶</a>")
_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
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
    found = next(_spans(html, _TABLE, _TABLE_END), None)
    pres = list(_blocks(html, _PRE, _PRE_END))
    if found is None:
        raise NotACablePage("no cable table")
    table_at, table = found
    heads = [_strip(h) for h in _blocks(table, _HEADER_CELL, _HEADER_CELL_END)]
    if heads[:1] != ["Reference ID"] or "Subject" in heads:
        raise NotACablePage("a listing page")
    if len(pres) < 2:
        raise BadPage("the header and body boxes are missing")
    data_rows = ((at, cells) for at, row in _spans(table, _ROW, _ROW_END)
                 if len(cells := list(_blocks(row, _CELL, _CELL_END))) >= 5)
    first = next(data_rows, None)
    if first is None:
        raise BadPage("the reference table has no row of five cells")
    refid, created, released, classification, origin = (_strip(c) for c in first[1][:5])
    if not refid:
        raise BadPage("the reference table has no reference id")
    why_not = refid_problem(refid)
    if why_not is not None:
        line = html.count("\n", 0, table_at + first[0]) + 1
        raise BadPage(why_not, f"line {line}")
    counter = _counter(html)
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
        subject_hint=_subject_hint(html),
        times_exact=counter is not None and counter >= FINAL_BUILD_COUNTER,
    )


def _blocks(html: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> Iterator[str]:
    """The text between each opening and the first closing after it, in order: what
    ``findall(opening + "(.*?)" + closing)`` gives, in linear time."""
    return (text for _, text in _spans(html, opening, closing))


def _spans(html: str, opening: re.Pattern[str], closing: re.Pattern[str]
           ) -> Iterator[tuple[int, str]]:
    """``(offset, text)`` of each block of ``_blocks``. Once an opening has no closing after
    it, no later one has, so the search stops there instead of scanning on from each."""
    pos = 0
    while (start := opening.search(html, pos)) is not None:
        end = closing.search(html, start.end())
        if end is None:
            return
        yield start.end(), html[start.end() : end.start()]
        pos = end.end()


def _subject_hint(html: str) -> str:
    """The subject in ``<h3>Viewing cable REFID, SUBJECT</h3>`` (what follows the id and
    its comma), or ""."""
    inner = next(_blocks(html, _H3, _H3_END), None)
    if inner is None:
        return ""
    inner = inner.lstrip()
    cut = next((i for i, ch in enumerate(inner) if ch in ",<"), len(inner))
    rest = inner[cut:]
    return _strip(rest[1:] if rest.startswith(",") else rest)


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
    link = next(_blocks(cell, _LINK, _LINK_END), None)
    text = cell if link is None else link
    if "<" in text:
        # Every "<" before the last ">" starts a tag ending at the next ">", so no search
        # from one of them runs to the end; those after it can start no tag.
        last = text.rfind(">")
        text = _TAG.sub("", text[: last + 1]) + text[last + 1 :]
    return " ".join(_unescape(text).split())


def _counter(html: str) -> int | None:
    m = _COUNTER.search(html, 0, 20000)
    return int(m.group(1).replace(",", "")) if m else None
