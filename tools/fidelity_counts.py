"""Count how faithfully the parser reads the real pages: subjects, tags and references.

Usage: python tools/fidelity_counts.py [--code DIR] [--realdata DIR] [--json]

``--code DIR`` imports the ``desktop`` package from DIR instead of this checkout, so the same
counts can be made for an older version (export one without touching git state with
``mkdir /tmp/old && git archive COMMIT desktop resources | tar -x -C /tmp/old``).

Every cable of REALDATA (default ../shared/realdata, else tests/fixtures/realdata) is read:
the cable pages of the three site builds and the cables.csv sample. The checks use the text
only, never another parser's output:

- subjects: a SUBJECT line is present; the parsed subject is not empty; it stops cleanly
  (holds no REF, Classified By, TAGS, E.O., DECL or numbered-paragraph text of another
  block); it agrees with the page title, WikiLeaks' own reading of the first subject line
  (one begins with the other: the title holds only the first line, and sometimes a REF
  glued on).
- tags: tags that are known codes; free-text tags kept whole (the tag is a run of words of
  the TAGS line); pieces (neither: a word cut into made-up codes).
- references: cable references read from REF blocks, and how many of them are a reference id
  of the release (cable2month.csv.gz); REF blocks naming a station and a number that yield
  nothing; for the cables.csv sample, agreement with WikiLeaks' own list (column 6).
- fields: how many cables have each field a reader looks for first (where the version has
  them), and, over the whole release list, the malformed ids and what became of them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_SUBJECT_LINE = re.compile(r"(?:^|\s)(?:SUBJECT|SUBJ|UBJECT)\s*[:.]", re.I | re.M)
_FOREIGN_IN_SUBJECT = re.compile(
    r"REFS?\s*:|REFTEL\s*:|CLASSIFIED\s+BY|\bTAGS?\s*:|\bE\.\s?O\.\s*\d{4,5}|\bDECL\s*:"
    r"|(?:^|\s)\d{1,2}\.\s*\((?:U|C|S|SBU|TS)\)|END\s+SUMMARY",
    re.I,
)
_TITLE_LEAD = re.compile(r"^(?:\(?[A-Z/ ]{1,12}\)\s*|[\[\"(]+)")
_STATION_NUMBER = re.compile(r"\b[A-Z]{4,}\s+\d{2,7}\b")
_WORDS = re.compile(r"[A-Z0-9]+")


def default_realdata() -> Path:
    shared = ROOT.parent / "shared" / "realdata"
    return shared if shared.is_dir() else ROOT / "tests" / "fixtures" / "realdata"


def release_ids(realdata: Path) -> set[str]:
    path = realdata / "reference_lists" / "cable2month.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return {row[0] for row in csv.reader(handle) if row}


def source_files(realdata: Path) -> list[Path]:
    html = realdata / "wikileaks_html"
    pages = sorted(p for p in html.rglob("*.html")
                   if p.parent.parent.parent.name == "cable"
                   or p.parent.name.startswith("build_2011-02"))
    return [*pages, realdata / "cables_csv" / "cables_first12_sample.csv"]


def count(code: Path | None, realdata: Path) -> dict[str, Any]:
    """The counts for the ``desktop`` package found in ``code`` (or this checkout)."""
    sys.path.insert(0, str(code or ROOT))
    for name in [m for m in sys.modules if m == "desktop" or m.startswith("desktop.")]:
        del sys.modules[name]
    sources = importlib.import_module("desktop.archive.sources")
    records = importlib.import_module("desktop.archive.records")
    parse = importlib.import_module("desktop.archive.parse")
    glossary = importlib.import_module("desktop.archive.glossary")
    vocabulary = glossary.tag_vocabulary()
    release = release_ids(realdata)
    c: Counter[str] = Counter()
    for path in source_files(realdata):
        for raw in sources.read_source(path):
            if not isinstance(raw, records.RawCable):
                continue
            cable = parse.parse_cable(raw)
            c["cables"] += 1
            _subjects(c, raw, cable)
            _tags(c, cable, vocabulary)
            _references(c, raw, cable, release)
            _details(c, cable)
    _malformed_ids(c, release)
    return dict(sorted(c.items()))


def _subjects(c: Counter[str], raw: Any, cable: Any) -> None:
    head_text = "\n".join(cable.body.split("\n")[:60])
    if not _SUBJECT_LINE.search(head_text):
        return
    c["subject: SUBJECT line present"] += 1
    subject = cable.subject
    if subject:
        c["subject: not empty"] += 1
        if not _FOREIGN_IN_SUBJECT.search(subject):
            c["subject: stops cleanly"] += 1
    hint = _comparable(raw.subject_hint)
    if hint and raw.source.kind.value == "html":
        c["subject: page has a title"] += 1
        mine = _comparable(subject)
        if mine and (mine.startswith(hint) or hint.startswith(mine)):
            c["subject: agrees with the page title"] += 1


def _comparable(subject: str) -> str:
    """Upper case, single spaces, without the marking or bracket the page title drops."""
    text = " ".join(subject.replace("\\", " ").split()).upper()
    return _TITLE_LEAD.sub("", text).strip()


def _tags(c: Counter[str], cable: Any, vocabulary: frozenset[str]) -> None:
    if not cable.tags_raw.strip():
        return
    c["tags: cables with a TAGS line"] += 1
    raw_words = _WORDS.findall(cable.tags_raw.upper())
    joined = " " + " ".join(raw_words) + " "
    for tag in cable.tags:
        c["tags: total"] += 1
        words = _WORDS.findall(tag.upper())
        if tag in vocabulary or tag.upper() in vocabulary:
            c["tags: known codes"] += 1
        elif words and f" {' '.join(words)} " in joined:
            c["tags: free text kept whole"] += 1
        else:
            c["tags: pieces of a cut word"] += 1


def _references(c: Counter[str], raw: Any, cable: Any, release: set[str]) -> None:
    if raw.references is not None and raw.source.kind.value == "csv":
        mine = set(_text_references(cable, raw))
        theirs = set(raw.references)
        c["refs csv: WikiLeaks list (column 6)"] += len(theirs)
        c["refs csv: of those, read from the REF text too"] += len(theirs & mine)
        return
    if not cable.references_text:
        return
    c["refs: REF blocks"] += 1
    c["refs: references read"] += len(cable.references)
    c["refs: references in the release"] += sum(r in release for r in cable.references)
    if not cable.references and _STATION_NUMBER.search(cable.references_text.upper()):
        c["refs: blocks naming station+number, none read"] += 1


def _details(c: Counter[str], cable: Any) -> None:
    details = getattr(cable, "details", None)
    if details is None:  # a version without the fields
        return
    for name in ("classified_by", "signed_by", "summary", "nondisclosure_deadline",
                 "transmission_id"):
        c[f"fields: {name} found"] += getattr(details, name) is not None
    c["fields: recipients found"] += bool(details.recipients)


def _malformed_ids(c: Counter[str], release: set[str]) -> None:
    """Over the release list: malformed ids folded into their twin or given an alias."""
    try:
        refids = importlib.import_module("desktop.archive.refids")
        glossary = importlib.import_module("desktop.archive.glossary")
    except ImportError:
        return
    table = refids.alias_table()
    c["ids: malformed ids of the release"] = sum(
        1 for r in release if r in table or not refids.split_refid(r)
        or refids.split_refid(r)[1] not in glossary.known_stations())
    c["ids: twins folded into the canonical id"] = sum(a.kind == "twin" for a in table.values())
    c["ids: kept, with the corrected id as alias"] = sum(
        a.kind == "corrected" for a in table.values())


def _text_references(cable: Any, raw: Any) -> tuple[str, ...]:
    refs = importlib.import_module("desktop.archive.refs")
    year = raw.refid[:2] if raw.refid[:2].isdigit() else ""
    if not cable.references_text or not year:
        return ()
    return tuple(refs.parse_references(cable.references_text, raw.refid, year))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=None,
                        help="a folder holding the desktop package to count (default: this one)")
    parser.add_argument("--realdata", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv[1:])
    counts = count(args.code, args.realdata or default_realdata())
    if args.json:
        print(json.dumps(counts, indent=1))
        return
    for key, value in counts.items():
        print(f"{key:50} {value:6}")


if __name__ == "__main__":
    main(sys.argv)
