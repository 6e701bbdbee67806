"""Find the cable sources under the paths a user gives, and read each with the right reader."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.archive.fsnames import NOT_UTF8, safe_text, shown, storable
from desktop.archive.records import Problem, RawCable
from desktop.archive.sources.cables_csv import looks_like_cables_csv, read_cables_csv
from desktop.archive.sources.html_page import BadPage, NotACablePage, read_page
from desktop.archive.sources.text_page import NotATextPage, read_text_page

#: Folders of a site tree that hold no cables: listing pages, articles, static files.
NON_CABLE_DIRS = {"tag", "origin", "date", "reldate", "classification", "static", "articles",
                  "css", "js", "gfx", "img", "images"}
PAGE_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class Skipped:
    """A file that is not a cable source (a listing page, a stylesheet ...): not an error."""

    path: str
    reason: str


@dataclass(frozen=True)
class Plan:
    """The files an import will read, their total size, and paths that do not exist."""

    files: tuple[Path, ...]
    explicit: frozenset[Path]
    total_bytes: int
    skipped: tuple[Skipped, ...]
    problems: tuple[Problem, ...]


Item = RawCable | Problem | Skipped


def plan_import(paths: Iterable[Path]) -> Plan:
    """Walk the given files and folders; folders of listing pages are not even opened.

    Never raises for a path: one that is missing, unreadable, not a regular file or not
    named in UTF-8 becomes a Problem, and the rest is planned.
    """
    files: list[Path] = []
    explicit: set[Path] = set()
    skipped: list[Skipped] = []
    problems: list[Problem] = []
    for path in paths:
        if not storable(path):
            problems.append(Problem(shown(path), "", NOT_UTF8))
            continue
        try:
            mode = path.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            problems.append(Problem(shown(path), "", "no such file or folder"))
            continue
        except OSError as exc:
            problems.append(Problem(shown(path), "", f"cannot read: {_why(exc)}"))
            continue
        if stat.S_ISREG(mode):
            files.append(path)
            explicit.add(path)
        elif stat.S_ISDIR(mode):
            _walk(path, files, skipped, problems)
        else:
            problems.append(Problem(shown(path), "", "not a file or folder (a device, a pipe "
                                    "or a socket)"))
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += f.stat().st_size
    return Plan(tuple(files), frozenset(explicit), total, tuple(skipped), tuple(problems))


def _walk(root: Path, files: list[Path], skipped: list[Skipped], problems: list[Problem]
          ) -> None:
    """Files in name order, each folder's own files before its subfolders' (depth first,
    without recursion: a crafted tree may be deeper than Python's stack). Links to folders
    are not followed (a loop would never end); links to files are read."""
    stack = [root]
    while stack:
        folder = stack.pop()
        stack.extend(reversed(_list(folder, files, skipped, problems)))


def _list(folder: Path, files: list[Path], skipped: list[Skipped], problems: list[Problem]
          ) -> list[Path]:
    """Sort one folder's entries into files, skips and problems; returns its subfolders."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(shown(folder), "", f"cannot read the folder: {_why(exc)}"))
        return []
    folders: list[Path] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if not storable(path):
            problems.append(Problem(shown(path), "", NOT_UTF8))
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
            link_to_dir = not is_dir and entry.is_symlink() and entry.is_dir()
            dangling = not is_dir and entry.is_symlink() and not os.path.exists(path)
        except OSError as exc:
            problems.append(Problem(shown(path), "", f"cannot read: {_why(exc)}"))
            continue
        if is_dir:
            if entry.name.lower() in NON_CABLE_DIRS:
                skipped.append(Skipped(str(path), "a folder of listing pages or site files"))
            else:
                folders.append(path)
        elif link_to_dir:
            skipped.append(Skipped(str(path), "a link to a folder (not followed)"))
        elif dangling:
            skipped.append(Skipped(str(path), "a link to nothing"))
        elif not is_file:
            skipped.append(Skipped(str(path), "not a regular file (a device, a pipe or a "
                                   "socket)"))
        elif path.suffix.lower() in PAGE_SUFFIXES or path.suffix.lower() in {".csv", ".txt"}:
            files.append(path)
        else:
            skipped.append(Skipped(str(path), "not a cable page, cables.csv or text page"))
    return folders


def _why(exc: OSError) -> str:
    return safe_text(exc.strerror or str(exc))


def read_source(path: Path, progress: Callable[[int], None] | None = None,
                explicit: bool = True) -> Iterator[Item]:
    """Read one file: every cable in it, or a Problem or Skipped saying why there is none.

    Args:
        path: the file.
        progress: for large files, called with the bytes read so far.
        explicit: the user named this file (an unreadable one is then a problem, not a skip).
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv" or (suffix not in PAGE_SUFFIXES | {".txt"} and _sniff_csv(path)):
            if not looks_like_cables_csv(path):
                yield _not_source(path, "not in the cables.csv format", explicit)
                return
            yield from read_cables_csv(path, progress)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(shown(path), "", f"cannot read: {_why(exc)}")
        return
    if suffix in PAGE_SUFFIXES or b"<table class='cable'>" in data[:300000]:
        try:
            yield read_page(path, data)
        except NotACablePage as exc:
            yield Skipped(str(path), str(exc))
        except BadPage as exc:
            yield Problem(str(path), exc.position, f"cable page cannot be read: {exc}")
        return
    try:
        yield read_text_page(path, data.decode("utf-8", errors="replace"))
    except NotATextPage as exc:
        yield _not_source(path, f"not a saved cable page ({exc})", explicit)
    except BadPage as exc:
        yield Problem(str(path), exc.position, f"saved cable page cannot be read: {exc}")


def _sniff_csv(path: Path) -> bool:
    try:
        return looks_like_cables_csv(path)
    except OSError:
        return False


def _not_source(path: Path, reason: str, explicit: bool) -> Problem | Skipped:
    return Problem(str(path), "", reason) if explicit else Skipped(str(path), reason)
