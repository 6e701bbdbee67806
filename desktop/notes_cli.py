"""``cable-reader notes``: add, list, export and import the user's notes from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.annotations.exchange import merge, read_json
from desktop.annotations.models import COLOURS, DEFAULT_COLOUR
from desktop.annotations.store import NotesStore
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.records import Paragraph
from desktop.export.notes import NotesFormat, place_notes, write_notes
from desktop.paths import default_notes
from desktop.render.citation import placement_citation
from desktop.terminal import for_terminal
from desktop.wording import plural


def add_parser(sub: argparse._SubParsersAction, with_library) -> None:  # type: ignore[type-arg,no-untyped-def]
    notes = sub.add_parser("notes", help="the notes you attach to paragraphs")
    actions = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)

    def with_notes(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--notes", type=Path, default=None, metavar="FILE",
                       help=f"the notes database (default: {default_notes()})")
        return with_library(p)

    p = with_notes(actions.add_parser("add", help="add a note to a paragraph"))
    p.add_argument("refid", metavar="REFID")
    p.add_argument("label", metavar="LABEL",
                   help="the paragraph's label (2, B), @N for the N-th paragraph, "
                        "or 'cable' for the whole cable")
    p.add_argument("--text", required=True, help="the note, in Markdown")
    p.add_argument("--colour", "--color", default=DEFAULT_COLOUR, choices=COLOURS)
    p.add_argument("--labels", default="", help="comma-separated labels")
    p = with_notes(actions.add_parser("list", help="list every note"))
    p.add_argument("--json", action="store_true", help="one JSON object per note")
    p = with_notes(actions.add_parser("export", help="export every note"))
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("--output", "-o", type=Path, default=None, help="a file (default: stdout)")
    p = with_notes(actions.add_parser("import", help="merge notes from an exported JSON file"))
    p.add_argument("file", type=Path, metavar="FILE")


def run_notes(args: argparse.Namespace, lib: Library | None) -> int:
    with NotesStore(args.notes or default_notes()) as store:
        command = args.notes_command
        if command in ("add", "import") and store.readonly:
            print(f"cable-reader: {store.read_only_reason}", file=sys.stderr)
            return 1
        if command == "add":
            return _add(args, lib, store)
        if command == "list":
            return _list(lib, store, as_json=args.json)
        if command == "export":
            return _export(lib, store, args.format, args.output)
        return _import(store, args.file)


def _add(args: argparse.Namespace, lib: Library | None, store: NotesStore) -> int:
    if lib is None:
        print("cable-reader: a note is added to a cable of the library, which cannot be "
              "opened", file=sys.stderr)
        return 1
    cable = lib.cable(args.refid) or lib.cable(args.refid.upper())
    if cable is None:
        print(f"cable-reader: {args.refid} is not in the library", file=sys.stderr)
        return 1
    paragraphs = parse_paragraphs(cable.body)
    try:
        paragraph = find_paragraph(paragraphs, args.label)
    except LookupError as exc:
        print(f"cable-reader: {cable.refid}: {exc}", file=sys.stderr)
        return 1
    labels = [x for x in args.labels.split(",") if x.strip()]
    change = store.add(cable.refid, paragraph, paragraphs, args.text, args.colour, labels)
    print(change.note_id)
    return 0


def find_paragraph(paragraphs: tuple[Paragraph, ...], label: str) -> Paragraph | None:
    """The paragraph a label names: ``2``, ``¶B``, ``@5`` (fifth), ``cable`` (None).

    Raises:
        LookupError: no such paragraph, or the label repeats (then ``@N`` is suggested).
    """
    label = label.strip().lstrip("¶")
    if label.lower() == "cable":
        return None
    if label.startswith("@") and label[1:].isdigit():
        ordinal = int(label[1:])
        for p in paragraphs:
            if p.ordinal == ordinal:
                return p
        raise LookupError(f"there is no paragraph @{ordinal} (it has {len(paragraphs)})")
    found = [p for p in paragraphs if p.label.upper() == label.upper()]
    if not found:
        known = ", ".join(dict.fromkeys(p.label for p in paragraphs if p.label)) or "none"
        raise LookupError(f"no paragraph is labelled {label!r} (labels: {known})")
    if len(found) > 1:
        where = ", ".join(f"@{p.ordinal}" for p in found)
        raise LookupError(f"the label {label!r} repeats; name one by position: {where}")
    return found[0]


def _list(lib: Library | None, store: NotesStore, *, as_json: bool) -> int:
    for cable_notes in place_notes(store.all_notes(), lib):
        for p in cable_notes.placements:
            note = p.note
            label = p.paragraph.label if p.paragraph else note.label
            ordinal = p.paragraph.ordinal if p.paragraph else note.ordinal
            orphaned = p.paragraph is None and not note.is_cable_note
            if as_json:
                print(json.dumps({"id": note.id, "refid": note.refid, "label": label,
                                  "ordinal": ordinal, "text": note.text, "colour": note.colour,
                                  "labels": list(note.labels), "orphaned": orphaned,
                                  "citation": placement_citation(p, cable_notes.paragraphs)},
                                 ensure_ascii=False))
            else:
                first = note.text.strip().splitlines()[0] if note.text.strip() else "(empty)"
                where = placement_citation(p, cable_notes.paragraphs)
                print(for_terminal(f"{note.id[:8]}  {where}  [{note.colour}]  {first}"))
    return 0


def _export(lib: Library | None, store: NotesStore, kind: NotesFormat, output: Path | None
            ) -> int:
    if output is None:
        write_notes(sys.stdout, kind, store, lib)
        return 0
    try:
        count = write_notes(output, kind, store, lib)
    except OSError as exc:
        print(f"cable-reader: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {plural(count, 'note')} to {output}")
    return 0


def _import(store: NotesStore, path: Path) -> int:
    try:
        exchange = read_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cable-reader: {path}: {exc}", file=sys.stderr)
        return 1
    result = merge(store, exchange.notes, lists=exchange.lists, searches=exchange.searches)
    print(f"{result.added} new, {result.updated} updated, {result.unchanged} unchanged, "
          f"{result.skipped_older} older than the notes you have")
    for counts, what in ((result.lists, "reading lists"), (result.searches, "saved searches")):
        if counts.added or counts.updated or counts.unchanged or counts.skipped_older:
            print(f"{what}: {counts.added} new, {counts.updated} updated, {counts.unchanged} "
                  f"unchanged, {counts.skipped_older} older than yours"
                  + "".join(f"; “{a}” renamed “{b}”" for a, b in counts.renamed))
    return 0
