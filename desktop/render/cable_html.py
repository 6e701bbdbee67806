"""A cable as HTML in the three boxes of the WikiLeaks page: reference, header, body.

One render path for the viewer (QTextBrowser) and the PDF export (QTextDocument), so it keeps
to the rich-text subset Qt supports. Every value from the cable or a note goes through
``desktop.render.html``: a URL, an image tag or a script in cable text stays inert text. On
screen the only links are internal ones (``cable:REFID``, ``tag:CODE``, ``para:ORDINAL``,
``note:ID``); in print the only links point inside the same PDF (``#ANCHOR``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal
from urllib.parse import quote

from desktop.annotations.models import Note
from desktop.archive.head import Head, find_head
from desktop.archive.library import CitingCable
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.parse import FLAG_TEXT
from desktop.archive.records import Cable, Paragraph, SourceRef
from desktop.archive.refs import reference_spans
from desktop.archive.text import is_page_break, is_sipdis, split_lines
from desktop.archive.times import display_time
from desktop.render.citation import full_citation, paragraph_citation
from desktop.render.html import Markup, el, join, raw, text, void
from desktop.render.markdown_safe import render_markdown
from desktop.render.notes import NO_NOTES, CableNotes, mark_for, notes_text
from desktop.render.theme import Theme, note_bar_colour

#: A reference id written in running text: 08STATE15228, 06THEHAGUE131.
INLINE_REFID = re.compile(r"\b(\d{2}[A-Z]{3,30}\d{1,7})\b")
_DIGIT = re.compile(r"\d")
_NONE = el("i", "none")
_UNKNOWN = el("i", "unknown")
_CABLE_NOTE_CHARS = 400
_SUMMARY_CHARS = 600

#: How the reference box is laid out: see :class:`RenderContext`.
BoxLayout = Literal["columns", "rows", "stacked"]
LinkFn = Callable[[str], "str | None"]


@dataclass(frozen=True)
class RenderContext:
    """What the archive knows around a cable, and how it is shown.

    Args:
        in_library: the referenced cables that are in the library (others are marked).
        notes: the cable's notes, placed on its paragraphs.
        interactive: on screen (¶ links, tag links, note markers) or in print (notes written
            out after their paragraph, no links but ``link``'s).
        link: refid -> href of a cable link, or None for plain text. Default: ``cable:REFID``
            for cables in the library on screen, no links in print.
        anchor: in print, the cable's named destination; each annotated paragraph gets
            ``{anchor}p{ordinal}``.
        lists: the reading lists holding the cable, as (id, name): links on screen.
        layout: the reference box in columns (``"columns"``, a wide viewer), as label and
            value rows (``"rows"``, a narrow one), or each label above its value
            (``"stacked"``, a very narrow one): never a word broken letter by letter.
    """

    in_library: frozenset[str] = frozenset()
    cited_by: Sequence[CitingCable] = ()
    first_released: str | None = None
    tag_label: Callable[[str], str] = str
    notes: CableNotes = NO_NOTES
    interactive: bool = True
    link: LinkFn | None = None
    anchor: str = ""
    layout: BoxLayout = "columns"
    lists: tuple[tuple[str, str], ...] = ()

    def href(self, refid: str, known: bool = False) -> str | None:
        """Where a mention of a cable links to, if anywhere.

        Args:
            known: the caller knows the cable is in the library (a citing cable).
        """
        if self.link is not None:
            return self.link(refid)
        if self.interactive and (known or refid in self.in_library):
            return f"cable:{quote(refid, safe='')}"
        return None

    def paragraph_anchor(self, ordinal: int) -> str:
        return f"{self.anchor}p{ordinal}" if self.anchor else f"p{ordinal}"


@dataclass(frozen=True)
class Rendered:
    html: str
    paragraphs: tuple[Paragraph, ...]
    notes: CableNotes = NO_NOTES  # the notes shown, as placed
    theme: Theme = field(default_factory=Theme)  # the colours it was rendered in


def render_cable(cable: Cable, context: RenderContext | None = None,
                 theme: Theme | None = None,
                 paragraphs: tuple[Paragraph, ...] | None = None) -> Rendered:
    """The cable's three boxes as one HTML document.

    Args:
        paragraphs: the body's paragraphs when the caller already has them.
    """
    ctx = context or RenderContext()
    th = theme or Theme()
    lines = split_lines(cable.body)
    head = find_head(lines)
    if paragraphs is None:
        paragraphs = parse_paragraphs(cable.body, head)
    body = join([
        _title(cable, ctx),
        _flags(cable, th),
        _reference_box(cable, ctx, th),
        _box_heading("Header", th),
        _pre(text(cable.header), th),
        _box_heading("Body", th),
        _orphans(ctx, th, paragraphs),
        _body(cable, lines, head, paragraphs, ctx, th),
    ])
    html = ("<html><head>" + void("meta", charset="utf-8") + "</head>"
            + el("body", body, style=th.page_style) + "</html>")
    return Rendered(html, paragraphs, ctx.notes, th)


def _title(cable: Cable, ctx: RenderContext) -> Markup:
    refid = el("a", cable.refid, name=ctx.anchor) if ctx.anchor else text(cable.refid)
    subject = cable.subject or None
    return join([
        el("h2", refid, style="margin-bottom:2px"),
        el("p", subject if subject else el("i", "(no subject)"),
           style="margin-top:0;font-size:large"),
    ])


def _flags(cable: Cable, th: Theme) -> Markup:
    notes = [FLAG_TEXT[f] for f in cable.flags if f in FLAG_TEXT]
    if not notes:
        return Markup()
    items = el("ul", join(el("li", n) for n in notes), style="margin-top:2px;margin-bottom:0")
    return _warning_box(join([el("b", "Note on this copy"), items]), th)


def _warning_box(content: Markup, th: Theme) -> Markup:
    return join([el("table", el("tr", el("td", content)), width="100%", cellpadding=6,
                    style=f"background-color:{th.warning_bg};"
                          f"border:1px solid {th.warning_border}"), void("br")])


def _reference_box(cable: Cable, ctx: RenderContext, th: Theme) -> Markup:
    released = text(display_time(cable.released)) if cable.released else _UNKNOWN
    if ctx.first_released and ctx.first_released != cable.released:
        released = join([released, void("br"),
                         el("small", f"first published {display_time(ctx.first_released)}")])
    first = (("Reference ID", el("b", cable.refid)),
             ("Created", text(display_time(cable.created)) if cable.created else _UNKNOWN),
             ("Released", released),
             ("Classification", el("b", el("span", _classification(cable.classification),
                                           style=f"color:"
                                                 f"{th.classification_colour(cable.classification)}"))),
             ("Origin", text(cable.origin)))
    def row(label: str, content: Markup) -> Markup:
        if ctx.layout == "stacked":
            return el("tr", el("td", join([el("b", label), void("br"), content or _NONE])))
        return _wide_row(label, content)

    if ctx.layout != "columns":  # a narrow viewer: label and value rows, nothing cramped
        rows = [row(label, value) for label, value in first]
    else:
        head = join(el("th", h, align="left", width=f"{w}%",
                       style=f"background-color:{th.header_bg}")
                    for (h, _), w in zip(first, (22, 14, 14, 26, 24), strict=True))
        cells = join(el("td", value, style="white-space:nowrap" if n == 0 else None)
                     for n, (_, value) in enumerate(first))
        rows = [el("tr", head), el("tr", cells)]
    rows.append(row("Tags", _tags(cable, ctx, th)))
    if cable.aliases:
        rows.append(row("Also published as", join(cable.aliases, ", ")))
    details = _details(cable)
    if details:
        rows.append(row("Details", details))
    summary = cable.details.summary
    if summary:
        shown = summary if not ctx.interactive or len(summary) <= _SUMMARY_CHARS \
            else summary[: _SUMMARY_CHARS - 1] + "…"
        rows.append(row("Summary", text(shown)))
    if cable.references:
        rows.append(row("References", _refs(cable.references, ctx, th)))
    rows.append(row("Referenced by", _cited_by(ctx, th)))
    if cable.sources:
        sources = join((_source(s, ctx) for s in cable.sources), void("br"))
        if ctx.interactive and len(cable.sources) > 1:
            sources = join([sources, void("br"), el(
                "a", f"Compare the {len(cable.sources)} sources",
                href=f"compare:{quote(cable.refid, safe='')}",
                title="Show the copies side by side, with their differences marked")])
        rows.append(row("Sources", sources))
    if ctx.lists:
        rows.append(row("Reading lists", join(
            (el("a", name, href=f"list:{quote(list_id, safe='')}",
                title=f"Show the reading list “{name}”") for list_id, name in ctx.lists),
            ", ")))
    if ctx.notes.on_cable:
        rows.append(row("Note on the cable", _cable_note(ctx.notes.on_cable, ctx, th)))
    if not ctx.interactive:  # on paper, how to cite it (on screen: "Copy citation")
        rows.append(row("Cite as", text(full_citation(cable))))
    return el("table", join(rows), width="100%", cellpadding=4, cellspacing=0, border=1,
              style=f"border-collapse:collapse;border-color:{th.rule}")


def _details(cable: Cable) -> Markup:
    """Who classified and signed the cable, and when it may be declassified (as written)."""
    d = cable.details
    facts = [(label, value) for label, value in (
        ("Classified by", d.classified_by), ("Signed", d.signed_by),
        ("Declassify on", d.nondisclosure_deadline)) if value]
    return join((join([el("b", f"{label}: "), text(value)]) for label, value in facts),
                " · ")


def _classification(value: str) -> Markup:
    """Break a long classification after ``//``, never inside a word."""
    level, sep, rest = value.partition("//")
    if not sep:
        return text(value)
    return join([el("span", f"{level}//", style="white-space:nowrap"), void("br"), text(rest)])


def _wide_row(label: str, content: Markup) -> Markup:
    return el("tr", el("td", el("b", label), style="white-space:nowrap"),
              el("td", content or _NONE, colspan=4))


def _tags(cable: Cable, ctx: RenderContext, th: Theme) -> Markup:
    items = []
    for code in cable.tags:
        label = ctx.tag_label(code)
        named = label if label != code else None
        if ctx.interactive:
            items.append(el("a", code, href=f"tag:{quote(code, safe='')}", title=named))
        elif named:
            name = named.removeprefix(f"{code} - ")
            items.append(join([text(code), el("span", f" ({name})", style=f"color:{th.dim}")]))
        else:
            items.append(text(code))
    out = join(items, ", " if not ctx.interactive else " ")
    as_written = " ".join(cable.tags_raw.replace(",", " ").split())
    if cable.tags_raw and " ".join(cable.tags) != as_written:
        out = join([out, " ", el("span", f"(as written: {cable.tags_raw})",
                                 style=f"color:{th.dim}")])
    return out


def _refs(refids: Sequence[str], ctx: RenderContext, th: Theme) -> Markup:
    links = join((_refid_link(r, ctx, th) for r in refids), " ")
    missing = sum(1 for r in refids if r not in ctx.in_library)
    if missing:
        note = ("not in this library" if missing == len(refids) == 1
                else "none in this library" if missing == len(refids)
                else f"{missing} not in this library")
        links = join([links, " ", el("span", f"({note})", style=f"color:{th.dim}")])
    return links


def _refid_link(refid: str, ctx: RenderContext, th: Theme, shown: str | None = None) -> Markup:
    label = shown if shown is not None else refid
    href = ctx.href(refid)
    if href is not None:
        return el("a", label, href=href, title=f"Open {refid}" if ctx.interactive else None)
    if refid in ctx.in_library:
        return text(label)
    return el("span", label, style=f"color:{th.unresolved}",
              title=f"{refid} is not in this library" if ctx.interactive else None)


def _cited_by(ctx: RenderContext, th: Theme) -> Markup:
    items = []
    for c in ctx.cited_by:
        href = ctx.href(c.refid, known=True)
        link = el("a", c.refid, href=href) if href else text(c.refid)
        items.append(join([link, " ", el("span", display_time(c.created)[:10],
                                         style=f"color:{th.dim}"), " ",
                           text(c.subject) if c.subject else el("i", "(no subject)")]))
    return join(items, void("br"))


def _source(source: SourceRef, ctx: RenderContext) -> Markup:
    """The build and the file name; on screen the full path is a tooltip (in print it is
    left out: a shared PDF need not carry the reader's folders)."""
    name = PurePath(source.path).name or source.path
    shown = f"{source.build} — {name}" + (f" ({source.position})" if source.position else "")
    return el("span", shown, title=source.path) if ctx.interactive else text(shown)


def _cable_note(notes: Sequence[Note], ctx: RenderContext, th: Theme) -> Markup:
    if not ctx.interactive:
        return join(_note_block(n, None, th) for n in notes)
    shown = notes_text(notes)
    if len(shown) > _CABLE_NOTE_CHARS:
        shown = shown[: _CABLE_NOTE_CHARS - 1] + "…"
    return join([_note_marker(notes, th), " ", text(shown)])


def _box_heading(title: str, th: Theme) -> Markup:
    return el("h3", title, style=f"margin-top:14px;margin-bottom:4px;color:{th.heading}")


def _pre(content: Markup, th: Theme, background: str | None = None,
         joined: bool = False) -> Markup:
    """A box of monospace lines. ``joined`` boxes stack without a gap (the body's pieces).

    A bare <pre> block: wrapped in a table cell, a long cable takes Qt ten times longer to lay
    out (1.2 s instead of 0.14 s for a 390 KB body).
    """
    gap = "margin-top:0;margin-bottom:0;" if joined else ""
    return el("pre", content, style=f"{th.mono_style};background-color:{background or th.box_bg};"
                                     f"{gap}margin-left:4px;margin-right:4px")


def _orphans(ctx: RenderContext, th: Theme, paragraphs: Sequence[Paragraph]) -> Markup:
    if not ctx.notes.orphans:
        return Markup()
    heading = el("b", "Notes whose paragraph could not be found in this copy")
    if ctx.interactive:
        items = el("ul", join(
            el("li", el("a", "note", href=f"note:{quote(n.id, safe='')}"), f": “{n.quote}”")
            for n in ctx.notes.orphans))
        return _warning_box(join([heading, items]), th)
    blocks = join(join([el("p", f"“{n.quote}”", style=f"color:{th.dim}"),
                        _note_block(n, None, th)]) for n in ctx.notes.orphans)
    return _warning_box(join([heading, blocks]), th)


def _note_marker(notes: Sequence[Note], th: Theme) -> Markup:
    mark = mark_for(notes, th.note_colour)
    label = "✎" if len(notes) == 1 else f"✎{len(notes)}"
    return el("a", el("span", label, style=f"background-color:{mark.colour};color:{th.text}"),
              href=f"note:{quote(mark.note_ids[0], safe='')}", style="text-decoration:none")


def _note_block(note: Note, citation: str | None, th: Theme) -> Markup:
    """A note written out in print: a bar in its colour, a caption, the rendered Markdown."""
    caption = ["✎ Note" + (f" on {citation}" if citation else "")]
    if note.labels:
        caption.append("labels: " + ", ".join(note.labels))
    caption.append(note.updated[:10])
    body = raw(render_markdown(note.text)) if note.text.strip() else el("p", el("i", "(empty)"))
    content = join([el("p", " · ".join(caption),
                       style=f"font-size:small;color:{th.dim};margin-top:0;margin-bottom:2px"),
                    body])
    bar = el("td", raw("&nbsp;"), width=4, bgcolor=note_bar_colour(note.colour))
    cell = el("td", content, style=f"background-color:{th.note_bg};padding-left:8px")
    return el("table", el("tr", bar, cell), width="100%", cellspacing=0, cellpadding=4,
              style="margin-top:4px;margin-bottom:8px")


def _body(cable: Cable, lines: list[str], head: Head, paragraphs: Sequence[Paragraph],
          ctx: RenderContext, th: Theme) -> Markup:
    """The body box, one line of the cable a line of the box (the viewer counts on it).

    An annotated paragraph gets a ``<pre>`` of its own: on screen tinted in its note's colour
    (a solid block, never ragged), in print followed by its notes written out."""
    starts = {p.first_line: p for p in paragraphs}
    ends = {p.last_line: p for p in paragraphs}
    ref_lines = range(head.refs.first, head.refs.last + 1) if head.refs else range(0)
    year = cable.refid[:2]
    by_ordinal = ctx.notes.by_ordinal
    blocks: list[Markup] = []
    out: list[str] = [el("a", None, name="body")] if ctx.interactive else []
    tint: str | None = None  # the open <pre>'s background, when it holds a noted paragraph

    def close() -> None:
        nonlocal out
        if out:
            blocks.append(_pre(raw("".join(out).removesuffix("\n")), th, tint, joined=True))
        out = []

    for i, line in enumerate(lines):
        para = starts.get(i)
        if para is not None:
            notes = by_ordinal.get(para.ordinal)
            if notes:
                close()
                tint = mark_for(notes, th.note_colour).colour if ctx.interactive else None
            if ctx.interactive:
                # On screen ¶, ✎ and the note's colour bar live in the viewer's gutter,
                # beside the text, which therefore never shifts; the anchor tells where.
                out.append(el("a", None, name=ctx.paragraph_anchor(para.ordinal)))
            elif notes:  # in print, the note written out below says the rest
                out.append(el("a", "¶", name=ctx.paragraph_anchor(para.ordinal),
                              style=f"color:{th.pilcrow}"))
        if is_page_break(line) or is_sipdis(line):
            out.append(el("span", line, style=f"color:{th.dim}"))
        elif i in ref_lines:
            out.append(_linked_refs(line, year, cable.refid, ctx, th))
        else:
            out.append(_inline_refids(line, cable.refid, ctx, th))
        out.append("\n")
        end = ends.get(i)
        if end is not None and end.ordinal in by_ordinal:
            close()
            tint = None
            if not ctx.interactive:
                citation = paragraph_citation(cable.refid, end, paragraphs)
                blocks.extend(_note_block(n, citation, th) for n in by_ordinal[end.ordinal])
    close()
    return join(blocks)


def _linked_refs(line: str, year: str, own: str, ctx: RenderContext, th: Theme) -> Markup:
    out: list[str] = []
    pos = 0
    for start, end, refid in reference_spans(line, year):
        if refid == own:
            continue
        out.append(text(line[pos:start]))
        out.append(_refid_link(refid, ctx, th, line[start:end]))
        pos = end
    out.append(text(line[pos:]))
    return raw("".join(out))


def _inline_refids(line: str, own: str, ctx: RenderContext, th: Theme) -> Markup:
    if not _DIGIT.search(line):
        return text(line)
    out: list[str] = []
    pos = 0
    for m in INLINE_REFID.finditer(line):
        refid = m.group(1)
        if refid == own:
            continue
        out.append(text(line[pos:m.start()]))
        out.append(_refid_link(refid, ctx, th))
        pos = m.end()
    out.append(text(line[pos:]))
    return raw("".join(out))


__all__ = ["RenderContext", "Rendered", "render_cable"]
