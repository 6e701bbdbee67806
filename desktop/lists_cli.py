"""``cable-reader lists``: the reading lists of the notes database, from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.annotations.lists import ListInfo, ReadingLists
from desktop.annotations.store import NotesStore
from desktop.archive.errors import StorageError
from desktop.archive.library import Library
from desktop.archive.times import display_time
from desktop.paths import default_library, default_notes
from desktop.terminal import for_terminal
from desktop.wording import plural

_ACTIONS = ("show", "create", "add", "remove", "rename", "delete")
#: The actions that write (refused at once when the notes are read-only).
_WRITES = frozenset({"create", "add", "remove", "rename", "delete"})


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    lists = _files(sub.add_parser(
        "lists", help="your reading lists: named, ordered lists of cables",
        description="Reading lists live in your notes database, by reference id. Without an "
                    "action, prints each list's name and size."))
    actions = lists.add_subparsers(dest="lists_command", metavar="ACTION")

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        return _files(actions.add_parser(name, help=help_text))

    action("show", "the cables of a list, in order").add_argument("name", metavar="NAME")
    action("create", "a new, empty list").add_argument("name", metavar="NAME")
    p = action("add", "add cables (of the library) at the end of a list")
    p.add_argument("name", metavar="NAME")
    p.add_argument("refids", nargs="+", metavar="REFID")
    p = action("remove", "take cables out of a list")
    p.add_argument("name", metavar="NAME")
    p.add_argument("refids", nargs="+", metavar="REFID")
    p = action("rename", "give a list another name")
    p.add_argument("name", metavar="OLD")
    p.add_argument("new_name", metavar="NEW")
    action("delete", "delete a list").add_argument("name", metavar="NAME")


def _files(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``--notes FILE`` (where the lists are) and ``--library FILE`` (the cables' subjects),
    before or after the action: no default here, so an action's parser cannot undo one given
    before it."""
    p.add_argument("--notes", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                   help=f"the notes database (default: {default_notes()})")
    p.add_argument("--library", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                   help=f"the library file (default: {default_library()})")
    return p


def run_lists(args: argparse.Namespace) -> int:
    """Run ``cable-reader lists [ACTION]``; exit status 1 for an unknown list or cable, a
    taken name or read-only notes, 2 when a file cannot be used."""
    command = getattr(args, "lists_command", None)
    library_path: Path | None = getattr(args, "library", None)
    try:
        with NotesStore(getattr(args, "notes", None) or default_notes()) as store:
            if command in _WRITES and store.readonly:
                return _fail(store.read_only_reason or "your notes are read-only", 1)
            lists = ReadingLists(store)
            if command is None:
                return _print_all(lists)
            if command == "create":
                created = lists.create(args.name)
                print(for_terminal(f"Created the list {created.name}"))
                return 0
            found = lists.by_name(args.name)
            if found is None:
                return _fail(unknown_list(args.name, lists), 1)
            library = library_path or default_library()
            if command == "show":
                return _with_library(library, lambda lib: _show(lists, found, lib))
            if command == "add":
                return _with_library(library, lambda lib: _add(lists, found, args.refids, lib))
            if command == "remove":
                return _remove(lists, found, args.refids)
            if command == "rename":
                renamed = lists.rename(found.id, args.new_name)
                print(for_terminal(f"Renamed {found.name} to {renamed.name}"))
                return 0
            lists.delete(found.id)
            print(for_terminal(f"Deleted the list {found.name} "
                               f"({plural(found.count, 'cable')})"))
            return 0
    except ValueError as exc:  # a name empty, too long or taken
        return _fail(str(exc), 1)
    except StorageError as exc:
        return _fail(str(exc), 1 if exc.kind == "readonly" else 2)


def unknown_list(name: str, lists: ReadingLists) -> str:
    """The message for a list name no list has, naming the lists there are."""
    names = [i.name for i in lists.all()]
    there = f"the lists are: {', '.join(names)}" if names else "there are no lists yet"
    return f"no reading list is named {name!r} ({there})"


def list_refids(notes_path: Path | None, name: str) -> tuple[str, list[str]]:
    """A list's name as stored and its refids in order (for ``cite`` and ``export``).

    Raises:
        LookupError: no notes database there, or no list of that name (the message says).
        StorageError: the notes cannot be read.
    """
    path = notes_path or default_notes()
    if not path.is_file():
        raise LookupError(f"no reading list is named {name!r} (there is no notes database "
                          f"at {path})")
    with NotesStore(path, readonly=True) as store:
        lists = ReadingLists(store)
        found = lists.by_name(name)
        if found is None:
            raise LookupError(unknown_list(name, lists))
        return found.name, lists.refids(found.id)


def _print_all(lists: ReadingLists) -> int:
    everything = lists.all()
    if not everything:
        print("No reading lists yet: `cable-reader lists create NAME` makes one.")
    for info in everything:
        print(for_terminal(f"{plural(info.count, 'cable'):>14}  {info.name}"))
    return 0


def _with_library(path: Path, work: Callable[[Library | None], int]) -> int:
    """Run ``work`` with the library read-only, or None when there is none to read."""
    if not path.is_file():
        return work(None)
    try:
        library = Library(path, readonly=True)
    except StorageError as exc:
        print(for_terminal(f"cable-reader lists: the library cannot be opened ({exc})",
                           sys.stderr), file=sys.stderr)
        return work(None)
    with library:
        return work(library)


def _show(lists: ReadingLists, info: ListInfo, lib: Library | None) -> int:
    refids = lists.refids(info.id)
    ids = {r: lib.id_of(r) for r in refids} if lib is not None else {}
    rows = lib.list_rows([i for i in ids.values() if i is not None]) if lib is not None else {}
    print(for_terminal(f"{info.name}: {plural(len(refids), 'cable')}"))
    for refid in refids:
        cid = ids.get(refid)
        row = rows.get(cid) if cid is not None else None
        if row is None:
            print(for_terminal(f"{refid:24} (not in the library)"))
        else:
            print(for_terminal(f"{refid:24} {display_time(row.created):16}  {row.subject}"))
    return 0


def _add(lists: ReadingLists, info: ListInfo, refids: list[str], lib: Library | None) -> int:
    if lib is None:
        return _fail("cables are added from the library, which cannot be opened", 1)
    found: list[str] = []
    missing: list[str] = []
    for refid in refids:
        cid = lib.id_of(refid.strip())
        if cid is None:
            cid = lib.id_of(refid.strip().upper())
        row = lib.list_rows([cid]).get(cid) if cid is not None else None
        if row is None:
            missing.append(refid)
        else:
            found.append(row.refid)  # as the library keeps it (an alias gives its cable)
    if missing:
        return _fail(f"not in the library: {', '.join(missing)} (nothing added)", 1)
    added = lists.add(info.id, found)
    kept = len(dict.fromkeys(found)) - added
    also = f"; {plural(kept, 'cable')} already there" if kept else ""
    print(for_terminal(f"Added {plural(added, 'cable')} to {info.name}{also}"))
    return 0


def _remove(lists: ReadingLists, info: ListInfo, refids: list[str]) -> int:
    present = set(lists.refids(info.id))
    absent = [r for r in refids if r.strip() not in present]
    removed = lists.remove(info.id, [r for r in refids if r.strip() in present])
    print(for_terminal(f"Removed {plural(removed, 'cable')} from {info.name}"))
    if absent:
        return _fail(f"not in the list {info.name}: {', '.join(absent)}", 1)
    return 0


def _fail(message: str, status: int) -> int:
    print(for_terminal(f"cable-reader lists: {message}", sys.stderr), file=sys.stderr)
    return status


__all__ = ["add_parser", "list_refids", "run_lists", "unknown_list"]
