"""Where opening a cable by link spends its time, on the full-size library.

    python bench/profile_open.py [--library FILE] [--opens N]

Opens N random cables the way a link does, as bench_window.py does: the time until the viewer
has painted the cable, and until the list has followed it (its row current, repainted); then
N others with the list left where it is (``from_list``); then N under cProfile. Prints median
and p95 of each, and the per-open milliseconds of the biggest parts.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=HERE / ".data" / "full.db")
    parser.add_argument("--opens", type=int, default=40)
    args = parser.parse_args(argv)

    import tempfile

    from bench_window import cpu_per_repaint, open_by_link
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QStyledItemDelegate

    from desktop.annotations.store import NotesStore
    from desktop.archive.library import Library
    from desktop.ui.main_window import MainWindow
    from desktop.ui.session import Session

    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="profile-open-"))
    session = Session(Library(args.library), NotesStore(work / "notes.db"))
    window = MainWindow(session, QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 860)
    window.show()
    settle = time.monotonic() + 3  # the idle warm-ups, as before a first click
    while time.monotonic() < settle:
        app.processEvents()
        time.sleep(0.01)
    lib = session.library
    rng = random.Random(3)
    total = lib.count()

    def sample() -> list[str]:
        return [lib.conn.execute("SELECT refid FROM cables WHERE id = ?",
                                 [rng.randint(1, total)]).fetchone()[0]
                for _ in range(args.opens)]

    def from_list(refids: list[str]) -> list[float]:
        times = []
        for refid in refids:
            start = time.perf_counter()
            window.open_cable(refid, from_list=True)
            app.processEvents()
            times.append(time.perf_counter() - start)
        return times

    def show(label: str, times: list[float]) -> None:
        times = sorted(times)
        print(f"{label:36} median {statistics.median(times) * 1000:5.1f} ms  "
              f"p95 {times[int(0.95 * len(times)) - 1] * 1000:5.1f} ms")

    open_by_link(window, app, sample()[:5])  # first reads of the file's pages
    shown, followed = open_by_link(window, app, sample())
    show("by link: the cable painted", shown)
    show("by link: and the list followed", followed)
    show("the list left where it is", from_list(sample()))
    # The list's cells, painted by CellDelegate and by the style's own delegate: the same
    # 20 far places of the list, each repainted once (CPU time of this thread; the first
    # pass also fetches the rows, so CellDelegate is measured again after the style).
    view = window.list_view
    ours, styles = view.itemDelegate(), QStyledItemDelegate(view)
    places = [rng.randrange(window.list_model.rowCount()) for _ in range(20)]
    for label, delegate in (("list repainted, CellDelegate", ours),
                            ("list repainted, the style's delegate", styles),
                            ("list repainted, CellDelegate again", ours)):
        view.setItemDelegate(delegate)
        spent = []
        for row in places:
            view.scrollTo(window.list_model.index(row, 0))
            spent.append(cpu_per_repaint(view.viewport(), 1))
        print(f"{label:36} median {statistics.median(spent) * 1000:5.1f} ms CPU")
    refids = sample()
    profile = cProfile.Profile()
    profile.enable()
    open_by_link(window, app, refids)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    parts = {"Qt paints the viewer (posted paint)": "sendPostedEvents",
             "the list follows and repaints": "processEvents",
             "setHtml": "setHtml", "render_from_library": "render_from_library",
             "list_rows (the list's page)": "list_rows", "cable (the query)": "cable"}
    for label, name in parts.items():
        cumulative = sum(v[3] for k, v in stats.items() if k[2] == name or
                         k[2].endswith(f"'{name}' of"))
        if not cumulative:
            cumulative = sum(v[3] for k, v in stats.items() if name in k[2])
        print(f"  {label:42} {cumulative / len(refids) * 1000:5.1f} ms an open")
    window.close()
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
