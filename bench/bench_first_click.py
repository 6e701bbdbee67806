"""Clicks in the first seconds after start, while the idle warm-ups and the saved searches'
first count run, against the same clicks once the window has settled.

    python bench/bench_first_click.py [--library FILE] [--notes FILE] [--runs N]

Each run starts a window on the full library (offscreen), clicks tag PREL in the tree at
2.9 s and 3.3 s after start, then twice after 8 s, and prints how long each click took to
fill the list's first 40 rows. ``--notes`` gives a notes database with saved searches
(default: the one bench_window.py makes, 100 reading lists and 10 saved searches);
``--notes none`` starts with no saved search at all, to tell their count's share.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEFAULT_NOTES = HERE / ".data" / "bench-home" / "notes-100x1000.db"
CLICKS = (2.9, 3.3, 8.0, None)  # seconds after start (None: right after the one before)


def one_run(library: Path, notes: Path | None) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.annotations.store import NotesStore
    from desktop.archive.library import Library
    from desktop.ui.main_window import MainWindow
    from desktop.ui.session import Session

    app = QApplication([])
    work = Path(tempfile.mkdtemp(prefix="first-click-"))
    if notes is not None:
        shutil.copy(notes, work / "notes.db")
    session = Session(Library(library), NotesStore(work / "notes.db"))
    window = MainWindow(session, QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 860)
    window.show()
    started = time.monotonic()
    counted: list[float] = []
    window.saved_counts.counted.connect(lambda: counted.append(time.monotonic() - started))
    figures = []
    for at in CLICKS:
        while at is not None and time.monotonic() - started < at:
            app.processEvents()
            time.sleep(0.005)
        window.browse.clear_selection()
        app.processEvents()
        start = time.perf_counter()
        window.browse.select_facet("tag", "PREL")
        for row in range(min(40, window.list_model.rowCount())):
            window.list_model.index(row, 1).data()
        app.processEvents()
        figures.append((time.monotonic() - started, time.perf_counter() - start))
    clicks = ", ".join(f"{took * 1000:6.1f} ms at {when:4.1f} s" for when, took in figures)
    counts = ", ".join(f"{when:.1f} s" for when in counted) or "none"
    print(f"  {clicks}   (saved searches counted at {counts})")
    window.close()
    session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=HERE / ".data" / "full.db")
    parser.add_argument("--notes", default=str(DEFAULT_NOTES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    notes = None if args.notes == "none" else Path(args.notes)
    if args.one:
        one_run(args.library, notes)
        return 0
    if notes is not None and not notes.exists():
        print(f"no notes database at {notes}: run bench/bench_window.py once first, or "
              "--notes none", file=sys.stderr)
        return 2
    print(f"PREL clicked in the tree, list filled; notes: {notes or 'none'}")
    for _ in range(args.runs):  # a fresh process each: a start is what is measured
        subprocess.run([sys.executable, __file__, "--one", "--library", str(args.library),
                        "--notes", args.notes], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
