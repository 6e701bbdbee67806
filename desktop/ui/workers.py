"""One way to run long work off the GUI thread: progress, cancel, success and failure signals.

The work function never touches widgets; it gets a progress callback and a cancel check.
Tests can make jobs run synchronously (``Job.synchronous = True``) to stay deterministic.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThread, Signal

ProgressFn = Callable[[Any], None]
CancelFn = Callable[[], bool]
WorkFn = Callable[[ProgressFn, CancelFn], Any]


class Job(QObject):
    """A piece of background work. Connect to the signals, then call ``start()``."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()  # after succeeded or failed

    synchronous: ClassVar[bool] = False

    def __init__(self, work: WorkFn, name: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._work = work
        self._cancel = threading.Event()
        self._thread: _Thread | None = None
        self.result: Any = None

    def start(self) -> None:
        if self.synchronous:
            self._run()
            return
        self._thread = _Thread(self)
        self._thread.start()

    def delete_when_done(self) -> None:
        """Free the job once its thread has really stopped (not merely signalled)."""
        if self._thread is not None:
            self._thread.finished.connect(self.deleteLater)
        else:
            self.finished.connect(self.deleteLater)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, ms: int = 30000) -> bool:
        """Block until the work is done (for shutdown and tests)."""
        return self._thread.wait(ms) if self._thread is not None else True

    def _run(self) -> None:
        try:
            self.result = self._work(self.progress.emit, self.is_cancelled)
        except Exception as exc:  # reported to the user; the window stays up
            detail = traceback.format_exc()
            self.failed.emit(f"{exc}\n\n{detail}" if not str(exc) else str(exc))
        else:
            self.succeeded.emit(self.result)
        self.finished.emit()


class _Thread(QThread):
    def __init__(self, job: Job):
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job._run()
