"""The command line: import, show, search and stats (and the window when no command is given)."""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from desktop import __version__, cite_cli, export_cli, lists_cli, notes_cli
from desktop.archive.errors import StorageError, storage_error_of
from desktop.archive.importer import ImportProgress, ImportReport, import_library, import_paths
from desktop.archive.library import Library
from desktop.archive.query_syntax import QuerySyntaxError
from desktop.archive.search import HIGHLIGHT_END, HIGHLIGHT_START, search
from desktop.archive.times import display_time, format_duration
from desktop.export.cable_text import cable_json, cable_text
from desktop.paths import default_library, seeds_dir
from desktop.terminal import for_terminal

COMMANDS = ("import", "show", "search", "stats", "notes", "lists", "export", "cite")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cable-reader",
        description="An offline reader for archives of diplomatic cables. "
                    "Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def with_library(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--library", type=Path, default=None, metavar="FILE",
                       help=f"the library file (default: {default_library()})")
        return p

    p = with_library(sub.add_parser("import", help="import cables.csv, cable pages or folders"))
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--fresh", action="store_true",
                   help="build the library as a new file beside the old one and swap it in "
                        "(faster for a large import; the default when the library is empty "
                        "or smaller than the files to import)")
    p.add_argument("--rebuild", action="store_true",
                   help="build a new library from the sources the library records (for a "
                        "damaged one; the old file is kept, your notes are not touched); "
                        "PATHs are used when that record cannot be read")

    p = with_library(sub.add_parser("show", help="print cables"))
    p.add_argument("refids", nargs="*", metavar="REFID")
    p.add_argument("--all", action="store_true", help="every cable in the library")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--sources", action="store_true",
                   help="list every source's copy and why one was preferred, then a unified "
                        "diff of each other copy against the preferred one")

    p = with_library(sub.add_parser("search", help="full-text search"))
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--limit", type=int, default=20)

    p = with_library(sub.add_parser("stats", help="what the library holds"))
    p.add_argument("--json", action="store_true")
    notes_cli.add_parser(sub, with_library)
    lists_cli.add_parser(sub)
    export_cli.add_parser(sub, with_library)
    cite_cli.add_parser(sub, with_library)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run a command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "lists":  # the notes database; the library only for subjects
        return lists_cli.run_lists(args)
    library_path = args.library or default_library()
    if args.command == "import" and not args.paths and not args.rebuild:
        parser.error("import: give the files or folders to import (or --rebuild)")
    try:
        if args.command == "import" and args.rebuild:
            return cmd_rebuild(library_path, args.paths, quiet=args.quiet)
        if args.command == "import":
            return cmd_import(library_path, args.paths, quiet=args.quiet,
                              fresh=True if args.fresh else None)
        if args.command == "notes":
            return _notes(args, library_path)
        first_use = args.library is None and not library_path.exists() and seeds_dir().exists()
        with Library(library_path) as lib:
            if first_use:  # as the window's first run does: start with the sample archive
                print(f"First use: importing the sample archive ({seeds_dir()}) into "
                      f"{library_path}", file=sys.stderr)
                import_paths(lib.db, [seeds_dir()])
            if args.command == "show" and args.sources:
                return cmd_sources(lib, args.refids)
            if args.command == "show":
                return cmd_show(lib, args.refids, show_all=args.all, as_json=args.json)
            if args.command == "search":
                return cmd_search(lib, " ".join(args.query), as_json=args.json, limit=args.limit)
            if args.command == "stats":
                return cmd_stats(lib, as_json=args.json)
            if args.command == "export":
                return export_cli.run_export(args, lib)
            if args.command == "cite":
                return cite_cli.run_cite(args, lib)
    except StorageError as exc:
        return _storage_failure(exc, library_path, args)
    except sqlite3.DatabaseError as exc:  # a query that met a damaged page, say
        error = storage_error_of(exc)
        if error is None:  # a bug: let it raise
            raise
        return _storage_failure(error, library_path, args)
    return 0


def _storage_failure(exc: StorageError, library_path: Path, args: argparse.Namespace) -> int:
    """Say what went wrong with a file, and how to mend a damaged library; exit status 2."""
    print(for_terminal(f"cable-reader: {exc}", sys.stderr), file=sys.stderr)
    if not exc.is_damage or args.command == "notes" or not _library_damaged(library_path):
        return 2
    option = f" --library {library_path}" if args.library is not None else ""
    if exc.kind == "notadb":
        print(for_terminal(
            "cable-reader: if it was your library, it is damaged; rebuild it with "
            f"`cable-reader import --rebuild{option} PATH...`, giving the files and folders "
            "you imported", sys.stderr), file=sys.stderr)
    else:
        print(for_terminal(
            "cable-reader: the library is damaged; rebuild it with "
            f"`cable-reader import --rebuild{option}` (your notes are not touched)",
            sys.stderr), file=sys.stderr)
    return 2


def _library_damaged(path: Path) -> bool:
    """Whether the library file itself is damaged (not the notes, say)."""
    from desktop.archive.rebuild import is_damaged

    return is_damaged(path)


def _notes(args: argparse.Namespace, library_path: Path) -> int:
    """The notes commands work without a library (a damaged one, say): the notes are read
    and exported as written, their cables not looked up."""
    try:
        lib = Library(library_path)
    except StorageError as exc:
        print(f"cable-reader: the library cannot be opened ({exc}); your notes are read "
              "without it", file=sys.stderr)
        return notes_cli.run_notes(args, None)
    with lib:
        return notes_cli.run_notes(args, lib)


@contextmanager
def _progress_and_cancel(quiet: bool) -> Iterator[tuple[ProgressBar | None, Callable[[], bool]]]:
    """For a long command: a progress bar on stderr (none when ``quiet``), and Ctrl+C made
    a cancel request the work polls (it stops cleanly) for as long as the block runs."""
    cancelled = False

    def on_interrupt(signum: int, frame: object) -> None:
        nonlocal cancelled
        cancelled = True

    previous = signal.signal(signal.SIGINT, on_interrupt)
    bar = None if quiet else ProgressBar(sys.stderr)
    try:
        yield bar, lambda: cancelled
    finally:
        signal.signal(signal.SIGINT, previous)
        if bar is not None:
            bar.done()


def cmd_rebuild(library_path: Path, paths: list[Path], *, quiet: bool = False) -> int:
    """A new library from the sources the old one records (``paths`` when that record cannot
    be read); the old file is kept beside it, the notes are not touched."""
    from desktop.archive.rebuild import rebuild

    with _progress_and_cancel(quiet) as (bar, cancel):
        result = rebuild(library_path, progress=bar, cancel=cancel, fallback=paths)
    _print_problems(result.report)
    for note in result.notes:
        print(for_terminal(note, sys.stderr), file=sys.stderr)
    print(result.report.summary())
    print(f"Library: {library_path}")
    if result.report.cancelled:
        return 130
    return 0 if result.replaced else 1


def cmd_import(library_path: Path, paths: list[Path], *, quiet: bool = False,
               fresh: bool | None = None) -> int:
    with _progress_and_cancel(quiet) as (bar, cancel):
        report = import_library(library_path, paths, progress=bar, cancel=cancel, fresh=fresh)
    _print_problems(report)
    print(report.summary())
    print(f"Library: {library_path}")
    if report.cancelled:
        return 130
    return 0 if report.imported > 0 else 1


def _print_problems(report: ImportReport) -> None:
    """Problems, then files and folders left out, each with its reason (50 of each at most:
    the library's import history has them all)."""
    for problem in report.problems[:50]:
        kind = "error" if problem.fatal else "warning"
        print(for_terminal(f"{kind}: {problem}", sys.stderr), file=sys.stderr)
    if len(report.problems) > 50:
        print(f"... and {len(report.problems) - 50:,} more (see the import report in the "
              f"window, or import_problems in the library)", file=sys.stderr)
    for skip in report.skipped[:50]:
        print(for_terminal(f"skipped: {skip.path}: {skip.reason}", sys.stderr),
              file=sys.stderr)
    if len(report.skipped) > 50:
        print(f"... and {len(report.skipped) - 50:,} more files or folders skipped",
              file=sys.stderr)


class ProgressBar:
    """A one-line progress bar with rate and ETA on a terminal; sparse lines otherwise."""

    WIDTH = 30

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.tty = stream.isatty()
        self._last_line = time.monotonic()
        self._shown = False

    def __call__(self, p: ImportProgress) -> None:
        self.show(p.fraction, f"{p.cables:,} cables  {p.rate:,.0f}/s", p.eta)

    def show(self, fraction: float, text: str, eta: float | None) -> None:
        now = time.monotonic()
        if not self.tty and now - self._last_line < 5.0:
            return
        self._last_line = now
        filled = int(self.WIDTH * fraction)
        left = f"ETA {format_duration(eta)}" if eta is not None else "ETA --"
        line = (f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {fraction * 100:5.1f}%  "
                f"{text}  {left}")
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self._shown = True

    def done(self) -> None:
        if self.tty and self._shown:
            self.stream.write("\n")
            self.stream.flush()


def cmd_show(lib: Library, refids: list[str], *, show_all: bool, as_json: bool) -> int:
    if show_all:
        refids = [r[0] for r in
                  lib.conn.execute("SELECT refid FROM cables ORDER BY created, refid")]
    if not refids:
        print("cable-reader show: give reference ids, or --all", file=sys.stderr)
        return 2
    missing = 0
    for refid in refids:
        cable = lib.cable(refid)
        if cable is None:
            print(f"cable-reader: {refid} is not in the library", file=sys.stderr)
            missing += 1
            continue
        if as_json:
            print(json.dumps(cable_json(cable), ensure_ascii=False))
        else:
            print(for_terminal(cable_text(cable)))
    return 1 if missing else 0


def cmd_sources(lib: Library, refids: list[str]) -> int:
    """Each copy of each cable (label, flags, why), then each other copy's body as a
    unified diff against the preferred one."""
    from desktop.archive.compare import copies, field_differences, unified_diff

    if not refids:
        print("cable-reader show --sources: give reference ids", file=sys.stderr)
        return 2
    missing = 0
    for refid in refids:
        found = copies(lib, refid)
        if not found:
            print(f"cable-reader: {refid} is not in the library", file=sys.stderr)
            missing += 1
            continue
        lines = [f"{refid}: {len(found)} sources" if len(found) > 1 else
                 f"{refid}: one source, nothing to compare"]
        for copy in found:
            lines.append(f"{copy.order}. {copy.label}" + (" (preferred)" if copy.preferred
                                                           else ""))
            lines.append(f"   {copy.why}")
            if copy.flags:
                lines.append(f"   Flags: {', '.join(copy.flags)}")
            if copy.error:
                lines.append(f"   {'Note' if copy.body is not None else 'Cannot compare'}: "
                             f"{copy.error}")
        preferred = found[0]
        for other in found[1:]:
            changed = [d for d in field_differences(preferred, other) if d.differs]
            if changed:
                lines.append(f"Fields of copy {other.order} that differ from the preferred "
                             "copy's:")
                lines.extend(f"   {d.name}: {d.a} | {d.b}" for d in changed)
        diff = unified_diff(found)
        print(for_terminal("\n".join(lines) + ("\n" + diff.rstrip("\n") if diff else "")))
    return 1 if missing else 0


def cmd_search(lib: Library, query: str, *, as_json: bool, limit: int) -> int:
    try:
        hits = search(lib.conn, query, limit=limit)
    except QuerySyntaxError as exc:
        print(f"cable-reader search: {exc}", file=sys.stderr)
        return 2
    for hit in hits:
        snippet = hit.snippet.replace("\n", " ")
        if as_json:
            print(json.dumps({"refid": hit.refid, "subject": hit.subject, "created": hit.created,
                              "snippet": snippet.replace(HIGHLIGHT_START, "").replace(
                                  HIGHLIGHT_END, "")}, ensure_ascii=False))
        else:
            marked = snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]")
            print(for_terminal(f"{hit.refid:24} {display_time(hit.created):16}  {hit.subject}\n"
                               f"    {marked}"))
    if not hits and not as_json:
        print("No cables match.")
    return 0


def cmd_stats(lib: Library, *, as_json: bool) -> int:
    stats = lib.stats()
    if as_json:
        print(json.dumps(stats, ensure_ascii=False))
        return 0
    print(f"Library:   {stats['library']}")
    print(f"Cables:    {stats['cables']:,}   Duplicates: {stats['duplicates']:,}   "
          f"Aliases: {stats['aliases']:,}")
    print(f"Created:   {display_time(stats['first_created'])} .. "  # type: ignore[arg-type]
          f"{display_time(stats['last_created'])}")  # type: ignore[arg-type]
    print(f"Tags:      {stats['tags']:,}   Origins: {stats['origins']:,}   "
          f"Months: {stats['months']:,}")
    for name, count in stats["by_classification"].items():  # type: ignore[attr-defined]
        print(f"  {name:40} {count:,}")
    print(f"Size:      {stats['size_bytes'] / 1e6:,.1f} MB")  # type: ignore[operator]
    return 0
