"""File names as text: shown to people, and stored in SQLite, whatever bytes they hold.

On POSIX a file name is bytes; Python turns bytes that are not UTF-8 into lone surrogates
(``surrogateescape``), which SQLite and most widgets refuse. Such a name is shown with
U+FFFD in their place (what ``os.fsdecode`` of the bytes with replacement gives).
"""

from __future__ import annotations

import os

#: Why a file or folder whose name is not UTF-8 is not imported.
NOT_UTF8 = ("its name is not valid UTF-8, so the library could not record where the cables "
            "came from; rename it and import it again")


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text a person can read and SQLite can store."""
    try:
        return os.fsencode(path).decode("utf-8", "replace")
    except UnicodeError:  # a surrogate that no file name decoding made
        return safe_text(os.fspath(path))


def storable(path: str | os.PathLike[str]) -> bool:
    """True when the path is valid UTF-8 text (so it can be recorded and found again)."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safe_text(text: str) -> str:
    """Any text (a reason built from an error message, say) with lone surrogates replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text

