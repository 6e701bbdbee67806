"""Where things live: bundled resources, the sample archive, and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "cable-reader"
#: The application icon: ``resources/icons/<ICON_NAME>-<size>.png`` (and .svg, .ico, .icns).
ICON_NAME = "cable-reader"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _root() -> Path:
    """The folder holding ``resources/`` and ``seeds/``: the source tree, or, in the frozen app,
    PyInstaller's bundle folder (``_internal/`` beside the program; ``Contents/Frameworks`` in a
    macOS app, whose ``Contents/Resources`` links to it)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``."""
    return _root().joinpath("resources", *parts)


def icon_files() -> list[Path]:
    """The application icon's PNG sizes, smallest first (the window and the taskbar use them)."""
    return [resource_path("icons", f"{ICON_NAME}-{size}.png") for size in ICON_SIZES]


def seeds_dir() -> Path:
    """The sample archive the first run opens."""
    return _root() / "seeds"


def user_data_dir() -> Path:
    """The per-user data folder (``CABLE_READER_HOME`` overrides it, for tests and portable use)."""
    override = os.environ.get("CABLE_READER_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_library() -> Path:
    """The archive index used when no ``--library`` is given."""
    return user_data_dir() / "library.db"


def default_notes() -> Path:
    """The user's notes database: kept apart from the rebuildable archive index."""
    return user_data_dir() / "notes.db"
