"""``cable-reader cite``: citations of cables as CSL-JSON, BibTeX, RIS or a styled reference."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.archive.library import Library
from desktop.cite.styles import DEFAULT_STYLE, FORMS, STYLES
from desktop.cite.text import cite_items, render
from desktop.export.notes import write_atomically
from desktop.lists_cli import list_refids
from desktop.paths import default_notes
from desktop.terminal import for_terminal
from desktop.wording import plural

FORMATS = ("csl", "bibtex", "ris", "text")


def add_parser(sub: argparse._SubParsersAction, with_library) -> None:  # type: ignore[type-arg,no-untyped-def]
    p = with_library(sub.add_parser(
        "cite", help="cite cables: CSL-JSON, BibTeX or RIS for Zotero, or a styled reference",
        description="Cite cables for a reference manager (CSL-JSON, BibTeX, RIS: Zotero "
                    "imports each) or as text in a citation style. Cables not in the "
                    "library are named on stderr; the others are still cited."))
    p.add_argument("refids", nargs="*", metavar="REFID")
    p.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                   help="refids from a file, one a line ('#' starts a comment)")
    p.add_argument("--list", dest="list_name", metavar="NAME",
                   help="the cables of a reading list, in its order (after any REFID)")
    p.add_argument("--notes", type=Path, default=None, metavar="FILE",
                   help=f"the notes database holding the list (default: {default_notes()})")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="csl (CSL-JSON), bibtex, ris, or text in a style (default: text)")
    p.add_argument("--style", choices=tuple(STYLES), default=DEFAULT_STYLE,
                   help=f"the style of --format text (default: {DEFAULT_STYLE})")
    p.add_argument("--form", choices=FORMS, default=None,
                   help="the text's form: a first note, a short note or a bibliography "
                        "entry (default: the note in a note style, else the entry)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write to this file (default: standard output)")


def run_cite(args: argparse.Namespace, lib: Library) -> int:
    """Cite the cables the arguments name; exit status 1 when some are not in the library,
    2 for a usage error."""
    try:
        refids = list(args.refids) + (read_refids(args.from_file) if args.from_file else [])
        if args.list_name is not None:
            refids += list_refids(args.notes, args.list_name)[1]
    except (ValueError, LookupError) as exc:
        return _fail(str(exc), 2)
    if not refids:
        return _fail("name the cables: REFID..., --from FILE or --list NAME", 2)
    items, missing = cite_items(lib, refids)
    if missing:
        print(for_terminal(f"cable-reader cite: not in the library: {', '.join(missing)}",
                           sys.stderr), file=sys.stderr)
    if not items:
        return 1
    document = render(items, args.format, args.style, args.form)
    if args.output is None:
        sys.stdout.write(for_terminal(document))
    else:
        try:
            write_atomically(args.output, document.encode("utf-8"))
        except OSError as exc:
            return _fail(f"cannot write {args.output}: {exc.strerror or exc}", 1)
        print(for_terminal(f"Wrote {plural(len(items), 'citation')} to {args.output}"))
    return 1 if missing else 0


def read_refids(path: Path) -> list[str]:
    """The refids a list file names, one a line; blank lines and ``#`` comments skipped.

    Raises:
        ValueError: the file cannot be read (the message says why).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    return [r for r in (line.split("#")[0].strip() for line in lines) if r]


def _fail(message: str, status: int) -> int:
    print(for_terminal(f"cable-reader cite: {message}", sys.stderr), file=sys.stderr)
    return status


__all__ = ["FORMATS", "add_parser", "cite_items", "read_refids", "render", "run_cite"]
