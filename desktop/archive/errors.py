"""One error type for storage failures the user must hear about, classified by SQLite's error
code (never by the message's wording); bugs still raise."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Literal, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

Kind = Literal["busy", "readonly", "full", "io", "cantopen", "corrupt", "notadb", "other"]

#: SQLite's primary result codes (https://sqlite.org/rescode.html) -> what they mean here.
_KINDS: dict[int, Kind] = {
    3: "readonly",   # SQLITE_PERM
    5: "busy",       # SQLITE_BUSY
    6: "busy",       # SQLITE_LOCKED
    8: "readonly",   # SQLITE_READONLY
    10: "io",        # SQLITE_IOERR
    11: "corrupt",   # SQLITE_CORRUPT
    13: "full",      # SQLITE_FULL
    14: "cantopen",  # SQLITE_CANTOPEN
    26: "notadb",    # SQLITE_NOTADB
}
#: Failures to *write* (or to open for writing) that leave the file itself sound: its
#: contents can still be read.
WRITE_PROBLEMS: frozenset[Kind] = frozenset({"busy", "readonly", "full", "io", "cantopen"})

#: Failures that mean the file itself is damaged (or was never a database): for the library,
#: a rebuild from its sources is the cure (``desktop.archive.rebuild``).
DAMAGE: frozenset[Kind] = frozenset({"corrupt", "notadb"})

_EXPLANATIONS: dict[Kind, str] = {
    "busy": "the file is in use by another program; try again when it is done",
    "readonly": "the file or its folder is read-only",
    "full": "the disk is full; free some space and try again",
    "io": "the disk reported an error while reading or writing",
    "cantopen": "the file cannot be opened for writing (its folder may be read-only, "
                "missing, or not yours)",
    "corrupt": "the file is damaged",
    "notadb": "the file is not a database",
}


class StorageError(Exception):
    """A database cannot be used: locked, read-only, full, corrupt, or from a newer version.

    ``kind`` says which (see :data:`Kind`); "other" for the rest (a newer version, ...).
    """

    def __init__(self, message: str, kind: Kind = "other"):
        super().__init__(message)
        self.kind: Kind = kind

    @property
    def is_write_problem(self) -> bool:
        """The file is sound but cannot be written now (read-only, full, busy)."""
        return self.kind in WRITE_PROBLEMS

    @property
    def is_damage(self) -> bool:
        """The file is damaged, or is not a database at all."""
        return self.kind in DAMAGE


def classify(exc: sqlite3.Error) -> Kind:
    """What an sqlite3 error means, from its (extended) result code."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "other"
    return _KINDS.get(code & 0xFF, "other")


def explain(exc: sqlite3.Error) -> str:
    """A short sentence for a user, from an sqlite3 error."""
    kind = classify(exc)
    text = _EXPLANATIONS.get(kind)
    return f"{text[0].upper()}{text[1:]}." if text else f"Database error: {exc}"


def reason(kind: Kind) -> str:
    """The explanation of a kind, as a clause: "the disk is full; free some space ..."."""
    return _EXPLANATIONS.get(kind, "a database error")


def as_storage_error(exc: sqlite3.Error, what: str = "") -> StorageError:
    """The StorageError for an sqlite3 error, its message prefixed with ``what`` if given
    ("Cannot save your notes: the disk is full; ...")."""
    kind = classify(exc)
    text = _EXPLANATIONS.get(kind)
    if text is None:
        return StorageError(f"{what}: database error: {exc}" if what else
                            f"Database error: {exc}", kind)
    return StorageError(f"{what}: {text}." if what else f"{text[0].upper()}{text[1:]}.", kind)


def storage_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn operational sqlite3 failures into StorageError; programming errors pass through."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            error = storage_error_of(exc)
            if error is None:
                raise
            raise error from exc

    return wrapper


def storage_error_of(exc: sqlite3.Error) -> StorageError | None:
    """The StorageError an sqlite3 error means, or None when it is a bug (wrong SQL, a
    broken constraint, misuse of the API) that must raise as it is."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    if isinstance(exc, sqlite3.ProgrammingError | sqlite3.IntegrityError) or _is_bug(exc):
        return None
    return as_storage_error(exc)


def _is_bug(exc: sqlite3.Error) -> bool:
    """SQL the program got wrong, as opposed to a file the user must do something about."""
    text = str(exc).lower()
    return "syntax error" in text or "no such column" in text or "has no column" in text
