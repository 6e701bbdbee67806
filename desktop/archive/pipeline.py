"""Read and parse sources, in this process or in a helper process while this one writes.

Parsing costs about as much as indexing, so a large import reads and parses in a second
process and hands over parsed cables in bounded batches; the importing process only writes.
The helper is a ``procstream.WorkerStream``: it exits when the import stops or dies.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.archive.fsnames import shown
from desktop.archive.parse import FLAG_UNKNOWN_CLASSIFICATION, parse_cable
from desktop.archive.procstream import stream
from desktop.archive.records import Cable, Problem, RawCable
from desktop.archive.sources import Skipped, read_source
from desktop.archive.writer import content_hash

#: Imports smaller than this are parsed in-process (starting a process costs ~0.3 s).
WORKER_MIN_BYTES = 32_000_000
#: Parsed items per message, and messages waiting to be sent: at most about 1,200 cables
#: (8 MB) in flight between the processes. More than the writer's batch (1,000 cables), so
#: the parser keeps working while a batch is written: with 4 messages it waited, and the
#: full import took 1.15 x the bare script instead of 0.76 x.
BATCH_ITEMS = 100
QUEUE_BATCHES = 10


@dataclass(frozen=True)
class Hashed:
    """A parsed cable with its ``writer.content_hash``, computed in the process that parsed
    it (the writing process has the search index to build)."""

    cable: Cable
    digest: str


Parsed = Cable | Problem | Skipped


@dataclass(frozen=True)
class Position:
    """Progress marker: ``offset`` bytes read into file number ``file_index``."""

    file_index: int
    offset: int
    file_done: bool = False


def parse_item(item: RawCable | Problem | Skipped) -> list[Parsed]:
    """Parse a raw cable; returns it with any warnings about it, or the problem it became."""
    if not isinstance(item, RawCable):
        return [item]
    where = item.source.position
    try:
        cable = parse_cable(item)
    except Exception as exc:  # a parser bug must cost one record, not the import
        return [Problem(item.source.path, where, f"cannot parse: {exc!r}")]
    out: list[Parsed] = [cable]
    if cable.created is None:
        out.append(Problem(item.source.path, where, f"unreadable creation time "
                           f"{item.created!r}; imported without it", fatal=False))
    if FLAG_UNKNOWN_CLASSIFICATION in cable.flags:
        out.append(Problem(item.source.path, where,
                           f"unknown classification {item.classification!r}", fatal=False))
    return out


def parsed_stream(files: Sequence[Path], explicit: frozenset[Path], total_bytes: int,
                  on_position: Callable[[Position], None],
                  stop: Callable[[], bool]) -> Generator[Hashed | Problem | Skipped, None, None]:
    """Every parsed cable (with its hash), problem and skip from the files, in order; read
    and parsed in a helper process (``procstream``) when there is enough to read.

    Args:
        on_position: told how far reading has got (for progress bars).
        stop: polled between items; when it returns True the stream ends early.
    """
    items = stream(produce, (list(files), explicit), in_worker=total_bytes >= WORKER_MIN_BYTES,
                   stop=stop, batch=BATCH_ITEMS, depth=QUEUE_BATCHES)
    try:
        for item in items:
            if isinstance(item, Position):
                on_position(item)
                continue
            if stop():
                return
            yield item
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


def produce(files: Sequence[Path], explicit: frozenset[Path]
            ) -> Iterator[Hashed | Problem | Skipped | Position]:
    """Read and parse the files in order, with a Position now and then (and at the end of
    each file). An unexpected failure costs the file it happened in, never the rest."""
    for index, path in enumerate(files):
        positions: list[Position] = []

        def at(offset: int, index: int = index, positions: list[Position] = positions) -> None:
            positions.append(Position(index, offset))

        try:
            for item in read_source(path, progress=at, explicit=path in explicit):
                if positions:
                    yield positions[-1]
                    positions.clear()
                for parsed in parse_item(item):
                    yield Hashed(parsed, content_hash(parsed)) if isinstance(parsed, Cable) \
                        else parsed
        except Exception as exc:  # a reader bug costs this file only
            yield Problem(shown(path), "", f"reading stopped: {exc!r}")
        yield Position(index, 0, file_done=True)
