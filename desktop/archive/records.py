"""Plain, immutable records: what the readers yield and what the parser makes of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

CLASSIFICATIONS: tuple[str, ...] = (
    "UNCLASSIFIED",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN",
    "SECRET",
    "SECRET//NOFORN",
)

#: The final WikiLeaks build shows this counter; earlier builds show a smaller first number.
FINAL_BUILD_COUNTER = 251287


class SourceKind(str, Enum):
    """The format a cable was read from."""

    CSV = "csv"
    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True)
class SourceRef:
    """Where one copy of a cable came from.

    ``rank`` orders copies of the same cable: the higher rank wins. cables.csv beats every
    page; among pages a later build (a larger "released so far" counter) beats an earlier one,
    and an HTML page beats a page saved as text from the same build.
    """

    kind: SourceKind
    path: str
    position: str = ""
    build: str = ""
    rank: int = 0
    refid: str = ""  # the id this copy was published under, when it is a malformed alias


def source_rank(kind: SourceKind, counter: int | None = None) -> int:
    """The rank of a copy: cables.csv first, then pages by build, HTML before text."""
    if kind is SourceKind.CSV:
        return 10_000_000
    build = counter if counter is not None else 0
    return build * 2 + (1 if kind is SourceKind.HTML else 0)


def build_name(counter: int | None) -> str:
    """A short human name for a WikiLeaks site build, from its "released so far" counter."""
    if counter is None:
        return "unknown build"
    if counter >= FINAL_BUILD_COUNTER:
        return "final build (Aug 2011)"
    return f"early build ({counter:,} released)"


@dataclass(frozen=True)
class RawCable:
    """One cable as a source holds it, before any parsing of its text.

    Times are the strings the source shows; ``times_exact`` is False for page builds
    before the final one, whose minutes are bogus (the hour on a 12-hour clock).
    """

    refid: str
    created: str
    released: str
    classification: str
    origin: str
    header: str
    body: str
    source: SourceRef
    references: tuple[str, ...] | None = None
    subject_hint: str = ""
    record_id: str = ""
    times_exact: bool = True


@dataclass(frozen=True)
class Routing:
    """The routing header: precedence, date-time group, sender and addressees."""

    transmission_id: str = ""
    precedence: str = ""
    dtg: str = ""
    sender: str = ""
    to: tuple[str, ...] = ()
    info: tuple[str, ...] = ()


@dataclass(frozen=True)
class Details:
    """What a reader of a cable looks for first; None or empty when the text lacks it.

    ``nondisclosure_deadline`` is the E.O. line's DECL date as ``YYYY-MM-DD``;
    ``recipients`` and ``info_recipients`` are the TO and INFO entries of the header.
    """

    classified_by: str | None = None
    signed_by: str | None = None
    summary: str | None = None
    nondisclosure_deadline: str | None = None
    recipients: tuple[str, ...] = ()
    info_recipients: tuple[str, ...] = ()
    transmission_id: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body.

    ``key`` is stable across re-imports and sources: ``ordinal:label:texthash``. Labels repeat
    and skip in real cables, so the key never rests on the label alone. ``first_line`` and
    ``last_line`` index the body's lines (inclusive) so views can mark the paragraph in place.
    """

    ordinal: int
    label: str
    marking: str
    text: str
    key: str
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Problem:
    """Something an import could not use, with where and why."""

    source: str
    position: str
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        where = f"{self.source}" + (f", {self.position}" if self.position else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Cable:
    """A parsed cable, as stored in the archive index and shown by the viewer."""

    refid: str
    created: str | None
    released: str | None
    classification: str
    origin: str
    subject: str
    tags: tuple[str, ...]
    tags_raw: str
    references: tuple[str, ...]
    references_text: str
    header: str
    body: str
    flags: tuple[str, ...] = ()
    source: SourceRef | None = None
    record_id: str = ""
    sources: tuple[SourceRef, ...] = field(default=())
    #: Other ids of this cable: the malformed id it was also published under ("also
    #: published as"), or the corrected form of the malformed id it is kept under.
    aliases: tuple[str, ...] = ()

    @cached_property
    def routing(self) -> Routing:
        """The routing fields of the header, parsed when first asked for."""
        from desktop.archive.routing import parse_routing

        return parse_routing(self.header)

    @cached_property
    def details(self) -> Details:
        """Classified by, signed by, summary, DECL date, recipients, transmission id."""
        from desktop.archive.details import parse_details

        return parse_details(self.header, self.body, self.routing, "corrupt" in self.flags)
