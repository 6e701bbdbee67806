"""Notes in the window, on the full-size library: saving from the editor, a cable with 50
notes against the same cable without, importing 1,000 notes onto the open cable, and the
notes panel with 10,000 notes.

    python bench/bench_notes_window.py [--library FILE]

Uses bench/.data/full.db (see bench_window.py). The notes database is made in a temporary
folder. Runs offscreen. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_notes import fake_notes  # noqa: E402

DEFAULT_LIBRARY = HERE / ".data" / "full.db"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def median_time(fn, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=DEFAULT_LIBRARY)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.annotations.store import NotesStore
    from desktop.archive.library import Library
    from desktop.archive.paragraphs import parse_paragraphs
    from desktop.ui.main_window import MainWindow
    from desktop.ui.notes_panel import NotesPanel
    from desktop.ui.session import Session

    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-notes-"))
    store = NotesStore(folder / "notes.db")
    session = Session(Library(args.library), store)
    window = MainWindow(session, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    lib = session.library

    # A typical cable with enough paragraphs to spread 50 notes over.
    refid, body = lib.conn.execute(
        "SELECT refid, body FROM cables WHERE length(body) BETWEEN 6000 AND 9000 "
        "ORDER BY id LIMIT 1 OFFSET 1000").fetchone()
    paragraphs = parse_paragraphs(body)

    def open_it() -> None:
        window.open_cable(refid, record=False)
        app.processEvents()

    without = median_time(open_it)
    rng = random.Random(3)
    for i in range(50):
        session.notes.store.add(refid, paragraphs[i % len(paragraphs)], paragraphs,
                                f"Note {i}: *why* this paragraph matters", rng.choice(
                                    ["yellow", "green", "blue", "pink"]), ["bench"])
    with_notes = median_time(open_it)
    print(f"cable {refid} ({len(body):,} characters, {len(paragraphs)} paragraphs)")
    print(f"open without notes           median {ms(without)}")
    print(f"open with 50 notes           median {ms(with_notes)}   ratio "
          f"{with_notes / without:.2f}   target <= 1.2")

    # Saving from the editor: the store write, and everything the window does after it.
    window.notes_ui.on_paragraph_activated(paragraphs[0].ordinal)
    editor = window.notes_ui.editor
    assert editor is not None
    saves = []
    for i in range(40):
        editor.text.setPlainText(f"edited {i} " * 20)
        start = time.perf_counter()
        editor.save()
        saves.append(time.perf_counter() - start)
    store_saves = []
    note_id = editor.note_id
    assert note_id is not None
    for i in range(100):
        start = time.perf_counter()
        session.notes.store.update(note_id, text=f"store only {i}")
        store_saves.append(time.perf_counter() - start)
    print(f"save a note (store, fsync)   median {ms(statistics.median(store_saves))}  "
          f"max {ms(max(store_saves))}   target <= 20 ms")
    print(f"save from the editor, with the viewer repainted   median "
          f"{ms(statistics.median(saves))}  max {ms(max(saves))}")
    editor.close()

    # Importing 1,000 notes onto the open cable: one change notice, one re-render.
    from desktop.annotations.exchange import to_json

    incoming = fake_notes(1000, paragraphs, random.Random(9))
    incoming = [dataclasses.replace(n, refid=refid) for n in incoming]
    exported = folder / "incoming.json"
    exported.write_text(to_json(incoming), encoding="utf-8")
    window.notes_dock.show()
    open_it()
    notices: list[object] = []
    session.notes.notes_changed.connect(notices.append)
    start = time.perf_counter()
    window.notes_ui.import_from(exported)
    app.processEvents()
    took = time.perf_counter() - start
    core = folder / "core.db"
    with NotesStore(core) as plain:
        from desktop.annotations.exchange import from_json, merge

        start = time.perf_counter()
        merge(plain, from_json(exported.read_text(encoding="utf-8")))
        bare = time.perf_counter() - start
    print(f"import 1,000 notes on the open cable, in the window   {ms(took)} "
          f"({len(notices)} change notice); the core alone {ms(bare)}")

    # The notes panel over 10,000 notes.
    rnd = random.Random(5)
    session.notes.store.put_many(fake_notes(10_000 - session.notes.store.count(), paragraphs,
                                            rnd))
    total = session.notes.store.count()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        panel = NotesPanel(session.notes.store)
        panel.resize(1200, 300)
        panel.show()
        app.processEvents()
        panel.grab()
        times.append(time.perf_counter() - start)
        panel.close()
        panel.deleteLater()
        app.processEvents()
    print(f"notes panel with {total:,} notes, opened and painted   median "
          f"{ms(statistics.median(times))}  max {ms(max(times))}   target <= 200 ms")
    window.close()
    window.deleteLater()
    app.processEvents()
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
