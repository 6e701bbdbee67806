"""The composition root: build the services and the window, restore state, run."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.paths import default_library, default_notes, icon_files, seeds_dir, user_data_dir

#: The Linux desktop entry's name without ".desktop" (packaging/linux/), also the icon's name.
DESKTOP_ID = "cable-reader"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cable-reader", allow_abbrev=False,
        description=f"{APP_NAME}: the window.",
        epilog="Qt's own options (-style NAME, -platform NAME, -reverse, ...) are passed to Qt.")
    p.add_argument("--library", type=Path, default=None, metavar="FILE",
                   help=f"the library file (default: {default_library()})")
    p.add_argument("--notes", type=Path, default=None, metavar="FILE",
                   help=f"the notes database (default: {default_notes()})")
    p.add_argument("--open", metavar="REFID", help="open this cable")
    p.add_argument("--search", metavar="QUERY",
                   help="search the whole library, as in the search box (e.g. "
                        "'nuclear AND iran')")
    p.add_argument("--theme", choices=("system", "light", "dark"),
                   help="the window's colours (kept for the next start, as View > Theme)")
    p.add_argument("--size", type=_size, metavar="WxH",
                   help="the window's size in pixels, e.g. 1280x800")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png",
                   help="render the window offscreen to a PNG and exit (with --size, "
                        "--theme, --search and --open: what the README's pictures are "
                        "made with)")
    return p


def _size(text: str) -> tuple[int, int]:
    """``1280x800`` as (width, height)."""
    width, _, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size like 1280x800: {text!r}") from None
    if not (200 <= size[0] <= 10000 and 200 <= size[1] <= 10000):
        raise argparse.ArgumentTypeError(f"a size from 200x200 to 10000x10000: {text!r}")
    return size


def run_app(argv: Sequence[str]) -> int:
    parser = build_parser()
    args, qt_args = parser.parse_known_args(list(argv))
    if args.screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.annotations.store import NotesStore
    from desktop.archive.errors import StorageError
    from desktop.archive.library import Library
    from desktop.ui.main_window import MainWindow
    from desktop.ui.plain_text import warn
    from desktop.ui.session import Session

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *qt_args])
        if app.arguments()[1:]:  # Qt takes the options it knows out of its arguments
            parser.error(f"unrecognized arguments: {' '.join(app.arguments()[1:])}")
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(DESKTOP_ID)  # Wayland matches windows to their entry
    icon = QIcon()
    for png in icon_files():
        icon.addFile(str(png))
    QApplication.setWindowIcon(icon)
    library_path = args.library or default_library()
    first_run = not library_path.exists()
    notes_path = args.notes or default_notes()
    def refuse(text: str) -> int:
        """Say why the window cannot start (on stderr when there is no one to click OK)."""
        if args.screenshot:
            print(f"cable-reader: {text}", file=sys.stderr)
        else:
            warn(None, APP_NAME, text)
        return 2

    damaged: str | None = None  # why the library cannot be used, if it is damaged
    try:
        library = Library(library_path)
        check = library.check()  # milliseconds: a torn write shows at a table's root
        if not check.sound:
            damaged = "; ".join(check.findings) or "SQLite reports damage"
            library.close()
    except StorageError as exc:
        if not exc.is_damage:
            return refuse(f"Cannot open {library_path}:\n{exc}")
        damaged = str(exc)
    if damaged is not None:
        if args.screenshot:
            return refuse(f"{library_path} is damaged: {damaged}")
        # The window opens on an empty library and offers to rebuild the damaged one.
        library = Library(Path(tempfile.mkdtemp(prefix="cable-reader-")) / "empty.db")
    try:
        notes = NotesStore(notes_path)
    except StorageError as exc:
        return refuse(f"Cannot open your notes at {notes_path}:\n{exc}\n\n"
                      "Nothing was changed in that file.")
    session = Session(library, notes)
    settings = QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(session, settings)
    window.restore_state()
    if args.theme:
        window.set_theme(args.theme)
    if args.size:
        window.resize(*args.size)
        window.splitter.setSizes(window.default_pane_sizes(args.size[0]))
    seeds = seeds_dir()
    if args.screenshot:
        return _screenshot(app, window, session, args, first_run and seeds.exists())
    window.show()
    if damaged is not None:
        QTimer.singleShot(0, lambda: window.imports.offer_rebuild(damaged, library_path))
    elif first_run and seeds.exists():
        job = window.start_sample_import(seeds)
        if job is not None and (args.open or args.search):
            job.succeeded.connect(lambda _: show_start_options(window, args))
    else:
        window.restore_session()
        show_start_options(window, args)
    code = app.exec()
    session.close()
    return code


def show_start_options(window, args: argparse.Namespace) -> bool:  # type: ignore[no-untyped-def]
    """``--search`` then ``--open`` in a window (the list then follows the cable when the
    search found it); False, with the window's message, when the cable is not there."""
    if args.search:
        from desktop.archive.saved import SearchFilters

        window.filters.apply(SearchFilters(text=args.search))
    return not args.open or window.open_cable(args.open)


def _screenshot(app, window, session, args, import_seeds: bool) -> int:  # type: ignore[no-untyped-def]
    """Render the window offscreen with a cable open, write a PNG, exit."""
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.archive.importer import import_paths

    if import_seeds:
        import_paths(session.library.db, [seeds_dir()])
        session.library_changed.emit()
    if not args.size:
        window.resize(1400, 860)
        window.splitter.setSizes(window.default_pane_sizes(1400))
    window.show()
    if not show_start_options(window, args):
        print(f"cable-reader: {args.open} is not in the library", file=sys.stderr)
        return 1
    # Wait for what comes a moment later: the theme's palette, the live counts, the layout.
    loop = QEventLoop()
    window.live_counts.counted.connect(loop.quit)
    window.count_list()
    QTimer.singleShot(5000, loop.quit)
    loop.exec()
    for _ in range(5):
        app.processEvents()
    ok = window.grab().save(str(args.screenshot))
    window.close()
    session.close()
    if not ok:
        print(f"cable-reader: could not write {args.screenshot}", file=sys.stderr)
        return 1
    print(f"Wrote {args.screenshot}")
    return 0
