"""Read and parse sources, in this process or in a helper process while this one writes.

Parsing costs about as much as indexing, so a large import reads and parses in a second
process and hands over parsed cables in bounded batches; the importing process only writes.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.archive.parse import FLAG_UNKNOWN_CLASSIFICATION, parse_cable
from desktop.archive.records import Cable, Problem, RawCable
from desktop.archive.sources import Skipped, read_source

#: Imports smaller than this are parsed in-process (starting a process costs ~0.3 s).
WORKER_MIN_BYTES = 32_000_000
BATCH_ITEMS = 400
QUEUE_BATCHES = 6

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
                  stop: Callable[[], bool]) -> Iterator[Parsed]:
    """Every parsed cable, problem and skip from the files, in order.

    Args:
        on_position: told how far reading has got (for progress bars).
        stop: polled between items; when it returns True the stream ends early.
    """
    if total_bytes >= WORKER_MIN_BYTES:
        yield from _in_worker(files, explicit, on_position, stop)
    else:
        yield from _in_process(files, explicit, on_position, stop)


def _produce(files: Sequence[Path], explicit: frozenset[Path],
             on_position: Callable[[Position], None]) -> Iterator[Parsed]:
    for index, path in enumerate(files):

        def at(offset: int, index: int = index) -> None:
            on_position(Position(index, offset))

        try:
            for item in read_source(path, progress=at, explicit=path in explicit):
                yield from parse_item(item)
        except Exception as exc:  # an unexpected failure costs this file only
            yield Problem(str(path), "", f"reading stopped: {exc!r}")
        on_position(Position(index, 0, file_done=True))


def _in_process(files: Sequence[Path], explicit: frozenset[Path],
                on_position: Callable[[Position], None],
                stop: Callable[[], bool]) -> Iterator[Parsed]:
    for item in _produce(files, explicit, on_position):
        if stop():
            return
        yield item


def _worker(files: Sequence[Path], explicit: frozenset[Path], out: mp.Queue,  # type: ignore[type-arg]
            halt: mp.synchronize.Event) -> None:
    batch: list[object] = []

    def flush() -> None:
        nonlocal batch
        if batch:
            out.put(batch)
            batch = []

    def position(p: Position) -> None:
        batch.append(p)
        if p.file_done:
            flush()

    try:
        for item in _produce(files, explicit, position):
            if halt.is_set():
                break
            batch.append(item)
            if len(batch) >= BATCH_ITEMS:
                flush()
        flush()
    except BaseException:
        batch.append(("error", traceback.format_exc()))
        flush()
    out.put(None)


def _in_worker(files: Sequence[Path], explicit: frozenset[Path],
               on_position: Callable[[Position], None],
               stop: Callable[[], bool]) -> Iterator[Parsed]:
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue(maxsize=QUEUE_BATCHES)  # type: ignore[type-arg]
    halt = ctx.Event()
    proc = ctx.Process(target=_worker, args=(list(files), explicit, out, halt), daemon=True)
    proc.start()
    try:
        while True:
            try:
                batch = out.get(timeout=0.5)
            except queue.Empty:
                if stop():
                    return
                if not proc.is_alive():
                    raise RuntimeError("the import's reader process died") from None
                continue
            if batch is None:
                return
            for item in batch:
                if isinstance(item, Position):
                    on_position(item)
                elif isinstance(item, tuple):
                    raise RuntimeError(f"the import's reader process failed:\n{item[1]}")
                else:
                    if stop():
                        return
                    yield item
    finally:
        halt.set()
        _drain(out)
        proc.join(timeout=10)
        if proc.is_alive():
            proc.terminate()
            proc.join()


def _drain(out: mp.Queue) -> None:  # type: ignore[type-arg]
    """Empty the queue so a worker blocked on put() can see the halt and exit."""
    try:
        while True:
            out.get(timeout=0.2)
    except (queue.Empty, EOFError, OSError):
        pass
