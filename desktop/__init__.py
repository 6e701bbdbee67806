"""Cable Reader: an offline desktop reader for archives of diplomatic cables."""

from __future__ import annotations

import re
import sys
from pathlib import Path

APP_NAME = "Cable Reader"
DIST_NAME = "cable-reader"


def _pyproject() -> Path:
    """Where ``pyproject.toml`` is: beside the package in a source tree, and in the frozen app
    (the spec bundles it), at the root of the bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    return (Path(frozen) if frozen else Path(__file__).resolve().parent.parent) / "pyproject.toml"


def project_field(name: str, text: str) -> str | None:
    """A string field of the ``[project]`` table (``version``; ``text`` of ``license``).

    A deliberately small reader (tomllib is Python 3.11+ and costs an import at every start):
    the tests check it agrees with tomllib on the real file.
    """
    table = re.search(r"^\[project\]\s*$(.*?)(?=^\[)", text + "\n[", re.M | re.S)
    if table is None:
        return None
    if name == "license":
        found = re.search(r'^license\s*=\s*\{\s*text\s*=\s*"([^"]+)"', table.group(1), re.M)
    else:
        found = re.search(rf'^{re.escape(name)}\s*=\s*"([^"]+)"', table.group(1), re.M)
    return found.group(1) if found else None


def _read(name: str) -> str:
    """``name`` from this project's ``pyproject.toml`` (the one source of truth), else from the
    installed distribution's metadata (a wheel install has no pyproject.toml beside it)."""
    try:
        text = _pyproject().read_text(encoding="utf-8")
    except OSError:
        text = ""
    if project_field("name", text) == DIST_NAME:
        value = project_field(name, text)
        if value:
            return value
    from importlib import metadata

    try:
        if name == "license":
            return metadata.metadata(DIST_NAME)["License"] or "unknown"
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        return "unknown"


__version__ = _read("version")
__license__ = _read("license")
