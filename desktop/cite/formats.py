"""Citation files from CSL items: CSL-JSON, BibTeX, RIS and styled plain text.

Each is written for Zotero to import the cable with as little lost as it can:

- CSL-JSON: the items as they are (Zotero's Document item).
- BibTeX: ``@misc``, which Zotero imports as a Document since 2021 (zotero/translators
  #2351); the origin is a braced corporate author, the title braced against re-casing.
- RIS: ``TY - GOVDOC``, a Government Document. Zotero imports ``GEN`` as a Journal Article
  and has no RIS type that arrives as a Document except odd ones (``ANCIENT``, ``GRNT``);
  ``GOVDOC`` arrives as a Report, whose number (``SN``) and type (``M3``) keep the refid
  and "Diplomatic cable", and EndNote reads it as a government document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from rispy import RisWriter, dumps

from desktop.cite.items import CslItem, clean_text
from desktop.cite.styles import DEFAULT_STYLE, Form, format_citation, is_note_style

RIS_TYPE = "GOVDOC"

_BIBTEX_SPECIALS = str.maketrans({
    "\\": r"\textbackslash{}",
    # A bare \{ unbalances BibTeX's brace count; a phantom of the other brace (Zotero's
    # escape) keeps the count and prints nothing.
    "{": r"\{\vphantom{\}}",
    "}": r"\vphantom{\{}\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")


def to_csl_json(items: Sequence[CslItem]) -> str:
    """The items as a CSL-JSON array (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


def to_text(items: Sequence[CslItem], style: str = DEFAULT_STYLE,
            form: Form | None = None) -> str:
    """The items cited in a style, one a line.

    Args:
        form: by default the full reference: the first note in a note style (Chicago
            notes), the bibliography entry in an in-text style, whose citation, "(Embassy
            Dushanbe 2010)", only points to it.
    """
    if form is None:
        form = "note" if is_note_style(style) else "bibliography"
    return "".join(f"{line}\n" for line in format_citation(items, style, form))


def bibtex_escape(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped (braces kept balanced)."""
    return text.translate(_BIBTEX_SPECIALS)


def to_bibtex(items: Sequence[CslItem]) -> str:
    """The items as ``@misc`` BibTeX entries keyed by their ids (``10DUSHANBE170``,
    ``10DUSHANBE170-p3``); UTF-8, with LaTeX's special characters escaped."""
    return "\n".join(_bibtex_entry(item) for item in items)


def _bibtex_entry(item: CslItem) -> str:
    fields: list[tuple[str, str]] = []
    authors = [name["literal"] for name in item.get("author", []) if name.get("literal")]
    if authors:  # each braced: an institution's name is not split into first and last
        fields.append(("author", " and ".join("{" + bibtex_escape(a) + "}" for a in authors)))
    fields.append(("title", "{" + bibtex_escape(item["title"]) + "}"))
    published = " ".join(item[k] for k in ("genre", "number") if item.get(k))
    if published:
        fields.append(("howpublished", bibtex_escape(published)))
    date = _date(item)
    if date:
        fields.append(("year", str(date[0])))
    if len(date) >= 2:
        fields.append(("month", _MONTHS[date[1] - 1]))
    if date:
        fields.append(("date", "-".join(f"{p:02d}" for p in date)))
    if item.get("URL"):  # verbatim in BibTeX: what could unbalance it is percent-encoded
        fields.append(("url", quote(item["URL"], safe=":/?#@!$&'()*+,;=%~")))
    note = [item.get("archive_location", ""), *item.get("note", "").splitlines()]
    if any(note):
        fields.append(("note", bibtex_escape(". ".join(n for n in note if n))))
    body = "".join(f"  {name} = {_bibtex_value(name, value)},\n" for name, value in fields)
    return f"@misc{{{_KEY_UNSAFE.sub('-', str(item['id']))},\n{body}}}\n"


def _bibtex_value(name: str, value: str) -> str:
    """A month is written as BibTeX's macro (``feb``), every other value in braces."""
    return value if name == "month" else "{" + value + "}"


def to_ris(items: Sequence[CslItem]) -> str:
    """The items as RIS records of type ``GOVDOC`` (see the module's notes), written by
    rispy."""
    return str(dumps([_ris_record(item) for item in items], implementation=_RisWriter))


class _RisWriter(RisWriter):  # type: ignore[misc]  # rispy is not typed
    """rispy's writer without its numbered line ("1.") before each record, which the RIS
    format does not have and some readers take for part of the record."""

    def set_header(self, count: int) -> str:
        return ""


def _ris_record(item: CslItem) -> dict[str, Any]:
    """The item as rispy's record; every value one line, as an RIS line holds it."""
    record: dict[str, Any] = {"type_of_reference": RIS_TYPE, "id": clean_text(str(item["id"]))}
    authors = [clean_text(name["literal"]) for name in item.get("author", [])
               if name.get("literal")]
    if authors:
        record["authors"] = authors
    record["title"] = clean_text(item["title"])
    date = _date(item)
    if date:
        record["year"] = f"{date[0]:04d}"
        record["date"] = "/".join(f"{p:02d}" for p in date)
    # rispy's names for SN (a report's number), M3 (its type), CN, DB and AN (which
    # Zotero reads as the location in the archive).
    optional = {"issn": "number", "type_of_work": "genre", "call_number": "call-number",
                "name_of_database": "archive", "accession_number": "archive_location"}
    for key, variable in optional.items():
        if item.get(variable):
            record[key] = clean_text(str(item[variable]))
    if item.get("URL"):
        record["urls"] = [clean_text(item["URL"])]
    notes = [clean_text(line) for line in item.get("note", "").splitlines()]
    if any(notes):
        record["notes"] = [line for line in notes if line]
    return record


def _date(item: CslItem) -> list[int]:
    parts = item.get("issued", {}).get("date-parts", [[]])
    return [int(p) for p in parts[0]] if parts else []


__all__ = ["RIS_TYPE", "bibtex_escape", "to_bibtex", "to_csl_json", "to_ris", "to_text"]
