"""Cables to PDF, and to a printer: the viewer's own HTML, paginated, with the classification
banner, a header and a footer on every page, a cover, contents, links and bookmarks.

QtGui only: never QtWidgets, never ``desktop.ui``; the command line runs it on an offscreen
QGuiApplication. Cables are laid out and painted one at a time onto one paged device, so
memory stays flat however many there are, and each is laid out once: a PDF gets its page
total, its contents' page numbers and its bookmarks afterwards (``pdf_finish``). A printer
cannot be amended, so printing counts the pages in a first pass. A PDF is written to a
temporary file beside the target and renamed into place when complete: a cancelled or failed
export leaves no partial file and never touches an existing one.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFile, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from desktop.annotations.store import NotesStore
from desktop.archive.library import Library
from desktop.archive.procstream import WorkerFailed
from desktop.export import pdf_layout as lay
from desktop.export.notes import notes_document
from desktop.export.pdf_finish import OutlineItem, PageTotal, finish
from desktop.export.pdf_pages import SANS, Pages
from desktop.export.pdf_render import PrintedCable, printed_cables
from desktop.export.qt_document import LAYOUT_DPI, InertDocument, layout_device, print_document
from desktop.render.theme import highest_classification

RESOLUTION = 1200  # of the PDF's coordinates; text and vectors are resolution-free anyway
NOTES_ATTACHMENT = "cable-reader-notes.json"
PROGRESS_EVERY = 0.1  # seconds between progress reports


class ExportError(Exception):
    """The export cannot be done; the message says why, for the user."""


class TargetExists(ExportError):
    """The output file exists and replacing it was not allowed."""


class ExportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class ExportProgress:
    """How far an export is: cables laid out and painted, pages written."""

    cables_done: int
    cables_total: int
    pages_done: int
    elapsed: float

    @property
    def fraction(self) -> float:
        return self.cables_done / max(1, self.cables_total)

    @property
    def rate(self) -> float:
        """Pages written per second so far."""
        return self.pages_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, from the rate of cables so far."""
        if self.cables_done == 0 or self.elapsed <= 0:
            return None
        return (self.cables_total - self.cables_done) * self.elapsed / self.cables_done


@dataclass(frozen=True)
class ExportResult:
    files: tuple[Path, ...]
    cables: int
    pages: int
    missing: tuple[str, ...]
    seconds: float


ProgressFn = Callable[[ExportProgress], None]
CancelFn = Callable[[], bool]


def export_pdf(library: Library, refids: Sequence[str], target: Path, options: lay.PdfOptions,
               notes: NotesStore | None = None, *, overwrite: bool = False,
               progress: ProgressFn | None = None, cancel: CancelFn | None = None
               ) -> ExportResult:
    """Export cables into one PDF.

    Args:
        refids: the cables, in the document's order (unknown ones are reported, not fatal).
        notes: the notes store; notes are shown when given and ``options.notes`` is set.
        overwrite: replace an existing file (else refuse).

    Raises:
        ExportError: nothing to export, the file exists, or it cannot be written.
        ExportCancelled: ``cancel`` returned True; nothing was written.
    """
    started = time.monotonic()
    found, missing = resolve(library, refids)
    if not found:
        raise ExportError(_none_found(missing))
    _check_target(target, overwrite)
    report = _Reporter(progress, len(found), started)
    with _temporary_file(target) as tmp:
        pages = _Export(library, found, options, notes, report, cancel).write(tmp)
        os.replace(tmp, target)
    return ExportResult((target,), len(found), pages, tuple(missing),
                        time.monotonic() - started)


def export_pdf_split(library: Library, refids: Sequence[str], folder: Path,
                     options: lay.PdfOptions, notes: NotesStore | None = None, *,
                     overwrite: bool = False, progress: ProgressFn | None = None,
                     cancel: CancelFn | None = None) -> ExportResult:
    """Export each cable to its own ``REFID.pdf`` in ``folder``.

    The files are written to a temporary folder inside ``folder`` and moved into place only
    when all are done: a cancelled or failed export adds or replaces nothing.
    """
    started = time.monotonic()
    found, missing = resolve(library, refids)
    if not found:
        raise ExportError(_none_found(missing))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot create the folder {folder}: {exc.strerror or exc}.") from exc
    targets = [folder / f"{file_name(refid)}.pdf" for refid in found]
    for target in targets:
        _check_target(target, overwrite)
    report = _Reporter(progress, len(found), started)
    pages = 0
    with _temporary_folder(folder) as staging:
        for refid, target in zip(found, targets, strict=True):
            pages += _Export(library, [refid], options, notes, report, cancel).write(
                staging / target.name)
        for target in targets:
            os.replace(staging / target.name, target)
    return ExportResult(tuple(targets), len(found), pages, tuple(missing),
                        time.monotonic() - started)


def print_cables(device: QPagedPaintDevice, library: Library, refids: Sequence[str],
                 options: lay.PdfOptions, notes: NotesStore | None = None, *,
                 progress: ProgressFn | None = None, cancel: CancelFn | None = None
                 ) -> ExportResult:
    """Paint the same pages onto a printer (or any paged device) the caller has set up, its
    painter's origin at the paper's corner (``QPrinter.setFullPage(True)``).

    A printer cannot be amended afterwards, so the pages are counted in a first pass.
    """
    started = time.monotonic()
    found, missing = resolve(library, refids)
    if not found:
        raise ExportError(_none_found(missing))
    report = _Reporter(progress, len(found), started)
    paper = device.pageLayout().fullRectPoints()  # the printer's paper, not the option's
    export = _Export(library, found, options, notes, report, cancel,
                     lay.Geometry(float(paper.width()), float(paper.height())))
    pages = export.paint_counted(device)
    return ExportResult((), len(found), pages, tuple(missing), time.monotonic() - started)


def resolve(library: Library, refids: Sequence[str]) -> tuple[list[str], list[str]]:
    """The refids as the library spells them, in order, each once; and those it lacks."""
    wanted = list(dict.fromkeys(r.strip() for r in refids if r.strip()))
    known = library.existing([*wanted, *(r.upper() for r in wanted)])
    found: list[str] = []
    missing: list[str] = []
    for refid in wanted:
        hit = refid if refid in known else refid.upper() if refid.upper() in known else None
        if hit is None:
            missing.append(refid)
        elif hit not in found:
            found.append(hit)
    return found, missing


def file_name(refid: str) -> str:
    """A refid as a file name (refids are letters and digits; anything else is replaced)."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in refid) or "cable"


def _none_found(missing: Sequence[str]) -> str:
    if not missing:
        return "No cables to export."
    shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10:,} more" if len(missing) > 10
                                       else "")
    return f"None of these cables is in the library: {shown}."


def _check_target(target: Path, overwrite: bool) -> None:
    if target.is_dir():
        raise ExportError(f"{target} is a folder.")
    if target.exists() and not overwrite:
        raise TargetExists(f"{target} already exists.")


@contextlib.contextmanager
def _temporary_file(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target``, removed unless it was renamed into place."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"Cannot write to {target.parent}: {exc.strerror or exc}.") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    except OSError as exc:
        raise ExportError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _temporary_folder(folder: Path) -> Iterator[Path]:
    try:
        staging = Path(tempfile.mkdtemp(prefix=".cable-reader-export-", dir=folder))
    except OSError as exc:
        raise ExportError(f"Cannot write to {folder}: {exc.strerror or exc}.") from exc
    try:
        yield staging
    except OSError as exc:
        raise ExportError(f"Cannot write to {folder}: {exc.strerror or exc}.") from exc
    finally:
        for leftover in staging.iterdir():
            leftover.unlink(missing_ok=True)
        staging.rmdir()


class _Reporter:
    """Progress over a whole export (several files, for a split export), throttled."""

    def __init__(self, progress: ProgressFn | None, total: int, started: float):
        self.progress = progress
        self.total = total
        self.started = started
        self.cables = 0
        self.pages = 0
        self._last = 0.0

    def cable_done(self, pages: int) -> None:
        self.cables += 1
        self.pages += pages
        now = time.monotonic()
        if self.progress is not None and (now - self._last >= PROGRESS_EVERY
                                          or self.cables == self.total):
            self._last = now
            self.progress(ExportProgress(self.cables, self.total, self.pages,
                                         now - self.started))


class _Export:
    """One document: cables (each laid out once), then cover and contents if several."""

    def __init__(self, library: Library, refids: Sequence[str], options: lay.PdfOptions,
                 notes: NotesStore | None, report: _Reporter, cancel: CancelFn | None,
                 geometry: lay.Geometry | None = None):
        self.library = library
        self.refids = list(refids)
        self.options = options
        self.notes = notes if options.notes else None
        self.report = report
        self.cancel = cancel or (lambda: False)
        self.geometry = geometry or lay.Geometry.for_size(options.page_size)
        self.font = QFont(SANS)
        self.font.setPointSizeF(9.5)
        k = LAYOUT_DPI / 72
        self.page_w = self.geometry.content_width * k
        self.page_h = self.geometry.content_height * k
        self.entries: list[lay.CableEntry] = []

    @property
    def single(self) -> bool:
        return len(self.refids) == 1

    def _cables(self, source: Iterable[PrintedCable] | None = None) -> Iterator[PrintedCable]:
        """The rendered cables (from ``source`` when already started), errors explained."""
        try:
            yield from source if source is not None else printed_cables(
                self.library, self.notes, self.refids, stop=self.cancel)
        except WorkerFailed as exc:
            raise ExportError(f"Rendering the cables failed: {exc}") from exc
        except LookupError as exc:
            raise ExportError(f"{exc}; the library changed during the export.") from exc
        if self.cancel():
            raise ExportCancelled()

    # -- a PDF: one pass, finished afterwards -------------------------------------------------

    def write(self, path: Path) -> int:
        """Write the PDF to ``path`` (through a QFile, so write errors surface); returns the
        number of pages."""
        source = printed_cables(self.library, self.notes, self.refids, stop=self.cancel)
        file = QFile(str(path))
        try:
            if not file.open(QIODevice.OpenModeFlag.WriteOnly | QIODevice.OpenModeFlag.Truncate):
                raise OSError(file.errorString())
            writer = self._writer(file)
            total, front, placeholder = self._paint_pdf(writer, source)
            del writer
        finally:
            file.close()
            close = getattr(source, "close", None)
            if close is not None:  # a helper process that was not read to its end
                close()
        if file.error() != QFile.FileError.NoError:
            raise OSError(file.errorString())
        finish(path, self._outline(), self._info(), xmp=self._xmp(), total=placeholder,
               move_to_front=front)
        with path.open("rb+") as f:
            os.fsync(f.fileno())
        return total

    def _writer(self, file: QFile) -> QPdfWriter:
        writer = QPdfWriter(file)
        writer.setResolution(RESOLUTION)
        size = (QPageSize.PageSizeId.Letter if self.options.page_size == "Letter"
                else QPageSize.PageSizeId.A4)
        writer.setPageLayout(QPageLayout(QPageSize(size), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        writer.setCreator(lay.CREATOR)
        writer.setAuthor(self.options.author)
        writer.setTitle(self._title())
        if self.notes is not None:
            document, count = notes_document("json", self.notes, self.library, self.refids)
            if count:
                writer.addFileAttachment(NOTES_ATTACHMENT, document.encode("utf-8"),
                                         "application/json")
        return writer

    def _paint_pdf(self, writer: QPdfWriter, source: Iterable[PrintedCable]
                   ) -> tuple[int, int, PageTotal | None]:
        """Paint every cable, then the cover and contents; returns the number of pages, how
        many must move to the front, and how to write the total over its placeholder."""
        pages = Pages(writer, self.geometry, self.options)
        chunks = self._toc_chunks() if not self.single else []
        front = 1 + len(chunks) if chunks else 0
        number = front
        try:
            pages.begin()
            for cable in self._cables(source):
                entry = cable.entry
                doc = print_document(cable.html, self.page_w, self.page_h, self.font)
                entry.pages = doc.pageCount()
                entry.first_page = number + 1
                if self.single:
                    pages.total = entry.pages
                self._paint_cable(pages, entry, doc, number)
                number += entry.pages
                self.entries.append(entry)
                self.report.cable_done(entry.pages)
                del doc
            placeholder = None if self.single else pages.page_total(f"{number:,}")
            pages.total = number
            if chunks:
                self._paint_front(pages, self._regroup(chunks), number)
        finally:
            pages.end()
        return number, front, placeholder

    def _title(self) -> str:
        single = self.entries[0] if self.single and self.entries else None
        return lay.document_title(self.options, len(self.refids), single)

    def _info(self) -> dict[str, str]:
        return {"/Title": self._title(),
                "/Subject": lay.document_subject(self.options, self.entries),
                "/Keywords": ", ".join(lay.document_keywords(self.entries))}

    def _xmp(self) -> bytes:
        return lay.xmp_metadata(self._title(), self.options.author,
                                lay.document_subject(self.options, self.entries),
                                lay.document_keywords(self.entries), self.options.export_time())

    def _outline(self) -> list[OutlineItem]:
        items = [OutlineItem(lay.outline_title(e), e.anchor,
                             [OutlineItem(title, anchor) for anchor, title in e.annotated])
                 for e in self.entries]
        return items if self.single else [OutlineItem("Contents", "contents"), *items]


    # -- a printer: count first, then paint in reading order ---------------------------------

    def paint_counted(self, device: QPagedPaintDevice) -> int:
        """Count every cable's pages, then paint cover, contents and cables in order."""
        number = 0
        for cable in self._cables():
            entry = cable.entry
            doc = print_document(cable.html, self.page_w, self.page_h, self.font)
            entry.pages, entry.first_page = doc.pageCount(), number + 1
            number += entry.pages
            self.entries.append(entry)
            del doc
        chunks = self._toc_chunks() if not self.single else []
        front = 1 + len(chunks) if chunks else 0
        for entry in self.entries:
            entry.first_page += front
        pages = Pages(device, self.geometry, self.options)
        pages.total = front + number
        try:
            pages.begin()
            if chunks:
                self._paint_front(pages, self._regroup(chunks), pages.total)
            for cable, entry in zip(self._cables(), self.entries, strict=True):
                doc = print_document(cable.html, self.page_w, self.page_h, self.font)
                self._paint_cable(pages, entry, doc, entry.first_page - 1)
                self.report.cable_done(entry.pages)
                del doc
        finally:
            pages.end()
        return pages.total

    # -- painting --------------------------------------------------------------------------

    def _paint_cable(self, pages: Pages, entry: lay.CableEntry, doc: InertDocument,
                     number: int) -> None:
        header = lay.header_title(entry)
        for i in range(entry.pages):
            if self.cancel():
                raise ExportCancelled()
            right = "" if self.single else lay.page_of(i + 1, entry.pages, "Cable page")
            pages.page(number + i + 1, entry.classification, header, right,
                       functools.partial(self._draw, doc=doc, page=i))

    def _paint_front(self, pages: Pages, chunks: list[list[lay.CableEntry]],
                     total: int) -> None:
        """The cover, then the contents (their page numbers are now known)."""
        highest = highest_classification([e.classification for e in self.entries])
        title = lay.document_title(self.options, len(self.entries), None)
        cover = print_document(lay.cover_html(self.entries, self.options, total),
                               self.page_w, self.page_h, self.font)
        pages.page(1, highest, title, "", functools.partial(self._draw, doc=cover, page=0))
        for n, chunk in enumerate(chunks):
            html = lay.toc_html(chunk, n == 0, self._fit)
            doc = print_document(html, self.page_w, self.page_h, self.font)
            pages.page(2 + n, highest, f"{title} — contents", "",
                       functools.partial(self._draw, doc=doc, page=0))

    def _draw(self, painter: QPainter, rect: QRectF, doc: InertDocument, page: int) -> None:
        """Draw page ``page`` of a laid-out document into ``rect`` (device pixels)."""
        scale = rect.width() / self.page_w
        painter.save()
        painter.translate(rect.topLeft())
        painter.scale(scale, scale)
        painter.translate(0, -page * self.page_h)
        doc.drawContents(painter, QRectF(0, page * self.page_h, self.page_w, self.page_h))
        painter.restore()

    # -- contents ----------------------------------------------------------------------------

    def _toc_chunks(self) -> list[int]:
        """How many rows each page of the contents holds (measured, not guessed): the
        contents' length depends only on the number of cables."""
        probe = [lay.CableEntry(0, "W" * 40, "W" * 300, "", "2010-01-01T00:00", "", (),
                                first_page=99_999)] * 20

        def height(rows: int, first: bool) -> float:
            doc = print_document(lay.toc_html(probe[:rows], first, self._fit), self.page_w,
                                 1e9, self.font)
            return float(doc.documentLayout().documentSize().height())

        row = (height(20, False) - height(0, False)) / 20
        per_page = max(1, math.floor((self.page_h - height(0, False)) / row) - 1)
        on_first = max(1, math.floor((self.page_h - height(0, True)) / row) - 1)
        sizes = [min(on_first, len(self.refids))]
        left = len(self.refids) - sizes[0]
        while left > 0:
            sizes.append(min(per_page, left))
            left -= sizes[-1]
        return sizes

    def _regroup(self, sizes: list[int]) -> list[list[lay.CableEntry]]:
        out, at = [], 0
        for size in sizes:
            out.append(self.entries[at:at + size])
            at += size
        return out

    def _fit(self, value: str, share: float) -> str:
        metrics = QFontMetricsF(self.font, layout_device())
        width = self.page_w * share - 8
        return metrics.elidedText(" ".join(value.split()), Qt.TextElideMode.ElideRight, width)


__all__ = ["ExportCancelled", "ExportError", "ExportProgress", "ExportResult", "TargetExists",
           "export_pdf", "export_pdf_split", "print_cables", "resolve"]
