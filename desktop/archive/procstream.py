"""Run a generator in a helper process and read its items here, in order, in bounded batches.

Used where Python work (parsing cables, rendering them to HTML) can run on the second core
while this process does the rest. The helper exits when told to stop, when the stream is
read to its end, and when this process dies, so a SIGKILL leaves no orphan behind:

- The items travel through one pipe, whose reading end only this process holds. Closing it
  (``close()``), or dying, makes the helper's next write fail, and the helper exits; it also
  checks that its parent is still the process that started it whenever it waits.
- No queue, lock or event is shared, so no semaphore is created: nothing for
  multiprocessing's resource tracker to clean up or warn about. (A spawned process on POSIX
  still starts the tracker; it exits by itself once this process and the helper are gone,
  which tests/unit/test_no_orphans.py checks after a SIGKILL.)
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_END = None
_POLL = 0.2  # seconds between checks of the stop flag and of the other process
_GRACE = 0.25  # seconds a stopped helper gets to exit by itself before it is terminated


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
        self._conn, sending_end = ctx.Pipe(duplex=False)
        self._stop = stop
        self._done = False  # the end (or an error) has been read
        self._closed = False
        self._proc = ctx.Process(target=_run, daemon=True,
                                 args=(produce, args, sending_end, os.getpid(), batch, depth))
        self._proc.start()
        sending_end.close()  # the helper holds the only writing end: its exit means EOF here

    @property
    def pid(self) -> int | None:
        """The helper's process id."""
        return self._proc.pid

    def __iter__(self) -> Iterator[T]:
        try:
            while True:
                if not self._conn.poll(_POLL):
                    if self._stop():
                        return
                    continue
                items = self._receive()
                if self._ended(items):
                    return
                yield from items
                if self._stop():
                    return
        finally:
            self.close()

    def _receive(self) -> Any:
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            self._done = True
            raise WorkerFailed("the helper process died") from None

    def take(self) -> list[T] | None:
        """The next batch if one is ready, without waiting: ``[]`` when none is yet, None
        when the stream is over (ended, failed or died: the caller carries on alone)."""
        if self._done or self._closed:
            return None
        alive = self._proc.is_alive()  # before polling: a helper that is gone has sent all
        try:
            if not self._conn.poll(0):
                if alive:
                    return []
                self._done = True
                return None
            items = self._conn.recv()
        except (EOFError, OSError):
            self._done = True
            return None
        try:
            if self._ended(items):
                return None
        except WorkerFailed:
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
        if self._closed:
            return
        self._closed = True
        self._conn.close()  # its next write fails, and it exits
        self._proc.join(timeout=5.0 if self._done else _GRACE)
        if self._proc.is_alive():  # busy producing what nobody will read
            self._proc.terminate()
            self._proc.join()


def stream_in_worker(produce: Callable[..., Iterable[T]], args: tuple[Any, ...], *,
                     stop: Callable[[], bool] = lambda: False, batch: int = 50,
                     depth: int = 6) -> WorkerStream[T]:
    """A :class:`WorkerStream` (the helper starts now; ``close()`` it if never read)."""
    return WorkerStream(produce, args, stop=stop, batch=batch, depth=depth)


def _run(produce: Callable[..., Iterable[Any]], args: tuple[Any, ...], conn: Connection,
         parent: int, size: int, depth: int) -> None:
    """The helper's body: produce while a thread sends, give up when the pipe breaks (the
    reader stopped or died) or the parent is gone."""
    outbox: queue.Queue[Any] = queue.Queue(maxsize=depth)
    broken = threading.Event()

    def send_all() -> None:
        while True:
            message = outbox.get()
            try:
                conn.send(message)
            except (OSError, EOFError):  # BrokenPipeError: nobody reads any more
                broken.set()
                return
            if message is _END or isinstance(message, tuple):
                return

    sender = threading.Thread(target=send_all, daemon=True)
    sender.start()

    def post(message: Any) -> bool:
        while not broken.is_set() and os.getppid() == parent:
            try:
                outbox.put(message, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    pending: list[Any] = []
    try:
        for item in produce(*args):
            pending.append(item)
            if len(pending) >= size:
                if not post(pending):
                    return
                pending = []
        if pending and not post(pending):
            return
    except BaseException:
        if not post(("error", traceback.format_exc())):
            return
    else:
        if not post(_END):
            return
    while sender.is_alive() and os.getppid() == parent:  # until the last message is out
        sender.join(_POLL)


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
