"""One error type for storage failures the user must hear about; bugs still raise."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class StorageError(Exception):
    """A database cannot be used: locked, read-only, full, corrupt, or from a newer version."""


def explain(exc: sqlite3.Error) -> str:
    """A short sentence for a user, from an sqlite3 error."""
    text = str(exc)
    lower = text.lower()
    if "locked" in lower or "busy" in lower:
        return "The database is in use by another program; try again when it is done."
    if "readonly" in lower or "read-only" in lower:
        return "The database is read-only; choose a folder you can write to."
    if "disk is full" in lower or "database or disk is full" in lower:
        return "The disk is full; free some space and try again."
    if "not a database" in lower or "malformed" in lower or "corrupt" in lower:
        return "The database file is damaged or is not a database."
    if "unable to open" in lower:
        return "The database file cannot be opened (check the folder exists and is writable)."
    return f"Database error: {text}"


def storage_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn operational sqlite3 failures into StorageError; programming errors pass through."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.ProgrammingError | sqlite3.IntegrityError) or _is_bug(exc):
                raise
            raise StorageError(explain(exc)) from exc

    return wrapper


def _is_bug(exc: sqlite3.Error) -> bool:
    """SQL the program got wrong, as opposed to a file the user must do something about."""
    text = str(exc).lower()
    return "syntax error" in text or "no such column" in text or "has no column" in text
