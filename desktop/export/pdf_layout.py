"""What an exported PDF says, apart from the cables themselves: options, page geometry, the
cover, the contents, headers and footers, and the document's metadata (no Qt)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from desktop import APP_NAME, __version__
from desktop.archive.times import display_time
from desktop.render.html import Markup, el, join, text, visible, void
from desktop.render.theme import Theme, classification_colour, highest_classification
from desktop.wording import plural

#: Page sizes in points (1/72 inch), portrait.
PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}
#: Countries whose paper is Letter (ISO 3166 alpha-2): the default page size follows the locale.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR",
                              "DO", "SV", "NI", "PA", "BZ", "BO"})
CREATOR = f"{APP_NAME} {__version__}"


def default_page_size(country: str) -> str:
    """Letter in North America and a few other countries, A4 elsewhere."""
    return "Letter" if country.upper() in LETTER_COUNTRIES else "A4"


@dataclass(frozen=True)
class PdfOptions:
    """How to export.

    Args:
        page_size: ``A4`` or ``Letter``.
        notes: write each note after its paragraph (and attach the notes as JSON).
        author: the document's author (a setting of the user's; may be empty).
        title: the cover's title; by default it says how many cables.
        source: what was exported, for the cover: "the selection", "search: tajik", ...
        library: the library's name, for the cover.
        now: the export time (UTC); by default the current time.
    """

    page_size: str = "A4"
    notes: bool = True
    author: str = ""
    title: str = ""
    source: str = ""
    library: str = ""
    now: datetime | None = None

    def export_time(self) -> datetime:
        return self.now or datetime.now(timezone.utc)

    def export_date(self) -> str:
        """``2026-12-01 21:34 UTC``: how headers and the cover state the export time."""
        return self.export_time().astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Geometry:
    """Where things go on a page, in points from the top left of the paper."""

    width: float
    height: float
    margin_x: float = 50.0
    banner_top: float = 16.0
    banner_height: float = 13.0
    header_gap: float = 14.0   # from banner bottom to the header's baseline area
    content_top: float = 62.0
    content_bottom: float = 60.0  # distance of the content's end from the paper's bottom

    @classmethod
    def for_size(cls, name: str) -> Geometry:
        width, height = PAGE_SIZES[name]
        return cls(width, height)

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin_x

    @property
    def content_height(self) -> float:
        return self.height - self.content_top - self.content_bottom


@dataclass
class CableEntry:
    """One exported cable as the contents and the outline know it (filled by the first pass)."""

    index: int
    refid: str
    subject: str
    classification: str
    created: str | None
    origin: str
    tags: tuple[str, ...]
    pages: int = 0
    first_page: int = 0
    #: (anchor, title) of each annotated paragraph, for the outline.
    annotated: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return cable_anchor(self.index)


def cable_anchor(index: int) -> str:
    """The named destination of the index-th exported cable."""
    return f"c{index}"


def outline_title(entry: CableEntry) -> str:
    return f"{entry.refid} — {entry.subject}" if entry.subject else entry.refid


def header_title(entry: CableEntry) -> str:
    return outline_title(entry)


def page_of(number: int, total: int, what: str = "Page") -> str:
    return f"{what} {number:,} of {total:,}"


def footer_left(options: PdfOptions) -> str:
    return f"Exported {options.export_date()} · {CREATOR}"


def document_title(options: PdfOptions, count: int, single: CableEntry | None) -> str:
    """The PDF's title: the cable's refid and subject, or the cover's title."""
    if single is not None:
        return outline_title(single)
    return options.title or f"{plural(count, 'cable')} from Cable Reader"


def document_subject(options: PdfOptions, entries: Sequence[CableEntry]) -> str:
    if len(entries) == 1:
        e = entries[0]
        return f"{e.classification} cable from {e.origin}, {display_time(e.created)[:10]}"
    what = f" ({options.source})" if options.source else ""
    return f"{plural(len(entries), 'diplomatic cable')}{what}, exported with {CREATOR}"


def document_keywords(entries: Sequence[CableEntry], limit: int = 60) -> list[str]:
    """The exported cables' tags, most frequent first (at most ``limit``)."""
    counts: dict[str, int] = {}
    for e in entries:
        for tag in e.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]


def cover_html(entries: Sequence[CableEntry], options: PdfOptions, total_pages: int,
               theme: Theme | None = None) -> str:
    """The cover of a multi-cable export: title, what was exported, from where, when."""
    th = theme or Theme()
    classifications = [e.classification for e in entries]
    highest = highest_classification(classifications)
    counts: dict[str, int] = {}
    for c in classifications:
        counts[c] = counts.get(c, 0) + 1
    dates = sorted(e.created for e in entries if e.created)
    span = (f"{display_time(dates[0])[:10]} to {display_time(dates[-1])[:10]}" if dates
            else "unknown")
    rows: list[tuple[str, Markup | str]] = [
        ("Exported", options.export_date()),
        ("Contents", options.source or "selected cables"),
        ("Cables", f"{len(entries):,}"),
        ("Pages", f"{total_pages:,}"),
        ("Created", span),
        ("Highest classification",
         el("b", highest, style=f"color:{classification_colour(highest)}")),
        ("By classification", join((f"{c}: {n:,}" for c, n in sorted(counts.items())),
                                   void("br"))),
        ("Notes", "included after their paragraphs" if options.notes else "left out"),
    ]
    if options.library:
        rows.append(("Library", options.library))
    if options.author:
        rows.append(("Prepared by", options.author))
    rows.append(("Made with", f"{CREATOR}, offline, from the WikiLeaks Cablegate release"))
    table = el("table", join(
        el("tr", el("td", el("b", label), width="28%", style=f"color:{th.heading}"),
           el("td", value)) for label, value in rows),
        width="100%", cellpadding=5, cellspacing=0)
    title = options.title or plural(len(entries), "cable")
    body = join([
        el("p", APP_NAME.upper(), style=f"color:{th.dim};font-size:small;margin-top:60px"),
        el("h1", title, style="font-size:xx-large;margin-bottom:4px"),
        el("p", options.source or "Selected cables", style=f"font-size:large;color:{th.heading}"),
        el("hr"),
        table,
    ])
    return _document(body, th)


#: The contents' columns: heading, alignment, width in percent of the page's text width.
TOC_COLUMNS = (("Reference ID", "left", 23), ("Subject", "left", 58), ("Created", "left", 11),
               ("Page", "right", 8))

#: Fits a text into a share (0..1) of the text width, on one line (eliding it).
FitFn = Callable[[str, float], str]


def toc_html(entries: Sequence[CableEntry], first: bool, fit: FitFn,
             theme: Theme | None = None) -> str:
    """One page of the contents: a row per cable, linked to it, with its first page.

    Every cell holds one line (``fit`` elides what is too long), so a page's number of rows
    depends on nothing but the page.
    """
    th = theme or Theme()
    share = {h: w / 100 for h, _, w in TOC_COLUMNS}
    rows = [el("tr", *(el("th", h, align=a, width=f"{w}%",
                          style=f"background-color:{th.header_bg};white-space:nowrap")
                       for h, a, w in TOC_COLUMNS))]
    for e in entries:
        href = f"#{e.anchor}"
        rows.append(el("tr",
                       el("td", el("a", fit(e.refid, share["Reference ID"]), href=href),
                          style="white-space:nowrap"),
                       el("td", el("a", fit(e.subject or "(no subject)", share["Subject"]),
                                   href=href, style=f"color:{th.text};text-decoration:none"),
                          style="white-space:nowrap"),
                       el("td", display_time(e.created)[:10] or "—",
                          style="white-space:nowrap"),
                       el("td", f"{e.first_page:,}", align="right",
                          style="white-space:nowrap")))
    heading = el("h2", el("a", "Contents", name="contents"), style="margin-top:0") if first \
        else text("")
    table = el("table", join(rows), width="100%", cellpadding=2, cellspacing=0)
    return _document(join([heading, table]), th)


def _document(body: Markup, th: Theme) -> str:
    return ("<html><head>" + void("meta", charset="utf-8") + "</head>"
            + el("body", body, style=th.page_style) + "</html>")


def xmp_metadata(title: str, author: str, subject: str, keywords: Sequence[str],
                 when: datetime) -> bytes:
    """The document's XMP packet: what PDF readers and archives read besides the Info dict."""
    def x(value: str) -> str:
        return html.escape(visible(value), quote=False)  # as xml.sax.saxutils.escape, without
        # importing urllib: the window never loads a network module

    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    creator = (f"<dc:creator><rdf:Seq><rdf:li>{x(author)}</rdf:li></rdf:Seq>"
               "</dc:creator>") if author else ""
    bag = "".join(f"<rdf:li>{x(k)}</rdf:li>" for k in keywords)
    packet = (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' "
        "xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmlns:pdf='http://ns.adobe.com/pdf/1.3/'>"
        f"<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>{x(title)}</rdf:li>"
        f"</rdf:Alt></dc:title>{creator}"
        f"<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>{x(subject)}"
        "</rdf:li></rdf:Alt></dc:description>"
        f"<dc:subject><rdf:Bag>{bag}</rdf:Bag></dc:subject>"
        f"<pdf:Keywords>{x(', '.join(keywords))}</pdf:Keywords>"
        f"<xmp:CreatorTool>{x(CREATOR)}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )
    return packet.encode("utf-8")
