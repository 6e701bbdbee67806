"""The copies of a cable side by side: each other copy against the preferred one, the
differing words marked, in the viewer's monospace and the theme's colours.

Kept to the rich-text subset Qt's QTextBrowser supports (tables, ``<pre>``, ``<span>`` with a
class, a ``<style>`` block of class selectors). Every text and attribute from a copy goes
through ``desktop.render.html``: cable text stays text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.archive.compare import (
    NOT_GIVEN,
    Copy,
    Segment,
    diff_rows,
    field_differences,
    word_diff,
)
from desktop.archive.parse import FLAG_TEXT
from desktop.render.html import Markup, el, join, raw, text, void
from desktop.render.theme import Theme
from desktop.wording import plural

#: The classes a marked word can carry (styled by ``compare_style``).
DELETED, INSERTED, CHANGED, SPACING = "cmp-del", "cmp-ins", "cmp-chg", "cmp-space"
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}")


def render_compare(found: Sequence[Copy], theme: Theme | None = None, *,
                   refid: str = "") -> str:
    """An HTML document comparing the copies: every other copy against the preferred one
    (pass just two copies, the preferred one and another, for one pair).

    Args:
        found: from ``desktop.archive.compare.copies``, the preferred copy among them.
        refid: the cable's id, for the title.
    """
    th = theme or Theme()
    preferred = next((c for c in found if c.preferred), found[0] if found else None)
    parts: list[Markup] = []
    if refid:
        parts.append(el("h2", f"{refid}: {plural(len(found), 'source')}",
                        style="margin-bottom:4px"))
    if preferred is None:
        parts.append(el("p", "This cable is not in the library."))
    elif len(found) == 1:
        parts.append(el("p", "This cable has one source, so there is nothing to compare."))
        parts.append(_heads([preferred], 1))
    else:
        parts.append(_legend())
        for other in found:
            if other is not preferred:
                parts.append(render_pair(preferred, other, th, total=len(found)))
    head = join([void("meta", charset="utf-8"), el("style", raw(compare_style(th)))])
    return ("<html>" + el("head", head) + el("body", join(parts), style=th.page_style)
            + "</html>")


def render_pair(preferred: Copy, other: Copy, theme: Theme, *, total: int = 2) -> Markup:
    """One comparison: the two copies' headers, their reference fields, their bodies.

    Args:
        total: how many copies the cable has (for "Rank 2 of 3").
    """
    parts = [el("h3", f"The preferred copy and copy {other.order}",
                style=f"margin-top:16px;margin-bottom:4px;color:{theme.heading}"),
             _heads([preferred, other], total)]
    if other.body is None or preferred.body is None:
        parts.append(_notice(other.error or preferred.error or "This copy cannot be read."))
    elif other.body == preferred.body:
        parts += [_fields(preferred, other),
                  _notice("The bodies are the same, word for word and space for space.")]
    else:
        parts += [_fields(preferred, other), _bodies(word_diff(preferred.body, other.body))]
    return join(parts)


def compare_style(theme: Theme) -> str:
    """The classes of a comparison, in the theme's colours (program text, never a copy's)."""
    def colour(value: str) -> str:
        return value if _COLOUR.fullmatch(value) else "transparent"

    mono = ",".join(f.strip() for f in theme.mono_family.split(",")
                    if re.fullmatch(r"[A-Za-z0-9 -]+", f.strip()))
    return (f".{DELETED}{{background-color:{colour(theme.diff_deleted)}}}"
            f".{INSERTED}{{background-color:{colour(theme.diff_inserted)}}}"
            f".{CHANGED}{{background-color:{colour(theme.diff_changed)}}}"
            f".{SPACING}{{background-color:{colour(theme.diff_spacing)}}}"
            f".cmp-body{{font-family:{mono};white-space:pre-wrap;margin:0}}"
            f".cmp-box{{background-color:{colour(theme.box_bg)}}}"
            f".cmp-head{{background-color:{colour(theme.header_bg)}}}"
            f".cmp-dim{{color:{colour(theme.dim)}}}"
            f".cmp-warn{{background-color:{colour(theme.warning_bg)}}}")


def _legend() -> Markup:
    return el("p", join([
        "Marked: ", el("span", "only in the preferred copy", class_=DELETED), " · ",
        el("span", "only in the other copy", class_=INSERTED), " · ",
        el("span", "changed", class_=CHANGED), " · ",
        el("span", "spaces or blank lines only", class_=SPACING)]),
        style="font-size:small;margin-top:2px")


def _heads(shown: Sequence[Copy], total: int) -> Markup:
    width = f"{100 // len(shown)}%"
    cells = join(el("td", _head(c, total), width=width, valign="top", class_="cmp-head")
                 for c in shown)
    return el("table", el("tr", cells), width="100%", cellpadding=6, cellspacing=2)


def _head(copy: Copy, total: int) -> Markup:
    rank = f"Rank {copy.order} of {total}" + (": the preferred copy" if copy.preferred else "")
    flags = (join((el("span", f, title=FLAG_TEXT.get(f)) for f in copy.flags), ", ")
             if copy.flags else text("none"))
    parts = [el("b", copy.label, title=copy.path), void("br"),
             text(rank), void("br"),
             join([text("Flags: "), flags]), void("br"),
             el("i", copy.why)]
    if copy.error and copy.body is not None:  # an unreadable copy's error shows below
        parts += [void("br"), el("span", copy.error, class_="cmp-warn")]
    return join(parts)


def _fields(a: Copy, b: Copy) -> Markup:
    rows = [el("tr", el("th", "Field", align="left"), el("th", "Preferred copy", align="left"),
               el("th", f"Copy {b.order}", align="left"), class_="cmp-head")]
    for diff in field_differences(a, b):
        mark = CHANGED if diff.differs else None
        rows.append(el("tr", el("td", el("b", diff.name)),
                       el("td", _value(diff.a), class_=mark),
                       el("td", _value(diff.b), class_=mark)))
    return el("table", join(rows), width="100%", cellpadding=3, cellspacing=0, border=1,
              style="border-collapse:collapse;margin-top:6px;margin-bottom:6px")


def _value(value: str) -> Markup:
    return el("span", value, class_="cmp-dim") if value == NOT_GIVEN else text(value)


def _notice(message: str) -> Markup:
    return el("table", el("tr", el("td", message, class_="cmp-warn")), width="100%",
              cellpadding=6)


def _bodies(segments: Sequence[Segment]) -> Markup:
    """Both bodies, row by row: each row starts on a new line on both sides."""
    rows = []
    for row in diff_rows(segments):
        cells = []
        for side in (join(_side(seg.a, seg, DELETED) for seg in row),
                     join(_side(seg.b, seg, INSERTED) for seg in row)):
            # built by el/text above. The row's last line end goes (Qt would show one more,
            # empty, line); a first one is doubled (a line end right after <pre> is dropped).
            trimmed = side.removesuffix("\n")
            content = raw("\n" + trimmed if trimmed.startswith("\n") else trimmed)
            cells.append(el("td", el("pre", content, class_="cmp-body"), width="50%",
                            valign="top"))
        rows.append(el("tr", join(cells)))
    spacing = sum(1 for s in segments if s.spacing_only)
    note = el("p", f"{plural(spacing, 'difference')} in spaces or blank lines only.",
              class_="cmp-dim", style="font-size:small") if spacing else Markup()
    return join([note, el("table", join(rows), width="100%", cellpadding=3, cellspacing=0,
                          class_="cmp-box")])


def _side(value: str, seg: Segment, only_here: str) -> Markup:
    """One side of a segment: plain when equal, else marked line by line (a mark never
    paints past the end of its line; an empty line in it is marked as one space, so a
    deleted blank line shows)."""
    if seg.op == "equal" or not value:
        return text(value)
    kind = SPACING if seg.spacing_only else CHANGED if seg.op == "replace" else only_here
    lines = value.split("\n")
    out: list[Markup] = []
    for n, line in enumerate(lines):
        last = n == len(lines) - 1
        if line or not last:
            out.append(el("span", line or " ", class_=kind))
        if not last:
            out.append(text("\n"))
    return join(out)


__all__ = ["CHANGED", "DELETED", "INSERTED", "SPACING", "compare_style", "render_compare",
           "render_pair"]
