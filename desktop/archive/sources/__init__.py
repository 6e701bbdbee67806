"""Find the cable sources under the paths a user gives, and read each with the right reader."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
    """Walk the given files and folders; folders of listing pages are not even opened."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    problems: list[Problem] = []
    paths_list = list(paths)
    for path in paths_list:
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            _walk(path, files, skipped)
        else:
            problems.append(Problem(str(path), "", "no such file or folder"))
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += f.stat().st_size
    explicit = frozenset(p for p in paths_list if p.is_file())
    return Plan(tuple(files), explicit, total, tuple(skipped), tuple(problems))


def _walk(root: Path, files: list[Path], skipped: list[Skipped]) -> None:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        for d in list(dirs):
            if d.lower() in NON_CABLE_DIRS:
                skipped.append(Skipped(str(here / d), "a folder of listing pages or site files"))
                dirs.remove(d)
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = here / name
            suffix = path.suffix.lower()
            if suffix in PAGE_SUFFIXES or suffix in {".csv", ".txt"}:
                files.append(path)
            else:
                skipped.append(Skipped(str(path), "not a cable page, cables.csv or text page"))


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
        yield Problem(str(path), "", f"cannot read: {exc.strerror or exc}")
        return
    if suffix in PAGE_SUFFIXES or b"<table class='cable'>" in data[:300000]:
        try:
            yield read_page(path, data)
        except NotACablePage as exc:
            yield Skipped(str(path), str(exc))
        except BadPage as exc:
            yield Problem(str(path), "", f"cable page cannot be read: {exc}")
        return
    try:
        yield read_text_page(path, data.decode("utf-8", errors="replace"))
    except NotATextPage as exc:
        yield _not_source(path, f"not a saved cable page ({exc})", explicit)


def _sniff_csv(path: Path) -> bool:
    try:
        return looks_like_cables_csv(path)
    except OSError:
        return False


def _not_source(path: Path, reason: str, explicit: bool) -> Problem | Skipped:
    return Problem(str(path), "", reason) if explicit else Skipped(str(path), reason)
