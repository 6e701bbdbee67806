"""Screenshots of a reading list and of Compare sources, made offscreen from the sample
archive (the README's pictures).

    python tools/collection_screenshots.py [--theme light|dark] [--size WxH] [--out DIR]

Imports seeds/ into a library in a temporary folder, makes two reading lists and two saved
searches in a fresh notes database, shows a list of Tehran cables in an order of its own
with one cable open, then opens Compare sources on a cable the sample holds three copies of.
Writes screenshot-reading-list.png and screenshot-compare.png (with ``-dark`` for the dark
theme).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

COMPARED = "72TEHRAN1164"  # in cables.csv, the final build and an early build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="1400x860")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop.annotations.store import NotesStore
    from desktop.archive.browse_tree import READING_LIST, SAVED_SEARCHES
    from desktop.archive.importer import import_paths
    from desktop.archive.library import Library
    from desktop.archive.saved import SearchFilters
    from desktop.ui.compare_view import CompareDialog
    from desktop.ui.main_window import MainWindow
    from desktop.ui.session import Session

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    suffix = "" if args.theme == "light" else "-dark"
    with tempfile.TemporaryDirectory(prefix="cable-reader-shots-") as folder:
        work = Path(folder)
        with Library(work / "library.db") as lib:
            import_paths(lib.db, [ROOT / "seeds"])
        session = Session(Library(work / "library.db"), NotesStore(work / "notes.db"))
        window = MainWindow(session, QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
        window.restore_state()
        window.set_theme(args.theme)
        window.resize(width, height)
        window.splitter.setSizes(window.default_pane_sizes(width))
        window.show()
        refids = [r[0] for r in session.library.conn.execute(
            "SELECT refid FROM cables WHERE refid LIKE '7_TEHRAN%' ORDER BY created")]
        story = window.collections.create("Iran 1972–73: the Shah and his critics", refids[:9])
        window.collections.create("Dushanbe background", ["10DUSHANBE170"])
        searches = window.collections.searches
        searches.save("Tehran, terrorism",
                      SearchFilters((("origin", "Embassy Tehran"),), "terrorist", None))
        searches.save("Secret cables of 1973",
                      SearchFilters((("classification", "SECRET"), ("year", "1973")), "", None))
        assert story is not None
        window.update_collections(count_after=0)
        window.collections.move(story.id, [refids[5]], 0)
        window.browse.select_facet(READING_LIST, story.id)
        window.browse.tree().expand(window.browse.model().index_for_key(SAVED_SEARCHES))
        pump(2.0)
        window.list_view.selectRow(1)
        window.open_cable(window.list_model.refid_at(1), from_list=True)
        pump(1.5)
        first = args.out / f"screenshot-reading-list{suffix}.png"
        window.grab().save(str(first))
        dialog = CompareDialog(session.library.path, COMPARED, window)
        dialog.resize(min(1200, width), min(800, height))
        dialog.show()
        while dialog.copies is None:
            app.processEvents()
        pump(1.0)
        second = args.out / f"screenshot-compare{suffix}.png"
        dialog.grab().save(str(second))
        dialog.close()
        window.close()
        session.close()
    print(f"Wrote {first} and {second}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
