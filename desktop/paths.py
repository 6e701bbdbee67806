"""Where things live: bundled resources, the sample archive, and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "cable-reader"


def _root() -> Path:
    """The folder holding ``resources/`` and ``seeds/``: the source tree, or PyInstaller's."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``."""
    return _root().joinpath("resources", *parts)


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
