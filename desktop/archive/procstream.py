"""Run a generator in a helper process and read its items here, in order, in bounded batches.

Used where Python work (parsing cables, rendering them to HTML) can run on the second core
while this process does the rest. The helper exits when told to stop, when the stream is
read to its end, and when this process dies (it watches its parent), so a SIGKILL leaves no
orphan behind.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_END = None
_POLL = 0.5  # seconds between checks of the stop flag and of the other process


class WorkerFailed(RuntimeError):
    """The helper process raised, or died; the message carries its traceback."""


class WorkerStream(Generic[T]):
    """The items ``produce(*args)`` yields, computed in a spawned helper process that starts
    at once (so its start-up overlaps whatever the caller does before reading).

    Args:
        produce: a module-level function (it is pickled by name), with picklable args.
        stop: polled while waiting; when it returns True the stream ends early.
        batch: items sent per message; depth: messages in flight (bounds memory).

    Iterating raises WorkerFailed when the helper raised or died.
    """

    def __init__(self, produce: Callable[..., Iterable[T]], args: tuple[Any, ...], *,
                 stop: Callable[[], bool] = lambda: False, batch: int = 50, depth: int = 6):
        ctx = mp.get_context("spawn")
        self._out: mp.Queue[Any] = ctx.Queue(maxsize=depth)
        self._halt = ctx.Event()
        self._stop = stop
        self._done = False  # the end (or an error) has been read
        self._proc = ctx.Process(target=_run, daemon=True,
                                 args=(produce, args, self._out, self._halt, os.getpid(), batch))
        self._proc.start()

    def __iter__(self) -> Iterator[T]:
        try:
            while True:
                try:
                    items = self._out.get(timeout=_POLL)
                except queue.Empty:
                    if self._stop():
                        return
                    if not self._proc.is_alive():
                        raise WorkerFailed("the helper process died") from None
                    continue
                if self._ended(items):
                    return
                yield from items
                if self._stop():
                    return
        finally:
            self.close()

    def take(self) -> list[T] | None:
        """The next batch if one is ready, without waiting: ``[]`` when none is yet, None
        when the stream is over (ended, failed or died: the caller carries on alone)."""
        if self._done:
            return None
        try:
            items = self._out.get_nowait()
        except queue.Empty:
            if self._proc.is_alive():
                return []
            self._done = True
            return None
        except (EOFError, OSError):
            self._done = True
            return None
        try:
            if self._ended(items):
                return None
        except WorkerFailed:
            self._done = True
            return None
        return list(items)

    def _ended(self, items: Any) -> bool:
        if items is _END:
            self._done = True
            return True
        if isinstance(items, tuple) and items and items[0] == "error":
            self._done = True
            raise WorkerFailed(f"the helper process failed:\n{items[1]}")
        return False

    def close(self) -> None:
        """Stop the helper (it may still be producing) and wait for it to exit."""
        self._halt.set()
        if not self._done:  # it may be blocked on a full queue: make room
            _drain(self._out)
        self._proc.join(timeout=10)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()


def stream_in_worker(produce: Callable[..., Iterable[T]], args: tuple[Any, ...], *,
                     stop: Callable[[], bool] = lambda: False, batch: int = 50,
                     depth: int = 6) -> WorkerStream[T]:
    """A :class:`WorkerStream` (the helper starts now; ``close()`` it if never read)."""
    return WorkerStream(produce, args, stop=stop, batch=batch, depth=depth)


def _run(produce: Callable[..., Iterable[Any]], args: tuple[Any, ...], out: mp.Queue[Any],
         halt: Any, parent: int, size: int) -> None:
    """The helper's body: produce, send in batches, give up when halted or orphaned."""
    pending: list[Any] = []

    def send(message: Any) -> bool:
        while not halt.is_set() and os.getppid() == parent:
            try:
                out.put(message, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    try:
        for item in produce(*args):
            pending.append(item)
            if len(pending) >= size:
                if not send(pending):
                    return
                pending = []
        if pending and not send(pending):
            return
    except BaseException:
        send(("error", traceback.format_exc()))
        return
    send(_END)


def _drain(out: mp.Queue[Any]) -> None:
    """Empty the queue so a helper blocked on put() sees the halt and exits."""
    try:
        while True:
            out.get(timeout=0.2)
    except (queue.Empty, EOFError, OSError):
        pass


def stream(produce: Callable[..., Iterable[T]], args: tuple[Any, ...], *, in_worker: bool,
           stop: Callable[[], bool] = lambda: False, batch: int = 50, depth: int = 6
           ) -> Iterable[T]:
    """``produce(*args)`` in a helper process when ``in_worker`` (started now), else right
    here (lazily)."""
    if in_worker:
        return stream_in_worker(produce, args, stop=stop, batch=batch, depth=depth)
    return _here(produce, args, stop)


def _here(produce: Callable[..., Iterable[T]], args: tuple[Any, ...],
          stop: Callable[[], bool]) -> Iterator[T]:
    for item in produce(*args):
        yield item
        if stop():
            return
