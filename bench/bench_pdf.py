"""PDF export benchmark on the full-size library: one cable, 100 and 1,000 cables, against Qt
alone in the same run, and the window's responsiveness during a 1,000-cable export.

    python bench/bench_pdf.py [--library FILE] [--sizes 1,100,1000] [--json FILE]

Cables are a fixed random sample of the library (seed 7); the single cable is the sample's
median by body length ("typical"). Each export runs as `cable-reader export` in a child
process, as a user runs it. Pages per second use the time the export reports (from the
cables' lookup to the PDF in place); the end-to-end time adds the process start-up (Python,
Qt, the library). Memory is the peak RSS of the whole process tree (the export renders HTML
in a helper process), sampled every 0.1 s. "Qt alone" is the floor under any exporter built
on Qt: the same cables' HTML, rendered beforehand (not timed), laid out with QTextDocument
and painted onto one QPdfWriter, page after page, with no header, footer, cover, link or
bookmark; it runs in a child process too. The window run opens the library offscreen,
starts the 1,000-cable export the way File > Export to PDF does, and records the longest
gap between ticks of a 10 ms timer until it ends.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from measure import run_tree  # noqa: E402

DEFAULT_LIBRARY = HERE / ".data" / "full.db"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def sample(library: Path, count: int, seed: int = 7) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(f"{library.resolve().as_uri()}?mode=ro", uri=True)
    total = conn.execute("SELECT max(id) FROM cables").fetchone()[0]
    rnd = random.Random(seed)
    ids = rnd.sample(range(1, total + 1), min(count, total))
    marks = ",".join("?" * len(ids))
    found = dict(conn.execute(f"SELECT id, refid FROM cables WHERE id IN ({marks})", ids))
    return [found[i] for i in ids if i in found]


def typical(library: Path) -> str:
    """The median-length cable of a sample of 1,001."""
    import sqlite3

    refids = sample(library, 1001, seed=11)
    conn = sqlite3.connect(f"{library.resolve().as_uri()}?mode=ro", uri=True)
    marks = ",".join("?" * len(refids))
    rows = sorted(conn.execute(f"SELECT length(body), refid FROM cables WHERE refid IN "
                               f"({marks})", refids))
    return rows[len(rows) // 2][1]


def ours(library: Path, refids: list[str], work: Path, home: Path) -> dict[str, float]:
    listing = work / "refids.txt"
    listing.write_text("\n".join(refids) + "\n", encoding="utf-8")
    out = work / "ours.pdf"
    result = run_tree([sys.executable, "-m", "desktop", "export", "--from", str(listing),
                       "-o", str(out), "--force", "--library", str(library), "--quiet",
                       "--page-size", "A4"], cwd=ROOT, env={**ENV, "CABLE_READER_HOME": str(home)})
    if result["returncode"] != 0:
        raise SystemExit(f"export failed: {result['output']}")
    pages = _pages(out)
    said = re.search(r" in ([\d.]+) s\.", str(result["output"]))
    export_s = float(said.group(1)) if said else float(result["wall_s"])
    return {"wall_s": float(result["wall_s"]), "export_s": export_s,
            "peak_mb": float(result["peak_mb"]), "pages": pages,
            "pages_per_s": pages / export_s, "pages_per_s_end_to_end": pages / float(
                result["wall_s"]), "mb": out.stat().st_size / 2**20}


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def qt_alone(library: Path, refids: list[str], work: Path) -> dict[str, float]:
    listing = work / "refids.txt"
    listing.write_text("\n".join(refids) + "\n", encoding="utf-8")
    result = run_tree([sys.executable, str(Path(__file__).resolve()), "--qt-alone-child",
                       str(library), str(listing), str(work / "qt.pdf")], cwd=ROOT, env=ENV)
    if result["returncode"] != 0:
        raise SystemExit(f"Qt alone failed: {result['output']}")
    figures = json.loads(str(result["output"]).strip().splitlines()[-1])
    figures["peak_mb"] = float(result["peak_mb"])
    return figures


def _qt_alone_child(library: str, listing: str, out: str) -> None:
    """Lay out and paint pre-rendered HTML onto one QPdfWriter; prints the timed part."""
    from PySide6.QtCore import QMarginsF, QRectF
    from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter

    from desktop.archive.library import Library
    from desktop.export.pdf_layout import Geometry
    from desktop.export.qt_document import print_document
    from desktop.render.assemble import render_from_library

    app = QGuiApplication(["qt-alone"])
    refids = Path(listing).read_text(encoding="utf-8").split()
    with Library(Path(library), readonly=True) as lib:
        htmls = [found[1].html for r in refids
                 if (found := render_from_library(lib, r, interactive=False)) is not None]
    g = Geometry.for_size("A4")
    width, height = g.content_width * 96 / 72, g.content_height * 96 / 72
    font = QFont(["DejaVu Sans"])
    font.setPointSizeF(9.5)
    started = time.perf_counter()
    writer = QPdfWriter(out)
    writer.setResolution(1200)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    k = 1200 / 72
    pages = 0
    for html in htmls:
        doc = print_document(html, width, height, font)
        for i in range(doc.pageCount()):
            if pages:
                writer.newPage()
            pages += 1
            painter.save()
            painter.translate(g.margin_x * k, g.content_top * k)
            painter.scale(1200 / 96, 1200 / 96)
            painter.translate(0, -i * height)
            doc.drawContents(painter, QRectF(0, i * height, width, height))
            painter.restore()
        del doc
    painter.end()
    del writer
    seconds = time.perf_counter() - started
    print(json.dumps({"wall_s": seconds, "pages": pages, "pages_per_s": pages / seconds}))
    del app


def window_stalls(library: Path, refids: list[str], work: Path, home: Path) -> dict[str, float]:
    listing = work / "window-refids.txt"
    listing.write_text("\n".join(refids) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--window-child",
                           str(library), str(listing), str(work / "window.pdf")],
                          cwd=ROOT, env={**ENV, "CABLE_READER_HOME": str(home)},
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"window run failed: {done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _window_child(library: str, listing: str, out: str) -> None:
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.annotations.store import NotesStore
    from desktop.archive.library import Library
    from desktop.paths import default_notes, user_data_dir
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pdf_export import ExportRequest
    from desktop.ui.session import Session

    app = QApplication(["bench"])
    session = Session(Library(Path(library)), NotesStore(default_notes()))
    window = MainWindow(session, QSettings(str(user_data_dir() / "s.ini"),
                                           QSettings.Format.IniFormat))
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    refids = Path(listing).read_text(encoding="utf-8").split()
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now
        window.list_view.viewport().update()  # keep the window painting, as a user would

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    result: dict[str, object] = {}
    started = time.perf_counter()
    job = window.pdf.start(ExportRequest(tuple(refids), "bench", Path(out), False, "A4", False))
    job.succeeded.connect(lambda r: (result.update(r), app.quit()))
    job.failed.connect(lambda m: (result.update(error=m), app.quit()))
    timer.start()
    app.exec()
    wall = time.perf_counter() - started
    timer.stop()
    window.close()
    session.close()
    ordered = sorted(gaps)
    print(json.dumps({"wall_s": wall, "pages": result.get("pages", 0),
                      "error": result.get("error"), "ticks": len(gaps),
                      "max_gap_ms": max(gaps) if gaps else 0.0,
                      "p99_gap_ms": ordered[int(len(ordered) * 0.99)] if gaps else 0.0,
                      "median_gap_ms": statistics.median(gaps) if gaps else 0.0}))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--qt-alone-child":
        _qt_alone_child(*args[1:4])
        return 0
    if args and args[0] == "--window-child":
        _window_child(*args[1:4])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=DEFAULT_LIBRARY)
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--no-window", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    opts = parser.parse_args(args)
    if not opts.library.exists():
        print(f"{opts.library} is missing: run `python bench/bench_window.py` (or make bench) "
              "to build the full-size library first", file=sys.stderr)
        return 2
    figures: dict[str, object] = {"library": str(opts.library)}
    with tempfile.TemporaryDirectory() as tmp:
        work, home = Path(tmp), Path(tmp) / "home"
        home.mkdir()
        for size in (int(s) for s in opts.sizes.split(",")):
            refids = [typical(opts.library)] if size == 1 else sample(opts.library, size)
            print(f"{size:,} cable(s): ours …", flush=True)
            mine = ours(opts.library, refids, work, home)
            print(f"{size:,} cable(s): Qt alone …", flush=True)
            base = qt_alone(opts.library, refids, work)
            ratio = mine["pages_per_s"] / base["pages_per_s"]
            figures[str(size)] = {"ours": mine, "qt_alone": base, "ratio": ratio}
            print(f"  ours:     {mine['pages']:>6,} pages in {mine['export_s']:6.2f} s = "
                  f"{mine['pages_per_s']:6.0f} pages/s; end to end, start-up included, "
                  f"{mine['wall_s']:.2f} s = {mine['pages_per_s_end_to_end']:.0f} pages/s; "
                  f"peak {mine['peak_mb']:5.0f} MiB (process tree), {mine['mb']:.1f} MB")
            print(f"  Qt alone: {base['pages']:>6,} pages in {base['wall_s']:6.2f} s = "
                  f"{base['pages_per_s']:6.0f} pages/s, peak {base['peak_mb']:5.0f} MiB")
            print(f"  ratio (ours / Qt alone, pages per second): {ratio:.2f}")
        if not opts.no_window:
            refids = sample(opts.library, 1000)
            print("Window: 1,000-cable export while a 10 ms timer ticks …", flush=True)
            stalls = window_stalls(opts.library, refids, work, home)
            figures["window"] = stalls
            print(f"  {stalls['pages']:,} pages in {stalls['wall_s']:.1f} s; longest UI stall "
                  f"{stalls['max_gap_ms']:.0f} ms, p99 {stalls['p99_gap_ms']:.0f} ms, "
                  f"median tick {stalls['median_gap_ms']:.0f} ms ({stalls['ticks']:,} ticks)")
    if opts.json:
        opts.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
