"""``cable-reader export``: cables to PDF from the command line (the window runs it too)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.annotations.store import NotesStore
from desktop.archive.errors import StorageError
from desktop.archive.library import Library
from desktop.archive.query_syntax import QuerySyntaxError
from desktop.archive.selection import Selection
from desktop.lists_cli import list_refids
from desktop.paths import default_notes
from desktop.wording import plural

if TYPE_CHECKING:
    from desktop.export.pdf import ExportProgress


def add_parser(sub: argparse._SubParsersAction, with_library) -> None:  # type: ignore[type-arg,no-untyped-def]
    p = with_library(sub.add_parser(
        "export", help="export cables to PDF",
        description="Export cables to one PDF (or one PDF per cable with --split). Cables "
                    "named on the command line keep their order; those found with --search, "
                    "--tag or --origin follow, oldest first."))
    p.add_argument("refids", nargs="*", metavar="REFID")
    p.add_argument("-o", "--output", type=Path, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--split", type=Path, metavar="DIR",
                   help="write one REFID.pdf per cable into this folder instead")
    p.add_argument("--search", metavar="QUERY", help="every cable matching a search")
    p.add_argument("--tag", action="append", default=[], metavar="CODE",
                   help="every cable with this tag (repeatable)")
    p.add_argument("--origin", action="append", default=[], metavar="NAME",
                   help="every cable from this origin, as the tree names it (repeatable)")
    p.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                   help="refids from a file, one a line ('#' starts a comment)")
    p.add_argument("--list", dest="list_name", metavar="NAME",
                   help="the cables of a reading list, in its order; its name is the cover's "
                        "title unless --title gives one")
    p.add_argument("--no-notes", action="store_true", help="leave your notes out")
    p.add_argument("--notes", type=Path, default=None, metavar="FILE",
                   help=f"the notes database (default: {default_notes()})")
    p.add_argument("--page-size", choices=("A4", "Letter"), default=None,
                   help="paper size (default: Letter in North America, else A4)")
    p.add_argument("--title", default="", help="the cover's title")
    p.add_argument("--source", default="", metavar="TEXT",
                   help="what the cover says was exported (default: from the options)")
    p.add_argument("--author", default="", help="the document's author")
    p.add_argument("--force", action="store_true", help="replace existing files")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--progress", choices=("bar", "json"), default="bar",
                   help=argparse.SUPPRESS)  # json: lines for the window; 'cancel' on stdin


@dataclass
class Chosen:
    """The cables to export, in order, and a description of where they came from."""

    refids: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    title: str = ""  # the cover's title when no --title is given (a reading list's name)

    def add(self, refids: list[str], what: str) -> None:
        self.refids += refids
        self.parts.append(what)

    def description(self) -> str:
        return "; ".join(self.parts)


def choose(args: argparse.Namespace, lib: Library) -> Chosen:
    """Gather the cables the arguments name.

    Raises:
        ValueError: a bad query, an unreadable list file or an unknown reading list (the
            message says which).
        StorageError: the notes holding the reading list cannot be read.
    """
    chosen = Chosen()
    if args.refids:
        chosen.add(list(args.refids), _plural(len(args.refids), "cable") + " named")
    if args.from_file is not None:
        try:
            lines = args.from_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read {args.from_file}: {exc}") from exc
        refids = [line.split("#")[0].strip() for line in lines]
        chosen.add([r for r in refids if r], f"the list in {args.from_file.name}")
    if args.list_name is not None:
        try:
            name, listed = list_refids(args.notes, args.list_name)
        except LookupError as exc:
            raise ValueError(str(exc)) from exc
        chosen.add(listed, f"the reading list “{name}”")
        chosen.title = name
    if args.search:
        try:
            ids = lib.search_ids(args.search, None, "created")
        except QuerySyntaxError as exc:
            raise ValueError(f"bad search: {exc}") from exc
        chosen.add(_refids(lib, ids), f"search “{args.search}”")
    for tag in args.tag:
        ids = lib.select_ids(Selection(tags=frozenset({tag.upper()})), "created")
        chosen.add(_refids(lib, ids), f"tag {tag.upper()}")
    for origin in args.origin:
        ids = lib.select_ids(Selection(origins=frozenset({origin})), "created")
        chosen.add(_refids(lib, ids), f"origin {origin}")
    return chosen


def _refids(lib: Library, ids: Any) -> list[str]:
    ids = list(ids)
    rows = lib.list_rows(ids)
    return [rows[i].refid for i in ids if i in rows]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def run_export(args: argparse.Namespace, lib: Library) -> int:
    if (args.output is None) == (args.split is None):
        return _fail("give the output: -o FILE.pdf, or --split DIR for one file per cable", 2)
    try:
        chosen = choose(args, lib)
    except ValueError as exc:
        return _fail(str(exc), 2)
    if not chosen.refids:
        return _fail("name the cables: REFID..., --from FILE, --list NAME, --search, --tag or "
                     "--origin", 2)

    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QGuiApplication

    from desktop.export.pdf import (
        ExportCancelled,
        ExportError,
        TargetExists,
        export_pdf,
        export_pdf_split,
    )
    from desktop.export.pdf_layout import PdfOptions, default_page_size

    app = QGuiApplication.instance() or QGuiApplication(["cable-reader", "-platform", "offscreen"])
    page_size = args.page_size or default_page_size(
        QLocale.system().name().partition("_")[2])
    options = PdfOptions(page_size=page_size, notes=not args.no_notes, author=args.author,
                         title=args.title or chosen.title,
                         source=args.source or chosen.description(),
                         library=lib.path.name)
    notes = _open_notes(args)
    cancel = _Cancel(json_mode=args.progress == "json")
    report = _reporter(args)
    try:
        if args.split is not None:
            result = export_pdf_split(lib, chosen.refids, args.split, options, notes,
                                      overwrite=args.force, progress=report, cancel=cancel)
        else:
            result = export_pdf(lib, chosen.refids, args.output, options, notes,
                                overwrite=args.force, progress=report, cancel=cancel)
    except ExportCancelled:
        _finish_progress(report)
        return _fail("cancelled; nothing was written", 130)
    except TargetExists as exc:
        return _fail(f"{exc} Use --force to replace it.", 1)
    except (ExportError, StorageError) as exc:
        _finish_progress(report)
        return _fail(str(exc), 1)
    finally:
        cancel.restore()
        if notes is not None:
            notes.close()
        del app
    _finish_progress(report)
    if result.missing:
        print(f"cable-reader export: not in the library, left out: {', '.join(result.missing)}",
              file=sys.stderr)
    if args.progress == "json":
        print(json.dumps({"done": True, "files": [str(f) for f in result.files],
                          "cables": result.cables, "pages": result.pages,
                          "missing": list(result.missing), "seconds": result.seconds}),
              flush=True)
    else:
        where = result.files[0] if len(result.files) == 1 else args.split
        print(f"Exported {_plural(result.cables, 'cable')} ({_plural(result.pages, 'page')}) "
              f"to {where} in {result.seconds:.1f} s.")
    return 0


def _open_notes(args: argparse.Namespace) -> NotesStore | None:
    if args.no_notes:
        return None
    path = args.notes or default_notes()
    if not path.exists():
        return None
    try:
        return NotesStore(path, readonly=True)
    except StorageError as exc:
        print(f"cable-reader export: your notes are left out: {exc}", file=sys.stderr)
        return None


def _fail(message: str, code: int) -> int:
    print(f"cable-reader export: {message}", file=sys.stderr)
    return code


class _Cancel:
    """Cancelled by Ctrl+C (or SIGTERM); in JSON mode also by 'cancel' or the end of stdin
    (the window went away)."""

    def __init__(self, json_mode: bool):
        self.flag = threading.Event()
        self.previous = {s: signal.signal(s, self._on_signal)
                         for s in (signal.SIGINT, signal.SIGTERM)}
        if json_mode:
            threading.Thread(target=self._watch_stdin, daemon=True).start()

    def __call__(self) -> bool:
        return self.flag.is_set()

    def _on_signal(self, signum: int, frame: object) -> None:
        self.flag.set()

    def _watch_stdin(self) -> None:
        for line in sys.stdin:
            if line.strip() == "cancel":
                break
        self.flag.set()

    def restore(self) -> None:
        for s, handler in self.previous.items():
            signal.signal(s, handler)


def _reporter(args: argparse.Namespace) -> Callable[[ExportProgress], None] | None:
    if args.progress == "json":
        def emit(p: ExportProgress) -> None:
            print(json.dumps({"cables": p.cables_done, "total": p.cables_total,
                              "pages": p.pages_done, "elapsed": round(p.elapsed, 2),
                              "eta": None if p.eta is None else round(p.eta, 1)}), flush=True)
        return emit
    if args.quiet:
        return None
    from desktop.cli import ProgressBar

    bar = ProgressBar(sys.stderr)

    def show(p: ExportProgress) -> None:
        bar.show(p.fraction, f"{p.cables_done:,}/{plural(p.cables_total, 'cable')}  "
                             f"{plural(p.pages_done, 'page')}  {p.rate:,.0f} pages/s", p.eta)
    show.bar = bar  # type: ignore[attr-defined]
    return show


def _finish_progress(report: Callable[[ExportProgress], None] | None) -> None:
    bar = getattr(report, "bar", None)
    if bar is not None:
        bar.done()


__all__ = ["add_parser", "choose", "run_export"]
