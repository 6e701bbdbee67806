"""The one way the app cites a cable: a short reference, or a styled citation of its CSL
item; and citation files for a set of cables. "Copy citation" in the window, the notes
export's "Cite as" and the PDF's all come through here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.archive.library import Library
from desktop.archive.records import Cable, Paragraph
from desktop.cite.items import CslItem, csl_item
from desktop.cite.styles import DEFAULT_STYLE, STYLES, Form
from desktop.render.citation import full_citation

#: The short reference: ``10DUSHANBE170, ¶2, 'SUBJECT', Embassy Dushanbe, 2010-02-10,
#: UNCLASSIFIED`` (no citeproc: instant, the same in every tool).
SHORT = "short"
#: A text file in the short style has no CSL style to format with: Chicago notes then.
SHORT_FALLBACK = DEFAULT_STYLE
#: What "Copy citation" can give, by name, with the label a menu shows.
CITATION_STYLES: dict[str, str] = {SHORT: "Short reference", **STYLES}
#: The citation files the app writes.
FILE_FORMATS: dict[str, tuple[str, str]] = {  # name: (label, file suffix)
    "csl": ("CSL-JSON (Zotero, Mendeley)", ".json"),
    "bibtex": ("BibTeX", ".bib"),
    "ris": ("RIS (EndNote, Zotero)", ".ris"),
    "text": ("Text, in the citation style", ".txt"),
}


def cite(cable: Cable, paragraph: Paragraph | None = None,
         paragraphs: Sequence[Paragraph] = (), style: str = SHORT) -> str:
    """A cable (or one of its paragraphs) cited in a style: :data:`SHORT`, or one of the CSL
    styles as a first note (Chicago) or an in-text reference list entry.

    Raises:
        ValueError: an unknown style.
    """
    if style == SHORT:
        return full_citation(cable, paragraph, paragraphs)
    from desktop.cite.formats import to_text

    return to_text([csl_item(cable, paragraph, paragraphs)], style).strip()


def cite_items(lib: Library, refids: Iterable[str]) -> tuple[list[CslItem], list[str]]:
    """The CSL item of each cable named (once each, in order) and the names not found."""
    items: dict[str, CslItem] = {}
    missing: list[str] = []
    for refid in refids:
        cable = lib.cable(refid) or lib.cable(refid.upper())
        if cable is None:
            missing.append(refid)
        elif cable.refid not in items:
            items[cable.refid] = csl_item(cable)
    return list(items.values()), list(dict.fromkeys(missing))


def render(items: list[CslItem], kind: str, style: str = DEFAULT_STYLE,
           form: Form | None = None) -> str:
    """The items as one of :data:`FILE_FORMATS`."""
    from desktop.cite.formats import to_bibtex, to_csl_json, to_ris, to_text

    if kind == "csl":
        return to_csl_json(items)
    if kind == "bibtex":
        return to_bibtex(items)
    if kind == "ris":
        return to_ris(items)
    if kind == "text":
        return to_text(items, SHORT_FALLBACK if style == SHORT else style, form)
    raise ValueError(f"unknown citation format {kind!r} (known: {', '.join(FILE_FORMATS)})")

